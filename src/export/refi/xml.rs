//! XML plumbing for REFI-QDA on top of quick-xml: the shared writer
//! (`crate::xml`), and a small element tree for reading
//! (project.qde files are a few megabytes even for large projects).

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use std::borrow::Cow;

/// The writer is the one every XML export shares.
pub use crate::xml::XmlOut;

// ------------------------------------------------------------------ reading

/// An element: local name (prefix dropped), attributes (local names),
/// children, and its text content (meaningful for leaf elements).
#[derive(Debug, Default, Clone)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<El>,
    pub text: String,
}

impl El {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Children of the child `container` named `name` (`Codes/Code`).
    pub fn nested<'a>(
        &'a self,
        container: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a El> + 'a {
        self.all(container).flat_map(move |c| c.all(name))
    }

    /// Text of a child element, if present.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// Parse a whole XML document. A BOM (UTF-8 or UTF-16) is allowed. The
/// error says where: "line 12, column 7: ...".
pub fn parse(bytes: &[u8]) -> Result<El, String> {
    let text = decode(bytes)?;
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = true;
    let mut tree = Tree {
        text: &text,
        stack: Vec::new(),
        root: None,
    };
    loop {
        let event = reader
            .read_event()
            .map_err(|e| tree.error(&reader, reader.error_position(), e))?;
        match event {
            Event::Start(_) | Event::Empty(_) if tree.root.is_some() => {
                return Err(tree.here(&reader, "content after the root element"));
            }
            Event::Start(ref e) => {
                let el = tree.element(&reader, e)?;
                tree.stack.push(el);
            }
            Event::Empty(ref e) => {
                let el = tree.element(&reader, e)?;
                tree.close(el);
            }
            Event::End(_) => {
                let el = tree.stack.pop().expect("quick-xml checks end names");
                tree.close(el);
            }
            Event::Text(t) => {
                if tree.stack.is_empty() && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(tree.here(&reader, "text outside the root element"));
                }
                let s = t.xml10_content().map_err(|e| e.to_string())?;
                tree.push_text(&s);
            }
            Event::CData(t) => tree.push_text(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let c = tree.entity(&reader, &r)?;
                tree.push_text(&c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    tree.finish()
}

/// The document as text: UTF-8, with or without a BOM, or UTF-16 with one.
fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|e| utf8_reason(rest, e));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        // The declaration still says UTF-16; the text is UTF-8 now.
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .map(|t| Cow::Owned(t.into_owned()))
            .ok_or_else(|| "it is UTF-16 with broken characters".to_string());
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| utf8_reason(bytes, e))
}

/// The elements read so far: those still open, and the root once closed.
struct Tree<'t> {
    text: &'t str,
    stack: Vec<El>,
    root: Option<El>,
}

impl Tree<'_> {
    fn error(&self, reader: &Reader<&[u8]>, pos: u64, what: impl std::fmt::Display) -> String {
        let at = position(self.text, pos.min(reader.buffer_position()) as usize);
        format!("malformed XML at {at}: {what}")
    }

    fn here(&self, reader: &Reader<&[u8]>, what: impl std::fmt::Display) -> String {
        self.error(reader, reader.buffer_position(), what)
    }

    /// A new element with its name and attributes (namespace declarations
    /// left out, prefixes dropped).
    fn element(&self, reader: &Reader<&[u8]>, e: &BytesStart) -> Result<El, String> {
        let mut el = El {
            name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
            ..El::default()
        };
        for a in e.attributes() {
            let a = a.map_err(|err| self.here(reader, err))?;
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            if a.key.as_ref().starts_with(b"xmlns") {
                continue;
            }
            let value = a
                .unescape_value()
                .map_err(|err| self.here(reader, format!("attribute {key}: {err}")))?;
            el.attrs.push((key, value.into_owned()));
        }
        Ok(el)
    }

    /// The text of a character reference or one of XML's five entities.
    fn entity(&self, reader: &Reader<&[u8]>, r: &BytesRef) -> Result<String, String> {
        match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) => match &*r.decode().map_err(|e| e.to_string())? {
                "amp" => Ok("&".into()),
                "lt" => Ok("<".into()),
                "gt" => Ok(">".into()),
                "quot" => Ok("\"".into()),
                "apos" => Ok("'".into()),
                other => Err(self.here(reader, format!("unknown entity &{other};"))),
            },
            Err(e) => Err(self.here(reader, e)),
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(top) = self.stack.last_mut() {
            top.text.push_str(s);
        }
    }

    fn close(&mut self, el: El) {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None => self.root = Some(el),
        }
    }

    fn finish(self) -> Result<El, String> {
        if let Some(open) = self.stack.last() {
            return Err(format!(
                "malformed XML: the file ends before <{}> is closed (truncated?)",
                open.name
            ));
        }
        self.root
            .ok_or_else(|| "malformed XML: there is no root element (empty file?)".to_string())
    }
}

/// "line L, column C" (1-based, columns in characters) of a byte offset.
fn position(text: &str, byte: usize) -> String {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let before = &text[..b];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}")
}

fn utf8_reason(bytes: &[u8], e: std::str::Utf8Error) -> String {
    let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
    format!(
        "it is not valid UTF-8 (bad bytes at {})",
        position(valid, valid.len())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let mut x = XmlOut::new().unwrap();
        let tricky = "a & b < c > \"d\" 'e'\r\nline\ttab \u{0B}æøå 😀";
        x.start("R", &[("name", tricky)]).unwrap();
        x.text_element("T", tricky).unwrap();
        x.end("R").unwrap();
        let bytes = x.finish();
        let root = parse(&bytes).unwrap();
        let clean = tricky.replace('\u{0B}', "");
        assert_eq!(root.attr("name"), Some(clean.as_str()));
        assert_eq!(root.child_text("T"), Some(clean.as_str()));
    }

    #[test]
    fn errors_say_where() {
        let e = parse(b"<a>\n  <b></c>\n</a>").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        let e = parse(b"<a><b>").unwrap_err();
        assert!(e.contains("ends before"), "{e}");
        assert!(parse(b"").unwrap_err().contains("no root"));
        let bom = b"\xEF\xBB\xBF<x:a xmlns:x='u' x:k='v'/>";
        let root = parse(bom).unwrap();
        assert_eq!((root.name.as_str(), root.attr("k")), ("a", Some("v")));
    }
}
