//! The database of a shared (anonymised) copy: a fresh SQLite file built
//! from live rows only, without the private tables, and every text value
//! of a database read back for the leak scan.
//!
//! The copy is made with `VACUUM INTO` a scratch file inside the project
//! (the private working copy; nothing private leaves it), the scratch is
//! scrubbed (no undo history, no per-machine state, no link key, no
//! journal unless asked for), then `VACUUM INTO` the target: no free page,
//! WAL or journal holds old text.

use super::Project;
use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

impl Project {
    /// Write the scrubbed copy of the project database to `target` (which
    /// must not exist). The scratch file is removed whatever happens.
    pub fn write_scrubbed_copy(&self, target: &Path, include_journal: bool) -> Result<()> {
        let scratch = self.dir.join(format!(".share-{}.db", uuid::Uuid::new_v4()));
        let result = (|| -> Result<()> {
            self.conn
                .execute("VACUUM INTO ?1", [scratch.to_string_lossy()])
                .context("copying the project database")?;
            let conn = Connection::open_with_flags(
                &scratch,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.pragma_update(None, "journal_mode", "DELETE")?;
            scrub_copy(&conn, include_journal)?;
            conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])
                .context("writing the shared database")?;
            drop(conn);
            Ok(())
        })();
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let mut p = scratch.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
        result
    }
}

/// Tables of the reflexive journal (whatever a migration calls them).
fn journal_tables(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%journal%' AND name NOT LIKE 'sqlite_%'",
    )?;
    Ok(stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Empty the private tables of the scratch copy in one transaction.
fn scrub_copy(conn: &Connection, include_journal: bool) -> Result<()> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for t in &tables {
        if t.starts_with("log_")
            || t.starts_with("local_")
            || t == "anon_entities"
            || t == "anon_occurrences"
            || t == "anon_rules"
        {
            tx.execute(&format!("DELETE FROM \"{t}\""), [])?;
        }
    }
    tx.execute("UPDATE anon_audit SET original = NULL, entity = NULL", [])?;
    if !include_journal {
        for t in journal_tables(&tx)? {
            tx.execute(&format!("DELETE FROM \"{t}\""), [])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Leave the database file at `db` in rollback-journal mode (no WAL beside
/// it) and without free pages.
pub fn compact_copy(db: &Path) -> Result<()> {
    let conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    let free: i64 = conn.query_row("PRAGMA freelist_count", [], |r| r.get(0))?;
    if free != 0 {
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}

/// One text value in a database: `table.column` of row `row`.
#[derive(Debug, Clone, PartialEq)]
pub struct TextValue {
    pub table: String,
    pub column: String,
    pub row: i64,
    pub value: String,
}

/// Call `each` with every text value of every table of the database at
/// `db` (opened read-only), table by table and column by column.
pub fn for_each_text_value(db: &Path, mut each: impl FnMut(TextValue) -> Result<()>) -> Result<()> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let cols: Vec<(String, String)> = conn
        .prepare(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (t, c) in cols {
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid, \"{c}\" FROM \"{t}\" WHERE typeof(\"{c}\") = 'text'"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (row, value) = row?;
            each(TextValue {
                table: t.clone(),
                column: c.clone(),
                row,
                value,
            })?;
        }
    }
    Ok(())
}
