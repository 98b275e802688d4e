//! Characters that a file carries but a reader never sees: the soft
//! hyphen (U+00AD, Word's "optional hyphen"), zero-width space (U+200B),
//! word joiner (U+2060) and the byte-order mark used as a zero-width
//! no-break space (U+FEFF). The zero-width non-joiner and joiner (U+200C,
//! U+200D) stay: they are part of the writing in Persian and Sorani
//! Kurdish and of emoji sequences quoted from chats (🙋‍♀️). Left in, they split
//! a word for search ("sam\u{AD}arbeid" is not "samarbeid"), for the
//! anonymiser's name lists and for quotes pasted elsewhere.
//!
//! Every importer's text passes through here once, before speaker turns
//! are found and before it is stored, so every offset (turns, and later
//! codings) is an offset into the cleaned text. Line structure is never
//! touched: only these characters go.

/// Whether `c` is one of the invisible characters removed on import.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// `text` without invisible characters; untouched (no copy) when it has
/// none, which is the common case and keeps large imports fast.
pub fn remove_invisible(mut text: String) -> String {
    if text.contains(is_invisible) {
        text.retain(|c| !is_invisible(c));
    }
    text
}

/// The same, in place, for the cells of a survey sheet.
pub fn remove_invisible_in(text: &mut String) {
    if text.contains(is_invisible) {
        text.retain(|c| !is_invisible(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_and_everything_else_stays() {
        let raw = "\u{FEFF}sam\u{AD}arbeid\u{200B} og\u{2060} tillit\n\tæøå – ok 🙋\u{200D}♀️ می\u{200C}خواهم";
        assert_eq!(
            remove_invisible(raw.to_owned()),
            "samarbeid og tillit\n\tæøå – ok 🙋\u{200D}♀️ می\u{200C}خواهم",
            "joiners inside emoji and Persian words stay"
        );
        let plain = "Ingen skjulte tegn her.".to_owned();
        let ptr = plain.as_ptr();
        let kept = remove_invisible(plain);
        assert_eq!(kept.as_ptr(), ptr, "no copy without them");
    }
}
