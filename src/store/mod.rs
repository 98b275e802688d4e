//! The project store: one directory holding `project.db` (SQLite, the single
//! source of truth) and `index/` (the derived search index).
//!
//! Every change goes through [`Project::execute`] as a [`Command`], in one
//! transaction, logged with its inverse for undo. Reads are plain queries
//! returning the structs of [`crate::model`].

mod analysis;
pub mod anon_ops;
mod anon_queries;
mod check;
mod coders;
mod commands;
mod feed;
mod interchange;
mod merge;
mod migrate;
mod passes;
mod queries;
mod shared_copy;
mod themes;
mod undo;

pub use analysis::{CHECKLIST, FEW_EXTRACTS, JournalFilter};
pub use anon_queries::{
    AnonReads, AnonTx, AppliedForm, AuditRunCounts, EntityDecisionRow, KeyEntry,
    OccurrenceDecisionRow, RuleRow, TextFieldRow,
};
pub use check::Problem;
pub use commands::{
    Command, Interchange, KeyedCode, KeyedCoding, KeyedNote, KeyedTheme, NewDocument,
    NewParticipant, Outcome,
};
pub use feed::{ProjectNoteText, ThemeText};
pub use interchange::{DocumentLink, JournalRow, RowCounts, ThemeInfo};
pub use merge::{Conflict, MergeReport, MergeSource, Resolve};
pub use migrate::SCHEMA_VERSION;
pub use queries::{
    CodingExtent, CodingFilter, ParticipantLocator, code_tree, id_list, is_interviewer,
};
pub use shared_copy::{TextValue, compact_copy, for_each_text_value};
pub use themes::{PHASES, ThemeCommand, phase_name};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub const DB_FILE: &str = "project.db";
pub const INDEX_DIR: &str = "index";

/// An open project.
pub struct Project {
    dir: PathBuf,
    conn: Connection,
    /// Who makes the changes (see `coders`).
    current_coder: coders::CurrentCoder,
    coder: Option<crate::model::Coder>,
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Project {
    /// Create a new, empty project in `dir` (which must not hold a project).
    pub fn create(dir: &Path, title: &str) -> Result<Project> {
        if dir.join(DB_FILE).exists() {
            bail!("'{}' already holds a tema project", dir.display());
        }
        std::fs::create_dir_all(dir.join(INDEX_DIR))
            .with_context(|| format!("creating project directory '{}'", dir.display()))?;
        let project = Self::open_db(dir, true)?;
        project.conn.execute(
            "INSERT INTO project(id, uuid, title, created_at) VALUES (1, ?1, ?2, ?3)",
            rusqlite::params![uuid::Uuid::new_v4().to_string(), title, now()],
        )?;
        Ok(project)
    }

    /// Open an existing project, migrating an older schema forward.
    pub fn open(dir: &Path) -> Result<Project> {
        if !dir.join(DB_FILE).is_file() {
            bail!(
                "'{}' is not a tema project (no {DB_FILE} in it)",
                dir.display()
            );
        }
        Self::open_db(dir, false)
    }

    fn open_db(dir: &Path, create: bool) -> Result<Project> {
        let path = dir.join(DB_FILE);
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(&path, flags)
            .with_context(|| format!("opening project database '{}'", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL: readers never block the writer, and a crash or kill of tema
        // loses nothing committed. With NORMAL sync an operating-system crash
        // or power cut can lose the last few commits (never the file's
        // consistency); FULL would fsync every coding, while NORMAL keeps one
        // coding well under a millisecond.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if !create && app_id != APPLICATION_ID && migrate::version(&conn)? == 0 {
            bail!("'{}' is not a tema project database", path.display());
        }
        migrate::migrate(&mut conn).with_context(|| format!("opening '{}'", dir.display()))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        // The rule for who speaks where lives in Rust (`is_interviewer`);
        // SQL that counts speakers calls the same function.
        conn.create_scalar_function(
            "tema_is_interviewer",
            1,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                Ok(ctx
                    .get::<Option<String>>(0)?
                    .is_some_and(|l| is_interviewer(&l)))
            },
        )?;
        undo::install(&conn)?;
        let current_coder = coders::CurrentCoder::default();
        current_coder.install(&conn)?;
        Ok(Project {
            dir: dir.to_path_buf(),
            conn,
            current_coder,
            coder: None,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.join(INDEX_DIR)
    }

    /// The raw connection, for the store's own modules only: everything
    /// else reads through typed queries (`tests/store_owns_sql.rs`).
    pub(in crate::store) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run one change as one transaction and log it for undo.
    pub fn execute(&mut self, cmd: Command) -> Result<Outcome> {
        self.register_coder()?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        undo::begin(&tx)?;
        let outcome = commands::run(&tx, &cmd)?;
        if undo::captured_anything(&tx)? {
            let seq = undo::record(&tx, &outcome.label, &cmd.log_json(), &now())?;
            passes::record_counts(&tx, seq)?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Undo the last change; returns its label, or None when nothing is left.
    pub fn undo(&mut self) -> Result<Option<String>> {
        undo::travel(&mut self.conn, undo::Direction::Undo)
    }

    /// Redo the last undone change.
    pub fn redo(&mut self) -> Result<Option<String>> {
        undo::travel(&mut self.conn, undo::Direction::Redo)
    }

    /// What undo would undo ("apply code 'Tillit'").
    pub fn undo_label(&self) -> Result<Option<String>> {
        Ok(undo::next(&self.conn, undo::Direction::Undo)?.map(|(_, l)| l))
    }

    pub fn redo_label(&self) -> Result<Option<String>> {
        Ok(undo::next(&self.conn, undo::Direction::Redo)?.map(|(_, l)| l))
    }

    /// The newest entry of the change feed: derived data that has seen this
    /// revision is up to date.
    pub fn revision(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT ifnull(max(id), 0) FROM log_changes", [], |r| {
                r.get(0)
            })?)
    }

    /// Rows changed after `revision`, oldest first.
    pub fn changes_since(&self, revision: i64) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, tbl, row_id, document_id, code_id, participant_id, theme_id FROM log_changes WHERE id > ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([revision], |r| {
            Ok(Change {
                id: r.get(0)?,
                table: r.get(1)?,
                row: r.get(2)?,
                document: r.get(3)?,
                code: r.get(4)?,
                participant: r.get(5)?,
                theme: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per-machine settings (layout, recent choices); not undoable.
    pub fn local_setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM local_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn set_local_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO local_settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// One row change in the change feed, with what it belonged to.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: i64,
    pub table: String,
    pub row: i64,
    pub document: Option<i64>,
    pub code: Option<i64>,
    pub participant: Option<i64>,
    pub theme: Option<i64>,
}

/// Marks a SQLite file as a tema project ("tema" in ASCII).
const APPLICATION_ID: i64 = 0x7465_6d61;
