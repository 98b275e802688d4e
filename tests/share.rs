//! Share: the anonymised copy holds no original (checked here by our own
//! byte scan, in UTF-8 and UTF-16, any case), no undo history, no link key,
//! no journal unless asked; share refuses unreviewed or unapplied work.

mod anon_common;
use anon_common::*;
use rusqlite::Connection;
use std::path::Path;
use std::process::Command as Process;
use tema::anonymise::*;

fn opts() -> ShareOptions {
    ShareOptions::default()
}

/// A journal entry (stored directly: the journal's commands are not this
/// test's subject).
fn add_journal(s: &mut Study, text: &str) {
    raw_db(&s.project)
        .execute(
            "INSERT INTO journal_entries(uuid, created_at, updated_at, entry_date, phase, text)
             VALUES ('u1', 'now', 'now', '2025-01-01', 2, ?1)",
            [text],
        )
        .unwrap();
}

fn apply_all(s: &mut Study) {
    anon_accept(&mut s.project, &Selection::All).unwrap();
    anon_apply(&mut s.project, &s.dir.path().join("key.csv")).unwrap();
}

fn assert_clean(out: &Path, planted: &[&str]) {
    let files = files_under(out);
    assert!(!files.is_empty());
    for f in files {
        let found = planted_in(&std::fs::read(&f).unwrap(), planted);
        assert!(found.is_empty(), "{f:?} holds {found:?}");
    }
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn the_shared_copy_holds_no_original_no_history_no_key_no_journal() {
    let mut s = study();
    add_journal(
        &mut s,
        "I dag snakket jeg med Kari Nordvik; jeg ble berørt.",
    );
    apply_all(&mut s);
    // The private project still holds the originals (its undo log).
    let private = std::fs::read(s.project.dir().join("project.db")).unwrap();
    let wal = std::fs::read(s.project.dir().join("project.db-wal")).unwrap_or_default();
    assert!(!planted_in(&[private, wal].concat(), &["Kari Nordvik"]).is_empty());

    let out = s.dir.path().join("delt");
    let report = share(&s.project, &out, &opts()).unwrap();
    assert!(report.originals_checked >= 8);
    assert_clean(&out, PLANTED);
    assert!(out.join("index").is_dir());
    assert!(
        files_under(&out.join("index")).len() > 1,
        "the index is rebuilt from the anonymised copy"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        let p = out.join(format!("project.db{suffix}"));
        assert!(
            !p.exists() || std::fs::metadata(&p).unwrap().len() == 0,
            "{p:?}"
        );
    }
    assert!(
        files_under(s.project.dir())
            .iter()
            .all(|f| !f.to_string_lossy().contains(".share-"))
    );

    let conn = Connection::open(out.join("project.db")).unwrap();
    assert_eq!(count(&conn, "PRAGMA freelist_count"), 0);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    for t in [
        "log_commands",
        "log_steps",
        "log_changes",
        "local_settings",
        "anon_entities",
        "anon_rules",
        "anon_occurrences",
        "journal_entries",
    ] {
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM {t}")), 0, "{t}");
    }
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM anon_audit WHERE original IS NOT NULL OR entity IS NOT NULL"
        ),
        0
    );
    assert!(count(&conn, "SELECT count(*) FROM anon_audit") > 0);
    drop(conn);

    // The copy is a working tema project with the anonymised texts.
    let copy = tema::Project::open(&out).unwrap();
    assert_eq!(
        copy.text(s.docs[1]).unwrap(),
        s.project.text(s.docs[1]).unwrap()
    );
    assert_eq!(copy.check().unwrap(), vec![]);
    assert_eq!(copy.history(10).unwrap().len(), 0);
}

#[test]
fn the_journal_is_shared_only_when_asked_and_then_anonymised() {
    let mut s = study();
    add_journal(
        &mut s,
        "Refleksjon etter samtalen med Per-Arne Løvås i Ålesund.",
    );
    apply_all(&mut s);
    let out = s.dir.path().join("med-dagbok");
    share(
        &s.project,
        &out,
        &ShareOptions {
            include_journal: true,
            ..opts()
        },
    )
    .unwrap();
    assert_clean(&out, PLANTED);
    let conn = Connection::open(out.join("project.db")).unwrap();
    let text: String = conn
        .query_row("SELECT text FROM journal_entries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, "Refleksjon etter samtalen med [Person B] i [Sted A].");
}

#[test]
fn share_refuses_while_suggestions_are_unreviewed_and_says_where() {
    let mut s = study();
    anon_accept(
        &mut s.project,
        &Selection::Entities(vec!["Kari Nordvik".into()]),
    )
    .unwrap();
    let out = s.dir.path().join("ut");
    let err = share(&s.project, &out, &opts()).unwrap_err().to_string();
    assert!(err.contains("have not been reviewed"), "{err}");
    assert!(err.contains("Intervju 2"), "{err}");
    assert!(err.contains("«Ålesund»"), "{err}");
    assert!(err.contains("Vi møttes i Ålesund"), "{err}");
    assert!(!out.exists());

    // Reviewed but not applied.
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let err = share(&s.project, &out, &opts()).unwrap_err().to_string();
    assert!(err.contains("not been applied"), "{err}");
    assert!(!out.exists());

    // Kept on purpose: shared as it stands.
    anon_apply(&mut s.project, &s.dir.path().join("k.csv")).unwrap();
    share(&s.project, &out, &opts()).unwrap();
}

#[test]
fn a_kept_entity_is_shared_and_not_reported_as_a_leak() {
    let mut s = study();
    anon_reject(&mut s.project, &Selection::Entities(vec!["Ålesund".into()])).unwrap();
    apply_all(&mut s);
    let out = s.dir.path().join("ut");
    share(&s.project, &out, &opts()).unwrap();
    let db = std::fs::read(out.join("project.db")).unwrap();
    assert_eq!(planted_in(&db, &["Ålesund"]), ["Ålesund"]);
    let planted: Vec<&str> = PLANTED
        .iter()
        .copied()
        .filter(|p| *p != "Ålesund")
        .collect();
    assert_clean(&out, &planted);
}

#[test]
fn a_leftover_original_fails_share_and_deletes_the_copy() {
    let mut s = study();
    apply_all(&mut s);
    // An original in a column apply does not rewrite (a format tag), and
    // one in UTF-16 inside a text.
    raw_db(&s.project)
        .execute(
            "UPDATE documents SET format = 'KARI NORDVIK' WHERE id = ?1",
            [s.docs[0]],
        )
        .unwrap();
    let out = s.dir.path().join("ut");
    let err = share(&s.project, &out, &opts()).unwrap_err().to_string();
    assert!(err.contains("Kari Nordvik"), "{err}");
    assert!(err.contains("documents.format"), "{err}");
    assert!(!out.exists(), "the copy is deleted");
}

#[test]
fn the_scanner_finds_utf16_and_any_case_but_not_ordinary_words() {
    let tmp = tempfile::tempdir().unwrap();
    let utf16le: Vec<u8> = "xx LØVÅS yy"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut odd = vec![0u8];
    odd.extend(
        "zz kari nordvik"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes()),
    );
    std::fs::write(tmp.path().join("a.bin"), utf16le).unwrap();
    std::fs::write(tmp.path().join("b.bin"), odd).unwrap();
    std::fs::write(
        tmp.path().join("c.txt"),
        "[Person A] og hans bror, per dag. Personalet.",
    )
    .unwrap();
    let originals = vec![
        "Løvås".to_string(),
        "Kari Nordvik".into(),
        "Hans".into(),
        "Per".into(),
    ];
    let leaks = scan_dir(tmp.path(), &originals).unwrap();
    let mut found: Vec<(String, String)> = leaks
        .iter()
        .map(|l| {
            (
                l.file.file_name().unwrap().to_string_lossy().into_owned(),
                l.original.clone(),
            )
        })
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(
        found,
        [
            ("a.bin".to_string(), "Løvås".to_string()),
            ("b.bin".to_string(), "Kari Nordvik".to_string())
        ]
    );
}

#[test]
fn share_refuses_an_out_folder_inside_the_project_or_not_empty() {
    let mut s = study();
    apply_all(&mut s);
    let dir = s.project.dir().to_path_buf();
    for out in [
        dir.join("delt"),
        dir.clone(),
        dir.join("index").join("..").join("x"),
    ] {
        let err = share(&s.project, &out, &opts()).unwrap_err().to_string();
        assert!(
            err.contains("outside the project") || err.contains("'..'"),
            "{out:?}: {err}"
        );
    }
    let full = s.dir.path().join("full");
    std::fs::create_dir_all(&full).unwrap();
    std::fs::write(full.join("x"), "x").unwrap();
    let err = share(&s.project, &full, &opts()).unwrap_err().to_string();
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn the_sample_study_accepts_applies_and_shares_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let cands = anon_detect(&p).unwrap();
    let mut originals: Vec<String> = cands.iter().map(|c| c.text.clone()).collect();
    originals.sort();
    originals.dedup();
    assert!(originals.iter().any(|o| o == "Kari Nordvik"));
    anon_accept(&mut p, &Selection::All).unwrap();
    anon_apply(&mut p, &tmp.path().join("key.csv")).unwrap();
    assert_eq!(p.check().unwrap(), vec![]);
    let out = tmp.path().join("delt");
    share(&p, &out, &opts()).unwrap();
    // Our own scan, for every detected original that is not an ordinary
    // lowercase word (those are checked by tema's scanner), as whole words:
    // `Kari` is in `karismatisk`.
    let planted: Vec<&str> = originals
        .iter()
        .map(String::as_str)
        .filter(|o| o.chars().next().is_some_and(|c| !c.is_lowercase()))
        .collect();
    for f in files_under(&out) {
        let found = planted_words_in(&std::fs::read(&f).unwrap(), &planted);
        assert!(found.is_empty(), "{f:?} holds {found:?}");
    }
    let copy = tema::Project::open(&out).unwrap();
    assert_eq!(
        copy.documents().unwrap().len(),
        p.documents().unwrap().len()
    );

    // The same copy as REFI-QDA: every entry of the zip, unpacked, is clean.
    let out = tmp.path().join("delt-qdpx");
    let qdpx = ShareOptions {
        format: ShareFormat::Qdpx,
        ..opts()
    };
    let report = share(&p, &out, &qdpx).unwrap();
    assert_eq!(report.files.len(), 1, "{:?}", report.files);
    let file = std::fs::File::open(out.join(&report.files[0])).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    assert!(zip.by_name("project.qde").is_ok());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let found = planted_words_in(&bytes, &planted);
        assert!(found.is_empty(), "{} holds {found:?}", entry.name());
    }
}

// ------------------------------------------------------------------ CLI

fn tema(args: &[&str]) -> std::process::Output {
    Process::new(env!("CARGO_BIN_EXE_tema"))
        .args(args)
        .env_remove("TEMA_PROJECT")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = tema(args);
    assert!(
        out.status.success(),
        "tema {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = tema(args);
    assert!(!out.status.success(), "tema {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn the_cli_reviews_applies_audits_and_shares() {
    let s = study();
    let dir = s.project.dir().to_path_buf();
    let p = dir.to_str().unwrap();
    drop(s.project);

    let detected: serde_json::Value =
        serde_json::from_str(&ok(&["anon", "detect", "-p", p, "--json"])).unwrap();
    let first = &detected[0];
    for field in [
        "doc",
        "start",
        "end",
        "text",
        "kind",
        "entity",
        "replacement",
        "confidence",
        "status",
    ] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }
    assert_eq!(first["text"], "Kari Nordvik");
    assert_eq!(first["replacement"], "[Person A]");
    assert_eq!(first["status"], "suggested");

    let err = fails(&[
        "share",
        "-p",
        p,
        "-o",
        s.dir.path().join("ut").to_str().unwrap(),
    ]);
    assert!(err.contains("have not been reviewed"), "{err}");

    ok(&["anon", "reject", "-p", p, "--entity", "Ålesund"]);
    ok(&[
        "anon",
        "accept",
        "-p",
        p,
        "--entity",
        "Kari Nordvik",
        "--entity",
        "Per-Arne Løvås",
    ]);
    ok(&["anon", "accept", "-p", p, "--all"]);
    ok(&[
        "anon", "rule", "add", "-p", p, "Ålesund", "[by]", "--kind", "place",
    ]);
    let preview = ok(&["anon", "preview", "-p", p, "Intervju 2"]);
    assert!(
        preview.contains("Det var [Person A]. Vi møttes i Ålesund"),
        "{preview}"
    );

    let inside = dir.join("key.csv");
    let err = fails(&[
        "anon",
        "apply",
        "-p",
        p,
        "--key-out",
        inside.to_str().unwrap(),
    ]);
    assert!(err.contains("inside the project"), "{err}");
    let key = s.dir.path().join("key.csv");
    ok(&["anon", "apply", "-p", p, "--key-out", key.to_str().unwrap()]);
    assert!(
        std::fs::read_to_string(&key)
            .unwrap()
            .contains("Kari Nordvik")
    );
    ok(&["check", "-p", p]);

    let audit: serde_json::Value =
        serde_json::from_str(&ok(&["anon", "audit", "-p", p, "--json"])).unwrap();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["original"] == "Karis" && a["replacement"] == "[Person A]s")
    );

    let out = s.dir.path().join("ut");
    ok(&["share", "-p", p, "-o", out.to_str().unwrap()]);
    let planted: Vec<&str> = PLANTED
        .iter()
        .copied()
        .filter(|x| *x != "Ålesund")
        .collect();
    assert_clean(&out, &planted);
    let err = fails(&["share", "-p", p, "-o", out.to_str().unwrap()]);
    assert!(err.contains("not empty"), "{err}");
    let q = s.dir.path().join("q");
    ok(&[
        "share",
        "-p",
        p,
        "-o",
        q.to_str().unwrap(),
        "--format",
        "qdpx",
    ]);
    let shared: Vec<_> = std::fs::read_dir(&q)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].extension().unwrap(), "qdpx");

    ok(&["undo", "-p", p]);
    let text = ok(&["text", "-p", p, "Intervju 3"]);
    assert_eq!(text, DOC3);
}

#[test]
fn a_rule_kept_as_a_whole_is_neither_applied_nor_a_leak() {
    let mut s = study();
    anon_add_rule(
        &mut s.project,
        NewRule {
            original: "skjemaet".into(),
            replacement: "[dokument]".into(),
            kind: Kind::Workplace,
            whole_word: true,
            case_sensitive: false,
            inflect: false,
        },
    )
    .unwrap();
    anon_reject(
        &mut s.project,
        &Selection::Entities(vec!["skjemaet".into()]),
    )
    .unwrap();
    apply_all(&mut s);
    assert!(s.project.text(s.docs[0]).unwrap().contains("skjemaet"));
    share(&s.project, &s.dir.path().join("ut"), &opts()).unwrap();
}

#[test]
fn a_genitive_in_a_memo_is_replaced_and_the_scan_would_catch_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = tema::Project::create(&tmp.path().join("p"), "Studie").unwrap();
    let text = "Intervjuer: Hvem var kontaktlærer?\n\nInformant 1: Det var Kari Nordvik. Kari sa ikke så mye, men hun var der.";
    let doc = tema::store::NewDocument {
        name: "Intervju".into(),
        source_name: "intervju.txt".into(),
        format: "txt".into(),
        text: text.into(),
        sha256: "x".into(),
        turns: vec![],
        participants: vec![],
        speakers: vec![],
    };
    let doc = p
        .execute(tema::store::Command::Import {
            documents: vec![doc],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    let code = p
        .execute(tema::store::Command::CreateCode {
            name: "Lærer".into(),
            parent: None,
            colour: None,
            description: String::new(),
        })
        .unwrap()
        .ids[0];
    let (start, end) = tema::app::codes::quote_in(text, "Kari sa ikke så mye", 1).unwrap();
    p.execute(tema::store::Command::ApplyCoding {
        doc,
        code,
        start,
        end,
        memo: "Karis sjef var streng".into(),
    })
    .unwrap();
    anon_accept(&mut p, &Selection::All).unwrap();
    anon_apply(&mut p, &tmp.path().join("key.csv")).unwrap();
    let memo = p.codings(&Default::default()).unwrap()[0].memo.clone();
    assert!(
        !memo.contains("Kari"),
        "the genitive in the memo was replaced: {memo}"
    );
    share(&p, &tmp.path().join("ut"), &opts()).unwrap();

    // The scan itself: a genitive of an original is a find, a longer word is not.
    let alone = tmp.path().join("alone");
    std::fs::create_dir(&alone).unwrap();
    std::fs::write(alone.join("leak.txt"), "Karis sjef og karismatisk").unwrap();
    let finds = scan_dir(&alone, &["Kari".to_string()]).unwrap();
    assert!(
        finds.iter().any(|l| l.context.contains("Karis sjef")),
        "{finds:?}"
    );
    assert!(finds.iter().all(|l| !l.context.starts_with("karismatisk")));
}

/// Plant `text` in a column no review reads and apply never rewrites (a
/// format tag): only share's own scan can find it there.
fn plant_behind_review(s: &Study, text: &str) {
    raw_db(&s.project)
        .execute(
            "UPDATE documents SET format = ?1 WHERE id = ?2",
            rusqlite::params![text, s.docs[0]],
        )
        .unwrap();
}

#[test]
fn keeping_one_occurrence_excuses_that_occurrence_only() {
    let mut s = study();
    // Keep the name where Intervju 2 mentions it; replace it everywhere else.
    let at = anon_detect(&s.project)
        .unwrap()
        .into_iter()
        .find(|c| c.doc == s.docs[1] && c.text == "Kari Nordvik")
        .unwrap();
    anon_decide_occurrence(
        &mut s.project,
        at.doc,
        at.start,
        at.end,
        Some(Status::Rejected),
        None,
    )
    .unwrap();
    apply_all(&mut s);
    assert!(s.project.text(s.docs[1]).unwrap().contains("Kari Nordvik"));
    assert!(!s.project.text(s.docs[0]).unwrap().contains("Kari Nordvik"));

    // The kept occurrence is shared as it stands.
    let out = s.dir.path().join("ut");
    share(&s.project, &out, &opts()).unwrap();
    let db = std::fs::read(out.join("project.db")).unwrap();
    assert_eq!(planted_in(&db, &["Kari Nordvik"]), ["Kari Nordvik"]);

    // The same name anywhere else still stops share, and says where.
    plant_behind_review(&s, "Kari Nordvik");
    let out = s.dir.path().join("ut2");
    let err = share(&s.project, &out, &opts()).unwrap_err().to_string();
    assert!(
        err.contains("«Kari Nordvik»") && err.contains("documents.format"),
        "{err}"
    );
    assert!(
        !err.contains("documents.text"),
        "the kept occurrence itself is not reported: {err}"
    );
    assert!(!out.exists());
}

#[test]
fn an_entity_kept_as_a_whole_is_excused_everywhere() {
    let mut s = study();
    anon_reject(&mut s.project, &Selection::Entities(vec!["Ålesund".into()])).unwrap();
    apply_all(&mut s);
    plant_behind_review(&s, "Ålesund");
    share(&s.project, &s.dir.path().join("ut"), &opts()).unwrap();
}
