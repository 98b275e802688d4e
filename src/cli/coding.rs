//! Coding from the command line: the codebook, applying codes to spans
//! and to search hits, codings, notes and memos.

use super::{print_json, resolve_all, say, show};
use crate::Project;
use crate::app::codes::{self, CodeChoice, NewCode, Span};
use crate::app::notes::{self, About};
use crate::model::{CodeNode, Id};
use crate::store::CodingFilter;
use anyhow::{Result, bail};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum CodeCmd {
    /// Create a code.
    New {
        name: String,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    Rename {
        code: String,
        new_name: String,
    },
    /// Change colour or description.
    Edit {
        code: String,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Nest CODE under PARENT (or at the top level with --top).
    Move {
        code: String,
        parent: Option<String>,
        #[arg(long)]
        top: bool,
        #[arg(long)]
        position: Option<i64>,
    },
    /// Merge SOURCE codes into TARGET.
    Merge {
        #[arg(required = true, num_args = 1..)]
        sources: Vec<String>,
        #[arg(long)]
        into: String,
    },
    /// Move chosen codings of CODE to a new code NEW_NAME.
    Split {
        code: String,
        new_name: String,
        #[arg(long = "coding", required = true)]
        codings: Vec<Id>,
    },
    /// Delete a code, its sub-codes and their codings.
    Delete {
        code: String,
    },
    /// Code every text hit of a search with CODE, as one undoable step.
    ApplySearch {
        query: String,
        #[arg(long)]
        code: String,
        /// What to code: the words found, their sentence, or the whole speaker turn.
        #[arg(long, value_enum, default_value_t = crate::search::CodeUnit::Hit)]
        unit: crate::search::CodeUnit,
        #[arg(long)]
        create: bool,
    },
    /// Code a span of a document.
    Apply {
        #[arg(long)]
        doc: String,
        #[arg(long)]
        code: String,
        /// Code the K-th exact occurrence of this text.
        #[arg(long, conflicts_with_all = ["start", "end"])]
        quote: Option<String>,
        #[arg(long, default_value_t = 1)]
        nth: usize,
        #[arg(long, requires = "end")]
        start: Option<usize>,
        #[arg(long, requires = "start")]
        end: Option<usize>,
        /// Create the code if it does not exist.
        #[arg(long)]
        create: bool,
        #[arg(long, default_value = "")]
        memo: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum NoteCmd {
    /// Add a note: on a document (--doc), a code (--code), or the project.
    Add {
        text: String,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        code: Option<String>,
        /// A familiarisation note (with --doc).
        #[arg(long)]
        familiarisation: bool,
    },
    List {
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn code(project: &mut Project, action: CodeCmd) -> Result<()> {
    let done = match action {
        CodeCmd::Apply {
            doc,
            code,
            quote,
            nth,
            start,
            end,
            create,
            memo,
            json,
        } => {
            let doc = project.resolve_doc(&doc)?;
            let span = match (quote, start, end) {
                (Some(q), _, _) => codes::find_quote(project, doc, &q, nth)?,
                (None, Some(start), Some(end)) => Span { doc, start, end },
                _ => bail!("give --quote TEXT or --start N --end M"),
            };
            let choice = code_choice(project, &code, create)?;
            let done = codes::apply(project, span, choice, &memo)?;
            if json {
                // The coding is the step's last new id (a new code comes first).
                let coding = done.created.last();
                let out = serde_json::json!({"id": coding, "start": span.start, "end": span.end});
                return print_json(&out);
            }
            done
        }
        CodeCmd::ApplySearch {
            query,
            code,
            unit,
            create,
        } => {
            let choice = code_choice(project, &code, create)?;
            codes::apply_to_hits(project, &query, unit, choice)?
        }
        other => change_codebook(project, other)?,
    };
    say(done.label)
}

/// The commands that change the codebook itself.
fn change_codebook(project: &mut Project, action: CodeCmd) -> Result<crate::app::Done> {
    let resolve = |p: &Project, name: &str| p.resolve_code(name);
    Ok(match action {
        CodeCmd::New {
            name,
            parent,
            colour,
            description,
        } => {
            let parent = parent.map(|p| resolve(project, &p)).transpose()?;
            let new = NewCode {
                name,
                parent,
                colour,
                description,
            };
            codes::create(project, new)?
        }
        CodeCmd::Rename { code, new_name } => {
            codes::rename(project, resolve(project, &code)?, &new_name)?
        }
        CodeCmd::Edit {
            code,
            colour,
            description,
        } => codes::edit(project, resolve(project, &code)?, colour, description)?,
        CodeCmd::Move {
            code,
            parent,
            top,
            position,
        } => {
            let code = resolve(project, &code)?;
            let parent = match (parent, top) {
                (Some(p), false) => Some(resolve(project, &p)?),
                (None, true) => None,
                _ => bail!("give either a PARENT or --top"),
            };
            codes::move_to(project, code, parent, position)?
        }
        CodeCmd::Merge { sources, into } => {
            let target = resolve(project, &into)?;
            let sources = resolve_all(&sources, |s| resolve(project, s))?;
            codes::merge(project, sources, target)?
        }
        CodeCmd::Split {
            code,
            new_name,
            codings,
        } => codes::split(project, resolve(project, &code)?, &new_name, codings)?,
        CodeCmd::Delete { code } => codes::delete(project, resolve(project, &code)?)?,
        CodeCmd::Apply { .. } | CodeCmd::ApplySearch { .. } => unreachable!("applied by code()"),
    })
}

/// The code named, or with `--create` a new top-level code of that name
/// (made in the same undo step as what it is applied to).
fn code_choice(project: &Project, code: &str, create: bool) -> Result<CodeChoice> {
    match project.resolve_code(code) {
        Ok(id) => Ok(CodeChoice::Existing(id)),
        Err(_) if create => Ok(CodeChoice::new_code(code)),
        Err(e) => Err(e.context("add --create to create it")),
    }
}

pub fn codebook(project: &Project, json: bool) -> Result<()> {
    show(&project.codebook()?, json, |tree| print_tree(tree, 0))
}

fn print_tree(nodes: &[CodeNode], depth: usize) {
    for n in nodes {
        let indent = "  ".repeat(depth);
        println!(
            "{indent}{} ({} codings, {} documents)",
            n.code.name, n.codings, n.documents
        );
        print_tree(&n.children, depth + 1);
    }
}

pub fn codings(
    project: &Project,
    code: Option<String>,
    doc: Option<String>,
    json: bool,
) -> Result<()> {
    let mut filter = CodingFilter {
        with_subcodes: false,
        ..Default::default()
    };
    if let Some(c) = code {
        filter.codes.push(project.resolve_code(&c)?);
    }
    if let Some(d) = doc {
        filter.doc = Some(project.resolve_doc(&d)?);
    }
    show(&project.codings(&filter)?, json, |list| {
        for c in list {
            println!(
                "{:>5}  {} [{}..{}] {}: «{}»",
                c.id, c.doc, c.start, c.end, c.code, c.text
            );
        }
    })
}

pub fn note(project: &mut Project, action: NoteCmd) -> Result<()> {
    let doc_and_code = |p: &Project,
                        doc: Option<String>,
                        code: Option<String>|
     -> Result<(Option<Id>, Option<Id>)> {
        Ok((
            doc.map(|d| p.resolve_doc(&d)).transpose()?,
            code.map(|c| p.resolve_code(&c)).transpose()?,
        ))
    };
    match action {
        NoteCmd::Add {
            text,
            doc,
            code,
            familiarisation,
        } => {
            let (doc, code) = doc_and_code(project, doc, code)?;
            let about = About::of(doc, code, familiarisation)?;
            say(notes::add(project, about, &text)?.label)
        }
        NoteCmd::List { doc, code, json } => {
            let (doc, code) = doc_and_code(project, doc, code)?;
            show(&project.notes(None, doc, code)?, json, |notes| {
                for n in notes {
                    println!("{:>4} [{}] {}", n.id, n.kind.as_str(), n.text);
                }
            })
        }
    }
}
