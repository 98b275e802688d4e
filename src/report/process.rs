//! The process appendix (`--process`): how the analysis came to be, drawn
//! from the project's own history — codes per coding pass, merges and
//! splits of codes with their dates, each candidate theme and what became
//! of it, the size of the codebook over time, and (only when asked)
//! excerpts from the reflexive journal.

use super::Strings;
use crate::Project;
use crate::model::{HistoryKind, HistoryPoint, Theme, ThemeStatus};
use anyhow::Result;

/// One part of the appendix: a heading, lines, and perhaps a table.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessSection {
    pub heading: String,
    pub lines: Vec<String>,
    /// Header and rows.
    pub table: Option<(Vec<String>, Vec<Vec<String>>)>,
}

/// Rows of the growth table at most: the history is sampled evenly.
const GROWTH_ROWS: usize = 12;
/// Longest journal excerpt, in characters.
const EXCERPT: usize = 400;

pub fn build(project: &Project, s: &Strings, journal: bool) -> Result<Vec<ProcessSection>> {
    let mut sections = vec![
        passes(project, s)?,
        code_changes(project, s)?,
        themes(project, s)?,
        growth(project, s)?,
    ];
    if journal {
        sections.push(journal_excerpts(project, s)?);
    }
    Ok(sections)
}

fn section(heading: &str, lines: Vec<String>) -> ProcessSection {
    ProcessSection {
        heading: heading.to_string(),
        lines,
        table: None,
    }
}

fn date(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

fn passes(project: &Project, s: &Strings) -> Result<ProcessSection> {
    let new_codes = project.codes_per_pass()?;
    let mut lines: Vec<String> = project
        .passes()?
        .iter()
        .map(|p| {
            let first = new_codes.get(&p.number).copied().unwrap_or(0);
            (s.pass_line)(p.number, &p.ordering, date(&p.started_at), p.codings, first)
        })
        .collect();
    if lines.is_empty() {
        lines.push(s.no_passes.to_string());
    }
    Ok(section(s.process_passes, lines))
}

fn code_changes(project: &Project, s: &Strings) -> Result<ProcessSection> {
    let mut lines: Vec<String> = project
        .codebook_changes()?
        .iter()
        .map(|e| format!("{}: {}", date(&e.created_at), e.label))
        .collect();
    if lines.is_empty() {
        lines.push(s.no_code_changes.to_string());
    }
    Ok(section(s.process_code_changes, lines))
}

/// Every theme that was ever a candidate, where it stands now and how it
/// got there (status changes, merges, splits, with the reasons given).
fn themes(project: &Project, s: &Strings) -> Result<ProcessSection> {
    let mut rows = Vec::new();
    for t in project.themes()? {
        rows.push(vec![
            t.name.clone(),
            status(&t, s).to_string(),
            story(project, &t)?,
        ]);
    }
    let mut sec = section(s.process_themes, Vec::new());
    sec.table = Some((s.process_theme_header.map(String::from).to_vec(), rows));
    Ok(sec)
}

fn status(t: &Theme, s: &Strings) -> &'static str {
    match t.status {
        ThemeStatus::Candidate => s.status_names[0],
        ThemeStatus::Final => s.status_names[1],
        ThemeStatus::Discarded => s.status_names[2],
    }
}

fn story(project: &Project, t: &Theme) -> Result<String> {
    let steps: Vec<String> = project
        .theme_history(t.id)?
        .into_iter()
        .filter(|h| {
            matches!(
                h.kind,
                HistoryKind::Created
                    | HistoryKind::Status
                    | HistoryKind::Merged
                    | HistoryKind::Split
            )
        })
        .map(|h| match &h.why {
            Some(why) => format!("{} {} ({why})", date(&h.at), h.detail),
            None => format!("{} {}", date(&h.at), h.detail),
        })
        .collect();
    Ok(steps.join("; "))
}

fn growth(project: &Project, s: &Strings) -> Result<ProcessSection> {
    let points = project.history_stats()?;
    let rows = sample(&points)
        .into_iter()
        .map(|p| {
            let at = p.at.get(..16).unwrap_or(&p.at).replace('T', " ");
            vec![
                at,
                p.codes.to_string(),
                p.codings.to_string(),
                p.themes.to_string(),
            ]
        })
        .collect();
    let mut sec = section(s.process_growth, Vec::new());
    if let Some(most) = points.iter().max_by_key(|p| p.codes) {
        let last = points.last().map_or(0, |p| p.codes);
        sec.lines.push((s.growth_line)(most.codes, last));
    }
    sec.table = Some((s.process_growth_header.map(String::from).to_vec(), rows));
    Ok(sec)
}

/// At most `GROWTH_ROWS` points, evenly spread, the first, the last and
/// the largest codebook always among them.
fn sample(points: &[HistoryPoint]) -> Vec<&HistoryPoint> {
    if points.len() <= GROWTH_ROWS {
        return points.iter().collect();
    }
    let most = points
        .iter()
        .enumerate()
        .max_by_key(|(_, p)| p.codes)
        .map(|(i, _)| i);
    let mut keep: Vec<usize> = (0..GROWTH_ROWS)
        .map(|k| k * (points.len() - 1) / (GROWTH_ROWS - 1))
        .chain(most)
        .collect();
    keep.sort_unstable();
    keep.dedup();
    keep.into_iter().map(|i| &points[i]).collect()
}

fn journal_excerpts(project: &Project, s: &Strings) -> Result<ProcessSection> {
    let lines = project
        .journal(&Default::default())?
        .into_iter()
        .map(|j| {
            let phase = j
                .phase
                .map(|p| format!(" ({} {p})", s.phase))
                .unwrap_or_default();
            format!("{}{phase}: {}", j.date, super::shorten(&j.text, EXCERPT))
        })
        .collect();
    Ok(section(s.process_journal, lines))
}
