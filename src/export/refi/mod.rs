//! REFI-QDA interchange (www.qdasoftware.org): `.qdpx` projects and `.qdc`
//! codebooks, as NVivo, ATLAS.ti, MAXQDA and QualCoder exchange them.
//!
//! Mapping (tema → REFI-QDA):
//! - every entity's `uuid` is its GUID, so export → import → export keeps
//!   identities; ids tema has no column for (the user, variables, the
//!   selection around a coding, a coding's memo note, speaker selections)
//!   are derived deterministically from names and uuids ([`derived_guid`]);
//! - document → `TextSource` with `plainTextPath="internal://<GUID>.txt"`,
//!   the text in `sources/<GUID>.txt` (UTF-8, no BOM, `\n` line ends);
//! - coding → `PlainTextSelection` (code point offsets, end exclusive, =
//!   tema's char offsets) holding one `Coding`/`CodeRef`; a coding memo is a
//!   `Note` referenced from the `Coding`;
//! - code → nested `Code` (`isCodable="true"`, `color`, `Description`); code
//!   memos, document notes, familiarisation notes and project memos are
//!   `Notes` referenced by `NoteRef` (the note's name tells the kind);
//! - participant → `Case` with one `Text` `Variable` per attribute key, a
//!   `SourceRef` per document it is linked to as a whole and, when it is
//!   mapped to a speaker, a `SelectionRef` per speaker turn (an uncoded
//!   `PlainTextSelection` named after the speaker label);
//! - theme → `Set` of `MemberCode`s (once the themes table exists);
//! - the reflexive journal stays out unless asked for (`--include-journal`).

mod export;
mod import;
pub mod xml;

pub use export::{codebook_xml, export_qdc, export_qdpx, project_xml, qdpx_bytes};
pub use import::{import_qdc, import_qdpx, import_qdpx_with, read_qdpx, read_qdpx_with};

use crate::Project;
use anyhow::Result;
use sha2::{Digest, Sha256};
use std::fmt;

pub const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
pub const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";

/// `origin` attribute of what tema writes.
pub fn origin() -> String {
    format!("tema {}", env!("CARGO_PKG_VERSION"))
}

/// A theme as a REFI-QDA `Set` of codes.
#[derive(Debug, Clone, PartialEq)]
pub struct SetSpec {
    pub guid: String,
    pub name: String,
    pub description: String,
    /// GUIDs (uuids) of the member codes.
    pub member_codes: Vec<String>,
}

/// Themes as sets: empty until the themes table exists (migration 0002 of
/// the themes work), then one set per theme, its definition as the
/// description and its status noted at the end of it.
pub fn sets(project: &Project) -> Result<Vec<SetSpec>> {
    let themes = super::themes(project)?;
    if themes.is_empty() {
        return Ok(Vec::new());
    }
    let code_uuid: std::collections::HashMap<_, _> = project
        .codes()?
        .into_iter()
        .map(|c| (c.id, c.uuid))
        .collect();
    Ok(themes
        .into_iter()
        .map(|t| {
            let mut description = t.definition.trim().to_string();
            if !t.status.trim().is_empty() {
                if !description.is_empty() {
                    description.push_str("\n\n");
                }
                description.push_str(&format!("Status: {}", t.status.trim()));
            }
            SetSpec {
                guid: guid_of(&t.uuid),
                name: t.name,
                description,
                member_codes: t
                    .codes
                    .iter()
                    .filter_map(|c| code_uuid.get(c))
                    .map(|u| guid_of(u))
                    .collect(),
            }
        })
        .collect())
}

/// What an import did, and what it left out and why.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ImportReport {
    pub documents: usize,
    pub codes: usize,
    pub codings: usize,
    pub participants: usize,
    pub notes: usize,
    /// Themes made from sets (added to the fields the brief asked for).
    pub themes: usize,
    pub skipped: Vec<String>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} documents, {} codes, {} codings, {} participants, {} notes, {} themes",
            self.documents, self.codes, self.codings, self.participants, self.notes, self.themes
        )?;
        if !self.skipped.is_empty() {
            writeln!(f, "skipped or changed ({}):", self.skipped.len())?;
            for s in &self.skipped {
                writeln!(f, "  - {s}")?;
            }
        }
        Ok(())
    }
}

/// Whether `s` is a GUID as REFI-QDA's GUIDType has it: 8-4-4-4-12 hex
/// digits, optionally in braces.
pub fn is_guid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The canonical form tema stores: lowercase, no braces. An id that is not
/// a GUID (some tools write `c1`) gets a GUID derived from it.
pub fn guid_of(id: &str) -> String {
    let t = id.trim();
    if is_guid(t) {
        t.trim_start_matches('{')
            .trim_end_matches('}')
            .to_ascii_lowercase()
    } else {
        derived_guid(&["id", t])
    }
}

/// A GUID that is always the same for the same parts (an RFC 9562 version 8
/// UUID from SHA-256), for things tema keeps no uuid for.
pub fn derived_guid(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"tema-refi");
    for p in parts {
        h.update([0u8]);
        h.update(p.as_bytes());
    }
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    uuid::Uuid::from_bytes(b).to_string()
}

/// The one User tema writes as the creator of everything.
pub fn tema_user_guid() -> String {
    derived_guid(&["user", "tema"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids() {
        assert!(is_guid("0a1b2c3d-0000-4000-8000-00000000000A"));
        assert!(is_guid("{0a1b2c3d-0000-4000-8000-00000000000a}"));
        assert!(!is_guid("urn:uuid:0a1b2c3d-0000-4000-8000-00000000000a"));
        assert!(!is_guid("c1"));
        assert_eq!(
            guid_of("{0A1B2C3D-0000-4000-8000-00000000000A}"),
            "0a1b2c3d-0000-4000-8000-00000000000a"
        );
        assert!(is_guid(&guid_of("c1")));
        assert_eq!(guid_of("c1"), guid_of("c1"));
        assert_ne!(derived_guid(&["a", "b"]), derived_guid(&["ab"]));
    }
}
