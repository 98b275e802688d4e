//! Review: the detector's suggestions and the rules' matches, merged with
//! the reviewer's stored decisions, each with its current replacement and
//! status; grouped by entity; and the decisions themselves (accept, keep,
//! edit a replacement, per occurrence, add a rule).
//!
//! Suggestions are not stored: they are recomputed from the texts, so they
//! always describe the text as it stands. Only decisions are stored
//! (`anon_entities`, `anon_occurrences`, `anon_rules`), through commands,
//! so every decision is undoable.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::fields::{self, Field, FieldClass, FieldRef, Known, load_fields};
use super::matcher::{Matcher, Pattern, rule_patterns};
use super::ops::{AnonOp, EntityDecision, NewRule, entity_key};
use super::pseudonym::is_genitive_of;
use super::{Detector, Kind, Pseudonymiser, Suggestion};
use crate::Project;
use crate::store::{AnonReads, Command};
use crate::text::CharIndex;

pub use crate::store::anon_ops::{Source, Status};

/// One occurrence to review: a suggestion with its current replacement
/// and status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub doc: i64,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: Kind,
    pub entity: String,
    pub replacement: String,
    pub confidence: f32,
    pub status: Status,
    pub source: Source,
    pub context: String,
    /// The occurrence has a decision of its own, overriding its entity's.
    pub own_decision: bool,
    /// Set when the occurrence is in a field outside the transcripts (a
    /// participant label, a memo): `start..end` are then char offsets into
    /// that field's value, and `doc` the document it belongs to (or 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldRef>,
}

/// All occurrences of one entity, in every document.
#[derive(Debug, Clone, Serialize)]
pub struct EntityGroup {
    pub kind: Kind,
    pub entity: String,
    /// The entity's label (occurrences may add a genitive `s`).
    pub replacement: String,
    pub status: Status,
    pub source: Source,
    /// The replacement was written by the reviewer.
    pub custom: bool,
    /// Distinct forms as they stand in the texts (`Kari Nordvik`, `Karis`).
    pub forms: Vec<String>,
    pub occurrences: Vec<Occurrence>,
    #[serde(skip)]
    pub number: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Occurrence {
    pub doc: i64,
    /// The document's name, or for a field what the field is.
    pub doc_name: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub replacement: String,
    pub status: Status,
    pub context: String,
    /// Set for an occurrence in a field outside the transcripts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldRef>,
}

/// A stored rule.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rule {
    pub id: i64,
    #[serde(flatten)]
    pub rule: NewRule,
}

#[derive(Debug, Clone)]
pub(crate) struct EntityRow {
    pub kind: Kind,
    pub entity: String,
    pub status: Status,
    pub source: Source,
    pub number: Option<usize>,
    pub replacement: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct OccRow {
    pub text: String,
    pub status: Status,
    pub replacement: Option<String>,
}

/// The stored decisions.
#[derive(Debug, Default)]
pub(crate) struct Decisions {
    pub entities: HashMap<(Kind, String), EntityRow>,
    pub occurrences: HashMap<(i64, usize, usize), OccRow>,
    pub rules: Vec<Rule>,
    /// Replacements already in the texts (from earlier apply runs).
    pub applied_labels: HashSet<String>,
    /// (kind, entity, original) of everything earlier apply runs replaced.
    pub applied_forms: Vec<(Kind, String, String)>,
}

pub(crate) fn load_decisions(reads: AnonReads) -> Result<Decisions> {
    let mut d = Decisions::default();
    for row in reads.entity_decisions()? {
        let kind =
            Kind::parse(&row.kind).with_context(|| format!("unknown kind '{}'", row.kind))?;
        d.entities.insert(
            (kind, entity_key(&row.entity)),
            EntityRow {
                kind,
                entity: row.entity,
                status: Status::parse(&row.status).unwrap_or(Status::Suggested),
                source: if row.source == "rule" {
                    Source::Rule
                } else {
                    Source::Detected
                },
                number: row.number.map(|n| n as usize),
                replacement: row.replacement,
            },
        );
    }
    for row in reads.occurrence_decisions()? {
        d.occurrences.insert(
            (row.doc, row.start as usize, row.end as usize),
            OccRow {
                text: row.text,
                status: Status::parse(&row.status).unwrap_or(Status::Rejected),
                replacement: row.replacement,
            },
        );
    }
    d.rules = load_rules(reads)?;
    d.applied_labels = reads.applied_labels()?;
    for row in reads.applied_forms()? {
        if let Some(kind) = Kind::parse(&row.kind) {
            d.applied_forms.push((kind, row.entity, row.original));
        }
    }
    Ok(d)
}

fn load_rules(reads: AnonReads) -> Result<Vec<Rule>> {
    Ok(reads
        .rules()?
        .into_iter()
        .map(|r| Rule {
            id: r.id,
            rule: NewRule {
                original: r.original,
                replacement: r.replacement,
                kind: Kind::parse(&r.kind).unwrap_or(Kind::Person),
                whole_word: r.whole_word,
                case_sensitive: r.case_sensitive,
                inflect: r.inflect,
            },
        })
        .collect())
}

/// Chars of context on each side, on one line.
const CONTEXT_CHARS: usize = 40;

pub(crate) fn context_of(idx: &CharIndex, start: usize, end: usize) -> String {
    let s = start.saturating_sub(CONTEXT_CHARS);
    let e = (end + CONTEXT_CHARS).min(idx.len_chars());
    idx.slice(s, e)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The matcher of the rules that are not rejected as a whole.
pub(crate) fn rules_matcher(d: &Decisions) -> Result<Matcher> {
    let mut pats: Vec<Pattern> = Vec::new();
    for r in &d.rules {
        let key = (r.rule.kind, entity_key(&r.rule.original));
        if d.entities
            .get(&key)
            .is_some_and(|e| e.status == Status::Rejected)
        {
            continue;
        }
        pats.extend(rule_patterns(
            &r.rule.original,
            &r.rule.replacement,
            r.rule.kind,
            r.rule.whole_word,
            r.rule.case_sensitive,
            r.rule.inflect,
        ));
    }
    Matcher::new(pats)
}

/// The review state of a corpus: candidates and the pseudonymiser that
/// labelled them.
pub(crate) struct Review {
    pub candidates: Vec<Candidate>,
    pub pseudonymiser: Pseudonymiser,
    /// Well-known names the detector keeps (`Ola Nordmann`, `kong
    /// Harald`, `Meld. St. 6 (2019–2020)`): document → char spans. Apply
    /// replaces nothing inside them; share excuses them.
    pub well_known: HashMap<i64, Vec<(usize, usize)>>,
    /// Their texts.
    pub well_known_texts: Vec<String>,
}

/// Everything review reads: the transcripts and the fields outside them.
pub(crate) struct Corpus {
    pub texts: Vec<(i64, String)>,
    pub fields: Vec<Field>,
}

impl Corpus {
    pub fn load(reads: AnonReads) -> Result<Corpus> {
        Ok(Corpus {
            texts: reads.document_texts()?,
            fields: load_fields(reads)?,
        })
    }
}

/// Detect in the transcripts and the fields, add rule matches, resolve
/// overlaps (longest first, a rule before a detection of the same span),
/// and attach decisions and labels.
pub(crate) fn review(corpus: &Corpus, d: &Decisions) -> Result<Review> {
    let det = Detector::new();
    let (in_texts, in_prose) = detect_with_prose(&det, corpus);
    let in_fields = field_suggestions(corpus, d, &det, &in_texts, in_prose)?;
    let mut r = review_with(corpus, d, in_texts, in_fields)?;
    add_well_known(&det, corpus, &mut r);
    add_leaks(&det, corpus, d, &mut r)?;
    Ok(r)
}

/// A transcript (`None`) or a field of a document.
type Unit<'a> = (i64, Option<&'a FieldRef>);

/// Share never dead-ends: every place where share's own scan would find
/// an original (a form of an accepted entity, or anything replaced
/// before) that no candidate covers becomes a candidate of that entity,
/// with its place (`Kari` in `Kari2024`, a folded name in a file name), so
/// accepting the entity (or applying it, when accepted) resolves it.
fn add_leaks(det: &Detector, corpus: &Corpus, d: &Decisions, r: &mut Review) -> Result<()> {
    let gaz = det.gazetteer();
    let mut by_original: BTreeMap<String, (Kind, String)> = BTreeMap::new();
    for (kind, entity, original) in &d.applied_forms {
        by_original
            .entry(original.trim().to_string())
            .or_insert((*kind, entity.clone()));
    }
    let mut accepted: Vec<&EntityRow> = d
        .entities
        .values()
        .filter(|e| e.status == Status::Accepted)
        .collect();
    accepted.sort_by(|a, b| (a.kind, &a.entity).cmp(&(b.kind, &b.entity)));
    for e in accepted {
        let entry = (e.kind, e.entity.clone());
        by_original
            .entry(e.entity.trim().to_string())
            .or_insert(entry.clone());
        if e.kind == Kind::Person {
            for f in fields::scan_forms(&e.entity, gaz) {
                by_original.entry(f).or_insert(entry.clone());
            }
        }
    }
    by_original.retain(|o, _| o.chars().count() >= 2 && !d.applied_labels.contains(o));
    if by_original.is_empty() {
        return Ok(());
    }
    let originals: Vec<String> = by_original.keys().cloned().collect();
    let scanner = super::share::Scanner::new(&originals)?;
    let mut spans: HashMap<Unit, Vec<(usize, usize)>> = HashMap::new();
    for c in &r.candidates {
        spans
            .entry((c.doc, c.field.as_ref()))
            .or_default()
            .push((c.start, c.end));
    }
    let units = corpus
        .texts
        .iter()
        .map(|(doc, text)| (*doc, None, text.as_str()))
        .chain(
            corpus
                .fields
                .iter()
                .map(|f| (f.doc.unwrap_or(0), Some(&f.at), f.value.as_str())),
        );
    let mut found = Vec::new();
    for (doc, field, text) in units {
        let finds = scanner.scan(text);
        if finds.is_empty() {
            continue;
        }
        let idx = CharIndex::new(text);
        let taken = spans.get(&(doc, field));
        let known = field.map_or_else(|| r.well_known.get(&doc), |_| None);
        for f in finds {
            let (start, end) = (idx.char(f.start), idx.char(f.end));
            let inside = |t: Option<&Vec<(usize, usize)>>| {
                t.is_some_and(|t| t.iter().any(|&(s, e)| s < end && start < e))
            };
            if inside(taken) || inside(known) {
                continue;
            }
            let Some((kind, entity)) = by_original.get(&f.original) else {
                continue;
            };
            let status = d
                .entities
                .get(&(*kind, entity_key(entity)))
                .map_or(Status::Suggested, |e| e.status);
            if status == Status::Rejected {
                continue;
            }
            let replacement = d
                .entities
                .get(&(*kind, entity_key(entity)))
                .and_then(|e| e.replacement.clone())
                .unwrap_or_else(|| r.pseudonymiser.label(*kind, entity));
            found.push(Candidate {
                doc,
                start,
                end,
                text: idx.slice(start, end).to_string(),
                kind: *kind,
                entity: entity.clone(),
                replacement,
                confidence: 0.5,
                status,
                source: Source::Detected,
                context: context_of(&idx, start, end),
                own_decision: false,
                field: field.cloned(),
            });
        }
    }
    r.candidates.extend(found);
    Ok(())
}

/// Well-known names the detector keeps (`Ola Nordmann`, `Askeladden`,
/// `kong Harald`): apply leaves them alone where the same word is
/// replaced elsewhere (`Ola` a participant), and share excuses them.
fn add_well_known(det: &Detector, corpus: &Corpus, r: &mut Review) {
    for (doc, text) in &corpus.texts {
        let keeps: Vec<(usize, usize)> = det
            .keeps(text)
            .into_iter()
            .filter(|&(start, end)| {
                !r.candidates
                    .iter()
                    .any(|c| c.field.is_none() && c.doc == *doc && c.start < end && start < c.end)
            })
            .collect();
        if !keeps.is_empty() {
            let idx = CharIndex::new(text);
            r.well_known_texts
                .extend(keeps.iter().map(|&(s, e)| idx.slice(s, e).to_string()));
            r.well_known.insert(*doc, keeps);
        }
    }
}

/// The detector's suggestions in the transcripts, and in each prose field
/// (read with the transcripts, as more of the same corpus), by field.
fn detect_with_prose(det: &Detector, corpus: &Corpus) -> (Vec<Suggestion>, Vec<Vec<Suggestion>>) {
    let mut units: Vec<(i64, &str)> = corpus
        .texts
        .iter()
        .map(|(id, t)| (*id, t.as_str()))
        .collect();
    units.extend(
        corpus
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.class == FieldClass::Prose)
            .map(|(i, f)| (fields::prose_unit(i), f.value.as_str())),
    );
    let mut in_prose: Vec<Vec<Suggestion>> = vec![Vec::new(); corpus.fields.len()];
    let mut in_texts = Vec::new();
    for s in det.detect(&units) {
        match fields::prose_index(s.doc) {
            Some(i) => {
                let doc = corpus.fields[i].doc.unwrap_or(0);
                in_prose[i].push(Suggestion { doc, ..s });
            }
            None => in_texts.push(s),
        }
    }
    (in_texts, in_prose)
}

/// The suggestions of each field: first what the field says by itself
/// (the detector's findings in prose, the strict rule elsewhere), then,
/// ahead of those, every form known anywhere, fields included: a name
/// found in a note is found in a file name too, as the same entity.
fn field_suggestions(
    corpus: &Corpus,
    d: &Decisions,
    det: &Detector,
    in_texts: &[Suggestion],
    in_prose: Vec<Vec<Suggestion>>,
) -> Result<Vec<Vec<Suggestion>>> {
    let gaz = det.gazetteer();
    let prose: Vec<Suggestion> = in_prose.iter().flatten().cloned().collect();
    let known = Known::new(&[in_texts, &prose].concat(), d, gaz)?;
    let own: Vec<Vec<Suggestion>> = corpus
        .fields
        .iter()
        .zip(in_prose)
        .map(|(f, found)| match f.class {
            FieldClass::Prose => found,
            _ => fields::strict(f, &known, det),
        })
        .collect();
    let all: Vec<Suggestion> = own.iter().flatten().cloned().collect();
    let known = Known::new(&[in_texts, &all].concat(), d, gaz)?;
    Ok(corpus
        .fields
        .iter()
        .zip(own)
        .map(|(f, own)| [known.find_in(f, gaz), own].concat())
        .collect())
}

/// Labels already in the texts or written by the reviewer: never a
/// suggestion inside one, never a new entity numbered into one.
fn labels_in_use(d: &Decisions) -> HashSet<String> {
    let mut labels: HashSet<String> = d.applied_labels.clone();
    labels.extend(d.entities.values().filter_map(|e| e.replacement.clone()));
    labels.extend(d.rules.iter().map(|r| r.rule.replacement.clone()));
    labels
}

/// A matcher that finds the labels in use.
fn labels_matcher(labels: &HashSet<String>) -> Result<Matcher> {
    Matcher::new(
        labels
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Pattern {
                text: l.clone(),
                replacement: String::new(),
                case_sensitive: true,
                whole_word: false,
                kind: Kind::Person,
                entity: String::new(),
                rule: false,
            })
            .collect(),
    )
}

/// A suggestion with the rule pattern it came from, if any.
type Found = (Suggestion, Option<usize>);

/// The suggestions of one text (a transcript or a field) with the rule
/// matches in it, none inside a label in use, overlaps resolved: longest
/// first, at the same span a rule first, then the earlier suggestion.
fn merge_unit(
    doc: i64,
    text: &str,
    mut list: Vec<Found>,
    rules: &Matcher,
    labels: &Matcher,
) -> Vec<Found> {
    let idx = CharIndex::new(text);
    for h in rules.find(text) {
        let (start, end) = (idx.char(h.start), idx.char(h.end));
        let p = rules.pattern(h.pattern);
        list.push((
            Suggestion {
                doc,
                start,
                end,
                text: text[h.start..h.end].to_string(),
                kind: p.kind,
                entity: p.entity.clone(),
                confidence: 1.0,
                context: context_of(&idx, start, end),
            },
            Some(h.pattern),
        ));
    }
    let in_labels: Vec<(usize, usize)> = labels
        .find(text)
        .iter()
        .map(|h| (idx.char(h.start), idx.char(h.end)))
        .collect();
    list.retain(|(s, _)| !in_labels.iter().any(|&(a, b)| s.start < b && a < s.end));
    list.sort_by_key(|(s, rule)| (s.start, std::cmp::Reverse(s.end), rule.is_none()));
    let mut merged = Vec::with_capacity(list.len());
    let mut last_end = 0;
    for item in list {
        if item.0.start >= last_end {
            last_end = item.0.end;
            merged.push(item);
        }
    }
    merged
}

fn review_with(
    corpus: &Corpus,
    d: &Decisions,
    detected: Vec<Suggestion>,
    field_found: Vec<Vec<Suggestion>>,
) -> Result<Review> {
    let labels = labels_in_use(d);
    let label_matcher = labels_matcher(&labels)?;
    let rules = rules_matcher(d)?;

    let mut by_doc: BTreeMap<i64, Vec<Found>> = BTreeMap::new();
    for s in detected {
        by_doc.entry(s.doc).or_default().push((s, None));
    }
    let mut merged: Vec<(Found, Option<&FieldRef>)> = Vec::new();
    for (doc, text) in &corpus.texts {
        let list = by_doc.remove(doc).unwrap_or_default();
        merged.extend(
            merge_unit(*doc, text, list, &rules, &label_matcher)
                .into_iter()
                .map(|f| (f, None)),
        );
    }
    let in_texts = merged.len();
    for (f, found) in corpus.fields.iter().zip(field_found) {
        let list = found.into_iter().map(|s| (s, None)).collect();
        merged.extend(
            merge_unit(f.doc.unwrap_or(0), &f.value, list, &rules, &label_matcher)
                .into_iter()
                .map(|found| (found, Some(&f.at))),
        );
    }

    // Numbers: reserved ones first, then first appearance of the rest, in
    // the transcripts before the fields.
    let mut p = Pseudonymiser::new();
    for l in &labels {
        p.reserve_label(l);
    }
    for e in d.entities.values() {
        if let Some(n) = e.number {
            p.reserve(e.kind, &e.entity, n);
        }
    }
    let entity_status = |kind: Kind, entity: &str, rule: bool| -> Status {
        match d.entities.get(&(kind, entity_key(entity))) {
            Some(e) => e.status,
            None if rule => Status::Accepted,
            None => Status::Suggested,
        }
    };
    let numbered = |part: &[(Found, Option<&FieldRef>)]| -> Vec<Suggestion> {
        part.iter()
            .filter(|((s, rule), _)| {
                rule.is_none() && entity_status(s.kind, &s.entity, false) != Status::Rejected
            })
            .map(|((s, _), _)| s.clone())
            .collect()
    };
    p.assign_all(&numbered(&merged[..in_texts]));
    p.assign_all(&numbered(&merged[in_texts..]));

    let mut candidates = Vec::with_capacity(merged.len());
    for ((s, rule), field) in merged {
        // Decisions about single occurrences name transcript positions.
        let own = d
            .occurrences
            .get(&(s.doc, s.start, s.end))
            .filter(|o| field.is_none() && o.text == s.text);
        let row = d.entities.get(&(s.kind, entity_key(&s.entity)));
        let status = match own {
            Some(o) => o.status,
            None => entity_status(s.kind, &s.entity, rule.is_some()),
        };
        let custom = row.and_then(|r| r.replacement.clone());
        let replacement = match (own.and_then(|o| o.replacement.clone()), rule, custom) {
            (Some(r), _, _) => r,
            (None, _, Some(c)) => {
                if is_genitive_of(&s.text, &s.entity) {
                    format!("{c}s")
                } else {
                    c
                }
            }
            (None, Some(i), None) => rules.pattern(i).replacement.clone(),
            (None, None, None) => p.replacement(&s),
        };
        candidates.push(Candidate {
            doc: s.doc,
            start: s.start,
            end: s.end,
            text: s.text,
            kind: s.kind,
            entity: s.entity,
            replacement,
            confidence: s.confidence,
            status,
            source: if rule.is_some() {
                Source::Rule
            } else {
                Source::Detected
            },
            context: s.context,
            own_decision: own.is_some(),
            field: field.cloned(),
        });
    }
    Ok(Review {
        candidates,
        pseudonymiser: p,
        well_known: HashMap::new(),
        well_known_texts: Vec::new(),
    })
}

/// Every suggestion in the project (detections and rule matches) with its
/// current replacement and status, in document order.
pub fn anon_detect(project: &Project) -> Result<Vec<Candidate>> {
    let reads = project.anon_reads();
    let d = load_decisions(reads)?;
    Ok(review(&Corpus::load(reads)?, &d)?.candidates)
}

/// Suggestions grouped by entity, with every form and occurrence; also
/// entities decided earlier that no longer occur (replaced already).
pub fn anon_entities(project: &Project) -> Result<Vec<EntityGroup>> {
    let reads = project.anon_reads();
    let d = load_decisions(reads)?;
    let r = review(&Corpus::load(reads)?, &d)?;
    Ok(group(project, &d, r))
}

fn group(project: &Project, d: &Decisions, r: Review) -> Vec<EntityGroup> {
    let names: HashMap<i64, String> = project
        .documents()
        .map(|docs| docs.into_iter().map(|x| (x.id, x.name)).collect())
        .unwrap_or_default();
    let mut p = r.pseudonymiser;
    let mut groups: Vec<EntityGroup> = Vec::new();
    let mut at: HashMap<(Kind, String), usize> = HashMap::new();
    for c in r.candidates {
        let key = (c.kind, entity_key(&c.entity));
        let i = *at.entry(key.clone()).or_insert_with(|| {
            let row = d.entities.get(&key);
            let custom = row.and_then(|r| r.replacement.clone());
            let rule = d
                .rules
                .iter()
                .find(|r| r.rule.kind == c.kind && entity_key(&r.rule.original) == key.1);
            let replacement = match (&custom, rule) {
                (Some(c), _) => c.clone(),
                (None, Some(r)) => r.rule.replacement.clone(),
                (None, None) => p.label(c.kind, &c.entity),
            };
            groups.push(EntityGroup {
                kind: c.kind,
                entity: c.entity.clone(),
                replacement,
                status: row.map_or(
                    if c.source == Source::Rule {
                        Status::Accepted
                    } else {
                        Status::Suggested
                    },
                    |r| r.status,
                ),
                source: row.map_or(c.source, |r| r.source),
                custom: custom.is_some(),
                forms: Vec::new(),
                occurrences: Vec::new(),
                number: row.and_then(|r| r.number).or(if rule.is_none() {
                    p.number(c.kind, &c.entity)
                } else {
                    None
                }),
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        if !g.forms.contains(&c.text) {
            g.forms.push(c.text.clone());
        }
        let doc_name = match &c.field {
            Some(f) => f.what.clone(),
            None => names.get(&c.doc).cloned().unwrap_or_default(),
        };
        g.occurrences.push(Occurrence {
            doc: c.doc,
            doc_name,
            start: c.start,
            end: c.end,
            text: c.text,
            replacement: c.replacement,
            status: c.status,
            context: c.context,
            field: c.field,
        });
    }
    let mut decided: Vec<&EntityRow> = d
        .entities
        .iter()
        .filter(|(k, _)| !at.contains_key(*k))
        .map(|(_, e)| e)
        .collect();
    decided.sort_by(|a, b| (a.kind, &a.entity).cmp(&(b.kind, &b.entity)));
    for e in decided {
        groups.push(EntityGroup {
            kind: e.kind,
            entity: e.entity.clone(),
            replacement: e
                .replacement
                .clone()
                .unwrap_or_else(|| p.label(e.kind, &e.entity)),
            status: e.status,
            source: e.source,
            custom: e.replacement.is_some(),
            forms: Vec::new(),
            occurrences: Vec::new(),
            number: e.number,
        });
    }
    groups
}

/// Which entities a decision is about.
#[derive(Debug, Clone)]
pub enum Selection {
    /// Every entity not reviewed yet.
    All,
    /// Entities by name or by any of their forms (case-insensitive).
    Entities(Vec<String>),
}

fn select<'a>(groups: &'a [EntityGroup], sel: &Selection) -> Result<Vec<&'a EntityGroup>> {
    match sel {
        Selection::All => Ok(groups
            .iter()
            .filter(|g| g.status == Status::Suggested && !g.occurrences.is_empty())
            .collect()),
        Selection::Entities(names) => {
            let mut out: Vec<&EntityGroup> = Vec::new();
            for name in names {
                let key = entity_key(name);
                let mut found: Vec<&EntityGroup> = groups
                    .iter()
                    .filter(|g| entity_key(&g.entity) == key)
                    .collect();
                if found.is_empty() {
                    found = groups
                        .iter()
                        .filter(|g| g.forms.iter().any(|f| entity_key(f) == key))
                        .collect();
                }
                if found.is_empty() {
                    bail!("no suggestion for '{name}' (see `tema anon detect`)");
                }
                for g in found {
                    if !out.iter().any(|o| std::ptr::eq(*o, g)) {
                        out.push(g);
                    }
                }
            }
            Ok(out)
        }
    }
}

fn decide(project: &mut Project, sel: &Selection, status: Status) -> Result<usize> {
    let groups = anon_entities(project)?;
    let chosen = select(&groups, sel)?;
    let decisions: Vec<EntityDecision> = chosen
        .iter()
        .map(|g| EntityDecision {
            kind: g.kind,
            entity: g.entity.clone(),
            status,
            source: g.source,
            number: g.number,
            replacement: g.custom.then(|| g.replacement.clone()),
        })
        .collect();
    let n = decisions.len();
    if n > 0 {
        project.execute(Command::Anon {
            change: AnonOp::Decide {
                entities: decisions,
            },
        })?;
    }
    Ok(n)
}

/// Accept entities: every form of them, in every document, is replaced
/// by apply. Returns how many entities were decided.
pub fn anon_accept(project: &mut Project, sel: &Selection) -> Result<usize> {
    decide(project, sel, Status::Accepted)
}

/// Keep entities as they are (not identifiers, or kept on purpose).
pub fn anon_reject(project: &mut Project, sel: &Selection) -> Result<usize> {
    decide(project, sel, Status::Rejected)
}

/// Set the replacement of an entity (None: back to its template label).
/// An entity not reviewed yet stays to be reviewed.
pub fn anon_set_replacement(
    project: &mut Project,
    entity: &str,
    replacement: Option<&str>,
) -> Result<()> {
    if replacement.is_some_and(|r| r.trim().is_empty()) {
        bail!(
            "give a replacement such as [navn] or [sted]: deleting the words would leave coded quotes empty"
        );
    }
    let groups = anon_entities(project)?;
    let chosen = select(&groups, &Selection::Entities(vec![entity.to_string()]))?;
    let decisions = chosen
        .iter()
        .map(|g| EntityDecision {
            kind: g.kind,
            entity: g.entity.clone(),
            status: g.status,
            source: g.source,
            number: g.number,
            replacement: replacement.map(str::to_string),
        })
        .collect();
    project.execute(Command::Anon {
        change: AnonOp::Decide {
            entities: decisions,
        },
    })?;
    Ok(())
}

/// Decide one occurrence (`doc`, `start..end` as listed by detect):
/// accept (optionally with its own replacement), keep, or with `None`
/// fall back to its entity's decision.
pub fn anon_decide_occurrence(
    project: &mut Project,
    doc: i64,
    start: usize,
    end: usize,
    status: Option<Status>,
    replacement: Option<String>,
) -> Result<()> {
    let text = project.text(doc)?;
    let idx = CharIndex::new(&text);
    if start >= end || end > idx.len_chars() {
        bail!("{start}..{end} is not inside document {doc}");
    }
    project.execute(Command::Anon {
        change: AnonOp::DecideOccurrence {
            doc,
            start,
            end,
            text: idx.slice(start, end).to_string(),
            status,
            replacement,
        },
    })?;
    Ok(())
}

/// Add a rule: `original` becomes `replacement` in every text.
pub fn anon_add_rule(project: &mut Project, rule: NewRule) -> Result<i64> {
    if rule.original.trim().is_empty() {
        bail!("a rule needs the text to replace");
    }
    if rule.replacement.contains(rule.original.trim()) {
        bail!("the replacement contains the original");
    }
    // Deleting words would empty a coded quote of them; a placeholder keeps
    // the sentence readable and every coding non-empty.
    if rule.replacement.trim().is_empty() {
        bail!(
            "give a replacement such as [navn] or [sted]: deleting the words would leave coded quotes empty"
        );
    }
    project
        .execute(Command::Anon {
            change: AnonOp::AddRule { rule },
        })?
        .id()
        .context("the rule was not stored")
}

pub fn anon_rules(project: &Project) -> Result<Vec<Rule>> {
    load_rules(project.anon_reads())
}

pub fn anon_delete_rule(project: &mut Project, rule: i64) -> Result<()> {
    project.execute(Command::Anon {
        change: AnonOp::DeleteRule { rule },
    })?;
    Ok(())
}
