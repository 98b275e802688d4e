//! The headless CLI: `tema <command>`. Each subcommand is a few lines over
//! the library API. Read commands take `--json` and then print only JSON on
//! stdout; errors go to stderr with a non-zero exit.

use crate::Project;
use crate::import::{self, ImportOptions, SurveySpec};
use crate::model::{Id, JournalLink, MapNodeRef, NoteKind, ThemeStatus};
use crate::store::{
    CodingFilter, Command, JournalFilter, NewDocument, NewParticipant, ThemeCommand,
};
use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "tema",
    version,
    about = "A workbench for reflexive thematic analysis. Without a command, opens the GUI."
)]
pub struct Cli {
    /// The project directory.
    #[arg(short, long, global = true, env = "TEMA_PROJECT")]
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create a new, empty project in DIR.
    New {
        dir: PathBuf,
        #[arg(long, default_value = "Untitled study")]
        title: String,
    },
    /// Import transcripts (txt, md, docx, odt, srt, vtt).
    Import(ImportArgs),
    /// Import survey free text from CSV: one document per text column.
    ImportSurvey {
        file: PathBuf,
        #[arg(long)]
        id_column: String,
        #[arg(long = "text-column", required = true)]
        text_columns: Vec<String>,
        #[arg(long = "attr-column")]
        attr_columns: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List documents.
    Docs {
        #[arg(long)]
        json: bool,
    },
    /// Print the stored text of a document (by id or name).
    Text { doc: String },
    /// List participants with their attributes.
    Participants {
        #[arg(long)]
        json: bool,
    },
    /// Create or change a participant.
    Participant {
        #[command(subcommand)]
        action: ParticipantCmd,
    },
    /// Create, rename, move, merge, split or delete codes, and apply them.
    Code {
        #[command(subcommand)]
        action: CodeCmd,
    },
    /// The codebook as a tree with counts.
    Codes {
        #[arg(long)]
        json: bool,
    },
    /// List codings (coded quotes).
    Codings {
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a coding by id.
    Uncode { coding: Id },
    /// Add or list notes and memos (familiarisation notes, document and code memos).
    Note {
        #[command(subcommand)]
        action: NoteCmd,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// The change history, newest first.
    History {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Check the project's integrity; exit 0 when sound.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Export the codebook, the coded quotes, or the whole project (REFI-QDA).
    Export {
        #[command(subcommand)]
        what: ExportCmd,
    },
    /// Import a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder, tema) into a new project in DIR.
    ImportQdpx {
        file: PathBuf,
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Import a REFI-QDA codebook (.qdc) into the project (-p).
    ImportQdc {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Search quotes, codes, memos, notes, themes and the journal.
    Search(SearchArgs),
    /// Maintain the search index.
    Index {
        #[command(subcommand)]
        action: IndexCmd,
    },
    /// Build the bundled sample project into DIR.
    Sample { dir: PathBuf },
    /// Anonymisation: review suggestions, add rules, apply, audit.
    Anon {
        #[command(subcommand)]
        action: AnonCmd,
    },
    /// Write an anonymised copy of the project to OUT (no undo history, no
    /// link key, no journal unless asked for).
    Share {
        #[arg(short, long)]
        out: PathBuf,
        #[arg(long)]
        include_journal: bool,
        #[arg(long, value_enum, default_value_t = crate::anonymise::ShareFormat::Project)]
        format: crate::anonymise::ShareFormat,
        #[arg(long)]
        json: bool,
    },
    /// Benchmarks that print figures.
    Bench {
        #[command(subcommand)]
        what: BenchCmd,
    },
    /// Create and change themes: codes, status, definitions, merge, split, key quotes.
    Theme {
        #[command(subcommand)]
        action: ThemeCmd,
    },
    /// List themes with their codes, extracts and participants.
    Themes {
        #[arg(long)]
        json: bool,
    },
    /// Review themes: coverage across participants or groups, warnings.
    Review {
        #[command(subcommand)]
        action: ReviewCmd,
    },
    /// The reflexive journal (private: never exported with the data).
    Journal {
        #[command(subcommand)]
        action: JournalCmd,
    },
    /// The phase tracker (1 familiarisation … 6 writing up).
    Phase {
        #[command(subcommand)]
        action: PhaseCmd,
    },
    /// The thematic map.
    Map {
        #[command(subcommand)]
        action: MapCmd,
    },
    /// Braun & Clarke's 15-point checklist.
    Checklist {
        #[command(subcommand)]
        action: ChecklistCmd,
    },
}

/// `tema bench ...`: run by `tema::bench::run`.
#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// Import generated transcripts; open a project with 20,000 codings; apply one coding.
    Import {
        #[arg(long, default_value_t = 200)]
        docs: usize,
        #[arg(long, default_value_t = 55_000)]
        chars: usize,
        #[arg(long, default_value_t = 20_000)]
        codings: usize,
    },
    /// Build a search index of generated transcripts; time updates and 50 mixed queries.
    Search {
        #[arg(long, default_value_t = 200)]
        docs: usize,
        #[arg(long, default_value_t = 55_000)]
        chars: usize,
    },
    /// Coverage matrix, themes board and map frames with 120 codes, 40 themes, 20,000 codings.
    Themes,
    /// Anonymisation: detection over 200 transcripts, then 500 rules applied.
    Anon,
    /// GUI frame times scrolling a 350,000-char transcript with 1,000 codings over 60 codes,
    /// and palette applies until persisted and repainted.
    Ui {
        #[arg(long, default_value_t = 600)]
        frames: usize,
    },
    /// REFI-QDA: .qdpx export and import of 200 transcripts with 20,000 codings.
    Refi,
    /// Theme report of 6 themes with 200 quotes, in every format.
    Report,
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
    /// An SVG of the thematic map (HTML shows it inline).
    #[arg(long)]
    pub map_svg: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Link every imported document to this participant (created if new).
    #[arg(long)]
    participant: Option<String>,
    /// Attributes for that participant, KEY=VALUE.
    #[arg(long = "attr", value_parser = parse_key_value)]
    attrs: Vec<(String, String)>,
    /// Import a file even if identical bytes were imported before.
    #[arg(long)]
    allow_duplicate: bool,
    /// Refuse files larger than this many megabytes.
    #[arg(long, default_value_t = 50)]
    max_mb: u64,
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct SearchArgs {
    /// The query: words, "phrases", prefix*, fuzzy~1, AND/OR/NOT, (groups), field:value filters.
    pub query: String,
    #[arg(long)]
    pub code: Option<String>,
    #[arg(long)]
    pub participant: Option<String>,
    #[arg(long)]
    pub theme: Option<String>,
    /// text, code, memo, note, theme, journal or participant.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only in this document.
    #[arg(long)]
    pub doc: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Loose matching: losning finds løsning.
    #[arg(long)]
    pub loose: bool,
    /// Exact words: no stemming.
    #[arg(long)]
    pub exact: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum IndexCmd {
    /// Rebuild the search index from the project.
    Rebuild,
}

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
    /// The theme report: DOCX, Markdown or HTML (the journal is never in it).
    Report(ReportArgs),
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum CodebookFormat {
    Csv,
    Qdc,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum CodingsFormat {
    Csv,
    Xlsx,
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

fn export(project: &Project, what: ExportCmd) -> Result<()> {
    use crate::export;
    let output = match what {
        // Prints every file it writes (Markdown puts the map beside it).
        ExportCmd::Report(args) => return export_report(project, &args),
        ExportCmd::Codebook { format, output } => {
            match format_of(format, &output)? {
                CodebookFormat::Csv => export::codebook_csv(project, &output)?,
                CodebookFormat::Qdc => export::export_qdc(project, &output)?,
            }
            output
        }
        ExportCmd::Codings { format, output } => {
            match format_of(format, &output)? {
                CodingsFormat::Csv => export::codings_csv(project, &output)?,
                CodingsFormat::Xlsx => export::codings_xlsx(project, &output)?,
            }
            output
        }
        ExportCmd::Qdpx {
            output,
            include_journal,
        } => {
            if include_journal && export::journal_table(project)?.is_none() {
                eprintln!("note: this project has no reflexive journal to include");
            }
            export::export_qdpx(project, &output, include_journal)?;
            output
        }
    };
    println!("wrote {}", output.display());
    Ok(())
}

fn print_report(report: &crate::export::ImportReport, json: bool) -> Result<()> {
    if json {
        print_json(report)
    } else {
        print!("{report}");
        Ok(())
    }
}

#[derive(Subcommand, Debug)]
pub enum ParticipantCmd {
    /// Add a participant (or set attributes of an existing one).
    Add {
        label: String,
        #[arg(long = "attr", value_parser = parse_key_value)]
        attrs: Vec<(String, String)>,
    },
    /// Set KEY=VALUE on a participant (an empty VALUE removes it).
    Set {
        label: String,
        #[arg(value_parser = parse_key_value)]
        attr: (String, String),
    },
    Rename {
        label: String,
        new_label: String,
    },
    Delete {
        label: String,
    },
    /// Link a participant to a whole document.
    Link {
        label: String,
        doc: String,
    },
    /// Map a speaker label in a document to a participant.
    MapSpeaker {
        doc: String,
        speaker: String,
        label: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum CodeCmd {
    /// Create a code.
    New {
        name: String,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    Rename {
        code: String,
        new_name: String,
    },
    /// Change colour or description.
    Edit {
        code: String,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Nest CODE under PARENT (or at the top level with --top).
    Move {
        code: String,
        parent: Option<String>,
        #[arg(long)]
        top: bool,
        #[arg(long)]
        position: Option<i64>,
    },
    /// Merge SOURCE codes into TARGET.
    Merge {
        #[arg(required = true, num_args = 1..)]
        sources: Vec<String>,
        #[arg(long)]
        into: String,
    },
    /// Move chosen codings of CODE to a new code NEW_NAME.
    Split {
        code: String,
        new_name: String,
        #[arg(long = "coding", required = true)]
        codings: Vec<Id>,
    },
    /// Delete a code, its sub-codes and their codings.
    Delete {
        code: String,
    },
    /// Code every text hit of a search with CODE, as one undoable step.
    ApplySearch {
        query: String,
        #[arg(long)]
        code: String,
        /// What to code: the words found, their sentence, or the whole speaker turn.
        #[arg(long, value_enum, default_value_t = crate::search::CodeUnit::Hit)]
        unit: crate::search::CodeUnit,
        #[arg(long)]
        create: bool,
    },
    /// Code a span of a document.
    Apply {
        #[arg(long)]
        doc: String,
        #[arg(long)]
        code: String,
        /// Code the K-th exact occurrence of this text.
        #[arg(long, conflicts_with_all = ["start", "end"])]
        quote: Option<String>,
        #[arg(long, default_value_t = 1)]
        nth: usize,
        #[arg(long, requires = "end")]
        start: Option<usize>,
        #[arg(long, requires = "start")]
        end: Option<usize>,
        /// Create the code if it does not exist.
        #[arg(long)]
        create: bool,
        #[arg(long, default_value = "")]
        memo: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AnonCmd {
    /// List every suggestion (detections and rule matches) with its replacement and status.
    Detect {
        #[arg(long)]
        json: bool,
    },
    /// Suggestions grouped by entity, with every form and occurrence.
    Entities {
        #[arg(long)]
        json: bool,
    },
    /// Accept entities: all their forms are replaced by apply.
    Accept {
        #[arg(long, conflicts_with = "entities")]
        all: bool,
        #[arg(long = "entity")]
        entities: Vec<String>,
        /// Accept one occurrence only: DOC:START:END (as listed by detect).
        #[arg(long = "at", conflicts_with_all = ["all", "entities"])]
        at: Option<String>,
        /// With --at: replace this occurrence with this text.
        #[arg(long, requires = "at")]
        replacement: Option<String>,
    },
    /// Keep entities (or one occurrence) as they are.
    Reject {
        #[arg(long = "entity")]
        entities: Vec<String>,
        #[arg(long = "at", conflicts_with = "entities")]
        at: Option<String>,
    },
    /// Set the replacement of an entity (empty: back to the template label).
    Replace { entity: String, replacement: String },
    /// Rules: replace ORIGINAL with REPLACEMENT everywhere.
    Rule {
        #[command(subcommand)]
        action: AnonRuleCmd,
    },
    /// Print a document's text as apply would leave it.
    Preview { doc: String },
    /// Replace everything accepted, as one undoable change; write the link key to FILE.
    Apply {
        #[arg(long)]
        key_out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// What apply replaced, where.
    Audit {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AnonRuleCmd {
    Add {
        original: String,
        replacement: String,
        #[arg(long, default_value = "person")]
        kind: String,
        #[arg(long)]
        case_sensitive: bool,
        /// Do not also replace the genitive (ORIGINALs).
        #[arg(long)]
        no_inflect: bool,
        /// Match inside words too.
        #[arg(long)]
        anywhere: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Delete {
        id: Id,
    },
}

#[derive(Subcommand, Debug)]
pub enum NoteCmd {
    /// Add a note: on a document (--doc), a code (--code), or the project.
    Add {
        text: String,
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        code: Option<String>,
        /// A familiarisation note (with --doc).
        #[arg(long)]
        familiarisation: bool,
    },
    List {
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        code: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn parse_key_value(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("'{s}' is not KEY=VALUE"))?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

/// Run a parsed command line. `Ok(true)` means "open the GUI".
pub fn run(cli: Cli) -> Result<()> {
    let Some(command) = cli.command else {
        bail!("no command given")
    };
    let project_dir = cli.project;
    let open = || -> Result<Project> {
        let dir = project_dir
            .as_deref()
            .context("which project? give -p DIR (or set TEMA_PROJECT)")?;
        Project::open(dir)
    };
    match command {
        Cmd::New { dir, title } => {
            Project::create(&dir, &title)?;
            println!("created project '{title}' in {}", dir.display());
        }
        Cmd::Import(args) => import_files(&mut open()?, args)?,
        Cmd::ImportSurvey {
            file,
            id_column,
            text_columns,
            attr_columns,
            json,
        } => {
            let spec = SurveySpec {
                id_column,
                text_columns,
                attr_columns,
            };
            let ids = import_survey(&mut open()?, &file, &spec)?;
            report_imported(&open()?, &ids, json)?;
        }
        Cmd::Docs { json } => {
            let docs = open()?.documents()?;
            if json {
                print_json(&docs)?;
            } else {
                for d in docs {
                    println!(
                        "{:>4}  {}  ({} chars, {} codings) {}",
                        d.id,
                        d.name,
                        d.chars,
                        d.codings,
                        d.participants.join(", ")
                    );
                }
            }
        }
        Cmd::Text { doc } => {
            let p = open()?;
            print!("{}", p.text(p.resolve_doc(&doc)?)?);
        }
        Cmd::Participants { json } => {
            let list = open()?.participants()?;
            if json {
                print_json(&list)?;
            } else {
                for p in list {
                    let attrs: Vec<String> = p
                        .attributes
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    println!("{}  {}", p.label, attrs.join(" "));
                }
            }
        }
        Cmd::Participant { action } => participant(&mut open()?, action)?,
        Cmd::Code { action } => code(&mut open()?, action)?,
        Cmd::Codes { json } => {
            let tree = open()?.codebook()?;
            if json {
                print_json(&tree)?;
            } else {
                print_tree(&tree, 0);
            }
        }
        Cmd::Codings { code, doc, json } => {
            let p = open()?;
            let mut filter = CodingFilter {
                with_subcodes: false,
                ..Default::default()
            };
            if let Some(c) = code {
                filter.codes.push(p.resolve_code(&c)?);
            }
            if let Some(d) = doc {
                filter.doc = Some(p.resolve_doc(&d)?);
            }
            let list = p.codings(&filter)?;
            if json {
                print_json(&list)?;
            } else {
                for c in list {
                    println!(
                        "{:>5}  {} [{}..{}] {}: «{}»",
                        c.id, c.doc, c.start, c.end, c.code, c.text
                    );
                }
            }
        }
        Cmd::Uncode { coding } => say(open()?.execute(Command::RemoveCoding { coding })?.label),
        Cmd::Note { action } => note(&mut open()?, action)?,
        Cmd::Undo => match open()?.undo()? {
            Some(label) => println!("undid: {label}"),
            None => println!("nothing to undo"),
        },
        Cmd::Redo => match open()?.redo()? {
            Some(label) => println!("redid: {label}"),
            None => println!("nothing to redo"),
        },
        Cmd::History { limit, json } => {
            let h = open()?.history(limit)?;
            if json {
                print_json(&h)?;
            } else {
                for e in h {
                    println!(
                        "{:>5}  {}  {}{}",
                        e.seq,
                        e.created_at,
                        e.label,
                        if e.done { "" } else { "  (undone)" }
                    );
                }
            }
        }
        Cmd::Check { json } => {
            let problems = open()?.check()?;
            if json {
                print_json(&problems)?;
            } else {
                for p in &problems {
                    println!("{}", p.what);
                }
            }
            if !problems.is_empty() {
                bail!("{} problem(s) found", problems.len());
            }
            if !json {
                println!("ok");
            }
        }
        Cmd::Export { what } => export(&open()?, what)?,
        Cmd::ImportQdpx { file, dir, json } => {
            let report = crate::export::import_qdpx(&file, &dir)?;
            print_report(&report, json)?;
        }
        Cmd::ImportQdc { file, json } => {
            let report = crate::export::import_qdc(&mut open()?, &file)?;
            print_report(&report, json)?;
        }
        Cmd::Search(args) => search(&open()?, &args)?,
        Cmd::Index {
            action: IndexCmd::Rebuild,
        } => {
            let project = open()?;
            let t = std::time::Instant::now();
            crate::search::ProjectSearch::open(&project)?.rebuild(&project)?;
            println!(
                "rebuilt the search index in {:.0} ms",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        Cmd::Sample { dir } => {
            crate::sample::build(&dir)?;
            println!("built the sample project in {}", dir.display());
        }
        Cmd::Anon { action } => anon(&mut open()?, action)?,
        Cmd::Share {
            out,
            include_journal,
            format,
            json,
        } => {
            let report = crate::anonymise::share(
                &open()?,
                &out,
                &crate::anonymise::ShareOptions {
                    include_journal,
                    format,
                },
            )?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "shared an anonymised copy in {} ({} files; checked for {} originals: none left)",
                    report.out.display(),
                    report.files.len(),
                    report.originals_checked
                );
            }
        }
        // The binary runs the benchmarks (`tema::bench`), the top layer.
        Cmd::Bench { .. } => bail!("`tema bench` runs from the tema binary"),
        Cmd::Theme { action } => theme(&mut open()?, action)?,
        Cmd::Themes { json } => list_themes(&open()?, json)?,
        Cmd::Review { action } => review(&open()?, action)?,
        Cmd::Journal { action } => journal(&mut open()?, action)?,
        Cmd::Phase { action } => phase(&mut open()?, action)?,
        Cmd::Map { action } => map(&mut open()?, action)?,
        Cmd::Checklist { action } => checklist(&mut open()?, action)?,
    }
    Ok(())
}

fn say(label: String) {
    println!("{label}");
}

pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn print_tree(nodes: &[crate::model::CodeNode], depth: usize) {
    for n in nodes {
        println!(
            "{}{} ({} codings, {} documents)",
            "  ".repeat(depth),
            n.code.name,
            n.codings,
            n.documents
        );
        print_tree(&n.children, depth + 1);
    }
}

/// Read every file first, so one bad file imports nothing; then store all
/// in one transaction (the same path as the GUI's import).
fn import_files(project: &mut Project, args: ImportArgs) -> Result<()> {
    let opts = ImportOptions {
        max_bytes: args.max_mb * 1024 * 1024,
        ..Default::default()
    };
    let docs = import::batch::read_documents(&args.files, &opts, |_| {})?;
    let stored = import::batch::store_documents(
        project,
        docs,
        &import::batch::StoreOptions {
            participant: args.participant,
            attributes: args.attrs,
            allow_duplicate: args.allow_duplicate,
        },
    )?;
    for warning in &stored.skipped {
        eprintln!("{warning} (use --allow-duplicate to import it again)");
    }
    report_imported(project, &stored.ids, args.json)
}

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
        .map(|d| {
            let speakers = d
                .turns
                .iter()
                .filter_map(|t| t.speaker.clone())
                .map(|s| (s.clone(), s))
                .collect();
            NewDocument {
                speakers,
                ..NewDocument::from(d)
            }
        })
        .collect();
    Ok(project
        .execute(Command::Import {
            documents,
            participants,
        })?
        .ids)
}

fn report_imported(project: &Project, ids: &[Id], json: bool) -> Result<()> {
    let docs: Vec<_> = project
        .documents()?
        .into_iter()
        .filter(|d| ids.contains(&d.id))
        .collect();
    if json {
        let list: Vec<_> = docs
            .iter()
            .map(|d| serde_json::json!({"id": d.id, "name": d.name, "chars": d.chars}))
            .collect();
        print_json(&list)
    } else {
        for d in docs {
            println!("imported '{}' ({} chars)", d.name, d.chars);
        }
        Ok(())
    }
}

fn participant(project: &mut Project, action: ParticipantCmd) -> Result<()> {
    let outcome = match action {
        ParticipantCmd::Add { label, attrs } => project.execute(Command::CreateParticipant {
            participant: NewParticipant {
                label,
                attributes: attrs,
            },
        })?,
        ParticipantCmd::Set {
            label,
            attr: (key, value),
        } => {
            let participant = project.resolve_participant(&label)?;
            let value = Some(value).filter(|v| !v.is_empty());
            project.execute(Command::SetAttribute {
                participant,
                key,
                value,
            })?
        }
        ParticipantCmd::Rename { label, new_label } => {
            let participant = project.resolve_participant(&label)?;
            project.execute(Command::RenameParticipant {
                participant,
                label: new_label,
            })?
        }
        ParticipantCmd::Delete { label } => {
            let participant = project.resolve_participant(&label)?;
            project.execute(Command::DeleteParticipant { participant })?
        }
        ParticipantCmd::Link { label, doc } => {
            let (participant, doc) = (
                project.resolve_participant(&label)?,
                project.resolve_doc(&doc)?,
            );
            project.execute(Command::LinkParticipant {
                doc,
                participant,
                linked: true,
            })?
        }
        ParticipantCmd::MapSpeaker {
            doc,
            speaker,
            label,
        } => {
            let (participant, doc) = (
                project.resolve_participant(&label)?,
                project.resolve_doc(&doc)?,
            );
            project.execute(Command::MapSpeaker {
                doc,
                speaker,
                participant: Some(participant),
            })?
        }
    };
    say(outcome.label);
    Ok(())
}

fn code(project: &mut Project, action: CodeCmd) -> Result<()> {
    let outcome = match action {
        CodeCmd::New {
            name,
            parent,
            colour,
            description,
        } => {
            let parent = parent.map(|p| project.resolve_code(&p)).transpose()?;
            project.execute(Command::CreateCode {
                name,
                parent,
                colour,
                description,
            })?
        }
        CodeCmd::Rename { code, new_name } => {
            let code = project.resolve_code(&code)?;
            project.execute(Command::RenameCode {
                code,
                name: new_name,
            })?
        }
        CodeCmd::Edit {
            code,
            colour,
            description,
        } => {
            let code = project.resolve_code(&code)?;
            project.execute(Command::EditCode {
                code,
                colour,
                description,
            })?
        }
        CodeCmd::Move {
            code,
            parent,
            top,
            position,
        } => {
            let code = project.resolve_code(&code)?;
            let parent = match (parent, top) {
                (Some(p), false) => Some(project.resolve_code(&p)?),
                (None, true) => None,
                _ => bail!("give either a PARENT or --top"),
            };
            project.execute(Command::MoveCode {
                code,
                parent,
                position,
            })?
        }
        CodeCmd::Merge { sources, into } => {
            let target = project.resolve_code(&into)?;
            let sources = sources
                .iter()
                .map(|s| project.resolve_code(s))
                .collect::<Result<_>>()?;
            project.execute(Command::MergeCodes { sources, target })?
        }
        CodeCmd::Split {
            code,
            new_name,
            codings,
        } => {
            let code = project.resolve_code(&code)?;
            project.execute(Command::SplitCode {
                code,
                codings,
                new_name,
            })?
        }
        CodeCmd::Delete { code } => {
            let code = project.resolve_code(&code)?;
            project.execute(Command::DeleteCode { code })?
        }
        CodeCmd::ApplySearch {
            query,
            code,
            unit,
            create,
        } => {
            let code_id = code_or_create(project, &code, create)?;
            let mut index = crate::search::ProjectSearch::open(project)?;
            let query = crate::search::SearchQuery {
                limit: usize::MAX,
                kind: Some(crate::search::UnitKind::Text),
                ..crate::search::SearchQuery::new(query)
            };
            let spans = index.spans_to_code(project, &query, unit)?;
            let commands = spans
                .iter()
                .map(|&(doc, start, end)| Command::ApplyCoding {
                    doc,
                    code: code_id,
                    start,
                    end,
                    memo: String::new(),
                })
                .collect();
            let label = format!("code {} search hits with '{code}'", spans.len());
            project.execute(Command::Batch { label, commands })?
        }
        CodeCmd::Apply {
            doc,
            code,
            quote,
            nth,
            start,
            end,
            create,
            memo,
            json,
        } => {
            let doc = project.resolve_doc(&doc)?;
            let (start, end) = match (quote, start, end) {
                (Some(q), _, _) => find_quote(&project.text(doc)?, &q, nth)?,
                (None, Some(s), Some(e)) => (s, e),
                _ => bail!("give --quote TEXT or --start N --end M"),
            };
            let code_id = code_or_create(project, &code, create)?;
            let outcome = project.execute(Command::ApplyCoding {
                doc,
                code: code_id,
                start,
                end,
                memo,
            })?;
            if json {
                return print_json(
                    &serde_json::json!({"id": outcome.id(), "start": start, "end": end}),
                );
            }
            outcome
        }
    };
    say(outcome.label);
    Ok(())
}

/// The id of a code, creating it (at the top level) when asked to.
fn code_or_create(project: &mut Project, code: &str, create: bool) -> Result<Id> {
    match project.resolve_code(code) {
        Ok(id) => Ok(id),
        Err(_) if create => project
            .execute(Command::CreateCode {
                name: code.to_string(),
                parent: None,
                colour: None,
                description: String::new(),
            })?
            .id()
            .context("code was not created"),
        Err(e) => Err(e.context("add --create to create it")),
    }
}

fn search(project: &Project, args: &SearchArgs) -> Result<()> {
    let kind = match &args.kind {
        Some(k) => {
            Some(crate::search::UnitKind::parse(k).with_context(|| format!("unknown kind '{k}'"))?)
        }
        None => None,
    };
    let query = crate::search::SearchQuery {
        text: args.query.clone(),
        loose: args.loose,
        exact: args.exact,
        code: args.code.clone(),
        participant: args.participant.clone(),
        theme: args.theme.clone(),
        kind,
        doc: args
            .doc
            .as_deref()
            .map(|d| project.resolve_doc(d))
            .transpose()?,
        limit: args.limit,
    };
    let mut index = crate::search::ProjectSearch::open(project)?;
    let results = index.results(project, &query)?;
    if args.json {
        return print_json(&results);
    }
    for r in &results {
        println!("{:>6.2}  {} [{}] {}", r.score, r.doc, r.kind, r.snippet);
    }
    Ok(())
}

/// Char offsets of the `nth` (1-based) exact occurrence of `quote` in `text`.
pub fn find_quote(text: &str, quote: &str, nth: usize) -> Result<(usize, usize)> {
    if quote.is_empty() {
        bail!("the quote is empty");
    }
    let byte = text
        .match_indices(quote)
        .nth(nth.saturating_sub(1))
        .map(|(b, _)| b)
        .with_context(|| format!("the text does not contain occurrence {nth} of «{quote}»"))?;
    let start = crate::text::char_of_byte(text, byte);
    Ok((start, start + quote.chars().count()))
}

/// `DOC:START:END` → (doc id, start, end).
fn parse_at(project: &Project, at: &str) -> Result<(Id, usize, usize)> {
    let mut parts = at.rsplitn(3, ':');
    let (end, start, doc) = (parts.next(), parts.next(), parts.next());
    match (doc, start, end) {
        (Some(d), Some(s), Some(e)) => Ok((
            project.resolve_doc(d)?,
            s.parse().context("START is not a number")?,
            e.parse().context("END is not a number")?,
        )),
        _ => bail!("--at takes DOC:START:END"),
    }
}

fn anon(project: &mut Project, action: AnonCmd) -> Result<()> {
    use crate::anonymise::{self as an, Selection, Status};
    match action {
        AnonCmd::Detect { json } => {
            let list = an::anon_detect(project)?;
            if json {
                print_json(&list)?;
            } else {
                for c in list {
                    let at = match &c.field {
                        Some(f) => format!("{} {}", f.what, f.row),
                        None => c.doc.to_string(),
                    };
                    println!(
                        "{:>4} [{}..{}] {:<10} {:<9} «{}» → {}   …{}…",
                        at,
                        c.start,
                        c.end,
                        c.kind.as_str(),
                        c.status.as_str(),
                        c.text,
                        c.replacement,
                        c.context
                    );
                }
            }
        }
        AnonCmd::Entities { json } => {
            let groups = an::anon_entities(project)?;
            if json {
                print_json(&groups)?;
            } else {
                for g in groups {
                    println!(
                        "{} ({}, {}) → {}  [{}]",
                        g.entity,
                        g.kind.as_str(),
                        g.status.as_str(),
                        g.replacement,
                        g.forms.join(", ")
                    );
                    for o in g.occurrences {
                        println!(
                            "    {} [{}..{}] …{}…",
                            o.doc_name, o.start, o.end, o.context
                        );
                    }
                }
            }
        }
        AnonCmd::Accept {
            all,
            entities,
            at,
            replacement,
        } => {
            if let Some(at) = at {
                let (doc, start, end) = parse_at(project, &at)?;
                an::anon_decide_occurrence(
                    project,
                    doc,
                    start,
                    end,
                    Some(Status::Accepted),
                    replacement,
                )?;
                say(format!("accepted the occurrence at {at}"));
            } else {
                let sel = match (all, entities.is_empty()) {
                    (true, _) => Selection::All,
                    (false, false) => Selection::Entities(entities),
                    (false, true) => bail!("give --all, --entity E or --at DOC:START:END"),
                };
                let n = an::anon_accept(project, &sel)?;
                say(format!("accepted {n} identifier(s)"));
            }
        }
        AnonCmd::Reject { entities, at } => {
            if let Some(at) = at {
                let (doc, start, end) = parse_at(project, &at)?;
                an::anon_decide_occurrence(project, doc, start, end, Some(Status::Rejected), None)?;
                say(format!("kept the occurrence at {at}"));
            } else {
                if entities.is_empty() {
                    bail!("give --entity E or --at DOC:START:END");
                }
                let n = an::anon_reject(project, &Selection::Entities(entities))?;
                say(format!("kept {n} identifier(s) as they are"));
            }
        }
        AnonCmd::Replace {
            entity,
            replacement,
        } => {
            let r = Some(replacement.as_str()).filter(|r| !r.is_empty());
            an::anon_set_replacement(project, &entity, r)?;
            say(format!("'{entity}' will become '{replacement}'"));
        }
        AnonCmd::Rule { action } => match action {
            AnonRuleCmd::Add {
                original,
                replacement,
                kind,
                case_sensitive,
                no_inflect,
                anywhere,
            } => {
                let kind = crate::anonymise::Kind::parse(&kind)
                    .with_context(|| format!("unknown kind '{kind}'"))?;
                let id = an::anon_add_rule(
                    project,
                    an::NewRule {
                        original: original.clone(),
                        replacement: replacement.clone(),
                        kind,
                        whole_word: !anywhere,
                        case_sensitive,
                        inflect: !no_inflect,
                    },
                )?;
                say(format!(
                    "rule {id}: '{original}' → '{replacement}' everywhere"
                ));
            }
            AnonRuleCmd::List { json } => {
                let rules = an::anon_rules(project)?;
                if json {
                    print_json(&rules)?;
                } else {
                    for r in rules {
                        println!("{:>4}  {} → {}", r.id, r.rule.original, r.rule.replacement);
                    }
                }
            }
            AnonRuleCmd::Delete { id } => {
                an::anon_delete_rule(project, id)?;
                say(format!("deleted rule {id}"));
            }
        },
        AnonCmd::Preview { doc } => {
            let doc = project.resolve_doc(&doc)?;
            print!("{}", an::anon_preview(project, doc)?);
        }
        AnonCmd::Apply { key_out, json } => {
            let report = an::anon_apply(project, &key_out)?;
            if json {
                print_json(&report)?;
            } else {
                println!(
                    "replaced {} identifier(s) in {} document(s) and {} other field(s); link key written to {} (keep it apart from the data). Undo with `tema undo`.",
                    report.replacements,
                    report.documents,
                    report.fields,
                    report.key.display()
                );
            }
        }
        AnonCmd::Audit { json } => {
            let rows = an::anon_audit(project)?;
            if json {
                print_json(&rows)?;
            } else {
                for r in rows {
                    let at = match (r.document_id, r.start, r.end) {
                        (Some(d), Some(s), Some(e)) => format!("document {d} [{s}..{e}]"),
                        _ => format!("{}.{} row {}", r.tbl, r.col, r.row_id),
                    };
                    println!(
                        "{}  {at}: «{}» → {}",
                        r.at,
                        r.original.unwrap_or_default(),
                        r.replacement
                    );
                }
            }
        }
    }
    Ok(())
}

fn note(project: &mut Project, action: NoteCmd) -> Result<()> {
    match action {
        NoteCmd::Add {
            text,
            doc,
            code,
            familiarisation,
        } => {
            let doc = doc.map(|d| project.resolve_doc(&d)).transpose()?;
            let code = code.map(|c| project.resolve_code(&c)).transpose()?;
            let kind = match (doc, code, familiarisation) {
                (Some(_), None, true) => NoteKind::Familiarisation,
                (Some(_), None, false) => NoteKind::Document,
                (None, Some(_), false) => NoteKind::Code,
                (None, None, false) => NoteKind::Project,
                _ => bail!("a note belongs to one document, one code, or the project"),
            };
            say(project
                .execute(Command::AddNote {
                    kind,
                    doc,
                    code,
                    text,
                })?
                .label);
        }
        NoteCmd::List { doc, code, json } => {
            let doc = doc.map(|d| project.resolve_doc(&d)).transpose()?;
            let code = code.map(|c| project.resolve_code(&c)).transpose()?;
            let notes = project.notes(None, doc, code)?;
            if json {
                print_json(&notes)?;
            } else {
                for n in notes {
                    println!("{:>4} [{}] {}", n.id, n.kind.as_str(), n.text);
                }
            }
        }
    }
    Ok(())
}

// ------------------------------------------------------------------- themes

#[derive(Subcommand, Debug)]
pub enum ThemeCmd {
    /// Create a theme.
    New {
        name: String,
        #[arg(long, default_value = "candidate", value_parser = parse_status)]
        status: ThemeStatus,
        /// The central organising concept.
        #[arg(long, default_value = "")]
        definition: String,
        /// Make it a sub-theme of this theme.
        #[arg(long)]
        parent: Option<String>,
    },
    Rename {
        theme: String,
        new_name: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Put a code into a theme.
    AddCode {
        theme: String,
        code: String,
        #[arg(long)]
        why: Option<String>,
    },
    RemoveCode {
        theme: String,
        code: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Set the status: candidate, final or discarded (candidate revives).
    Status {
        theme: String,
        #[arg(value_parser = parse_status)]
        status: ThemeStatus,
        #[arg(long)]
        why: Option<String>,
    },
    /// Merge theme A into theme B (A is discarded, never deleted).
    Merge {
        a: String,
        b: String,
        #[arg(long)]
        why: Option<String>,
    },
    /// Move codes of THEME into a new theme NEW.
    Split {
        theme: String,
        new: String,
        #[arg(long = "code", required = true)]
        codes: Vec<String>,
        #[arg(long)]
        why: Option<String>,
    },
    /// Change the definition, boundaries ("what it is not"), write-up or colour.
    Edit {
        theme: String,
        #[arg(long)]
        definition: Option<String>,
        #[arg(long)]
        boundaries: Option<String>,
        #[arg(long)]
        writeup: Option<String>,
        #[arg(long, alias = "color")]
        colour: Option<String>,
        #[arg(long)]
        why: Option<String>,
    },
    /// Make THEME a sub-theme of PARENT (or top level with --top).
    Move {
        theme: String,
        parent: Option<String>,
        #[arg(long)]
        top: bool,
        #[arg(long)]
        position: Option<i64>,
    },
    /// How the theme came to be.
    History {
        theme: String,
        #[arg(long)]
        json: bool,
    },
    /// The theme's coded extracts (key quotes marked).
    Extracts {
        theme: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a coding as a key quote of the theme (--off to unmark).
    KeyQuote {
        theme: String,
        coding: Id,
        #[arg(long)]
        off: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReviewCmd {
    /// Themes × participants (or × values of a participant attribute).
    Matrix {
        /// A participant attribute such as sector, group or role.
        #[arg(long)]
        by: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Codes in more than one final theme.
    Warnings {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum JournalCmd {
    /// Add a dated entry (phase defaults to the current phase, date to today).
    Add {
        text: String,
        #[arg(long)]
        phase: Option<u8>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        doc: Vec<String>,
        #[arg(long)]
        code: Vec<String>,
        #[arg(long)]
        theme: Vec<String>,
    },
    List {
        #[arg(long)]
        phase: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    Delete {
        entry: Id,
    },
}

#[derive(Subcommand, Debug)]
pub enum PhaseCmd {
    /// Say which phase (1-6) the analysis is in now.
    Set {
        phase: u8,
        #[arg(long, default_value = "")]
        note: String,
    },
    History {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum MapCmd {
    /// Link theme A to theme B with LABEL (--remove to unlink).
    Edge {
        a: String,
        b: String,
        #[arg(default_value = "")]
        label: String,
        #[arg(long)]
        remove: bool,
    },
    /// Place a theme at X Y on the map.
    Place { theme: String, x: f64, y: f64 },
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Save the map as FILE.svg or FILE.png (final and candidate themes,
    /// sub-themes and links, as placed in the GUI).
    Export {
        #[arg(short, long)]
        output: PathBuf,
        /// Width of a PNG in pixels.
        #[arg(long)]
        width: Option<u32>,
        /// Show the codes of each theme too.
        #[arg(long)]
        codes: bool,
        /// Show discarded themes too.
        #[arg(long)]
        discarded: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ChecklistCmd {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Tick item N (1-15); --undo unticks it.
    Tick {
        item: u8,
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        note: Option<String>,
    },
}

fn parse_status(s: &str) -> Result<ThemeStatus, String> {
    ThemeStatus::parse(s).ok_or_else(|| format!("'{s}' is not candidate, final or discarded"))
}

fn theme(project: &mut Project, action: ThemeCmd) -> Result<()> {
    let cmd = match action {
        ThemeCmd::New {
            name,
            status,
            definition,
            parent,
        } => ThemeCommand::CreateTheme {
            name,
            status,
            definition,
            parent: parent.map(|p| project.resolve_theme(&p)).transpose()?,
        },
        ThemeCmd::Rename {
            theme,
            new_name,
            why,
        } => ThemeCommand::RenameTheme {
            theme: project.resolve_theme(&theme)?,
            name: new_name,
            why,
        },
        ThemeCmd::AddCode { theme, code, why } => ThemeCommand::AddCode {
            theme: project.resolve_theme(&theme)?,
            code: project.resolve_code(&code)?,
            why,
        },
        ThemeCmd::RemoveCode { theme, code, why } => ThemeCommand::RemoveCode {
            theme: project.resolve_theme(&theme)?,
            code: project.resolve_code(&code)?,
            why,
        },
        ThemeCmd::Status { theme, status, why } => ThemeCommand::SetStatus {
            theme: project.resolve_theme(&theme)?,
            status,
            why,
        },
        ThemeCmd::Merge { a, b, why } => ThemeCommand::MergeThemes {
            from: project.resolve_theme(&a)?,
            into: project.resolve_theme(&b)?,
            why,
        },
        ThemeCmd::Split {
            theme,
            new,
            codes,
            why,
        } => ThemeCommand::SplitTheme {
            theme: project.resolve_theme(&theme)?,
            codes: codes
                .iter()
                .map(|c| project.resolve_code(c))
                .collect::<Result<_>>()?,
            new_name: new,
            why,
        },
        ThemeCmd::Edit {
            theme,
            definition,
            boundaries,
            writeup,
            colour,
            why,
        } => ThemeCommand::EditTheme {
            theme: project.resolve_theme(&theme)?,
            definition,
            boundaries,
            writeup,
            colour,
            why,
        },
        ThemeCmd::Move {
            theme,
            parent,
            top,
            position,
        } => ThemeCommand::MoveTheme {
            theme: project.resolve_theme(&theme)?,
            parent: match (parent, top) {
                (Some(p), false) => Some(project.resolve_theme(&p)?),
                (None, true) => None,
                _ => bail!("give either a PARENT or --top"),
            },
            position,
        },
        ThemeCmd::History { theme, json } => {
            let history = project.theme_history(project.resolve_theme(&theme)?)?;
            if json {
                return print_json(&history);
            }
            for h in history {
                let why = h.why.map(|w| format!("  (why: {w})")).unwrap_or_default();
                println!("{}  {:<12} {}{why}", h.at, h.kind.as_str(), h.detail);
            }
            return Ok(());
        }
        ThemeCmd::Extracts { theme, json } => {
            let extracts = project.theme_extracts(project.resolve_theme(&theme)?)?;
            if json {
                return print_json(&extracts);
            }
            for e in extracts {
                let c = &e.coding;
                println!(
                    "{:>5} {} {} [{}] {}: «{}»",
                    c.id,
                    if e.key { "★" } else { " " },
                    c.doc,
                    c.participant.as_deref().unwrap_or("-"),
                    c.code,
                    c.text
                );
            }
            return Ok(());
        }
        ThemeCmd::KeyQuote { theme, coding, off } => ThemeCommand::SetKeyQuote {
            theme: project.resolve_theme(&theme)?,
            coding,
            key: !off,
        },
    };
    say(project.execute(Command::Theme(cmd))?.label);
    Ok(())
}

fn list_themes(project: &Project, json: bool) -> Result<()> {
    let themes = project.themes()?;
    if json {
        return print_json(&themes);
    }
    let depth = |t: &crate::model::Theme| {
        let mut d = 0;
        let mut p = t.parent;
        while let Some(id) = p {
            d += 1;
            p = themes.iter().find(|t| t.id == id).and_then(|t| t.parent);
        }
        d
    };
    for t in &themes {
        let codes: Vec<&str> = t.codes.iter().map(|c| c.name.as_str()).collect();
        println!(
            "{:>4} {}{} [{}] ({} extracts, {} participants) {}",
            t.id,
            "  ".repeat(depth(t)),
            t.name,
            t.status.as_str(),
            t.extracts,
            t.participants,
            codes.join(", ")
        );
    }
    for w in project.theme_warnings()? {
        println!("warning: {}", w.message);
    }
    Ok(())
}

fn review(project: &Project, action: ReviewCmd) -> Result<()> {
    match action {
        ReviewCmd::Matrix { by, json } => {
            let m = project.coverage_matrix(by.as_deref())?;
            if json {
                return print_json(&m);
            }
            let width = m.rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
            let header: Vec<String> = m.columns.iter().map(|c| c.name.clone()).collect();
            println!("{:width$}  {}", "", header.join(" | "));
            for (row, cells) in m.rows.iter().zip(&m.cells) {
                let cells: Vec<String> = cells
                    .iter()
                    .zip(&header)
                    .map(|(c, h)| {
                        let w = h.chars().count();
                        format!("{:>w$}", format!("{}/{}", c.codings, c.participants))
                    })
                    .collect();
                println!("{row:width$}  {}", cells.join(" | "));
            }
            println!("(cells: codings/participants)");
        }
        ReviewCmd::Warnings { json } => {
            let warnings = project.theme_warnings()?;
            if json {
                return print_json(&warnings);
            }
            for w in warnings {
                println!("{}", w.message);
            }
        }
    }
    Ok(())
}

fn journal(project: &mut Project, action: JournalCmd) -> Result<()> {
    match action {
        JournalCmd::Add {
            text,
            phase,
            date,
            doc,
            code,
            theme,
        } => {
            let mut links = Vec::new();
            for d in doc {
                links.push(JournalLink::Document(project.resolve_doc(&d)?));
            }
            for c in code {
                links.push(JournalLink::Code(project.resolve_code(&c)?));
            }
            for t in theme {
                links.push(JournalLink::Theme(project.resolve_theme(&t)?));
            }
            let phase = match phase {
                Some(p) => p,
                None => project.current_phase()?,
            };
            say(project
                .execute(Command::Theme(ThemeCommand::AddJournal {
                    date,
                    phase: Some(phase),
                    text,
                    links,
                }))?
                .label);
        }
        JournalCmd::List { phase, json } => {
            let entries = project.journal(&JournalFilter {
                phase,
                ..Default::default()
            })?;
            if json {
                return print_json(&entries);
            }
            for e in entries {
                let phase = e.phase.map(|p| format!(" phase {p}")).unwrap_or_default();
                println!("{:>4} {}{phase}: {}", e.id, e.date, e.text);
            }
        }
        JournalCmd::Delete { entry } => say(project
            .execute(Command::Theme(ThemeCommand::DeleteJournal { entry }))?
            .label),
    }
    Ok(())
}

fn phase(project: &mut Project, action: PhaseCmd) -> Result<()> {
    match action {
        PhaseCmd::Set { phase, note } => say(project
            .execute(Command::Theme(ThemeCommand::SetPhase { phase, note }))?
            .label),
        PhaseCmd::History { json } => {
            let history = project.phase_history()?;
            if json {
                return print_json(&history);
            }
            for h in history {
                println!("{}  {} {}  {}", h.at, h.phase, h.name, h.note);
            }
        }
    }
    Ok(())
}

fn map(project: &mut Project, action: MapCmd) -> Result<()> {
    let cmd = match action {
        MapCmd::Edge {
            a,
            b,
            label,
            remove,
        } => {
            let (from, to) = (project.resolve_theme(&a)?, project.resolve_theme(&b)?);
            if remove {
                ThemeCommand::RemoveEdge {
                    from,
                    to,
                    label: Some(label).filter(|l| !l.is_empty()),
                }
            } else {
                ThemeCommand::AddEdge { from, to, label }
            }
        }
        MapCmd::Place { theme, x, y } => ThemeCommand::PlaceNode {
            node: MapNodeRef::Theme(project.resolve_theme(&theme)?),
            x,
            y,
        },
        MapCmd::Export {
            output,
            width,
            codes,
            discarded,
        } => {
            let opts = crate::export::map::MapOptions {
                show_codes: codes,
                show_discarded: discarded,
            };
            crate::export::map::write_map(project, &output, &opts, width)?;
            say(format!("saved the map as {}", output.display()));
            return Ok(());
        }
        MapCmd::Show { json } => {
            let map = project.map()?;
            if json {
                return print_json(&map);
            }
            for n in &map.nodes {
                let at = match (n.x, n.y) {
                    (Some(x), Some(y)) => format!("({x}, {y})"),
                    _ => "(not placed)".into(),
                };
                println!("{} {at}", n.label);
            }
            let name = |id: Id| {
                map.nodes
                    .iter()
                    .find(|n| n.node == MapNodeRef::Theme(id))
                    .map_or(String::new(), |n| n.label.clone())
            };
            for e in &map.edges {
                println!("{} —{}→ {}", name(e.from), e.label, name(e.to));
            }
            return Ok(());
        }
    };
    say(project.execute(Command::Theme(cmd))?.label);
    Ok(())
}

fn checklist(project: &mut Project, action: ChecklistCmd) -> Result<()> {
    match action {
        ChecklistCmd::List { json } => {
            let items = project.checklist()?;
            if json {
                return print_json(&items);
            }
            for i in items {
                let mark = if i.done { "x" } else { " " };
                println!("[{mark}] {:>2}. ({}) {}", i.item, i.stage, i.text);
            }
        }
        ChecklistCmd::Tick { item, undo, note } => say(project
            .execute(Command::Theme(ThemeCommand::SetChecklist {
                item,
                done: !undo,
                note,
            }))?
            .label),
    }
    Ok(())
}

/// The report options a command line asks for.
pub fn report_options(args: &ReportArgs) -> Result<crate::report::ReportOptions> {
    use crate::report::{Attribution, Lang, ReportOptions};
    let lang = Lang::parse(&args.lang)
        .with_context(|| format!("unknown language '{}': use en or nb", args.lang))?;
    let read = |p: &Option<PathBuf>| -> Result<Option<Vec<u8>>> {
        p.as_ref()
            .map(|p| std::fs::read(p).with_context(|| format!("reading '{}'", p.display())))
            .transpose()
    };
    let map_png = read(&args.map_png)?;
    if let Some(png) = &map_png {
        crate::report::png_size(png)?;
    }
    let map_svg = read(&args.map_svg)?
        .map(|b| String::from_utf8(b).context("the map SVG is not UTF-8"))
        .transpose()?;
    Ok(ReportOptions {
        title: args.title.clone(),
        candidates: args.candidates,
        sub_themes: !args.no_sub_themes,
        counts: !args.no_counts,
        appendix: !args.no_appendix,
        attribution: if args.unattributed {
            Attribution::Unattributed
        } else {
            Attribution::Template(args.attribution.clone())
        },
        max_quote: args.max_quote,
        lang,
        matrix_by: args.matrix_by.clone(),
        map_png,
        map_svg,
        ..ReportOptions::default()
    })
}

fn export_report(project: &Project, args: &ReportArgs) -> Result<()> {
    use crate::report::Format;
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
    let mut opts = report_options(args)?;
    // Without a map given, the appendix shows the project's thematic map.
    if opts.appendix
        && opts.map_png.is_none()
        && opts.map_svg.is_none()
        && !project.themes()?.is_empty()
    {
        opts.map_png = Some(crate::export::map::map_png(project, 1600)?);
        opts.map_svg = Some(crate::export::map::map_svg(project)?);
    }
    for path in crate::report::write(project, &opts, format, &args.output)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
