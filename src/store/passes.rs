//! Method as practised: coding passes (the data set coded again, in
//! another order), meaning condensation, what has been read, and the size
//! of the analysis over its history.

use super::{Outcome, Project, now};
use crate::model::{
    HistoryPoint, Id, Pass, PassComparison, PassDocument, PassDocumentComparison, PassOrdering,
    PassSpan,
};
use anyhow::{Context, Result, bail};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::{BTreeMap, HashMap};

/// Start the next pass with `documents` in this order (every document, each once).
pub(super) fn start_pass(
    tx: &Transaction,
    ordering: PassOrdering,
    seed: Option<u64>,
    documents: &[Id],
) -> Result<Outcome> {
    let all: Vec<Id> = tx
        .prepare("SELECT id FROM documents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut given = documents.to_vec();
    given.sort_unstable();
    if given != all {
        bail!(
            "a pass orders every document of the project once ({} documents)",
            all.len()
        );
    }
    let number: i64 = tx.query_row("SELECT ifnull(max(number), 0) + 1 FROM passes", [], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO passes(number, ordering, seed, started_at) VALUES (?1, ?2, ?3, ?4)",
        params![number, ordering.as_str(), seed.map(|s| s as i64), now()],
    )?;
    let pass = tx.last_insert_rowid();
    let mut insert = tx.prepare(
        "INSERT INTO pass_documents(pass_id, document_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (position, doc) in documents.iter().enumerate() {
        insert.execute(params![pass, doc, position as i64])?;
    }
    let label = format!("start coding pass {number} ({})", ordering.as_str());
    Ok(Outcome::new(label, vec![pass]))
}

/// The condensed meaning of a meaning unit (a coding); empty removes it.
pub(super) fn condense(tx: &Transaction, coding: Id, text: &str) -> Result<Outcome> {
    let n = tx.execute(
        "UPDATE codings SET condensation = ?1 WHERE id = ?2",
        params![text.trim(), coding],
    )?;
    if n == 0 {
        bail!("no coding with id {coding}");
    }
    let label = if text.trim().is_empty() {
        "remove condensation".to_string()
    } else {
        "condense meaning unit".to_string()
    };
    Ok(Outcome::new(label, vec![]))
}

/// Mark turns of a document (their 0-based indexes in reading order; None:
/// all) as read, or not read.
pub(super) fn mark_read(
    tx: &Transaction,
    doc: Id,
    turns: Option<&[usize]>,
    read: bool,
) -> Result<Outcome> {
    let ids: Vec<Id> = tx
        .prepare("SELECT id FROM turns WHERE document_id = ?1 ORDER BY start, id")?
        .query_map([doc], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let chosen: Vec<Id> = match turns {
        None => ids.clone(),
        Some(list) => list
            .iter()
            .map(|&i| {
                ids.get(i)
                    .copied()
                    .with_context(|| format!("the document has {} turns, not {}", ids.len(), i + 1))
            })
            .collect::<Result<_>>()?,
    };
    let t = now();
    for turn in &chosen {
        if read {
            tx.execute(
                "INSERT INTO turns_read(turn_id, read_at) VALUES (?1, ?2) ON CONFLICT(turn_id) DO NOTHING",
                params![turn, t],
            )?;
        } else {
            tx.execute("DELETE FROM turns_read WHERE turn_id = ?1", [turn])?;
        }
    }
    let what = if read { "read" } else { "unread" };
    Ok(Outcome::new(
        format!("mark {} turn(s) {what}", chosen.len()),
        vec![],
    ))
}

/// Documents imported while a pass runs join it at the end of its order.
pub(super) fn add_to_current_pass(tx: &Transaction, docs: &[Id]) -> Result<()> {
    let pass: Option<Id> = tx.query_row("SELECT max(id) FROM passes", [], |r| r.get(0))?;
    let Some(pass) = pass else { return Ok(()) };
    for doc in docs {
        tx.execute(
            "INSERT INTO pass_documents(pass_id, document_id, position)
             SELECT ?1, ?2, ifnull(max(position), -1) + 1 FROM pass_documents WHERE pass_id = ?1",
            params![pass, doc],
        )?;
    }
    Ok(())
}

/// Rows that point at a document's turns, removed with the document.
pub(super) fn before_document_delete(tx: &Transaction, doc: Id) -> Result<()> {
    tx.execute(
        "DELETE FROM turns_read WHERE turn_id IN (SELECT id FROM turns WHERE document_id = ?1)",
        [doc],
    )?;
    tx.execute("DELETE FROM pass_documents WHERE document_id = ?1", [doc])?;
    Ok(())
}

/// One text interval [start, end) of a document.
type Interval = (usize, usize);

/// Sorted, merged intervals.
fn union(mut v: Vec<Interval>) -> Vec<Interval> {
    v.sort_unstable();
    let mut out: Vec<Interval> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Parts of `a` not covered by `b` (both merged and sorted).
fn minus(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for &(s, e) in a {
        let mut from = s;
        for &(bs, be) in b.iter().filter(|(bs, be)| *be > s && *bs < e) {
            if bs > from {
                out.push((from, bs));
            }
            from = from.max(be);
        }
        if from < e {
            out.push((from, e));
        }
    }
    out
}

fn total(v: &[Interval]) -> usize {
    v.iter().map(|(s, e)| e - s).sum()
}

impl Project {
    /// The pass new codings and notes belong to (the latest), if any.
    pub fn current_pass(&self) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT max(number) FROM passes", [], |r| r.get(0))?)
    }

    /// Every pass with its order of documents and its progress in each.
    pub fn passes(&self) -> Result<Vec<Pass>> {
        let mut passes: Vec<Pass> = self
            .conn
            .prepare("SELECT id, number, ordering, seed, started_at FROM passes ORDER BY number")?
            .query_map([], |r| {
                Ok(Pass {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    ordering: r.get(2)?,
                    seed: r.get::<_, Option<i64>>(3)?.map(|s| s as u64),
                    started_at: r.get(4)?,
                    documents: Vec::new(),
                    codings: 0,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        for p in &mut passes {
            p.documents = self.pass_documents(p.id)?;
            p.codings = p.documents.iter().map(|d| d.codings).sum();
        }
        Ok(passes)
    }

    fn pass_documents(&self, pass: Id) -> Result<Vec<PassDocument>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.name, pd.position, d.chars,
                    (SELECT count(*) FROM codings g WHERE g.document_id = d.id AND g.pass_id = ?1),
                    (SELECT ifnull(max(g.end), 0) FROM codings g WHERE g.document_id = d.id AND g.pass_id = ?1)
             FROM pass_documents pd JOIN documents d ON d.id = pd.document_id
             WHERE pd.pass_id = ?1 ORDER BY pd.position",
        )?;
        let docs = stmt.query_map([pass], |r| {
            let chars: i64 = r.get(3)?;
            let reached: i64 = r.get(5)?;
            Ok(PassDocument {
                doc_id: r.get(0)?,
                doc: r.get(1)?,
                position: r.get::<_, i64>(2)? as usize,
                codings: r.get::<_, i64>(4)? as usize,
                progress: if chars > 0 {
                    reached as f64 / chars as f64
                } else {
                    0.0
                },
            })
        })?;
        Ok(docs.collect::<rusqlite::Result<_>>()?)
    }

    fn pass_id(&self, number: i64) -> Result<Id> {
        self.conn
            .query_row("SELECT id FROM passes WHERE number = ?1", [number], |r| {
                r.get(0)
            })
            .optional()?
            .with_context(|| format!("there is no coding pass {number}"))
    }

    /// Passes A and B compared: codes new in B, text coded only in one.
    pub fn compare_passes(&self, a: i64, b: i64) -> Result<PassComparison> {
        let (ida, idb) = (self.pass_id(a)?, self.pass_id(b)?);
        let spans_a = self.pass_intervals(ida)?;
        let spans_b = self.pass_intervals(idb)?;
        let mut cmp = PassComparison {
            a,
            b,
            codes_new_in_b: self.codes_first_in(b)?,
            only_a: Vec::new(),
            only_b: Vec::new(),
            documents: Vec::new(),
        };
        for doc in self.documents()? {
            let (ca, va) = spans_a.get(&doc.id).cloned().unwrap_or_default();
            let (cb, vb) = spans_b.get(&doc.id).cloned().unwrap_or_default();
            let (only_a, only_b) = (minus(&va, &vb), minus(&vb, &va));
            cmp.documents.push(PassDocumentComparison {
                doc_id: doc.id,
                doc: doc.name.clone(),
                codings_a: ca,
                codings_b: cb,
                chars_only_a: total(&only_a),
                chars_only_b: total(&only_b),
                chars_both: total(&va) - total(&only_a),
            });
            if only_a.is_empty() && only_b.is_empty() {
                continue;
            }
            let text = self.text(doc.id)?;
            let idx = crate::text::CharIndex::new(&text);
            let span = |&(start, end): &Interval| PassSpan {
                doc_id: doc.id,
                doc: doc.name.clone(),
                start,
                end,
                text: idx.slice(start, end).to_string(),
            };
            cmp.only_a.extend(only_a.iter().map(span));
            cmp.only_b.extend(only_b.iter().map(span));
        }
        Ok(cmp)
    }

    /// Per document: how many codings the pass made, and the text they cover.
    fn pass_intervals(&self, pass: Id) -> Result<HashMap<Id, (usize, Vec<Interval>)>> {
        let mut per_doc: HashMap<Id, (usize, Vec<Interval>)> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT document_id, start, end FROM codings WHERE pass_id = ?1")?;
        let rows = stmt.query_map([pass], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
            ))
        })?;
        for row in rows {
            let (doc, s, e) = row?;
            let entry = per_doc.entry(doc).or_default();
            entry.0 += 1;
            entry.1.push((s, e));
        }
        for v in per_doc.values_mut() {
            v.1 = union(std::mem::take(&mut v.1));
        }
        Ok(per_doc)
    }

    /// Codes whose earliest coding was made in pass `number`.
    fn codes_first_in(&self, number: i64) -> Result<Vec<String>> {
        let mut names: Vec<String> = self
            .conn
            .prepare(
                "SELECT c.name FROM codes c JOIN codings g ON g.code_id = c.id JOIN passes p ON p.id = g.pass_id
                 GROUP BY c.id HAVING min(p.number) = ?1",
            )?
            .query_map([number], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names.sort_by(|a, b| crate::text::natural_cmp(a, b));
        Ok(names)
    }

    /// The ids of a document's turns marked read.
    pub fn read_turns(&self, doc: Id) -> Result<std::collections::HashSet<Id>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.turn_id FROM turns_read r JOIN turns t ON t.id = r.turn_id
             WHERE t.document_id = ?1",
        )?;
        let rows = stmt.query_map([doc], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Per document: the share of its turns' characters marked read.
    pub fn read_fractions(&self) -> Result<HashMap<Id, f64>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.document_id, sum(t.end - t.start),
                    sum(CASE WHEN r.turn_id IS NULL THEN 0 ELSE t.end - t.start END)
             FROM turns t LEFT JOIN turns_read r ON r.turn_id = t.id GROUP BY t.document_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let (all, read): (i64, i64) = (r.get(1)?, r.get(2)?);
            Ok((
                r.get(0)?,
                if all > 0 {
                    read as f64 / all as f64
                } else {
                    0.0
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The size of the analysis after each change still in the history
    /// (changes from before tema kept these counts are left out).
    pub fn history_stats(&self) -> Result<Vec<HistoryPoint>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, created_at, label, codes, codings, themes FROM log_commands
             WHERE state = 'done' AND codes IS NOT NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(HistoryPoint {
                seq: r.get(0)?,
                at: r.get(1)?,
                label: r.get(2)?,
                codes: r.get::<_, i64>(3)? as usize,
                codings: r.get::<_, i64>(4)? as usize,
                themes: r.get::<_, i64>(5)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Merges and splits of codes still in the history, oldest first.
    pub fn codebook_changes(&self) -> Result<Vec<crate::model::LogEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, label, created_at, (SELECT name FROM coders WHERE id = coder_id) FROM log_commands
             WHERE state = 'done' AND json_extract(command, '$.op') IN ('merge_codes', 'split_code')
             ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(crate::model::LogEntry {
                seq: r.get(0)?,
                label: r.get(1)?,
                done: true,
                created_at: r.get(2)?,
                coder: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Codes per pass: how many codes were first used in each pass.
    pub fn codes_per_pass(&self) -> Result<BTreeMap<i64, usize>> {
        let mut stmt = self.conn.prepare(
            "SELECT first, count(*) FROM (
                 SELECT min(p.number) AS first FROM codings g JOIN passes p ON p.id = g.pass_id GROUP BY g.code_id
             ) GROUP BY first",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Counts kept with each change, for `history_stats`.
pub(super) fn record_counts(tx: &Transaction, seq: i64) -> Result<()> {
    tx.execute(
        "UPDATE log_commands SET codes = (SELECT count(*) FROM codes),
             codings = (SELECT count(*) FROM codings), themes = (SELECT count(*) FROM themes WHERE status != 'discarded')
         WHERE seq = ?1",
        [seq],
    )?;
    Ok(())
}
