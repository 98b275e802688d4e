//! Global undo/redo that survives restarts.
//!
//! This is SQLite's classic trigger-based undo log: on every connection we
//! install TEMP triggers on each undoable table that write, for every row a
//! command inserts, updates or deletes, the SQL statement that reverses it.
//! After a command runs, the captured statements are stored with the command
//! in `log_steps`. Undo runs them in reverse order — and while it does, the
//! same triggers capture the statements that redo it. The log therefore
//! covers every kind of change, present and future, with no hand-written
//! inverse to get wrong: a new table is undoable the moment it exists.
//!
//! The same triggers append `(table, rowid)` to `log_changes`, the feed that
//! derived data (the search index) follows to catch up.

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, Transaction, params};

/// Tables that are not part of the analysis: the log itself and local UI state.
fn is_undoable(table: &str) -> bool {
    !(table.starts_with("log_") || table.starts_with("local_") || table.starts_with("sqlite_"))
}

/// Install the capture table and the undo triggers on this connection.
pub fn install(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS undo_capture (n INTEGER PRIMARY KEY, sql TEXT NOT NULL);",
    )?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables.iter().filter(|t| is_undoable(t)) {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        conn.execute_batch(&triggers_for(table, &columns))
            .with_context(|| format!("installing undo triggers on {table}"))?;
    }
    Ok(())
}

/// The three triggers of one table. Each writes a statement that reverses the
/// row change, with values inlined through `quote()`.
fn triggers_for(table: &str, columns: &[String]) -> String {
    let q = |c: &String| format!("'\"{c}\"='||quote(old.\"{c}\")");
    let set_old = columns.iter().map(q).collect::<Vec<_>>().join("||','||");
    let col_list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(",");
    let old_values = columns
        .iter()
        .map(|c| format!("quote(old.\"{c}\")"))
        .collect::<Vec<_>>()
        .join("||','||");
    let feed = |row: &str| change_feed_insert(table, columns, row);
    let (feed_new, feed_old) = (feed("new"), feed("old"));
    format!(
        "DROP TRIGGER IF EXISTS temp.\"undo_{table}_i\";
         DROP TRIGGER IF EXISTS temp.\"undo_{table}_u\";
         DROP TRIGGER IF EXISTS temp.\"undo_{table}_d\";
         CREATE TEMP TRIGGER \"undo_{table}_i\" AFTER INSERT ON main.\"{table}\" BEGIN
           INSERT INTO undo_capture(sql) VALUES ('DELETE FROM \"{table}\" WHERE rowid='||new.rowid);
           {feed_new}
         END;
         CREATE TEMP TRIGGER \"undo_{table}_u\" AFTER UPDATE ON main.\"{table}\" BEGIN
           INSERT INTO undo_capture(sql) VALUES ('UPDATE \"{table}\" SET '||{set_old}||' WHERE rowid='||old.rowid);
           {feed_old}
           {feed_new}
         END;
         CREATE TEMP TRIGGER \"undo_{table}_d\" BEFORE DELETE ON main.\"{table}\" BEGIN
           INSERT INTO undo_capture(sql) VALUES ('INSERT INTO \"{table}\"(rowid,{col_list}) VALUES('||old.rowid||','||{old_values}||')');
           {feed_old}
         END;"
    )
}

/// The statement that appends a row change to the change feed, naming the
/// document, code, participant and theme it belongs to where the table has
/// such a column (the documents table's own rowid is its document).
fn change_feed_insert(table: &str, columns: &[String], row: &str) -> String {
    let owner = |column: &str, own_table: &str| {
        if columns.iter().any(|c| c == column) {
            format!("{row}.\"{column}\"")
        } else if table == own_table {
            format!("{row}.rowid")
        } else {
            "NULL".to_string()
        }
    };
    format!(
        "INSERT INTO main.log_changes(tbl, row_id, document_id, code_id, participant_id, theme_id) VALUES ('{table}', {row}.rowid, {}, {}, {}, {});",
        owner("document_id", "documents"),
        owner("code_id", "codes"),
        owner("participant_id", "participants"),
        owner("theme_id", "themes"),
    )
}

/// Start capturing: forget what an earlier, rolled-back transaction captured.
pub fn begin(tx: &Transaction) -> Result<()> {
    tx.execute("DELETE FROM temp.undo_capture", [])?;
    Ok(())
}

/// Whether the running transaction has changed any undoable row.
pub fn captured_anything(tx: &Transaction) -> Result<bool> {
    Ok(
        tx.query_row("SELECT EXISTS (SELECT 1 FROM temp.undo_capture)", [], |r| {
            r.get(0)
        })?,
    )
}

/// Record a finished command: drop the redo branch (a new change makes the
/// undone future unreachable) and keep the captured inverse statements.
pub fn record(tx: &Transaction, label: &str, command_json: &str, now: &str) -> Result<i64> {
    tx.execute(
        "DELETE FROM log_steps WHERE seq IN (SELECT seq FROM log_commands WHERE state = 'undone')",
        [],
    )?;
    tx.execute("DELETE FROM log_commands WHERE state = 'undone'", [])?;
    tx.execute(
        "INSERT INTO log_commands(label, command, state, created_at, coder_id) VALUES (?1, ?2, 'done', ?3, tema_coder())",
        params![label, command_json, now],
    )?;
    let seq = tx.last_insert_rowid();
    store_captured(tx, seq)?;
    Ok(seq)
}

fn store_captured(tx: &Transaction, seq: i64) -> Result<()> {
    tx.execute("DELETE FROM log_steps WHERE seq = ?1", [seq])?;
    tx.execute(
        "INSERT INTO log_steps(seq, n, sql) SELECT ?1, n, sql FROM temp.undo_capture ORDER BY n",
        [seq],
    )?;
    tx.execute("DELETE FROM temp.undo_capture", [])?;
    Ok(())
}

/// Which way to travel through the log.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Undo,
    Redo,
}

impl Direction {
    fn verb(self) -> &'static str {
        match self {
            Direction::Undo => "undo",
            Direction::Redo => "redo",
        }
    }
}

/// The command that undo (or redo) would act on next: its seq and label.
pub fn next(conn: &Connection, dir: Direction) -> Result<Option<(i64, String)>> {
    let sql = match dir {
        Direction::Undo => {
            "SELECT seq, label FROM log_commands WHERE state = 'done' ORDER BY seq DESC LIMIT 1"
        }
        Direction::Redo => {
            "SELECT seq, label FROM log_commands WHERE state = 'undone' ORDER BY seq ASC LIMIT 1"
        }
    };
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    Ok(match rows.next()? {
        Some(r) => Some((r.get(0)?, r.get(1)?)),
        None => None,
    })
}

/// Replay one command's stored steps backwards, in one transaction, and
/// keep the steps that reverse the replay. Returns the command's label.
pub fn travel(conn: &mut Connection, dir: Direction) -> Result<Option<String>> {
    // Decide what to travel to inside the write transaction: another process
    // (the CLI beside the GUI) may have undone it a moment ago.
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some((seq, label)) = next(&tx, dir)? else {
        return Ok(None);
    };
    // Rows come back in the order of the original change; foreign keys are
    // checked once at commit, as in the original transaction.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    begin(&tx)?;
    let steps: Vec<String> = tx
        .prepare("SELECT sql FROM log_steps WHERE seq = ?1 ORDER BY n DESC")?
        .query_map([seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for step in &steps {
        let changed = tx
            .execute(step, [])
            .with_context(|| format!("replaying step of '{label}'"))?;
        // Each step names one row by its id (rows changed by triggers do not
        // count). A step that finds no row means the project was changed
        // outside the log: stop rather than diverge silently.
        if changed != 1 {
            bail!(
                "cannot {} '{label}': the project was changed outside tema's history",
                dir.verb()
            );
        }
    }
    store_captured(&tx, seq)?;
    let state = if dir == Direction::Undo {
        "undone"
    } else {
        "done"
    };
    tx.execute(
        "UPDATE log_commands SET state = ?1 WHERE seq = ?2",
        params![state, seq],
    )?;
    tx.commit()?;
    Ok(Some(label))
}
