//! Reading transcripts and survey answers from files into plain text with
//! speaker turns. Importers are pure: they read a file and return a
//! `ParsedDocument` or an error naming the file and the reason; storing it
//! is the store's job, so a bad file can never change a project. [`batch`]
//! is the import the CLI and the GUI share: read every file, then store.

pub mod batch;
mod clean;
mod decode;
mod docx;
mod lines;
mod odt;
mod pdf;
mod rtf;
pub mod speakers;
mod subtitles;
mod survey;
mod txt;
pub mod unzip;
mod xlsx;
mod zipxml;

pub use decode::{decode_text, decode_text_keep_newlines, normalise_newlines};
pub use speakers::detect_turns;

use sha2::{Digest, Sha256};
use std::path::Path;
use unzip::UnpackLimits;

/// Extensions `read_document` accepts.
pub const DOCUMENT_FORMATS: &[&str] = &["txt", "md", "docx", "odt", "rtf", "pdf", "srt", "vtt"];
/// Extensions `read_survey` accepts.
pub const SURVEY_FORMATS: &[&str] = &["csv", "xlsx"];

pub use crate::model::{ParsedDocument, ParsedTurn};

/// Limits for reading files.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Files larger than this are refused (default 50 MB).
    pub max_bytes: u64,
    /// What a zipped format (.docx, .odt, .xlsx) may unpack to.
    pub unpack: UnpackLimits,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            max_bytes: 50 * 1024 * 1024,
            unpack: UnpackLimits::default(),
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
pub fn read_document(path: &Path, opts: &ImportOptions) -> Result<ParsedDocument, ImportError> {
    let format = extension(path);
    if !DOCUMENT_FORMATS.contains(&format.as_str()) {
        return Err(unsupported(path, &format));
    }
    let bytes = read_bytes(path, opts)?;
    parse_bytes(&file_name(path), &bytes, opts)
}

/// Read a transcript from bytes already in memory (an embedded sample, a
/// dropped file); `file_name` gives the format and the document's name.
pub fn parse_bytes(
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<ParsedDocument, ImportError> {
    let path = Path::new(file_name);
    let format = extension(path);
    if !DOCUMENT_FORMATS.contains(&format.as_str()) {
        return Err(unsupported(path, &format));
    }
    let (text, turns) =
        parse_document(&format, bytes, opts).map_err(|r| ImportError::new(path, r))?;
    if text.trim().is_empty() {
        return Err(ImportError::new(
            path,
            "contains no text (only whitespace or empty paragraphs)",
        ));
    }
    Ok(ParsedDocument {
        name: stem(path),
        source_name: file_name.to_string(),
        format,
        text,
        turns,
        sha256: sha256_hex(bytes),
    })
}

/// Read survey free text from a CSV (or XLSX) file.
pub fn read_survey(
    path: &Path,
    spec: &SurveySpec,
    opts: &ImportOptions,
) -> Result<ParsedSurvey, ImportError> {
    let (sheet, info) = read_sheet(path, opts)?;
    survey::build(&sheet, spec, &info).map_err(|r| ImportError::new(path, r))
}

/// The column names of a survey file (its header row), for choosing the
/// id, text and attribute columns before reading it.
pub fn survey_columns(path: &Path, opts: &ImportOptions) -> Result<Vec<String>, ImportError> {
    Ok(read_sheet(path, opts)?.0.headers)
}

/// A survey file's first sheet, and what its documents will say of it.
fn read_sheet(
    path: &Path,
    opts: &ImportOptions,
) -> Result<(survey::Sheet, survey::SourceInfo), ImportError> {
    let format = extension(path);
    if !SURVEY_FORMATS.contains(&format.as_str()) {
        let supported = SURVEY_FORMATS
            .iter()
            .map(|f| format!(".{f}"))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(ImportError::new(
            path,
            format!(
                "{} is not a survey format; supported: {supported}",
                describe_ext(&format)
            ),
        ));
    }
    let bytes = read_bytes(path, opts)?;
    let mut sheet = match format.as_str() {
        "xlsx" => xlsx::read_first_sheet(&bytes, opts.unpack),
        _ => survey::read_csv(&bytes),
    }
    .map_err(|r| ImportError::new(path, r))?;
    // Cleaned before the answers become documents, as in `parse_document`.
    for cell in sheet
        .headers
        .iter_mut()
        .chain(sheet.rows.iter_mut().flatten())
    {
        clean::remove_invisible_in(cell);
    }
    let info = survey::SourceInfo {
        stem: stem(path),
        file_name: file_name(path),
        format,
        sha256: sha256_hex(&bytes),
    };
    Ok((sheet, info))
}

/// Text and turns by format. Reasons come back without the file name;
/// the caller wraps them.
fn parse_document(
    format: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<(String, Vec<ParsedTurn>), String> {
    let text = match format {
        "docx" => docx::parse(bytes, opts.unpack)?,
        "odt" => odt::parse(bytes, opts.unpack)?,
        "rtf" => rtf::parse(bytes)?,
        "pdf" => pdf::parse(bytes, opts.unpack)?,
        "srt" | "vtt" => decode::decode_text(bytes)?,
        _ => txt::parse(bytes)?,
    };
    // The one place every format's text is cleaned: before any turn is
    // found, so turn offsets (and every later offset) are into the text
    // as it is stored.
    let text = clean::remove_invisible(text);
    match format {
        "srt" => subtitles::parse_srt(&text),
        "vtt" => subtitles::parse_vtt(&text),
        _ => Ok(with_detected_turns(text)),
    }
}

fn with_detected_turns(text: String) -> (String, Vec<ParsedTurn>) {
    let turns = detect_turns(&text);
    (text, turns)
}

/// Read the whole file after checking its size from the metadata, so a
/// huge file is refused before it is loaded.
fn read_bytes(path: &Path, opts: &ImportOptions) -> Result<Vec<u8>, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| ImportError::new(path, io_reason(&e)))?;
    if meta.is_dir() {
        return Err(ImportError::new(path, "is a folder, not a file"));
    }
    check_size(path, meta.len(), opts)?;
    let bytes = std::fs::read(path).map_err(|e| ImportError::new(path, io_reason(&e)))?;
    // The file may have grown since we looked.
    check_size(path, bytes.len() as u64, opts)?;
    if bytes.is_empty() {
        return Err(ImportError::new(path, "the file is empty (0 bytes)"));
    }
    Ok(bytes)
}

fn check_size(path: &Path, size: u64, opts: &ImportOptions) -> Result<(), ImportError> {
    if size > opts.max_bytes {
        return Err(ImportError::new(
            path,
            format!(
                "the file is too large: {} is over the import limit of {}",
                human_size(size),
                human_size(opts.max_bytes)
            ),
        ));
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied: the file cannot be read".to_owned()
        }
        _ => format!("cannot read the file: {e}"),
    }
}

fn unsupported(path: &Path, format: &str) -> ImportError {
    if format == "doc" {
        return ImportError::new(
            path,
            "is an old Word 97–2003 document (.doc), which tema cannot read; \
             open it in Word or LibreOffice, save it as a Word document (.docx) and import that",
        );
    }
    let supported = DOCUMENT_FORMATS
        .iter()
        .map(|f| format!(".{f}"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = if SURVEY_FORMATS.contains(&format) {
        " (import it as a survey instead)"
    } else {
        ""
    };
    ImportError::new(
        path,
        format!(
            "{} is not supported{hint}; supported formats: {supported}",
            describe_ext(format)
        ),
    )
}

fn describe_ext(format: &str) -> String {
    if format.is_empty() {
        "a file without an extension".to_owned()
    } else {
        format!("the .{format} format")
    }
}

/// Sizes as people read them, with the exact byte count for support.
fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB ({bytes} bytes)", bytes as f64 / MB)
    } else {
        format!("{bytes} bytes")
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Hex sha256 of the original bytes, to recognise a re-import.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
