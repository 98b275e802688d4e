//! Schema migrations: numbered SQL files in `migrations/`, embedded in the
//! binary, applied in order inside one transaction. `PRAGMA user_version`
//! records how far a project has come.

use anyhow::{Context, Result, bail};
use rusqlite::Connection;

/// Every migration, in order. Index + 1 is the schema version it produces.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_init", include_str!("../../migrations/0001_init.sql")),
    (
        "0002_themes",
        include_str!("../../migrations/0002_themes.sql"),
    ),
    (
        "0003_anonymise",
        include_str!("../../migrations/0003_anonymise.sql"),
    ),
    (
        "0004_document_listing",
        include_str!("../../migrations/0004_document_listing.sql"),
    ),
    (
        "0005_passes",
        include_str!("../../migrations/0005_passes.sql"),
    ),
    (
        "0006_coders",
        include_str!("../../migrations/0006_coders.sql"),
    ),
];

/// The schema version this build of tema writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Bring the database up to `SCHEMA_VERSION`. A project written by a newer
/// tema is refused rather than silently downgraded.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        bail!(
            "this project was written by a newer version of tema (schema {current}; this tema knows up to {SCHEMA_VERSION}). Update tema to open it."
        );
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {name}"))?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
