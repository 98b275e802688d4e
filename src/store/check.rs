//! `tema check`: is the project sound? SQLite's own integrity and foreign
//! key checks, plus what only tema knows: every offset inside its text.

use super::Project;
use anyhow::Result;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    pub what: String,
}

impl Project {
    /// Every problem found; empty when the project is sound.
    pub fn check(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut push = |what: String| problems.push(Problem { what });
        let integrity: Vec<String> = self
            .conn
            .prepare("PRAGMA integrity_check")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for line in integrity.into_iter().filter(|l| l != "ok") {
            push(format!("database: {line}"));
        }
        let fk: Vec<(String, i64, String)> = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (table, row, parent) in fk {
            push(format!("{table} row {row} refers to a missing {parent}"));
        }
        let checks = [
            ("SELECT id FROM documents WHERE chars != length(text)", "document {} has a wrong character count"),
            (
                "SELECT g.id FROM codings g JOIN documents d ON d.id = g.document_id WHERE g.start < 0 OR g.end > d.chars OR g.start >= g.end",
                "coding {} lies outside its document",
            ),
            (
                "SELECT t.id FROM turns t JOIN documents d ON d.id = t.document_id WHERE t.start < 0 OR t.end > d.chars OR t.start > t.end",
                "speaker turn {} lies outside its document",
            ),
            (
                "WITH RECURSIVE up(id, anc, depth) AS (SELECT id, parent_id, 1 FROM codes UNION ALL
                   SELECT up.id, c.parent_id, depth + 1 FROM up JOIN codes c ON c.id = up.anc WHERE depth < 1000)
                 SELECT DISTINCT id FROM up WHERE anc = id",
                "code {} is its own ancestor",
            ),
        ];
        for (sql, msg) in checks {
            let ids: Vec<i64> = self
                .conn
                .prepare(sql)?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                push(msg.replace("{}", &id.to_string()));
            }
        }
        Ok(problems)
    }
}
