//! Merging a teammate's copy of the project into this one, as one command.
//!
//! Documents are matched by their text (sha256 of the stored text), codes
//! by uuid, then by a code merged into another (`code_merges`), then by
//! path; themes, notes and journal entries by uuid; coders by uuid, then
//! name. Every coding of both sides is kept: the same span with the same
//! code by the same coder counts once. What cannot be decided is a
//! `Conflict`; unless the caller chose how to resolve conflicts, the
//! command refuses to change anything while one is left.

use super::commands::{self, NewDocument, Outcome, new_uuid};
use super::{Project, now};
use crate::model::{Coder, Id, NoteKind, ParsedTurn, ThemeStatus};
use anyhow::{Result, bail};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// How to decide every conflict at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolve {
    /// Keep this copy's version.
    Mine,
    /// Take the teammate's version (a document is never replaced: theirs is added beside mine).
    Theirs,
    /// Keep both: both documents, both names ("A / B"), a theme back to candidate.
    Both,
}

/// Everything of the other copy that a merge reads (only counts are logged).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeSource {
    /// What undo calls it.
    pub label: String,
    #[serde(serialize_with = "count")]
    coders: Vec<Coder>,
    #[serde(serialize_with = "count")]
    documents: Vec<(String, NewDocument)>,
    #[serde(serialize_with = "count")]
    codes: Vec<SourceCode>,
    #[serde(serialize_with = "count")]
    code_merges: Vec<(String, String)>,
    #[serde(serialize_with = "count")]
    codings: Vec<SourceCoding>,
    #[serde(serialize_with = "count")]
    notes: Vec<SourceNote>,
    #[serde(serialize_with = "count")]
    themes: Vec<SourceTheme>,
    #[serde(serialize_with = "count")]
    journal: Vec<SourceJournal>,
}

fn count<S: serde::Serializer, T>(v: &[T], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(v.len() as u64)
}

#[derive(Debug, Clone)]
struct SourceCode {
    uuid: String,
    parent: Option<String>,
    name: String,
    agreed_name: Option<String>,
    colour: String,
    description: String,
}

#[derive(Debug, Clone)]
struct SourceCoding {
    uuid: String,
    doc: String,
    code: String,
    start: i64,
    end: i64,
    memo: String,
    condensation: String,
    created_at: String,
    coder: Option<String>,
}

#[derive(Debug, Clone)]
struct SourceNote {
    uuid: String,
    kind: String,
    doc: Option<String>,
    code: Option<String>,
    text: String,
    created_at: String,
    updated_at: String,
    coder: Option<String>,
}

#[derive(Debug, Clone)]
struct SourceTheme {
    uuid: String,
    name: String,
    status: String,
    definition: String,
    boundaries: String,
    parent: Option<String>,
    colour: String,
    writeup: String,
    created_at: String,
    codes: Vec<String>,
    history: Vec<HistoryRow>,
}

/// A theme history row: (at, kind, detail, why, coder uuid).
type HistoryRow = (String, String, String, Option<String>, Option<String>);

#[derive(Debug, Clone)]
struct SourceJournal {
    uuid: String,
    created_at: String,
    updated_at: String,
    entry_date: String,
    phase: Option<i64>,
    text: String,
    coder: Option<String>,
}

/// What cannot be decided automatically.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Conflict {
    /// `code_renamed`, `document_text` or `theme_status`.
    pub kind: String,
    /// The code's path, the document's or the theme's name, in this copy.
    pub what: String,
    pub mine: String,
    pub theirs: String,
    /// How it was decided (None: undecided).
    pub resolved: Option<Resolve>,
}

/// What a merge adds (or would add).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct MergeReport {
    pub documents: usize,
    pub codes: usize,
    pub codings: usize,
    pub themes: usize,
    pub notes: usize,
    pub journal: usize,
    pub coders: usize,
    /// Codes renamed, merged into another or given a theme status from the other copy.
    pub codes_changed: usize,
    /// The other copy's codings that were not taken (on a document kept as mine).
    pub codings_skipped: usize,
    pub conflicts: Vec<Conflict>,
    /// Whether the project was changed.
    pub applied: bool,
}

impl MergeReport {
    pub fn undecided(&self) -> usize {
        self.conflicts
            .iter()
            .filter(|c| c.resolved.is_none())
            .count()
    }
}

impl Project {
    /// Read this project as the other side of a merge.
    pub fn merge_source(&self, label: &str) -> Result<MergeSource> {
        read_source(&self.conn, label)
    }

    /// What merging `source` would do, without changing anything.
    pub fn merge_preview(
        &mut self,
        source: &MergeSource,
        resolve: Option<Resolve>,
    ) -> Result<MergeReport> {
        let tx = self.conn.transaction()?;
        let report = apply(&tx, source, resolve)?;
        tx.rollback()?;
        Ok(report)
    }

    /// A digest of the analysis as content, independent of ids and uuids:
    /// documents (their texts), codes by path, codings by (document text,
    /// code path, start, end, coder) and themes (name, status, code paths).
    /// Two projects with the same digest hold the same analysis.
    pub fn content_digest(&self) -> Result<String> {
        let mut lines = content_lines(&self.conn)?;
        lines.sort();
        let mut h = Sha256::new();
        for l in &lines {
            h.update(l.as_bytes());
            h.update(b"\n");
        }
        Ok(hex(&h.finalize()))
    }

    /// A digest of every undoable row of every table, ids included: the
    /// exact state undo must restore.
    pub fn state_digest(&self) -> Result<String> {
        let tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'log\\_%' ESCAPE '\\' AND name NOT LIKE 'local\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut h = Sha256::new();
        for t in tables {
            h.update(t.as_bytes());
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))?;
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    h.update(format!("{v:?}\u{1f}").as_bytes());
                }
                h.update(b"\n");
            }
        }
        Ok(hex(&h.finalize()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text_sha(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Run the merge inside the command's transaction.
pub(super) fn run(
    tx: &Transaction,
    source: &MergeSource,
    resolve: Option<Resolve>,
) -> Result<Outcome> {
    let report = apply(tx, source, resolve)?;
    if report.undecided() > 0 {
        bail!(
            "{} conflict(s) are undecided; choose --resolve mine, theirs or both",
            report.undecided()
        );
    }
    let label = format!(
        "{} ({} documents, {} codes, {} codings, {} themes added)",
        source.label, report.documents, report.codes, report.codings, report.themes
    );
    Ok(Outcome::new(label, vec![]))
}

// ------------------------------------------------------------ reading a copy

fn read_source(conn: &Connection, label: &str) -> Result<MergeSource> {
    Ok(MergeSource {
        label: label.to_string(),
        coders: read_coders(conn)?,
        documents: read_documents(conn)?,
        codes: read_codes(conn)?,
        code_merges: conn
            .prepare("SELECT uuid, into_uuid FROM code_merges ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?,
        codings: conn
            .prepare(
                "SELECT g.uuid, d.uuid, c.uuid, g.start, g.end, g.memo, g.condensation, g.created_at, k.uuid
                 FROM codings g JOIN documents d ON d.id = g.document_id JOIN codes c ON c.id = g.code_id
                 LEFT JOIN coders k ON k.id = g.coder_id ORDER BY g.id",
            )?
            .query_map([], |r| {
                Ok(SourceCoding {
                    uuid: r.get(0)?,
                    doc: r.get(1)?,
                    code: r.get(2)?,
                    start: r.get(3)?,
                    end: r.get(4)?,
                    memo: r.get(5)?,
                    condensation: r.get(6)?,
                    created_at: r.get(7)?,
                    coder: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?,
        notes: conn
            .prepare(
                "SELECT n.uuid, n.kind, d.uuid, c.uuid, n.text, n.created_at, n.updated_at, k.uuid
                 FROM notes n LEFT JOIN documents d ON d.id = n.document_id LEFT JOIN codes c ON c.id = n.code_id
                 LEFT JOIN coders k ON k.id = n.coder_id ORDER BY n.id",
            )?
            .query_map([], |r| {
                Ok(SourceNote {
                    uuid: r.get(0)?,
                    kind: r.get(1)?,
                    doc: r.get(2)?,
                    code: r.get(3)?,
                    text: r.get(4)?,
                    created_at: r.get(5)?,
                    updated_at: r.get(6)?,
                    coder: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?,
        themes: read_themes(conn)?,
        journal: conn
            .prepare(
                "SELECT j.uuid, j.created_at, j.updated_at, j.entry_date, j.phase, j.text, k.uuid
                 FROM journal_entries j LEFT JOIN coders k ON k.id = j.coder_id ORDER BY j.id",
            )?
            .query_map([], |r| {
                Ok(SourceJournal {
                    uuid: r.get(0)?,
                    created_at: r.get(1)?,
                    updated_at: r.get(2)?,
                    entry_date: r.get(3)?,
                    phase: r.get(4)?,
                    text: r.get(5)?,
                    coder: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?,
    })
}

fn read_coders(conn: &Connection) -> Result<Vec<Coder>> {
    Ok(conn
        .prepare("SELECT uuid, name, initials, colour FROM coders ORDER BY id")?
        .query_map([], |r| {
            Ok(Coder {
                uuid: r.get(0)?,
                name: r.get(1)?,
                initials: r.get(2)?,
                colour: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

fn read_documents(conn: &Connection) -> Result<Vec<(String, NewDocument)>> {
    let docs: Vec<(Id, String, NewDocument)> = conn
        .prepare("SELECT id, uuid, name, source_name, format, text, sha256 FROM documents ORDER BY position, id")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                NewDocument {
                    name: r.get(2)?,
                    source_name: r.get(3)?,
                    format: r.get(4)?,
                    text: r.get(5)?,
                    sha256: r.get(6)?,
                    turns: Vec::new(),
                    participants: Vec::new(),
                    speakers: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut turns = conn.prepare(
        "SELECT t.start, t.body_start, t.end, s.label, t.timestamp FROM turns t LEFT JOIN speakers s ON s.id = t.speaker_id
         WHERE t.document_id = ?1 ORDER BY t.start, t.id",
    )?;
    let mut linked = conn.prepare(
        "SELECT p.label FROM document_participants dp JOIN participants p ON p.id = dp.participant_id WHERE dp.document_id = ?1 ORDER BY dp.id",
    )?;
    let mut speakers = conn.prepare(
        "SELECT s.label, p.label FROM speakers s JOIN participants p ON p.id = s.participant_id WHERE s.document_id = ?1 ORDER BY s.id",
    )?;
    let mut out = Vec::with_capacity(docs.len());
    for (id, uuid, mut d) in docs {
        d.turns = turns
            .query_map([id], |r| {
                Ok(ParsedTurn {
                    start: r.get::<_, i64>(0)? as usize,
                    body_start: r.get::<_, i64>(1)? as usize,
                    end: r.get::<_, i64>(2)? as usize,
                    speaker: r.get(3)?,
                    timestamp: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        d.participants = linked
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        d.speakers = speakers
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        out.push((uuid, d));
    }
    Ok(out)
}

/// Codes, parents before children.
fn read_codes(conn: &Connection) -> Result<Vec<SourceCode>> {
    let rows: Vec<(Id, Option<Id>, SourceCode)> = conn
        .prepare("SELECT c.id, c.parent_id, c.uuid, p.uuid, c.name, c.agreed_name, c.colour, c.description FROM codes c LEFT JOIN codes p ON p.id = c.parent_id ORDER BY c.position, c.id")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                SourceCode {
                    uuid: r.get(2)?,
                    parent: r.get(3)?,
                    name: r.get(4)?,
                    agreed_name: r.get(5)?,
                    colour: r.get(6)?,
                    description: r.get(7)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(parents_first(rows))
}

/// Order rows (id, parent, item) so that every parent comes before its children.
fn parents_first<T>(rows: Vec<(Id, Option<Id>, T)>) -> Vec<T> {
    let mut placed: HashSet<Id> = HashSet::new();
    let mut pending = rows;
    let mut out = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let before = pending.len();
        let (ready, rest): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, p, _)| p.is_none_or(|p| placed.contains(&p)));
        for (id, _, item) in ready {
            placed.insert(id);
            out.push(item);
        }
        pending = rest;
        if pending.len() == before {
            // A cycle cannot be stored; keep what is left rather than loop.
            out.extend(pending.into_iter().map(|(_, _, item)| item));
            break;
        }
    }
    out
}

fn read_themes(conn: &Connection) -> Result<Vec<SourceTheme>> {
    let rows: Vec<(Id, Option<Id>, SourceTheme)> = conn
        .prepare("SELECT t.id, t.parent_id, t.uuid, t.name, t.status, t.definition, t.boundaries, p.uuid, t.colour, t.writeup, t.created_at FROM themes t LEFT JOIN themes p ON p.id = t.parent_id ORDER BY t.position, t.id")?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                SourceTheme {
                    uuid: r.get(2)?,
                    name: r.get(3)?,
                    status: r.get(4)?,
                    definition: r.get(5)?,
                    boundaries: r.get(6)?,
                    parent: r.get(7)?,
                    colour: r.get(8)?,
                    writeup: r.get(9)?,
                    created_at: r.get(10)?,
                    codes: Vec::new(),
                    history: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut codes = conn.prepare(
        "SELECT c.uuid FROM theme_codes tc JOIN codes c ON c.id = tc.code_id WHERE tc.theme_id = ?1 ORDER BY tc.id",
    )?;
    let mut history = conn.prepare(
        "SELECT h.at, h.kind, h.detail, h.why, k.uuid FROM theme_history h LEFT JOIN coders k ON k.id = h.coder_id WHERE h.theme_id = ?1 ORDER BY h.id",
    )?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, parent, mut t) in rows {
        t.codes = codes
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        t.history = history
            .query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        out.push((id, parent, t));
    }
    Ok(parents_first(out))
}

fn content_lines(conn: &Connection) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    let docs: HashMap<Id, String> = conn
        .prepare("SELECT id, text FROM documents")?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, String>(1)?)))?
        .map(|r| r.map(|(id, text)| (id, text_sha(&text))))
        .collect::<rusqlite::Result<_>>()?;
    for sha in docs.values() {
        lines.push(format!("document {sha}"));
    }
    let paths = code_paths(conn, true)?;
    for p in paths.values() {
        lines.push(format!("code {p}"));
    }
    let mut stmt = conn.prepare(
        "SELECT g.document_id, g.code_id, g.start, g.end, k.name FROM codings g LEFT JOIN coders k ON k.id = g.coder_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (doc, code): (Id, Id) = (r.get(0)?, r.get(1)?);
        let (start, end): (i64, i64) = (r.get(2)?, r.get(3)?);
        let coder: Option<String> = r.get(4)?;
        lines.push(format!(
            "coding {} {} {start} {end} {}",
            docs[&doc],
            paths[&code],
            coder.unwrap_or_default()
        ));
    }
    let themes: Vec<(Id, String, String)> = conn
        .prepare("SELECT id, name, status FROM themes")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut codes = conn.prepare("SELECT code_id FROM theme_codes WHERE theme_id = ?1")?;
    for (id, name, status) in themes {
        let mut of: Vec<String> = codes
            .query_map([id], |r| r.get::<_, Id>(0))?
            .map(|c| c.map(|c| paths[&c].clone()))
            .collect::<rusqlite::Result<_>>()?;
        of.sort();
        lines.push(format!("theme {name} {status} {}", of.join("|")));
    }
    Ok(lines)
}

/// Every code's path, "Parent/Child" (lower-cased for matching).
fn code_paths(conn: &Connection, lower: bool) -> Result<HashMap<Id, String>> {
    let rows: Vec<(Id, Option<Id>, String)> = conn
        .prepare("SELECT id, parent_id, name FROM codes")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let by_id: HashMap<Id, (Option<Id>, String)> =
        rows.iter().map(|(i, p, n)| (*i, (*p, n.clone()))).collect();
    let mut out = HashMap::new();
    for (id, _, _) in &rows {
        let mut parts = Vec::new();
        let mut at = Some(*id);
        while let Some(i) = at {
            let Some((p, n)) = by_id.get(&i) else { break };
            parts.push(if lower { n.to_lowercase() } else { n.clone() });
            at = *p;
            if parts.len() > 64 {
                break;
            }
        }
        parts.reverse();
        out.insert(*id, parts.join("/"));
    }
    Ok(out)
}

// ------------------------------------------------------------------ merging

/// The state of one merge as it goes: their uuids mapped to my ids.
struct Merge<'a> {
    tx: &'a Transaction<'a>,
    resolve: Option<Resolve>,
    report: MergeReport,
    coders: HashMap<String, Id>,
    docs: HashMap<String, Id>,
    codes: HashMap<String, Id>,
    themes: HashMap<String, Id>,
}

fn apply(tx: &Transaction, source: &MergeSource, resolve: Option<Resolve>) -> Result<MergeReport> {
    let mut m = Merge {
        tx,
        resolve,
        report: MergeReport::default(),
        coders: HashMap::new(),
        docs: HashMap::new(),
        codes: HashMap::new(),
        themes: HashMap::new(),
    };
    m.coders_(&source.coders)?;
    m.documents(&source.documents)?;
    m.codes_(&source.codes, &source.code_merges)?;
    m.codings(&source.codings)?;
    m.code_merges(&source.code_merges)?;
    m.notes(&source.notes)?;
    m.themes_(&source.themes)?;
    m.journal(&source.journal)?;
    m.report.applied = m.report.undecided() == 0;
    Ok(m.report)
}

impl Merge<'_> {
    fn coder(&self, uuid: &Option<String>) -> Option<Id> {
        uuid.as_ref().and_then(|u| self.coders.get(u).copied())
    }

    /// Record a conflict; returns how to decide it (None: leave it).
    fn conflict(&mut self, kind: &str, what: &str, mine: &str, theirs: &str) -> Option<Resolve> {
        self.report.conflicts.push(Conflict {
            kind: kind.into(),
            what: what.into(),
            mine: mine.into(),
            theirs: theirs.into(),
            resolved: self.resolve,
        });
        self.resolve
    }

    fn coders_(&mut self, coders: &[Coder]) -> Result<()> {
        for c in coders {
            let id = match super::coders::find(self.tx, c)? {
                Some(id) => id,
                None => {
                    self.report.coders += 1;
                    super::coders::register(self.tx, c)?
                }
            };
            self.coders.insert(c.uuid.clone(), id);
        }
        Ok(())
    }

    fn documents(&mut self, docs: &[(String, NewDocument)]) -> Result<()> {
        let mine: Vec<(Id, String, String, String)> = self
            .tx
            .prepare("SELECT id, uuid, name, text FROM documents ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut by_sha: HashMap<String, Id> = HashMap::new();
        let mut by_uuid: HashMap<String, (Id, String)> = HashMap::new();
        for (id, uuid, name, text) in mine {
            by_sha.entry(text_sha(&text)).or_insert(id);
            by_uuid.insert(uuid, (id, name));
        }
        let t = now();
        for (uuid, d) in docs {
            let sha = text_sha(&d.text);
            if let Some(&id) = by_sha.get(&sha) {
                self.docs.insert(uuid.clone(), id);
                continue;
            }
            let uuid_now = match by_uuid.get(uuid) {
                None => uuid.clone(),
                Some((_, my_name)) => {
                    let my_name = my_name.clone();
                    let theirs = format!("{} ({} characters)", d.name, d.text.chars().count());
                    match self.conflict("document_text", &my_name, &my_name, &theirs) {
                        None | Some(Resolve::Mine) => continue,
                        Some(_) => new_uuid(),
                    }
                }
            };
            let id = commands::insert_document(self.tx, d, &uuid_now, &t)?;
            by_sha.insert(sha, id);
            self.docs.insert(uuid.clone(), id);
            self.report.documents += 1;
        }
        Ok(())
    }

    fn codes_(&mut self, codes: &[SourceCode], their_merges: &[(String, String)]) -> Result<()> {
        let mut merged: HashMap<String, String> = self
            .tx
            .prepare("SELECT uuid, into_uuid FROM code_merges")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (from, into) in their_merges {
            merged.entry(from.clone()).or_insert_with(|| into.clone());
        }
        for c in codes {
            let parent = c.parent.as_ref().and_then(|p| self.codes.get(p).copied());
            if let Some(id) = code_by_uuid(self.tx, &c.uuid)? {
                self.codes.insert(c.uuid.clone(), id);
                self.decide_name(id, c)?;
                continue;
            }
            if let Some(id) = self.merged_into(&merged, &c.uuid)? {
                self.codes.insert(c.uuid.clone(), id);
                continue;
            }
            let sibling: Option<Id> = self
                .tx
                .query_row(
                    "SELECT id FROM codes WHERE parent_id IS ?1 AND lower(name) = lower(?2)",
                    params![parent, c.name.trim()],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match sibling {
                Some(id) => id,
                None => {
                    let id = commands::create_code(
                        self.tx,
                        &c.name,
                        parent,
                        Some(&c.colour),
                        &c.description,
                    )?;
                    self.tx.execute(
                        "UPDATE codes SET uuid = ?1 WHERE id = ?2",
                        params![c.uuid, id],
                    )?;
                    self.report.codes += 1;
                    id
                }
            };
            self.codes.insert(c.uuid.clone(), id);
        }
        Ok(())
    }

    /// The code a merged-away code went into, following merges of merges.
    fn merged_into(&self, merged: &HashMap<String, String>, uuid: &str) -> Result<Option<Id>> {
        let mut at = uuid.to_string();
        for _ in 0..32 {
            let Some(next) = merged.get(&at) else {
                return Ok(None);
            };
            at = next.clone();
            if let Some(id) = code_by_uuid(self.tx, &at)? {
                return Ok(Some(id));
            }
            if let Some(&id) = self.codes.get(&at) {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }

    /// One code, two names: take the side that renamed it; when both did,
    /// that is a conflict.
    fn decide_name(&mut self, id: Id, theirs: &SourceCode) -> Result<()> {
        let (m, m_agreed): (String, Option<String>) = self.tx.query_row(
            "SELECT name, agreed_name FROM codes WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let t = theirs.name.clone();
        if m == t {
            return Ok(());
        }
        let mb = m_agreed.clone().unwrap_or_else(|| m.clone());
        let tb = theirs.agreed_name.clone().unwrap_or_else(|| t.clone());
        let (mine_renamed, theirs_renamed) = (m != mb, t != tb);
        let take_theirs = if tb == m {
            Some(true)
        } else if mb == t || (mine_renamed && !theirs_renamed) {
            Some(false)
        } else if theirs_renamed && !mine_renamed {
            Some(true)
        } else {
            None
        };
        let (name, agreed) = match take_theirs {
            Some(false) => return Ok(()),
            Some(true) => (t.clone(), theirs.agreed_name.clone()),
            None => {
                let path = code_paths(self.tx, false)?.remove(&id).unwrap_or_default();
                match self.conflict("code_renamed", &path, &m, &t) {
                    None => return Ok(()),
                    // Agreed over their name: merging this copy again keeps mine.
                    Some(Resolve::Mine) => (m.clone(), Some(t.clone())),
                    Some(Resolve::Theirs) => (t.clone(), theirs.agreed_name.clone()),
                    Some(Resolve::Both) => {
                        let mut both = [m.clone(), t.clone()];
                        both.sort();
                        (both.join(" / "), Some(t.clone()))
                    }
                }
            }
        };
        let clash: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM codes WHERE id != ?1 AND parent_id IS (SELECT parent_id FROM codes WHERE id = ?1) AND lower(name) = lower(?2))",
            params![id, name],
            |r| r.get(0),
        )?;
        if clash {
            bail!(
                "cannot rename code '{m}' to '{name}' from the other copy: a sibling has that name"
            );
        }
        self.tx.execute(
            "UPDATE codes SET name = ?1, agreed_name = ?2 WHERE id = ?3",
            params![name, agreed, id],
        )?;
        if name != m {
            self.report.codes_changed += 1;
        }
        Ok(())
    }

    fn codings(&mut self, codings: &[SourceCoding]) -> Result<()> {
        let mut have: HashSet<(Id, Id, i64, i64, Option<Id>)> = HashSet::new();
        let mut uuids: HashSet<String> = HashSet::new();
        {
            let mut stmt = self
                .tx
                .prepare("SELECT document_id, code_id, start, end, coder_id, uuid FROM codings")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                have.insert((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
                uuids.insert(r.get(5)?);
            }
        }
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO codings(uuid, document_id, code_id, start, end, memo, created_at, condensation, coder_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for c in codings {
            let (Some(&doc), Some(&code)) = (self.docs.get(&c.doc), self.codes.get(&c.code)) else {
                self.report.codings_skipped += 1;
                continue;
            };
            let coder = self.coder(&c.coder);
            if !have.insert((doc, code, c.start, c.end, coder)) {
                continue;
            }
            let uuid = if uuids.insert(c.uuid.clone()) {
                c.uuid.clone()
            } else {
                new_uuid()
            };
            insert.execute(params![
                uuid,
                doc,
                code,
                c.start,
                c.end,
                c.memo,
                c.created_at,
                c.condensation,
                coder
            ])?;
            self.report.codings += 1;
        }
        Ok(())
    }

    /// A code merged away in the other copy is merged away here too.
    fn code_merges(&mut self, their_merges: &[(String, String)]) -> Result<()> {
        let merged: HashMap<String, String> = their_merges.iter().cloned().collect();
        for (from, into) in their_merges {
            self.tx.execute(
                "INSERT OR IGNORE INTO code_merges(uuid, into_uuid) VALUES (?1, ?2)",
                params![from, into],
            )?;
            let Some(src) = code_by_uuid(self.tx, from)? else {
                continue;
            };
            let target = match self.merged_into(&merged, from)? {
                Some(t) => t,
                None => continue,
            };
            if target == src || commands::subtree(self.tx, src)?.contains(&target) {
                continue;
            }
            commands::merge_codes(self.tx, &[src], target)?;
            self.report.codes_changed += 1;
        }
        Ok(())
    }

    fn notes(&mut self, notes: &[SourceNote]) -> Result<()> {
        for n in notes {
            if exists(self.tx, "notes", &n.uuid)? {
                continue;
            }
            let doc = match &n.doc {
                Some(d) => match self.docs.get(d) {
                    Some(&id) => Some(id),
                    None => continue,
                },
                None => None,
            };
            let code = match &n.code {
                Some(c) => match self.codes.get(c) {
                    Some(&id) => Some(id),
                    None => continue,
                },
                None => None,
            };
            let kind = NoteKind::parse(&n.kind).unwrap_or(NoteKind::Project);
            self.tx.execute(
                "INSERT INTO notes(uuid, kind, document_id, code_id, text, created_at, updated_at, coder_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![n.uuid, kind.as_str(), doc, code, n.text, n.created_at, n.updated_at, self.coder(&n.coder)],
            )?;
            self.report.notes += 1;
        }
        Ok(())
    }

    fn themes_(&mut self, themes: &[SourceTheme]) -> Result<()> {
        for t in themes {
            let mine: Option<(Id, String, String)> = self
                .tx
                .query_row(
                    "SELECT id, status, name FROM themes WHERE uuid = ?1",
                    [&t.uuid],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let id = match mine {
                Some((id, status, name)) => {
                    self.decide_status(id, &t.uuid, &name, &status, &t.status)?;
                    id
                }
                None => {
                    let parent = t.parent.as_ref().and_then(|p| self.themes.get(p).copied());
                    self.tx.execute(
                        "INSERT INTO themes(uuid, name, status, definition, boundaries, parent_id, position, colour, writeup, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT ifnull(max(position), 0) + 1 FROM themes), ?7, ?8, ?9)",
                        params![t.uuid, t.name, t.status, t.definition, t.boundaries, parent, t.colour, t.writeup, t.created_at],
                    )?;
                    self.report.themes += 1;
                    self.tx.last_insert_rowid()
                }
            };
            self.themes.insert(t.uuid.clone(), id);
            for c in &t.codes {
                if let Some(&code) = self.codes.get(c) {
                    self.tx.execute(
                        "INSERT OR IGNORE INTO theme_codes(theme_id, code_id, added_at) VALUES (?1, ?2, ?3)",
                        params![id, code, now()],
                    )?;
                }
            }
            for (at, kind, detail, why, coder) in &t.history {
                self.tx.execute(
                    "INSERT INTO theme_history(theme_id, at, kind, detail, why, coder_id)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6
                     WHERE NOT EXISTS (SELECT 1 FROM theme_history WHERE theme_id = ?1 AND at = ?2 AND kind = ?3 AND detail = ?4)",
                    params![id, at, kind, detail, why, self.coder(coder)],
                )?;
            }
        }
        Ok(())
    }

    /// Final on one side and discarded on the other is the analysts' call;
    /// otherwise the step taken wins (a candidate promoted or discarded).
    fn decide_status(
        &mut self,
        id: Id,
        uuid: &str,
        name: &str,
        mine: &str,
        theirs: &str,
    ) -> Result<()> {
        let (m, t) = (ThemeStatus::parse(mine), ThemeStatus::parse(theirs));
        if m == t || self.decided("theme_status", uuid, theirs)? {
            return Ok(());
        }
        let status = match (m, t) {
            (Some(ThemeStatus::Candidate), Some(other)) => other,
            (Some(_), Some(ThemeStatus::Candidate)) => return Ok(()),
            _ => {
                let decision = self.conflict("theme_status", name, mine, theirs);
                if decision.is_some() {
                    self.remember("theme_status", uuid, theirs)?;
                }
                match decision {
                    None | Some(Resolve::Mine) => return Ok(()),
                    Some(Resolve::Theirs) => t.unwrap_or(ThemeStatus::Candidate),
                    Some(Resolve::Both) => ThemeStatus::Candidate,
                }
            }
        };
        self.tx.execute(
            "UPDATE themes SET status = ?1 WHERE id = ?2",
            params![status.as_str(), id],
        )?;
        Ok(())
    }

    /// Whether a merge decided before not to take `theirs`.
    fn decided(&self, kind: &str, key: &str, theirs: &str) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM merge_decisions WHERE kind = ?1 AND key = ?2 AND theirs = ?3)",
            params![kind, key, theirs],
            |r| r.get(0),
        )?)
    }

    fn remember(&self, kind: &str, key: &str, theirs: &str) -> Result<()> {
        self.tx.execute(
            "INSERT OR IGNORE INTO merge_decisions(kind, key, theirs) VALUES (?1, ?2, ?3)",
            params![kind, key, theirs],
        )?;
        Ok(())
    }

    fn journal(&mut self, entries: &[SourceJournal]) -> Result<()> {
        for j in entries {
            if exists(self.tx, "journal_entries", &j.uuid)? {
                continue;
            }
            self.tx.execute(
                "INSERT INTO journal_entries(uuid, created_at, updated_at, entry_date, phase, text, coder_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![j.uuid, j.created_at, j.updated_at, j.entry_date, j.phase, j.text, self.coder(&j.coder)],
            )?;
            self.report.journal += 1;
        }
        Ok(())
    }
}

fn code_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT id FROM codes WHERE uuid = ?1")?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

fn exists(conn: &Connection, table: &str, uuid: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT EXISTS (SELECT 1 FROM {table} WHERE uuid = ?1)"
        ))?
        .query_row([uuid], |r| r.get(0))?)
}
