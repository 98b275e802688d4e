//! Reads: plain queries returning the structs of `crate::model`.

use super::Project;
use crate::model::*;
use crate::text::CharIndex;
use anyhow::{Context, Result, bail};
use rusqlite::{OptionalExtension, Row, params};
use std::collections::{BTreeMap, HashMap};

/// Where one coding lies, with the length of its document (what coverage
/// is computed from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodingExtent {
    pub doc: Id,
    /// The document's length in chars.
    pub doc_chars: usize,
    pub start: usize,
    pub end: usize,
}

/// Which codings to list.
#[derive(Debug, Clone, Default)]
pub struct CodingFilter {
    /// Only codings of these codes (empty: all codes).
    pub codes: Vec<Id>,
    /// Include codings of sub-codes of `codes`.
    pub with_subcodes: bool,
    pub doc: Option<Id>,
}

fn code_from_row(r: &Row) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        uuid: r.get(1)?,
        parent: r.get(2)?,
        name: r.get(3)?,
        colour: r.get(4)?,
        description: r.get(5)?,
        position: r.get(6)?,
    })
}

const CODE_COLUMNS: &str = "id, uuid, parent_id, name, colour, description, position";

impl Project {
    pub fn title(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT title FROM project WHERE id = 1", [], |r| r.get(0))?)
    }

    pub fn project_uuid(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("SELECT uuid FROM project WHERE id = 1", [], |r| r.get(0))?)
    }

    /// All documents in their order, without texts.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        let participants = self.document_participants()?;
        let counts = self.coding_counts(None)?;
        let read = self.read_fractions()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, uuid, name, source_name, format, chars, sha256, imported_at FROM documents ORDER BY position, id",
        )?;
        let docs = stmt.query_map([], |r| {
            let id: Id = r.get(0)?;
            Ok(DocumentInfo {
                id,
                uuid: r.get(1)?,
                name: r.get(2)?,
                source_name: r.get(3)?,
                format: r.get(4)?,
                chars: r.get::<_, i64>(5)? as usize,
                sha256: r.get(6)?,
                imported_at: r.get(7)?,
                participants: participants.get(&id).cloned().unwrap_or_default(),
                codings: counts.get(&id).copied().unwrap_or(0),
                read: read.get(&id).copied().unwrap_or(0.0),
            })
        })?;
        Ok(docs.collect::<rusqlite::Result<_>>()?)
    }

    /// Codings per document (of `only` these documents, or all).
    pub fn coding_counts(&self, only: Option<&[Id]>) -> Result<HashMap<Id, usize>> {
        self.count_codings_by("document_id", only)
    }

    /// Every coding's extent (of `only` these documents, or all), ordered
    /// by document and start.
    pub fn coding_extents(&self, only: Option<&[Id]>) -> Result<Vec<CodingExtent>> {
        let filter = only.map_or(String::new(), |ids| {
            format!("WHERE g.document_id IN ({})", id_list(ids))
        });
        let mut stmt = self.conn.prepare(&format!(
            "SELECT g.document_id, d.chars, g.start, g.end FROM codings g
         JOIN documents d ON d.id = g.document_id {filter}
         ORDER BY g.document_id, g.start"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(CodingExtent {
                doc: r.get(0)?,
                doc_chars: r.get::<_, i64>(1)? as usize,
                start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Codings per code (codes without codings are absent).
    pub fn codings_per_code(&self) -> Result<HashMap<Id, usize>> {
        self.count_codings_by("code_id", None)
    }

    /// Codings grouped by one of their id columns, optionally only for `only` ids.
    fn count_codings_by(&self, column: &str, only: Option<&[Id]>) -> Result<HashMap<Id, usize>> {
        let filter = only.map_or(String::new(), |ids| {
            format!("WHERE {column} IN ({})", id_list(ids))
        });
        let sql = format!("SELECT {column}, count(*) FROM codings {filter} GROUP BY {column}");
        let counts = self
            .conn
            .prepare(&sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(counts)
    }

    /// Participant labels per document: linked directly or through a speaker.
    fn document_participants(&self) -> Result<HashMap<Id, Vec<String>>> {
        let mut map: HashMap<Id, Vec<String>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT document_id, label FROM (
                 SELECT dp.document_id, p.label, 0 AS via FROM document_participants dp JOIN participants p ON p.id = dp.participant_id
                 UNION
                 SELECT s.document_id, p.label, 1 FROM speakers s JOIN participants p ON p.id = s.participant_id)
             GROUP BY document_id, label ORDER BY document_id, min(via), label",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, String>(1)?)))? {
            let (doc, label) = row?;
            map.entry(doc).or_default().push(label);
        }
        Ok(map)
    }

    pub fn document(&self, id: Id) -> Result<DocumentInfo> {
        self.documents()?
            .into_iter()
            .find(|d| d.id == id)
            .with_context(|| format!("there is no document with id {id}"))
    }

    /// The stored (immutable) text of a document.
    pub fn text(&self, doc: Id) -> Result<String> {
        self.conn
            .query_row("SELECT text FROM documents WHERE id = ?1", [doc], |r| {
                r.get(0)
            })
            .optional()?
            .with_context(|| format!("there is no document with id {doc}"))
    }

    /// Find a document by id or by name (exact, then case-insensitive).
    pub fn resolve_doc(&self, key: &str) -> Result<Id> {
        let docs = self.documents()?;
        if let Ok(id) = key.parse::<Id>()
            && docs.iter().any(|d| d.id == id)
        {
            return Ok(id);
        }
        let lower = key.to_lowercase();
        let matches = |exact: bool| -> Vec<&DocumentInfo> {
            docs.iter()
                .filter(|d| {
                    if exact {
                        d.name == key || d.source_name == key
                    } else {
                        d.name.to_lowercase() == lower
                    }
                })
                .collect()
        };
        let found = Some(matches(true))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| matches(false));
        match found.as_slice() {
            [one] => Ok(one.id),
            [] => bail!("no document called '{key}'"),
            _ => bail!("several documents are called '{key}'; use the id"),
        }
    }

    /// Find a document imported from identical bytes.
    pub fn document_by_sha(&self, sha256: &str) -> Result<Option<(Id, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, name FROM documents WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn turns(&self, doc: Id) -> Result<Vec<Turn>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.start, t.body_start, t.end, s.label, p.label, t.timestamp
             FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id LEFT JOIN participants p ON p.id = s.participant_id
             WHERE t.document_id = ?1 ORDER BY t.start",
        )?;
        let turns = stmt.query_map([doc], |r| {
            Ok(Turn {
                id: r.get(0)?,
                start: r.get::<_, i64>(1)? as usize,
                body_start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
                speaker: r.get(4)?,
                participant: r.get(5)?,
                timestamp: r.get(6)?,
            })
        })?;
        Ok(turns.collect::<rusqlite::Result<_>>()?)
    }

    /// Speaker labels of a document with the participant each maps to.
    pub fn speakers(&self, doc: Id) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.label, p.label FROM speakers s LEFT JOIN participants p ON p.id = s.participant_id WHERE s.document_id = ?1 ORDER BY s.id",
        )?;
        let rows = stmt.query_map([doc], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn participants(&self) -> Result<Vec<Participant>> {
        let mut attrs: HashMap<Id, BTreeMap<String, String>> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT participant_id, key, value FROM participant_attributes")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?, r.get(2)?)))? {
            let (p, k, v) = row?;
            attrs.entry(p).or_default().insert(k, v);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, uuid, label FROM participants")?;
        let mut list: Vec<Participant> = stmt
            .query_map([], |r| {
                let id: Id = r.get(0)?;
                Ok(Participant {
                    id,
                    uuid: r.get(1)?,
                    label: r.get(2)?,
                    attributes: BTreeMap::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for p in &mut list {
            p.attributes = attrs.remove(&p.id).unwrap_or_default();
        }
        list.sort_by(|a, b| crate::text::natural_cmp(&a.label, &b.label));
        Ok(list)
    }

    pub fn resolve_participant(&self, label: &str) -> Result<Id> {
        self.conn
            .query_row(
                "SELECT id FROM participants WHERE label = ?1",
                [label],
                |r| r.get(0),
            )
            .optional()?
            .with_context(|| format!("no participant called '{label}'"))
    }

    /// Every code, parents before children, siblings in their order.
    pub fn codes(&self) -> Result<Vec<Code>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CODE_COLUMNS} FROM codes ORDER BY position, id"
        ))?;
        let all: Vec<Code> = stmt
            .query_map([], code_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(all.len());
        fn walk(all: &[Code], parent: Option<Id>, out: &mut Vec<Code>) {
            for c in all.iter().filter(|c| c.parent == parent) {
                out.push(c.clone());
                walk(all, Some(c.id), out);
            }
        }
        walk(&all, None, &mut out);
        Ok(out)
    }

    pub fn code(&self, id: Id) -> Result<Code> {
        self.conn
            .query_row(
                &format!("SELECT {CODE_COLUMNS} FROM codes WHERE id = ?1"),
                [id],
                code_from_row,
            )
            .optional()?
            .with_context(|| format!("there is no code with id {id}"))
    }

    /// Find a code by name, or by path `Parent/Child` when a name is ambiguous.
    pub fn resolve_code(&self, key: &str) -> Result<Id> {
        let codes = self.codes()?;
        if key.contains('/') {
            let path = key.trim_start_matches('/');
            let found = codes.iter().find(|c| self.code_path(&codes, c) == path);
            return found
                .map(|c| c.id)
                .with_context(|| format!("no code at path '{key}'"));
        }
        let lower = key.to_lowercase();
        let by_name: Vec<&Code> = codes
            .iter()
            .filter(|c| c.name.to_lowercase() == lower)
            .collect();
        match by_name.as_slice() {
            [one] => Ok(one.id),
            [] => bail!("no code called '{key}'"),
            many => bail!(
                "several codes are called '{key}': {}; name one by its path (a top-level one as /NAME)",
                many.iter()
                    .map(|c| self.code_path(&codes, c))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// "Parent/Child" path of a code.
    pub fn code_path(&self, codes: &[Code], code: &Code) -> String {
        let mut parts = vec![code.name.clone()];
        let mut parent = code.parent;
        while let Some(p) = parent.and_then(|p| codes.iter().find(|c| c.id == p)) {
            parts.push(p.name.clone());
            parent = p.parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The codebook as a tree with counts of codings, documents and participants.
    pub fn codebook(&self) -> Result<Vec<CodeNode>> {
        Ok(code_tree(&self.codes()?, &self.code_stats(None)?))
    }

    /// Codings with their quoted text and participant, in document order.
    pub fn codings(&self, filter: &CodingFilter) -> Result<Vec<Coding>> {
        let rows = self.codings_rows(filter)?;
        self.fill(rows, true)
    }

    fn codings_rows(&self, filter: &CodingFilter) -> Result<Vec<Coding>> {
        let mut code_ids: Vec<Id> = Vec::new();
        for &c in &filter.codes {
            if filter.with_subcodes {
                code_ids.extend(super::commands::subtree(&self.conn, c)?);
            } else {
                code_ids.push(c);
            }
        }
        let code_clause = if filter.codes.is_empty() {
            String::new()
        } else {
            format!(
                " AND g.code_id IN ({})",
                code_ids
                    .iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        let sql = format!(
            "SELECT g.id, g.uuid, g.document_id, d.name, g.code_id, c.name, g.start, g.end, g.memo, g.created_at,
                    (SELECT number FROM passes WHERE id = g.pass_id), g.condensation,
                    (SELECT name FROM coders WHERE id = g.coder_id)
             FROM codings g JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id
             WHERE (?1 IS NULL OR g.document_id = ?1){code_clause}
             ORDER BY d.position, g.document_id, g.start, g.end, g.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows: Vec<Coding> = stmt
            .query_map(params![filter.doc], |r| {
                Ok(Coding {
                    id: r.get(0)?,
                    uuid: r.get(1)?,
                    doc_id: r.get(2)?,
                    doc: r.get(3)?,
                    code_id: r.get(4)?,
                    code: r.get(5)?,
                    start: r.get::<_, i64>(6)? as usize,
                    end: r.get::<_, i64>(7)? as usize,
                    text: String::new(),
                    memo: r.get(8)?,
                    participant: None,
                    created_at: r.get(9)?,
                    pass: r.get(10)?,
                    condensation: r.get(11)?,
                    coder: r.get(12)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Like `codings`, but without the quoted text: counts and matrices need
    /// who said it, not what, and skip reading every transcript.
    pub fn codings_without_text(&self, filter: &CodingFilter) -> Result<Vec<Coding>> {
        let rows = self.codings_rows(filter)?;
        self.fill(rows, false)
    }

    /// Fill each coding's participant (and quote), reading each text once.
    fn fill(&self, mut rows: Vec<Coding>, with_text: bool) -> Result<Vec<Coding>> {
        let mut i = 0;
        while i < rows.len() {
            let doc = rows[i].doc_id;
            let j = i + rows[i..].iter().take_while(|c| c.doc_id == doc).count();
            let locate = ParticipantLocator::new(self, doc)?;
            for c in &mut rows[i..j] {
                c.participant = locate.at(c.start);
            }
            if with_text {
                let text = self.text(doc)?;
                let index = CharIndex::new(&text);
                for c in &mut rows[i..j] {
                    c.text = index.slice(c.start, c.end).to_string();
                }
            }
            i = j;
        }
        Ok(rows)
    }

    pub fn notes(
        &self,
        kind: Option<NoteKind>,
        doc: Option<Id>,
        code: Option<Id>,
    ) -> Result<Vec<Note>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, uuid, kind, document_id, code_id, text, created_at, updated_at,
                    (SELECT name FROM coders WHERE id = notes.coder_id) FROM notes
             WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR document_id = ?2) AND (?3 IS NULL OR code_id = ?3)
             ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map(params![kind.map(|k| k.as_str()), doc, code], |r| {
            let kind: String = r.get(2)?;
            Ok(Note {
                id: r.get(0)?,
                uuid: r.get(1)?,
                kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Project),
                document: r.get(3)?,
                code: r.get(4)?,
                text: r.get(5)?,
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
                coder: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The command log, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<LogEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, label, state, created_at, (SELECT name FROM coders WHERE id = coder_id)
             FROM log_commands ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(LogEntry {
                seq: r.get(0)?,
                label: r.get(1)?,
                done: r.get::<_, String>(2)? == "done",
                created_at: r.get(3)?,
                coder: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Who is speaking at a char offset of one document: the participant the
/// turn's speaker is mapped to; else, for a turn that is not the
/// interviewer's, the document's only linked participant (an individual
/// interview whose speaker labels were never mapped).
pub struct ParticipantLocator {
    turns: Vec<(usize, usize, Option<String>, bool)>,
    fallback: Option<String>,
}

/// Speaker labels that name the interviewer, not a participant.
pub fn is_interviewer(label: &str) -> bool {
    const LABELS: &[&str] = &[
        "i",
        "int",
        "intervjuer",
        "intervjuar",
        "interviewer",
        "moderator",
        "forsker",
        "researcher",
        "fasilitator",
    ];
    let l = label.trim().to_lowercase();
    LABELS.contains(&l.as_str()) || l.starts_with("intervjuer ") || l.starts_with("moderator ")
}

impl ParticipantLocator {
    pub fn new(project: &Project, doc: Id) -> Result<Self> {
        let turns = project
            .turns(doc)?
            .into_iter()
            .map(|t| {
                let interviewer = t.speaker.as_deref().is_some_and(is_interviewer);
                (t.start, t.end, t.participant, interviewer)
            })
            .collect();
        let linked: Vec<String> = project
            .conn
            .prepare("SELECT p.label FROM document_participants dp JOIN participants p ON p.id = dp.participant_id WHERE dp.document_id = ?1")?
            .query_map([doc], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let fallback = if linked.len() == 1 {
            linked.into_iter().next()
        } else {
            None
        };
        Ok(ParticipantLocator { turns, fallback })
    }

    pub fn at(&self, offset: usize) -> Option<String> {
        let i = self.turns.partition_point(|t| t.0 <= offset);
        let in_turn = i
            .checked_sub(1)
            .map(|i| &self.turns[i])
            .filter(|t| offset <= t.1);
        match in_turn {
            Some((_, _, Some(p), _)) => Some(p.clone()),
            Some((_, _, None, true)) => None,
            _ => self.fallback.clone(),
        }
    }
}

/// The codebook tree of `codes` (children in their order) with their counts.
pub fn code_tree(codes: &[Code], stats: &HashMap<Id, CodeStats>) -> Vec<CodeNode> {
    let mut children: HashMap<Option<Id>, Vec<&Code>> = HashMap::new();
    for c in codes {
        children.entry(c.parent).or_default().push(c);
    }
    fn build(
        parent: Option<Id>,
        children: &HashMap<Option<Id>, Vec<&Code>>,
        stats: &HashMap<Id, CodeStats>,
    ) -> Vec<CodeNode> {
        children.get(&parent).map_or_else(Vec::new, |codes| {
            codes
                .iter()
                .map(|c| {
                    let s = stats.get(&c.id).copied().unwrap_or_default();
                    CodeNode {
                        code: (*c).clone(),
                        codings: s.codings,
                        documents: s.documents,
                        participants: s.participants,
                        children: build(Some(c.id), children, stats),
                    }
                })
                .collect()
        })
    }
    build(None, &children, stats)
}

/// Ids as an SQL list (`1,2,3`) for `IN (…)`: ids are integers, so this is
/// safe, and one statement beats a round trip per id.
pub fn id_list(ids: &[Id]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}
