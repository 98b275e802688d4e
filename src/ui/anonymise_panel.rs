//! The anonymisation panel: review what the detector and the rules found,
//! grouped by entity (accept, keep, edit the replacement, per entity and per
//! occurrence); add rules; preview the open document as Apply would leave
//! it; Apply (with the link key written outside the project) and the audit
//! trail; share an anonymised copy.
//!
//! Detection takes seconds on a big project, so it runs on a worker thread
//! with its own connection (`Project::open(project.dir())`), once per
//! project `version`. Decisions and rules are calls into
//! `crate::app::anonymise` pushed as `Action::Do` (undoable like any other);
//! Apply writes a file and reports what it did, so it is an
//! `Action::Anon(AnonAction)` the app carries out with [`apply_anon_action`].

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::anonymise::ops::{EntityDecision, entity_key};
use crate::anonymise::{
    AuditRow, EntityGroup, Kind, NewRule, Occurrence, Rule, ShareFormat, ShareOptions, Status,
    anon_audit, anon_plan, anon_rules, check_key_path,
};
use crate::app;
use crate::model::Id;
use egui::text::LayoutJob;
use egui::{Color32, TextFormat, Ui};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

/// What the app must do with the project for this panel.
#[derive(Debug, Clone, PartialEq)]
pub enum AnonAction {
    /// Replace every accepted identifier (one undoable step) and write the
    /// link key to `key_out`, which must lie outside the project.
    Apply { key_out: PathBuf },
}

/// Carry out an [`AnonAction`]; returns the message to show.
pub fn apply_anon_action(project: &mut Project, a: AnonAction) -> anyhow::Result<String> {
    match a {
        AnonAction::Apply { key_out } => {
            let r = app::anonymise::apply(project, &key_out)?;
            Ok(s::anon_applied(
                r.replacements,
                r.documents,
                &r.key.display().to_string(),
            ))
        }
    }
}

/// The open document as Apply would leave it, as (text, replaced) runs.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub doc: Id,
    pub runs: Vec<(String, bool)>,
}

impl Preview {
    pub fn text(&self) -> String {
        self.runs.iter().map(|(t, _)| t.as_str()).collect()
    }
}

enum Request {
    Detect { version: u64 },
    Preview { version: u64, doc: Id },
}

enum Reply {
    Entities {
        version: u64,
        result: Result<Vec<EntityGroup>, String>,
    },
    Preview {
        version: u64,
        doc: Id,
        result: Result<Preview, String>,
    },
}

type Worker = super::worker::Worker<Request, Reply>;

fn worker_loop(
    dir: &Path,
    requests: Receiver<Request>,
    replies: Sender<Reply>,
    ctx: egui::Context,
) {
    let mut project: Option<Project> = None;
    while let Ok(first) = requests.recv() {
        let (mut detect, mut preview) = (None, None);
        let mut take = |r: Request| match r {
            Request::Detect { .. } => detect = Some(r),
            Request::Preview { .. } => preview = Some(r),
        };
        take(first);
        loop {
            match requests.try_recv() {
                Ok(r) => take(r),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        if project.is_none() {
            match Project::open(dir) {
                Ok(p) => project = Some(p),
                Err(e) => {
                    let msg = format!("{e:#}");
                    if let Some(Request::Detect { version }) = detect {
                        let _ = replies.send(Reply::Entities {
                            version,
                            result: Err(msg.clone()),
                        });
                    }
                    if let Some(Request::Preview { version, doc }) = preview {
                        let _ = replies.send(Reply::Preview {
                            version,
                            doc,
                            result: Err(msg),
                        });
                    }
                    ctx.request_repaint();
                    continue;
                }
            }
        }
        let p = project.as_ref().expect("opened above");
        for r in [detect, preview].into_iter().flatten() {
            let reply = match r {
                Request::Detect { version } => Reply::Entities {
                    version,
                    result: guarded(|| crate::anonymise::anon_entities(p)),
                },
                Request::Preview { version, doc } => Reply::Preview {
                    version,
                    doc,
                    result: guarded(|| preview_of(p, doc)),
                },
            };
            if replies.send(reply).is_err() {
                return;
            }
            ctx.request_repaint();
        }
    }
}

fn guarded<T>(f: impl FnOnce() -> anyhow::Result<T>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(|e| format!("{e:#}")),
        Err(_) => Err("the detector failed on this project".into()),
    }
}

/// The document with the planned replacements, marked.
fn preview_of(project: &Project, doc: Id) -> anyhow::Result<Preview> {
    let text = project.text(doc)?;
    let plan = anon_plan(project)?;
    let mut edits: Vec<(usize, usize, String)> = plan
        .docs
        .iter()
        .filter(|d| d.doc == doc)
        .flat_map(|d| d.edits.iter())
        .map(|e| (e.start, e.end, e.replacement.clone()))
        .collect();
    edits.sort_by_key(|e| (e.0, e.1));
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<(String, bool)> = Vec::new();
    let mut at = 0;
    for (a, b, rep) in edits {
        if a < at || b > chars.len() {
            continue;
        }
        if a > at {
            runs.push((chars[at..a].iter().collect(), false));
        }
        runs.push((rep, true));
        at = b;
    }
    if at < chars.len() {
        runs.push((chars[at..].iter().collect(), false));
    }
    Ok(Preview { doc, runs })
}

/// Turn the library's command-line hints into what to do in this panel.
pub fn readable(msg: &str) -> String {
    msg.replace(
        "(`tema anon accept`/`reject`)",
        "(Replace or Keep in the Review list)",
    )
    .replace(
        "run `tema anon apply --key-out FILE` first",
        "use Apply… first",
    )
    .replace(
        "accept suggestions (`tema anon accept`) or add rules first",
        "accept suggestions or add rules first",
    )
    .replace(" (see `tema anon detect`)", "")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Review,
    Rules,
    Preview,
    ApplyShare,
}

/// The "add a rule" form.
#[derive(Debug, Clone)]
pub struct RuleForm {
    pub original: String,
    pub replacement: String,
    pub kind: Kind,
    pub whole_word: bool,
    pub case_sensitive: bool,
    pub inflect: bool,
    error: Option<String>,
}

impl RuleForm {
    /// The rule the form stands for, or why it cannot be one yet.
    fn checked(&self) -> Result<NewRule, &'static str> {
        let original = self.original.trim().to_string();
        let replacement = self.replacement.trim().to_string();
        if original.is_empty() {
            Err(s::RULE_NEEDS_ORIGINAL)
        } else if replacement.is_empty() {
            Err(s::RULE_NEEDS_REPLACEMENT)
        } else if replacement.contains(&original) {
            Err(s::RULE_REPLACEMENT_CONTAINS)
        } else {
            Ok(NewRule {
                original,
                replacement,
                kind: self.kind,
                whole_word: self.whole_word,
                case_sensitive: self.case_sensitive,
                inflect: self.inflect,
            })
        }
    }
}

impl Default for RuleForm {
    fn default() -> Self {
        RuleForm {
            original: String::new(),
            replacement: String::new(),
            kind: Kind::Person,
            whole_word: true,
            case_sensitive: false,
            inflect: true,
            error: None,
        }
    }
}

type EntityKey = (Kind, String);
/// (original, replacement, kind), how many, where.
type AuditLine = ((String, String, Kind), usize, Vec<String>);

fn key_of(g: &EntityGroup) -> EntityKey {
    (g.kind, entity_key(&g.entity))
}

struct Sharing {
    rx: Receiver<Result<String, String>>,
}

#[derive(Default)]
pub struct AnonymisePanel {
    pub section: Section,
    pub rule: RuleForm,
    pub filter: String,
    worker: Option<Worker>,
    /// The version detection was asked for, and the entities of the newest answer.
    asked: Option<u64>,
    entities: Option<(u64, Result<Vec<EntityGroup>, String>)>,
    preview_asked: Option<(u64, Id)>,
    preview: Option<(u64, Id, Result<Preview, String>)>,
    expanded: HashSet<EntityKey>,
    replacement_edits: HashMap<EntityKey, String>,
    occurrence_edit: Option<((i64, usize, usize), String)>,
    confirm_accept_all: bool,
    rules: Option<(u64, Vec<Rule>)>,
    audit: Option<(u64, Vec<AuditRow>)>,
    doc_names: Option<(u64, HashMap<Id, String>)>,
    apply_message: Option<Result<String, String>>,
    share_journal: bool,
    share_format: ShareFormat,
    sharing: Option<Sharing>,
    share_message: Option<Result<String, String>>,
    focus_rule: bool,
}

impl AnonymisePanel {
    /// "Anonymise everywhere…" on a selection in the viewer: open the rule
    /// form with the selected text.
    pub fn rule_from_selection(&mut self, text: String) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let looks_like_name = text.chars().next().is_some_and(char::is_uppercase);
        self.rule = RuleForm {
            original: text,
            kind: if looks_like_name {
                Kind::Person
            } else {
                self.rule.kind
            },
            ..RuleForm::default()
        };
        self.section = Section::Rules;
        self.focus_rule = true;
    }

    /// The entities of the newest detection (after `ui` ran).
    pub fn entities(&self) -> Option<&[EntityGroup]> {
        match &self.entities {
            Some((_, Ok(e))) => Some(e),
            _ => None,
        }
    }

    /// Detection for `version` has answered.
    pub fn is_current(&self, version: u64) -> bool {
        self.entities.as_ref().is_some_and(|(v, _)| *v == version)
    }

    /// The preview of the open document (after `ui` ran on Preview).
    pub fn preview(&self) -> Option<&Preview> {
        match &self.preview {
            Some((_, _, Ok(p))) => Some(p),
            _ => None,
        }
    }

    /// The message of the last Apply request (refusal or error).
    pub fn apply_message(&self) -> Option<&Result<String, String>> {
        self.apply_message.as_ref()
    }

    /// The outcome of the last share, once it finished.
    pub fn share_message(&self) -> Option<&Result<String, String>> {
        self.share_message.as_ref()
    }

    pub fn is_sharing(&self) -> bool {
        self.sharing.is_some()
    }

    /// Apply with the link key at `key_out` (what "Apply…" does after its
    /// file dialog; tests call it directly). A path inside the project is
    /// refused here with a message, before anything changes.
    pub fn request_apply(
        &mut self,
        project: &Project,
        key_out: PathBuf,
        actions: &mut Vec<Action>,
    ) {
        match check_key_path(project, &key_out) {
            Ok(_) => {
                self.apply_message = None;
                actions.push(Action::Anon(AnonAction::Apply { key_out }));
            }
            Err(e) => self.apply_message = Some(Err(format!("{e:#}"))),
        }
    }

    /// Share to `out` on a worker thread (what "Share anonymised copy…"
    /// does after its folder dialog; tests call it directly).
    pub fn request_share(&mut self, project: &Project, out: PathBuf, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let dir = project.dir().to_path_buf();
        let opts = ShareOptions {
            include_journal: self.share_journal,
            format: self.share_format,
        };
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = guarded(|| {
                let p = Project::open(&dir)?;
                app::anonymise::share(&p, &out, &opts)
            })
            .map(|r| {
                s::shared(
                    &r.out.display().to_string(),
                    r.files.len(),
                    r.originals_checked,
                )
            })
            .map_err(|e| readable(&e));
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.share_message = None;
        self.sharing = Some(Sharing { rx });
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        version: u64,
        current_doc: Option<Id>,
        actions: &mut Vec<Action>,
    ) {
        if Worker::ensure(
            &mut self.worker,
            "tema-anonymise",
            project.dir(),
            ui.ctx(),
            worker_loop,
        ) {
            self.asked = None;
            self.entities = None;
            self.preview_asked = None;
            self.preview = None;
        }
        self.receive();
        self.load_small(project, version, actions);
        if self.asked != Some(version)
            && let Some(w) = &self.worker
        {
            let _ = w.tx.send(Request::Detect { version });
            self.asked = Some(version);
        }
        ui.horizontal(|ui| {
            ui.heading(s::ANONYMISE);
            ui.selectable_value(&mut self.section, Section::Review, s::ANON_REVIEW);
            ui.selectable_value(&mut self.section, Section::Rules, s::ANON_RULES);
            ui.selectable_value(&mut self.section, Section::Preview, s::ANON_PREVIEW);
            ui.selectable_value(&mut self.section, Section::ApplyShare, s::ANON_APPLY_SHARE);
            if !self.is_current(version) {
                ui.add(egui::Spinner::new());
                ui.weak(s::ANON_DETECTING);
            }
        });
        ui.separator();
        match self.section {
            Section::Review => self.review_ui(ui, version, actions),
            Section::Rules => self.rules_ui(ui, version, actions),
            Section::Preview => self.preview_ui(ui, version, current_doc),
            Section::ApplyShare => self.apply_share_ui(ui, project, version, actions),
        }
    }

    fn receive(&mut self) {
        if let Some(w) = &self.worker {
            while let Ok(r) = w.rx.try_recv() {
                match r {
                    Reply::Entities { version, result } => {
                        if self.entities.as_ref().is_none_or(|(v, _)| *v <= version) {
                            self.entities = Some((version, result));
                        }
                    }
                    Reply::Preview {
                        version,
                        doc,
                        result,
                    } => self.preview = Some((version, doc, result)),
                }
            }
        }
        if let Some(sh) = &self.sharing {
            match sh.rx.try_recv() {
                Ok(r) => {
                    self.share_message = Some(r);
                    self.sharing = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.share_message = Some(Err("the share stopped".into()));
                    self.sharing = None;
                }
            }
        }
    }

    /// Rules, audit trail and document names: quick queries, once per version.
    fn load_small(&mut self, project: &Project, version: u64, actions: &mut Vec<Action>) {
        let mut report = |e: anyhow::Error| actions.push(Action::Error(format!("{e:#}")));
        if self.rules.as_ref().map(|(v, _)| *v) != Some(version) {
            let rules = anon_rules(project).unwrap_or_else(|e| {
                report(e);
                Vec::new()
            });
            self.rules = Some((version, rules));
        }
        if self.audit.as_ref().map(|(v, _)| *v) != Some(version) {
            let audit = anon_audit(project).unwrap_or_else(|e| {
                report(e);
                Vec::new()
            });
            self.audit = Some((version, audit));
        }
        if self.doc_names.as_ref().map(|(v, _)| *v) != Some(version) {
            let names = project
                .documents()
                .map(|d| d.into_iter().map(|d| (d.id, d.name)).collect())
                .unwrap_or_default();
            self.doc_names = Some((version, names));
        }
    }

    // ------------------------------------------------------------ review

    fn review_ui(&mut self, ui: &mut Ui, version: u64, actions: &mut Vec<Action>) {
        let groups = match &self.entities {
            None => return,
            Some((_, Err(e))) => {
                ui.colored_label(ui.visuals().error_fg_color, s::anon_failed(e));
                return;
            }
            Some((_, Ok(g))) => g.clone(),
        };
        // Decisions name positions: only act on the list of this version.
        let fresh = self.is_current(version);
        let open: Vec<&EntityGroup> = groups
            .iter()
            .filter(|g| !g.occurrences.is_empty())
            .collect();
        let to_review: Vec<&EntityGroup> = open
            .iter()
            .copied()
            .filter(|g| g.status == Status::Suggested)
            .collect();
        ui.horizontal(|ui| {
            ui.label(s::entities_summary(open.len(), to_review.len()));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text(s::ANON_FILTER_HINT)
                    .desired_width(160.0),
            );
            if ui
                .add_enabled(
                    fresh && !to_review.is_empty() && !self.confirm_accept_all,
                    egui::Button::new(s::ACCEPT_ALL),
                )
                .clicked()
            {
                self.confirm_accept_all = true;
            }
        });
        if self.confirm_accept_all {
            ui.horizontal(|ui| {
                ui.label(s::accept_all_question(to_review.len()));
                if ui
                    .add_enabled(fresh, egui::Button::new(s::ACCEPT_ALL_YES))
                    .clicked()
                {
                    actions.push(decide(&to_review, Status::Accepted, None));
                    self.confirm_accept_all = false;
                }
                if ui.button(s::CANCEL).clicked() {
                    self.confirm_accept_all = false;
                }
            });
        }
        if open.is_empty() {
            ui.weak(s::ANON_NOTHING_FOUND);
            return;
        }
        let f = self.filter.trim().to_lowercase();
        egui::ScrollArea::vertical()
            .id_salt("anon-entities")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for g in open.iter().filter(|g| {
                    f.is_empty()
                        || g.entity.to_lowercase().contains(&f)
                        || g.forms.iter().any(|x| x.to_lowercase().contains(&f))
                }) {
                    self.entity_row(ui, g, fresh, actions);
                }
            });
    }

    fn entity_row(&mut self, ui: &mut Ui, g: &EntityGroup, fresh: bool, actions: &mut Vec<Action>) {
        let key = key_of(g);
        let expanded = self.expanded.contains(&key);
        ui.horizontal(|ui| {
            let arrow = if expanded { "-" } else { "+" };
            if ui.small_button(arrow).clicked() {
                if expanded {
                    self.expanded.remove(&key);
                } else {
                    self.expanded.insert(key.clone());
                }
            }
            ui.label(egui::RichText::new(g.kind.as_str()).small().weak());
            let name = ui.add(
                egui::Label::new(egui::RichText::new(&g.entity).strong())
                    .sense(egui::Sense::click()),
            );
            if name.clicked() {
                if expanded {
                    self.expanded.remove(&key);
                } else {
                    self.expanded.insert(key.clone());
                }
            }
            let others: Vec<&String> = g.forms.iter().filter(|f| **f != g.entity).collect();
            if !others.is_empty() {
                ui.weak(format!(
                    "({})",
                    others
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            ui.label("->");
            let edit = self
                .replacement_edits
                .entry(key.clone())
                .or_insert_with(|| g.replacement.clone());
            let resp = ui.add(egui::TextEdit::singleline(edit).desired_width(130.0));
            resp.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, s::replacement_of(&g.entity))
            });
            let changed = edit.trim() != g.replacement;
            let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if changed
                && (enter
                    || ui
                        .add_enabled(fresh, egui::Button::new(s::ANON_SET))
                        .clicked())
                && fresh
            {
                let new = edit.trim().to_string();
                let rep = (!new.is_empty()).then_some(new);
                actions.push(decide(&[g], g.status, Some(rep)));
            }
            if !resp.has_focus() && !changed {
                // Follow the stored value when not editing.
                *edit = g.replacement.clone();
            }
            status_chip(ui, g.status);
            ui.weak(s::occurrences(g.occurrences.len()));
            let accept = ui.add_enabled(
                fresh && g.status != Status::Accepted,
                egui::Button::new(s::ACCEPT),
            );
            accept.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, fresh, s::accept_entity(&g.entity))
            });
            if accept.clicked() {
                actions.push(decide(&[g], Status::Accepted, None));
            }
            let reject = ui.add_enabled(
                fresh && g.status != Status::Rejected,
                egui::Button::new(s::REJECT),
            );
            reject.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, fresh, s::reject_entity(&g.entity))
            });
            if reject.clicked() {
                actions.push(decide(&[g], Status::Rejected, None));
            }
        });
        if self.expanded.contains(&key) {
            ui.indent(("anon-occ", g.kind, &g.entity), |ui| {
                for o in &g.occurrences {
                    self.occurrence_row(ui, g, o, fresh, actions);
                }
            });
        }
    }

    fn occurrence_row(
        &mut self,
        ui: &mut Ui,
        g: &EntityGroup,
        o: &Occurrence,
        fresh: bool,
        actions: &mut Vec<Action>,
    ) {
        if o.field.is_some() {
            field_occurrence_row(ui, o);
            return;
        }
        let at = (o.doc, o.start, o.end);
        ui.horizontal(|ui| {
            ui.small(&o.doc_name);
            let line = ui.add(
                egui::Label::new(context_job(ui, &o.context, &o.text))
                    .sense(egui::Sense::click())
                    .truncate(),
            );
            if line.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            if line.clicked() {
                actions.push(Action::JumpTo {
                    doc: o.doc,
                    start: o.start,
                    end: o.end,
                });
            }
        });
        ui.horizontal(|ui| {
            ui.add_space(24.0);
            ui.weak(format!("«{}» ->", o.text));
            let editing = self.occurrence_edit.as_ref().is_some_and(|(k, _)| *k == at);
            if editing {
                let (_, text) = self.occurrence_edit.as_mut().expect("editing");
                ui.add(egui::TextEdit::singleline(text).desired_width(130.0))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::TextInput,
                            true,
                            s::replacement_of(&o.text),
                        )
                    });
                if ui
                    .add_enabled(fresh, egui::Button::new(s::ANON_SET))
                    .clicked()
                {
                    let rep = text.trim().to_string();
                    actions.push(decide_occurrence(
                        o,
                        Some(Status::Accepted),
                        (!rep.is_empty()).then_some(rep),
                    ));
                    self.occurrence_edit = None;
                }
                if ui.button(s::CANCEL).clicked() {
                    self.occurrence_edit = None;
                }
            } else if ui
                .add(egui::Label::new(&o.replacement).sense(egui::Sense::click()))
                .on_hover_text("Click to edit this occurrence's replacement")
                .clicked()
            {
                self.occurrence_edit = Some((at, o.replacement.clone()));
            }
            status_chip(ui, o.status);
            if ui
                .add_enabled(
                    fresh && o.status != Status::Accepted,
                    egui::Button::new(s::ACCEPT).small(),
                )
                .clicked()
            {
                actions.push(decide_occurrence(o, Some(Status::Accepted), None));
            }
            if ui
                .add_enabled(
                    fresh && o.status != Status::Rejected,
                    egui::Button::new(s::REJECT).small(),
                )
                .clicked()
            {
                actions.push(decide_occurrence(o, Some(Status::Rejected), None));
            }
            if ui
                .add_enabled(
                    fresh && o.status != g.status,
                    egui::Button::new(s::ANON_RESET).small(),
                )
                .clicked()
            {
                actions.push(decide_occurrence(o, None, None));
            }
        });
    }

    // ------------------------------------------------------------ rules

    fn rules_ui(&mut self, ui: &mut Ui, version: u64, actions: &mut Vec<Action>) {
        let r = &mut self.rule;
        egui::Grid::new("anon-rule-form")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(s::RULE_ORIGINAL);
                let orig = ui.add(
                    egui::TextEdit::singleline(&mut r.original)
                        .hint_text(s::RULE_ORIGINAL_HINT)
                        .desired_width(240.0),
                );
                if self.focus_rule {
                    orig.request_focus();
                    self.focus_rule = false;
                }
                ui.end_row();
                ui.label(s::RULE_REPLACEMENT);
                ui.add(
                    egui::TextEdit::singleline(&mut r.replacement)
                        .hint_text(s::RULE_REPLACEMENT_HINT)
                        .desired_width(240.0),
                );
                ui.end_row();
                let kind_label = ui.label(s::RULE_KIND);
                egui::ComboBox::from_id_salt("anon-rule-kind")
                    .selected_text(r.kind.as_str())
                    .show_ui(ui, |ui| {
                        for k in Kind::ALL {
                            ui.selectable_value(&mut r.kind, k, k.as_str());
                        }
                    })
                    .response
                    .labelled_by(kind_label.id);
                ui.end_row();
            });
        ui.horizontal(|ui| {
            ui.checkbox(&mut r.whole_word, s::RULE_WHOLE_WORD);
            ui.checkbox(&mut r.case_sensitive, s::RULE_CASE);
            ui.checkbox(&mut r.inflect, s::RULE_INFLECT);
        });
        if ui.button(s::RULE_ADD).clicked() {
            match r.checked() {
                Ok(rule) => {
                    actions.push(Action::run(move |p| app::anonymise::add_rule(p, rule)));
                    *r = RuleForm::default();
                }
                Err(e) => r.error = Some(e.into()),
            }
        }
        if let Some(e) = &r.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.separator();
        self.rules_list(ui, version, actions);
    }

    /// The rules made so far, each with a delete button.
    fn rules_list(&self, ui: &mut Ui, version: u64, actions: &mut Vec<Action>) {
        let rules = self
            .rules
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        if rules.is_empty() {
            ui.weak(s::NO_RULES);
        }
        for rule in rules {
            ui.horizontal(|ui| {
                let r = &rule.rule;
                ui.label(format!("{} -> {}", r.original, r.replacement));
                ui.weak(r.kind.as_str());
                let mut opts = Vec::new();
                if r.whole_word {
                    opts.push(s::RULE_WHOLE_WORD);
                }
                if r.case_sensitive {
                    opts.push(s::RULE_CASE);
                }
                if r.inflect {
                    opts.push(s::RULE_INFLECT);
                }
                ui.weak(opts.join(" · "));
                if ui.small_button(s::DELETE_RULE).clicked() {
                    let id = rule.id;
                    actions.push(Action::run(move |p| app::anonymise::delete_rule(p, id)));
                }
            });
        }
    }

    // ------------------------------------------------------------ preview

    fn preview_ui(&mut self, ui: &mut Ui, version: u64, current_doc: Option<Id>) {
        let Some(doc) = current_doc else {
            ui.weak(s::ANON_PREVIEW_NO_DOC);
            return;
        };
        if self.preview_asked != Some((version, doc))
            && let Some(w) = &self.worker
        {
            let _ = w.tx.send(Request::Preview { version, doc });
            self.preview_asked = Some((version, doc));
        }
        ui.weak(s::ANON_PREVIEW_NOTE);
        match &self.preview {
            Some((v, d, _)) if *d != doc || *v != version => {
                ui.add(egui::Spinner::new());
            }
            None => {
                ui.add(egui::Spinner::new());
            }
            _ => {}
        }
        match &self.preview {
            Some((_, d, Ok(p))) if *d == doc => {
                let job = preview_job(ui, &p.runs);
                egui::ScrollArea::vertical()
                    .id_salt("anon-preview")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(job).wrap());
                    });
            }
            Some((_, d, Err(e))) if *d == doc => {
                ui.colored_label(ui.visuals().error_fg_color, s::anon_failed(e));
            }
            _ => {}
        }
    }

    // ------------------------------------------------------------ apply & share

    fn apply_share_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        egui::ScrollArea::vertical()
            .id_salt("anon-apply")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.label(s::ANON_APPLY_EXPLAIN);
                let unreviewed = self.entities().map_or(0, |g| {
                    g.iter()
                        .filter(|g| g.status == Status::Suggested && !g.occurrences.is_empty())
                        .count()
                });
                if unreviewed > 0 {
                    ui.colored_label(ui.visuals().warn_fg_color, s::unreviewed_left(unreviewed));
                }
                if ui.button(s::ANON_APPLY).clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .set_title(s::ANON_KEY_DIALOG)
                        .set_file_name("link-key.csv")
                        .add_filter("CSV", &["csv"])
                        .add_filter("JSON", &["json"])
                        .save_file()
                {
                    self.request_apply(project, path, actions);
                }
                match &self.apply_message {
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, readable(e));
                    }
                    Some(Ok(m)) => {
                        ui.label(m);
                    }
                    None => {}
                }
                ui.separator();
                ui.strong(s::ANON_AUDIT);
                self.audit_ui(ui, version);
                ui.separator();
                ui.strong(s::SHARE);
                ui.weak(s::SHARE_EXPLAIN);
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.share_journal, s::SHARE_JOURNAL);
                    ui.label(s::SHARE_FORMAT);
                    ui.radio_value(
                        &mut self.share_format,
                        ShareFormat::Project,
                        s::SHARE_PROJECT,
                    );
                    ui.radio_value(&mut self.share_format, ShareFormat::Qdpx, s::SHARE_QDPX);
                });
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(self.sharing.is_none(), egui::Button::new(s::SHARE))
                        .clicked()
                        && let Some(out) = rfd::FileDialog::new().set_title(s::SHARE).pick_folder()
                    {
                        self.request_share(project, out, ui.ctx());
                    }
                    if self.sharing.is_some() {
                        ui.add(egui::Spinner::new());
                        ui.weak(s::SHARING);
                    }
                });
                match &self.share_message {
                    Some(Err(e)) => {
                        // A refusal lists every unreviewed suggestion or leak.
                        egui::ScrollArea::vertical()
                            .id_salt("anon-share-refusal")
                            .max_height(220.0)
                            .show(ui, |ui| {
                                ui.colored_label(ui.visuals().error_fg_color, e);
                            });
                    }
                    Some(Ok(m)) => {
                        ui.label(m);
                    }
                    None => {}
                }
            });
    }

    fn audit_ui(&mut self, ui: &mut Ui, version: u64) {
        let Some((v, rows)) = &self.audit else { return };
        if *v != version {
            return;
        }
        if rows.is_empty() {
            ui.weak(s::ANON_NO_AUDIT);
            return;
        }
        let names = self.doc_names.as_ref().map(|(_, n)| n);
        // One line per (original, replacement, kind): how often, and where.
        let mut lines: Vec<AuditLine> = Vec::new();
        for r in rows {
            let place = match r.document_id.and_then(|d| names.and_then(|n| n.get(&d))) {
                Some(name) if r.tbl == "documents" => name.clone(),
                _ => format!("{}.{}", r.tbl, r.col),
            };
            let key = (
                r.original.clone().unwrap_or_else(|| "?".into()),
                r.replacement.clone(),
                r.kind,
            );
            match lines.iter_mut().find(|(k, _, _)| *k == key) {
                Some((_, n, places)) => {
                    *n += 1;
                    if !places.contains(&place) {
                        places.push(place);
                    }
                }
                None => lines.push((key, 1, vec![place])),
            }
        }
        for ((original, replacement, kind), n, places) in lines {
            ui.label(s::audit_line(
                &original,
                &replacement,
                kind.as_str(),
                n,
                &places.join(", "),
            ));
        }
    }
}

/// One decision about whole entities, as one undo step.
fn decide(groups: &[&EntityGroup], status: Status, replacement: Option<Option<String>>) -> Action {
    let entities = groups
        .iter()
        .map(|g| EntityDecision {
            kind: g.kind,
            entity: g.entity.clone(),
            status,
            source: g.source,
            number: g.number,
            replacement: match &replacement {
                Some(r) => r.clone(),
                None => g.custom.then(|| g.replacement.clone()),
            },
        })
        .collect();
    Action::run(move |p| app::anonymise::decide(p, entities))
}

fn decide_occurrence(
    o: &Occurrence,
    status: Option<Status>,
    replacement: Option<String>,
) -> Action {
    let (doc, span) = (o.doc, (o.start, o.end));
    Action::run(move |p| app::anonymise::decide_occurrence(p, doc, span, status, replacement))
}

/// An occurrence outside the transcripts (a label, a memo): nothing to
/// jump to, and decided with its entity.
fn field_occurrence_row(ui: &mut Ui, o: &Occurrence) {
    ui.horizontal(|ui| {
        ui.small(&o.doc_name);
        ui.add(egui::Label::new(context_job(ui, &o.context, &o.text)).truncate());
    });
    ui.horizontal(|ui| {
        ui.add_space(24.0);
        ui.weak(format!("«{}» -> {}", o.text, o.replacement));
        status_chip(ui, o.status);
        ui.weak(s::ANON_FIELD_BY_ENTITY);
    });
}

fn status_chip(ui: &mut Ui, status: Status) {
    let colour = match status {
        Status::Accepted => Color32::from_rgb(0x2e, 0x7d, 0x32),
        Status::Rejected => Color32::from_rgb(0x75, 0x75, 0x75),
        Status::Suggested => Color32::from_rgb(0xb2, 0x6a, 0x00),
    };
    ui.label(
        egui::RichText::new(s::anon_status(status.as_str()))
            .small()
            .color(colour),
    );
}

fn highlight_formats(ui: &Ui) -> (TextFormat, TextFormat) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: if ui.visuals().dark_mode {
            Color32::from_rgb(0x1f, 0x4d, 0x2a)
        } else {
            Color32::from_rgb(0xc8, 0xf0, 0xc8)
        },
        ..Default::default()
    };
    (normal, marked)
}

/// The context line with the occurrence's text marked (first time it appears).
fn context_job(ui: &Ui, context: &str, text: &str) -> LayoutJob {
    let (normal, marked) = highlight_formats(ui);
    let mut job = LayoutJob::default();
    match context.find(text).filter(|_| !text.is_empty()) {
        Some(i) => {
            job.append(&context[..i], 0.0, normal.clone());
            job.append(text, 0.0, marked);
            job.append(&context[i + text.len()..], 0.0, normal);
        }
        None => job.append(context, 0.0, normal),
    }
    job
}

fn preview_job(ui: &Ui, runs: &[(String, bool)]) -> LayoutJob {
    let (normal, marked) = highlight_formats(ui);
    let mut job = LayoutJob::default();
    for (t, m) in runs {
        job.append(t, 0.0, if *m { marked.clone() } else { normal.clone() });
    }
    job
}
