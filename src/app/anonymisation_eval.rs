//! An evaluation that cannot be fooled by the detector's own view of
//! itself: a gold directory (`NAME.txt`, `NAME.gold.tsv`, `NAME.traps.tsv`,
//! offsets in chars) is imported into a fresh project the way a user
//! would, detection runs, every suggestion is accepted, and the figures are
//! read from what apply would really replace (the plan, in original
//! offsets). Then apply and share run for real.
//!
//! - recall per kind: a gold span is found when replacements cover every
//!   non-space char of it (the kind may differ; kind-correct is counted
//!   too);
//! - traps kept: no char of the trap replaced;
//! - words wrongly replaced: words replaced that touch no gold span;
//! - consistency: person entities with two or more occurrences whose
//!   occurrences all got the same label, and entities whose label no other
//!   entity shares (two phone numbers must not become one placeholder);
//! - apply and share succeed, share's own byte scan finding no original.
//!
//! [`EvalReport`]'s `Display` shows aggregates only; [`EvalReport::failures`]
//! lists each miss, for the tuning set alone.

use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::Project;
use crate::anonymise::{Kind, Selection, ShareOptions};
use crate::import::ImportOptions;
use crate::import::batch::StoreOptions;

/// One identifier of the gold standard.
#[derive(Debug, Clone)]
pub struct GoldSpan {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub entity: String,
    pub text: String,
}

/// A span that must stay as it is.
#[derive(Debug, Clone)]
pub struct Trap {
    pub start: usize,
    pub end: usize,
    pub class: String,
    pub text: String,
}

/// One transcript of a gold set.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    pub gold: Vec<GoldSpan>,
    pub traps: Vec<Trap>,
}

/// Recall of one kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KindScore {
    pub gold: usize,
    /// Every non-space char replaced, whatever the suggestion's kind.
    pub found: usize,
    /// Found, and every replacement over it of the gold kind.
    pub kind_correct: usize,
}

impl KindScore {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
}

/// What the evaluation measured on one gold set.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub set: String,
    pub transcripts: usize,
    pub per_kind: BTreeMap<Kind, KindScore>,
    pub traps: usize,
    pub traps_kept: usize,
    /// (class → (kept, total)).
    pub traps_by_class: BTreeMap<String, (usize, usize)>,
    /// Words replaced that touch no gold span.
    pub wrong_words: usize,
    /// Person entities with two or more occurrences.
    pub persons_repeated: usize,
    /// … whose occurrences all got the same label.
    pub persons_consistent: usize,
    /// Gold entities that got a label.
    pub entities_labelled: usize,
    /// … whose label no other gold entity got.
    pub entities_distinct: usize,
    pub apply_ok: bool,
    pub share_ok: bool,
    /// Why apply or share failed (may quote originals: tuning only).
    pub share_error: Option<String>,
    /// Milliseconds for detection (review) on this set.
    pub detect_ms: f64,
    /// One line per miss, trap replaced or wrong word (tuning only).
    failures: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl EvalReport {
    pub fn recall(&self, kind: Kind) -> f64 {
        self.per_kind.get(&kind).map_or(1.0, KindScore::recall)
    }

    pub fn traps_kept_rate(&self) -> f64 {
        ratio(self.traps_kept, self.traps)
    }

    /// Persons consistent and entities kept apart, as one share (the
    /// smaller of the two).
    pub fn consistency(&self) -> f64 {
        self.person_consistency().min(self.distinct_rate())
    }

    pub fn person_consistency(&self) -> f64 {
        ratio(self.persons_consistent, self.persons_repeated)
    }

    pub fn distinct_rate(&self) -> f64 {
        ratio(self.entities_distinct, self.entities_labelled)
    }

    /// Every miss, replaced trap and wrong word: for the tuning set only.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "anonymisation, accept-all, set '{}': {} transcripts (detection {:.0} ms)",
            self.set, self.transcripts, self.detect_ms
        )?;
        writeln!(
            f,
            "  {:<11} {:>5} {:>6} {:>7} {:>11}",
            "kind", "gold", "found", "recall", "kind-right"
        )?;
        for (kind, s) in &self.per_kind {
            writeln!(
                f,
                "  {:<11} {:>5} {:>6} {:>7.3} {:>11.3}",
                kind.as_str(),
                s.gold,
                s.found,
                s.recall(),
                ratio(s.kind_correct, s.gold)
            )?;
        }
        writeln!(
            f,
            "  traps kept {}/{} = {:.3}",
            self.traps_kept,
            self.traps,
            self.traps_kept_rate()
        )?;
        for (class, (kept, total)) in &self.traps_by_class {
            writeln!(f, "    {class:<15} {kept:>3}/{total:<3}")?;
        }
        writeln!(f, "  words replaced outside gold: {}", self.wrong_words)?;
        writeln!(
            f,
            "  consistent persons {}/{} = {:.3}; entities kept apart {}/{} = {:.3}",
            self.persons_consistent,
            self.persons_repeated,
            self.person_consistency(),
            self.entities_distinct,
            self.entities_labelled,
            self.distinct_rate()
        )?;
        let ok = |b: bool| if b { "ok" } else { "FAILED" };
        writeln!(
            f,
            "  apply {}, share {}",
            ok(self.apply_ok),
            ok(self.share_ok)
        )
    }
}

/// Read every `NAME.txt` with its gold and trap files in `dir`.
pub fn load_gold(dir: &Path) -> Result<Vec<GoldDoc>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("reading '{}'", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".txt").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(format!("{name}.txt"));
            let text = std::fs::read_to_string(&path)?;
            let gold = tsv_rows(&dir.join(format!("{name}.gold.tsv")))?
                .into_iter()
                .map(|r| gold_span(&r))
                .collect::<Result<_>>()?;
            let traps = tsv_rows(&dir.join(format!("{name}.traps.tsv")))?
                .into_iter()
                .map(|r| trap(&r))
                .collect::<Result<_>>()?;
            Ok(GoldDoc {
                name,
                path,
                text,
                gold,
                traps,
            })
        })
        .collect()
}

/// Rows of a TSV file after its header.
fn tsv_rows(path: &Path) -> Result<Vec<Vec<String>>> {
    let src = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    Ok(src
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

fn num(s: Option<&String>) -> Result<usize> {
    s.context("missing column")?
        .parse()
        .context("not an offset")
}

fn gold_span(r: &[String]) -> Result<GoldSpan> {
    let kind = r.first().and_then(|k| Kind::parse(k)).context("bad kind")?;
    Ok(GoldSpan {
        kind,
        start: num(r.get(1))?,
        end: num(r.get(2))?,
        entity: r.get(3).cloned().unwrap_or_default(),
        text: r.get(4).cloned().unwrap_or_default(),
    })
}

fn trap(r: &[String]) -> Result<Trap> {
    Ok(Trap {
        start: num(r.first())?,
        end: num(r.get(1))?,
        class: r.get(2).cloned().unwrap_or_default(),
        text: r.get(3).cloned().unwrap_or_default(),
    })
}

/// One planned replacement in original char offsets.
#[derive(Debug, Clone)]
struct Repl {
    start: usize,
    end: usize,
    label: String,
    kind: Kind,
}

/// Evaluate detection + accept-all + apply + share on the gold set in `dir`.
pub fn evaluate(dir: &Path) -> Result<EvalReport> {
    let docs = load_gold(dir)?;
    if docs.is_empty() {
        bail!("no transcripts in '{}'", dir.display());
    }
    let tmp = std::env::temp_dir().join(format!("tema-eval-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&tmp)?;
    let result = evaluate_in(&tmp, dir, &docs);
    let _ = std::fs::remove_dir_all(&tmp);
    result
}

fn evaluate_in(tmp: &Path, dir: &Path, docs: &[GoldDoc]) -> Result<EvalReport> {
    let mut project = Project::create(&tmp.join("project"), "evaluation")?;
    let files: Vec<PathBuf> = docs.iter().map(|d| d.path.clone()).collect();
    let stored = crate::app::documents::import_files(
        &mut project,
        &files,
        &ImportOptions::default(),
        &StoreOptions {
            allow_duplicate: true,
            ..StoreOptions::default()
        },
    )?;
    if stored.ids.len() != docs.len() {
        bail!(
            "imported {} of {} transcripts",
            stored.ids.len(),
            docs.len()
        );
    }
    for (id, d) in stored.ids.iter().zip(docs) {
        if project.text(*id)? != d.text {
            bail!("'{}': the imported text differs from the file", d.name);
        }
    }
    let t = std::time::Instant::now();
    crate::app::anonymise::accept(&mut project, &Selection::All)?;
    let detect_ms = t.elapsed().as_secs_f64() * 1000.0;
    let plan = crate::anonymise::anon_plan(&project)?;
    let mut report = EvalReport {
        set: dir
            .file_name()
            .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into()),
        transcripts: docs.len(),
        detect_ms,
        ..EvalReport::default()
    };
    let mut labels: Vec<(String, Kind, String)> = Vec::new(); // (doc/entity, kind, label)
    let mut person_labels: HashMap<String, HashSet<String>> = HashMap::new();
    let mut person_count: HashMap<String, usize> = HashMap::new();
    for (id, d) in stored.ids.iter().zip(docs) {
        let repls = doc_replacements(&plan, *id)?;
        score_doc(d, &repls, &mut report, &mut labels);
        for g in d.gold.iter().filter(|g| g.kind == Kind::Person) {
            let key = format!("{}/{}", d.name, g.entity);
            *person_count.entry(key.clone()).or_default() += 1;
            let label = covering_label(d, g, &repls).unwrap_or_else(|| "(missed)".into());
            person_labels.entry(key).or_default().insert(label);
        }
    }
    score_consistency(&mut report, &person_count, &person_labels, &labels);
    apply_and_share(&mut project, tmp, &mut report);
    Ok(report)
}

/// The plan's replacements in one document, with their kinds (the audit
/// rows of a document come in the order of its edits).
fn doc_replacements(plan: &crate::anonymise::Plan, doc: i64) -> Result<Vec<Repl>> {
    let Some(p) = plan.docs.iter().find(|p| p.doc == doc) else {
        return Ok(Vec::new());
    };
    let audit: Vec<&crate::anonymise::AuditRow> = plan
        .audit
        .iter()
        .filter(|a| a.tbl == "documents" && a.col == "text" && a.document_id == Some(doc))
        .collect();
    if audit.len() != p.edits.len() {
        bail!("plan of document {doc}: edits and audit rows differ");
    }
    Ok(p.edits
        .iter()
        .zip(audit)
        .map(|(e, a)| Repl {
            start: e.start,
            end: e.end,
            label: e.replacement.clone(),
            kind: a.kind,
        })
        .collect())
}

/// Replacements overlapping `start..end`.
fn overlapping(repls: &[Repl], start: usize, end: usize) -> impl Iterator<Item = &Repl> {
    repls.iter().filter(move |r| r.start < end && start < r.end)
}

/// Every non-space char of `start..end` lies inside a replacement.
fn covered(chars: &[char], repls: &[Repl], start: usize, end: usize) -> bool {
    (start..end).all(|i| {
        chars.get(i).is_none_or(|c| c.is_whitespace())
            || repls.iter().any(|r| r.start <= i && i < r.end)
    })
}

/// The label a gold span got, without a genitive `s`; `None` when not
/// every char is replaced.
fn covering_label(d: &GoldDoc, g: &GoldSpan, repls: &[Repl]) -> Option<String> {
    let chars: Vec<char> = d.text.chars().collect();
    if !covered(&chars, repls, g.start, g.end) {
        return None;
    }
    let parts: Vec<String> = overlapping(repls, g.start, g.end)
        .map(|r| base_label(&r.label))
        .collect();
    Some(parts.join(" "))
}

/// `[Person A]s` → `[Person A]`.
fn base_label(label: &str) -> String {
    match label.strip_suffix('s') {
        Some(b) if b.ends_with(']') => b.to_string(),
        _ => label.to_string(),
    }
}

fn score_doc(
    d: &GoldDoc,
    repls: &[Repl],
    report: &mut EvalReport,
    labels: &mut Vec<(String, Kind, String)>,
) {
    let chars: Vec<char> = d.text.chars().collect();
    let slice = |s: usize, e: usize| {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect::<String>()
    };
    for g in &d.gold {
        let score = report.per_kind.entry(g.kind).or_default();
        score.gold += 1;
        if covered(&chars, repls, g.start, g.end) {
            score.found += 1;
            if overlapping(repls, g.start, g.end).all(|r| r.kind == g.kind) {
                score.kind_correct += 1;
            } else {
                report.failures.push(format!(
                    "{}: KIND {:?} {:?} got {:?}",
                    d.name,
                    g.kind,
                    g.text,
                    overlapping(repls, g.start, g.end)
                        .map(|r| r.kind)
                        .collect::<Vec<_>>()
                ));
            }
            if let Some(label) = covering_label(d, g, repls) {
                labels.push((format!("{}/{}", d.name, g.entity), g.kind, label));
            }
        } else {
            let got: Vec<String> = overlapping(repls, g.start, g.end)
                .map(|r| format!("{:?} {:?}", r.kind, slice(r.start, r.end)))
                .collect();
            report.failures.push(format!(
                "{}: MISS {:?} {:?} at {} (got {got:?}) …{}…",
                d.name,
                g.kind,
                g.text,
                g.start,
                slice(g.start.saturating_sub(30), g.end + 30).replace('\n', " ")
            ));
        }
    }
    for t in &d.traps {
        report.traps += 1;
        let entry = report.traps_by_class.entry(t.class.clone()).or_default();
        entry.1 += 1;
        let hit: Vec<&Repl> = overlapping(repls, t.start, t.end).collect();
        if hit.is_empty() {
            report.traps_kept += 1;
            entry.0 += 1;
        } else {
            report.failures.push(format!(
                "{}: TRAP {} {:?} replaced as {:?} …{}…",
                d.name,
                t.class,
                t.text,
                hit.iter().map(|r| r.kind).collect::<Vec<_>>(),
                slice(t.start.saturating_sub(30), t.end + 30).replace('\n', " ")
            ));
        }
    }
    for r in repls {
        if d.gold.iter().any(|g| g.start < r.end && r.start < g.end) {
            continue;
        }
        let words = slice(r.start, r.end)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count();
        report.wrong_words += words;
        report.failures.push(format!(
            "{}: EXTRA {:?} {:?} …{}…",
            d.name,
            r.kind,
            slice(r.start, r.end),
            slice(r.start.saturating_sub(30), r.end + 30).replace('\n', " ")
        ));
    }
}

fn score_consistency(
    report: &mut EvalReport,
    person_count: &HashMap<String, usize>,
    person_labels: &HashMap<String, HashSet<String>>,
    labels: &[(String, Kind, String)],
) {
    let mut names: Vec<&String> = person_count.keys().collect();
    names.sort();
    for entity in names.into_iter().filter(|e| person_count[*e] >= 2) {
        report.persons_repeated += 1;
        let got = &person_labels[entity];
        if got.len() == 1 && !got.contains("(missed)") {
            report.persons_consistent += 1;
        } else {
            let mut v: Vec<&String> = got.iter().collect();
            v.sort();
            report
                .failures
                .push(format!("INCONSISTENT {entity}: labels {v:?}"));
        }
    }
    // Entities per label (an entity may have several labels, e.g. its
    // name in full and in parts).
    let mut by_label: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut entity_labels: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for (entity, _, label) in labels {
        by_label
            .entry(label.as_str())
            .or_default()
            .insert(entity.as_str());
        entity_labels
            .entry(entity.as_str())
            .or_default()
            .insert(label.as_str());
    }
    for (entity, ls) in &entity_labels {
        report.entities_labelled += 1;
        // The same id in two transcripts is the same entity (`l_stavanger`).
        let id = |key: &str| key.split_once('/').map_or(key, |(_, e)| e).to_string();
        let shared: Vec<&&str> = ls
            .iter()
            .filter(|l| by_label[**l].iter().any(|o| id(o) != id(entity)))
            .collect();
        if shared.is_empty() {
            report.entities_distinct += 1;
        } else {
            report
                .failures
                .push(format!("MERGED {entity}: label {shared:?} shared"));
        }
    }
}

/// Apply (link key outside the project) and share; record success.
fn apply_and_share(project: &mut Project, tmp: &Path, report: &mut EvalReport) {
    match crate::app::anonymise::apply(project, &tmp.join("key.csv")) {
        Ok(_) => report.apply_ok = true,
        Err(e) => {
            report.share_error = Some(format!("apply: {e:#}"));
            return;
        }
    }
    match crate::app::anonymise::share(project, &tmp.join("shared"), &ShareOptions::default()) {
        Ok(_) => report.share_ok = true,
        Err(e) => report.share_error = Some(format!("share: {e:#}")),
    }
    if let Some(e) = &report.share_error {
        report.failures.push(e.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_their_genitive() {
        assert_eq!(base_label("[Person A]s"), "[Person A]");
        assert_eq!(base_label("[Sted B]"), "[Sted B]");
    }
}
