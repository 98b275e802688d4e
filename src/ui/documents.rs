//! The left panel: documents (with participants and how much is coded),
//! filterable; and participants with their attributes, editable in place.

use super::actions::Action;
use super::strings as s;
use crate::app;
use crate::model::{DocumentInfo, Id, Participant};
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
        docs: &[DocumentInfo],
        coverage: &HashMap<Id, f32>,
        participants: &[Participant],
        current: Option<Id>,
        actions: &mut Vec<Action>,
    ) {
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
                for d in docs.iter().filter(|d| matches_filter(d, &q)) {
                    doc_row(
                        ui,
                        d,
                        coverage.get(&d.id).copied(),
                        current == Some(d.id),
                        actions,
                    );
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

fn doc_row(
    ui: &mut Ui,
    d: &DocumentInfo,
    coverage: Option<f32>,
    current: bool,
    actions: &mut Vec<Action>,
) {
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
            let bar = egui::ProgressBar::new(coverage.unwrap_or(0.0)).desired_height(3.0);
            ui.add(bar);
            r
        })
        .inner;
    if resp.clicked() && !current {
        actions.push(Action::OpenDocument(d.id));
    }
}

fn set_attr(participant: Id, key: &str, value: Option<String>) -> Action {
    let key = key.trim().to_string();
    // No value (or an empty one) removes the attribute.
    let value = value.map(|v| v.trim().to_string()).unwrap_or_default();
    Action::run(move |p| app::participants::set_attribute(p, participant, &key, &value))
}
