//! Speaker-turn detection in plain transcript text.
//!
//! Norwegian transcripts mark who speaks with a label at the start of a
//! line: `Intervjuer:`, `I:`, `Informant 2:`, `IP3:`, `Deltaker A:`,
//! `Kari Nordvik:`, or a label cell followed by a tab when the transcript
//! was a two-column Word table; a timestamp (`[00:12:31]`, `(00:12)`,
//! `00:12:31`) may come first. Everything up to the next label belongs to
//! the turn.
//!
//! False labels cost more than missed ones (a sentence turned into a
//! speaker pollutes every participant list), so a candidate must look
//! like a label *and* be plausible: a known role, a name of two or more
//! capitalised words, a word with a number or letter (`Leder 2`), or a
//! label used at least twice in the document. Sentence openers and
//! header fields (`Altså:`, `Dato:`) never count.

use super::ParsedTurn;
use crate::text::CharIndex;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// An optional leading timestamp: `[00:12:31]`, `(00:12)`, or bare
/// `00:12:31` followed by a space; an optional dash after it.
static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    let t = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?";
    Regex::new(&format!(
        r"^(?:\[(?P<a>{t})\][ \t]*|\((?P<b>{t})\)[ \t]*|(?P<c>{t})[ \t]+)(?:[-–][ \t]+)?"
    ))
    .expect("timestamp regex")
});

/// One to four tokens, the first capitalised, the rest capitalised words
/// or numbers, then `:` (followed by a space or the line end) or tabs.
/// Requiring a space after the colon rules out `12:30` and `https:`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{L}\p{N}-]*";
    Regex::new(&format!(
        r"^(?P<label>{word}(?: (?:{word}|\p{{N}}+)){{0,3}})(?: ?:(?:[ \t]+|$)|\t+)"
    ))
    .expect("label regex")
});

/// Roles used as speaker labels in Norwegian (and some English)
/// transcripts; a trailing number (`IP3`, `Informant 2`) is allowed.
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:i|int|intervjuer|intervjuar|informant|inf|ip|deltaker|deltakar|moderator|mod|respondent|fasilitator|forsker|spørsmål|svar|interviewer|interviewee|participant|p|r|q|a)\d*(?: (?:\d+|\p{Lu}))?$",
    )
    .expect("role regex")
});

/// First words that open sentences or header fields, never speakers.
const NOT_SPEAKERS: &[&str] = &[
    "altså",
    "bare",
    "da",
    "dato",
    "de",
    "del",
    "deltakere",
    "dem",
    "den",
    "der",
    "dere",
    "det",
    "dette",
    "du",
    "egentlig",
    "eksempel",
    "eller",
    "emne",
    "etter",
    "fil",
    "for",
    "fordi",
    "før",
    "han",
    "her",
    "hun",
    "hva",
    "hvem",
    "hvis",
    "hvor",
    "hvordan",
    "hvorfor",
    "ja",
    "jeg",
    "jo",
    "kanskje",
    "kilde",
    "kl",
    "klokka",
    "kommentar",
    "lengde",
    "liksom",
    "lydfil",
    "men",
    "merk",
    "merknad",
    "nb",
    "nei",
    "note",
    "notat",
    "nå",
    "obs",
    "og",
    "også",
    "om",
    "opptak",
    "prosjekt",
    "side",
    "sted",
    "slik",
    "som",
    "sånn",
    "så",
    "tema",
    "tid",
    "tidspunkt",
    "til",
    "tittel",
    "transkribent",
    "transkribert",
    "varighet",
    "vedlegg",
    "vi",
    "intervju",
];

/// A line that starts like a labelled turn. Offsets are bytes into the line.
#[derive(Debug)]
struct Candidate {
    /// Where the turn starts (after indentation).
    start: usize,
    timestamp: Option<String>,
    speaker: String,
    body_start: usize,
    /// Tab-separated labels (table cells) need stronger evidence.
    by_tab: bool,
}

/// Split `text` into speaker turns (char offsets). Without any label, or
/// before the first one, each non-blank line is its own turn with no
/// speaker: a line is a paragraph in text from Word, docx and odt.
pub fn detect_turns(text: &str) -> Vec<ParsedTurn> {
    let lines = lines_with_offsets(text);
    let candidates: Vec<Option<Candidate>> =
        lines.iter().map(|(_, l)| parse_candidate(l)).collect();
    let counts = label_counts(&candidates);
    let labels: Vec<Option<Candidate>> = candidates
        .into_iter()
        .map(|c| c.filter(|c| is_plausible(c, counts[c.speaker.as_str()])))
        .collect();
    let byte_turns = build_turns(&lines, labels);
    to_char_offsets(text, byte_turns)
}

/// Lines of `text` with the byte offset where each starts (no newline).
fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        out.push((pos, line));
        pos += line.len() + 1;
    }
    out
}

/// Recognise `[timestamp] Label: body` at the start of one line.
fn parse_candidate(line: &str) -> Option<Candidate> {
    let start = line.len() - line.trim_start_matches([' ', '\t']).len();
    let mut rest = &line[start..];
    let mut timestamp = None;
    if let Some(caps) = TIMESTAMP.captures(rest) {
        let t = caps
            .name("a")
            .or(caps.name("b"))
            .or(caps.name("c"))
            .expect("one timestamp group");
        timestamp = Some(t.as_str().to_owned());
        rest = &rest[caps[0].len()..];
    }
    let caps = LABEL.captures(rest)?;
    let whole = caps.get(0).expect("match");
    let label_at = line.len() - rest.len();
    let mut body_start = label_at + whole.end();
    body_start +=
        line[body_start..].len() - line[body_start..].trim_start_matches([' ', '\t']).len();
    Some(Candidate {
        start,
        timestamp,
        speaker: caps["label"].to_owned(),
        body_start,
        by_tab: !whole.as_str().contains(':'),
    })
}

fn label_counts(candidates: &[Option<Candidate>]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for c in candidates.iter().flatten() {
        *counts.entry(c.speaker.clone()).or_insert(0) += 1;
    }
    counts
}

/// Is this candidate a speaker rather than a sentence or a header field?
fn is_plausible(c: &Candidate, uses: usize) -> bool {
    let first = c.speaker.split(' ').next().unwrap_or("").to_lowercase();
    if NOT_SPEAKERS.contains(&first.as_str()) {
        return false;
    }
    if ROLE.is_match(&c.speaker) || uses >= 2 {
        return true;
    }
    // Used once: trust only shapes that sentences do not have.
    let words = c.speaker.split(' ').count();
    !c.by_tab && words >= 2
}

/// A turn under construction, in byte offsets.
struct OpenTurn {
    start: usize,
    body_start: usize,
    end: usize,
    speaker: Option<String>,
    timestamp: Option<String>,
}

impl OpenTurn {
    fn finish(self) -> ParsedTurn {
        ParsedTurn {
            start: self.start,
            body_start: self.body_start,
            end: self.end,
            speaker: self.speaker,
            timestamp: self.timestamp,
        }
    }
}

/// Group lines into turns: a labelled line opens a turn that takes in the
/// following unlabelled lines; unlabelled lines before any label are
/// paragraph turns of their own.
fn build_turns(lines: &[(usize, &str)], labels: Vec<Option<Candidate>>) -> Vec<ParsedTurn> {
    let mut turns = Vec::new();
    let mut open: Option<OpenTurn> = None;
    for (&(offset, line), label) in lines.iter().zip(labels) {
        let trimmed_end = offset + line.trim_end().len();
        if let Some(c) = label {
            turns.extend(open.take().map(OpenTurn::finish));
            // With an empty body the turn ends at the label, never before its body.
            let body_start = (offset + c.body_start).min(trimmed_end);
            open = Some(OpenTurn {
                start: offset + c.start,
                body_start,
                end: trimmed_end,
                speaker: Some(c.speaker),
                timestamp: c.timestamp,
            });
        } else if line.trim().is_empty() {
            continue;
        } else if let Some(turn) = open.as_mut() {
            turn.end = trimmed_end;
        } else {
            let start = offset + (line.len() - line.trim_start().len());
            turns.push(ParsedTurn {
                start,
                body_start: start,
                end: trimmed_end,
                speaker: None,
                timestamp: None,
            });
        }
    }
    turns.extend(open.map(OpenTurn::finish));
    turns
}

fn to_char_offsets(text: &str, turns: Vec<ParsedTurn>) -> Vec<ParsedTurn> {
    let idx = CharIndex::new(text);
    turns
        .into_iter()
        .map(|t| ParsedTurn {
            start: idx.char(t.start),
            body_start: idx.char(t.body_start),
            end: idx.char(t.end),
            ..t
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::slice_chars;

    /// (speaker, body) of every turn, read back through the char offsets.
    fn read(text: &str) -> Vec<(Option<String>, String)> {
        detect_turns(text)
            .iter()
            .map(|t| {
                (
                    t.speaker.clone(),
                    slice_chars(text, t.body_start, t.end).to_owned(),
                )
            })
            .collect()
    }

    fn speakers(text: &str) -> Vec<Option<String>> {
        detect_turns(text).into_iter().map(|t| t.speaker).collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_owned())
    }

    #[test]
    fn every_label_style() {
        let text = "Intervjuer: Hvordan var det?\nI: Fortell mer.\nInformant 2: Det var tøft.\nIP3: Ja, særlig i år.\n\
                    Deltaker A: Enig.\nModerator: Takk.\nKari Nordvik: Jeg må si noe.\nÅse Ødegård 2: Og jeg.";
        assert_eq!(
            read(text),
            vec![
                (s("Intervjuer"), "Hvordan var det?".to_owned()),
                (s("I"), "Fortell mer.".to_owned()),
                (s("Informant 2"), "Det var tøft.".to_owned()),
                (s("IP3"), "Ja, særlig i år.".to_owned()),
                (s("Deltaker A"), "Enig.".to_owned()),
                (s("Moderator"), "Takk.".to_owned()),
                (s("Kari Nordvik"), "Jeg må si noe.".to_owned()),
                (s("Åse Ødegård 2"), "Og jeg.".to_owned()),
            ]
        );
    }

    #[test]
    fn capitals_hyphens_and_indentation() {
        let text = "INTERVJUER: Hei.\n  Anne-Lise Berg: Hei selv.\nIP 2 : Og jeg.";
        assert_eq!(
            speakers(text),
            vec![s("INTERVJUER"), s("Anne-Lise Berg"), s("IP 2")]
        );
        // An indented turn starts at its label, not at the line start.
        let turns = detect_turns(text);
        assert_eq!(
            slice_chars(text, turns[1].start, turns[1].end),
            "Anne-Lise Berg: Hei selv."
        );
    }

    #[test]
    fn timestamps_before_labels() {
        let text =
            "[00:12:31] Intervjuer: Første.\n00:12:40 IP1: Andre.\n(00:13) Informant 2: Tredje.";
        let turns = detect_turns(text);
        let stamps: Vec<_> = turns.iter().map(|t| t.timestamp.clone()).collect();
        assert_eq!(stamps, vec![s("00:12:31"), s("00:12:40"), s("00:13")]);
        assert_eq!(
            speakers(text),
            vec![s("Intervjuer"), s("IP1"), s("Informant 2")]
        );
        // start includes the timestamp, body_start skips it and the label.
        assert_eq!(
            slice_chars(text, turns[2].start, turns[2].body_start),
            "(00:13) Informant 2: "
        );
        assert_eq!(
            slice_chars(text, turns[1].start, turns[1].end),
            "00:12:40 IP1: Andre."
        );
    }

    #[test]
    fn continuation_paragraphs_belong_to_the_turn() {
        let text =
            "I: Spørsmål?\n\nIP: Første avsnitt.\n\nAndre avsnitt på ærlig vis.\n\n\nI: Neste.\n";
        let turns = detect_turns(text);
        assert_eq!(turns.len(), 3);
        assert_eq!(
            slice_chars(text, turns[1].body_start, turns[1].end),
            "Første avsnitt.\n\nAndre avsnitt på ærlig vis."
        );
        // The end excludes trailing newlines.
        assert_eq!(slice_chars(text, turns[2].start, turns[2].end), "I: Neste.");
    }

    #[test]
    fn tab_labels_from_word_tables() {
        let text = "Intervjuer\tHva gjør du på jobb?\nKari\tJeg jobber på sykehjem.\nIntervjuer\tHvor lenge?\nKari\tI tjue år.";
        assert_eq!(
            read(text),
            vec![
                (s("Intervjuer"), "Hva gjør du på jobb?".to_owned()),
                (s("Kari"), "Jeg jobber på sykehjem.".to_owned()),
                (s("Intervjuer"), "Hvor lenge?".to_owned()),
                (s("Kari"), "I tjue år.".to_owned()),
            ]
        );
    }

    #[test]
    fn false_labels_are_not_speakers() {
        let text = "I: Hva skjedde?\nIP1: Det var sånn: vi gikk hjem.\nHun sa: «kom igjen».\nAltså: jeg vet ikke.\n\
                    Klokka var 12:30 da.\nSe https://nav.no for mer.\nStore Norske Leksikon Sier Dette: ja.\nNavn\tAlder";
        let turns = detect_turns(text);
        assert_eq!(speakers(text), vec![s("I"), s("IP1")]);
        assert!(slice_chars(text, turns[1].body_start, turns[1].end).ends_with("Navn\tAlder"));
    }

    #[test]
    fn single_word_label_needs_to_recur() {
        // "Kari:" twice is a speaker; "Oppsummering:" once is a heading.
        let text = "Oppsummering: kort.\nKari: Hei.\nKari: Hade.";
        assert_eq!(speakers(text), vec![None, s("Kari"), s("Kari")]);
    }

    #[test]
    fn header_fields_before_first_label_are_paragraphs() {
        let text =
            "Dato: 12.03.2022\nSted: Bergen\n\nIntervjuer: Velkommen.\nDato: igjen\nDato: og igjen";
        let turns = detect_turns(text);
        assert_eq!(speakers(text), vec![None, None, s("Intervjuer")]);
        assert_eq!(
            slice_chars(text, turns[0].start, turns[0].end),
            "Dato: 12.03.2022"
        );
        assert_eq!(turns[0].body_start, turns[0].start);
    }

    #[test]
    fn no_labels_gives_one_turn_per_paragraph() {
        let text = "Første avsnitt om blåbær.\n\n  Andre avsnitt.  \nTredje.";
        let turns = detect_turns(text);
        let bodies: Vec<_> = turns
            .iter()
            .map(|t| slice_chars(text, t.start, t.end))
            .collect();
        assert_eq!(
            bodies,
            vec!["Første avsnitt om blåbær.", "Andre avsnitt.", "Tredje."]
        );
        assert!(turns.iter().all(|t| t.speaker.is_none()));
    }

    #[test]
    fn offsets_are_chars_not_bytes() {
        let text =
            "Ærlig innledning på æøå.\nØystein Åsen: Blåbærsyltetøy er godt.\nØystein Åsen: Ja.";
        let turns = detect_turns(text);
        assert_eq!(turns[1].start, 25);
        assert_eq!(turns[1].body_start, 25 + "Øystein Åsen: ".chars().count());
        assert_eq!(
            slice_chars(text, turns[1].body_start, turns[1].end),
            "Blåbærsyltetøy er godt."
        );
    }

    #[test]
    fn label_with_empty_body() {
        let text = "Moderator:\nVelkommen alle sammen.\nModerator: Takk.";
        let turns = detect_turns(text);
        assert_eq!(turns.len(), 2);
        assert_eq!(
            slice_chars(text, turns[0].body_start, turns[0].end),
            "\nVelkommen alle sammen."
        );
    }
}
