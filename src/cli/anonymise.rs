//! Anonymisation from the command line: review suggestions, decide,
//! rules, preview, apply, audit, and share an anonymous copy.

use super::{print_json, say, show};
use crate::Project;
use crate::anonymise::{self as an, Kind, NewRule, Selection, ShareFormat, ShareOptions, Status};
use crate::app::anonymise as anon_app;
use crate::model::Id;
use anyhow::{Context, Result, bail};
use clap::Subcommand;
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum AnonCmd {
    /// List every suggestion (detections and rule matches) with its replacement and status.
    Detect {
        #[arg(long)]
        json: bool,
    },
    /// Suggestions grouped by entity, with every form and occurrence.
    Entities {
        #[arg(long)]
        json: bool,
    },
    /// Accept entities: all their forms are replaced by apply.
    Accept {
        #[arg(long, conflicts_with = "entities")]
        all: bool,
        #[arg(long = "entity")]
        entities: Vec<String>,
        /// Accept one occurrence only: DOC:START:END (as listed by detect).
        #[arg(long = "at", conflicts_with_all = ["all", "entities"])]
        at: Option<String>,
        /// With --at: replace this occurrence with this text.
        #[arg(long, requires = "at")]
        replacement: Option<String>,
    },
    /// Keep entities (or one occurrence) as they are.
    Reject {
        #[arg(long = "entity")]
        entities: Vec<String>,
        #[arg(long = "at", conflicts_with = "entities")]
        at: Option<String>,
    },
    /// Set the replacement of an entity (empty: back to the template label).
    Replace { entity: String, replacement: String },
    /// Rules: replace ORIGINAL with REPLACEMENT everywhere.
    Rule {
        #[command(subcommand)]
        action: AnonRuleCmd,
    },
    /// Print a document's text as apply would leave it.
    Preview { doc: String },
    /// Replace everything accepted, as one undoable change; write the link key to FILE.
    Apply {
        #[arg(long)]
        key_out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// What apply replaced, where.
    Audit {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AnonRuleCmd {
    Add {
        original: String,
        replacement: String,
        #[arg(long, default_value = "person")]
        kind: String,
        #[arg(long)]
        case_sensitive: bool,
        /// Do not also replace the genitive (ORIGINALs).
        #[arg(long)]
        no_inflect: bool,
        /// Match inside words too.
        #[arg(long)]
        anywhere: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Delete {
        id: Id,
    },
}

pub fn anon(project: &mut Project, action: AnonCmd) -> Result<()> {
    match action {
        AnonCmd::Detect { json } => show(&an::anon_detect(project)?, json, print_candidates),
        AnonCmd::Entities { json } => show(&an::anon_entities(project)?, json, print_entities),
        AnonCmd::Accept {
            all,
            entities,
            at,
            replacement,
        } => accept(project, all, entities, at, replacement),
        AnonCmd::Reject { entities, at } => reject(project, entities, at),
        AnonCmd::Replace {
            entity,
            replacement,
        } => say(anon_app::set_replacement(project, &entity, &replacement)?.label),
        AnonCmd::Rule { action } => rule(project, action),
        AnonCmd::Preview { doc } => {
            let doc = project.resolve_doc(&doc)?;
            print!("{}", an::anon_preview(project, doc)?);
            Ok(())
        }
        AnonCmd::Apply { key_out, json } => apply(project, &key_out, json),
        AnonCmd::Audit { json } => show(&an::anon_audit(project)?, json, print_audit),
    }
}

fn print_candidates(list: &Vec<an::Candidate>) {
    for c in list {
        let at = match &c.field {
            Some(f) => format!("{} {}", f.what, f.row),
            None => c.doc.to_string(),
        };
        println!(
            "{:>4} [{}..{}] {:<10} {:<9} «{}» → {}   …{}…",
            at,
            c.start,
            c.end,
            c.kind.as_str(),
            c.status.as_str(),
            c.text,
            c.replacement,
            c.context
        );
    }
}

fn print_entities(groups: &Vec<an::EntityGroup>) {
    for g in groups {
        let forms = g.forms.join(", ");
        let (kind, status) = (g.kind.as_str(), g.status.as_str());
        println!(
            "{} ({kind}, {status}) → {}  [{forms}]",
            g.entity, g.replacement
        );
        for o in &g.occurrences {
            println!(
                "    {} [{}..{}] …{}…",
                o.doc_name, o.start, o.end, o.context
            );
        }
    }
}

fn print_audit(rows: &Vec<an::AuditRow>) {
    for r in rows {
        let at = match (r.document_id, r.start, r.end) {
            (Some(d), Some(s), Some(e)) => format!("document {d} [{s}..{e}]"),
            _ => format!("{}.{} row {}", r.tbl, r.col, r.row_id),
        };
        let original = r.original.clone().unwrap_or_default();
        println!("{}  {at}: «{original}» → {}", r.at, r.replacement);
    }
}

/// `DOC:START:END` → (doc id, start, end).
fn parse_at(project: &Project, at: &str) -> Result<(Id, usize, usize)> {
    let mut parts = at.rsplitn(3, ':');
    let (end, start, doc) = (parts.next(), parts.next(), parts.next());
    match (doc, start, end) {
        (Some(d), Some(s), Some(e)) => Ok((
            project.resolve_doc(d)?,
            s.parse().context("START is not a number")?,
            e.parse().context("END is not a number")?,
        )),
        _ => bail!("--at takes DOC:START:END"),
    }
}

fn accept(
    project: &mut Project,
    all: bool,
    entities: Vec<String>,
    at: Option<String>,
    replacement: Option<String>,
) -> Result<()> {
    if let Some(at) = at {
        let (doc, start, end) = parse_at(project, &at)?;
        let status = Some(Status::Accepted);
        anon_app::decide_occurrence(project, doc, (start, end), status, replacement)?;
        return say(format!("accepted the occurrence at {at}"));
    }
    let sel = match (all, entities.is_empty()) {
        (true, _) => Selection::All,
        (false, false) => Selection::Entities(entities),
        (false, true) => bail!("give --all, --entity E or --at DOC:START:END"),
    };
    say(anon_app::accept(project, &sel)?.label)
}

fn reject(project: &mut Project, entities: Vec<String>, at: Option<String>) -> Result<()> {
    if let Some(at) = at {
        let (doc, start, end) = parse_at(project, &at)?;
        anon_app::decide_occurrence(project, doc, (start, end), Some(Status::Rejected), None)?;
        return say(format!("kept the occurrence at {at}"));
    }
    if entities.is_empty() {
        bail!("give --entity E or --at DOC:START:END");
    }
    say(anon_app::reject(project, &Selection::Entities(entities))?.label)
}

fn rule(project: &mut Project, action: AnonRuleCmd) -> Result<()> {
    match action {
        AnonRuleCmd::Add {
            original,
            replacement,
            kind,
            case_sensitive,
            no_inflect,
            anywhere,
        } => {
            let kind = Kind::parse(&kind).with_context(|| format!("unknown kind '{kind}'"))?;
            let rule = NewRule {
                original,
                replacement,
                kind,
                whole_word: !anywhere,
                case_sensitive,
                inflect: !no_inflect,
            };
            say(anon_app::add_rule(project, rule)?.label)
        }
        AnonRuleCmd::List { json } => show(&an::anon_rules(project)?, json, |rules| {
            for r in rules {
                println!("{:>4}  {} → {}", r.id, r.rule.original, r.rule.replacement);
            }
        }),
        AnonRuleCmd::Delete { id } => say(anon_app::delete_rule(project, id)?.label),
    }
}

fn apply(project: &mut Project, key_out: &Path, json: bool) -> Result<()> {
    let report = anon_app::apply(project, key_out)?;
    if json {
        return print_json(&report);
    }
    println!(
        "replaced {} identifier(s) in {} document(s) and {} other field(s); link key written to {} (keep it apart from the data). Undo with `tema undo`.",
        report.replacements,
        report.documents,
        report.fields,
        report.key.display()
    );
    Ok(())
}

pub fn share(
    project: &Project,
    out: &Path,
    include_journal: bool,
    format: ShareFormat,
    json: bool,
) -> Result<()> {
    let opts = ShareOptions {
        include_journal,
        format,
    };
    let report = anon_app::share(project, out, &opts)?;
    if json {
        return print_json(&report);
    }
    println!(
        "shared an anonymised copy in {} ({} files; checked for {} originals: none left)",
        report.out.display(),
        report.files.len(),
        report.originals_checked
    );
    Ok(())
}
