//! The quick-code palette (Ctrl+K): type a few letters, pick a code with the
//! arrows and Enter, or create a new one when nothing matches. Matching is
//! fuzzy (subsequences, one or two typos), case-insensitive and knows that
//! "o" may be typed for "ø" and "aa" for "å": finding the code you already
//! have is what keeps a codebook free of duplicates.

use super::actions::{Action, PaletteMode};
use super::strings as s;
use super::theme;
use crate::app::{self, codes::CodingChange};
use crate::model::{Code, Id};
use crate::text::fold;
use egui::{Key, Modifiers};

const MAX_ITEMS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Code(Id),
    Create(String),
}

#[derive(Default)]
pub struct Palette {
    mode: Option<PaletteMode>,
    query: String,
    selected: usize,
    focus_pending: bool,
}

impl Palette {
    pub fn open(&mut self, mode: PaletteMode) {
        self.mode = Some(mode);
        self.query.clear();
        self.selected = 0;
        self.focus_pending = true;
    }

    pub fn close(&mut self) {
        self.mode = None;
    }

    pub fn is_open(&self) -> bool {
        self.mode.is_some()
    }

    /// The choices for the current query, best first.
    pub fn choices(&self, codes: &[Code], recent: &[Id]) -> Vec<Choice> {
        let mut out: Vec<Choice> = rank(&self.query, codes, recent)
            .into_iter()
            .map(Choice::Code)
            .collect();
        let creating = matches!(self.mode, Some(PaletteMode::Apply { .. }));
        let name = self.query.trim();
        let exists = codes
            .iter()
            .any(|c| c.name.to_lowercase() == name.to_lowercase());
        if creating && !name.is_empty() && !exists {
            // After the matches; the first (and chosen by Enter) when none match.
            out.push(Choice::Create(name.to_string()));
        }
        out
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        codes: &[Code],
        recent: &[Id],
        actions: &mut Vec<Action>,
    ) {
        let Some(mode) = self.mode.clone() else {
            return;
        };
        let choices = self.choices(codes, recent);
        let mut chosen: Option<Choice> = None;
        let area = egui::Modal::default_area(egui::Id::unique("tema-palette"))
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 90.0));
        let modal = egui::Modal::new(egui::Id::unique("tema-palette"))
            .area(area)
            .show(ctx, |ui| {
                ui.set_width(380.0);
                let (down, up, enter, escape) = ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                        i.consume_key(Modifiers::NONE, Key::Enter),
                        i.consume_key(Modifiers::NONE, Key::Escape),
                    )
                });
                if escape {
                    self.mode = None;
                    return;
                }
                if down {
                    self.selected = (self.selected + 1).min(choices.len().saturating_sub(1));
                }
                if up {
                    self.selected = self.selected.saturating_sub(1);
                }
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text(s::PALETTE_HINT)
                        .desired_width(f32::INFINITY),
                );
                if self.focus_pending {
                    edit.request_focus();
                    self.focus_pending = false;
                }
                if edit.changed() {
                    self.selected = 0;
                }
                if enter && let Some(c) = choices.get(self.selected) {
                    chosen = Some(c.clone());
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for (i, c) in choices.iter().enumerate().take(MAX_ITEMS) {
                            if choice_row(ui, c, codes, i == self.selected).clicked() {
                                chosen = Some(c.clone());
                            }
                        }
                    });
            });
        if modal.should_close() {
            self.mode = None;
        }
        if let Some(c) = chosen {
            self.mode = None;
            actions.push(action_for(&mode, c));
        }
    }
}

fn choice_row(ui: &mut egui::Ui, c: &Choice, codes: &[Code], selected: bool) -> egui::Response {
    match c {
        Choice::Code(id) => {
            let code = codes.iter().find(|x| x.id == *id);
            let name = code.map_or("?", |c| c.name.as_str());
            let colour = code.map_or(egui::Color32::GRAY, |c| theme::parse_colour(&c.colour));
            ui.horizontal(|ui| {
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, colour);
                let r = ui.selectable_label(selected, name);
                if selected {
                    r.scroll_to_me(None);
                }
                r
            })
            .inner
        }
        Choice::Create(name) => {
            let r = ui.selectable_label(selected, s::create_code_named(name));
            if selected {
                r.scroll_to_me(None);
            }
            r
        }
    }
}

fn action_for(mode: &PaletteMode, choice: Choice) -> Action {
    match (mode, choice) {
        (PaletteMode::Apply { doc, start, end }, Choice::Code(code)) => Action::ApplyCodeTo {
            code,
            doc: *doc,
            start: *start,
            end: *end,
        },
        (PaletteMode::Apply { doc, start, end }, Choice::Create(name)) => Action::CreateAndApply {
            name,
            doc: *doc,
            start: *start,
            end: *end,
        },
        (PaletteMode::ChangeCoding { coding }, Choice::Code(code)) => {
            let (coding, code) = (*coding, Some(code));
            Action::run(move |p| {
                app::codes::edit_coding(
                    p,
                    coding,
                    CodingChange {
                        code,
                        ..Default::default()
                    },
                )
            })
        }
        (PaletteMode::ChangeCoding { .. }, Choice::Create(_)) => Action::Notify(String::new()),
    }
}

/// Codes matching `query`, best first; with an empty query, recent codes
/// first and then the codebook in order.
pub fn rank(query: &str, codes: &[Code], recent: &[Id]) -> Vec<Id> {
    if query.trim().is_empty() {
        let mut out: Vec<Id> = recent
            .iter()
            .copied()
            .filter(|r| codes.iter().any(|c| c.id == *r))
            .collect();
        out.extend(codes.iter().map(|c| c.id).filter(|id| !recent.contains(id)));
        return out;
    }
    let mut scored: Vec<(i32, usize, Id)> = codes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| fuzzy_score(query, &c.name).map(|sc| (sc, i, c.id)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, _, id)| id).collect()
}

/// How well `query` matches `name` (higher is better), or None.
pub fn fuzzy_score(query: &str, name: &str) -> Option<i32> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Some(0);
    }
    let n = name.to_lowercase();
    let direct = match_score(&q, &n);
    let folded = match_score(&fold(&q), &fold(&n)).map(|s| s - 40);
    let typo = typo_score(&fold(&q), &fold(&n));
    [direct, folded, typo].into_iter().flatten().max()
}

fn match_score(q: &str, n: &str) -> Option<i32> {
    if q.is_empty() {
        return None;
    }
    let len_penalty = (n.chars().count() as i32 - q.chars().count() as i32)
        .abs()
        .min(50);
    if n == q {
        return Some(1000);
    }
    if n.starts_with(q) {
        return Some(900 - len_penalty);
    }
    if n.split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(q))
    {
        return Some(800 - len_penalty);
    }
    if n.contains(q) {
        return Some(700 - len_penalty);
    }
    subsequence_score(q, n).map(|s| 300 + s - len_penalty)
}

/// Each query char found in order; consecutive and word-start hits count more.
fn subsequence_score(q: &str, n: &str) -> Option<i32> {
    let name: Vec<char> = n.chars().collect();
    let mut score = 0;
    let mut pos = 0;
    let mut prev: Option<usize> = None;
    for qc in q.chars() {
        let found = (pos..name.len()).find(|&i| name[i] == qc)?;
        if prev == Some(found.wrapping_sub(1)) {
            score += 8;
        }
        if found == 0 || !name[found - 1].is_alphanumeric() {
            score += 12;
        }
        score -= (found - pos).min(10) as i32;
        prev = Some(found);
        pos = found + 1;
    }
    Some(score)
}

/// Tolerate one typo in short queries, two in long ones: compare against
/// each word of the name and against the name's start of the same length.
fn typo_score(q: &str, n: &str) -> Option<i32> {
    let ql = q.chars().count();
    if ql < 3 {
        return None;
    }
    let allowed = if ql >= 7 { 2 } else { 1 };
    let prefix: String = n.chars().take(ql).collect();
    let candidates = n
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.chars().take(ql + 1).collect::<String>())
        .chain(std::iter::once(prefix));
    let best = candidates
        .filter(|w| !w.is_empty())
        .map(|w| {
            let full = strsim::osa_distance(q, &w);
            let cut: String = w.chars().take(ql).collect();
            full.min(strsim::osa_distance(q, &cut))
        })
        .min()?;
    (best <= allowed).then(|| 200 - 60 * best as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(id: Id, name: &str) -> Code {
        Code {
            id,
            uuid: String::new(),
            parent: None,
            name: name.into(),
            colour: "#AABBCC".into(),
            description: String::new(),
            position: id,
        }
    }

    fn best(query: &str, names: &[&str]) -> Option<String> {
        let codes: Vec<Code> = names
            .iter()
            .enumerate()
            .map(|(i, n)| code(i as Id, n))
            .collect();
        rank(query, &codes, &[])
            .first()
            .map(|id| codes[*id as usize].name.clone())
    }

    #[test]
    fn prefix_and_subsequence_match() {
        let names = [
            "Tillit",
            "Taushetsplikt",
            "Tverrfaglig samarbeid",
            "Relasjoner",
        ];
        assert_eq!(best("til", &names).as_deref(), Some("Tillit"));
        assert_eq!(best("TAUS", &names).as_deref(), Some("Taushetsplikt"));
        assert_eq!(
            best("samarb", &names).as_deref(),
            Some("Tverrfaglig samarbeid")
        );
        assert_eq!(
            best("tvs", &names).as_deref(),
            Some("Tverrfaglig samarbeid")
        );
        assert_eq!(best("xyz", &names), None);
    }

    #[test]
    fn typos_and_norwegian_letters_are_forgiven() {
        let names = ["Ærlighet", "Økonomi", "Åpenhet", "Tillit"];
        assert_eq!(best("aerlig", &names).as_deref(), Some("Ærlighet"));
        assert_eq!(best("okonomi", &names).as_deref(), Some("Økonomi"));
        assert_eq!(best("aapen", &names).as_deref(), Some("Åpenhet"));
        assert_eq!(best("tillti", &names).as_deref(), Some("Tillit"));
        assert_eq!(best("tlilit", &names).as_deref(), Some("Tillit"));
    }

    #[test]
    fn create_is_offered_only_for_new_names() {
        let codes = vec![code(1, "Tillit")];
        let mut p = Palette::default();
        p.open(PaletteMode::Apply {
            doc: 1,
            start: 0,
            end: 3,
        });
        p.query = "tillit".into();
        assert_eq!(p.choices(&codes, &[]), vec![Choice::Code(1)]);
        p.query = "Mistillit".into();
        assert_eq!(
            p.choices(&codes, &[]).last(),
            Some(&Choice::Create("Mistillit".into()))
        );
    }
}
