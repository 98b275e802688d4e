//! Keeping the search index in step with the project.
//!
//! The index is derived: every unit is built from SQLite, and the index
//! stores the project revision (the newest change-feed entry) it reflects.
//! `catch_up` replays the change feed since that revision — reindexing the
//! documents, codes, notes, themes and journal entries that changed — or
//! rebuilds from scratch when the index is missing, of another version,
//! corrupt, or ahead of the project (a restored backup).

use super::{IndexUnit, SearchIndex, SearchQuery, UnitKind};
use crate::Project;
use crate::model::{Coding, Id};
use crate::store::{CodingFilter, ParticipantLocator};
use crate::text::CharIndex;
use anyhow::Result;
use std::collections::{BTreeSet, HashMap, HashSet};
use tantivy::Term;

/// More changed documents than this, and a full rebuild is cheaper.
const REBUILD_OVER_DOCS: usize = 40;

/// A project's search index, kept current.
pub struct ProjectSearch {
    index: SearchIndex,
}

impl ProjectSearch {
    /// Open (or create) the index of a project and bring it up to date.
    pub fn open(project: &Project) -> Result<ProjectSearch> {
        let index = match SearchIndex::open_or_create(&project.index_dir()) {
            Ok(index) => index,
            // An index that cannot even be recreated in place is moved aside;
            // the user never sees an index error.
            Err(_) => {
                let dir = project.index_dir();
                let _ = std::fs::remove_dir_all(&dir);
                SearchIndex::open_or_create(&dir)?
            }
        };
        let mut search = ProjectSearch { index };
        search.catch_up(project)?;
        Ok(search)
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Search, after catching up with any change made since the last call.
    pub fn search(&mut self, project: &Project, query: &SearchQuery) -> Result<Vec<super::Hit>> {
        self.catch_up(project)?;
        // "All hits" is at most every unit; tantivy sizes its heap by the limit.
        let all = (self.index.num_units() as usize).max(1);
        let query = SearchQuery {
            limit: query.limit.min(all),
            ..query.clone()
        };
        Ok(self.index.search(&query)?)
    }

    /// Rebuild the whole index from the project.
    pub fn rebuild(&mut self, project: &Project) -> Result<()> {
        let revision = project.revision()?;
        let units = all_units(project)?;
        self.index.rebuild(units, revision as u64)?;
        Ok(())
    }

    /// Bring the index up to the project's current revision.
    pub fn catch_up(&mut self, project: &Project) -> Result<()> {
        let revision = project.revision()? as u64;
        let stamp = match self.index.stamp() {
            Some(s) if !self.index.needs_rebuild() && s <= revision => s,
            _ => return self.rebuild(project),
        };
        if stamp == revision {
            return Ok(());
        }
        let dirty = Dirty::from_changes(project, stamp as i64)?;
        if dirty.docs.len() > REBUILD_OVER_DOCS {
            return self.rebuild(project);
        }
        self.apply(project, &dirty, revision)
    }

    fn apply(&mut self, project: &Project, dirty: &Dirty, revision: u64) -> Result<()> {
        let existing: BTreeSet<Id> = project.documents()?.iter().map(|d| d.id).collect();
        let context = Context::load(project)?;
        let mut add = Vec::new();
        for &doc in &dirty.docs {
            // Every unit of a document (its text, memos and notes) carries its id.
            let term = Term::from_field_i64(self.index.fields.doc_id, doc);
            self.index.writer()?.delete_term(term);
            if existing.contains(&doc) {
                add.extend(document_units(project, &context, doc)?);
            }
        }
        let mut remove = Vec::new();
        for (kind, id) in &dirty.singles {
            remove.push(format!("{}:{id}", kind.as_str()));
            add.extend(single_unit(project, &context, *kind, *id)?);
        }
        self.index.update(&remove, add, revision)?;
        Ok(())
    }
}

/// What the changes since a revision touched.
#[derive(Default, Debug)]
struct Dirty {
    docs: BTreeSet<Id>,
    singles: HashSet<(UnitKind, Id)>,
}

impl Dirty {
    fn from_changes(project: &Project, since: i64) -> Result<Dirty> {
        let mut d = Dirty::default();
        let docs_with_code = |code: Id| project.documents_with_code(code);
        let docs_of_participant = |p: Id| project.documents_of_participant(p);
        for ch in project.changes_since(since)? {
            match ch.table.as_str() {
                "codes" => {
                    d.singles.insert((UnitKind::Code, ch.row));
                    d.docs.extend(docs_with_code(ch.row)?);
                    // Code memos carry the code's name.
                    for note in project.notes_of_code(ch.row)? {
                        d.singles.insert((UnitKind::Note, note));
                    }
                }
                "notes" => {
                    d.singles.insert((UnitKind::Note, ch.row));
                }
                "codings" => {
                    d.singles.insert((UnitKind::Memo, ch.row));
                }
                "participants" | "participant_attributes" => {
                    if let Some(p) = ch.participant {
                        d.singles.insert((UnitKind::Participant, p));
                        d.docs.extend(docs_of_participant(p)?);
                    }
                }
                "themes" | "theme_codes" => {
                    if let Some(t) = ch.theme {
                        d.singles.insert((UnitKind::Theme, t));
                    }
                    if let Some(c) = ch.code {
                        d.docs.extend(docs_with_code(c)?);
                    }
                }
                "journal_entries" => {
                    d.singles.insert((UnitKind::Journal, ch.row));
                }
                _ => {}
            }
            // Any row of a document (its text, turns, speakers, codings, notes).
            d.docs.extend(ch.document);
            // Text units carry the names of the themes coding them.
            if (ch.table == "theme_codes" || ch.table == "themes")
                && let Some(t) = ch.theme
            {
                for c in project.codes_in_theme(t)? {
                    d.docs.extend(docs_with_code(c)?);
                }
            }
        }
        // Memos and document notes live with their document's units.
        d.singles.retain(|(k, _)| !matches!(k, UnitKind::Memo));
        Ok(d)
    }
}

/// Names used on many units, loaded once per update.
struct Context {
    code_names: HashMap<Id, String>,
    /// Theme names per code (only where the themes table exists).
    themes_of_code: HashMap<Id, Vec<String>>,
    attributes: HashMap<String, Vec<(String, String)>>,
}

impl Context {
    fn load(project: &Project) -> Result<Context> {
        let code_names = project
            .codes()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let themes_of_code = project.theme_names_by_code()?;
        let attributes = project
            .participants()?
            .into_iter()
            .map(|p| (p.label, p.attributes.into_iter().collect()))
            .collect();
        Ok(Context {
            code_names,
            themes_of_code,
            attributes,
        })
    }
}

/// Every unit of the project.
fn all_units(project: &Project) -> Result<Vec<IndexUnit>> {
    let context = Context::load(project)?;
    let mut units = Vec::new();
    for doc in project.documents()? {
        units.extend(document_units(project, &context, doc.id)?);
    }
    for kind in [
        UnitKind::Code,
        UnitKind::Note,
        UnitKind::Participant,
        UnitKind::Theme,
        UnitKind::Journal,
    ] {
        for id in ids_of(project, kind)? {
            units.extend(single_unit(project, &context, kind, id)?);
        }
    }
    Ok(units)
}

/// Ids of the rows behind units of one kind (document notes excluded: they
/// are indexed with their document).
fn ids_of(project: &Project, kind: UnitKind) -> Result<Vec<Id>> {
    match kind {
        UnitKind::Code => project.code_ids(),
        UnitKind::Note => project.project_note_ids(),
        UnitKind::Participant => project.participant_ids(),
        UnitKind::Theme => project.theme_ids(),
        UnitKind::Journal => project.journal_entry_ids(),
        _ => Ok(vec![]),
    }
}

/// The units of one document: one per speaker turn (what is said, after the
/// label), plus its coding memos and notes.
fn document_units(project: &Project, context: &Context, doc: Id) -> Result<Vec<IndexUnit>> {
    let info = project.document(doc)?;
    let text = project.text(doc)?;
    let index = CharIndex::new(&text);
    let codings = project.codings_without_text(&CodingFilter {
        doc: Some(doc),
        ..Default::default()
    })?;
    let locate = ParticipantLocator::new(project, doc)?;
    let mut units = Vec::new();
    for turn in project.turns(doc)? {
        let (start, end) = (turn.body_start, turn.end);
        if start >= end {
            continue;
        }
        let participants: Vec<String> = locate.at(start).into_iter().collect();
        let overlapping: Vec<&Coding> = codings
            .iter()
            .filter(|c| c.start < end && c.end > start)
            .collect();
        units.push(IndexUnit {
            key: format!("text:{doc}:{}", turn.id),
            kind: UnitKind::Text,
            doc_id: Some(doc),
            doc_name: info.name.clone(),
            attributes: participants
                .iter()
                .flat_map(|p| context.attributes.get(p).cloned().unwrap_or_default())
                .collect(),
            participants,
            speaker: turn.speaker.clone(),
            start,
            end,
            text: index.slice(start, end).to_string(),
            codes: names(overlapping.iter().map(|c| c.code.clone())),
            themes: names(overlapping.iter().flat_map(|c| {
                context
                    .themes_of_code
                    .get(&c.code_id)
                    .cloned()
                    .unwrap_or_default()
            })),
            owner_id: None,
        });
    }
    for c in codings.iter().filter(|c| !c.memo.trim().is_empty()) {
        units.push(non_text_unit(
            UnitKind::Memo,
            c.id,
            Some(doc),
            &info.name,
            c.memo.clone(),
            vec![c.code.clone()],
        ));
    }
    for n in project.notes(None, Some(doc), None)? {
        units.push(non_text_unit(
            UnitKind::Note,
            n.id,
            Some(doc),
            &info.name,
            n.text,
            vec![],
        ));
    }
    Ok(units)
}

fn names(it: impl Iterator<Item = String>) -> Vec<String> {
    it.collect::<BTreeSet<_>>().into_iter().collect()
}

fn non_text_unit(
    kind: UnitKind,
    id: Id,
    doc: Option<Id>,
    doc_name: &str,
    text: String,
    codes: Vec<String>,
) -> IndexUnit {
    let end = text.chars().count();
    IndexUnit {
        key: format!("{}:{id}", kind.as_str()),
        kind,
        doc_id: doc,
        doc_name: doc_name.to_string(),
        start: 0,
        end,
        text,
        codes,
        owner_id: Some(id),
        ..Default::default()
    }
}

/// The unit of one code, note, participant, theme or journal entry, if it
/// still exists.
fn single_unit(
    project: &Project,
    context: &Context,
    kind: UnitKind,
    id: Id,
) -> Result<Option<IndexUnit>> {
    let unit =
        match kind {
            UnitKind::Code => project.code(id).ok().map(|c| {
                let text = if c.description.is_empty() {
                    c.name.clone()
                } else {
                    format!("{}\n{}", c.name, c.description)
                };
                non_text_unit(
                    kind,
                    id,
                    None,
                    "",
                    text,
                    vec![context.code_names.get(&id).cloned().unwrap_or(c.name)],
                )
            }),
            UnitKind::Note => project.project_note_text(id)?.map(
                |crate::store::ProjectNoteText { text, code }| {
                    let codes = code
                        .and_then(|c| context.code_names.get(&c).cloned())
                        .into_iter()
                        .collect();
                    non_text_unit(kind, id, None, "", text, codes)
                },
            ),
            UnitKind::Participant => project
                .participants()?
                .into_iter()
                .find(|p| p.id == id)
                .map(|p| {
                    let attrs: Vec<String> = p
                        .attributes
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    let mut u = non_text_unit(
                        kind,
                        id,
                        None,
                        "",
                        format!("{}\n{}", p.label, attrs.join("\n")),
                        vec![],
                    );
                    u.attributes = p.attributes.into_iter().collect();
                    u.participants = vec![p.label];
                    u
                }),
            UnitKind::Theme => project.theme_text(id)?.map(|t| {
                let name = t.name.clone();
                let parts = [t.name, t.definition, t.boundaries, t.writeup];
                let mut u = non_text_unit(kind, id, None, "", parts.join("\n"), vec![]);
                u.themes = vec![name];
                u
            }),
            UnitKind::Journal => project
                .journal_entry_text(id)?
                .map(|text| non_text_unit(kind, id, None, "", text, vec![])),
            _ => None,
        };
    Ok(unit)
}

/// A search hit as the CLI and the GUI show it: `text` is exactly the
/// stored text at `start..end` (of the document for text hits, of the memo,
/// note, code, theme or journal entry otherwise).
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct SearchResult {
    pub kind: String,
    pub doc: String,
    pub doc_id: Option<Id>,
    pub participant: Option<String>,
    pub owner_id: Option<Id>,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub snippet: String,
    pub score: f32,
    /// The whole unit (speaker turn) the hit lies in.
    pub unit_start: usize,
    pub unit_end: usize,
    /// Every matched span in the unit.
    pub matches: Vec<(usize, usize)>,
}

/// What "code all hits" codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum CodeUnit {
    /// The words found.
    #[default]
    Hit,
    /// The sentence around each hit.
    Sentence,
    /// The whole speaker turn.
    Turn,
}

impl ProjectSearch {
    /// Search and attach the exact stored text of each hit.
    pub fn results(&mut self, project: &Project, query: &SearchQuery) -> Result<Vec<SearchResult>> {
        let hits = self.search(project, query)?;
        let mut texts: HashMap<Id, String> = HashMap::new();
        let mut out = Vec::with_capacity(hits.len());
        for h in hits {
            let text = match (h.kind, h.doc_id) {
                (UnitKind::Text, Some(doc)) => {
                    let t = match texts.entry(doc) {
                        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::hash_map::Entry::Vacant(e) => {
                            e.insert(project.text(doc)?)
                        }
                    };
                    crate::text::slice_chars(t, h.start, h.end).to_string()
                }
                _ => self.unit_text(project, &h)?,
            };
            out.push(SearchResult {
                kind: h.kind.as_str().to_string(),
                doc: h.doc_name,
                doc_id: h.doc_id,
                participant: h.participant,
                owner_id: h.owner_id,
                start: h.start,
                end: h.end,
                text,
                snippet: h.snippet,
                score: h.score,
                unit_start: h.unit_start,
                unit_end: h.unit_end,
                matches: h.matches,
            });
        }
        Ok(out)
    }

    /// The matched words of a non-text hit, read from its unit as indexed now.
    fn unit_text(&self, project: &Project, h: &super::Hit) -> Result<String> {
        let context = Context::load(project)?;
        let unit = match h.kind {
            UnitKind::Memo | UnitKind::Note if h.doc_id.is_some() => {
                document_units(project, &context, h.doc_id.unwrap_or_default())?
                    .into_iter()
                    .find(|u| u.key == h.key)
            }
            kind => single_unit(project, &context, kind, h.owner_id.unwrap_or_default())?,
        };
        Ok(unit
            .map(|u| crate::text::slice_chars(&u.text, h.start, h.end).to_string())
            .unwrap_or_default())
    }

    /// The spans "code all hits" would code: one per match (or its sentence,
    /// or its turn), merged where they overlap, in document order.
    pub fn spans_to_code(
        &mut self,
        project: &Project,
        query: &SearchQuery,
        unit: CodeUnit,
    ) -> Result<Vec<(Id, usize, usize)>> {
        let mut spans: Vec<(Id, usize, usize)> = Vec::new();
        let mut texts: HashMap<Id, String> = HashMap::new();
        for h in self
            .search(project, query)?
            .into_iter()
            .filter(|h| h.kind == UnitKind::Text)
        {
            let Some(doc) = h.doc_id else { continue };
            let matches = if h.matches.is_empty() {
                vec![(h.start, h.end)]
            } else {
                h.matches.clone()
            };
            for (s, e) in matches {
                let span = match unit {
                    CodeUnit::Hit => (s, e),
                    CodeUnit::Turn => (h.unit_start, h.unit_end),
                    CodeUnit::Sentence => {
                        let text = match texts.entry(doc) {
                            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                            std::collections::hash_map::Entry::Vacant(v) => {
                                v.insert(project.text(doc)?)
                            }
                        };
                        sentence_around(text, s, e, h.unit_start, h.unit_end)
                    }
                };
                spans.push((doc, span.0, span.1));
            }
        }
        spans.sort();
        let mut merged: Vec<(Id, usize, usize)> = Vec::new();
        for s in spans {
            match merged.last_mut() {
                Some(last) if last.0 == s.0 && s.1 <= last.2 => last.2 = last.2.max(s.2),
                _ => merged.push(s),
            }
        }
        Ok(merged)
    }
}

/// The sentence holding `start..end`, within the unit `lo..hi`: from after
/// the previous `.`, `?`, `!` or line break to the next one (inclusive).
fn sentence_around(text: &str, start: usize, end: usize, lo: usize, hi: usize) -> (usize, usize) {
    let unit: Vec<char> = crate::text::slice_chars(text, lo, hi).chars().collect();
    let is_stop = |c: char| matches!(c, '.' | '?' | '!' | '\n');
    let (s, e) = (start - lo, (end - lo).min(unit.len()));
    let mut a = s;
    while a > 0 && !is_stop(unit[a - 1]) {
        a -= 1;
    }
    while a < s && unit[a].is_whitespace() {
        a += 1;
    }
    let mut b = e;
    while b < unit.len() && !is_stop(unit[b]) {
        b += 1;
    }
    if b < unit.len() && unit[b] != '\n' {
        b += 1;
    }
    (lo + a, lo + b)
}
