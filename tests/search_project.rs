//! Search over a real project: the index follows every change through the
//! change feed, rebuilds itself when it is missing, and hits point at the
//! exact words in the stored text.

mod common;
mod import_fixtures;
use common::*;
use tema::search::{CodeUnit, ProjectSearch, SearchQuery, UnitKind};
use tema::store::Command;

fn texts(search: &mut ProjectSearch, p: &tema::Project, q: SearchQuery) -> Vec<String> {
    search
        .results(p, &q)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect()
}

#[test]
fn hits_read_the_stored_words_and_follow_edits_to_codes_and_codings() {
    let (_dir, mut p, doc) = project_with_interview();
    let mut search = ProjectSearch::open(&p).unwrap();
    // Stemming: "samarbeid" finds "samarbeidet"; the hit is the exact stored word.
    assert_eq!(
        texts(&mut search, &p, SearchQuery::new("samarbeid")),
        ["samarbeidet"]
    );
    let hit = &search
        .results(&p, &SearchQuery::new("taushetsplikt"))
        .unwrap()[0];
    assert_eq!(
        tema::text::slice_chars(&p.text(doc).unwrap(), hit.start, hit.end),
        "taushetsplikten"
    );
    assert_eq!(hit.participant.as_deref(), Some("Helsesykepleier B"));

    let code = create_code(&mut p, "Tillit", None);
    let coding = code_quote(&mut p, doc, code, "det er jo mye tillit som må på plass");
    let coded = SearchQuery {
        code: Some("Tillit".into()),
        kind: Some(UnitKind::Text),
        ..SearchQuery::new("skolen")
    };
    assert_eq!(
        texts(&mut search, &p, coded.clone()),
        ["skolen"],
        "the coded turn is found with the code filter"
    );

    // A renamed code is found by its new name and no longer by the old one.
    p.execute(Command::RenameCode {
        code,
        name: "Gjensidig tillit".into(),
    })
    .unwrap();
    assert!(texts(&mut search, &p, coded.clone()).is_empty());
    let renamed = SearchQuery {
        code: Some("Gjensidig tillit".into()),
        ..coded.clone()
    };
    assert_eq!(texts(&mut search, &p, renamed.clone()), ["skolen"]);
    let code_hits = search
        .results(
            &p,
            &SearchQuery {
                kind: Some(UnitKind::Code),
                ..SearchQuery::new("gjensidig")
            },
        )
        .unwrap();
    assert_eq!(code_hits.len(), 1);

    // A removed coding no longer filters; undo brings it back.
    p.execute(Command::RemoveCoding { coding }).unwrap();
    assert!(texts(&mut search, &p, renamed.clone()).is_empty());
    p.undo().unwrap();
    assert_eq!(texts(&mut search, &p, renamed), ["skolen"]);
}

#[test]
fn a_deleted_or_broken_index_is_rebuilt_without_the_user_noticing() {
    let (_dir, p, _doc) = project_with_interview();
    drop(ProjectSearch::open(&p).unwrap());
    std::fs::remove_dir_all(p.index_dir()).unwrap();
    let mut search = ProjectSearch::open(&p).unwrap();
    assert_eq!(texts(&mut search, &p, SearchQuery::new("tue")), ["tue"]);
    drop(search);
    for entry in std::fs::read_dir(p.index_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::write(&path, b"garbage").unwrap();
        }
    }
    let mut search = ProjectSearch::open(&p).unwrap();
    assert_eq!(texts(&mut search, &p, SearchQuery::new("tue")), ["tue"]);
}

#[test]
fn notes_memos_and_participants_are_searchable_by_kind() {
    let (_dir, mut p, doc) = project_with_interview();
    p.execute(Command::AddNote {
        kind: tema::model::NoteKind::Familiarisation,
        doc: Some(doc),
        code: None,
        text: "Første inntrykk: mye latter og lite struktur".into(),
    })
    .unwrap();
    let code = create_code(&mut p, "Humor", None);
    let (s, e) = tema::app::codes::quote_in(&p.text(doc).unwrap(), "*ler*", 1).unwrap();
    p.execute(Command::ApplyCoding {
        doc,
        code,
        start: s,
        end: e,
        memo: "Latteren letter stemningen".into(),
    })
    .unwrap();
    let mut search = ProjectSearch::open(&p).unwrap();
    let kinds = |q: &str, search: &mut ProjectSearch| -> Vec<String> {
        search
            .results(&p, &SearchQuery::new(q))
            .unwrap()
            .into_iter()
            .map(|r| format!("{}:{}", r.kind, r.text))
            .collect()
    };
    assert_eq!(kinds("inntrykk", &mut search), ["note:inntrykk"]);
    assert_eq!(kinds("latteren", &mut search), ["memo:Latteren"]);
    let only_notes = SearchQuery {
        kind: Some(UnitKind::Note),
        ..SearchQuery::new("latter")
    };
    assert_eq!(texts(&mut search, &p, only_notes), ["latter"]);
}

#[test]
fn code_all_hits_codes_words_sentences_or_turns_as_one_undoable_step() {
    let (_dir, p, doc) = project_with_interview();
    let mut search = ProjectSearch::open(&p).unwrap();
    let text = p.text(doc).unwrap();
    let q = SearchQuery {
        kind: Some(UnitKind::Text),
        limit: usize::MAX,
        ..SearchQuery::new("ungdommen")
    };
    let hits = search.spans_to_code(&p, &q, CodeUnit::Hit).unwrap();
    let words: Vec<&str> = hits
        .iter()
        .map(|&(_, s, e)| tema::text::slice_chars(&text, s, e))
        .collect();
    assert_eq!(words, ["ungdommen", "ungdommen"]);
    let sentences = search.spans_to_code(&p, &q, CodeUnit::Sentence).unwrap();
    let sentences: Vec<&str> = sentences
        .iter()
        .map(|&(_, s, e)| tema::text::slice_chars(&text, s, e))
        .collect();
    assert_eq!(sentences[1], "*ler* Det er ikke bra for ungdommen.");
    let turns = search.spans_to_code(&p, &q, CodeUnit::Turn).unwrap();
    assert!(
        tema::text::slice_chars(&text, turns[0].1, turns[0].2).starts_with("Og taushetsplikten")
    );
}

#[test]
fn after_anonymisation_no_original_name_is_findable() {
    use tema::anonymise::{Selection, anon_accept, anon_apply};
    let (dir, mut p) = new_project();
    let text = "Intervjuer: Hvem hjalp deg?\n\nInformant 1: Det var Kari Nordvik på Vestvik ungdomsskole. Karis kontor var alltid åpent.";
    p.execute(Command::Import {
        documents: vec![tema::store::NewDocument::from(parsed("Intervju", text))],
        participants: vec![],
    })
    .unwrap();
    let mut search = ProjectSearch::open(&p).unwrap();
    assert_eq!(
        texts(&mut search, &p, SearchQuery::new("Nordvik")),
        ["Nordvik"]
    );
    anon_accept(&mut p, &Selection::All).unwrap();
    anon_apply(&mut p, &dir.path().join("nøkkel.csv")).unwrap();
    for name in ["Nordvik", "Kari", "Karis", "Vestvik"] {
        assert!(
            texts(&mut search, &p, SearchQuery::new(name)).is_empty(),
            "'{name}' is still findable"
        );
        let loose = SearchQuery {
            loose: true,
            ..SearchQuery::new(name)
        };
        assert!(
            texts(&mut search, &p, loose).is_empty(),
            "'{name}' is still findable loosely"
        );
    }
}

#[test]
fn renaming_a_theme_or_a_code_moves_its_name_on_every_unit() {
    use tema::model::ThemeStatus;
    use tema::store::ThemeCommand;
    let (_dir, mut p, doc) = project_with_interview();
    let code = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, code, "tillit som må på plass");
    p.execute(Command::AddNote {
        kind: tema::model::NoteKind::Code,
        doc: None,
        code: Some(code),
        text: "Byrde og ansvar".into(),
    })
    .unwrap();
    let theme = p
        .execute(Command::Theme(ThemeCommand::CreateTheme {
            name: "Slitasje".into(),
            status: ThemeStatus::Candidate,
            definition: String::new(),
            parent: None,
            codes: vec![],
        }))
        .unwrap()
        .id()
        .unwrap();
    p.execute(Command::Theme(ThemeCommand::AddCode {
        theme,
        code,
        why: None,
    }))
    .unwrap();
    let mut search = ProjectSearch::open(&p).unwrap();
    let by_theme = |name: &str| SearchQuery {
        theme: Some(name.into()),
        kind: Some(UnitKind::Text),
        ..SearchQuery::new("tillit")
    };
    assert_eq!(texts(&mut search, &p, by_theme("Slitasje")), ["tillit"]);
    p.execute(Command::Theme(ThemeCommand::RenameTheme {
        theme,
        name: "Belastning".into(),
        why: None,
    }))
    .unwrap();
    assert!(
        texts(&mut search, &p, by_theme("Slitasje")).is_empty(),
        "the old theme name is gone"
    );
    assert_eq!(texts(&mut search, &p, by_theme("Belastning")), ["tillit"]);

    let memo = |name: &str| SearchQuery {
        code: Some(name.into()),
        kind: Some(UnitKind::Note),
        ..SearchQuery::new("byrde")
    };
    assert_eq!(texts(&mut search, &p, memo("Tillit")), ["Byrde"]);
    p.execute(Command::RenameCode {
        code,
        name: "Gjensidig tillit".into(),
    })
    .unwrap();
    assert!(texts(&mut search, &p, memo("Tillit")).is_empty());
    assert_eq!(texts(&mut search, &p, memo("Gjensidig tillit")), ["Byrde"]);
}

#[test]
fn a_word_with_a_soft_hyphen_is_found_by_its_plain_spelling() {
    use tema::import::batch::{StoreOptions, read_documents, store_documents};
    let dir = tempfile::tempdir().unwrap();
    // Word's optional hyphen (U+00AD) and a zero-width space inside words.
    let body =
        import_fixtures::w_p("Informant 1: Sam\u{00AD}arbeid med barne\u{200B}vernet tar tid.");
    let path = import_fixtures::write(dir.path(), "Intervju 7.docx", &import_fixtures::docx(&body));
    let (_pdir, mut p) = new_project();
    let docs = read_documents(&[path], &tema::import::ImportOptions::default(), |_| {}).unwrap();
    let doc = store_documents(&mut p, docs, &StoreOptions::default())
        .unwrap()
        .ids[0];
    let mut search = ProjectSearch::open(&p).unwrap();
    assert_eq!(
        texts(&mut search, &p, SearchQuery::new("samarbeid")),
        ["Samarbeid"]
    );
    let hit = &search
        .results(&p, &SearchQuery::new("barnevernet"))
        .unwrap()[0];
    assert_eq!(
        tema::text::slice_chars(&p.text(doc).unwrap(), hit.start, hit.end),
        "barnevernet"
    );
}
