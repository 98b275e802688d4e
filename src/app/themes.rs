//! Themes (phases 3-5): candidate themes built from codes, reviewed,
//! promoted to final or discarded (never deleted), merged, split, nested,
//! with definitions, write-ups, key quotes and a history with reasons.

use super::{Done, Show, run, run_as_one};
use crate::Project;
use crate::model::{Id, ThemeStatus};
use crate::store::{Command, ThemeCommand};
use anyhow::Result;

/// What a new theme is.
#[derive(Debug, Clone)]
pub struct NewTheme {
    pub name: String,
    pub status: ThemeStatus,
    /// The central organising concept.
    pub definition: String,
    /// A sub-theme of this theme.
    pub parent: Option<Id>,
    /// Codes it starts with.
    pub codes: Vec<Id>,
}

impl NewTheme {
    /// A candidate theme at the top level, holding `codes`.
    pub fn candidate(name: impl Into<String>, codes: Vec<Id>) -> NewTheme {
        NewTheme {
            name: name.into(),
            status: ThemeStatus::Candidate,
            definition: String::new(),
            parent: None,
            codes,
        }
    }
}

fn theme(project: &mut Project, cmd: ThemeCommand) -> Result<Done> {
    run(project, Command::Theme(cmd))
}

/// Create a theme with its codes, as one step; shows the new theme.
pub fn create(project: &mut Project, new: NewTheme) -> Result<Done> {
    let n = new.codes.len();
    let cmd = Command::Theme(ThemeCommand::CreateTheme {
        name: new.name.clone(),
        status: new.status,
        definition: new.definition,
        parent: new.parent,
        codes: new.codes,
    });
    let done = if n == 0 {
        run(project, cmd)?
    } else {
        let label = format!("create theme '{}' from {n} codes", new.name.trim());
        run_as_one(project, label, vec![cmd])?
    };
    let show = done.id().map_or(Show::Here, Show::Theme);
    Ok(Done { show, ..done })
}

pub fn rename(project: &mut Project, id: Id, name: &str, why: Option<String>) -> Result<Done> {
    let name = name.to_string();
    theme(
        project,
        ThemeCommand::RenameTheme {
            theme: id,
            name,
            why,
        },
    )
}

pub fn add_code(project: &mut Project, id: Id, code: Id, why: Option<String>) -> Result<Done> {
    theme(
        project,
        ThemeCommand::AddCode {
            theme: id,
            code,
            why,
        },
    )
}

pub fn remove_code(project: &mut Project, id: Id, code: Id, why: Option<String>) -> Result<Done> {
    theme(
        project,
        ThemeCommand::RemoveCode {
            theme: id,
            code,
            why,
        },
    )
}

/// Take a code out of one theme and put it into another, as one step.
pub fn move_code(project: &mut Project, code: Id, from: Id, to: Id) -> Result<Done> {
    let code_name = project.code(code)?.name;
    let to_name = project.theme(to)?.name;
    let label = format!("move code '{code_name}' to theme '{to_name}'");
    let add = ThemeCommand::AddCode {
        theme: to,
        code,
        why: None,
    };
    let remove = ThemeCommand::RemoveCode {
        theme: from,
        code,
        why: None,
    };
    let commands = vec![Command::Theme(add), Command::Theme(remove)];
    run_as_one(project, label, commands)
}

/// Promote, discard or revive (candidate), with the reason kept in history.
pub fn set_status(
    project: &mut Project,
    id: Id,
    status: ThemeStatus,
    why: Option<String>,
) -> Result<Done> {
    theme(
        project,
        ThemeCommand::SetStatus {
            theme: id,
            status,
            why,
        },
    )
}

/// Merge `from` into `into`; `from` is discarded, never deleted.
pub fn merge(project: &mut Project, from: Id, into: Id, why: Option<String>) -> Result<Done> {
    let done = theme(project, ThemeCommand::MergeThemes { from, into, why })?;
    Ok(Done {
        show: Show::Theme(into),
        ..done
    })
}

/// Move `codes` of a theme into a new theme `new_name`.
pub fn split(
    project: &mut Project,
    id: Id,
    codes: Vec<Id>,
    new_name: &str,
    why: Option<String>,
) -> Result<Done> {
    let cmd = ThemeCommand::SplitTheme {
        theme: id,
        codes,
        new_name: new_name.to_string(),
        why,
    };
    let done = theme(project, cmd)?;
    let show = done.id().map_or(Show::Here, Show::Theme);
    Ok(Done { show, ..done })
}

/// A change of a theme's texts or colour; None leaves that part alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ThemeTexts {
    pub definition: Option<String>,
    pub boundaries: Option<String>,
    pub writeup: Option<String>,
    pub colour: Option<String>,
}

pub fn edit(project: &mut Project, id: Id, texts: ThemeTexts, why: Option<String>) -> Result<Done> {
    let cmd = ThemeCommand::EditTheme {
        theme: id,
        definition: texts.definition,
        boundaries: texts.boundaries,
        writeup: texts.writeup,
        colour: texts.colour,
        why,
    };
    theme(project, cmd)
}

/// Make a sub-theme of `parent` (None: top level), at `position`.
pub fn move_to(
    project: &mut Project,
    id: Id,
    parent: Option<Id>,
    position: Option<i64>,
) -> Result<Done> {
    let cmd = ThemeCommand::MoveTheme {
        theme: id,
        parent,
        position,
    };
    theme(project, cmd)
}

/// Mark (or unmark) a coding as a key quote of the theme for the report.
pub fn key_quote(project: &mut Project, id: Id, coding: Id, key: bool) -> Result<Done> {
    theme(
        project,
        ThemeCommand::SetKeyQuote {
            theme: id,
            coding,
            key,
        },
    )
}
