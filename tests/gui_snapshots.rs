//! Pictures of the main screens on the sample study, rendered through wgpu
//! (Mesa's software rasteriser on a machine without a GPU) and compared with
//! the PNGs committed under `tests/snapshots/`. A change to layout, colours
//! or text that a user would see makes these fail; when the change is
//! intended, re-record with `UPDATE_SNAPSHOTS=1 cargo test --test gui_snapshots`
//! and look at the new pictures before committing them.
//!
//! The app embeds its fonts, so text renders the same on every machine.

use egui::vec2;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotOptions};
use tema::ui::TemaApp;

type H = Harness<'static, TemaApp>;

fn sample_app(dir: &std::path::Path) -> H {
    let project = tema::sample::build(&dir.join("sample")).unwrap();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_pixels_per_point(1.0)
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .wgpu()
        .build_ui_state(|ui, app: &mut TemaApp| app.ui(ui), TemaApp::new(project));
    h.run();
    h
}

/// Tolerates the odd anti-aliased pixel that differs between Mesa versions,
/// not a moved widget or a changed word (those change thousands).
fn options() -> SnapshotOptions {
    SnapshotOptions::new().threshold(0.6).max_failed_pixels(400)
}

fn open(h: &mut H, tab: &str) {
    h.get_by_label(tab).click();
    h.run();
}

#[test]
fn main_screens_look_as_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    let mut results = egui_kittest::SnapshotResults::new();

    // The coding workspace: documents, transcript with highlights and
    // stripes, codebook, retrieval.
    open(&mut h, "Coding");
    results.add(h.try_snapshot_options("coding_workspace", &options()));

    open(&mut h, "Themes");
    results.add(h.try_snapshot_options("themes_board", &options()));

    open(&mut h, "Map");
    results.add(h.try_snapshot_options("thematic_map", &options()));

    // Review with the main theme chosen: its extracts beside the matrix.
    let main_theme = {
        let p = h.state().project().unwrap();
        p.themes()
            .unwrap()
            .into_iter()
            .find(|t| t.name == "«Det var han som var samarbeidet»")
            .expect("the sample's main theme")
            .id
    };
    h.state_mut().workspace_mut().unwrap().review.theme = Some(main_theme);
    open(&mut h, "Review");
    results.add(h.try_snapshot_options("review_matrix", &options()));

    results.unwrap();
}

#[test]
fn quick_code_palette_looks_as_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    open(&mut h, "Coding");
    // Select a passage of the open transcript, Ctrl+K, type a few letters:
    // the palette lists the matching codes and offers to create one.
    let viewer = h.state_mut().viewer_mut().unwrap();
    let text = viewer.doc.as_ref().unwrap().slice(0, 2_000);
    let quote = "det er veldig personavhengig";
    let start = text[..text.find(quote).unwrap()].chars().count();
    viewer.set_selection(start, start + quote.chars().count());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    h.run();
    h.event(egui::Event::Text("til".into()));
    h.run();
    assert!(h.state().workspace().unwrap().palette.is_open());
    h.snapshot_options("quick_code_palette", &options());
}

/// The coding view with the condensation column beside the transcript: each
/// meaning unit's condensed meaning at the row where the unit starts.
#[test]
fn condensation_column_looks_as_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    open(&mut h, "Coding");
    let doc = h.state().viewer().unwrap().doc_id().unwrap();
    let condensed = h
        .state()
        .project()
        .unwrap()
        .codings(&tema::store::CodingFilter {
            doc: Some(doc),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .filter(|c| !c.condensation.is_empty())
        .nth(2)
        .expect("condensed units in the sample's first document");
    let viewer = h.state_mut().viewer_mut().unwrap();
    assert!(viewer.show_condensations);
    viewer.show_span(condensed.start, condensed.end, 0.0);
    h.run();
    h.snapshot_options("condensation_column", &options());
}

/// The passes window comparing the sample's two passes: codes new in the
/// second, and per document the text coded in only one of them.
#[test]
fn pass_comparison_looks_as_recorded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    h.state_mut().workspace_mut().unwrap().method.open = true;
    h.run();
    h.snapshot_options("pass_comparison", &options());
}
