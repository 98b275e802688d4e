//! Themes from the command line: create and change them, their history
//! and extracts, the list, and the review (coverage matrix, warnings).

use super::{print_json, resolve_all, say, show};
use crate::Project;
use crate::app::Done;
use crate::app::themes::{self, NewTheme, ThemeTexts};
use crate::model::{Id, Theme, ThemeStatus};
use anyhow::{Result, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum ThemeCmd {
    /// Create a theme.
    New {
        name: String,
        #[arg(long, default_value = "candidate", value_parser = parse_status)]
        status: ThemeStatus,
        /// The central organising concept.
        #[arg(long, default_value = "")]
        definition: String,
        /// Make it a sub-theme of this theme.
        #[arg(long)]
        parent: Option<String>,
    },
    Rename {
        theme: String,
        new_name: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Put a code into a theme.
    AddCode {
        theme: String,
        code: String,
        #[arg(long)]
        why: Option<String>,
    },
    RemoveCode {
        theme: String,
        code: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Set the status: candidate, final or discarded (candidate revives).
    Status {
        theme: String,
        #[arg(value_parser = parse_status)]
        status: ThemeStatus,
        #[arg(long)]
        why: Option<String>,
    },
    /// Merge theme A into theme B (A is discarded, never deleted).
    Merge {
        a: String,
        b: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Move codes of THEME into a new theme NEW.
    Split {
        theme: String,
        new: String,
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
        #[arg(long)]
        why: Option<String>,
    },
    /// Change the definition, boundaries ("what it is not"), write-up or colour.
    Edit {
        theme: String,
        #[arg(long)]
        definition: Option<String>,
        #[arg(long)]
        boundaries: Option<String>,
        #[arg(long)]
        writeup: Option<String>,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long)]
        why: Option<String>,
    },
    /// Make THEME a sub-theme of PARENT (or top level with --top).
    Move {
        theme: String,
        parent: Option<String>,
        #[arg(long)]
        top: bool,
        #[arg(long)]
        position: Option<i64>,
    },
    /// How the theme came to be.
    History {
        theme: String,
        #[arg(long)]
        json: bool,
    },
    /// The theme's coded extracts (key quotes marked).
    Extracts {
        theme: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a coding as a key quote of the theme (--off to unmark).
    KeyQuote {
        theme: String,
        coding: Id,
        #[arg(long)]
        off: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    /// Themes × participants (or × values of a participant attribute).
    Matrix {
        /// A participant attribute such as sector, group or role.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Codes in more than one final theme.
    Warnings {
        #[arg(long)]
        json: bool,
    },
}

fn parse_status(s: &str) -> Result<ThemeStatus, String> {
    ThemeStatus::parse(s).ok_or_else(|| format!("'{s}' is not candidate, final or discarded"))
}

pub fn theme(project: &mut Project, action: ThemeCmd) -> Result<()> {
    let t = |p: &Project, name: &str| p.resolve_theme(name);
    match action {
        ThemeCmd::History { theme, json } => {
            let history = project.theme_history(t(project, &theme)?)?;
            show(&history, json, |h| {
                for h in h {
                    let why = h
                        .why
                        .as_ref()
                        .map(|w| format!("  (why: {w})"))
                        .unwrap_or_default();
                    println!("{}  {:<12} {}{why}", h.at, h.kind.as_str(), h.detail);
                }
            })
        }
        ThemeCmd::Extracts { theme, json } => {
            let extracts = project.theme_extracts(t(project, &theme)?)?;
            show(&extracts, json, |list| {
                for e in list {
                    let c = &e.coding;
                    let star = if e.key { "★" } else { " " };
                    let who = c.participant.as_deref().unwrap_or("-");
                    println!(
                        "{:>5} {star} {} [{who}] {}: «{}»",
                        c.id, c.doc, c.code, c.text
                    );
                }
            })
        }
        change => say(change_theme(project, change)?.label),
    }
}

fn change_theme(project: &mut Project, action: ThemeCmd) -> Result<Done> {
    let t = |p: &Project, name: &str| p.resolve_theme(name);
    let c = |p: &Project, name: &str| p.resolve_code(name);
    Ok(match action {
        ThemeCmd::New {
            name,
            status,
            definition,
            parent,
        } => {
            let parent = parent.map(|p| t(project, &p)).transpose()?;
            let new = NewTheme {
                name,
                status,
                definition,
                parent,
                codes: vec![],
            };
            themes::create(project, new)?
        }
        ThemeCmd::Rename {
            theme,
            new_name,
            why,
        } => themes::rename(project, t(project, &theme)?, &new_name, why)?,
        ThemeCmd::AddCode { theme, code, why } => {
            let (theme, code) = (t(project, &theme)?, c(project, &code)?);
            themes::add_code(project, theme, code, why)?
        }
        ThemeCmd::RemoveCode { theme, code, why } => {
            let (theme, code) = (t(project, &theme)?, c(project, &code)?);
            themes::remove_code(project, theme, code, why)?
        }
        ThemeCmd::Status { theme, status, why } => {
            themes::set_status(project, t(project, &theme)?, status, why)?
        }
        ThemeCmd::Merge { a, b, why } => {
            let (from, into) = (t(project, &a)?, t(project, &b)?);
            themes::merge(project, from, into, why)?
        }
        ThemeCmd::Split {
            theme,
            new,
            codes,
            why,
        } => {
            let theme = t(project, &theme)?;
            let codes = resolve_all(&codes, |name| c(project, name))?;
            themes::split(project, theme, codes, &new, why)?
        }
        ThemeCmd::Edit {
            theme,
            definition,
            boundaries,
            writeup,
            colour,
            why,
        } => {
            let texts = ThemeTexts {
                definition,
                boundaries,
                writeup,
                colour,
            };
            themes::edit(project, t(project, &theme)?, texts, why)?
        }
        ThemeCmd::Move {
            theme,
            parent,
            top,
            position,
        } => {
            let parent = match (parent, top) {
                (Some(p), false) => Some(t(project, &p)?),
                (None, true) => None,
                _ => bail!("give either a PARENT or --top"),
            };
            themes::move_to(project, t(project, &theme)?, parent, position)?
        }
        ThemeCmd::KeyQuote { theme, coding, off } => {
            themes::key_quote(project, t(project, &theme)?, coding, !off)?
        }
        ThemeCmd::History { .. } | ThemeCmd::Extracts { .. } => unreachable!("read by theme()"),
    })
}

pub fn list(project: &Project, json: bool) -> Result<()> {
    let themes = project.themes()?;
    if json {
        return print_json(&themes);
    }
    for t in &themes {
        let codes: Vec<&str> = t.codes.iter().map(|c| c.name.as_str()).collect();
        println!(
            "{:>4} {}{} [{}] ({} extracts, {} participants) {}",
            t.id,
            "  ".repeat(depth(&themes, t)),
            t.name,
            t.status.as_str(),
            t.extracts,
            t.participants,
            codes.join(", ")
        );
    }
    for w in project.theme_warnings()? {
        println!("warning: {}", w.message);
    }
    Ok(())
}

/// How many parents a theme has.
fn depth(themes: &[Theme], theme: &Theme) -> usize {
    let mut d = 0;
    let mut parent: Option<Id> = theme.parent;
    while let Some(id) = parent {
        d += 1;
        parent = themes.iter().find(|t| t.id == id).and_then(|t| t.parent);
    }
    d
}

pub fn review(project: &Project, action: ReviewCmd) -> Result<()> {
    match action {
        ReviewCmd::Matrix { by, json } => {
            show(&project.coverage_matrix(by.as_deref())?, json, print_matrix)
        }
        ReviewCmd::Warnings { json } => show(&project.theme_warnings()?, json, |warnings| {
            for w in warnings {
                println!("{}", w.message);
            }
        }),
    }
}

fn print_matrix(m: &crate::model::Matrix) {
    let width = m.rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    let header: Vec<String> = m.columns.iter().map(|c| c.name.clone()).collect();
    println!("{:width$}  {}", "", header.join(" | "));
    for (row, cells) in m.rows.iter().zip(&m.cells) {
        let cells: Vec<String> = cells
            .iter()
            .zip(&header)
            .map(|(c, h)| {
                let w = h.chars().count();
                format!("{:>w$}", format!("{}/{}", c.codings, c.participants))
            })
            .collect();
        println!("{row:width$}  {}", cells.join(" | "));
    }
    println!("(cells: codings/participants)");
}
