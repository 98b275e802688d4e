//! Method as practised, through the GUI: coding passes (started shuffled,
//! reversed or in an order arranged by hand; compared), condensations
//! edited beside the transcript, turns and documents marked read, and the
//! codebook over time.

mod common;
use common::*;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tema::Project;
use tema::ui::TemaApp;

type H = Harness<'static, TemaApp>;

fn harness(project: Project) -> H {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut TemaApp| app.ui(ui), TemaApp::new(project));
    h.run();
    h
}

fn project(h: &H) -> &Project {
    h.state().project().expect("a project is open")
}

/// Two documents, so that an order can be seen.
fn two_documents() -> (tempfile::TempDir, Project) {
    let (dir, mut p, _) = project_with_interview();
    let second = tema::store::NewDocument::from(parsed("Intervju 2", "I: Hei.\nA: Hei på deg.\n"));
    p.execute(tema::store::Command::Import {
        documents: vec![second],
        participants: vec![],
    })
    .unwrap();
    (dir, p)
}

fn open_method_window(h: &mut H) {
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Coding passes and history…").click();
    h.run();
}

fn doc_ids(p: &Project) -> Vec<i64> {
    p.documents().unwrap().into_iter().map(|d| d.id).collect()
}

fn last_pass(h: &H) -> tema::model::Pass {
    project(h)
        .passes()
        .unwrap()
        .pop()
        .expect("a pass was started")
}

fn pass_order(pass: &tema::model::Pass) -> Vec<i64> {
    pass.documents.iter().map(|d| d.doc_id).collect()
}

#[test]
fn a_shuffled_pass_starts_with_the_seed_shown() {
    let (_dir, p) = two_documents();
    let mut h = harness(p);
    open_method_window(&mut h);
    h.state_mut().workspace_mut().unwrap().method.seed = 7;
    h.run();
    h.get_by_label("Start coding pass").click();
    h.run();
    let pass = last_pass(&h);
    assert_eq!(
        (pass.number, pass.ordering.as_str(), pass.seed),
        (1, "shuffled", Some(7))
    );
    h.get_by_label("Pass 1: shuffled, seed 7");
}

#[test]
fn a_reversed_pass_orders_the_documents_backwards_in_the_list() {
    let (_dir, p) = two_documents();
    let mut h = harness(p);
    open_method_window(&mut h);
    h.get_by_label("Reversed").click();
    h.run();
    h.get_by_label("Start coding pass").click();
    h.run();
    let mut backwards = doc_ids(project(&h));
    backwards.reverse();
    assert_eq!(pass_order(&last_pass(&h)), backwards);
    // The documents list shows the pass's order and progress.
    h.get_by_label("pass 1: #1 · 0 codings · 0% through");
    h.get_by_label("pass 1: #2 · 0 codings · 0% through");
}

#[test]
fn a_pass_in_an_order_arranged_by_hand() {
    let (_dir, p) = two_documents();
    let mut h = harness(p);
    open_method_window(&mut h);
    h.get_by_label("By hand").click();
    h.run();
    // Move the first document down: the second comes first.
    h.get_all_by_label("Down").next().unwrap().click();
    h.run();
    h.get_by_label("Start coding pass").click();
    h.run();
    let ids = doc_ids(project(&h));
    assert_eq!(pass_order(&last_pass(&h)), vec![ids[1], ids[0]]);
    assert_eq!(last_pass(&h).ordering, "chosen");
}

/// The heading of a document's section in the comparison.
fn section_title(h: &H, cmp: &tema::model::PassComparison, doc: i64) -> String {
    let name = project(h)
        .documents()
        .unwrap()
        .into_iter()
        .find(|d| d.id == doc)
        .unwrap()
        .name;
    let count = |spans: &[tema::model::PassSpan]| spans.iter().filter(|s| s.doc_id == doc).count();
    format!(
        "{name}: {} only in A, {} only in B",
        count(&cmp.only_a),
        count(&cmp.only_b)
    )
}

#[test]
fn the_pass_comparison_jumps_to_text_coded_in_one_pass_only() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let cmp = p.compare_passes(1, 2).unwrap();
    let span = cmp
        .only_b
        .first()
        .or(cmp.only_a.first())
        .expect("the sample's passes differ")
        .clone();
    let mut h = harness(p);
    open_method_window(&mut h);
    h.get_by_label("Codes new in B");
    let doc = section_title(&h, &cmp, span.doc_id);
    h.get_by_label(&doc).click();
    h.run();
    h.get_by_label(&tema::text::one_line(&span.text, 90))
        .click();
    h.run();
    assert_eq!(h.state().viewer().unwrap().doc_id(), Some(span.doc_id));
}

#[test]
fn a_condensation_is_edited_beside_its_meaning_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let mut h = harness(p);
    assert!(
        h.state().viewer().unwrap().show_condensations,
        "the sample has condensations"
    );
    let doc = h.state().viewer().unwrap().doc_id().unwrap();
    let coding = project(&h)
        .codings(&tema::store::CodingFilter {
            doc: Some(doc),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| !c.condensation.is_empty())
        .expect("a condensed unit in the open document");
    // Scroll the unit into view and edit its condensation in place.
    h.state_mut()
        .viewer_mut()
        .unwrap()
        .show_span(coding.start, coding.end, 0.0);
    h.run();
    h.get_by_value(&coding.condensation).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("Samarbeid hviler på én person".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let after = project(&h)
        .codings(&Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.id == coding.id)
        .unwrap();
    assert_eq!(after.condensation, "Samarbeid hviler på én person");
}

#[test]
fn the_condensation_column_can_be_hidden() {
    let (_dir, p, _) = project_with_interview();
    let mut h = harness(p);
    assert!(
        !h.state().viewer().unwrap().show_condensations,
        "no condensations: hidden"
    );
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Condensation column").click();
    h.run();
    assert!(h.state().viewer().unwrap().show_condensations);
}

#[test]
fn a_turn_and_a_document_are_marked_read() {
    let (_dir, p, doc) = project_with_interview();
    let mut h = harness(p);
    let first_turn = {
        let v = h.state().viewer().unwrap().doc.as_ref().unwrap();
        v.turns[0].body_start + 1
    };
    let at = h
        .state()
        .viewer()
        .unwrap()
        .screen_pos_of(first_turn)
        .unwrap();
    h.hover_at(at);
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: true,
        modifiers: Default::default(),
    });
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Secondary,
        pressed: false,
        modifiers: Default::default(),
    });
    h.run();
    h.get_by_label("Mark turn read").click();
    h.run();
    let read = project(&h).read_turns(doc).unwrap();
    let turns = project(&h).turns(doc).unwrap();
    assert_eq!(read.len(), 1);
    assert!(read.contains(&turns[0].id));
    assert!(
        h.state()
            .viewer()
            .unwrap()
            .doc
            .as_ref()
            .unwrap()
            .read_turns
            .contains(&turns[0].id)
    );
    // The whole document, from the documents list.
    h.get_by_role_and_label(egui::Role::Button, "Gruppeintervju 1")
        .click_secondary();
    h.run();
    // The toolbar has the same button: the menu's is the one drawn last.
    h.get_all_by_label("Mark document read")
        .last()
        .unwrap()
        .click();
    h.run();
    let fraction = project(&h).read_fractions().unwrap()[&doc];
    assert!((fraction - 1.0).abs() < 1e-9, "all read: {fraction}");
    h.get_by_label("100% read");
}

#[test]
fn the_codebook_over_time_is_plotted_and_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let points = p.history_stats().unwrap();
    let mut h = harness(p);
    open_method_window(&mut h);
    h.get_by_label("The codebook over time");
    let last = points.last().unwrap();
    let summary = format!(
        "{} changes; now {} codes, {} codings, {} themes",
        points.len(),
        last.codes,
        last.codings,
        last.themes
    );
    h.get_by_label(&summary);
    h.get_by_label("Save as SVG/PNG…");
    // What the button does once a file is chosen.
    let path = tmp.path().join("plot.svg");
    let action = tema::ui::history_plot::save(project(&h), &path);
    assert!(
        matches!(action, tema::ui::actions::Action::Notify(_)),
        "{action:?}"
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("<svg"));
}

#[test]
fn a_selected_unit_without_a_condensation_gets_one() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tema::sample::build(&tmp.path().join("sample")).unwrap();
    let mut h = harness(p);
    let doc = h.state().viewer().unwrap().doc_id().unwrap();
    let coding = project(&h)
        .codings(&tema::store::CodingFilter {
            doc: Some(doc),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|c| c.condensation.is_empty())
        .expect("a unit not condensed yet");
    let v = h.state_mut().viewer_mut().unwrap();
    v.show_span(coding.start, coding.end, 0.0);
    v.selected_coding = Some(coding.id);
    h.run();
    h.get_by(|n| n.placeholder() == Some("Condensed meaning…"))
        .focus();
    h.run();
    h.event(egui::Event::Text("Ingen eier helheten".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let after = project(&h)
        .codings(&Default::default())
        .unwrap()
        .into_iter()
        .find(|c| c.id == coding.id)
        .unwrap();
    assert_eq!(after.condensation, "Ingen eier helheten");
    // Undo takes it away again.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let undone = project(&h).codings(&Default::default()).unwrap();
    assert!(
        undone
            .iter()
            .any(|c| c.id == coding.id && c.condensation.is_empty())
    );
}

#[test]
fn the_open_document_is_marked_read_from_the_toolbar() {
    let (_dir, p, doc) = project_with_interview();
    let mut h = harness(p);
    h.get_by_label("Mark document read").click();
    h.run();
    assert!((project(&h).read_fractions().unwrap()[&doc] - 1.0).abs() < 1e-9);
    // Every turn now carries the mark in the margin.
    let v = h.state().viewer().unwrap().doc.as_ref().unwrap();
    assert_eq!(v.read_turns.len(), v.turns.len());
    h.get_by_label("Mark document unread").click();
    h.run();
    assert_eq!(project(&h).read_fractions().unwrap()[&doc], 0.0);
}
