//! The left panel: documents (with participants and how much is coded),
//! filterable; and participants with their attributes, editable in place.

use super::actions::Action;
use super::strings as s;
use crate::app;
use crate::model::{DocumentInfo, Id, Participant, Pass, PassDocument};
use crate::text::fold;
use egui::Ui;
use std::collections::HashMap;

#[derive(Default)]
pub struct DocumentsPanel {
    filter: String,
    /// Attribute values being edited: (participant, key) → text.
    editing: HashMap<(Id, String), String>,
    new_attr: HashMap<Id, (String, String)>,
    new_participant: String,
    renaming: Option<(Id, String)>,
}

impl DocumentsPanel {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        data: &super::app::Data,
        current: Option<Id>,
        actions: &mut Vec<Action>,
    ) {
        let (docs, coverage) = (&data.documents, &data.coverage);
        let (participants, pass) = (&data.participants, data.pass.as_ref());
        ui.heading(s::DOCUMENTS);
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text(s::FILTER_HINT)
                .desired_width(f32::INFINITY),
        );
        if docs.is_empty() {
            ui.weak(s::NO_DOCUMENTS);
        }
        let q = fold(self.filter.trim());
        egui::ScrollArea::vertical()
            .id_salt("documents")
            .max_height(ui.available_height() * 0.6)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for d in in_pass_order(docs, pass)
                    .into_iter()
                    .filter(|d| matches_filter(d, &q))
                {
                    let row = Row {
                        coverage: coverage.get(&d.id).copied(),
                        pass: pass.and_then(|p| in_pass(p, d.id)),
                        current: current == Some(d.id),
                    };
                    doc_row(ui, d, &row, actions);
                }
            });
        ui.separator();
        egui::CollapsingHeader::new(s::PARTICIPANTS)
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("participants")
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for p in participants {
                            self.participant_ui(ui, p, actions);
                        }
                        self.add_participant_ui(ui, actions);
                    });
            });
    }

    fn participant_ui(&mut self, ui: &mut Ui, p: &Participant, actions: &mut Vec<Action>) {
        let header = egui::CollapsingHeader::new(&p.label).id_salt(("participant", p.id));
        let resp = header.show(ui, |ui| {
            egui::Grid::new(("attrs", p.id))
                .num_columns(3)
                .show(ui, |ui| {
                    for (k, v) in &p.attributes {
                        ui.label(k);
                        let key = (p.id, k.clone());
                        let text = self.editing.entry(key.clone()).or_insert_with(|| v.clone());
                        let edit = ui.add(egui::TextEdit::singleline(text).desired_width(90.0));
                        if edit.lost_focus() && text.trim() != v {
                            actions.push(set_attr(p.id, k, Some(text.clone())));
                        }
                        if !edit.has_focus() && !edit.lost_focus() && *text != *v {
                            *text = v.clone();
                        }
                        if ui.small_button("×").on_hover_text(s::REMOVE).clicked() {
                            actions.push(set_attr(p.id, k, None));
                            self.editing.remove(&key);
                        }
                        ui.end_row();
                    }
                });
            let (key, value) = self.new_attr.entry(p.id).or_default();
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(key)
                        .hint_text(s::ATTRIBUTE_KEY_HINT)
                        .desired_width(60.0),
                );
                ui.add(
                    egui::TextEdit::singleline(value)
                        .hint_text(s::ATTRIBUTE_VALUE_HINT)
                        .desired_width(70.0),
                );
                if ui
                    .small_button("+")
                    .on_hover_text(s::ADD_ATTRIBUTE)
                    .clicked()
                    && !key.trim().is_empty()
                {
                    actions.push(set_attr(p.id, key, Some(value.clone())));
                    key.clear();
                    value.clear();
                }
            });
            self.rename_ui(ui, p, actions);
        });
        resp.header_response.context_menu(|ui| {
            if ui.button(s::RENAME).clicked() {
                self.renaming = Some((p.id, p.label.clone()));
                ui.close();
            }
        });
    }

    fn rename_ui(&mut self, ui: &mut Ui, p: &Participant, actions: &mut Vec<Action>) {
        let Some((id, text)) = &mut self.renaming else {
            return;
        };
        if *id != p.id {
            return;
        }
        let edit = ui.text_edit_singleline(text);
        if edit.lost_focus() {
            if text.trim() != p.label && !text.trim().is_empty() {
                let (id, label) = (p.id, text.trim().to_string());
                actions.push(Action::run(move |p| {
                    app::participants::rename(p, id, &label)
                }));
            }
            self.renaming = None;
        } else {
            edit.request_focus();
        }
    }

    fn add_participant_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            let button = ui.button(s::ADD_PARTICIPANT);
            ui.add(
                egui::TextEdit::singleline(&mut self.new_participant)
                    .hint_text(s::NEW_PARTICIPANT_HINT)
                    .desired_width(ui.available_width()),
            );
            if button.clicked() && !self.new_participant.trim().is_empty() {
                let label = self.new_participant.trim().to_string();
                actions.push(Action::run(move |p| {
                    app::participants::add(p, &label, vec![])
                }));
                self.new_participant.clear();
            }
        });
    }
}

fn matches_filter(d: &DocumentInfo, q: &str) -> bool {
    q.is_empty() || fold(&d.name).contains(q) || d.participants.iter().any(|p| fold(p).contains(q))
}

/// While a pass runs, the documents in its order (any it does not list last).
fn in_pass_order<'a>(docs: &'a [DocumentInfo], pass: Option<&Pass>) -> Vec<&'a DocumentInfo> {
    let mut ordered: Vec<&DocumentInfo> = docs.iter().collect();
    if let Some(p) = pass {
        ordered.sort_by_key(|d| in_pass(p, d.id).map_or(usize::MAX, |(_, pd)| pd.position));
    }
    ordered
}

fn in_pass(pass: &Pass, doc: Id) -> Option<(i64, &PassDocument)> {
    let pd = pass.documents.iter().find(|pd| pd.doc_id == doc)?;
    Some((pass.number, pd))
}

/// What a document's row shows besides the document.
struct Row<'a> {
    coverage: Option<f32>,
    pass: Option<(i64, &'a PassDocument)>,
    current: bool,
}

/// The pass's position and progress, and how much has been read.
fn method_lines(ui: &mut Ui, d: &DocumentInfo, pass: Option<(i64, &PassDocument)>) {
    if let Some((number, pd)) = pass {
        let pct = (pd.progress * 100.0).round() as usize;
        ui.horizontal(|ui| {
            ui.add_space(8.0);
            ui.small(s::pass_position(number, pd.position, pd.codings, pct));
        });
    }
    if d.read > 0.0 {
        let pct = (d.read * 100.0).round() as usize;
        ui.horizontal(|ui| {
            ui.add_space(8.0);
            ui.small(s::read_percent(pct));
        });
    }
}

fn doc_row(ui: &mut Ui, d: &DocumentInfo, row: &Row, actions: &mut Vec<Action>) {
    let (coverage, current) = (row.coverage, row.current);
    let resp = ui
        .vertical(|ui| {
            let r = ui.selectable_label(current, &d.name);
            let pct = (coverage.unwrap_or(0.0) * 100.0).round() as usize;
            ui.horizontal(|ui| {
                ui.add_space(8.0);
                ui.weak(s::doc_summary(d.codings, pct));
            });
            if !d.participants.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.add_space(8.0);
                    ui.small(d.participants.join(", "));
                });
            }
            method_lines(ui, d, row.pass);
            let bar = egui::ProgressBar::new(coverage.unwrap_or(0.0)).desired_height(3.0);
            ui.add(bar);
            r
        })
        .inner;
    if resp.clicked() && !current {
        actions.push(Action::OpenDocument(d.id));
    }
    let id = d.id;
    resp.context_menu(|ui| {
        let (label, read) = if d.read >= 1.0 {
            (s::MARK_DOC_UNREAD, false)
        } else {
            (s::MARK_DOC_READ, true)
        };
        if ui.button(label).clicked() {
            actions.push(Action::run(move |p| {
                app::method::mark_read(p, id, None, read)
            }));
            ui.close();
        }
    });
}

fn set_attr(participant: Id, key: &str, value: Option<String>) -> Action {
    let key = key.trim().to_string();
    // No value (or an empty one) removes the attribute.
    let value = value.map(|v| v.trim().to_string()).unwrap_or_default();
    Action::run(move |p| app::participants::set_attribute(p, participant, &key, &value))
}
