//! Reading `.qdpx` projects (into a new tema project) and `.qdc` codebooks
//! (into an existing one), tolerating what real files do:
//!
//! - `project.qde` with or without a BOM; a differently named root `.qde`
//!   (ATLAS.ti 26) is used when it is the only one, with a note;
//! - sources in `sources/` or `Sources/` (or anywhere in the zip), found by
//!   file name, case-insensitively and, failing that, ignoring accents and
//!   punctuation (zip tools mangle non-ASCII names); `relative://` and
//!   `absolute://` paths (Windows ones too) are looked up in the zip by file
//!   name, then on disk;
//! - text inline (`PlainTextContent`) or in a file in any encoding the
//!   importers read (BOM, UTF-8, UTF-16, Windows-1252); a source with only a
//!   `richTextPath` (.docx) is read with the docx importer;
//! - positions in code points (the standard) or, as NVivo writes them, in
//!   UTF-16 code units. They differ only after an astral character (emoji).
//!   The heuristic, per source: code points when the project's `origin`
//!   is tema; otherwise code points unless (1) the `origin` names NVivo,
//!   or (2) some position lies beyond the text's code
//!   point length but within its UTF-16 length, or (3) read as UTF-16 units,
//!   strictly more selection boundaries fall between words than read as
//!   code points. tema's and QualCoder's own files stay code points;
//! - line ends: positions count `\r\n` as two; tema stores `\n`, so
//!   positions are mapped as the text is normalised.
//!
//! Sets of codes become themes (sub-themes come back as top-level themes).
//! Whatever cannot be mapped is listed in [`ImportReport::skipped`]; the
//! import itself is one command, so a failure leaves nothing behind.

use super::export::{FAMILIARISATION, JOURNAL};
use super::xml::{self, El};
use super::{ImportReport, guid_of};
use crate::Project;
use crate::import::ParsedTurn;
use crate::import::unzip::{UnpackLimits, Unpacker};
use crate::model::{NoteKind, ThemeStatus};
use crate::store::{
    Command, Interchange, KeyedCode, KeyedCoding, KeyedNote, KeyedTheme, NewDocument,
    NewParticipant,
};
use anyhow::{Context, Result, anyhow, bail};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Messages for the report, counted when the same one repeats.
#[derive(Default)]
struct Skips {
    order: Vec<String>,
    count: HashMap<String, usize>,
}

impl Skips {
    fn add(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        let n = self.count.entry(msg.clone()).or_insert(0);
        if *n == 0 {
            self.order.push(msg);
        }
        *n += 1;
    }

    fn into_vec(self) -> Vec<String> {
        self.order
            .into_iter()
            .map(|m| match self.count[&m] {
                1 => m,
                n => format!("{m} (×{n})"),
            })
            .collect()
    }
}

/// Uuids handed out so far: a GUID that repeats in a file gets a new one.
#[derive(Default)]
struct Uuids(HashSet<String>);

impl Uuids {
    fn claim(&mut self, id: Option<&str>) -> String {
        if let Some(id) = id {
            let g = guid_of(id);
            if self.0.insert(g.clone()) {
                return g;
            }
        }
        let g = uuid::Uuid::new_v4().to_string();
        self.0.insert(g.clone());
        g
    }
}

// --------------------------------------------------------------------- qdpx

/// Import a `.qdpx` into a new project in `dir` (which must not exist or be
/// empty). The project is built in a folder beside it and renamed into
/// place at the end, so a failure leaves no half project.
pub fn import_qdpx(file: &Path, dir: &Path) -> Result<ImportReport> {
    import_qdpx_with(file, dir, UnpackLimits::default())
}

/// [`import_qdpx`] with other limits on what the file may unpack to.
pub fn import_qdpx_with(file: &Path, dir: &Path, limits: UnpackLimits) -> Result<ImportReport> {
    if dir.exists() {
        let empty = dir.is_dir()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            bail!(
                "'{}' exists and is not an empty folder; import into a new folder",
                dir.display()
            );
        }
    }
    let (title, data, mut report) = read_qdpx_with(file, limits)?;
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating '{}'", parent.display()))?;
    let leaf = dir
        .file_name()
        .with_context(|| format!("'{}' is not a folder name", dir.display()))?;
    let tmp = parent.join(format!(
        ".{}.importing-{}",
        leaf.to_string_lossy(),
        uuid::Uuid::new_v4().simple()
    ));
    let built = (|| -> Result<()> {
        let mut project = Project::create(&tmp, &title)?;
        project.execute(Command::ImportInterchange(Box::new(data)))?;
        count_into(&project, &mut report)?;
        drop(project);
        if dir.exists() {
            std::fs::remove_dir(dir)?;
        }
        std::fs::rename(&tmp, dir)
            .with_context(|| format!("moving the new project into '{}'", dir.display()))?;
        Ok(())
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.context(format!("importing '{}'", file.display())));
    }
    Ok(report)
}

fn count_into(project: &Project, report: &mut ImportReport) -> Result<()> {
    let counts = project.row_counts()?;
    report.documents = counts.documents;
    report.codes = counts.codes;
    report.codings = counts.codings;
    report.participants = counts.participants;
    report.notes = counts.notes;
    report.themes = counts.themes;
    Ok(())
}

/// Read a `.qdpx` into what a new project needs: (title, data, report with
/// the skipped list; counts are filled by the import).
pub fn read_qdpx(file: &Path) -> Result<(String, Interchange, ImportReport)> {
    read_qdpx_with(file, UnpackLimits::default())
}

/// [`read_qdpx`] with other limits on what the file may unpack to.
pub fn read_qdpx_with(
    file: &Path,
    limits: UnpackLimits,
) -> Result<(String, Interchange, ImportReport)> {
    let shown = file.display().to_string();
    let fail = |reason: String| anyhow!("cannot import '{shown}': {reason}");
    let f = std::fs::File::open(file).map_err(|e| fail(format!("cannot open it ({e})")))?;
    let zip = zip::ZipArchive::new(std::io::BufReader::new(f)).map_err(|e| {
        fail(format!(
            "it is not a REFI-QDA project: not a readable zip archive ({e})"
        ))
    })?;
    let mut zip = Archive {
        zip,
        unpacker: Unpacker::new(limits),
        limits,
    };
    let mut skips = Skips::default();
    let entries: Vec<Entry> = (0..zip.zip.len())
        .filter_map(|i| {
            let f = zip.zip.by_index_raw(i).ok()?;
            (!f.is_dir()).then(|| Entry::new(i, f.name()))
        })
        .collect();
    let root = project_root(&mut zip, &entries, &mut skips).map_err(fail)?;
    let title = root
        .attr("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            file.file_stem().map_or("Imported project".into(), |s| {
                s.to_string_lossy().into_owned()
            })
        });
    let ctx = Ctx {
        qdpx_dir: file.parent().map(Path::to_path_buf),
        base_path: root.attr("basePath").map(str::to_owned),
        units: units_of(&root),
        entries,
    };
    let mut b = Builder {
        label: format!(
            "import '{}'",
            file.file_name()
                .map_or(shown.clone(), |n| n.to_string_lossy().into_owned())
        ),
        ..Default::default()
    };
    b.users(&root);
    b.codes(&root, &mut skips);
    b.notes_index(&root, &mut zip, &ctx, &mut skips);
    b.sources(&root, &mut zip, &ctx, &mut skips);
    b.cases(&root, &mut skips);
    b.notes(&root);
    b.themes(&root, &mut skips);
    b.rest(&root, &mut skips);
    // Sources that cannot be read are skipped with a warning, but a file
    // that unpacks past the limits is refused as a whole.
    if let Some(reason) = zip.unpacker.refused() {
        return Err(fail(reason.to_string()));
    }
    let data = b.finish();
    let report = ImportReport {
        skipped: skips.into_vec(),
        ..Default::default()
    };
    Ok((title, data, report))
}

/// The parsed `project.qde` (or the one .qde the zip has), with its root
/// checked.
fn project_root<R: Read + std::io::Seek>(
    zip: &mut Archive<R>,
    entries: &[Entry],
    skips: &mut Skips,
) -> Result<El, String> {
    let qde = find_qde(entries).ok_or_else(|| {
        "it has no project.qde (the project description every .qdpx holds at its root)".to_string()
    })?;
    if qde.path != "project.qde" {
        skips.add(format!(
            "read '{}' as the project (the standard name is project.qde)",
            qde.path
        ));
    }
    let bytes = zip
        .read(qde.index)
        .map_err(|e| format!("{}: {e}", qde.path))?;
    let root = xml::parse(&bytes).map_err(|e| format!("{}: {e}", qde.path))?;
    if root.name != "Project" {
        return Err(format!(
            "{}: the root element is <{}>, not <Project>",
            qde.path, root.name
        ));
    }
    Ok(root)
}

/// What the positions count, by who wrote the file.
fn units_of(root: &El) -> Units {
    match root.attr("origin").map(str::to_lowercase) {
        Some(o) if o.contains("nvivo") => Units::Utf16,
        Some(o) if o.starts_with("tema") => Units::CodePoints,
        _ => Units::Guess,
    }
}

/// A file in the zip and the keys it can be found by.
struct Entry {
    index: usize,
    path: String,
    /// Lower-case path with `/` separators.
    lower: String,
    file_name: String,
}

impl Entry {
    fn new(index: usize, name: &str) -> Entry {
        let path = name.replace('\\', "/");
        let file_name = path.rsplit('/').next().unwrap_or("").to_string();
        Entry {
            index,
            lower: path.to_lowercase(),
            path,
            file_name,
        }
    }

    fn in_sources(&self) -> bool {
        self.lower.starts_with("sources/")
    }
}

fn find_qde(entries: &[Entry]) -> Option<&Entry> {
    if let Some(e) = entries.iter().find(|e| e.path == "project.qde") {
        return Some(e);
    }
    if let Some(e) = entries.iter().find(|e| e.lower == "project.qde") {
        return Some(e);
    }
    let qdes = |root_only: bool| -> Vec<&Entry> {
        entries
            .iter()
            .filter(|e| e.lower.ends_with(".qde") && (!root_only || !e.lower.contains('/')))
            .collect()
    };
    match (qdes(true).as_slice(), qdes(false).as_slice()) {
        ([one], _) | ([], [one]) => Some(one),
        _ => None,
    }
}

/// The zip of a .qdpx, read under the unpack limits.
struct Archive<R> {
    zip: zip::ZipArchive<R>,
    unpacker: Unpacker,
    limits: UnpackLimits,
}

impl<R: Read + std::io::Seek> Archive<R> {
    fn read(&mut self, index: usize) -> Result<Vec<u8>, String> {
        self.unpacker.read(&mut self.zip, index)
    }
}

/// Only ASCII letters and digits, lower case: zip tools mangle non-ASCII
/// file names in many ways, and all of them keep the ASCII around them.
fn skeleton(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Letters with accents as their base letters ("Åse" → "ase"), then the
/// skeleton: matches a name someone wrote without its accents.
fn folded(s: &str) -> String {
    skeleton(&crate::text::fold(s))
}

/// A path with `%XX` escapes decoded (kept as it is when that is not UTF-8).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// A case's name as a participant label: "Case N" when it has none,
/// numbered when another case has it already.
fn unique_label(case: &El, i: usize, labels: &mut HashSet<String>, skips: &mut Skips) -> String {
    let base = case
        .attr("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| format!("Case {}", i + 1));
    let mut label = base.clone();
    let mut n = 2;
    while labels.contains(&label) {
        label = format!("{base} ({n})");
        n += 1;
    }
    if label != base {
        skips.add(format!(
            "two cases are called '{base}'; the second is participant '{label}'"
        ));
    }
    labels.insert(label.clone());
    label
}

/// A case's variable values as participant attributes.
fn case_attributes(
    case: &El,
    variables: &HashMap<String, String>,
    label: &str,
    skips: &mut Skips,
) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    for vv in case.all("VariableValue") {
        let var = vv
            .child("VariableRef")
            .and_then(|r| r.attr("targetGUID"))
            .and_then(|g| variables.get(&guid_of(g)));
        let Some(key) = var.filter(|k| !k.is_empty()) else {
            skips.add(format!(
                "values of case '{label}' for a variable that is not defined"
            ));
            continue;
        };
        let value = vv
            .children
            .iter()
            .find(|c| c.name.ends_with("Value"))
            .map(|c| c.text.trim().to_string())
            .unwrap_or_default();
        if !value.is_empty() {
            attributes.push((key.clone(), value));
        }
    }
    attributes
}

/// The document being read, for placing its selections.
struct DocRef<'a> {
    uuid: &'a str,
    index: usize,
    name: &'a str,
    text: &'a str,
    /// Its length in chars.
    len: usize,
}

/// A TextSource's text, as written: inline, in its plain-text file, or
/// (when that is all there is) read from its rich-text file, with the
/// turns that file's parser found and the format it was in.
fn source_text<R: Read + std::io::Seek>(
    s: &El,
    name: &str,
    zip: &mut Archive<R>,
    ctx: &Ctx,
    skips: &mut Skips,
) -> Result<(String, Option<Vec<ParsedTurn>>, String), String> {
    if let Some(t) = s.child_text("PlainTextContent") {
        return Ok((t.to_string(), None, "txt".into()));
    }
    if let Some(p) = s.attr("plainTextPath") {
        let bytes = ctx.read(zip, p)?;
        let text = crate::import::decode_text_keep_newlines(&bytes)?;
        return Ok((text, None, "txt".into()));
    }
    let Some(p) = s.attr("richTextPath") else {
        return Err("has no text (no PlainTextContent, plainTextPath or richTextPath)".into());
    };
    let bytes = ctx.read(zip, p)?;
    let ext = p.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    if !crate::import::DOCUMENT_FORMATS.contains(&ext.as_str()) {
        return Err(format!("its text is only in '{p}', which tema cannot read"));
    }
    let doc = crate::import::parse_bytes(
        &format!("{name}.{ext}"),
        &bytes,
        &crate::import::ImportOptions {
            unpack: zip.limits,
            ..Default::default()
        },
    )
    .map_err(|e| e.reason)?;
    skips.add(format!(
        "document '{name}': text read from its .{ext} (no plain text in the file); coded positions may be off"
    ));
    Ok((doc.text, Some(doc.turns), ext))
}

/// What positions count, as far as the writer of a file is known.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Units {
    /// NVivo: UTF-16 code units.
    Utf16,
    /// tema: code points, as the standard says.
    CodePoints,
    /// Anyone else: code points unless the positions say otherwise.
    Guess,
}

struct Ctx {
    qdpx_dir: Option<PathBuf>,
    base_path: Option<String>,
    units: Units,
    entries: Vec<Entry>,
}

impl Ctx {
    /// Find the zip entry a path names, by its file name.
    fn entry(&self, path: &str) -> Option<&Entry> {
        let path = path.replace('\\', "/");
        let name = path.rsplit('/').next().unwrap_or("");
        let decoded = percent_decode(name);
        let tiers: [&dyn Fn(&Entry) -> bool; 4] = [
            &|e| e.file_name == name || e.file_name == decoded,
            &|e| {
                e.file_name.to_lowercase() == name.to_lowercase()
                    || e.file_name.to_lowercase() == decoded.to_lowercase()
            },
            &|e| {
                let k = skeleton(&decoded);
                !k.is_empty() && skeleton(&e.file_name) == k
            },
            &|e| {
                let k = folded(&decoded);
                !k.is_empty() && folded(&e.file_name) == k
            },
        ];
        for matches in tiers {
            let found: Vec<&Entry> = self.entries.iter().filter(|e| matches(e)).collect();
            if let Some(e) = found.iter().find(|e| e.in_sources()).or(found.first()) {
                return Some(e);
            }
        }
        None
    }

    /// Bytes of a source file named by `internal://`, `relative://` or
    /// `absolute://` (or a bare path).
    fn read<R: Read + std::io::Seek>(
        &self,
        zip: &mut Archive<R>,
        path: &str,
    ) -> Result<Vec<u8>, String> {
        let (scheme, rest) = match path.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => (String::new(), path),
        };
        if let Some(e) = self.entry(rest) {
            return zip.read(e.index);
        }
        if scheme == "internal" {
            return Err(format!("'{path}' is not in the zip"));
        }
        // An external file: try it on this machine.
        let rest = percent_decode(rest);
        let mut candidates: Vec<PathBuf> = Vec::new();
        if scheme == "absolute" {
            candidates.push(PathBuf::from(rest.trim_start_matches('/')));
            candidates.push(PathBuf::from(&rest));
        } else {
            if let Some(base) = &self.base_path {
                candidates.push(Path::new(&base.replace('\\', "/")).join(rest.replace('\\', "/")));
            }
            if let Some(dir) = &self.qdpx_dir {
                candidates.push(dir.join(rest.replace('\\', "/")));
            }
        }
        for c in candidates {
            if c.is_file() {
                let size = std::fs::metadata(&c).map_or(0, |m| m.len());
                zip.unpacker.charge(&format!("'{}'", c.display()), size)?;
                return std::fs::read(&c)
                    .map_err(|e| format!("cannot read '{}': {e}", c.display()));
            }
        }
        Err(format!(
            "'{path}' is an external file that is neither in the zip nor on this computer"
        ))
    }
}

/// Where a note is attached.
#[derive(Clone)]
enum Target {
    Project,
    Doc(String),
    Code(String),
    /// A coding memo: consumed into the coding.
    Memo,
}

#[derive(Default)]
struct Builder {
    label: String,
    uuids: Uuids,
    /// File code GUID (canonical) → uuid in tema.
    code_uuid: HashMap<String, String>,
    codes: Vec<KeyedCode>,
    /// Note GUID (canonical) → (name, text), in file order.
    note_text: HashMap<String, (String, String)>,
    note_order: Vec<String>,
    note_targets: HashMap<String, Vec<Target>>,
    /// Documents: (uuid, document) and their source GUIDs.
    documents: Vec<(String, NewDocument)>,
    doc_by_guid: HashMap<String, usize>,
    /// Selection GUID → (document index, start) for Case SelectionRefs.
    selections: HashMap<String, (usize, usize)>,
    codings: Vec<KeyedCoding>,
    participants: Vec<(String, NewParticipant)>,
    themes: Vec<KeyedTheme>,
    /// `<Users>`: user GUID (canonical) → the coder it is (tema's own
    /// "tema" user is nobody in particular).
    users: HashMap<String, crate::model::Coder>,
    /// Note GUID → its creatingUser's GUID.
    note_user: HashMap<String, String>,
    /// The creatingUser of the selection being read.
    selection_user: Option<String>,
}

impl Builder {
    /// Who is who: `<Users><User guid name id/></Users>`.
    fn users(&mut self, root: &El) {
        let tema = super::tema_user_guid();
        for u in root.nested("Users", "User") {
            let Some(g) = u.attr("guid").map(guid_of).filter(|g| *g != tema) else {
                continue;
            };
            let name = u
                .attr("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .unwrap_or(&g)
                .to_string();
            let initials = u
                .attr("id")
                .map(str::trim)
                .filter(|i| !i.is_empty() && i.chars().count() <= 4)
                .map_or_else(|| crate::model::Coder::initials_of(&name), str::to_string);
            let coder = crate::model::Coder {
                uuid: g.clone(),
                name,
                initials,
                colour: "#808080".into(),
            };
            self.users.insert(g, coder);
        }
    }

    /// The coder (uuid) behind a creatingUser attribute, if it is one.
    fn coder_of(&self, user: Option<&str>) -> Option<String> {
        let g = guid_of(user?);
        self.users.contains_key(&g).then_some(g)
    }

    fn finish(self) -> Interchange {
        let mut notes = Vec::new();
        let mut uuids = self.uuids;
        for guid in &self.note_order {
            let (name, text) = &self.note_text[guid];
            let targets = self
                .note_targets
                .get(guid)
                .cloned()
                .unwrap_or_else(|| vec![Target::Project]);
            let mut first = true;
            for t in targets {
                let (kind, doc, code) = match t {
                    Target::Memo => continue,
                    Target::Project => (NoteKind::Project, None, None),
                    Target::Doc(d) => {
                        let familiarisation = name
                            .to_lowercase()
                            .starts_with(&FAMILIARISATION.to_lowercase()[..9]);
                        let kind = if familiarisation {
                            NoteKind::Familiarisation
                        } else {
                            NoteKind::Document
                        };
                        (kind, Some(d), None)
                    }
                    Target::Code(c) => (NoteKind::Code, None, Some(c)),
                };
                let uuid = if first {
                    uuids.claim(Some(guid))
                } else {
                    uuids.claim(None)
                };
                first = false;
                notes.push(KeyedNote {
                    uuid,
                    kind,
                    doc,
                    code,
                    text: text.clone(),
                    coder: self.note_user.get(guid).cloned(),
                });
            }
        }
        let mut coders: Vec<crate::model::Coder> = self.users.into_values().collect();
        coders.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        Interchange {
            coders,
            label: self.label,
            participants: self.participants,
            documents: self.documents,
            codes: self.codes,
            codings: self.codings,
            notes,
            themes: self.themes,
        }
    }

    fn target_note(&mut self, note_ref: &El, target: Target) {
        if let Some(g) = note_ref.attr("targetGUID") {
            self.note_targets
                .entry(guid_of(g))
                .or_default()
                .push(target);
        }
    }

    fn codes(&mut self, root: &El, skips: &mut Skips) {
        let Some(book) = root.child("CodeBook") else {
            return;
        };
        let top: Vec<&El> = book.nested("Codes", "Code").collect();
        let mut walk_stack: Vec<(&El, Option<String>)> =
            top.into_iter().rev().map(|c| (c, None)).collect();
        let mut sibling_names: HashMap<Option<String>, HashSet<String>> = HashMap::new();
        while let Some((el, parent)) = walk_stack.pop() {
            let code = self.code(el, parent.clone(), &mut sibling_names, skips, true);
            for child in el.all("Code").collect::<Vec<_>>().into_iter().rev() {
                walk_stack.push((child, Some(code.clone())));
            }
        }
    }

    /// Add one code; returns its uuid.
    fn code(
        &mut self,
        el: &El,
        parent: Option<String>,
        sibling_names: &mut HashMap<Option<String>, HashSet<String>>,
        skips: &mut Skips,
        note_refs: bool,
    ) -> String {
        let file_guid = el.attr("guid").map(guid_of);
        let uuid = self.uuids.claim(el.attr("guid"));
        if let Some(g) = &file_guid {
            self.code_uuid
                .entry(g.clone())
                .or_insert_with(|| uuid.clone());
        }
        let raw_name = el.attr("name").unwrap_or("").trim();
        let base = if raw_name.is_empty() {
            skips.add("a code without a name was called 'Unnamed code'");
            "Unnamed code".to_string()
        } else {
            raw_name.to_string()
        };
        let taken = sibling_names.entry(parent.clone()).or_default();
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        if name != base {
            skips.add(format!(
                "two codes are called '{base}' at one level; the second is now '{name}'"
            ));
        }
        taken.insert(name.to_lowercase());
        let colour = el.attr("color").and_then(normal_colour);
        if el.attr("color").is_some() && colour.is_none() {
            skips.add(format!(
                "code '{name}': colour '{}' is not #RRGGBB; a default colour was used",
                el.attr("color").unwrap_or("")
            ));
        }
        if note_refs {
            for r in el.all("NoteRef") {
                self.target_note(r, Target::Code(uuid.clone()));
            }
        }
        self.codes.push(KeyedCode {
            uuid: uuid.clone(),
            parent,
            name,
            colour,
            description: el
                .child_text("Description")
                .unwrap_or("")
                .trim()
                .to_string(),
        });
        uuid
    }

    /// Texts of all notes (before sources, whose selections refer to them).
    fn notes_index<R: Read + std::io::Seek>(
        &mut self,
        root: &El,
        zip: &mut Archive<R>,
        ctx: &Ctx,
        skips: &mut Skips,
    ) {
        for note in root.nested("Notes", "Note") {
            let Some(g) = note.attr("guid").map(guid_of) else {
                skips.add("a note without a guid");
                continue;
            };
            let name = note.attr("name").unwrap_or("").to_string();
            let text = match (
                note.child_text("PlainTextContent"),
                note.attr("plainTextPath"),
            ) {
                (Some(t), _) => t.to_string(),
                (None, Some(p)) => match ctx
                    .read(zip, p)
                    .and_then(|b| crate::import::decode_text(&b))
                {
                    Ok(t) => t,
                    Err(e) => {
                        skips.add(format!("note '{name}': {e}"));
                        continue;
                    }
                },
                (None, None) => note.child_text("Description").unwrap_or("").to_string(),
            };
            if text.trim().is_empty() {
                skips.add(format!("note '{name}' is empty"));
                continue;
            }
            if !self.note_text.contains_key(&g) {
                self.note_order.push(g.clone());
            }
            if let Some(u) = self.coder_of(note.attr("creatingUser")) {
                self.note_user.insert(g.clone(), u);
            }
            self.note_text.insert(g, (name, text));
        }
    }

    fn memo_of(&self, refs: &[&El]) -> String {
        let texts: Vec<&str> = refs
            .iter()
            .filter_map(|r| r.attr("targetGUID"))
            .filter_map(|g| self.note_text.get(&guid_of(g)))
            .map(|(_, t)| t.as_str())
            .collect();
        texts.join("\n\n")
    }

    fn sources<R: Read + std::io::Seek>(
        &mut self,
        root: &El,
        zip: &mut Archive<R>,
        ctx: &Ctx,
        skips: &mut Skips,
    ) {
        let Some(sources) = root.child("Sources") else {
            return;
        };
        for (i, s) in sources.children.iter().enumerate() {
            let name = s
                .attr("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("Document {}", i + 1));
            if s.name != "TextSource" {
                let kind = s.name.trim_end_matches("Source");
                skips.add(format!(
                    "{kind} source '{name}': tema reads text sources only"
                ));
                continue;
            }
            if let Err(e) = self.text_source(s, &name, zip, ctx, skips) {
                skips.add(format!("document '{name}': {e}"));
            }
            if s.all("VariableValue").next().is_some() {
                skips.add(format!(
                    "document '{name}': variables on documents (tema keeps attributes on participants)"
                ));
            }
        }
    }

    fn text_source<R: Read + std::io::Seek>(
        &mut self,
        s: &El,
        name: &str,
        zip: &mut Archive<R>,
        ctx: &Ctx,
        skips: &mut Skips,
    ) -> Result<(), String> {
        let (raw, parsed_turns, format) = source_text(s, name, zip, ctx, skips)?;
        if raw.trim().is_empty() {
            return Err("its text is empty".into());
        }
        let doc_uuid = self.uuids.claim(s.attr("guid"));
        let doc_index = self.documents.len();

        // Positions, as written, of every selection.
        let selections: Vec<&El> = s.all("PlainTextSelection").collect();
        let raw_positions: Vec<(i64, i64)> = selections
            .iter()
            .map(|sel| {
                let p = |k| sel.attr(k).and_then(|v| v.trim().parse::<i64>().ok());
                (
                    p("startPosition").unwrap_or(-1),
                    p("endPosition").unwrap_or(-1),
                )
            })
            .collect();
        let map = PositionMap::new(&raw, &raw_positions, ctx.units);
        if map.utf16 {
            skips.add(format!(
                "document '{name}': positions read as UTF-16 code units (as NVivo writes them)"
            ));
        }
        let text = crate::import::normalise_newlines(&raw);
        let doc = DocRef {
            uuid: &doc_uuid,
            index: doc_index,
            name,
            text: &text,
            len: text.chars().count(),
        };
        for (sel, &(s0, e0)) in selections.iter().zip(&raw_positions) {
            self.selection(sel, (map.map(s0), map.map(e0)), &doc, skips);
        }
        // Codings of the whole source.
        for coding in s.all("Coding") {
            let refs: Vec<&El> = coding.all("NoteRef").collect();
            for r in &refs {
                self.target_note(r, Target::Memo);
            }
            self.add_coding(coding, &doc_uuid, name, 0, doc.len, &refs, skips);
        }
        for r in s.all("NoteRef") {
            self.target_note(r, Target::Doc(doc_uuid.clone()));
        }
        if let Some(g) = s.attr("guid") {
            self.doc_by_guid.insert(guid_of(g), doc_index);
        }
        let turns = parsed_turns.unwrap_or_else(|| crate::import::detect_turns(&text));
        let sha256 = crate::import::sha256_hex(text.as_bytes());
        self.documents.push((
            doc_uuid,
            NewDocument {
                name: name.to_string(),
                source_name: format!("{name}.{format}"),
                format,
                text,
                sha256,
                turns,
                participants: Vec::new(),
                speakers: Vec::new(),
            },
        ));
        Ok(())
    }

    /// One PlainTextSelection at its mapped positions: its codings, or,
    /// with notes but no code, a document note quoting the passage.
    fn selection(
        &mut self,
        sel: &El,
        mapped: (Option<usize>, Option<usize>),
        doc: &DocRef,
        skips: &mut Skips,
    ) {
        let name = doc.name;
        let codings: Vec<&El> = sel.all("Coding").collect();
        let sel_notes: Vec<&El> = sel.all("NoteRef").collect();
        let (start, end) = match mapped {
            (Some(a), Some(b)) if a <= b && b <= doc.len => (a, b),
            _ => {
                if !codings.is_empty() {
                    skips.add(format!(
                        "codings in '{name}' whose positions lie outside its text"
                    ));
                }
                return;
            }
        };
        if let Some(g) = sel.attr("guid") {
            self.selections.insert(guid_of(g), (doc.index, start));
        }
        self.selection_user = self.coder_of(sel.attr("creatingUser"));
        if start == end {
            if !codings.is_empty() {
                skips.add(format!("empty selections coded in '{name}'"));
            }
            return;
        }
        if codings.is_empty() && !sel_notes.is_empty() {
            let quote = crate::text::slice_chars(doc.text, start, end);
            self.passage_note(quote, &sel_notes, doc.uuid);
            return;
        }
        for coding in codings {
            let mut memo_refs: Vec<&El> = coding.all("NoteRef").collect();
            memo_refs.extend(sel_notes.iter().copied());
            for r in &memo_refs {
                self.target_note(r, Target::Memo);
            }
            self.add_coding(coding, doc.uuid, name, start, end, &memo_refs, skips);
        }
    }

    /// A comment on a passage with no code: a document note quoting it.
    fn passage_note(&mut self, quote: &str, notes: &[&El], doc_uuid: &str) {
        let short: String = quote.chars().take(120).collect();
        let memo = self.memo_of(notes);
        self.note_order
            .push(format!("selection:{}", self.note_order.len()));
        let key = self.note_order.last().cloned().unwrap_or_default();
        self.note_text
            .insert(key.clone(), (String::new(), format!("«{short}» {memo}")));
        self.note_targets
            .insert(key, vec![Target::Doc(doc_uuid.to_string())]);
        for r in notes {
            self.target_note(r, Target::Memo);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add_coding(
        &mut self,
        coding: &El,
        doc_uuid: &str,
        doc_name: &str,
        start: usize,
        end: usize,
        memo_refs: &[&El],
        skips: &mut Skips,
    ) {
        let Some(code_ref) = coding.child("CodeRef").and_then(|c| c.attr("targetGUID")) else {
            skips.add(format!("codings in '{doc_name}' without a CodeRef"));
            return;
        };
        let Some(code) = self.code_uuid.get(&guid_of(code_ref)).cloned() else {
            skips.add(format!(
                "codings in '{doc_name}' that refer to a code missing from the codebook ({code_ref})"
            ));
            return;
        };
        if start >= end {
            skips.add(format!("empty codings in '{doc_name}'"));
            return;
        }
        let memo = self.memo_of(memo_refs);
        let uuid = self.uuids.claim(coding.attr("guid"));
        let coder = self
            .coder_of(coding.attr("creatingUser"))
            .or_else(|| self.selection_user.clone());
        self.codings.push(KeyedCoding {
            uuid,
            doc: doc_uuid.to_string(),
            code,
            start,
            end,
            memo,
            coder,
        });
    }

    fn cases(&mut self, root: &El, skips: &mut Skips) {
        let variables: HashMap<String, String> = root
            .nested("Variables", "Variable")
            .filter_map(|v| Some((guid_of(v.attr("guid")?), v.attr("name")?.trim().to_string())))
            .collect();
        let mut labels: HashSet<String> = HashSet::new();
        for (i, case) in root.nested("Cases", "Case").enumerate() {
            let label = unique_label(case, i, &mut labels, skips);
            let attributes = case_attributes(case, &variables, &label, skips);
            if case.all("CodeRef").next().is_some() {
                skips.add(format!(
                    "codes on case '{label}' (tema codes passages, not participants)"
                ));
            }
            self.link_case(case, &label, skips);
            let uuid = self.uuids.claim(case.attr("guid"));
            self.participants
                .push((uuid, NewParticipant { label, attributes }));
        }
    }

    /// A case's sources become the participant's documents; its speaker
    /// turns name the speaker (else the whole document is theirs).
    fn link_case(&mut self, case: &El, label: &str, skips: &mut Skips) {
        for r in case.all("SourceRef") {
            match r
                .attr("targetGUID")
                .and_then(|g| self.doc_by_guid.get(&guid_of(g)))
            {
                Some(&d) => push_unique(&mut self.documents[d].1.participants, label),
                None => skips.add(format!(
                    "case '{label}' refers to a document that was not imported"
                )),
            }
        }
        for r in case.all("SelectionRef") {
            let Some(&(d, start)) = r
                .attr("targetGUID")
                .and_then(|g| self.selections.get(&guid_of(g)))
            else {
                skips.add(format!(
                    "case '{label}' refers to a passage that was not imported"
                ));
                continue;
            };
            let doc = &mut self.documents[d].1;
            let speaker = doc
                .turns
                .iter()
                .find(|t| t.start <= start && start < t.end.max(t.start + 1))
                .and_then(|t| t.speaker.clone());
            match speaker {
                Some(s) => {
                    if !doc.speakers.iter().any(|(sp, _)| *sp == s) {
                        doc.speakers.push((s, label.to_string()));
                    }
                }
                None => push_unique(&mut doc.participants, label),
            }
        }
    }

    /// Note targets outside sources and codes.
    fn notes(&mut self, root: &El) {
        for r in root.all("NoteRef") {
            self.target_note(r, Target::Project);
        }
        let mut link_refs = Vec::new();
        for link in root.nested("Links", "Link") {
            link_refs.extend(link.all("NoteRef"));
        }
        for r in link_refs {
            self.target_note(r, Target::Project);
        }
    }

    /// Sets of codes become themes. tema writes the status as the last line
    /// of the description ("Status: final"); other tools' sets are candidates.
    fn themes(&mut self, root: &El, skips: &mut Skips) {
        let mut names: HashSet<String> = HashSet::new();
        for (i, set) in root.nested("Sets", "Set").enumerate() {
            let base = set
                .attr("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("Theme {}", i + 1));
            let description = set.child_text("Description").unwrap_or("").trim();
            let (definition, status) = match description.rsplit_once("Status:") {
                Some((def, st))
                    if ThemeStatus::parse(st).is_some()
                        && (def.is_empty() || def.ends_with('\n')) =>
                {
                    (
                        def.trim(),
                        ThemeStatus::parse(st).unwrap_or(ThemeStatus::Candidate),
                    )
                }
                _ => (description, ThemeStatus::Candidate),
            };
            let mut name = base.clone();
            let mut n = 2;
            while status != ThemeStatus::Discarded && names.contains(&name.to_lowercase()) {
                name = format!("{base} ({n})");
                n += 1;
            }
            if name != base {
                skips.add(format!(
                    "two sets are called '{base}'; the second is theme '{name}'"
                ));
            }
            if status != ThemeStatus::Discarded {
                names.insert(name.to_lowercase());
            }
            let mut codes = Vec::new();
            for m in set.all("MemberCode") {
                match m
                    .attr("targetGUID")
                    .or(m.attr("guid"))
                    .and_then(|g| self.code_uuid.get(&guid_of(g)))
                {
                    Some(c) if !codes.contains(c) => codes.push(c.clone()),
                    Some(_) => {}
                    None => skips.add(format!(
                        "set '{name}' names a code that is not in the codebook"
                    )),
                }
            }
            let members = set.all("MemberSource").count() + set.all("MemberNote").count();
            if members > 0 {
                skips.add(format!(
                    "set '{name}': documents and notes in sets (a theme holds codes)"
                ));
            }
            let uuid = self.uuids.claim(set.attr("guid"));
            self.themes.push(KeyedTheme {
                uuid,
                name,
                status,
                definition: definition.to_string(),
                codes,
            });
        }
    }

    fn rest(&mut self, root: &El, skips: &mut Skips) {
        let links = root.nested("Links", "Link").count();
        if links > 0 {
            skips.add(format!("{links} links between items (tema has no links)"));
        }
        let graphs = root.nested("Graphs", "Graph").count();
        if graphs > 0 {
            skips.add(format!("{graphs} graphs (maps are not imported)"));
        }
        let journal = self
            .note_text
            .values()
            .filter(|(n, _)| n.starts_with(JOURNAL))
            .count();
        if journal > 0 {
            skips.add(format!(
                "{journal} reflexive journal entries became project notes"
            ));
        }
    }
}

fn push_unique(list: &mut Vec<String>, s: &str) {
    if !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

fn normal_colour(c: &str) -> Option<String> {
    let hex = c.trim().trim_start_matches('#');
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_uppercase())),
        3 => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_uppercase()
        )),
        // #AARRGGBB (some tools write alpha first).
        8 => Some(format!("#{}", hex[2..].to_ascii_uppercase())),
        _ => None,
    }
}

/// Maps positions as written in a file to char offsets into the
/// normalised text (see the module docs for the UTF-16 heuristic).
struct PositionMap {
    utf16: bool,
    /// UTF-16 offsets of astral chars (each takes two units).
    astral_u16: Vec<usize>,
    /// Char offsets of the `\r` of each `\r\n` in the raw text.
    crlf: Vec<usize>,
}

impl PositionMap {
    fn new(raw: &str, positions: &[(i64, i64)], units: Units) -> PositionMap {
        let mut astral_u16 = Vec::new();
        let mut crlf = Vec::new();
        let mut u16_pos = 0usize;
        let mut prev_cr: Option<usize> = None;
        for (i, c) in raw.chars().enumerate() {
            if c as u32 > 0xFFFF {
                astral_u16.push(u16_pos);
            }
            if c == '\n'
                && let Some(cr) = prev_cr
            {
                crlf.push(cr);
            }
            prev_cr = (c == '\r').then_some(i);
            u16_pos += c.len_utf16();
        }
        let mut map = PositionMap {
            utf16: false,
            astral_u16,
            crlf,
        };
        if map.astral_u16.is_empty() || positions.is_empty() || units == Units::CodePoints {
            return map;
        }
        let cp_len = u16_pos - map.astral_u16.len();
        let max = positions.iter().map(|p| p.0.max(p.1)).max().unwrap_or(0);
        map.utf16 = if units == Units::Utf16 || (max > cp_len as i64 && max <= u16_pos as i64) {
            true
        } else {
            let chars: Vec<char> = raw.chars().collect();
            let score = |utf16: bool| {
                let m = PositionMap {
                    utf16,
                    astral_u16: map.astral_u16.clone(),
                    crlf: Vec::new(),
                };
                positions
                    .iter()
                    .flat_map(|&(a, b)| [a, b])
                    .filter_map(|p| m.to_chars(p))
                    .filter(|&p| p <= chars.len())
                    .filter(|&p| {
                        p == 0
                            || p == chars.len()
                            || !(chars[p - 1].is_alphanumeric() && chars[p].is_alphanumeric())
                    })
                    .count()
            };
            score(true) > score(false)
        };
        map
    }

    /// Position as written → char offset into the raw text.
    fn to_chars(&self, p: i64) -> Option<usize> {
        let p = usize::try_from(p).ok()?;
        if !self.utf16 {
            return Some(p);
        }
        // Every astral char starting before p took one unit more.
        Some(p - self.astral_u16.partition_point(|&a| a < p))
    }

    /// Position as written → char offset into the normalised text.
    fn map(&self, p: i64) -> Option<usize> {
        let c = self.to_chars(p)?;
        Some(c - self.crlf.partition_point(|&cr| cr < c))
    }
}

// ---------------------------------------------------------------------- qdc

/// Import a `.qdc` codebook into an open project as one undoable step.
/// Codes already there (same GUID, or same name at the same level) are kept
/// as they are; their new sub-codes are added under them.
pub fn import_qdc(project: &mut Project, file: &Path) -> Result<ImportReport> {
    let shown = file.display().to_string();
    let fail = |reason: String| anyhow!("cannot import '{shown}': {reason}");
    let bytes = std::fs::read(file).map_err(|e| fail(format!("cannot read it ({e})")))?;
    let root = xml::parse(&bytes).map_err(&fail)?;
    if root.name != "CodeBook" {
        return Err(fail(format!(
            "the root element is <{}>, not <CodeBook> (is it a codebook?)",
            root.name
        )));
    }
    let existing = project.codes()?;
    let mut skips = Skips::default();
    let mut b = Builder::default();
    for c in &existing {
        b.uuids.0.insert(c.uuid.clone());
    }
    // Level → names taken, where a level is the parent's uuid.
    let mut sibling_names: HashMap<Option<String>, HashSet<String>> = HashMap::new();
    let uuid_of_id: HashMap<i64, String> =
        existing.iter().map(|c| (c.id, c.uuid.clone())).collect();
    for c in &existing {
        sibling_names
            .entry(c.parent.and_then(|p| uuid_of_id.get(&p).cloned()))
            .or_default()
            .insert(c.name.to_lowercase());
    }
    let mut kept = 0usize;
    let mut stack: Vec<(&El, Option<String>)> = root
        .nested("Codes", "Code")
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|c| (c, None))
        .collect();
    while let Some((el, parent)) = stack.pop() {
        let guid = el.attr("guid").map(guid_of);
        let name = el.attr("name").unwrap_or("").trim().to_string();
        let same = existing.iter().find(|c| {
            guid.as_deref() == Some(c.uuid.as_str())
                || (!name.is_empty()
                    && c.name.to_lowercase() == name.to_lowercase()
                    && c.parent.and_then(|p| uuid_of_id.get(&p)).cloned() == parent)
        });
        let uuid = match same {
            Some(c) => {
                kept += 1;
                c.uuid.clone()
            }
            None => b.code(el, parent, &mut sibling_names, &mut skips, false),
        };
        for child in el.all("Code").collect::<Vec<_>>().into_iter().rev() {
            stack.push((child, Some(uuid.clone())));
        }
    }
    if kept > 0 {
        skips.add(format!(
            "{kept} codes were in the project already and were kept as they are"
        ));
    }
    let sets = root.nested("Sets", "Set").count();
    if sets > 0 {
        skips.add(format!(
            "{sets} sets: a codebook import adds codes only (themes come with a .qdpx)"
        ));
    }
    let created = b.codes.len();
    if created > 0 {
        b.label = format!(
            "import codebook '{}'",
            file.file_name()
                .map_or(shown.clone(), |n| n.to_string_lossy().into_owned())
        );
        project
            .execute(Command::ImportInterchange(Box::new(b.finish())))
            .map_err(|e| e.context(format!("importing '{shown}'")))?;
    }
    Ok(ImportReport {
        codes: created,
        skipped: skips.into_vec(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_and_crlf() {
        // "😀 ab\r\ncd": code points 😀=0 ' '=1 a=2 b=3 \r=4 \n=5 c=6 d=7.
        let raw = "😀 ab\r\ncd";
        // UTF-16: 😀=0..2, ' '=2, a=3, b=4, \r=5, \n=6, c=7, d=8.
        let m = PositionMap::new(raw, &[(3, 5), (7, 9)], Units::Utf16);
        assert!(m.utf16);
        // Normalised "😀 ab\ncd": a=2, c=5.
        assert_eq!(
            (m.map(3), m.map(5), m.map(7), m.map(9)),
            (Some(2), Some(4), Some(5), Some(7))
        );
        let cp = PositionMap::new(raw, &[(2, 4), (6, 8)], Units::Guess);
        assert!(!cp.utf16);
        assert_eq!(
            (cp.map(2), cp.map(6), cp.map(8)),
            (Some(2), Some(5), Some(7))
        );
        // Beyond the code point length but within UTF-16: UTF-16.
        let long = PositionMap::new("😀😀 ord", &[(5, 8)], Units::Guess);
        assert!(long.utf16);
        // Word boundaries decide when both readings fit.
        let text = "😀 hei og hå";
        let u16 = PositionMap::new(text, &[(3, 6)], Units::Guess);
        assert!(u16.utf16, "3..6 in UTF-16 units is 'hei'");
        let cp = PositionMap::new(text, &[(2, 5)], Units::Guess);
        assert!(!PositionMap::new(text, &[(3, 6)], Units::CodePoints).utf16);
        assert!(!cp.utf16, "2..5 in code points is 'hei'");
    }

    #[test]
    fn file_names_match_loosely() {
        let ctx = Ctx {
            qdpx_dir: None,
            base_path: None,
            units: Units::Guess,
            entries: vec![
                Entry::new(0, "project.qde"),
                Entry::new(1, "Sources/Intervju Åse.txt"),
                Entry::new(2, "sources/ABC.TXT"),
            ],
        };
        assert_eq!(ctx.entry("internal://Intervju Åse.txt").unwrap().index, 1);
        assert_eq!(
            ctx.entry("internal://Intervju%20%C3%85se.txt")
                .unwrap()
                .index,
            1
        );
        assert_eq!(
            ctx.entry("relative://C:\\Users\\kari\\abc.txt")
                .unwrap()
                .index,
            2
        );
        assert_eq!(ctx.entry("internal://Intervju Ase.txt").unwrap().index, 1);
        assert!(ctx.entry("internal://other.txt").is_none());
    }
}
