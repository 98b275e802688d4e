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
    /// How much of the document has been read through (familiarisation):
    /// the share of its speaker turns' characters marked read, 0 to 1.
    pub read: f64,
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

/// How much of the data a code covers (the counts beside it in the codebook).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CodeStats {
    pub codings: usize,
    pub documents: usize,
    pub participants: usize,
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
    /// The number of the coding pass it was made in (None: before passes).
    pub pass: Option<i64>,
    /// The meaning unit's condensed meaning, in the analyst's own words.
    pub condensation: String,
    /// Who made it (the coder's name); None for codings made before coders.
    pub coder: Option<String>,
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
    /// Who wrote it (the coder's name); None before coders.
    pub coder: Option<String>,
}

/// An entry of the command log, for "Undo: apply code 'Tillit'" and history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LogEntry {
    pub seq: i64,
    pub label: String,
    pub done: bool,
    pub created_at: String,
    /// Who made the change (the coder's name); None before coders.
    pub coder: Option<String>,
}

/// One analyst of the team: every coding, note, theme change and journal
/// entry records its coder. The uuid is the same in every copy of the
/// project, so merging copies keeps coders apart (and a coder's codings
/// count once).
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Coder {
    pub uuid: String,
    pub name: String,
    /// Short initials shown on coding stripes ("AB").
    pub initials: String,
    /// `#RRGGBB`.
    pub colour: String,
}

impl Coder {
    /// "Anna Berg" → "AB"; "anna" → "AN".
    pub fn initials_of(name: &str) -> String {
        let words: Vec<&str> = name.split_whitespace().collect();
        let letters: String = match words.as_slice() {
            [one] => one.chars().take(2).collect(),
            many => many
                .iter()
                .filter_map(|w| w.chars().next())
                .take(3)
                .collect(),
        };
        letters.to_uppercase()
    }
}

// ------------------------------------------------------------------ themes

/// Where a theme stands in the analysis. Discarding never deletes.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ThemeStatus {
    Candidate,
    Final,
    Discarded,
}

impl ThemeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ThemeStatus::Candidate => "candidate",
            ThemeStatus::Final => "final",
            ThemeStatus::Discarded => "discarded",
        }
    }

    pub fn parse(s: &str) -> Option<ThemeStatus> {
        Some(match s.trim().to_lowercase().as_str() {
            "candidate" => ThemeStatus::Candidate,
            "final" => ThemeStatus::Final,
            "discarded" => ThemeStatus::Discarded,
            _ => return None,
        })
    }
}

/// A code as part of a theme, with how much data it brings.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThemeCode {
    pub id: Id,
    pub name: String,
    /// Codings of this code.
    pub extracts: usize,
    /// Distinct participants of those codings.
    pub participants: usize,
    /// Fewer than `FEW_EXTRACTS` extracts: thin support for the theme.
    pub few_extracts: bool,
}

/// A theme with its codes and how widely it is spread.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Theme {
    pub id: Id,
    pub uuid: String,
    pub name: String,
    pub status: ThemeStatus,
    /// The central organising concept.
    pub definition: String,
    /// What the theme is not.
    pub boundaries: String,
    pub parent: Option<Id>,
    pub position: i64,
    pub colour: String,
    pub writeup: String,
    pub created_at: String,
    pub codes: Vec<ThemeCode>,
    /// Distinct codings of its codes (its own codes, not its sub-themes').
    pub extracts: usize,
    /// Distinct participants of those codings.
    pub participants: usize,
    pub key_quotes: usize,
}

/// What kind of change a theme history row records.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    Created,
    Renamed,
    CodesAdded,
    CodeRemoved,
    Status,
    Definition,
    Boundaries,
    Writeup,
    Colour,
    Moved,
    Merged,
    Split,
    KeyQuote,
    Edge,
    /// A row written by a newer tema.
    Other,
}

impl HistoryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HistoryKind::Created => "created",
            HistoryKind::Renamed => "renamed",
            HistoryKind::CodesAdded => "codes_added",
            HistoryKind::CodeRemoved => "code_removed",
            HistoryKind::Status => "status",
            HistoryKind::Definition => "definition",
            HistoryKind::Boundaries => "boundaries",
            HistoryKind::Writeup => "writeup",
            HistoryKind::Colour => "colour",
            HistoryKind::Moved => "moved",
            HistoryKind::Merged => "merged",
            HistoryKind::Split => "split",
            HistoryKind::KeyQuote => "key_quote",
            HistoryKind::Edge => "edge",
            HistoryKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> HistoryKind {
        [
            HistoryKind::Created,
            HistoryKind::Renamed,
            HistoryKind::CodesAdded,
            HistoryKind::CodeRemoved,
            HistoryKind::Status,
            HistoryKind::Definition,
            HistoryKind::Boundaries,
            HistoryKind::Writeup,
            HistoryKind::Colour,
            HistoryKind::Moved,
            HistoryKind::Merged,
            HistoryKind::Split,
            HistoryKind::KeyQuote,
            HistoryKind::Edge,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .unwrap_or(HistoryKind::Other)
    }
}

/// One change in a theme's life, with the analyst's reason when given.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThemeHistoryEntry {
    pub id: Id,
    pub theme: Id,
    pub at: String,
    pub kind: HistoryKind,
    pub detail: String,
    pub why: Option<String>,
}

/// A coded extract of a theme; `key` marks the ones chosen for the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Extract {
    #[serde(flatten)]
    pub coding: Coding,
    pub key: bool,
}

/// A code that sits in more than one final theme: final themes should be
/// distinctive, so the analyst decides where it belongs.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThemeWarning {
    pub code: Id,
    pub code_name: String,
    pub themes: Vec<Id>,
    pub message: String,
}

/// One cell of the coverage matrix.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct MatrixCell {
    pub codings: usize,
    pub participants: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MatrixColumn {
    pub theme: Id,
    pub name: String,
    pub status: ThemeStatus,
}

/// How themes spread across participants (or groups of them): rows are
/// participants or values of one attribute, columns are themes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matrix {
    /// The attribute rows are grouped by; None: one row per participant.
    pub by: Option<String>,
    pub rows: Vec<String>,
    pub columns: Vec<MatrixColumn>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<MatrixCell>>,
    /// Per column: codings spoken by nobody known (interviewer, unmapped speaker).
    pub unattributed: Vec<usize>,
    /// Per column: every coding and every participant.
    pub totals: Vec<MatrixCell>,
}

/// What a journal entry refers to.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum JournalLink {
    Document(Id),
    Code(Id),
    Theme(Id),
}

/// A dated entry of the reflexive journal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JournalEntry {
    pub id: Id,
    pub uuid: String,
    /// The day the entry is about (YYYY-MM-DD).
    pub date: String,
    /// The phase (1–6) the analyst was in.
    pub phase: Option<u8>,
    pub text: String,
    pub links: Vec<JournalLink>,
    pub created_at: String,
    pub updated_at: String,
}

/// An entry of the phase tracker.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PhaseEntry {
    pub id: Id,
    pub at: String,
    pub phase: u8,
    pub name: String,
    pub note: String,
}

/// One item of Braun & Clarke's 15-point checklist and whether it is ticked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChecklistItem {
    pub item: u8,
    /// The stage of the work the item is about (coding, analysis, report...).
    pub stage: String,
    pub text: String,
    pub done: bool,
    pub note: String,
}

/// A theme or a code placed on the thematic map.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MapNodeRef {
    Theme(Id),
    Code(Id),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapNode {
    pub node: MapNodeRef,
    pub label: String,
    /// A theme's status; None for a code.
    pub status: Option<ThemeStatus>,
    pub colour: String,
    /// None: not placed yet (every theme is listed, placed or not).
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MapEdge {
    pub id: Id,
    pub from: Id,
    pub to: Id,
    pub label: String,
}

/// The thematic map: themes (and placed codes) with positions, and edges.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ThematicMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// Who speaks in a coding, without its text (for fast counts).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct CodingWho {
    pub coding: Id,
    pub code: Id,
    pub participant: Option<Id>,
}

/// A document read from a file, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDocument {
    /// Display name (the file stem, e.g. "Intervju 3").
    pub name: String,
    /// The file name it came from (e.g. "Intervju 3.docx").
    pub source_name: String,
    /// Lower-case format tag: txt, md, docx, odt, srt, vtt, csv, ...
    pub format: String,
    /// Decoded text, line endings normalised to `\n`. Immutable once stored.
    pub text: String,
    /// Speaker turns in text order, as char offsets into `text`.
    pub turns: Vec<ParsedTurn>,
    /// Hex sha256 of the original file bytes (to warn on re-import).
    pub sha256: String,
}

/// One speaker turn (or one paragraph/cue/answer), as char offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedTurn {
    /// First char of the turn (including any timestamp and label).
    pub start: usize,
    /// First char of what is said (after `Label:`); equals `start` without a label.
    pub body_start: usize,
    /// End of the turn, exclusive (before the newline).
    pub end: usize,
    /// The speaker label as written (`Intervjuer`, `IP3`, `Deltaker A`), if any.
    pub speaker: Option<String>,
    /// A timestamp as written (`00:12:31`, `00:00:01,000 --> 00:00:04,000`), if any.
    pub timestamp: Option<String>,
}

/// How a coding pass orders the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PassOrdering {
    Shuffled,
    Reversed,
    /// Chosen by hand.
    Chosen,
}

impl PassOrdering {
    pub fn as_str(self) -> &'static str {
        match self {
            PassOrdering::Shuffled => "shuffled",
            PassOrdering::Reversed => "reversed",
            PassOrdering::Chosen => "chosen",
        }
    }

    pub fn parse(s: &str) -> Option<PassOrdering> {
        Some(match s {
            "shuffled" => PassOrdering::Shuffled,
            "reversed" => PassOrdering::Reversed,
            "chosen" => PassOrdering::Chosen,
            _ => return None,
        })
    }
}

/// A coding pass: the whole data set coded once more, in an order of its own.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pass {
    pub id: Id,
    pub number: i64,
    pub ordering: String,
    pub seed: Option<u64>,
    pub started_at: String,
    /// The documents in the order of this pass.
    pub documents: Vec<PassDocument>,
    pub codings: usize,
}

/// A document in a pass, with how far the pass has come through it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassDocument {
    pub doc_id: Id,
    pub doc: String,
    pub position: usize,
    /// Codings made in this pass.
    pub codings: usize,
    /// How far through the text the pass has coded: the end of its last
    /// coding as a share of the document's length, 0 to 1.
    pub progress: f64,
}

/// Text coded in one pass and not in another.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassSpan {
    pub doc_id: Id,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Two passes compared, overall and per document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassComparison {
    pub a: i64,
    pub b: i64,
    /// Codes whose first coding was made in pass B.
    pub codes_new_in_b: Vec<String>,
    pub only_a: Vec<PassSpan>,
    pub only_b: Vec<PassSpan>,
    pub documents: Vec<PassDocumentComparison>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PassDocumentComparison {
    pub doc_id: Id,
    pub doc: String,
    pub codings_a: usize,
    pub codings_b: usize,
    /// Characters coded in A and not B, in B and not A, and in both.
    pub chars_only_a: usize,
    pub chars_only_b: usize,
    pub chars_both: usize,
}

/// The size of the analysis after one change of the history.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HistoryPoint {
    pub seq: i64,
    pub at: String,
    pub label: String,
    pub codes: usize,
    pub codings: usize,
    pub themes: usize,
}
