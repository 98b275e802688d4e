//! The themes board and the review panel, each rendered alone in a harness
//! and driven as a user would: drags, clicks, typing. The `Action`s a panel
//! emits are applied to the project after each frame, as the app does.

mod common;
use common::*;
use egui::{Pos2, vec2};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, Node};
use tema::Project;
use tema::model::ThemeStatus;
use tema::store::{Command, ThemeCommand};
use tema::ui::actions::Action;
use tema::ui::review::ReviewPanel;
use tema::ui::themes_board::ThemesBoard;

/// A panel's `ui` as the app calls it.
trait Panel {
    fn draw(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, a: &mut Vec<Action>);
}
impl Panel for ThemesBoard {
    fn draw(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, a: &mut Vec<Action>) {
        self.ui(ui, p, version, a)
    }
}
impl Panel for ReviewPanel {
    fn draw(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, a: &mut Vec<Action>) {
        self.ui(ui, p, version, a)
    }
}

/// A panel on its own with the project it shows.
struct Alone<P> {
    project: Project,
    panel: P,
    version: u64,
    jumps: Vec<(i64, usize, usize)>,
    errors: Vec<String>,
    executed: usize,
    /// Another writer's change, made once, after the next frame that asks
    /// for a change is drawn and before that change is carried out.
    meanwhile: Option<Box<dyn FnOnce()>>,
}

impl<P: Panel> Alone<P> {
    /// Draw, then carry out what the panel asked for (the app's job).
    fn frame(&mut self, ui: &mut egui::Ui) {
        let mut actions = Vec::new();
        self.panel
            .draw(ui, &self.project, self.version, &mut actions);
        if !actions.is_empty()
            && let Some(other_writer) = self.meanwhile.take()
        {
            other_writer();
        }
        for a in actions {
            match a {
                Action::Do(call) => match call.run(&mut self.project) {
                    Ok(_) => {
                        self.version += 1;
                        self.executed += 1;
                    }
                    Err(e) => self.errors.push(format!("{e:#}")),
                },
                Action::JumpTo { doc, start, end } => self.jumps.push((doc, start, end)),
                Action::Error(e) => self.errors.push(e),
                other => panic!("unexpected action {other:?}"),
            }
            ui.ctx().request_repaint();
        }
    }
}

type H<P> = Harness<'static, Alone<P>>;

fn harness<P: Panel + 'static>(project: Project, panel: P) -> H<P> {
    let state = Alone {
        project,
        panel,
        version: 1,
        jumps: Vec::new(),
        errors: Vec::new(),
        executed: 0,
        meanwhile: None,
    };
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 900.0))
        .with_max_steps(60)
        // Frames 1/60 s apart, as on screen: two clicks a frame apart are a
        // double-click (at the default 1/4 s they never are).
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, st: &mut Alone<P>| st.frame(ui), state);
    h.run();
    h
}

/// The study: one group interview; five codes; "Stengte dører" (Tillit,
/// Taushetsplikt) and "Felles ansvar" (Samarbeid) as candidates; "Ungdom"
/// and "Skole" in no theme.
struct Study {
    _dir: tempfile::TempDir,
    p: Project,
    doc: i64,
    tillit: i64,
    taus: i64,
    ungdom: i64,
    doors: i64,
    shared: i64,
}

fn theme(p: &mut Project, cmd: ThemeCommand) -> i64 {
    p.execute(Command::Theme(cmd)).unwrap().id().unwrap_or(0)
}

fn study() -> Study {
    let (dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    let taus = create_code(&mut p, "Taushetsplikt", None);
    let samarbeid = create_code(&mut p, "Samarbeid", None);
    let ungdom = create_code(&mut p, "Ungdom", None);
    create_code(&mut p, "Skole", None);
    code_quote(&mut p, doc, tillit, "det er jo mye tillit som må på plass");
    code_quote(&mut p, doc, taus, "taushetsplikten står i veien");
    code_quote(&mut p, doc, taus, "ungdommen selv ikke vil");
    code_quote(&mut p, doc, samarbeid, "hver vår tue");
    code_quote(&mut p, doc, ungdom, "Det er ikke bra for ungdommen");
    let new = |p: &mut Project, name: &str| {
        theme(
            p,
            ThemeCommand::CreateTheme {
                name: name.into(),
                status: ThemeStatus::Candidate,
                definition: String::new(),
                parent: None,
                codes: vec![],
            },
        )
    };
    let doors = new(&mut p, "Stengte dører");
    let shared = new(&mut p, "Felles ansvar");
    for (t, c) in [(doors, tillit), (doors, taus), (shared, samarbeid)] {
        theme(
            &mut p,
            ThemeCommand::AddCode {
                theme: t,
                code: c,
                why: None,
            },
        );
    }
    theme(
        &mut p,
        ThemeCommand::EditTheme {
            theme: doors,
            definition: Some("Informasjon stopper ved tjenestegrensene.".into()),
            boundaries: None,
            writeup: None,
            colour: None,
            why: None,
        },
    );
    Study {
        _dir: dir,
        p,
        doc,
        tillit,
        taus,
        ungdom,
        doors,
        shared,
    }
}

fn status_of(p: &Project, id: i64) -> ThemeStatus {
    p.theme(id).unwrap().status
}

fn codes_of(p: &Project, id: i64) -> Vec<i64> {
    p.theme(id).unwrap().codes.iter().map(|c| c.id).collect()
}

/// The node labelled `label` furthest left: the card's name, not the
/// heading of the detail pane on the right.
fn node<'a, P>(h: &'a H<P>, label: &'a str) -> Node<'a> {
    h.get_all_by_label(label)
        .min_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap_or_else(|| panic!("no '{label}' shown"))
}

#[allow(dead_code)]
fn dump<P>(h: &H<P>) {
    for n in h.query_all_by(|_| true) {
        let a = n.accesskit_node();
        eprintln!("{:?} {:?} {:?}", a.role(), a.label(), a.bounding_box());
    }
}

/// A text field by its hint (shown while it is empty).
fn field<'a, P>(h: &'a H<P>, hint: &'static str) -> Node<'a> {
    h.get_by(move |n| n.placeholder() == Some(hint))
}

/// Click into the (empty) text field with this hint and type.
fn type_into<P>(h: &mut H<P>, hint: &'static str, text: &str) {
    field(h, hint).click();
    h.run();
    h.event(egui::Event::Text(text.into()));
    h.run();
}

/// Which board column shows the card named `name`: the column heading
/// nearest to the left of the card's name.
fn column_of<P>(h: &H<P>, name: &str) -> &'static str {
    let x = node(h, name).rect().center().x;
    ["Candidate", "Final", "Discarded"]
        .into_iter()
        .filter(|c| h.get_by_label(c).rect().left() <= x)
        .max_by(|a, b| {
            h.get_by_label(a)
                .rect()
                .left()
                .total_cmp(&h.get_by_label(b).rect().left())
        })
        .expect("the card lies right of a column heading")
}

/// Drag with the mouse from one point to another, a frame per step, as
/// egui's drag and drop needs (press, move past the threshold, move, release).
fn drag<P>(h: &mut H<P>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=4 {
        let t = i as f32 / 4.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

#[test]
fn drag_a_code_from_the_pool_onto_a_candidate_theme() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    assert_eq!(column_of(&h, "Stengte dører"), "Candidate");
    let chip = node(&h, "Ungdom · 1").rect().center();
    let card = node(&h, "Stengte dører").rect().center() + vec2(0.0, 20.0);
    drag(&mut h, chip, card);
    let p = &h.state().project;
    assert_eq!(h.state().errors, Vec::<String>::new());
    assert_eq!(codes_of(p, st.doors), vec![st.taus, st.tillit, st.ungdom]);
    // Now a chip on the card, no longer in the pool: exactly one "Ungdom · 1",
    // in the candidate column.
    let chips: Vec<_> = h.get_all_by_label("Ungdom · 1").collect();
    assert_eq!(chips.len(), 1);
    assert!(chips[0].rect().left() >= h.get_by_label("Candidate").rect().left());

    // Drag it on to the other card: moved, as one undoable step.
    let chip = node(&h, "Ungdom · 1").rect().center();
    let card = node(&h, "Felles ansvar").rect().center() + vec2(0.0, 20.0);
    drag(&mut h, chip, card);
    let p = &mut h.state_mut().project;
    assert!(!codes_of(p, st.doors).contains(&st.ungdom));
    assert!(codes_of(p, st.shared).contains(&st.ungdom));
    assert_eq!(
        p.undo().unwrap().as_deref(),
        Some("move code 'Ungdom' to theme 'Felles ansvar'")
    );
    assert!(codes_of(p, st.doors).contains(&st.ungdom));
}

#[test]
fn drag_a_card_onto_another_makes_a_sub_theme_and_back_to_top_level() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    let from = node(&h, "Felles ansvar").rect().center();
    let to = node(&h, "Stengte dører").rect().center() + vec2(0.0, 20.0);
    drag(&mut h, from, to);
    assert_eq!(h.state().errors, Vec::<String>::new());
    assert_eq!(
        h.state().project.theme(st.shared).unwrap().parent,
        Some(st.doors)
    );
    // Shown indented under its parent.
    assert!(node(&h, "Felles ansvar").rect().left() > node(&h, "Stengte dører").rect().left());

    let from = node(&h, "Felles ansvar").rect().center();
    let to = h
        .get_by_label("Drop a card here: top level")
        .rect()
        .center();
    drag(&mut h, from, to);
    assert_eq!(h.state().project.theme(st.shared).unwrap().parent, None);
}

#[test]
fn add_code_from_the_card_menu() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    // The "…" menu button of the card "Felles ansvar" (the one on its row).
    let y = node(&h, "Felles ansvar").rect().center().y;
    let menu = h
        .get_all_by_label("…")
        .min_by(|a, b| {
            (a.rect().center().y - y)
                .abs()
                .total_cmp(&(b.rect().center().y - y).abs())
        })
        .unwrap();
    menu.click();
    h.run();
    h.get_by_label("Add code…").click();
    h.run();
    h.get_by_label("Skole").click();
    h.run();
    let p = &h.state().project;
    let skole = p
        .codes()
        .unwrap()
        .iter()
        .find(|c| c.name == "Skole")
        .unwrap()
        .id;
    assert!(codes_of(p, st.shared).contains(&skole));
    assert!(
        h.query_by_label("Skole · 0").is_some(),
        "a chip on the card"
    );
}

#[test]
fn promote_discard_and_revive_move_cards_between_columns() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    assert_eq!(column_of(&h, "Stengte dører"), "Candidate");
    assert_eq!(column_of(&h, "Felles ansvar"), "Candidate");

    // Promote with a reason: one click, type why, Enter.
    h.get_by_label("Promote Stengte dører").click();
    h.run();
    h.event(egui::Event::Text("Bærer hele analysen".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(status_of(&h.state().project, st.doors), ThemeStatus::Final);
    assert_eq!(column_of(&h, "Stengte dører"), "Final");
    let history = h.state().project.theme_history(st.doors).unwrap();
    assert_eq!(
        history.last().unwrap().why.as_deref(),
        Some("Bærer hele analysen")
    );

    // Discard without a reason: one click, then carry on elsewhere.
    h.get_by_label("Discard Felles ansvar").click();
    h.run();
    let elsewhere = h.get_by_label("Unassigned codes").rect().center();
    h.hover_at(elsewhere);
    h.drag_at(elsewhere);
    h.drop_at(elsewhere);
    h.run();
    assert_eq!(
        status_of(&h.state().project, st.shared),
        ThemeStatus::Discarded
    );
    assert_eq!(column_of(&h, "Felles ansvar"), "Discarded");
    assert_eq!(
        h.state()
            .project
            .theme_history(st.shared)
            .unwrap()
            .last()
            .unwrap()
            .why,
        None
    );

    // Esc cancels.
    h.get_by_label("Revive Felles ansvar").click();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(column_of(&h, "Felles ansvar"), "Discarded");

    h.get_by_label("Revive Felles ansvar").click();
    h.run();
    h.get_by_label("Revive").click();
    h.run();
    assert_eq!(
        status_of(&h.state().project, st.shared),
        ThemeStatus::Candidate
    );
    assert_eq!(column_of(&h, "Felles ansvar"), "Candidate");
    assert_eq!(h.state().errors, Vec::<String>::new());
}

#[test]
fn create_themes_rename_inline_and_edit_the_definition() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    // Pick two codes in the pool, name the theme, create it from them.
    h.get_by_label("Ungdom · 1").click();
    h.run();
    h.get_by_label("Skole · 0").click();
    h.run();
    type_into(
        &mut h,
        "Name of a new theme (a claim, not a topic)",
        "Ungdommen bestemmer",
    );
    h.get_by_label("New theme from selected codes (2)").click();
    h.run();
    let p = &h.state().project;
    let id = p.resolve_theme("Ungdommen bestemmer").unwrap();
    assert_eq!(p.theme(id).unwrap().codes.len(), 2);
    assert_eq!(column_of(&h, "Ungdommen bestemmer"), "Candidate");
    assert_eq!(
        h.state_mut().project.undo().unwrap().as_deref(),
        Some("create theme 'Ungdommen bestemmer' from 2 codes")
    );
    h.state_mut().version += 1;
    h.run();
    assert!(h.query_by_label("Ungdommen bestemmer").is_none());

    // A plain candidate theme, named in the field, Enter.
    type_into(
        &mut h,
        "Name of a new theme (a claim, not a topic)",
        "Hver vår tue",
    );
    h.get_by_label("+ New candidate theme").click();
    h.run();
    assert_eq!(column_of(&h, "Hver vår tue"), "Candidate");

    // Rename inline: double-click the name, type, Enter.
    node(&h, "Felles ansvar").click();
    h.run();
    h.run_steps(30); // half a second: the next two clicks are a double-click of their own
    node(&h, "Felles ansvar").click();
    h.step();
    node(&h, "Felles ansvar").click();
    h.run();
    assert!(
        h.query_by_label("Rename").is_some(),
        "the name is a text field"
    );
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.event(egui::Event::Text("Ingen eier ansvaret".into()));
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().project.theme(st.shared).unwrap().name,
        "Ingen eier ansvaret"
    );

    // Select a card: the detail pane shows its definition and history.
    h.get_by_label("Stengte dører").click();
    h.run();
    let def = h.get_by(|n| {
        n.role() == egui::accesskit::Role::MultilineTextInput
            && n.value().as_deref() == Some("Informasjon stopper ved tjenestegrensene.")
    });
    def.click();
    h.run();
    h.key_combination_modifiers(egui::Modifiers::COMMAND, &[egui::Key::A]);
    h.event(egui::Event::Text(
        "Hver tjeneste vokter sin informasjon.".into(),
    ));
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    let t = h.state().project.theme(st.doors).unwrap();
    assert_eq!(t.definition, "Hver tjeneste vokter sin informasjon.");
    assert_eq!(
        h.get_all_by_label("definition").count(),
        2,
        "the timeline shows both definitions (the study's and this one)"
    );
    assert_eq!(h.state().errors, Vec::<String>::new());
}

/// The new theme's id is the store's to give when the step runs: another
/// writer (a second connection to the same project) that adds a theme
/// between the click and the step must not get the picked codes. (The
/// board used to guess the id as `max(id) + 1` when it drew the click.)
#[test]
fn a_theme_from_codes_gets_them_even_when_another_writer_adds_a_theme() {
    let st = study();
    let dir = st.p.dir().to_path_buf();
    let mut h = harness(st.p, ThemesBoard::default());
    h.get_by_label("Ungdom · 1").click();
    h.run();
    h.get_by_label("Skole · 0").click();
    h.run();
    type_into(
        &mut h,
        "Name of a new theme (a claim, not a topic)",
        "Ungdommen bestemmer",
    );
    let other = std::rc::Rc::new(std::cell::Cell::new(0));
    let theirs = other.clone();
    h.state_mut().meanwhile = Some(Box::new(move || {
        let mut p = Project::open(&dir).unwrap();
        let done = tema::app::themes::create(
            &mut p,
            tema::app::themes::NewTheme::candidate("En annens tema", vec![]),
        );
        theirs.set(done.unwrap().id().unwrap());
    }));
    h.get_by_label("New theme from selected codes (2)").click();
    h.run();
    assert_eq!(h.state().errors, Vec::<String>::new());
    let skole = h.state().project.resolve_code("Skole").unwrap();
    let p = &mut h.state_mut().project;
    let other = other.get();
    assert_ne!(other, 0, "the other writer added its theme");
    let mine = p.resolve_theme("Ungdommen bestemmer").unwrap();
    assert_ne!(mine, other);
    let mut picked = vec![st.ungdom, skole];
    picked.sort();
    let mut held = codes_of(p, mine);
    held.sort();
    assert_eq!(held, picked, "the new theme holds the picked codes");
    assert_eq!(
        codes_of(p, other),
        Vec::<i64>::new(),
        "the other is untouched"
    );
    assert_eq!(p.theme(other).unwrap().name, "En annens tema");

    // One undo step takes the new theme away, and only it.
    assert_eq!(
        p.undo().unwrap().as_deref(),
        Some("create theme 'Ungdommen bestemmer' from 2 codes")
    );
    assert!(p.resolve_theme("Ungdommen bestemmer").is_err());
    assert_eq!(p.theme(other).unwrap().name, "En annens tema");
    assert_eq!(codes_of(p, other), Vec::<i64>::new());
}

#[test]
fn merge_and_split_from_the_card_menu() {
    let st = study();
    let mut h = harness(st.p, ThemesBoard::default());
    h.get_by_label("Stengte dører").click_secondary();
    h.run();
    h.get_by_label("Split…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Tillit · 1")
        .click();
    type_into(&mut h, "Name of the new theme", "Tillit først");
    h.run();
    h.get_by_label("Split").click();
    h.run();
    let p = &h.state().project;
    let new = p.resolve_theme("Tillit først").unwrap();
    assert_eq!(codes_of(p, new), vec![st.tillit]);
    assert_eq!(codes_of(p, st.doors), vec![st.taus]);

    h.get_by_label("Tillit først").click_secondary();
    h.run();
    h.get_by_label("Merge into…").click();
    h.run();
    h.get_all_by_label("Stengte dører")
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::RadioButton)
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    let p = &h.state().project;
    assert_eq!(status_of(p, new), ThemeStatus::Discarded);
    assert_eq!(codes_of(p, st.doors), vec![st.taus, st.tillit]);
    assert_eq!(column_of(&h, "Tillit først"), "Discarded");
    assert_eq!(h.state().errors, Vec::<String>::new());
}

#[test]
fn a_code_in_two_final_themes_is_flagged() {
    let mut st = study();
    for t in [st.doors, st.shared] {
        theme(
            &mut st.p,
            ThemeCommand::SetStatus {
                theme: t,
                status: ThemeStatus::Final,
                why: None,
            },
        );
    }
    theme(
        &mut st.p,
        ThemeCommand::AddCode {
            theme: st.shared,
            code: st.tillit,
            why: None,
        },
    );
    let h = harness(st.p, ThemesBoard::default());
    // A warning icon on each Tillit chip and on each card.
    assert_eq!(h.get_all_by_label("Warning").count(), 4);
}

// ------------------------------------------------------------------ review

/// Participants get a sector; Informant 2 speaks most.
fn review_study() -> Study {
    let mut st = study();
    for (i, p) in st.p.participants().unwrap().iter().enumerate() {
        st.p.execute(Command::SetAttribute {
            participant: p.id,
            key: "sector".into(),
            value: Some(["skole", "helse"][i % 2].into()),
        })
        .unwrap();
    }
    st
}

#[test]
fn review_extracts_against_the_definition_and_mark_a_key_quote() {
    let st = review_study();
    let mut panel = ReviewPanel::default();
    panel.theme = Some(st.doors);
    let mut h = harness(st.p, panel);
    assert!(
        h.query_by_label("Informasjon stopper ved tjenestegrensene.")
            .is_some(),
        "the definition is shown above the extracts"
    );
    assert_eq!(h.state().panel.extracts().len(), 3);
    // Tillit has one extract: flagged as thin.
    // Both codes have fewer than three extracts: thin support, flagged;
    // and both themes rest mostly on Helsesykepleier B: flagged too.
    assert!(h.query_by_label("Tillit · 1").is_some());
    assert!(h.query_by_label("Taushetsplikt · 2").is_some());
    assert_eq!(h.get_all_by_label("Warning").count(), 4);

    h.get_by_label_contains("Key quote: «taushetsplikten står i veien")
        .click();
    h.run();
    let p = &h.state().project;
    let keys: Vec<_> = p
        .theme_extracts(st.doors)
        .unwrap()
        .into_iter()
        .filter(|e| e.key)
        .map(|e| e.coding.text)
        .collect();
    assert_eq!(keys, vec!["taushetsplikten står i veien"]);
    assert_eq!(p.theme(st.doors).unwrap().key_quotes, 1);
    let star = h.get_by_label_contains("Key quote: «taushetsplikten");
    assert_eq!(
        star.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );

    // Clicking a quote jumps to it in its document.
    h.get_by_label("«det er jo mye tillit som må på plass»")
        .click();
    h.run();
    let (doc, start, end) = h.state().jumps[0];
    assert_eq!(doc, st.doc);
    let text = h.state().project.text(doc).unwrap();
    let quote: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(quote, "det er jo mye tillit som må på plass");
}

#[test]
fn click_a_matrix_cell_to_read_its_quotes() {
    let st = review_study();
    let mut h = harness(st.p, ReviewPanel::default());
    // Rows are participants; Helsesykepleier B says 2 of the 3 quotes of
    // "Stengte dører": 2 codings from 1 participant.
    let cell = h.get_by_label("Helsesykepleier B × Stengte dører");
    cell.click();
    h.run();
    let quotes: Vec<String> = h
        .state()
        .panel
        .cell_quotes()
        .iter()
        .map(|e| e.coding.text.clone())
        .collect();
    assert_eq!(
        quotes,
        vec!["taushetsplikten står i veien", "ungdommen selv ikke vil"]
    );
    assert!(
        h.query_by_label("2 quotes of 'Stengte dører' from Helsesykepleier B")
            .is_some()
    );
    assert!(h.query_by_label("«ungdommen selv ikke vil»").is_some());
    // Carried by one voice: "Felles ansvar" rests on Helsesykepleier B alone.
    let d = h.state().panel.dominance(st.shared).unwrap();
    assert_eq!(
        (d.participant.as_str(), d.percent, d.flagged),
        ("Helsesykepleier B", 100, true)
    );
    assert!(h.query_by_label("Helsesykepleier B 100%").is_some());

    // Group the rows by sector.
    h.get_by_label("Rows:").click();
    h.run();
    h.get_by_label("sector").click();
    h.run();
    assert!(
        h.query_by_label("Helsesykepleier B × Stengte dører")
            .is_none()
    );
    assert!(
        h.query_by_label("helse × Stengte dører").is_some()
            || h.query_by_label("skole × Stengte dører").is_some()
    );
}

/// The frame bench runs (its figures are printed; the 8 ms target is for
/// optimised builds: run `cargo test --release --test gui_themes -- --nocapture`).
#[test]
fn board_bench_reports_frame_times() {
    let report = tema::bench::themes::board();
    eprintln!("{report}");
    assert!(report.contains("p99"), "{report}");
}
