//! Bad input: every refusal is an `ImportError` naming the file and the
//! reason, never a panic.

mod import_fixtures;

use import_fixtures::{
    docx, lie_about_sizes, odt_with_manifest, pdf, pdf_bomb, utf16, w_p, write, xlsx, zip,
    zip_with_bomb,
};
use tema::import::unzip::UnpackLimits;
use tema::import::{ImportError, ImportOptions, SurveySpec, read_document, read_survey};

/// Import `bytes` as `name` and return the error message; the message
/// must name the file.
fn refuse(name: &str, bytes: &[u8]) -> String {
    refuse_with(name, bytes, &ImportOptions::default())
}

fn refuse_with(name: &str, bytes: &[u8], opts: &ImportOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, bytes);
    let err: ImportError = match read_document(&path, opts) {
        Ok(doc) => panic!("{name} was accepted: {:?}", doc.text),
        Err(e) => e,
    };
    assert_eq!(err.file, name);
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("'{name}'")),
        "message does not name the file: {msg}"
    );
    msg
}

#[test]
fn empty_and_whitespace_only_files() {
    assert!(refuse("tom.txt", b"").contains("empty"));
    assert!(refuse("blank.txt", b"  \r\n\t\n ").contains("no text"));
    // Whitespace in UTF-16 is still only whitespace.
    assert!(refuse("blank16.txt", &utf16(" \n ", false)).contains("no text"));
    assert!(refuse("tom.docx", &docx(&format!("{}<w:p/>", w_p("  ")))).contains("no text"));
}

#[test]
fn binary_files_are_refused() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    assert!(refuse("bilde.txt", png).contains("binary"));
    let noise: Vec<u8> = (0u32..2000).map(|i| (i * 7 % 31 + 1) as u8).collect();
    assert!(refuse("støy.md", &noise).contains("binary"));
}

#[test]
fn broken_docx() {
    let msg = refuse("ødelagt.docx", b"Dette er ikke en zip-fil, bare tekst.");
    assert!(
        msg.contains("not a valid .docx") && msg.contains("not a zip"),
        "{msg}"
    );
    let no_document = zip(&[
        ("[Content_Types].xml", "<Types/>", false),
        ("word/styles.xml", "<w:styles/>", false),
    ]);
    assert!(refuse("mangler.docx", &no_document).contains("word/document.xml is missing"));
    let bad_xml = zip(&[(
        "word/document.xml",
        "<w:document xmlns:w=\"x\"><w:body><w:p></w:body>",
        false,
    )]);
    assert!(refuse("skadet.docx", &bad_xml).contains("damaged"));
}

#[test]
fn encrypted_office_files_say_password() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 504]);
    assert!(refuse("hemmelig.docx", &ole).contains("password protected"));
    let encrypted_odt = odt_with_manifest(
        "<text:p>x</text:p>",
        r#"<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="abc="/>"#,
    );
    assert!(refuse("hemmelig.odt", &encrypted_odt).contains("password protected"));
}

#[test]
fn pdf_without_text_layer_encrypted_or_damaged() {
    let scan = refuse("skannet.pdf", &pdf(&[], false));
    assert!(
        scan.contains("no text layer") && scan.contains("OCR first"),
        "{scan}"
    );
    let locked = refuse("låst.pdf", &pdf(&["Intervjuer: Hei."], true));
    assert!(locked.contains("encrypted"), "{locked}");
    assert!(refuse("halv.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type").contains("damaged"));
    assert!(refuse("feil.pdf", b"Ikke en PDF").contains("not a PDF"));
}

#[test]
fn rtf_that_is_not_rtf() {
    let msg = refuse("notat.rtf", b"Intervjuer: Hei.\n");
    assert!(msg.contains("not an RTF file"), "{msg}");
}

#[test]
fn old_word_doc_says_to_save_it_as_docx() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 504]);
    let msg = refuse("Intervju 1997.doc", &ole);
    assert!(
        msg.contains("Word 97–2003") && msg.contains("save it as a Word document (.docx)"),
        "{msg}"
    );
}

#[test]
fn unsupported_extension_lists_supported() {
    let msg = refuse("rapport.pages", b"PK\x03\x04");
    assert!(msg.contains(".pages format is not supported"), "{msg}");
    for ext in [
        ".txt", ".md", ".docx", ".odt", ".rtf", ".pdf", ".srt", ".vtt",
    ] {
        assert!(msg.contains(ext), "{msg} lacks {ext}");
    }
    assert!(refuse("svar.csv", b"id;svar\n1;ja").contains("import it as a survey"));
    assert!(refuse("uten_endelse", b"tekst").contains("without an extension"));
}

#[test]
fn too_large_names_size_and_limit() {
    let opts = ImportOptions {
        max_bytes: 1024 * 1024,
        ..Default::default()
    };
    let big = "Intervjuer: bla bla\n".repeat(60_000);
    let msg = refuse_with("stort.txt", big.as_bytes(), &opts);
    assert!(msg.contains("too large"), "{msg}");
    assert!(
        msg.contains("1.1 MB (1200000 bytes)") && msg.contains("limit of 1.0 MB"),
        "{msg}"
    );
}

#[test]
fn invalid_utf16() {
    let mut bytes = utf16("Hei på deg", false);
    bytes.truncate(bytes.len() - 1);
    assert!(refuse("halv.txt", &bytes).contains("not valid UTF-16"));
    let lone_surrogate = [0xFE, 0xFF, 0xDC, 0x00, 0x00, 0x41];
    assert!(refuse("surrogat.txt", &lone_surrogate).contains("not valid UTF-16"));
}

#[test]
fn missing_file_and_subtitles_without_cues() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_document(&dir.path().join("borte.txt"), &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "importing 'borte.txt': the file does not exist"
    );
    assert!(refuse("tom.vtt", b"WEBVTT\n\nNOTE ingenting her\n").contains("no subtitle cues"));
    assert!(refuse("feil.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nHei\n").contains("WEBVTT"));
}

fn survey_error(name: &str, bytes: &[u8], spec: &SurveySpec) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, bytes);
    let msg = read_survey(&path, spec, &ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains(&format!("'{name}'")), "{msg}");
    msg
}

#[test]
fn survey_unknown_columns_list_the_real_ones() {
    let spec = SurveySpec {
        id_column: "RespondentID".into(),
        text_columns: vec!["Fritekst".into()],
        attr_columns: vec!["Kjønn".into()],
    };
    let msg = survey_error(
        "svar.csv",
        "ID;Kjønn;Kommentar\n1;K;Bra\n".as_bytes(),
        &spec,
    );
    assert_eq!(
        msg,
        "importing 'svar.csv': has no column 'RespondentID'; the columns are: 'ID', 'Kjønn', 'Kommentar'"
    );
    let spec = SurveySpec {
        id_column: "ID".into(),
        text_columns: vec!["Fritekst".into()],
        attr_columns: vec![],
    };
    assert!(
        survey_error("svar.csv", b"ID;Kommentar\n1;Bra\n", &spec).contains("no column 'Fritekst'")
    );
}

#[test]
fn survey_bad_inputs() {
    let spec = SurveySpec {
        id_column: "ID".into(),
        text_columns: vec!["Svar".into()],
        attr_columns: vec![],
    };
    assert!(survey_error("tom.csv", b"", &spec).contains("empty"));
    assert!(survey_error("bare_header.csv", b"ID;Svar\n", &spec).contains("no answers"));
    assert!(
        survey_error("ingen_svar.csv", b"ID;Svar\n1;\n2; \n", &spec).contains("contain no answers")
    );
    assert!(survey_error("svar.pdf", b"%PDF", &spec).contains("supported: .csv, .xlsx"));
    assert!(survey_error("ødelagt.xlsx", b"ikke en zip", &spec).contains("not a valid .xlsx"));
    let no_text = SurveySpec {
        text_columns: vec![],
        ..spec
    };
    assert!(survey_error("svar.csv", b"ID;Svar\n1;ja\n", &no_text).contains("no open-text column"));
}

/// Small limits, so a bomb of a few megabytes stands in for one of gigabytes.
fn small_limits() -> ImportOptions {
    ImportOptions {
        unpack: UnpackLimits {
            entry: 1024 * 1024,
            total: 3 * 1024 * 1024 / 2,
        },
        ..Default::default()
    }
}

#[test]
fn zip_bombs_are_refused_naming_the_file_and_the_part() {
    let opts = small_limits();
    let two_mb = 2 * 1024 * 1024;
    // Honest headers: refused from what the entry declares.
    let bomb = zip_with_bomb(&[], "word/document.xml", two_mb);
    assert!(bomb.len() < 20_000, "the bomb is small on disk");
    let msg = refuse_with("bombe.docx", &bomb, &opts);
    assert!(
        msg.contains("word/document.xml unpacks to more than 1 MB") && msg.contains("zip bomb"),
        "{msg}"
    );
    // Lying headers: refused from what really comes out.
    let liar = lie_about_sizes(zip_with_bomb(&[], "content.xml", two_mb), 100);
    let msg = refuse_with("løgn.odt", &liar, &opts);
    assert!(msg.contains("unpacks to more than 1 MB"), "{msg}");
    // Many parts under the per-part limit, over the total.
    let parts = zip_with_bomb(
        &[("mimetype", "application/vnd.oasis.opendocument.text")],
        "META-INF/manifest.xml",
        1024 * 1024,
    );
    let many = lie_about_sizes(parts, 10);
    let msg = refuse_with(
        "mange.odt",
        &many,
        &ImportOptions {
            unpack: UnpackLimits {
                entry: 1024 * 1024,
                total: 1024 * 1024,
            },
            ..Default::default()
        },
    );
    assert!(msg.contains("more than 1 MB in all"), "{msg}");
    // A PDF's compressed streams count the same way.
    let bomb = pdf_bomb(two_mb);
    assert!(bomb.len() < 20_000, "the bomb is small on disk");
    let msg = refuse_with("bombe.pdf", &bomb, &opts);
    assert!(
        msg.contains("PDF object 7 0 unpacked is more than 1 MB"),
        "{msg}"
    );
}

#[test]
fn an_xlsx_bomb_is_refused_before_calamine_unpacks_it() {
    let dir = tempfile::tempdir().unwrap();
    let spec = SurveySpec {
        id_column: "ID".into(),
        text_columns: vec!["Svar".into()],
        attr_columns: vec![],
    };
    let liar = lie_about_sizes(
        zip_with_bomb(&[], "xl/worksheets/sheet1.xml", 2 * 1024 * 1024),
        100,
    );
    let path = write(dir.path(), "svar.xlsx", &liar);
    let msg = read_survey(&path, &spec, &small_limits())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("'svar.xlsx'")
            && msg.contains("xl/worksheets/sheet1.xml unpacks to more than 1 MB"),
        "{msg}"
    );
    // A real workbook passes the same guard.
    let path = write(
        dir.path(),
        "ok.xlsx",
        &xlsx(&[&["ID", "Svar"], &["1", "Bra"]]),
    );
    assert_eq!(
        read_survey(&path, &spec, &small_limits())
            .unwrap()
            .respondents
            .len(),
        1
    );
}

#[test]
fn a_batch_is_read_whole_or_not_at_all_and_repeats_are_left_out() {
    use tema::import::batch::{StoreOptions, read_documents, store_documents};
    let dir = tempfile::tempdir().unwrap();
    let text = "Intervjuer: Hei.\n\nInformant 1: Hei på deg.";
    let good = write(dir.path(), "intervju.txt", text.as_bytes());
    let copy = write(dir.path(), "kopi.txt", text.as_bytes());
    let bad = write(dir.path(), "tom.txt", b"");
    let opts = ImportOptions::default();
    let mut seen = Vec::new();
    let err = read_documents(&[good.clone(), bad], &opts, |n| seen.push(n)).unwrap_err();
    assert_eq!(err.file, "tom.txt");
    assert_eq!(seen, [1], "progress stops at the bad file");

    let mut p = tema::Project::create(&dir.path().join("p"), "Studie").unwrap();
    let docs = read_documents(&[good.clone(), copy], &opts, |_| {}).unwrap();
    let stored = store_documents(&mut p, docs, &StoreOptions::default()).unwrap();
    assert_eq!(stored.ids.len(), 1);
    assert_eq!(
        stored.skipped,
        ["skipped 'kopi.txt': identical to 'intervju.txt' in this import"]
    );
    let again = read_documents(&[good], &opts, |_| {}).unwrap();
    let stored = store_documents(&mut p, again, &StoreOptions::default()).unwrap();
    assert!(stored.ids.is_empty());
    assert_eq!(
        stored.skipped,
        ["skipped 'intervju.txt': identical to 'intervju', imported before"]
    );
    assert_eq!(p.documents().unwrap().len(), 1);
}
