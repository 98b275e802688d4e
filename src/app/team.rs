//! Team work with copies: merging a teammate's copy (a project directory or
//! their .qdpx) into mine, and comparing two coders' codings.

use super::agreement::{self, Agreement};
use crate::Project;
use crate::model::{Coding, Id};
use crate::store::{CodingFilter, Command, MergeReport, Resolve};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Merge the copy at `other` into `project` as one undo step. With
/// conflicts left undecided (no `resolve`) nothing changes and the report
/// lists them (`applied` false).
pub fn merge(project: &mut Project, other: &Path, resolve: Option<Resolve>) -> Result<MergeReport> {
    let name = other
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| other.display().to_string());
    let source = read_copy(other, &format!("merge '{name}'"))?;
    let mut report = project.merge_preview(&source, resolve)?;
    if report.undecided() > 0 {
        report.applied = false;
        return Ok(report);
    }
    let nothing = report.documents
        + report.codes
        + report.codings
        + report.themes
        + report.notes
        + report.journal
        + report.coders
        + report.codes_changed
        == 0;
    project.execute(Command::Merge {
        source: Box::new(source),
        resolve,
    })?;
    report.applied = !nothing;
    Ok(report)
}

/// The other copy: a project directory, or a .qdpx read into a scratch project.
fn read_copy(other: &Path, label: &str) -> Result<crate::store::MergeSource> {
    if other.is_dir() {
        return Project::open(other)?.merge_source(label);
    }
    let scratch = std::env::temp_dir().join(format!("tema-merge-{}", uuid::Uuid::new_v4()));
    let result = (|| {
        crate::export::import_qdpx(other, &scratch)
            .with_context(|| format!("reading '{}'", other.display()))?;
        Project::open(&scratch)?.merge_source(label)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Two coders side by side, per code.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Comparison {
    /// What agreement counts: every character of the documents compared.
    pub unit: &'static str,
    pub coder_a: String,
    pub coder_b: String,
    /// The documents compared (the one asked for, else every document
    /// either coder coded).
    pub documents: Vec<String>,
    pub codes: Vec<CodeComparison>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CodeComparison {
    pub code: String,
    pub code_id: Id,
    /// Spans of A and B that overlap, with both quotes.
    pub both: Vec<Overlap>,
    pub only_a: Vec<Span>,
    pub only_b: Vec<Span>,
    /// The character table, percent agreement and kappa.
    pub agreement: Agreement,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Overlap {
    pub doc: String,
    pub a: Span,
    pub b: Span,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl From<&Coding> for Span {
    fn from(c: &Coding) -> Span {
        Span {
            doc: c.doc.clone(),
            start: c.start,
            end: c.end,
            text: c.text.clone(),
        }
    }
}

/// Where coders `a` and `b` (coder names) overlap and differ, per code
/// (`code`: only that one) and over one document or every document either
/// coded. Meant for discussion; the numbers are for codebook approaches.
pub fn compare(
    project: &Project,
    a: &str,
    b: &str,
    code: Option<Id>,
    doc: Option<Id>,
) -> Result<Comparison> {
    let coders = project.coders()?;
    let name_of = |n: &str| -> Result<String> {
        let id = project.resolve_coder(n)?;
        Ok(coders
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, c)| c.name.clone())
            .unwrap_or_default())
    };
    let (a, b) = (name_of(a)?, name_of(b)?);
    let filter = CodingFilter {
        codes: code.into_iter().collect(),
        with_subcodes: false,
        doc,
    };
    let all = project.codings(&filter)?;
    let mine = |c: &&Coding, who: &str| c.coder.as_deref() == Some(who);
    let by = |who: &str| {
        all.iter()
            .filter(|c| mine(c, who))
            .cloned()
            .collect::<Vec<_>>()
    };
    let (ca, cb) = (by(&a), by(&b));
    let docs = project.documents()?;
    let compared: BTreeSet<Id> = match doc {
        Some(d) => [d].into(),
        None => ca.iter().chain(&cb).map(|c| c.doc_id).collect(),
    };
    let chars: HashMap<Id, usize> = docs.iter().map(|d| (d.id, d.chars)).collect();
    let mut codes: BTreeSet<(String, Id)> = BTreeSet::new();
    for c in ca.iter().chain(&cb) {
        codes.insert((c.code.clone(), c.code_id));
    }
    if let Some(id) = code {
        let name = project
            .codes()?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| c.name);
        codes.insert((name.unwrap_or_default(), id));
    }
    let per_code = codes
        .into_iter()
        .map(|(name, id)| compare_code(&name, id, &ca, &cb, &compared, &chars))
        .collect();
    Ok(Comparison {
        unit: "character",
        coder_a: a,
        coder_b: b,
        documents: docs
            .iter()
            .filter(|d| compared.contains(&d.id))
            .map(|d| d.name.clone())
            .collect(),
        codes: per_code,
    })
}

fn compare_code(
    name: &str,
    code: Id,
    a: &[Coding],
    b: &[Coding],
    docs: &BTreeSet<Id>,
    chars: &HashMap<Id, usize>,
) -> CodeComparison {
    let of =
        |v: &[Coding]| -> Vec<Coding> { v.iter().filter(|c| c.code_id == code).cloned().collect() };
    let (a, b) = (of(a), of(b));
    let overlaps =
        |x: &Coding, y: &Coding| x.doc_id == y.doc_id && x.start < y.end && y.start < x.end;
    let mut both = Vec::new();
    for x in &a {
        for y in b.iter().filter(|y| overlaps(x, y)) {
            both.push(Overlap {
                doc: x.doc.clone(),
                a: x.into(),
                b: y.into(),
            });
        }
    }
    let only = |v: &[Coding], other: &[Coding]| -> Vec<Span> {
        v.iter()
            .filter(|x| !other.iter().any(|y| overlaps(x, y)))
            .map(Span::from)
            .collect()
    };
    let spans = |v: &[Coding], doc: Id| -> Vec<(usize, usize)> {
        v.iter()
            .filter(|c| c.doc_id == doc)
            .map(|c| (c.start, c.end))
            .collect()
    };
    let table = docs
        .iter()
        .map(|&d| {
            agreement::in_document(
                chars.get(&d).copied().unwrap_or(0),
                &spans(&a, d),
                &spans(&b, d),
            )
        })
        .fold(Agreement::from_counts(0, 0, 0, 0), Agreement::plus);
    CodeComparison {
        code: name.to_string(),
        code_id: code,
        only_a: only(&a, &b),
        only_b: only(&b, &a),
        both,
        agreement: table,
    }
}
