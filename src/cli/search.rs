//! Searching from the command line, and the search index.

use super::print_json;
use crate::Project;
use crate::search::{ProjectSearch, SearchQuery, UnitKind};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};

#[derive(Args, Debug, Clone)]
pub struct SearchArgs {
    /// The query: words, "phrases", prefix*, fuzzy~1, AND/OR/NOT, (groups), field:value filters.
    pub query: String,
    #[arg(long)]
    pub code: Option<String>,
    #[arg(long)]
    pub participant: Option<String>,
    #[arg(long)]
    pub theme: Option<String>,
    /// text, code, memo, note, theme, journal or participant.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only in this document.
    #[arg(long)]
    pub doc: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Loose matching: losning finds løsning.
    #[arg(long)]
    pub loose: bool,
    /// Exact words: no stemming.
    #[arg(long)]
    pub exact: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum IndexCmd {
    /// Rebuild the search index from the project.
    Rebuild,
}

pub fn search(project: &Project, args: &SearchArgs) -> Result<()> {
    let kind = args
        .kind
        .as_deref()
        .map(|k| UnitKind::parse(k).with_context(|| format!("unknown kind '{k}'")))
        .transpose()?;
    let doc = args
        .doc
        .as_deref()
        .map(|d| project.resolve_doc(d))
        .transpose()?;
    let query = SearchQuery {
        text: args.query.clone(),
        loose: args.loose,
        exact: args.exact,
        code: args.code.clone(),
        participant: args.participant.clone(),
        theme: args.theme.clone(),
        kind,
        doc,
        limit: args.limit,
    };
    let results = ProjectSearch::open(project)?.results(project, &query)?;
    if args.json {
        return print_json(&results);
    }
    for r in &results {
        println!("{:>6.2}  {} [{}] {}", r.score, r.doc, r.kind, r.snippet);
    }
    Ok(())
}

pub fn index(project: &Project, action: IndexCmd) -> Result<()> {
    match action {
        IndexCmd::Rebuild => {
            let t = std::time::Instant::now();
            ProjectSearch::open(project)?.rebuild(project)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            println!("rebuilt the search index in {ms:.0} ms");
        }
    }
    Ok(())
}
