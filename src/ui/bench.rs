//! Frame timings of the coding workspace, for `tema bench ui`: a generated
//! 350,000-character transcript with 1,000 codings over 60 codes, scrolled
//! through in a headless egui context. Each frame is timed as the UI pass
//! plus tessellation (what a frame costs before the GPU).

use super::app::TemaApp;
use crate::Project;
use crate::import::{ParsedDocument, ParsedTurn};
use crate::store::{Command, NewDocument};
use anyhow::Result;
use egui::{Event, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2};
use std::time::Instant;

/// Frame times in milliseconds.
#[derive(Debug, Clone)]
pub struct FrameStats {
    pub frames: usize,
    pub chars: usize,
    pub codings: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The UI pass alone (layout, painting into shapes).
    pub ui_p99_ms: f64,
    /// Tessellation alone.
    pub tessellate_p99_ms: f64,
    /// How far the view moved in all (points), to show it really scrolled.
    pub scrolled_px: f64,
    /// Frames spent measuring rows before scrolling started.
    pub warmup_frames: usize,
}

impl std::fmt::Display for FrameStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "ui: {} frames over {} chars with {} codings",
            self.frames, self.chars, self.codings
        )?;
        writeln!(
            f,
            "frame (ui + tessellation): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            self.p50_ms, self.p99_ms, self.max_ms
        )?;
        write!(
            f,
            "ui pass p99 {:.2} ms, tessellation p99 {:.2} ms; scrolled {:.0} points; {} warm-up frames",
            self.ui_p99_ms, self.tessellate_p99_ms, self.scrolled_px, self.warmup_frames
        )
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
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir =
        TempDir(std::env::temp_dir().join(format!("tema-ui-bench-{}-{nanos}", std::process::id())));
    run_bench(&dir.0, frames, chars, codings, codes)
}

/// Removes the benchmark's project when done, also after a panic.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run_bench(
    dir: &std::path::Path,
    frames: usize,
    chars: usize,
    codings: usize,
    codes: usize,
) -> Result<FrameStats> {
    let mut project = Project::create(dir, "UI benchmark")?;
    let doc = generate_project(&mut project, chars, codings, codes)?;
    let mut app = TemaApp::new(project);
    let ctx = egui::Context::default();
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0));
    let mut time = 0.0;
    let frame = |app: &mut TemaApp, events: Vec<Event>, time: &mut f64| -> (f64, f64) {
        *time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(screen),
            time: Some(*time),
            events,
            ..Default::default()
        };
        let t0 = Instant::now();
        let mut out = ctx.run_ui(input, |ui| app.ui(ui));
        let t1 = Instant::now();
        // No GPU here: font atlas updates have nowhere to go.
        out.textures_delta.clear();
        let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
        let t2 = Instant::now();
        std::hint::black_box(prims);
        (
            (t1 - t0).as_secs_f64() * 1000.0,
            (t2 - t1).as_secs_f64() * 1000.0,
        )
    };
    // Warm up: fonts, the first layout, and measuring every row.
    for _ in 0..3 {
        frame(&mut app, vec![], &mut time);
    }
    let mut warmup_frames = 3;
    for _ in 0..5_000 {
        if !app.viewer().is_some_and(|v| v.is_measuring()) {
            break;
        }
        frame(&mut app, vec![], &mut time);
        warmup_frames += 1;
    }
    anyhow::ensure!(
        app.viewer().is_some_and(|v| v.doc.is_some()),
        "the benchmark document did not open"
    );
    let mut scrolled_px = 0.0;
    let mut last_offset = 0.0;
    let pointer = Pos2::new(700.0, 300.0);
    let mut ui_times = Vec::with_capacity(frames);
    let mut tess_times = Vec::with_capacity(frames);
    let mut totals = Vec::with_capacity(frames);
    let mut direction = -1.0;
    for i in 0..frames {
        // Mostly smooth wheel scrolling; every 40th frame a long jump.
        let step = if i % 40 == 39 { 6_000.0 } else { 90.0 };
        let events = vec![
            Event::PointerMoved(pointer),
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta: vec2(0.0, direction * step),
                phase: TouchPhase::Move,
                source: MouseWheelSource::Unknown,
                modifiers: Default::default(),
            },
        ];
        let (u, t) = frame(&mut app, events, &mut time);
        ui_times.push(u);
        tess_times.push(t);
        totals.push(u + t);
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
    let _ = doc;
    Ok(FrameStats {
        frames,
        chars,
        codings,
        p50_ms: percentile(&mut totals.clone(), 0.50),
        p99_ms: percentile(&mut totals.clone(), 0.99),
        max_ms: totals.iter().copied().fold(0.0, f64::max),
        ui_p99_ms: percentile(&mut ui_times, 0.99),
        tessellate_p99_ms: percentile(&mut tess_times, 0.99),
        scrolled_px,
        warmup_frames,
    })
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
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
