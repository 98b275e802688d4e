//! Identifiers outside the transcripts: a participant labelled by name, a
//! speaker label, a file name, an attribute, a memo. Each is a suggestion
//! to review, joins the person it names (same pseudonym), is replaced by
//! apply, and stops share until reviewed; short fields that name nobody
//! (code names, `Gruppe 1`, `Informant 3`) are left alone.

mod anon_common;
use anon_common::*;
use tema::Project;
use tema::anonymise::*;
use tema::store::{Command, NewDocument, NewParticipant};

const TRANSCRIPT: &str = "Intervjuer: Hvem var kontaktlærer?\n\nInformant 1: Det var Kari Nordvik. Vi jobbet godt sammen.";

/// A project whose transcript names Kari Nordvik once; outside it, her
/// name stands in initials forms, and Ola Hansen is named only outside.
fn project() -> (tempfile::TempDir, Project, i64) {
    let (dir, mut p) = new_project();
    let mut doc = NewDocument::from(parsed("Intervju 1", TRANSCRIPT));
    doc.source_name = "intervju-ola-hansen.docx".into();
    doc.participants = vec!["Nordvik, K.".into()];
    doc.speakers = vec![("Informant 1".into(), "Nordvik, K.".into())];
    let id = p
        .execute(Command::Import {
            documents: vec![doc],
            participants: vec![
                NewParticipant {
                    label: "Nordvik, K.".into(),
                    attributes: vec![
                        ("gruppe".into(), "Gruppe 1".into()),
                        ("rolle".into(), "kontaktlærer".into()),
                    ],
                },
                NewParticipant {
                    label: "Informant 3".into(),
                    attributes: vec![],
                },
            ],
        })
        .unwrap()
        .ids[0];
    create_code(&mut p, "Tillit", None);
    create_code(&mut p, "Samarbeid", None);
    p.execute(Command::AddNote {
        kind: tema::model::NoteKind::Document,
        doc: Some(id),
        code: None,
        text: "Ring Ola Hansen om Kari N.".into(),
    })
    .unwrap();
    (dir, p, id)
}

/// Where an entity stands: (document name or kind of field, text), sorted.
fn places_of(groups: &[EntityGroup], entity: &str) -> Vec<(String, String)> {
    let mut at: Vec<(String, String)> = group(groups, entity)
        .occurrences
        .iter()
        .map(|o| (o.doc_name.clone(), o.text.clone()))
        .collect();
    at.sort();
    at
}

fn group<'a>(groups: &'a [EntityGroup], entity: &str) -> &'a EntityGroup {
    groups
        .iter()
        .find(|g| g.entity == entity)
        .unwrap_or_else(|| {
            let all: Vec<&str> = groups.iter().map(|g| g.entity.as_str()).collect();
            panic!("no entity {entity}: {all:?}")
        })
}

#[test]
fn names_outside_the_transcripts_are_suggestions_of_the_person_they_name() {
    let (_dir, p, _) = project();
    let groups = anon_entities(&p).unwrap();
    assert_eq!(
        places_of(&groups, "Kari Nordvik"),
        [
            ("Intervju 1".to_string(), "Kari Nordvik".to_string()),
            ("note".into(), "Kari N.".into()),
            ("participant label".into(), "Nordvik, K.".into()),
        ]
    );
    // Named only outside the transcripts: in a note and a file name.
    assert_eq!(
        places_of(&groups, "Ola Hansen"),
        [
            ("note".to_string(), "Ola Hansen".to_string()),
            ("source file name".into(), "ola-hansen".into()),
        ]
    );
    // Fields that name nobody are not suggested.
    let texts: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.occurrences.iter().map(|o| o.text.as_str()))
        .collect();
    // (`Informant 1` is also the speaker label.)
    for nobody in [
        "Gruppe 1",
        "Gruppe",
        "Tillit",
        "Samarbeid",
        "Informant 3",
        "Informant 1",
        "Intervju 1",
    ] {
        assert!(!texts.contains(&nobody), "{nobody} suggested: {texts:?}");
    }
}

#[test]
fn share_refuses_an_unreviewed_name_outside_the_transcripts_and_says_where() {
    let (dir, mut p, _) = project();
    anon_accept(&mut p, &Selection::Entities(vec!["Kari Nordvik".into()])).unwrap();
    anon_apply(&mut p, &dir.path().join("key.csv")).unwrap();
    let out = dir.path().join("ut");
    let err = share(&p, &out, &ShareOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("have not been reviewed"), "{err}");
    assert!(
        err.contains("note (notes row") && err.contains("«Ola Hansen»"),
        "{err}"
    );
    assert!(err.contains("source file name"), "{err}");
    assert!(!out.exists());
}

#[test]
fn apply_gives_a_participant_label_the_participants_pseudonym() {
    let (dir, mut p, doc) = project();
    anon_accept(&mut p, &Selection::All).unwrap();
    anon_apply(&mut p, &dir.path().join("key.csv")).unwrap();
    assert_eq!(
        p.text(doc).unwrap(),
        "Intervjuer: Hvem var kontaktlærer?\n\nInformant 1: Det var [Person A]. Vi jobbet godt sammen."
    );
    let labels: Vec<String> = p
        .participants()
        .unwrap()
        .into_iter()
        .map(|x| x.label)
        .collect();
    assert!(labels.contains(&"[Person A]".to_string()), "{labels:?}");
    assert!(labels.contains(&"Informant 3".to_string()), "{labels:?}");
    let note = p.notes(None, None, None).unwrap()[0].text.clone();
    assert_eq!(note, "Ring [Person B] om [Person A]");
    let source: String = raw_db(&p)
        .query_row("SELECT source_name FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(source, "intervju-[Person B].docx");

    let out = dir.path().join("ut");
    share(&p, &out, &ShareOptions::default()).unwrap();
    for f in files_under(&out) {
        let found = planted_in(
            &std::fs::read(&f).unwrap(),
            &["Nordvik", "Kari N.", "Ola Hansen", "ola-hansen"],
        );
        assert!(found.is_empty(), "{f:?} holds {found:?}");
    }
}

#[test]
fn a_surname_left_behind_stops_share() {
    let (dir, mut p, _) = project();
    anon_accept(&mut p, &Selection::All).unwrap();
    anon_apply(&mut p, &dir.path().join("key.csv")).unwrap();
    // Where no review reads and apply never writes (a format tag).
    raw_db(&p)
        .execute("UPDATE documents SET format = 'Nordvik'", [])
        .unwrap();
    let err = share(&p, &dir.path().join("ut"), &ShareOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("«Nordvik»") && err.contains("documents.format"),
        "{err}"
    );
}

#[test]
fn the_sample_studys_fields_name_nobody_and_raise_no_suggestion() {
    // Group names (`Gruppe 1`), roles, code names, memos, theme write-ups
    // and the journal: short and capitalised, and no identifiers.
    let tmp = tempfile::tempdir().unwrap();
    let p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let outside: Vec<String> = anon_detect(&p)
        .unwrap()
        .into_iter()
        .filter_map(|c| c.field.map(|f| format!("{} «{}»", f.what, c.text)))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}
