//! Notes and memos: familiarisation notes and memos on documents, memos on
//! codes, notes on the project.

use super::{Done, run};
use crate::Project;
use crate::model::{Id, NoteKind};
use crate::store::Command;
use anyhow::{Result, bail};

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Project,
    Document(Id),
    /// A familiarisation note on a document (phase 1).
    Familiarisation(Id),
    Code(Id),
}

impl About {
    /// From the CLI's flags: a document, a code, or neither.
    pub fn of(doc: Option<Id>, code: Option<Id>, familiarisation: bool) -> Result<About> {
        Ok(match (doc, code, familiarisation) {
            (Some(d), None, true) => About::Familiarisation(d),
            (Some(d), None, false) => About::Document(d),
            (None, Some(c), false) => About::Code(c),
            (None, None, false) => About::Project,
            _ => bail!("a note belongs to one document, one code, or the project"),
        })
    }
}

pub fn add(project: &mut Project, about: About, text: &str) -> Result<Done> {
    let (kind, doc, code) = match about {
        About::Project => (NoteKind::Project, None, None),
        About::Document(d) => (NoteKind::Document, Some(d), None),
        About::Familiarisation(d) => (NoteKind::Familiarisation, Some(d), None),
        About::Code(c) => (NoteKind::Code, None, Some(c)),
    };
    let text = text.to_string();
    run(
        project,
        Command::AddNote {
            kind,
            doc,
            code,
            text,
        },
    )
}

pub fn edit(project: &mut Project, note: Id, text: &str) -> Result<Done> {
    let text = text.to_string();
    run(project, Command::EditNote { note, text })
}

pub fn delete(project: &mut Project, note: Id) -> Result<Done> {
    run(project, Command::DeleteNote { note })
}
