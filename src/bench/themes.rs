//! `tema bench themes`: the coverage matrix, then frame times of the
//! themes board and the thematic map, on one generated project (120 codes,
//! 40 themes, 20,000 codings).

use super::TempDir;
use super::corpus::{self, THEMES_PROJECT};
use crate::Project;
use crate::export::map::{MapOptions, layout as map_layout};
use crate::model::ThemeStatus;
use crate::store::{Command, ThemeCommand};
use crate::ui::headless::{Headless, Timings, wheel};
use crate::ui::map::MapPanel;
use crate::ui::themes_board::ThemesBoard;
use anyhow::Result;
use egui::pos2;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

/// All three, as `tema bench themes` prints them.
pub fn run() -> String {
    format!("{}{}{}", matrix(), board(), map())
}

/// `tema bench themes`: a generated project with 120 codes, 40 themes and
/// 20,000 codings across 20 group interviews; times `coverage_matrix` (the
/// target is under 50 ms) and `themes`.
pub fn matrix() -> String {
    let report = TempDir::new().and_then(|dir| matrix_in(&dir.join("project")));
    report.unwrap_or_else(|e| format!("bench themes failed: {e:#}\n"))
}

fn matrix_in(dir: &Path) -> Result<String> {
    {
        let mut out = String::new();
        let t0 = Instant::now();
        let p = corpus::themes_project(dir)?;
        writeln!(
            out,
            "built {} documents, {} participants, {} codes, {} themes, {} codings in {:.1} s",
            THEMES_PROJECT.docs,
            THEMES_PROJECT.docs * 5,
            THEMES_PROJECT.codes,
            THEMES_PROJECT.themes,
            THEMES_PROJECT.codings,
            t0.elapsed().as_secs_f64()
        )?;
        let time = |f: &dyn Fn() -> Result<()>| -> Result<f64> {
            f()?; // warm the statement cache and the page cache
            let mut best = f64::MAX;
            for _ in 0..5 {
                let t = Instant::now();
                f()?;
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            }
            Ok(best)
        };
        let by_participant = time(&|| p.coverage_matrix(None).map(|_| ()))?;
        let by_sector = time(&|| p.coverage_matrix(Some("sector")).map(|_| ()))?;
        let list = time(&|| p.themes().map(|_| ()))?;
        writeln!(
            out,
            "coverage_matrix by participant: {by_participant:.1} ms (target < 50 ms)"
        )?;
        writeln!(out, "coverage_matrix by sector: {by_sector:.1} ms")?;
        writeln!(out, "themes: {list:.1} ms")?;
        Ok(out)
    }
}

/// Frame timings of the board on a large project (`tema bench themes`'s
/// generator: 120 codes, 40 themes, 20,000 codings): ~200 frames in a bare
/// egui context with the pointer moving over the cards and the detail pane
/// open for half of them; each frame is the UI pass plus tessellation.
/// The target is p99 < 8 ms. The first frame (which reads the project) and
/// a frame after a change (which reads it again) are reported apart.
pub fn board() -> String {
    let report = TempDir::new().and_then(|dir| board_in(&dir.join("project")));
    report.unwrap_or_else(|e| format!("bench board failed: {e:#}\n"))
}

fn board_in(dir: &Path) -> Result<String> {
    const FRAMES: usize = 200;
    let t0 = Instant::now();
    let mut project = corpus::themes_project(dir)?;
    let built = t0.elapsed();
    let mut board = ThemesBoard::default();
    let mut screen = Headless::new(1600.0, 1000.0);
    let mut frame = |board: &mut ThemesBoard, project: &Project, version: u64, events| {
        let mut actions = Vec::new();
        let t = screen.frame(events, |ui| board.ui(ui, project, version, &mut actions));
        (t, actions)
    };
    let mut version = 1;
    let (first, _) = frame(&mut board, &project, version, vec![]);
    for _ in 0..3 {
        frame(&mut board, &project, version, vec![]);
    }
    let mut timings = Timings::default();
    for i in 0..FRAMES {
        if i == FRAMES / 2 {
            board.selected = board.column_themes(ThemeStatus::Final).first().copied();
            frame(&mut board, &project, version, vec![]); // reads the history once
        }
        // Sweep the pointer over the columns and cards (hover effects).
        let x = 240.0 + (i as f32 * 37.0) % 1100.0;
        let y = 60.0 + (i as f32 * 53.0) % 900.0;
        let events = vec![egui::Event::PointerMoved(egui::pos2(x, y))];
        let (t, actions) = frame(&mut board, &project, version, events);
        anyhow::ensure!(actions.is_empty(), "hovering changes nothing");
        timings.push(t);
    }
    // One change: the next frame reads the project again.
    let theme = board.column_themes(ThemeStatus::Candidate)[0];
    project.execute(Command::Theme(ThemeCommand::RenameTheme {
        theme,
        name: "Omdøpt".into(),
        why: None,
    }))?;
    version += 1;
    let (after_change, _) = frame(&mut board, &project, version, vec![]);

    let mut out = String::new();
    writeln!(
        out,
        "themes board: {} codes, {} themes, {} codings (built in {:.1} s); {FRAMES} frames at 1600x1000",
        THEMES_PROJECT.codes,
        THEMES_PROJECT.themes,
        THEMES_PROJECT.codings,
        built.as_secs_f64()
    )?;
    writeln!(
        out,
        "  frame (ui + tessellation): {}  target p99 < 8 ms",
        timings.summary()
    )?;
    writeln!(
        out,
        "  first frame (reads the project) {:.1} ms; frame after a change {:.1} ms",
        first.total(),
        after_change.total()
    )?;
    Ok(out)
}

/// Frame times of the map on `tema bench themes`'s generated project (40
/// themes: 8 with 4 sub-themes each, 120 codes shown, 20,000 codings): ~200
/// frames of hovering, panning and zooming in a bare egui context, each
/// timed as UI pass plus tessellation. The target is p99 < 8 ms.
pub fn map() -> String {
    let report = TempDir::new().and_then(|dir| map_in(&dir.join("project"), 200));
    report.unwrap_or_else(|e| format!("map bench failed: {e:#}\n"))
}

fn map_in(dir: &Path, frames: usize) -> Result<String> {
    let project = corpus::themes_project(dir)?;
    let mut panel = MapPanel::default();
    panel.options = MapOptions {
        show_codes: true,
        show_discarded: false,
    };
    // Re-reading the layout happens once per change to the project.
    let mut layout_ms = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        map_layout(&project, &panel.options)?;
        layout_ms = layout_ms.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut screen = Headless::new(1400.0, 900.0);
    let mut frame = |panel: &mut MapPanel, events| {
        let mut actions = Vec::new();
        screen.frame(events, |ui| panel.ui(ui, &project, 1, &mut actions))
    };
    for _ in 0..3 {
        frame(&mut panel, vec![]);
    }
    let mut timings = Timings::default();
    for i in 0..frames {
        let t = i as f32 / frames as f32;
        let p = pos2(200.0 + 1000.0 * t, 200.0 + 500.0 * (t * 12.0).sin().abs());
        let mut events = vec![egui::Event::PointerMoved(p)];
        if i % 10 == 5 {
            events.push(wheel(if (i / 50) % 2 == 0 { 60.0 } else { -60.0 }));
        }
        timings.push(frame(&mut panel, events));
    }
    let nodes = panel.layout().map_or(0, |m| m.nodes.len());
    Ok(format!(
        "thematic map: {frames} frames, {nodes} nodes (40 themes, 120 codes)\n  frame (ui + tessellation): {}  target p99 < 8 ms\n  layout after a change {layout_ms:.1} ms\n",
        timings.summary()
    ))
}
