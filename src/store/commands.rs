//! Every user-visible change is a `Command`. `run` applies it inside the
//! transaction that `Project::execute` opened; the undo triggers record its
//! inverse as it goes, so no command needs an inverse of its own.

use super::now;
use super::themes::{self, ThemeCommand};
use crate::model::{Id, NoteKind, ParsedDocument, ParsedTurn};
use anyhow::{Context, Result, bail};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

/// A document to store, with who speaks in it.
#[derive(Debug, Clone, Serialize)]
pub struct NewDocument {
    pub name: String,
    pub source_name: String,
    pub format: String,
    #[serde(skip)]
    pub text: String,
    pub sha256: String,
    #[serde(skip)]
    pub turns: Vec<ParsedTurn>,
    /// Participant labels linked to the whole document.
    pub participants: Vec<String>,
    /// Speaker label → participant label.
    pub speakers: Vec<(String, String)>,
}

impl From<ParsedDocument> for NewDocument {
    fn from(p: ParsedDocument) -> Self {
        NewDocument {
            name: p.name,
            source_name: p.source_name,
            format: p.format,
            text: p.text,
            sha256: p.sha256,
            turns: p.turns,
            participants: Vec::new(),
            speakers: Vec::new(),
        }
    }
}

/// A participant to create (or to update, when the label exists).
#[derive(Debug, Clone, Serialize, Default)]
pub struct NewParticipant {
    pub label: String,
    pub attributes: Vec<(String, String)>,
}

/// Entities read from an interchange file (REFI-QDA), stored with the
/// identities (uuids) they had there, so export → import → export keeps
/// them. They refer to each other by uuid, so one command can create codes
/// and code with them; a referenced uuid may also name an entity already in
/// the project. Only counts go into the command log.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Interchange {
    /// What undo calls it ("import 'studie.qdpx'").
    pub label: String,
    /// (uuid, participant); a participant whose label exists is updated instead.
    #[serde(serialize_with = "count")]
    pub participants: Vec<(String, NewParticipant)>,
    /// (uuid, document).
    #[serde(serialize_with = "count")]
    pub documents: Vec<(String, NewDocument)>,
    /// Parents before children.
    #[serde(serialize_with = "count")]
    pub codes: Vec<KeyedCode>,
    #[serde(serialize_with = "count")]
    pub codings: Vec<KeyedCoding>,
    #[serde(serialize_with = "count")]
    pub notes: Vec<KeyedNote>,
    /// Themes (REFI-QDA sets) with their codes.
    #[serde(serialize_with = "count")]
    pub themes: Vec<KeyedTheme>,
    /// The coders (REFI-QDA users) codings and notes name by uuid.
    #[serde(serialize_with = "count")]
    pub coders: Vec<crate::model::Coder>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyedTheme {
    pub uuid: String,
    pub name: String,
    pub status: crate::model::ThemeStatus,
    pub definition: String,
    /// The codes' uuids.
    pub codes: Vec<String>,
}

fn count<S: serde::Serializer, T>(v: &[T], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_u64(v.len() as u64)
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyedCode {
    pub uuid: String,
    /// The parent code's uuid.
    pub parent: Option<String>,
    pub name: String,
    /// `#RRGGBB`; None picks a default.
    pub colour: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyedCoding {
    pub uuid: String,
    /// The document's uuid.
    pub doc: String,
    /// The code's uuid.
    pub code: String,
    pub start: usize,
    pub end: usize,
    pub memo: String,
    /// The coder's uuid (one of `Interchange::coders`); None: nobody named.
    pub coder: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyedNote {
    pub uuid: String,
    pub kind: NoteKind,
    /// The document's uuid (document and familiarisation notes).
    pub doc: Option<String>,
    /// The code's uuid (code memos).
    pub code: Option<String>,
    pub text: String,
    /// The coder's uuid (one of `Interchange::coders`).
    pub coder: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Command {
    Import {
        documents: Vec<NewDocument>,
        participants: Vec<NewParticipant>,
    },
    RenameDocument {
        doc: Id,
        name: String,
    },
    DeleteDocument {
        doc: Id,
    },
    CreateCode {
        name: String,
        parent: Option<Id>,
        colour: Option<String>,
        description: String,
    },
    RenameCode {
        code: Id,
        name: String,
    },
    /// Change a code's colour and/or description.
    EditCode {
        code: Id,
        colour: Option<String>,
        description: Option<String>,
    },
    /// Nest a code under another (or at top level) at a position among siblings.
    MoveCode {
        code: Id,
        parent: Option<Id>,
        position: Option<i64>,
    },
    /// Move every coding of `sources` to `target`, append their descriptions, delete them.
    MergeCodes {
        sources: Vec<Id>,
        target: Id,
    },
    /// Move the chosen codings of a code to a new sibling code.
    SplitCode {
        code: Id,
        codings: Vec<Id>,
        new_name: String,
    },
    /// Delete a code, its sub-codes and all their codings.
    DeleteCode {
        code: Id,
    },
    ApplyCoding {
        doc: Id,
        code: Id,
        start: usize,
        end: usize,
        memo: String,
    },
    /// Create a code and apply it to spans (doc, start, end), as one step:
    /// the palette's "Create code 'x'", in-vivo coding, "code all hits".
    CreateCodeAndApply {
        name: String,
        parent: Option<Id>,
        spans: Vec<(Id, usize, usize)>,
    },
    RemoveCoding {
        coding: Id,
    },
    /// Change a coding's code, boundaries or memo.
    EditCoding {
        coding: Id,
        code: Option<Id>,
        start: Option<usize>,
        end: Option<usize>,
        memo: Option<String>,
    },
    CreateParticipant {
        participant: NewParticipant,
    },
    RenameParticipant {
        participant: Id,
        label: String,
    },
    DeleteParticipant {
        participant: Id,
    },
    /// Set (Some) or remove (None) one attribute of a participant.
    SetAttribute {
        participant: Id,
        key: String,
        value: Option<String>,
    },
    LinkParticipant {
        doc: Id,
        participant: Id,
        linked: bool,
    },
    MapSpeaker {
        doc: Id,
        speaker: String,
        participant: Option<Id>,
    },
    AddNote {
        kind: NoteKind,
        doc: Option<Id>,
        code: Option<Id>,
        text: String,
    },
    EditNote {
        note: Id,
        text: String,
    },
    DeleteNote {
        note: Id,
    },
    /// Documents, participants, codes, codings and notes from an
    /// interchange file, with their uuids, as one step.
    ImportInterchange(Box<Interchange>),
    /// Rewrite a document's text (anonymisation, corrections) and remap every
    /// position into it, so each coded quote still covers the same words.
    RewriteText {
        doc: Id,
        edits: Vec<crate::text::Edit>,
    },
    /// Themes, the thematic map, key quotes, journal, phases, checklist.
    Theme(ThemeCommand),
    /// Anonymisation decisions, rules, field rewrites and audit rows
    /// (see `anon_ops`).
    Anon {
        change: super::anon_ops::AnonOp,
    },
    /// Start the next coding pass with every document in this order.
    StartPass {
        ordering: crate::model::PassOrdering,
        seed: Option<u64>,
        documents: Vec<Id>,
    },
    /// The condensed meaning of a coding (a meaning unit); empty removes it.
    Condense {
        coding: Id,
        text: String,
    },
    /// Mark speaker turns of a document (0-based, in reading order; None:
    /// all of them) read or not read.
    MarkRead {
        doc: Id,
        turns: Option<Vec<usize>>,
        read: bool,
    },
    /// A teammate's copy merged into this one (see `merge`), as one step.
    Merge {
        source: Box<super::MergeSource>,
        resolve: Option<super::Resolve>,
    },
    /// Several commands as one undoable step.
    Batch {
        label: String,
        commands: Vec<Command>,
    },
}

/// What a command did: a label for undo ("apply code 'Tillit'") and the ids
/// it created, in order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub label: String,
    pub ids: Vec<Id>,
}

impl Outcome {
    pub(crate) fn new(label: String, ids: Vec<Id>) -> Self {
        Outcome { label, ids }
    }

    /// The first id created (e.g. the new code).
    pub fn id(&self) -> Option<Id> {
        self.ids.first().copied()
    }
}

impl Command {
    /// The command as stored in the log: a summary (texts are left out, they
    /// live in the tables and the undo steps).
    pub fn log_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

pub fn run(tx: &Transaction, cmd: &Command) -> Result<Outcome> {
    match cmd {
        Command::Import {
            documents,
            participants,
        } => import(tx, documents, participants),
        Command::RenameDocument { doc, name } => rename_document(tx, *doc, name),
        Command::DeleteDocument { doc } => delete_document(tx, *doc),
        Command::CreateCode {
            name,
            parent,
            colour,
            description,
        } => {
            let id = create_code(tx, name, *parent, colour.as_deref(), description)?;
            let label = format!("create code '{}'", name.trim());
            Ok(Outcome::new(label, vec![id]))
        }
        Command::RenameCode { code, name } => rename_code(tx, *code, name),
        Command::EditCode {
            code,
            colour,
            description,
        } => edit_code(tx, *code, colour.as_deref(), description.as_deref()),
        Command::MoveCode {
            code,
            parent,
            position,
        } => move_code(tx, *code, *parent, *position),
        Command::MergeCodes { sources, target } => merge_codes(tx, sources, *target),
        Command::SplitCode {
            code,
            codings,
            new_name,
        } => split_code(tx, *code, codings, new_name),
        Command::DeleteCode { code } => delete_code(tx, *code),
        Command::ApplyCoding {
            doc,
            code,
            start,
            end,
            memo,
        } => apply_coding(tx, *doc, *code, *start, *end, memo),
        Command::CreateCodeAndApply {
            name,
            parent,
            spans,
        } => create_code_and_apply(tx, name, *parent, spans),
        Command::RemoveCoding { coding } => remove_coding(tx, *coding),
        Command::EditCoding {
            coding,
            code,
            start,
            end,
            memo,
        } => edit_coding(tx, *coding, *code, *start, *end, memo.as_deref()),
        Command::CreateParticipant { participant } => {
            let id = upsert_participant(tx, participant)?;
            let label = format!("add participant '{}'", participant.label);
            Ok(Outcome::new(label, vec![id]))
        }
        Command::RenameParticipant { participant, label } => {
            rename_participant(tx, *participant, label)
        }
        Command::DeleteParticipant { participant } => delete_participant(tx, *participant),
        Command::SetAttribute {
            participant,
            key,
            value,
        } => set_attribute(tx, *participant, key, value.as_deref()),
        Command::LinkParticipant {
            doc,
            participant,
            linked,
        } => link_participant(tx, *doc, *participant, *linked),
        Command::MapSpeaker {
            doc,
            speaker,
            participant,
        } => map_speaker(tx, *doc, speaker, *participant),
        Command::AddNote {
            kind,
            doc,
            code,
            text,
        } => add_note(tx, *kind, *doc, *code, text),
        Command::EditNote { note, text } => edit_note(tx, *note, text),
        Command::DeleteNote { note } => {
            let n = tx.execute("DELETE FROM notes WHERE id = ?1", [note])?;
            ensure_found(n, "note", *note)?;
            Ok(Outcome::new("delete note".into(), vec![]))
        }
        Command::ImportInterchange(data) => import_interchange(tx, data),
        Command::RewriteText { doc, edits } => rewrite_text(tx, *doc, edits),
        Command::Theme(cmd) => themes::run(tx, cmd),
        Command::Anon { change } => {
            let (label, ids) = super::anon_ops::run(tx, change)?;
            Ok(Outcome::new(label, ids))
        }
        Command::StartPass {
            ordering,
            seed,
            documents,
        } => super::passes::start_pass(tx, *ordering, *seed, documents),
        Command::Condense { coding, text } => super::passes::condense(tx, *coding, text),
        Command::MarkRead { doc, turns, read } => {
            super::passes::mark_read(tx, *doc, turns.as_deref(), *read)
        }
        Command::Merge { source, resolve } => super::merge::run(tx, source, *resolve),
        Command::Batch { label, commands } => {
            let mut ids = Vec::new();
            for c in commands {
                ids.extend(run(tx, c)?.ids);
            }
            Ok(Outcome::new(label.clone(), ids))
        }
    }
}

fn rename_document(tx: &Transaction, doc: Id, name: &str) -> Result<Outcome> {
    let old = doc_name(tx, doc)?;
    tx.execute(
        "UPDATE documents SET name = ?1 WHERE id = ?2",
        params![name.trim(), doc],
    )?;
    let label = format!("rename document '{old}' to '{}'", name.trim());
    Ok(Outcome::new(label, vec![]))
}

/// A new code and its codings: ids are the code's, then each coding's.
fn create_code_and_apply(
    tx: &Transaction,
    name: &str,
    parent: Option<Id>,
    spans: &[(Id, usize, usize)],
) -> Result<Outcome> {
    let mut ids = vec![create_code(tx, name, parent, None, "")?];
    for &(doc, start, end) in spans {
        ids.extend(apply_coding(tx, doc, ids[0], start, end, "")?.ids);
    }
    let label = format!("code with new code '{}'", name.trim());
    Ok(Outcome::new(label, ids))
}

fn remove_coding(tx: &Transaction, coding: Id) -> Result<Outcome> {
    let (code, _) = coding_code(tx, coding)?;
    themes::before_codings_delete(tx, "SELECT ?1", coding)?;
    tx.execute("DELETE FROM codings WHERE id = ?1", [coding])?;
    Ok(Outcome::new(format!("remove coding of '{code}'"), vec![]))
}

fn rename_participant(tx: &Transaction, participant: Id, label: &str) -> Result<Outcome> {
    let old = participant_label(tx, participant)?;
    tx.execute(
        "UPDATE participants SET label = ?1 WHERE id = ?2",
        params![label.trim(), participant],
    )
    .with_context(|| format!("a participant called '{}' exists already", label.trim()))?;
    let label = format!("rename participant '{old}' to '{}'", label.trim());
    Ok(Outcome::new(label, vec![]))
}

fn add_note(
    tx: &Transaction,
    kind: NoteKind,
    doc: Option<Id>,
    code: Option<Id>,
    text: &str,
) -> Result<Outcome> {
    tx.execute(
        "INSERT INTO notes(uuid, kind, document_id, code_id, text, created_at, updated_at, pass_id, coder_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, (SELECT max(id) FROM passes), tema_coder())",
        params![new_uuid(), kind.as_str(), doc, code, text, now()],
    )?;
    let label = format!("add {} note", kind.as_str());
    Ok(Outcome::new(label, vec![tx.last_insert_rowid()]))
}

fn edit_note(tx: &Transaction, note: Id, text: &str) -> Result<Outcome> {
    let n = tx.execute(
        "UPDATE notes SET text = ?1, updated_at = ?2 WHERE id = ?3",
        params![text, now(), note],
    )?;
    ensure_found(n, "note", note)?;
    Ok(Outcome::new("edit note".into(), vec![]))
}

pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn ensure_found(changed: usize, what: &str, id: Id) -> Result<()> {
    if changed == 0 {
        bail!("there is no {what} with id {id}");
    }
    Ok(())
}

fn doc_name(tx: &Transaction, doc: Id) -> Result<String> {
    tx.query_row("SELECT name FROM documents WHERE id = ?1", [doc], |r| {
        r.get(0)
    })
    .optional()?
    .with_context(|| format!("there is no document with id {doc}"))
}

fn code_name(tx: &Transaction, code: Id) -> Result<String> {
    tx.query_row("SELECT name FROM codes WHERE id = ?1", [code], |r| r.get(0))
        .optional()?
        .with_context(|| format!("there is no code with id {code}"))
}

fn participant_label(tx: &Transaction, p: Id) -> Result<String> {
    tx.query_row("SELECT label FROM participants WHERE id = ?1", [p], |r| {
        r.get(0)
    })
    .optional()?
    .with_context(|| format!("there is no participant with id {p}"))
}

/// The code name and document of a coding.
fn coding_code(tx: &Transaction, coding: Id) -> Result<(String, Id)> {
    tx.query_row(
        "SELECT c.name, g.document_id FROM codings g JOIN codes c ON c.id = g.code_id WHERE g.id = ?1",
        [coding],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .with_context(|| format!("there is no coding with id {coding}"))
}

// ---------------------------------------------------------------- documents

fn import(
    tx: &Transaction,
    documents: &[NewDocument],
    participants: &[NewParticipant],
) -> Result<Outcome> {
    for p in participants {
        upsert_participant(tx, p)?;
    }
    let t = now();
    let mut ids = Vec::with_capacity(documents.len());
    for d in documents {
        ids.push(insert_document(tx, d, &new_uuid(), &t)?);
    }
    super::passes::add_to_current_pass(tx, &ids)?;
    let label = match documents {
        [one] => format!("import '{}'", one.name),
        many => format!("import {} documents", many.len()),
    };
    Ok(Outcome::new(label, ids))
}

/// Store one document with its turns, participants and speakers.
pub(super) fn insert_document(
    tx: &Transaction,
    d: &NewDocument,
    uuid: &str,
    t: &str,
) -> Result<Id> {
    let mut insert_doc = tx.prepare_cached(
        "INSERT INTO documents(uuid, name, source_name, format, text, chars, sha256, imported_at, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT ifnull(max(position), 0) + 1 FROM documents))",
    )?;
    let chars = d.text.chars().count();
    insert_doc.execute(params![
        uuid,
        d.name,
        d.source_name,
        d.format,
        d.text,
        chars,
        d.sha256,
        t
    ])?;
    let doc = tx.last_insert_rowid();
    insert_turns(tx, doc, &d.turns, chars)?;
    for label in &d.participants {
        let p = participant_by_label(tx, label)?;
        tx.execute("INSERT OR IGNORE INTO document_participants(document_id, participant_id) VALUES (?1, ?2)", params![doc, p])?;
    }
    for (speaker, label) in &d.speakers {
        let p = participant_by_label(tx, label)?;
        tx.execute(
            "INSERT INTO speakers(document_id, label, participant_id) VALUES (?1, ?2, ?3)
             ON CONFLICT(document_id, label) DO UPDATE SET participant_id = excluded.participant_id",
            params![doc, speaker, p],
        )?;
    }
    Ok(doc)
}

fn import_interchange(tx: &Transaction, data: &Interchange) -> Result<Outcome> {
    for (uuid, p) in &data.participants {
        upsert_participant_keyed(tx, p, Some(uuid))?;
    }
    let t = now();
    let mut ids = Vec::with_capacity(data.documents.len());
    for (uuid, d) in &data.documents {
        ids.push(
            insert_document(tx, d, uuid, &t)
                .with_context(|| format!("storing document '{}'", d.name))?,
        );
    }
    for c in &data.codes {
        insert_keyed_code(tx, c)?;
    }
    let mut coders = std::collections::HashMap::new();
    for c in &data.coders {
        coders.insert(c.uuid.clone(), super::coders::register(tx, c)?);
    }
    let coder_of = |u: &Option<String>| u.as_ref().and_then(|u| coders.get(u).copied());
    insert_keyed_codings(tx, &data.codings, &t, &coder_of)?;
    for n in &data.notes {
        insert_keyed_note(tx, n, &t, coder_of(&n.coder))?;
    }
    for th in &data.themes {
        insert_keyed_theme(tx, th)?;
    }
    Ok(Outcome::new(data.label.clone(), ids))
}

/// The id of the row of `table` with this uuid.
fn by_uuid(tx: &Transaction, table: &str, uuid: &str) -> Result<Id> {
    tx.prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([uuid], |r| r.get(0))
        .optional()?
        .with_context(|| format!("no entry with uuid {uuid} in {table}"))
}

fn insert_keyed_code(tx: &Transaction, c: &KeyedCode) -> Result<()> {
    let parent = c
        .parent
        .as_deref()
        .map(|p| by_uuid(tx, "codes", p))
        .transpose()?;
    let id = create_code(tx, &c.name, parent, c.colour.as_deref(), &c.description)
        .with_context(|| format!("creating code '{}'", c.name))?;
    tx.execute(
        "UPDATE codes SET uuid = ?1 WHERE id = ?2",
        params![c.uuid, id],
    )?;
    Ok(())
}

/// Codings inside their documents; the same span coded twice with one
/// code is one coding.
fn insert_keyed_codings(
    tx: &Transaction,
    codings: &[KeyedCoding],
    t: &str,
    coder_of: &dyn Fn(&Option<String>) -> Option<Id>,
) -> Result<()> {
    let mut chars: std::collections::HashMap<Id, usize> = Default::default();
    for c in codings {
        let (doc, code) = (
            by_uuid(tx, "documents", &c.doc)?,
            by_uuid(tx, "codes", &c.code)?,
        );
        let len = match chars.get(&doc) {
            Some(&n) => n,
            None => {
                let n: i64 =
                    tx.query_row("SELECT chars FROM documents WHERE id = ?1", [doc], |r| {
                        r.get(0)
                    })?;
                chars.insert(doc, n as usize);
                n as usize
            }
        };
        if c.start >= c.end || c.end > len {
            bail!(
                "the span {}..{} is not inside the document ({len} characters)",
                c.start,
                c.end
            );
        }
        tx.prepare_cached(
            "INSERT INTO codings(uuid, document_id, code_id, start, end, memo, created_at, coder_id)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
             WHERE NOT EXISTS (SELECT 1 FROM codings WHERE document_id = ?2 AND code_id = ?3 AND start = ?4 AND end = ?5 AND coder_id IS ?8)",
        )?
        .execute(params![c.uuid, doc, code, c.start, c.end, c.memo, t, coder_of(&c.coder)])?;
    }
    Ok(())
}

fn insert_keyed_note(tx: &Transaction, n: &KeyedNote, t: &str, coder: Option<Id>) -> Result<()> {
    let doc = n
        .doc
        .as_deref()
        .map(|d| by_uuid(tx, "documents", d))
        .transpose()?;
    let code = n
        .code
        .as_deref()
        .map(|c| by_uuid(tx, "codes", c))
        .transpose()?;
    tx.prepare_cached(
        "INSERT INTO notes(uuid, kind, document_id, code_id, text, created_at, updated_at, coder_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
    )?
    .execute(params![n.uuid, n.kind.as_str(), doc, code, n.text, t, coder])?;
    Ok(())
}

fn insert_keyed_theme(tx: &Transaction, th: &KeyedTheme) -> Result<()> {
    let create = ThemeCommand::CreateTheme {
        name: th.name.clone(),
        status: th.status,
        definition: th.definition.clone(),
        parent: None,
        codes: vec![],
    };
    let theme = themes::run(tx, &create)
        .with_context(|| format!("creating theme '{}'", th.name))?
        .id()
        .context("no theme was created")?;
    tx.execute(
        "UPDATE themes SET uuid = ?1 WHERE id = ?2",
        params![th.uuid, theme],
    )?;
    for c in &th.codes {
        let code = by_uuid(tx, "codes", c)?;
        themes::run(
            tx,
            &ThemeCommand::AddCode {
                theme,
                code,
                why: None,
            },
        )?;
    }
    Ok(())
}

fn insert_turns(tx: &Transaction, doc: Id, turns: &[ParsedTurn], chars: usize) -> Result<()> {
    let mut find_speaker =
        tx.prepare_cached("SELECT id FROM speakers WHERE document_id = ?1 AND label = ?2")?;
    let mut add_speaker =
        tx.prepare_cached("INSERT INTO speakers(document_id, label) VALUES (?1, ?2)")?;
    let mut add_turn = tx.prepare_cached(
        "INSERT INTO turns(document_id, start, body_start, end, speaker_id, timestamp) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for t in turns {
        if t.end > chars || t.start > t.body_start || t.body_start > t.end {
            bail!(
                "a speaker turn ({}..{}) lies outside the text of {chars} characters",
                t.start,
                t.end
            );
        }
        let speaker = match &t.speaker {
            None => None,
            Some(label) => Some(
                match find_speaker
                    .query_row(params![doc, label], |r| r.get::<_, Id>(0))
                    .optional()?
                {
                    Some(id) => id,
                    None => {
                        add_speaker.execute(params![doc, label])?;
                        tx.last_insert_rowid()
                    }
                },
            ),
        };
        add_turn.execute(params![
            doc,
            t.start,
            t.body_start,
            t.end,
            speaker,
            t.timestamp
        ])?;
    }
    Ok(())
}

fn delete_document(tx: &Transaction, doc: Id) -> Result<Outcome> {
    let name = doc_name(tx, doc)?;
    themes::before_document_delete(tx, doc)?;
    super::passes::before_document_delete(tx, doc)?;
    for table in [
        "codings",
        "turns",
        "speakers",
        "document_participants",
        "notes",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE document_id = ?1"),
            [doc],
        )?;
    }
    tx.execute("DELETE FROM documents WHERE id = ?1", [doc])?;
    Ok(Outcome::new(format!("delete document '{name}'"), vec![]))
}

/// Tables holding char spans into documents.text, with their columns: all
/// of them move when a text is rewritten.
const SPAN_TABLES: &[(&str, &[&str])] = &[
    ("codings", &["start", "end"]),
    ("turns", &["start", "body_start", "end"]),
    ("anon_occurrences", &["start", "end"]),
];

fn rewrite_text(tx: &Transaction, doc: Id, edits: &[crate::text::Edit]) -> Result<Outcome> {
    let name = doc_name(tx, doc)?;
    let text: String = tx.query_row("SELECT text FROM documents WHERE id = ?1", [doc], |r| {
        r.get(0)
    })?;
    let (new_text, map) =
        crate::text::apply_edits(&text, edits).map_err(|e| anyhow::anyhow!("in '{name}': {e}"))?;
    let chars = new_text.chars().count();
    tx.execute(
        "UPDATE documents SET text = ?1, chars = ?2 WHERE id = ?3",
        params![new_text, chars, doc],
    )?;
    for (table, columns) in SPAN_TABLES {
        let rows: Vec<(Id, Vec<usize>)> = tx
            .prepare(&format!(
                "SELECT id, {} FROM {table} WHERE document_id = ?1",
                columns.join(", ")
            ))?
            .query_map([doc], |r| {
                Ok((
                    r.get(0)?,
                    (1..=columns.len())
                        .map(|i| r.get::<_, i64>(i).map(|v| v as usize))
                        .collect::<rusqlite::Result<Vec<_>>>()?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, old) in rows {
            // The first column is a start, the last an end; a middle one (a
            // turn's body_start) moves like a start.
            let new: Vec<usize> = old
                .iter()
                .enumerate()
                .map(|(i, &o)| {
                    if i + 1 == old.len() {
                        map.end(o)
                    } else {
                        map.start(o)
                    }
                })
                .collect();
            if new != old {
                let sets: Vec<String> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{c} = {}", new[i]))
                    .collect();
                tx.execute(
                    &format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", ")),
                    [id],
                )?;
            }
        }
    }
    Ok(Outcome::new(
        format!("rewrite {} passage(s) in '{name}'", edits.len()),
        vec![],
    ))
}

// -------------------------------------------------------------------- codes

/// A pleasant, distinguishable default colour for the n-th code.
fn default_colour(n: i64) -> String {
    const PALETTE: [&str; 12] = [
        "#F4A261", "#2A9D8F", "#E9C46A", "#8AB17D", "#E76F51", "#6D9DC5", "#B388EB", "#F28482",
        "#84A59D", "#F6BD60", "#90BE6D", "#C08497",
    ];
    PALETTE[(n.rem_euclid(PALETTE.len() as i64)) as usize].to_string()
}

fn valid_colour(c: &str) -> Result<String> {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if !ok {
        bail!("'{c}' is not a colour of the form #RRGGBB");
    }
    Ok(c.to_ascii_uppercase())
}

fn check_sibling_name(
    tx: &Transaction,
    name: &str,
    parent: Option<Id>,
    except: Option<Id>,
) -> Result<()> {
    let clash: Option<Id> = tx
        .query_row(
            "SELECT id FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND lower(name) = lower(?2) AND id != ifnull(?3, -1)",
            params![parent, name, except],
            |r| r.get(0),
        )
        .optional()?;
    // SQLite's lower() only folds ASCII; compare æøå in Rust as well.
    let siblings: Vec<(Id, String)> = tx
        .prepare("SELECT id, name FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0)")?
        .query_map(params![parent], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let folded = name.to_lowercase();
    let unicode_clash = siblings
        .iter()
        .any(|(id, n)| Some(*id) != except && n.to_lowercase() == folded);
    if clash.is_some() || unicode_clash {
        bail!("a code called '{name}' exists already at that level");
    }
    Ok(())
}

pub(super) fn create_code(
    tx: &Transaction,
    name: &str,
    parent: Option<Id>,
    colour: Option<&str>,
    description: &str,
) -> Result<Id> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a code needs a name");
    }
    if let Some(p) = parent {
        code_name(tx, p)?;
    }
    check_sibling_name(tx, name, parent, None)?;
    let count: i64 = tx.query_row("SELECT count(*) FROM codes", [], |r| r.get(0))?;
    let colour = match colour {
        Some(c) => valid_colour(c)?,
        None => default_colour(count),
    };
    let position: i64 = tx.query_row(
        "SELECT ifnull(max(position), -1) + 1 FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0)",
        [parent],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO codes(uuid, parent_id, name, colour, description, position, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![new_uuid(), parent, name, colour, description, position, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

fn parent_of(tx: &Transaction, code: Id) -> Result<Option<Id>> {
    Ok(
        tx.query_row("SELECT parent_id FROM codes WHERE id = ?1", [code], |r| {
            r.get(0)
        })?,
    )
}

fn rename_code(tx: &Transaction, code: Id, name: &str) -> Result<Outcome> {
    let old = code_name(tx, code)?;
    let name = name.trim();
    if name.is_empty() {
        bail!("a code needs a name");
    }
    check_sibling_name(tx, name, parent_of(tx, code)?, Some(code))?;
    // The name before the first rename tells a merge which copy renamed it.
    tx.execute(
        "UPDATE codes SET name = ?1, agreed_name = ifnull(agreed_name, name) WHERE id = ?2",
        params![name, code],
    )?;
    Ok(Outcome::new(
        format!("rename code '{old}' to '{name}'"),
        vec![],
    ))
}

fn edit_code(
    tx: &Transaction,
    code: Id,
    colour: Option<&str>,
    description: Option<&str>,
) -> Result<Outcome> {
    let name = code_name(tx, code)?;
    if let Some(c) = colour {
        tx.execute(
            "UPDATE codes SET colour = ?1 WHERE id = ?2",
            params![valid_colour(c)?, code],
        )?;
    }
    if let Some(d) = description {
        tx.execute(
            "UPDATE codes SET description = ?1 WHERE id = ?2",
            params![d, code],
        )?;
    }
    Ok(Outcome::new(format!("edit code '{name}'"), vec![]))
}

/// The code and all codes below it.
pub(crate) fn subtree(conn: &rusqlite::Connection, code: Id) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM codes c JOIN t ON c.parent_id = t.id) SELECT id FROM t",
    )?;
    let ids = stmt
        .query_map([code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn move_code(
    tx: &Transaction,
    code: Id,
    parent: Option<Id>,
    position: Option<i64>,
) -> Result<Outcome> {
    let name = code_name(tx, code)?;
    if let Some(p) = parent {
        let target = code_name(tx, p)?;
        if subtree(tx, code)?.contains(&p) {
            bail!("cannot move '{name}' into '{target}': '{target}' lies inside it");
        }
    }
    check_sibling_name(tx, &name, parent, Some(code))?;
    let old_parent: Option<Id> =
        tx.query_row("SELECT parent_id FROM codes WHERE id = ?1", [code], |r| {
            r.get(0)
        })?;
    tx.execute(
        "UPDATE codes SET parent_id = ?1 WHERE id = ?2",
        params![parent, code],
    )?;
    renumber_siblings(tx, parent, Some((code, position)))?;
    if old_parent != parent {
        // Close the gap it left, so positions stay 0, 1, 2… everywhere.
        renumber_siblings(tx, old_parent, None)?;
    }
    let label = match parent {
        _ if old_parent == parent => format!("reorder code '{name}'"),
        Some(p) => format!("move code '{name}' into '{}'", code_name(tx, p)?),
        None => format!("move code '{name}' to the top level"),
    };
    Ok(Outcome::new(label, vec![]))
}

/// Number the codes under `parent` 0, 1, 2… in their order, with `placed`
/// (a code and its wanted position among the others; None: last) put
/// exactly there. Rows whose position does not change are not written.
fn renumber_siblings(
    tx: &Transaction,
    parent: Option<Id>,
    placed: Option<(Id, Option<i64>)>,
) -> Result<()> {
    let code = placed.map(|(c, _)| c);
    let mut siblings: Vec<Id> = tx
        .prepare("SELECT id FROM codes WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND id IS NOT ?2 ORDER BY position, id")?
        .query_map(params![parent, code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if let Some((code, position)) = placed {
        let at = position.map_or(siblings.len(), |p| (p.max(0) as usize).min(siblings.len()));
        siblings.insert(at, code);
    }
    for (i, id) in siblings.iter().enumerate() {
        tx.execute(
            "UPDATE codes SET position = ?1 WHERE id = ?2 AND position != ?1",
            params![i as i64, id],
        )?;
    }
    Ok(())
}

pub(super) fn merge_codes(tx: &Transaction, sources: &[Id], target: Id) -> Result<Outcome> {
    let target_name = code_name(tx, target)?;
    let mut description: String = tx.query_row(
        "SELECT description FROM codes WHERE id = ?1",
        [target],
        |r| r.get(0),
    )?;
    let mut names = Vec::new();
    for &src in sources.iter().filter(|&&s| s != target) {
        let name = code_name(tx, src)?;
        if subtree(tx, src)?.contains(&target) {
            bail!("cannot merge '{name}' into its own sub-code '{target_name}'");
        }
        let src_description: String =
            tx.query_row("SELECT description FROM codes WHERE id = ?1", [src], |r| {
                r.get(0)
            })?;
        if !src_description.trim().is_empty() {
            if !description.trim().is_empty() {
                description.push_str("\n\n");
            }
            description.push_str(&format!("{name}: {}", src_description.trim()));
        }
        tx.execute(
            "UPDATE codings SET code_id = ?1 WHERE code_id = ?2",
            params![target, src],
        )?;
        // A coding now doubled (same span, same code) is one coding.
        themes::before_duplicate_codings_delete(tx, target)?;
        tx.execute(
            "DELETE FROM codings WHERE code_id = ?1 AND id NOT IN (SELECT min(id) FROM codings WHERE code_id = ?1 GROUP BY document_id, start, end, coder_id)",
            [target],
        )?;
        tx.execute(
            "UPDATE notes SET code_id = ?1 WHERE code_id = ?2",
            params![target, src],
        )?;
        // Sub-codes of a merged code move up to the target.
        let children: Vec<Id> = tx
            .prepare("SELECT id FROM codes WHERE parent_id = ?1")?
            .query_map([src], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for child in children {
            move_code(tx, child, Some(target), None)?;
        }
        themes::before_code_merge(tx, src, target)?;
        before_code_delete(tx, src)?;
        // A teammate's copy of the merged code joins the target on merge.
        tx.execute(
            // No OR REPLACE: its silent delete would escape the undo log.
            "INSERT INTO code_merges(uuid, into_uuid) SELECT s.uuid, t.uuid FROM codes s, codes t WHERE s.id = ?1 AND t.id = ?2
             ON CONFLICT(uuid) DO UPDATE SET into_uuid = excluded.into_uuid",
            params![src, target],
        )?;
        tx.execute("DELETE FROM codes WHERE id = ?1", [src])?;
        names.push(format!("'{name}'"));
    }
    tx.execute(
        "UPDATE codes SET description = ?1 WHERE id = ?2",
        params![description, target],
    )?;
    Ok(Outcome::new(
        format!("merge {} into '{target_name}'", names.join(", ")),
        vec![],
    ))
}

fn split_code(tx: &Transaction, code: Id, codings: &[Id], new_name: &str) -> Result<Outcome> {
    let name = code_name(tx, code)?;
    let parent = parent_of(tx, code)?;
    let colour: Option<String> = None;
    let new = create_code(tx, new_name, parent, colour.as_deref(), "")?;
    for c in codings {
        let n = tx.execute(
            "UPDATE codings SET code_id = ?1 WHERE id = ?2 AND code_id = ?3",
            params![new, c, code],
        )?;
        if n == 0 {
            bail!("coding {c} is not a coding of '{name}'");
        }
    }
    Ok(Outcome::new(
        format!("split '{}' from '{name}'", new_name.trim()),
        vec![new],
    ))
}

/// Hook for tables added by later migrations that refer to codes (themes):
/// remove those references before a code goes, so undo can restore them.
fn before_code_delete(tx: &Transaction, code: Id) -> Result<()> {
    themes::before_code_delete(tx, code)?;
    let referencing: Vec<String> = tx
        .prepare(
            "SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND f.\"table\" = 'codes' AND f.\"from\" = 'code_id' AND m.name NOT IN ('codings', 'notes')",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in referencing {
        tx.execute(
            &format!("DELETE FROM \"{table}\" WHERE code_id = ?1"),
            [code],
        )?;
    }
    Ok(())
}

fn delete_code(tx: &Transaction, code: Id) -> Result<Outcome> {
    let name = code_name(tx, code)?;
    let mut ids = subtree(tx, code)?;
    ids.reverse(); // children before parents
    let mut codings = 0;
    for id in &ids {
        themes::before_codings_delete(tx, "SELECT id FROM codings WHERE code_id = ?1", *id)?;
        codings += tx.execute("DELETE FROM codings WHERE code_id = ?1", [id])?;
        tx.execute("DELETE FROM notes WHERE code_id = ?1", [id])?;
        before_code_delete(tx, *id)?;
        tx.execute("DELETE FROM codes WHERE id = ?1", [id])?;
    }
    Ok(Outcome::new(
        format!("delete code '{name}' ({codings} codings)"),
        vec![],
    ))
}

// ------------------------------------------------------------------ codings

fn check_span(tx: &Transaction, doc: Id, start: usize, end: usize) -> Result<()> {
    let chars: usize =
        tx.query_row("SELECT chars FROM documents WHERE id = ?1", [doc], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .with_context(|| format!("there is no document with id {doc}"))? as usize;
    if start >= end || end > chars {
        bail!("the span {start}..{end} is not inside the document ({chars} characters)");
    }
    Ok(())
}

fn apply_coding(
    tx: &Transaction,
    doc: Id,
    code: Id,
    start: usize,
    end: usize,
    memo: &str,
) -> Result<Outcome> {
    let name = code_name(tx, code)?;
    check_span(tx, doc, start, end)?;
    let existing: Option<Id> = tx
        .query_row(
            "SELECT id FROM codings WHERE document_id = ?1 AND code_id = ?2 AND start = ?3 AND end = ?4 AND coder_id IS tema_coder()",
            params![doc, code, start, end],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        // Coding the same span twice with one code is a no-op, not a
        // duplicate (a teammate's coding of the same span is theirs).
        return Ok(Outcome::new(format!("apply code '{name}'"), vec![id]));
    }
    tx.prepare_cached(
        "INSERT INTO codings(uuid, document_id, code_id, start, end, memo, created_at, pass_id, coder_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT max(id) FROM passes), tema_coder())",
    )?
    .execute(params![new_uuid(), doc, code, start, end, memo, now()])?;
    Ok(Outcome::new(
        format!("apply code '{name}'"),
        vec![tx.last_insert_rowid()],
    ))
}

fn edit_coding(
    tx: &Transaction,
    coding: Id,
    code: Option<Id>,
    start: Option<usize>,
    end: Option<usize>,
    memo: Option<&str>,
) -> Result<Outcome> {
    let (old_code, doc) = coding_code(tx, coding)?;
    let mut label = format!("edit coding of '{old_code}'");
    if let Some(c) = code {
        label = format!("change coding from '{old_code}' to '{}'", code_name(tx, c)?);
        tx.execute(
            "UPDATE codings SET code_id = ?1 WHERE id = ?2",
            params![c, coding],
        )?;
    }
    if start.is_some() || end.is_some() {
        let (s0, e0): (i64, i64) = tx.query_row(
            "SELECT start, end FROM codings WHERE id = ?1",
            [coding],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (s, e) = (start.unwrap_or(s0 as usize), end.unwrap_or(e0 as usize));
        check_span(tx, doc, s, e)?;
        tx.execute(
            "UPDATE codings SET start = ?1, end = ?2 WHERE id = ?3",
            params![s, e, coding],
        )?;
        label = format!("resize coding of '{old_code}'");
    }
    if let Some(m) = memo {
        tx.execute(
            "UPDATE codings SET memo = ?1 WHERE id = ?2",
            params![m, coding],
        )?;
        label = format!("edit memo on '{old_code}'");
    }
    Ok(Outcome::new(label, vec![]))
}

// ------------------------------------------------------------- participants

fn participant_by_label(tx: &Transaction, label: &str) -> Result<Id> {
    if let Some(id) = tx
        .query_row(
            "SELECT id FROM participants WHERE label = ?1",
            [label],
            |r| r.get(0),
        )
        .optional()?
    {
        return Ok(id);
    }
    upsert_participant(
        tx,
        &NewParticipant {
            label: label.to_string(),
            attributes: vec![],
        },
    )
}

fn upsert_participant(tx: &Transaction, p: &NewParticipant) -> Result<Id> {
    upsert_participant_keyed(tx, p, None)
}

/// Create a participant (with `uuid` when given) or update the one with its label.
fn upsert_participant_keyed(
    tx: &Transaction,
    p: &NewParticipant,
    uuid: Option<&str>,
) -> Result<Id> {
    let label = p.label.trim();
    if label.is_empty() {
        bail!("a participant needs a label");
    }
    let existing: Option<Id> = tx
        .query_row(
            "SELECT id FROM participants WHERE label = ?1",
            [label],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO participants(uuid, label, created_at) VALUES (?1, ?2, ?3)",
                params![uuid.map_or_else(new_uuid, str::to_owned), label, now()],
            )?;
            tx.last_insert_rowid()
        }
    };
    for (k, v) in &p.attributes {
        set_attribute(tx, id, k, Some(v))?;
    }
    Ok(id)
}

fn set_attribute(
    tx: &Transaction,
    participant: Id,
    key: &str,
    value: Option<&str>,
) -> Result<Outcome> {
    let label = participant_label(tx, participant)?;
    let key = key.trim();
    if key.is_empty() {
        bail!("an attribute needs a name");
    }
    match value {
        Some(v) => {
            tx.execute(
                "INSERT INTO participant_attributes(participant_id, key, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT(participant_id, key) DO UPDATE SET value = excluded.value WHERE value != excluded.value",
                params![participant, key, v.trim()],
            )?;
            Ok(Outcome::new(
                format!("set {key} = {} for '{label}'", v.trim()),
                vec![],
            ))
        }
        None => {
            tx.execute(
                "DELETE FROM participant_attributes WHERE participant_id = ?1 AND key = ?2",
                params![participant, key],
            )?;
            Ok(Outcome::new(format!("remove {key} from '{label}'"), vec![]))
        }
    }
}

fn delete_participant(tx: &Transaction, participant: Id) -> Result<Outcome> {
    let label = participant_label(tx, participant)?;
    tx.execute(
        "UPDATE speakers SET participant_id = NULL WHERE participant_id = ?1",
        [participant],
    )?;
    for table in ["participant_attributes", "document_participants"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE participant_id = ?1"),
            [participant],
        )?;
    }
    tx.execute("DELETE FROM participants WHERE id = ?1", [participant])?;
    Ok(Outcome::new(
        format!("delete participant '{label}'"),
        vec![],
    ))
}

fn link_participant(tx: &Transaction, doc: Id, participant: Id, linked: bool) -> Result<Outcome> {
    let (name, label) = (doc_name(tx, doc)?, participant_label(tx, participant)?);
    if linked {
        tx.execute("INSERT OR IGNORE INTO document_participants(document_id, participant_id) VALUES (?1, ?2)", params![doc, participant])?;
        Ok(Outcome::new(format!("link '{label}' to '{name}'"), vec![]))
    } else {
        tx.execute(
            "DELETE FROM document_participants WHERE document_id = ?1 AND participant_id = ?2",
            params![doc, participant],
        )?;
        Ok(Outcome::new(
            format!("unlink '{label}' from '{name}'"),
            vec![],
        ))
    }
}

fn map_speaker(
    tx: &Transaction,
    doc: Id,
    speaker: &str,
    participant: Option<Id>,
) -> Result<Outcome> {
    let name = doc_name(tx, doc)?;
    let n = tx.execute(
        "UPDATE speakers SET participant_id = ?1 WHERE document_id = ?2 AND label = ?3",
        params![participant, doc, speaker],
    )?;
    if n == 0 {
        bail!("no speaker '{speaker}' in '{name}'");
    }
    let to = match participant {
        Some(p) => format!("to '{}'", participant_label(tx, p)?),
        None => "to nobody".into(),
    };
    Ok(Outcome::new(
        format!("map speaker '{speaker}' in '{name}' {to}"),
        vec![],
    ))
}
