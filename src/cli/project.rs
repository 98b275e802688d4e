//! Project-wide commands: create, undo and redo, the history, the
//! integrity check, the sample study.

use super::{print_json, show};
use crate::Project;
use anyhow::{Result, bail};
use std::path::Path;

pub fn new(dir: &Path, title: &str) -> Result<()> {
    Project::create(dir, title)?;
    println!("created project '{title}' in {}", dir.display());
    Ok(())
}

pub fn undo(project: &mut Project) -> Result<()> {
    match crate::app::undo(project)? {
        Some(label) => println!("undid: {label}"),
        None => println!("nothing to undo"),
    }
    Ok(())
}

pub fn redo(project: &mut Project) -> Result<()> {
    match crate::app::redo(project)? {
        Some(label) => println!("redid: {label}"),
        None => println!("nothing to redo"),
    }
    Ok(())
}

#[derive(clap::Subcommand, Debug)]
pub enum HistoryCmd {
    /// Codes, codings and themes after each change: how the codebook grew
    /// and was merged down.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// The same as a picture: FILE.svg or FILE.png.
    Plot {
        #[arg(short, long)]
        output: std::path::PathBuf,
        /// Width of a PNG in pixels.
        #[arg(long)]
        width: Option<u32>,
    },
}

pub fn history(
    project: &Project,
    what: Option<HistoryCmd>,
    limit: usize,
    json: bool,
) -> Result<()> {
    if let Some(HistoryCmd::Plot { output, width }) = &what {
        crate::app::exports::history_plot(project, output, *width)?;
        println!("wrote {}", output.display());
        return Ok(());
    }
    if let Some(HistoryCmd::Stats { json }) = what {
        return show(&project.history_stats()?, json, |points| {
            for p in points {
                let at = &p.at[..p.at.len().min(16)];
                println!(
                    "{at}  {:>4} codes {:>6} codings {:>3} themes  {}",
                    p.codes, p.codings, p.themes, p.label
                );
            }
        });
    }
    show(&project.history(limit)?, json, |h| {
        for e in h {
            let undone = if e.done { "" } else { "  (undone)" };
            println!("{:>5}  {}  {}{undone}", e.seq, e.created_at, e.label);
        }
    })
}

/// Exit 0 only when the project is sound.
pub fn check(project: &Project, json: bool) -> Result<()> {
    let problems = project.check()?;
    if json {
        print_json(&problems)?;
    } else {
        for p in &problems {
            println!("{}", p.what);
        }
    }
    if !problems.is_empty() {
        bail!("{} problem(s) found", problems.len());
    }
    if !json {
        println!("ok");
    }
    Ok(())
}

pub fn sample(dir: &Path) -> Result<()> {
    crate::sample::build(dir)?;
    println!("built the sample project in {}", dir.display());
    Ok(())
}
