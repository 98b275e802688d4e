//! Keyboard selection in the transcript viewer: which key does what, and
//! where each step takes the caret.
//!
//! Char and word steps, Ctrl+Home/End and Ctrl+A work on the document's
//! rows in char offsets. Line steps (Up/Down, Home/End) follow the *visual*
//! lines of the wrapped text: they ask the viewer for a row's galley, which
//! it lays out on demand, so they also work where the text is off screen.
//! Between rows (a blank line) the caret jumps to the next row, so one key
//! press always moves it by something the reader can see.

use super::markup;
use super::viewer::DocView;
use egui::text::CCursor;
use egui::{Galley, Key, Modifiers, vec2};
use std::sync::Arc;

/// How the caret sits on a wrapped line, beyond its char offset.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LineHint {
    /// At a soft line break the end of one line is the start of the next:
    /// after End the caret belongs to the end of the upper line.
    pub at_line_end: bool,
    /// The x to come back to when Up/Down pass a shorter line.
    pub h_pos: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordLeft,
    WordRight,
    Up,
    Down,
    LineStart,
    LineEnd,
    DocStart,
    DocEnd,
}

/// What a key press asks of the focused viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCommand {
    /// Move the caret; with `extend` (Shift) the selection's anchor stays.
    Move { motion: Motion, extend: bool },
    /// Ctrl+A: the turn around the caret, then the whole document.
    SelectAll,
    /// Escape: no selection (the caret stays).
    Clear,
}

/// The viewer's meaning of a key, if it has one.
pub fn command_for(key: Key, m: Modifiers) -> Option<KeyCommand> {
    // Ctrl (egui's `command` off macOS) steps by words; on macOS Alt does.
    let ctrl = m.ctrl || m.command;
    let word = ctrl || m.alt;
    let motion = match key {
        Key::ArrowLeft if word => Motion::WordLeft,
        Key::ArrowRight if word => Motion::WordRight,
        Key::ArrowLeft => Motion::Left,
        Key::ArrowRight => Motion::Right,
        Key::ArrowUp => Motion::Up,
        Key::ArrowDown => Motion::Down,
        Key::Home if ctrl => Motion::DocStart,
        Key::End if ctrl => Motion::DocEnd,
        Key::Home => Motion::LineStart,
        Key::End => Motion::LineEnd,
        Key::A if ctrl && !m.shift && !m.alt => return Some(KeyCommand::SelectAll),
        Key::Escape if !m.any() => return Some(KeyCommand::Clear),
        _ => return None,
    };
    Some(KeyCommand::Move {
        motion,
        extend: m.shift,
    })
}

/// The row the caret at `offset` belongs to: the last one starting at or
/// before it (a caret in a blank line belongs to the row above).
pub fn caret_row(doc: &DocView, offset: usize) -> usize {
    doc.rows
        .partition_point(|r| r.start <= offset)
        .saturating_sub(1)
}

/// The caret as a cursor into its row's galley.
pub fn cursor_in_row(doc: &DocView, row: usize, offset: usize, hint: LineHint) -> CCursor {
    let r = &doc.rows[row];
    CCursor {
        index: (offset.clamp(r.start, r.end) - r.start).into(),
        prefer_next_row: !hint.at_line_end,
    }
}

/// Where `motion` takes the caret at `offset`. `galley` lays out a row.
pub fn move_caret(
    doc: &DocView,
    offset: usize,
    hint: LineHint,
    motion: Motion,
    galley: &mut dyn FnMut(usize) -> Arc<Galley>,
) -> (usize, LineHint) {
    if doc.rows.is_empty() {
        return (offset, hint);
    }
    let plain = |o: usize| (o, LineHint::default());
    match motion {
        Motion::Left => plain(char_left(doc, offset)),
        Motion::Right => plain(char_right(doc, offset)),
        Motion::WordLeft => plain(word_step(doc, offset, false)),
        Motion::WordRight => plain(word_step(doc, offset, true)),
        Motion::DocStart => plain(doc.rows[0].start),
        Motion::DocEnd => plain(doc.chars()),
        Motion::Up => line_step(doc, offset, hint, false, galley),
        Motion::Down => line_step(doc, offset, hint, true, galley),
        Motion::LineStart => plain(line_start(doc, offset, hint, galley)),
        Motion::LineEnd => line_end(doc, offset, hint, galley),
    }
}

/// What Ctrl+A selects around `offset`: the words of the speaker turn
/// (without its label, as a coder wants it), or the paragraph when the
/// document has no turns.
pub fn turn_span(doc: &DocView, offset: usize) -> (usize, usize) {
    let k = doc.turns.partition_point(|t| t.start <= offset);
    match k.checked_sub(1).map(|k| &doc.turns[k]) {
        Some(t) if offset <= t.end => (t.body_start, t.end),
        _ => doc.paragraph(caret_row(doc, offset)),
    }
}

fn char_right(doc: &DocView, c: usize) -> usize {
    let i = caret_row(doc, c);
    let r = &doc.rows[i];
    if c < r.start {
        r.start
    } else if c < r.end {
        c + 1
    } else {
        doc.rows.get(i + 1).map_or(r.end, |next| next.start)
    }
}

fn char_left(doc: &DocView, c: usize) -> usize {
    let i = caret_row(doc, c);
    let r = &doc.rows[i];
    if c > r.end {
        r.end
    } else if c > r.start {
        c - 1
    } else if i > 0 {
        // Rows cut from one long line touch: then step into the row above.
        let above = doc.rows[i - 1].end;
        if above < c { above } else { c - 1 }
    } else {
        c
    }
}

/// A word step from `c`: to the next word's end (`forward`) or the previous
/// word's start, in the caret's row or else the nearest row that has words.
fn word_step(doc: &DocView, c: usize, forward: bool) -> usize {
    let mut i = caret_row(doc, c);
    let mut at = c;
    loop {
        let r = &doc.rows[i];
        let local = at.clamp(r.start, r.end) - r.start;
        let text = doc.row_text(i);
        let found = if forward {
            markup::next_word_end(text, local)
        } else {
            markup::prev_word_start(text, local)
        };
        if let Some(w) = found {
            return r.start + w;
        }
        let next = if forward {
            Some(i + 1)
        } else {
            i.checked_sub(1)
        };
        match next.filter(|&n| n < doc.rows.len()) {
            Some(n) => {
                i = n;
                at = if forward {
                    doc.rows[n].start
                } else {
                    doc.rows[n].end
                };
            }
            None if forward => return r.end.max(c),
            None => return r.start.min(c),
        }
    }
}

/// One visual line up or down, keeping the caret's x; across rows too.
fn line_step(
    doc: &DocView,
    offset: usize,
    hint: LineHint,
    down: bool,
    galley: &mut dyn FnMut(usize) -> Arc<Galley>,
) -> (usize, LineHint) {
    let i = caret_row(doc, offset);
    let g = galley(i);
    let cur = cursor_in_row(doc, i, offset, hint);
    let line = g.layout_from_cursor(cur).row;
    let x = hint
        .h_pos
        .unwrap_or_else(|| g.pos_from_cursor(cur).center().x);
    let (row, cursor) = if down && line + 1 < g.rows.len() {
        (i, g.cursor_down_one_row(&cur, Some(x)).0)
    } else if !down && line > 0 {
        (i, g.cursor_up_one_row(&cur, Some(x)).0)
    } else if down && i + 1 < doc.rows.len() {
        (i + 1, cursor_on_line(&galley(i + 1), 0, x))
    } else if !down && i > 0 {
        let above = galley(i - 1);
        let last = above.rows.len().saturating_sub(1);
        (i - 1, cursor_on_line(&above, last, x))
    } else {
        // Past the first or last line: to the document's start or end.
        let end = if down { doc.chars() } else { doc.rows[0].start };
        return (end, LineHint::default());
    };
    let r = &doc.rows[row];
    let hint = LineHint {
        at_line_end: !cursor.prefer_next_row,
        h_pos: Some(x),
    };
    (r.start + cursor.index.0.min(r.len()), hint)
}

/// The cursor nearest `x` on visual line `line` of a galley.
fn cursor_on_line(g: &Galley, line: usize, x: f32) -> CCursor {
    let y = g
        .rows
        .get(line)
        .map_or(0.0, |l| (l.min_y() + l.max_y()) / 2.0);
    g.cursor_from_pos(vec2(x, y))
}

/// Home: the start of the visual line; on a turn's first line the start
/// of the words after the speaker label, and from there the label.
fn line_start(
    doc: &DocView,
    offset: usize,
    hint: LineHint,
    galley: &mut dyn FnMut(usize) -> Arc<Galley>,
) -> usize {
    let i = caret_row(doc, offset);
    let cur = cursor_in_row(doc, i, offset, hint);
    let r = &doc.rows[i];
    let start = r.start + galley(i).cursor_begin_of_row(&cur).index.0;
    let words = r.start + r.label_chars;
    if start == r.start && offset > words {
        words
    } else {
        start
    }
}

fn line_end(
    doc: &DocView,
    offset: usize,
    hint: LineHint,
    galley: &mut dyn FnMut(usize) -> Arc<Galley>,
) -> (usize, LineHint) {
    let i = caret_row(doc, offset);
    let cur = cursor_in_row(doc, i, offset, hint);
    let end = galley(i).cursor_end_of_row(&cur).index.0;
    let hint = LineHint {
        at_line_end: true,
        h_pos: None,
    };
    (doc.rows[i].start + end, hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Turn;

    /// Two turns, the second with two paragraphs; no galleys needed.
    fn doc() -> DocView {
        let text = "I: Hei på deg.\n\nIP: Blåbær er godt.\nOg så mer.";
        let turns = vec![turn(0, 3, 14), turn(16, 20, 46)];
        DocView::new(1, "d".into(), text.into(), turns)
    }

    fn turn(start: usize, body_start: usize, end: usize) -> Turn {
        Turn {
            id: 0,
            start,
            body_start,
            end,
            speaker: Some("x".into()),
            participant: None,
            timestamp: None,
        }
    }

    fn step(doc: &DocView, offset: usize, motion: Motion) -> usize {
        let mut no_galley = |_: usize| -> Arc<Galley> { unreachable!("a char or word step") };
        move_caret(doc, offset, LineHint::default(), motion, &mut no_galley).0
    }

    #[test]
    fn char_steps_jump_blank_lines() {
        let d = doc();
        assert_eq!(step(&d, 13, Motion::Right), 14);
        assert_eq!(step(&d, 14, Motion::Right), 16, "over the blank line");
        assert_eq!(step(&d, 16, Motion::Left), 14);
        assert_eq!(step(&d, 0, Motion::Left), 0);
        assert_eq!(step(&d, d.chars(), Motion::Right), d.chars());
    }

    #[test]
    fn word_steps_cross_rows_and_stop_at_word_ends() {
        let d = doc();
        assert_eq!(step(&d, 3, Motion::WordRight), 6, "Hei");
        assert_eq!(step(&d, 6, Motion::WordRight), 9, "på, one word");
        assert_eq!(step(&d, 13, Motion::WordRight), 18, "IP in the next turn");
        assert_eq!(step(&d, 16, Motion::WordLeft), 10, "deg in the turn above");
        assert_eq!(step(&d, d.chars(), Motion::WordLeft), 42, "mer");
    }

    #[test]
    fn select_all_takes_the_turn_without_its_label() {
        let d = doc();
        assert_eq!(turn_span(&d, 5), (3, 14));
        assert_eq!(turn_span(&d, 40), (20, 46), "both paragraphs of the turn");
        let plain = DocView::new(1, "d".into(), "Ett.\n\nTo avsnitt.".into(), vec![]);
        assert_eq!(turn_span(&plain, 8), (6, 17), "the paragraph when no turns");
    }
}
