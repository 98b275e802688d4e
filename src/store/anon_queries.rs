//! What anonymisation reads: the reviewer's stored decisions and rules, the
//! texts to review (transcripts and every text field outside them), and the
//! audit trail of earlier apply runs.
//!
//! Review, share and the plan of `anon apply` all read through
//! [`AnonReads`]. Apply plans inside its own write transaction (so an edit
//! made meanwhile is planned against, never overwritten): [`AnonTx`] gives
//! it the reads of that transaction and runs its writes there.
//!
//! Rows come back as stored (kinds and statuses as text); anonymisation
//! decides what an unknown value means.

use super::{Command, Outcome, Project};
use crate::anonymise::{AuditRow, Kind};
use anyhow::Result;
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use std::collections::HashSet;

/// Reads of the anonymisation tables and texts, on the project as it
/// stands or inside a write transaction.
#[derive(Clone, Copy)]
pub struct AnonReads<'a> {
    conn: &'a Connection,
}

/// The write transaction `Command::Anon` apply runs in.
pub struct AnonTx<'a> {
    tx: &'a Transaction<'a>,
}

impl<'a, 'c: 'a> From<&'a Transaction<'c>> for AnonTx<'a> {
    fn from(tx: &'a Transaction<'c>) -> Self {
        AnonTx { tx }
    }
}

impl AnonTx<'_> {
    /// Reads that see this transaction's own writes.
    pub fn reads(&self) -> AnonReads<'_> {
        AnonReads { conn: self.tx }
    }

    /// Run one command inside this transaction (undo records the whole
    /// transaction as one change).
    pub fn run(&self, cmd: &Command) -> Result<Outcome> {
        super::commands::run(self.tx, cmd)
    }
}

impl Project {
    /// Anonymisation reads on the project as it stands.
    pub fn anon_reads(&self) -> AnonReads<'_> {
        AnonReads { conn: &self.conn }
    }
}

/// A stored decision about an entity (`anon_entities`).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDecisionRow {
    pub kind: String,
    pub entity: String,
    pub status: String,
    pub source: String,
    pub number: Option<i64>,
    pub replacement: Option<String>,
}

/// A stored decision about one occurrence (`anon_occurrences`).
#[derive(Debug, Clone, PartialEq)]
pub struct OccurrenceDecisionRow {
    pub doc: i64,
    pub start: i64,
    pub end: i64,
    pub text: String,
    pub status: String,
    pub replacement: Option<String>,
}

/// A stored replacement rule (`anon_rules`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleRow {
    pub id: i64,
    pub original: String,
    pub replacement: String,
    pub kind: String,
    pub whole_word: bool,
    pub case_sensitive: bool,
    pub inflect: bool,
}

/// What an earlier apply run replaced: (kind, entity, original).
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedForm {
    pub kind: String,
    pub entity: String,
    pub original: String,
}

/// One non-empty text value of a column apply may rewrite.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFieldRow {
    pub table: String,
    pub column: String,
    pub row: i64,
    pub value: String,
    /// The document the row belongs to, where the table has one.
    pub doc: Option<i64>,
}

/// One line of the link key.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct KeyEntry {
    pub kind: String,
    pub entity: String,
    pub original: String,
    pub replacement: String,
    pub count: i64,
}

/// What one apply run replaced, counted from its audit rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AuditRunCounts {
    pub documents: usize,
    pub replacements: usize,
    pub fields: usize,
}

impl AnonReads<'_> {
    pub fn entity_decisions(&self) -> Result<Vec<EntityDecisionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, entity, status, source, number, replacement FROM anon_entities ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EntityDecisionRow {
                kind: r.get(0)?,
                entity: r.get(1)?,
                status: r.get(2)?,
                source: r.get(3)?,
                number: r.get(4)?,
                replacement: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn occurrence_decisions(&self) -> Result<Vec<OccurrenceDecisionRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT document_id, start, end, text, status, replacement FROM anon_occurrences",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OccurrenceDecisionRow {
                doc: r.get(0)?,
                start: r.get(1)?,
                end: r.get(2)?,
                text: r.get(3)?,
                status: r.get(4)?,
                replacement: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn rules(&self) -> Result<Vec<RuleRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, original, replacement, kind, whole_word, case_sensitive, inflect FROM anon_rules ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(RuleRow {
                id: r.get(0)?,
                original: r.get(1)?,
                replacement: r.get(2)?,
                kind: r.get(3)?,
                whole_word: r.get(4)?,
                case_sensitive: r.get(5)?,
                inflect: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replacements already in the texts (from earlier apply runs).
    pub fn applied_labels(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT replacement FROM anon_audit")?;
        let labels = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(labels)
    }

    /// Every distinct (kind, entity, original) earlier apply runs replaced.
    pub fn applied_forms(&self) -> Result<Vec<AppliedForm>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT kind, entity, original FROM anon_audit
             WHERE entity IS NOT NULL AND original IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AppliedForm {
                kind: r.get(0)?,
                entity: r.get(1)?,
                original: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every original replaced so far.
    pub fn replaced_originals(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT original FROM anon_audit WHERE original IS NOT NULL")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every document's id and text, in document order.
    pub fn document_texts(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, text FROM documents ORDER BY position, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The `(table, column)`s apply may rewrite (see `scrub_columns`).
    pub fn scrub_columns(&self) -> Result<Vec<(String, String)>> {
        crate::anonymise::ops::scrub_columns(self.conn)
    }

    /// Every non-empty text value of every column apply may rewrite, by
    /// column and then row.
    pub fn text_fields(&self) -> Result<Vec<TextFieldRow>> {
        let mut out = Vec::new();
        for (table, column) in self.scrub_columns()? {
            let doc_col = if table == "documents" {
                Some("rowid")
            } else if self.has_column(&table, "document_id")? {
                Some("document_id")
            } else {
                None
            };
            let mut stmt = self.conn.prepare(&format!(
                "SELECT rowid, \"{column}\", {} FROM \"{table}\"
                 WHERE typeof(\"{column}\") = 'text' AND trim(\"{column}\") <> '' ORDER BY rowid",
                doc_col.unwrap_or("NULL")
            ))?;
            let rows = stmt.query_map([], |r| {
                Ok(TextFieldRow {
                    table: table.clone(),
                    column: column.clone(),
                    row: r.get(0)?,
                    value: r.get(1)?,
                    doc: r.get(2)?,
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    fn has_column(&self, table: &str, column: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2",
            [table, column],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }
}

impl Project {
    /// The link key: every original replaced so far, with its replacement.
    pub fn link_key(&self) -> Result<Vec<KeyEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, ifnull(entity, ''), original, replacement, count(*) FROM anon_audit
             WHERE original IS NOT NULL GROUP BY kind, entity, original, replacement ORDER BY kind, entity, original",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(KeyEntry {
                kind: r.get(0)?,
                entity: r.get(1)?,
                original: r.get(2)?,
                replacement: r.get(3)?,
                count: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Documents, replacements and fields of one apply run.
    pub fn audit_run_counts(&self, run: &str) -> Result<AuditRunCounts> {
        Ok(self.conn.query_row(
            "SELECT count(DISTINCT CASE WHEN tbl = 'documents' AND col = 'text' THEN document_id END),
                    count(*),
                    count(DISTINCT CASE WHEN NOT (tbl = 'documents' AND col = 'text') THEN tbl || '.' || col || ':' || row_id END)
             FROM anon_audit WHERE run = ?1",
            [run],
            |r| {
                Ok(AuditRunCounts {
                    documents: r.get::<_, i64>(0)? as usize,
                    replacements: r.get::<_, i64>(1)? as usize,
                    fields: r.get::<_, i64>(2)? as usize,
                })
            },
        )?)
    }

    /// The audit trail, oldest first.
    pub fn anon_audit(&self) -> Result<Vec<AuditRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT tbl, col, row_id, document_id, start, end, original, replacement, kind, entity, at, run
             FROM anon_audit ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(8)?;
            Ok(AuditRow {
                tbl: r.get(0)?,
                col: r.get(1)?,
                row_id: r.get(2)?,
                document_id: r.get(3)?,
                start: r.get::<_, Option<i64>>(4)?.map(|v| v as usize),
                end: r.get::<_, Option<i64>>(5)?.map(|v| v as usize),
                original: r.get(6)?,
                replacement: r.get(7)?,
                kind: Kind::parse(&kind).unwrap_or(Kind::Person),
                entity: r.get(9)?,
                at: r.get(10)?,
                run: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
