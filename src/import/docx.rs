//! Word .docx: the text of `word/document.xml`, paragraphs in order, one
//! line each; tables as one line per row with cells joined by a tab (so a
//! two-column speaker table reads `Label<TAB>what was said`). Headers,
//! footers, footnotes and comments live in other parts and are never read.

use super::lines::Lines;
use super::unzip::{UnpackLimits, Unpacker};
use super::zipxml::{self, Flow, Node};

const W_MAIN: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// ISO 29500 Strict documents use another namespace for the same elements.
const W_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const PART: &str = "word/document.xml";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    Paragraph,
    Run,
    Text,
    Tab,
    Break,
    NoBreakHyphen,
    Table,
    Row,
    Cell,
    /// Content to leave out: moved-away text and the duplicate fallback
    /// copy of text boxes.
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
        b"r" => Tag::Run,
        b"t" => Tag::Text,
        b"tab" | b"ptab" => Tag::Tab,
        b"br" | b"cr" => Tag::Break,
        b"noBreakHyphen" => Tag::NoBreakHyphen,
        b"tbl" => Tag::Table,
        b"tr" => Tag::Row,
        b"tc" => Tag::Cell,
        b"moveFrom" | b"del" => Tag::Skip,
        _ => return None,
    })
}

/// Extract the text of a .docx file.
pub fn parse(bytes: &[u8], limits: UnpackLimits) -> Result<String, String> {
    let mut zip = zipxml::open(bytes, ".docx")?;
    let xml = zipxml::read_part(&mut zip, PART, &mut Unpacker::new(limits))?
        .ok_or_else(|| format!("is not a Word document: {PART} is missing from the archive"))?;
    let mut text = DocText::default();
    zipxml::walk(&xml, PART, classify, |node| text.on(node))?;
    Ok(text.finish())
}

#[derive(Default)]
struct DocText {
    lines: Lines,
    /// Open paragraphs; more than one when a text box sits in a paragraph.
    paragraphs: Vec<String>,
    runs: usize,
    in_text: bool,
}

impl DocText {
    fn on(&mut self, node: Node<'_, Tag>) -> Flow {
        match node {
            Node::Start(Tag::Skip, _) => return Flow::SkipChildren,
            // Word writes an empty paragraph as `<w:p/>`: still a line.
            Node::Empty(Tag::Paragraph, _) => self.emit(String::new()),
            Node::Start(tag, _) => self.open(tag),
            Node::End(tag) => self.close(tag),
            Node::Empty(tag, _) => self.empty(tag),
            Node::Text(t) if self.in_text => self.push(t),
            Node::Text(_) => {}
        }
        Flow::Continue
    }

    fn open(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.paragraphs.push(String::new()),
            Tag::Run => self.runs += 1,
            Tag::Text => self.in_text = true,
            Tag::Table => self.lines.open_table(),
            _ => {}
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                let p = self.paragraphs.pop().unwrap_or_default();
                self.emit(p);
            }
            Tag::Run => self.runs = self.runs.saturating_sub(1),
            Tag::Text => self.in_text = false,
            Tag::Cell => self.lines.close_cell(),
            Tag::Row => self.lines.close_row(),
            Tag::Table => self.lines.close_table(),
            _ => {}
        }
    }

    /// `w:tab` and `w:br` count only inside runs: in paragraph properties
    /// `w:tab` defines a tab stop, which is not text.
    fn empty(&mut self, tag: Tag) {
        if self.runs == 0 {
            return;
        }
        match tag {
            Tag::Tab => self.push("\t"),
            Tag::Break => self.push("\n"),
            Tag::NoBreakHyphen => self.push("-"),
            _ => {}
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(p) = self.paragraphs.last_mut() {
            p.push_str(s);
        }
    }

    /// A finished paragraph or table row goes to the enclosing cell, or
    /// to the document.
    fn emit(&mut self, line: String) {
        self.lines.emit(line);
    }

    fn finish(self) -> String {
        // Word documents usually end with an empty paragraph.
        self.lines.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(body: &str) -> String {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{}" xmlns:mc="{}"><w:body>{body}</w:body></w:document>"#,
            std::str::from_utf8(W_MAIN).unwrap(),
            std::str::from_utf8(MC).unwrap()
        );
        let mut t = DocText::default();
        zipxml::walk(&xml, PART, classify, |n| t.on(n)).unwrap();
        t.finish()
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
