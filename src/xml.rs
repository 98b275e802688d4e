//! Writing XML, for every file tema makes of it (REFI-QDA, DOCX, SVG) and
//! the escaping the HTML report shares: quick-xml's writer, with text and
//! attribute values escaped once, here.

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;
use std::io;

/// Characters XML 1.0 cannot contain at all (most C0 controls, U+FFFE/F).
/// Transcripts pasted from Word sometimes carry a vertical tab or a form
/// feed; they are dropped rather than making the file unreadable.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escape text content (quick-xml's five entities). `\r` becomes `&#13;`:
/// a parser turns a literal CR into LF, and memos must come back
/// byte-identical.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escape an attribute value; tabs and newlines become character
/// references as well, since parsers turn literal ones into spaces.
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> Cow<'_, str> {
    // Every character that needs more than quick-xml's escaping is a C0
    // control or U+FFFE/U+FFFF (UTF-8 EF BF BE/BF): a byte scan finds
    // the common case, text without any, at once.
    if !s.bytes().any(|b| b < 0x20 || b == 0xEF) {
        return quick_xml::escape::escape(s);
    }
    let clean: String = s.chars().filter(|&c| xml_char(c)).collect();
    let escaped = quick_xml::escape::escape(clean.as_str());
    let mut out = String::with_capacity(escaped.len() + 16);
    for c in escaped.chars() {
        match c {
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// An XML writer into memory, UTF-8 without a BOM.
pub struct XmlOut {
    w: Writer<Vec<u8>>,
}

impl XmlOut {
    /// Indented two spaces, with `<?xml version="1.0" encoding="utf-8"?>`.
    pub fn new() -> io::Result<XmlOut> {
        let w = Writer::new_with_indent(Vec::with_capacity(1 << 16), b' ', 2);
        Self::with_decl(w, "utf-8", None)
    }

    /// Without indentation (whitespace between elements matters in SVG
    /// text and is noise in DOCX parts), with a declaration naming
    /// `standalone` as given on a line of its own.
    pub fn compact(standalone: &str) -> io::Result<XmlOut> {
        let w = Writer::new(Vec::with_capacity(1 << 14));
        let mut x = Self::with_decl(w, "UTF-8", Some(standalone))?;
        x.newline()?;
        Ok(x)
    }

    fn with_decl(
        mut w: Writer<Vec<u8>>,
        encoding: &str,
        standalone: Option<&str>,
    ) -> io::Result<XmlOut> {
        w.write_event(Event::Decl(BytesDecl::new(
            "1.0",
            Some(encoding),
            standalone,
        )))?;
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

    /// Text content at the current position.
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.w
            .write_event(Event::Text(BytesText::from_escaped(escape_text(text))))
    }

    /// `<name attrs>text</name>`.
    pub fn text_in(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> io::Result<()> {
        self.start(name, attrs)?;
        self.text(text)?;
        self.end(name)
    }

    /// `<name>text</name>`.
    pub fn text_element(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.text_in(name, &[], text)
    }

    /// A line break between elements of a compact document, so that a
    /// person can read it.
    pub fn newline(&mut self) -> io::Result<()> {
        self.w
            .write_event(Event::Text(BytesText::from_escaped("\n")))
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        bytes
    }

    /// The document as a string (the writer only ever writes UTF-8).
    pub fn finish_string(self) -> String {
        String::from_utf8(self.finish()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_what_parsers_would_change() {
        assert_eq!(escape_text("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(escape_text("x\r\ny\u{0B}"), "x&#13;\ny");
        assert_eq!(escape_attr("x\n\ty"), "x&#10;&#9;y");
        assert!(matches!(escape_text("æøå"), Cow::Borrowed(_)));
    }
}
