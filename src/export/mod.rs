//! Export and interchange: REFI-QDA projects (`.qdpx`) and codebooks
//! (`.qdc`) both ways, and tables of the codebook and the coded quotes (CSV,
//! XLSX), and the thematic map as SVG or PNG.
//!
//! Tables added by later migrations (themes, the reflexive journal) are read
//! through `store::interchange` when they exist, so this module works with
//! and without them.

pub mod map;
pub mod plot;
pub mod refi;
pub mod tables;

pub use crate::store::ThemeInfo;
pub use refi::{
    ImportReport, SetSpec, export_qdc, export_qdpx, import_qdc, import_qdpx, import_qdpx_with,
    qdpx_bytes, sets,
};
pub use tables::{codebook_csv, codings_csv, codings_xlsx};

use crate::Project;
use anyhow::{Context, Result};
use std::path::Path;

/// Whether the project database has a table (a later migration's).
pub fn table_exists(project: &Project, table: &str) -> Result<bool> {
    project.table_exists(table)
}

/// The table holding the reflexive journal, when a migration has made one.
pub fn journal_table(project: &Project) -> Result<Option<&'static str>> {
    project.journal_table()
}

/// The project's themes, or none when the themes table does not exist yet.
pub fn themes(project: &Project) -> Result<Vec<ThemeInfo>> {
    project.interchange_themes()
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
