//! `tema bench anon`: detection over a generated corpus, and apply of 500
//! rules over it (one combined matcher pass per text).

use super::corpus::{self, Style};
use super::{TempDir, ms};
use crate::Project;
use crate::anonymise::matcher::{Matcher, rule_patterns};
use crate::anonymise::{self, Detector, Kind, NewRule};
use crate::store::{Command, NewDocument};
use anyhow::Result;
use std::fmt::Write as _;
use std::time::Instant;

/// Detection over `n_docs` generated transcripts of `chars` chars with
/// names in them, and apply of `n_rules` rules (`tema bench anon`: 200 ×
/// 55,000, 500 rules).
pub fn run(n_docs: usize, chars: usize, n_rules: usize) -> Result<String> {
    let mut names = corpus::full_names();
    names.truncate(n_rules.max(1));
    let style = Style {
        names: names.clone(),
        ..Style::interview()
    };
    let texts: Vec<(i64, String)> = (0..n_docs)
        .map(|i| {
            (
                i as i64 + 1,
                corpus::transcript(i as u64 + 1, chars, &style).text,
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
    let tmp = TempDir::new()?;
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
    corpus::add_codings(&mut project, 20_000, 60)?;
    for r in rules {
        anonymise::anon_add_rule(&mut project, r)?;
    }
    let t = Instant::now();
    let plan = anonymise::anon_plan(&project)?;
    let planned = t.elapsed();
    let t = Instant::now();
    let report = anonymise::anon_apply(&mut project, &tmp.join("key.csv"))?;
    writeln!(
        out,
        "  tema anon apply on a project (detect + plan + rewrite + 20,000 codings remapped + audit + key): {:>8.0} ms  (plan alone {:.0} ms; {} replacements)",
        ms(t.elapsed()),
        ms(planned),
        report.replacements.max(plan.replacements())
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_benchmark_runs_on_a_small_corpus() {
        let report = super::run(4, 5_000, 50).unwrap();
        assert!(report.contains("detect:"), "{report}");
        assert!(report.contains("apply 50 rules"), "{report}");
    }

    /// The full figures (slow unoptimised): `cargo test --lib full_bench_anon -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn full_bench_anon() {
        print!("{}", super::run(200, 55_000, 500).unwrap());
    }
}
