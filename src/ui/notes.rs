//! Familiarisation notes for the open document, beside the text: first
//! impressions written while reading (Braun & Clarke's phase 1).

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::app::{self, notes::About};
use crate::model::{Id, Note, NoteKind};
use egui::Ui;
use std::collections::HashMap;

#[derive(Default)]
pub struct NotesPanel {
    cache: Option<(Id, u64, Vec<Note>)>,
    drafts: HashMap<Id, String>,
    new_note: String,
}

impl NotesPanel {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        doc: Id,
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        ui.heading(s::NOTES);
        let fresh = matches!(&self.cache, Some((d, v, _)) if *d == doc && *v == version);
        if !fresh {
            match project.notes(Some(NoteKind::Familiarisation), Some(doc), None) {
                Ok(notes) => self.cache = Some((doc, version, notes)),
                Err(e) => actions.push(Action::Error(format!("{e:#}"))),
            }
            self.drafts.clear();
        }
        let notes = self.cache.as_ref().map(|c| c.2.clone()).unwrap_or_default();
        egui::ScrollArea::vertical()
            .id_salt("notes")
            .auto_shrink([false, true])
            .max_height(ui.available_height() - 110.0)
            .show(ui, |ui| {
                for note in &notes {
                    self.note_ui(ui, note, actions);
                    ui.separator();
                }
            });
        ui.add(
            egui::TextEdit::multiline(&mut self.new_note)
                .hint_text(s::NOTE_HINT)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if ui.button(s::ADD_NOTE).clicked() && !self.new_note.trim().is_empty() {
            let text = self.new_note.trim().to_string();
            let about = About::Familiarisation(doc);
            actions.push(Action::run(move |p| app::notes::add(p, about, &text)));
            self.new_note.clear();
        }
    }

    fn note_ui(&mut self, ui: &mut Ui, note: &Note, actions: &mut Vec<Action>) {
        let date = ui.small(
            note.updated_at
                .get(..16)
                .unwrap_or(&note.updated_at)
                .replace('T', " "),
        );
        let draft = self
            .drafts
            .entry(note.id)
            .or_insert_with(|| note.text.clone());
        let edit = ui
            .add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(date.id);
        if edit.lost_focus() && *draft != note.text {
            let (id, text) = (note.id, draft.clone());
            actions.push(Action::run(move |p| app::notes::edit(p, id, &text)));
        }
        if ui.small_button(s::DELETE_NOTE).clicked() {
            let id = note.id;
            actions.push(Action::run(move |p| app::notes::delete(p, id)));
        }
    }
}
