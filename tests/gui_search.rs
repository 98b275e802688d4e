//! The search and anonymisation panels, each rendered alone in a harness:
//! the actions they emit are carried out on the project by a tiny stand-in
//! for the app, as `TemaApp` would (every change a command, `version` bumped).

mod anon_common;
use anon_common::*;

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};
use tema::Project;
use tema::store::{Command, NewDocument};
use tema::ui::actions::Action;
use tema::ui::search_panel::{Scope, SearchPanel};

/// What the app would hold: the project, a version, the open document.
struct App<P> {
    project: Project,
    panel: P,
    version: u64,
    doc: Option<i64>,
    jumps: Vec<(i64, usize, usize)>,
    opened: Vec<i64>,
    errors: Vec<String>,
    notes: Vec<String>,
}

impl<P> App<P> {
    fn new(project: Project, panel: P, doc: Option<i64>) -> Self {
        App {
            project,
            panel,
            version: 0,
            doc,
            jumps: Vec::new(),
            opened: Vec::new(),
            errors: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Carry out what a panel asked for, as the app does after the frame.
    fn apply(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Do(call) => {
                    if let Err(e) = call.run(&mut self.project) {
                        self.errors.push(format!("{e:#}"));
                    }
                    self.version += 1;
                }
                Action::JumpTo { doc, start, end } => self.jumps.push((doc, start, end)),
                Action::OpenDocument(doc) => self.opened.push(doc),
                Action::Error(e) => self.errors.push(e),
                Action::Notify(n) => self.notes.push(n),
                Action::Anon(a) => {
                    match tema::ui::anonymise_panel::apply_anon_action(&mut self.project, a) {
                        Ok(msg) => self.notes.push(msg),
                        Err(e) => self.errors.push(format!("{e:#}")),
                    }
                    self.version += 1;
                }
                other => panic!("unexpected action {other:?}"),
            }
        }
    }
}

type SearchH = Harness<'static, App<SearchPanel>>;

fn search_harness(project: Project, doc: Option<i64>) -> SearchH {
    Harness::builder()
        .with_size(vec2(900.0, 700.0))
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, app: &mut App<SearchPanel>| {
                let mut actions = Vec::new();
                app.panel
                    .ui(ui, &app.project, app.version, app.doc, &mut actions);
                app.apply(actions);
            },
            App::new(project, SearchPanel::default(), doc),
        )
}

/// Run frames (in real time, the worker is a thread) until `done`.
fn run_until<S>(h: &mut Harness<'static, S>, what: &str, done: impl Fn(&S) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        h.step();
        if done(h.state()) {
            h.step();
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn type_query(h: &mut SearchH, text: &str) {
    h.state_mut().panel.focus(Scope::Project);
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.event(egui::Event::Text(text.into()));
    h.step();
}

fn wait_for_results(h: &mut SearchH) {
    run_until(h, "search results", |a| {
        !a.panel.is_busy() && (a.panel.hits().next().is_some() || a.panel.error().is_some())
    });
}

/// Two interviews that both speak of trust.
fn two_interviews() -> (tempfile::TempDir, Project, i64, i64) {
    let (dir, mut p, doc1) = project_with_interview();
    let text2 = "Intervjuer: Hva betyr tillit for deg?\n\nInformant 3: Tillit er alt. Uten tillit blir det ikke noe samarbeid.";
    let doc2 = p
        .execute(Command::Import {
            documents: vec![NewDocument::from(parsed("Intervju 2", text2))],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    (dir, p, doc1, doc2)
}

#[test]
fn typing_a_query_lists_hits_grouped_by_document_and_a_click_jumps_to_the_words() {
    let (_dir, p, doc1, doc2) = two_interviews();
    let mut h = search_harness(p, Some(doc1));
    h.run();
    type_query(&mut h, "tillit");
    // Debounced: nothing is searched while the user is still typing.
    assert!(h.state().panel.is_busy());
    assert_eq!(h.state().panel.hits().count(), 0);
    wait_for_results(&mut h);

    let groups = h.state().panel.groups().to_vec();
    let titles: Vec<&str> = groups.iter().map(|g| g.title.as_str()).collect();
    assert!(titles.contains(&"Gruppeintervju 1"), "{titles:?}");
    assert!(titles.contains(&"Intervju 2"), "{titles:?}");
    let g1 = groups.iter().find(|g| g.doc_id == Some(doc1)).unwrap();
    assert_eq!(g1.hits.len(), 1);
    let g2 = groups.iter().find(|g| g.doc_id == Some(doc2)).unwrap();
    assert_eq!(g2.hits.len(), 2, "question and answer turns of Intervju 2");
    // Shown: the group heading with its count, the KWIC line with the word marked.
    assert!(h.query_by_label_contains("Gruppeintervju 1 (1)").is_some());
    assert!(h.query_by_label_contains("Intervju 2 (2)").is_some());
    let hit = &g1.hits[0];
    assert!(
        hit.kwic.iter().any(|(t, m)| *m && t == "tillit"),
        "{:?}",
        hit.kwic
    );
    assert!(h.query_by_label_contains("3 hits in 2 places").is_some());

    h.get_by_label_contains("det er jo mye tillit som").click();
    h.step();
    h.step();
    let text = h.state().project.text(doc1).unwrap();
    let (start, end) = tema::app::codes::quote_in(&text, "tillit", 1).unwrap();
    assert_eq!(h.state().jumps, vec![(doc1, start, end)]);
    assert!(h.state().errors.is_empty(), "{:?}", h.state().errors);
}

#[test]
fn scope_current_document_searches_only_the_open_one() {
    let (_dir, p, doc1, _doc2) = two_interviews();
    let mut h = search_harness(p, Some(doc1));
    h.run();
    h.state_mut().panel.focus(Scope::CurrentDocument);
    h.step();
    h.event(egui::Event::Text("tillit".into()));
    h.step();
    wait_for_results(&mut h);
    let groups = h.state().panel.groups();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].doc_id, Some(doc1));
}

#[test]
fn a_malformed_query_shows_the_engines_message() {
    let (_dir, p, doc1, _) = two_interviews();
    let mut h = search_harness(p, Some(doc1));
    h.run();
    type_query(&mut h, "\"på tvers");
    wait_for_results(&mut h);
    let e = h
        .state()
        .panel
        .error()
        .expect("an error is shown")
        .to_string();
    assert!(e.contains("unbalanced quote"), "{e}");
    assert!(h.query_by_label_contains("Can't read the query").is_some());
    assert_eq!(h.state().panel.hits().count(), 0);
    // Fixing the query brings results back.
    h.event(egui::Event::Text("\"".into()));
    h.step();
    run_until(&mut h, "results after the fix", |a| {
        !a.panel.is_busy() && a.panel.error().is_none()
    });
}

#[test]
fn code_all_hits_by_sentence_is_one_undoable_step() {
    let (_dir, mut p, doc1, doc2) = two_interviews();
    let code = create_code(&mut p, "Tillit", None);
    let mut h = search_harness(p, Some(doc1));
    h.run();
    type_query(&mut h, "tillit");
    wait_for_results(&mut h);

    h.get_by_label("Code all hits…").click();
    h.step();
    h.get_by_role_and_label(egui::Role::Button, "Tillit")
        .click();
    h.step();
    h.get_by_label("The sentence").click();
    h.step();
    run_until(&mut h, "the preview", |_| true);
    let deadline = Instant::now() + Duration::from_secs(30);
    while h
        .query_by_label_contains("passage(s) with 'Tillit'")
        .is_none()
    {
        assert!(Instant::now() < deadline, "no code button");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // The preview lists the sentences.
    assert!(
        h.query_by_label_contains("«Tja, det er jo mye tillit som må på plass.»")
            .is_some()
    );
    assert!(h.query_by_label_contains("«Tillit er alt.»").is_some());
    h.get_by_label_contains("passage(s) with 'Tillit'").click();
    h.step();
    h.step();

    let app = h.state();
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    let codings = app.project.codings(&Default::default()).unwrap();
    let mut quotes: Vec<(i64, String)> = codings
        .iter()
        .map(|c| {
            assert_eq!(c.code_id, code);
            (c.doc_id, c.text.clone())
        })
        .collect();
    quotes.sort();
    assert_eq!(
        quotes,
        vec![
            (
                doc1,
                "Tja, det er jo mye tillit som må på plass.".to_string()
            ),
            (doc2, "Hva betyr tillit for deg?".to_string()),
            (doc2, "Tillit er alt.".to_string()),
            (doc2, "Uten tillit blir det ikke noe samarbeid.".to_string()),
        ]
    );
    let mut project = h.into_state().project;
    project.undo().unwrap();
    assert!(project.codings(&Default::default()).unwrap().is_empty());
    assert_eq!(project.codes().unwrap().len(), 1, "the code stays");
}

#[test]
fn code_all_hits_with_a_new_code_creates_it_then_codes() {
    let (_dir, p, doc1, _doc2) = two_interviews();
    let mut h = search_harness(p, Some(doc1));
    h.run();
    type_query(&mut h, "taushetsplikten");
    wait_for_results(&mut h);
    h.get_by_label("Code all hits…").click();
    h.step();
    // The second text field: the code filter.
    h.get_all_by_role(egui::Role::TextInput)
        .nth(1)
        .expect("the code filter")
        .click();
    h.step();
    h.event(egui::Event::Text("Taushet".into()));
    h.step();
    h.get_by_label("Create new code 'Taushet'").click();
    h.step();
    let deadline = Instant::now() + Duration::from_secs(30);
    while h
        .query_by_label_contains("passage(s) with 'Taushet'")
        .is_none()
    {
        assert!(Instant::now() < deadline, "no code button");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.get_by_label_contains("passage(s) with 'Taushet'").click();
    for _ in 0..4 {
        h.step();
    }
    let app = h.state();
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    let codings = app.project.codings(&Default::default()).unwrap();
    assert_eq!(codings.len(), 1);
    assert_eq!(codings[0].code, "Taushet");
    assert_eq!(codings[0].text, "taushetsplikten");
    // The new code and its codings are one step: one undo takes both.
    let app = h.state_mut();
    app.project.undo().unwrap();
    assert!(app.project.codings(&Default::default()).unwrap().is_empty());
    assert!(
        app.project.resolve_code("Taushet").is_err(),
        "the code went with its codings"
    );
}

// ---------------------------------------------------------------- anonymise

use tema::anonymise::Status;
use tema::ui::anonymise_panel::{AnonymisePanel, Section};

type AnonH = Harness<'static, App<AnonymisePanel>>;

fn anon_harness(project: Project, doc: Option<i64>) -> AnonH {
    Harness::builder()
        .with_size(vec2(1100.0, 800.0))
        .with_max_steps(400)
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, app: &mut App<AnonymisePanel>| {
                let mut actions = Vec::new();
                app.panel
                    .ui(ui, &app.project, app.version, app.doc, &mut actions);
                app.apply(actions);
            },
            App::new(project, AnonymisePanel::default(), doc),
        )
}

fn wait_for_detection(h: &mut AnonH) {
    run_until(h, "detection", |a| a.panel.is_current(a.version));
}

fn entity<'a>(h: &'a AnonH, name: &str) -> &'a tema::anonymise::EntityGroup {
    let list = h.state().panel.entities().expect("entities listed");
    list.iter().find(|g| g.entity == name).unwrap_or_else(|| {
        let names: Vec<&str> = list.iter().map(|g| g.entity.as_str()).collect();
        panic!("no entity '{name}' in {names:?}")
    })
}

/// Apply through the panel's test hook (what "Apply…" does after its dialog).
fn request_apply(h: &mut AnonH, key: std::path::PathBuf) {
    let app = h.state_mut();
    let mut actions = Vec::new();
    app.panel.request_apply(&app.project, key, &mut actions);
    app.apply(actions);
    h.step();
}

#[test]
fn review_reject_one_accept_the_rest_then_apply_outside_the_project() {
    let study = study();
    let docs = study.docs;
    let project_dir = study.project_dir().to_path_buf();
    let _keep_dir = study.dir;
    let mut h = anon_harness(study.project, Some(docs[0]));
    h.step();
    wait_for_detection(&mut h);

    // "Kari Nordvik" is listed with its occurrences in all three documents.
    let kari = entity(&h, "Kari Nordvik").clone();
    assert_eq!(kari.status, Status::Suggested);
    let in_docs: std::collections::BTreeSet<i64> = kari
        .occurrences
        .iter()
        .filter(|o| o.field.is_none())
        .map(|o| o.doc)
        .collect();
    assert_eq!(in_docs.len(), 3, "{:?}", kari.occurrences);
    // And where the name stands outside the transcripts: the code name,
    // the memo and the document's name are reviewed with it.
    let fields: Vec<&str> = kari
        .occurrences
        .iter()
        .filter_map(|o| o.field.as_ref().map(|f| f.what.as_str()))
        .collect();
    for what in ["code name", "coding memo", "document name"] {
        assert!(fields.contains(&what), "{what} in {fields:?}");
    }
    assert!(
        h.query_all_by_label(&format!("{} occurrences", kari.occurrences.len()))
            .next()
            .is_some()
    );
    // Expand it: each occurrence with its context; a click jumps to the words.
    h.get_by_role_and_label(egui::Role::Label, "Kari Nordvik")
        .click();
    h.step();
    h.step();
    let first = &kari.occurrences[0];
    assert!(first.context.contains(&first.text));
    h.get_by_label_contains(&first.context).click();
    h.step();
    assert_eq!(
        h.state().jumps.last(),
        Some(&(first.doc, first.start, first.end))
    );
    let text = h.state().project.text(first.doc).unwrap();
    assert_eq!(
        tema::text::slice_chars(&text, first.start, first.end),
        first.text
    );

    // Keep Ålesund; accept the rest with the confirmation.
    h.get_by_label("Keep Ålesund").click();
    h.step();
    wait_for_detection(&mut h);
    assert_eq!(entity(&h, "Ålesund").status, Status::Rejected);
    h.get_by_label("Accept all suggestions…").click();
    h.step();
    assert!(
        h.query_by_label_contains("entities still to review")
            .is_some()
    );
    h.get_by_label("Yes, replace them all").click();
    h.step();
    wait_for_detection(&mut h);
    assert_eq!(entity(&h, "Kari Nordvik").status, Status::Accepted);
    assert!(
        h.state()
            .panel
            .entities()
            .unwrap()
            .iter()
            .all(|g| g.status != Status::Suggested || g.occurrences.is_empty())
    );

    // A key inside the project is refused, readably, and nothing changes.
    h.state_mut().panel.section = Section::ApplyShare;
    h.step();
    let before = h.state().project.text(docs[0]).unwrap();
    request_apply(&mut h, project_dir.join("link-key.csv"));
    h.step();
    match h.state().panel.apply_message() {
        Some(Err(e)) => assert!(e.contains("inside the project"), "{e}"),
        other => panic!("no refusal: {other:?}"),
    }
    assert!(h.query_by_label_contains("inside the project").is_some());
    assert_eq!(h.state().project.text(docs[0]).unwrap(), before);
    assert!(!project_dir.join("link-key.csv").exists());

    // Outside: applied; the texts are rewritten, the audit lists it.
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("link-key.csv");
    request_apply(&mut h, key.clone());
    wait_for_detection(&mut h);
    let app = h.state();
    assert!(app.errors.is_empty(), "{:?}", app.errors);
    assert!(key.exists(), "the link key is written");
    for doc in docs {
        let t = app.project.text(doc).unwrap();
        assert!(!t.contains("Kari Nordvik"), "{t}");
        assert!(!t.contains("Per-Arne"), "{t}");
    }
    assert!(
        app.project.text(docs[0]).unwrap().contains("Ålesund"),
        "kept"
    );
    assert!(
        app.notes.iter().any(|n| n.starts_with("Anonymised:")),
        "{:?}",
        app.notes
    );
    assert!(
        h.query_by_label_contains("Kari Nordvik -> ").is_some(),
        "audit row"
    );
    assert!(h.query_by_label_contains("Nothing replaced yet").is_none());
    // One undo takes the whole apply back.
    let mut project = h.into_state().project;
    project.undo().unwrap();
    assert!(project.text(docs[0]).unwrap().contains("Kari Nordvik"));
}

#[test]
fn preview_shows_the_open_document_with_replacements() {
    let mut study = study();
    let docs = study.docs;
    tema::anonymise::anon_accept(
        &mut study.project,
        &tema::anonymise::Selection::Entities(vec!["Kari Nordvik".into()]),
    )
    .unwrap();
    let _keep_dir = study.dir;
    let mut h = anon_harness(study.project, Some(docs[1]));
    h.state_mut().panel.section = Section::Preview;
    h.step();
    run_until(&mut h, "the preview", |a| a.panel.preview().is_some());
    let p = h.state().panel.preview().unwrap().clone();
    assert_eq!(p.doc, docs[1]);
    let text = p.text();
    assert!(!text.contains("Kari Nordvik"), "{text}");
    let marked: Vec<&str> = p
        .runs
        .iter()
        .filter(|(_, m)| *m)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(text.contains(marked[0]));
    // The project itself is untouched.
    assert!(
        h.state()
            .project
            .text(docs[1])
            .unwrap()
            .contains("Kari Nordvik")
    );
}

#[test]
fn a_rule_from_a_selection_replaces_it_everywhere() {
    let study = study();
    let docs = study.docs;
    let _keep_dir = study.dir;
    let mut h = anon_harness(study.project, Some(docs[0]));
    h.step();
    h.state_mut().panel.rule_from_selection("skjemaet".into());
    h.step();
    assert_eq!(h.state().panel.rule.original, "skjemaet");
    // The original field has the focus; type the replacement in the second field.
    h.get_all_by_role(egui::Role::TextInput)
        .nth(1)
        .expect("replacement field")
        .click();
    h.step();
    h.event(egui::Event::Text("[Dokument]".into()));
    h.step();
    h.get_by_label("Add rule").click();
    h.step();
    h.step();
    let rules = tema::anonymise::anon_rules(&h.state().project).unwrap();
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].rule.original, "skjemaet");
    assert_eq!(rules[0].rule.replacement, "[Dokument]");
    assert!(
        h.query_by_label_contains("skjemaet -> [Dokument]")
            .is_some()
    );
}

#[test]
fn share_is_refused_readably_until_everything_is_reviewed_and_applied() {
    let study = study();
    let docs = study.docs;
    let _keep_dir = study.dir;
    let mut h = anon_harness(study.project, Some(docs[0]));
    h.state_mut().panel.section = Section::ApplyShare;
    h.step();
    wait_for_detection(&mut h);
    let outs = tempfile::tempdir().unwrap();

    let share = |h: &mut AnonH, out: std::path::PathBuf| {
        let ctx = h.ctx.clone();
        let app = h.state_mut();
        app.panel.request_share(&app.project, out, &ctx);
        h.step();
        assert!(h.state().panel.is_sharing() || h.state().panel.share_message().is_some());
        run_until(h, "the share", |a| !a.panel.is_sharing());
        h.state()
            .panel
            .share_message()
            .cloned()
            .expect("a share message")
    };

    let refused = share(&mut h, outs.path().join("copy1")).unwrap_err();
    assert!(refused.contains("have not been reviewed"), "{refused}");
    assert!(
        refused.contains("Replace or Keep in the Review list"),
        "{refused}"
    );
    assert!(
        !refused.contains("tema anon"),
        "no command-line hints: {refused}"
    );
    assert!(h.query_by_label_contains("refusing to share").is_some());
    assert!(!outs.path().join("copy1").exists());

    // Accept everything, but do not apply yet: refused again, pointing at Apply.
    h.state_mut().panel.section = Section::Review;
    h.step();
    h.get_by_label("Accept all suggestions…").click();
    h.step();
    h.get_by_label("Yes, replace them all").click();
    h.step();
    wait_for_detection(&mut h);
    let refused = share(&mut h, outs.path().join("copy2")).unwrap_err();
    assert!(refused.contains("use Apply… first"), "{refused}");

    let keys = tempfile::tempdir().unwrap();
    request_apply(&mut h, keys.path().join("key.json"));
    wait_for_detection(&mut h);
    assert!(h.state().errors.is_empty(), "{:?}", h.state().errors);
    let ok = share(&mut h, outs.path().join("copy3")).expect("shared");
    assert!(ok.contains("none left"), "{ok}");
    assert!(outs.path().join("copy3").join("project.db").exists());
}
