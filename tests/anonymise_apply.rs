//! Anonymisation review and apply on a small study full of identifiers:
//! quotes keep their words, turns keep their speakers, undo restores every
//! byte, labels are consistent, and the link key never lands in the project.

mod anon_common;
use anon_common::*;
use tema::anonymise::*;
use tema::store::Command;

fn accept_all_and_apply(s: &mut Study) -> ApplyReport {
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let key = s.dir.path().join("key.csv");
    anon_apply(&mut s.project, &key).unwrap()
}

const DOC1_AFTER: &str = "Intervjuer: Kan du fortelle om samarbeidet?\n\nInformant 1: Ja, jeg jobbet tett med [Person A] i [Sted A]. [Person A]s kontor lå like ved. Hun har telefon [telefon] og e-post [e-post].\n\nInformant 1: [Person B] var koordinator. [Person B] ringte meg hver uke.\n\nIntervjuer: Og skjemaet?\n\nInformant 1: Der sto fødselsnummeret [fødselsnummer], sto det på skjemaet.";
const DOC2_AFTER: &str = "Intervjuer: Hvem var kontaktpersonen?\n\nInformant 2: Det var [Person A]. Vi møttes i [Sted A] hver måned, og [Person B] var med.";
const DOC3_AFTER: &str =
    "Intervjuer: Du var kontaktlærer?\n\n[Person A]: Ja, i mange år. [Person B] var sjefen min.";

#[test]
fn accept_all_and_apply_keeps_every_quote_on_its_words() {
    let mut s = study();
    let report = accept_all_and_apply(&mut s);
    assert_eq!(report.documents, 3);

    let p = &s.project;
    assert_eq!(p.text(s.docs[0]).unwrap(), DOC1_AFTER);
    assert_eq!(p.text(s.docs[1]).unwrap(), DOC2_AFTER);
    assert_eq!(p.text(s.docs[2]).unwrap(), DOC3_AFTER);

    let quotes: std::collections::HashMap<i64, String> = p
        .codings(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.text))
        .collect();
    let expected = [
        "jobbet tett med [Person A] i [Sted A]",
        "[Person A]s kontor lå like ved",
        // ended inside the name: takes in the whole replacement
        "Ja, jeg jobbet tett med [Person A]",
        // touched names from outside: does not grow into them
        " var koordinator. ",
        "Der sto fødselsnummeret ",
        "og [Person B] var med",
        "[Person A]: Ja, i mange år.",
    ];
    for ((id, _), want) in s.codings.iter().zip(expected) {
        assert_eq!(quotes[id], want, "coding {id}");
    }

    // Every speaker turn still starts with its (renamed) speaker label.
    for doc in s.docs {
        let text = p.text(doc).unwrap();
        for t in p.turns(doc).unwrap() {
            let head = tema::text::slice_chars(&text, t.start, t.body_start);
            if let Some(label) = &t.speaker {
                assert_eq!(head, format!("{label}: "), "turn {t:?}");
            }
        }
    }
    let speakers = p.speakers(s.docs[2]).unwrap();
    assert!(
        speakers
            .iter()
            .any(|(l, part)| l == "[Person A]" && part.as_deref() == Some("[Person A]"))
    );

    // Names in every other field: document name, participant label and
    // attribute, code name and description, memo, note.
    let docs = p.documents().unwrap();
    assert_eq!(docs[0].name, "Intervju med [Person A]");
    let parts = p.participants().unwrap();
    assert_eq!(parts[0].label, "[Person A]");
    assert_eq!(parts[0].attributes["arbeidssted"], "[Sted A]");
    let codes = p.codes().unwrap();
    assert!(codes.iter().any(|c| c.name == "Samarbeid med [Person A]"));
    assert!(
        codes
            .iter()
            .any(|c| c.description == "Når [Person B] ringer")
    );
    let memo = p
        .codings(&Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.id == s.codings[0].0)
        .unwrap()
        .memo;
    assert_eq!(memo, "[Person A] er nøkkelpersonen");
    let notes = p.notes(None, None, None).unwrap();
    assert_eq!(notes[0].text, "Snakk med [Person B] igjen om [Sted A].");

    assert_eq!(p.check().unwrap(), vec![]);
    // Nothing left to suggest or apply.
    assert!(anon_detect(p).unwrap().is_empty());
    assert!(anon_plan(p).unwrap().is_empty());
}

#[test]
fn undo_restores_the_original_text_byte_for_byte_and_every_offset() {
    let mut s = study();
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let before = snapshot(&s.project);
    let codings_before = s.project.codings(&Default::default()).unwrap();
    anon_apply(&mut s.project, &s.dir.path().join("key.json")).unwrap();
    let after = snapshot(&s.project);
    assert_ne!(before, after);
    assert!(
        s.project
            .undo_label()
            .unwrap()
            .unwrap()
            .starts_with("anonymise")
    );

    s.project.undo().unwrap();
    assert_eq!(snapshot(&s.project), before);
    assert_eq!(
        s.project.text(s.docs[0]).unwrap().as_bytes(),
        DOC1.as_bytes()
    );
    assert_eq!(s.project.text(s.docs[2]).unwrap(), DOC3);
    assert_eq!(
        s.project.codings(&Default::default()).unwrap(),
        codings_before
    );
    assert!(anon_audit(&s.project).unwrap().is_empty());

    // Redo, across a restart.
    let dir = s.project.dir().to_path_buf();
    s.project.redo().unwrap();
    drop(std::mem::replace(
        &mut s.project,
        tema::Project::open(&dir).unwrap(),
    ));
    assert_eq!(snapshot(&s.project), after);
    s.project.undo().unwrap();
    assert_eq!(snapshot(&s.project), before);
}

#[test]
fn the_same_entity_gets_the_same_label_in_every_document() {
    let mut s = study();
    let cands = anon_detect(&s.project).unwrap();
    for entity in ["Kari Nordvik", "Per-Arne Løvås", "Ålesund"] {
        let labels: std::collections::BTreeSet<String> = cands
            .iter()
            .filter(|c| c.entity == entity)
            .map(|c| c.replacement.trim_end_matches('s').to_string())
            .collect();
        let docs: std::collections::BTreeSet<i64> = cands
            .iter()
            .filter(|c| c.entity == entity)
            .map(|c| c.doc)
            .collect();
        assert_eq!(labels.len(), 1, "{entity}: {labels:?}");
        assert!(docs.len() >= 2, "{entity} is in several documents");
    }
    accept_all_and_apply(&mut s);
    for doc in s.docs {
        let text = s.project.text(doc).unwrap();
        assert!(text.contains("[Person A]"));
        assert!(!text.contains("[Person C]"));
    }
    // Labels stay put when a new document arrives after apply: the new
    // person gets a new letter, not one in use.
    let new_doc = s
        .project
        .execute(Command::Import {
            documents: vec![tema::store::NewDocument::from(parsed(
                "Intervju 4",
                "Intervjuer: Hvem andre?\n\nInformant 4: Ingrid Haugland sa at Ingrid Haugland hadde ansvaret.",
            ))],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    let cands = anon_detect(&s.project).unwrap();
    let ingrid: Vec<_> = cands.iter().filter(|c| c.doc == new_doc).collect();
    assert!(!ingrid.is_empty());
    assert!(
        ingrid.iter().all(|c| c.replacement == "[Person C]"),
        "{ingrid:?}"
    );
}

#[test]
fn the_link_key_is_written_outside_and_refused_inside_the_project() {
    let mut s = study();
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let dir = s.project.dir().to_path_buf();
    let original = s.project.text(s.docs[0]).unwrap();

    let inside = [
        dir.join("key.csv"),
        dir.join("index").join("key.csv"),
        // `..` that resolves back into the project
        dir.join("index").join("..").join("key.csv"),
        // the database itself
        dir.join(tema::store::DB_FILE),
    ];
    for path in &inside {
        let err = anon_apply(&mut s.project, path).unwrap_err().to_string();
        assert!(err.contains("inside the project"), "{path:?}: {err}");
    }
    // A symlink outside that points into the project.
    #[cfg(unix)]
    {
        let link = s.dir.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        let err = anon_apply(&mut s.project, &link.join("key.csv"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside the project"), "{err}");
        let file_link = s.dir.path().join("key-link.csv");
        std::os::unix::fs::symlink(dir.join("key.csv"), &file_link).unwrap();
        let err = anon_apply(&mut s.project, &file_link)
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside the project"), "{err}");
    }
    assert!(!dir.join("key.csv").exists());
    assert_eq!(
        s.project.text(s.docs[0]).unwrap(),
        original,
        "nothing applied"
    );

    let outside = s.dir.path().join("nøkkel.csv");
    anon_apply(&mut s.project, &outside).unwrap();
    let key = std::fs::read_to_string(&outside).unwrap();
    assert!(key.starts_with("kind,entity,original,replacement,count\n"));
    assert!(key.contains("person,Kari Nordvik,Kari Nordvik,[Person A],"));
    assert!(key.contains("person,Kari Nordvik,Karis,[Person A]s,1"));
    assert!(key.contains("nationalid,17090712345,17090712345,[fødselsnummer],1"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&outside).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key is private to its owner");
    }
    // An existing file is not overwritten.
    s.project.undo().unwrap();
    let err = anon_apply(&mut s.project, &outside)
        .unwrap_err()
        .to_string();
    assert!(err.contains("exists already"), "{err}");
}

#[test]
fn kept_entities_and_occurrences_stay_and_keep_their_decision_after_apply() {
    let mut s = study();
    // Keep Ålesund everywhere; keep one Per-Arne (doc 2) but replace the rest.
    anon_reject(&mut s.project, &Selection::Entities(vec!["ålesund".into()])).unwrap();
    let cands = anon_detect(&s.project).unwrap();
    let pa = cands
        .iter()
        .find(|c| c.doc == s.docs[1] && c.text == "Per-Arne")
        .unwrap()
        .clone();
    anon_decide_occurrence(
        &mut s.project,
        pa.doc,
        pa.start,
        pa.end,
        Some(Status::Rejected),
        None,
    )
    .unwrap();
    // One Kari gets a replacement of its own.
    let kari = cands
        .iter()
        .find(|c| c.doc == s.docs[2] && c.text == "Kari Nordvik")
        .unwrap()
        .clone();
    anon_decide_occurrence(
        &mut s.project,
        kari.doc,
        kari.start,
        kari.end,
        Some(Status::Accepted),
        Some("[kontaktlæreren]".into()),
    )
    .unwrap();
    anon_accept(&mut s.project, &Selection::All).unwrap();
    accept_all_and_apply_without_accepting(&mut s);

    assert_eq!(
        s.project.text(s.docs[1]).unwrap(),
        "Intervjuer: Hvem var kontaktpersonen?\n\nInformant 2: Det var [Person A]. Vi møttes i Ålesund hver måned, og Per-Arne var med."
    );
    let doc3 = s.project.text(s.docs[2]).unwrap();
    assert!(doc3.starts_with("Intervjuer: Du var kontaktlærer?\n\n[kontaktlæreren]: Ja"));
    // The kept occurrence moved with the text and is still kept: nothing
    // is waiting for review or apply.
    let left = anon_detect(&s.project).unwrap();
    assert!(
        left.iter().all(|c| c.status == Status::Rejected),
        "{left:?}"
    );
    assert!(left.iter().any(|c| c.text == "Per-Arne" && c.own_decision));
    assert!(anon_plan(&s.project).unwrap().is_empty());
}

fn accept_all_and_apply_without_accepting(s: &mut Study) {
    anon_apply(&mut s.project, &s.dir.path().join("key.csv")).unwrap();
}

#[test]
fn rules_replace_everywhere_with_genitive_and_any_case() {
    let mut s = study();
    // A nickname the detector cannot know, in a memo and in the text.
    s.project
        .execute(Command::RewriteText {
            doc: s.docs[1],
            edits: vec![tema::text::Edit {
                start: DOC2.chars().count(),
                end: DOC2.chars().count(),
                replacement: " SNUPPA kom også. Snuppas mor var der.".into(),
            }],
        })
        .unwrap();
    let id = anon_add_rule(
        &mut s.project,
        NewRule {
            original: "Snuppa".into(),
            replacement: "[Kallenavn]".into(),
            kind: Kind::Person,
            whole_word: true,
            case_sensitive: false,
            inflect: true,
        },
    )
    .unwrap();
    assert_eq!(anon_rules(&s.project).unwrap()[0].id, id);
    let cands = anon_detect(&s.project).unwrap();
    let rule_hits: Vec<_> = cands
        .iter()
        .filter(|c| c.source == Source::Rule)
        .map(|c| (c.text.as_str(), c.replacement.as_str(), c.status))
        .collect();
    assert_eq!(
        rule_hits,
        [
            ("SNUPPA", "[Kallenavn]", Status::Accepted),
            ("Snuppas", "[Kallenavn]s", Status::Accepted)
        ]
    );
    accept_all_and_apply(&mut s);
    assert!(
        s.project
            .text(s.docs[1])
            .unwrap()
            .ends_with(" [Kallenavn] kom også. [Kallenavn]s mor var der.")
    );
    // A rule is a decision like any other: it can be undone.
    s.project.undo().unwrap();
    s.project.undo().unwrap(); // accept all
    s.project.undo().unwrap(); // the rule
    assert!(anon_rules(&s.project).unwrap().is_empty());
}

#[test]
fn preview_shows_the_text_as_apply_will_leave_it() {
    let mut s = study();
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let preview = anon_preview(&s.project, s.docs[0]).unwrap();
    assert_eq!(preview, DOC1_AFTER);
    assert_eq!(
        s.project.text(s.docs[0]).unwrap(),
        DOC1,
        "preview changes nothing"
    );
}

#[test]
fn the_audit_records_what_was_replaced_where() {
    let mut s = study();
    let report = accept_all_and_apply(&mut s);
    let audit = anon_audit(&s.project).unwrap();
    assert_eq!(audit.len(), report.replacements);
    assert!(
        audit
            .iter()
            .all(|a| a.run == report.run && !a.at.is_empty())
    );
    let in_text: Vec<_> = audit
        .iter()
        .filter(|a| a.tbl == "documents" && a.col == "text")
        .collect();
    for a in &in_text {
        let text = s.project.text(a.document_id.unwrap()).unwrap();
        assert_eq!(
            tema::text::slice_chars(&text, a.start.unwrap(), a.end.unwrap()),
            a.replacement
        );
    }
    let originals: std::collections::BTreeSet<&str> = in_text
        .iter()
        .map(|a| a.original.as_deref().unwrap())
        .collect();
    for o in [
        "Kari Nordvik",
        "Karis",
        "Per-Arne Løvås",
        "Per-Arne",
        "Ålesund",
        "912 34 567",
        "kari.nordvik@vestvik.kommune.no",
        "17090712345",
    ] {
        assert!(originals.contains(o), "{o} in {originals:?}");
    }
    assert!(
        audit
            .iter()
            .any(|a| a.tbl == "participants" && a.original.as_deref() == Some("Kari Nordvik"))
    );
}

#[test]
fn decisions_are_undoable_changes() {
    let mut s = study();
    let n = anon_accept(
        &mut s.project,
        &Selection::Entities(vec!["Kari Nordvik".into()]),
    )
    .unwrap();
    assert_eq!(n, 1);
    let kari = |p: &tema::Project| {
        anon_entities(p)
            .unwrap()
            .into_iter()
            .find(|g| g.entity == "Kari Nordvik")
            .unwrap()
    };
    let g = kari(&s.project);
    assert_eq!(g.status, Status::Accepted);
    assert_eq!(g.forms, ["Kari Nordvik", "Karis"]);
    // Four in the transcripts; the rest in the document's names, the
    // participant and speaker labels, a code name and a memo.
    let (fields, texts): (Vec<_>, Vec<_>) = g.occurrences.iter().partition(|o| o.field.is_some());
    assert_eq!(texts.len(), 4);
    let mut outside: Vec<&str> = fields.iter().map(|o| o.doc_name.as_str()).collect();
    outside.sort();
    assert_eq!(
        outside,
        [
            "code name",
            "coding memo",
            "document name",
            "participant label",
            "source file name",
            "speaker label"
        ]
    );
    assert!(
        g.occurrences[0]
            .context
            .contains("jobbet tett med Kari Nordvik")
    );
    anon_set_replacement(&mut s.project, "Kari Nordvik", Some("[Lærer]")).unwrap();
    let cands = anon_detect(&s.project).unwrap();
    assert!(
        cands
            .iter()
            .any(|c| c.text == "Karis" && c.replacement == "[Lærer]s")
    );
    s.project.undo().unwrap();
    s.project.undo().unwrap();
    assert_eq!(kari(&s.project).status, Status::Suggested);
    assert!(
        anon_accept(&mut s.project, &Selection::Entities(vec!["Ola".into()]))
            .unwrap_err()
            .to_string()
            .contains("no suggestion for 'Ola'")
    );
}

#[test]
fn an_empty_replacement_is_refused_before_it_can_empty_a_quote() {
    let mut s = study();
    let rule = NewRule {
        original: "Solbakken".into(),
        replacement: "  ".into(),
        kind: Kind::Workplace,
        whole_word: true,
        case_sensitive: false,
        inflect: true,
    };
    let err = anon_add_rule(&mut s.project, rule).unwrap_err().to_string();
    assert!(err.contains("give a replacement"), "{err}");
    assert!(anon_rules(&s.project).unwrap().is_empty());
}

#[test]
fn apply_plans_inside_its_own_transaction_so_a_fresh_edit_is_not_overwritten() {
    let mut s = study();
    anon_accept(&mut s.project, &Selection::All).unwrap();
    let note = s
        .project
        .notes(None, None, None)
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .id;
    // An edit that lands just before apply writes (as a memo saved in the
    // GUI while apply runs would): in one transaction with apply, so apply
    // can only have planned against it if it plans inside its transaction.
    s.project
        .execute(Command::Batch {
            label: "edit, then anonymise".into(),
            commands: vec![
                Command::EditNote {
                    note,
                    text: "Nytt notat: Kari Nordvik ringte fra Ålesund.".into(),
                },
                Command::Anon {
                    change: ops::apply("r1".into(), "now".into()),
                },
            ],
        })
        .unwrap();
    let text = s.project.notes(None, None, None).unwrap()[0].text.clone();
    assert_eq!(text, "Nytt notat: [Person A] ringte fra [Sted A].");
    // Nothing left to replace: apply refuses and changes nothing.
    let before = s.project.history(100).unwrap().len();
    let err = anon_apply(&mut s.project, &s.dir.path().join("k.csv"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("nothing to replace"), "{err}");
    assert_eq!(s.project.history(100).unwrap().len(), before);
    assert!(!s.dir.path().join("k.csv").exists());
}
