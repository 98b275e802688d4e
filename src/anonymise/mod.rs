//! Detection of identifiers in Norwegian transcripts, and consistent
//! pseudonyms for them.
//!
//! Pure functions over text; storing suggestions, the review UI and the
//! replacement audit trail live elsewhere. Norwegian research practice
//! (see `shared/DOMAIN.md`, *Anonymisation*) asks for:
//!
//! - **direct identifiers**: person names, national identity numbers
//!   (fødselsnummer), phone numbers, e-mail and street addresses, dates of
//!   birth;
//! - **indirect identifiers**: places (municipalities, postal places) and
//!   workplaces (`Vestvik ungdomsskole`, `NAV Sentrum`, `Molde Rør AS`);
//! - **longest match first** (`Kari Nordvik` before `Kari`), Unicode word
//!   boundaries (`æøå` are letters), Norwegian genitive (`Karis`,
//!   `Ålesunds`), and **consistent pseudonyms** across all files.
//!
//! [`Detector::detect`] returns *suggestions* for a human to review; it
//! favours recall. How it decides:
//!
//! 1. Shape patterns ([`patterns`]): e-mail, phone (`+47 912 34 567`,
//!    `22 33 44 55`), fødselsnummer (11 digits; a failed mod-11 check lowers
//!    the confidence but still flags it), dates after `født`/`f.`, street
//!    addresses (`Storgata 12`, `Kongens gate 5B`), postcode + place.
//! 2. One tokenisation pass per document marks capitalised words and
//!    sentence starts, and skips speaker labels (`Intervjuer:`, `IP3:`).
//! 3. Runs of capitalised words are classified with the gazetteers
//!    ([`gazetteer`], lists in `assets/`): given names, surnames, places, an
//!    institution word after a name makes a workplace; unknown capitalised
//!    words mid-sentence are flagged (person, or place after `i`/`på`/...)
//!    unless the same word occurs in lower case elsewhere in the corpus or
//!    is on the common-word list. At a sentence start, a word that is both a
//!    name and an ordinary word (`Liv`, `Vår`, `Sola`, `Berg`) needs a cue: a
//!    verb after it (`Tone er`, `Per har`), a comma, or a second name part.
//! 4. Every accepted name form is searched again in all documents (the
//!    name found once is found everywhere), with genitive `-s`, and in lower
//!    case when the lowercase form is not an ordinary word (`kari`).
//! 5. Overlaps are resolved longest match first.
//!
//! All offsets are `char` offsets, end exclusive, like the rest of tema.
//!
//! Around detection: [`review`](anon_detect) merges suggestions with the
//! reviewer's stored decisions and rules; `fields` finds identifiers
//! outside the transcripts (participant and speaker labels, file names,
//! attributes, memos, notes, themes, the journal), read strictly where a
//! field is too short for the heuristics; [`anon_apply`] replaces what was
//! accepted as one undoable command, with an audit trail and a link key
//! written outside the project; [`share`] writes an anonymised copy and
//! proves no replaced original is left in it.

mod apply;
mod detect;
mod fields;
mod gazetteer;
mod lexicon;
pub mod matcher;
pub mod ops;
mod patterns;
mod pseudonym;
mod review;
mod share;

pub use apply::{
    ApplyReport, KeyEntry, Plan, anon_apply, anon_audit, anon_plan, anon_preview, check_key_path,
    link_key,
};
pub use detect::Detector;
pub use fields::{FieldRef, PROSE_WORDS};
pub use ops::{AnonOp, AuditRow, NewRule};
pub use patterns::fnr_check;
pub use pseudonym::{LabelClass, Pseudonymiser};
pub use review::{
    Candidate, EntityGroup, Occurrence, Rule, Selection, Source, Status, anon_accept,
    anon_add_rule, anon_decide_occurrence, anon_delete_rule, anon_detect, anon_entities,
    anon_reject, anon_rules, anon_set_replacement,
};
pub use share::{
    Leak, ShareFormat, ShareOptions, ShareReport, rebuild_search_index, scan_db, scan_dir, share,
};

use serde::{Deserialize, Serialize};

pub use crate::store::anon_ops::Kind;

/// One suggested identifier occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub doc: i64,
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The text as it stands in the document (`Karis`).
    pub text: String,
    pub kind: Kind,
    /// Canonical key grouping all forms of one entity across documents:
    /// `Kari Nordvik` for `Kari Nordvik`, `Karis`, `kari` when the corpus
    /// has one Kari; `Ålesund` for `Ålesunds`; the digits of a phone number.
    pub entity: String,
    /// 0..1; how sure the detector is (accept-all ignores it).
    pub confidence: f32,
    /// The surrounding text on one line, for review.
    pub context: String,
}
