//! Coding: the codebook (create, rename, recolour, nest, merge, split,
//! delete) and codings (apply a code to a span, code every search hit,
//! in-vivo codes, change or remove a coding).

use super::{Done, Show, run, run_as_one, run_showing};
use crate::Project;
use crate::model::Id;
use crate::search::{CodeUnit, ProjectSearch, SearchQuery, UnitKind};
use crate::store::Command;
use anyhow::{Context, Result, bail};

/// A span of a document's text, in char offsets (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub doc: Id,
    pub start: usize,
    pub end: usize,
}

/// Which code to apply: one that exists, or a new one made in the same step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeChoice {
    Existing(Id),
    New { name: String, parent: Option<Id> },
}

impl CodeChoice {
    /// A new top-level code.
    pub fn new_code(name: impl Into<String>) -> CodeChoice {
        CodeChoice::New {
            name: name.into(),
            parent: None,
        }
    }
}

/// What a new code is.
#[derive(Debug, Clone, Default)]
pub struct NewCode {
    pub name: String,
    pub parent: Option<Id>,
    pub colour: Option<String>,
    pub description: String,
}

pub fn create(project: &mut Project, code: NewCode) -> Result<Done> {
    let cmd = Command::CreateCode {
        name: code.name,
        parent: code.parent,
        colour: code.colour,
        description: code.description,
    };
    run_showing(project, cmd, Show::Code)
}

pub fn rename(project: &mut Project, code: Id, name: &str) -> Result<Done> {
    let name = name.to_string();
    run(project, Command::RenameCode { code, name })
}

/// Change the colour and/or the description (None leaves it as it is).
pub fn edit(
    project: &mut Project,
    code: Id,
    colour: Option<String>,
    description: Option<String>,
) -> Result<Done> {
    let cmd = Command::EditCode {
        code,
        colour,
        description,
    };
    run(project, cmd)
}

/// Nest under `parent` (None: top level), at `position` among its siblings.
pub fn move_to(
    project: &mut Project,
    code: Id,
    parent: Option<Id>,
    position: Option<i64>,
) -> Result<Done> {
    let cmd = Command::MoveCode {
        code,
        parent,
        position,
    };
    run(project, cmd)
}

/// Move every coding of `sources` to `target` and delete the sources.
pub fn merge(project: &mut Project, sources: Vec<Id>, target: Id) -> Result<Done> {
    let done = run(project, Command::MergeCodes { sources, target })?;
    Ok(Done {
        show: Show::Code(target),
        ..done
    })
}

/// Move the chosen codings to a new sibling code `new_name`.
pub fn split(project: &mut Project, code: Id, new_name: &str, codings: Vec<Id>) -> Result<Done> {
    let cmd = Command::SplitCode {
        code,
        codings,
        new_name: new_name.to_string(),
    };
    run_showing(project, cmd, Show::Code)
}

/// Delete a code with its sub-codes and all their codings (undoable).
pub fn delete(project: &mut Project, code: Id) -> Result<Done> {
    run(project, Command::DeleteCode { code })
}

/// Code one span; with a new code, the code and the coding are one step.
pub fn apply(project: &mut Project, span: Span, code: CodeChoice, memo: &str) -> Result<Done> {
    match code {
        CodeChoice::Existing(code) => {
            let cmd = Command::ApplyCoding {
                doc: span.doc,
                code,
                start: span.start,
                end: span.end,
                memo: memo.to_string(),
            };
            let done = run(project, cmd)?;
            Ok(Done {
                show: Show::Code(code),
                ..done
            })
        }
        CodeChoice::New { name, parent } => {
            if !memo.is_empty() {
                bail!("a memo needs an existing code: create '{name}' first");
            }
            let label = format!("create and apply code '{}'", name.trim());
            create_and_apply(project, &name, parent, vec![span], label)
        }
    }
}

/// Code the words of `span` with a code named after them (in-vivo): the
/// top-level code of that name when there is one, else a new one.
pub fn apply_in_vivo(project: &mut Project, span: Span) -> Result<Done> {
    let text = project.text(span.doc)?;
    let name = in_vivo_name(crate::text::slice_chars(&text, span.start, span.end));
    if name.is_empty() {
        bail!("the selection has no words to name a code after");
    }
    let existing = project
        .codes()?
        .into_iter()
        .find(|c| c.parent.is_none() && c.name.to_lowercase() == name.to_lowercase());
    match existing {
        Some(code) => apply(project, span, CodeChoice::Existing(code.id), ""),
        None => {
            let label = format!("in-vivo code '{name}'");
            create_and_apply(project, &name, None, vec![span], label)
        }
    }
}

/// A code name made of the selected words: one line, no surrounding
/// punctuation, at most 60 characters cut at a word.
pub fn in_vivo_name(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = flat.trim_matches(|c: char| !c.is_alphanumeric());
    let mut name: String = trimmed.chars().take(60).collect();
    if trimmed.chars().count() > 60
        && let Some(cut) = name.rfind(' ')
    {
        name.truncate(cut);
    }
    name
}

/// Code every span as one undo step (the passages of a search, chosen hits).
pub fn apply_all(project: &mut Project, spans: &[Span], code: CodeChoice) -> Result<Done> {
    match code {
        CodeChoice::Existing(code) => {
            let name = project.code(code)?.name;
            let label = hits_label(spans.len(), &name);
            let commands = spans
                .iter()
                .map(|s| Command::ApplyCoding {
                    doc: s.doc,
                    code,
                    start: s.start,
                    end: s.end,
                    memo: String::new(),
                })
                .collect();
            let done = run_as_one(project, label, commands)?;
            Ok(Done {
                show: Show::Code(code),
                ..done
            })
        }
        CodeChoice::New { name, parent } => {
            let label = hits_label(spans.len(), &name);
            create_and_apply(project, &name, parent, spans.to_vec(), label)
        }
    }
}

/// Code every text hit of a search query (as a hit, its sentence or its
/// turn) as one undo step — with a new code, that code is part of the step.
pub fn apply_to_hits(
    project: &mut Project,
    query: &str,
    unit: CodeUnit,
    code: CodeChoice,
) -> Result<Done> {
    let mut index = ProjectSearch::open(project)?;
    let query = SearchQuery {
        limit: usize::MAX,
        kind: Some(UnitKind::Text),
        ..SearchQuery::new(query.to_string())
    };
    let spans: Vec<Span> = index
        .spans_to_code(project, &query, unit)?
        .into_iter()
        .map(|(doc, start, end)| Span { doc, start, end })
        .collect();
    apply_all(project, &spans, code)
}

fn hits_label(n: usize, code: &str) -> String {
    format!("code {n} search hits with '{code}'")
}

fn create_and_apply(
    project: &mut Project,
    name: &str,
    parent: Option<Id>,
    spans: Vec<Span>,
    label: String,
) -> Result<Done> {
    let create = Command::CreateCodeAndApply {
        name: name.to_string(),
        parent,
        spans: spans.iter().map(|s| (s.doc, s.start, s.end)).collect(),
    };
    // The batch gives the step the caller's label for undo.
    let done = run_as_one(project, label, vec![create])?;
    let code = done
        .id()
        .with_context(|| format!("could not create the code '{name}'"))?;
    Ok(Done {
        show: Show::Code(code),
        ..done
    })
}

/// Remove one coding (its quote stays in the text, of course).
pub fn uncode(project: &mut Project, coding: Id) -> Result<Done> {
    run(project, Command::RemoveCoding { coding })
}

/// A change to one coding; None leaves that part as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodingChange {
    pub code: Option<Id>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub memo: Option<String>,
}

pub fn edit_coding(project: &mut Project, coding: Id, change: CodingChange) -> Result<Done> {
    let cmd = Command::EditCoding {
        coding,
        code: change.code,
        start: change.start,
        end: change.end,
        memo: change.memo,
    };
    run(project, cmd)
}

/// The span of the `nth` (1-based) exact occurrence of `quote` in a document.
pub fn find_quote(project: &Project, doc: Id, quote: &str, nth: usize) -> Result<Span> {
    let (start, end) = quote_in(&project.text(doc)?, quote, nth)?;
    Ok(Span { doc, start, end })
}

/// Char offsets of the `nth` (1-based) exact occurrence of `quote` in `text`.
pub fn quote_in(text: &str, quote: &str, nth: usize) -> Result<(usize, usize)> {
    if quote.is_empty() {
        bail!("the quote is empty");
    }
    let byte = text
        .match_indices(quote)
        .nth(nth.saturating_sub(1))
        .map(|(b, _)| b)
        .with_context(|| format!("the text does not contain occurrence {nth} of «{quote}»"))?;
    let start = crate::text::char_of_byte(text, byte);
    Ok((start, start + quote.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::in_vivo_name;

    #[test]
    fn in_vivo_names_are_tidy() {
        assert_eq!(in_vivo_name("  «hver vår tue».\n"), "hver vår tue");
        assert_eq!(in_vivo_name("mye\ntillit"), "mye tillit");
        let long = "ord ".repeat(30);
        assert!(in_vivo_name(&long).chars().count() <= 60);
    }
}
