//! PDF with a text layer, as Word, LibreOffice and transcription services
//! export it, read with the pdf-extract crate (fonts' encodings and
//! ToUnicode maps, spaces and line ends from the glyphs' positions). A
//! line of the page becomes a line of text, a larger gap a blank line, so
//! speaker labels at the start of a line are found as in any transcript.
//!
//! Refused with the reason: a PDF without a text layer (a scan, which needs
//! OCR first), an encrypted one (even one that opens without a password,
//! since its author locked it), a damaged one. Its compressed streams
//! count against the same unpack limits as a zipped format, so a PDF bomb
//! is refused before the text is extracted.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, Object, PlainTextOutput, Stream, output_doc};

use super::unzip::{UnpackLimits, Unpacker};

const NO_TEXT: &str = "has no text layer: a scanned PDF needs OCR first \
     (run it through text recognition, e.g. in Adobe Acrobat or with ocrmypdf, and import the result)";
const ENCRYPTED: &str = "the PDF is encrypted (password protected or locked against copying); \
     open it, save or print it again as a PDF without protection, and import that";

/// Extract the text of a .pdf file.
pub fn parse(bytes: &[u8], limits: UnpackLimits) -> Result<String, String> {
    // The header may follow some junk, but within the first kilobyte.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err("is not a PDF file (it does not start with %PDF)".to_owned());
    }
    // pdf-extract panics on some malformed files: that is a damaged
    // file to the user, not a crash.
    catch_unwind(AssertUnwindSafe(|| extract(bytes, limits))).unwrap_or_else(|_| {
        Err("is a damaged or unusual PDF whose text could not be read".to_owned())
    })
}

fn extract(bytes: &[u8], limits: UnpackLimits) -> Result<String, String> {
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        // An encrypted file may fail to load at all without its password.
        Err(_) if declares_encryption(bytes) => return Err(ENCRYPTED.to_owned()),
        Err(e) => return Err(format!("is not a readable PDF (it is damaged: {e})")),
    };
    if doc.trailer.has(b"Encrypt") {
        return Err(ENCRYPTED.to_owned());
    }
    if doc.get_pages().is_empty() {
        return Err("is a PDF without pages".to_owned());
    }
    check_unpacked_size(&doc, limits)?;
    let mut raw = String::new();
    output_doc(&doc, &mut PlainTextOutput::new(&mut raw))
        .map_err(|e| format!("is a PDF whose text could not be read ({e})"))?;
    let text = tidy(&raw);
    if text.trim().is_empty() {
        return Err(NO_TEXT.to_owned());
    }
    Ok(text)
}

/// An encrypted PDF names its `/Encrypt` dictionary in the trailer, which
/// is never itself encrypted or compressed.
fn declares_encryption(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}

/// Inflate every Flate-compressed stream without keeping it, counting
/// what comes out against the unpack limits.
fn check_unpacked_size(doc: &Document, limits: UnpackLimits) -> Result<(), String> {
    let mut unpacker = Unpacker::new(limits);
    for (&(num, generation), object) in &doc.objects {
        if let Object::Stream(stream) = object
            && is_flate(stream)
        {
            let size = inflated_size(&stream.content, limits.entry.saturating_add(1));
            unpacker.charge(&format!("PDF object {num} {generation} unpacked"), size)?;
        }
    }
    Ok(())
}

/// Whether the stream's first (or only) filter is FlateDecode.
fn is_flate(stream: &Stream) -> bool {
    let first = match stream.dict.get(b"Filter") {
        Ok(Object::Array(filters)) => filters.first(),
        Ok(filter) => Some(filter),
        Err(_) => None,
    };
    matches!(first, Some(Object::Name(name)) if name == b"FlateDecode")
}

/// Bytes a zlib stream inflates to, at most `cap`; a damaged stream
/// counts what came out before the damage.
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let mut decoder = flate2::read::ZlibDecoder::new(data).take(cap);
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    while let Ok(n) = decoder.read(&mut buf) {
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    total
}

/// Lines without trailing spaces, at most one blank line in a row, no
/// blank lines at the start or end.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_trims_and_collapses_blank_lines() {
        assert_eq!(
            tidy("\n\nI: Hei  \nIP1: Hallo\n\n\n\nNeste \n\n"),
            "I: Hei\nIP1: Hallo\n\nNeste"
        );
    }

    #[test]
    fn not_a_pdf() {
        let limits = UnpackLimits::default();
        assert!(parse(b"Hei", limits).unwrap_err().contains("not a PDF"));
        assert!(
            parse(b"%PDF-1.4\ngarbage", limits)
                .unwrap_err()
                .contains("damaged")
        );
    }
}
