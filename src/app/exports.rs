//! Everything that leaves the project as a file: the theme report, the
//! codebook and the coded quotes as tables or REFI-QDA, the whole project
//! as .qdpx, the thematic map as SVG or PNG.

use crate::Project;
use crate::export::{self, map::MapOptions};
use crate::report::{self, Format, ReportOptions};
use anyhow::Result;
use std::path::{Path, PathBuf};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodebookFormat {
    Csv,
    Qdc,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodingsFormat {
    Csv,
    Xlsx,
}

/// The codebook: CSV (path, name, parent, colour, description, counts) or
/// a REFI-QDA codebook (.qdc).
pub fn codebook(project: &Project, format: CodebookFormat, path: &Path) -> Result<()> {
    match format {
        CodebookFormat::Csv => export::codebook_csv(project, path),
        CodebookFormat::Qdc => export::export_qdc(project, path),
    }
}

/// One row per coded quote, with participant attributes and themes;
/// `separator` is for CSV only.
pub fn codings(
    project: &Project,
    format: CodingsFormat,
    separator: export::tables::Separator,
    path: &Path,
) -> Result<()> {
    match format {
        CodingsFormat::Csv => export::tables::codings_csv_with(project, path, separator),
        CodingsFormat::Xlsx => export::codings_xlsx(project, path),
    }
}

/// The project as REFI-QDA; returns a note when the journal was asked for
/// but there is none.
pub fn qdpx(project: &Project, path: &Path, include_journal: bool) -> Result<Option<String>> {
    let note = (include_journal && export::journal_table(project)?.is_none())
        .then(|| "this project has no reflexive journal to include".to_string());
    export::export_qdpx(project, path, include_journal)?;
    Ok(note)
}

/// The report's options as they will be written: without a map given, the
/// appendix shows the project's thematic map as it is now. (The one rule
/// for the map, for the written report and the GUI's preview alike.)
pub fn with_project_map(project: &Project, mut opts: ReportOptions) -> Result<ReportOptions> {
    let wants_map = opts.appendix && opts.map_png.is_none() && opts.map_svg.is_none();
    if wants_map && !project.themes()?.is_empty() {
        opts.map_png = Some(export::map::map_png(project, 1600)?);
        opts.map_svg = Some(export::map::map_svg(project)?);
    }
    Ok(opts)
}

/// Write the theme report; returns every file written (Markdown puts the
/// map's picture beside it).
pub fn report(
    project: &Project,
    opts: ReportOptions,
    format: Format,
    path: &Path,
) -> Result<Vec<PathBuf>> {
    let opts = with_project_map(project, opts)?;
    report::write(project, &opts, format, path)
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailFormat {
    Docx,
    Xlsx,
}

/// The analytic trail: meaning unit | condensation | code(s) | theme(s).
pub fn trail(
    project: &Project,
    format: TrailFormat,
    filter: &report::trail::TrailFilter,
    path: &Path,
) -> Result<()> {
    match format {
        TrailFormat::Xlsx => report::trail::trail_xlsx(project, filter, path),
        TrailFormat::Docx => report::trail::trail_docx(project, filter, path),
    }
}

/// The codebook over time (codes, codings, themes after each change) as
/// FILE.svg or FILE.png (`width` pixels; default 1600).
pub fn history_plot(project: &Project, path: &Path, width: Option<u32>) -> Result<()> {
    export::plot::write_history_plot(project, path, width)
}

/// The thematic map as FILE.svg or FILE.png (`width` pixels).
pub fn map(project: &Project, path: &Path, opts: &MapOptions, width: Option<u32>) -> Result<()> {
    export::map::write_map(project, path, opts, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::themes::{self, NewTheme};

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::create(&dir.path().join("p"), "t").unwrap();
        (dir, p)
    }

    /// The one rule for the report's map, used by the CLI's export and the
    /// GUI's preview alike.
    #[test]
    fn the_report_shows_the_project_map_unless_told_otherwise() {
        let (_d, mut p) = project();
        let none = with_project_map(&p, ReportOptions::default()).unwrap();
        assert!(none.map_png.is_none(), "no themes: no map");
        themes::create(&mut p, NewTheme::candidate("Tillit", vec![])).unwrap();
        let drawn = with_project_map(&p, ReportOptions::default()).unwrap();
        assert!(drawn.map_png.as_ref().is_some_and(|png| png.starts_with(b"\x89PNG")));
        assert!(drawn.map_svg.as_ref().is_some_and(|svg| svg.contains("Tillit")));
        let given = ReportOptions {
            map_svg: Some("<svg/>".into()),
            ..ReportOptions::default()
        };
        let kept = with_project_map(&p, given).unwrap();
        assert_eq!(kept.map_svg.as_deref(), Some("<svg/>"));
        assert!(kept.map_png.is_none(), "a map given is the map");
        let bare = ReportOptions {
            appendix: false,
            ..ReportOptions::default()
        };
        assert!(with_project_map(&p, bare).unwrap().map_png.is_none());
    }
}
