//! Codebook and codings tables: CSV (UTF-8 with BOM, `,`) and XLSX, parsed
//! back with the csv crate and calamine.

mod common;

use calamine::{Data, Reader, Xlsx};
use tema::Project;
use tema::export;
use tema::model::ThemeStatus;
use tema::store::{Command, NewParticipant, ThemeCommand};

/// The group interview with nested codes, attributes and a tricky memo.
fn study() -> (tempfile::TempDir, Project) {
    let (dir, mut p, doc) = common::project_with_interview();
    for (label, attrs) in [
        ("Lærer A", vec![("rolle", "lærer"), ("sektor", "skole")]),
        (
            "Helsesykepleier B",
            vec![("rolle", "helsesykepleier"), ("år", "2022")],
        ),
    ] {
        p.execute(Command::CreateParticipant {
            participant: NewParticipant {
                label: label.into(),
                attributes: attrs
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            },
        })
        .unwrap();
    }
    let samarbeid = common::create_code(&mut p, "Samarbeid", None);
    let tillit = common::create_code(&mut p, "Tillit", Some(samarbeid));
    let taus = common::create_code(&mut p, "Taushetsplikt, «skjold»", None);
    p.execute(Command::EditCode {
        code: taus,
        colour: Some("#E76F51".into()),
        description: Some("Latent: taushet som\nbeskytter, \"skjold\".".into()),
    })
    .unwrap();
    common::code_quote(&mut p, doc, tillit, "mye tillit som må på plass");
    let c = common::code_quote(&mut p, doc, taus, "taushetsplikten står i veien");
    p.execute(Command::EditCoding {
        coding: c,
        code: None,
        start: None,
        end: None,
        memo: Some("Memo med komma, «sitat» og\nlinjeskift".into()),
    })
    .unwrap();
    common::code_quote(&mut p, doc, samarbeid, "Hvordan opplever dere samarbeidet");
    (dir, p)
}

fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a UTF-8 BOM"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn codebook_csv() {
    let (tmp, p) = study();
    let path = tmp.path().join("kodebok.csv");
    export::codebook_csv(&p, &path).unwrap();
    let (header, rows) = read_csv(&path);
    assert_eq!(
        header,
        [
            "path",
            "name",
            "parent",
            "colour",
            "description",
            "codings",
            "documents",
            "participants"
        ]
    );
    let by_path = |p: &str| rows.iter().find(|r| r[0] == p).unwrap().clone();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "Samarbeid", "parents first");
    let tillit = by_path("Samarbeid/Tillit");
    assert_eq!(&tillit[1..3], ["Tillit", "Samarbeid"]);
    assert_eq!(&tillit[5..], ["1", "1", "1"]);
    let taus = by_path("Taushetsplikt, «skjold»");
    assert_eq!(taus[3], "#E76F51");
    assert_eq!(taus[4], "Latent: taushet som\nbeskytter, \"skjold\".");
    assert_eq!(taus[7], "1", "one participant: Helsesykepleier B");
    // Raw bytes: comma separated, quoted where needed, CRLF.
    let raw = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(raw.contains("\r\n\"Taushetsplikt, «skjold»\",\"Taushetsplikt, «skjold»\",,#E76F51,"));
}

#[test]
fn codings_csv_and_xlsx() {
    let (tmp, p) = study();
    let csv_path = tmp.path().join("kodinger.csv");
    export::codings_csv(&p, &csv_path).unwrap();
    let (header, rows) = read_csv(&csv_path);
    assert_eq!(
        header,
        [
            "document",
            "participant",
            "rolle",
            "sektor",
            "år",
            "code",
            "code path",
            "start",
            "end",
            "quote",
            "memo"
        ],
        "no themes column until the project has themes"
    );
    let codings = p.codings(&Default::default()).unwrap();
    assert_eq!(rows.len(), codings.len());
    for (row, c) in rows.iter().zip(&codings) {
        assert_eq!(row[0], "Gruppeintervju 1");
        assert_eq!(row[7], c.start.to_string());
        assert_eq!(row[8], c.end.to_string());
        assert_eq!(row[9], c.text);
        assert_eq!(row[10], c.memo);
    }
    let taus = rows
        .iter()
        .find(|r| r[5] == "Taushetsplikt, «skjold»")
        .unwrap();
    assert_eq!(
        &taus[1..5],
        ["Helsesykepleier B", "helsesykepleier", "", "2022"]
    );
    assert_eq!(taus[9], "taushetsplikten står i veien");
    assert_eq!(taus[10], "Memo med komma, «sitat» og\nlinjeskift");
    let tillit = rows.iter().find(|r| r[5] == "Tillit").unwrap();
    assert_eq!(&tillit[1..5], ["Lærer A", "lærer", "skole", ""]);
    assert_eq!(tillit[6], "Samarbeid/Tillit");
    let interviewer = rows.iter().find(|r| r[5] == "Samarbeid").unwrap();
    assert_eq!(interviewer[1], "", "the interviewer is no participant");

    let xlsx_path = tmp.path().join("kodinger.xlsx");
    export::codings_xlsx(&p, &xlsx_path).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    assert_eq!(wb.sheet_names(), ["Codings", "Codebook"]);
    let sheet = wb.worksheet_range("Codings").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(cells[0], header);
    assert_eq!(cells.len(), rows.len() + 1);
    for (x, c) in cells[1..].iter().zip(&rows) {
        // Rows may be shorter in XLSX when trailing cells are empty.
        let mut x = x.clone();
        x.resize(c.len(), String::new());
        assert_eq!(&x, c);
    }
    assert!(
        matches!(sheet.get((1, 7)), Some(Data::Float(_))),
        "offsets are numbers"
    );
    let codebook = wb.worksheet_range("Codebook").unwrap();
    assert_eq!(
        codebook.get((0, 0)).map(|d| d.to_string()),
        Some("path".to_string())
    );
    assert_eq!(codebook.rows().count(), 4);
}

#[test]
fn themes_column_when_the_project_has_themes() {
    let (tmp, mut p) = study();
    let taus = p.resolve_code("Taushetsplikt, «skjold»").unwrap();
    for (name, status, definition) in [
        (
            "Taushet som vern",
            ThemeStatus::Candidate,
            "Hva taushet beskytter.",
        ),
        ("Relasjoner bærer", ThemeStatus::Final, ""),
    ] {
        let theme = p
            .execute(Command::Theme(ThemeCommand::CreateTheme {
                name: name.into(),
                status,
                definition: definition.into(),
                parent: None,
                codes: vec![],
            }))
            .unwrap()
            .id()
            .unwrap();
        p.execute(Command::Theme(ThemeCommand::AddCode {
            theme,
            code: taus,
            why: None,
        }))
        .unwrap();
    }
    let path = tmp.path().join("k.csv");
    export::codings_csv(&p, &path).unwrap();
    let (header, rows) = read_csv(&path);
    let col = header.iter().position(|h| h == "themes").unwrap();
    assert_eq!(header[col - 1], "code path");
    let taus = rows
        .iter()
        .find(|r| r[5] == "Taushetsplikt, «skjold»")
        .unwrap();
    assert_eq!(taus[col], "Taushet som vern; Relasjoner bærer");

    // And the REFI-QDA exports carry them as sets.
    let sets = export::sets(&p).unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].name, "Taushet som vern");
    assert_eq!(
        sets[0].description,
        "Hva taushet beskytter.\n\nStatus: candidate"
    );
    assert_eq!(sets[0].member_codes.len(), 1);
    let qdc = String::from_utf8(export::refi::codebook_xml(&p).unwrap()).unwrap();
    assert!(
        qdc.contains("<Sets>") && qdc.contains("<MemberCode guid="),
        "{qdc}"
    );
    let qde = String::from_utf8(export::refi::project_xml(&p, false).unwrap()).unwrap();
    assert!(qde.contains("<MemberCode targetGUID="));
    let sets_at = qde.find("<Sets>").unwrap();
    assert!(qde.find("<Notes>").is_none_or(|n| n < sets_at));
    validate(&tmp.path().join("t.qde"), &qde, "Project-mrt2019.xsd");
    validate(&tmp.path().join("t.qdc"), &qdc, "Codebook.xsd");
}

/// Validate with xmllint when it and the schemas (../shared/refi, or
/// REFI_SCHEMA_DIR) are present; otherwise say so and pass.
fn validate(file: &std::path::Path, xml: &str, xsd: &str) {
    let dir = std::env::var_os("REFI_SCHEMA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/refi"));
    let xsd = dir.join(xsd);
    let Ok(out) = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
    else {
        println!("skipped: xmllint or schema not present");
        return;
    };
    if !out.status.success() || !xsd.is_file() {
        println!("skipped: xmllint or schema not present");
        return;
    }
    std::fs::write(file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(&xsd)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn codings_csv_with_semicolons_for_norwegian_excel() {
    let (tmp, p) = study();
    let comma = tmp.path().join("komma.csv");
    let semi = tmp.path().join("semikolon.csv");
    tema::app::exports::codings(
        &p,
        tema::app::exports::CodingsFormat::Csv,
        export::tables::Separator::Comma,
        &comma,
    )
    .unwrap();
    tema::app::exports::codings(
        &p,
        tema::app::exports::CodingsFormat::Csv,
        export::tables::Separator::Semicolon,
        &semi,
    )
    .unwrap();
    let bytes = std::fs::read(&semi).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFdocument;participant;"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(
        (header, rows),
        read_csv(&comma),
        "the same cells either way"
    );
}
