//! Shared plumbing for the zip + XML formats (docx, odt): opening the
//! archive, reading one part under the unpack limits, and turning XML text
//! events into strings.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::borrow::Cow;
use std::io::Cursor;
use zip::ZipArchive;

use super::unzip::Unpacker;

/// First bytes of an OLE compound file. Word stores password-protected
/// .docx files (and old .doc files) in this container, not in a zip.
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Open `bytes` as a zip archive, explaining the common ways it is not one.
pub fn open<'a>(bytes: &'a [u8], kind: &str) -> Result<Archive<'a>, String> {
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(format!(
            "the file is password protected (an encrypted Office file) or an old Word 97–2003 document; \
             remove the password or save it again as {kind} and import that"
        ));
    }
    ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("is not a valid {kind} file (not a zip archive: {e})"))
}

/// Read one part as UTF-8 text; `Ok(None)` when the archive lacks it.
pub fn read_part(
    zip: &mut Archive<'_>,
    name: &str,
    unpacker: &mut Unpacker,
) -> Result<Option<String>, String> {
    match unpacker.read_by_name(zip, name)? {
        None => Ok(None),
        Some(raw) => String::from_utf8(raw)
            .map(Some)
            .map_err(|_| format!("{name} is not valid UTF-8 XML")),
    }
}

/// The text an XML event contributes: character data, CDATA, or an entity
/// or character reference (quick-xml reports `&amp;` as its own event).
pub fn event_text<'a>(event: &'a Event<'_>) -> Option<Cow<'a, str>> {
    match event {
        Event::Text(t) => t.decode().ok(),
        Event::CData(t) => t.decode().ok(),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                return Some(Cow::Owned(c.to_string()));
            }
            let name = r.decode().ok()?;
            quick_xml::escape::resolve_predefined_entity(&name).map(Cow::Borrowed)
        }
        _ => None,
    }
}

/// Describe an XML error with its position, for a user-facing reason.
pub fn xml_error(part: &str, pos: u64, e: impl std::fmt::Display) -> String {
    format!("{part} is damaged (XML error at byte {pos}: {e})")
}

/// An XML event as a format parser sees it: elements already classified
/// into the format's own tag type by namespace and local name.
pub enum Node<'a, T> {
    Start(T, &'a BytesStart<'a>),
    End(T),
    Empty(T, &'a BytesStart<'a>),
    Text(&'a str),
}

/// What the parser wants after a start tag.
#[derive(PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Skip the element's content (footnotes, deleted text, fallbacks).
    SkipChildren,
}

/// Walk `xml`, calling `on` for every element `classify` recognises (by
/// namespace URI and local name) and for every piece of text. Matching
/// namespaces rather than prefixes keeps us right for files whose writer
/// chose other prefixes than Word or LibreOffice do.
pub fn walk<T: Copy>(
    xml: &str,
    part: &str,
    classify: impl Fn(&[u8], &[u8]) -> Option<T>,
    mut on: impl FnMut(Node<'_, T>) -> Flow,
) -> Result<(), String> {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().trim_text(false);
    loop {
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ResolveResult::Bound(n), event)) => (Some(n.0.to_vec()), event),
            Ok((_, event)) => (None, event),
            Err(e) => return Err(xml_error(part, reader.buffer_position(), e)),
        };
        let tag_of = |local: &[u8]| ns.as_deref().and_then(|n| classify(n, local));
        match &event {
            Event::Start(e) => {
                if let Some(tag) = tag_of(e.local_name().as_ref())
                    && on(Node::Start(tag, e)) == Flow::SkipChildren
                {
                    reader
                        .read_to_end(e.name())
                        .map_err(|err| xml_error(part, reader.buffer_position(), err))?;
                    on(Node::End(tag));
                }
            }
            Event::End(e) => {
                if let Some(tag) = tag_of(e.local_name().as_ref()) {
                    on(Node::End(tag));
                }
            }
            Event::Empty(e) => {
                if let Some(tag) = tag_of(e.local_name().as_ref()) {
                    on(Node::Empty(tag, e));
                }
            }
            Event::Eof => return Ok(()),
            other => {
                if let Some(text) = event_text(other) {
                    on(Node::Text(&text));
                }
            }
        }
    }
}

/// The value of the attribute with local name `local` (prefix ignored).
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local.as_bytes())
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}
