//! XML plumbing for REFI-QDA on top of quick-xml: a writer that escapes
//! what XML cannot carry as is, and a small element tree for reading
//! (project.qde files are a few megabytes even for large projects).

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io;

// ------------------------------------------------------------------ writing

/// Characters XML 1.0 cannot contain at all (most C0 controls, U+FFFE/F).
/// Transcripts pasted from Word sometimes carry a vertical tab or a form
/// feed; they are dropped rather than making the file unreadable.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape text content. `\r` becomes `&#13;`: a parser turns a literal CR
/// into LF, and memos must come back byte-identical.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escape an attribute value; tabs and newlines become character
/// references, since parsers turn literal ones into spaces.
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> Cow<'_, str> {
    let special = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\r')
            || (attr && matches!(c, '\n' | '\t'))
            || !xml_char(c)
    };
    if !s.chars().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c if !xml_char(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An indenting XML writer into memory, UTF-8 without a BOM.
pub struct XmlOut {
    w: Writer<Vec<u8>>,
}

impl XmlOut {
    pub fn new() -> io::Result<XmlOut> {
        let mut w = Writer::new_with_indent(Vec::with_capacity(1 << 16), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        Ok(XmlOut { w })
    }

    fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
        let mut el = BytesStart::new(name);
        for (k, v) in attrs {
            let value = escape_attr(v);
            el.push_attribute(Attribute::from((k.as_bytes(), value.as_bytes())));
        }
        el
    }

    pub fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::element(name, attrs)))
    }

    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Empty(Self::element(name, attrs)))
    }

    pub fn end(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name>text</name>`.
    pub fn text_element(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.start(name, &[])?;
        self.w
            .write_event(Event::Text(BytesText::from_escaped(escape_text(text))))?;
        self.end(name)
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

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
    let owned;
    let text: &str = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest).map_err(|e| utf8_reason(rest, e))?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        owned = enc
            .decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .ok_or("it is UTF-16 with broken characters")?
            .into_owned();
        // The declaration still says UTF-16; the text is UTF-8 now.
        owned.as_str()
    } else {
        std::str::from_utf8(bytes).map_err(|e| utf8_reason(bytes, e))?
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let at = |reader: &Reader<&[u8]>, pos: u64| {
        position(text, pos.min(reader.buffer_position()) as usize)
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "malformed XML at {}: {e}",
                at(&reader, reader.error_position())
            )
        })?;
        match event {
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err(format!(
                    "malformed XML at {}: content after the root element",
                    at(&reader, reader.buffer_position())
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut el = El {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.map_err(|err| {
                        format!(
                            "malformed XML at {}: {err}",
                            at(&reader, reader.buffer_position())
                        )
                    })?;
                    let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                    if a.key.as_ref().starts_with(b"xmlns") {
                        continue;
                    }
                    let value = a.unescape_value().map_err(|err| {
                        format!(
                            "malformed XML at {}: attribute {key}: {err}",
                            at(&reader, reader.buffer_position())
                        )
                    })?;
                    el.attrs.push((key, value.into_owned()));
                }
                if matches!(event, Event::Start(_)) {
                    stack.push(el);
                } else {
                    close(el, &mut stack, &mut root);
                }
            }
            Event::End(_) => {
                let el = stack.pop().expect("quick-xml checks end names");
                close(el, &mut stack, &mut root);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.xml10_content().map_err(|e| e.to_string())?;
                    top.text.push_str(&s);
                } else if !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(format!(
                        "malformed XML at {}: text outside the root element",
                        at(&reader, reader.buffer_position())
                    ));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match &*r.decode().map_err(|e| e.to_string())? {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => {
                            return Err(format!(
                                "malformed XML at {}: unknown entity &{other};",
                                at(&reader, reader.buffer_position())
                            ));
                        }
                    },
                    Err(e) => {
                        return Err(format!(
                            "malformed XML at {}: {e}",
                            at(&reader, reader.buffer_position())
                        ));
                    }
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!(
            "malformed XML: the file ends before <{}> is closed (truncated?)",
            open.name
        ));
    }
    root.ok_or_else(|| "malformed XML: there is no root element (empty file?)".to_string())
}

fn close(el: El, stack: &mut [El], root: &mut Option<El>) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
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
