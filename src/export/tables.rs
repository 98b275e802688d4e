//! Tables for spreadsheets: the codebook (CSV) and the coded quotes (CSV,
//! XLSX), one row per code or per coding.
//!
//! CSV is UTF-8 **with a BOM** (so Excel shows æøå right), fields quoted
//! when they hold the separator, `"` or line breaks, CRLF line ends (RFC
//! 4180). The separator is `,` unless the coded quotes are asked for with
//! `;` ([`Separator`]): a Norwegian Excel expects `;` when a CSV is
//! double-clicked and shows each row in one column otherwise, while
//! scripts, Taguette and LibreOffice (when it opens a CSV without asking)
//! expect `,`. LibreOffice 7.4 also ignores the BOM when it opens a CSV
//! without asking, and reads it as Windows-1252; its import dialog offers
//! "Unicode (UTF-8)". The XLSX export needs no such choice. Quotes are written as they are (no `'` is added before a
//! leading `=`, `+`, `-` or `@`), so the data stays exact; XLSX cells are
//! always text, never formulas.

use crate::Project;
use crate::model::{Code, CodeNode, Id};
use crate::store::CodingFilter;
use anyhow::{Context, Result};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A cell: text, or a whole number (written as a number in XLSX).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
}

impl Cell {
    pub fn as_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Int(n as i64)
    }
}

/// A header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The codebook, parents before children: path, name, parent (its path),
/// colour, description, and how many codings, documents and participants
/// each code has.
pub fn codebook_table(project: &Project) -> Result<Table> {
    let codes = project.codes()?;
    let tree = project.codebook()?;
    let mut rows = Vec::new();
    fn walk(project: &Project, codes: &[Code], nodes: &[CodeNode], rows: &mut Vec<Vec<Cell>>) {
        for n in nodes {
            let c = &n.code;
            let parent = c
                .parent
                .and_then(|p| codes.iter().find(|x| x.id == p))
                .map(|p| project.code_path(codes, p))
                .unwrap_or_default();
            rows.push(vec![
                project.code_path(codes, c).into(),
                c.name.as_str().into(),
                parent.into(),
                c.colour.as_str().into(),
                c.description.as_str().into(),
                n.codings.into(),
                n.documents.into(),
                n.participants.into(),
            ]);
            walk(project, codes, &n.children, rows);
        }
    }
    walk(project, &codes, &tree, &mut rows);
    Ok(Table {
        header: [
            "path",
            "name",
            "parent",
            "colour",
            "description",
            "codings",
            "documents",
            "participants",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    })
}

/// One row per coded quote: document, participant, one column per
/// participant attribute, code, code path, themes (when the project has
/// any: the themes holding the code, `; `-separated), start, end (char
/// offsets), quote, memo; then the coding pass once the project has passes,
/// and the condensed meaning once any coding has one.
pub fn codings_table(project: &Project) -> Result<Table> {
    let codings = project.codings(&CodingFilter::default())?;
    let has_passes = project.current_pass()?.is_some();
    let has_condensations = codings.iter().any(|c| !c.condensation.is_empty());
    let codes = project.codes()?;
    let code_by_id: HashMap<Id, &Code> = codes.iter().map(|c| (c.id, c)).collect();
    let participants = project.participants()?;
    let attrs: HashMap<&str, &std::collections::BTreeMap<String, String>> = participants
        .iter()
        .map(|p| (p.label.as_str(), &p.attributes))
        .collect();
    let keys: Vec<String> = participants
        .iter()
        .flat_map(|p| p.attributes.keys().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let themes = crate::export::themes(project)?;
    let has_themes = !themes.is_empty();
    let mut themes_of: HashMap<Id, Vec<&str>> = HashMap::new();
    for t in &themes {
        for c in &t.codes {
            themes_of.entry(*c).or_default().push(&t.name);
        }
    }

    const FIXED: [&str; 9] = [
        "document",
        "participant",
        "code",
        "code path",
        "themes",
        "start",
        "end",
        "quote",
        "memo",
    ];
    let mut header = vec!["document".to_string(), "participant".to_string()];
    for k in &keys {
        // An attribute called like a fixed column gets a distinct header.
        if FIXED.iter().any(|f| f.eq_ignore_ascii_case(k)) {
            header.push(format!("participant {k}"));
        } else {
            header.push(k.clone());
        }
    }
    header.extend(["code", "code path"].map(String::from));
    if has_themes {
        header.push("themes".into());
    }
    header.extend(["start", "end", "quote", "memo"].map(String::from));
    if has_passes {
        header.push("pass".into());
    }
    if has_condensations {
        header.push("condensation".into());
    }

    let mut rows = Vec::new();
    for c in codings {
        let mut row: Vec<Cell> = vec![
            c.doc.as_str().into(),
            c.participant.clone().unwrap_or_default().into(),
        ];
        let a = c.participant.as_deref().and_then(|p| attrs.get(p));
        for k in &keys {
            row.push(a.and_then(|a| a.get(k)).cloned().unwrap_or_default().into());
        }
        let code = code_by_id
            .get(&c.code_id)
            .context("a coding refers to a missing code")?;
        row.push(code.name.as_str().into());
        row.push(project.code_path(&codes, code).into());
        if has_themes {
            row.push(
                themes_of
                    .get(&c.code_id)
                    .map(|t| t.join("; "))
                    .unwrap_or_default()
                    .into(),
            );
        }
        row.push(c.start.into());
        row.push(c.end.into());
        row.push(c.text.into());
        row.push(c.memo.into());
        if has_passes {
            row.push(c.pass.map_or(Cell::from(""), Cell::Int));
        }
        if has_condensations {
            row.push(c.condensation.into());
        }
        rows.push(row);
    }
    Ok(Table { header, rows })
}

/// The field separator of a CSV file.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Separator {
    /// `,`: the CSV standard, for scripts, LibreOffice and English Excel.
    #[default]
    Comma,
    /// `;`: what Excel expects in Norwegian (and most European) locales,
    /// where `,` is the decimal mark.
    Semicolon,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
        }
    }
}

/// CSV bytes: UTF-8 BOM, `,`, quoted as needed, CRLF.
pub fn csv_bytes(table: &Table) -> Result<Vec<u8>> {
    csv_bytes_with(table, Separator::Comma)
}

/// CSV bytes with the given separator.
pub fn csv_bytes_with(table: &Table, separator: Separator) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(separator.byte())
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(&table.header)?;
        for row in &table.rows {
            w.write_record(row.iter().map(Cell::as_text))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Longest text an Excel cell holds.
const XLSX_MAX_CHARS: usize = 32_767;

/// XLSX bytes: one sheet per table, bold frozen header, filters.
pub fn xlsx_bytes(sheets: &[(&str, &Table)]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, table) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name)?;
        for (c, h) in table.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Int(n) => {
                        ws.write_number(r, c as u16, *n as f64)?;
                    }
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c as u16, fit_cell(s))?;
                    }
                }
            }
        }
        let last_col = table.header.len().saturating_sub(1) as u16;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, table.rows.len() as u32, last_col)?;
        for (c, h) in table.header.iter().enumerate() {
            let width = match h.as_str() {
                "quote" | "description" | "memo" | "meaning unit" | "condensation" => 60.0,
                "start" | "end" | "codings" | "documents" | "participants" => 9.0,
                _ => 18.0,
            };
            ws.set_column_width(c as u16, width)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// Excel refuses cells over 32,767 characters: cut longer text with a mark.
fn fit_cell(s: &str) -> String {
    if s.chars().count() <= XLSX_MAX_CHARS {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(XLSX_MAX_CHARS - 12).collect();
    cut.push_str(" […cut]");
    cut
}

pub fn codebook_csv(project: &Project, path: &Path) -> Result<()> {
    let bytes = csv_bytes(&codebook_table(project)?)?;
    crate::export::write_atomically(path, &bytes)
}

pub fn codings_csv(project: &Project, path: &Path) -> Result<()> {
    codings_csv_with(project, path, Separator::Comma)
}

/// The coded quotes as CSV with the given separator.
pub fn codings_csv_with(project: &Project, path: &Path, separator: Separator) -> Result<()> {
    let bytes = csv_bytes_with(&codings_table(project)?, separator)?;
    crate::export::write_atomically(path, &bytes)
}

/// The coded quotes (sheet "Codings") and the codebook (sheet "Codebook").
pub fn codings_xlsx(project: &Project, path: &Path) -> Result<()> {
    let codings = codings_table(project)?;
    let codebook = codebook_table(project)?;
    let bytes = xlsx_bytes(&[("Codings", &codings), ("Codebook", &codebook)])?;
    crate::export::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolon_csv_for_norwegian_excel() {
        let table = Table {
            header: vec!["document".into(), "quote".into(), "start".into()],
            rows: vec![vec![
                "Intervju 1".into(),
                "Ja; men blåbær, «kanskje»".into(),
                12usize.into(),
            ]],
        };
        let bytes = csv_bytes_with(&table, Separator::Semicolon).unwrap();
        assert_eq!(
            std::str::from_utf8(&bytes).unwrap(),
            "\u{FEFF}document;quote;start\r\nIntervju 1;\"Ja; men blåbær, «kanskje»\";12\r\n"
        );
        let comma = String::from_utf8(csv_bytes(&table).unwrap()).unwrap();
        assert!(comma.ends_with("Intervju 1,\"Ja; men blåbær, «kanskje»\",12\r\n"));
    }
}
