//! What REFI-QDA export and import read beyond the ordinary queries.
//!
//! Tables added by later migrations (themes, the reflexive journal) are read
//! only when they exist and their columns are found by name, so interchange
//! works with a project of any schema version.

use super::Project;
use crate::model::Id;
use anyhow::{Context, Result};

/// A theme as the themes migration stores it (`themes(id, uuid, name,
/// status, definition, ...)`, `theme_codes(theme_id, code_id)`).
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeInfo {
    pub id: Id,
    pub uuid: String,
    pub name: String,
    pub status: String,
    pub definition: String,
    /// Ids of the codes in the theme.
    pub codes: Vec<Id>,
}

/// One entry of the reflexive journal as interchange writes it; empty
/// strings where the table lacks the column.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalRow {
    pub rowid: i64,
    pub uuid: String,
    pub day: String,
    pub created: String,
    pub text: String,
}

/// A document linked to a participant: (document uuid, participant uuid).
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentLink {
    pub document_uuid: String,
    pub participant_uuid: String,
}

/// How many rows of each kind a project holds (what an import reports).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RowCounts {
    pub documents: usize,
    pub codes: usize,
    pub codings: usize,
    pub participants: usize,
    pub notes: usize,
    pub themes: usize,
}

impl Project {
    /// Whether the project database has a table (a later migration's).
    pub fn table_exists(&self, table: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// The table holding the reflexive journal, when a migration has made one.
    pub fn journal_table(&self) -> Result<Option<&'static str>> {
        for t in ["journal", "journal_entries"] {
            if self.table_exists(t)? {
                return Ok(Some(t));
            }
        }
        Ok(None)
    }

    /// Column names of a table.
    fn columns(&self, table: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// When the project was created (RFC 3339).
    pub fn created_at(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT created_at FROM project WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }

    /// The project's themes for interchange, or none when the themes table
    /// does not exist yet.
    pub fn interchange_themes(&self) -> Result<Vec<ThemeInfo>> {
        if !self.table_exists("themes")? {
            return Ok(Vec::new());
        }
        let mut themes = self.theme_table_rows()?;
        if self.table_exists("theme_codes")? {
            let mut stmt = self
                .conn
                .prepare("SELECT theme_id, code_id FROM theme_codes ORDER BY rowid")?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))? {
                let (theme, code) = row?;
                if let Some(t) = themes.iter_mut().find(|t| t.id == theme) {
                    t.codes.push(code);
                }
            }
        }
        Ok(themes)
    }

    /// The themes table's rows, reading only the columns it has.
    fn theme_table_rows(&self) -> Result<Vec<ThemeInfo>> {
        let cols = self.columns("themes")?;
        let col = |name: &str| {
            if cols.iter().any(|c| c == name) {
                format!("ifnull({name}, '')")
            } else {
                "''".to_string()
            }
        };
        let order = if cols.iter().any(|c| c == "position") {
            "position, id"
        } else {
            "id"
        };
        let sql = format!(
            "SELECT id, {}, {}, {}, {} FROM themes ORDER BY {order}",
            col("uuid"),
            col("name"),
            col("status"),
            col("definition")
        );
        let themes = self
            .conn
            .prepare(&sql)
            .context("reading themes")?
            .query_map([], |r| {
                Ok(ThemeInfo {
                    id: r.get(0)?,
                    uuid: r.get(1)?,
                    name: r.get(2)?,
                    status: r.get(3)?,
                    definition: r.get(4)?,
                    codes: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(themes)
    }

    /// Which participant is linked to which document, in document order.
    pub fn document_links(&self) -> Result<Vec<DocumentLink>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.uuid, p.uuid FROM document_participants dp
             JOIN documents d ON d.id = dp.document_id JOIN participants p ON p.id = dp.participant_id
             ORDER BY d.position, d.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DocumentLink {
                document_uuid: r.get(0)?,
                participant_uuid: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Entries of the reflexive journal by day, when the journal table
    /// exists (migration 0002); its columns are found by name.
    pub fn journal_rows(&self) -> Result<Vec<JournalRow>> {
        let Some(table) = self.journal_table()? else {
            return Ok(Vec::new());
        };
        let cols = self.columns(table)?;
        let pick = |names: &[&str]| {
            names
                .iter()
                .find(|n| cols.iter().any(|c| c == *n))
                .map(|n| n.to_string())
        };
        let Some(text) = pick(&["text", "body", "content", "entry"]) else {
            return Ok(Vec::new());
        };
        let day = pick(&["entry_date", "date", "created_at"]).unwrap_or("''".into());
        let created = pick(&["created_at", "updated_at"]).unwrap_or("''".into());
        let uuid = pick(&["uuid"]).unwrap_or("''".into());
        let sql = format!(
            "SELECT rowid, ifnull({uuid}, ''), ifnull({day}, ''), ifnull({created}, ''), ifnull({text}, '')
             FROM {table} ORDER BY {day}, rowid"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(JournalRow {
                rowid: r.get(0)?,
                uuid: r.get(1)?,
                day: r.get(2)?,
                created: r.get(3)?,
                text: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Rows of documents, codes, codings, participants, notes and themes.
    pub fn row_counts(&self) -> Result<RowCounts> {
        let count = |table: &str| -> Result<usize> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
                    r.get::<_, i64>(0)
                })? as usize)
        };
        Ok(RowCounts {
            documents: count("documents")?,
            codes: count("codes")?,
            codings: count("codings")?,
            participants: count("participants")?,
            notes: count("notes")?,
            themes: count("themes")?,
        })
    }
}
