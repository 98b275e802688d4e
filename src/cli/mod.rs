//! The headless CLI: `tema <command>`. Each command is clap parsing, one
//! call into the action layer (`crate::app`) or a store read, and printing.
//! Read commands take `--json` and then print only JSON on stdout; errors go
//! to stderr with a non-zero exit. One file per command group.

mod anonymise;
mod bench;
mod coding;
mod documents;
mod export;
mod method;
mod project;
mod search;
mod team;
mod themes;

pub use bench::BenchCmd;

use crate::Project;
use crate::model::Id;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "tema",
    version,
    about = "A workbench for reflexive thematic analysis. Without a command, opens the GUI."
)]
pub struct Cli {
    /// The project directory.
    #[arg(short, long, global = true, env = "TEMA_PROJECT")]
    pub project: Option<PathBuf>,
    /// Who makes the changes (default: the coder saved by `tema coder set`).
    /// `tema compare` takes two.
    #[arg(long = "coder", global = true, env = "TEMA_CODER")]
    pub coders: Vec<String>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create a new, empty project in DIR.
    New {
        dir: PathBuf,
        #[arg(long, default_value = "Untitled study")]
        title: String,
    },
    /// Import transcripts (txt, md, docx, odt, rtf, pdf, srt, vtt).
    Import(documents::ImportArgs),
    /// Import survey free text from CSV: one document per text column.
    ImportSurvey {
        file: PathBuf,
        #[arg(long)]
        id_column: String,
        #[arg(long = "text-column", required = true)]
        text_columns: Vec<String>,
        #[arg(long = "attr-column")]
        attr_columns: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List documents.
    Docs {
        #[arg(long)]
        json: bool,
    },
    /// Print the stored text of a document (by id or name).
    Text { doc: String },
    /// List participants with their attributes.
    Participants {
        #[arg(long)]
        json: bool,
    },
    /// Create or change a participant.
    Participant {
        #[command(subcommand)]
        action: documents::ParticipantCmd,
    },
    /// Create, rename, move, merge, split or delete codes, and apply them.
    Code {
        #[command(subcommand)]
        action: coding::CodeCmd,
    },
    /// The codebook as a tree with counts.
    Codes {
        #[arg(long)]
        json: bool,
    },
    /// List codings (coded quotes).
    Codings {
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a coding by id.
    Uncode { coding: Id },
    /// Add or list notes and memos (familiarisation notes, document and code memos).
    Note {
        #[command(subcommand)]
        action: coding::NoteCmd,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// The change history, newest first (`history stats`: the size of the
    /// analysis over time).
    History {
        #[command(subcommand)]
        what: Option<project::HistoryCmd>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Check the project's integrity; exit 0 when sound.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Export the codebook, the coded quotes, or the whole project (REFI-QDA).
    Export {
        #[command(subcommand)]
        what: export::ExportCmd,
    },
    /// Import a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder, tema) into a new project in DIR.
    ImportQdpx {
        file: PathBuf,
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a REFI-QDA codebook (.qdc) into the project (-p).
    ImportQdc {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Search quotes, codes, memos, notes, themes and the journal.
    Search(search::SearchArgs),
    /// Maintain the search index.
    Index {
        #[command(subcommand)]
        action: search::IndexCmd,
    },
    /// Build the bundled sample project into DIR.
    Sample { dir: PathBuf },
    /// Anonymisation: review suggestions, add rules, apply, audit.
    Anon {
        #[command(subcommand)]
        action: anonymise::AnonCmd,
    },
    /// Write an anonymised copy of the project to OUT (no undo history, no
    /// link key, no journal unless asked for).
    Share {
        #[arg(short, long)]
        out: PathBuf,
        #[arg(long)]
        include_journal: bool,
        #[arg(long, value_enum, default_value_t = crate::anonymise::ShareFormat::Project)]
        format: crate::anonymise::ShareFormat,
        #[arg(long)]
        json: bool,
    },
    /// Benchmarks that print figures.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
    /// Create and change themes: codes, status, definitions, merge, split, key quotes.
    Theme {
        #[command(subcommand)]
        action: themes::ThemeCmd,
    },
    /// List themes with their codes, extracts and participants.
    Themes {
        #[arg(long)]
        json: bool,
    },
    /// Review themes: coverage across participants or groups, warnings.
    Review {
        #[command(subcommand)]
        action: themes::ReviewCmd,
    },
    /// The reflexive journal (private: never exported with the data).
    Journal {
        #[command(subcommand)]
        action: method::JournalCmd,
    },
    /// The phase tracker (1 familiarisation … 6 writing up).
    Phase {
        #[command(subcommand)]
        action: method::PhaseCmd,
    },
    /// The thematic map.
    Map {
        #[command(subcommand)]
        action: method::MapCmd,
    },
    /// Coding passes: code the data set again in another order, and compare.
    Pass {
        #[command(subcommand)]
        action: method::PassCmd,
    },
    /// Give a coding (a meaning unit) its condensed meaning; empty TEXT removes it.
    Condense { coding: Id, text: String },
    /// Mark a document (or one turn of it) as read through.
    Read {
        doc: String,
        /// The turn's number (1 = the first turn).
        #[arg(long, conflicts_with = "all")]
        turn: Option<usize>,
        /// The whole document (the default).
        #[arg(long)]
        all: bool,
        /// Mark it unread again.
        #[arg(long)]
        unread: bool,
    },
    /// Braun & Clarke's 15-point checklist.
    Checklist {
        #[command(subcommand)]
        action: method::ChecklistCmd,
    },
    /// Who you are: the coder recorded on every change you make.
    Coder {
        #[command(subcommand)]
        action: team::CoderCmd,
    },
    /// Merge a teammate's copy (a project directory or a .qdpx) into this
    /// project as one undoable step; exit 2 while conflicts are undecided.
    Merge {
        other: PathBuf,
        #[arg(long, value_enum)]
        resolve: Option<team::ResolveArg>,
        #[arg(long)]
        json: bool,
    },
    /// Compare two coders (--coder A --coder B) per code: overlaps, spans
    /// only one coded, percent agreement and Cohen's kappa per character.
    Compare {
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Run a parsed command line (the GUI is started by `main` without one).
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        anyhow::bail!("no command given")
    };
    let dir = cli.project;
    let coders = cli.coders;
    if let Cmd::Coder { action } = command {
        return team::coder(action, one_coder(&coders)?);
    }
    let session_coder = match &command {
        Cmd::Compare { .. } => None,
        _ => crate::app::coder::for_session(one_coder(&coders)?)?,
    };
    let open = || -> Result<Project> {
        let dir = dir
            .as_deref()
            .context("which project? give -p DIR (or set TEMA_PROJECT)")?;
        let mut project = Project::open(dir)?;
        project.set_coder(session_coder.clone())?;
        Ok(project)
    };
    if let Cmd::Compare { code, doc, json } = &command {
        return team::compare(&open()?, &coders, code.as_deref(), doc.as_deref(), *json);
    }
    dispatch(command, &open)
}

/// The coder named for this session (`--coder` once, or `TEMA_CODER`).
fn one_coder(coders: &[String]) -> Result<Option<&str>> {
    match coders {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        _ => anyhow::bail!("give one --coder (only `tema compare` takes two)"),
    }
}

fn dispatch(command: Cmd, open: &dyn Fn() -> Result<Project>) -> Result<()> {
    match command {
        Cmd::New { dir, title } => project::new(&dir, &title),
        Cmd::Import(args) => documents::import(&mut open()?, args),
        Cmd::ImportSurvey {
            file,
            id_column,
            text_columns,
            attr_columns,
            json,
        } => {
            let spec = crate::import::SurveySpec {
                id_column,
                text_columns,
                attr_columns,
            };
            documents::import_survey(&mut open()?, &file, &spec, json)
        }
        Cmd::Docs { json } => documents::list(&open()?, json),
        Cmd::Text { doc } => documents::text(&open()?, &doc),
        Cmd::Participants { json } => documents::participants(&open()?, json),
        Cmd::Participant { action } => documents::participant(&mut open()?, action),
        Cmd::Code { action } => coding::code(&mut open()?, action),
        Cmd::Codes { json } => coding::codebook(&open()?, json),
        Cmd::Codings { code, doc, json } => coding::codings(&open()?, code, doc, json),
        Cmd::Uncode { coding } => say(crate::app::codes::uncode(&mut open()?, coding)?.label),
        Cmd::Note { action } => coding::note(&mut open()?, action),
        Cmd::Undo => project::undo(&mut open()?),
        Cmd::Redo => project::redo(&mut open()?),
        Cmd::History { what, limit, json } => project::history(&open()?, what, limit, json),
        Cmd::Check { json } => project::check(&open()?, json),
        Cmd::Export { what } => export::export(&open()?, what),
        Cmd::ImportQdpx { file, dir, json } => documents::import_qdpx(&file, &dir, json),
        Cmd::ImportQdc { file, json } => documents::import_qdc(&mut open()?, &file, json),
        Cmd::Search(args) => search::search(&open()?, &args),
        Cmd::Index { action } => search::index(&open()?, action),
        Cmd::Sample { dir } => project::sample(&dir),
        Cmd::Anon { action } => anonymise::anon(&mut open()?, action),
        Cmd::Share {
            out,
            include_journal,
            format,
            json,
        } => anonymise::share(&open()?, &out, include_journal, format, json),
        // The binary runs the benchmarks (`tema::bench`), the top layer.
        Cmd::Bench { .. } => anyhow::bail!("`tema bench` runs from the tema binary"),
        Cmd::Theme { action } => themes::theme(&mut open()?, action),
        Cmd::Themes { json } => themes::list(&open()?, json),
        Cmd::Review { action } => themes::review(&open()?, action),
        Cmd::Journal { action } => method::journal(&mut open()?, action),
        Cmd::Phase { action } => method::phase(&mut open()?, action),
        Cmd::Map { action } => method::map(&mut open()?, action),
        Cmd::Checklist { action } => method::checklist(&mut open()?, action),
        Cmd::Pass { action } => method::pass(&mut open()?, action),
        Cmd::Condense { coding, text } => {
            say(crate::app::method::condense(&mut open()?, coding, &text)?.label)
        }
        Cmd::Read {
            doc,
            turn,
            all: _,
            unread,
        } => method::read(&mut open()?, &doc, turn, !unread),
        Cmd::Merge {
            other,
            resolve,
            json,
        } => team::merge(&mut open()?, &other, resolve, json),
        Cmd::Coder { .. } | Cmd::Compare { .. } => unreachable!("handled in run"),
    }
}

/// Print what an action did (its undo label or message).
fn say(label: String) -> Result<()> {
    println!("{label}");
    Ok(())
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// With `--json` the value as JSON, else the lines `human` prints.
fn show<T: serde::Serialize>(value: &T, json: bool, human: impl FnOnce(&T)) -> Result<()> {
    if json {
        return print_json(value);
    }
    human(value);
    Ok(())
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not KEY=VALUE"))?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

/// Ids of names given on the command line, in order.
fn resolve_all(names: &[String], resolve: impl Fn(&str) -> Result<Id>) -> Result<Vec<Id>> {
    names.iter().map(|n| resolve(n)).collect()
}
