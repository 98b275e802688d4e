//! Finding the matched words in a hit's text and cutting a keyword-in-context
//! snippet. The unit text is re-tokenised with the index's own analyzers, so
//! what is highlighted is what matched; byte offsets become char offsets via
//! `crate::text::CharIndex` at the edge.

use tantivy::tokenizer::TextAnalyzer;

use super::Analyzers;
use super::query::{Matcher, Pred};
use crate::text::CharIndex;

/// Chars of context before the first match, and the snippet's target width.
const BEFORE: usize = 60;
const WIDTH: usize = 220;

pub(crate) struct Highlight {
    /// Char ranges within the unit text, sorted, non-overlapping.
    pub ranges: Vec<(usize, usize)>,
    pub snippet: String,
}

struct UTok {
    from: usize,
    to: usize,
    lower: String,
    stem: String,
    loose: String,
}

fn tokens_with_offsets(an: &mut TextAnalyzer, s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut ts = an.token_stream(s);
    while ts.advance() {
        let t = ts.token();
        out.push((t.offset_from, t.offset_to, t.text.clone()));
    }
    out
}

fn unit_tokens(text: &str, an: &mut Analyzers) -> Vec<UTok> {
    let exact = tokens_with_offsets(&mut an.exact, text);
    let stem = tokens_with_offsets(&mut an.stem, text);
    let loose = tokens_with_offsets(&mut an.loose, text);
    // All three share tokenizer and length filter, so they align one to one;
    // look up by offset anyway in case a filter ever drops a token.
    let find = |v: &[(usize, usize, String)], i: usize, from: usize| -> String {
        match v.get(i) {
            Some(t) if t.0 == from => t.2.clone(),
            _ => v
                .iter()
                .find(|t| t.0 == from)
                .map(|t| t.2.clone())
                .unwrap_or_default(),
        }
    };
    exact
        .iter()
        .enumerate()
        .map(|(i, (from, to, lower))| UTok {
            from: *from,
            to: *to,
            lower: lower.clone(),
            stem: find(&stem, i, *from),
            loose: find(&loose, i, *from),
        })
        .collect()
}

fn within(a: &str, b: &str, d: u8) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    la.abs_diff(lb) <= d as usize && strsim::osa_distance(a, b) <= d as usize
}

fn pred_matches(p: &Pred, t: &UTok) -> bool {
    match p {
        Pred::Stem(s) => t.stem == *s,
        Pred::Exact(s) => t.lower == *s,
        Pred::Loose(s) => t.loose == *s,
        Pred::Prefix { exact, loose } => {
            t.lower.starts_with(exact.as_str())
                || loose
                    .as_ref()
                    .is_some_and(|l| t.loose.starts_with(l.as_str()))
        }
        Pred::Fuzzy {
            exact,
            stem,
            loose,
            d,
        } => {
            within(&t.lower, exact, *d)
                || stem.as_ref().is_some_and(|s| within(&t.stem, s, *d))
                || loose.as_ref().is_some_and(|s| within(&t.loose, s, *d))
        }
    }
}

/// Highlights `text` (one unit) for `matchers`.
pub(crate) fn highlight(text: &str, matchers: &[Matcher], an: &mut Analyzers) -> Highlight {
    let mut byte_ranges: Vec<(usize, usize)> = Vec::new();
    if !matchers.is_empty() {
        let toks = unit_tokens(text, an);
        for m in matchers {
            let n = m.seq.len();
            if n == 0 || n > toks.len() {
                continue;
            }
            for i in 0..=toks.len() - n {
                if m.seq
                    .iter()
                    .zip(&toks[i..i + n])
                    .all(|(p, t)| pred_matches(p, t))
                {
                    byte_ranges.push((toks[i].from, toks[i + n - 1].to));
                }
            }
        }
    }
    byte_ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in byte_ranges {
        match merged.last_mut() {
            Some(last) if a < last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let ci = CharIndex::new(text);
    let ranges: Vec<(usize, usize)> = merged
        .iter()
        .map(|&(a, b)| (ci.char(a), ci.char(b)))
        .collect();
    let snippet = snippet(text, &ranges);
    Highlight { ranges, snippet }
}

/// A window of about `WIDTH` chars around the first match, cut at spaces,
/// with every match inside it wrapped in «».
fn snippet(text: &str, ranges: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let (first_a, first_b) = ranges.first().copied().unwrap_or((0, 0));
    let mut start = first_a.saturating_sub(BEFORE);
    if start > 0 {
        // Begin at a word start: after the next space before the match.
        if let Some(p) = (start..first_a).find(|&i| chars[i].is_whitespace()) {
            start = p + 1;
        }
    }
    let mut end = (start + WIDTH).max(first_b).min(len);
    if end < len
        && let Some(p) = (first_b..end).rev().find(|&i| chars[i].is_whitespace())
    {
        end = p;
    }
    let mut out = String::with_capacity((end - start) * 2 + 8);
    if start > 0 {
        out.push('…');
    }
    let mut open = false;
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        for &(a, b) in ranges {
            if a == i || (i == start && a < start && b > start) {
                out.push('«');
                open = true;
            }
            if b == i && open {
                out.push('»');
                open = false;
            }
        }
        out.push(if c == '\n' || c == '\r' || c == '\t' {
            ' '
        } else {
            c
        });
    }
    if open {
        out.push('»');
    }
    if end < len {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_counts_transpositions_as_one() {
        assert!(within("samarbeid", "samarbeid", 0));
        assert!(within("samarbeid", "samrabeid", 1));
        assert!(within("samarbeid", "samarbed", 1));
        assert!(within("løsning", "losning", 1));
        assert!(!within("samarbeid", "samrabed", 1));
    }

    #[test]
    fn snippet_marks_matches_and_cuts_long_text() {
        let t = "Vi snakket om samarbeid.";
        assert_eq!(snippet(t, &[(14, 23)]), "Vi snakket om «samarbeid».");
        let long = format!("{} samarbeid {}", "ord ".repeat(100), "ord ".repeat(100));
        let a = 401;
        let s = snippet(&long, &[(a, a + 9)]);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("«samarbeid»"));
        assert!(s.chars().count() < WIDTH + 10);
    }
}
