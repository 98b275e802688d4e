//! What panels ask the app to do. Panels never touch the project: they push
//! an `Action`, and the app carries it out after the frame's UI is drawn
//! (every change to the data as one call into the action layer, `crate::app`,
//! the same functions the CLI calls).

use crate::Project;
use crate::app::Done;
use crate::model::Id;
use std::fmt;
use std::path::PathBuf;

/// A call into the action layer, made when the app carries it out: what it
/// needs from the project (the next id, the current names) is read then,
/// not when the panel was drawn.
pub struct Deferred(Box<AppCall>);

/// One call into `crate::app`, waiting for the project.
pub type AppCall = dyn FnOnce(&mut Project) -> anyhow::Result<Done> + Send;

impl Deferred {
    pub fn new(call: impl FnOnce(&mut Project) -> anyhow::Result<Done> + Send + 'static) -> Self {
        Deferred(Box::new(call))
    }

    /// Carry it out on the project.
    pub fn run(self, project: &mut Project) -> anyhow::Result<Done> {
        (self.0)(project)
    }
}

impl fmt::Debug for Deferred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Deferred(..)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaletteMode {
    /// Code the span with the chosen code.
    Apply { doc: Id, start: usize, end: usize },
    /// Give an existing coding another code.
    ChangeCoding { coding: Id },
}

#[derive(Debug)]
pub enum Action {
    /// Run a change (a call into `crate::app`); on success the app
    /// refreshes what it shows.
    Do(Deferred),
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
    /// Ask what the columns of a survey file (CSV or XLSX) are.
    OpenSurvey(PathBuf),
    /// Import survey free text as the dialog's choices say.
    ImportSurvey {
        file: PathBuf,
        spec: crate::import::SurveySpec,
    },
    /// Store files read for import (repeats left out with a warning).
    StoreImport(Vec<crate::import::ParsedDocument>),
    /// Anonymisation work that needs the project itself (Apply writes the
    /// link key): carry it out with `anonymise_panel::apply_anon_action`.
    Anon(super::anonymise_panel::AnonAction),
}

impl Action {
    /// A change to run: `Action::run(move |p| app::codes::rename(p, id, &name))`.
    pub fn run(call: impl FnOnce(&mut Project) -> anyhow::Result<Done> + Send + 'static) -> Self {
        Action::Do(Deferred::new(call))
    }
}
