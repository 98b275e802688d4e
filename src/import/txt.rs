//! Plain text and Markdown transcripts. Markdown is kept as written: its
//! markup never changes the words, and the analyst reads it fine.

use super::ParsedTurn;
use super::decode::decode_text;
use super::speakers::detect_turns;

/// Text and speaker turns of a .txt or .md file.
pub fn parse(bytes: &[u8]) -> Result<(String, Vec<ParsedTurn>), String> {
    let text = decode_text(bytes)?;
    let turns = detect_turns(&text);
    Ok((text, turns))
}
