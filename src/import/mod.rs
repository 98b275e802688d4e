//! Reading transcripts and survey answers from files into plain text with
//! speaker turns. Importers are pure: they read a file and return a
//! `ParsedDocument` or an error naming the file and the reason; storing it
//! is the store's job, so a bad file can never change a project.

use std::path::Path;

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

/// Limits for reading files.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused (default 50 MB).
    pub max_bytes: u64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// Why a file could not be imported. Always names the file.
#[derive(Debug, thiserror::Error)]
#[error("importing '{file}': {reason}")]
pub struct ImportError {
    pub file: String,
    pub reason: String,
}

impl ImportError {
    pub fn new(path: &Path, reason: impl Into<String>) -> Self {
        ImportError {
            file: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            reason: reason.into(),
        }
    }
}

/// Which columns of a survey file hold what.
#[derive(Debug, Clone, Default)]
pub struct SurveySpec {
    pub id_column: String,
    pub text_columns: Vec<String>,
    pub attr_columns: Vec<String>,
}

/// A respondent of a survey, who becomes a participant.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    pub id: String,
    pub attributes: Vec<(String, String)>,
}

/// A survey read from a file: one document per open-text column, whose
/// turns are the answers, each turn's `speaker` being the respondent id.
#[derive(Debug, Clone)]
pub struct ParsedSurvey {
    pub respondents: Vec<Respondent>,
    pub documents: Vec<ParsedDocument>,
}

/// Read one transcript file of any supported format.
pub fn read_document(_path: &Path, _opts: &ImportOptions) -> Result<ParsedDocument, ImportError> {
    todo!("import helper")
}

/// Read survey free text from a CSV (or XLSX) file.
pub fn read_survey(
    _path: &Path,
    _spec: &SurveySpec,
    _opts: &ImportOptions,
) -> Result<ParsedSurvey, ImportError> {
    todo!("import helper")
}
