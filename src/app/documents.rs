//! Bringing data in: transcripts (read all, then store all as one step),
//! survey free text, REFI-QDA projects and codebooks; renaming and
//! deleting documents.

use super::{Done, run};
use crate::Project;
use crate::import::batch::{StoreOptions, Stored};
use crate::import::{self, ImportOptions, ParsedDocument, SurveySpec};
use crate::model::Id;
use crate::store::{Command, NewDocument, NewParticipant};
use anyhow::Result;
use std::path::{Path, PathBuf};

/// What an import stored, and the repeats it left out (one warning each).
pub type Imported = Stored;

/// Read every file first (one bad file imports nothing, and the error
/// names it), then store them all as one undo step, leaving out files
/// imported before unless `store.allow_duplicate`.
pub fn import_files(
    project: &mut Project,
    files: &[PathBuf],
    read: &ImportOptions,
    store: &StoreOptions,
) -> Result<Imported> {
    let docs = read_files(files, read, |_| {})?;
    store_read(project, docs, store)
}

/// The reading half of [`import_files`], without the project, so the GUI
/// can run it on a worker thread; `progress` hears after each file.
pub fn read_files(
    files: &[PathBuf],
    read: &ImportOptions,
    progress: impl FnMut(usize),
) -> Result<Vec<ParsedDocument>> {
    Ok(import::batch::read_documents(files, read, progress)?)
}

/// The storing half of [`import_files`].
pub fn store_read(
    project: &mut Project,
    docs: Vec<ParsedDocument>,
    store: &StoreOptions,
) -> Result<Imported> {
    import::batch::store_documents(project, docs, store)
}

/// Survey free text (CSV or XLSX) as one step: each respondent becomes a
/// participant, each text column a document whose answers are turns
/// spoken by their respondent.
pub fn import_survey(project: &mut Project, file: &Path, spec: &SurveySpec) -> Result<Vec<Id>> {
    let survey = import::read_survey(file, spec, &ImportOptions::default())?;
    let participants = survey
        .respondents
        .iter()
        .map(|r| NewParticipant {
            label: r.id.clone(),
            attributes: r.attributes.clone(),
        })
        .collect();
    let documents = survey
        .documents
        .into_iter()
        .map(answers_by_respondent)
        .collect();
    let cmd = Command::Import {
        documents,
        participants,
    };
    Ok(project.execute(cmd)?.ids)
}

/// A survey column as a document whose turns' speakers (the respondent
/// ids) map to the participants of the same label.
fn answers_by_respondent(doc: ParsedDocument) -> NewDocument {
    let speakers = doc
        .turns
        .iter()
        .filter_map(|t| t.speaker.clone())
        .map(|s| (s.clone(), s))
        .collect();
    NewDocument {
        speakers,
        ..NewDocument::from(doc)
    }
}

pub fn rename(project: &mut Project, doc: Id, name: &str) -> Result<Done> {
    let name = name.to_string();
    run(project, Command::RenameDocument { doc, name })
}

/// Delete a document with its codings (undoable).
pub fn delete(project: &mut Project, doc: Id) -> Result<Done> {
    run(project, Command::DeleteDocument { doc })
}

/// A REFI-QDA project (.qdpx) into a new project in `dir`, as one step.
pub fn import_qdpx(file: &Path, dir: &Path) -> Result<crate::export::ImportReport> {
    crate::export::import_qdpx(file, dir)
}

/// A REFI-QDA codebook (.qdc) into the project; codes already there stay.
pub fn import_qdc(project: &mut Project, file: &Path) -> Result<crate::export::ImportReport> {
    crate::export::import_qdc(project, file)
}
