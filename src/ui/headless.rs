//! A headless egui screen that runs and times frames: what a frame costs
//! on the CPU before the GPU (the UI pass, then tessellation). Font-atlas
//! uploads are dropped: there is no GPU to send them to. The frame
//! benchmarks (`tema bench ui`, `tema bench themes`) drive panels with it.

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

/// A key press with `modifiers` held.
pub fn key(key: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}
