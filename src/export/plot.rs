//! The codebook over time as a picture: codes and themes (left scale) and
//! codings (right scale) after each change, so "several hundred codes
//! merged down to sixty" can be seen. SVG, or PNG through the map's
//! rasteriser.

use crate::Project;
use crate::model::HistoryPoint;
use crate::xml::XmlOut;
use anyhow::{Context, Result, bail};
use std::path::Path;

const W: f64 = 800.0;
const H: f64 = 360.0;
/// Plot area inside the picture: left, top, right, bottom margins.
const MARGIN: (f64, f64, f64, f64) = (60.0, 40.0, 70.0, 50.0);
const CODES: &str = "#1f6fb2";
const THEMES: &str = "#c0392b";
const CODINGS: &str = "#7f8c8d";

/// One line of the plot: its name, colour, values, and the right scale?
struct Series<'a> {
    name: &'a str,
    colour: &'a str,
    values: Vec<f64>,
    right: bool,
}

/// The plot as SVG text; `points` oldest first.
pub fn history_svg(points: &[HistoryPoint]) -> Result<String> {
    let series = [
        Series {
            name: "codes",
            colour: CODES,
            values: values(points, |p| p.codes),
            right: false,
        },
        Series {
            name: "themes",
            colour: THEMES,
            values: values(points, |p| p.themes),
            right: false,
        },
        Series {
            name: "codings",
            colour: CODINGS,
            values: values(points, |p| p.codings),
            right: true,
        },
    ];
    let left_max = nice_max(
        series
            .iter()
            .filter(|s| !s.right)
            .flat_map(|s| s.values.iter().copied()),
    );
    let right_max = nice_max(series[2].values.iter().copied());
    let mut x = XmlOut::new()?;
    let (w, h) = (W.to_string(), H.to_string());
    let view = format!("0 0 {W} {H}");
    x.start(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view),
            ("font-family", "sans-serif"),
            ("font-size", "12"),
        ],
    )?;
    x.empty("rect", &[("width", &w), ("height", &h), ("fill", "white")])?;
    x.text_in(
        "text",
        &[("x", "60"), ("y", "24"), ("font-size", "15")],
        "The codebook over time",
    )?;
    axes(&mut x, left_max, right_max, points)?;
    for s in &series {
        let max = if s.right { right_max } else { left_max };
        line(&mut x, s, max)?;
    }
    legend(&mut x, &series)?;
    x.end("svg")?;
    Ok(x.finish_string())
}

fn values(points: &[HistoryPoint], f: impl Fn(&HistoryPoint) -> usize) -> Vec<f64> {
    points.iter().map(|p| f(p) as f64).collect()
}

/// A round number at or above the largest value (at least 1).
fn nice_max(values: impl Iterator<Item = f64>) -> f64 {
    let max = values.fold(0.0f64, f64::max).max(1.0);
    let step = 10f64.powf(max.log10().floor());
    (max / step).ceil() * step
}

fn plot_x(i: usize, n: usize) -> f64 {
    let (l, _, r, _) = MARGIN;
    let span = (n.max(2) - 1) as f64;
    l + (W - l - r) * i as f64 / span
}

fn plot_y(v: f64, max: f64) -> f64 {
    let (_, t, _, b) = MARGIN;
    H - b - (H - t - b) * v / max
}

/// The frame, five ticks on each scale, and the first and last dates.
fn axes(x: &mut XmlOut, left_max: f64, right_max: f64, points: &[HistoryPoint]) -> Result<()> {
    let (l, t, r, b) = MARGIN;
    let frame = format!("M{l},{t} V{} H{}", H - b, W - r);
    x.empty(
        "path",
        &[("d", &frame), ("fill", "none"), ("stroke", "#444")],
    )?;
    for k in 0..=4 {
        let f = k as f64 / 4.0;
        let y = plot_y(f * left_max, left_max).to_string();
        let (lx, rx) = ((l - 6.0).to_string(), (W - r + 6.0).to_string());
        x.empty(
            "line",
            &[
                ("x1", &l.to_string()),
                ("x2", &(W - r).to_string()),
                ("y1", &y),
                ("y2", &y),
                ("stroke", "#e5e5e5"),
            ],
        )?;
        x.text_in(
            "text",
            &[("x", &lx), ("y", &y), ("text-anchor", "end")],
            &format!("{}", (f * left_max).round()),
        )?;
        x.text_in(
            "text",
            &[("x", &rx), ("y", &y), ("fill", CODINGS)],
            &format!("{}", (f * right_max).round()),
        )?;
    }
    let date = |p: &HistoryPoint| p.at.chars().take(10).collect::<String>();
    let y = (H - b + 20.0).to_string();
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        x.text_in("text", &[("x", &l.to_string()), ("y", &y)], &date(first))?;
        let end = (W - r).to_string();
        x.text_in(
            "text",
            &[("x", &end), ("y", &y), ("text-anchor", "end")],
            &date(last),
        )?;
    }
    let label = format!("{} changes", points.len());
    x.text_in(
        "text",
        &[
            ("x", &(W / 2.0).to_string()),
            ("y", &y),
            ("text-anchor", "middle"),
            ("fill", "#666"),
        ],
        &label,
    )?;
    Ok(())
}

fn line(x: &mut XmlOut, s: &Series, max: f64) -> Result<()> {
    let n = s.values.len();
    let d: Vec<String> = s
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            format!(
                "{}{:.1},{:.1}",
                if i == 0 { "M" } else { "L" },
                plot_x(i, n),
                plot_y(*v, max)
            )
        })
        .collect();
    if d.is_empty() {
        return Ok(());
    }
    x.empty(
        "path",
        &[
            ("d", &d.join(" ")),
            ("fill", "none"),
            ("stroke", s.colour),
            ("stroke-width", "2"),
        ],
    )?;
    Ok(())
}

fn legend(x: &mut XmlOut, series: &[Series]) -> Result<()> {
    for (i, s) in series.iter().enumerate() {
        let lx = 300.0 + 120.0 * i as f64;
        let (x1, x2, tx) = (
            lx.to_string(),
            (lx + 24.0).to_string(),
            (lx + 30.0).to_string(),
        );
        x.empty(
            "line",
            &[
                ("x1", &x1),
                ("x2", &x2),
                ("y1", "20"),
                ("y2", "20"),
                ("stroke", s.colour),
                ("stroke-width", "3"),
            ],
        )?;
        let name = if s.right {
            format!("{} (right)", s.name)
        } else {
            s.name.to_string()
        };
        x.text_in("text", &[("x", &tx), ("y", "24")], &name)?;
    }
    Ok(())
}

/// The project's history plot as FILE.svg or FILE.png (`width` pixels).
pub fn write_history_plot(project: &Project, path: &Path, width: Option<u32>) -> Result<()> {
    let points = project.history_stats()?;
    let svg = history_svg(&points)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("svg") => svg.into_bytes(),
        Some("png") => super::map::svg_to_png(&svg, width.unwrap_or(1600))?,
        _ => bail!(
            "cannot tell the format of '{}': name it .svg or .png",
            path.display()
        ),
    };
    super::write_atomically(path, &bytes).with_context(|| format!("writing '{}'", path.display()))
}
