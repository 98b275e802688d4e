//! The search panel: full-text search over the project (or the open
//! document) as you type, with filter chips, results grouped by document as
//! keyword-in-context lines, and "Code all hits…".
//!
//! Searching never blocks a frame: a worker thread owns its own connection
//! (`Project::open(project.dir())`) and **the only `ProjectSearch` of the
//! app**. The index directory allows one writer (tantivy's lock), and a
//! `ProjectSearch` holds that writer for its whole life, so nothing else in
//! the GUI may open one while this panel's worker lives; a second one would
//! get `SearchError::Busy`. The worker catches up with the project's change
//! feed before every search, so edits made through the app's connection are
//! found without any signal beyond the `version` passed to `ui`.
//!
//! Queries go to the worker through a channel, debounced (~200 ms after the
//! last keystroke); the worker answers only the newest request it has, and
//! the panel shows only the answer to the newest query it sent.

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::app::{self, codes::Span};
use crate::model::Id;
use crate::search::{CodeUnit, ProjectSearch, SearchError, SearchQuery, SearchResult, UnitKind};
use egui::text::LayoutJob;
use egui::{Color32, TextFormat, Ui};
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, TryRecvError};

/// Seconds after the last keystroke before the query is sent.
const DEBOUNCE: f64 = 0.2;
/// Most hits listed.
const LIMIT: usize = 500;
/// KWIC context: chars before the first match, and line width.
const KWIC_BEFORE: usize = 60;
const KWIC_WIDTH: usize = 200;

/// Where to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// The document open in the viewer (Ctrl+F).
    CurrentDocument,
    /// Every document, code, memo, note, theme, journal entry (Ctrl+Shift+F).
    #[default]
    Project,
}

/// One listed hit, with its keyword-in-context line as (text, matched) runs.
#[derive(Debug, Clone)]
pub struct Hit {
    pub result: SearchResult,
    pub kwic: Vec<(String, bool)>,
}

impl Hit {
    /// The KWIC line as plain text.
    pub fn line(&self) -> String {
        self.kwic.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// Hits of one document (or of one kind, for hits outside documents).
#[derive(Debug, Clone)]
pub struct Group {
    pub title: String,
    pub doc_id: Option<Id>,
    pub hits: Vec<Hit>,
}

/// One passage "code all hits" would code.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub doc: Id,
    pub doc_name: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

enum Request {
    Search {
        seq: u64,
        query: SearchQuery,
    },
    Spans {
        seq: u64,
        query: SearchQuery,
        unit: CodeUnit,
    },
}

enum Reply {
    Results {
        seq: u64,
        result: Result<Vec<Hit>, Failure>,
    },
    Spans {
        seq: u64,
        result: Result<Vec<Passage>, Failure>,
    },
    /// The worker could not open the project or its index.
    Dead(String),
}

#[derive(Debug, Clone)]
enum Failure {
    /// A malformed query: the engine's message, meant for the user.
    Query(String),
    Other(String),
}

impl Failure {
    fn of(e: anyhow::Error) -> Failure {
        match e.downcast_ref::<SearchError>() {
            Some(SearchError::Query(m)) => Failure::Query(m.clone()),
            _ => Failure::Other(format!("{e:#}")),
        }
    }

    fn message(&self) -> String {
        match self {
            Failure::Query(m) => s::query_problem(m),
            Failure::Other(m) => s::search_failed(m),
        }
    }
}

type Worker = super::worker::Worker<Request, Reply>;

fn worker_loop(
    dir: &Path,
    requests: Receiver<Request>,
    replies: Sender<Reply>,
    ctx: egui::Context,
) {
    let opened = Project::open(dir).and_then(|p| {
        let search = ProjectSearch::open(&p)?;
        Ok((p, search))
    });
    let (project, mut search) = match opened {
        Ok(x) => x,
        Err(e) => {
            let _ = replies.send(Reply::Dead(format!("{e:#}")));
            ctx.request_repaint();
            return;
        }
    };
    while let Ok(first) = requests.recv() {
        // Only the newest request of each kind matters.
        let (mut find, mut spans) = (None, None);
        let mut take = |r: Request| match r {
            Request::Search { .. } => find = Some(r),
            Request::Spans { .. } => spans = Some(r),
        };
        take(first);
        loop {
            match requests.try_recv() {
                Ok(r) => take(r),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => return,
            }
        }
        for r in [find, spans].into_iter().flatten() {
            let reply = match r {
                Request::Search { seq, query } => Reply::Results {
                    seq,
                    result: guarded(|| hits(&project, &mut search, &query)),
                },
                Request::Spans { seq, query, unit } => Reply::Spans {
                    seq,
                    result: guarded(|| passages(&project, &mut search, &query, unit)),
                },
            };
            if replies.send(reply).is_err() {
                return;
            }
            ctx.request_repaint();
        }
    }
}

/// A panic in the engine becomes an error message, never a dead panel.
fn guarded<T>(f: impl FnOnce() -> anyhow::Result<T>) -> Result<T, Failure> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Failure::of),
        Err(_) => Err(Failure::Other(
            "the search engine failed on this query".into(),
        )),
    }
}

fn hits(
    project: &Project,
    search: &mut ProjectSearch,
    query: &SearchQuery,
) -> anyhow::Result<Vec<Hit>> {
    let results = search.results(project, query)?;
    let mut texts: HashMap<Id, String> = HashMap::new();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        let kwic = match (r.kind.as_str(), r.doc_id) {
            ("text", Some(doc)) => {
                if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(doc) {
                    e.insert(project.text(doc)?);
                }
                let unit = crate::text::slice_chars(&texts[&doc], r.unit_start, r.unit_end);
                let ranges: Vec<(usize, usize)> = r
                    .matches
                    .iter()
                    .map(|&(a, b)| {
                        (
                            a.saturating_sub(r.unit_start),
                            b.saturating_sub(r.unit_start),
                        )
                    })
                    .collect();
                kwic(unit, &ranges)
            }
            _ => parse_snippet(&r.snippet),
        };
        out.push(Hit { result: r, kwic });
    }
    Ok(out)
}

fn passages(
    project: &Project,
    search: &mut ProjectSearch,
    query: &SearchQuery,
    unit: CodeUnit,
) -> anyhow::Result<Vec<Passage>> {
    let spans = search.spans_to_code(project, query, unit)?;
    let names: HashMap<Id, String> = project
        .documents()?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut texts: HashMap<Id, String> = HashMap::new();
    let mut out = Vec::with_capacity(spans.len());
    for (doc, start, end) in spans {
        if let std::collections::hash_map::Entry::Vacant(e) = texts.entry(doc) {
            e.insert(project.text(doc)?);
        }
        out.push(Passage {
            doc,
            doc_name: names.get(&doc).cloned().unwrap_or_default(),
            start,
            end,
            text: crate::text::slice_chars(&texts[&doc], start, end).to_string(),
        });
    }
    Ok(out)
}

/// A keyword-in-context line of `text` with the char `ranges` marked.
/// Built from the text itself, so guillemets in a transcript are text.
pub fn kwic(text: &str, ranges: &[(usize, usize)]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len();
    let (first_a, first_b) = ranges.first().copied().unwrap_or((0, 0));
    let (first_a, first_b) = (first_a.min(len), first_b.min(len));
    let mut start = first_a.saturating_sub(KWIC_BEFORE);
    if start > 0
        && let Some(p) = (start..first_a).find(|&i| chars[i].is_whitespace())
    {
        start = p + 1;
    }
    let mut end = (start + KWIC_WIDTH).max(first_b).min(len);
    if end < len
        && let Some(p) = (first_b..end).rev().find(|&i| chars[i].is_whitespace())
    {
        end = p;
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |c: char, hit: bool| {
        let c = if c.is_whitespace() { ' ' } else { c };
        match out.last_mut() {
            Some((t, h)) if *h == hit => t.push(c),
            _ => out.push((c.to_string(), hit)),
        }
    };
    if start > 0 {
        push('…', false);
    }
    for (i, &c) in chars.iter().enumerate().take(end).skip(start) {
        let hit = ranges.iter().any(|&(a, b)| a <= i && i < b);
        push(c, hit);
    }
    if end < len {
        push('…', false);
    }
    out
}

/// The engine's snippet (matches in «») as runs; for hits outside documents.
pub fn parse_snippet(snippet: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut hit = false;
    let mut cur = String::new();
    for c in snippet.chars() {
        match c {
            '«' if !hit => {
                if !cur.is_empty() {
                    out.push((std::mem::take(&mut cur), false));
                }
                hit = true;
            }
            '»' if hit => {
                out.push((std::mem::take(&mut cur), true));
                hit = false;
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push((cur, hit));
    }
    out
}

/// Results grouped by document, groups in order of their best hit.
fn group(hits: Vec<Hit>) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut at: HashMap<(Option<Id>, String), usize> = HashMap::new();
    for h in hits {
        let title = match (&h.result.doc_id, h.result.doc.is_empty()) {
            (Some(_), false) => h.result.doc.clone(),
            _ => s::kind_group(&h.result.kind).to_string(),
        };
        let key = (h.result.doc_id, title.clone());
        let i = *at.entry(key).or_insert_with(|| {
            groups.push(Group {
                title,
                doc_id: h.result.doc_id,
                hits: Vec::new(),
            });
            groups.len() - 1
        });
        groups[i].hits.push(h);
    }
    groups
}

/// Names for the filter chips, read once per project version.
#[derive(Default)]
struct Lists {
    codes: Vec<(Id, String)>,
    participants: Vec<String>,
    themes: Vec<String>,
}

impl Lists {
    fn load(project: &Project) -> anyhow::Result<Lists> {
        let mut codes: Vec<(Id, String)> = project
            .codes()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        codes.sort_by_key(|(_, n)| n.to_lowercase());
        let participants = project
            .participants()?
            .into_iter()
            .map(|p| p.label)
            .collect();
        let themes = project.themes()?.into_iter().map(|t| t.name).collect();
        Ok(Lists {
            codes,
            participants,
            themes,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
enum CodeChoice {
    Existing(Id, String),
    New(String),
}

impl CodeChoice {
    fn name(&self) -> &str {
        match self {
            CodeChoice::Existing(_, n) | CodeChoice::New(n) => n,
        }
    }
}

/// The "Code all hits…" form.
#[derive(Default)]
struct CodeAll {
    filter: String,
    choice: Option<CodeChoice>,
    unit: CodeUnit,
    /// The preview's key (query, unit, version) and its passages.
    asked: Option<(SearchQuery, CodeUnit, u64)>,
    seq: u64,
    passages: Option<Result<Vec<Passage>, String>>,
}

#[derive(Default)]
pub struct SearchPanel {
    pub text: String,
    pub scope: Scope,
    pub kind: Option<UnitKind>,
    pub code: Option<String>,
    pub participant: Option<String>,
    pub theme: Option<String>,
    /// ASCII-folded matching (`losning` finds `løsning`).
    pub loose: bool,
    /// No stemming.
    pub exact: bool,
    edited_at: Option<f64>,
    want_focus: bool,
    worker: Option<Worker>,
    dead: Option<String>,
    seq: u64,
    /// The last query sent, with the project version it was sent at.
    sent: Option<(SearchQuery, u64)>,
    /// Seq of the answer shown.
    shown: u64,
    groups: Vec<Group>,
    hit_count: usize,
    error: Option<String>,
    lists: Option<(u64, Lists)>,
    code_all: Option<CodeAll>,
    spans_seq: u64,
}

impl SearchPanel {
    /// Put the cursor in the search field, searching `scope` (Ctrl+F: the
    /// current document; Ctrl+Shift+F: the project).
    pub fn focus(&mut self, scope: Scope) {
        self.scope = scope;
        self.want_focus = true;
    }

    /// The groups of hits shown.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The hits shown, in order.
    pub fn hits(&self) -> impl Iterator<Item = &Hit> {
        self.groups.iter().flat_map(|g| g.hits.iter())
    }

    /// The error shown instead of results (a malformed query), if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// A search is on its way (typed, not yet answered).
    pub fn is_busy(&self) -> bool {
        self.edited_at.is_some() || self.shown < self.seq
    }

    fn query(&self, current_doc: Option<Id>) -> Option<SearchQuery> {
        let opt = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
        let q = SearchQuery {
            text: self.text.trim().to_string(),
            loose: self.loose,
            exact: self.exact,
            code: opt(&self.code),
            participant: opt(&self.participant),
            theme: opt(&self.theme),
            kind: self.kind,
            doc: match self.scope {
                Scope::CurrentDocument => Some(current_doc?),
                Scope::Project => None,
            },
            limit: LIMIT,
        };
        let anything = !q.text.is_empty()
            || q.code.is_some()
            || q.participant.is_some()
            || q.theme.is_some()
            || q.kind.is_some();
        anything.then_some(q)
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
            "tema-search",
            project.dir(),
            ui.ctx(),
            worker_loop,
        ) {
            self.dead = None;
            self.sent = None;
            self.groups.clear();
            self.lists = None;
        }
        if self.lists.as_ref().map(|(v, _)| *v) != Some(version) {
            match Lists::load(project) {
                Ok(l) => self.lists = Some((version, l)),
                Err(e) => {
                    actions.push(Action::Error(format!("{e:#}")));
                    self.lists = Some((version, Lists::default()));
                }
            }
        }
        self.receive();
        self.search_field(ui);
        self.chips(ui);
        self.dispatch(ui, version, current_doc);
        self.status_line(ui, current_doc);
        if self.code_all.is_some() {
            self.code_all_ui(ui, version, actions);
        }
        ui.separator();
        self.results(ui, actions);
    }

    fn receive(&mut self) {
        let Some(w) = &self.worker else { return };
        loop {
            match w.rx.try_recv() {
                Ok(Reply::Results { seq, result }) => {
                    if seq < self.seq {
                        continue; // an answer to an older query
                    }
                    self.shown = seq;
                    match result {
                        Ok(hits) => {
                            self.hit_count = hits.len();
                            self.groups = group(hits);
                            self.error = None;
                        }
                        Err(f) => {
                            self.hit_count = 0;
                            self.groups.clear();
                            self.error = Some(f.message());
                        }
                    }
                }
                Ok(Reply::Spans { seq, result }) => {
                    if let Some(ca) = &mut self.code_all
                        && seq == ca.seq
                    {
                        ca.passages = Some(result.map_err(|f| f.message()));
                    }
                }
                Ok(Reply::Dead(e)) => self.dead = Some(e),
                Err(_) => break,
            }
        }
    }

    fn search_field(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.heading(s::SEARCH);
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text(s::SEARCH_HINT)
                    .desired_width(f32::INFINITY),
            );
            if self.want_focus {
                edit.request_focus();
                self.want_focus = false;
            }
            if edit.changed() {
                self.edited_at = Some(ui.input(|i| i.time));
            }
        });
    }

    fn chips(&mut self, ui: &mut Ui) {
        let lists = self.lists.take().unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.scope, Scope::CurrentDocument, s::SCOPE_DOCUMENT);
            ui.selectable_value(&mut self.scope, Scope::Project, s::SCOPE_PROJECT);
            ui.separator();
            ui.selectable_value(&mut self.kind, None, s::ANY_KIND);
            for k in UnitKind::ALL {
                ui.selectable_value(&mut self.kind, Some(k), s::kind_group(k.as_str()));
            }
            ui.separator();
            ui.toggle_value(&mut self.loose, s::SEARCH_LOOSE);
            ui.toggle_value(&mut self.exact, s::SEARCH_EXACT);
        });
        ui.horizontal_wrapped(|ui| {
            let codes: Vec<String> = lists.1.codes.iter().map(|(_, n)| n.clone()).collect();
            chip_combo(
                ui,
                "search-code",
                s::FILTER_CODE,
                &mut self.code,
                s::ANY_CODE,
                &codes,
            );
            chip_combo(
                ui,
                "search-participant",
                s::FILTER_PARTICIPANT,
                &mut self.participant,
                s::ANY_PARTICIPANT,
                &lists.1.participants,
            );
            chip_combo(
                ui,
                "search-theme",
                s::FILTER_THEME,
                &mut self.theme,
                s::ANY_THEME,
                &lists.1.themes,
            );
        });
        self.lists = Some(lists);
    }

    /// Send the query when it changed and the typing paused.
    fn dispatch(&mut self, ui: &Ui, version: u64, current_doc: Option<Id>) {
        let now = ui.input(|i| i.time);
        if let Some(t) = self.edited_at {
            let wait = DEBOUNCE - (now - t);
            if wait > 0.0 {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(wait));
                return;
            }
            self.edited_at = None;
        }
        let Some(query) = self.query(current_doc) else {
            if self.sent.is_some() || !self.groups.is_empty() || self.error.is_some() {
                self.sent = None;
                self.groups.clear();
                self.hit_count = 0;
                self.error = None;
                self.shown = self.seq;
            }
            return;
        };
        let key = (query, version);
        if self.sent.as_ref() == Some(&key) {
            return;
        }
        let Some(w) = &self.worker else { return };
        self.seq += 1;
        if w.tx
            .send(Request::Search {
                seq: self.seq,
                query: key.0.clone(),
            })
            .is_err()
            && self.dead.is_none()
        {
            self.dead = Some("the search thread stopped".into());
        }
        self.sent = Some(key);
    }

    fn status_line(&mut self, ui: &mut Ui, current_doc: Option<Id>) {
        ui.horizontal(|ui| {
            if let Some(e) = &self.dead {
                ui.colored_label(ui.visuals().error_fg_color, s::search_failed(e));
                return;
            }
            if self.scope == Scope::CurrentDocument && current_doc.is_none() {
                ui.weak(s::SEARCH_NO_DOCUMENT);
                return;
            }
            if self.is_busy() {
                ui.add(egui::Spinner::new());
                ui.weak(s::SEARCHING);
            }
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            if self.sent.is_some() && !self.is_busy() {
                if self.hit_count == 0 {
                    ui.label(s::NO_HITS);
                } else {
                    ui.label(s::hits_count(self.hit_count, self.groups.len()));
                    if self.hit_count >= LIMIT {
                        ui.weak(s::hits_capped(LIMIT));
                    }
                }
            }
            let any_text = self.hits().any(|h| h.result.kind == "text");
            if any_text && self.code_all.is_none() && ui.button(s::CODE_ALL_HITS).clicked() {
                self.code_all = Some(CodeAll::default());
            }
        });
    }

    fn results(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::ScrollArea::vertical()
            .id_salt("search-results")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (gi, g) in self.groups.iter().enumerate() {
                    egui::CollapsingHeader::new(s::group_title(&g.title, g.hits.len()))
                        .id_salt(("search-group", gi, g.doc_id))
                        .default_open(true)
                        .show(ui, |ui| {
                            for h in &g.hits {
                                hit_row(ui, h, actions);
                            }
                        });
                }
            });
    }

    fn code_all_ui(&mut self, ui: &mut Ui, version: u64, actions: &mut Vec<Action>) {
        let Some(mut ca) = self.code_all.take() else {
            return;
        };
        let codes = self
            .lists
            .as_ref()
            .map(|(_, l)| l.codes.clone())
            .unwrap_or_default();
        let mut keep = true;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(s::CODE_ALL_HITS);
                if ui.button(s::CODE_ALL_CLOSE).clicked() {
                    keep = false;
                }
            });
            ui.horizontal(|ui| {
                ui.label(s::CODE_ALL_WITH);
                ui.add(
                    egui::TextEdit::singleline(&mut ca.filter)
                        .hint_text(s::CODE_FILTER_HINT)
                        .desired_width(200.0),
                );
                if let Some(c) = &ca.choice {
                    ui.strong(c.name());
                }
            });
            let f = ca.filter.trim().to_lowercase();
            egui::ScrollArea::vertical()
                .id_salt("code-all-codes")
                .max_height(110.0)
                .show(ui, |ui| {
                    for (id, name) in codes
                        .iter()
                        .filter(|(_, n)| f.is_empty() || n.to_lowercase().contains(&f))
                    {
                        let on = ca.choice == Some(CodeChoice::Existing(*id, name.clone()));
                        if ui.selectable_label(on, name).clicked() {
                            ca.choice = Some(CodeChoice::Existing(*id, name.clone()));
                        }
                    }
                    let exists = codes.iter().any(|(_, n)| n.to_lowercase() == f);
                    if !f.is_empty()
                        && !exists
                        && ui
                            .selectable_label(
                                matches!(&ca.choice, Some(CodeChoice::New(n)) if n == ca.filter.trim()),
                                s::new_code_named(&ca.filter),
                            )
                            .clicked()
                    {
                        ca.choice = Some(CodeChoice::New(ca.filter.trim().to_string()));
                    }
                });
            ui.horizontal(|ui| {
                ui.label(s::CODE_ALL_WHAT);
                ui.radio_value(&mut ca.unit, CodeUnit::Hit, s::UNIT_HIT);
                ui.radio_value(&mut ca.unit, CodeUnit::Sentence, s::UNIT_SENTENCE);
                ui.radio_value(&mut ca.unit, CodeUnit::Turn, s::UNIT_TURN);
            });
            self.code_all_preview(ui, &mut ca, version, actions);
        });
        if keep {
            self.code_all = Some(ca);
        }
    }

    fn code_all_preview(
        &mut self,
        ui: &mut Ui,
        ca: &mut CodeAll,
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        let Some((query, _)) = &self.sent else {
            return;
        };
        let query = SearchQuery {
            kind: Some(UnitKind::Text),
            limit: usize::MAX,
            ..query.clone()
        };
        let key = (query.clone(), ca.unit, version);
        if ca.asked.as_ref() != Some(&key)
            && let Some(w) = &self.worker
        {
            self.spans_seq += 1;
            ca.seq = self.spans_seq;
            let _ = w.tx.send(Request::Spans {
                seq: ca.seq,
                query,
                unit: ca.unit,
            });
            ca.asked = Some(key);
            ca.passages = None;
        }
        match &ca.passages {
            None => {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.weak(s::SEARCHING);
                });
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(list)) if list.is_empty() => {
                ui.weak(s::CODE_ALL_NOTHING);
            }
            Some(Ok(list)) => {
                ui.label(s::passages_to_code(list.len()));
                egui::ScrollArea::vertical()
                    .id_salt("code-all-preview")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for p in list {
                            ui.add(
                                egui::Label::new(format!(
                                    "{} · «{}»",
                                    p.doc_name,
                                    crate::text::one_line(&p.text, usize::MAX)
                                ))
                                .truncate(),
                            );
                        }
                    });
                match &ca.choice {
                    None => {
                        ui.weak(s::CODE_ALL_NEED_CODE);
                    }
                    Some(choice) => {
                        let go = ui
                            .add(egui::Button::new(s::code_passages(
                                list.len(),
                                choice.name(),
                            )))
                            .clicked();
                        if go {
                            actions.push(code_passages(choice, list));
                            ca.asked = None;
                        }
                    }
                }
            }
        }
    }
}

/// One undoable step coding every passage (with a new code, the code is
/// part of the step).
fn code_passages(choice: &CodeChoice, list: &[Passage]) -> Action {
    let code = match choice {
        CodeChoice::Existing(id, _) => app::codes::CodeChoice::Existing(*id),
        CodeChoice::New(name) => app::codes::CodeChoice::new_code(name.clone()),
    };
    let spans: Vec<Span> = list
        .iter()
        .map(|p| Span {
            doc: p.doc,
            start: p.start,
            end: p.end,
        })
        .collect();
    Action::run(move |p| app::codes::apply_all(p, &spans, code))
}

fn chip_combo(
    ui: &mut Ui,
    salt: &str,
    label: &str,
    value: &mut Option<String>,
    any: &str,
    items: &[String],
) {
    if items.is_empty() && value.is_none() {
        return;
    }
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(salt)
        .selected_text(value.as_deref().unwrap_or(any))
        .show_ui(ui, |ui| {
            if ui.selectable_label(value.is_none(), any).clicked() {
                *value = None;
            }
            for it in items {
                if ui
                    .selectable_label(value.as_deref() == Some(it.as_str()), it)
                    .clicked()
                {
                    *value = Some(it.clone());
                }
            }
        })
        .response
        .labelled_by(label.id);
}

fn hit_row(ui: &mut Ui, h: &Hit, actions: &mut Vec<Action>) {
    let r = &h.result;
    ui.horizontal(|ui| {
        if r.kind != "text" {
            ui.label(
                egui::RichText::new(s::kind_label(&r.kind))
                    .small()
                    .strong()
                    .color(ui.visuals().selection.stroke.color),
            );
        }
        if let Some(p) = &r.participant {
            ui.small(p);
        }
        let resp = ui.add(
            egui::Label::new(kwic_job(ui, &h.kwic))
                .sense(egui::Sense::click())
                .truncate(),
        );
        if resp.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        if resp.clicked() {
            match (r.kind.as_str(), r.doc_id) {
                ("text", Some(doc)) => actions.push(Action::JumpTo {
                    doc,
                    start: r.start,
                    end: r.end,
                }),
                (_, Some(doc)) => actions.push(Action::OpenDocument(doc)),
                _ => {}
            }
        }
    });
}

/// The KWIC line with the matched words bold on a highlight.
fn kwic_job(ui: &Ui, runs: &[(String, bool)]) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: font.clone(),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let strong = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: if ui.visuals().dark_mode {
            Color32::from_rgb(0x6b, 0x55, 0x10)
        } else {
            Color32::from_rgb(0xff, 0xe5, 0x8a)
        },
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    for (t, hit) in runs {
        job.append(t, 0.0, if *hit { strong.clone() } else { normal.clone() });
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kwic_marks_ranges_and_keeps_guillemets_as_text() {
        let runs = kwic("Hun sa «nei» til samarbeid.", &[(17, 26)]);
        assert_eq!(
            runs,
            vec![
                ("Hun sa «nei» til ".to_string(), false),
                ("samarbeid".to_string(), true),
                (".".to_string(), false)
            ]
        );
    }

    #[test]
    fn snippet_runs() {
        assert_eq!(
            parse_snippet("om «tillit» og «makt»"),
            vec![
                ("om ".to_string(), false),
                ("tillit".to_string(), true),
                (" og ".to_string(), false),
                ("makt".to_string(), true)
            ]
        );
    }
}
