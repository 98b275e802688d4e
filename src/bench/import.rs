//! `tema bench import`: import generated transcripts, open a project with
//! 20,000 codings, apply one coding.

use super::{TempDir, corpus, ms, percentile};
use crate::Project;
use crate::import::{ImportOptions, batch};
use crate::store::Command;
use anyhow::Result;
use std::fmt::Write as _;
use std::time::Instant;

pub fn run(n_docs: usize, chars: usize, n_codings: usize) -> Result<String> {
    let tmp = TempDir::new()?;
    let files = corpus::write_corpus(&tmp.join("corpus"), n_docs, chars)?;
    let mut out = String::new();
    writeln!(
        out,
        "tema bench import: {n_docs} transcripts x {chars} chars"
    )?;

    let mut project = Project::create(&tmp.join("project"), "bench")?;
    let t = Instant::now();
    // The import the CLI and the GUI run: read all, then store as one step.
    let docs = batch::read_documents(&files, &ImportOptions::default(), |_| {})?;
    let parsed = t.elapsed();
    batch::store_documents(&mut project, docs, &batch::StoreOptions::default())?;
    let total = t.elapsed();
    let total_chars: usize = project.documents()?.iter().map(|d| d.chars).sum();
    writeln!(
        out,
        "  import (read + parse + store): {:>8.0} ms  (parse {:.0} ms; {:.1} M chars)  target < 3000 ms",
        ms(total),
        ms(parsed),
        total_chars as f64 / 1e6
    )?;

    corpus::add_codings(&mut project, n_codings, 60)?;
    drop(project);
    let mut opens = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let p = Project::open(&tmp.join("project"))?;
        let docs = p.documents()?;
        let tree = p.codebook()?;
        let first = p.text(docs[0].id)?;
        std::hint::black_box((docs.len(), tree.len(), first.len()));
        opens.push(t.elapsed());
    }
    writeln!(
        out,
        "  open project ({n_codings} codings; documents + codebook + first text): p50 {:.1} ms, max {:.1} ms  target < 300 ms",
        percentile(&mut opens, 50.0),
        percentile(&mut opens, 100.0)
    )?;

    let mut project = Project::open(&tmp.join("project"))?;
    let doc = project.documents()?[0].clone();
    let code = project.codes()?[0].id;
    let mut applies = Vec::new();
    for i in 0..200 {
        let start = 10 + i * 37;
        let t = Instant::now();
        project.execute(Command::ApplyCoding {
            doc: doc.id,
            code,
            start,
            end: start + 25,
            memo: String::new(),
        })?;
        applies.push(t.elapsed());
    }
    writeln!(
        out,
        "  apply one coding (persisted, WAL): p50 {:.2} ms, p99 {:.2} ms  target < 5 ms",
        percentile(&mut applies, 50.0),
        percentile(&mut applies, 99.0)
    )?;
    Ok(out)
}
