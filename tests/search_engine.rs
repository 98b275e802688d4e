//! The search engine as a user meets it: Norwegian words in, the right
//! passages out, with offsets that land on the matched words.

use std::path::Path;

use tema::search::{Hit, IndexUnit, SearchError, SearchIndex, SearchQuery, UnitKind};
use tema::text::slice_chars;

struct Doc {
    id: i64,
    name: &'static str,
    participant: &'static str,
    attributes: Vec<(String, String)>,
    text: String,
}

fn docs() -> Vec<Doc> {
    vec![
        Doc {
            id: 1,
            name: "Intervju 1",
            participant: "Informant 1",
            attributes: vec![("sector".into(), "skole".into()), ("alder".into(), "30-39".into())],
            text: [
                "Intervjuer: Hvordan fungerer samarbeidet med barnevernet?",
                "Informant 1: Samarbeidene på tvers av etatene har blitt bedre. Vi fant en løsning sammen.",
                "Intervjuer: Hva med tverrfaglige møter?",
                "Informant 1: Tverrfagligheten er viktig, men tiden strekker ikke til.",
            ]
            .join("\n"),
        },
        Doc {
            id: 2,
            name: "Intervju 2",
            participant: "Informant 3",
            attributes: vec![("sector".into(), "helse".into()), ("alder".into(), "50-59".into())],
            text: [
                "Intervjuer: Fortell om hverdagen på sykehuset.",
                "Informant 3: Det er travelt. Vi mangler tillit til ledelsen, og økonomien er stram.",
                "Informant 3: Pårørende ringer ofte. Jeg føler meg sårbar i møtet med dem.",
                "Intervjuer: Hva med samarbeid med kommunen?",
                "Informant 3: Samarbeid med kommunen er vanskelig. Kommunikasjonen går ikke på tvers.",
            ]
            .join("\n"),
        },
    ]
}

/// (doc id, line) → codes / themes given to that turn.
fn coding(doc: i64, line: usize) -> (Vec<String>, Vec<String>) {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    match (doc, line) {
        (1, 1) => (s(&["Samarbeid på tvers"]), s(&[])),
        (2, 1) => (s(&["Tillit"]), s(&["Systemet som motpart"])),
        (2, 2) => (s(&["Sårbarhet"]), s(&[])),
        _ => (vec![], vec![]),
    }
}

/// One text unit per speaker turn, the body after `Label: `, char offsets.
fn text_units() -> Vec<IndexUnit> {
    let mut out = Vec::new();
    for d in docs() {
        let mut pos = 0;
        for (i, line) in d.text.split('\n').enumerate() {
            let (label, body) = line.split_once(": ").unwrap();
            let start = pos + label.chars().count() + 2;
            let end = pos + line.chars().count();
            assert_eq!(slice_chars(&d.text, start, end), body);
            let (codes, themes) = coding(d.id, i);
            out.push(IndexUnit {
                key: format!("text:{}:{start}", d.id),
                kind: UnitKind::Text,
                doc_id: Some(d.id),
                doc_name: d.name.into(),
                participants: vec![d.participant.into()],
                attributes: d.attributes.clone(),
                speaker: Some(label.into()),
                start,
                end,
                text: body.into(),
                codes,
                themes,
                owner_id: None,
            });
            pos = end + 1;
        }
    }
    out
}

fn other_units() -> Vec<IndexUnit> {
    let unit = |key: &str, kind, text: &str, owner| IndexUnit {
        key: key.into(),
        kind,
        end: text.chars().count(),
        text: text.into(),
        owner_id: Some(owner),
        ..Default::default()
    };
    vec![
        unit(
            "code:1",
            UnitKind::Code,
            "Tillit\nNår informanten stoler på ledelsen.",
            1,
        ),
        unit(
            "memo:1",
            UnitKind::Memo,
            "Informanten nevner løsningen flere ganger.",
            7,
        ),
        unit(
            "note:1",
            UnitKind::Note,
            "Første gjennomlesning: mye om tid og ansvar.",
            8,
        ),
        unit(
            "journal:1",
            UnitKind::Journal,
            "Jeg merker at jeg selv er skeptisk til reformen.",
            9,
        ),
        IndexUnit {
            themes: vec!["Systemet som motpart".into()],
            ..unit(
                "theme:1",
                UnitKind::Theme,
                "Systemet som motpart\nInformantene opplever systemet som en motstander.",
                2,
            )
        },
        IndexUnit {
            participants: vec!["Informant 3".into()],
            attributes: vec![("sector".into(), "helse".into())],
            ..unit(
                "participant:3",
                UnitKind::Participant,
                "Informant 3, sykepleier",
                3,
            )
        },
    ]
}

fn all_units() -> Vec<IndexUnit> {
    let mut v = text_units();
    v.extend(other_units());
    v
}

fn built(dir: &Path) -> SearchIndex {
    let mut idx = SearchIndex::open_or_create(dir).unwrap();
    idx.rebuild(all_units(), 42).unwrap();
    idx
}

fn doc_text(id: i64) -> String {
    docs().into_iter().find(|d| d.id == id).unwrap().text
}

fn search(idx: &SearchIndex, q: &str) -> Vec<Hit> {
    idx.search(&SearchQuery::new(q))
        .unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn with(idx: &SearchIndex, q: SearchQuery) -> Vec<Hit> {
    idx.search(&q).unwrap()
}

/// The words at each hit's (start, end), sliced from the document text.
fn matched_words(hits: &[Hit]) -> Vec<String> {
    let mut v: Vec<String> = hits
        .iter()
        .map(|h| match h.doc_id {
            Some(d) if h.kind == UnitKind::Text => {
                slice_chars(&doc_text(d), h.start, h.end).to_string()
            }
            _ => format!("{}:{}", h.kind.as_str(), h.key),
        })
        .collect();
    v.sort();
    v
}

fn keys(hits: &[Hit]) -> Vec<String> {
    let mut v: Vec<String> = hits.iter().map(|h| h.key.clone()).collect();
    v.sort();
    v
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn inflected_forms_find_each_other() {
    let dir = tmp();
    let idx = built(dir.path());
    let expect = vec!["Samarbeid", "Samarbeidene", "samarbeid", "samarbeidet"];
    assert_eq!(matched_words(&search(&idx, "samarbeid")), expect);
    assert_eq!(matched_words(&search(&idx, "samarbeidet")), expect);
    assert_eq!(matched_words(&search(&idx, "samarbeidene")), expect);
    // økonomien ← økonomi
    assert_eq!(matched_words(&search(&idx, "økonomi")), vec!["økonomien"]);
}

#[test]
fn norwegian_letters_are_letters() {
    let dir = tmp();
    let idx = built(dir.path());
    assert_eq!(matched_words(&search(&idx, "sårbar")), vec!["sårbar"]);
    assert_eq!(matched_words(&search(&idx, "Pårørende")), vec!["Pårørende"]);
    assert_eq!(
        matched_words(&search(&idx, "møter")),
        vec!["møter", "møtet"]
    );
    let hits = search(&idx, "løsning");
    assert_eq!(keys(&hits), vec!["memo:1", "text:1:71"]);
    // Not split at the letter: "l" alone is not a word here.
    assert!(search(&idx, "sning").is_empty());
}

#[test]
fn loose_matching_folds_norwegian_letters_only_when_asked() {
    let dir = tmp();
    let idx = built(dir.path());
    assert!(search(&idx, "losning").is_empty());
    let loose = |q: &str| SearchQuery {
        loose: true,
        ..SearchQuery::new(q)
    };
    let hits = with(&idx, loose("losning"));
    assert_eq!(keys(&hits), vec!["memo:1", "text:1:71"]);
    let text_hit = hits.iter().find(|h| h.kind == UnitKind::Text).unwrap();
    assert_eq!(
        slice_chars(&doc_text(1), text_hit.start, text_hit.end),
        "løsning"
    );
    assert_eq!(matched_words(&with(&idx, loose("sarbar"))), vec!["sårbar"]);
    assert_eq!(
        matched_words(&with(&idx, loose("okonomi"))),
        vec!["økonomien"]
    );
    assert_eq!(
        matched_words(&with(&idx, loose("parorende"))),
        vec!["Pårørende"]
    );
    // "aa", the old spelling of "å", folds like it (text::fold's rule).
    assert_eq!(
        matched_words(&with(&idx, loose("paarorende"))),
        vec!["Pårørende"]
    );
    // Folding does not lose the real letters.
    assert_eq!(matched_words(&with(&idx, loose("løsning"))).len(), 2);
}

#[test]
fn exact_matching_does_not_stem() {
    let dir = tmp();
    let idx = built(dir.path());
    let exact = |q: &str| SearchQuery {
        exact: true,
        ..SearchQuery::new(q)
    };
    assert_eq!(
        matched_words(&with(&idx, exact("samarbeid"))),
        vec!["Samarbeid", "samarbeid"]
    );
    assert_eq!(
        matched_words(&with(&idx, exact("samarbeidet"))),
        vec!["samarbeidet"]
    );
}

#[test]
fn phrases_match_words_in_order() {
    let dir = tmp();
    let idx = built(dir.path());
    let hits = search(&idx, "\"på tvers\"");
    assert_eq!(matched_words(&hits), vec!["på tvers", "på tvers"]);
    assert!(search(&idx, "\"tvers på\"").is_empty());
    // Norwegian quotation marks work too, and phrases are stemmed by default.
    assert_eq!(
        matched_words(&search(&idx, "«samarbeid på tvers»")),
        vec!["Samarbeidene på tvers"]
    );
    // Proximity.
    assert!(search(&idx, "\"samarbeidet barnevernet\"").is_empty());
    assert_eq!(search(&idx, "\"samarbeidet barnevernet\"~1").len(), 1);
}

#[test]
fn prefix_matches_unstemmed_word_starts() {
    let dir = tmp();
    let idx = built(dir.path());
    assert_eq!(
        matched_words(&search(&idx, "tverrfag*")),
        vec!["Tverrfagligheten", "tverrfaglige"]
    );
    assert_eq!(
        matched_words(&search(&idx, "samarbeide*")),
        vec!["Samarbeidene", "samarbeidet"]
    );
    // The first match in each turn; the second turn also has "Kommunikasjonen".
    assert_eq!(
        matched_words(&search(&idx, "kommun*")),
        vec!["kommunen", "kommunen"]
    );
}

#[test]
fn fuzzy_tolerates_typos() {
    let dir = tmp();
    let idx = built(dir.path());
    assert!(search(&idx, "samarbied").is_empty());
    let words = matched_words(&search(&idx, "samarbied~1"));
    assert!(words.contains(&"samarbeid".to_string()), "{words:?}");
    assert!(words.contains(&"Samarbeid".to_string()), "{words:?}");
    assert_eq!(
        matched_words(&search(&idx, "tilit~1")),
        vec!["code:code:1", "tillit"]
    );
    assert!(
        search(&idx, "tilitt~1")
            .iter()
            .all(|h| h.kind != UnitKind::Text)
    );
    assert!(matched_words(&search(&idx, "tilitt~2")).contains(&"tillit".to_string()));
}

#[test]
fn boolean_operators_and_parentheses() {
    let dir = tmp();
    let idx = built(dir.path());
    assert_eq!(
        keys(&search(&idx, "samarbeid kommunen")),
        keys(&search(&idx, "samarbeid AND kommunen"))
    );
    assert_eq!(search(&idx, "samarbeid AND kommunen").len(), 2);
    assert_eq!(search(&idx, "samarbeid NOT kommunen").len(), 2);
    assert_eq!(search(&idx, "samarbeid -kommunen").len(), 2);
    assert_eq!(
        matched_words(&search(&idx, "tillit OR løsning")),
        vec!["code:code:1", "løsning", "memo:memo:1", "tillit"]
    );
    assert_eq!(
        matched_words(&search(
            &idx,
            "(tillit OR løsning) AND NOT kind:memo AND NOT kind:code"
        )),
        vec!["løsning", "tillit"]
    );
    assert_eq!(
        matched_words(&search(
            &idx,
            "(tillit OR løsning) (ledelsen OR sammen) kind:text"
        )),
        vec!["løsning", "tillit"]
    );
    // A query of only NOT: everything else.
    let not = search(&idx, "NOT samarbeid kind:text");
    assert_eq!(not.len(), 9 - 4);
}

#[test]
fn field_filters_in_the_query_and_in_the_struct() {
    let dir = tmp();
    let idx = built(dir.path());
    assert_eq!(keys(&search(&idx, "code:\"Tillit\"")), vec!["text:2:60"]);
    assert_eq!(keys(&search(&idx, "code:tillit")), vec!["text:2:60"]);
    assert_eq!(search(&idx, "code:\"samarbeid på tvers\" løsning").len(), 1);
    assert_eq!(search(&idx, "code:\"Samarbeid på tvers\" tillit").len(), 0);
    assert_eq!(search(&idx, "code:S*").len(), 2);
    let inf3 = search(&idx, "participant:\"Informant 3\"");
    assert_eq!(inf3.len(), 6);
    assert!(
        inf3.iter()
            .all(|h| h.participant.as_deref() == Some("Informant 3"))
    );
    assert_eq!(
        search(&idx, "participant:\"Informant 3\" kind:text").len(),
        5
    );
    assert_eq!(
        keys(&search(&idx, "theme:\"Systemet som motpart\" kind:text")),
        vec!["text:2:60"]
    );
    assert_eq!(
        keys(&search(&idx, "theme:\"Systemet som motpart\"")).len(),
        2
    );
    assert_eq!(keys(&search(&idx, "kind:memo")), vec!["memo:1"]);
    assert_eq!(
        keys(&search(&idx, "kind:journal skeptisk")),
        vec!["journal:1"]
    );
    assert_eq!(keys(&search(&idx, "kind:note")), vec!["note:1"]);
    assert_eq!(
        keys(&search(&idx, "kind:participant")),
        vec!["participant:3"]
    );
    assert_eq!(search(&idx, "kind:theme").len(), 1);
    assert_eq!(search(&idx, "sector:skole").len(), 4);
    assert_eq!(search(&idx, "Sector:Helse kind:text").len(), 5);
    assert_eq!(search(&idx, "sector:skole samarbeid").len(), 2);
    assert_eq!(search(&idx, "alder:30-39").len(), 4);
    assert_eq!(search(&idx, "doc:2 tvers").len(), 1);
    assert_eq!(search(&idx, "doc:\"Intervju 1\" tvers").len(), 1);
    assert_eq!(search(&idx, "speaker:intervjuer").len(), 4);

    // The same through SearchQuery's own fields.
    let q = |f: fn(&mut SearchQuery)| {
        let mut q = SearchQuery::default();
        f(&mut q);
        with(&idx, q)
    };
    assert_eq!(
        keys(&q(|q| q.code = Some("Tillit".into()))),
        vec!["text:2:60"]
    );
    assert_eq!(q(|q| q.participant = Some("informant 1".into())).len(), 4);
    assert_eq!(
        q(|q| q.theme = Some("Systemet som motpart".into())).len(),
        2
    );
    assert_eq!(keys(&q(|q| q.kind = Some(UnitKind::Memo))), vec!["memo:1"]);
    let d2 = q(|q| q.doc = Some(2));
    assert_eq!(d2.len(), 5);
    // Filter-only results come in document order.
    assert!(d2.windows(2).all(|w| w[0].unit_start < w[1].unit_start));
    let mut both = SearchQuery::new("samarbeid");
    both.doc = Some(1);
    both.kind = Some(UnitKind::Text);
    assert_eq!(with(&idx, both).len(), 2);
}

#[test]
fn hit_offsets_land_on_the_matched_words_in_the_document() {
    let dir = tmp();
    let idx = built(dir.path());
    for (q, words) in [
        ("barnevernet", vec!["barnevernet"]),
        ("løsning", vec!["løsning"]),
        ("\"på tvers\" etatene", vec!["på tvers", "etatene"]),
        ("tverrfag* viktig", vec!["Tverrfagligheten", "viktig"]),
        ("kommunen", vec!["kommunen"]),
    ] {
        let hits = search(&idx, q);
        assert!(!hits.is_empty(), "{q}");
        for h in hits.iter().filter(|h| h.kind == UnitKind::Text) {
            let text = doc_text(h.doc_id.unwrap());
            assert_eq!(slice_chars(&text, h.start, h.end), words[0], "{q}");
            let found: Vec<&str> = h
                .matches
                .iter()
                .map(|&(a, b)| slice_chars(&text, a, b))
                .collect();
            for w in &words {
                assert!(found.contains(w), "{q}: {found:?}");
            }
            // The unit range is the turn's body in the document.
            let unit = slice_chars(&text, h.unit_start, h.unit_end);
            assert!(h.start >= h.unit_start && h.end <= h.unit_end);
            assert!(unit.contains(words[0]));
            // The snippet marks the words.
            assert!(
                h.snippet.contains(&format!("«{}»", words[0])),
                "{}",
                h.snippet
            );
        }
    }
    // Non-text units: offsets within their own text.
    let memo = search(&idx, "løsningen kind:memo");
    assert_eq!(memo.len(), 1);
    let m = &memo[0];
    assert_eq!(m.owner_id, Some(7));
    assert_eq!(
        slice_chars("Informanten nevner løsningen flere ganger.", m.start, m.end),
        "løsningen"
    );
    assert_eq!(m.snippet, "Informanten nevner «løsningen» flere ganger.");
}

#[test]
fn every_occurrence_is_highlighted_in_document_coordinates() {
    let dir = tmp();
    let idx = built(dir.path());
    let hits = search(&idx, "kommunen");
    let h = hits
        .iter()
        .find(|h| h.key == "text:2:262")
        .expect("turn with two");
    let text = doc_text(2);
    let words: Vec<&str> = h
        .matches
        .iter()
        .map(|&(a, b)| slice_chars(&text, a, b))
        .collect();
    assert_eq!(words, vec!["kommunen"]);
    let hits = search(&idx, "med");
    let h = hits.iter().find(|h| h.key == "text:2:262").unwrap();
    assert_eq!(h.matches.len(), 1);
    let hits = search(&idx, "samarbeid OR kommunen");
    let h = hits.iter().find(|h| h.key == "text:2:262").unwrap();
    let words: Vec<&str> = h
        .matches
        .iter()
        .map(|&(a, b)| slice_chars(&text, a, b))
        .collect();
    assert_eq!(words, vec!["Samarbeid", "kommunen"]);
}

#[test]
fn incremental_update_is_visible_at_once() {
    let dir = tmp();
    let mut idx = built(dir.path());
    assert_eq!(idx.stamp(), Some(42));
    assert!(!idx.needs_rebuild());

    // Rename the code "Tillit" → "Tiltro" on the one turn that has it.
    let mut unit = text_units()
        .into_iter()
        .find(|u| u.codes == ["Tillit"])
        .unwrap();
    unit.codes = vec!["Tiltro".into()];
    idx.update(&[unit.key.clone()], vec![unit.clone()], 43)
        .unwrap();
    assert_eq!(keys(&search(&idx, "code:Tiltro")), vec![unit.key.clone()]);
    assert!(search(&idx, "code:Tillit").is_empty());
    assert_eq!(idx.stamp(), Some(43));
    // Updating by key alone replaces, never duplicates.
    idx.update(&[], vec![unit.clone()], 44).unwrap();
    assert_eq!(search(&idx, "code:Tiltro").len(), 1);

    // A removed unit is gone.
    idx.update(&["memo:1".to_string()], vec![], 45).unwrap();
    assert!(search(&idx, "kind:memo").is_empty());
    assert_eq!(keys(&search(&idx, "løsning")), vec!["text:1:71"]);

    // It all survives a restart, with the stamp.
    drop(idx);
    let idx = SearchIndex::open_or_create(dir.path()).unwrap();
    assert!(!idx.needs_rebuild());
    assert_eq!(idx.stamp(), Some(45));
    assert_eq!(search(&idx, "code:Tiltro").len(), 1);
    assert!(search(&idx, "kind:memo").is_empty());
}

#[test]
fn rebuild_replaces_everything() {
    let dir = tmp();
    let mut idx = built(dir.path());
    idx.rebuild(other_units(), 50).unwrap();
    assert!(search(&idx, "samarbeid").is_empty());
    assert_eq!(search(&idx, "kind:memo").len(), 1);
    assert_eq!(idx.stamp(), Some(50));
    assert_eq!(idx.num_units(), other_units().len() as u64);
}

#[test]
fn a_deleted_index_dir_asks_for_a_rebuild() {
    let dir = tmp();
    let path = dir.path().join("index");
    drop(built(&path));
    std::fs::remove_dir_all(&path).unwrap();
    let mut idx = SearchIndex::open_or_create(&path).unwrap();
    assert!(idx.needs_rebuild());
    assert_eq!(idx.stamp(), None);
    assert!(search(&idx, "samarbeid").is_empty());
    idx.rebuild(all_units(), 7).unwrap();
    assert!(!idx.needs_rebuild());
    assert_eq!(search(&idx, "samarbeid").len(), 4);
}

#[test]
fn a_fresh_index_needs_a_rebuild_and_searches_empty() {
    let dir = tmp();
    let idx = SearchIndex::open_or_create(dir.path()).unwrap();
    assert!(idx.needs_rebuild());
    assert!(search(&idx, "samarbeid").is_empty());
    assert!(search(&idx, "").is_empty());
    drop(idx);
    // Created but never built: still needs a rebuild after reopening.
    assert!(
        SearchIndex::open_or_create(dir.path())
            .unwrap()
            .needs_rebuild()
    );
}

fn corrupt_and_reopen(dir: &Path, pick: impl Fn(&Path) -> bool) {
    drop(built(dir));
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && pick(&p) {
            let len = std::fs::metadata(&p).unwrap().len().max(64) as usize;
            std::fs::write(&p, vec![0xA5u8; len]).unwrap();
            n += 1;
        }
    }
    assert!(n > 0, "nothing corrupted");
    let mut idx = SearchIndex::open_or_create(dir).expect("recreated without error");
    assert!(idx.needs_rebuild());
    assert!(search(&idx, "samarbeid").is_empty());
    idx.rebuild(all_units(), 1).unwrap();
    assert_eq!(search(&idx, "samarbeid").len(), 4);
}

#[test]
fn corrupt_files_are_recreated_without_error() {
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().to_string();
    // Everything.
    corrupt_and_reopen(tmp().path(), |_| true);
    // Only the meta file.
    corrupt_and_reopen(tmp().path(), |p| name(p) == "meta.json");
    // Only segment data, with meta and VERSION intact.
    corrupt_and_reopen(tmp().path(), |p| {
        let n = name(p);
        n != "meta.json" && n != "VERSION" && !n.starts_with('.')
    });
    // Only postings.
    corrupt_and_reopen(tmp().path(), |p| name(p).ends_with(".idx"));
    // An index of another version.
    corrupt_and_reopen(tmp().path(), |p| name(p) == "VERSION");
}

#[test]
fn recreating_leaves_other_files_alone() {
    let dir = tmp();
    std::fs::write(dir.path().join("VERSION"), "some other version").unwrap();
    std::fs::write(dir.path().join("project.sqlite"), "precious").unwrap();
    let idx = SearchIndex::open_or_create(dir.path()).unwrap();
    assert!(idx.needs_rebuild());
    let kept = std::fs::read_to_string(dir.path().join("project.sqlite")).unwrap();
    assert_eq!(kept, "precious");
}

#[test]
fn malformed_queries_are_errors_not_panics() {
    let dir = tmp();
    let idx = built(dir.path());
    for q in [
        "\"på tvers",
        "«på tvers",
        "(samarbeid OR tillit",
        "samarbeid)",
        "()",
        "samarbeid AND",
        "OR tillit",
        "NOT",
        "code:",
        "kind:banan",
        "samarbeid~9",
        "sam*beid",
        "*",
        "\"a b\"~",
    ] {
        match idx.search(&SearchQuery::new(q)) {
            Err(SearchError::Query(msg)) => assert!(!msg.is_empty(), "{q}"),
            other => panic!("{q:?} gave {other:?}"),
        }
    }
    let huge = SearchQuery {
        limit: usize::MAX,
        ..SearchQuery::new("samarbeid")
    };
    assert_eq!(idx.search(&huge).unwrap().len(), 4);
    let e = idx.search(&SearchQuery::new("\"på tvers")).unwrap_err();
    assert!(e.to_string().contains("unbalanced quote"), "{e}");
    // Odd but valid input gives results or nothing, never an error.
    for q in [
        "–",
        "?",
        "a*",
        "\"\"",
        "-",
        "00:12:31",
        "e-post~1",
        "x:y",
        "((tillit))",
        "http://x.no",
    ] {
        assert!(idx.search(&SearchQuery::new(q)).is_ok(), "{q}");
    }
}

#[test]
fn a_second_index_on_the_same_dir_is_busy_not_wiped() {
    let dir = tmp();
    let idx = built(dir.path());
    assert!(matches!(
        SearchIndex::open_or_create(dir.path()),
        Err(SearchError::Busy)
    ));
    assert_eq!(search(&idx, "samarbeid").len(), 4);
}

#[test]
fn works_from_a_worker_thread() {
    let dir = tmp();
    let idx = built(dir.path());
    let n = std::thread::spawn(move || search(&idx, "samarbeid").len())
        .join()
        .unwrap();
    assert_eq!(n, 4);
}

#[test]
fn bench_runs_on_a_small_corpus() {
    let dir = tmp();
    let units = tema::bench::corpus::index_units(3, 4000);
    assert!(units.iter().filter(|u| u.kind == UnitKind::Text).count() > 50);
    let table = tema::bench::search::run(&dir.path().join("bench"), 3, 4000).unwrap();
    assert!(table.contains("full build"), "{table}");
    assert!(table.contains("query p99"), "{table}");
}

/// The full benchmark (slow in a debug build):
/// `cargo test --test search_engine -- --ignored --nocapture full_bench`
#[test]
#[ignore]
fn full_bench() {
    let dir = tmp();
    println!(
        "{}",
        tema::bench::search::run(&dir.path().join("bench"), 200, 55_000).unwrap()
    );
}
