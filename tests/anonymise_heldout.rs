//! Anonymisation on transcripts the detector was not written against:
//! `tests/data/anon/tuning/` (may be looked at while tuning) and
//! `tests/data/anon/heldout/` (never looked at; only its aggregate figures
//! are printed). Each is imported into a fresh project, detected, accepted
//! in full, applied and shared (`tema::app::anonymisation_eval`).
//!
//! The goals, on the held-out set, accept-all, no manual rules:
//! person ≥ 0.97; places, addresses and dates of birth ≥ 0.95; e-mail,
//! phone, fødselsnummer 1.0; traps kept ≥ 0.97; consistent pseudonyms
//! ≥ 0.97; share succeeds and its byte scan finds no original.
//!
//! The floors below are set just under what the detector achieves now on
//! each set, so a change that loses ground fails; raise them as it improves.
//! Run with `--nocapture` for the tables (tuning failures are listed with
//! `TEMA_EVAL_FAILURES=1`).

use std::path::Path;

use tema::anonymise::Kind;
use tema::app::anonymisation_eval::{EvalReport, evaluate};

struct Floors {
    person: f64,
    place: f64,
    address: f64,
    birth: f64,
    workplace: f64,
    exact: f64,
    traps: f64,
    consistency: f64,
    /// Apply and share succeed (share's byte scan finds no original).
    share: bool,
}

fn run(set: &str) -> EvalReport {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/anon")
        .join(set);
    let report = evaluate(&dir).unwrap();
    println!("{report}");
    report
}

fn check(r: &EvalReport, f: &Floors) {
    let floor = |k: Kind, v: f64| {
        assert!(
            r.recall(k) >= v,
            "{}: {} recall {:.3} < {v}",
            r.set,
            k.as_str(),
            r.recall(k)
        );
    };
    floor(Kind::Person, f.person);
    floor(Kind::Place, f.place);
    floor(Kind::Address, f.address);
    floor(Kind::BirthDate, f.birth);
    floor(Kind::Workplace, f.workplace);
    for k in [Kind::Email, Kind::Phone, Kind::NationalId] {
        floor(k, f.exact);
    }
    assert!(
        r.traps_kept_rate() >= f.traps,
        "{}: traps kept {:.3}",
        r.set,
        r.traps_kept_rate()
    );
    assert!(
        r.consistency() >= f.consistency,
        "{}: consistency {:.3}",
        r.set,
        r.consistency()
    );
    assert!(r.apply_ok, "{}: apply failed", r.set);
    if f.share {
        assert!(r.share_ok, "{}: share refused", r.set);
    }
}

#[test]
fn tuning_set() {
    let r = run("tuning");
    if std::env::var_os("TEMA_EVAL_FAILURES").is_some() {
        for f in r.failures() {
            println!("  {f}");
        }
    }
    // Achieved (2026-12-04): person 0.948, place 0.958, address 1.000,
    // birthdate 1.000, workplace 0.762, e-mail/phone/id 1.000, traps 0.983,
    // consistency 0.750 (persons) / 1.000 (kept apart); share refused
    // (a kept public figure shares a given name with a participant).
    check(
        &r,
        &Floors {
            person: 0.94,
            place: 0.95,
            address: 0.99,
            birth: 0.99,
            workplace: 0.75,
            exact: 1.0,
            traps: 0.97,
            consistency: 0.74,
            share: false,
        },
    );
}

/// Aggregates only: never print this set's failures.
#[test]
fn heldout_set() {
    let r = run("heldout");
    // Achieved (2026-12-04): person 0.937, place 0.953, address 0.960,
    // birthdate 0.667, workplace 0.559, e-mail 1.000, phone 0.980, id
    // 1.000, traps 0.866, consistency 0.821 (persons) / 0.936 (kept
    // apart); share refused. Below the goals above: see issue 13.
    check(
        &r,
        &Floors {
            person: 0.93,
            place: 0.94,
            address: 0.95,
            birth: 0.66,
            workplace: 0.55,
            exact: 0.97,
            traps: 0.85,
            consistency: 0.81,
            share: false,
        },
    );
}

/// Share never dead-ends: what its byte scan would find (the surname glued
/// to digits in a user name, which detection does not take for a name) is a
/// suggestion of the accepted entity, with its place, so accept + apply
/// resolve it and share succeeds.
#[test]
fn what_share_would_find_is_a_suggestion() {
    use tema::anonymise::{Selection, ShareOptions, anon_detect};
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("intervju.txt");
    let text = "Intervjuer: Hvem hjalp deg?\n\nInformant: Kari Nordvik hjalp meg. Brukernavnet hennes er nordvik2024 på Teams.\n";
    std::fs::write(&file, text).unwrap();
    let mut project = tema::Project::create(&tmp.path().join("p"), "Studie").unwrap();
    tema::app::documents::import_files(
        &mut project,
        &[file],
        &Default::default(),
        &Default::default(),
    )
    .unwrap();
    tema::app::anonymise::accept(&mut project, &Selection::All).unwrap();
    let at = text.find("nordvik2024").unwrap();
    let start = text[..at].chars().count();
    let listed = anon_detect(&project).unwrap();
    let leak = listed
        .iter()
        .find(|c| c.start == start && c.text == "nordvik")
        .unwrap_or_else(|| {
            panic!(
                "{start}: {:?}",
                listed
                    .iter()
                    .map(|c| (c.start, &c.text, c.status))
                    .collect::<Vec<_>>()
            )
        });
    assert_eq!(leak.entity, "Kari Nordvik");
    tema::app::anonymise::apply(&mut project, &tmp.path().join("key.csv")).unwrap();
    let after = project.text(project.documents().unwrap()[0].id).unwrap();
    assert!(!after.to_lowercase().contains("nordvik"), "{after}");
    tema::app::anonymise::share(&project, &tmp.path().join("out"), &ShareOptions::default())
        .unwrap();
}
