//! Export and interchange: REFI-QDA projects (`.qdpx`) and codebooks
//! (`.qdc`) both ways, and tables of the codebook and the coded quotes (CSV,
//! XLSX), and the thematic map as SVG or PNG.
//!
//! Tables added by later migrations (themes, the reflexive journal) are read
//! with raw SQL when they exist, so this module works with and without them.

pub mod map;
pub mod refi;
pub mod tables;

pub use refi::{
    ImportReport, SetSpec, export_qdc, export_qdpx, import_qdc, import_qdpx, import_qdpx_with,
    qdpx_bytes, sets,
};
pub use tables::{codebook_csv, codings_csv, codings_xlsx};

use crate::Project;
use crate::model::Id;
use anyhow::{Context, Result};
use std::path::Path;

/// Whether the project database has a table (a later migration's).
pub fn table_exists(project: &Project, table: &str) -> Result<bool> {
    Ok(project.conn().query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [table],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

/// The table holding the reflexive journal, when a migration has made one.
pub fn journal_table(project: &Project) -> Result<Option<&'static str>> {
    for t in ["journal", "journal_entries"] {
        if table_exists(project, t)? {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// Column names of a table.
pub(crate) fn columns(project: &Project, table: &str) -> Result<Vec<String>> {
    let mut stmt = project
        .conn()
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}

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

/// The project's themes, or none when the themes table does not exist yet.
pub fn themes(project: &Project) -> Result<Vec<ThemeInfo>> {
    if !table_exists(project, "themes")? {
        return Ok(Vec::new());
    }
    let cols = columns(project, "themes")?;
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
    let mut themes: Vec<ThemeInfo> = project
        .conn()
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
    if table_exists(project, "theme_codes")? {
        let mut stmt = project
            .conn()
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

/// Write `bytes` to `path` through a temporary file beside it, so a failed
/// export never leaves half a file under the name the user chose.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .with_context(|| format!("'{}' is not a file name", path.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing '{}'", path.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::anyhow!("writing '{}': {e}", path.display())
    })
}
