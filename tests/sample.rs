//! The bundled sample study builds into a complete project: what a new
//! user sees first when they run `cargo run --release`.

use std::collections::HashSet;
use tema::store::CodingFilter;

#[test]
fn the_sample_study_builds_with_its_transcripts_participants_and_codings() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let manifest = tema::sample::manifest().unwrap();

    let docs = project.documents().unwrap();
    assert_eq!(docs.len(), 6);
    for d in &docs {
        assert!(
            (8_000..=20_000).contains(&d.chars),
            "{} has {} chars",
            d.name,
            d.chars
        );
        assert!(!d.participants.is_empty(), "{} has no participants", d.name);
    }
    assert_eq!(
        project.participants().unwrap().len(),
        manifest.participants.len()
    );

    // Speaker turns were detected and the informants' labels map to participants.
    let group = docs
        .iter()
        .find(|d| d.name.starts_with("Gruppeintervju 2"))
        .unwrap();
    let turns = project.turns(group.id).unwrap();
    let speakers: HashSet<_> = turns.iter().filter_map(|t| t.speaker.clone()).collect();
    for label in [
        "Intervjuer",
        "Deltaker A",
        "Deltaker B",
        "Deltaker C",
        "Deltaker D",
    ] {
        assert!(
            speakers.contains(label),
            "speaker {label} not detected in {speakers:?}"
        );
    }
    let mapped: HashSet<_> = turns.iter().filter_map(|t| t.participant.clone()).collect();
    assert_eq!(mapped.len(), 4);

    // Every coding reads exactly the quote the manifest gives.
    let codings = project.codings(&CodingFilter::default()).unwrap();
    assert_eq!(codings.len(), manifest.codings.len());
    let quotes: HashSet<&str> = manifest.codings.iter().map(|c| c.quote.as_str()).collect();
    for c in &codings {
        assert!(
            quotes.contains(c.text.as_str()),
            "coding reads «{}»",
            c.text
        );
    }
    let with_participant = codings.iter().filter(|c| c.participant.is_some()).count();
    assert!(
        with_participant * 10 >= codings.len() * 9,
        "only {with_participant} of {} codings know who said it",
        codings.len()
    );

    assert_eq!(project.codes().unwrap().len(), manifest.codes.len());
    assert!(project.check().unwrap().is_empty());

    // A finished analysis: themes of every status, key quotes, a map, a journal.
    let themes = project.themes().unwrap();
    assert_eq!(themes.len(), manifest.themes.len());
    for status in ["final", "candidate", "discarded"] {
        assert!(
            themes.iter().any(|t| t.status.as_str() == status),
            "no {status} theme"
        );
    }
    for t in themes.iter().filter(|t| t.status.as_str() == "final") {
        assert!(!t.codes.is_empty(), "final theme '{}' has no codes", t.name);
        let extracts = project.theme_extracts(t.id).unwrap();
        assert!(
            extracts.iter().any(|e| e.key),
            "final theme '{}' has no key quote",
            t.name
        );
    }
    assert_eq!(project.map().unwrap().edges.len(), manifest.map_edges.len());
    assert_eq!(
        project.journal(&Default::default()).unwrap().len(),
        manifest.journal.len()
    );

    // Two coding passes, the second backwards, and condensed meanings: a new
    // user sees the method at once.
    let passes = project.passes().unwrap();
    assert_eq!(passes.len(), 2);
    let order =
        |i: usize| -> Vec<String> { passes[i].documents.iter().map(|d| d.doc.clone()).collect() };
    let mut reversed = order(0);
    reversed.reverse();
    assert_eq!(order(1), reversed);
    let by_pass = |n: i64| codings.iter().filter(|c| c.pass == Some(n)).count();
    assert_eq!(by_pass(1) + by_pass(2), codings.len());
    assert!(by_pass(2) > 0 && by_pass(1) > by_pass(2));
    let condensed: Vec<_> = codings
        .iter()
        .filter(|c| !c.condensation.is_empty())
        .collect();
    assert_eq!(
        condensed.len(),
        manifest
            .codings
            .iter()
            .filter(|c| !c.condensation.is_empty())
            .count()
    );
    assert!(
        condensed
            .iter()
            .any(|c| c.condensation.contains("historien"))
    );
}
