//! Anonymisation before sharing: review decisions (per entity or per
//! occurrence), rules for what detection missed, apply (rewrite every text
//! in one step, link key outside the project) and share (an anonymous copy).

use super::{Done, run};
use crate::Project;
use crate::anonymise::{
    self as an, AnonOp, ApplyReport, NewRule, Selection, ShareOptions, ShareReport, Status,
};
use crate::model::Id;
use crate::store::Command;
use anyhow::Result;
use std::path::Path;

/// Accept entities: every form of them, everywhere, is replaced by apply.
pub fn accept(project: &mut Project, sel: &Selection) -> Result<Done> {
    let n = an::anon_accept(project, sel)?;
    Ok(Done::said(format!("accepted {n} identifier(s)")))
}

/// Keep entities as they are.
pub fn reject(project: &mut Project, sel: &Selection) -> Result<Done> {
    let n = an::anon_reject(project, sel)?;
    Ok(Done::said(format!("kept {n} identifier(s) as they are")))
}

/// Decide entities as the review shows them (status, replacement, number).
pub fn decide(project: &mut Project, entities: Vec<an::ops::EntityDecision>) -> Result<Done> {
    let change = AnonOp::Decide { entities };
    run(project, Command::Anon { change })
}

/// Decide one occurrence: accept (with its own replacement, if given),
/// keep, or with `None` fall back to its entity's decision.
pub fn decide_occurrence(
    project: &mut Project,
    doc: Id,
    (start, end): (usize, usize),
    status: Option<Status>,
    replacement: Option<String>,
) -> Result<Done> {
    an::anon_decide_occurrence(project, doc, start, end, status, replacement)?;
    let what = match status {
        Some(Status::Accepted) => "accepted",
        Some(Status::Rejected) => "kept",
        _ => "reset",
    };
    Ok(Done::said(format!(
        "{what} the occurrence at {doc}:{start}:{end}"
    )))
}

/// The replacement of an entity (None or empty: its template label).
pub fn set_replacement(project: &mut Project, entity: &str, replacement: &str) -> Result<Done> {
    let r = Some(replacement).filter(|r| !r.is_empty());
    an::anon_set_replacement(project, entity, r)?;
    Ok(Done::said(format!(
        "'{entity}' will become '{replacement}'"
    )))
}

/// A rule: `original` becomes `replacement` in every text.
pub fn add_rule(project: &mut Project, rule: NewRule) -> Result<Done> {
    let said = format!("'{}' → '{}' everywhere", rule.original, rule.replacement);
    let id = an::anon_add_rule(project, rule)?;
    Ok(Done {
        label: format!("rule {id}: {said}"),
        created: vec![id],
        ..Done::default()
    })
}

pub fn delete_rule(project: &mut Project, rule: Id) -> Result<Done> {
    an::anon_delete_rule(project, rule)?;
    Ok(Done::said(format!("deleted rule {rule}")))
}

/// Rewrite every text as one undo step and write the link key to
/// `key_out` (refused inside the project).
pub fn apply(project: &mut Project, key_out: &Path) -> Result<ApplyReport> {
    an::anon_apply(project, key_out)
}

/// An anonymised copy in `out`, checked byte by byte for every original.
pub fn share(project: &Project, out: &Path, opts: &ShareOptions) -> Result<ShareReport> {
    an::share(project, out, opts)
}
