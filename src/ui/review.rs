//! Reviewing themes (phase 4): read a theme's extracts against its
//! definition, mark key quotes for the report, see which codes carry it
//! (thin ones flagged), and see how it spreads across participants or
//! groups in the coverage matrix. A cell shows "codings / participants",
//! coloured by its share of the theme's codings, so a theme carried by one
//! talkative participant stands out; the "largest share" row says it in
//! words. Click a cell to read its quotes; click a quote to read it in place.
//!
//! The panel only pushes `Action`s; the project is read once per `version`
//! (and per chosen theme, grouping and cell).

use super::actions::Action;
use super::strings as s;
use super::theme as look;
use super::themes_board::warning_icon;
use crate::Project;
use crate::app;
use crate::model::{Extract, Id, Matrix, Theme, ThemeStatus};
use crate::text::one_line;
use anyhow::Result;
use egui::{Align2, Color32, Sense, Ui, vec2};
use std::collections::{BTreeSet, HashMap};

const ROW_HEIGHT: f32 = 46.0;
const CELL: egui::Vec2 = egui::Vec2::new(78.0, 22.0);
/// A theme whose largest single participant holds at least this share of
/// its codings is flagged as carried by one voice.
pub const CARRIED_BY_ONE: f64 = 0.5;

/// Who holds the largest share of a theme's attributed codings.
#[derive(Debug, Clone, PartialEq)]
pub struct Dominance {
    pub participant: String,
    pub percent: usize,
    pub flagged: bool,
}

struct Overview {
    version: u64,
    themes: Vec<Theme>,
    /// Attribute keys present on participants.
    keys: Vec<String>,
    /// Per theme, from the per-participant matrix.
    dominance: HashMap<Id, Dominance>,
    error: Option<String>,
}

struct ThemeView {
    theme: Id,
    version: u64,
    extracts: Vec<Extract>,
}

struct MatrixView {
    by: Option<String>,
    version: u64,
    matrix: Matrix,
    /// `texts[row][col]`: "codings / participants".
    texts: Vec<Vec<String>>,
    /// `heat[row][col]`: the cell's share of its column's attributed codings.
    heat: Vec<Vec<f32>>,
}

#[derive(Clone, PartialEq)]
struct CellKey {
    by: Option<String>,
    row: String,
    theme: Id,
    version: u64,
}

#[derive(Default)]
pub struct ReviewPanel {
    /// The theme under review (the lead may keep it in step with the board).
    pub theme: Option<Id>,
    /// Rows of the matrix: None = one per participant, else an attribute key.
    pub by: Option<String>,
    overview: Option<Overview>,
    view: Option<ThemeView>,
    matrix: Option<MatrixView>,
    cell: Option<(CellKey, Vec<Extract>)>,
    /// The cell the user clicked (loaded on the next refresh).
    chosen_cell: Option<(String, Id)>,
}

impl ReviewPanel {
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, version: u64, actions: &mut Vec<Action>) {
        self.refresh(project, version, actions);
        let Some(o) = &self.overview else { return };
        if let Some(e) = &o.error {
            ui.colored_label(ui.visuals().error_fg_color, s::error_prefix(e));
        }
        self.header(ui);
        ui.separator();
        ui.columns(2, |cols| {
            self.theme_side(&mut cols[0], actions);
            self.matrix_side(&mut cols[1], actions);
        });
    }

    /// The extracts of the chosen theme (after `ui` ran this frame).
    pub fn extracts(&self) -> &[Extract] {
        self.view.as_ref().map_or(&[], |v| v.extracts.as_slice())
    }

    /// The quotes of the clicked matrix cell (after `ui` ran this frame).
    pub fn cell_quotes(&self) -> &[Extract] {
        self.cell.as_ref().map_or(&[], |(_, q)| q.as_slice())
    }

    /// Who carries most of a theme (after `ui` ran this frame).
    pub fn dominance(&self, theme: Id) -> Option<&Dominance> {
        self.overview.as_ref()?.dominance.get(&theme)
    }

    fn refresh(&mut self, project: &Project, version: u64, actions: &mut Vec<Action>) {
        if self.overview.as_ref().is_none_or(|o| o.version != version) {
            self.overview = Some(load_overview(project, version));
        }
        let o = self.overview.as_ref().expect("just set");
        if let Some(t) = self.theme
            && !o.themes.iter().any(|x| x.id == t)
        {
            self.theme = None;
        }
        if let Some(by) = &self.by
            && !o.keys.contains(by)
        {
            self.by = None;
        }
        match self.theme {
            None => self.view = None,
            Some(theme) => {
                if self
                    .view
                    .as_ref()
                    .is_none_or(|v| v.theme != theme || v.version != version)
                {
                    let extracts = project.theme_extracts(theme).unwrap_or_else(|e| {
                        actions.push(Action::Error(format!("{e:#}")));
                        Vec::new()
                    });
                    self.view = Some(ThemeView {
                        theme,
                        version,
                        extracts,
                    });
                }
            }
        }
        if self
            .matrix
            .as_ref()
            .is_none_or(|m| m.by != self.by || m.version != version)
        {
            match project.coverage_matrix(self.by.as_deref()) {
                Ok(m) => self.matrix = Some(matrix_view(m, self.by.clone(), version)),
                Err(e) => {
                    self.matrix = None;
                    actions.push(Action::Error(format!("{e:#}")));
                }
            }
        }
        let Some((row, theme)) = self.chosen_cell.clone() else {
            self.cell = None;
            return;
        };
        let key = CellKey {
            by: self.by.clone(),
            row,
            theme,
            version,
        };
        let exists = self.matrix.as_ref().is_some_and(|m| {
            m.matrix.rows.contains(&key.row) && m.matrix.columns.iter().any(|c| c.theme == theme)
        });
        if !exists {
            self.chosen_cell = None;
            self.cell = None;
        } else if self.cell.as_ref().is_none_or(|(k, _)| *k != key) {
            match project.coverage_cell(key.by.as_deref(), &key.row, theme) {
                Ok(q) => self.cell = Some((key, q)),
                Err(e) => {
                    actions.push(Action::Error(format!("{e:#}")));
                    self.chosen_cell = None;
                    self.cell = None;
                }
            }
        }
    }

    fn header(&mut self, ui: &mut Ui) {
        let Some(o) = &self.overview else { return };
        ui.horizontal(|ui| {
            ui.heading(s::REVIEW);
            let label = ui.label(s::THEME_LABEL);
            let current = self
                .theme
                .and_then(|id| o.themes.iter().find(|t| t.id == id))
                .map_or(s::CHOOSE_THEME.to_string(), theme_title);
            egui::ComboBox::from_id_salt("review-theme")
                .selected_text(current)
                .width(260.0)
                .show_ui(ui, |ui| {
                    // Live themes first, then the discarded ones.
                    let live = |t: &&Theme| t.status != ThemeStatus::Discarded;
                    let order = o
                        .themes
                        .iter()
                        .filter(live)
                        .chain(o.themes.iter().filter(|t| !live(t)));
                    for t in order {
                        ui.selectable_value(&mut self.theme, Some(t.id), theme_title(t));
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }

    // ------------------------------------------------------------ extracts

    fn theme_side(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(o) = &self.overview else { return };
        let Some(t) = self
            .theme
            .and_then(|id| o.themes.iter().find(|t| t.id == id))
        else {
            ui.weak(s::SELECT_THEME_TO_REVIEW);
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.strong(s::DEFINITION);
            if t.definition.trim().is_empty() {
                ui.weak(egui::RichText::new(s::NO_DEFINITION).italics());
            } else {
                ui.label(&t.definition);
            }
            if !t.boundaries.trim().is_empty() {
                ui.strong(s::BOUNDARIES);
                ui.label(&t.boundaries);
            }
        });
        ui.strong(s::CODES_OF_THEME);
        ui.horizontal_wrapped(|ui| {
            for c in &t.codes {
                let text = s::chip(&c.name, c.extracts);
                if c.few_extracts {
                    ui.horizontal(|ui| {
                        ui.spacing_mut().item_spacing.x = 2.0;
                        let tip = s::few_extracts_tip(c.extracts);
                        warning_icon(ui, &tip);
                        ui.label(text).on_hover_text(tip);
                    });
                } else {
                    ui.label(text);
                }
            }
        });
        let extracts = self.extracts();
        ui.horizontal(|ui| {
            ui.strong(s::EXTRACTS);
            ui.weak(s::quotes_count(extracts.len()));
        });
        if extracts.is_empty() {
            ui.weak(s::NO_EXTRACTS);
            return;
        }
        let theme = t.id;
        egui::ScrollArea::vertical()
            .id_salt("review-extracts")
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, extracts.len(), |ui, range| {
                for e in &extracts[range] {
                    extract_row(ui, e, theme, actions);
                }
            });
    }

    // ------------------------------------------------------------ matrix

    fn matrix_side(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(o) = &self.overview else { return };
        ui.horizontal(|ui| {
            ui.strong(s::COVERAGE);
            let label = ui.label(s::ROWS_BY);
            egui::ComboBox::from_id_salt("coverage-by")
                .selected_text(self.by.as_deref().unwrap_or(s::BY_PARTICIPANT))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.by, None, s::BY_PARTICIPANT);
                    for k in &o.keys {
                        ui.selectable_value(&mut self.by, Some(k.clone()), k.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            ui.weak(s::CELL_LEGEND);
        });
        let Some(mv) = &self.matrix else { return };
        if mv.matrix.columns.is_empty() {
            ui.weak(s::NO_LIVE_THEMES);
            return;
        }
        let height = (ui.available_height() * 0.55).max(140.0);
        let clicked = egui::ScrollArea::both()
            .id_salt("coverage-matrix")
            .max_height(height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("coverage-grid")
                    .striped(true)
                    .spacing(vec2(4.0, 2.0))
                    .show(ui, |ui| {
                        let clicked = matrix_rows(ui, mv, self.chosen_cell.as_ref());
                        matrix_footer(ui, &mv.matrix, o);
                        clicked
                    })
                    .inner
            })
            .inner;
        if let Some(c) = clicked {
            self.chosen_cell = if self.chosen_cell.as_ref() == Some(&c) {
                None
            } else {
                Some(c)
            };
        }
        ui.separator();
        self.cell_quotes_ui(ui, actions);
    }

    /// The quotes of the chosen cell of the matrix.
    fn cell_quotes_ui(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some((key, quotes)) = &self.cell else {
            ui.weak(s::CELL_HINT);
            return;
        };
        let name = self
            .matrix
            .iter()
            .flat_map(|mv| &mv.matrix.columns)
            .find(|c| c.theme == key.theme)
            .map_or("", |c| c.name.as_str());
        ui.strong(s::cell_quotes_title(&key.row, name, quotes.len()));
        let theme = key.theme;
        egui::ScrollArea::vertical()
            .id_salt("coverage-cell")
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, quotes.len(), |ui, range| {
                for e in &quotes[range] {
                    extract_row(ui, e, theme, actions);
                }
            });
    }
}

/// The matrix's heading and its rows of cells; returns the cell clicked.
fn matrix_rows(
    ui: &mut Ui,
    mv: &MatrixView,
    chosen: Option<&(String, Id)>,
) -> Option<(String, Id)> {
    let m = &mv.matrix;
    let mut clicked = None;
    ui.label("");
    for c in &m.columns {
        let mut text = egui::RichText::new(&c.name).small();
        if c.status == ThemeStatus::Final {
            text = text.strong();
        }
        ui.add_sized(CELL, egui::Label::new(text).truncate())
            .on_hover_text(format!("{} ({})", c.name, c.status.as_str()));
    }
    ui.end_row();
    for (r, row) in m.rows.iter().enumerate() {
        ui.label(row);
        for (c, col) in m.columns.iter().enumerate() {
            let is_chosen = chosen.is_some_and(|(cr, ct)| cr == row && *ct == col.theme);
            let resp = cell(ui, &mv.texts[r][c], mv.heat[r][c], is_chosen);
            let label = s::cell_label(row, &col.name);
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if resp.clicked() {
                clicked = Some((row.clone(), col.theme));
            }
        }
        ui.end_row();
    }
    clicked
}

/// Below the matrix: totals, unattributed codings, and each theme's
/// largest share by one participant.
fn matrix_footer(ui: &mut Ui, m: &Matrix, o: &Overview) {
    ui.strong(s::TOTAL);
    for t in &m.totals {
        ui.add_sized(
            CELL,
            egui::Label::new(s::cell_text(t.codings, t.participants)),
        );
    }
    ui.end_row();
    ui.weak(s::UNATTRIBUTED);
    for n in &m.unattributed {
        ui.add_sized(
            CELL,
            egui::Label::new(egui::RichText::new(n.to_string()).weak()),
        );
    }
    ui.end_row();
    ui.label(s::LARGEST_SHARE);
    for col in &m.columns {
        match o.dominance.get(&col.theme) {
            Some(d) => dominance_cell(ui, d),
            None => {
                ui.label("");
            }
        }
    }
    ui.end_row();
}

/// A theme's largest share; flagged (a warning) when one person carries it.
fn dominance_cell(ui: &mut Ui, d: &Dominance) {
    let text = s::share(&d.participant, d.percent);
    if !d.flagged {
        ui.add_sized(
            CELL,
            egui::Label::new(egui::RichText::new(text).small()).truncate(),
        );
        return;
    }
    let tip = s::carried_by_one(&d.participant, d.percent);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        warning_icon(ui, &tip);
        let text = egui::RichText::new(text)
            .small()
            .color(ui.visuals().warn_fg_color);
        ui.add_sized(CELL - vec2(16.0, 0.0), egui::Label::new(text).truncate())
            .on_hover_text(tip);
    });
}

fn theme_title(t: &Theme) -> String {
    match t.status {
        ThemeStatus::Final => t.name.clone(),
        other => format!("{} ({})", t.name, other.as_str()),
    }
}

fn load_overview(project: &Project, version: u64) -> Overview {
    let mut o = Overview {
        version,
        themes: Vec::new(),
        keys: Vec::new(),
        dominance: HashMap::new(),
        error: None,
    };
    let r = (|| -> Result<()> {
        o.themes = project.themes()?;
        let keys: BTreeSet<String> = project
            .participants()?
            .into_iter()
            .flat_map(|p| p.attributes.into_keys())
            .collect();
        o.keys = keys.into_iter().collect();
        o.dominance = dominance(&project.coverage_matrix(None)?);
        Ok(())
    })();
    if let Err(e) = r {
        o.error = Some(format!("{e:#}"));
    }
    o
}

/// Per theme: the participant with the most codings and their share of the
/// theme's attributed codings (`m` has one row per participant).
pub fn dominance(m: &Matrix) -> HashMap<Id, Dominance> {
    let mut out = HashMap::new();
    for (c, col) in m.columns.iter().enumerate() {
        let total: usize = m.cells.iter().map(|r| r[c].codings).sum();
        let Some((r, top)) = m
            .cells
            .iter()
            .enumerate()
            .map(|(r, row)| (r, row[c].codings))
            .max_by_key(|&(r, n)| (n, std::cmp::Reverse(r)))
        else {
            continue;
        };
        if total == 0 {
            continue;
        }
        let share = top as f64 / total as f64;
        out.insert(
            col.theme,
            Dominance {
                participant: m.rows[r].clone(),
                percent: (share * 100.0).round() as usize,
                flagged: share >= CARRIED_BY_ONE,
            },
        );
    }
    out
}

fn matrix_view(matrix: Matrix, by: Option<String>, version: u64) -> MatrixView {
    let ncols = matrix.columns.len();
    let col_totals: Vec<usize> = (0..ncols)
        .map(|c| matrix.cells.iter().map(|r| r[c].codings).sum())
        .collect();
    let texts = matrix
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| s::cell_text(cell.codings, cell.participants))
                .collect()
        })
        .collect();
    let heat = matrix
        .cells
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| {
                    if col_totals[c] == 0 {
                        0.0
                    } else {
                        cell.codings as f32 / col_totals[c] as f32
                    }
                })
                .collect()
        })
        .collect();
    MatrixView {
        by,
        version,
        matrix,
        texts,
        heat,
    }
}

/// A matrix cell: its text on a colour as strong as its share of the theme.
fn cell(ui: &mut Ui, text: &str, heat: f32, chosen: bool) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(CELL, Sense::click());
    if ui.is_rect_visible(rect) {
        let base = look::parse_colour("#E76F51");
        let alpha = if heat > 0.0 { 30.0 + heat * 200.0 } else { 0.0 };
        let fill = Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha as u8);
        ui.painter().rect_filled(rect, 2.0, fill);
        if chosen || resp.hovered() {
            ui.painter().rect_stroke(
                rect,
                2.0,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Inside,
            );
        }
        let colour = if heat > 0.0 {
            ui.visuals().strong_text_color()
        } else {
            ui.visuals().weak_text_color()
        };
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            text,
            egui::FontId::proportional(12.0),
            colour,
        );
    }
    resp
}

/// An extract: a key-quote toggle, who said it where, the quote (click to
/// read it in its document).
fn extract_row(ui: &mut Ui, e: &Extract, theme: Id, actions: &mut Vec<Action>) {
    let c = &e.coding;
    let quote = one_line(&c.text, 240);
    ui.horizontal(|ui| {
        let toggle = ui
            .selectable_label(e.key, s::KEY)
            .on_hover_text(s::KEY_QUOTE_TIP);
        let label = format!("{}: «{}»", s::KEY_QUOTE, one_line(&c.text, 60));
        toggle
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, e.key, &label));
        if toggle.clicked() {
            let (coding, key) = (c.id, !e.key);
            actions.push(Action::run(move |p| {
                app::themes::key_quote(p, theme, coding, key)
            }));
        }
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.small(s::attribution(c.participant.as_deref(), &c.doc));
                ui.small(format!("· {}", c.code));
            });
            let resp = ui.add(
                egui::Label::new(format!("«{quote}»"))
                    .sense(Sense::click())
                    .truncate(),
            );
            if resp.clicked() {
                actions.push(Action::JumpTo {
                    doc: c.doc_id,
                    start: c.start,
                    end: c.end,
                });
            }
        });
    });
}
