//! A small study full of identifiers, for the anonymisation tests: names
//! (with genitive and hyphen), a place, a phone, an e-mail, a fødselsnummer,
//! a speaker label that is a name, and codings spanning and touching them.
#![allow(dead_code)]

#[path = "../common/mod.rs"]
mod common;

pub use common::*;

use std::path::Path;
use tema::Project;
use tema::store::{Command, NewDocument, NewParticipant};

pub const DOC1: &str = "Intervjuer: Kan du fortelle om samarbeidet?\n\nInformant 1: Ja, jeg jobbet tett med Kari Nordvik i Ålesund. Karis kontor lå like ved. Hun har telefon 912 34 567 og e-post kari.nordvik@vestvik.kommune.no.\n\nInformant 1: Per-Arne Løvås var koordinator. Per-Arne ringte meg hver uke.\n\nIntervjuer: Og skjemaet?\n\nInformant 1: Der sto fødselsnummeret 17090712345, sto det på skjemaet.";

pub const DOC2: &str = "Intervjuer: Hvem var kontaktpersonen?\n\nInformant 2: Det var Kari Nordvik. Vi møttes i Ålesund hver måned, og Per-Arne var med.";

pub const DOC3: &str =
    "Intervjuer: Du var kontaktlærer?\n\nKari Nordvik: Ja, i mange år. Per-Arne var sjefen min.";

/// Strings planted in the study that must not survive anonymisation.
pub const PLANTED: &[&str] = &[
    "Kari Nordvik",
    "Nordvik",
    "Karis",
    "kari",
    "Per-Arne",
    "Løvås",
    "Ålesund",
    "912 34 567",
    "kari.nordvik@",
    "17090712345",
];

pub struct Study {
    pub dir: tempfile::TempDir,
    pub project: Project,
    pub docs: [i64; 3],
    /// (coding id, quote before anonymisation)
    pub codings: Vec<(i64, String)>,
}

impl Study {
    pub fn project_dir(&self) -> &Path {
        self.project.dir()
    }
}

pub fn study() -> Study {
    let (dir, mut p) = new_project();
    let mut d1 = NewDocument::from(parsed("Intervju med Kari Nordvik", DOC1));
    d1.participants = vec!["Kari Nordvik".into()];
    let d2 = NewDocument::from(parsed("Intervju 2", DOC2));
    let mut d3 = NewDocument::from(parsed("Intervju 3", DOC3));
    d3.speakers = vec![("Kari Nordvik".into(), "Kari Nordvik".into())];
    let ids = p
        .execute(Command::Import {
            documents: vec![d1, d2, d3],
            participants: vec![NewParticipant {
                label: "Kari Nordvik".into(),
                attributes: vec![("arbeidssted".into(), "Ålesund".into())],
            }],
        })
        .unwrap()
        .ids;
    let docs = [ids[0], ids[1], ids[2]];
    let samarbeid = create_code(&mut p, "Samarbeid med Kari Nordvik", None);
    let tillit = create_code(&mut p, "Tillit", None);
    p.execute(Command::EditCode {
        code: tillit,
        colour: None,
        description: Some("Når Per-Arne Løvås ringer".into()),
    })
    .unwrap();
    let mut codings = Vec::new();
    for (doc, code, quote) in [
        // spans two names
        (docs[0], samarbeid, "jobbet tett med Kari Nordvik i Ålesund"),
        // starts on a genitive
        (docs[0], samarbeid, "Karis kontor lå like ved"),
        // ends inside a name
        (docs[0], tillit, "Ja, jeg jobbet tett med Kari"),
        // touches a name from outside on both sides
        (docs[0], tillit, " var koordinator. "),
        // touches the fødselsnummer from before
        (docs[0], tillit, "Der sto fødselsnummeret "),
        // a hyphenated name inside
        (docs[1], tillit, "og Per-Arne var med"),
        // the speaker label that is a name
        (docs[2], samarbeid, "Kari Nordvik: Ja, i mange år."),
    ] {
        let id = code_quote(&mut p, doc, code, quote);
        codings.push((id, quote.to_string()));
    }
    p.execute(Command::EditCoding {
        coding: codings[0].0,
        code: None,
        start: None,
        end: None,
        memo: Some("Kari Nordvik er nøkkelpersonen".into()),
    })
    .unwrap();
    p.execute(Command::AddNote {
        kind: tema::model::NoteKind::Document,
        doc: Some(docs[0]),
        code: None,
        text: "Snakk med Per-Arne Løvås igjen om Ålesund.".into(),
    })
    .unwrap();
    Study {
        dir,
        project: p,
        docs,
        codings,
    }
}

/// Every planted string found in `bytes`, case-insensitively, as UTF-8 or
/// UTF-16 (LE and BE, both alignments). Independent of tema's own scanner.
pub fn planted_in(bytes: &[u8], planted: &[&str]) -> Vec<String> {
    let mut texts = vec![String::from_utf8_lossy(bytes).to_lowercase()];
    for offset in [0usize, 1] {
        for be in [false, true] {
            let units: Vec<u16> = bytes[offset.min(bytes.len())..]
                .chunks_exact(2)
                .map(|c| {
                    if be {
                        u16::from_be_bytes([c[0], c[1]])
                    } else {
                        u16::from_le_bytes([c[0], c[1]])
                    }
                })
                .collect();
            texts.push(String::from_utf16_lossy(&units).to_lowercase());
        }
    }
    planted
        .iter()
        .filter(|s| {
            let needle = s.to_lowercase();
            texts.iter().any(|t| t.contains(&needle))
        })
        .map(|s| s.to_string())
        .collect()
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Like [`planted_in`], but a find inside a longer word (`karismatisk`,
/// `rolemiljø`) does not count: for originals that are also word parts.
pub fn planted_words_in(bytes: &[u8], planted: &[&str]) -> Vec<String> {
    let mut texts = vec![String::from_utf8_lossy(bytes).to_lowercase()];
    for offset in [0usize, 1] {
        for be in [false, true] {
            let units: Vec<u16> = bytes[offset.min(bytes.len())..]
                .chunks_exact(2)
                .map(|c| {
                    let pair = [c[0], c[1]];
                    if be {
                        u16::from_be_bytes(pair)
                    } else {
                        u16::from_le_bytes(pair)
                    }
                })
                .collect();
            texts.push(String::from_utf16_lossy(&units).to_lowercase());
        }
    }
    let word = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    planted
        .iter()
        .filter(|s| {
            let needle = s.to_lowercase();
            texts.iter().any(|t| {
                t.match_indices(&needle).any(|(i, m)| {
                    !word(t[..i].chars().next_back()) && !word(t[i + m.len()..].chars().next())
                })
            })
        })
        .map(|s| s.to_string())
        .collect()
}
