//! Themes, the thematic map, key quotes, the reflexive journal, phases and
//! the checklist: every change is undoable and leaves a theme history; the
//! reads (themes, coverage matrix, warnings) count what the analyst expects.

mod common;
use common::*;
use tema::Project;
use tema::model::{HistoryKind, JournalLink, MapNodeRef, ThemeStatus};
use tema::store::{Command, JournalFilter, ThemeCommand};

/// Everything of the analysis a user could see, themes included.
fn full_snapshot(p: &Project) -> String {
    let themes = p.themes().unwrap();
    let histories: Vec<_> = themes
        .iter()
        .map(|t| p.theme_history(t.id).unwrap())
        .collect();
    let extracts: Vec<_> = themes
        .iter()
        .map(|t| p.theme_extracts(t.id).unwrap())
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "base": snapshot(p),
        "themes": themes,
        "histories": histories,
        "extracts": extracts,
        "matrix": p.coverage_matrix(None).unwrap(),
        "warnings": p.theme_warnings().unwrap(),
        "map": p.map().unwrap(),
        "journal": p.journal(&JournalFilter::default()).unwrap(),
        "phases": p.phase_history().unwrap(),
        "checklist": p.checklist().unwrap(),
    }))
    .unwrap()
}

/// Run `cmd`; undo must restore the state before it exactly, and redo (after
/// reopening the project) the state after it.
fn assert_undoable(p: &mut Project, cmd: Command) -> Project {
    let before = full_snapshot(p);
    let label = p.execute(cmd).unwrap().label;
    let after = full_snapshot(p);
    assert_ne!(before, after, "'{label}' changed nothing a user can see");
    assert_eq!(p.undo().unwrap().as_deref(), Some(label.as_str()));
    assert_eq!(
        full_snapshot(p),
        before,
        "undo of '{label}' did not restore the project"
    );
    let dir = p.dir().to_path_buf();
    let mut reopened = Project::open(&dir).unwrap();
    assert_eq!(
        reopened.redo().unwrap().as_deref(),
        Some(label.as_str()),
        "redo label"
    );
    assert_eq!(
        full_snapshot(&reopened),
        after,
        "redo of '{label}' did not restore the change"
    );
    assert_eq!(reopened.check().unwrap(), vec![], "after '{label}'");
    reopened
}

fn run(p: &mut Project, cmd: ThemeCommand) -> tema::store::Outcome {
    p.execute(Command::Theme(cmd)).unwrap()
}

/// Move `theme` to `status`; the step's label.
fn set_status(p: &mut Project, theme: i64, status: ThemeStatus, why: Option<&str>) -> String {
    let why = why.map(String::from);
    run(p, ThemeCommand::SetStatus { theme, status, why }).label
}

fn new_theme(p: &mut Project, name: &str, status: ThemeStatus, parent: Option<i64>) -> i64 {
    run(
        p,
        ThemeCommand::CreateTheme {
            name: name.into(),
            status,
            definition: String::new(),
            parent,
            codes: vec![],
        },
    )
    .id()
    .unwrap()
}

fn add_code(p: &mut Project, theme: i64, code: i64) {
    run(
        p,
        ThemeCommand::AddCode {
            theme,
            code,
            why: None,
        },
    );
}

fn kinds(p: &Project, theme: i64) -> Vec<HistoryKind> {
    p.theme_history(theme)
        .unwrap()
        .into_iter()
        .map(|h| h.kind)
        .collect()
}

/// The interview with three codes, five codings and two themes:
/// "Stengte dører" (Tillit, Taushetsplikt) and "Felles ansvar" (Samarbeid).
struct Fixture {
    _dir: tempfile::TempDir,
    p: Project,
    doc: i64,
    tillit: i64,
    taus: i64,
    samarbeid: i64,
    /// Codings: Informant 1 on tillit; Informant 2 on taushetsplikt (twice,
    /// different spans); Informant 2 on samarbeid; the interviewer on samarbeid.
    c_tillit: i64,
    c_taus: i64,
    doors: i64,
    shared: i64,
}

fn fixture() -> Fixture {
    let (dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    let taus = create_code(&mut p, "Taushetsplikt", None);
    let samarbeid = create_code(&mut p, "Samarbeid", None);
    let c_tillit = code_quote(&mut p, doc, tillit, "det er jo mye tillit som må på plass");
    let c_taus = code_quote(&mut p, doc, taus, "taushetsplikten står i veien");
    code_quote(&mut p, doc, taus, "ungdommen selv ikke vil");
    code_quote(&mut p, doc, samarbeid, "hver vår tue");
    code_quote(&mut p, doc, samarbeid, "samarbeidet på tvers");
    let doors = new_theme(&mut p, "Stengte dører", ThemeStatus::Candidate, None);
    let shared = new_theme(&mut p, "Felles ansvar", ThemeStatus::Candidate, None);
    add_code(&mut p, doors, tillit);
    add_code(&mut p, doors, taus);
    add_code(&mut p, shared, samarbeid);
    Fixture {
        _dir: dir,
        p,
        doc,
        tillit,
        taus,
        samarbeid,
        c_tillit,
        c_taus,
        doors,
        shared,
    }
}

#[test]
fn every_theme_command_undoes_and_redoes_across_restarts() {
    let f = fixture();
    let mut p = f.p;
    run(
        &mut p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: true,
        },
    );
    run(
        &mut p,
        ThemeCommand::AddEdge {
            from: f.doors,
            to: f.shared,
            label: "hindrer".into(),
        },
    );
    let entry = run(
        &mut p,
        ThemeCommand::AddJournal {
            date: Some("2024-03-01".into()),
            phase: Some(3),
            text: "Jeg merker at jeg heier på skolen.".into(),
            links: vec![JournalLink::Theme(f.doors)],
        },
    )
    .id()
    .unwrap();
    let sub = new_theme(&mut p, "Taushet som skjold", ThemeStatus::Candidate, None);

    let commands = vec![
        ThemeCommand::CreateTheme {
            name: "Ungdommens stemme".into(),
            status: ThemeStatus::Candidate,
            definition: "Ungdommen styrer hva som deles".into(),
            parent: Some(f.doors),
            codes: vec![],
        },
        ThemeCommand::RenameTheme {
            theme: f.doors,
            name: "«Hver vår tue»".into(),
            why: Some("a participant's own words say it better".into()),
        },
        ThemeCommand::EditTheme {
            theme: f.doors,
            definition: Some("Services guard their own ground".into()),
            boundaries: Some("Not about resources".into()),
            writeup: Some("Across the groups ...".into()),
            colour: Some("#112233".into()),
            why: None,
        },
        ThemeCommand::SetStatus {
            theme: f.doors,
            status: ThemeStatus::Final,
            why: Some("coherent across all interviews".into()),
        },
        ThemeCommand::SetStatus {
            theme: f.shared,
            status: ThemeStatus::Discarded,
            why: None,
        },
        ThemeCommand::AddCode {
            theme: f.shared,
            code: f.tillit,
            why: None,
        },
        ThemeCommand::RemoveCode {
            theme: f.doors,
            code: f.taus,
            why: Some("belongs elsewhere".into()),
        },
        ThemeCommand::MoveTheme {
            theme: sub,
            parent: Some(f.doors),
            position: Some(0),
        },
        ThemeCommand::MergeThemes {
            from: f.doors,
            into: f.shared,
            why: None,
        },
        ThemeCommand::SplitTheme {
            theme: f.doors,
            codes: vec![f.taus],
            new_name: "Taushetsplikt som hinder".into(),
            why: None,
        },
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_tillit,
            key: true,
        },
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: false,
        },
        ThemeCommand::PlaceNode {
            node: MapNodeRef::Theme(f.doors),
            x: 10.0,
            y: -4.5,
        },
        ThemeCommand::PlaceNode {
            node: MapNodeRef::Code(f.tillit),
            x: 1.0,
            y: 2.0,
        },
        ThemeCommand::AddEdge {
            from: f.shared,
            to: f.doors,
            label: "motvekt".into(),
        },
        ThemeCommand::RemoveEdge {
            from: f.doors,
            to: f.shared,
            label: None,
        },
        ThemeCommand::AddJournal {
            date: None,
            phase: None,
            text: "Ny tanke".into(),
            links: vec![JournalLink::Document(f.doc), JournalLink::Code(f.samarbeid)],
        },
        ThemeCommand::EditJournal {
            entry,
            date: Some("2024-03-02".into()),
            phase: Some(Some(4)),
            text: Some("Jeg heier på skolen – det må jeg passe på.".into()),
            links: Some(vec![JournalLink::Code(f.tillit)]),
        },
        ThemeCommand::DeleteJournal { entry },
        ThemeCommand::SetPhase {
            phase: 4,
            note: "back from coding".into(),
        },
        ThemeCommand::SetChecklist {
            item: 7,
            done: true,
            note: Some("interpretive, not descriptive".into()),
        },
    ];
    for cmd in commands {
        p = assert_undoable(&mut p, Command::Theme(cmd));
        p.undo().unwrap();
    }
    // Changes of the codebook and data that reach into themes.
    for cmd in [
        Command::DeleteCode { code: f.taus },
        Command::RemoveCoding { coding: f.c_taus },
        Command::MergeCodes {
            sources: vec![f.taus],
            target: f.samarbeid,
        },
        Command::DeleteDocument { doc: f.doc },
    ] {
        p = assert_undoable(&mut p, cmd);
        p.undo().unwrap();
    }
}

#[test]
fn the_command_log_names_the_theme_change() {
    let mut f = fixture();
    let label = set_status(&mut f.p, f.doors, ThemeStatus::Final, None);
    assert_eq!(label, "promote theme 'Stengte dører' to final");
    assert_eq!(f.p.undo_label().unwrap().as_deref(), Some(label.as_str()));
    let logged: String = raw_db(&f.p)
        .query_row(
            "SELECT command FROM log_commands ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(logged.contains("\"op\":\"theme\""), "{logged}");
    assert!(logged.contains("\"theme_op\":\"set_status\""), "{logged}");
}

#[test]
fn every_theme_change_writes_history_with_its_reason() {
    let mut f = fixture();
    let t = f.doors;
    assert_eq!(
        kinds(&f.p, t),
        [
            HistoryKind::Created,
            HistoryKind::CodesAdded,
            HistoryKind::CodesAdded
        ]
    );
    run(
        &mut f.p,
        ThemeCommand::RenameTheme {
            theme: t,
            name: "Hver vår tue".into(),
            why: Some("their words".into()),
        },
    );
    run(
        &mut f.p,
        ThemeCommand::EditTheme {
            theme: t,
            definition: Some("Each service guards its ground".into()),
            boundaries: Some("Not lack of money".into()),
            writeup: None,
            colour: None,
            why: None,
        },
    );
    run(
        &mut f.p,
        ThemeCommand::SetStatus {
            theme: t,
            status: ThemeStatus::Final,
            why: Some("holds in every group".into()),
        },
    );
    run(
        &mut f.p,
        ThemeCommand::RemoveCode {
            theme: t,
            code: f.tillit,
            why: None,
        },
    );
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: t,
            coding: f.c_taus,
            key: true,
        },
    );
    let h = f.p.theme_history(t).unwrap();
    let got: Vec<HistoryKind> = h.iter().map(|h| h.kind).collect();
    assert_eq!(
        got[3..],
        [
            HistoryKind::Renamed,
            HistoryKind::Definition,
            HistoryKind::Boundaries,
            HistoryKind::Status,
            HistoryKind::CodeRemoved,
            HistoryKind::KeyQuote,
        ]
    );
    assert_eq!(h[3].why.as_deref(), Some("their words"));
    assert_eq!(
        h[3].detail,
        "renamed from 'Stengte dører' to 'Hver vår tue'"
    );
    assert_eq!(h[4].detail, "Each service guards its ground");
    assert_eq!(h[6].detail, "candidate → final");
    assert_eq!(h[6].why.as_deref(), Some("holds in every group"));
    assert!(
        h[8].detail.contains("taushetsplikten står i veien"),
        "{}",
        h[8].detail
    );
    // A change that changes nothing writes nothing and logs nothing.
    let log = f.p.history(100).unwrap();
    run(
        &mut f.p,
        ThemeCommand::EditTheme {
            theme: t,
            definition: Some("Each service guards its ground".into()),
            boundaries: None,
            writeup: None,
            colour: None,
            why: None,
        },
    );
    add_code(&mut f.p, t, f.taus);
    assert_eq!(f.p.theme_history(t).unwrap().len(), h.len());
    assert_eq!(f.p.history(100).unwrap(), log);
}

#[test]
fn discarding_keeps_the_theme_and_reviving_brings_it_back() {
    let mut f = fixture();
    let before = f.p.theme(f.doors).unwrap();
    let label = set_status(
        &mut f.p,
        f.doors,
        ThemeStatus::Discarded,
        Some("a topic summary, not a theme"),
    );
    assert_eq!(label, "discard theme 'Stengte dører'");
    let t = f.p.theme(f.doors).unwrap();
    assert_eq!(t.status, ThemeStatus::Discarded);
    assert_eq!(t.codes, before.codes, "a discarded theme keeps its codes");
    // Out of the review matrix, still in the list.
    let m = f.p.coverage_matrix(None).unwrap();
    assert!(m.columns.iter().all(|c| c.theme != f.doors));
    // Its name is free again for a new theme; the old one is found by id.
    let again = new_theme(&mut f.p, "Stengte dører", ThemeStatus::Candidate, None);
    assert_eq!(f.p.resolve_theme("stengte dører").unwrap(), again);
    // Reviving it while a live theme has its name is refused...
    assert!(
        f.p.execute(Command::Theme(ThemeCommand::SetStatus {
            theme: f.doors,
            status: ThemeStatus::Candidate,
            why: None
        }))
        .is_err()
    );
    f.p.undo().unwrap();
    // ...and fine once the name is free.
    let label = set_status(
        &mut f.p,
        f.doors,
        ThemeStatus::Candidate,
        Some("it is a claim after all"),
    );
    assert_eq!(label, "revive theme 'Stengte dører' as candidate");
    let h = f.p.theme_history(f.doors).unwrap();
    let details: Vec<&str> = h.iter().rev().take(2).map(|h| h.detail.as_str()).collect();
    assert_eq!(details, ["discarded → candidate", "candidate → discarded"]);
    assert_eq!(f.p.theme(f.doors).unwrap().extracts, before.extracts);
}

#[test]
fn merging_themes_joins_codes_and_discards_the_merged_one() {
    let mut f = fixture();
    let sub = new_theme(&mut f.p, "Taushet", ThemeStatus::Candidate, Some(f.doors));
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_tillit,
            key: true,
        },
    );
    let label = run(
        &mut f.p,
        ThemeCommand::MergeThemes {
            from: f.doors,
            into: f.shared,
            why: Some("the same story".into()),
        },
    )
    .label;
    assert_eq!(label, "merge theme 'Stengte dører' into 'Felles ansvar'");
    let themes = f.p.themes().unwrap();
    let doors = themes.iter().find(|t| t.id == f.doors).unwrap();
    let shared = themes.iter().find(|t| t.id == f.shared).unwrap();
    assert_eq!(doors.status, ThemeStatus::Discarded, "never deleted");
    let names: Vec<&str> = shared.codes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Samarbeid", "Taushetsplikt", "Tillit"]);
    assert_eq!(shared.extracts, 5);
    assert_eq!(shared.key_quotes, 1, "key quotes come along");
    assert_eq!(
        themes.iter().find(|t| t.id == sub).unwrap().parent,
        Some(f.shared),
        "sub-themes move to the theme merged into"
    );
    let last = |t| f.p.theme_history(t).unwrap().pop().unwrap();
    assert_eq!(last(f.doors).kind, HistoryKind::Merged);
    assert!(last(f.doors).detail.contains("merged into 'Felles ansvar'"));
    assert_eq!(last(f.doors).why.as_deref(), Some("the same story"));
    assert_eq!(last(f.shared).kind, HistoryKind::Merged);
    assert!(
        last(f.shared)
            .detail
            .contains("codes added: 'Tillit', 'Taushetsplikt'"),
        "{}",
        last(f.shared).detail
    );
    assert_eq!(last(sub).kind, HistoryKind::Moved);
    // Merging into itself, into its own sub-theme or into a discarded theme is refused.
    for (from, into) in [(f.shared, f.shared), (f.shared, sub), (sub, f.doors)] {
        assert!(
            f.p.execute(Command::Theme(ThemeCommand::MergeThemes {
                from,
                into,
                why: None
            }))
            .is_err()
        );
    }
}

#[test]
fn splitting_a_theme_moves_codes_and_their_key_quotes() {
    let mut f = fixture();
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: true,
        },
    );
    let out = run(
        &mut f.p,
        ThemeCommand::SplitTheme {
            theme: f.doors,
            codes: vec![f.taus],
            new_name: "Taushetsplikt som hinder".into(),
            why: Some("two ideas".into()),
        },
    );
    assert_eq!(
        out.label,
        "split 'Taushetsplikt som hinder' off theme 'Stengte dører'"
    );
    let new = out.id().unwrap();
    let doors = f.p.theme(f.doors).unwrap();
    let split = f.p.theme(new).unwrap();
    assert_eq!(
        doors.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
        [f.tillit]
    );
    assert_eq!(
        split.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
        [f.taus]
    );
    assert_eq!(split.status, ThemeStatus::Candidate);
    assert_eq!((doors.key_quotes, split.key_quotes), (0, 1));
    let key: Vec<i64> =
        f.p.theme_extracts(new)
            .unwrap()
            .into_iter()
            .filter(|e| e.key)
            .map(|e| e.coding.id)
            .collect();
    assert_eq!(key, [f.c_taus]);
    assert_eq!(kinds(&f.p, new), [HistoryKind::Created, HistoryKind::Split]);
    assert_eq!(kinds(&f.p, f.doors).last(), Some(&HistoryKind::Split));
    // A code that is not in the theme cannot be split off.
    assert!(
        f.p.execute(Command::Theme(ThemeCommand::SplitTheme {
            theme: f.doors,
            codes: vec![f.samarbeid],
            new_name: "X".into(),
            why: None
        }))
        .is_err()
    );
}

#[test]
fn sub_themes_nest_and_cannot_form_a_cycle() {
    let mut f = fixture();
    let sub = new_theme(&mut f.p, "Taushet", ThemeStatus::Candidate, None);
    let label = run(
        &mut f.p,
        ThemeCommand::MoveTheme {
            theme: sub,
            parent: Some(f.doors),
            position: None,
        },
    )
    .label;
    assert_eq!(label, "make 'Taushet' a sub-theme of 'Stengte dører'");
    let order: Vec<i64> = f.p.themes().unwrap().iter().map(|t| t.id).collect();
    assert_eq!(order, [f.doors, sub, f.shared], "parents before sub-themes");
    assert!(
        f.p.execute(Command::Theme(ThemeCommand::MoveTheme {
            theme: f.doors,
            parent: Some(sub),
            position: None
        }))
        .is_err()
    );
    run(
        &mut f.p,
        ThemeCommand::MoveTheme {
            theme: sub,
            parent: None,
            position: Some(0),
        },
    );
    let order: Vec<i64> = f.p.themes().unwrap().iter().map(|t| t.id).collect();
    assert_eq!(order, [sub, f.doors, f.shared]);
}

#[test]
fn key_quotes_must_be_extracts_of_the_theme() {
    let mut f = fixture();
    let err =
        f.p.execute(Command::Theme(ThemeCommand::SetKeyQuote {
            theme: f.shared,
            coding: f.c_tillit,
            key: true,
        }))
        .unwrap_err();
    assert!(err.to_string().contains("not an extract"), "{err}");
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_tillit,
            key: true,
        },
    );
    let extracts = f.p.theme_extracts(f.doors).unwrap();
    assert_eq!(extracts.len(), 3);
    let keyed: Vec<&str> = extracts
        .iter()
        .filter(|e| e.key)
        .map(|e| e.coding.text.as_str())
        .collect();
    assert_eq!(keyed, ["det er jo mye tillit som må på plass"]);
}

#[test]
fn the_matrix_shows_who_carries_a_theme() {
    let mut f = fixture();
    // Informant 2 (Helsesykepleier B) talks more about closed doors than Informant 1.
    code_quote(&mut f.p, f.doc, f.tillit, "Det er ikke bra for ungdommen");
    let m = f.p.coverage_matrix(None).unwrap();
    assert_eq!(m.rows, ["Helsesykepleier B", "Lærer A"]);
    let cols: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["Stengte dører", "Felles ansvar"]);
    let cell = |r: usize, c: usize| (m.cells[r][c].codings, m.cells[r][c].participants);
    assert_eq!(cell(0, 0), (3, 1), "the talkative one");
    assert_eq!(cell(1, 0), (1, 1));
    assert_eq!(cell(0, 1), (1, 1));
    assert_eq!(cell(1, 1), (0, 0), "a gap the reviewer must see");
    assert_eq!(m.unattributed, [0, 1], "the interviewer's question");
    assert_eq!((m.totals[0].codings, m.totals[0].participants), (4, 2));
    assert_eq!((m.totals[1].codings, m.totals[1].participants), (2, 1));
    // The themes list counts the same.
    let doors = f.p.theme(f.doors).unwrap();
    assert_eq!((doors.extracts, doors.participants), (4, 2));
    let per_code: Vec<(String, usize, bool)> = doors
        .codes
        .iter()
        .map(|c| (c.name.clone(), c.extracts, c.few_extracts))
        .collect();
    assert_eq!(
        per_code,
        [
            ("Taushetsplikt".to_string(), 2, true),
            ("Tillit".to_string(), 2, true)
        ]
    );
    // A cell lists its quotes.
    let quotes: Vec<String> =
        f.p.coverage_cell(None, "Helsesykepleier B", f.doors)
            .unwrap()
            .into_iter()
            .map(|e| e.coding.text)
            .collect();
    assert_eq!(
        quotes,
        [
            "taushetsplikten står i veien",
            "ungdommen selv ikke vil",
            "Det er ikke bra for ungdommen"
        ]
    );

    // Grouped by an attribute: one participant in each sector, and one
    // participant without the attribute.
    for (label, sector) in [("Lærer A", "skole"), ("Helsesykepleier B", "helse")] {
        let participant = f.p.resolve_participant(label).unwrap();
        f.p.execute(Command::SetAttribute {
            participant,
            key: "sektor".into(),
            value: Some(sector.into()),
        })
        .unwrap();
    }
    f.p.execute(Command::CreateParticipant {
        participant: tema::store::NewParticipant {
            label: "Leder C".into(),
            attributes: vec![],
        },
    })
    .unwrap();
    let m = f.p.coverage_matrix(Some("sektor")).unwrap();
    assert_eq!(m.by.as_deref(), Some("sektor"));
    assert_eq!(m.rows, ["helse", "skole", "(not set)"]);
    assert_eq!(m.cells[0][0].codings, 3);
    assert_eq!(m.cells[1][0].codings, 1);
    assert_eq!(m.cells[2][0].codings, 0);
    assert_eq!(
        f.p.coverage_cell(Some("sektor"), "skole", f.doors)
            .unwrap()
            .len(),
        1
    );
    assert!(f.p.coverage_matrix(Some("alder")).is_err());
}

fn assert_same_speakers(p: &Project) {
    let participants = p.participants().unwrap();
    let label_of = |id: Option<i64>| {
        id.map(|id| {
            participants
                .iter()
                .find(|p| p.id == id)
                .unwrap()
                .label
                .clone()
        })
    };
    let fast = p.coding_participants(true).unwrap();
    let slow = p.codings(&Default::default()).unwrap();
    assert_eq!(fast.len(), slow.len());
    for c in slow {
        let w = fast.iter().find(|w| w.coding == c.id).unwrap();
        assert_eq!(label_of(w.participant), c.participant, "coding {}", c.id);
    }
}

/// The matrix counts speakers in SQL (`who_sql` in store/analysis.rs); the
/// quotes use `ParticipantLocator` (store/queries.rs). When one rule changes,
/// this test says the other must follow.
#[test]
fn counting_speakers_without_texts_agrees_with_the_quotes() {
    let mut f = fixture();
    assert_same_speakers(&f.p);
    // A document linked to one participant, with an unmapped informant's
    // turn and the interviewer's turn: the cases where rules differ.
    let participant = f.p.resolve_participant("Lærer A").unwrap();
    f.p.execute(Command::LinkParticipant {
        doc: f.doc,
        participant,
        linked: true,
    })
    .unwrap();
    f.p.execute(Command::MapSpeaker {
        doc: f.doc,
        speaker: "Informant 2".into(),
        participant: None,
    })
    .unwrap();
    assert_same_speakers(&f.p);
    // And one with no mapped speaker at all.
    f.p.execute(Command::MapSpeaker {
        doc: f.doc,
        speaker: "Informant 1".into(),
        participant: None,
    })
    .unwrap();
    assert_same_speakers(&f.p);
}

#[test]
fn a_code_in_two_final_themes_is_a_warning() {
    let mut f = fixture();
    add_code(&mut f.p, f.shared, f.tillit);
    assert!(
        f.p.theme_warnings().unwrap().is_empty(),
        "candidates may overlap"
    );
    for theme in [f.doors, f.shared] {
        run(
            &mut f.p,
            ThemeCommand::SetStatus {
                theme,
                status: ThemeStatus::Final,
                why: None,
            },
        );
    }
    let w = f.p.theme_warnings().unwrap();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, f.tillit);
    assert_eq!(w[0].themes, [f.doors, f.shared]);
    assert_eq!(
        w[0].message,
        "code 'Tillit' sits in 2 final themes: 'Stengte dører', 'Felles ansvar'"
    );
    // Made a sub-theme of the other, the overlap is by design: no warning.
    run(
        &mut f.p,
        ThemeCommand::MoveTheme {
            theme: f.shared,
            parent: Some(f.doors),
            position: None,
        },
    );
    assert!(
        f.p.theme_warnings().unwrap().is_empty(),
        "a sub-theme may share its parent's codes"
    );
}

#[test]
fn deleting_a_code_takes_it_out_of_themes_and_undo_puts_it_back() {
    let mut f = fixture();
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: true,
        },
    );
    run(
        &mut f.p,
        ThemeCommand::PlaceNode {
            node: MapNodeRef::Code(f.taus),
            x: 3.0,
            y: 4.0,
        },
    );
    let before = full_snapshot(&f.p);
    f.p.execute(Command::DeleteCode { code: f.taus }).unwrap();
    let doors = f.p.theme(f.doors).unwrap();
    assert_eq!(
        doors.codes.iter().map(|c| c.id).collect::<Vec<_>>(),
        [f.tillit]
    );
    assert_eq!(doors.key_quotes, 0);
    assert_eq!(f.p.map().unwrap().nodes.len(), 2, "only the two themes");
    let last = f.p.theme_history(f.doors).unwrap().pop().unwrap();
    assert_eq!(last.kind, HistoryKind::CodeRemoved);
    assert!(last.detail.contains("'Taushetsplikt'"));
    assert!(f.p.check().unwrap().is_empty());
    f.p.undo().unwrap();
    assert_eq!(full_snapshot(&f.p), before);
}

#[test]
fn removing_codings_and_documents_leaves_no_dangling_key_quotes() {
    let mut f = fixture();
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: true,
        },
    );
    run(
        &mut f.p,
        ThemeCommand::AddJournal {
            date: None,
            phase: Some(1),
            text: "Les igjen".into(),
            links: vec![JournalLink::Document(f.doc)],
        },
    );
    f.p.execute(Command::RemoveCoding { coding: f.c_taus })
        .unwrap();
    assert_eq!(f.p.theme(f.doors).unwrap().key_quotes, 0);
    assert!(f.p.check().unwrap().is_empty());
    f.p.undo().unwrap();
    assert_eq!(f.p.theme(f.doors).unwrap().key_quotes, 1);
    f.p.execute(Command::DeleteDocument { doc: f.doc }).unwrap();
    assert!(f.p.check().unwrap().is_empty());
    assert_eq!(f.p.theme(f.doors).unwrap().extracts, 0);
    assert!(
        f.p.journal(&JournalFilter::default()).unwrap()[0]
            .links
            .is_empty()
    );
    f.p.undo().unwrap();
    assert_eq!(
        f.p.journal(&JournalFilter::default()).unwrap()[0].links,
        [JournalLink::Document(f.doc)]
    );
}

#[test]
fn merging_codes_keeps_their_extracts_in_the_theme() {
    let mut f = fixture();
    run(
        &mut f.p,
        ThemeCommand::SetKeyQuote {
            theme: f.doors,
            coding: f.c_taus,
            key: true,
        },
    );
    // Taushetsplikt goes into Samarbeid, which is not in "Stengte dører".
    f.p.execute(Command::MergeCodes {
        sources: vec![f.taus],
        target: f.samarbeid,
    })
    .unwrap();
    let doors = f.p.theme(f.doors).unwrap();
    let names: Vec<&str> = doors.codes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Samarbeid", "Tillit"]);
    assert_eq!(doors.key_quotes, 1);
    let last = f.p.theme_history(f.doors).unwrap().pop().unwrap();
    assert_eq!(
        last.detail,
        "code 'Taushetsplikt' was merged into 'Samarbeid'; added 'Samarbeid'"
    );
}

#[test]
fn journal_phases_and_checklist() {
    let (_dir, mut p) = new_project();
    assert_eq!(p.current_phase().unwrap(), 1);
    let label = run(
        &mut p,
        ThemeCommand::SetPhase {
            phase: 3,
            note: "first map".into(),
        },
    )
    .label;
    assert_eq!(label, "move to phase 3 (Generating initial themes)");
    run(
        &mut p,
        ThemeCommand::SetPhase {
            phase: 2,
            note: "back to coding: going back is normal".into(),
        },
    );
    assert_eq!(p.current_phase().unwrap(), 2);
    let phases: Vec<u8> = p.phase_history().unwrap().iter().map(|h| h.phase).collect();
    assert_eq!(phases, [3, 2]);
    assert!(
        p.execute(Command::Theme(ThemeCommand::SetPhase {
            phase: 7,
            note: String::new()
        }))
        .is_err()
    );

    for (date, phase, text) in [
        ("2024-02-10", 2, "Koder for raskt"),
        ("2024-01-05", 1, "Første lesning"),
    ] {
        run(
            &mut p,
            ThemeCommand::AddJournal {
                date: Some(date.into()),
                phase: Some(phase),
                text: text.into(),
                links: vec![],
            },
        );
    }
    let all = p.journal(&JournalFilter::default()).unwrap();
    let texts: Vec<&str> = all.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["Første lesning", "Koder for raskt"], "by date");
    let phase2 = p
        .journal(&JournalFilter {
            phase: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(phase2.len(), 1);
    let found = p
        .journal(&JournalFilter {
            text: Some("LESNING".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(
        p.execute(Command::Theme(ThemeCommand::AddJournal {
            date: Some("5. mars".into()),
            phase: None,
            text: "x".into(),
            links: vec![]
        }))
        .is_err()
    );

    let list = p.checklist().unwrap();
    assert_eq!(list.len(), 15);
    assert!(list.iter().all(|i| !i.done && !i.text.is_empty()));
    run(
        &mut p,
        ThemeCommand::SetChecklist {
            item: 15,
            done: true,
            note: Some("journal kept".into()),
        },
    );
    let item = &p.checklist().unwrap()[14];
    assert!(item.done);
    assert_eq!(item.note, "journal kept");
    assert!(
        p.execute(Command::Theme(ThemeCommand::SetChecklist {
            item: 16,
            done: true,
            note: None
        }))
        .is_err()
    );
}

#[test]
fn the_map_lists_every_theme_and_its_edges() {
    let mut f = fixture();
    run(
        &mut f.p,
        ThemeCommand::PlaceNode {
            node: MapNodeRef::Theme(f.doors),
            x: 100.0,
            y: 50.0,
        },
    );
    run(
        &mut f.p,
        ThemeCommand::AddEdge {
            from: f.doors,
            to: f.shared,
            label: "hindrer".into(),
        },
    );
    let map = f.p.map().unwrap();
    assert_eq!(map.nodes.len(), 2);
    assert_eq!((map.nodes[0].x, map.nodes[0].y), (Some(100.0), Some(50.0)));
    assert_eq!(map.nodes[1].x, None, "not placed yet");
    assert_eq!(map.edges.len(), 1);
    assert_eq!(
        (
            map.edges[0].from,
            map.edges[0].to,
            map.edges[0].label.as_str()
        ),
        (f.doors, f.shared, "hindrer")
    );
    assert_eq!(kinds(&f.p, f.shared).last(), Some(&HistoryKind::Edge));
    assert!(
        f.p.execute(Command::Theme(ThemeCommand::AddEdge {
            from: f.doors,
            to: f.doors,
            label: String::new()
        }))
        .is_err()
    );
}

// ---------------------------------------------------------------------- CLI

use common::cli::{json_in as json, ok_in as tema};

#[test]
fn cli_themes_review_journal_and_undo() {
    let f = fixture();
    let dir = f.p.dir().to_path_buf();
    drop(f.p);
    assert_eq!(
        tema(
            &dir,
            &[
                "theme",
                "new",
                "Taushet som skjold",
                "--definition",
                "Rules as shelter",
                "--parent",
                "Stengte dører"
            ]
        )
        .trim(),
        "create theme 'Taushet som skjold'"
    );
    tema(
        &dir,
        &["theme", "add-code", "Taushet som skjold", "Taushetsplikt"],
    );
    tema(
        &dir,
        &[
            "theme",
            "status",
            "Stengte dører",
            "final",
            "--why",
            "coherent",
        ],
    );
    let themes = json(&dir, &["themes", "--json"]);
    let list = themes.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let doors = &list[0];
    assert_eq!(doors["name"], "Stengte dører");
    assert_eq!(doors["status"], "final");
    assert_eq!(doors["extracts"], 3);
    assert_eq!(doors["participants"], 2);
    assert_eq!(doors["codes"].as_array().unwrap().len(), 2);
    assert_eq!(list[1]["name"], "Taushet som skjold");
    assert_eq!(list[1]["parent"], doors["id"]);
    assert_eq!(list[1]["definition"], "Rules as shelter");

    let m = json(&dir, &["review", "matrix", "--json"]);
    assert_eq!(
        m["rows"],
        serde_json::json!(["Helsesykepleier B", "Lærer A"])
    );
    assert_eq!(m["cells"][0][0]["codings"], 2);
    assert_eq!(m["cells"][1][0]["codings"], 1);

    let history = json(&dir, &["theme", "history", "Stengte dører", "--json"]);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "status");
    assert_eq!(last["why"], "coherent");

    tema(&dir, &["phase", "set", "4", "--note", "reviewing"]);
    tema(
        &dir,
        &[
            "journal",
            "add",
            "Jeg tok side med skolen",
            "--date",
            "2024-03-01",
            "--theme",
            "Stengte dører",
        ],
    );
    let entries = json(&dir, &["journal", "list", "--json"]);
    assert_eq!(entries[0]["text"], "Jeg tok side med skolen");
    assert_eq!(entries[0]["phase"], 4, "defaults to the current phase");
    assert_eq!(entries[0]["date"], "2024-03-01");
    assert_eq!(entries[0]["links"][0]["theme"], doors["id"]);

    assert_eq!(
        tema(&dir, &["undo"]).trim(),
        "undid: add journal entry of 2024-03-01"
    );
    assert_eq!(
        json(&dir, &["journal", "list", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(
        tema(&dir, &["undo"]).trim(),
        "undid: move to phase 4 (Developing and reviewing themes)"
    );
    assert_eq!(
        tema(&dir, &["undo"]).trim(),
        "undid: promote theme 'Stengte dører' to final"
    );
    assert_eq!(json(&dir, &["themes", "--json"])[0]["status"], "candidate");

    tema(
        &dir,
        &["theme", "merge", "Taushet som skjold", "Felles ansvar"],
    );
    tema(
        &dir,
        &[
            "theme",
            "split",
            "Felles ansvar",
            "Taushet igjen",
            "--code",
            "Taushetsplikt",
        ],
    );
    tema(
        &dir,
        &[
            "theme",
            "edit",
            "Felles ansvar",
            "--boundaries",
            "Not the law",
        ],
    );
    tema(&dir, &["theme", "remove-code", "Stengte dører", "Tillit"]);
    tema(
        &dir,
        &["map", "edge", "Stengte dører", "Felles ansvar", "hindrer"],
    );
    let coding = f.c_taus.to_string();
    tema(&dir, &["theme", "key-quote", "Stengte dører", &coding]);
    tema(
        &dir,
        &["theme", "key-quote", "Stengte dører", &coding, "--off"],
    );
    let phases = json(&dir, &["phase", "history", "--json"]);
    assert_eq!(phases, serde_json::json!([]));
    let d = dir.to_str().unwrap();
    let err = common::cli::fails(&["-p", d, "review", "matrix", "--by", "alder", "--json"]);
    assert!(
        err.contains("'alder'"),
        "an unknown attribute is an error: {err}"
    );
    tema(&dir, &["check"]);
}

#[test]
fn the_matrix_bench_builds_its_project_and_reports() {
    let report = tema::bench::themes::matrix();
    println!("{report}");
    assert!(
        report.contains("coverage_matrix by participant:"),
        "{report}"
    );
}

#[test]
fn merging_a_code_keeps_the_journal_entries_about_it() {
    let mut f = fixture();
    let about = |codes: Vec<i64>| ThemeCommand::AddJournal {
        date: Some("2024-03-01".into()),
        phase: Some(2),
        text: "Tillit og taushet henger sammen".into(),
        links: codes.into_iter().map(JournalLink::Code).collect(),
    };
    run(&mut f.p, about(vec![f.taus]));
    run(&mut f.p, about(vec![f.taus, f.tillit]));
    f.p.execute(Command::MergeCodes {
        sources: vec![f.taus],
        target: f.tillit,
    })
    .unwrap();
    let entries = f.p.journal(&Default::default()).unwrap();
    assert_eq!(entries.len(), 2);
    for e in &entries {
        assert_eq!(
            e.links,
            [JournalLink::Code(f.tillit)],
            "the entry now points at the merged code"
        );
    }
    assert!(f.p.check().unwrap().is_empty());
}
