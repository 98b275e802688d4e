//! Global undo/redo: every kind of change can be undone and redone, also
//! after the project is closed and opened again, and a new change after an
//! undo drops the redo branch.

mod common;
use common::*;
use tema::Project;
use tema::model::NoteKind;
use tema::store::{Command, NewParticipant};

/// Run `cmd`, then check that undo restores the state before it exactly and
/// redo (after reopening the project) restores the state after it.
fn assert_undoable(p: &mut Project, cmd: Command) -> Project {
    let before = snapshot(p);
    let label = p.execute(cmd).unwrap().label;
    let after = snapshot(p);
    assert_ne!(before, after, "'{label}' changed nothing a user can see");
    assert_eq!(p.undo_label().unwrap().as_deref(), Some(label.as_str()));
    assert_eq!(p.undo().unwrap().as_deref(), Some(label.as_str()));
    assert_eq!(
        snapshot(p),
        before,
        "undo of '{label}' did not restore the project"
    );
    // Across a restart: the log lives in the database, not in memory.
    let dir = p.dir().to_path_buf();
    let mut reopened = Project::open(&dir).unwrap();
    assert_eq!(
        reopened.redo_label().unwrap().as_deref(),
        Some(label.as_str())
    );
    reopened.redo().unwrap();
    assert_eq!(
        snapshot(&reopened),
        after,
        "redo of '{label}' did not restore the change"
    );
    assert!(reopened.check().unwrap().is_empty());
    reopened
}

#[test]
fn every_command_undoes_and_redoes_across_restarts() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    let relasjoner = create_code(&mut p, "Relasjoner", None);
    let taus = create_code(&mut p, "Taushetsplikt", None);
    let coding = code_quote(&mut p, doc, tillit, "det er jo mye tillit som må på plass");
    code_quote(&mut p, doc, taus, "taushetsplikten står i veien");
    let participant = p.resolve_participant("Lærer A").unwrap();

    let commands = vec![
        Command::CreateCode {
            name: "Ærlighet".into(),
            parent: Some(relasjoner),
            colour: Some("#aabbcc".into()),
            description: "Å være åpen".into(),
        },
        Command::RenameCode {
            code: tillit,
            name: "Tillit mellom tjenester".into(),
        },
        Command::EditCode {
            code: tillit,
            colour: Some("#112233".into()),
            description: Some("Når de stoler på hverandre".into()),
        },
        Command::MoveCode {
            code: tillit,
            parent: Some(relasjoner),
            position: Some(0),
        },
        Command::ApplyCoding {
            doc,
            code: tillit,
            start: 3,
            end: 12,
            memo: "memo".into(),
        },
        Command::EditCoding {
            coding,
            code: Some(taus),
            start: Some(70),
            end: Some(90),
            memo: Some("endret".into()),
        },
        Command::RemoveCoding { coding },
        Command::SplitCode {
            code: tillit,
            codings: vec![coding],
            new_name: "Mistillit".into(),
        },
        Command::MergeCodes {
            sources: vec![taus],
            target: tillit,
        },
        Command::DeleteCode { code: relasjoner },
        Command::CreateParticipant {
            participant: NewParticipant {
                label: "Leder C".into(),
                attributes: vec![("sector".into(), "NAV".into())],
            },
        },
        Command::SetAttribute {
            participant,
            key: "sector".into(),
            value: Some("skole".into()),
        },
        Command::RenameParticipant {
            participant,
            label: "Lærer Å".into(),
        },
        Command::LinkParticipant {
            doc,
            participant,
            linked: true,
        },
        Command::MapSpeaker {
            doc,
            speaker: "Informant 1".into(),
            participant: None,
        },
        Command::DeleteParticipant { participant },
        Command::AddNote {
            kind: NoteKind::Familiarisation,
            doc: Some(doc),
            code: None,
            text: "Første inntrykk: mye latter".into(),
        },
        Command::CreateCodeAndApply {
            name: "Å sitte på hver vår tue".into(),
            parent: None,
            spans: vec![(doc, 10, 30), (doc, 40, 60)],
        },
        Command::RenameDocument {
            doc,
            name: "Gruppe – ledere".into(),
        },
        Command::DeleteDocument { doc },
    ];
    for cmd in commands {
        p = assert_undoable(&mut p, cmd);
        // Leave each change undone so the next one starts from a known state.
        p.undo().unwrap();
    }
}

#[test]
fn undo_of_import_removes_the_document_and_redo_brings_back_the_same_ids() {
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Tillit", None);
    let coding = code_quote(&mut p, doc, code, "tillit");
    let before = snapshot(&p);
    // Undo coding, code and import: nothing is left.
    for _ in 0..3 {
        p.undo().unwrap();
    }
    assert!(p.documents().unwrap().is_empty());
    assert!(p.codes().unwrap().is_empty());
    assert_eq!(p.undo().unwrap(), None, "nothing more to undo");
    for _ in 0..3 {
        p.redo().unwrap();
    }
    assert_eq!(snapshot(&p), before);
    assert_eq!(p.documents().unwrap()[0].id, doc);
    assert_eq!(p.codings(&Default::default()).unwrap()[0].id, coding);
    assert_eq!(p.redo().unwrap(), None, "nothing more to redo");
}

#[test]
fn a_new_change_after_undo_drops_the_redo_branch() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    p.undo().unwrap();
    assert!(p.redo_label().unwrap().is_some());
    create_code(&mut p, "Samarbeid", None);
    assert_eq!(p.redo_label().unwrap(), None);
    let names: Vec<String> = p.codes().unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Samarbeid"]);
}

#[test]
fn a_failed_command_changes_nothing_and_logs_nothing() {
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Tillit", None);
    let before = snapshot(&p);
    let history = p.history(100).unwrap();
    assert!(
        p.execute(Command::ApplyCoding {
            doc,
            code,
            start: 5,
            end: 1_000_000,
            memo: String::new()
        })
        .is_err()
    );
    assert!(
        p.execute(Command::CreateCode {
            name: "tillit".into(),
            parent: None,
            colour: None,
            description: String::new()
        })
        .is_err()
    );
    assert!(
        p.execute(Command::MoveCode {
            code,
            parent: Some(code),
            position: None
        })
        .is_err()
    );
    // A batch that fails half-way leaves no trace of its first half.
    let batch = Command::Batch {
        label: "two codes".into(),
        commands: vec![
            Command::CreateCode {
                name: "Ny".into(),
                parent: None,
                colour: None,
                description: String::new(),
            },
            Command::CreateCode {
                name: "".into(),
                parent: None,
                colour: None,
                description: String::new(),
            },
        ],
    };
    assert!(p.execute(batch).is_err());
    assert_eq!(snapshot(&p), before);
    assert_eq!(p.history(100).unwrap(), history);
}

#[test]
fn merging_codes_moves_codings_and_joins_descriptions() {
    let (_dir, mut p, doc) = project_with_interview();
    let a = create_code_with(&mut p, "Tillit", None, "Å stole på");
    let b = create_code_with(&mut p, "Trygghet", None, "Å føle seg trygg");
    code_quote(&mut p, doc, a, "tillit");
    code_quote(&mut p, doc, b, "tillit"); // same span: becomes one coding
    code_quote(&mut p, doc, b, "hver vår tue");
    let label = p
        .execute(Command::MergeCodes {
            sources: vec![b],
            target: a,
        })
        .unwrap()
        .label;
    assert_eq!(label, "merge 'Trygghet' into 'Tillit'");
    let codes = p.codes().unwrap();
    assert_eq!(codes.len(), 1);
    assert_eq!(
        codes[0].description,
        "Å stole på\n\nTrygghet: Å føle seg trygg"
    );
    let quotes = coded_texts(&p);
    assert_eq!(quotes, ["tillit", "hver vår tue"]);
}

#[test]
fn sibling_names_are_unique_ignoring_case_including_norwegian_letters() {
    let (_dir, mut p) = new_project();
    create_code(&mut p, "Økonomi", None);
    let err = p
        .execute(Command::CreateCode {
            name: "øKONOMI".into(),
            parent: None,
            colour: None,
            description: String::new(),
        })
        .unwrap_err();
    assert!(err.to_string().contains("exists already"), "{err}");
    // The same name under another parent is fine.
    let parent = create_code(&mut p, "Ressurser", None);
    create_code(&mut p, "Økonomi", Some(parent));
    assert!(
        p.resolve_code("Økonomi").is_err(),
        "ambiguous name must not pick one silently"
    );
    assert_eq!(
        p.resolve_code("Ressurser/Økonomi").unwrap(),
        p.codes().unwrap()[2].id
    );
    assert_eq!(
        p.resolve_code("/Økonomi").unwrap(),
        p.codes().unwrap()[0].id
    );
}

#[test]
fn coded_quotes_read_the_same_and_know_their_speaker() {
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Taushetsplikt", None);
    code_quote(&mut p, doc, code, "taushetsplikten står i veien");
    code_quote(&mut p, doc, code, "Hvordan opplever dere");
    let codings = p.codings(&Default::default()).unwrap();
    assert_eq!(codings[0].text, "Hvordan opplever dere");
    assert_eq!(
        codings[0].participant, None,
        "the interviewer is no participant"
    );
    assert_eq!(codings[1].text, "taushetsplikten står i veien");
    assert_eq!(codings[1].participant.as_deref(), Some("Helsesykepleier B"));
    let docs = p.documents().unwrap();
    assert_eq!(docs[0].participants, ["Helsesykepleier B", "Lærer A"]);
}

#[test]
fn rewriting_a_text_keeps_every_quote_on_its_words_and_undo_restores_it_exactly() {
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Taushetsplikt", None);
    code_quote(&mut p, doc, code, "taushetsplikten står i veien");
    code_quote(
        &mut p,
        doc,
        code,
        "Vi i skolen vet ofte ikke hva barnevernet gjør.",
    );
    let original = p.text(doc).unwrap();
    let before = snapshot(&p);
    let (s, e) = tema::app::codes::quote_in(&original, "skolen", 1).unwrap();
    let (s2, e2) = tema::app::codes::quote_in(&original, "Informant 2", 1).unwrap();
    let edits = vec![
        tema::text::Edit {
            start: s,
            end: e,
            replacement: "[Skole A]".into(),
        },
        tema::text::Edit {
            start: s2,
            end: e2,
            replacement: "[Informant B]".into(),
        },
    ];
    p.execute(Command::RewriteText { doc, edits }).unwrap();
    let quotes = coded_texts(&p);
    assert_eq!(
        quotes,
        [
            "Vi i [Skole A] vet ofte ikke hva barnevernet gjør.",
            "taushetsplikten står i veien"
        ]
    );
    let turns = p.turns(doc).unwrap();
    let text = p.text(doc).unwrap();
    assert_eq!(
        tema::text::slice_chars(&text, turns[2].start, turns[2].body_start),
        "[Informant B]: "
    );
    assert!(p.check().unwrap().is_empty());
    p.undo().unwrap();
    assert_eq!(p.text(doc).unwrap(), original);
    assert_eq!(snapshot(&p), before);
}

#[test]
fn undo_refuses_when_the_project_was_changed_outside_its_history() {
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Tillit", None);
    let coding = code_quote(&mut p, doc, code, "tillit");
    // Another program deletes the coding behind tema's back.
    let raw = rusqlite::Connection::open(p.dir().join("project.db")).unwrap();
    raw.execute("DELETE FROM codings WHERE id = ?1", [coding])
        .unwrap();
    drop(raw);
    let before = snapshot(&p);
    let err = p.undo().unwrap_err().to_string();
    assert!(err.contains("changed outside tema's history"), "{err}");
    assert_eq!(snapshot(&p), before, "a refused undo changes nothing");
    assert_eq!(
        p.undo_label().unwrap().as_deref(),
        Some("apply code 'Tillit'")
    );
}

#[test]
fn moving_a_code_among_its_siblings_renumbers_them_and_undoes_in_one_step() {
    let (_dir, mut p, _doc) = project_with_interview();
    let [a, b, _c, d] = ["A", "B", "C", "D"].map(|name| create_code(&mut p, name, None));
    let order = |p: &Project| -> Vec<(String, i64)> {
        p.codes()
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.position))
            .collect()
    };
    let named = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
        list.iter().map(|(n, i)| (n.to_string(), *i)).collect()
    };
    let reorder = Command::MoveCode {
        code: d,
        parent: None,
        position: Some(1),
    };
    assert_eq!(p.execute(reorder).unwrap().label, "reorder code 'D'");
    assert_eq!(order(&p), named(&[("A", 0), ("D", 1), ("B", 2), ("C", 3)]));
    // Into another code: the siblings it leaves close up behind it.
    p.execute(Command::MoveCode {
        code: b,
        parent: Some(a),
        position: None,
    })
    .unwrap();
    assert_eq!(order(&p), named(&[("A", 0), ("B", 0), ("D", 1), ("C", 2)]));
    assert_eq!(p.undo().unwrap().as_deref(), Some("move code 'B' into 'A'"));
    assert_eq!(p.undo().unwrap().as_deref(), Some("reorder code 'D'"));
    assert_eq!(order(&p), named(&[("A", 0), ("B", 1), ("C", 2), ("D", 3)]));
}
