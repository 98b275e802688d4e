//! The whole app on the sample study, as a new user meets it: every screen
//! is one click away, and each shows the finished analysis.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use tema::ui::TemaApp;

fn sample_app(dir: &std::path::Path) -> Harness<'static, TemaApp> {
    let project = tema::sample::build(&dir.join("sample")).unwrap();
    Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut TemaApp| app.ui(ui), TemaApp::new(project))
}

#[test]
fn every_screen_of_the_analysis_opens_on_the_sample_study() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    h.run();
    let final_theme = "«Det var han som var samarbeidet»";

    h.get_by_label("Themes").click();
    h.run();
    assert!(
        h.query_all_by_label_contains(final_theme).next().is_some(),
        "the board shows the final theme"
    );
    assert!(
        h.query_all_by_label_contains("Barrierer for samarbeid")
            .next()
            .is_some(),
        "discarded themes stay visible"
    );

    h.get_by_label("Coding").click();
    h.run();
    assert!(h.query_all_by_label_contains("Codebook").next().is_some());

    h.get_by_label("Review").click();
    h.run();
    h.get_by_label("Map").click();
    h.run();
    assert!(
        h.query_all_by_label_contains(final_theme).next().is_some(),
        "the map shows the final theme"
    );
    h.get_by_label("Journal").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Private").next().is_some(),
        "the journal says it is private"
    );
    h.get_by_label("Anonymise").click();
    // Detection runs on a worker behind a spinner; wait for its findings.
    for _ in 0..600 {
        h.step();
        if h.query_all_by_label_contains("Kari Nordvik")
            .next()
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        h.query_all_by_label_contains("Kari Nordvik")
            .next()
            .is_some(),
        "the review lists a planted name"
    );
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Report").click();
    h.run();
    assert!(
        h.query_all_by_label_contains(final_theme).next().is_some(),
        "the report preview shows the theme"
    );
}

#[test]
fn ctrl_f_opens_search_from_the_coding_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = sample_app(tmp.path());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    assert_eq!(
        h.state().workspace().unwrap().view,
        tema::ui::app::View::Search
    );
}
