//! `tema bench merge`: two coders' copies of the 200-transcript project,
//! each with 10,000 codings (half of them on the same spans), codes renamed
//! and merged on both sides, merged into one: the time, the count check
//! (no coding lost), the integrity check, undo to the exact previous
//! state, and A into B against B into A.

use super::{TempDir, corpus, ms};
use crate::Project;
use crate::model::{Coder, Id};
use crate::store::{CodingFilter, Command};
use anyhow::{Context, Result};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

const CODES: usize = 60;

/// `tema bench merge`: `n_docs` transcripts of `chars` characters and
/// `per_coder` codings by each of two coders. Run in release.
pub fn run(n_docs: usize, chars: usize, per_coder: usize) -> Result<String> {
    let tmp = TempDir::new()?;
    let base = {
        let p = corpus::project(tmp.path(), n_docs, chars, 0, CODES)?;
        p.dir().to_path_buf()
    };
    let a = copy(&base, &tmp.join("anna"))?;
    let b = copy(&base, &tmp.join("ole"))?;
    code_copy(&a, "Anna", 1, per_coder, &[1, 2, 3, 4, 5], (20, 21))?;
    code_copy(&b, "Ole", 2, per_coder, &[6, 7, 8, 9, 10], (30, 31))?;
    let (a2, b2) = (
        copy(&a, &tmp.join("anna-2"))?,
        copy(&b, &tmp.join("ole-2"))?,
    );

    let expected = expected_codings(&[&a, &b])?;
    let mut mine = Project::open(&a)?;
    mine.set_coder(Some(coder("Anna")))?;
    let before = mine.state_digest()?;
    let t = Instant::now();
    let report = crate::app::team::merge(&mut mine, &b, None)?;
    let took = t.elapsed();
    let present = codings_by_code_uuid(&mine)?;
    let lost = expected.iter().filter(|k| !present.contains(*k)).count();
    let problems = mine.check()?;
    let merged_digest = mine.content_digest()?;

    let t = Instant::now();
    mine.undo()?;
    let undo_took = t.elapsed();
    let restored = mine.state_digest()? == before;

    let mut other = Project::open(&b2)?;
    other.set_coder(Some(coder("Ole")))?;
    crate::app::team::merge(&mut other, &a2, None)?;
    let symmetric = other.content_digest()? == merged_digest;

    let mut out = String::new();
    writeln!(
        out,
        "tema bench merge: {n_docs} transcripts x {chars} chars; two copies with {per_coder} codings each (half on the same spans), codes renamed and merged on both sides"
    )?;
    writeln!(
        out,
        "  merge Ole's copy into Anna's: {:>8.0} ms  target < 5000 ms  ({} codings, {} codes added, {} codes renamed or merged, {} conflicts)",
        ms(took),
        report.codings,
        report.codes,
        report.codes_changed,
        report.conflicts.len()
    )?;
    writeln!(
        out,
        "  count check: {} codings expected (both copies, each under its final code), {} in the merged project, {lost} lost",
        expected.len(),
        present.len()
    )?;
    writeln!(
        out,
        "  tema check after the merge: {}",
        if problems.is_empty() {
            "sound".to_string()
        } else {
            format!("{} problem(s)", problems.len())
        }
    )?;
    writeln!(
        out,
        "  undo of the merge: {:>8.0} ms, restores the exact previous state (digest of every row): {}",
        ms(undo_took),
        if restored { "yes" } else { "NO" }
    )?;
    writeln!(
        out,
        "  Anna's into Ole's gives the same content as Ole's into Anna's: {}",
        if symmetric { "yes" } else { "NO" }
    )?;
    Ok(out)
}

fn coder(name: &str) -> Coder {
    Coder {
        uuid: uuid::Uuid::new_v4().to_string(),
        name: name.into(),
        initials: Coder::initials_of(name),
        colour: "#1f77b4".into(),
    }
}

/// A copy of a closed project directory (its database; the index rebuilds).
fn copy(from: &Path, to: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(to.join(crate::store::INDEX_DIR))?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        if e.file_type()?.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(to.to_path_buf())
}

/// One coder's work on their copy: `n` codings, the even ones on spans
/// both coders code, then some codes renamed and one merged into another.
fn code_copy(
    dir: &Path,
    name: &str,
    seed: usize,
    n: usize,
    renamed: &[usize],
    merged: (usize, usize),
) -> Result<()> {
    let mut p = Project::open(dir)?;
    p.set_coder(Some(coder(name)))?;
    let docs = p.documents()?;
    let code_of = |p: &Project, i: usize| p.resolve_code(&format!("Kode {i}"));
    let codes: Vec<Id> = (0..CODES).map(|i| code_of(&p, i)).collect::<Result<_>>()?;
    let commands = (0..n)
        .map(|i| {
            let shared = i % 2 == 0;
            let k = if shared { i } else { i * 31 + seed * 7_777 };
            let d = &docs[k % docs.len()];
            let start = (k * 7919) % d.chars.saturating_sub(400).max(1);
            Command::ApplyCoding {
                doc: d.id,
                code: codes[k % CODES],
                start,
                end: (start + 40 + k % 300).min(d.chars),
                memo: String::new(),
            }
        })
        .collect();
    p.execute(Command::Batch {
        label: format!("{name}'s codings"),
        commands,
    })?;
    for &i in renamed {
        p.execute(Command::RenameCode {
            code: codes[i],
            name: format!("Kode {i} ({name})"),
        })?;
    }
    p.execute(Command::MergeCodes {
        sources: vec![codes[merged.0]],
        target: codes[merged.1],
    })?;
    Ok(())
}

/// (document, start, end, coder, code uuid) of a coding.
type Key = (String, usize, usize, Option<String>, String);

/// Every coding of the copies, under the code it ends up in once the
/// merges of both sides apply (Kode 20 → 21, Kode 30 → 31).
fn expected_codings(dirs: &[&Path]) -> Result<HashSet<Key>> {
    let mut out = HashSet::new();
    let mut into: HashMap<String, String> = HashMap::new();
    for dir in dirs {
        let p = Project::open(dir)?;
        for (from, to) in [(20, 21), (30, 31)] {
            let uuid = |i: usize| -> Result<String> {
                let codes = p.codes()?;
                codes
                    .iter()
                    .find(|c| c.name == format!("Kode {i}"))
                    .map(|c| c.uuid.clone())
                    .context("code missing")
            };
            if let (Ok(f), Ok(t)) = (uuid(from), uuid(to)) {
                into.insert(f, t);
            }
        }
    }
    for dir in dirs {
        let p = Project::open(dir)?;
        for k in codings_by_code_uuid(&p)? {
            let code = into.get(&k.4).cloned().unwrap_or_else(|| k.4.clone());
            out.insert((k.0, k.1, k.2, k.3, code));
        }
    }
    Ok(out)
}

fn codings_by_code_uuid(p: &Project) -> Result<HashSet<Key>> {
    let uuid: HashMap<Id, String> = p.codes()?.into_iter().map(|c| (c.id, c.uuid)).collect();
    Ok(p.codings_without_text(&CodingFilter::default())?
        .into_iter()
        .map(|c| (c.doc, c.start, c.end, c.coder, uuid[&c.code_id].clone()))
        .collect())
}
