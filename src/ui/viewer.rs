//! The transcript viewer: speaker turns as rows, coded passages tinted in
//! their code's colour (blended where codings overlap), coding stripes with
//! code names in the right margin, and selection in char offsets: with the
//! mouse, and with the keys once the text has focus (a click, or Tab):
//! Shift+arrows, Ctrl+Shift+arrows by word, Shift+Up/Down by visual line,
//! Home/End, Ctrl+A for the turn and then the whole document, Escape (see
//! `caret`). The caret is kept in view.
//!
//! Fast on 350,000-character transcripts: the text is cut into rows once;
//! a cumulative-height table places them; only rows in the viewport are
//! laid out (galleys cached per row, keyed by wrap width and theme
//! generation); rows find their codings through `CodingLayer`'s row index.
//! Row heights start as estimates and are measured a few milliseconds per
//! frame in the background; the reading position is anchored to a row, so
//! corrections above the viewport never make the text jump.

use super::actions::{Action, PaletteMode};
use super::caret::{self, KeyCommand, LineHint, Motion};
use super::markup::{self, Row, Style};
use super::spans::{CodingLayer, MAX_LANES, Span};
use super::strings as s;
use super::theme::{self, Theme};
use crate::app::{self, codes::CodingChange};
use crate::model::{Coding, Id, Turn};
use egui::text::{CCursor, LayoutJob, LayoutSection, TextFormat, TextWrapping};
use egui::{Align2, Color32, Galley, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

const LANE_W: f32 = 7.0;
const LABEL_W: f32 = 130.0;
const GUTTER: f32 = 14.0;
const MIN_TEXT_W: f32 = 160.0;
/// Time per frame spent measuring rows that are not on screen.
const MEASURE_BUDGET: Duration = Duration::from_millis(2);
const CACHE_ROWS: usize = 400;
const FLASH_SECONDS: f64 = 2.5;
/// Space kept between the caret's line and the edge it is scrolled to.
const REVEAL_MARGIN: f32 = 6.0;

/// A document opened in the viewer.
pub struct DocView {
    pub id: Id,
    pub name: String,
    pub text: String,
    pub turns: Vec<Turn>,
    pub rows: Vec<Row>,
    pub layer: CodingLayer,
}

impl DocView {
    pub fn new(id: Id, name: String, text: String, turns: Vec<Turn>) -> Self {
        let rows = markup::split_rows(&text, &turns);
        DocView {
            id,
            name,
            text,
            turns,
            rows,
            layer: CodingLayer::default(),
        }
    }

    pub fn chars(&self) -> usize {
        self.rows.last().map_or(0, |r| r.end)
    }

    /// The text between two char offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        let (b0, b1) = (self.byte_of(start), self.byte_of(end.max(start)));
        self.text[b0..b1].to_string()
    }

    /// Byte offset of a char offset, through the row table (rows know both).
    pub fn byte_of(&self, c: usize) -> usize {
        let r = self.rows.partition_point(|r| r.end < c);
        let (base_c, base_b) = match self.rows.get(r) {
            Some(row) if row.start <= c => (row.start, row.byte_start),
            _ if r > 0 => (self.rows[r - 1].end, self.rows[r - 1].byte_end),
            _ => (0, 0),
        };
        base_b
            + self.text[base_b..]
                .char_indices()
                .nth(c - base_c)
                .map_or(self.text.len() - base_b, |(b, _)| b)
    }

    /// The text of row `i`.
    pub fn row_text(&self, i: usize) -> &str {
        let row = &self.rows[i];
        &self.text[row.byte_start..row.byte_end]
    }

    /// Row `i` without its speaker label: what a triple click selects.
    pub fn paragraph(&self, i: usize) -> (usize, usize) {
        let row = &self.rows[i];
        (row.start + row.label_chars, row.end)
    }

    fn row_of(&self, offset: usize) -> usize {
        self.rows
            .partition_point(|r| r.end <= offset)
            .min(self.rows.len().saturating_sub(1))
    }
}

/// A selection of text, as the mouse made it (anchor stays, head moves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn range(&self) -> (usize, usize) {
        (self.anchor.min(self.head), self.anchor.max(self.head))
    }

    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct ScrollTarget {
    offset: usize,
    /// Put the row at the top (restoring a position) or a third down (a jump).
    at_top: bool,
}

/// Row heights for one wrap width, with their running sums.
#[derive(Default)]
struct Heights {
    width: f32,
    generation: u64,
    heights: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    dirty: bool,
    next_to_measure: usize,
}

impl Heights {
    fn total(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    fn recompute(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        self.tops.push(0.0);
        for h in &self.heights {
            y += h;
            self.tops.push(y);
        }
        self.dirty = false;
    }

    /// The row at content height `y` (clamped).
    fn row_at(&self, y: f32) -> usize {
        let n = self.heights.len();
        if n == 0 {
            return 0;
        }
        self.tops[..n]
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
    }

    fn set(&mut self, row: usize, h: f32) {
        if !self.measured[row] || (self.heights[row] - h).abs() > 0.1 {
            self.dirty |= (self.heights[row] - h).abs() > 0.1;
            self.heights[row] = h;
        }
        self.measured[row] = true;
    }
}

struct CachedRow {
    width: f32,
    generation: u64,
    galley: Arc<Galley>,
    last_used: u64,
}

/// A boundary of the selected coding being dragged to a new place.
#[derive(Debug, Clone, Copy)]
struct Resize {
    coding: Id,
    end: bool,
    offset: usize,
}

/// Where each visible row was drawn last frame (hit-testing, test hooks).
#[derive(Clone)]
struct DrawnRow {
    row: usize,
    origin: Pos2,
    galley: Arc<Galley>,
}

/// The viewer panel's state. All data comes from the `DocView` the app gives it.
#[derive(Default)]
pub struct Viewer {
    pub doc: Option<DocView>,
    selection: Option<Selection>,
    pub selected_coding: Option<Id>,
    pub memo_edit: Option<(Id, String)>,
    heights: Heights,
    cache: HashMap<usize, CachedRow>,
    frame: u64,
    pending: Option<ScrollTarget>,
    /// The view's offset is `tops[anchor.0] + anchor.1`.
    anchor: (usize, f32),
    anchor_locked: bool,
    flash: Option<(usize, usize, f64)>,
    drawn: Vec<DrawnRow>,
    text_rect: Option<Rect>,
    scroll_offset: f32,
    dragging: bool,
    resizing: Option<Resize>,
    layer_version: u64,
    /// Where the caret sits on a wrapped line (the offset is the selection's head).
    line_hint: LineHint,
    /// The caret's line to scroll into view: row, and the line's top and
    /// bottom below the row's top.
    reveal: Option<(usize, f32, f32)>,
    /// The text had keyboard focus when a modal (the palette) took it: it
    /// gets it back when the modal closes.
    keeps_focus: bool,
}

impl Viewer {
    // ------------------------------------------------------------ API for the app

    /// Show a document (keeps nothing of the previous one).
    pub fn open(&mut self, doc: DocView) {
        let keep_generation = self.heights.generation;
        *self = Viewer {
            layer_version: self.layer_version,
            ..Viewer::default()
        };
        self.heights.generation = keep_generation.wrapping_sub(1); // force a reset
        self.doc = Some(doc);
    }

    pub fn close(&mut self) {
        self.doc = None;
        self.selection = None;
        self.selected_coding = None;
    }

    pub fn doc_id(&self) -> Option<Id> {
        self.doc.as_ref().map(|d| d.id)
    }

    /// Replace the codings shown (after any change to codings or codes).
    pub fn set_codings(&mut self, codings: &[Coding], colours: &HashMap<Id, Color32>) {
        self.layer_version += 1;
        if let Some(doc) = &mut self.doc {
            doc.layer = CodingLayer::build(codings, colours, &doc.rows, self.layer_version);
            if let Some(c) = self.selected_coding
                && doc.layer.by_coding(c).is_none()
            {
                self.selected_coding = None;
                self.memo_edit = None;
            }
        }
    }

    /// The selected span as (start, end) char offsets, when not empty.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.selection.filter(|s| !s.is_empty()).map(|s| s.range())
    }

    /// Set the selection as the mouse would (test hook and "select this").
    pub fn set_selection(&mut self, start: usize, end: usize) {
        let max = self.doc.as_ref().map_or(0, |d| d.chars());
        self.line_hint = LineHint::default();
        self.selection = Some(Selection {
            anchor: start.min(max),
            head: end.min(max),
        });
    }

    /// Where the caret is (the moving end of the selection), if anywhere.
    pub fn caret(&self) -> Option<usize> {
        self.selection.map(|s| s.head)
    }

    pub fn clear_selection(&mut self) {
        self.selection = None;
    }

    pub fn selected_text(&self) -> Option<String> {
        let (a, b) = self.selection()?;
        Some(self.doc.as_ref()?.slice(a, b))
    }

    /// Scroll so that char `offset` is in view (a third down) and flash the span.
    pub fn show_span(&mut self, start: usize, end: usize, now: f64) {
        self.pending = Some(ScrollTarget {
            offset: start,
            at_top: false,
        });
        self.flash = Some((start, end, now + FLASH_SECONDS));
    }

    /// Scroll so that the row holding `offset` is at the top (restoring a position).
    pub fn restore_position(&mut self, offset: usize) {
        self.pending = Some(ScrollTarget {
            offset,
            at_top: true,
        });
    }

    /// The char offset of the first row in view (saved per project).
    pub fn top_offset(&self) -> usize {
        let doc = match &self.doc {
            Some(d) => d,
            None => return 0,
        };
        doc.rows.get(self.anchor.0).map_or(0, |r| r.start)
    }

    /// Where a pending jump will go, or None once it has happened.
    pub fn scroll_target(&self) -> Option<usize> {
        self.pending.map(|p| p.offset)
    }

    pub fn scroll_offset(&self) -> f32 {
        self.scroll_offset
    }

    /// Screen position of char `offset` as drawn last frame (middle of its
    /// line), if it is on screen. Tests use it to drive the mouse.
    pub fn screen_pos_of(&self, offset: usize) -> Option<Pos2> {
        let doc = self.doc.as_ref()?;
        let d = self.drawn.iter().find(|d| {
            let r = &doc.rows[d.row];
            r.start <= offset && offset <= r.end
        })?;
        let r = &doc.rows[d.row];
        let cursor = d.galley.pos_from_cursor(CCursor::new(offset - r.start));
        Some(d.origin + vec2(cursor.min.x + 0.5, cursor.center().y))
    }

    /// The width text is wrapped at (the text column).
    pub fn wrap_width(&self) -> f32 {
        self.heights.width
    }

    /// Still measuring rows in the background (the scroll bar is not exact yet).
    pub fn is_measuring(&self) -> bool {
        self.doc.is_some() && self.heights.next_to_measure < self.heights.heights.len()
    }

    /// Rows laid out since the last frame, a measure of work (for benchmarks).
    pub fn cached_rows(&self) -> usize {
        self.cache.len()
    }

    // ------------------------------------------------------------ drawing

    pub fn ui(&mut self, ui: &mut Ui, theme: &Theme, actions: &mut Vec<Action>) {
        self.frame += 1;
        if self.doc.is_none() {
            ui.centered_and_justified(|ui| ui.weak(s::NO_DOCUMENT_OPEN));
            return;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) && !ui.ctx().egui_wants_keyboard_input() {
            self.selection = None;
            self.selected_coding = None;
            self.memo_edit = None;
        }
        self.coding_bar(ui, actions);
        let lanes = self
            .doc
            .as_ref()
            .map_or(0, |d| d.layer.lanes.min(MAX_LANES));
        let margin = GUTTER + lanes as f32 * LANE_W + LABEL_W;
        // The scroll bar always shows, so the wrap width does not flip-flop.
        let bar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin * 2.0;
        let width = (ui.available_width() - margin - bar - 8.0)
            .max(MIN_TEXT_W)
            .floor();
        self.prepare_heights(ui, theme, width);
        self.measure_in_background(ui, theme, width);
        let text_id = ui.scope_id().with("transcript-text");
        self.keyboard(ui, theme, width, text_id);

        let mut area = egui::ScrollArea::vertical()
            .id_salt(("viewer", self.doc_id()))
            .auto_shrink(false)
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible);
        if let Some(y) = self.forced_offset(ui.available_height()) {
            area = area.vertical_scroll_offset(y);
        }
        let out = area.show_viewport(ui, |ui, viewport| {
            self.content(ui, viewport, theme, width, text_id, actions);
        });
        self.scroll_offset = out.state.clamped_offset().y;
        let user_scrolled = ui.input(|i| {
            i.smooth_scroll_delta() != egui::Vec2::ZERO || i.is_scrolling() || i.pointer.any_down()
        });
        self.update_anchor(user_scrolled);
        if self.heights.dirty {
            self.heights.recompute();
            ui.ctx().request_repaint();
        }
        if self.heights.next_to_measure < self.heights.heights.len() {
            ui.ctx().request_repaint();
        }
        if let Some((_, _, until)) = self.flash {
            if ui.input(|i| i.time) > until {
                self.flash = None;
            } else {
                ui.ctx().request_repaint();
            }
        }
    }

    /// A bar above the text about the selected coding: remove, recode, memo.
    fn coding_bar(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(coding) = self.selected_coding else {
            return;
        };
        let Some(span) = self
            .doc
            .as_ref()
            .and_then(|d| d.layer.by_coding(coding))
            .cloned()
        else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(s::CODING_ACTIONS);
            let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
            ui.painter().rect_filled(rect, 2.0, span.colour);
            ui.strong(&span.name);
            if self.memo_edit.is_none() {
                let memo = if span.memo.is_empty() {
                    s::NO_MEMO
                } else {
                    &span.memo
                };
                ui.weak(memo);
            }
            if ui.button(s::CHANGE_CODE).clicked() {
                actions.push(Action::OpenPalette(PaletteMode::ChangeCoding { coding }));
            }
            if self.memo_edit.is_none() && ui.button(s::EDIT_MEMO).clicked() {
                self.memo_edit = Some((coding, span.memo.clone()));
            }
            if ui.button(s::REMOVE_CODING).clicked() {
                actions.push(Action::run(move |p| app::codes::uncode(p, coding)));
                self.selected_coding = None;
            }
            if ui.button("×").on_hover_text(s::CANCEL).clicked() {
                self.selected_coding = None;
                self.memo_edit = None;
            }
        });
        self.memo_editor(ui, actions);
        ui.separator();
    }

    /// The selected coding's memo being edited, saved with a button.
    fn memo_editor(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut saved = false;
        if let Some((id, text)) = &mut self.memo_edit {
            let id = *id;
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text(s::MEMO_HINT)
                        .desired_width(ui.available_width() - 120.0),
                );
                if ui.button(s::SAVE_MEMO).clicked() {
                    let change = CodingChange {
                        memo: Some(text.clone()),
                        ..Default::default()
                    };
                    actions.push(Action::run(move |p| app::codes::edit_coding(p, id, change)));
                    saved = true;
                }
            });
        }
        if saved {
            self.memo_edit = None;
        }
    }

    /// Reset the height table when the document, width or theme changed.
    fn prepare_heights(&mut self, ui: &Ui, theme: &Theme, width: f32) {
        let Some(doc) = &self.doc else { return };
        let h = &mut self.heights;
        if h.width == width && h.generation == theme.generation && h.heights.len() == doc.rows.len()
        {
            return;
        }
        let line_h = ui.fonts_mut(|f| f.row_height(&theme.body()));
        let char_w = theme.font_size * 0.48;
        let per_line = (width / char_w).max(10.0);
        h.heights = doc
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                gap_above(i, r, line_h) + (r.len() as f32 / per_line).ceil().max(1.0) * line_h
            })
            .collect();
        h.measured = vec![false; doc.rows.len()];
        h.width = width;
        h.generation = theme.generation;
        h.next_to_measure = 0;
        h.recompute();
        h.dirty = true; // keep the anchor row in place
        self.cache.clear();
    }

    /// Lay out rows that are not on screen, a little each frame, so the
    /// scroll bar becomes exact without a pause.
    fn measure_in_background(&mut self, ui: &Ui, theme: &Theme, width: f32) {
        let Some(doc) = &self.doc else { return };
        let started = Instant::now();
        let line_h = ui.fonts_mut(|f| f.row_height(&theme.body()));
        while self.heights.next_to_measure < doc.rows.len() && started.elapsed() < MEASURE_BUDGET {
            let i = self.heights.next_to_measure;
            self.heights.next_to_measure += 1;
            if self.heights.measured[i] {
                continue;
            }
            let galley = layout_row(ui, doc, i, theme, width);
            let h = gap_above(i, &doc.rows[i], line_h) + galley.size().y;
            self.heights.set(i, h);
        }
    }

    /// Remember which row the view is anchored to. After a jump the target
    /// row stays the anchor (so it stays in view while row heights above it
    /// are corrected) until the user scrolls.
    fn update_anchor(&mut self, user_scrolled: bool) {
        let top_of = |row: usize| self.heights.tops.get(row).copied().unwrap_or(0.0);
        if self.anchor_locked && !user_scrolled {
            return;
        }
        self.anchor_locked = false;
        let row = self.heights.row_at(self.scroll_offset);
        self.anchor = (row, self.scroll_offset - top_of(row));
    }

    /// The scroll offset to force this frame: a jump, or keeping the anchor
    /// row still while heights above it were corrected.
    fn forced_offset(&mut self, view_h: f32) -> Option<f32> {
        let doc = self.doc.as_ref()?;
        if let Some(t) = self.pending.take() {
            let row = doc.row_of(t.offset);
            let top = self.heights.tops.get(row).copied().unwrap_or(0.0);
            let dy = if t.at_top {
                0.0
            } else {
                -(view_h / 3.0).min(top)
            };
            self.anchor = (row, dy);
            self.anchor_locked = true;
            self.reveal = None; // a jump wins over the caret
            return Some(top + dy);
        }
        let mut forced = None;
        if self.heights.dirty {
            self.heights.recompute();
            let (row, dy) = self.anchor;
            forced = Some((self.heights.tops.get(row).copied().unwrap_or(0.0) + dy).max(0.0));
        }
        if let Some(line) = self.reveal.take() {
            let current = forced.unwrap_or(self.scroll_offset);
            forced = self.offset_revealing(line, current, view_h).or(forced);
        }
        forced
    }

    /// The scroll offset that brings the caret's line into view, when it is
    /// not: the least scrolling that does, as in any text editor.
    fn offset_revealing(
        &mut self,
        (row, y0, y1): (usize, f32, f32),
        current: f32,
        view_h: f32,
    ) -> Option<f32> {
        let top = *self.heights.tops.get(row)?;
        let (line_top, line_bottom) = (top + y0, top + y1);
        let y = if line_top < current {
            line_top - REVEAL_MARGIN
        } else if line_bottom > current + view_h {
            line_bottom - view_h + REVEAL_MARGIN
        } else {
            return None;
        };
        let y = y.max(0.0);
        let anchor_row = self.heights.row_at(y);
        self.anchor = (anchor_row, y - self.heights.tops[anchor_row]);
        self.anchor_locked = false;
        Some(y)
    }

    // ------------------------------------------------------------ keyboard

    /// Keys for the focused text (see `caret`): move the caret, extend the
    /// selection, Ctrl+A, Escape.
    fn keyboard(&mut self, ui: &Ui, theme: &Theme, width: f32, text_id: egui::Id) {
        let has_rows = self.doc.as_ref().is_some_and(|d| !d.rows.is_empty());
        if !has_rows || !ui.memory(|m| m.has_focus(text_id)) {
            return;
        }
        // Arrows and Escape act on the text instead of moving focus away;
        // Tab still leaves it.
        let filter = egui::EventFilter {
            horizontal_arrows: true,
            vertical_arrows: true,
            escape: true,
            tab: false,
        };
        ui.memory_mut(|m| m.set_focus_lock_filter(text_id, filter));
        for command in ui.input_mut(take_key_commands) {
            self.key_command(ui, theme, width, command);
        }
    }

    fn key_command(&mut self, ui: &Ui, theme: &Theme, width: f32, command: KeyCommand) {
        let Some(doc) = self.doc.as_ref() else { return };
        let head = self
            .selection
            .map_or_else(|| self.first_visible_word(), |s| s.head);
        let (anchor, head, hint) = match command {
            KeyCommand::Clear => {
                self.selected_coding = None;
                self.memo_edit = None;
                (head, head, self.line_hint)
            }
            KeyCommand::SelectAll => {
                let (a, b) = self.select_all_step(head);
                (a, b, LineHint::default())
            }
            KeyCommand::Move { motion, extend } => {
                let (to, hint) = match (self.selection(), motion, extend) {
                    // Over selected words plain Left/Right go to the
                    // selection's start or end, as in any editor.
                    (Some((a, _)), Motion::Left, false) => (a, LineHint::default()),
                    (Some((_, b)), Motion::Right, false) => (b, LineHint::default()),
                    _ => {
                        let mut galley = |i| {
                            cached_galley(&mut self.cache, self.frame, ui, doc, i, theme, width)
                        };
                        caret::move_caret(doc, head, self.line_hint, motion, &mut galley)
                    }
                };
                let anchor = match self.selection {
                    Some(sel) if extend => sel.anchor,
                    _ if extend => head,
                    _ => to,
                };
                (anchor, to, hint)
            }
        };
        self.selection = Some(Selection { anchor, head });
        self.line_hint = hint;
        self.reveal_caret(ui, theme, width);
    }

    /// Ctrl+A selects the turn around the caret; pressed again, the whole
    /// document (coders code turns far more often than whole interviews).
    fn select_all_step(&self, head: usize) -> (usize, usize) {
        let Some(doc) = self.doc.as_ref() else {
            return (head, head);
        };
        // From the selection's start: after a turn is selected the head
        // sits at its end, which may be where the next turn starts.
        let at = self.selection().map_or(head, |(a, _)| a);
        let turn = caret::turn_span(doc, at);
        if self.selection() == Some(turn) {
            (doc.rows.first().map_or(0, |r| r.start), doc.chars())
        } else {
            turn
        }
    }

    /// Where the caret starts when the keys are used before any click: the
    /// words of the first row in view.
    fn first_visible_word(&self) -> usize {
        let Some(doc) = self.doc.as_ref() else {
            return 0;
        };
        let row = self.anchor.0.min(doc.rows.len().saturating_sub(1));
        doc.rows.get(row).map_or(0, |_| doc.paragraph(row).0)
    }

    /// Ask `forced_offset` to scroll the caret's line into view. The row is
    /// laid out now, so the line's place is exact even off screen.
    fn reveal_caret(&mut self, ui: &Ui, theme: &Theme, width: f32) {
        let (Some(doc), Some(sel)) = (self.doc.as_ref(), self.selection) else {
            return;
        };
        let row = caret::caret_row(doc, sel.head);
        let galley = cached_galley(&mut self.cache, self.frame, ui, doc, row, theme, width);
        let line_h = ui.fonts_mut(|f| f.row_height(&theme.body()));
        let gap = gap_above(row, &doc.rows[row], line_h);
        self.heights.set(row, gap + galley.size().y);
        let cursor = caret::cursor_in_row(doc, row, sel.head, self.line_hint);
        let line = galley.pos_from_cursor(cursor);
        self.reveal = Some((row, gap + line.min.y, gap + line.max.y));
    }

    /// The text keeps keyboard focus across the palette: after Ctrl+K and
    /// Enter a researcher coding by keyboard goes on selecting. Clicking or
    /// tabbing elsewhere ends that.
    fn follow_focus(&mut self, ui: &Ui, resp: &egui::Response) {
        if resp.has_focus() {
            if self.selection.is_none() {
                let at = self.first_visible_word();
                self.selection = Some(Selection {
                    anchor: at,
                    head: at,
                });
            }
            self.keeps_focus = true;
            return;
        }
        if ui.ctx().memory(|m| m.top_modal_layer().is_some()) {
            return;
        }
        let elsewhere =
            ui.memory(|m| m.focused().is_some()) || ui.input(|i| i.pointer.any_pressed());
        if elsewhere {
            self.keeps_focus = false;
        } else if self.keeps_focus {
            resp.request_focus();
        }
    }

    fn content(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        theme: &Theme,
        width: f32,
        text_id: egui::Id,
        actions: &mut Vec<Action>,
    ) {
        let total = self.heights.total();
        ui.set_height(total);
        ui.set_width(ui.available_width());
        let content = ui.max_rect();
        let origin = content.min;
        let screen_view = viewport.translate(origin.to_vec2());
        let text_rect = Rect::from_min_max(
            pos2(origin.x, screen_view.top()),
            pos2(origin.x + width, screen_view.bottom()),
        );
        self.text_rect = Some(text_rect);
        // Focusable (click_and_drag is): Tab reaches the text, a click focuses it.
        let text_resp = ui.interact(text_rect, text_id, Sense::click_and_drag());
        text_resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Document, true, s::TRANSCRIPT_TEXT)
        });
        let show_caret = text_resp.has_focus();
        self.draw_rows(ui, viewport, origin, theme, width, show_caret);
        let on_handle = self.coding_handles(ui, theme, actions);
        if !on_handle {
            self.handle_mouse(ui, &text_resp, actions);
        }
        self.follow_focus(ui, &text_resp);
        self.text_context_menu(&text_resp, actions);
        if let Some(code) = text_resp.dnd_release_payload::<super::codebook::CodeDrag>() {
            actions.push(Action::ApplyCode(code.0));
        }
        let margin_x = origin.x + width + GUTTER;
        self.draw_stripes(ui, screen_view, margin_x, theme);
    }

    fn draw_rows(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        origin: Pos2,
        theme: &Theme,
        width: f32,
        show_caret: bool,
    ) {
        self.drawn.clear();
        let Some(doc) = &self.doc else { return };
        if doc.rows.is_empty() {
            return;
        }
        let caret = self.selection.filter(|_| show_caret).map(|sel| {
            let row = caret::caret_row(doc, sel.head);
            (
                row,
                caret::cursor_in_row(doc, row, sel.head, self.line_hint),
            )
        });
        let line_h = ui.fonts_mut(|f| f.row_height(&theme.body()));
        let painter = ui.painter().clone();
        let mut i = self.heights.row_at(viewport.top());
        while i < doc.rows.len() && self.heights.tops[i] < viewport.bottom() {
            let row = &doc.rows[i];
            let galley = cached_galley(&mut self.cache, self.frame, ui, doc, i, theme, width);
            let gap = gap_above(i, row, line_h);
            self.heights.set(i, gap + galley.size().y);
            let at = origin + vec2(0.0, self.heights.tops[i] + gap);
            let under = Under {
                painter: &painter,
                galley: &galley,
                row,
                at,
            };
            self.paint_codings(&under, doc, i, theme);
            self.paint_selection(&under, theme);
            painter.galley(at, galley.clone(), theme.text_colour());
            if let Some((_, cursor)) = caret.filter(|(row, _)| *row == i) {
                let line = galley.pos_from_cursor(cursor).translate(at.to_vec2());
                let stroke = Stroke::new(1.5, theme.strong_colour());
                painter.line_segment([line.center_top(), line.center_bottom()], stroke);
            }
            self.drawn.push(DrawnRow {
                row: i,
                origin: at,
                galley,
            });
            i += 1;
        }
        self.evict_cache();
    }

    /// Under a row's text: its codings' highlights, the selected coding
    /// outlined (following a resize in progress).
    fn paint_codings(&self, under: &Under, doc: &DocView, i: usize, theme: &Theme) {
        let alpha = theme.highlight_alpha();
        for (_, span) in doc.layer.in_row(i) {
            let fill = theme::tint(span.colour, alpha);
            for r in under.rects(span.start, span.end) {
                under.painter.rect_filled(r, 0.0, fill);
            }
            if self.selected_coding == Some(span.coding) {
                let (a, b) = match self.resizing {
                    Some(r) if r.coding == span.coding && r.end => {
                        (span.start, r.offset.max(span.start + 1))
                    }
                    Some(r) if r.coding == span.coding => (r.offset.min(span.end - 1), span.end),
                    _ => (span.start, span.end),
                };
                let stroke = Stroke::new(1.5, span.colour);
                for r in under.rects(a, b) {
                    under
                        .painter
                        .rect_stroke(r, 1.0, stroke, egui::StrokeKind::Outside);
                }
            }
        }
    }

    /// Under a row's text: the selection and the flash of a jump to a quote.
    fn paint_selection(&self, under: &Under, theme: &Theme) {
        if let Some((a, b)) = self.selection.filter(|s| !s.is_empty()).map(|s| s.range()) {
            for r in under.rects(a, b) {
                under.painter.rect_filled(r, 0.0, theme.selection_colour());
            }
        }
        if let Some((a, b, _)) = self.flash {
            let stroke = Stroke::new(2.0, theme.placeholder_colour());
            for r in under.rects(a, b) {
                under
                    .painter
                    .rect_stroke(r.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
            }
        }
    }

    fn evict_cache(&mut self) {
        if self.cache.len() > CACHE_ROWS {
            let mut ages: Vec<u64> = self.cache.values().map(|c| c.last_used).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() - CACHE_ROWS / 2];
            self.cache.retain(|_, c| c.last_used >= cutoff);
        }
    }

    /// Handles at both ends of the selected coding: drag one to move that
    /// boundary. Returns whether the pointer is busy with a handle.
    fn coding_handles(&mut self, ui: &mut Ui, theme: &Theme, actions: &mut Vec<Action>) -> bool {
        let Some(id) = self.selected_coding else {
            return false;
        };
        let Some(span) = self
            .doc
            .as_ref()
            .and_then(|d| d.layer.by_coding(id))
            .cloned()
        else {
            return false;
        };
        let line_h = ui.fonts_mut(|f| f.row_height(&theme.body()));
        let mut busy = false;
        for end in [false, true] {
            let offset = match self.resizing {
                Some(r) if r.coding == id && r.end == end => r.offset,
                _ if end => span.end,
                _ => span.start,
            };
            let Some(p) = self.screen_pos_of(offset) else {
                continue;
            };
            let rect = Rect::from_center_size(p, vec2(8.0, line_h + 4.0));
            let resp = ui
                .interact(rect, ui.scope_id().with(("handle", id, end)), Sense::drag())
                .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
            let name = if end { s::CODING_END } else { s::CODING_START };
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, name));
            paint_handle(ui, p, line_h, span.colour, end);
            busy |= resp.hovered() || resp.dragged() || resp.drag_stopped();
            if resp.dragged()
                && let Some(h) = resp.interact_pointer_pos().and_then(|ptr| self.hit(ptr))
            {
                self.resizing = Some(Resize {
                    coding: id,
                    end,
                    offset: h,
                });
            }
            if resp.drag_stopped()
                && let Some(r) = self.resizing.take()
            {
                actions.extend(resized(&span, id, end, r.offset));
            }
        }
        busy
    }

    /// Char offset under a screen position (clamped to the nearest drawn row).
    fn hit(&self, pos: Pos2) -> Option<usize> {
        let doc = self.doc.as_ref()?;
        let first = self.drawn.first()?;
        let last = self.drawn.last()?;
        if pos.y < first.origin.y {
            return Some(doc.rows[first.row].start);
        }
        let d = self
            .drawn
            .iter()
            .rev()
            .find(|d| d.origin.y <= pos.y)
            .unwrap_or(last);
        let row = &doc.rows[d.row];
        let local = pos - d.origin;
        if local.y > d.galley.size().y + 4.0 && d.row == last.row {
            return Some(row.end);
        }
        let c = d
            .galley
            .cursor_from_pos(local.min(vec2(f32::MAX, d.galley.size().y - 1.0)));
        Some(row.start + c.index.0.min(row.len()))
    }

    fn handle_mouse(&mut self, ui: &mut Ui, resp: &egui::Response, actions: &mut Vec<Action>) {
        let (pressed, shift, pos) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.modifiers.shift,
                i.pointer.interact_pos(),
            )
        });
        if pressed
            && resp.contains_pointer()
            && let Some(p) = pos.and_then(|p| self.hit(p))
        {
            match (shift, self.selection) {
                (true, Some(sel)) => self.selection = Some(Selection { head: p, ..sel }),
                _ => self.selection = Some(Selection { anchor: p, head: p }),
            }
            // The keys go on from where the mouse put the caret.
            resp.request_focus();
            self.line_hint = LineHint::default();
            self.dragging = true;
            self.selected_coding = None;
        }
        if self.dragging {
            if ui.input(|i| i.pointer.primary_down()) {
                if let Some(p) = pos {
                    self.autoscroll(ui, p);
                    if let (Some(h), Some(sel)) = (self.hit(p), self.selection.as_mut()) {
                        sel.head = h;
                    }
                }
            } else {
                self.dragging = false;
            }
        }
        if resp.triple_clicked() {
            self.select_paragraph_at(self.selection.map(|s| s.head));
        } else if resp.double_clicked() {
            self.select_word_at(self.selection.map(|s| s.head));
        }
        let _ = actions;
    }

    fn autoscroll(&self, ui: &mut Ui, p: Pos2) {
        let Some(r) = self.text_rect else { return };
        let dy = if p.y < r.top() + 10.0 {
            (r.top() + 10.0 - p.y).min(40.0)
        } else if p.y > r.bottom() - 10.0 {
            -(p.y - r.bottom() + 10.0).min(40.0)
        } else {
            return;
        };
        ui.scroll_with_delta(vec2(0.0, dy));
        ui.ctx().request_repaint();
    }

    fn select_word_at(&mut self, at: Option<usize>) {
        let (Some(at), Some(doc)) = (at, &self.doc) else {
            return;
        };
        let i = doc.row_of(at);
        let row = &doc.rows[i];
        let (a, b) = markup::word_at(doc.row_text(i), at.saturating_sub(row.start));
        self.selection = Some(Selection {
            anchor: row.start + a,
            head: row.start + b,
        });
    }

    fn select_paragraph_at(&mut self, at: Option<usize>) {
        let (Some(at), Some(doc)) = (at, &self.doc) else {
            return;
        };
        let (anchor, head) = doc.paragraph(doc.row_of(at));
        self.selection = Some(Selection { anchor, head });
    }

    fn text_context_menu(&self, resp: &egui::Response, actions: &mut Vec<Action>) {
        let has_sel = self.selection().is_some();
        resp.context_menu(|ui| {
            if ui
                .add_enabled(has_sel, egui::Button::new(s::CODE_SELECTION))
                .clicked()
            {
                actions.push(Action::CodeSelection);
                ui.close();
            }
            if ui
                .add_enabled(has_sel, egui::Button::new(s::IN_VIVO))
                .clicked()
            {
                actions.push(Action::InVivo);
                ui.close();
            }
            if ui
                .add_enabled(has_sel, egui::Button::new(s::REAPPLY_LAST))
                .clicked()
            {
                actions.push(Action::ReapplyLast);
                ui.close();
            }
            if ui
                .add_enabled(has_sel, egui::Button::new(s::COPY))
                .clicked()
            {
                actions.push(Action::CopySelection);
                ui.close();
            }
            ui.separator();
            if ui
                .add_enabled(has_sel, egui::Button::new(s::ANONYMISE_EVERYWHERE))
                .clicked()
            {
                actions.push(Action::AnonymiseSelection);
                ui.close();
            }
        });
    }

    /// Coloured bars in the right margin, one lane per overlapping coding,
    /// with the code's name at the top of each; hover for the memo, click
    /// to select the coding.
    fn draw_stripes(&mut self, ui: &mut Ui, view: Rect, margin_x: f32, theme: &Theme) {
        let Some(doc) = &self.doc else { return };
        let mut visible: Vec<usize> = self
            .drawn
            .iter()
            .flat_map(|d| doc.layer.in_row(d.row).map(|(i, _)| i))
            .collect();
        visible.sort_unstable();
        visible.dedup();
        let lanes = doc.layer.lanes.min(MAX_LANES) as f32;
        let label_x = margin_x + lanes * LANE_W + 4.0;
        let font = theme.small();
        let label_h = ui.fonts_mut(|f| f.row_height(&font));
        let mut next_label_y = f32::MIN;
        let mut clicked = None;
        for i in visible {
            let span = &doc.layer.spans[i];
            let y0 = self
                .y_of(span.start, true)
                .unwrap_or(view.top())
                .max(view.top());
            let y1 = self
                .y_of(span.end, false)
                .unwrap_or(view.bottom())
                .min(view.bottom());
            if y1 <= y0 {
                continue;
            }
            let x = margin_x + span.lane as f32 * LANE_W;
            let bar = Rect::from_min_max(pos2(x, y0), pos2(x + LANE_W - 2.0, y1));
            let selected = self.selected_coding == Some(span.coding);
            paint_bar(
                ui,
                bar,
                span.colour,
                selected.then(|| theme.strong_colour()),
            );
            // Labels stack downwards when several codings start on one line,
            // but never drift far from their bar.
            let ly = y0.max(next_label_y);
            let label_rect = if ly <= y0 + 3.0 * label_h && ly + label_h < view.bottom() {
                next_label_y = ly + label_h;
                let text_col = if selected {
                    theme.strong_colour()
                } else {
                    darken(span.colour, theme.dark)
                };
                let at = pos2(label_x, ly);
                Some(paint_stripe_name(ui, &span.name, at, &font, text_col))
            } else {
                None
            };
            let hit_rect = label_rect.map_or(bar.expand2(vec2(2.0, 0.0)), |l| bar.union(l));
            let resp = ui.interact(
                hit_rect,
                ui.scope_id().with(("stripe", span.coding)),
                Sense::click(),
            );
            let label = s::stripe_label(&span.name);
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            let resp = resp.on_hover_ui(|ui| stripe_tooltip(ui, span));
            if resp.clicked() {
                clicked = Some(span.coding);
            }
        }
        if let Some(c) = clicked {
            self.selected_coding = Some(c);
            self.memo_edit = None;
        }
    }

    /// Screen y of char `offset` if its row was drawn: the top of its line
    /// (`top`) or the bottom.
    fn y_of(&self, offset: usize, top: bool) -> Option<f32> {
        let doc = self.doc.as_ref()?;
        let d = self.drawn.iter().find(|d| {
            let r = &doc.rows[d.row];
            if top {
                r.start <= offset && offset < r.end.max(r.start + 1)
            } else {
                r.start < offset && offset <= r.end
            }
        });
        match d {
            Some(d) => {
                let r = &doc.rows[d.row];
                let c = d.galley.pos_from_cursor(CCursor::new(offset - r.start));
                Some(d.origin.y + if top { c.min.y } else { c.max.y })
            }
            // Between drawn rows (a blank line): use the next drawn row's top.
            None => {
                let next = self
                    .drawn
                    .iter()
                    .find(|d| doc.rows[d.row].start >= offset)?;
                if next.row == self.drawn.first()?.row && doc.rows[next.row].start > offset && top {
                    return None;
                }
                Some(next.origin.y - if top { 0.0 } else { 4.0 })
            }
        }
    }
}

fn stripe_tooltip(ui: &mut Ui, span: &Span) {
    ui.strong(&span.name);
    if span.memo.is_empty() {
        ui.weak(s::NO_MEMO);
    } else {
        ui.label(&span.memo);
    }
}

fn darken(c: Color32, dark_mode: bool) -> Color32 {
    if dark_mode {
        c
    } else {
        Color32::from_rgb(
            (c.r() as f32 * 0.45) as u8,
            (c.g() as f32 * 0.45) as u8,
            (c.b() as f32 * 0.45) as u8,
        )
    }
}

/// Space above a row: more above a new speaker turn.
fn gap_above(i: usize, row: &Row, line_h: f32) -> f32 {
    if i == 0 {
        4.0
    } else if row.turn_start {
        (line_h * 0.8).round()
    } else {
        (line_h * 0.3).round()
    }
}

/// A row's galley from the cache, laid out when missing or stale.
fn cached_galley(
    cache: &mut HashMap<usize, CachedRow>,
    frame: u64,
    ui: &Ui,
    doc: &DocView,
    i: usize,
    theme: &Theme,
    width: f32,
) -> Arc<Galley> {
    if let Some(c) = cache.get_mut(&i)
        && c.width == width
        && c.generation == theme.generation
    {
        c.last_used = frame;
        return c.galley.clone();
    }
    let galley = layout_row(ui, doc, i, theme, width);
    cache.insert(
        i,
        CachedRow {
            width,
            generation: theme.generation,
            galley: galley.clone(),
            last_used: frame,
        },
    );
    galley
}

/// Lay out one row with its styles (no highlights: those are painted).
fn layout_row(ui: &Ui, doc: &DocView, i: usize, theme: &Theme, width: f32) -> Arc<Galley> {
    let row = &doc.rows[i];
    let text = doc.row_text(i);
    let mut job = LayoutJob {
        text: text.to_string(),
        wrap: TextWrapping::wrap_at_width(width),
        ..Default::default()
    };
    for (range, style) in markup::style_runs(text, row.label_chars) {
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: range.start.into()..range.end.into(),
            format: text_format(style, theme),
        });
    }
    ui.fonts_mut(|f| f.layout_job(job))
}

fn text_format(style: Style, theme: &Theme) -> TextFormat {
    let (font_id, color, italics) = match style {
        Style::Body => (theme.body(), theme.text_colour(), false),
        Style::Label => (theme.bold(), theme.strong_colour(), false),
        Style::Timestamp => (theme.small(), theme.dim_colour(), false),
        Style::NonVerbal => (theme.body(), theme.dim_colour(), true),
        Style::Placeholder => (theme.body(), theme.placeholder_colour(), false),
    };
    TextFormat {
        font_id,
        color,
        italics,
        valign: egui::Align::Center,
        ..Default::default()
    }
}

/// Rectangles (galley-relative) covering document chars `a..b` within a row.
/// A resize handle: a thin bar with a knob at its top (start) or bottom (end).
fn paint_handle(ui: &Ui, at: Pos2, line_h: f32, colour: Color32, end: bool) {
    let bar = Rect::from_center_size(at, vec2(2.5, line_h + 2.0));
    ui.painter().rect_filled(bar, 1.0, colour);
    let knob = if end {
        bar.center_bottom()
    } else {
        bar.center_top()
    };
    ui.painter().circle_filled(knob, 3.5, colour);
}

/// The change a finished resize of coding `id` (its end, or its start, to
/// `offset`) makes (none if it would leave it empty or as it was).
fn resized(span: &Span, id: Id, end: bool, offset: usize) -> Option<Action> {
    let (a, b) = if end {
        (span.start, offset)
    } else {
        (offset, span.end)
    };
    if a >= b || (a, b) == (span.start, span.end) {
        return None;
    }
    let change = CodingChange {
        start: (!end).then_some(a),
        end: end.then_some(b),
        ..Default::default()
    };
    Some(Action::run(move |p| app::codes::edit_coding(p, id, change)))
}

/// A coding's bar in the margin (outlined in `outline` when selected).
fn paint_bar(ui: &Ui, bar: Rect, colour: Color32, outline: Option<Color32>) {
    let painter = ui.painter();
    painter.rect_filled(bar, 2.0, colour);
    if let Some(outline) = outline {
        let stroke = Stroke::new(1.5, outline);
        painter.rect_stroke(bar.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
    }
}

/// A code's name beside its bar, cut to the label column; returns where.
fn paint_stripe_name(ui: &Ui, name: &str, at: Pos2, font: &egui::FontId, colour: Color32) -> Rect {
    let galley = ui.fonts_mut(|f| {
        f.layout_job(LayoutJob {
            wrap: TextWrapping::truncate_at_width(LABEL_W - 8.0),
            ..LayoutJob::simple_singleline(name.to_string(), font.clone(), Color32::PLACEHOLDER)
        })
    });
    let rect = Align2::LEFT_TOP.anchor_size(at, galley.size());
    ui.painter().galley(rect.min, galley, colour);
    rect
}

/// A row being drawn: where its text goes, for painting under it.
struct Under<'a> {
    painter: &'a egui::Painter,
    galley: &'a Galley,
    row: &'a Row,
    at: Pos2,
}

impl Under<'_> {
    /// On screen, the rectangles of chars `a..b` in this row.
    fn rects(&self, a: usize, b: usize) -> Vec<Rect> {
        range_rects(self.galley, self.row, a, b)
            .into_iter()
            .map(|r| r.translate(self.at.to_vec2()))
            .collect()
    }
}

fn range_rects(galley: &Galley, row: &Row, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    if b <= row.start || a >= row.end {
        return out;
    }
    let (a, b) = (a.max(row.start) - row.start, b.min(row.end) - row.start);
    let mut idx = 0;
    for placed in &galley.rows {
        let n = placed.glyphs.len();
        let (s, e) = (a.max(idx), b.min(idx + n));
        if s < e {
            let x0 = placed.pos.x + placed.x_offset(egui::text::CharIndex(s - idx));
            let x1 = placed.pos.x + placed.x_offset(egui::text::CharIndex(e - idx));
            out.push(Rect::from_min_max(
                pos2(x0, placed.min_y()),
                pos2(x1, placed.max_y()),
            ));
        }
        idx += n + placed.ends_with_newline as usize;
        if idx >= b {
            break;
        }
    }
    out
}

/// Take the key presses the focused text handles out of this frame's input,
/// so that no other widget acts on them too.
fn take_key_commands(input: &mut egui::InputState) -> Vec<KeyCommand> {
    let mut out = Vec::new();
    input.events.retain(|e| match e {
        egui::Event::Key {
            key,
            pressed: true,
            modifiers,
            ..
        } => match caret::command_for(*key, *modifiers) {
            Some(c) => {
                out.push(c);
                false
            }
            None => true,
        },
        _ => true,
    });
    out
}
