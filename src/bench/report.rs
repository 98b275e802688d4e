//! `tema bench report`: the theme report of a generated project in every
//! format.

use super::{TempDir, corpus, ms};
use crate::model::{Id, ThemeStatus};
use crate::report::{Format, ReportOptions, TINY_PNG, build, render};
use crate::store::{Command, ThemeCommand};
use anyhow::{Context, Result};
use std::fmt::Write as _;
use std::time::Instant;

/// `tema bench report`: a generated project with 6 final themes and 200
/// key quotes; times building and rendering each format (target < 1 s).
pub fn run() -> Result<String> {
    let dir = TempDir::new()?;
    let mut out = String::new();
    let t0 = Instant::now();
    let mut p = corpus::project(dir.path(), 12, 40_000, 3000, 30)?;
    let codes: Vec<Id> = p.codes()?.iter().map(|c| c.id).collect();
    for t in 0..6 {
        let theme = p
            .execute(Command::Theme(ThemeCommand::CreateTheme {
                name: format!("Tema {}", t + 1),
                status: ThemeStatus::Final,
                definition: "Sentralt organiserende begrep: ".repeat(4),
                parent: None,
                codes: vec![],
            }))?
            .id()
            .context("no theme")?;
        let mut cmds = vec![Command::Theme(ThemeCommand::EditTheme {
            theme,
            definition: None,
            boundaries: None,
            writeup: Some("Analysen viser at samarbeidet avhenger av personer. ".repeat(30)),
            colour: None,
            why: None,
        })];
        for k in 0..5 {
            cmds.push(Command::Theme(ThemeCommand::AddCode {
                theme,
                code: codes[(t * 5 + k) % codes.len()],
                why: None,
            }));
        }
        p.execute(Command::Batch {
            label: "bench theme".into(),
            commands: cmds,
        })?;
        let keys = p
            .theme_extracts(theme)?
            .into_iter()
            .take(if t < 2 { 34 } else { 33 })
            .map(|e| {
                Command::Theme(ThemeCommand::SetKeyQuote {
                    theme,
                    coding: e.coding.id,
                    key: true,
                })
            })
            .collect();
        p.execute(Command::Batch {
            label: "bench key quotes".into(),
            commands: keys,
        })?;
    }
    writeln!(
        out,
        "tema bench report: 12 documents, 3000 codings, 6 themes, 200 key quotes (built in {:.1} s)",
        t0.elapsed().as_secs_f64()
    )?;
    let opts = ReportOptions {
        map_png: Some(TINY_PNG.to_vec()),
        ..Default::default()
    };
    let t = Instant::now();
    let report = build(&p, &opts)?;
    let quotes: usize = report.themes.iter().map(|t| t.quotes.len()).sum();
    writeln!(
        out,
        "  build report model ({quotes} quotes): {:.1} ms",
        ms(t.elapsed())
    )?;
    for format in [Format::Docx, Format::Markdown, Format::Html] {
        let t = Instant::now();
        let bytes = render(&p, &opts, format)?;
        writeln!(
            out,
            "  {:<8} {:>8.1} ms  ({} KB)  target < 1000 ms",
            format.extension(),
            ms(t.elapsed()),
            bytes.len() / 1024
        )?;
    }
    Ok(out)
}
