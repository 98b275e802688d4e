//! Writing `.qdpx` and `.qdc` (see the mapping in `mod.rs`).

use super::xml::XmlOut;
use super::{CODEBOOK_NS, PROJECT_NS, SetSpec, derived_guid, guid_of, origin, tema_user_guid};
use crate::Project;
use crate::model::{Code, Coding, DocumentInfo as Document, Id, Note, NoteKind, Participant};
use crate::store::CodingFilter;
use anyhow::{Context, Result, bail};
use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::Path;

/// Note names tell an importer (tema) what kind of note it was.
pub(super) const FAMILIARISATION: &str = "Familiarisation note";
pub(super) const DOCUMENT_MEMO: &str = "Document memo";
pub(super) const CODE_MEMO: &str = "Code memo";
pub(super) const CODING_MEMO: &str = "Coding memo";
pub(super) const PROJECT_MEMO: &str = "Project memo";
pub(super) const JOURNAL: &str = "Reflexive journal";

/// A `.qdpx` in memory: the zip of `project.qde` and `sources/<GUID>.txt`.
pub fn qdpx_bytes(project: &Project, include_journal: bool) -> Result<Vec<u8>> {
    let (qde, sources) = build_project(project, include_journal)?;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(
        qde.len() + sources.iter().map(|s| s.1.len() / 3).sum::<usize>(),
    )));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    zip.start_file("project.qde", opts)?;
    zip.write_all(&qde)?;
    for (name, text) in &sources {
        zip.start_file(format!("sources/{name}"), opts)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Export the project as a REFI-QDA project file. The reflexive journal is
/// left out unless `include_journal` (it is private by design).
pub fn export_qdpx(project: &Project, path: &Path, include_journal: bool) -> Result<()> {
    let bytes = qdpx_bytes(project, include_journal)?;
    crate::export::write_atomically(path, &bytes)
}

/// Just `project.qde` (for tests and validation).
pub fn project_xml(project: &Project, include_journal: bool) -> Result<Vec<u8>> {
    Ok(build_project(project, include_journal)?.0)
}

/// Export the codebook as a REFI-QDA codebook (`.qdc`).
pub fn export_qdc(project: &Project, path: &Path) -> Result<()> {
    let bytes = codebook_xml(project)?;
    crate::export::write_atomically(path, &bytes)
}

/// The `.qdc` document. A codebook without codes cannot be valid REFI-QDA
/// (`Codes` needs at least one `Code`), so that is an error.
pub fn codebook_xml(project: &Project) -> Result<Vec<u8>> {
    let codes = project.codes()?;
    if codes.is_empty() {
        bail!(
            "the codebook is empty: a REFI-QDA codebook needs at least one code (create codes first)"
        );
    }
    let sets = super::sets(project)?;
    let mut x = XmlOut::new()?;
    x.start("CodeBook", &[("xmlns", CODEBOOK_NS), ("origin", &origin())])?;
    write_codes(&mut x, &codes, &HashMap::new(), false)?;
    write_sets(&mut x, &sets, "guid")?;
    x.end("CodeBook")?;
    Ok(x.finish())
}

fn children_of(codes: &[Code]) -> HashMap<Option<Id>, Vec<&Code>> {
    let mut map: HashMap<Option<Id>, Vec<&Code>> = HashMap::new();
    for c in codes {
        map.entry(c.parent).or_default().push(c);
    }
    map
}

/// `<Codes>` with nested `<Code>`s; in a project each may carry NoteRefs.
fn write_codes(
    x: &mut XmlOut,
    codes: &[Code],
    notes: &HashMap<Id, Vec<String>>,
    with_note_refs: bool,
) -> Result<()> {
    let children = children_of(codes);
    fn write(
        x: &mut XmlOut,
        code: &Code,
        children: &HashMap<Option<Id>, Vec<&Code>>,
        notes: &HashMap<Id, Vec<String>>,
        with_note_refs: bool,
    ) -> Result<()> {
        let guid = guid_of(&code.uuid);
        let colour = colour(&code.colour);
        let mut attrs = vec![
            ("guid", guid.as_str()),
            ("name", code.name.as_str()),
            ("isCodable", "true"),
        ];
        if let Some(c) = &colour {
            attrs.push(("color", c));
        }
        let kids = children.get(&Some(code.id));
        let note_refs = notes.get(&code.id).filter(|_| with_note_refs);
        if code.description.is_empty() && kids.is_none() && note_refs.is_none() {
            x.empty("Code", &attrs)?;
            return Ok(());
        }
        x.start("Code", &attrs)?;
        if !code.description.is_empty() {
            x.text_element("Description", &code.description)?;
        }
        for n in note_refs.into_iter().flatten() {
            x.empty("NoteRef", &[("targetGUID", n)])?;
        }
        for k in kids.into_iter().flatten() {
            write(x, k, children, notes, with_note_refs)?;
        }
        x.end("Code")?;
        Ok(())
    }
    x.start("Codes", &[])?;
    for c in children.get(&None).into_iter().flatten() {
        write(x, c, &children, notes, with_note_refs)?;
    }
    x.end("Codes")?;
    Ok(())
}

/// `<Sets>`, or nothing when there are none (an empty container is invalid).
/// Members point by `targetGUID` in a project and by `guid` in a codebook.
fn write_sets(x: &mut XmlOut, sets: &[SetSpec], member_attr: &str) -> Result<()> {
    if sets.is_empty() {
        return Ok(());
    }
    x.start("Sets", &[])?;
    for s in sets {
        x.start("Set", &[("guid", &s.guid), ("name", &s.name)])?;
        if !s.description.is_empty() {
            x.text_element("Description", &s.description)?;
        }
        for m in &s.member_codes {
            x.empty("MemberCode", &[(member_attr, m)])?;
        }
        x.end("Set")?;
    }
    x.end("Sets")?;
    Ok(())
}

/// `#RRGGBB` upper case, or None for anything that is not a colour.
fn colour(c: &str) -> Option<String> {
    let hex = c.trim().strip_prefix('#')?;
    let ok = hex.bytes().all(|b| b.is_ascii_hexdigit());
    match hex.len() {
        6 if ok => Some(format!("#{}", hex.to_ascii_uppercase())),
        3 if ok => Some(format!(
            "#{}",
            hex.chars()
                .flat_map(|c| [c, c])
                .collect::<String>()
                .to_ascii_uppercase()
        )),
        _ => None,
    }
}

/// tema's timestamps (RFC 3339) as xsd:dateTime in UTC, whole seconds.
fn xsd_datetime(s: &str) -> Option<String> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
}

/// `project.qde` and the source files: (file name in `sources/`, text).
type Built = (Vec<u8>, Vec<(String, String)>);

/// The project's coders as REFI-QDA `<User>`s: who made each coding and note.
#[derive(Default)]
struct Users {
    /// (guid, name, initials), in the order coders joined.
    list: Vec<(String, String, String)>,
    by_name: HashMap<String, String>,
}

impl Users {
    fn new(project: &Project) -> Result<Users> {
        let mut u = Users::default();
        for (_, c) in project.coders()? {
            let guid = guid_of(&c.uuid);
            u.by_name
                .entry(c.name.clone())
                .or_insert_with(|| guid.clone());
            u.list.push((guid, c.name, c.initials));
        }
        Ok(u)
    }

    /// The user GUID of a coder (by name); None: nobody, the tema user.
    fn of(&self, coder: Option<&str>) -> Option<String> {
        coder.and_then(|c| self.by_name.get(c).cloned())
    }
}

/// A note to write: guid, name, text, dates.
struct NoteOut {
    guid: String,
    name: String,
    text: String,
    created: Option<String>,
    modified: Option<String>,
    /// The coder's user GUID (None: the tema user).
    user: Option<String>,
}

/// A selection to write inside a TextSource.
struct Selection {
    guid: String,
    name: Option<String>,
    start: usize,
    end: usize,
    created: Option<String>,
    /// (coding guid, code guid, memo note guid).
    coding: Option<(String, String, Option<String>)>,
    /// The coder's user GUID (None: the tema user).
    user: Option<String>,
}

/// Notes to write and who refers to each: documents, codes, the project.
#[derive(Default)]
struct Notes {
    out: Vec<NoteOut>,
    of_doc: HashMap<Id, Vec<String>>,
    of_code: HashMap<Id, Vec<String>>,
    of_project: Vec<String>,
}

impl Notes {
    /// tema's own notes, each referred to from what it is about.
    fn new(
        project: &Project,
        docs: &[Document],
        codes: &HashMap<Id, &Code>,
        users: &Users,
    ) -> Result<Notes> {
        let mut notes = Notes::default();
        let doc_name: HashMap<Id, &str> = docs.iter().map(|d| (d.id, d.name.as_str())).collect();
        for n in project.notes(None, None, None)? {
            let guid = guid_of(&n.uuid);
            match (n.kind, n.document, n.code) {
                (NoteKind::Document | NoteKind::Familiarisation, Some(d), _) => {
                    notes.of_doc.entry(d).or_default().push(guid.clone())
                }
                (NoteKind::Code, _, Some(c)) => {
                    notes.of_code.entry(c).or_default().push(guid.clone())
                }
                _ => notes.of_project.push(guid.clone()),
            }
            notes.out.push(NoteOut {
                guid,
                name: note_name(&n, &doc_name, codes),
                text: n.text,
                created: xsd_datetime(&n.created_at),
                modified: xsd_datetime(&n.updated_at),
                user: users.of(n.coder.as_deref()),
            });
        }
        Ok(notes)
    }

    /// A coding's memo as a note; its guid.
    fn coding_memo(&mut self, c: &Coding, coding_guid: &str, user: Option<String>) -> String {
        let guid = derived_guid(&["coding-memo", coding_guid]);
        self.out.push(NoteOut {
            guid: guid.clone(),
            name: format!("{CODING_MEMO} – {}", c.code),
            text: c.memo.clone(),
            created: xsd_datetime(&c.created_at),
            modified: None,
            user,
        });
        guid
    }

    /// The reflexive journal's entries as project notes.
    fn add_journal(&mut self, project: &Project) -> Result<()> {
        for (guid, day, created, text) in journal(project)? {
            self.of_project.push(guid.clone());
            self.out.push(NoteOut {
                guid,
                name: match day.get(..10) {
                    Some(day) => format!("{JOURNAL} – {day}"),
                    None => JOURNAL.to_string(),
                },
                text,
                created: xsd_datetime(&created),
                modified: None,
                user: None,
            });
        }
        Ok(())
    }
}

/// Everything `project.qde` holds, read from the store before writing:
/// selections come first, since speaker turns found there are referenced
/// from Cases, which come before Sources.
struct Gathered<'a> {
    user: String,
    /// The project's coders as REFI-QDA users.
    users: Users,
    docs: &'a [Document],
    participants: &'a [Participant],
    notes: Notes,
    /// Case (participant) guid → the sources linked to it.
    case_sources: HashMap<String, Vec<String>>,
    /// Case guid → its speaker turns' selections.
    case_selections: HashMap<String, Vec<String>>,
    /// Per document (in `docs` order), its selections.
    selections: Vec<Vec<Selection>>,
}

impl<'a> Gathered<'a> {
    fn new(
        project: &Project,
        docs: &'a [Document],
        codes: &[Code],
        participants: &'a [Participant],
    ) -> Result<Self> {
        let code_by_id: HashMap<Id, &Code> = codes.iter().map(|c| (c.id, c)).collect();
        let users = Users::new(project)?;
        let mut g = Gathered {
            user: tema_user_guid(),
            docs,
            participants,
            notes: Notes::new(project, docs, &code_by_id, &users)?,
            users,
            case_sources: HashMap::new(),
            case_selections: HashMap::new(),
            selections: Vec::with_capacity(docs.len()),
        };
        for link in project.document_links()? {
            g.case_sources
                .entry(guid_of(&link.participant_uuid))
                .or_default()
                .push(guid_of(&link.document_uuid));
        }
        let mut codings_by_doc: HashMap<Id, Vec<Coding>> = HashMap::new();
        for c in project.codings_without_text(&CodingFilter::default())? {
            codings_by_doc.entry(c.doc_id).or_default().push(c);
        }
        let participant_guid: HashMap<&str, String> = participants
            .iter()
            .map(|p| (p.label.as_str(), guid_of(&p.uuid)))
            .collect();
        for d in docs {
            let codings = codings_by_doc.get(&d.id).map_or(&[][..], Vec::as_slice);
            let mut selections = g.coding_selections(codings, &code_by_id)?;
            selections.extend(g.turn_selections(project, d, &participant_guid)?);
            g.selections.push(selections);
        }
        Ok(g)
    }

    /// A selection per coding, each with its coding (and memo).
    fn coding_selections(
        &mut self,
        codings: &[Coding],
        codes: &HashMap<Id, &Code>,
    ) -> Result<Vec<Selection>> {
        let mut out = Vec::with_capacity(codings.len());
        for c in codings {
            let coding_guid = guid_of(&c.uuid);
            let user = self.users.of(c.coder.as_deref());
            let memo =
                (!c.memo.is_empty()).then(|| self.notes.coding_memo(c, &coding_guid, user.clone()));
            let code_guid = codes
                .get(&c.code_id)
                .map(|k| guid_of(&k.uuid))
                .context("a coding refers to a missing code")?;
            out.push(Selection {
                guid: derived_guid(&["selection", &coding_guid]),
                name: None,
                start: c.start,
                end: c.end,
                created: xsd_datetime(&c.created_at),
                coding: Some((coding_guid, code_guid, memo)),
                user,
            });
        }
        Ok(out)
    }

    /// A selection per speaker turn of a known participant, named for the
    /// speaker and referenced from the participant's case.
    fn turn_selections(
        &mut self,
        project: &Project,
        d: &Document,
        participant_guid: &HashMap<&str, String>,
    ) -> Result<Vec<Selection>> {
        let doc_guid = guid_of(&d.uuid);
        let mut out = Vec::new();
        for t in project.turns(d.id)? {
            let (Some(label), Some(speaker)) = (&t.participant, &t.speaker) else {
                continue;
            };
            let Some(p) = participant_guid.get(label.as_str()) else {
                continue;
            };
            if t.end <= t.start {
                continue;
            }
            let g = derived_guid(&["speaker-turn", &doc_guid, &t.start.to_string()]);
            let case = self.case_selections.entry(p.clone()).or_default();
            case.push(g.clone());
            out.push(Selection {
                guid: g,
                name: Some(speaker.clone()),
                start: t.start,
                end: t.end,
                created: None,
                coding: None,
                user: None,
            });
        }
        Ok(out)
    }
}

fn build_project(project: &Project, include_journal: bool) -> Result<Built> {
    let docs = project.documents()?;
    let codes = project.codes()?;
    let participants = project.participants()?;
    let mut g = Gathered::new(project, &docs, &codes, &participants)?;
    if include_journal {
        g.notes.add_journal(project)?;
    }
    let mut x = XmlOut::new()?;
    open_project(&mut x, project, &g.user, &g.users)?;
    if !codes.is_empty() {
        x.start("CodeBook", &[])?;
        write_codes(&mut x, &codes, &g.notes.of_code, true)?;
        x.end("CodeBook")?;
    }
    write_variables(&mut x, &participants)?;
    write_cases(&mut x, &g)?;
    let sources = write_sources(&mut x, project, &g)?;
    write_notes(&mut x, &g.notes.out, &g.user)?;
    write_sets(&mut x, &super::sets(project)?, "targetGUID")?;
    for n in &g.notes.of_project {
        x.empty("NoteRef", &[("targetGUID", n)])?;
    }
    x.end("Project")?;
    Ok((x.finish(), sources))
}

/// `<Project …>` with its title, dates and users.
fn open_project(x: &mut XmlOut, project: &Project, user: &str, users: &Users) -> Result<()> {
    let title = project.title()?;
    let created_xsd = xsd_datetime(&project.created_at()?);
    let now_xsd = xsd_datetime(&crate::store::now());
    let origin = origin();
    let mut attrs: Vec<(&str, &str)> = vec![
        ("xmlns", PROJECT_NS),
        ("name", &title),
        ("origin", &origin),
        ("creatingUserGUID", user),
    ];
    if let Some(c) = &created_xsd {
        attrs.push(("creationDateTime", c));
    }
    attrs.push(("modifyingUserGUID", user));
    if let Some(m) = &now_xsd {
        attrs.push(("modifiedDateTime", m));
    }
    x.start("Project", &attrs)?;
    x.start("Users", &[])?;
    x.empty("User", &[("guid", user), ("name", "tema"), ("id", "tema")])?;
    for (guid, name, initials) in &users.list {
        x.empty("User", &[("guid", guid), ("name", name), ("id", initials)])?;
    }
    x.end("Users")?;
    Ok(())
}

fn variable_guid(key: &str) -> String {
    derived_guid(&["variable", key])
}

/// Variables: one Text variable per attribute key.
fn write_variables(x: &mut XmlOut, participants: &[Participant]) -> Result<()> {
    let keys: BTreeSet<&str> = participants
        .iter()
        .flat_map(|p| p.attributes.keys().map(String::as_str))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    x.start("Variables", &[])?;
    for k in &keys {
        let guid = variable_guid(k);
        let attrs = [
            ("guid", guid.as_str()),
            ("name", k),
            ("typeOfVariable", "Text"),
        ];
        x.empty("Variable", &attrs)?;
    }
    x.end("Variables")?;
    Ok(())
}

/// A case per participant: attribute values, linked sources, speaker turns.
fn write_cases(x: &mut XmlOut, g: &Gathered) -> Result<()> {
    if g.participants.is_empty() {
        return Ok(());
    }
    x.start("Cases", &[])?;
    for p in g.participants {
        let guid = guid_of(&p.uuid);
        let srcs = g.case_sources.get(&guid);
        let sels = g.case_selections.get(&guid);
        let attrs = [("guid", guid.as_str()), ("name", p.label.as_str())];
        if p.attributes.is_empty() && srcs.is_none() && sels.is_none() {
            x.empty("Case", &attrs)?;
            continue;
        }
        x.start("Case", &attrs)?;
        for (k, v) in &p.attributes {
            x.start("VariableValue", &[])?;
            x.empty("VariableRef", &[("targetGUID", &variable_guid(k))])?;
            x.text_element("TextValue", v)?;
            x.end("VariableValue")?;
        }
        for s in srcs.into_iter().flatten() {
            x.empty("SourceRef", &[("targetGUID", s)])?;
        }
        for s in sels.into_iter().flatten() {
            x.empty("SelectionRef", &[("targetGUID", s)])?;
        }
        x.end("Case")?;
    }
    x.end("Cases")?;
    Ok(())
}

/// A TextSource per document with its selections and notes; returns the
/// source files to write beside `project.qde`.
fn write_sources(x: &mut XmlOut, project: &Project, g: &Gathered) -> Result<Vec<(String, String)>> {
    let mut sources: Vec<(String, String)> = Vec::with_capacity(g.docs.len());
    if g.docs.is_empty() {
        return Ok(sources);
    }
    x.start("Sources", &[])?;
    for (d, selections) in g.docs.iter().zip(&g.selections) {
        let guid = guid_of(&d.uuid);
        let file = format!("{guid}.txt");
        let path = format!("internal://{file}");
        let imported = xsd_datetime(&d.imported_at);
        let mut attrs = vec![
            ("guid", guid.as_str()),
            ("name", d.name.as_str()),
            ("plainTextPath", path.as_str()),
            ("creatingUser", g.user.as_str()),
        ];
        if let Some(i) = &imported {
            attrs.push(("creationDateTime", i));
        }
        let refs = g.notes.of_doc.get(&d.id);
        if selections.is_empty() && refs.is_none() {
            x.empty("TextSource", &attrs)?;
        } else {
            x.start("TextSource", &attrs)?;
            for s in selections {
                write_selection(x, s, s.user.as_deref().unwrap_or(&g.user))?;
            }
            for n in refs.into_iter().flatten() {
                x.empty("NoteRef", &[("targetGUID", n)])?;
            }
            x.end("TextSource")?;
        }
        sources.push((file, project.text(d.id)?));
    }
    x.end("Sources")?;
    Ok(sources)
}

fn write_notes(x: &mut XmlOut, notes: &[NoteOut], user: &str) -> Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    x.start("Notes", &[])?;
    for n in notes {
        let user = n.user.as_deref().unwrap_or(user);
        let mut attrs = vec![
            ("guid", n.guid.as_str()),
            ("name", n.name.as_str()),
            ("creatingUser", user),
        ];
        if let Some(c) = &n.created {
            attrs.push(("creationDateTime", c));
        }
        if let Some(m) = &n.modified {
            attrs.push(("modifyingUser", user));
            attrs.push(("modifiedDateTime", m));
        }
        x.start("Note", &attrs)?;
        x.text_element("PlainTextContent", &n.text)?;
        x.end("Note")?;
    }
    x.end("Notes")?;
    Ok(())
}

fn write_selection(x: &mut XmlOut, s: &Selection, user: &str) -> Result<()> {
    let (start, end) = (s.start.to_string(), s.end.to_string());
    let mut attrs = vec![("guid", s.guid.as_str())];
    if let Some(n) = &s.name {
        attrs.push(("name", n));
    }
    attrs.push(("startPosition", &start));
    attrs.push(("endPosition", &end));
    attrs.push(("creatingUser", user));
    if let Some(c) = &s.created {
        attrs.push(("creationDateTime", c));
    }
    let Some((coding, code, memo)) = &s.coding else {
        x.empty("PlainTextSelection", &attrs)?;
        return Ok(());
    };
    x.start("PlainTextSelection", &attrs)?;
    let mut cattrs = vec![("guid", coding.as_str()), ("creatingUser", user)];
    if let Some(c) = &s.created {
        cattrs.push(("creationDateTime", c));
    }
    x.start("Coding", &cattrs)?;
    x.empty("CodeRef", &[("targetGUID", code)])?;
    if let Some(m) = memo {
        x.empty("NoteRef", &[("targetGUID", m)])?;
    }
    x.end("Coding")?;
    x.end("PlainTextSelection")?;
    Ok(())
}

fn note_name(n: &Note, docs: &HashMap<Id, &str>, codes: &HashMap<Id, &Code>) -> String {
    let doc = n.document.and_then(|d| docs.get(&d).copied());
    let code = n.code.and_then(|c| codes.get(&c)).map(|c| c.name.as_str());
    match (n.kind, doc, code) {
        (NoteKind::Familiarisation, Some(d), _) => format!("{FAMILIARISATION} – {d}"),
        (NoteKind::Document, Some(d), _) => format!("{DOCUMENT_MEMO} – {d}"),
        (NoteKind::Code, _, Some(c)) => format!("{CODE_MEMO} – {c}"),
        _ => PROJECT_MEMO.to_string(),
    }
}

/// Entries of the reflexive journal as (guid, day, created, text), when the
/// journal table exists (migration 0002).
fn journal(project: &Project) -> Result<Vec<(String, String, String, String)>> {
    Ok(project
        .journal_rows()?
        .into_iter()
        .map(|j| {
            let guid = if j.uuid.is_empty() {
                derived_guid(&["journal", &j.rowid.to_string()])
            } else {
                guid_of(&j.uuid)
            };
            (guid, j.day, j.created, j.text)
        })
        .collect())
}
