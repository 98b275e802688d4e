//! Frame timings of the GUI, for `tema bench ui` and `tema bench themes`.
//!
//! Every screen is timed the same way: a headless egui context runs the
//! frame, then tessellates it, which is what a frame costs on the CPU before
//! the GPU. Font-atlas uploads are dropped: there is no GPU to send them to.

use super::app::TemaApp;
use crate::Project;
use crate::import::{ParsedDocument, ParsedTurn};
use crate::store::{Command, NewDocument};
use anyhow::Result;
use egui::{
    Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, Ui,
    vec2,
};
use std::time::Instant;

/// A headless egui context with a fixed screen and a 60 Hz clock.
pub struct Headless {
    ctx: egui::Context,
    screen: Rect,
    time: f64,
}

/// What one frame cost, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct FrameTime {
    pub ui_ms: f64,
    pub tessellate_ms: f64,
}

impl FrameTime {
    pub fn total(self) -> f64 {
        self.ui_ms + self.tessellate_ms
    }
}

impl Headless {
    pub fn new(width: f32, height: f32) -> Self {
        Headless {
            ctx: egui::Context::default(),
            screen: Rect::from_min_size(Pos2::ZERO, vec2(width, height)),
            time: 0.0,
        }
    }

    /// Run and time one frame with these input events (key events carry
    /// their own modifiers).
    pub fn frame(&mut self, events: Vec<Event>, mut run: impl FnMut(&mut Ui)) -> FrameTime {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(self.screen),
            time: Some(self.time),
            events,
            ..Default::default()
        };
        let t0 = Instant::now();
        let mut out = self.ctx.run_ui(input, |ui| run(ui));
        let t1 = Instant::now();
        out.textures_delta.clear();
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(prims);
        FrameTime {
            ui_ms: (t1 - t0).as_secs_f64() * 1000.0,
            tessellate_ms: t1.elapsed().as_secs_f64() * 1000.0,
        }
    }
}

/// Frame times collected over a run, summarised as percentiles.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    ui: Vec<f64>,
    tessellate: Vec<f64>,
    total: Vec<f64>,
}

impl Timings {
    pub fn push(&mut self, t: FrameTime) {
        self.ui.push(t.ui_ms);
        self.tessellate.push(t.tessellate_ms);
        self.total.push(t.total());
    }

    pub fn len(&self) -> usize {
        self.total.len()
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }

    /// The q-th quantile (0..=1) of whole frames.
    pub fn total(&self, q: f64) -> f64 {
        quantile(&self.total, q)
    }

    pub fn ui(&self, q: f64) -> f64 {
        quantile(&self.ui, q)
    }

    pub fn tessellate(&self, q: f64) -> f64 {
        quantile(&self.tessellate, q)
    }

    /// "p50 …, p99 …, max …" of whole frames, then the two parts' p99.
    pub fn summary(&self) -> String {
        format!(
            "p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms (ui pass p99 {:.2} ms, tessellation p99 {:.2} ms)",
            self.total(0.5),
            self.total(0.99),
            self.total(1.0),
            self.ui(0.99),
            self.tessellate(0.99)
        )
    }
}

fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
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

/// Removes a benchmark's project when done, also after a panic.
struct TempDir(std::path::PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        Ok(TempDir(crate::bench::tempdir()?))
    }

    fn project(&self) -> std::path::PathBuf {
        self.0.join("project")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Scroll through a generated transcript for `frames` frames and time them.
/// Uses a temporary project that is removed afterwards.
pub fn bench_frames(
    frames: usize,
    chars: usize,
    codings: usize,
    codes: usize,
) -> Result<FrameStats> {
    let dir = TempDir::new()?;
    let mut project = Project::create(&dir.project(), "UI benchmark")?;
    generate_project(&mut project, chars, codings, codes)?;
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

/// A mouse-wheel event of `dy` points.
pub fn wheel(dy: f32) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Unknown,
        modifiers: Default::default(),
    }
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
pub fn bench_palette_transcript(
    chars: usize,
    codings: usize,
    applies: usize,
) -> Result<ApplyStats> {
    let dir = TempDir::new()?;
    let mut project = Project::create(&dir.project(), "UI benchmark")?;
    generate_project(&mut project, chars, codings, 60)?;
    bench_palette(project, applies, "Code 07")
}

/// Palette applies with 200 transcripts and 20,000 codings open: what
/// re-reading the workspace after a change costs at full project size.
pub fn bench_palette_big_project(applies: usize) -> Result<ApplyStats> {
    let dir = TempDir::new()?;
    let project = crate::bench::corpus_project(&dir.0, 200, 55_000, 20_000, 60)?;
    bench_palette(project, applies, "Kode 7")
}

fn bench_palette(project: Project, applies: usize, query: &str) -> Result<ApplyStats> {
    let documents = project.documents()?.len();
    let count = |p: &Project| -> Result<usize> {
        Ok(p.conn()
            .query_row("SELECT count(*) FROM codings", [], |r| r.get::<_, i64>(0))?
            as usize)
    };
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

fn key(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// A tiny deterministic random number generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

const WORDS: &[&str] = &[
    "det",
    "er",
    "jo",
    "mye",
    "tillit",
    "som",
    "må",
    "på",
    "plass",
    "vi",
    "i",
    "skolen",
    "vet",
    "ofte",
    "ikke",
    "hva",
    "barnevernet",
    "gjør",
    "og",
    "taushetsplikten",
    "står",
    "veien",
    "særlig",
    "når",
    "ungdommen",
    "selv",
    "vil",
    "at",
    "snakker",
    "sammen",
    "blir",
    "sittende",
    "hver",
    "vår",
    "tue",
    "samarbeid",
    "tjenestene",
    "helsesykepleier",
    "foreldre",
    "møte",
    "tverrfaglig",
    "ressurser",
    "tid",
    "kommunen",
    "opplever",
    "trygghet",
    "relasjon",
    "lærer",
];

/// Import one long group interview and code it; returns the document id.
pub fn generate_project(
    project: &mut Project,
    chars: usize,
    codings: usize,
    codes: usize,
) -> Result<i64> {
    let (text, turns) = generate_transcript(chars);
    let parsed = ParsedDocument {
        name: "Benchmark interview".into(),
        source_name: "benchmark.txt".into(),
        format: "txt".into(),
        sha256: format!("bench-{}", text.len()),
        turns,
        text,
    };
    let len = parsed.text.chars().count();
    let doc = project
        .execute(Command::Import {
            documents: vec![NewDocument::from(parsed)],
            participants: vec![],
        })?
        .ids[0];
    let mut code_ids = Vec::new();
    let mut make = Vec::new();
    for i in 0..codes {
        make.push(Command::CreateCode {
            name: format!("Code {:02} {}", i + 1, WORDS[i % WORDS.len()]),
            parent: None,
            colour: None,
            description: String::new(),
        });
    }
    code_ids.extend(
        project
            .execute(Command::Batch {
                label: "create codes".into(),
                commands: make,
            })?
            .ids,
    );
    let mut rng = Lcg(42);
    let mut apply = Vec::new();
    for _ in 0..codings {
        let start = rng.next(len.saturating_sub(500));
        let end = (start + 20 + rng.next(400)).min(len);
        apply.push(Command::ApplyCoding {
            doc,
            code: code_ids[rng.next(code_ids.len())],
            start,
            end,
            memo: String::new(),
        });
    }
    project.execute(Command::Batch {
        label: "apply codings".into(),
        commands: apply,
    })?;
    Ok(doc)
}

/// A transcript of alternating interviewer and informant turns.
pub fn generate_transcript(chars: usize) -> (String, Vec<ParsedTurn>) {
    let mut rng = Lcg(7);
    let mut text = String::new();
    let mut turns = Vec::new();
    let mut pos = 0usize; // chars
    let mut n = 0;
    while pos < chars {
        if n > 0 {
            text.push_str("\n\n");
            pos += 2;
        }
        let (label, words) = if n % 2 == 0 {
            ("Intervjuer".to_string(), 8 + rng.next(20))
        } else {
            (format!("Informant {}", 1 + rng.next(5)), 40 + rng.next(200))
        };
        let minutes = n / 2;
        let prefix = format!(
            "[{:02}:{:02}:{:02}] {label}: ",
            minutes / 60,
            minutes % 60,
            rng.next(60)
        );
        let start = pos;
        let body_start = pos + prefix.chars().count();
        let mut body = String::new();
        for w in 0..words {
            if w > 0 {
                body.push(' ');
            }
            match rng.next(60) {
                0 => body.push_str("*ler*"),
                1 => body.push_str("(pause)"),
                2 => body.push_str("[uforståelig]"),
                _ => body.push_str(WORDS[rng.next(WORDS.len())]),
            }
        }
        body.push('.');
        text.push_str(&prefix);
        text.push_str(&body);
        pos = body_start + body.chars().count();
        turns.push(ParsedTurn {
            start,
            body_start,
            end: pos,
            speaker: Some(label),
            timestamp: None,
        });
        n += 1;
    }
    (text, turns)
}
