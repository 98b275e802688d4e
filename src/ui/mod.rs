//! The GUI (egui/eframe). Panels hold only UI state; data lives in the
//! library, and every change is a call into the action layer (`crate::app`).
//!
//! - `app`: `TemaApp`, the frame loop and the actions panels ask for
//! - `viewer`: the transcript (virtualised rows, highlights, stripes, selection)
//! - `documents`, `codebook`, `palette`, `retrieval`, `notes`: the panels
//! - `map`, `journal`: the thematic map and the reflexive journal (tabs)
//! - `search_panel`, `anonymise_panel`: search as you type; anonymisation review
//! - `markup`, `spans`, `caret`: helpers of the viewer (rows and styles; codings
//!   by row; where each key moves the caret)
//! - `jobs`: background work with progress; `theme`: fonts and colours
//! - `strings`: every user-visible string; `headless`: a timed headless screen

pub mod actions;
pub mod anonymise_panel;
pub mod app;
pub mod caret;
pub mod codebook;
pub mod documents;
pub mod export_dialog;
pub mod headless;
pub mod jobs;
pub mod journal;
pub mod map;
pub mod markup;
pub mod notes;
pub mod palette;
pub mod retrieval;
pub mod review;
pub mod search_panel;
pub mod spans;
pub mod strings;
pub mod survey_dialog;
pub mod theme;
pub mod themes_board;
pub mod viewer;
pub mod worker;

pub use app::TemaApp;

use anyhow::Result;
use std::path::PathBuf;

/// Open the window on `project` (or the start screen) and run until closed.
pub fn run(project: Option<PathBuf>) -> Result<()> {
    let mut app = TemaApp::start_screen().with_recent_projects();
    let mut startup_error = None;
    if let Some(dir) = project
        && let Err(e) = app.open_project(&dir)
    {
        startup_error = Some(format!("{e:#}"));
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(strings::APP_TITLE)
            .with_inner_size([1400.0, 900.0])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        strings::APP_TITLE,
        options,
        Box::new(move |_cc| Ok(Box::new(Window { app, startup_error }))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// eframe's view of the app.
struct Window {
    app: TemaApp,
    startup_error: Option<String>,
}

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if let Some(e) = self.startup_error.take() {
            self.app.show_error(e);
        }
        self.app.ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.app.save_now();
    }
}
