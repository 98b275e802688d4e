//! The codebook over time: codes, codings and themes after each change of
//! the history, drawn with egui's painter (codings on their own scale, at
//! the right, since they run to thousands where codes run to hundreds).

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::model::HistoryPoint;
use egui::{Color32, Pos2, Rect, Stroke, Ui, pos2, vec2};
use std::path::Path;

const HEIGHT: f32 = 220.0;
const AXIS_W: f32 = 44.0;
pub const CODES: Color32 = Color32::from_rgb(31, 119, 180);
pub const CODINGS: Color32 = Color32::from_rgb(255, 127, 14);
pub const THEMES: Color32 = Color32::from_rgb(44, 160, 44);

/// A line: its colour, its value at a point, the top of its scale.
type Series = (Color32, fn(&HistoryPoint) -> usize, usize);

/// The plot, as wide as the space given, with a legend below.
pub fn plot(ui: &mut Ui, points: &[HistoryPoint]) {
    let width = ui.available_width().max(300.0);
    let (rect, resp) = ui.allocate_exact_size(vec2(width, HEIGHT), egui::Sense::hover());
    let inner = Rect::from_min_max(rect.min + vec2(AXIS_W, 8.0), rect.max - vec2(AXIS_W, 18.0));
    let left_max = points
        .iter()
        .map(|p| p.codes.max(p.themes))
        .max()
        .unwrap_or(0);
    let right_max = points.iter().map(|p| p.codings).max().unwrap_or(0);
    frame(ui, inner, left_max, right_max);
    let series: [Series; 3] = [
        (CODES, |p| p.codes, left_max),
        (THEMES, |p| p.themes, left_max),
        (CODINGS, |p| p.codings, right_max),
    ];
    for (colour, value, max) in series {
        let line: Vec<Pos2> = points
            .iter()
            .enumerate()
            .map(|(i, p)| at(inner, i, points.len(), value(p), max))
            .collect();
        ui.painter()
            .add(egui::Shape::line(line, Stroke::new(2.0, colour)));
    }
    hover(ui, &resp, inner, points);
    legend(ui, points);
}

/// Where point `i` of `n` with `value` (of `max`) is drawn.
fn at(inner: Rect, i: usize, n: usize, value: usize, max: usize) -> Pos2 {
    let x = if n > 1 {
        i as f32 / (n - 1) as f32
    } else {
        0.5
    };
    let y = value as f32 / max.max(1) as f32;
    pos2(
        inner.left() + x * inner.width(),
        inner.bottom() - y * inner.height(),
    )
}

/// Axes with their largest value at the top of each scale.
fn frame(ui: &Ui, inner: Rect, left_max: usize, right_max: usize) {
    let painter = ui.painter();
    let weak = ui.visuals().weak_text_color();
    let stroke = Stroke::new(1.0, weak);
    painter.rect_stroke(inner, 0.0, stroke, egui::StrokeKind::Inside);
    let font = egui::FontId::proportional(11.0);
    let label = |pos, align, text: String, colour| {
        painter.text(pos, align, text, font.clone(), colour);
    };
    label(
        inner.left_top() - vec2(4.0, 0.0),
        egui::Align2::RIGHT_TOP,
        left_max.to_string(),
        weak,
    );
    label(
        inner.left_bottom() - vec2(4.0, 0.0),
        egui::Align2::RIGHT_BOTTOM,
        "0".into(),
        weak,
    );
    label(
        inner.right_top() + vec2(4.0, 0.0),
        egui::Align2::LEFT_TOP,
        right_max.to_string(),
        CODINGS,
    );
    label(
        inner.right_bottom() + vec2(4.0, 0.0),
        egui::Align2::LEFT_BOTTOM,
        "0".into(),
        CODINGS,
    );
}

/// Hovering shows the change under the pointer and its counts.
fn hover(ui: &Ui, resp: &egui::Response, inner: Rect, points: &[HistoryPoint]) {
    let Some(pos) = resp.hover_pos() else { return };
    if points.is_empty() || !inner.x_range().contains(pos.x) {
        return;
    }
    let share = (pos.x - inner.left()) / inner.width();
    let i = ((share * (points.len() - 1) as f32).round() as usize).min(points.len() - 1);
    let p = &points[i];
    let x = at(inner, i, points.len(), 0, 1).x;
    let weak = ui.visuals().weak_text_color();
    ui.painter()
        .vline(x, inner.y_range(), Stroke::new(1.0, weak));
    resp.clone().on_hover_text(format!(
        "{} · {}\n{} {}, {} {}, {} {}",
        p.at,
        p.label,
        p.codes,
        s::SERIES_CODES,
        p.codings,
        s::SERIES_CODINGS,
        p.themes,
        s::SERIES_THEMES
    ));
}

fn legend(ui: &mut Ui, points: &[HistoryPoint]) {
    ui.horizontal(|ui| {
        for (colour, name) in [
            (CODES, s::SERIES_CODES),
            (CODINGS, s::SERIES_CODINGS),
            (THEMES, s::SERIES_THEMES),
        ] {
            let (swatch, _) = ui.allocate_exact_size(vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, colour);
            ui.label(name);
        }
    });
    if let Some(last) = points.last() {
        ui.weak(s::history_range(
            points.len(),
            last.codes,
            last.codings,
            last.themes,
        ));
    }
}

/// Write the plot to `path` (SVG, or PNG by its extension).
pub fn save(project: &Project, path: &Path) -> Action {
    match crate::app::exports::history_plot(project, path, None) {
        Ok(_) => Action::Notify(s::plot_saved(&path.display().to_string())),
        Err(e) => Action::Error(format!("{e:#}")),
    }
}
