//! Share: write an anonymised copy of the project to OUT, and prove that no
//! replaced original is left in it.
//!
//! The copy is a fresh SQLite file: `VACUUM INTO` a scratch file inside the
//! project (the private working copy; nothing private leaves it), scrub the
//! scratch (no undo history, no per-machine state, no link key, no journal
//! unless asked for), then `VACUUM INTO` OUT — a new file built from live
//! rows only, so no free page, WAL or journal holds old text. The search
//! index is rebuilt from the anonymised copy, never copied.
//!
//! Share refuses while any suggestion is unreviewed — in the transcripts
//! or in a field outside them (a participant label, a file name, a memo;
//! see `fields`) — or accepted but not applied.
//!
//! Before finishing, every file under OUT is scanned byte by byte for every
//! original (UTF-8, UTF-16LE and UTF-16BE at both alignments,
//! case-insensitive with æøå), and every text value of the copy is scanned
//! through SQL; on a find OUT is deleted and share fails saying where. The
//! originals are everything replaced so far, every accepted entity and
//! rule, and for a person the surname alone and initials forms
//! (`Nordvik, K.`). An entity kept as a whole (not an identifier) is not
//! looked for. An occurrence kept on its own excuses only itself: its
//! original is looked for in every text value, and a find counts unless it
//! lies on a kept position in a transcript; in the database file's bytes
//! it may appear only as often as it was kept there. The search index and
//! a .qdpx are built from that checked database, so they are scanned for
//! the other originals only.

use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::fields::{self, FieldRef};
use super::gazetteer::Gazetteer;
use super::matcher::{Matcher, Pattern, fold};
use super::ops::entity_key;
use super::review::{Corpus, Decisions, Review, Status, load_decisions, review};
use super::{Kind, apply};
use crate::Project;
use crate::store::{AnonReads, DB_FILE, INDEX_DIR};
use crate::text::CharIndex;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareFormat {
    /// A tema project directory (project.db + index/).
    #[default]
    Project,
    /// A REFI-QDA project file (.qdpx).
    Qdpx,
}

#[derive(Debug, Clone, Default)]
pub struct ShareOptions {
    pub include_journal: bool,
    pub format: ShareFormat,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareReport {
    pub out: PathBuf,
    pub files: Vec<PathBuf>,
    /// How many originals the scan looked for.
    pub originals_checked: usize,
    pub journal_included: bool,
}

/// A replaced original found in the copy.
#[derive(Debug, Clone, Serialize)]
pub struct Leak {
    pub file: PathBuf,
    /// `utf-8`, `utf-16le`, `utf-16be`, or `sql table.column row N`.
    pub encoding: String,
    pub original: String,
    pub context: String,
}

/// Write an anonymised copy of the project to `out` (which must not exist,
/// or be empty, and lie outside the project).
pub fn share(project: &Project, out: &Path, opts: &ShareOptions) -> Result<ShareReport> {
    check_out_dir(project, out)?;
    let reads = project.anon_reads();
    let d = load_decisions(reads)?;
    let corpus = Corpus::load(reads)?;
    let r = review(&corpus, &d)?;
    check_reviewed(project, &r, opts.include_journal)?;
    let plan = apply::plan_with(&d, &corpus, &r)?;
    if !plan.is_empty() {
        bail!(
            "refusing to share: {} accepted replacement(s) have not been applied yet; run `tema anon apply --key-out FILE` first",
            plan.replacements()
        );
    }
    let originals = ScanPlan::new(reads, &d, &r)?;

    let created = !out.exists();
    std::fs::create_dir_all(out).with_context(|| format!("creating '{}'", out.display()))?;
    let result = match opts.format {
        ShareFormat::Project => write_copy(project, out, opts, &originals),
        ShareFormat::Qdpx => write_qdpx(project, out, opts, &originals),
    };
    match result {
        Ok(report) => Ok(report),
        Err(e) => {
            remove_out(out, created);
            Err(e)
        }
    }
}

/// The anonymised copy as a REFI-QDA file: the project copy is written and
/// scanned in a scratch folder outside the project, exported from there, and
/// the export's unpacked contents are scanned again (a zip compresses text,
/// so a byte scan of the .qdpx itself would prove nothing).
fn write_qdpx(
    project: &Project,
    out: &Path,
    opts: &ShareOptions,
    originals: &ScanPlan,
) -> Result<ShareReport> {
    let scratch = std::env::temp_dir().join(format!("tema-share-{}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<()> {
        let copy_dir = scratch.join("copy");
        std::fs::create_dir_all(&copy_dir)?;
        write_copy(
            project,
            &copy_dir,
            &ShareOptions {
                format: ShareFormat::Project,
                ..opts.clone()
            },
            originals,
        )?;
        let copy = Project::open(&copy_dir)?;
        let name = sanitise_file_name(&copy.title()?);
        crate::export::export_qdpx(
            &copy,
            &out.join(format!("{name}.qdpx")),
            opts.include_journal,
        )?;
        drop(copy);
        let unpacked = scratch.join("unpacked");
        for file in files_under(out)? {
            let mut zip = zip::ZipArchive::new(std::fs::File::open(out.join(&file))?)?;
            zip.extract(&unpacked)
                .context("unpacking the shared .qdpx to check it")?;
        }
        report_leaks(scan_dir(&unpacked, &originals.strict)?)
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result?;
    Ok(ShareReport {
        out: out.to_path_buf(),
        files: files_under(out)?,
        originals_checked: originals.len(),
        journal_included: opts.include_journal,
    })
}

/// A file name from a project title: letters (æøå too), digits, spaces, dashes.
fn sanitise_file_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim();
    if name.is_empty() {
        "shared".to_string()
    } else {
        name.chars().take(80).collect()
    }
}

fn remove_out(out: &Path, created: bool) {
    if created {
        let _ = std::fs::remove_dir_all(out);
    } else if let Ok(entries) = std::fs::read_dir(out) {
        for e in entries.flatten() {
            let p = e.path();
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(&p)
            } else {
                std::fs::remove_file(&p)
            };
        }
    }
}

fn check_out_dir(project: &Project, out: &Path) -> Result<()> {
    let project_dir = std::fs::canonicalize(project.dir())?;
    // Resolve the nearest existing ancestor, then append the rest.
    let mut existing = out.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = if parent.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    parent.to_path_buf()
                };
            }
            _ => bail!("'{}' is not a usable folder", out.display()),
        }
    }
    let mut resolved = std::fs::canonicalize(&existing)?;
    for r in rest.iter().rev() {
        if r == ".." {
            bail!("give OUT without '..'");
        }
        resolved.push(r);
    }
    if resolved.starts_with(&project_dir) || project_dir.starts_with(&resolved) {
        bail!(
            "refusing to share into '{}': it must lie outside the project '{}' (and not contain it)",
            out.display(),
            project_dir.display()
        );
    }
    if out.exists() {
        if !out.is_dir() {
            bail!("'{}' exists and is not a folder", out.display());
        }
        if std::fs::read_dir(out)?.next().is_some() {
            bail!(
                "'{}' is not empty; share writes into a new or empty folder",
                out.display()
            );
        }
    }
    Ok(())
}

/// Share only what has been reviewed: every suggestion in the transcripts
/// and in the fields that are shared (the journal's only when asked for).
fn check_reviewed(project: &Project, r: &Review, include_journal: bool) -> Result<()> {
    let names: HashMap<i64, String> = project
        .documents()?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    let unreviewed: Vec<String> = r
        .candidates
        .iter()
        .filter(|c| c.status == Status::Suggested)
        .filter(|c| include_journal || !c.field.as_ref().is_some_and(FieldRef::is_journal))
        .map(|c| {
            let at = match &c.field {
                Some(f) => format!("{} ({} row {})", f.what, f.table, f.row),
                None => format!(
                    "{} [{}..{}]",
                    names.get(&c.doc).map_or("?", String::as_str),
                    c.start,
                    c.end
                ),
            };
            format!("  {at} {} «{}»: …{}…", c.kind.as_str(), c.text, c.context)
        })
        .collect();
    if !unreviewed.is_empty() {
        let shown = unreviewed.len().min(50);
        bail!(
            "refusing to share: {} suggestion(s) have not been reviewed; accept or keep each (`tema anon accept`/`reject`), then apply:\n{}{}",
            unreviewed.len(),
            unreviewed[..shown].join("\n"),
            if unreviewed.len() > shown {
                format!("\n  … and {} more", unreviewed.len() - shown)
            } else {
                String::new()
            }
        );
    }
    Ok(())
}

/// What the copy is scanned for.
struct ScanPlan {
    /// Originals looked for everywhere, in every byte of every file.
    strict: Vec<String>,
    /// Originals the reviewer kept at some positions in the transcripts:
    /// looked for in every text value, where only those positions excuse
    /// a find, and counted in the database file's bytes.
    excused: Vec<String>,
    /// Occurrences kept on their own: document → char spans.
    kept: HashMap<i64, Vec<(usize, usize)>>,
}

impl ScanPlan {
    fn new(reads: AnonReads, d: &Decisions, r: &Review) -> Result<ScanPlan> {
        let all = originals(reads, d, r)?;
        let mut kept: HashMap<i64, Vec<(usize, usize)>> = HashMap::new();
        let mut kept_texts: Vec<String> = Vec::new();
        for c in r
            .candidates
            .iter()
            .filter(|c| c.field.is_none() && c.own_decision && c.status == Status::Rejected)
        {
            kept.entry(c.doc).or_default().push((c.start, c.end));
            kept_texts.push(fold(&c.text));
        }
        // Well-known names the detector keeps (`Ola Nordmann`).
        for (doc, spans) in &r.well_known {
            kept.entry(*doc).or_default().extend_from_slice(spans);
        }
        kept_texts.extend(r.well_known_texts.iter().map(|t| fold(t)));
        // An original that is (part of) a kept occurrence stands in the
        // copy there: `Nordvik` in a kept `Kari Nordvik`.
        let (excused, strict): (Vec<String>, Vec<String>) = all
            .into_iter()
            .partition(|o| kept_texts.iter().any(|t| t.contains(&fold(o))));
        Ok(ScanPlan {
            strict,
            excused,
            kept,
        })
    }

    fn len(&self) -> usize {
        self.strict.len() + self.excused.len()
    }

    fn all(&self) -> Vec<String> {
        [self.strict.as_slice(), &self.excused].concat()
    }
}

fn overlaps(spans: &[(usize, usize)], (s, e): (usize, usize)) -> bool {
    spans.iter().any(|&(a, b)| s < b && a < e)
}

/// The originals to look for in the copy: everything replaced so far,
/// every accepted entity (a person with its surname and initials forms)
/// and every rule's text, except entities kept as a whole.
fn originals(reads: AnonReads, d: &Decisions, r: &Review) -> Result<Vec<String>> {
    let gaz = Gazetteer::load();
    let mut all: Vec<String> = reads.replaced_originals()?;
    for e in d.entities.values().filter(|e| e.status == Status::Accepted) {
        all.push(e.entity.clone());
        if e.kind == Kind::Person {
            all.extend(fields::scan_forms(&e.entity, &gaz));
        }
    }
    // A rule kept as a whole (rejected) replaces nothing.
    all.extend(
        d.rules
            .iter()
            .filter(|x| {
                d.entities
                    .get(&(x.rule.kind, entity_key(&x.rule.original)))
                    .is_none_or(|e| e.status != Status::Rejected)
            })
            .map(|x| x.rule.original.clone()),
    );
    let kept_whole = kept_as_a_whole(d, r);
    let mut set: HashSet<String> = HashSet::new();
    for o in all {
        let o = o.trim();
        if !o.is_empty() && !kept_whole.contains(&fold(o)) {
            set.insert(o.to_string());
        }
    }
    let mut v: Vec<String> = set.into_iter().collect();
    v.sort();
    Ok(v)
}

/// Forms of entities the reviewer kept as a whole (not identifiers),
/// folded: they may stand anywhere.
fn kept_as_a_whole(d: &Decisions, r: &Review) -> HashSet<String> {
    let mut out: HashSet<String> = d
        .entities
        .values()
        .filter(|e| e.status == Status::Rejected)
        .map(|e| fold(e.entity.trim()))
        .collect();
    out.extend(
        r.candidates
            .iter()
            .filter(|c| c.status == Status::Rejected && !c.own_decision)
            .map(|c| fold(&c.text)),
    );
    out
}

fn write_copy(
    project: &Project,
    out: &Path,
    opts: &ShareOptions,
    originals: &ScanPlan,
) -> Result<ShareReport> {
    project.write_scrubbed_copy(&out.join(DB_FILE), opts.include_journal)?;
    std::fs::create_dir_all(out.join(INDEX_DIR))?;
    rebuild_search_index(out)?;
    // The new file: rollback journal (no WAL beside it), no free pages.
    crate::store::compact_copy(&out.join(DB_FILE))?;
    for suffix in ["-journal", "-wal", "-shm"] {
        let p = out.join(format!("{DB_FILE}{suffix}"));
        if p.exists() {
            std::fs::remove_file(&p)?;
        }
    }

    let db = out.join(DB_FILE);
    let mut leaks = scan_dir(out, &originals.strict)?;
    let (in_rows, kept_finds) = scan_rows(&db, &originals.all(), &originals.kept)?;
    leaks.extend(in_rows);
    leaks.extend(count_kept_bytes(&db, originals, &kept_finds)?);
    report_leaks(leaks)?;
    Ok(ShareReport {
        out: out.to_path_buf(),
        files: files_under(out)?,
        originals_checked: originals.len(),
        journal_included: opts.include_journal,
    })
}

/// Fail, naming where, when any original remains.
fn report_leaks(leaks: Vec<Leak>) -> Result<()> {
    if leaks.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = leaks
        .iter()
        .take(30)
        .map(|l| {
            format!(
                "  «{}» in {} ({}): …{}…",
                l.original,
                l.file.display(),
                l.encoding,
                l.context
            )
        })
        .collect();
    bail!(
        "share stopped: {} replaced original(s) remain in the copy, so it was deleted. Add rules for them (`tema anon rule add`), apply, and share again:\n{}",
        leaks.len(),
        lines.join("\n")
    );
}

/// Build the search index of a shared copy from its (anonymised)
/// database. The project's own index is never copied: it holds the
/// original text.
pub fn rebuild_search_index(dir: &Path) -> Result<()> {
    let copy = Project::open(dir)?;
    let mut search = crate::search::ProjectSearch::open(&copy)?;
    search.rebuild(&copy)?;
    Ok(())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A scanner for originals in decoded text: case-insensitive (æøå too).
/// Review runs the same scanner over the texts, so whatever share would
/// find is listed as a suggestion first (`review::add_leaks`).
pub(crate) struct Scanner {
    m: Matcher,
    gaz: Gazetteer,
}

impl Scanner {
    pub(crate) fn new(originals: &[String]) -> Result<Scanner> {
        let pats = originals
            .iter()
            .map(|o| Pattern {
                text: o.clone(),
                replacement: String::new(),
                case_sensitive: false,
                whole_word: false,
                kind: Kind::Person,
                entity: o.clone(),
                rule: false,
            })
            .collect();
        Ok(Scanner {
            m: Matcher::new(pats)?,
            gaz: Gazetteer::load(),
        })
    }

    /// Finds in `text`. A find continuing into a lowercase letter is part
    /// of another word (`Per` in `[Person A]`), and an all-lowercase find
    /// of a capitalised original that is an ordinary word (`hans`, `per`)
    /// is that word, not the name.
    pub(crate) fn scan(&self, text: &str) -> Vec<Find> {
        let mut out = Vec::new();
        for h in self.m.find(text) {
            let found = &text[h.start..h.end];
            let original = &self.m.pattern(h.pattern).text;
            let before = text[..h.start].chars().next_back();
            let after = text[h.end..].chars().next();
            let inside_word = |c: Option<char>| c.is_some_and(|c| c.is_lowercase());
            // `Karis` and `Lars'` are the name itself (genitive), not another word.
            let rest = &text[h.end..];
            let genitive = rest.starts_with('\'')
                || (rest.starts_with('s')
                    && !rest[1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_alphanumeric()));
            if inside_word(before) || (inside_word(after) && !genitive) {
                continue;
            }
            if fields::is_ordinary_lowercase(found, original, &self.gaz) {
                continue;
            }
            out.push(Find {
                start: h.start,
                end: h.end,
                original: original.clone(),
                context: context_around(text, h.start, h.end),
            });
        }
        out
    }
}

/// A find of an original, in byte offsets of the scanned text.
pub(crate) struct Find {
    pub start: usize,
    pub end: usize,
    pub original: String,
    context: String,
}

/// Thirty chars each side, control chars as spaces.
fn context_around(text: &str, start: usize, end: usize) -> String {
    let ctx_start = text[..start]
        .char_indices()
        .rev()
        .nth(30)
        .map_or(0, |(i, _)| i);
    let ctx_end = text[end..]
        .char_indices()
        .nth(30)
        .map_or(text.len(), |(i, _)| end + i);
    text[ctx_start..ctx_end]
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn decode_utf16(bytes: &[u8], offset: usize, big_endian: bool) -> String {
    let units = bytes[offset.min(bytes.len())..].chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Byte-scan every file under `dir` for the originals.
pub fn scan_dir(dir: &Path, originals: &[String]) -> Result<Vec<Leak>> {
    if originals.is_empty() {
        return Ok(Vec::new());
    }
    let scanner = Scanner::new(originals)?;
    let mut leaks = Vec::new();
    for file in files_under(dir)? {
        leaks.extend(scan_file(&file, &scanner)?);
    }
    Ok(leaks)
}

/// Every find in one file's bytes, read as UTF-8 and as UTF-16 (both byte
/// orders, both alignments).
fn scan_file(file: &Path, scanner: &Scanner) -> Result<Vec<Leak>> {
    let bytes = std::fs::read(file)?;
    let mut decoded: Vec<(&str, String)> =
        vec![("utf-8", String::from_utf8_lossy(&bytes).into_owned())];
    for offset in [0, 1] {
        decoded.push(("utf-16le", decode_utf16(&bytes, offset, false)));
        decoded.push(("utf-16be", decode_utf16(&bytes, offset, true)));
    }
    let mut leaks = Vec::new();
    for (encoding, text) in decoded {
        for f in scanner.scan(&text) {
            leaks.push(Leak {
                file: file.to_path_buf(),
                encoding: encoding.into(),
                original: f.original,
                context: f.context,
            });
        }
    }
    Ok(leaks)
}

/// Scan every text value of every table of a database.
pub fn scan_db(db: &Path, originals: &[String]) -> Result<Vec<Leak>> {
    Ok(scan_rows(db, originals, &HashMap::new())?.0)
}

/// Scan every text value of a database; a find in `documents.text` on a
/// `kept` span is no leak. Returns the leaks and, per original, how many
/// finds the kept spans excused.
fn scan_rows(
    db: &Path,
    originals: &[String],
    kept: &HashMap<i64, Vec<(usize, usize)>>,
) -> Result<(Vec<Leak>, HashMap<String, usize>)> {
    let mut leaks = Vec::new();
    let mut excused: HashMap<String, usize> = HashMap::new();
    if originals.is_empty() {
        return Ok((leaks, excused));
    }
    let scanner = Scanner::new(originals)?;
    let none = Vec::new();
    crate::store::for_each_text_value(db, |v| {
        let (t, c, rowid) = (&v.table, &v.column, v.row);
        let transcript = t == "documents" && c == "text";
        let spans = if transcript {
            kept.get(&rowid).unwrap_or(&none)
        } else {
            &none
        };
        let idx = CharIndex::new(&v.value);
        for f in scanner.scan(&v.value) {
            let at = (idx.char(f.start), idx.char(f.end));
            if overlaps(spans, at) {
                *excused.entry(f.original).or_default() += 1;
                continue;
            }
            let encoding = if transcript {
                format!("sql {t}.{c} row {rowid}, chars {}..{}", at.0, at.1)
            } else {
                format!("sql {t}.{c} row {rowid}")
            };
            leaks.push(Leak {
                file: db.to_path_buf(),
                encoding,
                original: f.original,
                context: f.context,
            });
        }
        Ok(())
    })?;
    Ok((leaks, excused))
}

/// An original kept at some positions may stand in the database file's
/// bytes only where those rows hold it: more finds in the bytes than kept
/// finds in the rows means a copy outside the live rows. (The same scanner
/// as for the rows, so a find is counted the same way in both.)
fn count_kept_bytes(
    db: &Path,
    originals: &ScanPlan,
    kept_finds: &HashMap<String, usize>,
) -> Result<Vec<Leak>> {
    if originals.excused.is_empty() {
        return Ok(Vec::new());
    }
    let mut by_original: HashMap<String, Vec<Leak>> = HashMap::new();
    for leak in scan_file(db, &Scanner::new(&originals.all())?)? {
        if originals.excused.contains(&leak.original) {
            by_original
                .entry(leak.original.clone())
                .or_default()
                .push(leak);
        }
    }
    let mut out = Vec::new();
    for (original, finds) in by_original {
        let allowed = kept_finds.get(&original).copied().unwrap_or(0);
        out.extend(finds.into_iter().skip(allowed));
    }
    Ok(out)
}
