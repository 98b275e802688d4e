//! The retrieval pane: every quote of the codes selected in the codebook
//! (any of them, or passages where all of them overlap), with document,
//! participant and a line of context; filter by a participant attribute;
//! click a quote to read it in place; copy quotes with attribution; move
//! chosen quotes to a new code (splitting a code).

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::app;
use crate::model::{Coding, Id, Participant};
use crate::store::CodingFilter;
use crate::text::one_line;
use anyhow::Result;
use egui::Ui;
use std::collections::{BTreeSet, HashMap, HashSet};

const CONTEXT_CHARS: usize = 90;

/// A retrieved quote with the text just before it.
#[derive(Debug, Clone)]
pub struct Quote {
    pub coding: Coding,
    pub before: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Key {
    codes: Vec<Id>,
    all: bool,
    attr: Option<(String, String)>,
    version: u64,
}

#[derive(Default)]
pub struct RetrievalPanel {
    pub all: bool,
    pub attr_key: Option<String>,
    pub attr_value: Option<String>,
    cache: Option<(Key, Vec<Quote>)>,
    checked: HashSet<Id>,
    split_name: String,
}

impl RetrievalPanel {
    /// The quotes currently listed (after `ui` ran this frame).
    pub fn quotes(&self) -> &[Quote] {
        self.cache.as_ref().map_or(&[], |(_, q)| q.as_slice())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        participants: &[Participant],
        selected: &[Id],
        version: u64,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            ui.heading(s::RETRIEVAL);
            ui.radio_value(&mut self.all, false, s::MATCH_ANY);
            ui.radio_value(&mut self.all, true, s::MATCH_ALL);
            ui.separator();
            self.attribute_filter(ui, participants);
            ui.separator();
            ui.label(s::quotes_count(self.quotes().len()));
        });
        if selected.is_empty() {
            ui.weak(s::SELECT_CODES_TO_RETRIEVE);
            return;
        }
        let key = Key {
            codes: selected.to_vec(),
            all: self.all,
            attr: self.attr_key.clone().zip(self.attr_value.clone()),
            version,
        };
        if self.cache.as_ref().map(|(k, _)| k) != Some(&key) {
            match retrieve(project, participants, &key) {
                Ok(q) => self.cache = Some((key, q)),
                Err(e) => {
                    actions.push(Action::Error(format!("{e:#}")));
                    self.cache = Some((key, Vec::new()));
                }
            }
            let ids: HashSet<Id> = self.quotes().iter().map(|q| q.coding.id).collect();
            self.checked.retain(|c| ids.contains(c));
        }
        self.actions_row(ui, actions);
        ui.separator();
        self.list(ui, actions);
    }

    fn attribute_filter(&mut self, ui: &mut Ui, participants: &[Participant]) {
        let keys: BTreeSet<&String> = participants
            .iter()
            .flat_map(|p| p.attributes.keys())
            .collect();
        let label = ui.label(s::ONLY_WHERE);
        egui::ComboBox::from_id_salt("attr-key")
            .selected_text(self.attr_key.as_deref().unwrap_or(s::ANY_ATTRIBUTE))
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(self.attr_key.is_none(), s::ANY_ATTRIBUTE)
                    .clicked()
                {
                    self.attr_key = None;
                    self.attr_value = None;
                }
                for k in &keys {
                    if ui
                        .selectable_label(self.attr_key.as_ref() == Some(*k), k.as_str())
                        .clicked()
                    {
                        self.attr_key = Some((*k).clone());
                        self.attr_value = None;
                    }
                }
            })
            .response
            .labelled_by(label.id);
        let Some(key) = self.attr_key.clone() else {
            return;
        };
        let values: BTreeSet<&String> = participants
            .iter()
            .filter_map(|p| p.attributes.get(&key))
            .collect();
        let label = ui.label("=");
        egui::ComboBox::from_id_salt("attr-value")
            .selected_text(self.attr_value.as_deref().unwrap_or(s::ANY_VALUE))
            .show_ui(ui, |ui| {
                for v in values {
                    if ui
                        .selectable_label(self.attr_value.as_ref() == Some(v), v.as_str())
                        .clicked()
                    {
                        self.attr_value = Some(v.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    }

    fn actions_row(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if ui.button(s::COPY_QUOTES).clicked() {
                let chosen: Vec<&Quote> = self
                    .quotes()
                    .iter()
                    .filter(|q| self.checked.is_empty() || self.checked.contains(&q.coding.id))
                    .collect();
                actions.push(Action::CopyText(format_quotes(&chosen)));
            }
            let codes: HashSet<Id> = self
                .quotes()
                .iter()
                .filter(|q| self.checked.contains(&q.coding.id))
                .map(|q| q.coding.code_id)
                .collect();
            let can_split = codes.len() == 1 && !self.split_name.trim().is_empty();
            ui.add(
                egui::TextEdit::singleline(&mut self.split_name)
                    .hint_text(s::SPLIT_NAME_HINT)
                    .desired_width(160.0),
            );
            if ui
                .add_enabled(can_split, egui::Button::new(s::MOVE_TO_NEW_CODE))
                .clicked()
                && let Some(code) = codes.into_iter().next()
            {
                let codings: Vec<Id> = self.checked.iter().copied().collect();
                let name = self.split_name.trim().to_string();
                actions.push(Action::run(move |p| {
                    app::codes::split(p, code, &name, codings)
                }));
                self.split_name.clear();
                self.checked.clear();
            }
        });
    }

    fn list(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some((_, quotes)) = &self.cache else {
            return;
        };
        let checked = &mut self.checked;
        egui::ScrollArea::vertical()
            .id_salt("retrieval-list")
            .auto_shrink([false, false])
            .show_rows(ui, 58.0, quotes.len(), |ui, range| {
                for q in &quotes[range] {
                    quote_row(ui, q, checked, actions);
                }
            });
    }
}

fn quote_row(ui: &mut Ui, q: &Quote, checked: &mut HashSet<Id>, actions: &mut Vec<Action>) {
    let c = &q.coding;
    ui.horizontal(|ui| {
        let mut on = checked.contains(&c.id);
        let tick = ui.checkbox(&mut on, "");
        tick.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, on, s::CHOOSE_QUOTE)
        });
        if tick.changed() {
            if on {
                checked.insert(c.id);
            } else {
                checked.remove(&c.id);
            }
        }
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                ui.small(s::attribution(c.participant.as_deref(), &c.doc));
                ui.small(format!("· {}", c.code));
            });
            let quote = one_line(&c.text, 220);
            let resp = ui.add(
                egui::Label::new(format!("«{quote}»"))
                    .sense(egui::Sense::click())
                    .truncate(),
            );
            if resp.clicked() {
                actions.push(Action::JumpTo {
                    doc: c.doc_id,
                    start: c.start,
                    end: c.end,
                });
            }
            if !q.before.is_empty() {
                ui.add(
                    egui::Label::new(egui::RichText::new(format!("…{}", q.before)).weak().small())
                        .truncate(),
                );
            }
        });
    });
}

/// Quotes with attribution, ready to paste into a report.
pub fn format_quotes(quotes: &[&Quote]) -> String {
    quotes
        .iter()
        .map(|q| {
            format!(
                "«{}» ({})",
                one_line(&q.coding.text, usize::MAX),
                s::attribution(q.coding.participant.as_deref(), &q.coding.doc)
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn retrieve(project: &Project, participants: &[Participant], key: &Key) -> Result<Vec<Quote>> {
    let codings = project.codings(&CodingFilter {
        codes: key.codes.clone(),
        with_subcodes: false,
        doc: None,
    })?;
    let mut chosen: Vec<Coding> = if key.all && key.codes.len() > 1 {
        overlapping_all(&codings, &key.codes)
    } else {
        codings
    };
    if let Some((k, v)) = &key.attr {
        let ok: HashSet<&str> = participants
            .iter()
            .filter(|p| p.attributes.get(k) == Some(v))
            .map(|p| p.label.as_str())
            .collect();
        chosen.retain(|c| c.participant.as_deref().is_some_and(|p| ok.contains(p)));
    }
    let mut texts: HashMap<Id, String> = HashMap::new();
    let mut out = Vec::with_capacity(chosen.len());
    for c in chosen {
        let text = match texts.entry(c.doc_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(project.text(c.doc_id)?),
        };
        let before = context_before(text, c.start);
        out.push(Quote { coding: c, before });
    }
    Ok(out)
}

/// Codings of the first code that overlap a coding of every other code.
fn overlapping_all(codings: &[Coding], codes: &[Id]) -> Vec<Coding> {
    let first = codes[0];
    codings
        .iter()
        .filter(|c| c.code_id == first)
        .filter(|c| {
            codes[1..].iter().all(|other| {
                codings.iter().any(|o| {
                    o.code_id == *other
                        && o.doc_id == c.doc_id
                        && o.start < c.end
                        && c.start < o.end
                })
            })
        })
        .cloned()
        .collect()
}

/// Up to a line of text before `start`, within the same paragraph.
fn context_before(text: &str, start: usize) -> String {
    let b = crate::text::byte_of_char(text, start);
    let para_start = text[..b].rfind('\n').map_or(0, |i| i + 1);
    let before: Vec<char> = text[para_start..b].chars().collect();
    let from = before.len().saturating_sub(CONTEXT_CHARS);
    before[from..].iter().collect::<String>().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_stays_in_the_paragraph() {
        let t = "Første avsnitt.\nIP3: Vi stoler på dem. Tillit er viktig.";
        let start = t.chars().count() - "Tillit er viktig.".chars().count();
        assert_eq!(context_before(t, start), "IP3: Vi stoler på dem.");
    }
}
