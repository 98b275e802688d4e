//! The application: the open project, the panels around it, and the loop
//! that draws them and carries out what they ask (`Action`s). Every change
//! is a call into the action layer (`crate::app`), as on the command line;
//! after it the app re-reads what it shows.
//! Errors become messages in the window, never a panic.

use super::actions::{Action, Deferred, PaletteMode};
use super::codebook::CodebookPanel;
use super::documents::DocumentsPanel;
use super::jobs::{JobResult, Jobs};
use super::notes::NotesPanel;
use super::palette::Palette;
use super::retrieval::RetrievalPanel;
use super::strings as s;
use super::survey_dialog::{SurveyDialog, is_survey_file};
use super::theme::{self, Theme};
use super::viewer::{DocView, Viewer};
use crate::Project;
use crate::app::codes::{CodeChoice, Span};
use crate::app::{self, Done, Show};
use crate::model::{Code, CodeNode, CodeStats, DocumentInfo, Id, Participant};
use crate::store::{Change, CodingFilter, code_tree};
use anyhow::{Context as _, Result};
use egui::{Color32, Key, KeyboardShortcut, Modifiers, Ui};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const RECENT_CODES: usize = 8;
const MAX_RECENT_PROJECTS: usize = 8;

/// What the app shows of the project, kept up to date after every change.
#[derive(Default)]
pub struct Data {
    pub documents: Vec<DocumentInfo>,
    /// Share of each document's characters covered by at least one coding.
    pub coverage: HashMap<Id, f32>,
    pub participants: Vec<Participant>,
    pub codes: Vec<Code>,
    pub tree: Vec<CodeNode>,
    pub colours: HashMap<Id, Color32>,
    /// Bumped on every refresh, so panels know to re-query.
    pub version: u64,
    /// The counts behind `tree`, kept so that a change to a few codings
    /// re-counts only their codes.
    stats: HashMap<Id, CodeStats>,
    /// The newest entry of the project's change feed this data has seen.
    revision: i64,
}

/// Tables whose rows the workspace shows nothing of: a change that touches
/// only these leaves `Data` as it is (the panels that show them re-query on
/// the version bump).
const TABLES_NOT_IN_DATA: &[&str] = &[
    "notes",
    "themes",
    "theme_codes",
    "theme_history",
    "map_nodes",
    "map_edges",
    "key_quotes",
    "journal_entries",
    "journal_links",
    "phase_log",
    "checklist",
    "anon_entities",
    "anon_occurrences",
    "anon_rules",
    "anon_audit",
];

impl Data {
    fn load(project: &Project, version: u64) -> Result<Data> {
        // Read first: a change that lands while we read is seen again next time.
        let revision = project.revision()?;
        let codes = project.codes()?;
        let stats = project.code_stats(None)?;
        let documents = project.documents()?;
        Ok(Data {
            coverage: coverage(project, None)?,
            documents,
            participants: project.participants()?,
            tree: code_tree(&codes, &stats),
            colours: colours(&codes),
            codes,
            stats,
            version,
            revision,
        })
    }

    /// Catch up with the project. Coding (the common case, many times a
    /// minute) changes only codings and sometimes codes: then only the
    /// documents and codes they touched are re-counted, which keeps a
    /// palette apply well under a frame's budget at 20,000 codings. Any
    /// other change of what we show re-reads everything.
    fn update(&mut self, project: &Project) -> Result<()> {
        let version = self.version + 1;
        let changes = project.changes_since(self.revision)?;
        let shown: Vec<Change> = changes
            .iter()
            .filter(|c| !TABLES_NOT_IN_DATA.contains(&c.table.as_str()))
            .cloned()
            .collect();
        if shown
            .iter()
            .any(|c| c.table != "codings" && c.table != "codes")
        {
            *self = Data::load(project, version)?;
            return Ok(());
        }
        if !shown.is_empty() {
            self.recount(project, &shown)?;
        }
        self.version = version;
        if let Some(last) = changes.last() {
            self.revision = last.id;
        }
        Ok(())
    }

    fn recount(&mut self, project: &Project, changes: &[Change]) -> Result<()> {
        let mut docs: Vec<Id> = changes.iter().filter_map(|c| c.document).collect();
        let mut codes: Vec<Id> = changes.iter().filter_map(|c| c.code).collect();
        docs.sort_unstable();
        docs.dedup();
        codes.sort_unstable();
        codes.dedup();
        if changes.iter().any(|c| c.table == "codes") {
            self.codes = project.codes()?;
            self.colours = colours(&self.codes);
        }
        let fresh = project.code_stats(Some(&codes))?;
        for code in &codes {
            match fresh.get(code) {
                Some(s) => self.stats.insert(*code, *s),
                None => self.stats.remove(code),
            };
        }
        self.tree = code_tree(&self.codes, &self.stats);
        let counts = project.coding_counts(Some(&docs))?;
        for d in self.documents.iter_mut().filter(|d| docs.contains(&d.id)) {
            d.codings = counts.get(&d.id).copied().unwrap_or(0);
        }
        let coverage = coverage(project, Some(&docs))?;
        for doc in &docs {
            self.coverage
                .insert(*doc, coverage.get(doc).copied().unwrap_or(0.0));
        }
        Ok(())
    }
}

fn colours(codes: &[Code]) -> HashMap<Id, Color32> {
    codes
        .iter()
        .map(|c| (c.id, theme::parse_colour(&c.colour)))
        .collect()
}

/// Coded share of each document (of `only` these, or all): the union of
/// its coding spans over its length.
fn coverage(project: &Project, only: Option<&[Id]>) -> Result<HashMap<Id, f32>> {
    // doc → (chars, covered, reach)
    let mut covered: HashMap<Id, (usize, usize, usize)> = HashMap::new();
    for e in project.coding_extents(only)? {
        let (start, end) = (e.start, e.end);
        let (_, total, reach) = covered.entry(e.doc).or_insert((e.doc_chars, 0, 0));
        let from = start.max(*reach);
        if end > from {
            *total += end - from;
        }
        *reach = (*reach).max(end);
    }
    Ok(covered
        .into_iter()
        .map(|(doc, (chars, total, _))| {
            (
                doc,
                if chars == 0 {
                    0.0
                } else {
                    total as f32 / chars as f32
                },
            )
        })
        .collect())
}

/// An open project and its panels.
pub struct Workspace {
    pub project: Project,
    pub data: Data,
    pub documents: DocumentsPanel,
    pub viewer: Viewer,
    pub codebook: CodebookPanel,
    pub palette: Palette,
    pub retrieval: RetrievalPanel,
    pub notes: NotesPanel,
    /// Codes used lately, newest first (one-click buttons; Ctrl+R re-applies the first).
    pub recent_codes: Vec<Id>,
    pub show_notes: bool,
    pub show_retrieval: bool,
    /// Which screen of the analysis is shown.
    pub view: View,
    pub export_dialog: super::export_dialog::ExportDialog,
    pub themes_board: super::themes_board::ThemesBoard,
    pub review: super::review::ReviewPanel,
    pub map: super::map::MapPanel,
    pub journal: super::journal::JournalPanel,
    /// The search panel owns the GUI's only search index (on its worker).
    pub search: super::search_panel::SearchPanel,
    pub anonymise: super::anonymise_panel::AnonymisePanel,
    /// The survey import dialog, while it is open.
    pub survey: Option<SurveyDialog>,
    /// The board's selection the review last followed.
    board_choice: Option<Id>,
    layout: Layout,
}

/// The screens of tema, one per kind of work (and phase of the analysis).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Read and code transcripts (phases 1–2).
    #[default]
    Code,
    /// Build and review candidate themes from codes (phases 3–5).
    Themes,
    /// Read each theme against its extracts; the coverage matrix (phase 4).
    Review,
    /// The thematic map: how themes relate.
    Map,
    /// The reflexive journal, the phase tracker and the checklist.
    Journal,
    /// Search everything.
    Search,
    /// Find and replace identifiers before sharing.
    Anonymise,
    /// Write up: the theme report (phase 6).
    Report,
}

impl View {
    pub const ALL: &[View] = &[
        View::Code,
        View::Themes,
        View::Review,
        View::Map,
        View::Journal,
        View::Search,
        View::Anonymise,
        View::Report,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::Code => s::VIEW_CODE,
            View::Themes => s::VIEW_THEMES,
            View::Review => s::VIEW_REVIEW,
            View::Map => s::VIEW_MAP,
            View::Journal => s::VIEW_JOURNAL,
            View::Search => s::VIEW_SEARCH,
            View::Anonymise => s::VIEW_ANONYMISE,
            View::Report => s::VIEW_REPORT,
        }
    }
}

/// Panel sizes and switches remembered per project.
#[derive(Default, Clone, PartialEq)]
struct Layout {
    left: Option<f32>,
    right: Option<f32>,
    bottom: Option<f32>,
    saved: HashMap<String, String>,
    last_save: f64,
}

struct Toast {
    text: String,
    error: bool,
    /// When it goes away; set on the first frame it is shown.
    until: Option<f64>,
}

/// The whole application.
pub struct TemaApp {
    ws: Option<Workspace>,
    pub theme: Theme,
    toasts: Vec<Toast>,
    jobs: Jobs,
    recent_projects: Vec<PathBuf>,
    /// Keep a list of recent projects on disk (off in tests).
    remember_recent: bool,
    new_title: String,
}

impl TemaApp {
    /// The app on an open project.
    pub fn new(project: Project) -> Self {
        let mut app = Self::start_screen();
        app.set_project(project);
        app
    }

    /// The app with no project: the start screen.
    pub fn start_screen() -> Self {
        TemaApp {
            ws: None,
            theme: Theme::default(),
            toasts: Vec::new(),
            jobs: Jobs::default(),
            recent_projects: Vec::new(),
            remember_recent: false,
            new_title: s::PROJECT_TITLE_DEFAULT.to_string(),
        }
    }

    /// Remember opened projects in the user's config directory.
    pub fn with_recent_projects(mut self) -> Self {
        self.remember_recent = true;
        self.recent_projects = load_recent();
        if let Some(ws) = &self.ws {
            let dir = ws.project.dir().to_path_buf();
            self.note_recent(&dir);
        }
        self
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.ws.as_ref()
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        self.ws.as_mut()
    }

    pub fn project(&self) -> Option<&Project> {
        self.ws.as_ref().map(|w| &w.project)
    }

    pub fn viewer(&self) -> Option<&Viewer> {
        self.ws.as_ref().map(|w| &w.viewer)
    }

    pub fn viewer_mut(&mut self) -> Option<&mut Viewer> {
        self.ws.as_mut().map(|w| &mut w.viewer)
    }

    /// Messages shown in the window (errors and notices), newest last.
    pub fn messages(&self) -> Vec<String> {
        self.toasts.iter().map(|t| t.text.clone()).collect()
    }

    fn set_project(&mut self, project: Project) {
        if let Some(old) = self.ws.take() {
            old.save_layout(&self.theme, true);
        }
        match Workspace::open(project, &mut self.theme) {
            Ok(ws) => self.ws = Some(ws),
            Err(e) => self.error(format!("{e:#}")),
        }
    }

    // ------------------------------------------------------------ frame

    /// Draw one frame. Tests drive this through egui_kittest.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.theme.begin_frame(&ctx);
        let mut actions = Vec::new();
        self.poll_jobs(&mut actions);
        self.dropped_files(&ctx, &mut actions);
        self.shortcuts(&ctx, &mut actions);
        self.menu_bar(ui, &mut actions);
        self.status_bar(ui);
        match &mut self.ws {
            Some(ws) => ws.panels(ui, &self.theme, &mut actions),
            None => self.start_ui(ui, &mut actions),
        }
        if let Some(ws) = &mut self.ws {
            ws.palette
                .ui(&ctx, &ws.data.codes, &ws.recent_codes, &mut actions);
            if let Some(dialog) = &mut ws.survey
                && !dialog.ui(&ctx, &mut actions)
            {
                ws.survey = None;
            }
        }
        self.toasts_ui(&ctx);
        for action in actions {
            self.apply(action, &ctx);
        }
        if let Some(ws) = &mut self.ws {
            ws.remember_layout(&ctx, &self.theme);
        }
    }

    fn poll_jobs(&mut self, actions: &mut Vec<Action>) {
        for result in self.jobs.poll() {
            match result {
                JobResult::Imported(Ok(documents)) => {
                    actions.push(Action::StoreImport(documents));
                }
                JobResult::Imported(Err(e)) => actions.push(Action::Error(e)),
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let paths: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A survey is not read like transcripts: its columns are asked
        // about first.
        let (surveys, transcripts): (Vec<_>, Vec<_>) =
            paths.into_iter().partition(|p| is_survey_file(p));
        actions.extend(surveys.into_iter().map(Action::OpenSurvey));
        if !transcripts.is_empty() {
            actions.push(Action::ImportFiles(transcripts));
        }
    }

    /// Keyboard shortcuts that work anywhere except while typing in a field
    /// (the focused transcript is no field: Ctrl+K codes what the keys selected).
    fn shortcuts(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let palette_open = self.ws.as_ref().is_some_and(|w| w.palette.is_open());
        if palette_open || ctx.text_edit_focused() {
            return;
        }
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let pressed = |m: Modifiers, k: Key| {
            ctx.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
        };
        // Most specific first: consume_shortcut ignores extra Shift.
        if pressed(shift_cmd, Key::Z) || pressed(cmd, Key::Y) {
            actions.push(Action::Redo);
        } else if pressed(cmd, Key::Z) {
            actions.push(Action::Undo);
        }
        if pressed(shift_cmd, Key::F) {
            actions.push(Action::FocusSearch(super::search_panel::Scope::Project));
        } else if pressed(cmd, Key::F) {
            actions.push(Action::FocusSearch(
                super::search_panel::Scope::CurrentDocument,
            ));
        }
        if pressed(cmd, Key::K) {
            actions.push(Action::CodeSelection);
        }
        if pressed(cmd, Key::I) {
            actions.push(Action::InVivo);
        }
        if pressed(cmd, Key::R) {
            actions.push(Action::ReapplyLast);
        }
        if pressed(cmd, Key::Plus) || pressed(cmd, Key::Equals) {
            self.theme.set_font_size(self.theme.font_size + 1.0);
        }
        if pressed(cmd, Key::Minus) {
            self.theme.set_font_size(self.theme.font_size - 1.0);
        }
        let copy = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        if copy || pressed(cmd, Key::C) {
            actions.push(Action::CopySelection);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button(s::MENU_FILE, |ui| self.file_menu(ui, actions));
                ui.menu_button(s::MENU_EDIT, |ui| self.edit_menu(ui, actions));
                if self.ws.is_some() {
                    ui.menu_button(s::MENU_CODE, |ui| code_menu(ui, actions));
                }
                ui.menu_button(s::MENU_VIEW, |ui| self.view_menu(ui));
            });
        });
    }

    fn file_menu(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if ui.button(s::NEW_PROJECT).clicked() {
            actions.push(Action::NewProject);
            ui.close();
        }
        if ui.button(s::OPEN_PROJECT).clicked() {
            actions.push(Action::OpenProject);
            ui.close();
        }
        ui.menu_button(s::RECENT_PROJECTS, |ui| {
            if self.recent_projects.is_empty() {
                ui.weak(s::NO_RECENT);
            }
            for p in &self.recent_projects {
                if ui.button(p.display().to_string()).clicked() {
                    actions.push(Action::OpenRecent(p.clone()));
                    ui.close();
                }
            }
        });
        ui.separator();
        if ui
            .add_enabled(self.ws.is_some(), egui::Button::new(s::IMPORT_FILES))
            .clicked()
        {
            actions.push(Action::PickImport);
            ui.close();
        }
        if ui
            .add_enabled(self.ws.is_some(), egui::Button::new(s::IMPORT_SURVEY))
            .clicked()
        {
            if let Some(file) = rfd::FileDialog::new()
                .add_filter("Survey", crate::import::SURVEY_FORMATS)
                .pick_file()
            {
                actions.push(Action::OpenSurvey(file));
            }
            ui.close();
        }
        ui.separator();
        if ui.button(s::QUIT).clicked() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn edit_menu(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let (undo, redo) = self.ws.as_ref().map_or((None, None), |w| {
            (
                w.project.undo_label().ok().flatten(),
                w.project.redo_label().ok().flatten(),
            )
        });
        let undo_text = undo.as_deref().map_or(s::UNDO.to_string(), s::undo_what);
        let redo_text = redo.as_deref().map_or(s::REDO.to_string(), s::redo_what);
        let shortcut = |k| {
            ui.ctx()
                .format_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, k))
        };
        let undo_sc = shortcut(Key::Z);
        let redo_sc = ui.ctx().format_shortcut(&KeyboardShortcut::new(
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::Z,
        ));
        if ui
            .add_enabled(
                undo.is_some(),
                egui::Button::new(undo_text).shortcut_text(undo_sc),
            )
            .clicked()
        {
            actions.push(Action::Undo);
            ui.close();
        }
        if ui
            .add_enabled(
                redo.is_some(),
                egui::Button::new(redo_text).shortcut_text(redo_sc),
            )
            .clicked()
        {
            actions.push(Action::Redo);
            ui.close();
        }
        ui.separator();
        if ui.button(s::COPY).clicked() {
            actions.push(Action::CopySelection);
            ui.close();
        }
    }

    fn view_menu(&mut self, ui: &mut Ui) {
        if ui.button(s::FONT_LARGER).clicked() {
            self.theme.set_font_size(self.theme.font_size + 1.0);
        }
        if ui.button(s::FONT_SMALLER).clicked() {
            self.theme.set_font_size(self.theme.font_size - 1.0);
        }
        ui.checkbox(&mut self.theme.dark, s::DARK_MODE);
        if let Some(ws) = &mut self.ws {
            ui.checkbox(&mut ws.show_notes, s::SHOW_NOTES);
            ui.checkbox(&mut ws.show_retrieval, s::SHOW_RETRIEVAL);
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        if !self.jobs.is_busy() {
            return;
        }
        egui::Panel::bottom("jobs").show(ui, |ui| {
            ui.horizontal(|ui| self.jobs.ui(ui));
        });
    }

    fn start_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(60.0);
                ui.heading(s::WELCOME);
                ui.label(s::WELCOME_HINT);
                ui.add_space(20.0);
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.new_title).desired_width(200.0));
                    if ui.button(s::NEW_PROJECT).clicked() {
                        actions.push(Action::NewProject);
                    }
                    if ui.button(s::OPEN_PROJECT).clicked() {
                        actions.push(Action::OpenProject);
                    }
                });
                ui.add_space(20.0);
                ui.strong(s::RECENT_PROJECTS);
                if self.recent_projects.is_empty() {
                    ui.weak(s::NO_RECENT);
                }
                for p in &self.recent_projects {
                    if ui.link(p.display().to_string()).clicked() {
                        actions.push(Action::OpenRecent(p.clone()));
                    }
                }
            });
        });
    }

    fn toasts_ui(&mut self, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        for t in &mut self.toasts {
            t.until
                .get_or_insert(now + if t.error { 12.0 } else { 4.0 });
        }
        self.toasts.retain(|t| t.until.is_some_and(|u| u > now));
        if self.toasts.is_empty() {
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
        let mut dismiss = None;
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -12.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                for (i, t) in self.toasts.iter().enumerate() {
                    let fill = if t.error {
                        Color32::from_rgb(150, 30, 30)
                    } else {
                        ui.visuals().extreme_bg_color
                    };
                    egui::Frame::popup(ui.style()).fill(fill).show(ui, |ui| {
                        ui.set_max_width(420.0);
                        ui.horizontal(|ui| {
                            let text = egui::RichText::new(&t.text);
                            let text = if t.error {
                                text.color(Color32::WHITE)
                            } else {
                                text
                            };
                            ui.label(text);
                            if ui.small_button(s::DISMISS).clicked() {
                                dismiss = Some(i);
                            }
                        });
                    });
                }
            });
        if let Some(i) = dismiss {
            self.toasts.remove(i);
        }
    }

    /// Show an error message in the window.
    pub fn show_error(&mut self, text: String) {
        self.error(text);
    }

    fn notify(&mut self, text: String) {
        self.toasts.push(Toast {
            text,
            error: false,
            until: None,
        });
    }

    fn error(&mut self, text: String) {
        self.toasts.push(Toast {
            text: s::error_prefix(&text),
            error: true,
            until: None,
        });
    }

    // ------------------------------------------------------------ actions

    fn apply(&mut self, action: Action, ctx: &egui::Context) {
        let now = ctx.input(|i| i.time);
        if let Err(e) = self.apply_inner(action, ctx, now) {
            self.error(format!("{e:#}"));
        }
    }

    fn apply_inner(&mut self, action: Action, ctx: &egui::Context, now: f64) -> Result<()> {
        match action {
            Action::Notify(text) if text.is_empty() => {}
            Action::Notify(text) => self.notify(text),
            Action::Error(text) => self.error(text),
            Action::CopyText(text) => ctx.copy_text(text),
            Action::NewProject => self.new_project_dialog()?,
            Action::OpenProject => {
                if let Some(dir) = rfd::FileDialog::new().pick_folder() {
                    self.open_project(&dir)?;
                }
            }
            Action::OpenRecent(dir) => self.open_project(&dir)?,
            Action::PickImport => {
                if let Some(files) = rfd::FileDialog::new()
                    .add_filter("Transcripts", crate::import::DOCUMENT_FORMATS)
                    .pick_files()
                {
                    self.jobs.start_import(files, ctx);
                }
            }
            Action::ImportFiles(paths) => {
                if self.ws.is_some() {
                    self.jobs.start_import(paths, ctx);
                }
            }
            other => {
                let Some(ws) = &mut self.ws else {
                    return Ok(());
                };
                if let Some(message) = ws.apply(other, ctx, now)? {
                    self.notify(message);
                }
            }
        }
        Ok(())
    }

    fn new_project_dialog(&mut self) -> Result<()> {
        let Some(dir) = rfd::FileDialog::new().pick_folder() else {
            return Ok(());
        };
        let title = if self.new_title.trim().is_empty() {
            s::PROJECT_TITLE_DEFAULT.to_string()
        } else {
            self.new_title.trim().to_string()
        };
        let project = Project::create(&dir, &title)?;
        self.note_recent(&dir);
        self.set_project(project);
        Ok(())
    }

    pub fn open_project(&mut self, dir: &Path) -> Result<()> {
        let project = Project::open(dir)?;
        self.note_recent(dir);
        self.set_project(project);
        Ok(())
    }

    fn note_recent(&mut self, dir: &Path) {
        if !self.remember_recent {
            return;
        }
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        self.recent_projects.retain(|p| p != &dir);
        self.recent_projects.insert(0, dir);
        self.recent_projects.truncate(MAX_RECENT_PROJECTS);
        save_recent(&self.recent_projects);
    }

    /// Save layout state now (on exit).
    pub fn save_now(&self) {
        if let Some(ws) = &self.ws {
            ws.save_layout(&self.theme, true);
        }
    }
}

fn code_menu(ui: &mut Ui, actions: &mut Vec<Action>) {
    for (label, action) in [
        (s::CODE_SELECTION, Action::CodeSelection),
        (s::IN_VIVO, Action::InVivo),
        (s::REAPPLY_LAST, Action::ReapplyLast),
    ] {
        if ui.button(label).clicked() {
            actions.push(action);
            ui.close();
        }
    }
}

impl Workspace {
    fn open(project: Project, theme: &mut Theme) -> Result<Workspace> {
        let data = Data::load(&project, 1)?;
        let mut ws = Workspace {
            project,
            data,
            documents: DocumentsPanel::default(),
            viewer: Viewer::default(),
            codebook: CodebookPanel::default(),
            palette: Palette::default(),
            retrieval: RetrievalPanel::default(),
            notes: NotesPanel::default(),
            recent_codes: Vec::new(),
            show_notes: false,
            show_retrieval: true,
            view: View::Code,
            export_dialog: Default::default(),
            survey: None,
            themes_board: Default::default(),
            review: Default::default(),
            map: Default::default(),
            journal: Default::default(),
            search: Default::default(),
            anonymise: Default::default(),
            board_choice: None,
            layout: Layout::default(),
        };
        ws.restore_layout(theme)?;
        Ok(ws)
    }

    pub fn current_doc(&self) -> Option<Id> {
        self.viewer.doc_id()
    }

    fn panels(&mut self, ui: &mut Ui, theme: &Theme, actions: &mut Vec<Action>) {
        self.view_tabs(ui);
        if self.view == View::Code {
            self.coding_panels(ui, theme, actions);
        } else {
            egui::CentralPanel::default().show(ui, |ui| self.other_view(ui, actions));
        }
    }

    /// Tabs for the screens of the analysis.
    fn view_tabs(&mut self, ui: &mut Ui) {
        egui::Panel::top("view-tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                for &view in View::ALL {
                    ui.selectable_value(&mut self.view, view, view.label());
                }
            });
        });
    }

    /// Every screen but coding fills the window below the tabs.
    fn other_view(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let version = self.data.version;
        match self.view {
            View::Code => {}
            View::Themes => self.themes_board.ui(ui, &self.project, version, actions),
            View::Review => {
                // Review the theme last chosen on the board.
                if self.themes_board.selected.is_some()
                    && self.themes_board.selected != self.board_choice
                {
                    self.board_choice = self.themes_board.selected;
                    self.review.theme = self.board_choice;
                }
                self.review.ui(ui, &self.project, version, actions)
            }
            View::Map => self.map.ui(ui, &self.project, version, actions),
            View::Journal => self.journal.ui(ui, &self.project, version, actions),
            View::Search => {
                let doc = self.viewer.doc_id();
                self.search.ui(ui, &self.project, version, doc, actions)
            }
            View::Anonymise => {
                let doc = self.viewer.doc_id();
                self.anonymise.ui(ui, &self.project, version, doc, actions)
            }
            View::Report => self.export_dialog.ui(ui, &self.project, version, actions),
        }
    }

    fn coding_panels(&mut self, ui: &mut Ui, theme: &Theme, actions: &mut Vec<Action>) {
        let left = egui::Panel::left("documents-panel")
            .resizable(true)
            .default_size(self.layout.left.unwrap_or(240.0))
            .size_range(150.0..=520.0)
            .show(ui, |ui| {
                self.documents.ui(
                    ui,
                    &self.data.documents,
                    &self.data.coverage,
                    &self.data.participants,
                    self.viewer.doc_id(),
                    actions,
                );
            });
        self.layout.left = Some(left.response.rect.width());
        let right = egui::Panel::right("codebook-panel")
            .resizable(true)
            .default_size(self.layout.right.unwrap_or(290.0))
            .size_range(180.0..=600.0)
            .show(ui, |ui| {
                self.codebook
                    .ui(ui, &self.data.tree, &self.data.codes, actions);
            });
        self.layout.right = Some(right.response.rect.width());
        if self.show_retrieval {
            let bottom = egui::Panel::bottom("retrieval-panel")
                .resizable(true)
                .default_size(self.layout.bottom.unwrap_or(220.0))
                .show(ui, |ui| {
                    self.retrieval.ui(
                        ui,
                        &self.project,
                        &self.data.participants,
                        &self.codebook.selected,
                        self.data.version,
                        actions,
                    );
                });
            self.layout.bottom = Some(bottom.response.rect.height());
        }
        if self.show_notes
            && let Some(doc) = self.viewer.doc_id()
        {
            egui::Panel::right("notes-panel")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| {
                    self.notes
                        .ui(ui, &self.project, doc, self.data.version, actions);
                });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.toolbar(ui, actions);
            self.viewer.ui(ui, theme, actions);
        });
    }

    /// Above the text: the document's name, recent codes as one-click
    /// buttons, and the selection's size.
    fn toolbar(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(doc) = &self.viewer.doc else { return };
        ui.horizontal_wrapped(|ui| {
            ui.strong(&doc.name);
            ui.separator();
            if !self.recent_codes.is_empty() {
                ui.label(s::RECENT_CODES);
            }
            let has_sel = self.viewer.selection().is_some();
            for id in &self.recent_codes {
                let Some(code) = self.data.codes.iter().find(|c| c.id == *id) else {
                    continue;
                };
                let colour = self.data.colours.get(id).copied().unwrap_or(Color32::GRAY);
                let button = egui::Button::new(&code.name).fill(theme::tint(colour, 90));
                if ui.add_enabled(has_sel, button).clicked() {
                    actions.push(Action::ApplyCode(*id));
                }
            }
            if let Some((a, b)) = self.viewer.selection() {
                ui.separator();
                ui.weak(s::selection_info(b - a));
            }
        });
        ui.separator();
    }

    /// Carry out an action on the project; returns a message to show.
    fn apply(&mut self, action: Action, ctx: &egui::Context, now: f64) -> Result<Option<String>> {
        match action {
            Action::Do(call) => self.run_deferred(call)?,
            Action::StoreImport(docs) => return self.store_import(docs),
            Action::OpenSurvey(file) => match SurveyDialog::open(&file) {
                Ok(dialog) => self.survey = Some(dialog),
                Err(e) => return Ok(Some(s::import_refused(&e))),
            },
            Action::ImportSurvey { file, spec } => return self.import_survey(&file, &spec),
            Action::Undo => return self.undo().map(Some),
            Action::Redo => return self.redo().map(Some),
            Action::Anon(a) => {
                // Apply rewrites texts: everything shown is read again.
                let message = super::anonymise_panel::apply_anon_action(&mut self.project, a)?;
                self.refresh()?;
                return Ok(Some(message));
            }
            a @ (Action::CodeSelection
            | Action::ApplyCode(_)
            | Action::ApplyCodeTo { .. }
            | Action::CreateAndApply { .. }
            | Action::InVivo
            | Action::ReapplyLast) => return self.code_selection(a),
            other => self.navigate(other, ctx, now)?,
        }
        Ok(None)
    }

    /// A change a panel asked for; a code it created is selected in the
    /// codebook (its quotes shown below the text).
    fn run_deferred(&mut self, call: Deferred) -> Result<()> {
        let done = self.run(|p| call.run(p))?;
        if let Show::Code(code) = done.show
            && done.created.contains(&code)
        {
            self.codebook.selected = vec![code];
        }
        Ok(())
    }

    /// Coding the viewer's selection (or a span the palette names).
    fn code_selection(&mut self, action: Action) -> Result<Option<String>> {
        match action {
            Action::CodeSelection => match self.selection_span() {
                Some((doc, start, end)) => {
                    self.palette.open(PaletteMode::Apply { doc, start, end })
                }
                None => return Ok(Some(s::PALETTE_NEED_SELECTION.to_string())),
            },
            Action::ApplyCode(code) => match self.selection_span() {
                Some((doc, start, end)) => self.apply_code(code, doc, start, end)?,
                None => return Ok(Some(s::PALETTE_NEED_SELECTION.to_string())),
            },
            Action::ApplyCodeTo {
                code,
                doc,
                start,
                end,
            } => self.apply_code(code, doc, start, end)?,
            Action::CreateAndApply {
                name,
                doc,
                start,
                end,
            } => self.code_span(Span { doc, start, end }, CodeChoice::new_code(name))?,
            Action::InVivo => return self.in_vivo(),
            Action::ReapplyLast => {
                if let Some(code) = self.recent_codes.first().copied() {
                    return self.code_selection(Action::ApplyCode(code));
                }
            }
            _ => {}
        }
        Ok(None)
    }

    /// Where to look next, and what goes to the clipboard.
    fn navigate(&mut self, action: Action, ctx: &egui::Context, now: f64) -> Result<()> {
        match action {
            Action::OpenDocument(id) => {
                self.view = View::Code;
                self.open_document(id)?
            }
            Action::SelectCodes(ids) => {
                self.view = View::Code;
                self.codebook.selected = ids;
                self.show_retrieval = true;
            }
            Action::JumpTo { doc, start, end } => {
                // A quote is read in place, on the coding screen.
                self.view = View::Code;
                if self.viewer.doc_id() != Some(doc) {
                    self.open_document(doc)?;
                    self.viewer.clear_selection();
                }
                self.viewer.show_span(start, end, now);
            }
            Action::OpenPalette(mode) => self.palette.open(mode),
            Action::CopySelection => {
                if let Some(text) = self.viewer.selected_text() {
                    ctx.copy_text(text);
                }
            }
            Action::AnonymiseSelection => {
                if let Some(text) = self.viewer.selected_text() {
                    self.anonymise.rule_from_selection(text);
                    self.view = View::Anonymise;
                }
            }
            Action::FocusSearch(scope) => {
                self.search.focus(scope);
                self.view = View::Search;
            }
            _ => {}
        }
        Ok(())
    }

    fn undo(&mut self) -> Result<String> {
        Ok(match app::undo(&mut self.project)? {
            Some(label) => {
                self.refresh()?;
                s::undone(&label)
            }
            None => s::NOTHING_TO_UNDO.to_string(),
        })
    }

    fn redo(&mut self) -> Result<String> {
        Ok(match app::redo(&mut self.project)? {
            Some(label) => {
                self.refresh()?;
                s::redone(&label)
            }
            None => s::NOTHING_TO_REDO.to_string(),
        })
    }

    fn selection_span(&self) -> Option<(Id, usize, usize)> {
        let doc = self.viewer.doc_id()?;
        let (a, b) = self.viewer.selection()?;
        Some((doc, a, b))
    }

    /// Carry out one action of the action layer and re-read what the
    /// panels show.
    pub fn run(&mut self, call: impl FnOnce(&mut Project) -> Result<Done>) -> Result<Done> {
        let done = call(&mut self.project);
        // Refresh even after a failure: a failed action changed nothing,
        // but what we show may be stale for another reason.
        self.refresh()?;
        done
    }

    /// Store files read for import as the CLI does: repeats of earlier
    /// files left out with a warning, the rest as one undoable step.
    fn store_import(&mut self, docs: Vec<crate::import::ParsedDocument>) -> Result<Option<String>> {
        let stored = app::documents::store_read(&mut self.project, docs, &Default::default());
        self.refresh()?;
        let stored = stored?;
        Ok(Some(s::imported(stored.ids.len(), &stored.skipped)))
    }

    /// Survey free text as one undoable step, as `tema import-survey` does.
    fn import_survey(
        &mut self,
        file: &Path,
        spec: &crate::import::SurveySpec,
    ) -> Result<Option<String>> {
        let ids = app::documents::import_survey(&mut self.project, file, spec);
        self.refresh()?;
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        Ok(Some(s::survey_imported(ids?.len(), &name)))
    }

    fn apply_code(&mut self, code: Id, doc: Id, start: usize, end: usize) -> Result<()> {
        self.code_span(Span { doc, start, end }, CodeChoice::Existing(code))
    }

    /// Code a span (with a new code: the code and the coding are one
    /// undoable step); the code becomes the most recent one.
    fn code_span(&mut self, span: Span, code: CodeChoice) -> Result<()> {
        let done = self.run(|p| app::codes::apply(p, span, code, ""))?;
        self.coded(&done);
        Ok(())
    }

    /// After coding the selection: its code is the most recent one.
    fn coded(&mut self, done: &Done) {
        if let Show::Code(code) = done.show {
            self.used_code(code);
        }
        self.viewer.clear_selection();
    }

    /// Make the selected words a code (or reuse the code of that name) and apply it.
    fn in_vivo(&mut self) -> Result<Option<String>> {
        let (Some((doc, start, end)), Some(text)) =
            (self.selection_span(), self.viewer.selected_text())
        else {
            return Ok(Some(s::PALETTE_NEED_SELECTION.to_string()));
        };
        if app::codes::in_vivo_name(&text).is_empty() {
            return Ok(Some(s::PALETTE_NEED_SELECTION.to_string()));
        }
        let done = self.run(|p| app::codes::apply_in_vivo(p, Span { doc, start, end }))?;
        self.coded(&done);
        Ok(None)
    }

    fn used_code(&mut self, code: Id) {
        self.recent_codes.retain(|c| *c != code);
        self.recent_codes.insert(0, code);
        self.recent_codes.truncate(RECENT_CODES);
    }

    /// Re-read everything shown after a change (cheap enough per change).
    pub fn refresh(&mut self) -> Result<()> {
        self.data.update(&self.project)?;
        self.codebook.retain_existing(&self.data.codes);
        self.recent_codes
            .retain(|id| self.data.codes.iter().any(|c| c.id == *id));
        if let Some(doc) = self.viewer.doc_id() {
            if self.data.documents.iter().any(|d| d.id == doc) {
                self.load_codings(doc)?;
            } else {
                self.viewer.close();
            }
        }
        Ok(())
    }

    fn load_codings(&mut self, doc: Id) -> Result<()> {
        let codings = self.project.codings(&CodingFilter {
            doc: Some(doc),
            ..Default::default()
        })?;
        self.viewer.set_codings(&codings, &self.data.colours);
        Ok(())
    }

    pub fn open_document(&mut self, id: Id) -> Result<()> {
        if let Some(old) = self.viewer.doc_id() {
            let _ = self.project.set_local_setting(
                &format!("viewer.top.{old}"),
                &self.viewer.top_offset().to_string(),
            );
        }
        let info = self
            .data
            .documents
            .iter()
            .find(|d| d.id == id)
            .with_context(|| format!("there is no document with id {id}"))?;
        let doc = DocView::new(
            id,
            info.name.clone(),
            self.project.text(id)?,
            self.project.turns(id)?,
        );
        self.viewer.open(doc);
        self.load_codings(id)?;
        if let Some(top) = self
            .project
            .local_setting(&format!("viewer.top.{id}"))?
            .and_then(|v| v.parse::<usize>().ok())
            && top > 0
        {
            self.viewer.restore_position(top);
        }
        self.project.set_local_setting("ui.doc", &id.to_string())?;
        Ok(())
    }

    // ------------------------------------------------------------ layout memory

    fn restore_layout(&mut self, theme: &mut Theme) -> Result<()> {
        let get = |k: &str| self.project.local_setting(k).ok().flatten();
        let num = |k: &str| get(k).and_then(|v| v.parse::<f32>().ok());
        if let Some(size) = num("ui.font_size") {
            theme.set_font_size(size);
        }
        if let Some(dark) = get("ui.dark") {
            theme.dark = dark == "true";
        }
        self.layout.left = num("ui.left_width");
        self.layout.right = num("ui.right_width");
        self.layout.bottom = num("ui.bottom_height");
        self.show_notes = get("ui.show_notes").is_some_and(|v| v == "true");
        self.show_retrieval = get("ui.show_retrieval").is_none_or(|v| v == "true");
        let doc = get("ui.doc").and_then(|v| v.parse::<Id>().ok());
        let doc = doc
            .filter(|d| self.data.documents.iter().any(|x| x.id == *d))
            .or_else(|| self.data.documents.first().map(|d| d.id));
        if let Some(doc) = doc {
            self.open_document(doc)?;
        }
        self.layout.saved = self.layout_values(theme);
        Ok(())
    }

    fn layout_values(&self, theme: &Theme) -> HashMap<String, String> {
        let mut m = HashMap::new();
        m.insert("ui.font_size".into(), theme.font_size.to_string());
        m.insert("ui.dark".into(), theme.dark.to_string());
        m.insert("ui.show_notes".into(), self.show_notes.to_string());
        m.insert("ui.show_retrieval".into(), self.show_retrieval.to_string());
        for (k, v) in [
            ("ui.left_width", self.layout.left),
            ("ui.right_width", self.layout.right),
            ("ui.bottom_height", self.layout.bottom),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), v.round().to_string());
            }
        }
        if let Some(doc) = self.viewer.doc_id() {
            m.insert(
                format!("viewer.top.{doc}"),
                self.viewer.top_offset().to_string(),
            );
        }
        m
    }

    /// Write changed layout settings, at most once a second.
    fn remember_layout(&mut self, ctx: &egui::Context, theme: &Theme) {
        let now = ctx.input(|i| i.time);
        if now - self.layout.last_save < 1.0 {
            return;
        }
        self.layout.last_save = now;
        self.save_layout(theme, false);
        self.layout.saved = self.layout_values(theme);
    }

    fn save_layout(&self, theme: &Theme, all: bool) {
        for (k, v) in self.layout_values(theme) {
            if all || self.layout.saved.get(&k) != Some(&v) {
                let _ = self.project.set_local_setting(&k, &v);
            }
        }
    }
}

// ------------------------------------------------------------ recent projects

fn recent_file() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("tema").join("recent-projects.txt"))
}

fn load_recent() -> Vec<PathBuf> {
    let Some(path) = recent_file() else {
        return Vec::new();
    };
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .filter(|p| p.join(crate::store::DB_FILE).is_file())
        .collect()
}

fn save_recent(list: &[PathBuf]) {
    let Some(path) = recent_file() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let text: Vec<String> = list.iter().map(|p| p.display().to_string()).collect();
    let _ = std::fs::write(path, text.join("\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a user sees of `Data`: counts per document and code, coverage.
    fn shown(d: &Data) -> String {
        let docs: Vec<_> = d
            .documents
            .iter()
            .map(|x| (x.id, x.codings, d.coverage.get(&x.id).map(|c| c.to_bits())))
            .collect();
        format!(
            "{docs:?}\n{}\n{:?}",
            serde_json::to_string(&d.tree).unwrap(),
            d.codes.iter().map(|c| &c.name).collect::<Vec<_>>()
        )
    }

    /// The counts kept up to date change by change equal a fresh read,
    /// through applies, a code change, removal, undo, redo and a new code.
    #[test]
    fn counts_kept_up_to_date_match_a_fresh_read() {
        let dir = tempfile::tempdir().unwrap();
        let project = crate::sample::build(&dir.path().join("p")).unwrap();
        let mut app = TemaApp::new(project);
        let ws = app.workspace_mut().unwrap();
        let doc = ws.data.documents[1].id;
        let (a, b) = (ws.data.codes[1].id, ws.data.codes[2].id);
        let check = |ws: &Workspace, what: &str| {
            let fresh = Data::load(&ws.project, 0).unwrap();
            assert_eq!(shown(&ws.data), shown(&fresh), "after {what}");
        };
        let before = shown(&ws.data);
        let span = Span {
            doc,
            start: 10,
            end: 400,
        };
        let coding = ws
            .run(|p| app::codes::apply(p, span, CodeChoice::Existing(a), ""))
            .unwrap()
            .created[0];
        assert_ne!(shown(&ws.data), before, "the apply shows");
        check(ws, "apply");
        let change = app::codes::CodingChange {
            code: Some(b),
            end: Some(900),
            ..Default::default()
        };
        ws.run(|p| app::codes::edit_coding(p, coding, change))
            .unwrap();
        check(ws, "change of code and end");
        ws.run(|p| app::codes::uncode(p, coding)).unwrap();
        check(ws, "remove");
        ws.project.undo().unwrap();
        ws.refresh().unwrap();
        check(ws, "undo");
        ws.project.redo().unwrap();
        ws.refresh().unwrap();
        check(ws, "redo");
        let new = CodeChoice::New {
            name: "Ny kode".into(),
            parent: Some(a),
        };
        let span = Span {
            doc,
            start: 50,
            end: 120,
        };
        ws.run(|p| app::codes::apply(p, span, new, "")).unwrap();
        check(ws, "create and apply");
        ws.run(|p| app::codes::rename(p, a, "Omdøpt")).unwrap();
        check(ws, "rename");
    }
}
