//! Coders: who made each change. The project's current coder is set after
//! opening (`Project::set_coder`); from then on every coding, note, theme
//! history row, journal entry and log entry the store writes records it,
//! through the SQL function `tema_coder()` that the insert statements call.

use super::Project;
use crate::model::{Coder, Id};
use anyhow::Result;
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The current coder's row id, shared with the connection's `tema_coder()`
/// (0: nobody is set, the function returns NULL).
#[derive(Clone, Default)]
pub(super) struct CurrentCoder(Arc<AtomicI64>);

impl CurrentCoder {
    fn get(&self) -> Option<Id> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&id| id != 0)
    }

    fn set(&self, id: Option<Id>) {
        self.0.store(id.unwrap_or(0), Ordering::Relaxed);
    }

    /// Make `tema_coder()` available to this connection's statements.
    pub(super) fn install(&self, conn: &Connection) -> Result<()> {
        let current = self.clone();
        conn.create_scalar_function(
            "tema_coder",
            0,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8,
            move |_| Ok(current.get()),
        )?;
        Ok(())
    }
}

/// The coders row for `coder`: by uuid, else by name (the same analyst
/// named by `--coder` in two copies); a coder not yet known is added.
pub(super) fn register(conn: &Connection, coder: &Coder) -> Result<Id> {
    if let Some(id) = find(conn, coder)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO coders(uuid, name, initials, colour) VALUES (?1, ?2, ?3, ?4)",
        params![coder.uuid, coder.name.trim(), coder.initials, coder.colour],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(super) fn find(conn: &Connection, coder: &Coder) -> Result<Option<Id>> {
    let by_uuid = conn
        .query_row(
            "SELECT id FROM coders WHERE uuid = ?1",
            [&coder.uuid],
            |r| r.get(0),
        )
        .optional()?;
    if by_uuid.is_some() {
        return Ok(by_uuid);
    }
    Ok(conn
        .query_row(
            "SELECT id FROM coders WHERE lower(name) = lower(?1) ORDER BY id LIMIT 1",
            [coder.name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

impl Project {
    /// Who makes the changes from now on (None: nobody in particular). The
    /// coder joins the project's coders with the first change they make —
    /// outside the undo history, like a setting: undo never forgets who
    /// somebody is, and reading a project never writes to it.
    pub fn set_coder(&mut self, coder: Option<Coder>) -> Result<()> {
        let known = match &coder {
            Some(c) => find(&self.conn, c)?,
            None => None,
        };
        self.current_coder.set(known);
        self.coder = coder;
        Ok(())
    }

    /// Add the current coder to the project if this is their first change.
    /// (Again, if undoing a merge took away the coders row found at open.)
    pub(super) fn register_coder(&mut self) -> Result<()> {
        let Some(c) = &self.coder else {
            return Ok(());
        };
        let known = match self.current_coder.get() {
            Some(id) => self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM coders WHERE id = ?1)",
                [id],
                |r| r.get::<_, bool>(0),
            )?,
            None => false,
        };
        if !known {
            let id = register(&self.conn, c)?;
            self.current_coder.set(Some(id));
        }
        Ok(())
    }

    /// The current coder, if one is set.
    pub fn coder(&self) -> Option<&Coder> {
        self.coder.as_ref()
    }

    /// Every coder of the project with their row id, in the order they joined.
    pub fn coders(&self) -> Result<Vec<(Id, Coder)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, uuid, name, initials, colour FROM coders ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get(0)?,
                Coder {
                    uuid: r.get(1)?,
                    name: r.get(2)?,
                    initials: r.get(3)?,
                    colour: r.get(4)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The id of the coder called `name` (case-insensitive).
    pub fn resolve_coder(&self, name: &str) -> Result<Id> {
        let lower = name.trim().to_lowercase();
        self.coders()?
            .into_iter()
            .find(|(_, c)| c.name.to_lowercase() == lower || c.uuid == name.trim())
            .map(|(id, _)| id)
            .ok_or_else(|| anyhow::anyhow!("no coder called '{}' in this project", name.trim()))
    }
}
