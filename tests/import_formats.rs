//! Every importer end to end: real files in a tempdir, read through the
//! public API, with turns read back through their char offsets.

mod import_fixtures;

use import_fixtures::{docx, odt, pdf, utf16, w_p, write, xlsx};
use sha2::{Digest, Sha256};
use tema::import::{ImportOptions, ParsedDocument, SurveySpec, read_document, read_survey};
use tema::text::slice_chars;

fn read(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> ParsedDocument {
    let path = write(dir.path(), name, bytes);
    read_document(&path, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// (speaker, body) of each turn, as the text reads at its offsets.
fn turns(doc: &ParsedDocument) -> Vec<(Option<&str>, &str)> {
    doc.turns
        .iter()
        .map(|t| {
            (
                t.speaker.as_deref(),
                slice_chars(&doc.text, t.body_start, t.end),
            )
        })
        .collect()
}

const INTERVIEW: &str = "Intervju med helsesykepleier, mars 2022\n\n\
    [00:00:05] Intervjuer: Kan du fortelle litt om jobben din?\n\n\
    [00:00:12] Informant 2: Ja. Jeg jobber på helsestasjonen i [kommune].\n\
    Det er mye å gjøre: særlig om høsten.\n\n\
    Intervjuer: Hva er det som tar mest tid?\n\
    Informant 2: Ærlig talt? Møtene. *ler*\n";

#[test]
fn txt_utf8_metadata_text_and_turns() {
    let dir = tempfile::tempdir().unwrap();
    let doc = read(&dir, "Intervju 3.txt", INTERVIEW.as_bytes());
    assert_eq!(doc.name, "Intervju 3");
    assert_eq!(doc.source_name, "Intervju 3.txt");
    assert_eq!(doc.format, "txt");
    assert_eq!(doc.text, INTERVIEW);
    let want_sha: String = Sha256::digest(INTERVIEW.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(doc.sha256, want_sha);
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Intervju med helsesykepleier, mars 2022"),
            (Some("Intervjuer"), "Kan du fortelle litt om jobben din?"),
            (
                Some("Informant 2"),
                "Ja. Jeg jobber på helsestasjonen i [kommune].\nDet er mye å gjøre: særlig om høsten."
            ),
            (Some("Intervjuer"), "Hva er det som tar mest tid?"),
            (Some("Informant 2"), "Ærlig talt? Møtene. *ler*"),
        ]
    );
    let t = &doc.turns[2];
    assert_eq!(t.timestamp.as_deref(), Some("00:00:12"));
    assert_eq!(
        slice_chars(&doc.text, t.start, t.body_start),
        "[00:00:12] Informant 2: "
    );
}

#[test]
fn txt_every_encoding_gives_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "IP3: Jeg tok med blåbærsyltetøy.\nI: Æsj, på søndag?";
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(text.as_bytes());
    let cp1252 = b"IP3: Jeg tok med bl\xE5b\xE6rsyltet\xF8y.\nI: \xC6sj, p\xE5 s\xF8ndag?".to_vec();
    for (name, bytes) in [
        ("bom.txt", bom8),
        ("le.txt", utf16(text, false)),
        ("be.txt", utf16(text, true)),
        ("cp1252.txt", cp1252),
    ] {
        let doc = read(&dir, name, &bytes);
        assert_eq!(doc.text, text, "{name}");
        assert_eq!(
            turns(&doc),
            vec![
                (Some("IP3"), "Jeg tok med blåbærsyltetøy."),
                (Some("I"), "Æsj, på søndag?")
            ],
            "{name}"
        );
        // The hash is of the bytes on disk, not of the decoded text.
        let want: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(doc.sha256, want, "{name}");
    }
}

#[test]
fn txt_crlf_and_cr_become_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = read(
        &dir,
        "crlf.txt",
        b"I: Hei.\r\nIP1: Hei p\xC3\xA5 deg.\r\n\r\nFortsatt IP1.\r\n",
    );
    assert_eq!(crlf.text, "I: Hei.\nIP1: Hei på deg.\n\nFortsatt IP1.\n");
    assert_eq!(
        turns(&crlf)[1],
        (Some("IP1"), "Hei på deg.\n\nFortsatt IP1.")
    );
    let cr = read(&dir, "cr.txt", b"I: Hei.\rIP1: Hallo.\r");
    assert_eq!(cr.text, "I: Hei.\nIP1: Hallo.\n");
    assert_eq!(
        turns(&cr),
        vec![(Some("I"), "Hei."), (Some("IP1"), "Hallo.")]
    );
}

#[test]
fn md_is_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let md = "# Fokusgruppe 2\n\n**Moderator:** velkommen\n\nModerator: Hvem vil starte?\nDeltaker A: Jeg kan *gjerne* starte.\n";
    let doc = read(&dir, "Gruppe 2.MD", md.as_bytes());
    assert_eq!(doc.format, "md");
    assert_eq!(doc.text, md);
    assert_eq!(
        turns(&doc),
        vec![
            (None, "# Fokusgruppe 2"),
            (None, "**Moderator:** velkommen"),
            (Some("Moderator"), "Hvem vil starte?"),
            (Some("Deltaker A"), "Jeg kan *gjerne* starte."),
        ]
    );
}

#[test]
fn docx_paragraphs_tables_tabs_breaks_footnotes_no_header() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        w_p("Transkripsjon – intervju 4"),
        r#"<w:p><w:r><w:t xml:space="preserve">Intervjuer: Hvordan </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>opplevde</w:t></w:r><w:r><w:t xml:space="preserve"> du det?</w:t></w:r></w:p>"#.to_owned(),
        r#"<w:p><w:r><w:t>IP1: Første linje</w:t><w:br/><w:t>andre linje</w:t><w:tab/><w:t>etter tab.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#.to_owned(),
        "<w:p/>".to_owned(),
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>
           <w:tr><w:tc><w:p><w:r><w:t>Intervjuer</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hva med kollegaene?</w:t></w:r></w:p></w:tc></w:tr>
           <w:tr><w:tc><w:p><w:r><w:t>IP1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>De er gull verdt.</w:t></w:r></w:p><w:p><w:r><w:t>Særlig Åse.</w:t></w:r></w:p></w:tc></w:tr>
           </w:tbl>"#.to_owned(),
        w_p("Intervjuer: Takk for praten."),
    ]
    .concat();
    let doc = read(&dir, "Intervju 4.docx", &docx(&body));
    assert_eq!(doc.format, "docx");
    assert_eq!(
        doc.text,
        "Transkripsjon – intervju 4\nIntervjuer: Hvordan opplevde du det?\nIP1: Første linje\nandre linje\tetter tab. [fotnote: Fotnote om kommunen.]\n\n\
         Intervjuer\tHva med kollegaene?\nIP1\tDe er gull verdt. Særlig Åse.\nIntervjuer: Takk for praten."
    );
    assert!(!doc.text.contains("topptekst"));
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Transkripsjon – intervju 4"),
            (Some("Intervjuer"), "Hvordan opplevde du det?"),
            (
                Some("IP1"),
                "Første linje\nandre linje\tetter tab. [fotnote: Fotnote om kommunen.]"
            ),
            (Some("Intervjuer"), "Hva med kollegaene?"),
            (Some("IP1"), "De er gull verdt. Særlig Åse."),
            (Some("Intervjuer"), "Takk for praten."),
        ]
    );
}

#[test]
fn docx_tracked_changes_read_as_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        w_p("Intervjuer: Hva skjedde da?"),
        // Deleted whole, paragraph mark and all, as Word writes it.
        r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="Kari" w:date="2024-03-01T10:00:00Z"/></w:rPr></w:pPr><w:del w:id="2" w:author="Kari" w:date="2024-03-01T10:00:00Z"><w:r><w:delText>IP1: Navnet på skolen.</w:delText></w:r></w:del></w:p>"#.to_owned(),
        r#"<w:p><w:r><w:t xml:space="preserve">IP1: Vi fikk </w:t></w:r><w:ins w:id="3" w:author="Kari"><w:r><w:t xml:space="preserve">endelig </w:t></w:r></w:ins><w:del w:id="4" w:author="Kari"><w:r><w:delText xml:space="preserve">aldri </w:delText></w:r></w:del><w:r><w:t>hjelp.</w:t></w:r></w:p>"#.to_owned(),
        w_p("Intervjuer: Takk."),
    ]
    .concat();
    let doc = read(&dir, "Endret.docx", &docx(&body));
    assert_eq!(
        doc.text,
        "Intervjuer: Hva skjedde da?\nIP1: Vi fikk endelig hjelp.\nIntervjuer: Takk."
    );
    assert_eq!(turns(&doc)[1], (Some("IP1"), "Vi fikk endelig hjelp."));
}

#[test]
fn invisible_characters_are_removed_in_every_format_before_turns() {
    let dir = tempfile::tempdir().unwrap();
    // A soft hyphen, zero-width space, word joiner and a stray byte-order
    // mark before a label (joiners stay: emoji and Persian need them).
    let line = "\u{FEFF}IP2: Sam\u{AD}arbeid\u{200B} og tillit tar\u{2060} tid.";
    let want = "IP2: Samarbeid og tillit tar tid.";
    let rtf = r"{\rtf1\ansi\ansicpg1252 Intervjuer: Hei.\par \u65279?IP2: Sam\-ar\u173?beid\u8203? og tillit tar tid.\par}";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.txt", format!("Intervjuer: Hei.\n{line}\n").into_bytes()),
        ("b.md", format!("Intervjuer: Hei.\n{line}\n").into_bytes()),
        ("c.docx", docx(&(w_p("Intervjuer: Hei.") + &w_p(line)))),
        ("d.odt", odt(&format!("<text:p>Intervjuer: Hei.</text:p><text:p>{line}</text:p>"))),
        ("e.rtf", rtf.as_bytes().to_vec()),
        ("f.pdf", pdf(&["Intervjuer: Hei.", want], false)),
        (
            "g.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Intervjuer>Hei.\n\n00:02.000 --> 00:04.000\n<v IP2>\u{FEFF}Sam\u{AD}arbeid\u{200B} og tillit tar tid.\n".into(),
        ),
    ];
    for (name, bytes) in files {
        let doc = read(&dir, name, &bytes);
        assert!(
            !doc.text
                .contains(['\u{AD}', '\u{200B}', '\u{2060}', '\u{FEFF}']),
            "{name}: {:?}",
            doc.text
        );
        let t = turns(&doc);
        assert_eq!(
            t.last(),
            Some(&(Some("IP2"), "Samarbeid og tillit tar tid.")),
            "{name}: {t:?}"
        );
        assert!(
            doc.text.trim_end().ends_with(want),
            "{name}: {:?}",
            doc.text
        );
    }
}

#[test]
fn rtf_as_word_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let rtf = r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat\deflang1044{\fonttbl{\f0\fnil\fcharset0 Calibri;}}
{\colortbl ;\red0\green0\blue255;}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1
\pard\sa200\sl276\slmult1\f0\fs22\lang20 Intervju med barnehagestyrer, Bod\'f8\par
\par
Intervjuer: Hva betyr \ldblquote samarbeid\rdblquote  for deg?\par
Styrer: At vi f\'e5r til ting sammen \endash  s\u230?rlig med foreldrene.{\super\chftn}{\footnote\pard\plain{\super\chftn} Gjelder \'c5sen barnehage.}\par
{\deleted Styrer: Dette ble str\'f8ket.\par}
Intervjuer: Takk.\par
Styrer: Bare hyggelig.\par
}";
    let doc = read(&dir, "Styrer Bodø.rtf", rtf.as_bytes());
    assert_eq!(doc.format, "rtf");
    assert_eq!(doc.name, "Styrer Bodø");
    assert_eq!(
        doc.text,
        "Intervju med barnehagestyrer, Bodø\n\nIntervjuer: Hva betyr “samarbeid” for deg?\n\
         Styrer: At vi får til ting sammen – særlig med foreldrene. [fotnote: Gjelder Åsen barnehage.]\n\
         Intervjuer: Takk.\nStyrer: Bare hyggelig."
    );
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Intervju med barnehagestyrer, Bodø"),
            (Some("Intervjuer"), "Hva betyr “samarbeid” for deg?"),
            (
                Some("Styrer"),
                "At vi får til ting sammen – særlig med foreldrene. [fotnote: Gjelder Åsen barnehage.]"
            ),
            (Some("Intervjuer"), "Takk."),
            (Some("Styrer"), "Bare hyggelig."),
        ]
    );
}

#[test]
fn pdf_text_layer_with_norwegian_letters() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(
        &[
            "Intervju med helsesykepleier, Tromsø",
            "",
            "Intervjuer: Hva synes du om blåbærsyltetøy (på skolen)?",
            "IP1: Æsj, nei. Men søndagsmiddag med gløgg er greit.",
            "Det er en tradisjon.",
        ],
        false,
    );
    let doc = read(&dir, "Intervju 9.pdf", &bytes);
    assert_eq!(doc.format, "pdf");
    assert_eq!(
        doc.text,
        "Intervju med helsesykepleier, Tromsø\n\nIntervjuer: Hva synes du om blåbærsyltetøy (på skolen)?\n\
         IP1: Æsj, nei. Men søndagsmiddag med gløgg er greit.\nDet er en tradisjon."
    );
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Intervju med helsesykepleier, Tromsø"),
            (
                Some("Intervjuer"),
                "Hva synes du om blåbærsyltetøy (på skolen)?"
            ),
            (
                Some("IP1"),
                "Æsj, nei. Men søndagsmiddag med gløgg er greit.\nDet er en tradisjon."
            ),
        ]
    );
}

#[test]
fn odt_paragraphs_spaces_tabs_line_breaks_tables() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"<text:h text:outline-level="1">Gruppeintervju, Tromsø</text:h>
<text:p text:style-name="P1">Moderator: Hva<text:s/> tenker dere om <text:span text:style-name="T1">nærmiljøet</text:span>?</text:p>
<text:p text:style-name="P1"/>
<text:p>Deltaker B:<text:s text:c="2"/>Det er trygt.<text:line-break/>Men mørkt.<text:tab/>(pause)</text:p>
<text:list><text:list-item><text:p>Deltaker A: Enig<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Fotnote.</text:p></text:note-body></text:note> med B.</text:p></text:list-item></text:list>
<table:table table:name="Tabell1"><table:table-column table:number-columns-repeated="2"/>
<table:table-row><table:table-cell><text:p>Moderator</text:p></table:table-cell><table:table-cell><text:p>Noe mer?</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Deltaker B</text:p></table:table-cell><table:table-cell><text:p>Nei, takk.</text:p></table:table-cell></table:table-row>
</table:table>"#;
    let doc = read(&dir, "Gruppe Tromsø.odt", &odt(body));
    assert_eq!(doc.name, "Gruppe Tromsø");
    assert_eq!(doc.format, "odt");
    assert_eq!(
        doc.text,
        "Gruppeintervju, Tromsø\nModerator: Hva  tenker dere om nærmiljøet?\n\nDeltaker B:  Det er trygt.\nMen mørkt.\t(pause)\n\
         Deltaker A: Enig med B. [fotnote: Fotnote.]\nModerator\tNoe mer?\nDeltaker B\tNei, takk."
    );
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Gruppeintervju, Tromsø"),
            (Some("Moderator"), "Hva  tenker dere om nærmiljøet?"),
            (Some("Deltaker B"), "Det er trygt.\nMen mørkt.\t(pause)"),
            (Some("Deltaker A"), "Enig med B. [fotnote: Fotnote.]"),
            (Some("Moderator"), "Noe mer?"),
            (Some("Deltaker B"), "Nei, takk."),
        ]
    );
}

#[test]
fn srt_one_turn_per_cue_with_timestamps() {
    let dir = tempfile::tempdir().unwrap();
    let srt = "1\r\n00:00:01,000 --> 00:00:03,500\r\nHei, og velkommen.\r\n\r\n2\r\n00:00:04,000 --> 00:00:08,000\r\n<i>Vi snakker om</i>\r\nbarnehagen på Østre.\r\n";
    let doc = read(&dir, "Opptak 1.srt", srt.as_bytes());
    assert_eq!(
        doc.text,
        "Hei, og velkommen.\nVi snakker om barnehagen på Østre."
    );
    let stamps: Vec<_> = doc.turns.iter().map(|t| t.timestamp.as_deref()).collect();
    assert_eq!(
        stamps,
        vec![
            Some("00:00:01,000 --> 00:00:03,500"),
            Some("00:00:04,000 --> 00:00:08,000")
        ]
    );
    assert_eq!(
        turns(&doc),
        vec![
            (None, "Hei, og velkommen."),
            (None, "Vi snakker om barnehagen på Østre.")
        ]
    );
}

#[test]
fn vtt_voice_tags_are_speakers() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = "WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.000\n<v Intervjuer>Hvordan går det?</v>\n\n2\n00:00:02.500 --> 00:00:06.000 line:90%\n<v Kari Ødegård><c.gul>Det går</c> fint, takk.\n";
    let doc = read(&dir, "Møte.vtt", vtt.as_bytes());
    assert_eq!(doc.format, "vtt");
    assert_eq!(
        doc.text,
        "Intervjuer: Hvordan går det?\nKari Ødegård: Det går fint, takk."
    );
    assert_eq!(
        turns(&doc),
        vec![
            (Some("Intervjuer"), "Hvordan går det?"),
            (Some("Kari Ødegård"), "Det går fint, takk.")
        ]
    );
    assert_eq!(
        doc.turns[1].timestamp.as_deref(),
        Some("00:00:02.500 --> 00:00:06.000")
    );
    assert_eq!(
        slice_chars(&doc.text, doc.turns[1].start, doc.turns[1].end),
        "Kari Ødegård: Det går fint, takk."
    );
}

fn spec(id: &str, text: &[&str], attrs: &[&str]) -> SurveySpec {
    SurveySpec {
        id_column: id.to_owned(),
        text_columns: text.iter().map(|s| s.to_string()).collect(),
        attr_columns: attrs.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn survey_csv_semicolon_quoted_multiline_windows_1252() {
    let dir = tempfile::tempdir().unwrap();
    // As Norwegian Excel saves it: ';', CRLF, Windows-1252.
    let csv = "RespondentID;Kjønn;Alder;Hva fungerte bra?;Hva kan bli bedre?\r\n\
               101;Kvinne;34;\"Oppfølgingen; den var god.\r\nSærlig i starten.\";Ventetida\r\n\
               102;Mann;51;;\"Mer \"\"tid\"\" til samtaler\"\r\n\
               ;;;;\r\n\
               103;Kvinne;;Alt!;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    let path = write(dir.path(), "Evaluering 2023.csv", &bytes);
    let survey = read_survey(
        &path,
        &spec(
            "RespondentID",
            &["Hva fungerte bra?", "Hva kan bli bedre?"],
            &["Kjønn", "Alder"],
        ),
        &ImportOptions::default(),
    )
    .unwrap();
    let ids: Vec<_> = survey.respondents.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["101", "102", "103"]);
    assert_eq!(
        survey.respondents[0].attributes,
        vec![
            ("Kjønn".to_owned(), "Kvinne".to_owned()),
            ("Alder".to_owned(), "34".to_owned())
        ]
    );
    assert_eq!(
        survey.respondents[2].attributes,
        vec![("Kjønn".to_owned(), "Kvinne".to_owned())]
    );
    assert_eq!(survey.documents.len(), 2);
    let good = &survey.documents[0];
    assert_eq!(good.name, "Evaluering 2023 – Hva fungerte bra?");
    assert_eq!(good.source_name, "Evaluering 2023.csv");
    assert_eq!(good.format, "csv");
    assert_eq!(
        good.text,
        "Oppfølgingen; den var god.\nSærlig i starten.\n\nAlt!"
    );
    assert_eq!(
        turns(good),
        vec![
            (Some("101"), "Oppfølgingen; den var god.\nSærlig i starten."),
            (Some("103"), "Alt!")
        ]
    );
    let better = &survey.documents[1];
    assert_eq!(
        turns(better),
        vec![
            (Some("101"), "Ventetida"),
            (Some("102"), "Mer \"tid\" til samtaler")
        ]
    );
    assert_eq!(good.sha256, better.sha256);
}

#[test]
fn survey_csv_comma_and_case_insensitive_columns() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,rolle,svar\n1,leder,\"Vi trenger flere, ikke færre.\"\n2,ansatt,Bra\n";
    let path = write(dir.path(), "svar.csv", csv.as_bytes());
    let survey = read_survey(
        &path,
        &spec("ID", &["Svar"], &["Rolle"]),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(survey.documents[0].name, "svar – svar");
    assert_eq!(
        turns(&survey.documents[0]),
        vec![
            (Some("1"), "Vi trenger flere, ikke færre."),
            (Some("2"), "Bra")
        ]
    );
    assert_eq!(
        survey.respondents[1].attributes,
        vec![("rolle".to_owned(), "ansatt".to_owned())]
    );
}

#[test]
fn survey_xlsx_first_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let rows: &[&[&str]] = &[
        &["Løpenummer", "Enhet", "Kommentar"],
        &[
            "7",
            "Barnehage Øst",
            "Godt samarbeid med foreldrene.\nMen lite tid.",
        ],
        &["8", "Skole & SFO", ""],
        &["9", "", "Vet ikke"],
    ];
    let path = write(dir.path(), "Nettskjema.xlsx", &xlsx(rows));
    let survey = read_survey(
        &path,
        &spec("Løpenummer", &["Kommentar"], &["Enhet"]),
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<_> = survey.respondents.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, vec!["7", "8", "9"]);
    assert_eq!(
        survey.respondents[1].attributes,
        vec![("Enhet".to_owned(), "Skole & SFO".to_owned())]
    );
    let doc = &survey.documents[0];
    assert_eq!(doc.name, "Nettskjema – Kommentar");
    assert_eq!(doc.format, "xlsx");
    assert_eq!(
        turns(doc),
        vec![
            (Some("7"), "Godt samarbeid med foreldrene.\nMen lite tid."),
            (Some("9"), "Vet ikke")
        ]
    );
}
