//! The analytic trail: the appendix supervisors and examiners ask for, one
//! row per meaning unit — the excerpt, its condensed meaning, its code(s)
//! and the (candidate or final) theme(s) those codes are in.

use crate::Project;
use crate::export::tables::{Cell, Table, xlsx_bytes};
use crate::model::{Coding, Id, Theme, ThemeStatus};
use crate::store::CodingFilter;
use anyhow::Result;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which meaning units the trail shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrailFilter {
    /// Only this document.
    pub doc: Option<Id>,
    /// Only units coded with a code of this theme (or of its sub-themes).
    pub theme: Option<Id>,
}

/// One meaning unit: a span with every code applied to exactly that span.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailRow {
    pub doc: String,
    pub participant: String,
    pub start: usize,
    pub end: usize,
    pub unit: String,
    pub condensation: String,
    pub codes: Vec<String>,
    pub themes: Vec<String>,
}

pub const HEADER: [&str; 8] = [
    "document",
    "participant",
    "meaning unit",
    "condensation",
    "codes",
    "themes",
    "start",
    "end",
];

/// The trail's rows in document and text order.
pub fn trail_rows(project: &Project, filter: &TrailFilter) -> Result<Vec<TrailRow>> {
    let themes = project.themes()?;
    let themes_of = themes_per_code(&themes);
    let wanted = filter.theme.map(|t| codes_under(&themes, t));
    let codings = project.codings(&CodingFilter {
        doc: filter.doc,
        ..Default::default()
    })?;
    let mut units: BTreeMap<(usize, Id, usize, usize), Vec<&Coding>> = BTreeMap::new();
    let order: HashMap<Id, usize> = project
        .documents()?
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id, i))
        .collect();
    for c in &codings {
        let key = (
            order.get(&c.doc_id).copied().unwrap_or(0),
            c.doc_id,
            c.start,
            c.end,
        );
        units.entry(key).or_default().push(c);
    }
    let rows = units
        .into_values()
        .filter(|unit| {
            wanted
                .as_ref()
                .is_none_or(|w| unit.iter().any(|c| w.contains(&c.code_id)))
        })
        .map(|unit| row_of(&unit, &themes_of))
        .collect();
    Ok(rows)
}

fn row_of(unit: &[&Coding], themes_of: &HashMap<Id, Vec<String>>) -> TrailRow {
    let first = unit[0];
    let codes: BTreeSet<String> = unit.iter().map(|c| c.code.clone()).collect();
    let themes: BTreeSet<String> = unit
        .iter()
        .flat_map(|c| themes_of.get(&c.code_id).cloned().unwrap_or_default())
        .collect();
    // Condensations of the codings of one unit, each once.
    let condensed: BTreeSet<&str> = unit
        .iter()
        .map(|c| c.condensation.trim())
        .filter(|c| !c.is_empty())
        .collect();
    TrailRow {
        doc: first.doc.clone(),
        participant: first.participant.clone().unwrap_or_default(),
        start: first.start,
        end: first.end,
        unit: first.text.clone(),
        condensation: condensed.into_iter().collect::<Vec<_>>().join(" / "),
        codes: codes.into_iter().collect(),
        themes: themes.into_iter().collect(),
    }
}

/// Names of the live (candidate and final) themes holding each code.
fn themes_per_code(themes: &[Theme]) -> HashMap<Id, Vec<String>> {
    let mut of: HashMap<Id, Vec<String>> = HashMap::new();
    for t in themes.iter().filter(|t| t.status != ThemeStatus::Discarded) {
        for c in &t.codes {
            of.entry(c.id).or_default().push(t.name.clone());
        }
    }
    of
}

/// The codes of a theme and of all its sub-themes.
fn codes_under(themes: &[Theme], root: Id) -> BTreeSet<Id> {
    let mut codes = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for t in themes {
            if t.id == id {
                codes.extend(t.codes.iter().map(|c| c.id));
            }
            if t.parent == Some(id) {
                stack.push(t.id);
            }
        }
    }
    codes
}

/// The trail as a table (for XLSX).
pub fn trail_table(project: &Project, filter: &TrailFilter) -> Result<Table> {
    let rows = trail_rows(project, filter)?
        .into_iter()
        .map(|r| {
            vec![
                Cell::from(r.doc),
                r.participant.into(),
                r.unit.into(),
                r.condensation.into(),
                r.codes.join("; ").into(),
                r.themes.join("; ").into(),
                r.start.into(),
                r.end.into(),
            ]
        })
        .collect();
    Ok(Table {
        header: HEADER.map(String::from).to_vec(),
        rows,
    })
}

/// The trail as an XLSX workbook (sheet "Trail").
pub fn trail_xlsx(project: &Project, filter: &TrailFilter, path: &std::path::Path) -> Result<()> {
    let table = trail_table(project, filter)?;
    let bytes = xlsx_bytes(&[("Trail", &table)])?;
    crate::export::write_atomically(path, &bytes)
}

/// The trail as a Word document: a title, what the table is, and the
/// table (meaning unit and condensation widest).
pub fn trail_docx(project: &Project, filter: &TrailFilter, path: &std::path::Path) -> Result<()> {
    let rows: Vec<Vec<String>> = trail_rows(project, filter)?
        .into_iter()
        .map(|r| {
            let at = if r.participant.is_empty() {
                r.doc
            } else {
                format!("{} ({})", r.doc, r.participant)
            };
            vec![
                at,
                r.unit,
                r.condensation,
                r.codes.join("; "),
                r.themes.join("; "),
            ]
        })
        .collect();
    let header = [
        "Document",
        "Meaning unit",
        "Condensation",
        "Code(s)",
        "Theme(s)",
    ]
    .map(String::from);
    let title = format!("{}: analytic trail", project.title()?);
    let intro = format!(
        "{} meaning units: each excerpt with its condensed meaning, its code(s) and the candidate or final theme(s) those codes belong to.",
        rows.len()
    );
    let weights = [14, 34, 24, 14, 14];
    let bytes =
        super::docx::render_table(super::Lang::En, &title, &intro, &header, &rows, &weights)?;
    crate::export::write_atomically(path, &bytes)
}
