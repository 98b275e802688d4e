//! Plain text and Markdown transcripts. Markdown is kept as written: its
//! markup never changes the words, and the analyst reads it fine.

use super::decode::decode_text;

/// The text of a .txt or .md file (speaker turns are found by the caller).
pub fn parse(bytes: &[u8]) -> Result<String, String> {
    decode_text(bytes)
}
