//! One combined matcher for many replacement patterns: a single
//! Aho-Corasick pass per text over a case-folded copy, then per-pattern
//! checks (exact case, Unicode word boundaries) and leftmost-longest,
//! non-overlapping selection. 500 rules cost one pass, not 500.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::Result;
use std::collections::HashMap;

use super::Kind;

/// What a pattern replaces and how it matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub text: String,
    pub replacement: String,
    pub case_sensitive: bool,
    pub whole_word: bool,
    pub kind: Kind,
    /// The entity (or rule original) the pattern stands for.
    pub entity: String,
    /// Came from a rule (else from an accepted entity's form).
    pub rule: bool,
}

/// One match, in byte offsets of the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Index into [`Matcher::patterns`].
    pub pattern: usize,
}

pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// Automaton pattern id → candidate patterns sharing that folded text,
    /// in priority order.
    variants: Vec<Vec<usize>>,
    patterns: Vec<Pattern>,
}

/// Lowercase each char whose lowercase form is one char of the same UTF-8
/// length, leave others alone: byte offsets of the result are those of
/// the input, so matches found in the folded copy slice the original.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        out.push(fold_char(c));
    }
    out
}

fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

/// A letter or digit: what a word is made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Does `start..end` (bytes) stand as a whole word in `text`? A hyphen
/// joining two words counts as inside a word (`Per` is not in `Per-Arne`).
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let ok_before = match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-') => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    };
    if !ok_before {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some('-') => !after.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

impl Matcher {
    /// Patterns earlier in the list win over later ones with the same
    /// folded text (put rules before entity forms).
    pub fn new(patterns: Vec<Pattern>) -> Result<Matcher> {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut folded: Vec<String> = Vec::new();
        let mut variants: Vec<Vec<usize>> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.text.is_empty() {
                continue;
            }
            let f = fold(&p.text);
            let id = *ids.entry(f.clone()).or_insert_with(|| {
                folded.push(f);
                variants.push(Vec::new());
                folded.len() - 1
            });
            variants[id].push(i);
        }
        let ac = if folded.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(&folded)?,
            )
        };
        Ok(Matcher {
            ac,
            variants,
            patterns,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.ac.is_none()
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    pub fn pattern(&self, i: usize) -> &Pattern {
        &self.patterns[i]
    }

    /// Non-overlapping matches, leftmost first and longest at a position,
    /// in byte offsets.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let folded = fold(text);
        let mut hits: Vec<Hit> = Vec::new();
        for m in ac.find_overlapping_iter(&folded) {
            let (start, end) = (m.start(), m.end());
            let chosen = self.variants[m.pattern().as_usize()]
                .iter()
                .copied()
                .find(|&i| {
                    let p = &self.patterns[i];
                    (!p.case_sensitive || text[start..end] == p.text)
                        && (!p.whole_word || is_whole_word(text, start, end))
                });
            if let Some(pattern) = chosen {
                hits.push(Hit {
                    start,
                    end,
                    pattern,
                });
            }
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if out.last().is_none_or(|l| h.start >= l.end) {
                out.push(h);
            }
        }
        out
    }

    /// `text` with every match replaced, and the matches (byte offsets of
    /// the input).
    pub fn replace(&self, text: &str) -> (String, Vec<Hit>) {
        let hits = self.find(text);
        if hits.is_empty() {
            return (text.to_string(), hits);
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in &hits {
            out.push_str(&text[at..h.start]);
            out.push_str(&self.patterns[h.pattern].replacement);
            at = h.end;
        }
        out.push_str(&text[at..]);
        (out, hits)
    }
}

/// The patterns of a rule: the original, and with `inflect` its genitive
/// (`Karis`, and `Jonas'` after s, x, z) replaced by the replacement + `s`.
pub fn rule_patterns(
    original: &str,
    replacement: &str,
    kind: Kind,
    whole_word: bool,
    case_sensitive: bool,
    inflect: bool,
) -> Vec<Pattern> {
    let make = |text: String, replacement: String| Pattern {
        text,
        replacement,
        case_sensitive,
        whole_word,
        kind,
        entity: original.to_string(),
        rule: true,
    };
    let mut out = vec![make(original.to_string(), replacement.to_string())];
    if inflect && original.chars().last().is_some_and(char::is_alphabetic) {
        out.push(make(format!("{original}s"), format!("{replacement}s")));
        if original
            .chars()
            .last()
            .is_some_and(|c| matches!(c.to_ascii_lowercase(), 's' | 'x' | 'z'))
        {
            out.push(make(format!("{original}'"), format!("{replacement}s")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(text: &str, repl: &str, case_sensitive: bool) -> Pattern {
        Pattern {
            text: text.into(),
            replacement: repl.into(),
            case_sensitive,
            whole_word: true,
            kind: Kind::Person,
            entity: text.into(),
            rule: false,
        }
    }

    #[test]
    fn longest_first_whole_words_unicode_case() {
        let m = Matcher::new(vec![
            pat("Kari", "[A]", true),
            pat("Kari Nordvik", "[A]", true),
            pat("ålesund", "[S]", false),
            pat("Per", "[B]", true),
        ])
        .unwrap();
        let (out, _) = m.replace(
            "Kari Nordvik og Kari bor i ÅLESUND. Karianne og Per-Arne, kari, Person. Per.",
        );
        assert_eq!(
            out,
            "[A] og [A] bor i [S]. Karianne og Per-Arne, kari, Person. [B]."
        );
    }

    #[test]
    fn a_failed_longer_match_does_not_hide_a_shorter_one() {
        let m = Matcher::new(vec![pat("Per", "[B]", true), pat("Per Olav", "[C]", true)]).unwrap();
        assert_eq!(m.replace("Per Olavsen kom").0, "[B] Olavsen kom");
    }

    #[test]
    fn rule_inflection() {
        let pats = rule_patterns("Jonas", "[P]", Kind::Person, true, false, true);
        let m = Matcher::new(pats).unwrap();
        assert_eq!(
            m.replace("Jonas' bil og jonass sykkel, JONAS").0,
            "[P]s bil og [P]s sykkel, [P]"
        );
    }

    #[test]
    fn fold_keeps_byte_offsets() {
        let s = "ÆØÅ Kari \u{212A}elvin İ";
        assert_eq!(fold(s).len(), s.len());
        assert!(fold(s).starts_with("æøå kari"));
    }
}
