//! The anonymisation changes as a store command (`Command::Anon`): each
//! runs inside `Project::execute`'s transaction, so the undo triggers
//! record it like any other change. The plain types of anonymisation
//! (kinds, review status, rules, audit rows) live here too, so the store
//! does not depend on the anonymiser; `crate::anonymise` re-exports them.

use anyhow::{Result, bail};
use rusqlite::{Connection, Transaction, params};
use serde::{Deserialize, Serialize};

/// Plans and makes an apply's replacements inside the transaction
/// (arguments: the transaction, `run`, `at`); returns the undo label. The
/// anonymiser supplies it, as planning needs its detector and matcher.
pub type ApplyInTx = fn(&Transaction, &str, &str) -> Result<String>;

/// What an identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Address,
    Workplace,
    Email,
    Phone,
    NationalId,
    BirthDate,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Person,
        Kind::Place,
        Kind::Address,
        Kind::Workplace,
        Kind::Email,
        Kind::Phone,
        Kind::NationalId,
        Kind::BirthDate,
    ];

    /// The lowercase name used in serde and files (`nationalid`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Address => "address",
            Kind::Workplace => "workplace",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::NationalId => "nationalid",
            Kind::BirthDate => "birthdate",
        }
    }

    /// Parses [`Kind::as_str`] names, case-insensitively (`Person` works).
    pub fn parse(s: &str) -> Option<Kind> {
        let lower = s.trim().to_lowercase();
        Kind::ALL.into_iter().find(|k| k.as_str() == lower)
    }
}

/// Where a suggestion stands in review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not reviewed yet.
    Suggested,
    /// To be replaced.
    Accepted,
    /// Kept as it is (not an identifier, or kept on purpose).
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Suggested => "suggested",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "suggested" => Some(Status::Suggested),
            "accepted" => Some(Status::Accepted),
            "rejected" => Some(Status::Rejected),
            _ => None,
        }
    }
}

/// Where a suggestion comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Detected,
    Rule,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Detected => "detected",
            Source::Rule => "rule",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "anon", rename_all = "snake_case")]
pub enum AnonOp {
    /// Set the decision about entities (insert or replace their rows).
    Decide {
        entities: Vec<EntityDecision>,
    },
    /// Set (or with `status: None` remove) the decision about one occurrence.
    DecideOccurrence {
        doc: i64,
        start: usize,
        end: usize,
        text: String,
        status: Option<Status>,
        replacement: Option<String>,
    },
    AddRule {
        rule: NewRule,
    },
    DeleteRule {
        rule: i64,
    },
    /// Rewrite text fields (names, memos, labels) outside documents.text.
    SetFields {
        fields: Vec<FieldEdit>,
    },
    /// Replace every accepted identifier, planned inside the transaction
    /// by `apply`; `run` and `at` name the audit rows.
    Apply {
        run: String,
        at: String,
        #[serde(skip)]
        apply: ApplyInTx,
    },
    /// Record what an apply run replaced.
    Audit {
        run: String,
        #[serde(skip)]
        rows: Vec<AuditRow>,
    },
}

/// The full decision row of one entity.
#[derive(Debug, Clone, Serialize)]
pub struct EntityDecision {
    pub kind: Kind,
    pub entity: String,
    pub status: Status,
    pub source: Source,
    pub number: Option<usize>,
    pub replacement: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NewRule {
    pub original: String,
    pub replacement: String,
    pub kind: Kind,
    pub whole_word: bool,
    pub case_sensitive: bool,
    pub inflect: bool,
}

/// A new value for one text field: `table.column` of row `row`.
#[derive(Debug, Clone, Serialize)]
pub struct FieldEdit {
    pub table: String,
    pub column: String,
    pub row: i64,
    #[serde(skip)]
    pub value: String,
}

/// One replacement made by an apply run.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AuditRow {
    pub tbl: String,
    pub col: String,
    pub row_id: i64,
    pub document_id: Option<i64>,
    /// Char offsets of the replacement in the rewritten text.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub original: Option<String>,
    pub replacement: String,
    pub kind: Kind,
    pub entity: Option<String>,
    pub at: String,
    pub run: String,
}

/// The key decisions are matched by: lowercase, trimmed.
pub fn entity_key(entity: &str) -> String {
    entity.trim().to_lowercase()
}

/// Text columns of undoable tables that may hold names and are rewritten by
/// apply: every TEXT column except ids, uuids, colours, hashes, enums and
/// timestamps. `documents.text` is not among them (RewriteText moves the
/// positions into it), nor are the anon_ tables (the private record).
pub fn scrub_columns(conn: &Connection) -> Result<Vec<(String, String)>> {
    const SKIP: &[&str] = &[
        "id",
        "uuid",
        "colour",
        "color",
        "sha256",
        "format",
        "kind",
        "status",
        "source",
        "timestamp",
        "position",
        "state",
    ];
    let mut stmt = conn.prepare(
        "SELECT m.name, c.name, upper(c.type) FROM sqlite_master m, pragma_table_info(m.name) c
         WHERE m.type = 'table' ORDER BY m.name, c.cid",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows
        .into_iter()
        .filter(|(t, c, ty)| {
            let c = c.to_lowercase();
            !["log_", "local_", "sqlite_", "anon_"]
                .iter()
                .any(|p| t.starts_with(p))
                && (ty.contains("TEXT") || ty.contains("CHAR") || ty.is_empty())
                && !SKIP.contains(&c.as_str())
                && !c.ends_with("_at")
                && !c.ends_with("_id")
                && !c.ends_with("uuid")
                && !(t == "documents" && c == "text")
        })
        .map(|(t, c, _)| (t, c))
        .collect())
}

/// Run one op; returns the undo label and created ids.
pub fn run(tx: &Transaction, op: &AnonOp) -> Result<(String, Vec<i64>)> {
    let now = super::now();
    match op {
        AnonOp::Decide { entities } => decide(tx, entities, &now),
        AnonOp::DecideOccurrence {
            doc,
            start,
            end,
            text,
            status,
            replacement,
        } => decide_occurrence(tx, (*doc, *start, *end), text, *status, replacement, &now),
        AnonOp::AddRule { rule } => add_rule(tx, rule, &now),
        AnonOp::DeleteRule { rule } => {
            let n = tx.execute("DELETE FROM anon_rules WHERE id = ?1", [rule])?;
            if n == 0 {
                bail!("there is no anonymisation rule with id {rule}");
            }
            Ok(("delete anonymisation rule".into(), vec![]))
        }
        AnonOp::SetFields { fields } => set_fields(tx, fields),
        AnonOp::Apply { run, at, apply } => Ok((apply(tx, run, at)?, vec![])),
        AnonOp::Audit { run, rows } => audit(tx, run, rows),
    }
}

fn decide(tx: &Transaction, entities: &[EntityDecision], now: &str) -> Result<(String, Vec<i64>)> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO anon_entities(kind, entity, entity_key, status, source, number, replacement, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(kind, entity_key) DO UPDATE SET entity = excluded.entity, status = excluded.status,
           source = excluded.source, number = excluded.number, replacement = excluded.replacement,
           updated_at = excluded.updated_at",
    )?;
    for e in entities {
        stmt.execute(params![
            e.kind.as_str(),
            e.entity,
            entity_key(&e.entity),
            e.status.as_str(),
            e.source.as_str(),
            e.number.map(|n| n as i64),
            e.replacement,
            now
        ])?;
    }
    let label = match entities {
        [one] => match one.status {
            Status::Accepted => format!("accept '{}'", one.entity),
            Status::Rejected => format!("keep '{}'", one.entity),
            Status::Suggested => format!("edit '{}'", one.entity),
        },
        many => {
            let what = match many.first().map(|e| e.status) {
                Some(Status::Rejected) => "keep",
                _ => "accept",
            };
            format!("{what} {} identifiers", many.len())
        }
    };
    Ok((label, vec![]))
}

fn decide_occurrence(
    tx: &Transaction,
    (doc, start, end): (i64, usize, usize),
    text: &str,
    status: Option<Status>,
    replacement: &Option<String>,
    now: &str,
) -> Result<(String, Vec<i64>)> {
    match status {
        None => {
            tx.execute(
                "DELETE FROM anon_occurrences WHERE document_id = ?1 AND start = ?2 AND end = ?3",
                params![doc, start, end],
            )?;
        }
        Some(Status::Suggested) => bail!("an occurrence is accepted or kept"),
        Some(s) => {
            tx.execute(
                "INSERT INTO anon_occurrences(document_id, start, end, text, status, replacement, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(document_id, start, end) DO UPDATE SET text = excluded.text,
                   status = excluded.status, replacement = excluded.replacement, updated_at = excluded.updated_at",
                params![doc, start, end, text, s.as_str(), replacement, now],
            )?;
        }
    }
    let verb = match status {
        Some(Status::Accepted) => "replace",
        Some(_) => "keep",
        None => "reset",
    };
    Ok((format!("{verb} '{text}' here"), vec![]))
}

fn add_rule(tx: &Transaction, rule: &NewRule, now: &str) -> Result<(String, Vec<i64>)> {
    if rule.original.trim().is_empty() {
        bail!("a rule needs the text to replace");
    }
    tx.execute(
        "INSERT INTO anon_rules(original, replacement, kind, whole_word, case_sensitive, inflect, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            rule.original,
            rule.replacement,
            rule.kind.as_str(),
            rule.whole_word,
            rule.case_sensitive,
            rule.inflect,
            now
        ],
    )?;
    Ok((
        format!("replace '{}' everywhere", rule.original),
        vec![tx.last_insert_rowid()],
    ))
}

fn set_fields(tx: &Transaction, fields: &[FieldEdit]) -> Result<(String, Vec<i64>)> {
    let allowed = scrub_columns(tx)?;
    for f in fields {
        if !allowed.iter().any(|(t, c)| *t == f.table && *c == f.column) {
            bail!(
                "{}.{} is not a text field apply may rewrite",
                f.table,
                f.column
            );
        }
        tx.execute(
            &format!(
                "UPDATE \"{}\" SET \"{}\" = ?1 WHERE rowid = ?2",
                f.table, f.column
            ),
            params![f.value, f.row],
        )
        .map_err(|e| {
            anyhow::anyhow!(
                "rewriting {}.{} of row {}: {e} (two different values became the same pseudonym?)",
                f.table,
                f.column,
                f.row
            )
        })?;
    }
    Ok((format!("rewrite {} field(s)", fields.len()), vec![]))
}

fn audit(tx: &Transaction, run: &str, rows: &[AuditRow]) -> Result<(String, Vec<i64>)> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO anon_audit(run, tbl, col, row_id, document_id, start, end, original, replacement, kind, entity, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for r in rows {
        stmt.execute(params![
            run,
            r.tbl,
            r.col,
            r.row_id,
            r.document_id,
            r.start.map(|v| v as i64),
            r.end.map(|v| v as i64),
            r.original,
            r.replacement,
            r.kind.as_str(),
            r.entity,
            r.at
        ])?;
    }
    Ok((format!("record {} replacement(s)", rows.len()), vec![]))
}
