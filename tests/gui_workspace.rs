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
        .with_step_dt(1.0 / 60.0)
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
    tema::app::codes::quote_in(text, quote, 1).unwrap()
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

/// Code the selection through the palette: Ctrl+K, type, Enter.
fn code_with_palette(h: &mut H, typed: &str) {
    press_cmd(h, egui::Key::K);
    type_text(h, typed);
    h.key_press(egui::Key::Enter);
    h.run();
}

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
    code_with_palette(&mut h, "til");

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

fn click_at(h: &mut H, pos: Pos2, modifiers: Modifiers) {
    h.hover_at(pos);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    h.run();
}

/// Drag the mouse from one widget to another (drag and drop).
fn drag_between(h: &mut H, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.drag_at(from);
    h.run();
    h.hover_at(from + vec2(10.0, 10.0));
    h.run();
    h.hover_at(to);
    h.run();
    h.drop_at(to);
    h.run();
}

#[test]
fn in_vivo_coding_names_the_code_after_the_words_and_undoes_in_one_step() {
    let (_dir, p, _doc) = project_with_interview();
    let mut h = harness(p);
    h.run();
    drag_select(&mut h, "hver vår tue");
    press_cmd(&mut h, egui::Key::I);
    let list = codings(&h);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].code, "hver vår tue");
    assert!(h.query_by_label("hver vår tue (coding)").is_some());
    press_cmd(&mut h, egui::Key::Z);
    assert!(codings(&h).is_empty());
    assert!(
        project(&h).codes().unwrap().is_empty(),
        "one undo removes code and coding"
    );
}

#[test]
fn palette_creates_a_code_when_none_matches_and_recent_codes_reapply() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    let mut h = harness(p);
    h.run();
    drag_select(&mut h, "taushetsplikten står i veien");
    press_cmd(&mut h, egui::Key::K);
    type_text(&mut h, "Barrierer");
    assert!(h.query_by_label("Create code 'Barrierer'").is_some());
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(codings(&h)[0].code, "Barrierer");
    // Ctrl+R puts the last code on a new selection.
    drag_select(&mut h, "Det er ikke bra for ungdommen");
    press_cmd(&mut h, egui::Key::R);
    let names: Vec<String> = codings(&h).into_iter().map(|c| c.code).collect();
    assert_eq!(names, ["Barrierer", "Barrierer"]);
}

#[test]
fn double_click_selects_a_word_and_shift_click_extends() {
    let (_dir, p, _doc) = project_with_interview();
    let mut h = harness(p);
    h.run();
    let (start, end) = span_of(&h, "samarbeidet");
    let p = pos_of(&h, start + 3);
    click_at(&mut h, p, Modifiers::NONE);
    click_at(&mut h, p, Modifiers::NONE);
    assert_eq!(h.state().viewer().unwrap().selection(), Some((start, end)));
    let (_, far) = span_of(&h, "tjenestene");
    let q = pos_of(&h, far);
    h.key_down(egui::Key::A); // not a shortcut; makes sure keys do not disturb
    h.key_up(egui::Key::A);
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    click_at(&mut h, q, Modifiers::SHIFT);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert_eq!(h.state().viewer().unwrap().selection(), Some((start, far)));
}

#[test]
fn clicking_a_stripe_selects_the_coding_which_can_be_removed() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, tillit, "mye tillit");
    let mut h = harness(p);
    h.run();
    h.get_by_label("Tillit (coding)").click();
    h.run();
    h.get_by_label("Remove coding").click();
    h.run();
    assert!(codings(&h).is_empty());
    assert!(h.query_by_label("Tillit (coding)").is_none());
}

#[test]
fn merging_two_codes_through_the_codebook() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    let tiltro = create_code(&mut p, "Tiltro", None);
    code_quote(&mut p, doc, tillit, "mye tillit");
    code_quote(&mut p, doc, tiltro, "vi snakker sammen");
    let mut h = harness(p);
    h.run();
    codebook_entry(&h, "Tillit").click();
    h.run();
    codebook_entry(&h, "Tiltro").click_modifiers(Modifiers::COMMAND);
    h.run();
    h.get_by_label("Merge into…").click();
    h.run();
    h.get_by_label("into 'Tillit'").click();
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    let codes: Vec<String> = project(&h)
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(codes, ["Tillit"]);
    assert!(codings(&h).iter().all(|c| c.code == "Tillit"));
    assert_eq!(codings(&h).len(), 2);
    assert!(h.query_by_label("Tiltro").is_none());
}

#[test]
fn dragging_a_code_onto_another_nests_it() {
    let (_dir, mut p, _doc) = project_with_interview();
    let relasjoner = create_code(&mut p, "Relasjoner", None);
    let taus = create_code(&mut p, "Taushetsplikt", None);
    let mut h = harness(p);
    h.run();
    let from = codebook_entry(&h, "Taushetsplikt").rect().center();
    let to = codebook_entry(&h, "Relasjoner").rect().center();
    drag_between(&mut h, from, to);
    assert_eq!(project(&h).code(taus).unwrap().parent, Some(relasjoner));
}

#[test]
fn dragging_a_code_onto_the_selection_applies_it() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    let mut h = harness(p);
    h.run();
    let (start, end) = span_of(&h, "mye tillit");
    h.state_mut()
        .viewer_mut()
        .unwrap()
        .set_selection(start, end);
    h.run();
    let from = codebook_entry(&h, "Tillit").rect().center();
    let to = pos_of(&h, start + 2);
    drag_between(&mut h, from, to);
    let list = codings(&h);
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].start, list[0].end), (start, end));
}

#[test]
fn deleting_a_code_asks_first_and_says_how_many_codings_go() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, tillit, "mye tillit");
    code_quote(&mut p, doc, tillit, "vi snakker sammen");
    let mut h = harness(p);
    h.run();
    codebook_entry(&h, "Tillit").click();
    h.run();
    h.get_by_label("Delete…").click();
    h.run();
    assert!(h.query_by_label_contains("its 2 codings").is_some());
    h.get_by_label("Delete").click();
    h.run();
    assert!(project(&h).codes().unwrap().is_empty());
}

#[test]
fn retrieving_quotes_and_jumping_to_one() {
    let (_dir, mut p, _doc) = project_with_interview();
    // A second, long document where the quote sits far down.
    let mut long = String::new();
    for i in 0..200 {
        long.push_str(&format!(
            "Informant 1: Avsnitt {i} om skolen og hverdagen.\n\n"
        ));
    }
    long.push_str("Informant 1: Her kommer det viktige sitatet om tillit.");
    let doc2 = p
        .execute(tema::store::Command::Import {
            documents: vec![tema::store::NewDocument::from(parsed("Intervju 2", &long))],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc2, tillit, "det viktige sitatet om tillit");
    let mut h = harness(p);
    h.run();
    let first = h.state().workspace().unwrap().current_doc();
    assert_ne!(first, Some(doc2));
    codebook_entry(&h, "Tillit").click();
    h.run();
    h.get_by_label("«det viktige sitatet om tillit»").click();
    h.run();
    let v = h.state().viewer().unwrap();
    assert_eq!(
        v.doc_id(),
        Some(doc2),
        "the viewer shows the quote's document"
    );
    assert!(v.scroll_offset() > 100.0, "and has scrolled down to it");
    let (start, _) = span_of(&h, "det viktige sitatet");
    eprintln!(
        "DBG start {start} top {} off {} chars {}",
        v.top_offset(),
        v.scroll_offset(),
        v.doc.as_ref().unwrap().chars()
    );
    assert!(
        h.state().viewer().unwrap().screen_pos_of(start).is_some(),
        "the quote is on screen"
    );
}

#[test]
fn undo_menu_says_what_it_undoes() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, tillit, "mye tillit");
    let mut h = harness(p);
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo: apply code 'Tillit'").click();
    h.run();
    assert!(codings(&h).is_empty());
}

/// Frame times on a 350,000-char transcript with 1,000 codings. Run with
/// `cargo test --test gui_workspace bench -- --ignored --nocapture`
/// (debug build numbers are pessimistic; `tema bench ui` is the real figure).
#[test]
#[ignore]
fn bench_scrolling_a_long_transcript() {
    let stats = tema::bench::ui::frames(300, 350_000, 1_000, 60).unwrap();
    println!("{stats}");
    assert_eq!(stats.frames, 300);
}

#[test]
fn bench_hook_runs_on_a_small_transcript() {
    let stats = tema::bench::ui::frames(20, 20_000, 50, 5).unwrap();
    assert_eq!(stats.frames, 20);
    let t = &stats.timings;
    assert!(t.total(0.5) > 0.0 && t.total(0.99) >= t.total(0.5));
    assert!(stats.scrolled_px > 0.0, "the bench really scrolls");
}

/// The palette bench drives the real gestures (Ctrl+K, typing, Enter); it
/// checks itself that every apply reached the project.
#[test]
fn palette_bench_applies_through_the_palette() {
    let stats = tema::bench::ui::palette_transcript(20_000, 50, 5).unwrap();
    assert_eq!(stats.timings.len(), 5);
    assert!(stats.timings.total(0.5) > 0.0);
}

#[test]
fn mouse_wheel_scrolls_a_long_transcript_and_panels_keep_their_size() {
    let (_dir, mut p) = new_project();
    tema::bench::corpus::long_interview(&mut p, 50_000, 100, 5).unwrap();
    let mut h = harness(p);
    h.run();
    let width = h.state().viewer().unwrap().wrap_width();
    let mut last = 0.0;
    for _ in 0..10 {
        h.event(egui::Event::PointerMoved(Pos2::new(700.0, 300.0)));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: vec2(0.0, -90.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        h.step();
        let v = h.state().viewer().unwrap();
        assert!(v.scroll_offset() >= last);
        last = v.scroll_offset();
        assert_eq!(v.wrap_width(), width, "a panel grew and squeezed the text");
    }
    assert!(last > 200.0, "the wheel scrolled the text");
    assert!(h.state().viewer().unwrap().top_offset() > 0);
}

/// An empty text field, found by its hint text.
fn field<'a>(h: &'a H, hint: &'static str) -> egui_kittest::Node<'a> {
    h.get_by(move |n| n.placeholder() == Some(hint))
}

/// A code made in the codebook is selected there at once (the action
/// layer says which code to show).
#[test]
fn a_new_code_from_the_codebook_is_selected() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    let mut h = harness(p);
    h.run();
    field(&h, "New code name").click();
    h.run();
    type_text(&mut h, "Samarbeid");
    h.get_by_label("New code").click();
    h.run();
    let id = project(&h).resolve_code("Samarbeid").unwrap();
    let ws = h.state().workspace().unwrap();
    assert_eq!(ws.codebook.selected, vec![id]);
    assert_eq!(ws.data.codes.len(), 2);
}

#[test]
fn dragging_the_end_handle_of_a_coding_resizes_it() {
    let (_dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, tillit, "mye tillit");
    let mut h = harness(p);
    h.run();
    h.get_by_label("Tillit (coding)").click();
    h.run();
    let from = h.get_by_label("End of the coding").rect().center();
    let (start, end) = span_of(&h, "mye tillit som må på plass");
    let to = pos_of(&h, end);
    drag_between(&mut h, from, to);
    let c = &codings(&h)[0];
    assert_eq!((c.start, c.end), (start, end));
    assert_eq!(c.text, "mye tillit som må på plass");
}

fn copied_text(h: &H) -> Option<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
}

/// The interview with two participants who have a `sector` attribute, and
/// one code with a quote from each.
fn project_with_sectors() -> (tempfile::TempDir, Project, i64) {
    let (dir, mut p, doc) = project_with_interview();
    for (who, sector) in [("Lærer A", "skole"), ("Helsesykepleier B", "helse")] {
        let id = p.resolve_participant(who).unwrap();
        p.execute(tema::store::Command::SetAttribute {
            participant: id,
            key: "sector".into(),
            value: Some(sector.into()),
        })
        .unwrap();
    }
    let tillit = create_code(&mut p, "Tillit", None);
    code_quote(&mut p, doc, tillit, "det er jo mye tillit som må på plass");
    code_quote(&mut p, doc, tillit, "vi blir sittende på hver vår tue");
    (dir, p, doc)
}

#[test]
fn retrieval_filters_by_attribute_and_copies_quotes_with_attribution() {
    let (_dir, p, _doc) = project_with_sectors();
    let mut h = harness(p);
    h.run();
    codebook_entry(&h, "Tillit").click();
    h.run();
    assert!(h.query_by_label("2 quotes").is_some());
    h.get_by_label("Only where").click();
    h.run();
    h.get_by_label("sector").click();
    h.run();
    h.get_by_label("=").click();
    h.run();
    h.get_by_label("skole").click();
    h.run();
    assert!(
        h.query_by_label("1 quote").is_some(),
        "only the teacher's quote"
    );
    h.get_by_label("Copy quotes").click();
    h.step(); // the frame of the click carries the clipboard command
    let copied = copied_text(&h).expect("quotes were copied");
    assert_eq!(
        copied,
        "«det er jo mye tillit som må på plass» (Lærer A, Gruppeintervju 1)"
    );
}

#[test]
fn chosen_quotes_move_to_a_new_code() {
    let (_dir, p, _doc) = project_with_sectors();
    let mut h = harness(p);
    h.run();
    codebook_entry(&h, "Tillit").click();
    h.run();
    h.get_all_by_label("Choose this quote")
        .next()
        .unwrap()
        .click();
    h.run();
    field(&h, "Name of the new code").focus();
    h.run();
    type_text(&mut h, "Mistillit");
    h.get_by_label("Move to new code").click();
    h.run();
    let list = codings(&h);
    let mine: Vec<&str> = list.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(mine, ["Mistillit", "Tillit"]);
}

#[test]
fn familiarisation_notes_are_written_beside_the_text() {
    let (_dir, p, doc) = project_with_interview();
    let mut h = harness(p);
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Familiarisation notes").click();
    h.run();
    field(&h, "First impressions, questions, ideas…").focus();
    h.run();
    type_text(&mut h, "Mye om tillit og taushetsplikt");
    h.get_by_label("Add note").click();
    h.run();
    let notes = project(&h)
        .notes(
            Some(tema::model::NoteKind::Familiarisation),
            Some(doc),
            None,
        )
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text, "Mye om tillit og taushetsplikt");
}

#[test]
fn a_failing_change_shows_a_message_instead_of_crashing() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    create_code(&mut p, "Tiltro", None);
    let mut h = harness(p);
    h.run();
    codebook_entry(&h, "Tiltro").click();
    h.run();
    h.key_press(egui::Key::F2);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    type_text(&mut h, "Tillit");
    h.key_press(egui::Key::Enter);
    h.run();
    let messages = h.state().messages();
    assert!(
        messages.iter().any(|m| m.contains("exists already")),
        "{messages:?}"
    );
    assert!(
        h.query_by_label_contains("exists already").is_some(),
        "shown in the window"
    );
    let names: Vec<String> = project(&h)
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Tillit", "Tiltro"]);
}

#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_an_unreadable_file_reports_it_by_name() {
    let (dir, p, _doc) = project_with_interview();
    let mut h = harness(p);
    h.run();
    let missing = dir.path().join("finnes ikke.txt");
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(missing)));
    for _ in 0..300 {
        h.step();
        if !h.state().messages().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let messages = h.state().messages();
    assert!(
        messages.iter().any(|m| m.contains("finnes ikke.txt")),
        "{messages:?}"
    );
    assert_eq!(project(&h).documents().unwrap().len(), 1);
}

#[test]
fn layout_is_remembered_per_project() {
    let (dir, mut p, _doc) = project_with_interview();
    let doc2 = p
        .execute(tema::store::Command::Import {
            documents: vec![tema::store::NewDocument::from(parsed(
                "Intervju 2",
                "Informant 1: Kort.",
            ))],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    let path = p.dir().to_path_buf();
    let mut h = harness(p);
    h.run();
    h.get_by_label("Intervju 2").click();
    h.run();
    press_cmd(&mut h, egui::Key::Plus);
    let size = h.state().theme.font_size;
    h.state().save_now();
    drop(h);
    let h = harness(Project::open(&path).unwrap());
    assert_eq!(h.state().workspace().unwrap().current_doc(), Some(doc2));
    assert_eq!(h.state().theme.font_size, size);
    drop(dir);
}

/// Builds a demo project at $TEMA_DEMO_DIR for looking at the GUI by hand.
#[test]
#[ignore]
fn make_demo_project() {
    let Ok(dir) = std::env::var("TEMA_DEMO_DIR") else {
        return;
    };
    let _ = std::fs::remove_dir_all(&dir);
    let mut p = Project::create(std::path::Path::new(&dir), "Demo").unwrap();
    let mut doc = tema::store::NewDocument::from(parsed("Gruppeintervju 1", GROUP_INTERVIEW));
    doc.speakers = vec![
        ("Informant 1".into(), "Lærer A".into()),
        ("Informant 2".into(), "Helsesykepleier B".into()),
    ];
    let d = p
        .execute(tema::store::Command::Import {
            documents: vec![doc],
            participants: vec![],
        })
        .unwrap()
        .ids[0];
    let rel = create_code(&mut p, "Relasjoner", None);
    let tillit = create_code(&mut p, "Tillit", Some(rel));
    let taus = create_code(&mut p, "Taushetsplikt", None);
    code_quote(&mut p, d, tillit, "det er jo mye tillit som må på plass");
    code_quote(
        &mut p,
        d,
        rel,
        "Vi i skolen vet ofte ikke hva barnevernet gjør",
    );
    code_quote(&mut p, d, taus, "taushetsplikten står i veien");
    code_quote(&mut p, d, rel, "vi blir sittende på hver vår tue");
    tema::bench::corpus::long_interview(&mut p, 120_000, 300, 12).unwrap();
}

// ---------------------------------------------------------------- keyboard

const SHIFT: Modifiers = Modifiers::SHIFT;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Press `key` `times` times with `modifiers` held, as a user would.
fn press(h: &mut H, modifiers: Modifiers, key: egui::Key, times: usize) {
    for _ in 0..times {
        h.key_press_modifiers(modifiers, key);
        h.run();
    }
}

fn selection(h: &H) -> Option<(usize, usize)> {
    h.state().viewer().unwrap().selection()
}

fn text_has_focus(h: &H) -> bool {
    h.get_by_label("Transcript text").is_focused()
}

#[test]
fn words_selected_with_the_keyboard_are_coded_through_the_palette() {
    let (_dir, mut p, _doc) = project_with_interview();
    create_code(&mut p, "Tillit", None);
    let mut h = harness(p);
    h.run();
    let quote = "det er jo mye tillit som må på plass";
    let (start, end) = span_of(&h, quote);
    // A click puts the caret before "det" and gives the text the keyboard.
    let at = pos_of(&h, start);
    click_at(&mut h, at, Modifiers::NONE);
    assert!(text_has_focus(&h));
    // Nine words: "må" and "på" are one word each (æøå are letters), and
    // a word step stops at the word's end, not after the space.
    press(&mut h, CTRL_SHIFT, egui::Key::ArrowRight, 9);
    assert_eq!(selection(&h), Some((start, end)));
    // One char too far (the full stop) and back.
    press(&mut h, SHIFT, egui::Key::ArrowRight, 1);
    assert_eq!(selection(&h), Some((start, end + 1)));
    press(&mut h, SHIFT, egui::Key::ArrowLeft, 1);
    code_with_palette(&mut h, "til");
    let list = codings(&h);
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].start, list[0].end), (start, end));
    assert_eq!(list[0].text, quote);
    assert!(h.query_by_label("Tillit (coding)").is_some());
    assert!(
        text_has_focus(&h),
        "after the palette the keys select in the text again"
    );
}

#[test]
fn keys_select_lines_turns_and_the_document_and_escape_clears() {
    let (_dir, p, _doc) = project_with_interview();
    let mut h = harness(p);
    h.run();
    let (kan, end) = span_of(&h, "Kan du si mer om det?");
    let at = pos_of(&h, kan + 2);
    click_at(&mut h, at, Modifiers::NONE);
    // Home goes to the start of the words, past the speaker label.
    press(&mut h, Modifiers::NONE, egui::Key::Home, 1);
    assert_eq!(h.state().viewer().unwrap().caret(), Some(kan));
    press(&mut h, SHIFT, egui::Key::End, 1);
    assert_eq!(selection(&h), Some((kan, end)));
    // Ctrl+C reaches the app as egui's Copy event (what eframe sends).
    h.event(egui::Event::Copy);
    h.step();
    assert_eq!(copied_text(&h).as_deref(), Some("Kan du si mer om det?"));
    h.run();

    // A plain arrow collapses the selection; Shift+Up takes in the line
    // above (the end of the previous turn) and Shift+Down gives it back.
    press(&mut h, Modifiers::NONE, egui::Key::ArrowLeft, 1);
    assert_eq!(selection(&h), None);
    press(&mut h, SHIFT, egui::Key::ArrowUp, 1);
    let (og, _) = span_of(&h, "Og taushetsplikten");
    let turn_above = og - "Informant 2: ".len();
    let (up, down) = selection(&h).expect("Shift+Up selects");
    assert!(turn_above < up && up < kan && down == kan, "{up}..{down}");
    press(&mut h, SHIFT, egui::Key::ArrowDown, 1);
    assert_eq!(selection(&h), None, "back where it started");

    // Ctrl+A: the turn's words, then the whole interview.
    press(&mut h, Modifiers::COMMAND, egui::Key::A, 1);
    assert_eq!(selection(&h), Some((kan, end)));
    press(&mut h, Modifiers::COMMAND, egui::Key::A, 1);
    let all = h.state().viewer().unwrap().doc.as_ref().unwrap().chars();
    assert_eq!(selection(&h), Some((0, all)));
    press(&mut h, Modifiers::NONE, egui::Key::Escape, 1);
    assert_eq!(selection(&h), None);
    assert!(
        text_has_focus(&h),
        "Escape clears the selection, not the focus"
    );
}

#[test]
fn tab_reaches_the_text_and_the_view_follows_the_caret() {
    let (_dir, mut p) = new_project();
    tema::bench::corpus::long_interview(&mut p, 50_000, 100, 5).unwrap();
    let mut h = harness(p);
    h.run();
    for _ in 0..200 {
        if text_has_focus(&h) {
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    assert!(text_has_focus(&h), "Tab reaches the transcript");
    let on_screen = |h: &H| {
        let v = h.state().viewer().unwrap();
        let caret = v.caret().expect("a caret");
        let view = h.get_by_label("Transcript text").rect();
        v.screen_pos_of(caret).is_some_and(|p| view.contains(p))
    };
    press(&mut h, Modifiers::NONE, egui::Key::ArrowDown, 60);
    assert!(on_screen(&h), "sixty lines down the caret is in view");
    assert!(h.state().viewer().unwrap().scroll_offset() > 0.0);
    press(&mut h, CTRL_SHIFT, egui::Key::End, 1);
    assert!(on_screen(&h), "at the end of the document");
    let v = h.state().viewer().unwrap();
    let chars = v.doc.as_ref().unwrap().chars();
    assert_eq!(v.selection().map(|(_, b)| b), Some(chars));
    press(&mut h, Modifiers::COMMAND, egui::Key::Home, 1);
    assert!(on_screen(&h), "and back at the start");
    assert_eq!(h.state().viewer().unwrap().scroll_offset(), 0.0);
}

// ---------------------------------------------------------------- codebook order

fn code_names(h: &H) -> Vec<String> {
    project(h)
        .codes()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// The codebook's entries from top to bottom.
fn codebook_order(h: &H, names: &[String]) -> Vec<String> {
    let mut shown = names.to_vec();
    shown.sort_by(|a, b| {
        let y = |n: &str| codebook_entry(h, n).rect().top();
        y(a).total_cmp(&y(b))
    });
    shown
}

#[test]
fn dragging_a_code_to_the_edge_of_another_reorders_siblings_and_undo_restores() {
    let (_dir, mut p, _doc) = project_with_interview();
    for name in ["Relasjoner", "Taushetsplikt", "Tillit"] {
        create_code(&mut p, name, None);
    }
    let mut h = harness(p);
    h.run();
    // Tillit onto the upper edge of Taushetsplikt: before it.
    let from = codebook_entry(&h, "Tillit").rect().center();
    let target = codebook_entry(&h, "Taushetsplikt").rect();
    drag_between(
        &mut h,
        from,
        Pos2::new(target.center().x, target.top() + 1.0),
    );
    let names = code_names(&h);
    assert_eq!(names, ["Relasjoner", "Tillit", "Taushetsplikt"]);
    assert_eq!(
        codebook_order(&h, &names),
        names,
        "the tree shows the order"
    );
    assert!(
        project(&h)
            .codes()
            .unwrap()
            .iter()
            .all(|c| c.parent.is_none())
    );

    // Relasjoner onto the lower edge of Taushetsplikt: after it.
    let from = codebook_entry(&h, "Relasjoner").rect().center();
    let target = codebook_entry(&h, "Taushetsplikt").rect();
    drag_between(
        &mut h,
        from,
        Pos2::new(target.center().x, target.bottom() - 1.0),
    );
    assert_eq!(code_names(&h), ["Tillit", "Taushetsplikt", "Relasjoner"]);

    press_cmd(&mut h, egui::Key::Z);
    press_cmd(&mut h, egui::Key::Z);
    let names = code_names(&h);
    assert_eq!(names, ["Relasjoner", "Taushetsplikt", "Tillit"]);
    assert_eq!(codebook_order(&h, &names), names);
}
