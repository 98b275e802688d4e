//! The bundled sample study: a fictional Norwegian project kept as
//! reviewable source files (`sample_projects/ungdom-0-24/`: transcripts and a
//! manifest), embedded in the binary and built into a project on demand.
//! `cargo run` opens a copy in the user's data directory, never the repo.

use crate::Project;
use crate::model::{Id, MapNodeRef, NoteKind, ThemeStatus};
use crate::store::ThemeCommand as T;
use crate::store::{Command, NewDocument, NewParticipant};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MANIFEST: &str = include_str!("../sample_projects/ungdom-0-24/manifest.toml");

/// The transcripts, by the path the manifest gives them.
const FILES: &[(&str, &str)] = &[
    (
        "transcripts/gruppeintervju-1-ledere.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/gruppeintervju-1-ledere.txt"),
    ),
    (
        "transcripts/gruppeintervju-2-ansatte.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/gruppeintervju-2-ansatte.txt"),
    ),
    (
        "transcripts/intervju-helsesykepleier.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/intervju-helsesykepleier.txt"),
    ),
    (
        "transcripts/intervju-nav-veileder.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/intervju-nav-veileder.txt"),
    ),
    (
        "transcripts/intervju-larer.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/intervju-larer.txt"),
    ),
    (
        "transcripts/intervju-barnevern.txt",
        include_str!("../sample_projects/ungdom-0-24/transcripts/intervju-barnevern.txt"),
    ),
];

#[derive(Deserialize)]
pub struct Manifest {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub participants: Vec<ManifestParticipant>,
    #[serde(default)]
    pub documents: Vec<ManifestDocument>,
    #[serde(default)]
    pub codes: Vec<ManifestCode>,
    #[serde(default)]
    pub codings: Vec<ManifestCoding>,
    #[serde(default)]
    pub themes: Vec<ManifestTheme>,
    #[serde(default)]
    pub map_edges: Vec<ManifestEdge>,
    #[serde(default)]
    pub journal: Vec<ManifestJournal>,
}

#[derive(Deserialize)]
pub struct ManifestParticipant {
    pub label: String,
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
pub struct ManifestDocument {
    pub file: String,
    pub name: String,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub speakers: BTreeMap<String, String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Deserialize)]
pub struct ManifestCode {
    pub name: String,
    pub parent: Option<String>,
    pub colour: Option<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize)]
pub struct ManifestCoding {
    pub doc: String,
    pub code: String,
    pub quote: String,
    pub nth: Option<usize>,
    #[serde(default)]
    pub memo: String,
    /// The coding pass it was made in (1 when not given).
    pub pass: Option<i64>,
    /// Its condensed meaning (meaning condensation).
    #[serde(default)]
    pub condensation: String,
}

#[derive(Deserialize)]
pub struct ManifestTheme {
    pub name: String,
    pub status: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub boundaries: String,
    pub parent: Option<String>,
    #[serde(default)]
    pub writeup: String,
    #[serde(default)]
    pub codes: Vec<String>,
    #[serde(default)]
    pub key_quotes: Vec<ManifestQuote>,
}

#[derive(Deserialize)]
pub struct ManifestQuote {
    pub doc: String,
    pub quote: String,
}

#[derive(Deserialize)]
pub struct ManifestEdge {
    pub from: String,
    pub to: String,
    pub label: String,
}

#[derive(Deserialize)]
pub struct ManifestJournal {
    pub date: String,
    pub phase: u8,
    pub text: String,
}

pub fn manifest() -> Result<Manifest> {
    toml::from_str(MANIFEST).context("reading the sample manifest")
}

/// Build the sample project into `dir` (which must not hold a project yet).
pub fn build(dir: &Path) -> Result<Project> {
    let m = manifest()?;
    let mut project = Project::create(dir, &m.title)?;
    import_documents(&mut project, &m)?;
    add_codes(&mut project, &m)?;
    add_codings(&mut project, &m)?;
    add_analysis(&mut project, &m)?;
    Ok(project)
}

fn file_text(path: &str) -> Result<&'static str> {
    FILES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, t)| *t)
        .with_context(|| format!("the sample has no file '{path}'"))
}

fn import_documents(project: &mut Project, m: &Manifest) -> Result<()> {
    let participants = m
        .participants
        .iter()
        .map(|p| NewParticipant {
            label: p.label.clone(),
            attributes: p.attributes.clone().into_iter().collect(),
        })
        .collect();
    let mut documents = Vec::new();
    for d in &m.documents {
        let file_name = Path::new(&d.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = crate::import::parse_bytes(
            &file_name,
            file_text(&d.file)?.as_bytes(),
            &Default::default(),
        )?;
        documents.push(NewDocument {
            name: d.name.clone(),
            participants: d.participants.clone(),
            speakers: d.speakers.clone().into_iter().collect(),
            ..NewDocument::from(parsed)
        });
    }
    let ids = project
        .execute(Command::Import {
            documents,
            participants,
        })?
        .ids;
    let notes = m
        .documents
        .iter()
        .zip(ids)
        .filter(|(d, _)| !d.notes.trim().is_empty())
        .map(|(d, id)| Command::AddNote {
            kind: NoteKind::Familiarisation,
            doc: Some(id),
            code: None,
            text: d.notes.trim().to_string(),
        })
        .collect();
    project.execute(Command::Batch {
        label: "add familiarisation notes".into(),
        commands: notes,
    })?;
    Ok(())
}

fn add_codes(project: &mut Project, m: &Manifest) -> Result<()> {
    for c in &m.codes {
        let parent = c
            .parent
            .as_deref()
            .map(|p| project.resolve_code(p))
            .transpose()?;
        project
            .execute(Command::CreateCode {
                name: c.name.clone(),
                parent,
                colour: c.colour.clone(),
                description: c.description.clone(),
            })
            .with_context(|| format!("sample code '{}'", c.name))?;
    }
    Ok(())
}

/// The codings in two passes, as an analyst who codes everything twice:
/// pass 1 in the manifest's order, pass 2 backwards; then the condensed
/// meanings of the meaning units that have one.
fn add_codings(project: &mut Project, m: &Manifest) -> Result<()> {
    use crate::app::method::{PassOrder, start_pass};
    let docs: Vec<Id> = project.documents()?.iter().map(|d| d.id).collect();
    for (pass, order) in [(1, PassOrder::Chosen(docs)), (2, PassOrder::Reversed)] {
        start_pass(project, order)?;
        let mut commands = Vec::new();
        for c in m.codings.iter().filter(|c| c.pass.unwrap_or(1) == pass) {
            commands.push(coding_command(project, c)?);
        }
        project.execute(Command::Batch {
            label: format!("code the sample transcripts (pass {pass})"),
            commands,
        })?;
    }
    condense(project, m)
}

fn coding_command(project: &Project, c: &ManifestCoding) -> Result<Command> {
    let doc = project.resolve_doc(&c.doc)?;
    let code = project.resolve_code(&c.code)?;
    let (start, end) =
        crate::app::codes::quote_in(&project.text(doc)?, &c.quote, c.nth.unwrap_or(1))
            .with_context(|| format!("sample coding in '{}'", c.doc))?;
    Ok(Command::ApplyCoding {
        doc,
        code,
        start,
        end,
        memo: c.memo.clone(),
    })
}

/// Condensed meanings, on the codings of the same document, span and code.
fn condense(project: &mut Project, m: &Manifest) -> Result<()> {
    let codings = project.codings(&crate::store::CodingFilter::default())?;
    let mut commands = Vec::new();
    for c in m.codings.iter().filter(|c| !c.condensation.is_empty()) {
        let Command::ApplyCoding {
            doc,
            code,
            start,
            end,
            ..
        } = coding_command(project, c)?
        else {
            continue;
        };
        let coding = codings
            .iter()
            .find(|x| x.doc_id == doc && x.code_id == code && x.start == start && x.end == end)
            .context("a condensed sample coding is missing")?;
        commands.push(Command::Condense {
            coding: coding.id,
            text: c.condensation.clone(),
        });
    }
    project.execute(Command::Batch {
        label: "condense meaning units".into(),
        commands,
    })?;
    Ok(())
}

/// Where `cargo run` keeps its copy of the sample project.
pub fn default_location() -> PathBuf {
    let base = dirs::data_dir().unwrap_or_else(std::env::temp_dir);
    base.join("tema")
        .join(format!("sample-{}", crate::store::SCHEMA_VERSION))
}

/// Open the user's copy of the sample project, building it on first use.
pub fn open_or_build() -> Result<Project> {
    let dir = default_location();
    if dir.join(crate::store::DB_FILE).exists() {
        return Project::open(&dir);
    }
    if dir.exists() {
        // A half-built copy from an interrupted first run: start again.
        std::fs::remove_dir_all(&dir).with_context(|| format!("clearing '{}'", dir.display()))?;
    }
    let tmp = dir.with_extension("building");
    let _ = std::fs::remove_dir_all(&tmp);
    drop(build(&tmp)?);
    std::fs::rename(&tmp, &dir)
        .with_context(|| format!("moving the sample project to '{}'", dir.display()))?;
    if !dir.join(crate::store::DB_FILE).exists() {
        bail!(
            "the sample project could not be built in '{}'",
            dir.display()
        );
    }
    Project::open(&dir)
}

/// Themes, the thematic map and the journal of the finished analysis, so a
/// new user sees where the six phases lead.
fn add_analysis(project: &mut Project, m: &Manifest) -> Result<()> {
    for t in &m.themes {
        let id = add_theme(project, t)?;
        choose_key_quotes(project, id, t)?;
    }
    draw_map(project, m)?;
    add_journal(project, m)
}

/// A theme with its definition, boundaries, write-up and codes.
fn add_theme(project: &mut Project, t: &ManifestTheme) -> Result<Id> {
    let status = ThemeStatus::parse(&t.status)
        .with_context(|| format!("theme '{}': unknown status", t.name))?;
    let parent = t
        .parent
        .as_deref()
        .map(|p| project.resolve_theme(p))
        .transpose()?;
    let codes = t
        .codes
        .iter()
        .map(|c| project.resolve_code(c))
        .collect::<Result<_>>()?;
    let create = T::CreateTheme {
        name: t.name.clone(),
        status,
        definition: t.definition.clone(),
        parent,
        codes,
    };
    let id = project
        .execute(Command::Theme(create))?
        .id()
        .context("theme was not created")?;
    project.execute(Command::Theme(T::EditTheme {
        theme: id,
        definition: None,
        boundaries: Some(t.boundaries.clone()),
        writeup: Some(t.writeup.clone()),
        colour: None,
        why: None,
    }))?;
    Ok(id)
}

/// The theme's key quotes: the extracts of the theme that hold each quote.
fn choose_key_quotes(project: &mut Project, id: Id, t: &ManifestTheme) -> Result<()> {
    let extracts = project.theme_extracts(id)?;
    let mut quotes = Vec::new();
    for q in &t.key_quotes {
        let doc = project.resolve_doc(&q.doc)?;
        let (start, end) = crate::app::codes::quote_in(&project.text(doc)?, &q.quote, 1)?;
        let coding = extracts
            .iter()
            .map(|e| &e.coding)
            .find(|c| c.doc_id == doc && c.start <= start && c.end >= end)
            .with_context(|| format!("key quote of '{}' is not an extract of the theme", t.name))?;
        quotes.push(Command::Theme(T::SetKeyQuote {
            theme: id,
            coding: coding.id,
            key: true,
        }));
    }
    project.execute(Command::Batch {
        label: format!("choose key quotes of '{}'", t.name),
        commands: quotes,
    })?;
    Ok(())
}

/// Top-level themes in a circle, linked as the manifest says.
fn draw_map(project: &mut Project, m: &Manifest) -> Result<()> {
    let mut layout = Vec::new();
    let top: Vec<_> = project
        .themes()?
        .into_iter()
        .filter(|t| t.parent.is_none())
        .collect();
    for (i, t) in top.iter().enumerate() {
        let angle = i as f64 / top.len().max(1) as f64 * std::f64::consts::TAU;
        layout.push(Command::Theme(T::PlaceNode {
            node: MapNodeRef::Theme(t.id),
            x: 400.0 + 260.0 * angle.cos(),
            y: 300.0 + 200.0 * angle.sin(),
        }));
    }
    for e in &m.map_edges {
        let (from, to) = (
            project.resolve_theme(&e.from)?,
            project.resolve_theme(&e.to)?,
        );
        let label = e.label.clone();
        layout.push(Command::Theme(T::AddEdge { from, to, label }));
    }
    project.execute(Command::Batch {
        label: "draw the thematic map".into(),
        commands: layout,
    })?;
    Ok(())
}

/// The reflexive journal, and the phase the sample analysis has reached.
fn add_journal(project: &mut Project, m: &Manifest) -> Result<()> {
    for j in &m.journal {
        project.execute(Command::Theme(T::AddJournal {
            date: Some(j.date.clone()),
            phase: Some(j.phase),
            text: j.text.clone(),
            links: vec![],
        }))?;
    }
    if let Some(last) = m.journal.iter().map(|j| j.phase).max() {
        project.execute(Command::Theme(T::SetPhase {
            phase: last,
            note: "The sample analysis is being written up.".into(),
        }))?;
    }
    Ok(())
}
