//! Team work offline through the CLI: coders, merging copies (every
//! conflict kind, idempotence, symmetry, undo), comparing coders.

mod common;

use common::cli::{fails, json_in, ok, ok_in, tema};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const TEXT: &str =
    "Intervjuer: Hva tenker du om skolen?\nIP1: Jeg har tillit til læreren, men skolen er stor.\n";

fn p(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

/// A project with one transcript, the codes Tillit and Skole and a candidate theme.
fn base(root: &Path) -> PathBuf {
    let dir = root.join("base");
    ok(&["new", p(&dir)]);
    let file = root.join("intervju.txt");
    std::fs::write(&file, TEXT).unwrap();
    ok_in(&dir, &["import", p(&file)]);
    ok_in(&dir, &["--coder", "Anna", "code", "new", "Tillit"]);
    ok_in(&dir, &["--coder", "Anna", "code", "new", "Skole"]);
    ok_in(&dir, &["--coder", "Anna", "theme", "new", "Trygghet"]);
    ok_in(
        &dir,
        &["--coder", "Anna", "theme", "add-code", "Trygghet", "Tillit"],
    );
    dir
}

fn copy(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        } else {
            std::fs::create_dir_all(to.join(e.file_name())).unwrap();
        }
    }
    to.to_path_buf()
}

fn code(dir: &Path, coder: &str, code: &str, quote: &str) {
    ok_in(
        dir,
        &[
            "--coder", coder, "code", "apply", "--doc", "intervju", "--code", code, "--quote",
            quote, "--create",
        ],
    );
}

/// The analysis as content: documents, codes, codings with their coder, themes.
fn digest(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in json_in(dir, &["docs", "--json"]).as_array().unwrap() {
        let text = ok_in(dir, &["text", d["id"].to_string().as_str()]);
        out.insert(format!("doc {text}"));
    }
    fn walk(nodes: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        for n in nodes.as_array().unwrap() {
            let path = format!("{prefix}/{}", n["name"].as_str().unwrap());
            out.insert(format!("code {path}"));
            walk(&n["children"], &path, out);
        }
    }
    walk(&json_in(dir, &["codes", "--json"]), "", &mut out);
    for c in json_in(dir, &["codings", "--json"]).as_array().unwrap() {
        out.insert(format!(
            "coding {} {} {} {} {}",
            c["doc"], c["code"], c["start"], c["end"], c["coder"]
        ));
    }
    for t in json_in(dir, &["themes", "--json"]).as_array().unwrap() {
        out.insert(format!(
            "theme {} {} {}",
            t["name"], t["status"], t["codes"]
        ));
    }
    out
}

fn codings(dir: &Path) -> Vec<Value> {
    json_in(dir, &["codings", "--json"])
        .as_array()
        .unwrap()
        .clone()
}

fn merge(mine: &Path, other: &Path, extra: &[&str]) -> std::process::Output {
    tema(
        &[
            &[
                "-p",
                p(mine),
                "--coder",
                "Anna",
                "merge",
                p(other),
                "--json",
            ],
            extra,
        ]
        .concat(),
    )
}

fn merged(mine: &Path, other: &Path, extra: &[&str]) -> Value {
    let out = merge(mine, other, extra);
    assert!(
        out.status.success(),
        "merge failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_coder_is_kept_per_user_outside_the_project() {
    let root = tempfile::tempdir().unwrap();
    let cfg = root.path().join("cfg");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tema"))
            .args(args)
            .env("TEMA_CONFIG_DIR", &cfg)
            .env_remove("TEMA_CODER")
            .env_remove("TEMA_PROJECT")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run(&["coder", "show", "--json"]).trim(), "null");
    run(&["coder", "set", "Anna Berg", "--colour", "#112233"]);
    let shown: Value = serde_json::from_str(&run(&["coder", "show", "--json"])).unwrap();
    assert_eq!(shown["name"], "Anna Berg");
    assert_eq!(shown["initials"], "AB");
    assert_eq!(shown["colour"], "#112233");
    assert!(cfg.join("coder.toml").is_file());
    run(&["coder", "set", "Anna B. Berg", "--initials", "ABB"]);
    let renamed: Value = serde_json::from_str(&run(&["coder", "show", "--json"])).unwrap();
    assert_eq!(
        renamed["uuid"], shown["uuid"],
        "a renamed coder is the same coder"
    );
    assert_eq!(renamed["initials"], "ABB");
    // The saved coder codes when no --coder is given.
    let dir = root.path().join("p");
    run(&["new", p(&dir)]);
    let file = root.path().join("intervju.txt");
    std::fs::write(&file, TEXT).unwrap();
    run(&["-p", p(&dir), "import", p(&file)]);
    run(&[
        "-p",
        p(&dir),
        "code",
        "apply",
        "--doc",
        "intervju",
        "--code",
        "Tillit",
        "--quote",
        "tillit",
        "--create",
    ]);
    let c: Value = serde_json::from_str(&run(&["-p", p(&dir), "codings", "--json"])).unwrap();
    assert_eq!(c[0]["coder"], "Anna B. Berg");
    assert!(fails(&["coder", "set", "X", "--colour", "red"]).contains("#RRGGBB"));
}

#[test]
fn codings_and_history_say_who() {
    let root = tempfile::tempdir().unwrap();
    let dir = base(root.path());
    code(&dir, "Anna", "Tillit", "tillit");
    code(&dir, "Ole", "Tillit", "tillit");
    // The same span, code and coder once more is still one coding.
    code(&dir, "Ole", "Tillit", "tillit");
    let c = codings(&dir);
    assert_eq!(
        c.len(),
        2,
        "two coders' codings of one span are two codings"
    );
    let who: BTreeSet<&str> = c.iter().map(|c| c["coder"].as_str().unwrap()).collect();
    assert_eq!(who, ["Anna", "Ole"].into());
    let h = json_in(&dir, &["history", "--json"]);
    assert_eq!(h[0]["coder"], "Ole");
    assert_eq!(h[0]["label"], "apply code 'Tillit'");
    // Made with nobody named: null.
    let file = root.path().join("annen.txt");
    std::fs::write(&file, "Noe annet.\n").unwrap();
    let plain = std::process::Command::new(env!("CARGO_BIN_EXE_tema"))
        .args(["-p", p(&dir), "import", p(&file)])
        .env("TEMA_CONFIG_DIR", root.path().join("nobody"))
        .env_remove("TEMA_CODER")
        .output()
        .unwrap();
    assert!(plain.status.success());
    let h = json_in(&dir, &["history", "--json"]);
    assert_eq!(h[0]["coder"], Value::Null);
    assert_eq!(h[1]["coder"], "Ole");
}

#[test]
fn merging_keeps_both_coders_codings_once_and_is_one_undo_step() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    code(&base, "Anna", "Tillit", "tillit");
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    code(&a, "Anna", "Skole", "skolen");
    code(&b, "Ole", "Tillit", "tillit");
    code(&b, "Ole", "Skole", "skolen");
    code(&b, "Ole", "Lærer", "læreren");
    ok_in(
        &b,
        &[
            "--coder", "Ole", "theme", "new", "Rammer", "--status", "final",
        ],
    );
    let before = digest(&a);
    let history = json_in(&a, &["history", "--json", "--limit", "100"]);

    let r = merged(&a, &b, &[]);
    assert_eq!(r["codings"], 3, "{r}");
    assert_eq!(
        (r["codes"].as_u64(), r["themes"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(r["documents"], 0, "the transcript is matched by its text");
    assert_eq!(r["applied"], true);
    let c = codings(&a);
    assert_eq!(c.len(), 5, "Anna's two codings and Ole's three");
    assert_eq!(ok_in(&a, &["check"]).trim(), "ok");

    // The same copy again changes nothing.
    let after = digest(&a);
    let again = merged(&a, &b, &[]);
    assert_eq!(again["codings"], 0);
    assert_eq!(again["applied"], false);
    assert_eq!(digest(&a), after);
    let h = json_in(&a, &["history", "--json", "--limit", "100"]);
    assert_eq!(
        h.as_array().unwrap().len(),
        history.as_array().unwrap().len() + 1,
        "one history entry for the merge, none for merging again"
    );

    // One undo step takes it all back.
    ok_in(&a, &["undo"]);
    assert_eq!(digest(&a), before);
    ok_in(&a, &["redo"]);
    assert_eq!(digest(&a), after);
}

#[test]
fn a_into_b_is_b_into_a() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    code(&base, "Anna", "Tillit", "tillit");
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    code(&a, "Anna", "Skole", "skolen");
    code(&a, "Anna", "Stor", "stor");
    ok_in(
        &a,
        &[
            "--coder",
            "Anna",
            "code",
            "rename",
            "Tillit",
            "Tillit til lærer",
        ],
    );
    code(&b, "Ole", "Tillit", "Jeg har tillit");
    code(&b, "Ole", "Stor", "stor");
    ok_in(
        &b,
        &["--coder", "Ole", "theme", "status", "Trygghet", "final"],
    );
    let other = root.path().join("annen.txt");
    std::fs::write(&other, "IP2: Et annet intervju.\n").unwrap();
    ok_in(&b, &["import", p(&other)]);
    ok_in(
        &b,
        &["--coder", "Ole", "code", "merge", "Skole", "--into", "Stor"],
    );

    let (a2, b2) = (
        copy(&a, &root.path().join("a2")),
        copy(&b, &root.path().join("b2")),
    );
    merged(&a2, &b, &[]);
    merged(&b2, &a, &[]);
    assert_eq!(digest(&a2), digest(&b2));
    let d = digest(&a2);
    assert!(
        d.contains("code /Tillit til lærer"),
        "the rename made on one side wins: {d:?}"
    );
    assert!(
        !d.iter().any(|l| l == "code /Skole"),
        "a code merged on one side stays merged: {d:?}"
    );
    assert!(
        d.iter()
            .any(|l| l.starts_with("theme \"Trygghet\" \"final\""))
    );
}

#[test]
fn a_code_renamed_differently_on_each_side_is_a_conflict() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    code(&base, "Anna", "Skole", "skolen");
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    ok_in(
        &a,
        &["--coder", "Anna", "code", "rename", "Skole", "Skolen"],
    );
    ok_in(
        &b,
        &["--coder", "Ole", "code", "rename", "Skole", "Utdanning"],
    );
    code(&b, "Ole", "Utdanning", "skolen er stor");
    let before = digest(&a);
    let out = merge(&a, &b, &[]);
    assert_eq!(out.status.code(), Some(2), "undecided conflicts exit 2");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["conflicts"][0]["kind"], "code_renamed");
    assert_eq!(r["conflicts"][0]["mine"], "Skolen");
    assert_eq!(r["conflicts"][0]["theirs"], "Utdanning");
    assert_eq!(r["applied"], false);
    assert_eq!(
        digest(&a),
        before,
        "nothing changes while a conflict is undecided"
    );

    for (how, name) in [
        ("mine", "Skolen"),
        ("theirs", "Utdanning"),
        ("both", "Skolen / Utdanning"),
    ] {
        let mine = copy(&a, &root.path().join(format!("a-{how}")));
        let r = merged(&mine, &b, &["--resolve", how]);
        assert_eq!(r["conflicts"][0]["resolved"], how);
        let names: Vec<String> = json_in(&mine, &["codes", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect();
        assert!(names.contains(&name.to_string()), "{how}: {names:?}");
        assert_eq!(codings(&mine).len(), 2, "{how}: Ole's coding is kept");
        // Decided once: merging the same copy again asks nothing.
        let again = merge(&mine, &b, &[]);
        assert_eq!(
            again.status.code(),
            Some(0),
            "{how}: {}",
            String::from_utf8_lossy(&again.stderr)
        );
    }
}

#[test]
fn a_document_whose_text_differs_is_a_conflict() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    ok_in(&b, &["anon", "rule", "add", "læreren", "[lærer]"]);
    let key = root.path().join("key.csv");
    ok_in(&b, &["anon", "apply", "--key-out", p(&key)]);
    code(&b, "Ole", "Tillit", "tillit");
    let out = merge(&a, &b, &[]);
    assert_eq!(out.status.code(), Some(2));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["conflicts"][0]["kind"], "document_text");

    let mine = copy(&a, &root.path().join("a-mine"));
    let r = merged(&mine, &b, &["--resolve", "mine"]);
    assert_eq!(
        (r["documents"].as_u64(), r["codings_skipped"].as_u64()),
        (Some(0), Some(1))
    );
    let both = copy(&a, &root.path().join("a-both"));
    let r = merged(&both, &b, &["--resolve", "both"]);
    assert_eq!(r["documents"], 1, "their version is added beside mine");
    assert_eq!(
        json_in(&both, &["docs", "--json"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(codings(&both).len(), 1);
    assert_eq!(
        merge(&both, &b, &[]).status.code(),
        Some(0),
        "merging again matches it by text"
    );
}

#[test]
fn a_theme_final_on_one_side_and_discarded_on_the_other_is_a_conflict() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    ok_in(
        &a,
        &[
            "--coder",
            "Anna",
            "theme",
            "status",
            "Trygghet",
            "discarded",
        ],
    );
    ok_in(
        &b,
        &["--coder", "Ole", "theme", "status", "Trygghet", "final"],
    );
    let out = merge(&a, &b, &[]);
    assert_eq!(out.status.code(), Some(2));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["conflicts"][0]["kind"], "theme_status");
    for (how, status) in [
        ("mine", "discarded"),
        ("theirs", "final"),
        ("both", "candidate"),
    ] {
        let mine = copy(&a, &root.path().join(format!("a-{how}")));
        merged(&mine, &b, &["--resolve", how]);
        let themes = json_in(&mine, &["themes", "--json"]);
        assert_eq!(themes[0]["status"], status, "{how}");
        merged(&mine, &b, &[]);
        let themes = json_in(&mine, &["themes", "--json"]);
        assert_eq!(
            themes[0]["status"], status,
            "{how}: merging again keeps the decision"
        );
    }
}

#[test]
fn compare_counts_characters_both_and_either_coded() {
    let root = tempfile::tempdir().unwrap();
    let dir = base(root.path());
    let chars = TEXT.chars().count();
    ok_in(
        &dir,
        &[
            "--coder", "Anna", "code", "apply", "--doc", "intervju", "--code", "Tillit", "--start",
            "40", "--end", "50",
        ],
    );
    ok_in(
        &dir,
        &[
            "--coder", "Ole", "code", "apply", "--doc", "intervju", "--code", "Tillit", "--start",
            "45", "--end", "55",
        ],
    );
    ok_in(
        &dir,
        &[
            "--coder", "Ole", "code", "apply", "--doc", "intervju", "--code", "Skole", "--start",
            "74", "--end", "80",
        ],
    );
    let c = json_in(
        &dir,
        &[
            "compare", "--coder", "Anna", "--coder", "Ole", "--code", "Tillit", "--json",
        ],
    );
    assert_eq!(c["unit"], "character");
    let t = &c["codes"][0];
    assert_eq!(t["code"], "Tillit");
    assert_eq!(t["both"].as_array().unwrap().len(), 1);
    assert_eq!(t["both"][0]["a"]["start"], 40);
    assert_eq!(t["both"][0]["b"]["start"], 45);
    let g = &t["agreement"];
    let (both, only_a, only_b) = (5.0, 5.0, 5.0);
    let n = chars as f64;
    let neither = n - 15.0;
    assert_eq!(g["neither"].as_f64().unwrap(), neither);
    let po = (both + neither) / n;
    let (pa, pb) = ((both + only_a) / n, (both + only_b) / n);
    let pe = pa * pb + (1.0 - pa) * (1.0 - pb);
    assert!((g["percent"].as_f64().unwrap() - po * 100.0).abs() < 1e-9);
    assert!((g["kappa"].as_f64().unwrap() - (po - pe) / (1.0 - pe)).abs() < 1e-9);
    let all = json_in(
        &dir,
        &["compare", "--coder", "Anna", "--coder", "Ole", "--json"],
    );
    let skole = all["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "Skole")
        .unwrap();
    assert_eq!(skole["only_b"][0]["text"], "skolen");
    assert_eq!(skole["only_a"].as_array().unwrap().len(), 0);
    assert!(fails(&["-p", p(&dir), "compare", "--coder", "Anna", "--json"]).contains("two coders"));
}

#[test]
fn a_qdpx_carries_its_coders_and_merges_like_a_copy() {
    let root = tempfile::tempdir().unwrap();
    let base = base(root.path());
    code(&base, "Anna", "Tillit", "tillit");
    let a = copy(&base, &root.path().join("a"));
    let b = copy(&base, &root.path().join("b"));
    code(&b, "Ole", "Tillit", "tillit");
    code(&b, "Ole", "Skole", "skolen");
    ok_in(
        &b,
        &[
            "--coder",
            "Ole",
            "note",
            "add",
            "Ole tenker høyt",
            "--code",
            "Skole",
        ],
    );
    let qdpx = root.path().join("ole.qdpx");
    ok_in(&b, &["export", "qdpx", "-o", p(&qdpx)]);
    let xml = {
        let f = std::fs::File::open(&qdpx).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut z.by_name("project.qde").unwrap(), &mut s).unwrap();
        s
    };
    assert!(xml.contains("name=\"Ole\""), "Ole is a <User>");

    // Read back, the codings keep their coders.
    let imported = root.path().join("imported");
    ok(&["import-qdpx", p(&qdpx), p(&imported)]);
    let who: BTreeSet<String> = codings(&imported)
        .iter()
        .map(|c| c["coder"].to_string())
        .collect();
    assert_eq!(who, ["\"Anna\"".to_string(), "\"Ole\"".to_string()].into());
    let notes = json_in(&imported, &["note", "list", "--json"]);
    assert_eq!(notes[0]["coder"], "Ole");

    // Merged from the .qdpx: as from the copy itself.
    let from_dir = copy(&a, &root.path().join("a-dir"));
    merged(&from_dir, &b, &[]);
    let r = merged(&a, &qdpx, &[]);
    assert_eq!(r["codings"], 2, "{r}");
    assert_eq!(digest(&a), digest(&from_dir));
}
