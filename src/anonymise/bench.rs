//! `tema bench anon`: detection over a generated corpus, and apply of 500
//! rules over it (one combined matcher pass per text).

use anyhow::Result;
use std::fmt::Write as _;
use std::time::Instant;

use super::matcher::{Matcher, rule_patterns};
use super::ops::NewRule;
use super::{Detector, Kind};
use crate::Project;
use crate::bench::{ms, tempdir, transcript};
use crate::store::{Command, NewDocument};

const GIVEN: &[&str] = &[
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Sigrid",
    "Håkon",
    "Åse",
    "Bjørn",
    "Solveig",
    "Torbjørn",
    "Marit",
    "Eirik",
    "Ragnhild",
    "Øystein",
    "Liv",
    "Per-Arne",
    "Tuva",
    "Jørgen",
    "Randi",
    "Sindre",
];
const SURNAMES: &[&str] = &[
    "Nordvik",
    "Hansen",
    "Løvås",
    "Bakken",
    "Haugland",
    "Strømme",
    "Aasen",
    "Fjeldstad",
    "Myklebust",
    "Sæther",
    "Rønning",
    "Kvåle",
    "Tveit",
    "Grønli",
    "Holmøy",
    "Brekke",
    "Ødegård",
    "Lunde",
    "Vik",
    "Eide",
    "Solberg",
    "Dahle",
    "Nygård",
    "Moen",
    "Birkeland",
];

/// The 500 names sprinkled into the corpus.
fn names() -> Vec<String> {
    let mut v = Vec::new();
    for s in SURNAMES {
        for g in GIVEN {
            v.push(format!("{g} {s}"));
        }
    }
    v.truncate(500);
    v
}

/// A transcript with a full name (sometimes in the genitive) about every
/// 150 words.
fn transcript_with_names(seed: u64, chars: usize, names: &[String]) -> String {
    let base = transcript(seed, chars);
    let mut out = String::with_capacity(base.len() + 4096);
    for (i, word) in base.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i % 150 == 75 {
            let n = &names[(seed as usize * 31 + i) % names.len()];
            out.push_str(n);
            if i % 4 == 0 {
                out.push('s');
            }
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Detection over 200 transcripts x 55,000 chars, and apply of 500 rules.
pub fn bench_anon() -> Result<String> {
    bench_anon_with(200, 55_000, 500)
}

pub fn bench_anon_with(n_docs: usize, chars: usize, n_rules: usize) -> Result<String> {
    let mut names = names();
    names.truncate(n_rules.max(1));
    let texts: Vec<(i64, String)> = (0..n_docs)
        .map(|i| {
            (
                i as i64 + 1,
                transcript_with_names(i as u64 + 1, chars, &names),
            )
        })
        .collect();
    let total_chars: usize = texts.iter().map(|(_, t)| t.chars().count()).sum();
    let mut out = String::new();
    writeln!(
        out,
        "tema bench anon: {n_docs} transcripts x {chars} chars ({:.1} M chars), {n_rules} rules",
        total_chars as f64 / 1e6
    )?;

    let detector = Detector::new();
    let refs: Vec<(i64, &str)> = texts.iter().map(|(id, t)| (*id, t.as_str())).collect();
    let t = Instant::now();
    let found = detector.detect(&refs);
    writeln!(
        out,
        "  detect: {:>8.0} ms  ({} suggestions)  target < 3000 ms",
        ms(t.elapsed()),
        found.len()
    )?;

    let rules: Vec<NewRule> = names
        .iter()
        .take(n_rules)
        .enumerate()
        .map(|(i, n)| NewRule {
            original: n.clone(),
            replacement: format!("[Person {}]", i + 1),
            kind: Kind::Person,
            whole_word: true,
            case_sensitive: false,
            inflect: true,
        })
        .collect();
    let t = Instant::now();
    let mut pats = Vec::new();
    for r in &rules {
        pats.extend(rule_patterns(
            &r.original,
            &r.replacement,
            r.kind,
            r.whole_word,
            r.case_sensitive,
            r.inflect,
        ));
    }
    let m = Matcher::new(pats)?;
    let mut hits = 0;
    for (_, text) in &texts {
        let (new, h) = m.replace(text);
        hits += h.len();
        std::hint::black_box(new);
    }
    writeln!(
        out,
        "  apply {n_rules} rules (one matcher pass per text, in memory): {:>8.0} ms  ({hits} replacements)  target < 3000 ms",
        ms(t.elapsed())
    )?;

    // The whole command on a project: review (with detection), rewrite every
    // text, remap 20,000 codings, scrub fields, audit, key.
    let tmp = tempdir()?;
    let mut project = Project::create(&tmp.join("project"), "bench")?;
    let documents = texts
        .iter()
        .map(|(i, text)| NewDocument {
            name: format!("intervju-{i:03}"),
            source_name: format!("intervju-{i:03}.txt"),
            format: "txt".into(),
            text: text.clone(),
            sha256: format!("{i}"),
            turns: vec![],
            participants: vec![],
            speakers: vec![],
        })
        .collect();
    project.execute(Command::Import {
        documents,
        participants: vec![],
    })?;
    crate::bench::add_codings(&mut project, 20_000, 60)?;
    for r in rules {
        super::anon_add_rule(&mut project, r)?;
    }
    let t = Instant::now();
    let plan = super::anon_plan(&project)?;
    let planned = t.elapsed();
    let t = Instant::now();
    let report = super::anon_apply(&mut project, &tmp.join("key.csv"))?;
    writeln!(
        out,
        "  tema anon apply on a project (detect + plan + rewrite + 20,000 codings remapped + audit + key): {:>8.0} ms  (plan alone {:.0} ms; {} replacements)",
        ms(t.elapsed()),
        ms(planned),
        report.replacements.max(plan.replacements())
    )?;
    drop(project);
    std::fs::remove_dir_all(&tmp)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_benchmark_runs_on_a_small_corpus() {
        let report = super::bench_anon_with(4, 5_000, 50).unwrap();
        assert!(report.contains("detect:"), "{report}");
        assert!(report.contains("apply 50 rules"), "{report}");
    }

    /// The full figures (slow unoptimised): `cargo test --lib full_bench_anon -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn full_bench_anon() {
        print!("{}", super::bench_anon().unwrap());
    }
}
