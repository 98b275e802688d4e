//! The bundled sample study, built from reviewable source files.

use anyhow::Result;
use std::path::Path;

pub fn build(_dir: &Path) -> Result<()> {
    anyhow::bail!("not yet")
}
