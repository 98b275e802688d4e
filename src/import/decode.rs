//! Bytes → text for plain-text formats (txt, md, srt, vtt, csv).
//!
//! Transcripts reach us from Word ("Save as plain text" picks UTF-16 or
//! Windows-1252 depending on the version), from transcription services
//! (UTF-8, often with a BOM) and from old Windows Notepad (Windows-1252).
//! We honour a BOM when there is one, try strict UTF-8 next, and fall back
//! to Windows-1252, which decodes any byte, so it must come last.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Share of control characters above which a file is called binary. Real
/// text has almost none besides tab and newline; a tenth is far beyond any
/// transcript but well below what random bytes produce.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// Decode the bytes of a text file and normalise line endings to `\n`.
/// The error is a reason for the user, without the file name.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    let text = decode_raw(bytes)?;
    check_is_text(&text)?;
    Ok(normalise_newlines(&text))
}

/// Like `decode_text`, but line endings are kept as written: for formats
/// whose offsets count a `\r\n` as two characters (REFI-QDA sources).
pub fn decode_text_keep_newlines(bytes: &[u8]) -> Result<String, String> {
    let text = decode_raw(bytes)?;
    check_is_text(&text)?;
    Ok(text)
}

/// Decode without judging the content: BOM first, then UTF-8, then
/// Windows-1252.
fn decode_raw(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).map(str::to_owned).map_err(|e| {
            format!("starts with a UTF-8 byte-order mark but is not valid UTF-8 ({e})")
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, UTF_16LE, "UTF-16 LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, UTF_16BE, "UTF-16 BE");
    }
    // NUL bytes never occur in 8-bit text; checked before the fallback,
    // because Windows-1252 would happily "decode" an image.
    if bytes.contains(&0) {
        return Err(binary_reason());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(_) => Ok(WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// Strict UTF-16: an odd byte count or an unpaired surrogate is an error,
/// not a replacement character hidden in a transcript.
fn decode_utf16(
    bytes: &[u8],
    enc: &'static encoding_rs::Encoding,
    label: &str,
) -> Result<String, String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| format!("has a {label} byte-order mark but is not valid UTF-16 (odd length or broken surrogate pair)"))
}

fn binary_reason() -> String {
    "looks like a binary file, not text (it contains NUL bytes or mostly control characters)"
        .to_owned()
}

/// Refuse decoded text that is mostly control characters (a binary file
/// that happened to decode, e.g. through the Windows-1252 fallback).
fn check_is_text(text: &str) -> Result<(), String> {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')) {
            control += 1;
        }
    }
    if text.contains('\0') || (total > 0 && control as f64 / total as f64 > MAX_CONTROL_SHARE) {
        return Err(binary_reason());
    }
    Ok(())
}

/// CRLF and lone CR (old Mac, some transcription tools) become `\n`, so
/// that offsets never depend on the platform a file was written on.
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
        let mut out = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in s.encode_utf16() {
            let b = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&b);
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text("Blåbær".as_bytes()).unwrap(), "Blåbær");
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFBl\xC3\xA5b\xC3\xA6r").unwrap(),
            "Blåbær"
        );
    }

    #[test]
    fn utf16_both_byte_orders() {
        let s = "I: Hvordan går det?\r\nIP3: Bra, takk – æøå.";
        let want = "I: Hvordan går det?\nIP3: Bra, takk – æøå.";
        assert_eq!(decode_text(&utf16(s, false)).unwrap(), want);
        assert_eq!(decode_text(&utf16(s, true)).unwrap(), want);
    }

    #[test]
    fn windows_1252_fallback() {
        // "blåbærsyltetøy" in Windows-1252: å=E5 æ=E6 ø=F8.
        let bytes = b"bl\xE5b\xE6rsyltet\xF8y";
        assert_eq!(decode_text(bytes).unwrap(), "blåbærsyltetøy");
    }

    #[test]
    fn invalid_utf16_is_refused() {
        let mut odd = utf16("Hei", false);
        odd.push(0x41);
        assert!(decode_text(&odd).unwrap_err().contains("not valid UTF-16"));
        // Lone high surrogate D800.
        let lone = vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00];
        assert!(decode_text(&lone).unwrap_err().contains("not valid UTF-16"));
    }

    #[test]
    fn binary_is_refused() {
        assert!(
            decode_text(b"PK\x03\x04\x00\x00abc")
                .unwrap_err()
                .contains("binary")
        );
        let controls: Vec<u8> = (1u8..32).cycle().take(200).collect();
        assert!(decode_text(&controls).unwrap_err().contains("binary"));
    }

    #[test]
    fn newlines_normalised() {
        assert_eq!(normalise_newlines("a\r\nb\rc\nd\r\n\r\n"), "a\nb\nc\nd\n\n");
    }
}
