//! The plain text of a word-processor document, built paragraph by
//! paragraph: one line per paragraph, and each table row as one line with
//! its cells joined by a tab (so a two-column speaker table reads
//! `Label<TAB>what was said`). Shared by the docx and odt readers.

/// An open table.
#[derive(Default)]
struct Table {
    rows: Vec<String>,
    cells: Vec<String>,
    /// Paragraphs of the current cell.
    cell: Vec<String>,
}

#[derive(Default)]
pub struct Lines {
    lines: Vec<String>,
    /// Open tables, innermost last.
    tables: Vec<Table>,
}

impl Lines {
    /// A finished paragraph: a line of its own, or part of the open cell.
    pub fn emit(&mut self, line: String) {
        match self.tables.last_mut() {
            Some(t) => t.cell.push(line),
            None => self.lines.push(line),
        }
    }

    pub fn open_table(&mut self) {
        self.tables.push(Table::default());
    }

    /// A cell's paragraphs stay on the row's line, joined by spaces.
    pub fn close_cell(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let cell = t.cell.drain(..).collect::<Vec<_>>().join(" ");
            t.cells.push(cell);
        }
    }

    pub fn close_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            let row = t.cells.drain(..).collect::<Vec<_>>().join("\t");
            t.rows.push(row);
        }
    }

    /// A row deleted with tracked changes leaves no line.
    pub fn discard_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.cells.clear();
            t.cell.clear();
        }
    }

    /// The table's rows become lines (of an enclosing cell, if nested).
    pub fn close_table(&mut self) {
        let table = self.tables.pop().unwrap_or_default();
        for row in table.rows {
            self.emit(row);
        }
    }

    pub fn finish(self) -> String {
        self.lines.join("\n").trim_end_matches('\n').to_owned()
    }
}

/// Footnotes and endnotes are kept as text at the end of the paragraph
/// that refers to them, as ` [fotnote: …]` or ` [sluttnote: …]`, rather
/// than where the reference mark sits or at the end of the document: the
/// sentence an analyst codes stays whole, the note stays beside it, in the
/// same speaker turn, and the brackets show it is a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    Footnote,
    Endnote,
}

/// A note as it is written into the text; `None` for a note without
/// words. Its paragraphs, tabs and line breaks become single spaces, so a
/// note never starts a line that could read as a speaker label.
pub fn note_text(kind: NoteKind, text: &str) -> Option<String> {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() {
        return None;
    }
    let label = match kind {
        NoteKind::Footnote => "fotnote",
        NoteKind::Endnote => "sluttnote",
    };
    Some(format!("[{label}: {words}]"))
}

/// A paragraph's text with its notes (from [`note_text`]) after it.
pub fn with_notes(mut text: String, notes: &[String]) -> String {
    for note in notes {
        if !text.is_empty() && !text.ends_with(char::is_whitespace) {
            text.push(' ');
        }
        text.push_str(note);
    }
    text
}
