//! Importing a set of transcripts: the one path the CLI and the GUI share.
//!
//! Reading is all-or-nothing: every file is read before anything is
//! stored, and the first file that cannot be read stops the batch with a
//! message naming it, so a bad file never leaves half an import behind.
//! Storing skips files whose bytes were imported before (or appear twice
//! in the batch) with a warning, and stores the rest as one undoable step.

use std::path::{Path, PathBuf};

use super::{ImportError, ImportOptions, ParsedDocument, read_document};
use crate::Project;
use crate::model::Id;
use crate::store::{Command, NewDocument, NewParticipant};

/// Read every file, in order; `progress` is told after each. An importer
/// that panics (a bug in tema) becomes an error naming the file, not a
/// crash of the program that called it.
pub fn read_documents(
    paths: &[PathBuf],
    opts: &ImportOptions,
    mut progress: impl FnMut(usize),
) -> Result<Vec<ParsedDocument>, ImportError> {
    let mut docs = Vec::with_capacity(paths.len());
    for (i, path) in paths.iter().enumerate() {
        docs.push(read_guarded(path, opts)?);
        progress(i + 1);
    }
    Ok(docs)
}

fn read_guarded(path: &Path, opts: &ImportOptions) -> Result<ParsedDocument, ImportError> {
    std::panic::catch_unwind(|| read_document(path, opts)).unwrap_or_else(|_| {
        Err(ImportError::new(
            path,
            "the importer failed on this file (a bug in tema)",
        ))
    })
}

/// Who the imported documents belong to, and whether a repeat is wanted.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// Link every document to this participant (created if new).
    pub participant: Option<String>,
    /// Attributes for that participant.
    pub attributes: Vec<(String, String)>,
    /// Store a file even when identical bytes were imported before.
    pub allow_duplicate: bool,
}

/// What storing a batch did.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    /// The new documents, in the order of the files.
    pub ids: Vec<Id>,
    /// One warning per file left out as a repeat ("skipped 'a.txt':
    /// identical to 'Intervju 1', imported before").
    pub skipped: Vec<String>,
}

/// Store `docs` as one undoable step, leaving out repeats (see
/// [`StoreOptions::allow_duplicate`]).
pub fn store_documents(
    project: &mut Project,
    docs: Vec<ParsedDocument>,
    opts: &StoreOptions,
) -> anyhow::Result<Stored> {
    let mut stored = Stored::default();
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut keep = Vec::new();
    for parsed in docs {
        if !opts.allow_duplicate
            && let Some(earlier) = repeat_of(project, &seen, &parsed.sha256)?
        {
            stored.skipped.push(format!(
                "skipped '{}': identical to {earlier}",
                parsed.source_name
            ));
            continue;
        }
        seen.push((parsed.sha256.clone(), parsed.source_name.clone()));
        let mut doc = NewDocument::from(parsed);
        doc.participants.extend(opts.participant.clone());
        keep.push(doc);
    }
    if keep.is_empty() {
        return Ok(stored);
    }
    let participants = opts
        .participant
        .iter()
        .map(|label| NewParticipant {
            label: label.clone(),
            attributes: opts.attributes.clone(),
        })
        .collect();
    stored.ids = project
        .execute(Command::Import {
            documents: keep,
            participants,
        })?
        .ids;
    Ok(stored)
}

/// The document (or the file earlier in this batch) with the same bytes.
fn repeat_of(
    project: &Project,
    seen: &[(String, String)],
    sha256: &str,
) -> anyhow::Result<Option<String>> {
    if let Some((_, name)) = project.document_by_sha(sha256)? {
        return Ok(Some(format!("'{name}', imported before")));
    }
    Ok(seen
        .iter()
        .find(|(sha, _)| sha == sha256)
        .map(|(_, file)| format!("'{file}' in this import")))
}
