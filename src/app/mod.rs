//! The action layer: one function per user action, shared by both front
//! ends. The CLI parses arguments, calls one of these and prints; the GUI
//! draws widgets, queues one of these and shows the result. Neither builds
//! a store `Command` or writes SQL itself, so an action behaves the same
//! wherever it is started from: the same checks, the same undo step, the
//! same label.
//!
//! Arguments are typed (ids, not names: the CLI resolves names with the
//! store's `resolve_*` reads first); every action that changes the project
//! is one transaction and one undo step, and returns a [`Done`].

pub mod agreement;
pub mod anonymisation_eval;
pub mod anonymise;
pub mod coder;
pub mod codes;
pub mod documents;
pub mod exports;
pub mod method;
pub mod notes;
pub mod participants;
pub mod team;
pub mod themes;

use crate::Project;
use crate::model::Id;
use crate::store::{Command, Outcome};
use anyhow::Result;

/// What an action did: the label undo shows for it, the ids it created (in
/// order), and what the front end should show next.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Done {
    pub label: String,
    pub created: Vec<Id>,
    pub show: Show,
}

/// Where the user's attention goes after an action.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Show {
    /// Stay where we are.
    #[default]
    Here,
    /// The code (new, or the one just applied).
    Code(Id),
    /// The theme (new, merged into, split off).
    Theme(Id),
    /// The document.
    Document(Id),
}

impl Done {
    /// The first id the action created (the new code, theme, coding...).
    pub fn id(&self) -> Option<Id> {
        self.created.first().copied()
    }

    fn from_outcome(outcome: Outcome, show: Show) -> Done {
        Done {
            label: outcome.label,
            created: outcome.ids,
            show,
        }
    }

    /// A message only: for actions that change files, not the project.
    pub fn said(label: impl Into<String>) -> Done {
        Done {
            label: label.into(),
            ..Done::default()
        }
    }
}

/// Run one store command as one undo step.
fn run(project: &mut Project, cmd: Command) -> Result<Done> {
    Ok(Done::from_outcome(project.execute(cmd)?, Show::Here))
}

/// Run one store command, then show what it created.
fn run_showing(project: &mut Project, cmd: Command, show: fn(Id) -> Show) -> Result<Done> {
    let outcome = project.execute(cmd)?;
    let next = outcome.id().map_or(Show::Here, show);
    Ok(Done::from_outcome(outcome, next))
}

/// Several commands as one undo step with its own label.
fn run_as_one(project: &mut Project, label: String, commands: Vec<Command>) -> Result<Done> {
    run(project, Command::Batch { label, commands })
}

/// Undo the last change: `Some(label)` of what was undone.
pub fn undo(project: &mut Project) -> Result<Option<String>> {
    project.undo()
}

/// Redo the last undone change.
pub fn redo(project: &mut Project) -> Result<Option<String>> {
    project.redo()
}
