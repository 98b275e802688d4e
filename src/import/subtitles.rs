//! Subtitle files from transcription tools (.srt, WebVTT .vtt): one turn
//! per cue, the cue's time range kept as the turn's timestamp.
//!
//! The text has one line per cue; a cue's own line breaks are layout for
//! the screen, not meaning, so they become spaces. A WebVTT voice
//! (`<v Kari>`) becomes the speaker and is written as `Kari: ` before the
//! cue text, so that the text reads like any other transcript and quotes
//! stay attributable when exported.

use super::ParsedTurn;
use crate::text::char_len;
use regex::Regex;
use std::sync::LazyLock;

/// `00:00:01,000 --> 00:00:04,000` (SRT) or `00:01.000 --> 00:04.000`
/// (WebVTT, hours optional), possibly followed by cue settings.
static TIMING: LazyLock<Regex> = LazyLock::new(|| {
    let t = r"(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}";
    Regex::new(&format!(r"^\s*({t})\s*-->\s*({t})")).expect("timing regex")
});

/// The first voice span of a WebVTT cue: `<v Kari>` or `<v.loud Kari>`.
static VOICE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<v(?:\.[^ \t>]*)?[ \t]+([^>]+)>").expect("voice regex"));

/// Markup inside cues: HTML-like tags (`<i>`, `<c.red>`, `<00:01.000>`)
/// and SSA overrides (`{\an8}`) that some SRT writers leave in.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<[^>]*>|\{\\[^}]*\}").expect("tag regex"));

/// One cue as read from the file.
#[derive(Debug, PartialEq)]
struct Cue {
    timing: String,
    speaker: Option<String>,
    text: String,
}

/// Text and turns of an .srt file (already decoded, `\n` line ends).
pub fn parse_srt(text: &str) -> Result<(String, Vec<ParsedTurn>), String> {
    let cues = blocks(text).filter_map(|b| cue(&b, false)).collect();
    assemble(cues)
}

/// Text and turns of a WebVTT file (already decoded, `\n` line ends).
pub fn parse_vtt(text: &str) -> Result<(String, Vec<ParsedTurn>), String> {
    if !text.trim_start_matches('\u{feff}').starts_with("WEBVTT") {
        return Err("is not a WebVTT file (it must start with WEBVTT)".to_owned());
    }
    // The header block, NOTE, STYLE and REGION blocks have no timing line
    // and so never become cues.
    let cues = blocks(text).filter_map(|b| cue(&b, true)).collect();
    assemble(cues)
}

/// Blocks separated by blank lines (or lines of only spaces, which some
/// tools write), each as its lines.
fn blocks(text: &str) -> impl Iterator<Item = Vec<&str>> {
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if !line.trim().is_empty() {
            blocks.last_mut().expect("never empty").push(line);
        } else if blocks.last().is_some_and(|b| !b.is_empty()) {
            blocks.push(Vec::new());
        }
    }
    blocks.into_iter().filter(|b| !b.is_empty())
}

/// A block with a timing line is a cue; lines before the timing (an
/// index or identifier) are ignored, the lines after it are the text.
fn cue(block: &[&str], vtt: bool) -> Option<Cue> {
    let at = block.iter().position(|l| TIMING.is_match(l))?;
    let caps = TIMING.captures(block[at])?;
    let raw = block[at + 1..].join(" ");
    let speaker = if vtt {
        VOICE.captures(&raw).map(|c| c[1].trim().to_owned())
    } else {
        None
    };
    let text = clean(&raw);
    if text.is_empty() {
        return None;
    }
    Some(Cue {
        timing: format!("{} --> {}", &caps[1], &caps[2]),
        speaker,
        text,
    })
}

/// Remove markup, decode the entities WebVTT allows, tidy spaces.
fn clean(raw: &str) -> String {
    let stripped = TAG.replace_all(raw, "");
    let decoded = stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&lrm;", "\u{200e}")
        .replace("&rlm;", "\u{200f}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lay the cues out as text, one line each, with their turns.
fn assemble(cues: Vec<Cue>) -> Result<(String, Vec<ParsedTurn>), String> {
    if cues.is_empty() {
        return Err("contains no subtitle cues (no lines like 00:00:01,000 --> 00:00:04,000 followed by text)".to_owned());
    }
    let mut text = String::new();
    let mut turns = Vec::with_capacity(cues.len());
    let mut pos = 0;
    for cue in cues {
        if !text.is_empty() {
            text.push('\n');
            pos += 1;
        }
        let start = pos;
        if let Some(name) = &cue.speaker {
            let label = format!("{name}: ");
            pos += char_len(&label);
            text.push_str(&label);
        }
        let body_start = pos;
        pos += char_len(&cue.text);
        text.push_str(&cue.text);
        turns.push(ParsedTurn {
            start,
            body_start,
            end: pos,
            speaker: cue.speaker,
            timestamp: Some(cue.timing),
        });
    }
    Ok((text, turns))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    #[test]
    fn srt_cues_become_turns() {
        let srt = "1\n00:00:01,000 --> 00:00:04,000\nHei, og <i>velkommen</i>\ntil intervjuet.\n  \n2\n00:00:05,500 --> 00:00:07,250\n{\\an8}Blåbær & tyttebær.\n\n";
        let (text, turns) = parse_srt(srt).unwrap();
        assert_eq!(
            text,
            "Hei, og velkommen til intervjuet.\nBlåbær & tyttebær."
        );
        assert_eq!(turns.len(), 2);
        assert_eq!(
            turns[1].timestamp.as_deref(),
            Some("00:00:05,500 --> 00:00:07,250")
        );
        assert_eq!(
            slice_chars(&text, turns[1].start, turns[1].end),
            "Blåbær & tyttebær."
        );
        assert_eq!(turns[1].speaker, None);
    }

    #[test]
    fn vtt_voices_become_speakers() {
        let vtt = "WEBVTT - intervju\n\nNOTE laget av\ntranskriberingsverktøy\n\nSTYLE\n::cue { color: red }\n\n\
                   intro\n00:01.000 --> 00:04.000 align:start\n<v Intervjuer>Hvordan går det?</v>\n\n\
                   00:00:05.000 --> 00:00:09.000\n<v.loud Åse Ødegård>Det går <b>bra</b> &amp; fint.\n\n\
                   00:00:10.000 --> 00:00:11.000\nUten stemme.";
        let (text, turns) = parse_vtt(vtt).unwrap();
        assert_eq!(
            text,
            "Intervjuer: Hvordan går det?\nÅse Ødegård: Det går bra & fint.\nUten stemme."
        );
        assert_eq!(
            turns[0].timestamp.as_deref(),
            Some("00:01.000 --> 00:04.000")
        );
        assert_eq!(turns[1].speaker.as_deref(), Some("Åse Ødegård"));
        assert_eq!(
            slice_chars(&text, turns[1].start, turns[1].body_start),
            "Åse Ødegård: "
        );
        assert_eq!(
            slice_chars(&text, turns[1].body_start, turns[1].end),
            "Det går bra & fint."
        );
        assert_eq!(turns[2].speaker, None);
    }

    #[test]
    fn vtt_without_header_or_cues_is_refused() {
        assert!(
            parse_vtt("00:01.000 --> 00:02.000\nHei")
                .unwrap_err()
                .contains("WEBVTT")
        );
        assert!(
            parse_vtt("WEBVTT\n\nNOTE bare en merknad")
                .unwrap_err()
                .contains("no subtitle cues")
        );
        assert!(
            parse_srt("Bare tekst.\n\nIngen tider.")
                .unwrap_err()
                .contains("no subtitle cues")
        );
    }
}
