//! The method around the analysis: the reflexive journal, the phase
//! tracker, Braun & Clarke's checklist and the thematic map.

use super::{Done, run};
use crate::Project;
use crate::model::{Id, JournalLink, MapNodeRef};
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
