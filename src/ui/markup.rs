//! How a transcript is cut into rows for display, and how each row is styled:
//! speaker labels bold, timestamps dim, non-verbal markers (`*ler*`,
//! `(pause)`, `[uforståelig]`) italic and dim, anonymisation placeholders
//! (`[Navn, ansatt]`) in an accent colour. Pure functions, no egui.

use crate::model::Turn;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Rows longer than this are cut at a space, so that no single layout job
/// gets huge (a transcript without line breaks would otherwise be one row).
pub const MAX_ROW_CHARS: usize = 2_000;

/// One displayed paragraph (or a piece of a very long one), in char and
/// byte offsets into the document text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// Chars from `start` that belong to the speaker label (and timestamp).
    pub label_chars: usize,
    /// First row of a speaker turn or paragraph: gets space above it.
    pub turn_start: bool,
}

impl Row {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Cut `text` into rows: each non-blank line is a row, long lines are cut.
pub fn split_rows(text: &str, turns: &[Turn]) -> Vec<Row> {
    let mut rows = Vec::new();
    let (mut char_pos, mut byte_pos) = (0usize, 0usize);
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        if !line.trim().is_empty() {
            push_line_rows(&mut rows, line, char_pos, byte_pos);
        }
        char_pos += line_chars + 1;
        byte_pos += line.len() + 1;
    }
    mark_turns(&mut rows, turns);
    rows
}

fn push_line_rows(rows: &mut Vec<Row>, line: &str, char_pos: usize, byte_pos: usize) {
    let mut piece_start_b = 0;
    let mut piece_start_c = 0;
    let mut last_space: Option<(usize, usize)> = None; // (byte after space, char after space)
    for (c, (b, ch)) in line.char_indices().enumerate() {
        if c - piece_start_c >= MAX_ROW_CHARS {
            let (cut_b, cut_c) = last_space
                .filter(|&(_, sc)| sc > piece_start_c)
                .unwrap_or((b, c));
            rows.push(row(
                char_pos + piece_start_c,
                char_pos + cut_c,
                byte_pos + piece_start_b,
                byte_pos + cut_b,
                true,
            ));
            piece_start_b = cut_b;
            piece_start_c = cut_c;
            last_space = None;
        }
        if ch == ' ' {
            last_space = Some((b + 1, c + 1));
        }
    }
    let total = line.chars().count();
    if total > piece_start_c {
        rows.push(row(
            char_pos + piece_start_c,
            char_pos + total,
            byte_pos + piece_start_b,
            byte_pos + line.len(),
            true,
        ));
    }
    // Only the first piece of a line starts a paragraph.
    let n = rows.len();
    let first_piece = rows
        .iter()
        .rposition(|r| r.start == char_pos)
        .unwrap_or(n.saturating_sub(1));
    for r in &mut rows[first_piece + 1..] {
        r.turn_start = false;
    }
}

fn row(start: usize, end: usize, byte_start: usize, byte_end: usize, turn_start: bool) -> Row {
    Row {
        start,
        end,
        byte_start,
        byte_end,
        label_chars: 0,
        turn_start,
    }
}

/// With speaker turns, only a turn's first row gets space above it and its
/// label; paragraphs inside a turn follow closely.
fn mark_turns(rows: &mut [Row], turns: &[Turn]) {
    if turns.is_empty() {
        return;
    }
    let mut t = 0;
    for r in rows.iter_mut() {
        while t < turns.len() && turns[t].end <= r.start {
            t += 1;
        }
        let Some(turn) = turns.get(t) else {
            r.turn_start = true;
            continue;
        };
        let starts_here = turn.start >= r.start && turn.start < r.end;
        let inside = turn.start <= r.start && r.start < turn.end;
        r.turn_start = starts_here || !inside;
        if starts_here && turn.body_start > turn.start {
            let label_end = turn.body_start.min(r.end);
            r.label_chars = label_end - r.start;
        }
    }
}

/// How a run of text within a row is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Body,
    Label,
    Timestamp,
    NonVerbal,
    Placeholder,
}

static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<ts>\[?\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\b\]?)
      | (?P<star>\*[^*\n]{1,60}\*)
      | (?P<paren>\([^()\n]{1,40}\))
      | (?P<bracket>\[[^\[\]\n]{1,80}\])",
    )
    .expect("marker regex")
});

const NON_VERBAL_WORDS: &[&str] = &[
    "uforståelig",
    "utydelig",
    "uhørbart",
    "uhørlig",
    "inaudible",
    "unintelligible",
    "crosstalk",
    "pause",
    "lang pause",
    "kort pause",
    "latter",
    "ler",
    "avbrudd",
    "avbryter",
    "sukker",
    "kremter",
    "stillhet",
    "...",
    "…",
];

fn bracket_style(inner: &str) -> Style {
    let lower = inner.trim().to_lowercase();
    let is_marker = NON_VERBAL_WORDS
        .iter()
        .any(|w| lower == *w || lower.starts_with(&format!("{w} ")))
        || lower.ends_with('?');
    if is_marker {
        Style::NonVerbal
    } else {
        Style::Placeholder
    }
}

/// Styled runs (byte ranges) covering all of `row_text`; the first
/// `label_chars` chars are the speaker label.
pub fn style_runs(row_text: &str, label_chars: usize) -> Vec<(Range<usize>, Style)> {
    let label_bytes = row_text
        .char_indices()
        .nth(label_chars)
        .map_or(row_text.len(), |(b, _)| b);
    let mut runs: Vec<(Range<usize>, Style)> = Vec::new();
    let mut push = |range: Range<usize>, style: Style| {
        if range.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((r, s)) if *s == style && r.end == range.start => r.end = range.end,
            _ => runs.push((range, style)),
        }
    };
    let plain = |from: usize, to: usize, push: &mut dyn FnMut(Range<usize>, Style)| {
        let mid = label_bytes.clamp(from, to);
        push(from..mid, Style::Label);
        push(mid..to, Style::Body);
    };
    let mut pos = 0;
    for m in MARKERS.captures_iter(row_text) {
        let whole = m.get(0).expect("match");
        plain(pos, whole.start(), &mut push);
        let style = if m.name("ts").is_some() {
            Style::Timestamp
        } else if m.name("bracket").is_some() {
            bracket_style(&row_text[whole.start() + 1..whole.end() - 1])
        } else {
            Style::NonVerbal
        };
        push(whole.range(), style);
        pos = whole.end();
    }
    plain(pos, row_text.len(), &mut push);
    runs
}

/// Word boundaries around char `at` of `text` (for double-click), as char
/// offsets relative to `text`.
pub fn word_at(text: &str, at: usize) -> (usize, usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut c = 0;
    for (_, word) in text.split_word_bound_indices() {
        let n = word.chars().count();
        if at < c + n {
            return (c, c + n);
        }
        c += n;
    }
    (c, c)
}

/// The words of `text` as char ranges: Unicode word segments holding a
/// letter or digit (so æøå belong to words, punctuation and spaces do not).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    use unicode_segmentation::UnicodeSegmentation;
    let mut c = 0;
    text.split_word_bounds().filter_map(move |seg| {
        let start = c;
        c += seg.chars().count();
        seg.chars().any(char::is_alphanumeric).then_some((start, c))
    })
}

/// The end of the first word that ends after char `at` (Ctrl+Right stops at
/// word ends, so Ctrl+Shift+Right selects words without the space after).
pub fn next_word_end(text: &str, at: usize) -> Option<usize> {
    words(text).map(|(_, end)| end).find(|&end| end > at)
}

/// The start of the last word that starts before char `at` (Ctrl+Left).
pub fn prev_word_start(text: &str, at: usize) -> Option<usize> {
    words(text)
        .map(|(start, _)| start)
        .take_while(|&start| start < at)
        .last()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(start: usize, body: usize, end: usize) -> Turn {
        Turn {
            id: 0,
            start,
            body_start: body,
            end,
            speaker: Some("x".into()),
            participant: None,
            timestamp: None,
        }
    }

    #[test]
    fn rows_skip_blank_lines_and_know_their_offsets() {
        let text = "I: Hei på deg\n\nIP3: Blåbær er godt\nog mer her";
        let turns = vec![turn(0, 3, 13), turn(15, 20, 44)];
        let rows = split_rows(text, &turns);
        assert_eq!(rows.len(), 3);
        assert_eq!((rows[1].start, rows[1].end), (15, 34));
        assert_eq!(
            &text[rows[1].byte_start..rows[1].byte_end],
            "IP3: Blåbær er godt"
        );
        assert_eq!(rows[1].label_chars, 5);
        assert!(rows[1].turn_start);
        assert!(!rows[2].turn_start, "a second paragraph of a turn");
        assert_eq!(rows[2].label_chars, 0);
    }

    #[test]
    fn long_lines_are_cut_at_spaces() {
        let text = "ord ".repeat(1_500);
        let rows = split_rows(&text, &[]);
        assert!(rows.len() >= 3);
        assert!(rows.iter().all(|r| r.len() <= MAX_ROW_CHARS));
        assert_eq!(rows[0].start, 0);
        for w in rows.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(!w[1].turn_start);
        }
        assert_eq!(rows.last().unwrap().end, text.chars().count());
    }

    #[test]
    fn markers_are_styled() {
        let t = "[00:12:31] IP3: Ja *ler* (pause) [uforståelig] hos [Navn, ansatt].";
        let runs = style_runs(t, 16);
        let of = |s: &str| {
            let b = t.find(s).unwrap();
            runs.iter()
                .find(|(r, _)| r.start <= b && b < r.end)
                .unwrap()
                .1
        };
        assert_eq!(of("[00:12:31]"), Style::Timestamp);
        assert_eq!(of("IP3"), Style::Label);
        assert_eq!(of("Ja"), Style::Body);
        assert_eq!(of("*ler*"), Style::NonVerbal);
        assert_eq!(of("(pause)"), Style::NonVerbal);
        assert_eq!(of("[uforståelig]"), Style::NonVerbal);
        assert_eq!(of("[Navn, ansatt]"), Style::Placeholder);
        // Runs tile the text.
        assert_eq!(runs.first().unwrap().0.start, 0);
        assert_eq!(runs.last().unwrap().0.end, t.len());
        for w in runs.windows(2) {
            assert_eq!(w[0].0.end, w[1].0.start);
        }
    }

    #[test]
    fn double_click_finds_norwegian_words() {
        let t = "vi blir sittende på hver vår tue";
        assert_eq!(word_at(t, 18), (17, 19)); // "på"
        assert_eq!(word_at(t, 26), (25, 28)); // "vår"
    }

    #[test]
    fn word_steps_treat_norwegian_letters_as_word_characters() {
        let t = "Ja, vi blir sittende på hver vår tue.";
        // "Ja" ends at 2; the comma is no word.
        assert_eq!(next_word_end(t, 0), Some(2));
        assert_eq!(next_word_end(t, 2), Some(6)); // "vi"
        assert_eq!(next_word_end(t, 20), Some(23)); // "på", not "p"
        assert_eq!(next_word_end(t, 36), None);
        assert_eq!(prev_word_start(t, 36), Some(33)); // "tue"
        assert_eq!(prev_word_start(t, 32), Some(29)); // "vår", not "r"
        assert_eq!(prev_word_start(t, 4), Some(0));
        assert_eq!(prev_word_start(t, 0), None);
    }
}
