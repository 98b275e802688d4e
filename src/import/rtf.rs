//! Rich Text Format (.rtf), as Word, WordPad, TextEdit and transcription
//! services save it: a small reader of our own, because the RTF crates on
//! crates.io either ignore the document's code page (so `\'e6` is read as
//! Latin-1 whatever `\ansicpg` says) or are tokenizers only.
//!
//! The text is read as the docx reader reads a Word document: one line
//! per paragraph (`\par`), `\line` a line break, table rows one line with
//! cells joined by a tab, footnotes and endnotes at the end of their
//! paragraph (see [`lines::note_text`]), tracked deletions (`\deleted`)
//! dropped, so a paragraph deleted whole (its `\par` with it) leaves no
//! line. Unicode comes as `\uN` (with `\ucN` fallback characters skipped)
//! or as `\'hh` bytes in the `\ansicpg` code page (Windows-1252 when it
//! names none, or one encoding_rs does not know, such as DOS 865), decoded
//! with encoding_rs. Font, colour and style tables, document info,
//! headers, footers, pictures, field instructions, list numbers and every
//! `\*` destination we do not know are skipped.

use super::lines::{self, NoteKind};
use encoding_rs::{Encoding, WINDOWS_1252};

/// Deeper nesting than any editor writes; past it the file is damaged (or
/// made to exhaust memory).
const MAX_DEPTH: usize = 10_000;
/// Fallback characters after `\uN`, at most (a damaged `\uc` must not
/// swallow the text).
const MAX_FALLBACK: i32 = 16;

/// Destinations whose content is not the document's text.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "filetbl",
    "pgdsctbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "docvar",
    "userprops",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "pict",
    "objdata",
    "objclass",
    "fldinst",
    "datafield",
    "formfield",
    "listtext",
    "pntext",
    "pn",
    "pntxta",
    "pntxtb",
    "annotation",
    "atnid",
    "atnauthor",
    "atndate",
    "atnref",
    "bkmkstart",
    "bkmkend",
    "xe",
    "tc",
    "txe",
    "rxe",
    "template",
    "private",
    "ftnsep",
    "ftnsepc",
    "ftncn",
    "aftnsep",
    "aftnsepc",
    "aftncn",
];

/// Extract the text of an .rtf file.
pub fn parse(bytes: &[u8]) -> Result<String, String> {
    let start = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    if !start.starts_with(b"{\\rtf") {
        return Err("is not an RTF file (it does not start with {\\rtf)".to_owned());
    }
    let mut reader = Reader::new(start);
    reader.run()?;
    Ok(reader.out.finish())
}

/// What applies inside one `{...}` group; a group starts as a copy of
/// the one around it.
#[derive(Clone)]
struct Group {
    /// In a destination whose content is not text.
    skip: bool,
    /// Characters to skip after `\uN`.
    uc: i32,
    /// Tracked deletion (`\deleted`).
    deleted: bool,
    /// The paragraph is in a table (`\intbl`).
    in_table: bool,
    /// `\*` was read: the next control word names a destination that is
    /// skipped unless we know it.
    starred: bool,
}

impl Default for Group {
    fn default() -> Self {
        Group {
            skip: false,
            uc: 1,
            deleted: false,
            in_table: false,
            starred: false,
        }
    }
}

/// A footnote or endnote being read: its words, and the group depth it
/// ends at.
struct OpenNote {
    kind: NoteKind,
    depth: usize,
    text: String,
}

/// The text being built, paragraph by paragraph.
#[derive(Default)]
struct Out {
    lines: Vec<String>,
    para: String,
    notes: Vec<String>,
    note: Option<OpenNote>,
    /// Text of the current paragraph was deleted.
    had_deletion: bool,
}

impl Out {
    fn push(&mut self, s: &str) {
        match self.note.as_mut() {
            Some(note) => note.text.push_str(s),
            None => self.para.push_str(s),
        }
    }

    /// `\par`: in a note or a table cell paragraphs join with a space.
    fn paragraph(&mut self, in_table: bool) {
        if self.note.is_some() || in_table {
            self.push(" ");
        } else {
            self.end_line();
        }
    }

    /// `\row`: the row's cells (each ended by `\cell`, a tab) as a line.
    fn row(&mut self) {
        if self.para.ends_with('\t') {
            self.para.pop();
        }
        self.end_line();
    }

    fn end_line(&mut self) {
        let text = std::mem::take(&mut self.para);
        let notes = std::mem::take(&mut self.notes);
        let deleted_whole =
            std::mem::take(&mut self.had_deletion) && text.trim().is_empty() && notes.is_empty();
        if !deleted_whole {
            self.lines.push(lines::with_notes(text, &notes));
        }
    }

    fn close_note(&mut self, depth: usize) {
        if let Some(note) = self.note.take_if(|n| n.depth == depth)
            && let Some(text) = lines::note_text(note.kind, &note.text)
        {
            self.notes.push(text);
        }
    }

    fn finish(mut self) -> String {
        self.note = None;
        if !self.para.trim().is_empty() || !self.notes.is_empty() {
            self.end_line();
        }
        self.lines.join("\n").trim_end_matches('\n').to_owned()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    encoding: &'static Encoding,
    /// Open groups, innermost last; never empty.
    groups: Vec<Group>,
    out: Out,
    /// `\'hh` bytes (and raw bytes above 127) waiting to be decoded
    /// together, since a code page may need two bytes for a character.
    bytes_pending: Vec<u8>,
    /// The first half of a surrogate pair written as two `\uN`.
    high_surrogate: Option<u16>,
    /// Fallback characters after `\uN` still to skip.
    fallback: i32,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader {
            bytes,
            pos: 0,
            encoding: WINDOWS_1252,
            groups: vec![Group::default()],
            out: Out::default(),
            bytes_pending: Vec::new(),
            high_surrogate: None,
            fallback: 0,
        }
    }

    fn group(&mut self) -> &mut Group {
        self.groups.last_mut().expect("the outermost group stays")
    }

    fn run(&mut self) -> Result<(), String> {
        while let Some(&b) = self.bytes.get(self.pos) {
            self.pos += 1;
            match b {
                b'{' => self.open_group()?,
                b'}' => self.close_group(),
                b'\\' => self.control(),
                // Line ends in RTF source are not text.
                b'\r' | b'\n' => {}
                b'\t' => self.symbol("\t"),
                _ => self.byte(b),
            }
        }
        self.flush_bytes();
        Ok(())
    }

    fn open_group(&mut self) -> Result<(), String> {
        self.flush_bytes();
        self.fallback = 0;
        if self.groups.len() >= MAX_DEPTH {
            return Err(format!(
                "is damaged: its groups are nested more than {MAX_DEPTH} deep"
            ));
        }
        let mut inner = self.group().clone();
        inner.starred = false;
        self.groups.push(inner);
        Ok(())
    }

    fn close_group(&mut self) {
        self.flush_bytes();
        self.fallback = 0;
        self.out.close_note(self.groups.len());
        // A stray `}` past the outermost group is ignored.
        if self.groups.len() > 1 {
            self.groups.pop();
        }
    }

    /// A character of text, or a byte of one in the code page.
    fn byte(&mut self, b: u8) {
        if self.skip_fallback() {
            return;
        }
        if b < 0x80 {
            self.flush_bytes();
            let c = [b];
            self.text(std::str::from_utf8(&c).unwrap_or_default());
        } else {
            self.bytes_pending.push(b);
        }
    }

    /// Whether this character is one of the fallbacks after `\uN`.
    fn skip_fallback(&mut self) -> bool {
        if self.fallback > 0 {
            self.fallback -= 1;
            return true;
        }
        false
    }

    fn flush_bytes(&mut self) {
        if self.bytes_pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.bytes_pending);
        let (decoded, _) = self.encoding.decode_without_bom_handling(&pending);
        self.text(&decoded);
    }

    /// Text in the current group: kept, or dropped when the group is not
    /// text or deleted.
    fn text(&mut self, s: &str) {
        let g = self.groups.last().expect("the outermost group stays");
        if g.skip {
            return;
        }
        if g.deleted {
            self.out.had_deletion = true;
            return;
        }
        self.out.push(s);
    }

    /// A control symbol that stands for text (`\~`, `\tab`, `\emdash`).
    fn symbol(&mut self, s: &str) {
        self.flush_bytes();
        if !self.skip_fallback() {
            self.text(s);
        }
    }

    /// After a backslash: a control word, a control symbol or `\'hh`.
    fn control(&mut self) {
        let Some(&b) = self.bytes.get(self.pos) else {
            return;
        };
        if b.is_ascii_alphabetic() {
            let (word, param) = self.control_word();
            self.flush_bytes();
            if self.skip_fallback() {
                return;
            }
            self.word(&word, param);
            return;
        }
        self.pos += 1;
        match b {
            b'\'' => self.hex_byte(),
            b'\\' | b'{' | b'}' => self.byte(b),
            b'*' => {
                self.flush_bytes();
                self.group().starred = true;
            }
            b'~' => self.symbol("\u{A0}"),
            // An optional hyphen, which a reader never sees.
            b'-' => self.symbol(""),
            // A non-breaking hyphen, read as a hyphen as in .docx.
            b'_' => self.symbol("-"),
            // A backslash before a line end is a paragraph mark.
            b'\n' | b'\r' => self.word("par", None),
            _ => {}
        }
    }

    /// `\'hh`: one byte in the document's code page.
    fn hex_byte(&mut self) {
        let hex = self.bytes.get(self.pos..self.pos + 2);
        let value = hex
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        if let Some(v) = value {
            self.pos += 2;
            if !self.skip_fallback() {
                self.bytes_pending.push(v);
            }
        }
    }

    /// Letters, an optional signed number, and the space that ends it.
    fn control_word(&mut self) -> (String, Option<i32>) {
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            self.pos += 1;
        }
        let word = String::from_utf8_lossy(&self.bytes[start..self.pos]).into_owned();
        let num_start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let param = std::str::from_utf8(&self.bytes[num_start..self.pos])
            .ok()
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| n.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        if param.is_none() {
            self.pos = num_start;
        }
        if self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        (word, param)
    }

    fn word(&mut self, word: &str, param: Option<i32>) {
        let starred = std::mem::take(&mut self.group().starred);
        if SKIPPED.contains(&word) || (starred && word != "footnote") {
            self.group().skip = true;
            return;
        }
        match word {
            "par" => self.paragraph(),
            "sect" if !self.out.para.trim().is_empty() => self.paragraph(),
            "line" | "page" => self.symbol("\n"),
            "tab" => self.symbol("\t"),
            "cell" => self.symbol("\t"),
            "nestcell" | "nestrow" => self.symbol(" "),
            "row" => self.row(),
            "u" => {
                if let Some(n) = param {
                    self.unicode(n);
                }
            }
            "uc" => self.group().uc = param.unwrap_or(1).clamp(0, MAX_FALLBACK),
            "ansicpg" => self.encoding = code_page(param.unwrap_or(1252)),
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            "footnote" => self.open_note(),
            "ftnalt" => {
                if let Some(note) = self.out.note.as_mut() {
                    note.kind = NoteKind::Endnote;
                }
            }
            "deleted" => self.group().deleted = param != Some(0),
            "plain" => self.group().deleted = false,
            "intbl" => self.group().in_table = param != Some(0),
            "pard" => self.group().in_table = false,
            "emdash" => self.symbol("—"),
            "endash" => self.symbol("–"),
            "lquote" => self.symbol("‘"),
            "rquote" => self.symbol("’"),
            "ldblquote" => self.symbol("“"),
            "rdblquote" => self.symbol("”"),
            "bullet" => self.symbol("•"),
            "emspace" | "enspace" | "qmspace" => self.symbol(" "),
            "bin" => self.pos = self.pos.saturating_add(param.unwrap_or(0).max(0) as usize),
            _ => {}
        }
    }

    fn paragraph(&mut self) {
        let g = self.groups.last().expect("the outermost group stays");
        if g.skip {
            return;
        }
        // A deleted paragraph mark joins the paragraph to the next one.
        if g.deleted {
            self.out.had_deletion = true;
            return;
        }
        let in_table = g.in_table;
        self.out.paragraph(in_table);
    }

    fn row(&mut self) {
        let g = self.groups.last().expect("the outermost group stays");
        if !g.skip && !g.deleted {
            self.out.row();
        }
    }

    fn open_note(&mut self) {
        let g = self.groups.last().expect("the outermost group stays");
        if g.skip || g.deleted || self.out.note.is_some() {
            self.group().skip = true;
            return;
        }
        self.out.note = Some(OpenNote {
            kind: NoteKind::Footnote,
            depth: self.groups.len(),
            text: String::new(),
        });
    }

    /// `\uN`: a UTF-16 unit, negative above 32767; then the fallback.
    fn unicode(&mut self, n: i32) {
        let unit = n.rem_euclid(65536) as u16;
        self.fallback = self.groups.last().map_or(1, |g| g.uc);
        let c = match (self.high_surrogate.take(), unit) {
            (_, 0xD800..=0xDBFF) => {
                self.high_surrogate = Some(unit);
                return;
            }
            (Some(high), 0xDC00..=0xDFFF) => {
                char::decode_utf16([high, unit]).next().and_then(Result::ok)
            }
            // A lone low surrogate is no character.
            (None, 0xDC00..=0xDFFF) => None,
            (_, u) => char::from_u32(u32::from(u)),
        };
        // Control characters (but tab and line break) are no text.
        if let Some(c) = c.filter(|c| !c.is_control() || matches!(c, '\t' | '\n')) {
            let mut buf = [0u8; 4];
            self.text(c.encode_utf8(&mut buf));
        }
    }
}

/// The encoding of a Windows code page number (`\ansicpg`).
fn code_page(n: i32) -> &'static Encoding {
    let label = match n {
        874 | 1250..=1258 => format!("windows-{n}"),
        932 => "shift_jis".to_owned(),
        936 => "gbk".to_owned(),
        949 => "euc-kr".to_owned(),
        950 => "big5".to_owned(),
        866 => "ibm866".to_owned(),
        10000 => "macintosh".to_owned(),
        20866 => "koi8-r".to_owned(),
        21866 => "koi8-u".to_owned(),
        28591..=28606 => format!("iso-8859-{}", n - 28590),
        65001 => "utf-8".to_owned(),
        _ => return WINDOWS_1252,
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(WINDOWS_1252)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        parse(rtf.as_bytes()).unwrap()
    }

    const HEADER: &str = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss\fcharset0 Arial;}{\f1 Symbol;}}{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}{\info{\title Intervju}{\author Kari}}{\*\generator Riched20 10.0}\viewkind4\uc1\pard\f0\fs22 ";

    #[test]
    fn paragraphs_code_page_and_unicode() {
        let rtf = format!(
            "{HEADER}Intervjuer: Hva synes du om bl\\'e5b\\'e6rsyltet\\'f8y?\\par\r\nIP1: \\u198?sj \\endash  nei\\line takk.\\par\r\n{{\\b Deltaker\\~A}}: Tja\\tab ok \\{{x\\}}\\par\r\n}}"
        );
        assert_eq!(
            text(&rtf),
            "Intervjuer: Hva synes du om blåbærsyltetøy?\nIP1: Æsj – nei\ntakk.\nDeltaker\u{A0}A: Tja\tok {x}"
        );
    }

    #[test]
    fn unicode_fallbacks_are_skipped_and_surrogates_join() {
        let rtf = r"{\rtf1\ansi{\uc2\u8212\'97\'97 slutt}\u-10179?\u-8704? \uc0\u248 y}";
        assert_eq!(text(rtf), "— slutt😀 øy");
        // No number, or a control character: no text.
        assert_eq!(text(r"{\rtf1 a\u b\u0?c\u7?d}"), "abcd");
    }

    #[test]
    fn other_code_pages() {
        // Windows-1251 (Cyrillic) and Mac Roman (å is 0x8C there).
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8}"), "При");
        assert_eq!(text(r"{\rtf1\mac bl\'8c}"), "blå");
    }

    #[test]
    fn destinations_fields_and_pictures_are_skipped() {
        let rtf = format!(
            "{HEADER}{{\\header Topptekst\\par}}{{\\*\\bkmkstart b}}Se {{\\field{{\\*\\fldinst HYPERLINK \"https://x\"}}{{\\fldrslt lenken}}}}{{\\*\\shppict{{\\pict\\pngblip 89504e47}}}}{{\\listtext 1.\\tab}}.\\par}}"
        );
        assert_eq!(text(&rtf), "Se lenken.");
    }

    #[test]
    fn notes_at_the_end_of_their_paragraph() {
        let rtf = format!(
            "{HEADER}IP1: Tallene{{\\super\\chftn}}{{\\footnote\\pard\\plain{{\\super\\chftn}} Kilde: NAV\\par 2021.}} steg{{\\footnote\\ftnalt Se vedlegg.}}.\\par Neste.\\par}}"
        );
        assert_eq!(
            text(&rtf),
            "IP1: Tallene steg. [fotnote: Kilde: NAV 2021.] [sluttnote: Se vedlegg.]\nNeste."
        );
    }

    #[test]
    fn tracked_deletions_leave_no_line() {
        let rtf = format!(
            "{HEADER}Intervjuer: Hei.\\par {{\\deleted\\revauthdel1 IP2: Dette skal bort.\\par}}IP1: Det var {{\\revised veldig }}{{\\deleted ikke }}fint.\\par}}"
        );
        assert_eq!(text(&rtf), "Intervjuer: Hei.\nIP1: Det var veldig fint.");
    }

    #[test]
    fn tables_as_tab_joined_rows() {
        let rtf = format!(
            "{HEADER}\\trowd\\cellx2000\\cellx6000\\pard\\intbl Intervjuer\\cell Hva med kollegaene?\\cell\\row\\trowd\\cellx2000\\cellx6000\\pard\\intbl IP1\\cell De er gull verdt.\\par S\\'e6rlig \\'c5se.\\cell\\row\\pard Slutt.\\par}}"
        );
        assert_eq!(
            text(&rtf),
            "Intervjuer\tHva med kollegaene?\nIP1\tDe er gull verdt. Særlig Åse.\nSlutt."
        );
    }

    #[test]
    fn not_rtf_or_damaged() {
        assert!(
            parse(b"Bare tekst")
                .unwrap_err()
                .contains("not an RTF file")
        );
        let deep = format!("{{\\rtf1 {}", "{".repeat(MAX_DEPTH + 1));
        assert!(parse(deep.as_bytes()).unwrap_err().contains("nested"));
        // Unbalanced braces and a truncated file still give their text.
        assert_eq!(text(r"{\rtf1 Hei}}} der\'"), "Hei der");
    }
}
