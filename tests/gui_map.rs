//! The thematic map and the reflexive journal, each panel alone in a
//! harness, driven as a user would (drags, clicks, typing); the `Action`s
//! they emit are applied to the project as the app would. Also the map's
//! SVG and PNG exports and `tema map export`.

mod common;
use common::*;
use egui::{Modifiers, Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use quick_xml::events::Event as XmlEvent;
use tema::Project;
use tema::export::map::{MapOptions, map_png, map_svg, map_svg_with, svg_to_png};
use tema::model::{Id, JournalLink, MapNodeRef, ThemeStatus};
use tema::store::{Command, PHASES, ThemeCommand};
use tema::ui::actions::Action;
use tema::ui::journal::JournalPanel;
use tema::ui::map::{MapPanel, export_map};
use tema::ui::strings as s;

/// A project with a panel: what the app would hold.
struct World<P> {
    project: Project,
    version: u64,
    panel: P,
    /// Actions other than changes (open a document, messages…).
    other: Vec<Action>,
    errors: Vec<String>,
    _dir: tempfile::TempDir,
}

impl<P> World<P> {
    /// Carry out actions as `TemaApp` does: changes through the action layer,
    /// each bumping the version the panels cache by.
    fn apply(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Do(call) => match call.run(&mut self.project) {
                    Ok(_) => self.version += 1,
                    Err(e) => self.errors.push(format!("{e:#}")),
                },
                Action::Error(e) => self.errors.push(e),
                other => self.other.push(other),
            }
        }
    }

    fn undo(&mut self) {
        self.project.undo().unwrap().expect("something to undo");
        self.version += 1;
    }
}

trait Panel {
    fn show(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, actions: &mut Vec<Action>);
}
impl Panel for MapPanel {
    fn show(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, actions: &mut Vec<Action>) {
        self.ui(ui, p, version, actions)
    }
}
impl Panel for JournalPanel {
    fn show(&mut self, ui: &mut egui::Ui, p: &Project, version: u64, actions: &mut Vec<Action>) {
        self.ui(ui, p, version, actions)
    }
}

fn harness<P: Panel + Default + 'static>(fixture: Fixture) -> Harness<'static, World<P>> {
    let world = World {
        project: fixture.project,
        version: 1,
        panel: P::default(),
        other: Vec::new(),
        errors: Vec::new(),
        _dir: fixture.dir,
    };
    let mut h = Harness::builder()
        .with_size(vec2(1200.0, 800.0))
        .with_max_steps(200)
        .build_ui_state(
            |ui, w: &mut World<P>| {
                let mut actions = Vec::new();
                w.panel.show(ui, &w.project, w.version, &mut actions);
                w.apply(actions);
            },
            world,
        );
    h.run();
    h
}

struct Fixture {
    dir: tempfile::TempDir,
    project: Project,
    doc: Id,
    /// "Tillit som forutsetning" (final), with the sub-theme "Hver sin tue".
    trust: Id,
    /// "Taushetsplikt som barriere" (candidate).
    secrecy: Id,
    sub: Id,
    discarded: Id,
}

const TRUST: &str = "Tillit som forutsetning";
const SECRECY: &str = "Taushetsplikt som barriere";
const SUB: &str = "Hver sin tue";
const DISCARDED: &str = "Skolen vet ikke";

fn theme(p: &mut Project, name: &str, status: ThemeStatus, parent: Option<Id>) -> Id {
    p.execute(Command::Theme(ThemeCommand::CreateTheme {
        name: name.into(),
        status,
        definition: String::new(),
        parent,
        codes: vec![],
    }))
    .unwrap()
    .ids[0]
}

fn run(p: &mut Project, cmd: ThemeCommand) {
    p.execute(Command::Theme(cmd)).unwrap();
}

fn fixture() -> Fixture {
    let (dir, mut p, doc) = project_with_interview();
    let tillit = create_code(&mut p, "Tillit", None);
    let taushet = create_code(&mut p, "Taushetsplikt", None);
    let tue = create_code(&mut p, "Sitter på hver vår tue", None);
    let trust = theme(&mut p, TRUST, ThemeStatus::Final, None);
    let secrecy = theme(&mut p, SECRECY, ThemeStatus::Candidate, None);
    let sub = theme(&mut p, SUB, ThemeStatus::Candidate, Some(trust));
    let discarded = theme(&mut p, DISCARDED, ThemeStatus::Discarded, None);
    for (t, c) in [(trust, tillit), (secrecy, taushet), (sub, tue)] {
        run(
            &mut p,
            ThemeCommand::AddCode {
                theme: t,
                code: c,
                why: None,
            },
        );
    }
    run(
        &mut p,
        ThemeCommand::AddEdge {
            from: trust,
            to: secrecy,
            label: "i spenning med".into(),
        },
    );
    run(
        &mut p,
        ThemeCommand::AddEdge {
            from: discarded,
            to: trust,
            label: "fører til".into(),
        },
    );
    run(
        &mut p,
        ThemeCommand::AddJournal {
            date: Some("2024-03-01".into()),
            phase: Some(1),
            text: "Jeg merker at jeg har sympati med skolen.".into(),
            links: vec![JournalLink::Document(doc)],
        },
    );
    run(
        &mut p,
        ThemeCommand::AddJournal {
            date: Some("2024-03-08".into()),
            phase: Some(2),
            text: "Kodet tillit bredt; må skille mellom tillit og kjennskap.".into(),
            links: vec![JournalLink::Code(tillit)],
        },
    );
    Fixture {
        dir,
        project: p,
        doc,
        trust,
        secrecy,
        sub,
        discarded,
    }
}

fn saved_position(p: &Project, node: MapNodeRef) -> Option<(f64, f64)> {
    let map = p.map().unwrap();
    let n = map.nodes.iter().find(|n| n.node == node)?;
    Some((n.x?, n.y?))
}

/// Drag with the mouse from `from` by `by`, in a few moves.
fn drag(h: &mut Harness<'static, World<MapPanel>>, from: Pos2, by: egui::Vec2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=4 {
        h.hover_at(from + by * (k as f32 / 4.0));
        h.run();
    }
    h.drop_at(from + by);
    h.run();
}

// --------------------------------------------------------------------- map

#[test]
fn map_shows_themes_and_sub_themes_but_not_discarded() {
    let h = harness::<MapPanel>(fixture());
    for name in [TRUST, SECRECY, SUB] {
        assert!(h.query_by_label(name).is_some(), "{name} is on the map");
    }
    assert!(h.query_by_label(DISCARDED).is_none());
    assert!(h.query_by_label("Tillit").is_none(), "codes are off");
    let map = h.state().panel.layout().unwrap();
    assert_eq!(map.nodes.len(), 3);
    assert_eq!(map.links.len(), 1, "the sub-theme hangs from its theme");
    assert_eq!(map.edges.len(), 1, "the edge from a hidden theme is hidden");

    // Toggles: discarded themes, then codes.
    let mut h = h;
    h.get_by_label(s::MAP_SHOW_DISCARDED).click();
    h.run();
    h.get_by_label(s::MAP_SHOW_CODES).click();
    h.run();
    assert!(h.query_by_label(DISCARDED).is_some());
    assert!(h.query_by_label("Tillit").is_some(), "codes shown");
    let map = h.state().panel.layout().unwrap();
    assert_eq!(map.nodes.len(), 4 + 3);
    assert_eq!(map.edges.len(), 2);
}

#[test]
fn drag_a_theme_saves_its_position_once_and_undo_restores_it() {
    let f = fixture();
    let trust = MapNodeRef::Theme(f.trust);
    let mut h = harness::<MapPanel>(f);
    assert_eq!(saved_position(&h.state().project, trust), None);
    let auto = {
        let map = h.state().panel.layout().unwrap();
        let n = &map.nodes[map.index_of(trust).unwrap()];
        (n.x, n.y)
    };
    let zoom = h.state().panel.zoom() as f64;
    let centre = h.get_by_label(TRUST).rect().center();
    drag(&mut h, centre, vec2(80.0, 40.0));

    let (x, y) = saved_position(&h.state().project, trust).expect("placed");
    assert!(
        (x - (auto.0 + 80.0 / zoom)).abs() < 1.0,
        "x {x} vs {auto:?}"
    );
    assert!(
        (y - (auto.1 + 40.0 / zoom)).abs() < 1.0,
        "y {y} vs {auto:?}"
    );
    assert!(h.state().errors.is_empty(), "{:?}", h.state().errors);
    // The node is drawn where it was dropped.
    let now = h.get_by_label(TRUST).rect().center();
    assert!((now - (centre + vec2(80.0, 40.0))).length() < 2.0);

    // A second drag, then undo: back to the first drop, not further.
    drag(&mut h, now, vec2(-30.0, 60.0));
    let second = saved_position(&h.state().project, trust).unwrap();
    assert!((second.1 - (y + 60.0 / zoom)).abs() < 1.0);
    h.state_mut().undo();
    h.run();
    assert_eq!(
        saved_position(&h.state().project, trust),
        Some((x, y)),
        "one drag is one undo step"
    );
    h.state_mut().undo();
    h.run();
    assert_eq!(saved_position(&h.state().project, trust), None);
    let back = h.get_by_label(TRUST).rect().center();
    assert!(
        (back - centre).length() < 2.0,
        "drawn at its automatic place again"
    );
}

#[test]
fn drag_the_background_pans_without_saving() {
    let f = fixture();
    let mut h = harness::<MapPanel>(f);
    let before = h.get_by_label(TRUST).rect().center();
    let canvas_corner = Pos2::new(30.0, 780.0);
    drag(&mut h, canvas_corner, vec2(50.0, -20.0));
    let after = h.get_by_label(TRUST).rect().center();
    assert!((after - before - vec2(50.0, -20.0)).length() < 1.0);
    assert!(
        h.state()
            .project
            .map()
            .unwrap()
            .nodes
            .iter()
            .all(|n| n.x.is_none())
    );

    let zoom = h.state().panel.zoom();
    h.get_by_label(s::MAP_ZOOM_IN).click();
    h.run();
    assert!(h.state().panel.zoom() > zoom * 1.2);
}

#[test]
fn connect_two_themes_with_a_label_then_delete_the_link() {
    let f = fixture();
    let (secrecy, trust) = (f.secrecy, f.trust);
    let mut h = harness::<MapPanel>(f);
    h.get_by_label(SECRECY).click();
    h.run();
    h.get_by_label(s::MAP_CONNECT).click();
    h.run();
    h.get_by_label(TRUST).click();
    h.run();
    // The label field is focused and offers "fører til"; write another.
    let label = s::map_new_edge(SECRECY, TRUST);
    h.get_by_label(&label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("svekker".into()));
    h.run();
    h.get_by_label(s::MAP_ADD_EDGE).click();
    h.run();

    let edges = h.state().project.map().unwrap().edges;
    assert!(
        edges
            .iter()
            .any(|e| e.from == secrecy && e.to == trust && e.label == "svekker"),
        "{edges:?}"
    );
    let name = s::map_edge_name(SECRECY, "svekker", TRUST);
    assert!(h.query_by_label(&name).is_some(), "the new link is drawn");

    // Click the link, delete it.
    h.get_by_label(&name).click();
    h.run();
    h.get_by_label(s::MAP_DELETE_EDGE).click();
    h.run();
    let edges = h.state().project.map().unwrap().edges;
    assert!(!edges.iter().any(|e| e.label == "svekker"));
    assert!(h.query_by_label(&name).is_none());
    assert!(h.state().errors.is_empty(), "{:?}", h.state().errors);
}

#[test]
fn export_button_function_writes_svg_and_png() {
    let f = fixture();
    let dir = tempfile::tempdir().unwrap();
    for name in ["map.svg", "map.png"] {
        let path = dir.path().join(name);
        let a = export_map(&f.project, &path, &MapOptions::default());
        assert!(matches!(a, Action::Notify(_)), "{a:?}");
        assert!(std::fs::metadata(&path).unwrap().len() > 100);
    }
    let a = export_map(
        &f.project,
        &dir.path().join("map.txt"),
        &MapOptions::default(),
    );
    assert!(matches!(a, Action::Error(_)));
}

// ------------------------------------------------------------- SVG and PNG

/// (titles of theme nodes, every text run, node classes) of an SVG, which
/// must be well-formed XML.
fn parse_svg(svg: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(svg);
    // (element name, is a map node)
    let mut stack: Vec<(String, bool)> = Vec::new();
    let (mut titles, mut texts, mut classes) = (Vec::new(), Vec::new(), Vec::new());
    let mut buf = String::new();
    loop {
        match reader.read_event().expect("well-formed SVG") {
            XmlEvent::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let class = e
                    .try_get_attribute("class")
                    .unwrap()
                    .map(|a| a.unescape_value().unwrap().to_string());
                let is_node = class.as_deref().is_some_and(|c| c.starts_with("node"));
                if let Some(c) = class.filter(|_| is_node) {
                    classes.push(c);
                }
                stack.push((name, is_node));
                buf.clear();
            }
            XmlEvent::Text(t) => buf.push_str(&t.decode().unwrap()),
            XmlEvent::GeneralRef(r) => match r.resolve_char_ref().unwrap() {
                Some(c) => buf.push(c),
                None => buf.push_str(match r.decode().unwrap().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                }),
            },
            XmlEvent::End(_) => {
                let (name, _) = stack.pop().expect("balanced");
                let parent_is_node = stack.last().is_some_and(|(_, n)| *n);
                let text = std::mem::take(&mut buf);
                match name.as_str() {
                    "title" if parent_is_node => titles.push(text),
                    "tspan" | "text" if !text.is_empty() => texts.push(text),
                    _ => {}
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "every element closed");
    (titles, texts, classes)
}

#[test]
fn map_svg_is_well_formed_with_a_node_per_theme_and_edge_labels() {
    let mut f = fixture();
    // A name that needs escaping and wrapping.
    run(
        &mut f.project,
        ThemeCommand::RenameTheme {
            theme: f.secrecy,
            name: "Taushetsplikt <og> «ansvar» & den lange veien til samarbeid".into(),
            why: None,
        },
    );
    let svg = map_svg(&f.project).unwrap();
    assert!(svg.starts_with("<?xml"));
    assert!(svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#));
    assert!(svg.contains(r#"version="1.1""#));
    let (titles, texts, classes) = parse_svg(&svg);
    assert_eq!(titles.len(), 3, "{titles:?}");
    for name in [
        TRUST,
        SUB,
        "Taushetsplikt <og> «ansvar» & den lange veien til samarbeid",
    ] {
        assert_eq!(titles.iter().filter(|t| *t == name).count(), 1, "{name}");
    }
    assert!(!titles.iter().any(|t| t == DISCARDED));
    assert!(texts.iter().any(|t| t == "i spenning med"), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t == "fører til"),
        "edge of a hidden theme"
    );
    assert!(classes.contains(&"node theme final".to_string()));
    assert!(classes.contains(&"node theme candidate".to_string()));
    assert!(classes.contains(&"node sub-theme candidate".to_string()));

    // With discarded themes and codes.
    let svg = map_svg_with(
        &f.project,
        &MapOptions {
            show_discarded: true,
            show_codes: true,
        },
    )
    .unwrap();
    let (titles, texts, classes) = parse_svg(&svg);
    assert_eq!(titles.len(), 4 + 3);
    assert!(titles.iter().any(|t| t == DISCARDED));
    assert!(texts.iter().any(|t| t == "fører til"));
    assert_eq!(classes.iter().filter(|c| *c == "node code").count(), 3);
    let _ = (f.doc, f.sub, f.discarded);
}

#[test]
fn saved_positions_are_used_in_the_svg() {
    let mut f = fixture();
    let svg_before = map_svg(&f.project).unwrap();
    run(
        &mut f.project,
        ThemeCommand::PlaceNode {
            node: MapNodeRef::Theme(f.trust),
            x: 5000.0,
            y: 0.0,
        },
    );
    let svg = map_svg(&f.project).unwrap();
    let width = |svg: &str| -> f64 {
        let w = svg.split(" width=\"").nth(1).unwrap();
        w[..w.find('"').unwrap()].parse().unwrap()
    };
    assert!(width(&svg) > width(&svg_before) + 3000.0);
    assert_eq!(map_svg(&f.project).unwrap(), svg, "deterministic");
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>, png::ColorType) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG magic");
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, info.color_type)
}

#[test]
fn map_png_has_the_requested_width_and_shows_something() {
    let f = fixture();
    let bytes = map_png(&f.project, 800).unwrap();
    let (w, h, pixels, colour) = decode_png(&bytes);
    assert_eq!(w, 800);
    assert!(h > 100);
    assert_eq!(colour, png::ColorType::Rgba);
    let dark = pixels
        .chunks(4)
        .filter(|p| p[0] < 100 && p[1] < 100)
        .count();
    assert!(
        dark > 200,
        "edges, borders and text are drawn ({dark} dark pixels)"
    );
    assert!(map_png(&f.project, 5).is_err());
}

#[test]
fn png_text_is_rendered_with_the_embedded_font() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="200" height="50" viewBox="0 0 200 50"><text x="10" y="35" font-size="28" font-family="sans-serif">Tillit æøå</text></svg>"#;
    let (_, _, pixels, _) = decode_png(&svg_to_png(svg, 200).unwrap());
    let inked = pixels.chunks(4).filter(|p| p[0] < 128).count();
    assert!(inked > 100, "the text has glyphs ({inked} inked pixels)");
}

#[test]
fn cli_map_export_writes_svg_and_png() {
    let f = fixture();
    let dir = f.project.dir().to_path_buf();
    let out = tempfile::tempdir().unwrap();
    drop(f.project);
    let svg = out.path().join("kart.svg");
    let png = out.path().join("kart.png");
    for args in [
        vec!["map", "export", "-o", svg.to_str().unwrap()],
        vec![
            "map",
            "export",
            "-o",
            png.to_str().unwrap(),
            "--width",
            "640",
        ],
    ] {
        // In process: the shared target directory's binary may be another branch's.
        let mut argv = vec!["tema", "-p", dir.to_str().unwrap()];
        argv.extend(args);
        tema::cli::run(<tema::cli::Cli as clap::Parser>::parse_from(argv)).unwrap();
    }
    let (titles, _, _) = parse_svg(&std::fs::read_to_string(&svg).unwrap());
    assert_eq!(titles.len(), 3);
    let (w, _, _, _) = decode_png(&std::fs::read(&png).unwrap());
    assert_eq!(w, 640);
    let _keep = f.dir;
}

// ----------------------------------------------------------------- journal

#[test]
fn journal_lists_entries_newest_first_and_says_it_is_private() {
    let h = harness::<JournalPanel>(fixture());
    assert!(h.query_by_label(s::JOURNAL_PRIVATE).is_some());
    let first = h
        .get_by_label("Kodet tillit bredt; må skille mellom tillit og kjennskap.")
        .rect();
    let second = h
        .get_by_label("Jeg merker at jeg har sympati med skolen.")
        .rect();
    assert!(first.top() < second.top(), "newest first");
}

#[test]
fn add_a_journal_entry_for_phase_3() {
    let mut h = harness::<JournalPanel>(fixture());
    let text = "Kandidattema: tillit som forutsetning, ikke som hinder.";
    h.get_by_label(s::NEW_ENTRY).focus();
    h.run();
    h.event(egui::Event::Text(text.into()));
    h.run();
    // The new entry's phase starts at the current phase (1); pick 3.
    h.get_by_label(s::ENTRY_PHASE).click();
    h.run();
    h.get_by_label(&format!("{} – {}", s::phase_tag(3), PHASES[2]))
        .click();
    h.run();
    h.get_by_label(s::ADD_ENTRY).click();
    h.run();

    let entries = h.state().project.journal(&Default::default()).unwrap();
    let e = entries.iter().find(|e| e.text == text).expect("added");
    assert_eq!(e.phase, Some(3));
    assert!(h.state().errors.is_empty(), "{:?}", h.state().errors);
    let shown = h.get_by_label(text).rect();
    let older = h
        .get_by_label("Kodet tillit bredt; må skille mellom tillit og kjennskap.")
        .rect();
    assert!(shown.top() < older.top(), "listed first");

    // Filter by phase 3: only the new one.
    h.get_by_label(s::JOURNAL_FILTER_PHASE).click();
    h.run();
    h.get_by_label(&format!("{} – {}", s::phase_tag(3), PHASES[2]))
        .click();
    h.run();
    assert!(h.query_by_label(text).is_some());
    assert!(
        h.query_by_label("Jeg merker at jeg har sympati med skolen.")
            .is_none()
    );
    assert!(h.query_by_label(&s::entries_count(1, 3)).is_some());
}

#[test]
fn journal_text_filter_and_document_chip() {
    let f = fixture();
    let doc = f.doc;
    let mut h = harness::<JournalPanel>(f);
    h.get_by_label(&s::link_chip(s::LINK_DOCUMENT, "Gruppeintervju 1"))
        .click();
    h.run();
    assert!(
        h.state()
            .other
            .iter()
            .any(|a| matches!(a, Action::OpenDocument(d) if *d == doc))
    );
    h.state_mut().panel.filter_text = "SYMPATI".into();
    h.run();
    assert!(
        h.query_by_label("Jeg merker at jeg har sympati med skolen.")
            .is_some()
    );
    assert!(
        h.query_by_label("Kodet tillit bredt; må skille mellom tillit og kjennskap.")
            .is_none()
    );
}

#[test]
fn edit_and_delete_a_journal_entry() {
    let mut h = harness::<JournalPanel>(fixture());
    let old = "Jeg merker at jeg har sympati med skolen.";
    let edits = h.get_all_by_label(s::EDIT_ENTRY).collect::<Vec<_>>();
    assert_eq!(edits.len(), 2);
    edits[1].click(); // the older entry (listed second)
    h.run();
    h.get_by_label(s::EDITING_ENTRY).focus();
    h.run();
    h.key_press(egui::Key::End);
    h.event(egui::Event::Text(" Og med barnevernet.".into()));
    h.run();
    h.get_by_label(s::SAVE_ENTRY).click();
    h.run();
    let entries = h.state().project.journal(&Default::default()).unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.text == format!("{old} Og med barnevernet.")),
        "{entries:?}"
    );
    h.get_all_by_label(s::DELETE_ENTRY).next().unwrap().click();
    h.run();
    assert_eq!(
        h.state()
            .project
            .journal(&Default::default())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn phase_tracker_moves_forward_and_back_with_history() {
    let mut h = harness::<JournalPanel>(fixture());
    for (p, note) in [(4u8, "Kandidattemaene holder"), (2, "Tilbake til koding")] {
        h.get_by_label(&s::phase_step(p, PHASES[p as usize - 1]))
            .click();
        h.run();
        if !note.is_empty() {
            h.get_by(|n| n.placeholder() == Some(s::PHASE_NOTE_HINT))
                .focus();
            h.run();
            h.event(egui::Event::Text(note.into()));
            h.run();
        }
        h.get_by_label(&s::phase_move_to(p, PHASES[p as usize - 1]))
            .click();
        h.run();
    }
    let p = &h.state().project;
    let history: Vec<(u8, String)> = p
        .phase_history()
        .unwrap()
        .into_iter()
        .map(|e| (e.phase, e.note))
        .collect();
    assert_eq!(
        history,
        [
            (4, "Kandidattemaene holder".to_string()),
            (2, "Tilbake til koding".to_string())
        ]
    );
    assert_eq!(p.current_phase().unwrap(), 2);
    // The timeline shows both, the step back marked as such.
    let today = chrono::Local::now().date_naive().to_string();
    assert!(
        h.query_by_label(&s::phase_history_item(&today, 4, false))
            .is_some()
    );
    assert!(
        h.query_by_label(&s::phase_history_item(&today, 2, true))
            .is_some()
    );
}

#[test]
fn tick_a_checklist_item_with_a_note() {
    let mut h = harness::<JournalPanel>(fixture());
    h.get_by_label(&s::checklist_title(0, 15)).click();
    h.run();
    let (_, text) = tema::store::CHECKLIST[2];
    h.get_by_label(&s::checklist_item(3, text)).click();
    h.run();
    let items = h.state().project.checklist().unwrap();
    assert!(items[2].done);
    assert_eq!(items.iter().filter(|i| i.done).count(), 1);
    assert!(h.query_by_label(&s::checklist_title(1, 15)).is_some());

    let note = h
        .get_all_by(|n| n.placeholder() == Some(s::CHECKLIST_NOTE_HINT))
        .nth(2)
        .unwrap();
    note.focus();
    h.run();
    h.event(egui::Event::Text(
        "Alle tre intervjuene kodet to ganger".into(),
    ));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let items = h.state().project.checklist().unwrap();
    assert_eq!(items[2].note, "Alle tre intervjuene kodet to ganger");
    assert!(items[2].done, "the note keeps the tick");
}

// -------------------------------------------------------------------- speed

/// The frame bench runs on the large generated project and reports figures
/// (the 8 ms target is for optimised builds: `tema bench themes`).
#[test]
fn map_bench_reports_frame_times() {
    let report = tema::bench::themes::map();
    println!("{report}");
    assert!(report.contains("p99"), "{report}");
    assert!(
        report.contains("160 nodes"),
        "40 themes and 120 codes are drawn: {report}"
    );
}

#[test]
fn panel_strings_have_glyphs_in_egui_default_fonts() {
    // kittest panics on a missing glyph; the app would show tofu.
    let ctx = egui::Context::default();
    ctx.run_ui(Default::default(), |_| {})
        .textures_delta
        .clear();
    let font = egui::FontId::proportional(14.0);
    let mut texts: Vec<String> = vec![
        s::MAP_ZOOM_IN.into(),
        s::MAP_ZOOM_OUT.into(),
        s::JOURNAL_PRIVATE.into(),
        s::map_edge_name("a", "b", "c"),
        s::map_new_edge("a", "b"),
        s::phase_history_item("2024-01-01", 2, true),
        s::link_chip_removable(&s::link_chip(s::LINK_DOCUMENT, "x")),
        s::checklist_title(1, 15),
        "›".into(),
    ];
    texts.extend(s::MAP_EDGE_PRESETS.iter().map(|p| p.to_string()));
    texts.extend(PHASES.iter().map(|p| p.to_string()));
    for t in texts {
        for c in t.chars() {
            assert!(
                ctx.fonts_mut(|f| f.has_glyph(&font, c)),
                "no glyph for {c:?} in {t:?}"
            );
        }
    }
}
