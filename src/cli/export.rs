//! Exports from the command line: the theme report, the codebook, the
//! coded quotes, the project as REFI-QDA.

use crate::Project;
use crate::app::exports::{self, CodebookFormat, CodingsFormat, TrailFormat};
use crate::report::{Attribution, Format, Lang, ReportOptions};
use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// The codebook: CSV (path, name, parent, colour, description, counts) or REFI-QDA .qdc.
    Codebook {
        /// csv or qdc (default: from the file's extension).
        #[arg(long, value_enum)]
        format: Option<CodebookFormat>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// One row per coded quote, with participant attributes: CSV or XLSX.
    Codings {
        /// csv or xlsx (default: from the file's extension).
        #[arg(long, value_enum)]
        format: Option<CodingsFormat>,
        /// CSV separator: comma, or semicolon for Excel in a Norwegian locale.
        #[arg(long, value_enum, default_value = "comma")]
        separator: crate::export::tables::Separator,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// The whole project as REFI-QDA (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Qdpx {
        #[arg(short, long)]
        output: PathBuf,
        /// Include the reflexive journal (private; left out by default).
        #[arg(long)]
        include_journal: bool,
    },
    /// The analytic trail: meaning unit | condensation | code(s) | theme(s), as DOCX or XLSX.
    Trail {
        /// docx or xlsx (default: from the file's extension).
        #[arg(long, value_enum)]
        format: Option<TrailFormat>,
        #[arg(short, long)]
        output: PathBuf,
        /// Only this document.
        #[arg(long)]
        doc: Option<String>,
        /// Only meaning units coded with this theme's codes (sub-themes included).
        #[arg(long)]
        theme: Option<String>,
    },
    /// The theme report: DOCX, Markdown or HTML (the journal is never in it).
    Report(ReportArgs),
}

/// `tema export report`.
#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// docx, md or html; default: from the extension of -o.
    #[arg(long)]
    pub format: Option<String>,
    /// The file to write.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Include candidate themes too.
    #[arg(long)]
    pub candidates: bool,
    /// Language of the fixed texts: en or nb.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Attribute every quote to "An informant" / "En informant".
    #[arg(long, conflicts_with = "attribution")]
    pub unattributed: bool,
    /// Attribution template: {participant}, {document} and participant attributes in braces.
    #[arg(long, default_value = crate::report::DEFAULT_ATTRIBUTION)]
    pub attribution: String,
    /// Leave out the appendix (codebook, coverage matrix, map).
    #[arg(long)]
    pub no_appendix: bool,
    /// Leave out the number of extracts and participants per theme.
    #[arg(long)]
    pub no_counts: bool,
    /// Leave out sub-themes.
    #[arg(long)]
    pub no_sub_themes: bool,
    /// Longest quote in characters before it is cut with [...].
    #[arg(long, default_value_t = crate::report::DEFAULT_MAX_QUOTE)]
    pub max_quote: usize,
    /// Columns of the coverage matrix: this participant attribute (sector, group) instead of participants.
    #[arg(long)]
    pub matrix_by: Option<String>,
    /// Title instead of the project's.
    #[arg(long)]
    pub title: Option<String>,
    /// A PNG of the thematic map to include in the appendix.
    #[arg(long)]
    pub map_png: Option<PathBuf>,
    /// Add the process appendix: codes per coding pass, merges and splits
    /// of codes, what became of each candidate theme, the codebook over time.
    #[arg(long)]
    pub process: bool,
    /// With --process: excerpts from the reflexive journal too (the journal
    /// is private and otherwise never in a report).
    #[arg(long, requires = "process")]
    pub process_journal: bool,
    /// An SVG of the thematic map (HTML shows it inline).
    #[arg(long)]
    pub map_svg: Option<PathBuf>,
}

/// The format asked for, or the one the output's extension names.
fn format_of<F: clap::ValueEnum>(given: Option<F>, output: &Path) -> Result<F> {
    if let Some(f) = given {
        return Ok(f);
    }
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    F::from_str(&ext, true).map_err(|_| {
        let names: Vec<String> = F::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        anyhow::anyhow!(
            "cannot tell the format from '{}'; give --format {}",
            output.display(),
            names.join("|")
        )
    })
}

pub fn export(project: &Project, what: ExportCmd) -> Result<()> {
    let output = match what {
        // Prints every file it writes (Markdown puts the map beside it).
        ExportCmd::Report(args) => return report(project, &args),
        ExportCmd::Codebook { format, output } => {
            exports::codebook(project, format_of(format, &output)?, &output)?;
            output
        }
        ExportCmd::Codings {
            format,
            separator,
            output,
        } => {
            exports::codings(project, format_of(format, &output)?, separator, &output)?;
            output
        }
        ExportCmd::Trail {
            format,
            output,
            doc,
            theme,
        } => {
            let filter = crate::report::trail::TrailFilter {
                doc: doc.map(|d| project.resolve_doc(&d)).transpose()?,
                theme: theme.map(|t| project.resolve_theme(&t)).transpose()?,
            };
            exports::trail(project, format_of(format, &output)?, &filter, &output)?;
            output
        }
        ExportCmd::Qdpx {
            output,
            include_journal,
        } => {
            if let Some(note) = exports::qdpx(project, &output, include_journal)? {
                eprintln!("note: {note}");
            }
            output
        }
    };
    println!("wrote {}", output.display());
    Ok(())
}

/// The report options a command line asks for.
pub fn report_options(args: &ReportArgs) -> Result<ReportOptions> {
    let lang = Lang::parse(&args.lang)
        .with_context(|| format!("unknown language '{}': use en or nb", args.lang))?;
    let (map_png, map_svg) = map_files(args)?;
    let attribution = if args.unattributed {
        Attribution::Unattributed
    } else {
        Attribution::Template(args.attribution.clone())
    };
    Ok(ReportOptions {
        title: args.title.clone(),
        candidates: args.candidates,
        sub_themes: !args.no_sub_themes,
        counts: !args.no_counts,
        appendix: !args.no_appendix,
        attribution,
        max_quote: args.max_quote,
        lang,
        matrix_by: args.matrix_by.clone(),
        map_png,
        map_svg,
        process: args.process,
        process_journal: args.process_journal,
        ..ReportOptions::default()
    })
}

/// The map pictures given with --map-png / --map-svg, checked.
fn map_files(args: &ReportArgs) -> Result<(Option<Vec<u8>>, Option<String>)> {
    let read = |p: &Option<PathBuf>| -> Result<Option<Vec<u8>>> {
        p.as_ref()
            .map(|p| std::fs::read(p).with_context(|| format!("reading '{}'", p.display())))
            .transpose()
    };
    let png = read(&args.map_png)?;
    if let Some(png) = &png {
        crate::report::png_size(png)?;
    }
    let svg = read(&args.map_svg)?
        .map(|b| String::from_utf8(b).context("the map SVG is not UTF-8"))
        .transpose()?;
    Ok((png, svg))
}

fn report(project: &Project, args: &ReportArgs) -> Result<()> {
    let format = match &args.format {
        Some(f) => Format::parse(f)
            .with_context(|| format!("unknown report format '{f}': use docx, md or html"))?,
        None => Format::from_path(&args.output).with_context(|| {
            format!(
                "which format? give --format docx|md|html (or an -o file ending in one): '{}'",
                args.output.display()
            )
        })?,
    };
    for path in exports::report(project, report_options(args)?, format, &args.output)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
