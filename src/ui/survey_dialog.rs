//! Importing survey free text (CSV or XLSX): a dialog over the window that
//! lists the file's columns (its header row) and asks what each one is —
//! the respondent id, a free-text question, an attribute of the respondent,
//! or left out. Import runs `app::documents::import_survey`, as
//! `tema import-survey` does: one undoable step, each respondent a
//! participant, each text column a document.

use super::actions::Action;
use super::strings as s;
use crate::import::{self, ImportOptions, SurveySpec};
use egui::Ui;
use std::path::{Path, PathBuf};

/// What a column of the survey is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUse {
    /// Who answered (one column).
    Id,
    /// Answers to an open question: becomes a document.
    Text,
    /// Something about the respondent (role, age group…).
    Attribute,
    Skip,
}

const USES: [ColumnUse; 4] = [
    ColumnUse::Id,
    ColumnUse::Text,
    ColumnUse::Attribute,
    ColumnUse::Skip,
];

fn use_name(u: ColumnUse) -> &'static str {
    match u {
        ColumnUse::Id => s::SURVEY_ID,
        ColumnUse::Text => s::SURVEY_TEXT,
        ColumnUse::Attribute => s::SURVEY_ATTRIBUTE,
        ColumnUse::Skip => s::SURVEY_SKIP,
    }
}

/// The dialog for one survey file.
#[derive(Debug, Clone)]
pub struct SurveyDialog {
    pub file: PathBuf,
    pub columns: Vec<String>,
    /// What each column is, in the order of `columns`.
    pub uses: Vec<ColumnUse>,
}

impl SurveyDialog {
    /// Read the file's header row. The first column is taken to be the
    /// respondent id until the user says otherwise.
    pub fn open(file: &Path) -> Result<SurveyDialog, String> {
        let columns =
            import::survey_columns(file, &ImportOptions::default()).map_err(|e| e.to_string())?;
        let uses = (0..columns.len())
            .map(|i| {
                if i == 0 {
                    ColumnUse::Id
                } else {
                    ColumnUse::Skip
                }
            })
            .collect();
        Ok(SurveyDialog {
            file: file.to_path_buf(),
            columns,
            uses,
        })
    }

    /// The spec the choices stand for, or why there is none yet.
    pub fn spec(&self) -> Result<SurveySpec, &'static str> {
        let named = |u: ColumnUse| -> Vec<String> {
            self.columns
                .iter()
                .zip(&self.uses)
                .filter(|(_, x)| **x == u)
                .map(|(c, _)| c.clone())
                .collect()
        };
        let id_column = named(ColumnUse::Id)
            .into_iter()
            .next()
            .ok_or(s::SURVEY_NEEDS_ID)?;
        let text_columns = named(ColumnUse::Text);
        if text_columns.is_empty() {
            return Err(s::SURVEY_NEEDS_TEXT);
        }
        Ok(SurveySpec {
            id_column,
            text_columns,
            attr_columns: named(ColumnUse::Attribute),
        })
    }

    /// Give column `i` a use; only one column is the id.
    pub fn set_use(&mut self, i: usize, u: ColumnUse) {
        if u == ColumnUse::Id {
            for other in self.uses.iter_mut().filter(|x| **x == ColumnUse::Id) {
                *other = ColumnUse::Skip;
            }
        }
        self.uses[i] = u;
    }

    /// Draw the dialog; false once it is closed (imported or cancelled).
    pub fn ui(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) -> bool {
        let mut open = true;
        let modal = egui::Modal::new(egui::Id::unique("survey-import")).show(ctx, |ui| {
            ui.heading(s::SURVEY_TITLE);
            ui.label(s::survey_file(&file_name(&self.file)));
            ui.add_space(4.0);
            self.columns_grid(ui);
            ui.add_space(4.0);
            let spec = self.spec();
            if let Err(why) = &spec {
                ui.weak(*why);
            }
            ui.horizontal(|ui| {
                let import = ui.add_enabled(spec.is_ok(), egui::Button::new(s::SURVEY_IMPORT));
                if import.clicked()
                    && let Ok(spec) = spec
                {
                    actions.push(Action::ImportSurvey {
                        file: self.file.clone(),
                        spec,
                    });
                    open = false;
                }
                if ui.button(s::CANCEL).clicked() {
                    open = false;
                }
            });
        });
        open && !modal.should_close()
    }

    /// One row per column: its name and a choice of what it is.
    fn columns_grid(&mut self, ui: &mut Ui) {
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("survey-columns")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for i in 0..self.columns.len() {
                            ui.label(&self.columns[i]);
                            ui.horizontal(|ui| self.use_choice(ui, i));
                            ui.end_row();
                        }
                    });
            });
    }

    fn use_choice(&mut self, ui: &mut Ui, i: usize) {
        for u in USES {
            let chosen = self.uses[i] == u;
            let resp = ui.radio(chosen, use_name(u));
            let label = s::survey_column_use(use_name(u), &self.columns[i]);
            resp.widget_info(|| {
                egui::WidgetInfo::selected(egui::Role::RadioButton, true, chosen, &label)
            });
            if resp.clicked() && !chosen {
                self.set_use(i, u);
            }
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Whether a dropped or picked file is a survey (CSV or XLSX), not a transcript.
pub fn is_survey_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| import::SURVEY_FORMATS.contains(&e.to_lowercase().as_str()))
}
