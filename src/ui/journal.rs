//! The reflexive journal (private to the analyst), the phase tracker and
//! Braun & Clarke's 15-point checklist.
//!
//! - Phase tracker: the six phases as steps with the current one
//!   highlighted; click another to move there (with an optional note). The
//!   history shows the back-and-forth: going back is normal in reflexive TA.
//! - Checklist: a collapsible list; each item has a tick and a note.
//! - Journal: dated entries, newest first, each with a phase and links to
//!   documents, codes and themes (chips; a document chip opens it). Add,
//!   edit, delete; filter by phase and text.

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::app::{self, method::JournalChange};
use crate::model::{ChecklistItem, Id, JournalEntry, JournalLink, PhaseEntry};
use crate::store::{JournalFilter, PHASES};
use anyhow::Result;
use egui::{RichText, Ui};
use std::collections::HashMap;

/// What the panel shows, re-read when the project's version changes.
#[derive(Default)]
struct Data {
    /// Newest first.
    entries: Vec<JournalEntry>,
    phases: Vec<PhaseEntry>,
    current: u8,
    checklist: Vec<ChecklistItem>,
    documents: Vec<(Id, String)>,
    codes: Vec<(Id, String)>,
    themes: Vec<(Id, String)>,
}

impl Data {
    fn load(project: &Project) -> Result<Data> {
        let mut entries = project.journal(&JournalFilter::default())?;
        entries.reverse();
        Ok(Data {
            entries,
            phases: project.phase_history()?,
            current: project.current_phase()?,
            checklist: project.checklist()?,
            documents: project
                .documents()?
                .into_iter()
                .map(|d| (d.id, d.name))
                .collect(),
            codes: project
                .codes()?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect(),
            themes: project
                .themes()?
                .into_iter()
                .map(|t| (t.id, t.name))
                .collect(),
        })
    }

    fn link_name(&self, link: JournalLink) -> String {
        let find = |list: &[(Id, String)], id: Id| {
            list.iter()
                .find(|(i, _)| *i == id)
                .map_or_else(|| format!("#{id}"), |(_, n)| n.clone())
        };
        match link {
            JournalLink::Document(d) => s::link_chip(s::LINK_DOCUMENT, &find(&self.documents, d)),
            JournalLink::Code(c) => s::link_chip(s::LINK_CODE, &find(&self.codes, c)),
            JournalLink::Theme(t) => s::link_chip(s::LINK_THEME, &find(&self.themes, t)),
        }
    }
}

/// An entry being written or edited.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    date: String,
    phase: Option<u8>,
    text: String,
    links: Vec<JournalLink>,
}

impl Draft {
    fn of(e: &JournalEntry) -> Draft {
        Draft {
            date: e.date.clone(),
            phase: e.phase,
            text: e.text.clone(),
            links: e.links.clone(),
        }
    }
}

#[derive(Default)]
pub struct JournalPanel {
    /// Show only entries of this phase.
    pub filter_phase: Option<u8>,
    /// Show only entries containing this text (case-insensitive).
    pub filter_text: String,
    cache: Option<(u64, Data)>,
    new: Draft,
    /// The phase of the new entry was chosen by hand (else: the current phase).
    new_phase_set: bool,
    editing: Option<(Id, Draft)>,
    /// A phase clicked in the tracker, waiting for "Move".
    pending_phase: Option<u8>,
    phase_note: String,
    checklist_notes: HashMap<u8, String>,
}

fn phase_label(p: Option<u8>) -> String {
    match p {
        Some(p @ 1..=6) => format!("{} – {}", s::phase_tag(p), PHASES[p as usize - 1]),
        _ => s::NO_PHASE.to_string(),
    }
}

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

impl JournalPanel {
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, version: u64, actions: &mut Vec<Action>) {
        if !matches!(&self.cache, Some((v, _)) if *v == version) {
            match Data::load(project) {
                Ok(d) => self.cache = Some((version, d)),
                Err(e) => {
                    actions.push(Action::Error(format!("{e:#}")));
                    self.cache = Some((version, Data::default()));
                }
            }
            self.checklist_notes.clear();
        }
        let Some((v, data)) = self.cache.take() else {
            return;
        };
        if !self.new_phase_set {
            self.new.phase = Some(data.current);
        }
        egui::ScrollArea::vertical()
            .id_salt("journal-panel")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.heading(s::JOURNAL);
                ui.label(RichText::new(s::JOURNAL_PRIVATE).weak());
                ui.separator();
                self.phase_tracker(ui, &data, actions);
                ui.separator();
                self.checklist(ui, &data, actions);
                ui.separator();
                self.new_entry(ui, &data, actions);
                ui.separator();
                self.entries(ui, &data, actions);
            });
        self.cache = Some((v, data));
    }

    // ------------------------------------------------------------ phases

    fn phase_tracker(&mut self, ui: &mut Ui, data: &Data, actions: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            ui.strong(s::PHASE_TRACKER);
            for (i, name) in PHASES.iter().enumerate() {
                let p = i as u8 + 1;
                if i > 0 {
                    ui.weak("›");
                }
                let current = p == data.current;
                let text = s::phase_step(p, name);
                let text = if current {
                    RichText::new(text).strong()
                } else {
                    RichText::new(text)
                };
                let pending = self.pending_phase == Some(p);
                if ui.selectable_label(current || pending, text).clicked() && !current {
                    self.pending_phase = Some(p);
                }
            }
        });
        if let Some(p) = self.pending_phase {
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.phase_note)
                        .hint_text(s::PHASE_NOTE_HINT)
                        .desired_width(280.0),
                );
                if ui
                    .button(s::phase_move_to(p, PHASES[p as usize - 1]))
                    .clicked()
                {
                    let note = std::mem::take(&mut self.phase_note).trim().to_string();
                    actions.push(Action::run(move |pr| app::method::set_phase(pr, p, &note)));
                    self.pending_phase = None;
                }
                if ui.button(s::CANCEL).clicked() {
                    self.pending_phase = None;
                    self.phase_note.clear();
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            ui.small(s::PHASE_HISTORY);
            if data.phases.is_empty() {
                ui.small(RichText::new(s::PHASE_NO_HISTORY).weak());
            }
            let mut previous: Option<u8> = None;
            for (i, h) in data.phases.iter().enumerate() {
                if i > 0 {
                    ui.small(RichText::new("›").weak());
                }
                let back = previous.is_some_and(|p| h.phase < p);
                previous = Some(h.phase);
                let date = h.at.get(..10).unwrap_or(&h.at);
                let mut text = RichText::new(s::phase_history_item(date, h.phase, back)).small();
                if back {
                    text = text.color(ui.visuals().warn_fg_color);
                }
                let mut tip = format!("{} · {}", h.at.replace('T', " "), h.name);
                if !h.note.is_empty() {
                    tip.push_str(&format!("\n{}", h.note));
                }
                if back {
                    tip.push_str(&format!("\n{}", s::PHASE_BACK_TIP));
                }
                ui.label(text).on_hover_text(tip);
            }
        });
    }

    // ---------------------------------------------------------- checklist

    fn checklist(&mut self, ui: &mut Ui, data: &Data, actions: &mut Vec<Action>) {
        let done = data.checklist.iter().filter(|i| i.done).count();
        egui::CollapsingHeader::new(s::checklist_title(done, data.checklist.len()))
            .id_salt("bc-checklist")
            .default_open(false)
            .show(ui, |ui| {
                let mut stage = "";
                for item in &data.checklist {
                    if item.stage != stage {
                        stage = &item.stage;
                        ui.add_space(4.0);
                        ui.label(RichText::new(stage).small().strong());
                    }
                    let mut ticked = item.done;
                    if ui
                        .checkbox(&mut ticked, s::checklist_item(item.item, &item.text))
                        .changed()
                    {
                        let n = item.item;
                        actions.push(Action::run(move |p| app::method::tick(p, n, ticked, None)));
                    }
                    let note = self
                        .checklist_notes
                        .entry(item.item)
                        .or_insert_with(|| item.note.clone());
                    ui.indent(("checklist-note", item.item), |ui| {
                        let edit = ui.add(
                            egui::TextEdit::singleline(note)
                                .hint_text(s::CHECKLIST_NOTE_HINT)
                                .desired_width(f32::INFINITY),
                        );
                        if edit.lost_focus() && note.trim() != item.note {
                            let (n, done) = (item.item, item.done);
                            let note = Some(note.trim().to_string());
                            actions.push(Action::run(move |p| app::method::tick(p, n, done, note)));
                        }
                    });
                }
            });
    }

    // ------------------------------------------------------------ entries

    fn new_entry(&mut self, ui: &mut Ui, data: &Data, actions: &mut Vec<Action>) {
        let label = ui.strong(s::NEW_ENTRY);
        if self.new.date.is_empty() {
            self.new.date = today();
        }
        let before = self.new.phase;
        draft_fields(ui, "new-entry", &mut self.new, data);
        if self.new.phase != before {
            self.new_phase_set = true;
        }
        let edit = ui.add(
            egui::TextEdit::multiline(&mut self.new.text)
                .hint_text(s::ENTRY_TEXT_HINT)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        edit.labelled_by(label.id);
        links_editor(ui, "new-entry-links", &mut self.new.links, data);
        if ui
            .add_enabled(
                !self.new.text.trim().is_empty(),
                egui::Button::new(s::ADD_ENTRY),
            )
            .clicked()
        {
            let d = std::mem::take(&mut self.new);
            let date = Some(d.date.trim().to_string()).filter(|d| !d.is_empty());
            let text = d.text.trim().to_string();
            actions.push(Action::run(move |p| {
                app::method::add_journal_in(p, &text, d.phase, date, d.links)
            }));
            self.new_phase_set = false;
        }
    }

    fn entries(&mut self, ui: &mut Ui, data: &Data, actions: &mut Vec<Action>) {
        let needle = self.filter_text.trim().to_lowercase();
        let shown: Vec<&JournalEntry> = data
            .entries
            .iter()
            .filter(|e| self.filter_phase.is_none_or(|p| e.phase == Some(p)))
            .filter(|e| needle.is_empty() || e.text.to_lowercase().contains(&needle))
            .collect();
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(s::JOURNAL_FILTER_PHASE);
            egui::ComboBox::from_id_salt("journal-filter-phase")
                .selected_text(match self.filter_phase {
                    None => s::ALL_PHASES.to_string(),
                    p => phase_label(p),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter_phase, None, s::ALL_PHASES);
                    for p in 1..=6 {
                        ui.selectable_value(&mut self.filter_phase, Some(p), phase_label(Some(p)));
                    }
                })
                .response
                .labelled_by(label.id);
            ui.add(
                egui::TextEdit::singleline(&mut self.filter_text)
                    .hint_text(s::JOURNAL_SEARCH_HINT)
                    .desired_width(200.0),
            );
            ui.label(s::entries_count(shown.len(), data.entries.len()));
        });
        if data.entries.is_empty() {
            ui.weak(s::NO_ENTRIES);
        } else if shown.is_empty() {
            ui.weak(s::NO_MATCHING_ENTRIES);
        }
        for e in shown {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                if self.editing.as_ref().is_some_and(|(id, _)| *id == e.id) {
                    self.edit_entry(ui, e, data, actions);
                } else {
                    self.show_entry(ui, e, data, actions);
                }
            });
        }
    }

    fn show_entry(
        &mut self,
        ui: &mut Ui,
        e: &JournalEntry,
        data: &Data,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            ui.strong(&e.date);
            if let Some(p) = e.phase {
                ui.label(
                    RichText::new(s::phase_tag(p))
                        .small()
                        .background_color(ui.visuals().widgets.inactive.weak_bg_fill),
                )
                .on_hover_text(phase_label(Some(p)));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.small_button(s::DELETE_ENTRY).clicked() {
                    let entry = e.id;
                    actions.push(Action::run(move |p| app::method::delete_journal(p, entry)));
                }
                if ui.small_button(s::EDIT_ENTRY).clicked() {
                    self.editing = Some((e.id, Draft::of(e)));
                }
            });
        });
        ui.label(&e.text);
        if !e.links.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for &link in &e.links {
                    let chip = ui.small_button(data.link_name(link));
                    if chip.clicked() {
                        match link {
                            JournalLink::Document(d) => actions.push(Action::OpenDocument(d)),
                            JournalLink::Code(c) => actions.push(Action::SelectCodes(vec![c])),
                            JournalLink::Theme(_) => {}
                        }
                    }
                }
            });
        }
    }

    fn edit_entry(
        &mut self,
        ui: &mut Ui,
        e: &JournalEntry,
        data: &Data,
        actions: &mut Vec<Action>,
    ) {
        let Some((_, draft)) = &mut self.editing else {
            return;
        };
        let label = ui.strong(s::EDITING_ENTRY);
        draft_fields(ui, ("edit-entry", e.id), draft, data);
        ui.add(
            egui::TextEdit::multiline(&mut draft.text)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        links_editor(ui, ("edit-entry-links", e.id), &mut draft.links, data);
        let mut close = false;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    !draft.text.trim().is_empty(),
                    egui::Button::new(s::SAVE_ENTRY),
                )
                .clicked()
            {
                let d = draft.clone();
                let change = JournalChange {
                    date: Some(d.date.trim().to_string()).filter(|_| d.date != e.date),
                    phase: Some(d.phase).filter(|p| *p != e.phase),
                    text: Some(d.text.trim().to_string()).filter(|t| *t != e.text),
                    links: Some(d.links).filter(|l| *l != e.links),
                };
                let entry = e.id;
                actions.push(Action::run(move |p| {
                    app::method::edit_journal(p, entry, change)
                }));
                close = true;
            }
            if ui.button(s::CANCEL).clicked() {
                close = true;
            }
        });
        if close {
            self.editing = None;
        }
    }
}

/// Date and phase of an entry being written.
fn draft_fields(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    draft: &mut Draft,
    _data: &Data,
) {
    let id = ui.make_persistent_id(salt);
    ui.horizontal(|ui| {
        let label = ui.label(s::ENTRY_DATE);
        ui.add(
            egui::TextEdit::singleline(&mut draft.date)
                .hint_text(s::ENTRY_DATE_HINT)
                .desired_width(90.0),
        )
        .labelled_by(label.id);
        let label = ui.label(s::ENTRY_PHASE);
        egui::ComboBox::from_id_salt(id.with("phase"))
            .selected_text(phase_label(draft.phase))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut draft.phase, None, s::NO_PHASE);
                for p in 1..=6 {
                    ui.selectable_value(&mut draft.phase, Some(p), phase_label(Some(p)));
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// A kind of thing to link to: (menu title, (id, name) choices, make the link).
type LinkGroup<'a> = (&'a str, &'a [(Id, String)], fn(Id) -> JournalLink);

/// The links of an entry as removable chips, and a menu to add more.
fn links_editor(
    ui: &mut Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    links: &mut Vec<JournalLink>,
    data: &Data,
) {
    ui.push_id(salt, |ui| {
        ui.horizontal_wrapped(|ui| {
            let mut remove = None;
            for (i, &link) in links.iter().enumerate() {
                if ui
                    .small_button(s::link_chip_removable(&data.link_name(link)))
                    .on_hover_text(s::REMOVE_LINK_TIP)
                    .clicked()
                {
                    remove = Some(i);
                }
            }
            if let Some(i) = remove {
                links.remove(i);
            }
            ui.menu_button(s::LINK_TO, |ui| {
                let groups: [LinkGroup; 3] = [
                    (s::LINK_DOCUMENTS, &data.documents, JournalLink::Document),
                    (s::LINK_CODES, &data.codes, JournalLink::Code),
                    (s::LINK_THEMES, &data.themes, JournalLink::Theme),
                ];
                for (title, items, make) in groups {
                    ui.menu_button(title, |ui| {
                        egui::ScrollArea::vertical()
                            .max_height(320.0)
                            .show(ui, |ui| {
                                for (id, name) in items {
                                    let link = make(*id);
                                    if ui
                                        .add_enabled(
                                            !links.contains(&link),
                                            egui::Button::new(name),
                                        )
                                        .clicked()
                                    {
                                        links.push(link);
                                        ui.close();
                                    }
                                }
                            });
                    });
                }
            });
        });
    });
}
