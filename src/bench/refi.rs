//! `tema bench refi`: REFI-QDA `.qdpx` export and import of a generated
//! project.

use super::{TempDir, corpus, ms};
use crate::export::{export_qdpx, import_qdpx};
use anyhow::Result;
use std::fmt::Write as _;
use std::time::Instant;

/// Export and import a `.qdpx` of `n_docs` generated transcripts of
/// `chars` characters with `n_codings` codings (`tema bench refi`: 200 ×
/// 55,000, 20,000 codings). Run in release.
pub fn run(n_docs: usize, chars: usize, n_codings: usize) -> Result<String> {
    let tmp = TempDir::new()?;
    let project = corpus::project(tmp.path(), n_docs, chars, n_codings, 60)?;
    let total_chars: usize = project.documents()?.iter().map(|d| d.chars).sum();

    let mut out = String::new();
    writeln!(
        out,
        "tema bench refi: {n_docs} transcripts x {chars} chars ({:.1} M chars), {n_codings} codings",
        total_chars as f64 / 1e6
    )?;
    let file = tmp.join("bench.qdpx");
    let t = Instant::now();
    export_qdpx(&project, &file, false)?;
    let export = t.elapsed();
    let size = std::fs::metadata(&file)?.len();
    writeln!(
        out,
        "  export .qdpx: {:>8.0} ms  ({:.1} MB)  target < 5000 ms",
        ms(export),
        size as f64 / 1e6
    )?;
    let t = Instant::now();
    let report = import_qdpx(&file, &tmp.join("imported"))?;
    let import = t.elapsed();
    writeln!(
        out,
        "  import .qdpx into a new project: {:>8.0} ms  ({} documents, {} codings)  target < 5000 ms",
        ms(import),
        report.documents,
        report.codings
    )?;
    Ok(out)
}
