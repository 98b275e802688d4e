//! Changes to themes, the thematic map, key quotes, the reflexive journal,
//! the phase tracker and the checklist. `Command::Theme` delegates here, so
//! every change runs in `Project::execute`'s transaction and is undoable.
//!
//! Every change to a theme writes a `theme_history` row (with the analyst's
//! optional `why`) in the same transaction: undo removes both together.
//! Themes are never deleted: discarding is a status, merging discards the
//! merged theme, and reviving sets it back to candidate.

use super::commands::{Outcome, new_uuid};
use super::now;
use crate::model::{HistoryKind, Id, JournalLink, MapNodeRef, ThemeStatus};
use anyhow::{Context, Result, bail};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "theme_op", rename_all = "snake_case")]
pub enum ThemeCommand {
    CreateTheme {
        name: String,
        status: ThemeStatus,
        definition: String,
        /// Create it as a sub-theme of this theme.
        parent: Option<Id>,
        /// Codes it starts with (put in by the same step, so a caller
        /// never has to guess the new theme's id).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        codes: Vec<Id>,
    },
    RenameTheme {
        theme: Id,
        name: String,
        why: Option<String>,
    },
    /// Change any of the texts or the colour (None: leave as is).
    EditTheme {
        theme: Id,
        definition: Option<String>,
        boundaries: Option<String>,
        writeup: Option<String>,
        colour: Option<String>,
        why: Option<String>,
    },
    /// Promote, demote, discard or revive (discarded → candidate).
    SetStatus {
        theme: Id,
        status: ThemeStatus,
        why: Option<String>,
    },
    AddCode {
        theme: Id,
        code: Id,
        why: Option<String>,
    },
    RemoveCode {
        theme: Id,
        code: Id,
        why: Option<String>,
    },
    /// Make a theme a sub-theme of `parent`, or top level (None), at a
    /// position among its new siblings (None: last).
    MoveTheme {
        theme: Id,
        parent: Option<Id>,
        position: Option<i64>,
    },
    /// `into` gains the codes, key quotes and sub-themes of `from`; `from` is
    /// discarded (with its codes kept, so reviving it is possible).
    MergeThemes {
        from: Id,
        into: Id,
        why: Option<String>,
    },
    /// Move `codes` (and their key quotes) of `theme` into a new candidate
    /// theme `new_name`, a sibling of `theme`.
    SplitTheme {
        theme: Id,
        codes: Vec<Id>,
        new_name: String,
        why: Option<String>,
    },
    /// Mark (or unmark) one of a theme's extracts as a key quote for the report.
    SetKeyQuote {
        theme: Id,
        coding: Id,
        key: bool,
    },
    /// Put a theme or a code at (x, y) on the thematic map.
    PlaceNode {
        node: MapNodeRef,
        x: f64,
        y: f64,
    },
    AddEdge {
        from: Id,
        to: Id,
        label: String,
    },
    /// Remove the edge with this label (None: every edge from → to).
    RemoveEdge {
        from: Id,
        to: Id,
        label: Option<String>,
    },
    AddJournal {
        /// YYYY-MM-DD; None: today.
        date: Option<String>,
        phase: Option<u8>,
        #[serde(skip)]
        text: String,
        links: Vec<JournalLink>,
    },
    /// Change an entry (None: leave as is; `links` replaces all links).
    EditJournal {
        entry: Id,
        date: Option<String>,
        phase: Option<Option<u8>>,
        #[serde(skip)]
        text: Option<String>,
        links: Option<Vec<JournalLink>>,
    },
    DeleteJournal {
        entry: Id,
    },
    /// Say which phase (1–6) the analysis is in now.
    SetPhase {
        phase: u8,
        note: String,
    },
    /// Tick or untick a checklist item (1–15); `note` None keeps the note.
    SetChecklist {
        item: u8,
        done: bool,
        note: Option<String>,
    },
}

pub fn run(tx: &Transaction, cmd: &ThemeCommand) -> Result<Outcome> {
    use ThemeCommand::*;
    match cmd {
        CreateTheme {
            name,
            status,
            definition,
            parent,
            codes,
        } => {
            let id = create_theme(tx, name, *status, definition, *parent, None)?;
            add_first_codes(tx, id, codes)?;
            Ok(Outcome {
                label: format!("create theme '{}'", name.trim()),
                ids: vec![id],
            })
        }
        RenameTheme { theme, name, why } => rename_theme(tx, *theme, name, why.as_deref()),
        EditTheme {
            theme,
            definition,
            boundaries,
            writeup,
            colour,
            why,
        } => edit_theme(
            tx,
            *theme,
            [
                (HistoryKind::Definition, "definition", definition.as_deref()),
                (HistoryKind::Boundaries, "boundaries", boundaries.as_deref()),
                (HistoryKind::Writeup, "writeup", writeup.as_deref()),
            ],
            colour.as_deref(),
            why.as_deref(),
        ),
        SetStatus { theme, status, why } => set_status(tx, *theme, *status, why.as_deref()),
        AddCode { theme, code, why } => add_code(tx, *theme, *code, why.as_deref()),
        RemoveCode { theme, code, why } => remove_code(tx, *theme, *code, why.as_deref()),
        MoveTheme {
            theme,
            parent,
            position,
        } => move_theme(tx, *theme, *parent, *position),
        MergeThemes { from, into, why } => merge_themes(tx, *from, *into, why.as_deref()),
        SplitTheme {
            theme,
            codes,
            new_name,
            why,
        } => split_theme(tx, *theme, codes, new_name, why.as_deref()),
        SetKeyQuote { theme, coding, key } => set_key_quote(tx, *theme, *coding, *key),
        PlaceNode { node, x, y } => place_node(tx, *node, *x, *y),
        AddEdge { from, to, label } => add_edge(tx, *from, *to, label),
        RemoveEdge { from, to, label } => remove_edge(tx, *from, *to, label.as_deref()),
        AddJournal {
            date,
            phase,
            text,
            links,
        } => add_journal(tx, date.as_deref(), *phase, text, links),
        EditJournal {
            entry,
            date,
            phase,
            text,
            links,
        } => edit_journal(
            tx,
            *entry,
            date.as_deref(),
            *phase,
            text.as_deref(),
            links.as_deref(),
        ),
        DeleteJournal { entry } => {
            journal_exists(tx, *entry)?;
            tx.execute("DELETE FROM journal_links WHERE entry_id = ?1", [entry])?;
            tx.execute("DELETE FROM journal_entries WHERE id = ?1", [entry])?;
            Ok(label_only("delete journal entry".into()))
        }
        SetPhase { phase, note } => {
            let name = phase_name(*phase)?;
            tx.execute(
                "INSERT INTO phase_log(at, phase, note) VALUES (?1, ?2, ?3)",
                params![now(), phase, note.trim()],
            )?;
            Ok(Outcome {
                label: format!("move to phase {phase} ({name})"),
                ids: vec![tx.last_insert_rowid()],
            })
        }
        SetChecklist { item, done, note } => set_checklist(tx, *item, *done, note.as_deref()),
    }
}

fn label_only(label: String) -> Outcome {
    Outcome { label, ids: vec![] }
}

// ------------------------------------------------------- hooks for deletes

/// Called before codings go (`ids_sql` selects their ids, with `?1`): their
/// key quotes go first, so nothing dangles and undo restores them.
pub(crate) fn before_codings_delete(tx: &Transaction, ids_sql: &str, param: Id) -> Result<()> {
    tx.execute(
        &format!("DELETE FROM key_quotes WHERE coding_id IN ({ids_sql})"),
        [param],
    )?;
    Ok(())
}

/// Called when codings of `code` that code the same span are about to be
/// collapsed into the oldest one (merging codes): key quotes move to the
/// surviving coding instead of being lost.
pub(crate) fn before_duplicate_codings_delete(tx: &Transaction, code: Id) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO key_quotes(theme_id, coding_id)
         SELECT k.theme_id, (SELECT min(s.id) FROM codings s WHERE s.code_id = g.code_id AND s.document_id = g.document_id AND s.start = g.start AND s.end = g.end)
         FROM key_quotes k JOIN codings g ON g.id = k.coding_id WHERE g.code_id = ?1",
        [code],
    )?;
    before_codings_delete(
        tx,
        "SELECT id FROM codings WHERE code_id = ?1 AND id NOT IN (SELECT min(id) FROM codings WHERE code_id = ?1 GROUP BY document_id, start, end, coder_id)",
        code,
    )
}

/// Called before a document goes: key quotes of its codings and journal
/// links to it.
pub(crate) fn before_document_delete(tx: &Transaction, doc: Id) -> Result<()> {
    before_codings_delete(tx, "SELECT id FROM codings WHERE document_id = ?1", doc)?;
    tx.execute("DELETE FROM journal_links WHERE document_id = ?1", [doc])?;
    Ok(())
}

/// Called when code `src` is merged into `target`, after its codings moved:
/// every theme that held `src` now holds `target`, so the theme keeps those
/// extracts (and their key quotes).
pub(crate) fn before_code_merge(tx: &Transaction, src: Id, target: Id) -> Result<()> {
    let (src_name, target_name) = (code_name(tx, src)?, code_name(tx, target)?);
    let themes: Vec<Id> = tx
        .prepare("SELECT theme_id FROM theme_codes WHERE code_id = ?1 ORDER BY theme_id")?
        .query_map([src], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in themes {
        let added = insert_codes(tx, t, &[target])?;
        tx.execute(
            "DELETE FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2",
            params![t, src],
        )?;
        let mut detail = format!("code '{src_name}' was merged into '{target_name}'");
        if !added.is_empty() {
            detail.push_str(&format!("; added '{target_name}'"));
        }
        history(tx, t, HistoryKind::CodesAdded, &detail, None)?;
    }
    // Journal entries about the merged code are now about the target; an
    // entry that already names the target keeps one link.
    tx.execute(
        "UPDATE journal_links SET code_id = ?2 WHERE code_id = ?1
         AND entry_id NOT IN (SELECT entry_id FROM journal_links WHERE code_id = ?2)",
        params![src, target],
    )?;
    Ok(())
}

/// Called before a code goes (deleted or merged away): each theme it sat in
/// records that it lost it. The generic hook then removes the rows.
pub(crate) fn before_code_delete(tx: &Transaction, code: Id) -> Result<()> {
    let name: String = tx
        .query_row("SELECT name FROM codes WHERE id = ?1", [code], |r| r.get(0))
        .optional()?
        .unwrap_or_default();
    let themes: Vec<Id> = tx
        .prepare("SELECT theme_id FROM theme_codes WHERE code_id = ?1")?
        .query_map([code], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in themes {
        history(
            tx,
            t,
            HistoryKind::CodeRemoved,
            &format!("code '{name}' left the codebook (deleted or merged)"),
            None,
        )?;
    }
    Ok(())
}

// ------------------------------------------------------------------ helpers

fn history(
    tx: &Transaction,
    theme: Id,
    kind: HistoryKind,
    detail: &str,
    why: Option<&str>,
) -> Result<()> {
    let why = why.map(str::trim).filter(|w| !w.is_empty());
    tx.prepare_cached(
        "INSERT INTO theme_history(theme_id, at, kind, detail, why, coder_id) VALUES (?1, ?2, ?3, ?4, ?5, tema_coder())",
    )?
    .execute(params![theme, now(), kind.as_str(), detail, why])?;
    Ok(())
}

fn theme_name(tx: &Transaction, theme: Id) -> Result<String> {
    tx.query_row("SELECT name FROM themes WHERE id = ?1", [theme], |r| {
        r.get(0)
    })
    .optional()?
    .with_context(|| format!("there is no theme with id {theme}"))
}

fn theme_status(tx: &Transaction, theme: Id) -> Result<ThemeStatus> {
    let s: String = tx
        .query_row("SELECT status FROM themes WHERE id = ?1", [theme], |r| {
            r.get(0)
        })
        .optional()?
        .with_context(|| format!("there is no theme with id {theme}"))?;
    Ok(ThemeStatus::parse(&s).unwrap_or(ThemeStatus::Candidate))
}

fn code_name(tx: &Transaction, code: Id) -> Result<String> {
    tx.query_row("SELECT name FROM codes WHERE id = ?1", [code], |r| r.get(0))
        .optional()?
        .with_context(|| format!("there is no code with id {code}"))
}

fn theme_codes(tx: &Transaction, theme: Id) -> Result<Vec<Id>> {
    Ok(tx
        .prepare("SELECT code_id FROM theme_codes WHERE theme_id = ?1 ORDER BY id")?
        .query_map([theme], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// Two live (not discarded) themes with one name would make "the theme
/// called X" ambiguous; a discarded one may share a name.
fn check_name(tx: &Transaction, name: &str, except: Option<Id>) -> Result<()> {
    let folded = name.to_lowercase();
    let live: Vec<(Id, String)> = tx
        .prepare("SELECT id, name FROM themes WHERE status != 'discarded'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if live
        .iter()
        .any(|(id, n)| Some(*id) != except && n.to_lowercase() == folded)
    {
        bail!("a theme called '{name}' exists already");
    }
    Ok(())
}

fn valid_colour(c: &str) -> Result<String> {
    let c = c.trim();
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
    if !ok {
        bail!("'{c}' is not a colour of the form #RRGGBB");
    }
    Ok(c.to_ascii_uppercase())
}

fn default_colour(n: i64) -> String {
    const PALETTE: [&str; 8] = [
        "#264653", "#E76F51", "#2A9D8F", "#9C6644", "#6D597A", "#E9C46A", "#457B9D", "#B56576",
    ];
    PALETTE[n.rem_euclid(PALETTE.len() as i64) as usize].to_string()
}

/// The theme and every theme below it.
fn theme_subtree(tx: &Transaction, theme: Id) -> Result<Vec<Id>> {
    Ok(tx
        .prepare(
            "WITH RECURSIVE t(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM themes c JOIN t ON c.parent_id = t.id) SELECT id FROM t",
        )?
        .query_map([theme], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

/// The first words of a quote, for history details and labels.
fn short(text: &str) -> String {
    crate::text::one_line(text, 60)
}

// ------------------------------------------------------------------- themes

fn create_theme(
    tx: &Transaction,
    name: &str,
    status: ThemeStatus,
    definition: &str,
    parent: Option<Id>,
    why: Option<&str>,
) -> Result<Id> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a theme needs a name");
    }
    if status != ThemeStatus::Discarded {
        check_name(tx, name, None)?;
    }
    if let Some(p) = parent {
        theme_name(tx, p)?;
    }
    let count: i64 = tx.query_row("SELECT count(*) FROM themes", [], |r| r.get(0))?;
    let position: i64 = tx.query_row(
        "SELECT ifnull(max(position), -1) + 1 FROM themes WHERE ifnull(parent_id, 0) = ifnull(?1, 0)",
        [parent],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO themes(uuid, name, status, definition, parent_id, position, colour, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            new_uuid(),
            name,
            status.as_str(),
            definition.trim(),
            parent,
            position,
            default_colour(count),
            now()
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut detail = format!("created as {} theme '{name}'", status.as_str());
    if let Some(p) = parent {
        detail.push_str(&format!(" under '{}'", theme_name(tx, p)?));
    }
    history(tx, id, HistoryKind::Created, &detail, why)?;
    if !definition.trim().is_empty() {
        history(tx, id, HistoryKind::Definition, definition.trim(), None)?;
    }
    Ok(id)
}

fn rename_theme(tx: &Transaction, theme: Id, name: &str, why: Option<&str>) -> Result<Outcome> {
    let old = theme_name(tx, theme)?;
    let name = name.trim();
    if name.is_empty() {
        bail!("a theme needs a name");
    }
    if name == old {
        return Ok(label_only(format!("rename theme '{old}'")));
    }
    if theme_status(tx, theme)? != ThemeStatus::Discarded {
        check_name(tx, name, Some(theme))?;
    }
    tx.execute(
        "UPDATE themes SET name = ?1 WHERE id = ?2",
        params![name, theme],
    )?;
    history(
        tx,
        theme,
        HistoryKind::Renamed,
        &format!("renamed from '{old}' to '{name}'"),
        why,
    )?;
    Ok(label_only(format!("rename theme '{old}' to '{name}'")))
}

fn edit_theme(
    tx: &Transaction,
    theme: Id,
    texts: [(HistoryKind, &str, Option<&str>); 3],
    colour: Option<&str>,
    why: Option<&str>,
) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let mut changed = Vec::new();
    for (kind, column, value) in texts {
        let Some(value) = value else { continue };
        let value = value.trim();
        let n = tx.execute(
            &format!("UPDATE themes SET {column} = ?1 WHERE id = ?2 AND {column} != ?1"),
            params![value, theme],
        )?;
        if n > 0 {
            history(tx, theme, kind, value, why)?;
            changed.push(column);
        }
    }
    if let Some(c) = colour {
        let c = valid_colour(c)?;
        let n = tx.execute(
            "UPDATE themes SET colour = ?1 WHERE id = ?2 AND colour != ?1",
            params![c, theme],
        )?;
        if n > 0 {
            history(tx, theme, HistoryKind::Colour, &c, why)?;
            changed.push("colour");
        }
    }
    let what = match changed.as_slice() {
        [one] => format!("edit {one} of theme '{name}'"),
        _ => format!("edit theme '{name}'"),
    };
    Ok(label_only(what))
}

fn set_status(
    tx: &Transaction,
    theme: Id,
    status: ThemeStatus,
    why: Option<&str>,
) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let old = theme_status(tx, theme)?;
    use ThemeStatus::*;
    let verb = match (old, status) {
        (a, b) if a == b => return Ok(label_only(format!("theme '{name}' is {}", b.as_str()))),
        (Discarded, _) => {
            // A revived theme takes its name back only if no live theme has it.
            check_name(tx, &name, Some(theme))?;
            format!("revive theme '{name}' as {}", status.as_str())
        }
        (_, Final) => format!("promote theme '{name}' to final"),
        (_, Candidate) => format!("demote theme '{name}' to candidate"),
        (_, Discarded) => format!("discard theme '{name}'"),
    };
    tx.execute(
        "UPDATE themes SET status = ?1 WHERE id = ?2",
        params![status.as_str(), theme],
    )?;
    history(
        tx,
        theme,
        HistoryKind::Status,
        &format!("{} → {}", old.as_str(), status.as_str()),
        why,
    )?;
    Ok(label_only(verb))
}

/// Put codes into a theme; returns the names of those that were not in it yet.
fn insert_codes(tx: &Transaction, theme: Id, codes: &[Id]) -> Result<Vec<String>> {
    let mut added = Vec::new();
    let t = now();
    for &code in codes {
        let name = code_name(tx, code)?;
        let n = tx.execute(
            "INSERT OR IGNORE INTO theme_codes(theme_id, code_id, added_at) VALUES (?1, ?2, ?3)",
            params![theme, code, t],
        )?;
        if n > 0 {
            added.push(format!("'{name}'"));
        }
    }
    Ok(added)
}

/// The codes a theme is created with, each in its history as added (as
/// if added one by one: a row per code keeps each entry short).
fn add_first_codes(tx: &Transaction, theme: Id, codes: &[Id]) -> Result<()> {
    for &code in codes {
        for name in insert_codes(tx, theme, &[code])? {
            history(
                tx,
                theme,
                HistoryKind::CodesAdded,
                &format!("added {name}"),
                None,
            )?;
        }
    }
    Ok(())
}

fn add_code(tx: &Transaction, theme: Id, code: Id, why: Option<&str>) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let code_name = code_name(tx, code)?;
    let label = format!("add code '{code_name}' to theme '{name}'");
    let added = insert_codes(tx, theme, &[code])?;
    if !added.is_empty() {
        history(
            tx,
            theme,
            HistoryKind::CodesAdded,
            &format!("added {}", added.join(", ")),
            why,
        )?;
    }
    Ok(label_only(label))
}

fn remove_code(tx: &Transaction, theme: Id, code: Id, why: Option<&str>) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let code_name = code_name(tx, code)?;
    // Its extracts stop being the theme's, so do their key-quote marks.
    tx.execute(
        "DELETE FROM key_quotes WHERE theme_id = ?1 AND coding_id IN (SELECT id FROM codings WHERE code_id = ?2)",
        params![theme, code],
    )?;
    let n = tx.execute(
        "DELETE FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2",
        params![theme, code],
    )?;
    if n == 0 {
        bail!("code '{code_name}' is not in theme '{name}'");
    }
    history(
        tx,
        theme,
        HistoryKind::CodeRemoved,
        &format!("removed '{code_name}'"),
        why,
    )?;
    Ok(label_only(format!(
        "remove code '{code_name}' from theme '{name}'"
    )))
}

/// Set a theme's parent and place it at `position` among its new siblings.
fn reparent(tx: &Transaction, theme: Id, parent: Option<Id>, position: Option<i64>) -> Result<()> {
    let mut siblings: Vec<Id> = tx
        .prepare("SELECT id FROM themes WHERE ifnull(parent_id, 0) = ifnull(?1, 0) AND id != ?2 ORDER BY position, id")?
        .query_map(params![parent, theme], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let at = position.map_or(siblings.len(), |p| (p.max(0) as usize).min(siblings.len()));
    siblings.insert(at, theme);
    tx.execute(
        "UPDATE themes SET parent_id = ?1 WHERE id = ?2 AND parent_id IS NOT ?1",
        params![parent, theme],
    )?;
    for (i, id) in siblings.iter().enumerate() {
        tx.execute(
            "UPDATE themes SET position = ?1 WHERE id = ?2 AND position != ?1",
            params![i as i64, id],
        )?;
    }
    Ok(())
}

fn move_theme(
    tx: &Transaction,
    theme: Id,
    parent: Option<Id>,
    position: Option<i64>,
) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let where_to = match parent {
        Some(p) => {
            let target = theme_name(tx, p)?;
            if theme_subtree(tx, theme)?.contains(&p) {
                bail!("cannot make '{name}' a sub-theme of '{target}': '{target}' lies inside it");
            }
            format!("a sub-theme of '{target}'")
        }
        None => "a top-level theme".to_string(),
    };
    let old_parent: Option<Id> =
        tx.query_row("SELECT parent_id FROM themes WHERE id = ?1", [theme], |r| {
            r.get(0)
        })?;
    reparent(tx, theme, parent, position)?;
    if old_parent != parent {
        history(
            tx,
            theme,
            HistoryKind::Moved,
            &format!("made {where_to}"),
            None,
        )?;
    }
    Ok(label_only(format!("make '{name}' {where_to}")))
}

fn merge_themes(tx: &Transaction, from: Id, into: Id, why: Option<&str>) -> Result<Outcome> {
    let (from_name, into_name) = (theme_name(tx, from)?, theme_name(tx, into)?);
    if from == into {
        bail!("cannot merge theme '{from_name}' into itself");
    }
    if theme_subtree(tx, from)?.contains(&into) {
        bail!("cannot merge '{from_name}' into its own sub-theme '{into_name}'");
    }
    if theme_status(tx, into)? == ThemeStatus::Discarded {
        bail!("'{into_name}' is discarded; revive it before merging into it");
    }
    let added = insert_codes(tx, into, &theme_codes(tx, from)?)?;
    tx.execute(
        "INSERT OR IGNORE INTO key_quotes(theme_id, coding_id) SELECT ?1, coding_id FROM key_quotes WHERE theme_id = ?2",
        params![into, from],
    )?;
    // Sub-themes of the merged theme now belong to the theme it went into.
    let children: Vec<(Id, String)> = tx
        .prepare("SELECT id, name FROM themes WHERE parent_id = ?1 ORDER BY position, id")?
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (child, _) in &children {
        reparent(tx, *child, Some(into), None)?;
        history(
            tx,
            *child,
            HistoryKind::Moved,
            &format!("made a sub-theme of '{into_name}' when '{from_name}' was merged into it"),
            why,
        )?;
    }
    let old = theme_status(tx, from)?;
    tx.execute(
        "UPDATE themes SET status = 'discarded' WHERE id = ?1",
        [from],
    )?;
    let mut detail = format!("merged '{from_name}' into this theme");
    if !added.is_empty() {
        detail.push_str(&format!("; codes added: {}", added.join(", ")));
    }
    if !children.is_empty() {
        let names: Vec<String> = children.iter().map(|(_, n)| format!("'{n}'")).collect();
        detail.push_str(&format!("; sub-themes: {}", names.join(", ")));
    }
    history(tx, into, HistoryKind::Merged, &detail, why)?;
    history(
        tx,
        from,
        HistoryKind::Merged,
        &format!(
            "merged into '{into_name}' (was {}, now discarded)",
            old.as_str()
        ),
        why,
    )?;
    Ok(label_only(format!(
        "merge theme '{from_name}' into '{into_name}'"
    )))
}

fn split_theme(
    tx: &Transaction,
    theme: Id,
    codes: &[Id],
    new_name: &str,
    why: Option<&str>,
) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    if codes.is_empty() {
        bail!("name the codes that go to the new theme");
    }
    let own = theme_codes(tx, theme)?;
    for c in codes {
        if !own.contains(c) {
            bail!("code '{}' is not in theme '{name}'", code_name(tx, *c)?);
        }
    }
    let parent: Option<Id> =
        tx.query_row("SELECT parent_id FROM themes WHERE id = ?1", [theme], |r| {
            r.get(0)
        })?;
    let new = create_theme(tx, new_name, ThemeStatus::Candidate, "", parent, None)?;
    let mut names = Vec::new();
    for &c in codes {
        names.push(format!("'{}'", code_name(tx, c)?));
        tx.execute(
            "UPDATE key_quotes SET theme_id = ?1 WHERE theme_id = ?2 AND coding_id IN (SELECT id FROM codings WHERE code_id = ?3)",
            params![new, theme, c],
        )?;
        tx.execute(
            "DELETE FROM theme_codes WHERE theme_id = ?1 AND code_id = ?2",
            params![theme, c],
        )?;
    }
    insert_codes(tx, new, codes)?;
    let new_name = new_name.trim();
    history(
        tx,
        theme,
        HistoryKind::Split,
        &format!("split off '{new_name}' with {}", names.join(", ")),
        why,
    )?;
    history(
        tx,
        new,
        HistoryKind::Split,
        &format!("split from '{name}' with {}", names.join(", ")),
        why,
    )?;
    Ok(Outcome {
        label: format!("split '{new_name}' off theme '{name}'"),
        ids: vec![new],
    })
}

fn set_key_quote(tx: &Transaction, theme: Id, coding: Id, key: bool) -> Result<Outcome> {
    let name = theme_name(tx, theme)?;
    let (doc, code, start, end): (Id, Id, i64, i64) = tx
        .query_row(
            "SELECT document_id, code_id, start, end FROM codings WHERE id = ?1",
            [coding],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .with_context(|| format!("there is no coding with id {coding}"))?;
    let quote: String = tx.query_row(
        "SELECT substr(text, ?2 + 1, ?3 - ?2) FROM documents WHERE id = ?1",
        params![doc, start, end],
        |r| r.get(0),
    )?;
    let quote = short(&quote);
    if key {
        if !theme_codes(tx, theme)?.contains(&code) {
            bail!(
                "coding {coding} («{quote}») is not an extract of theme '{name}': its code '{}' is not in the theme",
                code_name(tx, code)?
            );
        }
        let n = tx.execute(
            "INSERT OR IGNORE INTO key_quotes(theme_id, coding_id) VALUES (?1, ?2)",
            params![theme, coding],
        )?;
        if n > 0 {
            history(
                tx,
                theme,
                HistoryKind::KeyQuote,
                &format!("key quote: «{quote}» (coding {coding})"),
                None,
            )?;
        }
        Ok(label_only(format!("mark a key quote of theme '{name}'")))
    } else {
        let n = tx.execute(
            "DELETE FROM key_quotes WHERE theme_id = ?1 AND coding_id = ?2",
            params![theme, coding],
        )?;
        if n > 0 {
            history(
                tx,
                theme,
                HistoryKind::KeyQuote,
                &format!("no longer a key quote: «{quote}» (coding {coding})"),
                None,
            )?;
        }
        Ok(label_only(format!("unmark a key quote of theme '{name}'")))
    }
}

// ---------------------------------------------------------------------- map

/// Placing is layout, not analysis: no theme history.
fn place_node(tx: &Transaction, node: MapNodeRef, x: f64, y: f64) -> Result<Outcome> {
    if !x.is_finite() || !y.is_finite() {
        bail!("a map position must be a finite number");
    }
    let (column, id, name) = match node {
        MapNodeRef::Theme(t) => ("theme_id", t, theme_name(tx, t)?),
        MapNodeRef::Code(c) => ("code_id", c, code_name(tx, c)?),
    };
    let n = tx.execute(
        &format!(
            "UPDATE map_nodes SET x = ?1, y = ?2 WHERE {column} = ?3 AND (x != ?1 OR y != ?2)"
        ),
        params![x, y, id],
    )?;
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM map_nodes WHERE {column} = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    if n == 0 && !exists {
        tx.execute(
            &format!("INSERT INTO map_nodes({column}, x, y) VALUES (?1, ?2, ?3)"),
            params![id, x, y],
        )?;
    }
    Ok(label_only(format!("place '{name}' on the map")))
}

fn add_edge(tx: &Transaction, from: Id, to: Id, label: &str) -> Result<Outcome> {
    let (a, b) = (theme_name(tx, from)?, theme_name(tx, to)?);
    if from == to {
        bail!("an edge joins two different themes");
    }
    let label = label.trim();
    let n = tx.execute(
        "INSERT OR IGNORE INTO map_edges(from_theme, to_theme, label) VALUES (?1, ?2, ?3)",
        params![from, to, label],
    )?;
    if n > 0 {
        let detail = format!("map: '{a}' —{label}→ '{b}'");
        history(tx, from, HistoryKind::Edge, &detail, None)?;
        history(tx, to, HistoryKind::Edge, &detail, None)?;
    }
    Ok(label_only(format!("link '{a}' to '{b}' on the map")))
}

fn remove_edge(tx: &Transaction, from: Id, to: Id, label: Option<&str>) -> Result<Outcome> {
    let (a, b) = (theme_name(tx, from)?, theme_name(tx, to)?);
    let n = tx.execute(
        "DELETE FROM map_edges WHERE from_theme = ?1 AND to_theme = ?2 AND (?3 IS NULL OR label = ?3)",
        params![from, to, label.map(str::trim)],
    )?;
    if n == 0 {
        bail!("there is no such edge from '{a}' to '{b}'");
    }
    let detail = format!("map: removed link '{a}' → '{b}'");
    history(tx, from, HistoryKind::Edge, &detail, None)?;
    history(tx, to, HistoryKind::Edge, &detail, None)?;
    Ok(label_only(format!("unlink '{a}' from '{b}' on the map")))
}

// ------------------------------------------------------------------ journal

fn valid_date(date: Option<&str>) -> Result<String> {
    match date.map(str::trim) {
        None | Some("") => Ok(chrono::Local::now().date_naive().to_string()),
        Some(d) => Ok(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("'{d}' is not a date of the form YYYY-MM-DD"))?
            .to_string()),
    }
}

fn valid_phase(phase: Option<u8>) -> Result<Option<u8>> {
    if let Some(p) = phase {
        phase_name(p)?;
    }
    Ok(phase)
}

fn journal_exists(tx: &Transaction, entry: Id) -> Result<()> {
    let found: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM journal_entries WHERE id = ?1)",
        [entry],
        |r| r.get(0),
    )?;
    if !found {
        bail!("there is no journal entry with id {entry}");
    }
    Ok(())
}

fn insert_links(tx: &Transaction, entry: Id, links: &[JournalLink]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for link in links.iter().filter(|l| seen.insert(**l)) {
        let (column, id) = match *link {
            JournalLink::Document(d) => ("document_id", d),
            JournalLink::Code(c) => ("code_id", c),
            JournalLink::Theme(t) => ("theme_id", t),
        };
        tx.execute(
            &format!("INSERT INTO journal_links(entry_id, {column}) VALUES (?1, ?2)"),
            params![entry, id],
        )
        .with_context(|| format!("cannot link the journal entry to {link:?}: it does not exist"))?;
    }
    Ok(())
}

fn add_journal(
    tx: &Transaction,
    date: Option<&str>,
    phase: Option<u8>,
    text: &str,
    links: &[JournalLink],
) -> Result<Outcome> {
    if text.trim().is_empty() {
        bail!("a journal entry needs some text");
    }
    let date = valid_date(date)?;
    let phase = valid_phase(phase)?;
    let t = now();
    tx.execute(
        "INSERT INTO journal_entries(uuid, created_at, updated_at, entry_date, phase, text, coder_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, tema_coder())",
        params![new_uuid(), t, date, phase, text],
    )?;
    let id = tx.last_insert_rowid();
    insert_links(tx, id, links)?;
    Ok(Outcome {
        label: format!("add journal entry of {date}"),
        ids: vec![id],
    })
}

fn edit_journal(
    tx: &Transaction,
    entry: Id,
    date: Option<&str>,
    phase: Option<Option<u8>>,
    text: Option<&str>,
    links: Option<&[JournalLink]>,
) -> Result<Outcome> {
    journal_exists(tx, entry)?;
    let mut changed = false;
    if let Some(d) = date {
        changed |= tx.execute(
            "UPDATE journal_entries SET entry_date = ?1 WHERE id = ?2 AND entry_date != ?1",
            params![valid_date(Some(d))?, entry],
        )? > 0;
    }
    if let Some(p) = phase {
        changed |= tx.execute(
            "UPDATE journal_entries SET phase = ?1 WHERE id = ?2 AND phase IS NOT ?1",
            params![valid_phase(p)?, entry],
        )? > 0;
    }
    if let Some(t) = text {
        if t.trim().is_empty() {
            bail!("a journal entry needs some text");
        }
        changed |= tx.execute(
            "UPDATE journal_entries SET text = ?1 WHERE id = ?2 AND text != ?1",
            params![t, entry],
        )? > 0;
    }
    if let Some(links) = links {
        tx.execute("DELETE FROM journal_links WHERE entry_id = ?1", [entry])?;
        insert_links(tx, entry, links)?;
        changed = true;
    }
    if changed {
        tx.execute(
            "UPDATE journal_entries SET updated_at = ?1 WHERE id = ?2",
            params![now(), entry],
        )?;
    }
    Ok(label_only("edit journal entry".into()))
}

// ---------------------------------------------------- phases and checklist

/// The six phases of reflexive thematic analysis (Braun & Clarke).
pub const PHASES: [&str; 6] = [
    "Familiarisation",
    "Coding",
    "Generating initial themes",
    "Developing and reviewing themes",
    "Refining, defining and naming themes",
    "Writing up",
];

pub fn phase_name(phase: u8) -> Result<&'static str> {
    match phase {
        1..=6 => Ok(PHASES[phase as usize - 1]),
        _ => bail!("there are six phases; {phase} is not one of 1–6"),
    }
}

fn set_checklist(tx: &Transaction, item: u8, done: bool, note: Option<&str>) -> Result<Outcome> {
    if !(1..=15).contains(&item) {
        bail!("the checklist has items 1–15; {item} is not one of them");
    }
    tx.execute(
        "INSERT INTO checklist(item, done, note, updated_at) VALUES (?1, ?2, ifnull(?3, ''), ?4)
         ON CONFLICT(item) DO UPDATE SET done = excluded.done, note = ifnull(?3, note), updated_at = excluded.updated_at
         WHERE done != excluded.done OR note != ifnull(?3, note)",
        params![item, done, note.map(str::trim), now()],
    )?;
    let verb = if done { "tick" } else { "untick" };
    Ok(label_only(format!("{verb} checklist item {item}")))
}
