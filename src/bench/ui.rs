//! `tema bench ui`: GUI frame times scrolling a long transcript, and
//! palette applies until persisted and repainted, on a headless screen.

use super::{TempDir, corpus};
use crate::Project;
use crate::ui::TemaApp;
use crate::ui::headless::{FrameTime, Headless, Timings, key, wheel};
use anyhow::Result;
use egui::{Event, Key, Modifiers, Pos2};
use std::fmt::Write as _;

/// `tema bench ui`: scrolling the long transcript, then coding with the
/// palette on it and on the 200-transcript project.
pub fn run(frames_n: usize) -> Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "tema bench ui: scrolling 350,000 chars, 1,000 codings, 60 codes\n{}\n  target: p99 < 8 ms",
        frames(frames_n, 350_000, 1_000, 60)?
    )?;
    writeln!(
        out,
        "{}\n  target: under 30 ms",
        palette_transcript(350_000, 1_000, 50)?
    )?;
    writeln!(out, "{}\n  target: under 30 ms", palette_big_project(50)?)?;
    Ok(out)
}

/// Frame times in milliseconds.
#[derive(Debug, Clone)]
pub struct FrameStats {
    pub frames: usize,
    pub chars: usize,
    pub codings: usize,
    pub timings: Timings,
    /// How far the view moved in all (points), to show it really scrolled.
    pub scrolled_px: f64,
    /// Frames spent measuring rows before scrolling started.
    pub warmup_frames: usize,
}

impl FrameStats {
    pub fn p99_ms(&self) -> f64 {
        self.timings.total(0.99)
    }
}

impl std::fmt::Display for FrameStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "ui: {} frames over {} chars with {} codings",
            self.frames, self.chars, self.codings
        )?;
        writeln!(f, "frame (ui + tessellation): {}", self.timings.summary())?;
        write!(
            f,
            "scrolled {:.0} points; {} warm-up frames",
            self.scrolled_px, self.warmup_frames
        )
    }
}

/// Scroll through a generated transcript for `frames` frames and time them.
/// Uses a temporary project that is removed afterwards.
pub fn frames(frames: usize, chars: usize, codings: usize, codes: usize) -> Result<FrameStats> {
    let dir = TempDir::new()?;
    let mut project = Project::create(&dir.join("project"), "UI benchmark")?;
    corpus::long_interview(&mut project, chars, codings, codes)?;
    let mut app = TemaApp::new(project);
    let mut screen = Headless::new(1400.0, 900.0);
    let warmup_frames = open_viewer(&mut app, &mut screen)?;
    let mut scrolled_px = 0.0;
    let mut last_offset = 0.0;
    let pointer = Pos2::new(700.0, 300.0);
    let mut timings = Timings::default();
    let mut direction = -1.0;
    for i in 0..frames {
        // Mostly smooth wheel scrolling; every 40th frame a long jump.
        let step = if i % 40 == 39 { 6_000.0 } else { 90.0 };
        let events = vec![Event::PointerMoved(pointer), wheel(direction * step)];
        timings.push(screen.frame(events, |ui| app.ui(ui)));
        if let Some(v) = app.viewer() {
            scrolled_px += (v.scroll_offset() - last_offset).abs() as f64;
            last_offset = v.scroll_offset();
            let at_end = v.top_offset() + 3_000 >= chars;
            let at_start = v.scroll_offset() <= 0.0;
            if at_end && direction < 0.0 {
                direction = 1.0;
            } else if at_start && direction > 0.0 && i > 10 {
                direction = -1.0;
            }
        }
    }
    Ok(FrameStats {
        frames,
        chars,
        codings,
        timings,
        scrolled_px,
        warmup_frames,
    })
}

/// Run frames until the viewer has measured its rows; returns how many.
fn open_viewer(app: &mut TemaApp, screen: &mut Headless) -> Result<usize> {
    let mut frames = 0;
    for _ in 0..5_000 {
        screen.frame(vec![], |ui| app.ui(ui));
        frames += 1;
        if frames >= 3 && !app.viewer().is_some_and(|v| v.is_measuring()) {
            break;
        }
    }
    anyhow::ensure!(
        app.viewer().is_some_and(|v| v.doc.is_some()),
        "the benchmark document did not open"
    );
    Ok(frames)
}

/// Coding with the quick-code palette, as an analyst does it: select a
/// passage, Ctrl+K, type part of a code's name, Enter. Each sample is the
/// frame that handles Enter (the coding is written to SQLite and the
/// workspace re-read) plus the next frame (the new highlight and stripe
/// drawn): the time from the key press until the coding is on screen.
#[derive(Debug, Clone)]
pub struct ApplyStats {
    pub applies: usize,
    pub documents: usize,
    pub codings_before: usize,
    pub timings: Timings,
}

impl std::fmt::Display for ApplyStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "palette apply until persisted and repainted ({} documents, {} codings, {} applies): {}",
            self.documents,
            self.codings_before,
            self.applies,
            self.timings.summary()
        )
    }
}

/// Palette applies on one generated transcript of `chars` characters with
/// `codings` codings over 60 codes.
pub fn palette_transcript(chars: usize, codings: usize, applies: usize) -> Result<ApplyStats> {
    let dir = TempDir::new()?;
    let mut project = Project::create(&dir.join("project"), "UI benchmark")?;
    corpus::long_interview(&mut project, chars, codings, 60)?;
    palette(project, applies, "Code 07")
}

/// Palette applies with 200 transcripts and 20,000 codings open: what
/// re-reading the workspace after a change costs at full project size.
pub fn palette_big_project(applies: usize) -> Result<ApplyStats> {
    let dir = TempDir::new()?;
    let project = corpus::project(dir.path(), 200, 55_000, 20_000, 60)?;
    palette(project, applies, "Kode 7")
}

fn palette(project: Project, applies: usize, query: &str) -> Result<ApplyStats> {
    let documents = project.documents()?.len();
    let count =
        |p: &Project| -> Result<usize> { Ok(p.documents()?.iter().map(|d| d.codings).sum()) };
    let codings_before = count(&project)?;
    let mut app = TemaApp::new(project);
    let mut screen = Headless::new(1400.0, 900.0);
    if app.viewer().is_none_or(|v| v.doc.is_none()) {
        let first = app
            .workspace()
            .and_then(|w| w.data.documents.first())
            .map(|d| d.id)
            .ok_or_else(|| anyhow::anyhow!("no document to open"))?;
        if let Some(ws) = app.workspace_mut() {
            ws.open_document(first)?;
        }
    }
    open_viewer(&mut app, &mut screen)?;
    let mut timings = Timings::default();
    for i in 0..applies {
        let top = app.viewer().map_or(0, |v| v.top_offset());
        let start = top + 40 + (i * 53) % 900;
        if let Some(v) = app.viewer_mut() {
            v.set_selection(start, start + 60);
        }
        screen.frame(vec![key(Key::K, Modifiers::COMMAND)], |ui| app.ui(ui));
        screen.frame(vec![Event::Text(query.to_string())], |ui| app.ui(ui));
        let enter = screen.frame(vec![key(Key::Enter, Modifiers::NONE)], |ui| app.ui(ui));
        let repaint = screen.frame(vec![], |ui| app.ui(ui));
        timings.push(FrameTime {
            ui_ms: enter.ui_ms + repaint.ui_ms,
            tessellate_ms: enter.tessellate_ms + repaint.tessellate_ms,
        });
        // Scroll on a little so the next passage is fresh text.
        screen.frame(
            vec![Event::PointerMoved(Pos2::new(700.0, 300.0)), wheel(-400.0)],
            |ui| app.ui(ui),
        );
    }
    let project = app
        .project()
        .ok_or_else(|| anyhow::anyhow!("the project closed"))?;
    let codings_after = count(project)?;
    anyhow::ensure!(
        codings_after == codings_before + applies,
        "expected {applies} new codings, found {}: the palette did not apply",
        codings_after as i64 - codings_before as i64
    );
    Ok(ApplyStats {
        applies,
        documents,
        codings_before,
        timings,
    })
}
