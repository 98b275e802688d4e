//! Bringing data in and looking at it: import, surveys, REFI-QDA projects
//! and codebooks, documents, their text, participants.

use super::{parse_key_value, print_json, say, show};
use crate::Project;
use crate::app::{self, documents as docs};
use crate::import::{ImportOptions, SurveySpec, batch::StoreOptions};
use crate::model::Id;
use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Link every imported document to this participant (created if new).
    #[arg(long)]
    participant: Option<String>,
    /// Attributes for that participant, KEY=VALUE.
    #[arg(long = "attr", value_parser = parse_key_value)]
    attrs: Vec<(String, String)>,
    /// Import a file even if identical bytes were imported before.
    #[arg(long)]
    allow_duplicate: bool,
    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 50)]
    max_mb: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub enum ParticipantCmd {
    /// Add a participant (or set attributes of an existing one).
    Add {
        label: String,
        #[arg(long = "attr", value_parser = parse_key_value)]
        attrs: Vec<(String, String)>,
    },
    /// Set KEY=VALUE on a participant (an empty VALUE removes it).
    Set {
        label: String,
        #[arg(value_parser = parse_key_value)]
        attr: (String, String),
    },
    Rename {
        label: String,
        new_label: String,
    },
    Delete {
        label: String,
    },
    /// Link a participant to a whole document.
    Link {
        label: String,
        doc: String,
    },
    /// Map a speaker label in a document to a participant.
    MapSpeaker {
        doc: String,
        speaker: String,
        label: String,
    },
}

/// Read every file first, so one bad file imports nothing; then store all
/// in one step (the GUI's path too).
pub fn import(project: &mut Project, args: ImportArgs) -> Result<()> {
    let read = ImportOptions {
        max_bytes: args.max_mb * 1024 * 1024,
        ..Default::default()
    };
    let store = StoreOptions {
        participant: args.participant,
        attributes: args.attrs,
        allow_duplicate: args.allow_duplicate,
    };
    let stored = docs::import_files(project, &args.files, &read, &store)?;
    for warning in &stored.skipped {
        eprintln!("{warning} (use --allow-duplicate to import it again)");
    }
    report_imported(project, &stored.ids, args.json)
}

pub fn import_survey(
    project: &mut Project,
    file: &Path,
    spec: &SurveySpec,
    json: bool,
) -> Result<()> {
    let ids = docs::import_survey(project, file, spec)?;
    report_imported(project, &ids, json)
}

fn report_imported(project: &Project, ids: &[Id], json: bool) -> Result<()> {
    let docs: Vec<_> = project
        .documents()?
        .into_iter()
        .filter(|d| ids.contains(&d.id))
        .collect();
    if json {
        let list: Vec<_> = docs
            .iter()
            .map(|d| serde_json::json!({"id": d.id, "name": d.name, "chars": d.chars}))
            .collect();
        return print_json(&list);
    }
    for d in docs {
        println!("imported '{}' ({} chars)", d.name, d.chars);
    }
    Ok(())
}

pub fn import_qdpx(file: &Path, dir: &Path, json: bool) -> Result<()> {
    print_import_report(&docs::import_qdpx(file, dir)?, json)
}

pub fn import_qdc(project: &mut Project, file: &Path, json: bool) -> Result<()> {
    print_import_report(&docs::import_qdc(project, file)?, json)
}

fn print_import_report(report: &crate::export::ImportReport, json: bool) -> Result<()> {
    show(report, json, |r| print!("{r}"))
}

pub fn list(project: &Project, json: bool) -> Result<()> {
    show(&project.documents()?, json, |docs| {
        for d in docs {
            let who = d.participants.join(", ");
            println!(
                "{:>4}  {}  ({} chars, {} codings) {who}",
                d.id, d.name, d.chars, d.codings
            );
        }
    })
}

pub fn text(project: &Project, doc: &str) -> Result<()> {
    print!("{}", project.text(project.resolve_doc(doc)?)?);
    Ok(())
}

pub fn participants(project: &Project, json: bool) -> Result<()> {
    show(&project.participants()?, json, |list| {
        for p in list {
            let attrs: Vec<String> = p
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            println!("{}  {}", p.label, attrs.join(" "));
        }
    })
}

pub fn participant(project: &mut Project, action: ParticipantCmd) -> Result<()> {
    use app::participants as part;
    let who = |p: &Project, label: &str| p.resolve_participant(label);
    let done = match action {
        ParticipantCmd::Add { label, attrs } => part::add(project, &label, attrs)?,
        ParticipantCmd::Set {
            label,
            attr: (key, value),
        } => part::set_attribute(project, who(project, &label)?, &key, &value)?,
        ParticipantCmd::Rename { label, new_label } => {
            part::rename(project, who(project, &label)?, &new_label)?
        }
        ParticipantCmd::Delete { label } => part::delete(project, who(project, &label)?)?,
        ParticipantCmd::Link { label, doc } => {
            let (p, d) = (who(project, &label)?, project.resolve_doc(&doc)?);
            part::link(project, p, d, true)?
        }
        ParticipantCmd::MapSpeaker {
            doc,
            speaker,
            label,
        } => {
            let (p, d) = (who(project, &label)?, project.resolve_doc(&doc)?);
            part::map_speaker(project, d, &speaker, Some(p))?
        }
    };
    say(done.label)
}
