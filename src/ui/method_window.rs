//! Method as practised: start a coding pass (shuffled, reversed, or in an
//! order chosen by hand), compare two passes (codes new in the later one,
//! text coded in one and not the other, per document), and the codebook
//! over time as a plot. A window, opened from the View and Code menus.

use super::actions::Action;
use super::history_plot;
use super::strings as s;
use crate::Project;
use crate::app::method::PassOrder;
use crate::model::{Id, Pass, PassComparison, PassSpan};
use egui::Ui;

/// How the next pass orders the documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrderChoice {
    #[default]
    Shuffled,
    Reversed,
    ByHand,
}

#[derive(Default)]
pub struct MethodWindow {
    pub open: bool,
    pub order: OrderChoice,
    pub seed: u64,
    /// The order chosen by hand: (document, name).
    pub by_hand: Vec<(Id, String)>,
    pub a: Option<i64>,
    pub b: Option<i64>,
    /// The project version the cached reads below belong to.
    seen: Option<u64>,
    passes: Vec<Pass>,
    comparison: Option<PassComparison>,
    history: Vec<crate::model::HistoryPoint>,
}

impl MethodWindow {
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        if !self.open {
            return;
        }
        self.reload(project, version, actions);
        let mut open = self.open;
        egui::Window::new(s::METHOD_WINDOW)
            .open(&mut open)
            .default_pos([380.0, 70.0])
            .default_size([640.0, 800.0])
            .vscroll(true)
            .show(ctx, |ui| self.contents(ui, project, actions));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        egui::CollapsingHeader::new(s::NEXT_PASS)
            .default_open(true)
            .show(ui, |ui| self.start_ui(ui, actions));
        egui::CollapsingHeader::new(s::PASSES)
            .default_open(true)
            .show(ui, |ui| self.passes_ui(ui));
        egui::CollapsingHeader::new(s::COMPARE_PASSES)
            .default_open(true)
            .show(ui, |ui| self.compare_ui(ui, project, actions));
        egui::CollapsingHeader::new(s::CODEBOOK_OVER_TIME)
            .default_open(true)
            .show(ui, |ui| self.history_ui(ui, project, actions));
    }

    /// Re-read passes and history after a change (and the comparison when
    /// the passes chosen change).
    fn reload(&mut self, project: &Project, version: u64, actions: &mut Vec<Action>) {
        if self.seen == Some(version) {
            return;
        }
        self.seen = Some(version);
        let read = || -> anyhow::Result<_> { Ok((project.passes()?, project.history_stats()?)) };
        match read() {
            Ok((passes, history)) => {
                self.passes = passes;
                self.history = history;
            }
            Err(e) => actions.push(Action::Error(format!("{e:#}"))),
        }
        self.default_choices();
        self.comparison = None;
        self.sync_by_hand(project);
    }

    /// Compare the last two passes unless the user chose others.
    fn default_choices(&mut self) {
        let numbers: Vec<i64> = self.passes.iter().map(|p| p.number).collect();
        let valid = |n: Option<i64>| n.filter(|n| numbers.contains(n));
        self.a = valid(self.a).or(numbers.len().checked_sub(2).map(|i| numbers[i]));
        self.b = valid(self.b).or(numbers.last().copied());
    }

    /// The hand-made order keeps what the user arranged and follows
    /// documents added or removed.
    fn sync_by_hand(&mut self, project: &Project) {
        let Ok(docs) = project.documents() else {
            return;
        };
        self.by_hand
            .retain(|(id, _)| docs.iter().any(|d| d.id == *id));
        for d in docs {
            if !self.by_hand.iter().any(|(id, _)| *id == d.id) {
                self.by_hand.push((d.id, d.name));
            }
        }
    }

    fn start_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.order, OrderChoice::Shuffled, s::ORDER_SHUFFLED);
            ui.radio_value(&mut self.order, OrderChoice::Reversed, s::ORDER_REVERSED);
            ui.radio_value(&mut self.order, OrderChoice::ByHand, s::ORDER_BY_HAND);
        });
        match self.order {
            OrderChoice::Shuffled => self.seed_ui(ui),
            OrderChoice::ByHand => self.by_hand_ui(ui),
            OrderChoice::Reversed => {}
        }
        if ui.button(s::START_PASS).clicked() {
            let order = self.pass_order();
            actions.push(Action::run(move |p| {
                crate::app::method::start_pass(p, order)
            }));
            // The next shuffle gets a fresh seed; this one is in the pass list.
            self.seed = self.seed.wrapping_add(1);
        }
    }

    pub fn pass_order(&self) -> PassOrder {
        match self.order {
            OrderChoice::Shuffled => PassOrder::Shuffled { seed: self.seed },
            OrderChoice::Reversed => PassOrder::Reversed,
            OrderChoice::ByHand => PassOrder::Chosen(self.by_hand.iter().map(|d| d.0).collect()),
        }
    }

    fn seed_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label(s::SEED).id;
            ui.add(egui::DragValue::new(&mut self.seed))
                .labelled_by(label);
            if ui.button(s::NEW_SEED).clicked() {
                self.seed = fresh_seed(ui);
            }
        });
    }

    /// The documents with up/down buttons to arrange them.
    fn by_hand_ui(&mut self, ui: &mut Ui) {
        let mut swap = None;
        let n = self.by_hand.len();
        for (i, (_, name)) in self.by_hand.iter().enumerate() {
            ui.horizontal(|ui| {
                let up = ui.add_enabled(i > 0, egui::Button::new(s::MOVE_UP).small());
                if up.clicked() {
                    swap = Some((i - 1, i));
                }
                let down = ui.add_enabled(i + 1 < n, egui::Button::new(s::MOVE_DOWN).small());
                if down.clicked() {
                    swap = Some((i, i + 1));
                }
                ui.label(format!("{}. {name}", i + 1));
            });
        }
        if let Some((a, b)) = swap {
            self.by_hand.swap(a, b);
        }
    }

    fn passes_ui(&self, ui: &mut Ui) {
        if self.passes.is_empty() {
            ui.weak(s::NO_PASSES);
        }
        for p in &self.passes {
            // The start time is in the tooltip: it would change every picture.
            ui.strong(s::pass_title(p.number, &p.ordering, p.seed))
                .on_hover_text(s::pass_started(&p.started_at));
            ui.weak(s::pass_summary(p.documents.len(), p.codings));
        }
    }

    fn compare_ui(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        if self.passes.len() < 2 {
            ui.weak(s::NO_PASSES);
            return;
        }
        let numbers: Vec<i64> = self.passes.iter().map(|p| p.number).collect();
        let before = (self.a, self.b);
        ui.horizontal(|ui| {
            pass_picker(ui, s::PASS_A, &mut self.a, &numbers);
            pass_picker(ui, s::PASS_B, &mut self.b, &numbers);
        });
        if before != (self.a, self.b) {
            self.comparison = None;
        }
        let (Some(a), Some(b)) = (self.a, self.b) else {
            return;
        };
        if self.comparison.is_none() {
            match project.compare_passes(a, b) {
                Ok(c) => self.comparison = Some(c),
                Err(e) => actions.push(Action::Error(format!("{e:#}"))),
            }
        }
        if let Some(c) = &self.comparison {
            comparison_ui(ui, c, actions);
        }
    }

    fn history_ui(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        if self.history.is_empty() {
            ui.weak(s::NO_HISTORY);
            return;
        }
        history_plot::plot(ui, &self.history);
        if ui.button(s::SAVE_PLOT).clicked()
            && let Some(path) = rfd::FileDialog::new()
                .add_filter("SVG", &["svg"])
                .add_filter("PNG", &["png"])
                .set_file_name("codebook-over-time.svg")
                .save_file()
        {
            actions.push(history_plot::save(project, &path));
        }
    }
}

fn fresh_seed(ui: &Ui) -> u64 {
    let t = ui.input(|i| i.time);
    (t * 1_000_003.0) as u64 ^ 0x9E37_79B9_7F4A_7C15
}

fn pass_picker(ui: &mut Ui, label: &str, chosen: &mut Option<i64>, numbers: &[i64]) {
    let label_id = ui.label(label).id;
    egui::ComboBox::from_id_salt(label)
        .selected_text(chosen.map(|n| n.to_string()).unwrap_or_default())
        .show_ui(ui, |ui| {
            for n in numbers {
                ui.selectable_value(chosen, Some(*n), n.to_string());
            }
        })
        .response
        .labelled_by(label_id);
}

/// Codes new in B; then per document the counts and the spans coded in
/// only one of the passes, each a link to the text.
fn comparison_ui(ui: &mut Ui, c: &PassComparison, actions: &mut Vec<Action>) {
    ui.strong(s::CODES_NEW_IN_B);
    if c.codes_new_in_b.is_empty() {
        ui.weak(s::NONE);
    } else {
        ui.label(c.codes_new_in_b.join(", "));
    }
    ui.separator();
    for d in &c.documents {
        let count = |spans: &[PassSpan]| spans.iter().filter(|s| s.doc_id == d.doc_id).count();
        let title = s::pass_doc_title(&d.doc, count(&c.only_a), count(&c.only_b));
        let header = egui::CollapsingHeader::new(title).id_salt(("pass-doc", c.a, c.b, d.doc_id));
        let shown = header.show(ui, |ui| {
            spans_ui(ui, s::ONLY_IN_A, d.doc_id, &c.only_a, actions);
            spans_ui(ui, s::ONLY_IN_B, d.doc_id, &c.only_b, actions);
        });
        let counts = s::pass_doc_counts(d.codings_a, d.codings_b, d.chars_only_a, d.chars_only_b);
        shown.header_response.on_hover_text(&counts);
        ui.horizontal(|ui| {
            ui.add_space(18.0);
            ui.weak(counts);
        });
    }
}

fn spans_ui(ui: &mut Ui, title: &str, doc: Id, spans: &[PassSpan], actions: &mut Vec<Action>) {
    let mine: Vec<&PassSpan> = spans.iter().filter(|s| s.doc_id == doc).collect();
    if mine.is_empty() {
        return;
    }
    ui.label(format!("{title} {}", s::span_count(mine.len())));
    for span in mine {
        ui.horizontal(|ui| {
            ui.add_space(12.0);
            let text = crate::text::one_line(&span.text, 90);
            if ui.link(text).clicked() {
                actions.push(Action::JumpTo {
                    doc: span.doc_id,
                    start: span.start,
                    end: span.end,
                });
            }
        });
    }
}
