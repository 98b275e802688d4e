//! The coding workspace, driven as a user would: mouse drags over the
//! transcript, Ctrl+K and typing in the palette, clicks in the codebook and
//! the retrieval pane, Ctrl+Z. Checks both the project and what is shown.

mod common;
use common::*;
use egui::{Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tema::Project;
use tema::ui::TemaApp;

type H = Harness<'static, TemaApp>;

fn harness(project: Project) -> H {
    let app = TemaApp::new(project);
    Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(400)
        .build_ui_state(|ui, app: &mut TemaApp| app.ui(ui), app)
}

fn project(h: &H) -> &Project {
    h.state().project().expect("a project is open")
}

fn codings(h: &H) -> Vec<tema::model::Coding> {
    project(h).codings(&Default::default()).unwrap()
}

/// Char offsets of the first occurrence of `quote` in the open document.
fn span_of(h: &H, quote: &str) -> (usize, usize) {
    let v = h.state().viewer().unwrap();
    let text = &v.doc.as_ref().unwrap().text;
    tema::cli::find_quote(text, quote, 1).unwrap()
}

fn pos_of(h: &H, offset: usize) -> Pos2 {
    h.state()
        .viewer()
        .unwrap()
        .screen_pos_of(offset)
        .unwrap_or_else(|| panic!("char {offset} is not on screen"))
}

/// Select `quote` by dragging the mouse over it, as a user would.
fn drag_select(h: &mut H, quote: &str) {
    let (start, end) = span_of(h, quote);
    let (from, to) = (pos_of(h, start), pos_of(h, end));
    h.hover_at(from);
    h.drag_at(from);
    h.hover_at(Pos2::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0));
    h.hover_at(to);
    h.drop_at(to);
    h.run();
    assert_eq!(
        h.state().viewer().unwrap().selection(),
        Some((start, end)),
        "the drag selected «{quote}»"
    );
}

fn press_cmd(h: &mut H, key: egui::Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
}

fn type_text(h: &mut H, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

#[allow(dead_code)]
/// The codebook's entry for a code (the widget furthest right with that label).
fn codebook_entry<'a>(h: &'a H, name: &'a str) -> egui_kittest::Node<'a> {
    h.get_all_by_label(name)
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap_or_else(|| panic!("no '{name}' in the codebook"))
}

#[test]
fn select_code_with_palette_then_undo() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    create_code(&mut p, "Taushetsplikt", None);
    let mut h = harness(p);
    h.run();

    drag_select(&mut h, "det er jo mye tillit som må på plass");
    press_cmd(&mut h, egui::Key::K);
    type_text(&mut h, "til");
    h.key_press(egui::Key::Enter);
    h.run();

    let list = codings(&h);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].code, "Tillit");
    assert_eq!(list[0].text, "det er jo mye tillit som må på plass");
    assert!(
        h.query_by_label("Tillit (coding)").is_some(),
        "a stripe is shown"
    );

    press_cmd(&mut h, egui::Key::Z);
    assert!(codings(&h).is_empty(), "undo removed the coding");
    assert!(
        h.query_by_label("Tillit (coding)").is_none(),
        "the stripe is gone"
    );
}
