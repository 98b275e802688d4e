//! Quality bar for identifier detection on the hand-annotated test set in
//! `tests/data/anon/` (fictional transcripts written before the detector).
//!
//! - `NAME.txt`: the transcript.
//! - `NAME.gold.tsv`: `kind<TAB>text`, one line per identifier occurrence.
//!   Occurrences are located longest first, whole word, case-sensitive;
//!   the file must list every occurrence of each text (checked).
//! - `NAME.traps.tsv`: `text` (every whole-word occurrence must stay
//!   unflagged) or `context<TAB>word` (the word inside that context).
//!
//! Accept-all: every suggestion counts, whatever its confidence. A gold
//! occurrence is found when a suggestion of the same kind covers it fully.
//! Run with `--nocapture` for the table.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use tema::anonymise::{Detector, Kind, Suggestion};

struct Case {
    name: String,
    text: String,
    gold: Vec<(Kind, usize, usize, String)>,
    traps: Vec<(usize, usize, String)>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Char offsets of whole-word occurrences of `needle` in `chars`.
fn occurrences(chars: &[char], needle: &str) -> Vec<(usize, usize)> {
    let n: Vec<char> = needle.chars().collect();
    let mut out = Vec::new();
    if n.is_empty() || n.len() > chars.len() {
        return out;
    }
    for i in 0..=chars.len() - n.len() {
        if chars[i..i + n.len()] == n[..] {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + n.len()).copied();
            let edge_ok = |c: Option<char>, inner: char| {
                // Only require a boundary where the needle itself starts or
                // ends with a word char (`[00:12:31]` needs none).
                !is_word_char(inner) || !c.is_some_and(is_word_char)
            };
            if edge_ok(before, n[0]) && edge_ok(after, n[n.len() - 1]) {
                out.push((i, i + n.len()));
            }
        }
    }
    out
}

fn load(dir: &Path, name: &str) -> Case {
    let text = fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let gold_src = fs::read_to_string(dir.join(format!("{name}.gold.tsv"))).unwrap();
    let mut wanted: BTreeMap<String, Vec<Kind>> = BTreeMap::new();
    for line in gold_src.lines().filter(|l| !l.trim().is_empty()) {
        let (kind, t) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{name}: bad gold line {line:?}"));
        let kind = Kind::parse(kind).unwrap_or_else(|| panic!("{name}: bad kind {kind:?}"));
        wanted.entry(t.to_string()).or_default().push(kind);
    }
    // Longest text first; each occurrence claims its span.
    let mut texts: Vec<&String> = wanted.keys().collect();
    texts.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    let mut claimed = vec![false; chars.len()];
    let mut gold = Vec::new();
    for t in texts {
        let kinds = &wanted[t];
        let free: Vec<(usize, usize)> = occurrences(&chars, t)
            .into_iter()
            .filter(|&(s, e)| !claimed[s..e].iter().any(|&x| x))
            .collect();
        assert_eq!(
            free.len(),
            kinds.len(),
            "{name}: gold lists {} occurrence(s) of {t:?}, the text has {}",
            kinds.len(),
            free.len()
        );
        for (&(s, e), &k) in free.iter().zip(kinds) {
            claimed[s..e].iter_mut().for_each(|x| *x = true);
            gold.push((k, s, e, t.clone()));
        }
    }
    let mut traps = Vec::new();
    let trap_src = fs::read_to_string(dir.join(format!("{name}.traps.tsv"))).unwrap();
    for line in trap_src.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once('\t') {
            Some((ctx, word)) => {
                let found = occurrences(&chars, ctx);
                assert!(
                    !found.is_empty(),
                    "{name}: trap context {ctx:?} not in text"
                );
                for (cs, ce) in found {
                    let inner = occurrences(&chars[cs..ce], word);
                    assert!(!inner.is_empty(), "{name}: {word:?} not in {ctx:?}");
                    let (s, e) = inner[0];
                    traps.push((cs + s, cs + e, word.to_string()));
                }
            }
            None => {
                let found = occurrences(&chars, line);
                assert!(!found.is_empty(), "{name}: trap {line:?} not in text");
                for (s, e) in found {
                    traps.push((s, e, line.to_string()));
                }
            }
        }
    }
    Case {
        name: name.to_string(),
        text,
        gold,
        traps,
    }
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/anon");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().into_string().unwrap();
            n.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    names.sort();
    assert!(names.len() >= 8, "expected at least 8 transcripts");
    names.iter().map(|n| load(&dir, n)).collect()
}

#[test]
fn detection_meets_the_quality_bar() {
    let cases = cases();
    let docs: Vec<(i64, &str)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (i as i64, c.text.as_str()))
        .collect();
    let detector = Detector::new();
    let t0 = std::time::Instant::now();
    let sugg = detector.detect(&docs);
    let elapsed = t0.elapsed();

    let mut by_doc: BTreeMap<i64, Vec<&Suggestion>> = BTreeMap::new();
    for s in &sugg {
        by_doc.entry(s.doc).or_default().push(s);
    }
    let empty = Vec::new();
    let mut per_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let (mut traps_total, mut traps_kept) = (0, 0);
    let mut misses = Vec::new();
    let mut flagged_traps = Vec::new();
    let mut gold_spans: Vec<(i64, usize, usize)> = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let doc = i as i64;
        let ss = by_doc.get(&doc).unwrap_or(&empty);
        for (kind, s, e, text) in &c.gold {
            gold_spans.push((doc, *s, *e));
            let hit = ss
                .iter()
                .any(|x| x.kind == *kind && x.start <= *s && x.end >= *e);
            let entry = per_kind.entry(*kind).or_default();
            entry.1 += 1;
            if hit {
                entry.0 += 1;
            } else {
                let got: Vec<String> = ss
                    .iter()
                    .filter(|x| x.start < *e && *s < x.end)
                    .map(|x| format!("{:?} {:?}", x.kind, x.text))
                    .collect();
                misses.push(format!("{}: {kind:?} {text:?} (got {got:?})", c.name));
            }
        }
        for (s, e, word) in &c.traps {
            traps_total += 1;
            match ss.iter().find(|x| x.start < *e && *s < x.end) {
                None => traps_kept += 1,
                Some(x) => flagged_traps.push(format!(
                    "{}: {word:?} flagged as {:?} {:?}",
                    c.name, x.kind, x.text
                )),
            }
        }
    }
    // Suggestions that match no gold span at all (extra, not necessarily wrong).
    let extras: Vec<String> = sugg
        .iter()
        .filter(|x| {
            !gold_spans
                .iter()
                .any(|&(d, s, e)| d == x.doc && x.start < e && s < x.end)
        })
        .map(|x| format!("{}: {:?} {:?}", cases[x.doc as usize].name, x.kind, x.text))
        .collect();

    println!(
        "\nAnonymisation detection, {} transcripts, accept-all ({elapsed:.2?})",
        cases.len()
    );
    println!(
        "{:<12} {:>6} {:>6} {:>8}",
        "kind", "found", "gold", "recall"
    );
    for (kind, (found, total)) in &per_kind {
        println!(
            "{:<12} {:>6} {:>6} {:>8.3}",
            kind.as_str(),
            found,
            total,
            *found as f64 / *total as f64
        );
    }
    let trap_rate = traps_kept as f64 / traps_total as f64;
    println!(
        "{:<12} {:>6} {:>6} {:>8.3}",
        "traps kept", traps_kept, traps_total, trap_rate
    );
    println!(
        "suggestions: {}, outside gold: {}",
        sugg.len(),
        extras.len()
    );
    for m in &misses {
        println!("  MISS  {m}");
    }
    for t in &flagged_traps {
        println!("  TRAP  {t}");
    }
    for x in &extras {
        println!("  EXTRA {x}");
    }

    let recall = |k: Kind| per_kind.get(&k).map_or(1.0, |(f, t)| *f as f64 / *t as f64);
    assert!(
        recall(Kind::Person) >= 0.95,
        "person recall {:.3}",
        recall(Kind::Person)
    );
    assert!(
        recall(Kind::Place) >= 0.95,
        "place recall {:.3}",
        recall(Kind::Place)
    );
    for k in [Kind::Email, Kind::Phone, Kind::NationalId] {
        assert!(recall(k) == 1.0, "{k:?} recall {:.3}", recall(k));
    }
    assert!(trap_rate >= 0.95, "traps kept {trap_rate:.3}");
}

#[test]
fn suggestion_offsets_are_char_offsets() {
    let cases = cases();
    let docs: Vec<(i64, &str)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (i as i64, c.text.as_str()))
        .collect();
    for s in Detector::new().detect(&docs) {
        let text = &cases[s.doc as usize].text;
        let slice: String = text.chars().skip(s.start).take(s.end - s.start).collect();
        assert_eq!(slice, s.text);
        assert!(!s.entity.is_empty());
        assert!(
            s.context
                .contains(s.text.split_whitespace().next().unwrap())
        );
    }
}

#[test]
fn detection_is_linear_enough() {
    // A large synthetic corpus built from the test set: 40 docs × ~55k chars
    // in a debug build. The release bar (200 × 55k under 3 s) is checked by
    // `tema bench anon`; here we only guard against quadratic behaviour.
    let cases = cases();
    let joined: String = cases
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let big = joined.repeat(55_000 / joined.chars().count() + 1);
    let docs: Vec<(i64, &str)> = (0..40).map(|i| (i, big.as_str())).collect();
    let d = Detector::new();
    let t0 = std::time::Instant::now();
    let n = d.detect(&docs).len();
    let el = t0.elapsed();
    println!(
        "40 docs × {} chars: {n} suggestions in {el:.2?}",
        big.chars().count()
    );
    assert!(n > 0);
}
