//! The method around the analysis: the reflexive journal, the phase
//! tracker, Braun & Clarke's checklist and the thematic map.

use super::{Done, run};
use crate::Project;
use crate::model::{Id, JournalLink, MapNodeRef, PassOrdering};
use crate::store::{Command, ThemeCommand};
use anyhow::Result;

fn method(project: &mut Project, cmd: ThemeCommand) -> Result<Done> {
    run(project, Command::Theme(cmd))
}

/// A new journal entry; the phase defaults to the current one, the date
/// (YYYY-MM-DD) to today.
pub fn add_journal(
    project: &mut Project,
    text: &str,
    phase: Option<u8>,
    date: Option<String>,
    links: Vec<JournalLink>,
) -> Result<Done> {
    let phase = match phase {
        Some(p) => p,
        None => project.current_phase()?,
    };
    add_journal_in(project, text, Some(phase), date, links)
}

/// A new journal entry in exactly the phase given (None: in no phase, as
/// the GUI's form allows); the date (YYYY-MM-DD) defaults to today.
pub fn add_journal_in(
    project: &mut Project,
    text: &str,
    phase: Option<u8>,
    date: Option<String>,
    links: Vec<JournalLink>,
) -> Result<Done> {
    let cmd = ThemeCommand::AddJournal {
        date,
        phase,
        text: text.to_string(),
        links,
    };
    method(project, cmd)
}

/// A change to a journal entry; None leaves that part as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalChange {
    pub date: Option<String>,
    pub phase: Option<Option<u8>>,
    pub text: Option<String>,
    pub links: Option<Vec<JournalLink>>,
}

pub fn edit_journal(project: &mut Project, entry: Id, change: JournalChange) -> Result<Done> {
    let cmd = ThemeCommand::EditJournal {
        entry,
        date: change.date,
        phase: change.phase,
        text: change.text,
        links: change.links,
    };
    method(project, cmd)
}

pub fn delete_journal(project: &mut Project, entry: Id) -> Result<Done> {
    method(project, ThemeCommand::DeleteJournal { entry })
}

/// Say which phase (1-6) the analysis is in now.
pub fn set_phase(project: &mut Project, phase: u8, note: &str) -> Result<Done> {
    let note = note.to_string();
    method(project, ThemeCommand::SetPhase { phase, note })
}

/// Tick (or untick) checklist item 1-15.
pub fn tick(project: &mut Project, item: u8, done: bool, note: Option<String>) -> Result<Done> {
    method(project, ThemeCommand::SetChecklist { item, done, note })
}

/// Link theme `from` to theme `to` on the map.
pub fn link_themes(project: &mut Project, from: Id, to: Id, label: &str) -> Result<Done> {
    let label = label.to_string();
    method(project, ThemeCommand::AddEdge { from, to, label })
}

/// Remove the link (only the one with `label`, when given).
pub fn unlink_themes(
    project: &mut Project,
    from: Id,
    to: Id,
    label: Option<String>,
) -> Result<Done> {
    let label = label.filter(|l| !l.is_empty());
    method(project, ThemeCommand::RemoveEdge { from, to, label })
}

/// Remove exactly one link: the one with `label`, even an empty one (the
/// GUI removes the link the user picked, not every link of the pair).
pub fn unlink_edge(project: &mut Project, from: Id, to: Id, label: &str) -> Result<Done> {
    let label = Some(label.to_string());
    method(project, ThemeCommand::RemoveEdge { from, to, label })
}

/// Put a node of the map at (x, y).
pub fn place(project: &mut Project, node: MapNodeRef, x: f64, y: f64) -> Result<Done> {
    method(project, ThemeCommand::PlaceNode { node, x, y })
}

/// The order of documents for a new coding pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PassOrder {
    /// A random order; the same seed gives the same order.
    Shuffled { seed: u64 },
    /// The project's order, backwards.
    Reversed,
    /// Chosen by hand: every document, each once.
    Chosen(Vec<Id>),
}

/// Start the next coding pass: codings and notes made from now on belong
/// to it, and the document list follows its order.
pub fn start_pass(project: &mut Project, order: PassOrder) -> Result<Done> {
    let docs: Vec<Id> = project.documents()?.into_iter().map(|d| d.id).collect();
    let (ordering, seed, documents) = match order {
        PassOrder::Shuffled { seed } => (PassOrdering::Shuffled, Some(seed), shuffled(docs, seed)),
        PassOrder::Reversed => (
            PassOrdering::Reversed,
            None,
            docs.into_iter().rev().collect(),
        ),
        PassOrder::Chosen(chosen) => (PassOrdering::Chosen, None, chosen),
    };
    let cmd = Command::StartPass {
        ordering,
        seed,
        documents,
    };
    run(project, cmd)
}

/// `docs` in the random order `seed` gives (ChaCha8: the same on every machine).
fn shuffled(mut docs: Vec<Id>, seed: u64) -> Vec<Id> {
    use rand::SeedableRng;
    use rand::seq::SliceRandom;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    docs.shuffle(&mut rng);
    docs
}

/// The condensed meaning of a meaning unit, in the analyst's own words;
/// empty text removes it.
pub fn condense(project: &mut Project, coding: Id, text: &str) -> Result<Done> {
    let text = text.to_string();
    run(project, Command::Condense { coding, text })
}

/// Mark turns of a document (0-based indexes in reading order; None: the
/// whole document) as read through, or not.
pub fn mark_read(
    project: &mut Project,
    doc: Id,
    turns: Option<Vec<usize>>,
    read: bool,
) -> Result<Done> {
    run(project, Command::MarkRead { doc, turns, read })
}
