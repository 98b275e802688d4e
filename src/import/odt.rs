//! OpenDocument .odt (LibreOffice): the text of `content.xml`. Paragraphs
//! and headings one line each; `text:s` (c spaces), `text:tab`,
//! `text:line-break`; tables as one line per row, cells joined by a tab.
//! Footnotes and endnotes are written at the end of their paragraph (see
//! [`lines::note_text`]). Tracked changes read as accepted: the body holds
//! inserted text already, deleted text lives in `text:tracked-changes`,
//! which is left out, and a paragraph left empty by a deletion (only a
//! `text:change` mark in it) leaves no line. Comments are left out;
//! headers and footers live in styles.xml, which is never read.

use super::lines::{self, Lines, NoteKind};
use super::unzip::{UnpackLimits, Unpacker};
use super::zipxml::{self, Flow, Node};

const TEXT: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const OFFICE: &[u8] = b"urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const PART: &str = "content.xml";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Paragraph,
    Spaces,
    Tab,
    LineBreak,
    Table,
    Row,
    Cell,
    Note,
    /// `text:change`: where tracked-deleted text was.
    DeletionMark,
    Skip,
}

fn classify(ns: &[u8], local: &[u8]) -> Option<Tag> {
    let tag = match (ns, local) {
        (TEXT, b"p" | b"h") => Tag::Paragraph,
        (TEXT, b"s") => Tag::Spaces,
        (TEXT, b"tab") => Tag::Tab,
        (TEXT, b"line-break") => Tag::LineBreak,
        (TEXT, b"note") => Tag::Note,
        (TEXT, b"change") => Tag::DeletionMark,
        (TEXT, b"note-citation" | b"tracked-changes") => Tag::Skip,
        (OFFICE, b"annotation" | b"forms") => Tag::Skip,
        (TABLE, b"table") => Tag::Table,
        (TABLE, b"table-row") => Tag::Row,
        (TABLE, b"table-cell") => Tag::Cell,
        _ => return None,
    };
    Some(tag)
}

/// Extract the text of an .odt file.
pub fn parse(bytes: &[u8], limits: UnpackLimits) -> Result<String, String> {
    let mut zip = zipxml::open(bytes, ".odt")?;
    let mut unpacker = Unpacker::new(limits);
    check_mimetype(&mut zip, &mut unpacker)?;
    check_not_encrypted(&mut zip, &mut unpacker)?;
    let xml = zipxml::read_part(&mut zip, PART, &mut unpacker)?.ok_or_else(|| {
        format!("is not an OpenDocument text: {PART} is missing from the archive")
    })?;
    let mut text = OdtText::default();
    zipxml::walk(&xml, PART, classify, |node| text.on(node))?;
    Ok(text.finish())
}

/// A spreadsheet or presentation renamed to .odt should say so.
fn check_mimetype(zip: &mut zipxml::Archive<'_>, unpacker: &mut Unpacker) -> Result<(), String> {
    match zipxml::read_part(zip, "mimetype", unpacker)? {
        Some(m)
            if !m
                .trim()
                .starts_with("application/vnd.oasis.opendocument.text") =>
        {
            Err(format!(
                "is not an OpenDocument text document (its type is {})",
                m.trim()
            ))
        }
        _ => Ok(()),
    }
}

/// LibreOffice keeps a zip but encrypts the parts, declaring it in the
/// manifest; without this check the user would get an XML error.
fn check_not_encrypted(
    zip: &mut zipxml::Archive<'_>,
    unpacker: &mut Unpacker,
) -> Result<(), String> {
    match zipxml::read_part(zip, "META-INF/manifest.xml", unpacker)? {
        Some(m) if m.contains("encryption-data") => {
            Err("the file is password protected; open it in LibreOffice, remove the password and save it again".to_owned())
        }
        _ => Ok(()),
    }
}

/// A paragraph being read. ODF collapses runs of white space in text
/// nodes to one space and drops it at paragraph edges; explicit
/// `text:s`/`text:tab` are kept as written.
#[derive(Default)]
struct Para {
    text: String,
    pending_space: bool,
    notes: Vec<String>,
    had_deletion: bool,
}

impl Para {
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                self.pending_space = !self.text.is_empty();
            } else {
                self.push_exact(&c.to_string());
            }
        }
    }

    fn push_exact(&mut self, s: &str) {
        if std::mem::take(&mut self.pending_space) {
            self.text.push(' ');
        }
        self.text.push_str(s);
    }
}

/// A note being read: its paragraphs, and how many paragraphs were open
/// when it began (the one it belongs to among them).
struct OpenNote {
    kind: NoteKind,
    depth: usize,
    paragraphs: Vec<String>,
}

#[derive(Default)]
struct OdtText {
    lines: Lines,
    paragraphs: Vec<Para>,
    note: Option<OpenNote>,
}

impl OdtText {
    fn on(&mut self, node: Node<'_, Tag>) -> Flow {
        match node {
            Node::Start(Tag::Skip, _) => return Flow::SkipChildren,
            Node::Start(Tag::Paragraph, _) => self.paragraphs.push(Para::default()),
            // An empty paragraph (`<text:p/>`) is still a line.
            Node::Empty(Tag::Paragraph, _) => self.emit(Para::default()),
            Node::Start(Tag::Note, e) => self.open_note(zipxml::attr(e, "note-class")),
            // A table in a note is read as the note's paragraphs.
            Node::Start(Tag::Table, _) if self.note.is_none() => self.lines.open_table(),
            Node::Start(tag, e) | Node::Empty(tag, e) => self.inline(tag, zipxml::attr(e, "c")),
            Node::End(tag) => self.close(tag),
            Node::Text(t) => {
                if let Some(p) = self.paragraphs.last_mut() {
                    p.push_text(t);
                }
            }
        }
        Flow::Continue
    }

    /// Inline elements; `count` is the `text:c` attribute of `text:s`.
    fn inline(&mut self, tag: Tag, count: Option<String>) {
        let Some(p) = self.paragraphs.last_mut() else {
            return;
        };
        match tag {
            Tag::Spaces => {
                let n = count
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(1000);
                p.push_exact(&" ".repeat(n));
            }
            Tag::Tab => p.push_exact("\t"),
            Tag::LineBreak => p.push_exact("\n"),
            Tag::DeletionMark => p.had_deletion = true,
            _ => {}
        }
    }

    fn open_note(&mut self, class: Option<String>) {
        let kind = match class.as_deref() {
            Some("endnote") => NoteKind::Endnote,
            _ => NoteKind::Footnote,
        };
        // ODF does not nest notes; should a file do it, the inner one's
        // words stay in the outer note.
        if self.note.is_none() {
            self.note = Some(OpenNote {
                kind,
                depth: self.paragraphs.len(),
                paragraphs: Vec::new(),
            });
        }
    }

    fn close_note(&mut self) {
        let Some(note) = self.note.take_if(|n| n.depth == self.paragraphs.len()) else {
            return;
        };
        let text = note.paragraphs.join(" ");
        if let (Some(t), Some(p)) = (
            lines::note_text(note.kind, &text),
            self.paragraphs.last_mut(),
        ) {
            p.notes.push(t);
        }
    }

    fn close(&mut self, tag: Tag) {
        let in_note = self.note.is_some();
        match tag {
            Tag::Paragraph => {
                let p = self.paragraphs.pop().unwrap_or_default();
                self.emit(p);
            }
            Tag::Note => self.close_note(),
            Tag::Cell | Tag::Row | Tag::Table if in_note => {}
            Tag::Cell => self.lines.close_cell(),
            Tag::Row => self.lines.close_row(),
            Tag::Table => self.lines.close_table(),
            _ => {}
        }
    }

    /// A finished paragraph goes to the open note, the enclosing cell or
    /// the document; one that a deletion left empty goes nowhere.
    fn emit(&mut self, p: Para) {
        if p.had_deletion && p.text.trim().is_empty() && p.notes.is_empty() {
            return;
        }
        let text = lines::with_notes(p.text, &p.notes);
        match self.note.as_mut() {
            Some(note) => note.paragraphs.push(text),
            None => self.lines.emit(text),
        }
    }

    fn finish(self) -> String {
        self.lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(body: &str) -> String {
        let xml = format!(
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">
<office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let mut t = OdtText::default();
        zipxml::walk(&xml, PART, classify, |n| t.on(n)).unwrap();
        t.finish()
    }

    #[test]
    fn white_space_collapses_but_explicit_spaces_stay() {
        let body = "<text:p>  Blå\n   bær <text:span>og</text:span><text:s text:c=\"3\"/>øl<text:tab/>x<text:line-break/>y  </text:p>";
        assert_eq!(text_of(body), "Blå bær og   øl\tx\ny");
    }

    #[test]
    fn notes_go_to_the_end_of_their_paragraph_and_comments_are_left_out() {
        let body = r#"<text:p>Hei<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
            <text:note-body><text:p>Fot-</text:p><text:p>note</text:p></text:note-body></text:note><office:annotation><text:p>Kommentar</text:p></office:annotation> der<text:note text:note-class="endnote"><text:note-citation>i</text:note-citation><text:note-body><text:p>Slutt</text:p></text:note-body></text:note></text:p>
            <text:p>Neste</text:p>"#;
        assert_eq!(
            text_of(body),
            "Hei der [fotnote: Fot- note] [sluttnote: Slutt]\nNeste"
        );
    }

    #[test]
    fn tracked_changes_read_as_accepted() {
        // As LibreOffice writes them: the deleted text in the changed
        // region, a `text:change` where it was, the inserted text inline.
        let body = r#"<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Kari</dc:creator></office:change-info><text:p>IP2: Dette skal bort.</text:p></text:deletion></text:changed-region>
            <text:changed-region text:id="ct2"><text:insertion><office:change-info/></text:insertion></text:changed-region></text:tracked-changes>
            <text:p>Intervjuer: Hei.</text:p><text:p><text:change text:change-id="ct1"/></text:p>
            <text:p>IP1: Det var <text:change-start text:change-id="ct2"/>veldig <text:change-end text:change-id="ct2"/>fint.</text:p><text:p/>"#;
        assert_eq!(text_of(body), "Intervjuer: Hei.\nIP1: Det var veldig fint.");
    }
}
