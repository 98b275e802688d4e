//! Importing by dropping files on the window goes the command line's way:
//! one file that cannot be read imports nothing and the message names it;
//! a file imported before is left out with a warning.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use tema::Project;
use tema::ui::TemaApp;

const TEXT: &str = "Intervjuer: Hvordan går det?\n\nInformant 1: Det går fint.";

fn app(dir: &Path) -> Harness<'static, TemaApp> {
    let project = Project::create(dir, "Importstudie").unwrap();
    Harness::builder()
        .with_size(vec2(1200.0, 800.0))
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut TemaApp| app.ui(ui), TemaApp::new(project))
}

/// A file dropped on the window, as a desktop integration hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_files(h: &mut Harness<'static, TemaApp>, paths: &[PathBuf]) {
    for p in paths {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(p.clone())));
    }
}

/// Step until a label containing `text` shows (the files are read on a
/// thread).
fn wait_for(h: &mut Harness<'static, TemaApp>, text: &str) {
    for _ in 0..500 {
        h.step();
        if h.query_all_by_label_contains(text).next().is_some() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("no label containing {text:?}");
}

fn documents(dir: &Path) -> Vec<String> {
    let p = Project::open(dir).unwrap();
    p.documents().unwrap().into_iter().map(|d| d.name).collect()
}

#[test]
fn a_dropped_batch_with_a_bad_file_imports_nothing_and_a_repeat_is_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("studie");
    let good = tmp.path().join("intervju.txt");
    let bad = tmp.path().join("ødelagt.docx");
    let copy = tmp.path().join("kopi.txt");
    std::fs::write(&good, TEXT).unwrap();
    std::fs::write(&bad, "dette er ingen Word-fil").unwrap();
    std::fs::write(&copy, TEXT).unwrap();
    let mut h = app(&dir);
    h.run();

    drop_files(&mut h, &[good.clone(), bad]);
    wait_for(&mut h, "Nothing was imported");
    assert!(
        h.query_all_by_label_contains("ødelagt.docx")
            .next()
            .is_some(),
        "the message names the bad file"
    );
    assert!(
        documents(&dir).is_empty(),
        "the good file was not imported either"
    );

    drop_files(&mut h, &[good]);
    wait_for(&mut h, "Imported 1 documents");
    assert_eq!(documents(&dir), ["intervju"]);

    drop_files(&mut h, &[copy]);
    wait_for(&mut h, "identical to 'intervju', imported before");
    assert_eq!(documents(&dir), ["intervju"], "the repeat is left out");
}

/// A dropped survey (CSV) opens a dialog over its columns; the chosen id,
/// free-text and attribute columns import as the command line's
/// `import-survey` does, in one undoable step.
#[test]
fn a_dropped_survey_asks_for_its_columns_and_imports_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("studie");
    let csv = tmp.path().join("svar.csv");
    std::fs::write(
        &csv,
        "nr;rolle;Hva fungerer?;Hva bør endres?\n\
         R1;lærer;Samarbeidet med helsesykepleier;Mer tid\n\
         R2;rådgiver;Møtene hver uke;Færre skjemaer\n",
    )
    .unwrap();
    let mut h = app(&dir);
    h.run();

    drop_files(&mut h, &[csv]);
    h.run();
    assert!(
        h.query_by_label("Import survey").is_some(),
        "the dialog shows"
    );
    assert!(
        h.query_by_label("Choose at least one free-text column.")
            .is_some()
    );
    h.get_by_label("Free text: Hva fungerer?").click();
    h.run();
    h.get_by_label("Attribute: rolle").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    wait_for(&mut h, "Imported 1 documents from svar.csv");
    assert!(
        h.query_by_label("Import survey").is_none(),
        "the dialog closed"
    );
    assert_eq!(documents(&dir), ["svar – Hva fungerer?"]);
    let p = Project::open(&dir).unwrap();
    let people = p.participants().unwrap();
    assert_eq!(people.len(), 2);
    assert!(
        people
            .iter()
            .any(|r| r.label == "R1"
                && r.attributes.get("rolle").map(String::as_str) == Some("lærer"))
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(documents(&dir).is_empty(), "one undo takes the survey away");
    assert!(
        Project::open(&dir)
            .unwrap()
            .participants()
            .unwrap()
            .is_empty()
    );
}
