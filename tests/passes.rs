//! Method as practised, from the command line: coding passes in another
//! order, meaning condensation, reading progress and the size of the
//! analysis over its history.

mod common;

use common::cli::{json_in, ok_in};
use std::path::{Path, PathBuf};

const FIRST: &str = "Intervjuer: Hva betyr tillit?\n\nIP1: Tillit er at jeg kan ringe helsesykepleieren.\n\nIP2: Og at hun tar det videre.\n";
const SECOND: &str =
    "Intervjuer: Og når det svikter?\n\nIP3: Da faller ungdommen mellom to stoler.\n";
const THIRD: &str =
    "Intervjuer: Hva hjelper?\n\nIP4: Faste møtepunkter hjelper, og at noen ringer tilbake.\n";

/// A project with three interviews, imported in the order A, B, C.
fn study(tmp: &Path) -> PathBuf {
    let dir = tmp.join("studie");
    common::cli::ok(&["new", dir.to_str().unwrap()]);
    for (name, text) in [("A", FIRST), ("B", SECOND), ("C", THIRD)] {
        let file = tmp.join(format!("{name}.txt"));
        std::fs::write(&file, text).unwrap();
        ok_in(&dir, &["import", file.to_str().unwrap()]);
    }
    dir
}

fn order(pass: &serde_json::Value) -> Vec<String> {
    pass["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc"].as_str().unwrap().to_string())
        .collect()
}

fn apply(dir: &Path, doc: &str, code: &str, quote: &str) {
    ok_in(
        dir,
        &[
            "code", "apply", "--doc", doc, "--code", code, "--quote", quote, "--create",
        ],
    );
}

#[test]
fn passes_order_the_documents_record_codings_and_compare() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    apply(&dir, "A", "Tillit", "Tillit er at jeg kan ringe");
    let before = json_in(&dir, &["codings", "--json"]);
    assert!(
        before[0]["pass"].is_null(),
        "a coding made before any pass has none"
    );

    assert!(ok_in(&dir, &["pass", "start", "--order", "reversed"]).contains("pass 1"));
    apply(&dir, "C", "Kontinuitet", "Faste møtepunkter");
    apply(&dir, "A", "Tillit", "helsesykepleieren");
    let passes = json_in(&dir, &["pass", "list", "--json"]);
    assert_eq!(order(&passes[0]), ["C", "B", "A"]);
    assert_eq!(passes[0]["codings"], 2);

    ok_in(&dir, &["pass", "start", "--order", "B,A,C"]);
    apply(&dir, "B", "Å falle utenfor", "mellom to stoler");
    apply(
        &dir,
        "A",
        "Tillit",
        "Tillit er at jeg kan ringe helsesykepleieren",
    );
    let passes = json_in(&dir, &["pass", "list", "--json"]);
    assert_eq!(order(&passes[1]), ["B", "A", "C"]);
    let a = &passes[1]["documents"][1];
    assert_eq!(a["codings"], 1);
    let reached = a["progress"].as_f64().unwrap();
    assert!(
        reached > 0.5 && reached < 1.0,
        "A is coded to «helsesykepleieren»: {reached}"
    );

    let codings = json_in(&dir, &["codings", "--code", "Å falle utenfor", "--json"]);
    assert_eq!(codings[0]["pass"], 2);

    let cmp = json_in(&dir, &["pass", "compare", "1", "2", "--json"]);
    assert_eq!(
        cmp["codes_new_in_b"],
        serde_json::json!(["Å falle utenfor"])
    );
    let texts = |key: &str| -> Vec<String> {
        cmp[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(texts("only_a"), ["Faste møtepunkter"]);
    // Pass 2 coded the whole sentence of A where pass 1 coded its end.
    assert_eq!(
        texts("only_b"),
        ["Tillit er at jeg kan ringe ", "mellom to stoler"]
    );

    // Undo takes back the second pass's start like any change.
    for _ in 0..3 {
        ok_in(&dir, &["undo"]);
    }
    assert_eq!(
        json_in(&dir, &["pass", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    ok_in(&dir, &["check"]);
}

#[test]
fn a_shuffled_pass_is_repeatable_by_its_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let (one, two) = (study(&tmp.path().join("1")), study(&tmp.path().join("2")));
    for dir in [&one, &two] {
        ok_in(dir, &["pass", "start", "--seed", "42"]);
    }
    let (p1, p2) = (
        json_in(&one, &["pass", "list", "--json"]),
        json_in(&two, &["pass", "list", "--json"]),
    );
    assert_eq!(order(&p1[0]), order(&p2[0]));
    let mut names = order(&p1[0]);
    names.sort();
    assert_eq!(names, ["A", "B", "C"], "every document once");
    assert_eq!(p1[0]["seed"], 42);
    assert_eq!(p1[0]["ordering"], "shuffled");
}

#[test]
fn a_pass_needs_every_document_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    let err = common::cli::fails(&[
        "-p",
        dir.to_str().unwrap(),
        "pass",
        "start",
        "--order",
        "A,B",
    ]);
    assert!(err.contains("every document"), "{err}");
}

#[test]
fn condensations_are_kept_shown_and_undone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    apply(
        &dir,
        "B",
        "Å falle utenfor",
        "Da faller ungdommen mellom to stoler",
    );
    let id = json_in(&dir, &["codings", "--json"])[0]["id"].to_string();
    let said = ok_in(
        &dir,
        &[
            "condense",
            &id,
            "Ungdommen får ikke hjelp fra noen av tjenestene",
        ],
    );
    assert!(said.contains("condense"), "{said}");
    let codings = json_in(&dir, &["codings", "--json"]);
    assert_eq!(
        codings[0]["condensation"],
        "Ungdommen får ikke hjelp fra noen av tjenestene"
    );
    let hits = json_in(
        &dir,
        &["search", "tjenestene", "--kind", "fortetting", "--json"],
    );
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["kind"], "condensation");
    assert_eq!(hits[0]["text"], "tjenestene");
    ok_in(&dir, &["condense", &id, ""]);
    let hits = json_in(&dir, &["search", "tjenestene", "--json"]);
    assert!(
        hits.as_array().unwrap().is_empty(),
        "removed from the index: {hits}"
    );
    assert_eq!(json_in(&dir, &["codings", "--json"])[0]["condensation"], "");
    ok_in(&dir, &["undo"]);
    assert_eq!(
        json_in(&dir, &["codings", "--json"])[0]["condensation"],
        "Ungdommen får ikke hjelp fra noen av tjenestene"
    );
}

#[test]
fn reading_progress_is_the_share_of_turns_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    let read = |dir: &Path| {
        json_in(dir, &["docs", "--json"])[0]["read"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(read(&dir), 0.0);
    ok_in(&dir, &["read", "A", "--turn", "1"]);
    let turns = [
        "Intervjuer: Hva betyr tillit?",
        "IP1: Tillit er at jeg kan ringe helsesykepleieren.",
        "IP2: Og at hun tar det videre.",
    ];
    let len = |s: &str| s.chars().count() as f64;
    let expected = len(turns[0]) / turns.iter().map(|t| len(t)).sum::<f64>();
    assert!(
        (read(&dir) - expected).abs() < 0.02,
        "{} vs {expected}",
        read(&dir)
    );
    ok_in(&dir, &["read", "A", "--all"]);
    assert_eq!(read(&dir), 1.0);
    ok_in(&dir, &["read", "A", "--all", "--unread"]);
    assert_eq!(read(&dir), 0.0);
    assert!(
        common::cli::fails(&["-p", dir.to_str().unwrap(), "read", "A", "--turn", "9"])
            .contains("turns")
    );
}

#[test]
fn history_stats_show_the_codebook_grow_and_merge_down() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    for name in ["Tillit", "Trygghet", "Tiltro"] {
        ok_in(&dir, &["code", "new", name]);
    }
    apply(&dir, "A", "Tillit", "Tillit er at jeg kan ringe");
    ok_in(
        &dir,
        &["code", "merge", "Trygghet", "Tiltro", "--into", "Tillit"],
    );
    let points = json_in(&dir, &["history", "stats", "--json"]);
    let codes: Vec<u64> = points
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["codes"].as_u64().unwrap())
        .collect();
    assert_eq!(
        codes,
        [0, 0, 0, 1, 2, 3, 3, 1],
        "three imports, three codes, a coding, a merge"
    );
    assert_eq!(points.as_array().unwrap().last().unwrap()["codings"], 1);
    // An undone change is not part of the story.
    ok_in(&dir, &["undo"]);
    assert_eq!(
        json_in(&dir, &["history", "stats", "--json"])
            .as_array()
            .unwrap()
            .len(),
        7
    );
}

#[test]
fn the_history_plot_is_written_as_svg_and_png() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = study(tmp.path());
    for name in ["Tillit", "Trygghet"] {
        ok_in(&dir, &["code", "new", name]);
    }
    ok_in(&dir, &["code", "merge", "Trygghet", "--into", "Tillit"]);
    let svg = tmp.path().join("kodebok.svg");
    ok_in(&dir, &["history", "plot", "-o", svg.to_str().unwrap()]);
    let text = std::fs::read_to_string(&svg).unwrap();
    // Well-formed, with one line per series and the number of changes.
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut paths = 0;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"path" => paths += 1,
            _ => {}
        }
    }
    assert_eq!(paths, 4, "the frame and three series");
    assert!(
        text.contains("6 changes"),
        "three imports, two codes, a merge"
    );
    let png = tmp.path().join("kodebok.png");
    ok_in(
        &dir,
        &[
            "history",
            "plot",
            "-o",
            png.to_str().unwrap(),
            "--width",
            "400",
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
}

/// Every `w:t` text of a .docx's document.xml, in order.
fn docx_texts(path: &Path) -> Vec<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut texts, mut inside) = (Vec::new(), false);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) => inside = e.name().as_ref() == b"w:t",
            quick_xml::events::Event::Text(t) if inside => {
                texts.push(t.xml_content().unwrap().into_owned())
            }
            _ => {}
        }
    }
    texts
}

#[test]
fn the_trail_lists_meaning_units_with_condensation_codes_and_themes() {
    use calamine::{Reader, Xlsx};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sample");
    common::cli::ok(&["sample", dir.to_str().unwrap()]);
    let theme = "«Det var han som var samarbeidet»";
    let xlsx = tmp.path().join("trail.xlsx");
    ok_in(
        &dir,
        &[
            "export",
            "trail",
            "-o",
            xlsx.to_str().unwrap(),
            "--theme",
            theme,
        ],
    );
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("Trail").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..6],
        [
            "document",
            "participant",
            "meaning unit",
            "condensation",
            "codes",
            "themes"
        ]
    );
    let units = &rows[1..];
    assert!(!units.is_empty());
    // Every unit is coded with a code of the theme or of its sub-themes.
    let sub_themes = ["«Vi vet hvem vi kan ringe»", "«De står på alene»"];
    for u in units {
        assert!(
            std::iter::once(theme)
                .chain(sub_themes)
                .any(|t| u[5].contains(t)),
            "{u:?}"
        );
    }
    let condensed = units
        .iter()
        .find(|u| u[2].starts_with("Når det fungerer, så fungerer det fordi noen kjenner noen"))
        .expect("the first sample coding is in the theme's sub-theme");
    assert_eq!(
        condensed[3],
        "Samarbeidet går raskt når lederne kjenner noen personlig i den andre tjenesten."
    );
    assert_eq!(condensed[4], "Å kjenne noen");

    let docx = tmp.path().join("trail.docx");
    ok_in(
        &dir,
        &[
            "export",
            "trail",
            "-o",
            docx.to_str().unwrap(),
            "--doc",
            "Gruppeintervju 1 – ledere",
        ],
    );
    let texts = docx_texts(&docx);
    assert!(
        texts.iter().any(|t| t.ends_with("analytic trail")),
        "{:?}",
        &texts[..3]
    );
    assert!(
        texts.iter().any(|t| t
            == "Samarbeidet går raskt når lederne kjenner noen personlig i den andre tjenesten.")
    );
    assert!(
        texts.iter().all(|t| !t.contains("Gruppeintervju 2")),
        "only the document asked for"
    );
}

#[test]
fn the_process_appendix_tells_how_the_analysis_developed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sample");
    common::cli::ok(&["sample", dir.to_str().unwrap()]);
    ok_in(&dir, &["code", "merge", "Ildsjeler", "--into", "Slitasje"]);
    let md = tmp.path().join("r.md");
    let report = |extra: &[&str]| -> String {
        let mut args = vec![
            "export",
            "report",
            "-o",
            md.to_str().unwrap(),
            "--no-appendix",
        ];
        args.extend_from_slice(extra);
        ok_in(&dir, &args);
        std::fs::read_to_string(&md).unwrap()
    };
    let plain = report(&[]);
    assert!(!plain.contains("Process: how the analysis developed"));
    let text = report(&["--process"]);
    assert!(
        text.contains("## Process: how the analysis developed"),
        "{text}"
    );
    assert!(
        text.contains("Pass 2 (reversed)"),
        "the sample's second pass"
    );
    assert!(
        text.contains(": merge 'Ildsjeler' into 'Slitasje'"),
        "{text}"
    );
    assert!(text.contains("### Candidate themes and what became of them"));
    assert!(text.contains("| Theme | Now | How it came to be |"));
    assert!(
        text.contains("discarded"),
        "the sample has a discarded theme"
    );
    assert!(text.contains("### The codebook over time"));
    // The journal is private: only with --process-journal.
    let journal = &tmp.path().join("j.json");
    let entries = json_in(&dir, &["journal", "list", "--json"]);
    std::fs::write(journal, entries.to_string()).unwrap();
    let first = entries[0]["text"].as_str().unwrap();
    let words: String = first
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!text.contains(&words), "no journal without asking");
    let with_journal = report(&["--process", "--process-journal"]);
    assert!(with_journal.contains("### From the reflexive journal"));
    assert!(with_journal.contains(&words), "{words}");
    // In Norwegian too.
    let nb = report(&["--process", "--lang", "nb"]);
    assert!(nb.contains("## Prosess: hvordan analysen utviklet seg"));
    assert!(nb.contains("Runde 2 (motsatt rekkefølge)"));
}
