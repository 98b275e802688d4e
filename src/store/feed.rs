//! What the search index reads to follow the change feed: which documents
//! a changed code, participant or theme touches, and the rows behind the
//! units that are not document text (project notes, themes, journal
//! entries).
//!
//! Themes and the journal come from later migrations: where their tables
//! do not exist the answers are empty.

use super::Project;
use crate::model::Id;
use anyhow::Result;
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// A project note (one not on a document) as the index shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectNoteText {
    pub text: String,
    /// The code a code memo is about.
    pub code: Option<Id>,
}

/// The searchable texts of a theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeText {
    pub name: String,
    pub definition: String,
    pub boundaries: String,
    pub writeup: String,
}

impl Project {
    fn ids(&self, sql: &str, param: Option<Id>) -> Result<Vec<Id>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(param), |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Documents holding a coding with this code.
    pub fn documents_with_code(&self, code: Id) -> Result<Vec<Id>> {
        self.ids(
            "SELECT DISTINCT document_id FROM codings WHERE code_id = ?1",
            Some(code),
        )
    }

    /// Documents a participant is linked to or speaks in.
    pub fn documents_of_participant(&self, participant: Id) -> Result<Vec<Id>> {
        self.ids(
            "SELECT document_id FROM document_participants WHERE participant_id = ?1
             UNION SELECT document_id FROM speakers WHERE participant_id = ?1",
            Some(participant),
        )
    }

    /// Notes about a code (code memos).
    pub fn notes_of_code(&self, code: Id) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM notes WHERE code_id = ?1", Some(code))
    }

    /// Codes in a theme.
    pub fn codes_in_theme(&self, theme: Id) -> Result<Vec<Id>> {
        if !self.table_exists("theme_codes")? {
            return Ok(vec![]);
        }
        self.ids(
            "SELECT code_id FROM theme_codes WHERE theme_id = ?1",
            Some(theme),
        )
    }

    /// Theme names per code, each code's names in name order.
    pub fn theme_names_by_code(&self) -> Result<HashMap<Id, Vec<String>>> {
        let mut out: HashMap<Id, Vec<String>> = HashMap::new();
        if !self.table_exists("theme_codes")? {
            return Ok(out);
        }
        let mut stmt = self.conn.prepare(
            "SELECT tc.code_id, t.name FROM theme_codes tc JOIN themes t ON t.id = tc.theme_id ORDER BY t.name",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
            let (code, theme) = row?;
            out.entry(code).or_default().push(theme);
        }
        Ok(out)
    }

    pub fn code_ids(&self) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM codes", None)
    }

    /// Notes not on a document (document notes go with their document).
    pub fn project_note_ids(&self) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM notes WHERE document_id IS NULL", None)
    }

    pub fn participant_ids(&self) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM participants", None)
    }

    pub fn theme_ids(&self) -> Result<Vec<Id>> {
        if !self.table_exists("themes")? {
            return Ok(vec![]);
        }
        self.ids("SELECT id FROM themes", None)
    }

    pub fn journal_entry_ids(&self) -> Result<Vec<Id>> {
        if !self.table_exists("journal_entries")? {
            return Ok(vec![]);
        }
        self.ids("SELECT id FROM journal_entries", None)
    }

    /// A note not on a document, if it (still) exists.
    pub fn project_note_text(&self, note: Id) -> Result<Option<ProjectNoteText>> {
        Ok(self
            .conn
            .query_row(
                "SELECT text, code_id FROM notes WHERE id = ?1 AND document_id IS NULL",
                [note],
                |r| {
                    Ok(ProjectNoteText {
                        text: r.get(0)?,
                        code: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// A theme's texts, if it (still) exists.
    pub fn theme_text(&self, theme: Id) -> Result<Option<ThemeText>> {
        if !self.table_exists("themes")? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT name, ifnull(definition, ''), ifnull(boundaries, ''), ifnull(writeup, '') FROM themes WHERE id = ?1",
                [theme],
                |r| {
                    Ok(ThemeText {
                        name: r.get(0)?,
                        definition: r.get(1)?,
                        boundaries: r.get(2)?,
                        writeup: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// A journal entry's text, if it (still) exists.
    pub fn journal_entry_text(&self, entry: Id) -> Result<Option<String>> {
        if !self.table_exists("journal_entries")? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT text FROM journal_entries WHERE id = ?1",
                [entry],
                |r| r.get(0),
            )
            .optional()?)
    }
}
