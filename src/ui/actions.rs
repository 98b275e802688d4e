//! What panels ask the app to do. Panels never touch the project: they push
//! an `Action`, and the app carries it out after the frame's UI is drawn
//! (every change to the data as a `Command` through `project.execute`).

use crate::model::Id;
use crate::store::Command;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteMode {
    /// Code the span with the chosen code.
    Apply { doc: Id, start: usize, end: usize },
    /// Give an existing coding another code.
    ChangeCoding { coding: Id },
}

#[derive(Debug)]
pub enum Action {
    /// Run a change; on success the app refreshes what it shows.
    Execute(Command),
    OpenDocument(Id),
    /// Open a document and show (and flash) a span of it.
    JumpTo {
        doc: Id,
        start: usize,
        end: usize,
    },
    OpenPalette(PaletteMode),
    /// Open the palette on the viewer's selection (Ctrl+K, right-click → Code…).
    CodeSelection,
    /// Apply a code to the viewer's selection.
    ApplyCode(Id),
    /// Apply a code to a span (the palette's choice).
    ApplyCodeTo {
        code: Id,
        doc: Id,
        start: usize,
        end: usize,
    },
    /// Create a code and apply it to a span, as one undoable step.
    CreateAndApply {
        name: String,
        doc: Id,
        start: usize,
        end: usize,
        label: String,
    },
    InVivo,
    ReapplyLast,
    Undo,
    Redo,
    CopySelection,
    /// Ctrl+F (this document) / Ctrl+Shift+F (the whole project).
    FocusSearch(super::search_panel::Scope),
    /// Open the anonymisation screen with a rule for the selected words.
    AnonymiseSelection,
    /// Select codes in the codebook (and show their quotes) on the coding screen.
    SelectCodes(Vec<Id>),
    CopyText(String),
    Notify(String),
    Error(String),
    NewProject,
    OpenProject,
    OpenRecent(PathBuf),
    PickImport,
    ImportFiles(Vec<PathBuf>),
    /// Store files read for import (repeats left out with a warning).
    StoreImport(Vec<crate::import::ParsedDocument>),
    /// Anonymisation work that needs the project itself (Apply writes the
    /// link key): carry it out with `anonymise_panel::apply_anon_action`.
    Anon(super::anonymise_panel::AnonAction),
}
