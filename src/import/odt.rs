//! OpenDocument .odt (LibreOffice): the text of `content.xml`. Paragraphs
//! and headings one line each; `text:s` (c spaces), `text:tab`,
//! `text:line-break`; tables as one line per row, cells joined by a tab.
//! Footnotes, comments and tracked deletions are left out; headers and
//! footers live in styles.xml, which is never read.

use super::lines::Lines;
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
    Skip,
}

fn classify(ns: &[u8], local: &[u8]) -> Option<Tag> {
    let tag = match (ns, local) {
        (TEXT, b"p" | b"h") => Tag::Paragraph,
        (TEXT, b"s") => Tag::Spaces,
        (TEXT, b"tab") => Tag::Tab,
        (TEXT, b"line-break") => Tag::LineBreak,
        (TEXT, b"note" | b"tracked-changes") => Tag::Skip,
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

#[derive(Default)]
struct OdtText {
    lines: Lines,
    paragraphs: Vec<Para>,
}

impl OdtText {
    fn on(&mut self, node: Node<'_, Tag>) -> Flow {
        match node {
            Node::Start(Tag::Skip, _) => return Flow::SkipChildren,
            Node::Start(Tag::Paragraph, _) => self.paragraphs.push(Para::default()),
            // An empty paragraph (`<text:p/>`) is still a line.
            Node::Empty(Tag::Paragraph, _) => self.emit(String::new()),
            Node::Start(Tag::Table, _) => self.lines.open_table(),
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
            _ => {}
        }
    }

    fn close(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => {
                let p = self.paragraphs.pop().unwrap_or_default();
                self.emit(p.text);
            }
            Tag::Cell => self.lines.close_cell(),
            Tag::Row => self.lines.close_row(),
            Tag::Table => self.lines.close_table(),
            _ => {}
        }
    }

    fn emit(&mut self, line: String) {
        self.lines.emit(line);
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
    fn footnotes_and_comments_are_left_out() {
        let body = r#"<text:p>Hei<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
            <text:note-body><text:p>Fotnote</text:p></text:note-body></text:note><office:annotation><text:p>Kommentar</text:p></office:annotation> der</text:p>"#;
        assert_eq!(text_of(body), "Hei der");
    }
}
