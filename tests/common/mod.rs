//! Helpers shared by the integration tests: small projects built in a
//! temporary directory through the public API.
#![allow(dead_code)]

pub mod cli;

use tema::Project;
use tema::import::{ParsedDocument, ParsedTurn};
use tema::store::{Command, NewDocument, ThemeCommand};

pub const GROUP_INTERVIEW: &str = "Intervjuer: Hvordan opplever dere samarbeidet på tvers av tjenestene?\n\nInformant 1: Tja, det er jo mye tillit som må på plass. Vi i skolen vet ofte ikke hva barnevernet gjør.\n\nInformant 2: Og taushetsplikten står i veien – særlig når ungdommen selv ikke vil at vi snakker sammen.\n\nIntervjuer: Kan du si mer om det?\n\nInformant 2: Ja, vi blir sittende på hver vår tue. *ler* Det er ikke bra for ungdommen.";

/// Turns of `GROUP_INTERVIEW`, found by hand-rolled label detection so the
/// store tests do not depend on the importers.
pub fn turns_of(text: &str) -> Vec<ParsedTurn> {
    let mut turns = Vec::new();
    let mut offset = 0;
    for para in text.split("\n\n") {
        let len = para.chars().count();
        let (speaker, body) = match para.split_once(": ") {
            Some((label, _)) if label.len() < 20 => {
                (Some(label.to_string()), label.chars().count() + 2)
            }
            _ => (None, 0),
        };
        turns.push(ParsedTurn {
            start: offset,
            body_start: offset + body,
            end: offset + len,
            speaker,
            timestamp: None,
        });
        offset += len + 2;
    }
    turns
}

pub fn parsed(name: &str, text: &str) -> ParsedDocument {
    ParsedDocument {
        name: name.to_string(),
        source_name: format!("{name}.txt"),
        format: "txt".into(),
        text: text.to_string(),
        turns: turns_of(text),
        sha256: format!("{:x}", text.len()),
    }
}

pub fn new_project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let project = Project::create(&dir.path().join("study"), "Test study").unwrap();
    (dir, project)
}

/// A project with the group interview imported, speakers mapped to participants.
pub fn project_with_interview() -> (tempfile::TempDir, Project, i64) {
    let (dir, mut p) = new_project();
    let mut doc = NewDocument::from(parsed("Gruppeintervju 1", GROUP_INTERVIEW));
    doc.speakers = vec![
        ("Informant 1".into(), "Lærer A".into()),
        ("Informant 2".into(), "Helsesykepleier B".into()),
    ];
    let id = p
        .execute(Command::Import {
            documents: vec![doc],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    (dir, p, id)
}

pub fn create_code(p: &mut Project, name: &str, parent: Option<i64>) -> i64 {
    create_code_with(p, name, parent, "")
}

/// A code with a description.
pub fn create_code_with(
    p: &mut Project,
    name: &str,
    parent: Option<i64>,
    description: &str,
) -> i64 {
    p.execute(Command::CreateCode {
        name: name.into(),
        parent,
        colour: None,
        description: description.into(),
    })
    .unwrap()
    .id()
    .unwrap()
}

/// A top-level theme with `definition`; `codes` are added one by one, as a
/// user adds them to a theme.
pub fn create_theme(
    p: &mut Project,
    name: &str,
    status: tema::model::ThemeStatus,
    definition: &str,
    codes: &[i64],
) -> i64 {
    let theme = p
        .execute(Command::Theme(ThemeCommand::CreateTheme {
            name: name.into(),
            status,
            definition: definition.into(),
            parent: None,
            codes: vec![],
        }))
        .unwrap()
        .id()
        .unwrap();
    for &code in codes {
        p.execute(Command::Theme(ThemeCommand::AddCode {
            theme,
            code,
            why: None,
        }))
        .unwrap();
    }
    theme
}

/// The text of every coding, in the store's order.
pub fn coded_texts(p: &Project) -> Vec<String> {
    p.codings(&Default::default())
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect()
}

/// Code the first occurrence of `quote`.
pub fn code_quote(p: &mut Project, doc: i64, code: i64, quote: &str) -> i64 {
    let (start, end) = tema::app::codes::quote_in(&p.text(doc).unwrap(), quote, 1).unwrap();
    p.execute(Command::ApplyCoding {
        doc,
        code,
        start,
        end,
        memo: String::new(),
    })
    .unwrap()
    .id()
    .unwrap()
}

/// Everything a user could see of a project, to compare before and after.
pub fn snapshot(p: &Project) -> String {
    let docs = p.documents().unwrap();
    let texts: Vec<String> = docs.iter().map(|d| p.text(d.id).unwrap()).collect();
    let turns: Vec<_> = docs.iter().map(|d| p.turns(d.id).unwrap()).collect();
    let codings = p.codings(&Default::default()).unwrap();
    let notes = p.notes(None, None, None).unwrap();
    serde_json::to_string_pretty(&serde_json::json!({
        "docs": docs, "texts": texts, "turns": turns, "codes": p.codebook().unwrap(),
        "codings": codings, "participants": p.participants().unwrap(), "notes": notes,
    }))
    .unwrap()
}

/// A second connection to a project's database, for what a test reads or
/// plants behind tema's back (the store keeps its own connection private).
pub fn raw_db(p: &Project) -> rusqlite::Connection {
    rusqlite::Connection::open(p.dir().join(tema::store::DB_FILE)).unwrap()
}
