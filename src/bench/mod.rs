//! `tema bench ...`: benchmarks that generate their own data (`corpus`)
//! and print figures. Run them in release: `cargo run --release -- bench import`.
//!
//! The top of the module graph: benchmarks use every other module through
//! its public API, and nothing but the binary calls them.

pub mod anon;
pub mod corpus;
pub mod import;
pub mod merge;
pub mod refi;
pub mod report;
pub mod search;
pub mod themes;
pub mod ui;

use crate::cli::BenchCmd;
use anyhow::Result;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Run one benchmark and print its figures.
pub fn run(what: BenchCmd) -> Result<()> {
    let report = match what {
        BenchCmd::Import {
            docs,
            chars,
            codings,
        } => import::run(docs, chars, codings)?,
        BenchCmd::Search { docs, chars } => {
            let dir = TempDir::new()?;
            search::run(dir.path(), docs, chars)?
        }
        BenchCmd::Themes => themes::run(),
        BenchCmd::Anon => anon::run(200, 55_000, 500)?,
        BenchCmd::Ui { frames } => ui::run(frames)?,
        BenchCmd::Refi => refi::run(200, 55_000, 20_000)?,
        BenchCmd::Report => report::run()?,
        BenchCmd::Merge { codings } => merge::run(200, 55_000, codings)?,
    };
    print!("{report}");
    Ok(())
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The p-th percentile (0..=100) of some durations, in ms.
pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p / 100.0).round() as usize;
    samples.get(i).map_or(0.0, |d| ms(*d))
}

/// A fresh scratch directory for a benchmark, removed when dropped (also
/// after an error or a panic).
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("tema-bench-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
