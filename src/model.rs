//! Plain data types that the library hands to the GUI, the CLI and exporters.
//! They derive `Serialize`, which is also the CLI's `--json` output.

use serde::Serialize;
use std::collections::BTreeMap;

pub type Id = i64;

/// A document without its text (lists, menus).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocumentInfo {
    pub id: Id,
    pub uuid: String,
    pub name: String,
    pub source_name: String,
    pub format: String,
    pub chars: usize,
    pub sha256: String,
    pub imported_at: String,
    /// Participants in the document: linked to it directly or through a speaker.
    pub participants: Vec<String>,
    pub codings: usize,
}

/// A speaker turn (or paragraph) of a document, in char offsets.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Turn {
    pub id: Id,
    pub start: usize,
    pub body_start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub participant: Option<String>,
    pub timestamp: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Participant {
    pub id: Id,
    pub uuid: String,
    pub label: String,
    pub attributes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Code {
    pub id: Id,
    pub uuid: String,
    pub parent: Option<Id>,
    pub name: String,
    pub colour: String,
    pub description: String,
    pub position: i64,
}

/// A code in the codebook tree, with how much of the data it covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CodeNode {
    #[serde(flatten)]
    pub code: Code,
    pub codings: usize,
    pub documents: usize,
    pub participants: usize,
    pub children: Vec<CodeNode>,
}

/// A coded quote: a span of a document labelled with a code.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coding {
    pub id: Id,
    pub uuid: String,
    pub doc_id: Id,
    /// The document's name.
    pub doc: String,
    pub code_id: Id,
    /// The code's name.
    pub code: String,
    pub start: usize,
    pub end: usize,
    /// The quoted text, exactly `text[start..end]` of the document.
    pub text: String,
    pub memo: String,
    pub participant: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Document,
    Familiarisation,
    Code,
    Project,
}

impl NoteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Document => "document",
            NoteKind::Familiarisation => "familiarisation",
            NoteKind::Code => "code",
            NoteKind::Project => "project",
        }
    }

    pub fn parse(s: &str) -> Option<NoteKind> {
        Some(match s {
            "document" => NoteKind::Document,
            "familiarisation" => NoteKind::Familiarisation,
            "code" => NoteKind::Code,
            "project" => NoteKind::Project,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Note {
    pub id: Id,
    pub uuid: String,
    pub kind: NoteKind,
    pub document: Option<Id>,
    pub code: Option<Id>,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
}

/// An entry of the command log, for "Undo: apply code 'Tillit'" and history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LogEntry {
    pub seq: i64,
    pub label: String,
    pub done: bool,
    pub created_at: String,
}
