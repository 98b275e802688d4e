//! Apply: replace every accepted identifier in every text of the project
//! as one undoable command, record the audit trail, and write the link key
//! to a file outside the project.
//!
//! What is replaced, per text (a transcript, or a field outside them: a
//! label, a name, a memo; see `fields`), in one pass:
//! - every accepted candidate at its position (detections, rule matches);
//! - elsewhere, every form of an accepted entity (exact case, whole word)
//!   and every rule match: the detector skips speaker labels and cannot see
//!   every place a name was found once.
//!
//! The plan is made inside apply's own write transaction, from the texts
//! and decisions as they stand there, so nothing changed between planning
//! and writing can be overwritten.
//!
//! Spans the reviewer kept (or has not reviewed) are left alone. The
//! fields are every text column of every other table (document names,
//! speaker and participant labels, attributes, code names, memos, notes,
//! themes, journal), found from the schema so new tables are covered.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Kind;
use super::fields::{Field, FieldRef};
use super::matcher::{Matcher, Pattern, rule_patterns};
use super::ops::{AnonOp, AuditRow, FieldEdit, entity_key};
use super::review::{Candidate, Corpus, Decisions, Review, Source, Status, load_decisions, review};
use crate::Project;
pub use crate::store::KeyEntry;
use crate::store::{AnonReads, AnonTx, Command};
use crate::text::{CharIndex, Edit};

/// What apply would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub docs: Vec<DocPlan>,
    pub fields: Vec<FieldEdit>,
    /// Audit rows for documents and fields (run and time filled in at apply).
    pub audit: Vec<AuditRow>,
}

#[derive(Debug, Clone)]
pub struct DocPlan {
    pub doc: i64,
    pub edits: Vec<Edit>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.docs.iter().all(|d| d.edits.is_empty()) && self.fields.is_empty()
    }

    pub fn replacements(&self) -> usize {
        self.audit.len()
    }
}

/// What one apply run did.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyReport {
    pub run: String,
    pub documents: usize,
    pub replacements: usize,
    pub fields: usize,
    pub key: PathBuf,
}

/// The combined matcher: rules first (the reviewer wrote them), then every
/// form of every accepted entity, exact case and whole word.
fn apply_matcher(r: &Review, d: &Decisions) -> Result<Matcher> {
    let mut pats: Vec<Pattern> = Vec::new();
    for rule in &d.rules {
        let key = (rule.rule.kind, entity_key(&rule.rule.original));
        if d.entities
            .get(&key)
            .is_some_and(|e| e.status == Status::Rejected)
        {
            continue;
        }
        pats.extend(rule_patterns(
            &rule.rule.original,
            &rule.rule.replacement,
            rule.rule.kind,
            rule.rule.whole_word,
            rule.rule.case_sensitive,
            rule.rule.inflect,
        ));
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for c in &r.candidates {
        if c.status != Status::Accepted || c.source != Source::Detected || c.own_decision {
            continue;
        }
        if seen.insert(c.text.as_str()) {
            pats.push(Pattern {
                text: c.text.clone(),
                replacement: c.replacement.clone(),
                case_sensitive: true,
                whole_word: true,
                kind: c.kind,
                entity: c.entity.clone(),
                rule: false,
            });
        }
    }
    // A name accepted in the transcripts is also replaced in its genitive
    // (`Karis`) wherever it stands: short fields are read by a strict rule
    // that does not inflect, so only this catches `Karis sjef` in a memo.
    let existing: HashSet<String> = pats.iter().map(|p| p.text.clone()).collect();
    let genitives: Vec<Pattern> = pats
        .iter()
        .filter(|p| !p.rule && matches!(p.kind, Kind::Person | Kind::Place | Kind::Workplace))
        .filter(|p| {
            p.text
                .chars()
                .last()
                .is_some_and(|c| c.is_alphabetic() && c != 's')
        })
        .map(|p| Pattern {
            text: format!("{}s", p.text),
            replacement: format!("{}s", p.replacement),
            ..p.clone()
        })
        .filter(|g| !existing.contains(&g.text))
        .collect();
    pats.extend(genitives);
    Matcher::new(pats)
}

#[allow(clippy::too_many_arguments)]
fn audit_row(
    tbl: &str,
    col: &str,
    row_id: i64,
    doc: Option<i64>,
    span: Option<(usize, usize)>,
    original: &str,
    replacement: &str,
    kind: Kind,
    entity: &str,
) -> AuditRow {
    AuditRow {
        tbl: tbl.into(),
        col: col.into(),
        row_id,
        document_id: doc,
        start: span.map(|s| s.0),
        end: span.map(|s| s.1),
        original: Some(original.into()),
        replacement: replacement.into(),
        kind,
        entity: Some(entity.into()),
        at: String::new(),
        run: String::new(),
    }
}

/// One replacement in one text: char span, replacement, kind, entity.
type Replacement = (usize, usize, String, Kind, String);

/// What to replace in one text (a transcript or a field), in text order:
/// accepted candidates where they stand, matcher hits outside every
/// candidate (a candidate the reviewer kept or has not reviewed decides
/// its words).
fn replacements(
    text: &str,
    cands: &[&Candidate],
    keep: &[(usize, usize)],
    m: &Matcher,
) -> Vec<Replacement> {
    let idx = CharIndex::new(text);
    let mut found: Vec<Replacement> = cands
        .iter()
        .filter(|c| c.status == Status::Accepted)
        .map(|c| {
            (
                c.start,
                c.end,
                c.replacement.clone(),
                c.kind,
                c.entity.clone(),
            )
        })
        .collect();
    // Well-known names kept by review (`Ola Nordmann`) decide their words too.
    let mut spans: Vec<(usize, usize)> = cands.iter().map(|c| (c.start, c.end)).collect();
    spans.extend_from_slice(keep);
    spans.sort_unstable();
    for h in m.find(text) {
        let (s, e) = (idx.char(h.start), idx.char(h.end));
        // Spans are sorted by start; any overlap means the candidate decides.
        let i = spans.partition_point(|&(_, ce)| ce <= s);
        if spans.get(i).is_some_and(|&(cs, _)| cs < e) {
            continue;
        }
        let p = m.pattern(h.pattern);
        found.push((s, e, p.replacement.clone(), p.kind, p.entity.clone()));
    }
    found.sort_by_key(|f| f.0);
    found
}

/// The edits of one document, with audit rows giving where each
/// replacement stands in the rewritten text.
fn doc_edits(doc: i64, text: &str, found: Vec<Replacement>) -> (Vec<Edit>, Vec<AuditRow>) {
    let idx = CharIndex::new(text);
    let mut edits = Vec::with_capacity(found.len());
    let mut audit = Vec::with_capacity(found.len());
    let mut delta: isize = 0;
    for (s, e, repl, kind, entity) in found {
        let new_start = (s as isize + delta) as usize;
        let len = repl.chars().count();
        audit.push(audit_row(
            "documents",
            "text",
            doc,
            Some(doc),
            Some((new_start, new_start + len)),
            idx.slice(s, e),
            &repl,
            kind,
            &entity,
        ));
        delta += len as isize - (e - s) as isize;
        edits.push(Edit {
            start: s,
            end: e,
            replacement: repl,
        });
    }
    (edits, audit)
}

/// The new value of one field, with its audit rows.
fn field_edit(f: &Field, found: Vec<Replacement>) -> Result<(FieldEdit, Vec<AuditRow>)> {
    let idx = CharIndex::new(&f.value);
    let doc = (f.at.table == "documents").then_some(f.at.row);
    let audit = found
        .iter()
        .map(|(s, e, repl, kind, entity)| {
            audit_row(
                &f.at.table,
                &f.at.column,
                f.at.row,
                doc,
                None,
                idx.slice(*s, *e),
                repl,
                *kind,
                entity,
            )
        })
        .collect();
    let edits: Vec<Edit> = found
        .into_iter()
        .map(|(start, end, replacement, _, _)| Edit {
            start,
            end,
            replacement,
        })
        .collect();
    let value = crate::text::apply_edits(&f.value, &edits)
        .map_err(|e| anyhow::anyhow!("in the {} '{}': {e}", f.at.what, f.value))?
        .0;
    let edit = FieldEdit {
        table: f.at.table.clone(),
        column: f.at.column.clone(),
        row: f.at.row,
        value,
    };
    Ok((edit, audit))
}

pub(crate) fn plan_with(d: &Decisions, corpus: &Corpus, r: &Review) -> Result<Plan> {
    let m = apply_matcher(r, d)?;
    let mut plan = Plan::default();
    let mut by_doc: HashMap<i64, Vec<&Candidate>> = HashMap::new();
    let mut by_field: HashMap<&FieldRef, Vec<&Candidate>> = HashMap::new();
    for c in &r.candidates {
        match &c.field {
            None => by_doc.entry(c.doc).or_default().push(c),
            Some(f) => by_field.entry(f).or_default().push(c),
        }
    }
    for (doc, text) in &corpus.texts {
        let cands = by_doc.remove(doc).unwrap_or_default();
        let keep = r.well_known.get(doc).map_or(&[][..], Vec::as_slice);
        let found = replacements(text, &cands, keep, &m);
        if !found.is_empty() {
            let (edits, audit) = doc_edits(*doc, text, found);
            plan.docs.push(DocPlan { doc: *doc, edits });
            plan.audit.extend(audit);
        }
    }
    for f in &corpus.fields {
        let cands = by_field.remove(&f.at).unwrap_or_default();
        let found = replacements(&f.value, &cands, &[], &m);
        if !found.is_empty() {
            let (edit, audit) = field_edit(f, found)?;
            plan.fields.push(edit);
            plan.audit.extend(audit);
        }
    }
    Ok(plan)
}

/// What apply would replace now.
pub fn anon_plan(project: &Project) -> Result<Plan> {
    plan_now(project.anon_reads())
}

/// The plan from the decisions and texts as `reads` sees them.
fn plan_now(reads: AnonReads) -> Result<Plan> {
    let d = load_decisions(reads)?;
    let corpus = Corpus::load(reads)?;
    let r = review(&corpus, &d)?;
    plan_with(&d, &corpus, &r)
}

/// A document's text as apply would leave it.
pub fn anon_preview(project: &Project, doc: i64) -> Result<String> {
    let text = project.text(doc)?;
    let plan = anon_plan(project)?;
    match plan.docs.iter().find(|p| p.doc == doc) {
        Some(p) => Ok(crate::text::apply_edits(&text, &p.edits)
            .map_err(|e| anyhow::anyhow!(e))?
            .0),
        None => Ok(text),
    }
}

/// Refuse a key path inside the project directory (after resolving
/// symlinks and `..`), or one that exists already.
pub fn check_key_path(project: &Project, key_out: &Path) -> Result<PathBuf> {
    let project_dir = std::fs::canonicalize(project.dir())
        .with_context(|| format!("resolving '{}'", project.dir().display()))?;
    let resolved = resolve_path(key_out, 0)?;
    if resolved.starts_with(&project_dir) {
        bail!(
            "refusing to write the link key to '{}': it lies inside the project '{}'. The key links pseudonyms to real names and must be stored apart from the data; choose a place outside the project",
            key_out.display(),
            project_dir.display()
        );
    }
    if std::fs::symlink_metadata(key_out).is_ok() {
        bail!(
            "'{}' exists already; choose a new file for the link key",
            key_out.display()
        );
    }
    Ok(resolved)
}

/// Where a file at `path` would really be written: its folder resolved
/// (symlinks, `..`), and a symlink at `path` itself followed, even one
/// that dangles.
fn resolve_path(path: &Path, depth: usize) -> Result<PathBuf> {
    let name = path
        .file_name()
        .with_context(|| format!("'{}' is not a file name", path.display()))?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let parent = std::fs::canonicalize(&parent).with_context(|| {
        format!(
            "the folder for the link key, '{}', does not exist",
            parent.display()
        )
    })?;
    let at = parent.join(name);
    match std::fs::read_link(&at) {
        Ok(target) if depth < 16 => resolve_path(&parent.join(target), depth + 1),
        Ok(_) => bail!("'{}': too many symbolic links", path.display()),
        Err(_) => Ok(at),
    }
}

/// Replace every accepted identifier as one undoable change, record the
/// audit trail, and write the link key (original ↔ replacement; JSON when
/// `key_out` ends in `.json`, else CSV) to `key_out`, outside the project.
pub fn anon_apply(project: &mut Project, key_out: &Path) -> Result<ApplyReport> {
    let key_path = check_key_path(project, key_out)?;
    let run = uuid::Uuid::new_v4().to_string();
    project.execute(Command::Anon {
        change: super::ops::apply(run.clone(), crate::store::now()),
    })?;
    if let Err(e) = write_key(project, &key_path) {
        project.undo()?;
        return Err(e.context("writing the link key failed; the replacements were undone"));
    }
    let counts = project.audit_run_counts(&run)?;
    Ok(ApplyReport {
        run,
        documents: counts.documents,
        replacements: counts.replacements,
        fields: counts.fields,
        key: key_path,
    })
}

/// Apply, inside the write transaction `tx` (`AnonOp::Apply`): the plan is
/// made from the decisions and texts as this transaction sees them, so an
/// edit made meanwhile (a memo changed in the GUI) is planned against,
/// never overwritten with a value planned from the text before it.
/// Returns the undo label. (`tx` is the store's transaction; it converts
/// to an [`AnonTx`], which reads and writes only inside it.)
pub(crate) fn apply_in<'a>(tx: impl Into<AnonTx<'a>>, run: &str, at: &str) -> Result<String> {
    let tx: AnonTx = tx.into();
    let plan = plan_now(tx.reads())?;
    if plan.is_empty() {
        bail!("nothing to replace: accept suggestions (`tema anon accept`) or add rules first");
    }
    for d in &plan.docs {
        tx.run(&Command::RewriteText {
            doc: d.doc,
            edits: d.edits.clone(),
        })?;
    }
    if !plan.fields.is_empty() {
        tx.run(&Command::Anon {
            change: AnonOp::SetFields {
                fields: plan.fields.clone(),
            },
        })?;
    }
    let rows: Vec<AuditRow> = plan
        .audit
        .into_iter()
        .map(|mut a| {
            a.run = run.to_string();
            a.at = at.to_string();
            a
        })
        .collect();
    let n = rows.len();
    tx.run(&Command::Anon {
        change: AnonOp::Audit {
            run: run.to_string(),
            rows,
        },
    })?;
    Ok(format!(
        "anonymise: {n} replacement(s) in {} document(s)",
        plan.docs.len()
    ))
}

/// The link key: every original replaced so far, with its replacement.
pub fn link_key(project: &Project) -> Result<Vec<KeyEntry>> {
    project.link_key()
}

fn write_key(project: &Project, path: &Path) -> Result<()> {
    let entries = link_key(project)?;
    let bytes = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::to_vec_pretty(&entries)?
    } else {
        let mut w = csv::Writer::from_writer(Vec::new());
        for e in &entries {
            w.serialize(e)?;
        }
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?
    };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("creating '{}'", path.display()))?;
    std::io::Write::write_all(&mut f, &bytes)?;
    f.sync_all()?;
    Ok(())
}

/// The audit trail, oldest first.
pub fn anon_audit(project: &Project) -> Result<Vec<AuditRow>> {
    project.anon_audit()
}
