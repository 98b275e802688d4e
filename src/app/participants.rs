//! Participants: who speaks in the transcripts, with attributes (role,
//! sector, group) that the coverage matrix and the report group by.

use super::{Done, run};
use crate::Project;
use crate::model::Id;
use crate::store::{Command, NewParticipant};
use anyhow::Result;

pub fn add(project: &mut Project, label: &str, attributes: Vec<(String, String)>) -> Result<Done> {
    let participant = NewParticipant {
        label: label.to_string(),
        attributes,
    };
    run(project, Command::CreateParticipant { participant })
}

/// Set an attribute; an empty value removes it.
pub fn set_attribute(
    project: &mut Project,
    participant: Id,
    key: &str,
    value: &str,
) -> Result<Done> {
    let cmd = Command::SetAttribute {
        participant,
        key: key.to_string(),
        value: Some(value.to_string()).filter(|v| !v.is_empty()),
    };
    run(project, cmd)
}

pub fn rename(project: &mut Project, participant: Id, label: &str) -> Result<Done> {
    let label = label.to_string();
    run(project, Command::RenameParticipant { participant, label })
}

pub fn delete(project: &mut Project, participant: Id) -> Result<Done> {
    run(project, Command::DeleteParticipant { participant })
}

/// Say that the participant takes part in the document (or, `linked:
/// false`, no longer).
pub fn link(project: &mut Project, participant: Id, doc: Id, linked: bool) -> Result<Done> {
    let cmd = Command::LinkParticipant {
        doc,
        participant,
        linked,
    };
    run(project, cmd)
}

/// Say who a speaker label of a document is (None: nobody known).
pub fn map_speaker(
    project: &mut Project,
    doc: Id,
    speaker: &str,
    participant: Option<Id>,
) -> Result<Done> {
    let cmd = Command::MapSpeaker {
        doc,
        speaker: speaker.to_string(),
        participant,
    };
    run(project, cmd)
}
