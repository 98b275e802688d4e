//! The CLI contract, driven as scripts drive it: the built `tema` binary,
//! JSON on stdout, errors on stderr with a non-zero exit.

mod common;

use common::cli::{json, ok, tema};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// A new, empty project in `tmp`; its path.
fn new_project(tmp: &Path) -> String {
    let p = tmp.join("s").to_string_lossy().into_owned();
    ok(&["new", &p]);
    p
}

/// How many rows `tema WHAT -p P --json` lists.
fn count(p: &str, what: &str) -> usize {
    json(&[what, "-p", p, "--json"]).as_array().unwrap().len()
}

/// The arguments of `tema code apply`: code `quote` in `doc` with `code`.
fn apply<'a>(p: &'a str, doc: &'a str, code: &'a str, quote: &'a str) -> [&'a str; 10] {
    [
        "code", "apply", "-p", p, "--doc", doc, "--code", code, "--quote", quote,
    ]
}

/// `tema code apply-search`: code every hit of «tillit» with a new code
/// «Tillit»; what it says.
fn code_every_hit(p: &str, extra: &[&str]) -> String {
    let args = [
        "code",
        "apply-search",
        "-p",
        p,
        "tillit",
        "--code",
        "Tillit",
        "--create",
    ];
    ok(&[&args[..], extra].concat())
}

const INTERVIEW: &str = "Intervjuer: Hva betyr tillit for deg?\n\nIP3: Tillit er at jeg kan ringe helsesykepleieren og vet at hun tar det videre.\nDet tar tid å bygge.\n\nIntervjuer: Og når det svikter?\n\nIP3: Da faller ungdommen mellom to stoler.\n";

#[test]
fn a_researcher_codes_a_transcript_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("studie");
    let p = dir.to_str().unwrap();
    ok(&["new", p, "--title", "Studie"]);
    let file = write(tmp.path(), "Intervju 3.txt", INTERVIEW);
    let imported = json(&[
        "import",
        "-p",
        p,
        &file,
        "--participant",
        "Informant 3",
        "--attr",
        "sector=skole",
        "--json",
    ]);
    assert_eq!(imported[0]["name"], "Intervju 3");
    assert_eq!(imported[0]["chars"], INTERVIEW.chars().count());

    let docs = json(&["docs", "-p", p, "--json"]);
    assert_eq!(docs[0]["participants"][0], "Informant 3");
    assert_eq!(ok(&["text", "-p", p, "Intervju 3"]), INTERVIEW);

    ok(&[
        "code",
        "new",
        "-p",
        p,
        "Relasjoner",
        "--colour",
        "#336699",
        "--description",
        "Om forhold mellom folk",
    ]);
    ok(&["code", "new", "-p", p, "Tillit", "--parent", "Relasjoner"]);
    ok(&apply(
        p,
        "Intervju 3",
        "Tillit",
        "Tillit er at jeg kan ringe helsesykepleieren",
    ));
    ok(&[
        &apply(p, "Intervju 3", "Å falle utenfor", "mellom to stoler")[..],
        &["--create"],
    ]
    .concat());
    let unknown = tema(&apply(p, "Intervju 3", "Ukjent", "tid"));
    assert!(
        !unknown.status.success(),
        "an unknown code without --create is an error"
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no code called 'Ukjent'"));

    let codings = json(&["codings", "-p", p, "--json"]);
    assert_eq!(codings.as_array().unwrap().len(), 2);
    assert_eq!(
        codings[0]["text"],
        "Tillit er at jeg kan ringe helsesykepleieren"
    );
    assert_eq!(codings[0]["code"], "Tillit");
    assert_eq!(codings[0]["participant"], "Informant 3");
    assert_eq!(codings[1]["text"], "mellom to stoler");

    let codes = json(&["codes", "-p", p, "--json"]);
    assert_eq!(codes[0]["name"], "Relasjoner");
    assert_eq!(codes[0]["children"][0]["name"], "Tillit");
    assert_eq!(codes[0]["children"][0]["codings"], 1);

    // A code created by `apply --create` is part of the same undo step.
    assert!(ok(&["undo", "-p", p]).contains("apply code 'Å falle utenfor'"));
    assert_eq!(count(p, "codings"), 1);
    let names = ok(&["codes", "-p", p]);
    assert!(!names.contains("Å falle utenfor"), "{names}");
    assert!(ok(&["redo", "-p", p]).contains("apply code 'Å falle utenfor'"));
    assert_eq!(count(p, "codings"), 2);
    assert_eq!(ok(&["check", "-p", p]).trim(), "ok");
}

#[test]
fn codes_are_renamed_moved_merged_and_deleted_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let p = &*new_project(tmp.path());
    let file = write(tmp.path(), "i.txt", INTERVIEW);
    ok(&["import", "-p", p, &file]);
    for name in ["Tillit", "Trygghet", "Samarbeid"] {
        ok(&["code", "new", "-p", p, name]);
    }
    ok(&apply(p, "i", "Trygghet", "tar det videre"));
    ok(&["code", "rename", "-p", p, "Tillit", "Tillit og trygghet"]);
    ok(&[
        "code",
        "merge",
        "-p",
        p,
        "Trygghet",
        "--into",
        "Tillit og trygghet",
    ]);
    ok(&["code", "move", "-p", p, "Tillit og trygghet", "Samarbeid"]);
    let codes = json(&["codes", "-p", p, "--json"]);
    assert_eq!(codes.as_array().unwrap().len(), 1);
    assert_eq!(codes[0]["children"][0]["name"], "Tillit og trygghet");
    assert_eq!(codes[0]["children"][0]["codings"], 1);
    let out = ok(&["code", "delete", "-p", p, "Samarbeid"]);
    assert!(out.contains("(1 codings)"), "{out}");
    assert_eq!(count(p, "codes"), 0);
}

#[test]
fn errors_are_readable_and_go_to_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere");
    let out = tema(&["docs", "-p", missing.to_str().unwrap(), "--json"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "nothing but JSON may go to stdout");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a tema project"));
}

#[test]
fn a_project_from_a_newer_tema_is_refused_not_downgraded() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("s");
    ok(&["new", p.to_str().unwrap()]);
    let conn = rusqlite::Connection::open(p.join("project.db")).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let out = tema(&["docs", "-p", p.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("newer version of tema"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn one_bad_file_in_a_batch_imports_nothing_and_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let p = &*new_project(tmp.path());
    let good = write(tmp.path(), "god.txt", INTERVIEW);
    let empty = write(tmp.path(), "tom.txt", "  \n\n ");
    let binary_path = tmp.path().join("bilde.txt");
    std::fs::write(
        &binary_path,
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0, 1],
    )
    .unwrap();
    let binary = binary_path.to_string_lossy().into_owned();
    let unsupported = write(tmp.path(), "notat.pages", "x");
    for bad in [&empty, &binary, &unsupported] {
        let out = tema(&["import", "-p", p, &good, bad]);
        assert!(!out.status.success());
        let name = Path::new(bad)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(err.contains(&name), "the error must name '{name}': {err}");
        assert_eq!(count(p, "docs"), 0, "nothing may be imported");
        assert_eq!(
            ok(&["history", "-p", p]).trim(),
            "",
            "nothing may be logged"
        );
    }
}

#[test]
fn importing_the_same_file_twice_warns_and_does_not_duplicate() {
    let tmp = tempfile::tempdir().unwrap();
    let p = &*new_project(tmp.path());
    let file = write(tmp.path(), "Intervju 1.txt", INTERVIEW);
    ok(&["import", "-p", p, &file]);
    let copy = write(tmp.path(), "Intervju 1 (kopi).txt", INTERVIEW);
    let out = tema(&["import", "-p", p, &copy]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("identical to 'Intervju 1'"), "{err}");
    assert_eq!(count(p, "docs"), 1);
    ok(&["import", "-p", p, &copy, "--allow-duplicate"]);
    assert_eq!(count(p, "docs"), 2);
}

#[test]
fn search_prints_exact_stored_text_and_codes_all_hits_in_one_undoable_step() {
    let tmp = tempfile::tempdir().unwrap();
    let p = &*new_project(tmp.path());
    let file = write(tmp.path(), "Intervju 3.txt", INTERVIEW);
    ok(&["import", "-p", p, &file, "--participant", "Informant 3"]);
    let hits = json(&["search", "-p", p, "tillit", "--json"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    let text = ok(&["text", "-p", p, "Intervju 3"]);
    for h in hits {
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            tema::text::slice_chars(&text, s, e),
            h["text"].as_str().unwrap()
        );
        assert_eq!(h["kind"], "text");
        assert_eq!(h["doc"], "Intervju 3");
    }
    assert_eq!(hits[1]["participant"], "Informant 3");
    code_every_hit(p, &["--unit", "sentence"]);
    let codings = json(&["codings", "-p", p, "--code", "Tillit", "--json"]);
    assert_eq!(codings.as_array().unwrap().len(), 2);
    assert_eq!(codings[0]["text"], "Hva betyr tillit for deg?");
    assert!(ok(&["undo", "-p", p]).contains("code 2 search hits"));
    assert_eq!(count(p, "codings"), 0);
    let rebuilt = ok(&["index", "rebuild", "-p", p]);
    assert!(rebuilt.contains("rebuilt"));
}

/// `code apply-search --create` is one step: one undo takes away the
/// codings and the code they made, so no empty code is left behind.
#[test]
fn coding_every_hit_with_a_new_code_is_undone_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let p = &*new_project(tmp.path());
    let file = write(tmp.path(), "i.txt", INTERVIEW);
    ok(&["import", "-p", p, &file]);
    let said = code_every_hit(p, &[]);
    // "Hva betyr tillit ..." and "Tillit er at ...".
    assert!(said.contains("code 2 search hits with 'Tillit'"), "{said}");
    let codings = json(&["codings", "-p", p, "--json"]);
    assert_eq!(codings.as_array().unwrap().len(), 2);
    assert_eq!(codings[0]["code"], "Tillit");
    assert_eq!(codings[0]["text"], "tillit");
    assert_eq!(codings[1]["text"], "Tillit");

    assert!(ok(&["undo", "-p", p]).contains("search hits with 'Tillit'"));
    assert!(count(p, "codes") == 0);
    assert!(count(p, "codings") == 0);
    assert_eq!(ok(&["undo", "-p", p]).trim(), "undid: import 'i'");
    assert!(ok(&["redo", "-p", p]).contains("import"));
    ok(&["redo", "-p", p]);
    let codes = json(&["codes", "-p", p, "--json"]);
    assert_eq!(codes[0]["name"], "Tillit");
    assert_eq!(codes[0]["codings"], 2);
}
