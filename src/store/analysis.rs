//! Reads for phases 3–6: themes with their spread, theme history and
//! extracts, the coverage matrix, warnings, the journal, the phase tracker,
//! the checklist and the thematic map.
//!
//! Counts never read document texts: who speaks in a coding comes from the
//! speaker turns (`coding_participants`), so the matrix stays fast on large
//! projects. Only listing extracts reads texts.

use super::themes::phase_name;
use super::{CodingFilter, Project};
use crate::model::*;
use anyhow::{Context, Result, bail};
use rusqlite::{OptionalExtension, params};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A code with fewer extracts than this is flagged: thin support for a theme.
pub const FEW_EXTRACTS: usize = 3;

/// Braun & Clarke's 15-point checklist for good thematic analysis (2006,
/// table 2), in our own words: (stage, item). Item n is `CHECKLIST[n - 1]`.
pub const CHECKLIST: [(&str, &str); 15] = [
    (
        "Transcription",
        "The transcripts are detailed enough for the analysis and have been checked against the recordings.",
    ),
    (
        "Coding",
        "Every data item got the same careful attention while coding.",
    ),
    (
        "Coding",
        "Themes rest on thorough, inclusive coding of the whole data set, not on a few vivid examples.",
    ),
    (
        "Coding",
        "All the relevant extracts for each theme have been gathered.",
    ),
    (
        "Coding",
        "The themes have been checked against each other and against the whole data set.",
    ),
    (
        "Coding",
        "Each theme holds together internally and is distinct from the others.",
    ),
    (
        "Analysis",
        "The data are interpreted and made sense of, not only paraphrased or described.",
    ),
    (
        "Analysis",
        "The analysis and the data fit: the extracts show what the analytic claims say.",
    ),
    (
        "Analysis",
        "The analysis tells a convincing, well-organised story about the data and the topic.",
    ),
    (
        "Analysis",
        "Analytic narrative and illustrative extracts are in good balance.",
    ),
    (
        "Overall",
        "There was enough time for every phase; none was rushed or skimmed.",
    ),
    (
        "Written report",
        "The report states its assumptions about thematic analysis and the particular approach taken.",
    ),
    (
        "Written report",
        "What the report says was done matches what it shows was done.",
    ),
    (
        "Written report",
        "The language and concepts of the report fit the epistemological position of the analysis.",
    ),
    (
        "Written report",
        "The researcher appears as active in the analysis: themes were built, they did not 'emerge'.",
    ),
];

/// Which journal entries to list (all fields optional; they combine).
#[derive(Debug, Clone, Default)]
pub struct JournalFilter {
    pub phase: Option<u8>,
    /// Only entries linked to this document, code or theme.
    pub link: Option<JournalLink>,
    /// Entry dates from..=to, YYYY-MM-DD.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Case-insensitive text search.
    pub text: Option<String>,
}

/// The matrix row of participants without the attribute it is grouped by.
const NOT_SET: &str = "(not set)";

fn theme_from_row(r: &rusqlite::Row) -> rusqlite::Result<Theme> {
    let status: String = r.get(3)?;
    Ok(Theme {
        id: r.get(0)?,
        uuid: r.get(1)?,
        name: r.get(2)?,
        status: ThemeStatus::parse(&status).unwrap_or(ThemeStatus::Candidate),
        definition: r.get(4)?,
        boundaries: r.get(5)?,
        parent: r.get(6)?,
        position: r.get(7)?,
        colour: r.get(8)?,
        writeup: r.get(9)?,
        created_at: r.get(10)?,
        codes: Vec::new(),
        extracts: 0,
        participants: 0,
        key_quotes: 0,
    })
}

/// A CTE `who(id, code_id, participant_id)`: the speaker of each coding,
/// by the rule of `ParticipantLocator` (queries.rs): the participant of the
/// turn that holds the coding's start; in a turn of a speaker who is nobody
/// (the interviewer) no one, when the document has mapped speakers; else the
/// document's only linked participant. One index seek per coding.
fn who_sql(all_codes: bool) -> String {
    if all_codes {
        who_sql_where("")
    } else {
        // `+` keeps SQLite from seeking every coding through codings_code:
        // themes usually hold most codes, and a scan reads the table in order.
        who_sql_where("WHERE +g.code_id IN (SELECT code_id FROM theme_codes)")
    }
}

/// `who_sql` over the codings that `filter` (a WHERE clause on codings `g`) keeps.
fn who_sql_where(filter: &str) -> String {
    format!(
        "WITH at_turn AS (
             SELECT g.id, g.code_id, g.document_id, g.start,
                    (SELECT t.id FROM turns t WHERE t.document_id = g.document_id AND t.start <= g.start
                     ORDER BY t.start DESC LIMIT 1) AS turn_id
             FROM codings g {filter}),
         only_linked AS (
             SELECT document_id, min(participant_id) AS participant_id FROM document_participants
             GROUP BY document_id HAVING count(*) = 1),
         who AS (
             SELECT a.id, a.code_id, a.document_id,
                    CASE WHEN t.id IS NOT NULL AND a.start <= t.end AND s.participant_id IS NOT NULL THEN s.participant_id
                         WHEN t.id IS NOT NULL AND a.start <= t.end AND tema_is_interviewer(s.label) THEN NULL
                         ELSE (SELECT l.participant_id FROM only_linked l WHERE l.document_id = a.document_id)
                    END AS participant_id
             FROM at_turn a LEFT JOIN turns t ON t.id = a.turn_id LEFT JOIN speakers s ON s.id = t.speaker_id)"
    )
}

const THEME_COLUMNS: &str = "id, uuid, name, status, definition, boundaries, parent_id, position, colour, writeup, created_at";

impl Project {
    /// Who speaks in each coding (of every code when `all_codes`, else of
    /// the codes that sit in some theme), without reading texts. Same rule
    /// as `Project::codings`: the participant of the speaker turn at the
    /// coding's start, else the document's only linked participant.
    pub fn coding_participants(&self, all_codes: bool) -> Result<Vec<CodingWho>> {
        let sql = format!(
            "{} SELECT id, code_id, participant_id FROM who ORDER BY id",
            who_sql(all_codes)
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(CodingWho {
                coding: r.get(0)?,
                code: r.get(1)?,
                participant: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Codings, documents and participants per code, for the codebook: of
    /// every code, or only of `codes` (what a change touched). Counted
    /// inside SQLite by the same speaker rule as the matrix.
    pub fn code_stats(&self, codes: Option<&[Id]>) -> Result<HashMap<Id, CodeStats>> {
        let filter = match codes {
            None => String::new(),
            Some(ids) => format!("WHERE g.code_id IN ({})", super::id_list(ids)),
        };
        let sql = format!(
            "{} SELECT code_id, count(*), count(DISTINCT document_id), count(DISTINCT participant_id)
             FROM who GROUP BY code_id",
            who_sql_where(&filter)
        );
        // Statements for a list of ids are one-offs; don't fill the cache.
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as usize);
            Ok((
                r.get::<_, Id>(0)?,
                CodeStats {
                    codings: n(1)?,
                    documents: n(2)?,
                    participants: n(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (code, participant, codings) for the codes that sit in some theme:
    /// the counts behind the themes list and the matrix, aggregated inside
    /// SQLite so a large project returns a few thousand rows, not every coding.
    fn themed_code_speakers(&self) -> Result<Vec<(Id, Option<Id>, usize)>> {
        let sql = format!(
            "{} SELECT code_id, participant_id, count(*) FROM who GROUP BY code_id, participant_id",
            who_sql(false)
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn theme_rows(&self) -> Result<Vec<Theme>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {THEME_COLUMNS} FROM themes ORDER BY position, id"
        ))?;
        let all: Vec<Theme> = stmt
            .query_map([], theme_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        // Parents before children, siblings in their order.
        let mut out = Vec::with_capacity(all.len());
        fn walk(all: &[Theme], parent: Option<Id>, out: &mut Vec<Theme>) {
            for t in all.iter().filter(|t| t.parent == parent) {
                out.push(t.clone());
                walk(all, Some(t.id), out);
            }
        }
        walk(&all, None, &mut out);
        Ok(out)
    }

    /// Every theme (discarded ones too), parents before their sub-themes,
    /// with its codes, extracts and participants.
    pub fn themes(&self) -> Result<Vec<Theme>> {
        let mut themes = self.theme_rows()?;
        // Per code: codings and distinct participants.
        let mut per_code: HashMap<Id, (usize, HashSet<Id>)> = HashMap::new();
        for (code, participant, n) in self.themed_code_speakers()? {
            let e = per_code.entry(code).or_default();
            e.0 += n;
            e.1.extend(participant);
        }
        let mut members: HashMap<Id, Vec<(Id, String)>> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT tc.theme_id, c.id, c.name FROM theme_codes tc JOIN codes c ON c.id = tc.code_id ORDER BY tc.theme_id, lower(c.name), c.id",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?, r.get(2)?)))? {
            let (t, c, n) = row?;
            members.entry(t).or_default().push((c, n));
        }
        let key_quotes: HashMap<Id, usize> = self
            .conn()
            .prepare(
                "SELECT k.theme_id, count(*) FROM key_quotes k JOIN codings g ON g.id = k.coding_id
                 JOIN theme_codes tc ON tc.theme_id = k.theme_id AND tc.code_id = g.code_id GROUP BY k.theme_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?
            .collect::<rusqlite::Result<_>>()?;
        for t in &mut themes {
            let mut participants: HashSet<Id> = HashSet::new();
            for (id, name) in members.remove(&t.id).unwrap_or_default() {
                let (n, ps) = per_code
                    .get(&id)
                    .map_or((0, None), |(n, ps)| (*n, Some(ps)));
                // A coding has one code, so summing codes counts distinct codings.
                t.extracts += n;
                if let Some(ps) = ps {
                    participants.extend(ps);
                }
                t.codes.push(ThemeCode {
                    id,
                    name,
                    extracts: n,
                    participants: ps.map_or(0, |p| p.len()),
                    few_extracts: n < FEW_EXTRACTS,
                });
            }
            t.participants = participants.len();
            t.key_quotes = key_quotes.get(&t.id).copied().unwrap_or(0);
        }
        Ok(themes)
    }

    pub fn theme(&self, id: Id) -> Result<Theme> {
        self.themes()?
            .into_iter()
            .find(|t| t.id == id)
            .with_context(|| format!("there is no theme with id {id}"))
    }

    /// The codes of a theme with their counts; `few_extracts` flags thin ones.
    pub fn codes_per_theme(&self, theme: Id) -> Result<Vec<ThemeCode>> {
        Ok(self.theme(theme)?.codes)
    }

    /// Find a theme by id or name (case-insensitive). A live theme wins over
    /// discarded ones of the same name.
    pub fn resolve_theme(&self, key: &str) -> Result<Id> {
        let themes = self.theme_rows()?;
        if let Ok(id) = key.trim().parse::<Id>()
            && themes.iter().any(|t| t.id == id)
        {
            return Ok(id);
        }
        let lower = key.trim().to_lowercase();
        let named: Vec<&Theme> = themes
            .iter()
            .filter(|t| t.name.to_lowercase() == lower)
            .collect();
        let live: Vec<&&Theme> = named
            .iter()
            .filter(|t| t.status != ThemeStatus::Discarded)
            .collect();
        match (live.as_slice(), named.as_slice()) {
            ([one], _) => Ok(one.id),
            ([], [one]) => Ok(one.id),
            (_, []) => bail!("no theme called '{key}'"),
            _ => bail!(
                "several themes are called '{key}' (ids {}); use the id",
                named
                    .iter()
                    .map(|t| t.id.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// How a theme came to be, oldest first.
    pub fn theme_history(&self, theme: Id) -> Result<Vec<ThemeHistoryEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, theme_id, at, kind, detail, why FROM theme_history WHERE theme_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([theme], |r| {
            Ok(ThemeHistoryEntry {
                id: r.get(0)?,
                theme: r.get(1)?,
                at: r.get(2)?,
                kind: HistoryKind::parse(&r.get::<_, String>(3)?),
                detail: r.get(4)?,
                why: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn theme_code_ids(&self, theme: Id) -> Result<Vec<Id>> {
        let exists: bool = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM themes WHERE id = ?1)",
            [theme],
            |r| r.get(0),
        )?;
        if !exists {
            bail!("there is no theme with id {theme}");
        }
        Ok(self
            .conn()
            .prepare("SELECT code_id FROM theme_codes WHERE theme_id = ?1")?
            .query_map([theme], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A theme's coded extracts (the codings of its codes) in document
    /// order, with the key quotes marked.
    pub fn theme_extracts(&self, theme: Id) -> Result<Vec<Extract>> {
        let codes = self.theme_code_ids(theme)?;
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let keys: HashSet<Id> = self
            .conn()
            .prepare("SELECT coding_id FROM key_quotes WHERE theme_id = ?1")?
            .query_map([theme], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let codings = self.codings(&CodingFilter {
            codes,
            with_subcodes: false,
            doc: None,
        })?;
        Ok(codings
            .into_iter()
            .map(|c| Extract {
                key: keys.contains(&c.id),
                coding: c,
            })
            .collect())
    }

    /// Codes that sit in more than one final theme.
    pub fn theme_warnings(&self) -> Result<Vec<ThemeWarning>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name, t.id, t.name FROM theme_codes tc JOIN themes t ON t.id = tc.theme_id JOIN codes c ON c.id = tc.code_id
             WHERE t.status = 'final' ORDER BY lower(c.name), c.id, t.position, t.id",
        )?;
        let mut by_code: BTreeMap<(String, Id), Vec<(Id, String)>> = BTreeMap::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Id>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (c, cn, t, tn) = row?;
            by_code.entry((cn, c)).or_default().push((t, tn));
        }
        // A sub-theme shares codes with the theme above it by design; only
        // codes claimed by unrelated final themes blur their boundaries.
        let parents: HashMap<Id, Option<Id>> = self
            .conn()
            .prepare("SELECT id, parent_id FROM themes")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let top = |mut t: Id| {
            // Bounded: MoveTheme refuses cycles, but never loop on bad data.
            for _ in 0..parents.len() {
                match parents.get(&t).copied().flatten() {
                    Some(p) => t = p,
                    None => break,
                }
            }
            t
        };
        Ok(by_code
            .into_iter()
            .filter(|(_, ts)| {
                ts.iter()
                    .map(|(t, _)| top(*t))
                    .collect::<HashSet<_>>()
                    .len()
                    > 1
            })
            .map(|((name, code), ts)| ThemeWarning {
                code,
                message: format!(
                    "code '{name}' sits in {} final themes: {}",
                    ts.len(),
                    ts.iter()
                        .map(|(_, n)| format!("'{n}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                code_name: name,
                themes: ts.into_iter().map(|(t, _)| t).collect(),
            })
            .collect())
    }

    /// Participant id → row label: the participant's label, or (with `by`)
    /// the value of that attribute.
    fn matrix_rows(&self, by: Option<&str>) -> Result<(Vec<String>, HashMap<Id, usize>)> {
        let participants = self.participants()?;
        let mut rows: Vec<String> = Vec::new();
        let mut row_of = HashMap::new();
        match by {
            None => {
                for (i, p) in participants.iter().enumerate() {
                    rows.push(p.label.clone());
                    row_of.insert(p.id, i);
                }
            }
            Some(key) => {
                let value = |p: &Participant| {
                    p.attributes
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| NOT_SET.to_string())
                };
                let mut values: Vec<String> = participants.iter().map(value).collect();
                values.sort_by(|a, b| {
                    (a == NOT_SET)
                        .cmp(&(b == NOT_SET))
                        .then_with(|| crate::text::natural_cmp(a, b))
                });
                values.dedup();
                for p in &participants {
                    let v = value(p);
                    row_of.insert(p.id, values.iter().position(|x| *x == v).unwrap_or(0));
                }
                rows = values;
            }
        }
        Ok((rows, row_of))
    }

    /// How each live theme (candidate or final) spreads across participants,
    /// or across the values of the participant attribute `by` (sector,
    /// group, role). Counts come from turns, not texts.
    pub fn coverage_matrix(&self, by: Option<&str>) -> Result<Matrix> {
        let by = by.map(str::trim).filter(|b| !b.is_empty());
        if let Some(key) = by {
            let known: bool = self.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM participant_attributes WHERE key = ?1)",
                [key],
                |r| r.get(0),
            )?;
            if !known {
                bail!("no participant has an attribute called '{key}'");
            }
        }
        let (rows, row_of) = self.matrix_rows(by)?;
        let columns: Vec<MatrixColumn> = self
            .theme_rows()?
            .into_iter()
            .filter(|t| t.status != ThemeStatus::Discarded)
            .map(|t| MatrixColumn {
                theme: t.id,
                name: t.name,
                status: t.status,
            })
            .collect();
        let col_of: HashMap<Id, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.theme, i))
            .collect();
        let mut columns_of_code: HashMap<Id, Vec<usize>> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT code_id, theme_id FROM theme_codes")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            if let Some(&col) = col_of.get(&r.get::<_, Id>(1)?) {
                columns_of_code.entry(r.get(0)?).or_default().push(col);
            }
        }
        let ncols = columns.len();
        let mut cells = vec![vec![MatrixCell::default(); ncols]; rows.len()];
        let mut cell_people: Vec<Vec<HashSet<Id>>> = vec![vec![HashSet::new(); ncols]; rows.len()];
        let mut unattributed = vec![0; ncols];
        let mut totals = vec![MatrixCell::default(); ncols];
        let mut column_people: Vec<HashSet<Id>> = vec![HashSet::new(); ncols];
        for (code, participant, n) in self.themed_code_speakers()? {
            let Some(cols) = columns_of_code.get(&code) else {
                continue;
            };
            let row = participant.and_then(|p| row_of.get(&p).copied());
            for &col in cols {
                totals[col].codings += n;
                match (row, participant) {
                    (Some(r), Some(p)) => {
                        cells[r][col].codings += n;
                        cell_people[r][col].insert(p);
                        column_people[col].insert(p);
                    }
                    _ => unattributed[col] += n,
                }
            }
        }
        for (r, row) in cells.iter_mut().enumerate() {
            for (c, cell) in row.iter_mut().enumerate() {
                cell.participants = cell_people[r][c].len();
            }
        }
        for (c, t) in totals.iter_mut().enumerate() {
            t.participants = column_people[c].len();
        }
        Ok(Matrix {
            by: by.map(str::to_string),
            rows,
            columns,
            cells,
            unattributed,
            totals,
        })
    }

    /// The extracts behind one cell of the coverage matrix: codings of
    /// `theme` spoken by participant `row` (or by participants whose
    /// attribute `by` has the value `row`).
    pub fn coverage_cell(&self, by: Option<&str>, row: &str, theme: Id) -> Result<Vec<Extract>> {
        let by = by.map(str::trim).filter(|b| !b.is_empty());
        let (rows, row_of) = self.matrix_rows(by)?;
        let r = rows
            .iter()
            .position(|x| x == row)
            .with_context(|| format!("the matrix has no row '{row}'"))?;
        let labels: HashSet<String> = self
            .participants()?
            .into_iter()
            .filter(|p| row_of.get(&p.id) == Some(&r))
            .map(|p| p.label)
            .collect();
        Ok(self
            .theme_extracts(theme)?
            .into_iter()
            .filter(|e| {
                e.coding
                    .participant
                    .as_ref()
                    .is_some_and(|p| labels.contains(p))
            })
            .collect())
    }

    /// Journal entries by date (oldest first), with their links.
    pub fn journal(&self, filter: &JournalFilter) -> Result<Vec<JournalEntry>> {
        let mut links: HashMap<Id, Vec<JournalLink>> = HashMap::new();
        let mut stmt = self.conn().prepare(
            "SELECT entry_id, document_id, code_id, theme_id FROM journal_links ORDER BY id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, Option<Id>>(1)?,
                r.get::<_, Option<Id>>(2)?,
                r.get::<_, Option<Id>>(3)?,
            ))
        })? {
            let link = match row? {
                (e, Some(d), _, _) => (e, JournalLink::Document(d)),
                (e, _, Some(c), _) => (e, JournalLink::Code(c)),
                (e, _, _, Some(t)) => (e, JournalLink::Theme(t)),
                _ => continue,
            };
            links.entry(link.0).or_default().push(link.1);
        }
        let mut stmt = self.conn().prepare(
            "SELECT id, uuid, entry_date, phase, text, created_at, updated_at FROM journal_entries
             WHERE (?1 IS NULL OR phase = ?1) AND (?2 IS NULL OR entry_date >= ?2) AND (?3 IS NULL OR entry_date <= ?3)
             ORDER BY entry_date, id",
        )?;
        let needle = filter.text.as_ref().map(|t| t.to_lowercase());
        let entries = stmt
            .query_map(params![filter.phase, filter.from, filter.to], |r| {
                let id: Id = r.get(0)?;
                Ok(JournalEntry {
                    id,
                    uuid: r.get(1)?,
                    date: r.get(2)?,
                    phase: r.get(3)?,
                    text: r.get(4)?,
                    links: Vec::new(),
                    created_at: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries
            .into_iter()
            .map(|mut e| {
                e.links = links.remove(&e.id).unwrap_or_default();
                e
            })
            .filter(|e| filter.link.is_none_or(|l| e.links.contains(&l)))
            .filter(|e| {
                needle
                    .as_ref()
                    .is_none_or(|n| e.text.to_lowercase().contains(n))
            })
            .collect())
    }

    /// Every time the analyst said which phase they were in, oldest first.
    pub fn phase_history(&self) -> Result<Vec<PhaseEntry>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, at, phase, note FROM phase_log ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u8>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at, phase, note) = row?;
            out.push(PhaseEntry {
                id,
                at,
                phase,
                name: phase_name(phase).unwrap_or("?").to_string(),
                note,
            });
        }
        Ok(out)
    }

    /// The phase the analyst last said they were in; 1 (familiarisation)
    /// before they said anything.
    pub fn current_phase(&self) -> Result<u8> {
        Ok(self
            .conn()
            .query_row(
                "SELECT phase FROM phase_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(1))
    }

    /// The 15 checklist items with what the analyst ticked and noted.
    pub fn checklist(&self) -> Result<Vec<ChecklistItem>> {
        let state: HashMap<u8, (bool, String)> = self
            .conn()
            .prepare("SELECT item, done, note FROM checklist")?
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CHECKLIST
            .iter()
            .enumerate()
            .map(|(i, (stage, text))| {
                let item = i as u8 + 1;
                let (done, note) = state.get(&item).cloned().unwrap_or_default();
                ChecklistItem {
                    item,
                    stage: stage.to_string(),
                    text: text.to_string(),
                    done,
                    note,
                }
            })
            .collect())
    }

    /// The thematic map: every theme (placed or not), placed codes, edges.
    pub fn map(&self) -> Result<ThematicMap> {
        let mut placed: HashMap<MapNodeRef, (f64, f64)> = HashMap::new();
        let mut stmt = self
            .conn()
            .prepare("SELECT theme_id, code_id, x, y FROM map_nodes ORDER BY id")?;
        let mut placed_codes = Vec::new();
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, Option<Id>>(0)?,
                r.get::<_, Option<Id>>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, f64>(3)?,
            ))
        })? {
            let (t, c, x, y) = row?;
            match (t, c) {
                (Some(t), _) => {
                    placed.insert(MapNodeRef::Theme(t), (x, y));
                }
                (_, Some(c)) => {
                    placed.insert(MapNodeRef::Code(c), (x, y));
                    placed_codes.push(c);
                }
                _ => {}
            }
        }
        let mut nodes: Vec<MapNode> = self
            .theme_rows()?
            .into_iter()
            .map(|t| {
                let at = placed.get(&MapNodeRef::Theme(t.id));
                MapNode {
                    node: MapNodeRef::Theme(t.id),
                    label: t.name,
                    status: Some(t.status),
                    colour: t.colour,
                    x: at.map(|p| p.0),
                    y: at.map(|p| p.1),
                }
            })
            .collect();
        for c in placed_codes {
            let code = self.code(c)?;
            let at = placed[&MapNodeRef::Code(c)];
            nodes.push(MapNode {
                node: MapNodeRef::Code(c),
                label: code.name,
                status: None,
                colour: code.colour,
                x: Some(at.0),
                y: Some(at.1),
            });
        }
        let edges = self
            .conn()
            .prepare("SELECT id, from_theme, to_theme, label FROM map_edges ORDER BY id")?
            .query_map([], |r| {
                Ok(MapEdge {
                    id: r.get(0)?,
                    from: r.get(1)?,
                    to: r.get(2)?,
                    label: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ThematicMap { nodes, edges })
    }
}
