//! The GUI (egui/eframe). Panels hold only UI state; data lives in the library.

use anyhow::Result;
use std::path::PathBuf;

pub fn run(_project: Option<PathBuf>) -> Result<()> {
    anyhow::bail!("the GUI is not built yet")
}
