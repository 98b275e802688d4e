//! Word .docx: the text of `word/document.xml`, paragraphs in order, one
//! line each; tables as one line per row with cells joined by a tab (so a
//! two-column speaker table reads `Label<TAB>what was said`).
//!
//! Footnotes and endnotes are read from their own parts and written at the
//! end of the paragraph that refers to them (see [`lines::note_text`]).
//! Tracked changes are read as if accepted: inserted text is kept, deleted
//! text is dropped, and a paragraph whose mark was deleted joins the next
//! one, as Word shows it after "Accept all", so a paragraph deleted whole
//! leaves no blank line (nor does a deleted table row). Headers, footers
//! and comments live in other parts and are never read.

use std::collections::HashMap;

use super::lines::{self, Lines, NoteKind};
use super::unzip::{UnpackLimits, Unpacker};
use super::zipxml::{self, Archive, Flow, Node};

const W_MAIN: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// ISO 29500 Strict documents use another namespace for the same elements.
const W_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const RELS_NS: &[u8] = b"http://schemas.openxmlformats.org/package/2006/relationships";
const PART: &str = "word/document.xml";
const RELS: &str = "word/_rels/document.xml.rels";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Paragraph,
    /// `w:pPr`: a `w:del` in it (in its `w:rPr`) deletes the paragraph mark.
    ParaProps,
    Run,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    Table,
    Row,
    /// `w:trPr`: a `w:del` in it deletes the row.
    RowProps,
    Cell,
    /// Tracked deletion (`w:del`) or text moved away (`w:moveFrom`).
    Deleted,
    FootnoteRef,
    EndnoteRef,
    /// `w:footnote` / `w:endnote` in the notes parts.
    Note,
    /// Content to leave out: the duplicate fallback copy of text boxes,
    /// and the old formatting kept by tracked formatting changes.
    Skip,
}

fn classify(ns: &[u8], local: &[u8]) -> Option<Tag> {
    if ns == MC {
        return (local == b"Fallback").then_some(Tag::Skip);
    }
    if ns != W_MAIN && ns != W_STRICT {
        return None;
    }
    Some(match local {
        b"p" => Tag::Paragraph,
        b"pPr" => Tag::ParaProps,
        b"r" => Tag::Run,
        b"t" => Tag::Text,
        b"tab" | b"ptab" => Tag::Tab,
        b"br" | b"cr" => Tag::Break,
        b"noBreakHyphen" => Tag::NoBreakHyphen,
        b"tbl" => Tag::Table,
        b"tr" => Tag::Row,
        b"trPr" => Tag::RowProps,
        b"tc" => Tag::Cell,
        b"del" | b"moveFrom" => Tag::Deleted,
        b"footnoteReference" => Tag::FootnoteRef,
        b"endnoteReference" => Tag::EndnoteRef,
        b"footnote" | b"endnote" => Tag::Note,
        b"pPrChange" | b"rPrChange" | b"trPrChange" | b"tcPrChange" | b"tblPrChange"
        | b"sectPrChange" => Tag::Skip,
        _ => return None,
    })
}

/// Extract the text of a .docx file.
pub fn parse(bytes: &[u8], limits: UnpackLimits) -> Result<String, String> {
    let mut zip = zipxml::open(bytes, ".docx")?;
    let mut unpacker = Unpacker::new(limits);
    let xml = zipxml::read_part(&mut zip, PART, &mut unpacker)?
        .ok_or_else(|| format!("is not a Word document: {PART} is missing from the archive"))?;
    let notes = read_notes(&mut zip, &mut unpacker, &xml)?;
    let mut text = DocText::with_notes(notes);
    zipxml::walk(&xml, PART, classify, |node| text.on(node))?;
    Ok(text.finish())
}

/// The text of every footnote and endnote, by id, as written into the
/// document. Ids are per part: footnote 1 and endnote 1 are different.
#[derive(Default)]
struct Notes {
    footnotes: HashMap<String, String>,
    endnotes: HashMap<String, String>,
}

/// Read the notes parts only when the document refers to a note, so a
/// document without notes costs nothing more.
fn read_notes(zip: &mut Archive<'_>, unpacker: &mut Unpacker, xml: &str) -> Result<Notes, String> {
    let mut notes = Notes::default();
    let wants = [
        (NoteKind::Footnote, xml.contains("footnoteReference")),
        (NoteKind::Endnote, xml.contains("endnoteReference")),
    ];
    if wants.iter().all(|(_, w)| !w) {
        return Ok(notes);
    }
    let parts = note_parts(zip, unpacker)?;
    for (kind, wanted) in wants {
        let part = match kind {
            NoteKind::Footnote => &parts.0,
            NoteKind::Endnote => &parts.1,
        };
        // A missing part leaves its references without text, as in Word.
        let Some(part_xml) = wanted
            .then(|| zipxml::read_part(zip, part, unpacker))
            .transpose()?
            .flatten()
        else {
            continue;
        };
        let map = notes_of(&part_xml, part, kind)?;
        match kind {
            NoteKind::Footnote => notes.footnotes = map,
            NoteKind::Endnote => notes.endnotes = map,
        }
    }
    Ok(notes)
}

/// Where the footnotes and endnotes parts are, from the document's
/// relationships; Word's usual names when it has none.
fn note_parts(zip: &mut Archive<'_>, unpacker: &mut Unpacker) -> Result<(String, String), String> {
    let mut parts = (
        "word/footnotes.xml".to_owned(),
        "word/endnotes.xml".to_owned(),
    );
    let Some(rels) = zipxml::read_part(zip, RELS, unpacker)? else {
        return Ok(parts);
    };
    let classify =
        |ns: &[u8], local: &[u8]| (ns == RELS_NS && local == b"Relationship").then_some(());
    zipxml::walk(&rels, RELS, classify, |node| {
        if let Node::Empty((), e) | Node::Start((), e) = node {
            let kind = zipxml::attr(e, "Type").unwrap_or_default();
            let target = zipxml::attr(e, "Target").unwrap_or_default();
            // Type URIs differ between Transitional and Strict; the last
            // segment does not.
            if kind.ends_with("/footnotes") {
                parts.0 = part_path(&target);
            } else if kind.ends_with("/endnotes") {
                parts.1 = part_path(&target);
            }
        }
        Flow::Continue
    })?;
    Ok(parts)
}

/// A relationship target is relative to `word/`, or absolute from the root.
fn part_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("word/{target}"),
    }
}

/// The notes of one notes part, each read like a document of its own.
/// Separator "notes" (the line above the footnotes) have no words and so
/// are left out.
fn notes_of(xml: &str, part: &str, kind: NoteKind) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    let mut current: Option<(String, DocText)> = None;
    zipxml::walk(xml, part, classify, |node| match node {
        Node::Start(Tag::Note, e) => {
            let id = zipxml::attr(e, "id").unwrap_or_default();
            current = Some((id, DocText::default()));
            Flow::Continue
        }
        Node::End(Tag::Note) => {
            if let Some((id, body)) = current.take()
                && let Some(note) = lines::note_text(kind, &body.finish())
            {
                map.insert(id, note);
            }
            Flow::Continue
        }
        other => match current.as_mut() {
            Some((_, body)) => body.on(other),
            None => Flow::Continue,
        },
    })?;
    Ok(map)
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    /// Its footnotes and endnotes, written after its text.
    notes: Vec<String>,
    /// The paragraph mark is a tracked deletion: it joins the next paragraph.
    mark_deleted: bool,
    /// Some of its content was a tracked deletion.
    had_deletion: bool,
}

impl Para {
    /// Nothing is left of it once the deletions are accepted.
    fn deleted_whole(&self) -> bool {
        (self.mark_deleted || self.had_deletion)
            && self.text.trim().is_empty()
            && self.notes.is_empty()
    }
}

#[derive(Default)]
struct DocText {
    lines: Lines,
    notes: Notes,
    /// Open paragraphs; more than one when a text box sits in a paragraph.
    paragraphs: Vec<Para>,
    /// A paragraph whose mark was deleted, waiting for the next one.
    carry: Option<Para>,
    /// Open table rows: whether each is a tracked deletion.
    rows: Vec<bool>,
    runs: usize,
    in_text: bool,
    in_para_props: usize,
    in_row_props: usize,
}

impl DocText {
    fn with_notes(notes: Notes) -> Self {
        DocText {
            notes,
            ..Default::default()
        }
    }

    fn on(&mut self, node: Node<'_, Tag>) -> Flow {
        match node {
            Node::Start(Tag::Skip, _) => return Flow::SkipChildren,
            Node::Start(Tag::Deleted, _) => {
                self.deleted();
                return Flow::SkipChildren;
            }
            Node::Empty(Tag::Deleted, _) => self.deleted(),
            // Word writes an empty paragraph as `<w:p/>`: still a line.
            Node::Empty(Tag::Paragraph, _) => {
                self.open(Tag::Paragraph);
                self.close(Tag::Paragraph);
            }
            Node::Start(tag, _) => self.open(tag),
            Node::End(tag) => self.close(tag),
            Node::Empty(tag, e) => self.empty(tag, e),
            Node::Text(t) if self.in_text => self.push(t),
            Node::Text(_) => {}
        }
        Flow::Continue
    }

    /// A `w:del`: of a row, of a paragraph mark, or of content.
    fn deleted(&mut self) {
        if self.in_row_props > 0 {
            if let Some(row) = self.rows.last_mut() {
                *row = true;
            }
        } else if let Some(p) = self.paragraphs.last_mut() {
            if self.in_para_props > 0 {
                p.mark_deleted = true;
            } else {
                p.had_deletion = true;
            }
        }
    }

    fn open(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                // A paragraph whose mark was deleted begins this one.
                let mut p = self.carry.take().unwrap_or_default();
                p.mark_deleted = false;
                self.paragraphs.push(p);
            }
            Tag::ParaProps => self.in_para_props += 1,
            Tag::RowProps => self.in_row_props += 1,
            Tag::Run => self.runs += 1,
            Tag::Text => self.in_text = true,
            Tag::Table => {
                self.flush_carry();
                self.lines.open_table();
            }
            Tag::Row => self.rows.push(false),
            _ => {}
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                let p = self.paragraphs.pop().unwrap_or_default();
                if p.mark_deleted {
                    self.carry = Some(p);
                } else {
                    self.emit(p);
                }
            }
            Tag::ParaProps => self.in_para_props = self.in_para_props.saturating_sub(1),
            Tag::RowProps => self.in_row_props = self.in_row_props.saturating_sub(1),
            Tag::Run => self.runs = self.runs.saturating_sub(1),
            Tag::Text => self.in_text = false,
            Tag::Cell => {
                self.flush_carry();
                self.lines.close_cell();
            }
            Tag::Row => {
                if self.rows.pop() == Some(true) {
                    self.lines.discard_row();
                } else {
                    self.lines.close_row();
                }
            }
            Tag::Table => self.lines.close_table(),
            _ => {}
        }
    }

    /// `w:tab` and `w:br` count only inside runs: in paragraph properties
    /// `w:tab` defines a tab stop, which is not text.
    fn empty(&mut self, tag: Tag, e: &quick_xml::events::BytesStart<'_>) {
        if self.runs == 0 {
            return;
        }
        match tag {
            Tag::Tab => self.push("\t"),
            Tag::Break => self.push("\n"),
            Tag::NoBreakHyphen => self.push("-"),
            Tag::FootnoteRef | Tag::EndnoteRef => self.note_ref(tag, e),
            _ => {}
        }
    }

    fn note_ref(&mut self, tag: Tag, e: &quick_xml::events::BytesStart<'_>) {
        let notes = match tag {
            Tag::FootnoteRef => &self.notes.footnotes,
            _ => &self.notes.endnotes,
        };
        let note = zipxml::attr(e, "id").and_then(|id| notes.get(&id).cloned());
        if let (Some(note), Some(p)) = (note, self.paragraphs.last_mut()) {
            p.notes.push(note);
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.text.push_str(s);
        }
    }

    /// A finished paragraph goes to the enclosing cell, or to the
    /// document, unless nothing of it is left after its deletions.
    fn emit(&mut self, p: Para) {
        if !p.deleted_whole() {
            self.lines.emit(lines::with_notes(p.text, &p.notes));
        }
    }

    /// A deleted paragraph mark with no paragraph after it in its cell
    /// (or before a table) stays a paragraph of its own.
    fn flush_carry(&mut self) {
        if let Some(p) = self.carry.take() {
            self.emit(p);
        }
    }

    fn finish(mut self) -> String {
        self.flush_carry();
        // Word documents usually end with an empty paragraph.
        self.lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(body: &str) -> String {
        text_with_notes(body, Notes::default())
    }

    fn text_with_notes(body: &str, notes: Notes) -> String {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{}" xmlns:mc="{}"><w:body>{body}</w:body></w:document>"#,
            std::str::from_utf8(W_MAIN).unwrap(),
            std::str::from_utf8(MC).unwrap()
        );
        let mut t = DocText::with_notes(notes);
        zipxml::walk(&xml, PART, classify, |n| t.on(n)).unwrap();
        t.finish()
    }

    /// A paragraph deleted whole, as Word writes it: its runs in `w:del`
    /// and its paragraph mark deleted in `w:pPr/w:rPr`.
    const DELETED_PARAGRAPH: &str = r#"<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="Kari" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>
        <w:del w:id="4" w:author="Kari"><w:r><w:delText>IP2: Dette skal bort.</w:delText></w:r></w:del></w:p>"#;

    #[test]
    fn tracked_changes_read_as_accepted() {
        let body = format!(
            r#"<w:p><w:r><w:t>Intervjuer: Hei.</w:t></w:r></w:p>{DELETED_PARAGRAPH}
            <w:p><w:r><w:t xml:space="preserve">IP1: Det var </w:t></w:r><w:ins w:id="5" w:author="Kari"><w:r><w:t xml:space="preserve">veldig </w:t></w:r></w:ins><w:del w:id="6" w:author="Kari"><w:r><w:delText>ikke </w:delText></w:r></w:del><w:r><w:t>fint.</w:t></w:r></w:p>
            <w:p><w:pPr><w:rPr><w:del w:id="7" w:author="Kari"/></w:rPr><w:pPrChange w:id="8"><w:pPr><w:rPr><w:del w:id="9"/></w:rPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t xml:space="preserve">Samme </w:t></w:r></w:p>
            <w:p><w:r><w:t>avsnitt.</w:t></w:r></w:p>
            <w:p><w:del w:id="10" w:author="Kari"><w:r><w:delText>Alt borte, men merket står.</w:delText></w:r></w:del></w:p>
            <w:p/>"#
        );
        assert_eq!(
            text_of(&body),
            "Intervjuer: Hei.\nIP1: Det var veldig fint.\nSamme avsnitt."
        );
    }

    #[test]
    fn a_deleted_table_row_leaves_no_line() {
        let body = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>I</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hei</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:trPr><w:del w:id="1" w:author="Kari"/></w:trPr><w:tc><w:p><w:del w:id="2"><w:r><w:delText>IP</w:delText></w:r></w:del></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>IP</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Hallo</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        assert_eq!(text_of(body), "I\tHei\nIP\tHallo");
    }

    #[test]
    fn notes_go_to_the_end_of_their_paragraph() {
        let notes_xml = format!(
            r#"<w:footnotes xmlns:w="{}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
            <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Kilde: </w:t></w:r></w:p><w:p><w:r><w:t>NAV,</w:t><w:tab/><w:t>2021.</w:t></w:r></w:p></w:footnote></w:footnotes>"#,
            std::str::from_utf8(W_MAIN).unwrap()
        );
        let footnotes = notes_of(&notes_xml, "word/footnotes.xml", NoteKind::Footnote).unwrap();
        assert_eq!(footnotes.len(), 1, "the separator is no note");
        let endnotes = HashMap::from([("1".to_owned(), "[sluttnote: Se vedlegg.]".to_owned())]);
        let body = r#"<w:p><w:r><w:t>IP1: Tallene</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> steg.</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>
            <w:p><w:r><w:t>Uten note.</w:t></w:r><w:r><w:footnoteReference w:id="9"/></w:r></w:p>"#;
        assert_eq!(
            text_with_notes(
                body,
                Notes {
                    footnotes,
                    endnotes
                }
            ),
            "IP1: Tallene steg. [fotnote: Kilde: NAV, 2021.] [sluttnote: Se vedlegg.]\nUten note."
        );
    }

    #[test]
    fn runs_tabs_breaks_and_entities() {
        let body = r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
            <w:r><w:t xml:space="preserve">Blå </w:t></w:r><w:r><w:t>bær</w:t><w:tab/><w:t>&amp; ost</w:t><w:br/><w:t>ny linje</w:t></w:r></w:p>"#;
        assert_eq!(text_of(body), "Blå bær\t& ost\nny linje");
    }

    #[test]
    fn deleted_text_and_fallbacks_are_left_out() {
        let body = r#"<w:p><w:r><w:t>Beholdt</w:t></w:r><w:del><w:r><w:delText>slettet</w:delText></w:r></w:del>
            <w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t> tekst</w:t></mc:Choice><mc:Fallback><w:t> dobbel</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
        assert_eq!(text_of(body), "Beholdt tekst");
    }

    #[test]
    fn nested_table_stays_in_its_cell() {
        let body = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ytre</w:t></w:r></w:p></w:tc><w:tc>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>indre</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>"#;
        assert_eq!(text_of(body), "Ytre\tindre");
    }
}
