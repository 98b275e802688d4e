//! The themes board (phases 3–5): candidate, final and discarded themes as
//! cards in three columns, with the codes that are in no theme in a pool.
//!
//! Drag a code chip from the pool onto a card (or between cards, or back to
//! the pool); drag a card by its name onto another card to make it a
//! sub-theme, or onto the "top level" zone. Promote, demote, discard and
//! revive are buttons on the card: a click opens a small "why?" field whose
//! answer goes into the theme's history (Enter or a click elsewhere
//! confirms, empty is fine; Esc cancels). Rename inline (double-click the
//! name), merge and split from the card's menu, and edit definition,
//! boundaries and write-up in the detail pane, which also shows the theme's
//! history as a timeline.
//!
//! The panel never touches the project: every change is a call into
//! `crate::app::themes` pushed as an `Action::Do` (one undo step each), run
//! by the app after the frame. Everything derived from the project is read
//! once per `version`.

use super::actions::Action;
use super::palette::fuzzy_score;
use super::strings as s;
use super::theme as look;
use crate::Project;
use crate::app::{self, themes::NewTheme, themes::ThemeTexts};
use crate::model::{Id, Theme, ThemeHistoryEntry, ThemeStatus};
use crate::text::one_line;
use anyhow::Result;
use egui::{Align, Color32, Key, Layout, Pos2, Sense, Ui, vec2};
use std::collections::{HashMap, HashSet};

/// Drag-and-drop payload: a code chip, from the pool (`from: None`) or from
/// the card of theme `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChipDrag {
    pub code: Id,
    pub from: Option<Id>,
}

/// Drag-and-drop payload: a theme card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardDrag(pub Id);

/// Colours offered for a theme.
const SWATCHES: [&str; 8] = [
    "#264653", "#E76F51", "#2A9D8F", "#9C6644", "#6D597A", "#E9C46A", "#457B9D", "#B56576",
];
const COLUMNS: [ThemeStatus; 3] = [
    ThemeStatus::Candidate,
    ThemeStatus::Final,
    ThemeStatus::Discarded,
];
const POOL_WIDTH: f32 = 210.0;
const DETAIL_WIDTH: f32 = 330.0;
const INDENT: f32 = 18.0;
const PREVIEW_CHARS: usize = 110;

/// A code as the board shows it.
struct CodeEntry {
    id: Id,
    name: String,
    /// "Name · 12"
    chip: String,
}

struct Chip {
    code: Id,
    label: String,
    /// The code sits in more than one final theme (the message says which).
    warning: Option<String>,
    few: bool,
}

/// A theme card, laid out once per version.
struct Card {
    /// Index into `Derived::themes`.
    theme: usize,
    depth: usize,
    preview: String,
    chips: Vec<Chip>,
    warning: Option<String>,
    /// The parent sits in another column.
    parent_elsewhere: Option<String>,
    counts: String,
}

/// Everything the board shows, read from the project once per version.
struct Derived {
    version: u64,
    themes: Vec<Theme>,
    columns: [Vec<Card>; 3],
    codes: Vec<CodeEntry>,
    /// Indices into `codes` of codes in no theme.
    unassigned: Vec<usize>,
    /// Theme → the theme and every theme below it (drop checks).
    subtree: HashMap<Id, HashSet<Id>>,
}

impl Derived {
    fn load(project: &Project, version: u64) -> Result<Derived> {
        let themes = project.themes()?;
        let warnings = project.theme_warnings()?;
        let codes = code_entries(project)?;
        let in_theme: HashSet<Id> = themes
            .iter()
            .flat_map(|t| t.codes.iter().map(|c| c.id))
            .collect();
        let unassigned = (0..codes.len())
            .filter(|&i| !in_theme.contains(&codes[i].id))
            .collect();
        let warned: HashMap<Id, &str> = warnings
            .iter()
            .map(|w| (w.code, w.message.as_str()))
            .collect();
        Ok(Derived {
            version,
            columns: cards_by_column(&themes, &warned),
            subtree: subtrees(&themes),
            themes,
            codes,
            unassigned,
        })
    }

    fn theme(&self, id: Id) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    fn live_themes(&self) -> impl Iterator<Item = &Theme> {
        self.themes
            .iter()
            .filter(|t| t.status != ThemeStatus::Discarded)
    }
}

/// A status change waiting for its optional "why".
struct WhyPrompt {
    theme: Id,
    status: ThemeStatus,
    verb: &'static str,
    name: String,
    text: String,
    at: Pos2,
    /// The frame it opened in: its own click must not count as "elsewhere".
    fresh: bool,
}

/// Texts of the detail pane being edited; `loaded` is what the project held
/// when the buffer was filled, so a change from elsewhere (undo) refreshes
/// a field the user has not touched.
struct DetailEdit {
    theme: Id,
    fields: [String; 3],
    loaded: [String; 3],
    version: u64,
}

struct MergeState {
    from: Id,
    into: Option<Id>,
    why: String,
}

struct SplitState {
    theme: Id,
    codes: HashSet<Id>,
    name: String,
    why: String,
}

struct AddState {
    theme: Id,
    search: String,
}

#[derive(Default)]
pub struct ThemesBoard {
    /// The card shown in the detail pane (also what the review panel may follow).
    pub selected: Option<Id>,
    derived: Option<Derived>,
    /// Reading the project failed at this version (retried at the next).
    error: Option<(u64, String)>,
    search: String,
    /// (search, version) → indices of unassigned codes that match.
    pool_view: Option<(String, u64, Vec<usize>)>,
    /// Codes picked in the pool for "New theme from selected codes".
    picked: Vec<Id>,
    new_name: String,
    rename: Option<(Id, String, bool)>,
    why: Option<WhyPrompt>,
    detail: Option<DetailEdit>,
    history: Option<(Id, u64, Vec<ThemeHistoryEntry>)>,
    merge: Option<MergeState>,
    split: Option<SplitState>,
    adding: Option<AddState>,
}

impl ThemesBoard {
    /// Draw the board. Reads the project only when `version` changed.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, version: u64, actions: &mut Vec<Action>) {
        self.refresh(project, version);
        let Some(d) = self.derived.take() else {
            if let Some((_, e)) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, s::error_prefix(e));
            }
            return;
        };
        self.follow_project(&d, project, version, actions);
        self.toolbar(ui, &d, actions);
        ui.separator();
        self.board(ui, &d, version, actions);
        self.why_popup(ui, actions);
        self.merge_modal(ui, &d, actions);
        self.split_modal(ui, &d, actions);
        self.add_modal(ui, &d, actions);
        self.derived = Some(d);
    }

    /// After a change: forget a selection or picks that are gone, and read
    /// the selected theme's history again.
    fn follow_project(
        &mut self,
        d: &Derived,
        project: &Project,
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        if let Some(id) = self.selected
            && d.theme(id).is_none()
        {
            self.selected = None;
        }
        self.picked
            .retain(|c| d.unassigned.iter().any(|&i| d.codes[i].id == *c));
        if self
            .history
            .as_ref()
            .is_some_and(|(t, v, _)| Some(*t) != self.selected || *v != version)
        {
            self.history = None;
        }
        if let Some(id) = self.selected
            && self.history.is_none()
        {
            match project.theme_history(id) {
                Ok(h) => self.history = Some((id, version, h)),
                Err(e) => actions.push(Action::Error(format!("{e:#}"))),
            }
        }
    }

    /// The pool, the three columns and (with a selection) the detail pane.
    fn board(&mut self, ui: &mut Ui, d: &Derived, version: u64, actions: &mut Vec<Action>) {
        let height = ui.available_height().max(120.0);
        let detail_w = if self.selected.is_some() {
            DETAIL_WIDTH
        } else {
            0.0
        };
        let spacing = ui.spacing().item_spacing.x;
        let col_w = ((ui.available_width() - POOL_WIDTH - detail_w - 6.0 * (spacing + 8.0)) / 3.0)
            .max(160.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                vec2(POOL_WIDTH, height),
                Layout::top_down(Align::Min),
                |ui| self.pool(ui, d, version, actions),
            );
            ui.separator();
            for (col, status) in COLUMNS.iter().enumerate() {
                ui.allocate_ui_with_layout(
                    vec2(col_w, height),
                    Layout::top_down(Align::Min),
                    |ui| self.column(ui, d, col, *status, actions),
                );
                ui.separator();
            }
            if let Some(t) = self.selected.and_then(|id| d.theme(id)) {
                ui.allocate_ui_with_layout(
                    vec2(DETAIL_WIDTH, height),
                    Layout::top_down(Align::Min),
                    |ui| self.detail(ui, t, version, actions),
                );
            }
        });
    }

    fn refresh(&mut self, project: &Project, version: u64) {
        if self.derived.as_ref().is_some_and(|d| d.version == version)
            || self.error.as_ref().is_some_and(|(v, _)| *v == version)
        {
            return;
        }
        match Derived::load(project, version) {
            Ok(d) => {
                self.derived = Some(d);
                self.error = None;
            }
            Err(e) => {
                self.derived = None;
                self.error = Some((version, format!("{e:#}")));
            }
        }
    }

    /// The theme a card shows in the given column, in order (for tests and
    /// for the app's keyboard navigation).
    pub fn column_themes(&self, status: ThemeStatus) -> Vec<Id> {
        let Some(d) = &self.derived else {
            return Vec::new();
        };
        let col = COLUMNS.iter().position(|c| *c == status).unwrap_or(0);
        d.columns[col]
            .iter()
            .map(|c| d.themes[c.theme].id)
            .collect()
    }

    // ------------------------------------------------------------ toolbar

    fn toolbar(&mut self, ui: &mut Ui, d: &Derived, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.heading(s::THEMES);
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .hint_text(s::NEW_THEME_HINT)
                    .desired_width(260.0),
            );
            let name = self.new_name.trim().to_string();
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let create = ui
                .add_enabled(!name.is_empty(), egui::Button::new(s::NEW_CANDIDATE_THEME))
                .on_disabled_hover_text(s::TYPE_A_NAME_FIRST);
            if (create.clicked() || enter) && !name.is_empty() {
                let new = NewTheme::candidate(name, vec![]);
                actions.push(Action::run(move |p| app::themes::create(p, new)));
                self.new_name.clear();
            }
            let name = self.new_name.trim().to_string();
            let from_codes = ui
                .add_enabled(
                    !name.is_empty() && !self.picked.is_empty(),
                    egui::Button::new(s::new_theme_from_codes(self.picked.len())),
                )
                .on_disabled_hover_text(if name.is_empty() {
                    s::TYPE_A_NAME_FIRST
                } else {
                    s::SELECT_CODES_IN_POOL
                });
            if from_codes.clicked() {
                // The new theme's id is the store's to give when it runs.
                let new = NewTheme::candidate(name, std::mem::take(&mut self.picked));
                actions.push(Action::run(move |p| app::themes::create(p, new)));
                self.new_name.clear();
            }
            ui.separator();
            self.top_level_zone(ui, d, actions);
        });
    }

    /// Always drawn (so the layout does not jump when a drag starts); it
    /// accepts a card that is a sub-theme.
    fn top_level_zone(&mut self, ui: &mut Ui, d: &Derived, actions: &mut Vec<Action>) {
        let (_, dropped) = ui.dnd_drop_zone::<CardDrag, ()>(
            egui::Frame::default().inner_margin(vec2(8.0, 3.0)),
            |ui| {
                ui.weak(s::DROP_CARD_TOP_LEVEL);
            },
        );
        if let Some(card) = dropped
            && d.theme(card.0).is_some_and(|t| t.parent.is_some())
        {
            actions.push(move_theme(card.0, None));
        }
    }

    // ------------------------------------------------------------ pool

    fn pool(&mut self, ui: &mut Ui, d: &Derived, version: u64, actions: &mut Vec<Action>) {
        ui.strong(s::UNASSIGNED_CODES);
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text(s::SEARCH_POOL_HINT)
                .desired_width(f32::INFINITY),
        );
        let shown = self.pool_shown(d, version);
        let (zone, dropped) =
            ui.dnd_drop_zone::<ChipDrag, ()>(egui::Frame::default().inner_margin(4.0), |ui| {
                ui.set_min_size(vec2(ui.available_width(), ui.available_height() - 8.0));
                egui::ScrollArea::vertical()
                    .id_salt("theme-pool")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if d.unassigned.is_empty() {
                            ui.weak(s::NO_UNASSIGNED);
                        }
                        ui.horizontal_wrapped(|ui| self.pool_chips(ui, d, &shown.2));
                    });
            });
        zone.response.on_hover_text(s::DROP_CHIP_IN_POOL);
        self.pool_view = Some(shown);
        if let Some(chip) = dropped
            && let Some(from) = chip.from
        {
            actions.push(remove_code(from, chip.code));
        }
    }

    /// The pool's codes that match the search (worked out again when the
    /// search or the project changes).
    fn pool_shown(&mut self, d: &Derived, version: u64) -> (String, u64, Vec<usize>) {
        let query = self.search.trim().to_string();
        if self
            .pool_view
            .as_ref()
            .is_none_or(|(q, v, _)| *q != query || *v != version)
        {
            let shown = d
                .unassigned
                .iter()
                .copied()
                .filter(|&i| {
                    query.is_empty()
                        || fuzzy_score(&query, &d.codes[i].name).is_some_and(|s| s >= 300)
                })
                .collect();
            self.pool_view = Some((query, version, shown));
        }
        self.pool_view.take().expect("just set")
    }

    /// The pool's chips: click to pick (for a new theme), drag onto a card.
    fn pool_chips(&mut self, ui: &mut Ui, d: &Derived, shown: &[usize]) {
        for &i in shown {
            let code = &d.codes[i];
            let picked = self.picked.contains(&code.id);
            let chip =
                ui.add(egui::Button::selectable(picked, &code.chip).sense(Sense::click_and_drag()));
            let payload = ChipDrag {
                code: code.id,
                from: None,
            };
            drag_source(ui, &chip, payload, &code.chip);
            if chip.clicked() {
                if picked {
                    self.picked.retain(|c| *c != code.id);
                } else {
                    self.picked.push(code.id);
                }
            }
        }
    }

    // ------------------------------------------------------------ columns

    fn column(
        &mut self,
        ui: &mut Ui,
        d: &Derived,
        col: usize,
        status: ThemeStatus,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            ui.strong(match status {
                ThemeStatus::Candidate => s::COLUMN_CANDIDATE,
                ThemeStatus::Final => s::COLUMN_FINAL,
                ThemeStatus::Discarded => s::COLUMN_DISCARDED,
            });
            ui.weak(d.columns[col].len().to_string());
        });
        egui::ScrollArea::vertical()
            .id_salt(("theme-column", col))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if d.columns[col].is_empty() {
                    ui.weak(s::NO_THEMES_HERE);
                }
                for card in &d.columns[col] {
                    let indent = card.depth as f32 * INDENT;
                    let width = ui.available_width() - indent;
                    ui.horizontal_top(|ui| {
                        ui.add_space(indent);
                        ui.allocate_ui_with_layout(
                            vec2(width, 0.0),
                            Layout::top_down(Align::Min),
                            |ui| self.card(ui, d, card, actions),
                        );
                    });
                    ui.add_space(4.0);
                }
            });
    }

    fn card(&mut self, ui: &mut Ui, d: &Derived, card: &Card, actions: &mut Vec<Action>) {
        let t = &d.themes[card.theme];
        let id = t.id;
        let frame = card_frame(ui, self.selected == Some(id));
        let shown = ui.scope_builder(egui::UiBuilder::new().sense(Sense::click()), |ui| {
            frame.show(ui, |ui| self.card_body(ui, d, card, actions))
        });
        let resp = shown.response;
        colour_stripe(ui, resp.rect, look::parse_colour(&t.colour));
        if resp.clicked() {
            self.selected = Some(id);
        }
        resp.context_menu(|ui| self.card_menu(ui, t, actions));
        self.card_drops(ui, d, t, &resp, actions);
    }

    /// Inside a card: its name and menu, the definition's start, the code
    /// chips, the status buttons and the counts.
    fn card_body(&mut self, ui: &mut Ui, d: &Derived, card: &Card, actions: &mut Vec<Action>) {
        let t = &d.themes[card.theme];
        ui.set_min_width(ui.available_width());
        if let Some(note) = &card.parent_elsewhere {
            ui.small(note);
        }
        ui.horizontal(|ui| {
            self.card_name(ui, t, actions);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                ui.menu_button(s::CARD_MENU, |ui| self.card_menu(ui, t, actions));
                if let Some(w) = &card.warning {
                    warning_icon(ui, w);
                }
            });
        });
        if card.preview.is_empty() {
            ui.weak(egui::RichText::new(s::NO_DEFINITION).italics().small());
        } else {
            ui.add(egui::Label::new(egui::RichText::new(&card.preview).small()).wrap());
        }
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(4.0, 3.0);
            for chip in &card.chips {
                self.chip(ui, d, t.id, chip, actions);
            }
        });
        ui.horizontal(|ui| {
            for &to in next_statuses(t.status) {
                self.status_button(ui, t, to);
            }
            ui.weak(egui::RichText::new(&card.counts).small());
        });
    }

    /// What a card accepts: code chips (add the code, and take it out of the
    /// card it came from, as one step) and other cards (make them sub-themes).
    fn card_drops(
        &mut self,
        ui: &mut Ui,
        d: &Derived,
        t: &Theme,
        resp: &egui::Response,
        actions: &mut Vec<Action>,
    ) {
        let id = t.id;
        let chip_ok = |c: &ChipDrag| c.from != Some(id) && !t.codes.iter().any(|x| x.id == c.code);
        // Not onto itself, its own parent (nothing would change) or a theme
        // inside it (a cycle).
        let card_ok = |c: &CardDrag| {
            !d.subtree.get(&c.0).is_some_and(|s| s.contains(&id))
                && d.theme(c.0).is_some_and(|c| c.parent != Some(id))
        };
        let hover = resp
            .dnd_hover_payload::<ChipDrag>()
            .is_some_and(|c| chip_ok(&c))
            || resp
                .dnd_hover_payload::<CardDrag>()
                .is_some_and(|c| card_ok(&c));
        if hover {
            ui.painter().rect_stroke(
                resp.rect,
                4.0,
                egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
                egui::StrokeKind::Inside,
            );
        }
        // `dnd_release_payload` takes the payload whatever its type: ask for
        // the type being carried only.
        let ctx = ui.ctx();
        if egui::DragAndDrop::has_payload_of_type::<ChipDrag>(ctx)
            && let Some(chip) = resp.dnd_release_payload::<ChipDrag>()
            && chip_ok(&chip)
        {
            let code = chip.code;
            actions.push(match chip.from {
                None => add_code(id, code),
                Some(from) => Action::run(move |p| app::themes::move_code(p, code, from, id)),
            });
        }
        if egui::DragAndDrop::has_payload_of_type::<CardDrag>(ctx)
            && let Some(card) = resp.dnd_release_payload::<CardDrag>()
            && card_ok(&card)
        {
            actions.push(move_theme(card.0, Some(id)));
        }
    }

    /// The name: the handle to drag the card by; double-click renames.
    fn card_name(&mut self, ui: &mut Ui, t: &Theme, actions: &mut Vec<Action>) {
        let id = t.id;
        if let Some((rid, text, focus)) = &mut self.rename
            && *rid == id
        {
            let prompt = ui.small(s::RENAME);
            let edit = ui
                .add(egui::TextEdit::singleline(text).desired_width(150.0))
                .labelled_by(prompt.id);
            if *focus {
                edit.request_focus();
                *focus = false;
            }
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                self.rename = None;
            } else if edit.lost_focus() {
                let name = text.trim().to_string();
                if !name.is_empty() && name != t.name {
                    actions.push(Action::run(move |p| {
                        app::themes::rename(p, id, &name, None)
                    }));
                }
                self.rename = None;
            }
            return;
        }
        let label = ui.add(
            egui::Label::new(egui::RichText::new(&t.name).strong())
                .sense(Sense::click_and_drag())
                .truncate(),
        );
        drag_source(ui, &label, CardDrag(id), &t.name);
        if label.clicked() {
            self.selected = Some(id);
        }
        if label.double_clicked() {
            self.rename = Some((id, t.name.clone(), true));
        }
        // The name covers the card's own click sense: it carries the menu too.
        label.context_menu(|ui| self.card_menu(ui, t, actions));
    }

    fn chip(
        &mut self,
        ui: &mut Ui,
        d: &Derived,
        theme: Id,
        chip: &Chip,
        actions: &mut Vec<Action>,
    ) {
        let mut text = egui::RichText::new(&chip.label).small();
        if chip.few {
            text = text.weak();
        }
        if let Some(w) = &chip.warning {
            warning_icon(ui, w);
        }
        let resp = ui.add(
            egui::Button::new(text)
                .small()
                .sense(Sense::click_and_drag()),
        );
        drag_source(
            ui,
            &resp,
            ChipDrag {
                code: chip.code,
                from: Some(theme),
            },
            &chip.label,
        );
        let resp = if chip.few && chip.warning.is_none() {
            let n = d
                .theme(theme)
                .and_then(|t| t.codes.iter().find(|c| c.id == chip.code))
                .map_or(0, |c| c.extracts);
            resp.on_hover_text(s::few_extracts_tip(n))
        } else {
            resp
        };
        if resp.clicked() {
            self.selected = Some(theme);
        }
        resp.context_menu(|ui| {
            if ui.button(s::REMOVE_FROM_THEME).clicked() {
                actions.push(remove_code(theme, chip.code));
                ui.close();
            }
        });
    }

    fn status_button(&mut self, ui: &mut Ui, t: &Theme, to: ThemeStatus) {
        let verb = s::status_verb(to, t.status);
        let label = s::status_button_label(verb, &t.name);
        let resp = ui.add(egui::Button::new(egui::RichText::new(verb).small()).small());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            self.ask_why(t, to, verb, resp.rect.left_bottom());
        }
    }

    fn ask_why(&mut self, t: &Theme, status: ThemeStatus, verb: &'static str, at: Pos2) {
        self.why = Some(WhyPrompt {
            theme: t.id,
            status,
            verb,
            name: t.name.clone(),
            text: String::new(),
            at,
            fresh: true,
        });
    }

    fn card_menu(&mut self, ui: &mut Ui, t: &Theme, actions: &mut Vec<Action>) {
        if ui.button(s::SELECT_FOR_DETAIL).clicked() {
            self.selected = Some(t.id);
            ui.close();
        }
        if ui.button(s::RENAME).clicked() {
            self.rename = Some((t.id, t.name.clone(), true));
            ui.close();
        }
        if ui.button(s::ADD_CODE).clicked() {
            self.adding = Some(AddState {
                theme: t.id,
                search: String::new(),
            });
            ui.close();
        }
        if ui.button(s::MERGE_INTO).clicked() {
            self.merge = Some(MergeState {
                from: t.id,
                into: None,
                why: String::new(),
            });
            ui.close();
        }
        if ui
            .add_enabled(t.codes.len() >= 2, egui::Button::new(s::SPLIT))
            .clicked()
        {
            self.split = Some(SplitState {
                theme: t.id,
                codes: HashSet::new(),
                name: String::new(),
                why: String::new(),
            });
            ui.close();
        }
        if t.parent.is_some() && ui.button(s::MOVE_TO_TOP).clicked() {
            actions.push(move_theme(t.id, None));
            ui.close();
        }
        ui.separator();
        for &to in next_statuses(t.status) {
            let verb = s::status_verb(to, t.status);
            if ui.button(format!("{verb}…")).clicked() {
                let at = ui.min_rect().left_top();
                self.ask_why(t, to, verb, at);
                ui.close();
            }
        }
    }

    // ------------------------------------------------------------ popups

    fn why_popup(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(w) = &mut self.why else { return };
        let mut commit = false;
        let mut cancel = false;
        let area = egui::Area::new(egui::Id::unique("theme-why"))
            .order(egui::Order::Foreground)
            .fixed_pos(w.at)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(280.0);
                    ui.label(s::why_question(w.verb, &w.name));
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut w.text)
                            .hint_text(s::WHY_HINT)
                            .desired_width(260.0),
                    );
                    if w.fresh {
                        edit.request_focus();
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        commit = true;
                    }
                    ui.horizontal(|ui| {
                        if ui.button(w.verb).clicked() {
                            commit = true;
                        }
                        if ui.button(s::CANCEL).clicked() {
                            cancel = true;
                        }
                    });
                });
            });
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            cancel = true;
        }
        // A click elsewhere confirms: the status change is one click, the
        // reason is optional.
        let outside = ui.input(|i| {
            i.pointer.any_click()
                && i.pointer
                    .interact_pos()
                    .is_some_and(|p| !area.response.rect.contains(p))
        });
        if !w.fresh && outside && !cancel {
            commit = true;
        }
        w.fresh = false;
        if commit && !cancel {
            let why = w.text.trim();
            let (id, status, why) = (w.theme, w.status, reason(why));
            actions.push(Action::run(move |p| {
                app::themes::set_status(p, id, status, why)
            }));
        }
        if commit || cancel {
            self.why = None;
        }
    }

    fn merge_modal(&mut self, ui: &mut Ui, d: &Derived, actions: &mut Vec<Action>) {
        let Some(m) = &mut self.merge else { return };
        let Some(from) = d.theme(m.from) else {
            self.merge = None;
            return;
        };
        let inside = d.subtree.get(&from.id);
        let targets: Vec<&Theme> = d
            .live_themes()
            .filter(|t| t.id != from.id && !inside.is_some_and(|s| s.contains(&t.id)))
            .collect();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("merge-themes")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.label(s::merge_theme_question(&from.name));
            if targets.is_empty() {
                ui.weak(s::NO_OTHER_THEMES);
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for t in &targets {
                        ui.radio_value(&mut m.into, Some(t.id), &t.name);
                    }
                });
            ui.add(egui::TextEdit::singleline(&mut m.why).hint_text(s::WHY_HINT));
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(m.into.is_some(), egui::Button::new(s::MERGE))
                    .clicked()
                    && let Some(into) = m.into
                {
                    let why = m.why.trim();
                    let (from, why) = (from.id, reason(why));
                    actions.push(Action::run(move |p| app::themes::merge(p, from, into, why)));
                    self.selected = Some(into);
                    close = true;
                }
                if ui.button(s::CANCEL).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.merge = None;
        }
    }

    fn split_modal(&mut self, ui: &mut Ui, d: &Derived, actions: &mut Vec<Action>) {
        let Some(sp) = &mut self.split else { return };
        let Some(t) = d.theme(sp.theme) else {
            self.split = None;
            return;
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("split-theme")).show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.strong(s::split_theme_title(&t.name));
            ui.label(s::SPLIT_CHOOSE);
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for c in &t.codes {
                        let mut on = sp.codes.contains(&c.id);
                        if ui.checkbox(&mut on, s::chip(&c.name, c.extracts)).changed() {
                            if on {
                                sp.codes.insert(c.id);
                            } else {
                                sp.codes.remove(&c.id);
                            }
                        }
                    }
                });
            ui.add(egui::TextEdit::singleline(&mut sp.name).hint_text(s::SPLIT_NEW_NAME_HINT));
            ui.add(egui::TextEdit::singleline(&mut sp.why).hint_text(s::WHY_HINT));
            let ok = !sp.codes.is_empty()
                && sp.codes.len() < t.codes.len()
                && !sp.name.trim().is_empty();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(ok, egui::Button::new(s::SPLIT_CONFIRM))
                    .clicked()
                {
                    let why = sp.why.trim();
                    // Keep the theme's order of codes.
                    let codes = t
                        .codes
                        .iter()
                        .map(|c| c.id)
                        .filter(|c| sp.codes.contains(c))
                        .collect();
                    let (id, name, why) = (t.id, sp.name.trim().to_string(), reason(why));
                    actions.push(Action::run(move |p| {
                        app::themes::split(p, id, codes, &name, why)
                    }));
                    close = true;
                }
                if ui.button(s::CANCEL).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.split = None;
        }
    }

    /// "Add code…": every code not yet in the theme, searchable.
    fn add_modal(&mut self, ui: &mut Ui, d: &Derived, actions: &mut Vec<Action>) {
        let Some(a) = &mut self.adding else { return };
        let Some(t) = d.theme(a.theme) else {
            self.adding = None;
            return;
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("add-code-to-theme")).show(ui.ctx(), |ui| {
            ui.set_max_width(360.0);
            ui.strong(s::add_code_to(&t.name));
            let edit = ui.add(
                egui::TextEdit::singleline(&mut a.search)
                    .hint_text(s::SEARCH_CODES_TO_ADD)
                    .desired_width(f32::INFINITY),
            );
            if a.search.is_empty() && !edit.has_focus() {
                edit.request_focus();
            }
            let q = a.search.trim();
            let candidates: Vec<&CodeEntry> = d
                .codes
                .iter()
                .filter(|c| !t.codes.iter().any(|x| x.id == c.id))
                .filter(|c| q.is_empty() || fuzzy_score(q, &c.name).is_some_and(|s| s >= 300))
                .collect();
            let mut chosen = None;
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for c in &candidates {
                        if ui.button(&c.name).clicked() {
                            chosen = Some(c.id);
                        }
                    }
                });
            if ui.input(|i| i.key_pressed(Key::Enter))
                && let Some(first) = candidates.first()
            {
                chosen = Some(first.id);
            }
            if let Some(code) = chosen {
                actions.push(add_code(t.id, code));
                close = true;
            }
            if ui.button(s::CANCEL).clicked() {
                close = true;
            }
        });
        if close || modal.should_close() {
            self.adding = None;
        }
    }

    // ------------------------------------------------------------ detail

    fn detail(&mut self, ui: &mut Ui, t: &Theme, version: u64, actions: &mut Vec<Action>) {
        self.load_detail(t, version);
        ui.horizontal(|ui| {
            ui.heading(&t.name);
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                if ui.small_button(s::CLOSE).clicked() {
                    self.selected = None;
                }
            });
        });
        ui.weak(format!(
            "{} · {}",
            t.status.as_str(),
            s::theme_counts(t.extracts, t.participants, t.key_quotes)
        ));
        colour_swatches(ui, t, actions);
        self.detail_texts(ui, t, actions);
        ui.separator();
        ui.strong(s::HISTORY);
        if let Some((_, _, history)) = &self.history {
            history_timeline(ui, history);
        }
    }

    /// The fields being edited for `t`: kept while it stays selected; a
    /// text the user has not touched follows the project's new version.
    fn load_detail(&mut self, t: &Theme, version: u64) {
        let stored = stored_texts(t);
        match &mut self.detail {
            Some(e) if e.theme == t.id => {
                if e.version != version {
                    for ((field, loaded), now) in
                        e.fields.iter_mut().zip(&mut e.loaded).zip(&stored)
                    {
                        if field == loaded {
                            field.clone_from(now);
                        }
                        loaded.clone_from(now);
                    }
                    e.version = version;
                }
            }
            _ => {
                self.detail = Some(DetailEdit {
                    theme: t.id,
                    fields: stored.clone(),
                    loaded: stored,
                    version,
                })
            }
        }
    }

    /// Definition, boundaries and write-up; each is saved when it loses focus.
    fn detail_texts(&mut self, ui: &mut Ui, t: &Theme, actions: &mut Vec<Action>) {
        let Some(e) = self.detail.as_mut() else {
            return;
        };
        let stored = stored_texts(t);
        let labels = [s::DEFINITION, s::BOUNDARIES, s::WRITEUP];
        let rows = [3, 2, 5];
        for i in 0..3 {
            let label = ui.label(labels[i]);
            let edit = ui
                .add(
                    egui::TextEdit::multiline(&mut e.fields[i])
                        .desired_rows(rows[i])
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if edit.lost_focus() && e.fields[i] != stored[i] {
                let text = Some(e.fields[i].clone());
                let (definition, boundaries, writeup) = match i {
                    0 => (text, None, None),
                    1 => (None, text, None),
                    _ => (None, None, text),
                };
                let texts = ThemeTexts {
                    definition,
                    boundaries,
                    writeup,
                    colour: None,
                };
                actions.push(edit_theme(t.id, texts));
                e.loaded[i].clone_from(&e.fields[i]);
            }
        }
    }
}

/// The texts of the detail pane, as stored.
fn stored_texts(t: &Theme) -> [String; 3] {
    [
        t.definition.clone(),
        t.boundaries.clone(),
        t.writeup.clone(),
    ]
}

/// One-click colours for a theme; the current one is outlined.
fn colour_swatches(ui: &mut Ui, t: &Theme, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label(s::COLOUR);
        for hex in SWATCHES {
            let (rect, resp) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::click());
            ui.painter().rect_filled(rect, 3.0, look::parse_colour(hex));
            if hex.eq_ignore_ascii_case(&t.colour) {
                ui.painter().rect_stroke(
                    rect,
                    3.0,
                    ui.visuals().selection.stroke,
                    egui::StrokeKind::Outside,
                );
            }
            if resp.clicked() && !hex.eq_ignore_ascii_case(&t.colour) {
                let texts = ThemeTexts {
                    colour: Some(hex.to_string()),
                    ..ThemeTexts::default()
                };
                actions.push(edit_theme(t.id, texts));
            }
        }
    });
}

/// A theme's history, newest first: when, what, and why.
fn history_timeline(ui: &mut Ui, history: &[ThemeHistoryEntry]) {
    egui::ScrollArea::vertical()
        .id_salt("theme-history")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for h in history.iter().rev() {
                ui.horizontal_top(|ui| {
                    ui.weak(egui::RichText::new(short_time(&h.at)).small().monospace());
                    ui.vertical(|ui| history_entry(ui, h));
                });
                ui.add_space(3.0);
            }
        });
}

fn history_entry(ui: &mut Ui, h: &ThemeHistoryEntry) {
    let kind = egui::RichText::new(h.kind.as_str().replace('_', " "))
        .small()
        .strong();
    ui.add(egui::Label::new(kind).wrap());
    ui.add(egui::Label::new(egui::RichText::new(&h.detail).small()).wrap());
    if let Some(why) = &h.why {
        let why = egui::RichText::new(format!("«{why}»")).small().italics();
        ui.add(egui::Label::new(why).wrap());
    }
}

/// Every code as a chip shows it, in natural order of names. Chips show
/// only how many codings a code has: a plain count, not the codebook's
/// per-participant statistics.
fn code_entries(project: &Project) -> Result<Vec<CodeEntry>> {
    let counts = project.codings_per_code()?;
    let mut codes: Vec<CodeEntry> = project
        .codes()?
        .into_iter()
        .map(|c| {
            let n = counts.get(&c.id).copied().unwrap_or(0);
            CodeEntry {
                id: c.id,
                chip: s::chip(&c.name, n),
                name: c.name,
            }
        })
        .collect();
    codes.sort_by(|a, b| crate::text::natural_cmp(&a.name, &b.name));
    Ok(codes)
}

/// The cards of each column, sub-themes indented under their parent.
fn cards_by_column(themes: &[Theme], warned: &HashMap<Id, &str>) -> [Vec<Card>; 3] {
    let index: HashMap<Id, usize> = themes.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    let mut depth: HashMap<Id, usize> = HashMap::new();
    let mut columns: [Vec<Card>; 3] = Default::default();
    // `themes()` lists parents before their sub-themes (pre-order), so
    // filtering one status keeps the nesting.
    for (i, t) in themes.iter().enumerate() {
        let parent = t.parent.and_then(|p| index.get(&p)).map(|&p| &themes[p]);
        let (d, parent_elsewhere) = match parent {
            Some(p) if p.status == t.status => (depth.get(&p.id).map_or(0, |d| d + 1), None),
            Some(p) => (0, Some(s::sub_theme_of(&p.name))),
            None => (0, None),
        };
        depth.insert(t.id, d);
        let chips = chips_of(t, warned);
        let warning = chips
            .iter()
            .filter_map(|c| c.warning.clone())
            .collect::<Vec<_>>();
        let col = COLUMNS.iter().position(|c| *c == t.status).unwrap_or(0);
        columns[col].push(Card {
            theme: i,
            depth: d,
            preview: one_line(&t.definition, PREVIEW_CHARS),
            chips,
            warning: (!warning.is_empty()).then(|| warning.join("\n")),
            parent_elsewhere,
            counts: s::theme_counts(t.extracts, t.participants, t.key_quotes),
        });
    }
    columns
}

/// A theme's code chips; in a final theme, with the store's warnings.
fn chips_of(t: &Theme, warned: &HashMap<Id, &str>) -> Vec<Chip> {
    let final_theme = t.status == ThemeStatus::Final;
    t.codes
        .iter()
        .map(|c| Chip {
            code: c.id,
            label: s::chip(&c.name, c.extracts),
            warning: warned
                .get(&c.id)
                .filter(|_| final_theme)
                .map(|m| m.to_string()),
            few: c.few_extracts,
        })
        .collect()
}

/// Each theme with all its sub-themes, at any depth (itself included).
fn subtrees(themes: &[Theme]) -> HashMap<Id, HashSet<Id>> {
    let mut subtree: HashMap<Id, HashSet<Id>> = HashMap::new();
    for t in themes.iter().rev() {
        let mut set: HashSet<Id> = themes
            .iter()
            .filter(|c| c.parent == Some(t.id))
            .flat_map(|c| subtree.get(&c.id).cloned().unwrap_or_default())
            .collect();
        set.insert(t.id);
        subtree.insert(t.id, set);
    }
    subtree
}

/// A card's frame, outlined when it is the selected one.
fn card_frame(ui: &Ui, selected: bool) -> egui::Frame {
    let visuals = ui.visuals();
    let stroke = if selected {
        visuals.selection.stroke
    } else {
        visuals.widgets.noninteractive.bg_stroke
    };
    egui::Frame::new()
        .fill(visuals.faint_bg_color)
        .stroke(stroke)
        .corner_radius(4.0)
        .inner_margin(egui::Margin {
            left: 12,
            right: 6,
            top: 5,
            bottom: 5,
        })
}

/// The theme's colour down the left edge of its card.
fn colour_stripe(ui: &Ui, rect: egui::Rect, colour: Color32) {
    let stripe = egui::Rect::from_min_max(rect.min, egui::pos2(rect.min.x + 5.0, rect.max.y));
    let corners = egui::CornerRadius {
        nw: 4,
        sw: 4,
        ne: 0,
        se: 0,
    };
    ui.painter().rect_filled(stripe, corners, colour);
}

/// The status buttons a card offers.
fn next_statuses(status: ThemeStatus) -> &'static [ThemeStatus] {
    match status {
        ThemeStatus::Candidate => &[ThemeStatus::Final, ThemeStatus::Discarded],
        ThemeStatus::Final => &[ThemeStatus::Candidate, ThemeStatus::Discarded],
        ThemeStatus::Discarded => &[ThemeStatus::Candidate],
    }
}

/// Make `resp` (a widget sensing click and drag) a drag-and-drop source of
/// `payload`, with `text` following the pointer while it is dragged. Not
/// `Ui::dnd_drag_source`: its drag sensor sits on top of the contents and
/// swallows their clicks.
fn drag_source<P: std::any::Any + Send + Sync>(
    ui: &Ui,
    resp: &egui::Response,
    payload: P,
    text: &str,
) {
    resp.dnd_set_drag_payload(payload);
    if !resp.dragged() {
        return;
    }
    let Some(at) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let painter = ui
        .ctx()
        .layer_painter(egui::LayerId::new(egui::Order::Tooltip, resp.id));
    let visuals = ui.visuals();
    let galley = painter.layout_no_wrap(
        text.to_string(),
        egui::FontId::proportional(13.0),
        visuals.strong_text_color(),
    );
    let rect = egui::Rect::from_min_size(at + vec2(12.0, 8.0), galley.size()).expand(4.0);
    painter.rect(
        rect,
        3.0,
        visuals.window_fill,
        visuals.window_stroke,
        egui::StrokeKind::Outside,
    );
    painter.galley(
        rect.min + vec2(4.0, 4.0),
        galley,
        visuals.strong_text_color(),
    );
}

/// A small warning triangle with `tip` on hover (accessible as "Warning").
pub fn warning_icon(ui: &mut Ui, tip: &str) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
    if ui.is_rect_visible(rect) {
        let c = rect.center();
        let colour: Color32 = ui.visuals().warn_fg_color;
        ui.painter().add(egui::Shape::convex_polygon(
            vec![c + vec2(0.0, -6.5), c + vec2(6.5, 5.5), c + vec2(-6.5, 5.5)],
            colour,
            egui::Stroke::NONE,
        ));
        ui.painter().text(
            c + vec2(0.0, 1.0),
            egui::Align2::CENTER_CENTER,
            "!",
            egui::FontId::proportional(9.0),
            Color32::BLACK,
        );
    }
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, s::WARNING));
    resp.on_hover_text(tip)
}

/// "2024-03-01T10:22:31..." → "2024-03-01 10:22".
fn short_time(at: &str) -> String {
    at.replace('T', " ").chars().take(16).collect()
}

/// The reason typed into a "why?" field (empty: none).
fn reason(why: &str) -> Option<String> {
    Some(why.trim().to_string()).filter(|w| !w.is_empty())
}

fn add_code(theme: Id, code: Id) -> Action {
    Action::run(move |p| app::themes::add_code(p, theme, code, None))
}

fn remove_code(theme: Id, code: Id) -> Action {
    Action::run(move |p| app::themes::remove_code(p, theme, code, None))
}

/// Make `theme` a sub-theme of `parent` (None: top level).
fn move_theme(theme: Id, parent: Option<Id>) -> Action {
    Action::run(move |p| app::themes::move_to(p, theme, parent, None))
}

fn edit_theme(theme: Id, texts: ThemeTexts) -> Action {
    Action::run(move |p| app::themes::edit(p, theme, texts, None))
}
