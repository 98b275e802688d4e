//! The theme report (phase 6, writing up): per theme its definition,
//! sub-themes, write-up and attributed key quotes, with a short method
//! summary and an optional appendix (codebook, coverage matrix, map).
//!
//! [`build`] turns a project and [`ReportOptions`] into a [`Report`] (plain
//! data, every fixed text already in the chosen language); `markdown`,
//! `html` and `docx` render it. The reflexive journal is never read here:
//! it belongs to the project, not to what is shared.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod process;
mod strings;
pub mod trail;

pub use strings::Strings;

use crate::Project;
use crate::model::{CodeNode, Extract, Id, Matrix, Participant, Theme, ThemeStatus};
use crate::text::one_line;
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The language of the report's fixed texts (headings, labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    /// Norwegian bokmål.
    Nb,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_lowercase().as_str() {
            "en" | "english" => Some(Lang::En),
            "nb" | "no" | "nob" | "bokmål" | "bokmal" | "norsk" => Some(Lang::Nb),
            _ => None,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &strings::EN,
            Lang::Nb => &strings::NB,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Docx,
    Markdown,
    Html,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().trim_start_matches('.').to_lowercase().as_str() {
            "docx" | "word" => Some(Format::Docx),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::parse(path.extension()?.to_str()?)
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// How quotes are attributed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Attribution {
    /// `{participant}`, `{document}` and any participant attribute in
    /// braces: `{participant}, {role}, {year}`. Missing values drop out
    /// with their separator.
    Template(String),
    /// Every quote is by "An informant" / "En informant".
    Unattributed,
}

pub const DEFAULT_ATTRIBUTION: &str = "{participant}, {role}, {year}";
pub const DEFAULT_MAX_QUOTE: usize = 600;

/// What goes into the report. `map_png` / `map_svg` are the thematic map
/// image (filled by the caller, e.g. from `export::map`); without them the
/// appendix has no map.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportOptions {
    /// Title; None: the project's title.
    pub title: Option<String>,
    /// Candidate themes too (marked as candidates); discarded never.
    pub candidates: bool,
    pub sub_themes: bool,
    /// Extracts and participants per theme.
    pub counts: bool,
    /// Codebook, coverage matrix and map after the themes.
    pub appendix: bool,
    pub attribution: Attribution,
    /// Longer quotes are cut at a word boundary with "[...]".
    pub max_quote: usize,
    pub lang: Lang,
    /// When a theme has no chosen key quotes: how many to pick.
    pub auto_quotes: usize,
    /// Columns of the coverage matrix: a participant attribute (sector,
    /// group); None: one per participant (per the first summarised
    /// attribute when unattributed, so no participant label appears).
    pub matrix_by: Option<String>,
    pub map_png: Option<Vec<u8>>,
    pub map_svg: Option<String>,
    /// The process appendix: passes, merges and splits, what became of
    /// each candidate theme, the codebook over time.
    pub process: bool,
    /// Journal excerpts in the process appendix (the journal is private:
    /// never in a report unless asked for here).
    pub process_journal: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: None,
            candidates: false,
            sub_themes: true,
            counts: true,
            appendix: true,
            attribution: Attribution::Template(DEFAULT_ATTRIBUTION.to_string()),
            max_quote: DEFAULT_MAX_QUOTE,
            lang: Lang::En,
            auto_quotes: 3,
            matrix_by: None,
            map_png: None,
            map_svg: None,
            process: false,
            process_journal: false,
        }
    }
}

// ------------------------------------------------------------------ model

/// A report ready to render: every text final, every label translated.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub lang: Lang,
    pub title: String,
    pub method: Method,
    /// Top-level themes in their order, each with its sub-themes.
    pub themes: Vec<ReportTheme>,
    pub appendix: Option<Appendix>,
    /// The process appendix, when asked for.
    pub process: Option<Vec<process::ProcessSection>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    /// Paragraphs of the method summary.
    pub paragraphs: Vec<String>,
    /// The six phases, each "1. Familiarisation (2024-03-01 – 2024-03-20)".
    pub phases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportTheme {
    pub id: Id,
    pub name: String,
    /// Candidate themes (only with `candidates`) say so.
    pub candidate: bool,
    pub definition: String,
    /// Paragraphs of the write-up.
    pub writeup: Vec<String>,
    pub quotes: Vec<Quote>,
    /// "23 extracts from 9 participants", when counts are on.
    pub counts: Option<String>,
    pub sub_themes: Vec<ReportTheme>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub coding: Id,
    /// The quote, whitespace collapsed, cut with "[...]" when too long.
    pub text: String,
    pub attribution: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    pub codebook: Vec<CodebookRow>,
    pub matrix: Option<MatrixTable>,
    pub map_png: Option<Vec<u8>>,
    pub map_svg: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CodebookRow {
    pub depth: usize,
    pub name: String,
    pub definition: String,
    pub codings: usize,
}

/// The coverage matrix as text cells: one row per theme (first cell its
/// name), one column per participant or attribute value, then the total.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixTable {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

// ------------------------------------------------------------------ build

/// Build the report of `project`.
pub fn build(project: &Project, opts: &ReportOptions) -> Result<Report> {
    let s = opts.lang.strings();
    let participants = project.participants()?;
    let all = project.themes()?;
    let included = |t: &Theme| match t.status {
        ThemeStatus::Final => true,
        ThemeStatus::Candidate => opts.candidates,
        ThemeStatus::Discarded => false,
    };
    let by_label: HashMap<&str, &Participant> =
        participants.iter().map(|p| (p.label.as_str(), p)).collect();
    let ctx = QuoteContext {
        opts,
        by_label: &by_label,
    };
    let mut themes = Vec::new();
    for t in all.iter().filter(|t| t.parent.is_none() && included(t)) {
        let mut theme = report_theme(project, t, &ctx)?;
        if opts.sub_themes {
            for sub in all.iter().filter(|x| x.parent == Some(t.id) && included(x)) {
                theme.sub_themes.push(report_theme(project, sub, &ctx)?);
            }
        }
        themes.push(theme);
    }
    let summarised = summarised_attributes(&participants);
    let appendix = if opts.appendix {
        Some(appendix(project, opts, &themes, &summarised)?)
    } else {
        None
    };
    let title = match &opts.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => project.title()?,
    };
    let process = opts
        .process
        .then(|| process::build(project, s, opts.process_journal))
        .transpose()?;
    Ok(Report {
        lang: opts.lang,
        title,
        method: method(project, s, &participants, &summarised)?,
        themes,
        appendix,
        process,
    })
}

/// Build and render.
pub fn render(project: &Project, opts: &ReportOptions, format: Format) -> Result<Vec<u8>> {
    let report = build(project, opts)?;
    Ok(match format {
        Format::Docx => docx::render(&report)?,
        Format::Markdown => markdown::render(&report, None).into_bytes(),
        Format::Html => html::render(&report).into_bytes(),
    })
}

/// Write the report to `path`. Markdown cannot hold an image, so its map
/// goes beside it as `<stem>-map.png` (or `.svg`) and the report links it.
/// Returns every file written.
pub fn write(
    project: &Project,
    opts: &ReportOptions,
    format: Format,
    path: &Path,
) -> Result<Vec<PathBuf>> {
    let report = build(project, opts)?;
    let mut written = Vec::new();
    let bytes = match format {
        Format::Docx => docx::render(&report)?,
        Format::Html => html::render(&report).into_bytes(),
        Format::Markdown => {
            let map = report.appendix.as_ref().and_then(|a| {
                let stem = path.file_stem()?.to_string_lossy().into_owned();
                if let Some(png) = &a.map_png {
                    Some((format!("{stem}-map.png"), png.clone()))
                } else {
                    a.map_svg
                        .as_ref()
                        .map(|svg| (format!("{stem}-map.svg"), svg.clone().into_bytes()))
                }
            });
            if let Some((name, bytes)) = &map {
                let image = path.with_file_name(name);
                std::fs::write(&image, bytes)
                    .with_context(|| format!("writing '{}'", image.display()))?;
                written.push(image);
            }
            markdown::render(&report, map.as_ref().map(|m| m.0.as_str())).into_bytes()
        }
    };
    write_atomically(path, &bytes)?;
    written.insert(0, path.to_path_buf());
    Ok(written)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tema-partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing '{}'", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing '{}'", path.display()))?;
    Ok(())
}

struct QuoteContext<'a> {
    opts: &'a ReportOptions,
    by_label: &'a HashMap<&'a str, &'a Participant>,
}

fn report_theme(project: &Project, t: &Theme, ctx: &QuoteContext) -> Result<ReportTheme> {
    let s = ctx.opts.lang.strings();
    let extracts = project.theme_extracts(t.id)?;
    let chosen: Vec<&Extract> = {
        let keys: Vec<&Extract> = extracts.iter().filter(|e| e.key).collect();
        if keys.is_empty() {
            pick_quotes(&extracts, ctx.opts.auto_quotes)
        } else {
            keys
        }
    };
    let quotes = chosen
        .into_iter()
        .map(|e| Quote {
            coding: e.coding.id,
            text: shorten(&one_line(&e.coding.text, usize::MAX), ctx.opts.max_quote),
            attribution: attribute(e, ctx),
        })
        .collect();
    Ok(ReportTheme {
        id: t.id,
        name: t.name.trim().to_string(),
        candidate: t.status == ThemeStatus::Candidate,
        definition: t.definition.trim().to_string(),
        writeup: paragraphs(&t.writeup),
        quotes,
        counts: ctx
            .opts
            .counts
            .then(|| (s.counts)(t.extracts, t.participants)),
        sub_themes: Vec::new(),
    })
}

/// Blank-line separated paragraphs, each with its lines joined.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(line.trim());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A quote of at most `max` characters: a longer one keeps its beginning
/// and its end, cut at word boundaries, joined by "[...]".
pub fn shorten(text: &str, max: usize) -> String {
    const CUT: &str = " [...] ";
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max || max == 0 {
        return text.to_string();
    }
    let budget = max.saturating_sub(CUT.chars().count()).max(2);
    let head_budget = budget * 2 / 3;
    let tail_budget = budget - head_budget;
    let sentence_end = |i: usize| {
        i > 0 && matches!(chars[i - 1], '.' | '!' | '?' | '…') && chars[i].is_whitespace()
    };
    // Head: up to the last sentence end in its last 40%, else the last space.
    let mut head_end = head_budget.min(chars.len());
    if let Some(end) = (head_end * 3 / 5..head_end)
        .rev()
        .find(|&i| sentence_end(i))
    {
        head_end = end;
    } else if let Some(sp) = chars[..head_end].iter().rposition(|c| c.is_whitespace())
        && sp > 0
    {
        head_end = sp;
    }
    // Tail: from a sentence start in its first 40%, else the first word start.
    let tail_from = chars.len() - tail_budget.min(chars.len());
    let window = tail_from..(tail_from + tail_budget * 2 / 5).min(chars.len());
    let mut tail_start = tail_from;
    if let Some(start) = window.clone().find(|&i| sentence_end(i)) {
        tail_start = start + 1;
    } else if tail_from > 0 && !chars[tail_from - 1].is_whitespace() {
        match chars[tail_from..].iter().position(|c| c.is_whitespace()) {
            Some(p) => tail_start = tail_from + p + 1,
            None => tail_start = chars.len(),
        }
    }
    let head: String = chars[..head_end].iter().collect();
    let tail: String = chars[tail_start.max(head_end)..].iter().collect();
    let head = head.trim_end();
    let tail = tail.trim_start();
    if tail.is_empty() {
        format!("{head} [...]")
    } else {
        format!("{head}{CUT}{tail}")
    }
}

/// Quotes for a theme nobody chose quotes for: medium-length extracts,
/// from as many different participants (and codes) as possible.
fn pick_quotes(extracts: &[Extract], n: usize) -> Vec<&Extract> {
    // Ideal length about 250 characters; very short ones say little.
    let score = |e: &Extract| {
        let len = e.coding.text.trim().chars().count() as f64;
        let mut s = -((len - 250.0) / 250.0).abs();
        if len < 40.0 {
            s -= 2.0;
        }
        if e.coding.participant.is_none() {
            s -= 1.0;
        }
        s
    };
    let mut ranked: Vec<&Extract> = extracts
        .iter()
        .filter(|e| !e.coding.text.trim().is_empty())
        .collect();
    ranked.sort_by(|a, b| {
        score(b)
            .total_cmp(&score(a))
            .then(a.coding.id.cmp(&b.coding.id))
    });
    let mut out: Vec<&Extract> = Vec::new();
    let mut people = HashSet::new();
    let mut codes = HashSet::new();
    // Pass 1: new participant and new code; 2: new participant; 3: anything.
    for pass in 0..3 {
        for e in &ranked {
            if out.len() >= n {
                return sorted_by_position(out);
            }
            if out.iter().any(|o| overlaps(o, e)) {
                continue;
            }
            let new_person = e
                .coding
                .participant
                .as_ref()
                .is_some_and(|p| !people.contains(p));
            let new_code = !codes.contains(&e.coding.code_id);
            let ok = match pass {
                0 => new_person && new_code,
                1 => new_person,
                _ => true,
            };
            if ok {
                if let Some(p) = &e.coding.participant {
                    people.insert(p.clone());
                }
                codes.insert(e.coding.code_id);
                out.push(e);
            }
        }
    }
    sorted_by_position(out)
}

fn overlaps(a: &Extract, b: &Extract) -> bool {
    a.coding.doc_id == b.coding.doc_id
        && a.coding.start < b.coding.end
        && b.coding.start < a.coding.end
}

fn sorted_by_position(mut v: Vec<&Extract>) -> Vec<&Extract> {
    v.sort_by_key(|e| (e.coding.doc_id, e.coding.start, e.coding.id));
    v
}

fn attribute(e: &Extract, ctx: &QuoteContext) -> String {
    let s = ctx.opts.lang.strings();
    match &ctx.opts.attribution {
        Attribution::Unattributed => s.an_informant.to_string(),
        Attribution::Template(t) => {
            let participant = e
                .coding
                .participant
                .as_deref()
                .and_then(|l| ctx.by_label.get(l).copied());
            let text = fill_template(t, |key| match key {
                "participant" => e.coding.participant.clone(),
                "document" => Some(e.coding.doc.clone()),
                "code" => Some(e.coding.code.clone()),
                other => participant.and_then(|p| {
                    p.attributes
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(other))
                        .map(|(_, v)| v.clone())
                }),
            });
            if text.is_empty() {
                s.an_informant.to_string()
            } else {
                text
            }
        }
    }
}

/// Fill `{key}` placeholders; a missing value drops out together with the
/// separator before it (", " or " – "), and stray separators are trimmed.
pub fn fill_template(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    // Split into literal and placeholder pieces.
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        pieces.push((false, rest[..open].to_string()));
        pieces.push((true, rest[open + 1..open + close].trim().to_string()));
        rest = &rest[open + close + 1..];
    }
    pieces.push((false, rest.to_string()));
    let mut out = String::new();
    let mut pending_sep = String::new();
    for (placeholder, text) in pieces {
        if placeholder {
            match value(&text).map(|v| v.trim().to_string()) {
                Some(v) if !v.is_empty() => {
                    if !out.is_empty() {
                        out.push_str(&pending_sep);
                    } else {
                        out.push_str(pending_sep.trim_start_matches([',', ';', ' ', '–', '-']));
                    }
                    out.push_str(&v);
                }
                _ => {}
            }
            pending_sep.clear();
        } else {
            pending_sep.push_str(&text);
        }
    }
    // A trailing literal (")" or ".") stays when something came before.
    let tail = pending_sep.trim_end_matches([',', ';', ' ', '–', '-']);
    if !out.is_empty() {
        out.push_str(tail);
    }
    out.trim().to_string()
}

/// Attributes worth summarising: ones some participants share (sector,
/// group), not ones that single people out (a unique role).
fn summarised_attributes(participants: &[Participant]) -> Vec<(String, Vec<(String, usize)>)> {
    let mut by_key: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for p in participants {
        for (k, v) in &p.attributes {
            if !v.trim().is_empty() {
                *by_key.entry(k).or_default().entry(v).or_default() += 1;
            }
        }
    }
    by_key
        .into_iter()
        .filter(|(k, values)| {
            let n: usize = values.values().sum();
            values.len() < n && !is_date_key(k)
        })
        .map(|(k, values)| {
            let mut v: Vec<(String, usize)> = values
                .into_iter()
                .map(|(v, n)| (v.to_string(), n))
                .collect();
            v.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| crate::text::natural_cmp(&a.0, &b.0))
            });
            (k.to_string(), v)
        })
        .collect()
}

/// Participant attributes that date the interviews.
fn is_date_key(key: &str) -> bool {
    matches!(
        key.trim().to_lowercase().replace([' ', '-'], "_").as_str(),
        "date"
            | "dato"
            | "year"
            | "år"
            | "aar"
            | "interview_date"
            | "intervjudato"
            | "intervju_dato"
            | "interviewed"
            | "intervjuet"
    )
}

fn method(
    project: &Project,
    s: &Strings,
    participants: &[Participant],
    summarised: &[(String, Vec<(String, usize)>)],
) -> Result<Method> {
    let documents = project.documents()?;
    let mut paragraphs = vec![s.method_intro.to_string()];
    let mut data = (s.data_set)(documents.len(), participants.len());
    for (key, values) in summarised {
        let list = values
            .iter()
            .map(|(v, n)| format!("{v} ({n})"))
            .collect::<Vec<_>>()
            .join(", ");
        data.push(' ');
        data.push_str(&(s.by_attribute)(key, &list));
    }
    paragraphs.push(data);
    paragraphs.extend(interview_dates(s, participants));
    let phases = phases(project, s)?;
    Ok(Method { paragraphs, phases })
}

/// When the interviews were held, when the data says so (import dates
/// are not interview dates).
fn interview_dates(s: &Strings, participants: &[Participant]) -> Option<String> {
    let mut dates: Vec<String> = participants
        .iter()
        .flat_map(|p| {
            p.attributes
                .iter()
                .filter(|(k, _)| is_date_key(k))
                .map(|(_, v)| v.trim().to_string())
        })
        .filter(|v| !v.is_empty())
        .collect();
    dates.sort_by(|a, b| crate::text::natural_cmp(a, b));
    dates.dedup();
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => Some((s.interviews_when)(a)),
        (Some(a), Some(b)) => Some((s.interviews_when)(&format!("{a}–{b}"))),
        _ => None,
    }
}

/// The six phases, with when the analyst was in each (from the phase
/// tracker; its notes stay private like the journal).
fn phases(project: &Project, s: &Strings) -> Result<Vec<String>> {
    let history = project.phase_history()?;
    let mut spans: BTreeMap<u8, (String, Option<String>)> = BTreeMap::new();
    for (i, e) in history.iter().enumerate() {
        let from = day(&e.at);
        let to = history.get(i + 1).map(|n| day(&n.at));
        let span = spans.entry(e.phase).or_insert((from.clone(), to.clone()));
        if from < span.0 {
            span.0 = from;
        }
        span.1 = match (&span.1, to) {
            (Some(a), Some(b)) => Some(if b > *a { b } else { a.clone() }),
            _ => None,
        };
    }
    Ok((1..=6u8)
        .map(|p| {
            let name = s.phases[p as usize - 1];
            match spans.get(&p) {
                Some((from, Some(to))) if from != to => format!("{name} ({from} – {to})"),
                Some((from, Some(_))) => format!("{name} ({from})"),
                Some((from, None)) => format!("{name} ({} {from})", s.since),
                None => name.to_string(),
            }
        })
        .collect())
}

fn day(at: &str) -> String {
    at.get(..10).unwrap_or(at).to_string()
}

fn appendix(
    project: &Project,
    opts: &ReportOptions,
    themes: &[ReportTheme],
    summarised: &[(String, Vec<(String, usize)>)],
) -> Result<Appendix> {
    let s = opts.lang.strings();
    // Rows: the chosen attribute; per participant, unless that would name
    // participants in an unattributed report.
    let by = match (&opts.matrix_by, &opts.attribution) {
        (Some(b), _) if !b.trim().is_empty() => Some(b.trim().to_string()),
        (_, Attribution::Unattributed) => summarised.first().map(|(k, _)| k.clone()),
        _ => None,
    };
    let unattributed = opts.attribution == Attribution::Unattributed;
    let matrix = if unattributed && by.is_none() {
        None
    } else {
        matrix_table(project, s, themes, by.as_deref())?
    };
    Ok(Appendix {
        codebook: codebook_rows(project)?,
        matrix,
        map_png: opts.map_png.clone(),
        map_svg: opts.map_svg.clone(),
    })
}

/// The codebook as indented rows, depth first.
fn codebook_rows(project: &Project) -> Result<Vec<CodebookRow>> {
    fn walk(nodes: &[CodeNode], depth: usize, out: &mut Vec<CodebookRow>) {
        for n in nodes {
            out.push(CodebookRow {
                depth,
                name: n.code.name.trim().to_string(),
                definition: one_line(&n.code.description, usize::MAX),
                codings: n.codings,
            });
            walk(&n.children, depth + 1, out);
        }
    }
    let mut rows = Vec::new();
    walk(&project.codebook()?, 0, &mut rows);
    Ok(rows)
}

/// The report's themes in its order with their column in the coverage
/// matrix: sub-themes indented, candidates marked.
fn matrix_columns(s: &Strings, themes: &[ReportTheme], m: &Matrix) -> Vec<(usize, String)> {
    let label = |t: &ReportTheme, sub: bool| {
        let dash = if sub { "– " } else { "" };
        if t.candidate {
            format!("{dash}{} ({})", t.name, s.candidate)
        } else {
            format!("{dash}{}", t.name)
        }
    };
    let mut ids: Vec<(Id, String)> = Vec::new();
    for t in themes {
        ids.push((t.id, label(t, false)));
        ids.extend(t.sub_themes.iter().map(|x| (x.id, label(x, true))));
    }
    ids.into_iter()
        .filter_map(|(id, name)| Some((m.columns.iter().position(|c| c.theme == id)?, name)))
        .collect()
}

/// Themes as rows (their names are long), participants or groups as
/// columns; None when no theme of the report has codings.
fn matrix_table(
    project: &Project,
    s: &Strings,
    themes: &[ReportTheme],
    by: Option<&str>,
) -> Result<Option<MatrixTable>> {
    let m = project.coverage_matrix(by)?;
    let cols = matrix_columns(s, themes, &m);
    if cols.is_empty() {
        return Ok(None);
    }
    let extra = cols.iter().any(|&(c, _)| m.unattributed[c] > 0);
    let mut header = vec![s.theme.to_string()];
    header.extend(m.rows.iter().cloned());
    if extra {
        header.push(s.no_participant.to_string());
    }
    header.push(s.total.to_string());
    let rows = cols
        .into_iter()
        .map(|(c, name)| {
            let mut row = vec![name];
            row.extend(m.cells.iter().map(|r| r[c].codings.to_string()));
            if extra {
                row.push(m.unattributed[c].to_string());
            }
            row.push(m.totals[c].codings.to_string());
            row
        })
        .collect();
    Ok(Some(MatrixTable {
        caption: (s.matrix_caption)(by),
        header,
        rows,
    }))
}

// ------------------------------------------------------------------ helpers

/// Width and height in pixels of a PNG, from its IHDR chunk.
pub fn png_size(png: &[u8]) -> Result<(u32, u32)> {
    const SIG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || &png[..8] != SIG || &png[12..16] != b"IHDR" {
        bail!("the map image is not a PNG");
    }
    let w = u32::from_be_bytes(png[16..20].try_into()?);
    let h = u32::from_be_bytes(png[20..24].try_into()?);
    if w == 0 || h == 0 {
        bail!("the map image is empty");
    }
    Ok((w, h))
}

/// Text without the characters XML 1.0 cannot hold.
pub fn xml_safe(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().filter(|&c| crate::xml::xml_char(c))
}

/// A 1×1 grey PNG, for benchmarks and tests.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B,
    0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x68, 0x00, 0x00, 0x00,
    0x82, 0x00, 0x81, 0xDA, 0x45, 0x08, 0x3B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_drops_missing_values_with_their_separator() {
        let v = |k: &str| match k {
            "participant" => Some("Informant 3".to_string()),
            "year" => Some("2024".to_string()),
            _ => None,
        };
        assert_eq!(
            fill_template("{participant}, {role}, {year}", v),
            "Informant 3, 2024"
        );
        assert_eq!(fill_template("{role}, {year}", v), "2024");
        assert_eq!(fill_template("{participant}, {role}", v), "Informant 3");
        assert_eq!(fill_template("({participant})", v), "(Informant 3)");
        assert_eq!(fill_template("{role}", v), "");
    }

    #[test]
    fn shorten_cuts_at_words_and_keeps_the_limit() {
        let text = "ord ".repeat(300);
        let short = shorten(text.trim(), 100);
        assert!(short.chars().count() <= 100, "{short}");
        assert!(short.contains("[...]"));
        assert!(!short.contains("or [") && !short.contains("] rd"));
        assert_eq!(shorten("kort", 100), "kort");
    }

    #[test]
    fn shorten_never_exceeds_the_limit_and_prefers_sentences() {
        let text = "Første setning er her. Så kommer en lang andre setning med æøå og «sitat» \
                    som fortsetter lenge uten punktum og ord og ord og ord. Til slutt en kort.";
        for max in [20, 40, 61, 80, 100, 140] {
            let short = shorten(text, max);
            assert!(short.chars().count() <= max, "{max}: {short}");
            assert!(short.contains("[...]"));
        }
        let short = shorten(text, 100);
        assert!(short.ends_with("Til slutt en kort."), "{short}");
        let one_word = "a".repeat(1000);
        assert!(shorten(&one_word, 50).chars().count() <= 50);
    }

    #[test]
    fn tiny_png_is_a_png() {
        assert_eq!(png_size(TINY_PNG).unwrap(), (1, 1));
    }
}
