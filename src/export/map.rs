//! The thematic map as a picture: which nodes show, where they sit (the
//! saved position, else a deterministic automatic layout), and the map as
//! SVG and PNG.
//!
//! No egui here: the GUI's map panel draws from the same `MapLayout`, so an
//! export looks like what the analyst arranged, and the theme report can
//! embed `map_svg` without a window. Sizes are in map units (1 unit = 1 px
//! at zoom 1); node positions are centres.

use crate::Project;
use crate::model::{Id, MapEdge, MapNode, MapNodeRef, Theme, ThemeStatus};
use crate::xml::XmlOut;
use anyhow::{Context, Result, bail};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// What the map shows besides final and candidate themes and sub-themes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct MapOptions {
    pub show_discarded: bool,
    /// The codes of the shown themes, as small nodes linked to their theme.
    pub show_codes: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Theme,
    SubTheme,
    Code,
}

/// A node with its place, size and wrapped label.
#[derive(Debug, Clone, PartialEq)]
pub struct LaidNode {
    pub node: MapNodeRef,
    pub label: String,
    pub kind: NodeKind,
    /// A theme's status; None for a code.
    pub status: Option<ThemeStatus>,
    /// #RRGGBB
    pub colour: String,
    /// Centre.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The label wrapped to the node's width.
    pub lines: Vec<String>,
    pub font_size: f64,
    /// Whether the position is saved in the project (else automatic).
    pub placed: bool,
}

impl LaidNode {
    /// (left, top, right, bottom).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        (
            self.x - self.w / 2.0,
            self.y - self.h / 2.0,
            self.x + self.w / 2.0,
            self.y + self.h / 2.0,
        )
    }
}

/// An edge between two shown themes (indices into `MapLayout::nodes`).
#[derive(Debug, Clone, PartialEq)]
pub struct LaidEdge {
    pub id: Id,
    pub from: usize,
    pub to: usize,
    pub from_theme: Id,
    pub to_theme: Id,
    pub label: String,
    /// Sideways offset when several edges join the same two themes.
    pub offset: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapLayout {
    pub nodes: Vec<LaidNode>,
    /// (child, parent): a sub-theme to its theme, a code to each of its themes.
    pub links: Vec<(usize, usize)>,
    pub edges: Vec<LaidEdge>,
}

/// A straight piece of an edge or link, clipped to the borders of its nodes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub start: (f64, f64),
    pub end: (f64, f64),
}

impl Segment {
    pub fn mid(&self) -> (f64, f64) {
        (
            (self.start.0 + self.end.0) / 2.0,
            (self.start.1 + self.end.1) / 2.0,
        )
    }
}

impl MapLayout {
    pub fn index_of(&self, node: MapNodeRef) -> Option<usize> {
        self.nodes.iter().position(|n| n.node == node)
    }

    /// (left, top, right, bottom) around every node; a unit box when empty.
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        if self.nodes.is_empty() {
            return (-100.0, -100.0, 100.0, 100.0);
        }
        self.nodes.iter().fold(
            (f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |(l, t, r, b), n| {
                let (nl, nt, nr, nb) = n.bounds();
                (l.min(nl), t.min(nt), r.max(nr), b.max(nb))
            },
        )
    }

    /// Where an edge runs, from border to border (None when the nodes overlap).
    pub fn edge_segment(&self, edge: &LaidEdge) -> Option<Segment> {
        segment(&self.nodes[edge.from], &self.nodes[edge.to], edge.offset)
    }

    /// Where an edge's label goes: the middle of the edge, or the nearest
    /// point along it where the label covers no node.
    pub fn edge_label_pos(&self, edge: &LaidEdge, seg: &Segment) -> (f64, f64) {
        let (w, h) = (label_width(&edge.label, EDGE_FONT), EDGE_FONT * 1.5);
        let at = |t: f64| {
            (
                seg.start.0 + (seg.end.0 - seg.start.0) * t,
                seg.start.1 + (seg.end.1 - seg.start.1) * t,
            )
        };
        let free = |(x, y): (f64, f64)| {
            self.nodes.iter().all(|n| {
                let (l, t, r, b) = n.bounds();
                x + w / 2.0 < l || x - w / 2.0 > r || y + h / 2.0 < t || y - h / 2.0 > b
            })
        };
        [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]
            .into_iter()
            .map(at)
            .find(|p| free(*p))
            .unwrap_or_else(|| seg.mid())
    }

    pub fn link_segment(&self, child: usize, parent: usize) -> Option<Segment> {
        segment(&self.nodes[child], &self.nodes[parent], 0.0)
    }
}

/// From the border of `a` to the border of `b` (a small gap before each),
/// shifted sideways by `offset`.
fn segment(a: &LaidNode, b: &LaidNode, offset: f64) -> Option<Segment> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-6 {
        return None;
    }
    let (nx, ny) = (-dy / len * offset, dx / len * offset);
    let (ax, ay) = (a.x + nx, a.y + ny);
    // The share of the way at which the line leaves a box of half-size (hw, hh).
    let exit = |hw: f64, hh: f64| {
        let tx = if dx.abs() > 1e-9 {
            hw / dx.abs()
        } else {
            f64::MAX
        };
        let ty = if dy.abs() > 1e-9 {
            hh / dy.abs()
        } else {
            f64::MAX
        };
        tx.min(ty)
    };
    const GAP: f64 = 4.0;
    let t0 = exit(a.w / 2.0, a.h / 2.0) + GAP / len;
    let t1 = 1.0 - exit(b.w / 2.0, b.h / 2.0) - GAP / len;
    if t1 <= t0 {
        return None;
    }
    Some(Segment {
        start: (ax + dx * t0, ay + dy * t0),
        end: (ax + dx * t1, ay + dy * t1),
    })
}

// ------------------------------------------------------------------ sizes

/// Average advance of a character of the sans font (egui's default, also
/// embedded for the PNG), as a share of the font size.
pub const CHAR_WIDTH: f64 = 0.56;
pub const LINE_HEIGHT: f64 = 1.3;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 9.0;
const MAX_LINES: usize = 4;

/// (font size, characters per line) of a kind of node.
fn kind_metrics(kind: NodeKind) -> (f64, usize) {
    match kind {
        NodeKind::Theme => (15.0, 20),
        NodeKind::SubTheme => (12.5, 20),
        NodeKind::Code => (11.0, 22),
    }
}

/// Word-wrap `text` at `max` characters per line, at most `MAX_LINES`
/// lines (the last one ends in "…" when text was left out).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        // Break words longer than a line.
        while word.len() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..max].iter().collect());
            word.drain(..max);
        }
        if word.is_empty() {
            continue;
        }
        let len = line.chars().count();
        if len > 0 && len + 1 + word.len() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        let last = &mut lines[MAX_LINES - 1];
        let keep: String = last.chars().take(max.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    lines
}

fn sized_node(
    node: MapNodeRef,
    label: String,
    kind: NodeKind,
    status: Option<ThemeStatus>,
    colour: String,
    at: Option<(f64, f64)>,
) -> LaidNode {
    let (font_size, max) = kind_metrics(kind);
    let lines = wrap(&label, max);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let w = (longest as f64 * CHAR_WIDTH * font_size + 2.0 * PAD_X).max(match kind {
        NodeKind::Theme => 110.0,
        NodeKind::SubTheme => 90.0,
        NodeKind::Code => 60.0,
    });
    let h = lines.len() as f64 * font_size * LINE_HEIGHT + 2.0 * PAD_Y;
    LaidNode {
        node,
        label,
        kind,
        status,
        colour,
        x: at.map_or(0.0, |p| p.0),
        y: at.map_or(0.0, |p| p.1),
        w,
        h,
        lines,
        font_size,
        placed: at.is_some(),
    }
}

// ----------------------------------------------------------------- layout

/// The map as shown: visible nodes with positions (saved, or automatic for
/// those never placed), parent links and edges.
pub fn layout(project: &Project, opts: &MapOptions) -> Result<MapLayout> {
    let map = project.map()?;
    let themes = project.themes()?;
    let shown = |s: ThemeStatus| opts.show_discarded || s != ThemeStatus::Discarded;
    let visible: Vec<&Theme> = themes.iter().filter(|t| shown(t.status)).collect();
    let mut b = Builder {
        saved: map
            .nodes
            .iter()
            .filter_map(|n| Some((n.node, (n.x?, n.y?))))
            .collect(),
        ..Builder::default()
    };
    b.add_themes(&visible);
    if opts.show_codes {
        let colours: HashMap<Id, String> = project
            .codes()?
            .into_iter()
            .map(|c| (c.id, c.colour))
            .collect();
        b.add_codes(&visible, &map.nodes, &colours);
    }
    auto_place(&mut b.out.nodes, &b.parent_of);
    b.add_edges(&map.edges);
    Ok(b.out)
}

/// A layout while it is being built: nodes by what they show, and each
/// node's parent (None for top-level themes and orphan codes).
#[derive(Default)]
struct Builder {
    out: MapLayout,
    index: HashMap<MapNodeRef, usize>,
    parent_of: Vec<Option<usize>>,
    saved: HashMap<MapNodeRef, (f64, f64)>,
}

impl Builder {
    fn push(&mut self, node: LaidNode, parent: Option<usize>) -> usize {
        let i = self.out.nodes.len();
        self.index.insert(node.node, i);
        self.parent_of.push(parent);
        if let Some(p) = parent {
            self.out.links.push((i, p));
        }
        self.out.nodes.push(node);
        i
    }

    /// Themes come parents first, so a sub-theme's parent is already laid.
    fn add_themes(&mut self, visible: &[&Theme]) {
        let ids: HashSet<Id> = visible.iter().map(|t| t.id).collect();
        for t in visible {
            let parent = t.parent.filter(|p| ids.contains(p));
            let kind = if parent.is_some() {
                NodeKind::SubTheme
            } else {
                NodeKind::Theme
            };
            let r = MapNodeRef::Theme(t.id);
            let at = self.saved.get(&r).copied();
            let node = sized_node(
                r,
                t.name.clone(),
                kind,
                Some(t.status),
                t.colour.clone(),
                at,
            );
            let parent = parent.map(|p| self.index[&MapNodeRef::Theme(p)]);
            self.push(node, parent);
        }
    }

    /// Each shown theme's codes (a code in two themes is one node linked
    /// to both), then codes placed on the map that no shown theme holds
    /// (any more).
    fn add_codes(&mut self, visible: &[&Theme], placed: &[MapNode], colours: &HashMap<Id, String>) {
        let colour = |id: Id| colours.get(&id).cloned().unwrap_or("#808080".into());
        for t in visible {
            let ti = self.index[&MapNodeRef::Theme(t.id)];
            for c in &t.codes {
                let r = MapNodeRef::Code(c.id);
                if let Some(&ci) = self.index.get(&r) {
                    self.out.links.push((ci, ti));
                    continue;
                }
                let at = self.saved.get(&r).copied();
                let node = sized_node(r, c.name.clone(), NodeKind::Code, None, colour(c.id), at);
                self.push(node, Some(ti));
            }
        }
        for n in placed {
            if let (MapNodeRef::Code(c), Some(x), Some(y)) = (n.node, n.x, n.y)
                && !self.index.contains_key(&n.node)
            {
                let node = sized_node(
                    n.node,
                    n.label.clone(),
                    NodeKind::Code,
                    None,
                    colour(c),
                    Some((x, y)),
                );
                self.push(node, None);
            }
        }
    }

    /// Edges between shown themes, those joining the same two themes
    /// spread side by side.
    fn add_edges(&mut self, edges: &[MapEdge]) {
        let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
        for e in edges {
            let (Some(&from), Some(&to)) = (
                self.index.get(&MapNodeRef::Theme(e.from)),
                self.index.get(&MapNodeRef::Theme(e.to)),
            ) else {
                continue;
            };
            *pairs.entry((from.min(to), from.max(to))).or_default() += 1;
            self.out.edges.push(LaidEdge {
                id: e.id,
                from,
                to,
                from_theme: e.from,
                to_theme: e.to,
                label: e.label.clone(),
                offset: 0.0,
            });
        }
        let mut seen: HashMap<(usize, usize), usize> = HashMap::new();
        for e in &mut self.out.edges {
            let key = (e.from.min(e.to), e.from.max(e.to));
            let n = pairs[&key];
            let k = seen.entry(key).or_default();
            // The offset is measured in the direction from → to; flip it for
            // edges running the other way, so all share one frame.
            let sign = if e.from <= e.to { 1.0 } else { -1.0 };
            e.offset = sign * (*k as f64 - (n as f64 - 1.0) / 2.0) * 22.0;
            *k += 1;
        }
    }
}

/// Give every node without a saved position one: top-level themes on a
/// circle, sub-themes fanned out beyond their parent, codes around their
/// theme, each moved to the nearest free spot (on a spiral around where it
/// wants to be) so it covers no node placed before it. Deterministic:
/// depends only on the nodes' order and the saved positions.
fn auto_place(nodes: &mut [LaidNode], parent_of: &[Option<usize>]) {
    use std::f64::consts::{PI, TAU};
    let tops: Vec<usize> = (0..nodes.len())
        .filter(|&i| parent_of[i].is_none() && nodes[i].kind != NodeKind::Code)
        .collect();
    let radius = (tops.len() as f64 * 270.0 / TAU).max(220.0);
    // Each child's rank among its parent's sub-themes or codes.
    let mut rank: Vec<(usize, usize)> = vec![(0, 1); nodes.len()];
    let mut counts: HashMap<(usize, bool), usize> = HashMap::new();
    for i in 0..nodes.len() {
        if let Some(p) = parent_of[i] {
            let c = counts
                .entry((p, nodes[i].kind == NodeKind::Code))
                .or_default();
            rank[i].0 = *c;
            *c += 1;
        }
    }
    for i in 0..nodes.len() {
        if let Some(p) = parent_of[i] {
            rank[i].1 = counts[&(p, nodes[i].kind == NodeKind::Code)];
        }
    }
    // Boxes that others must not cover: the placed nodes, then each
    // auto-placed one as it is settled. Parents come before children.
    let mut settled: Vec<Bounds> = nodes.iter().filter(|n| n.placed).map(Bounds::of).collect();
    for i in 0..nodes.len() {
        if nodes[i].placed {
            continue;
        }
        let want = match parent_of[i] {
            None if nodes[i].kind == NodeKind::Code => (0.0, 0.0),
            None => {
                let k = tops.iter().position(|&t| t == i).unwrap_or(0);
                if tops.len() == 1 {
                    (0.0, 0.0)
                } else {
                    let a = -PI / 2.0 + TAU * k as f64 / tops.len() as f64;
                    (radius * a.cos(), radius * a.sin())
                }
            }
            Some(p) => {
                let (px, py) = (nodes[p].x, nodes[p].y);
                // Fan out away from the middle of the map.
                let out = if px.abs() + py.abs() < 1e-6 {
                    PI / 2.0
                } else {
                    py.atan2(px)
                };
                let (j, n) = (rank[i].0 as f64, rank[i].1 as f64);
                if nodes[i].kind == NodeKind::Code {
                    let a = out + PI + TAU * (j + 0.5) / n;
                    (px + 160.0 * a.cos(), py + 120.0 * a.sin())
                } else {
                    let a = out + (j - (n - 1.0) / 2.0) * 0.75;
                    (px + 190.0 * a.cos(), py + 150.0 * a.sin())
                }
            }
        };
        let at = free_spot(&nodes[i], &settled, want);
        (nodes[i].x, nodes[i].y) = at;
        settled.push(Bounds::of(&nodes[i]));
    }
}

/// A node's centre and half size, padded by half the margin between nodes.
#[derive(Clone, Copy)]
struct Bounds {
    x: f64,
    y: f64,
    hw: f64,
    hh: f64,
}

impl Bounds {
    const MARGIN: f64 = 14.0;

    fn of(n: &LaidNode) -> Bounds {
        Bounds {
            x: n.x,
            y: n.y,
            hw: (n.w + Self::MARGIN) / 2.0,
            hh: (n.h + Self::MARGIN) / 2.0,
        }
    }

    fn clear_of(&self, o: &Bounds) -> bool {
        (self.x - o.x).abs() >= self.hw + o.hw || (self.y - o.y).abs() >= self.hh + o.hh
    }
}

/// The point nearest `want` (on a sunflower spiral around it) where
/// `node` covers nothing `settled`.
fn free_spot(node: &LaidNode, settled: &[Bounds], want: (f64, f64)) -> (f64, f64) {
    const GOLDEN: f64 = 2.399_963_229_728_653;
    let mut b = Bounds::of(node);
    // Nearby candidates are mostly blocked by the same box: try it first.
    let mut blocker: Option<usize> = None;
    for k in 0..2000 {
        let (r, a) = (28.0 * (k as f64).sqrt(), k as f64 * GOLDEN);
        (b.x, b.y) = (want.0 + 1.4 * r * a.cos(), want.1 + r * a.sin());
        if let Some(j) = blocker
            && !b.clear_of(&settled[j])
        {
            continue;
        }
        blocker = None;
        for (j, o) in settled.iter().enumerate() {
            if !b.clear_of(o) {
                blocker = Some(j);
                break;
            }
        }
        if blocker.is_none() {
            return (b.x, b.y);
        }
    }
    want
}

// -------------------------------------------------------------------- SVG

/// The map (final and candidate themes, sub-themes, edges) as SVG 1.1.
pub fn map_svg(project: &Project) -> Result<String> {
    map_svg_with(project, &MapOptions::default())
}

pub fn map_svg_with(project: &Project, opts: &MapOptions) -> Result<String> {
    Ok(layout_svg(&layout(project, opts)?))
}

/// The font families asked for in the SVG: the one embedded for PNG (and
/// egui's), then common ones, then any sans.
const FONT_FAMILY: &str = "Ubuntu, 'Ubuntu Light', 'DejaVu Sans', Arial, Helvetica, sans-serif";
const MARGIN: f64 = 40.0;

/// Parse #RRGGBB (grey when malformed).
pub fn rgb(hex: &str) -> (u8, u8, u8) {
    let h = hex.trim().trim_start_matches('#');
    let byte = |i: usize| {
        h.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(128)
    };
    if h.len() == 6 {
        (byte(0), byte(2), byte(4))
    } else {
        (128, 128, 128)
    }
}

/// `colour` mixed with white: `share` of the colour.
pub fn tint(hex: &str, share: f64) -> (u8, u8, u8) {
    let (r, g, b) = rgb(hex);
    let mix = |c: u8| (255.0 - (255.0 - c as f64) * share).round() as u8;
    (mix(r), mix(g), mix(b))
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// Fill, stroke, text colour, stroke width, dashes, bold of a node: one
/// look for the SVG and the GUI.
pub struct NodeStyle {
    pub fill: (u8, u8, u8),
    pub stroke: (u8, u8, u8),
    pub text: (u8, u8, u8),
    pub stroke_width: f64,
    pub dashed: bool,
    pub bold: bool,
    pub corner: f64,
}

pub fn node_style(n: &LaidNode) -> NodeStyle {
    let base = NodeStyle {
        fill: tint(&n.colour, 0.22),
        stroke: rgb(&n.colour),
        text: (0x1F, 0x1F, 0x1F),
        stroke_width: 2.0,
        dashed: false,
        bold: false,
        corner: 10.0,
    };
    match (n.kind, n.status) {
        (_, Some(ThemeStatus::Discarded)) => NodeStyle {
            fill: (0xF0, 0xF0, 0xF0),
            stroke: (0x9E, 0x9E, 0x9E),
            text: (0x75, 0x75, 0x75),
            stroke_width: 1.5,
            dashed: true,
            ..base
        },
        (NodeKind::Code, _) => NodeStyle {
            fill: tint(&n.colour, 0.12),
            stroke_width: 1.0,
            corner: 5.0,
            ..base
        },
        (kind, Some(ThemeStatus::Candidate)) => NodeStyle {
            dashed: true,
            bold: kind == NodeKind::Theme,
            ..base
        },
        (kind, _) => NodeStyle {
            stroke_width: if kind == NodeKind::Theme { 3.0 } else { 2.0 },
            bold: kind == NodeKind::Theme,
            ..base
        },
    }
}

/// Width of the halo behind an edge label.
pub fn label_width(label: &str, font_size: f64) -> f64 {
    label.chars().count() as f64 * CHAR_WIDTH * font_size + 10.0
}

pub const EDGE_FONT: f64 = 12.0;
pub const EDGE_COLOUR: (u8, u8, u8) = (0x44, 0x44, 0x44);
pub const LINK_COLOUR: (u8, u8, u8) = (0xA0, 0xA0, 0xA0);

/// Write a laid-out map as SVG 1.1 (also fine for LibreOffice and browsers:
/// no CSS, no SVG 2 features, coordinates from 0).
pub fn layout_svg(map: &MapLayout) -> String {
    write_svg(map).expect("writing XML into memory cannot fail")
}

/// A coordinate as written in the SVG.
fn p(x: f64) -> String {
    format!("{x:.1}")
}

/// Where the map's own coordinates sit in the SVG: shifted so the
/// leftmost and topmost nodes are `MARGIN` from the border.
#[derive(Clone, Copy)]
struct Offset(f64, f64);

impl Offset {
    fn x(self, x: f64) -> String {
        p(x + self.0)
    }

    fn y(self, y: f64) -> String {
        p(y + self.1)
    }
}

fn write_svg(map: &MapLayout) -> std::io::Result<String> {
    let (l, t, r, b) = map.bounds();
    let at = Offset(MARGIN - l, MARGIN - t);
    let (w, h) = (p(r - l + 2.0 * MARGIN), p(b - t + 2.0 * MARGIN));
    let mut x = XmlOut::compact("no")?;
    let view_box = format!("0 0 {w} {h}");
    x.start(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("version", "1.1"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("font-family", FONT_FAMILY),
        ],
    )?;
    x.newline()?;
    svg_defs(&mut x, &w, &h)?;
    group(&mut x, "links", |x| svg_links(x, map, at))?;
    group(&mut x, "edges", |x| svg_edges(x, map, at))?;
    group(&mut x, "nodes", |x| {
        map.nodes.iter().try_for_each(|n| svg_node(x, n, at))
    })?;
    // Labels last, over everything: readable even where a link runs
    // behind a node.
    group(&mut x, "edge-labels", |x| svg_edge_labels(x, map, at))?;
    x.end("svg")?;
    Ok(x.finish_string())
}

/// `<g id="…">`, its content, `</g>`, each on its own line.
fn group(
    x: &mut XmlOut,
    id: &str,
    content: impl FnOnce(&mut XmlOut) -> std::io::Result<()>,
) -> std::io::Result<()> {
    x.start("g", &[("id", id)])?;
    x.newline()?;
    content(x)?;
    x.end("g")?;
    x.newline()
}

/// Title, the arrow head and the white background.
fn svg_defs(x: &mut XmlOut, w: &str, h: &str) -> std::io::Result<()> {
    x.text_element("title", "Thematic map")?;
    x.newline()?;
    x.start("defs", &[])?;
    x.start(
        "marker",
        &[
            ("id", "arrow"),
            ("viewBox", "0 0 10 10"),
            ("refX", "9"),
            ("refY", "5"),
            ("markerWidth", "6"),
            ("markerHeight", "6"),
            ("orient", "auto"),
        ],
    )?;
    let arrow = hex(EDGE_COLOUR);
    x.empty("path", &[("d", "M 0 0 L 10 5 L 0 10 z"), ("fill", &arrow)])?;
    x.end("marker")?;
    x.end("defs")?;
    x.newline()?;
    let background = [
        ("x", "0"),
        ("y", "0"),
        ("width", w),
        ("height", h),
        ("fill", "#FFFFFF"),
    ];
    x.empty("rect", &background)?;
    x.newline()
}

/// The lines from sub-themes and codes to their theme.
fn svg_links(x: &mut XmlOut, map: &MapLayout, at: Offset) -> std::io::Result<()> {
    for &(child, parent) in &map.links {
        let Some(seg) = map.link_segment(child, parent) else {
            continue;
        };
        let (width, colour) = if map.nodes[child].kind == NodeKind::Code {
            ("1", tint(&hex(LINK_COLOUR), 0.7))
        } else {
            ("1.5", LINK_COLOUR)
        };
        let (x1, y1, x2, y2) = segment_ends(&seg, at);
        let stroke = hex(colour);
        x.empty(
            "line",
            &[
                ("x1", &x1),
                ("y1", &y1),
                ("x2", &x2),
                ("y2", &y2),
                ("stroke", &stroke),
                ("stroke-width", width),
            ],
        )?;
        x.newline()?;
    }
    Ok(())
}

fn segment_ends(seg: &Segment, at: Offset) -> (String, String, String, String) {
    (
        at.x(seg.start.0),
        at.y(seg.start.1),
        at.x(seg.end.0),
        at.y(seg.end.1),
    )
}

/// The analyst's arrows between themes.
fn svg_edges(x: &mut XmlOut, map: &MapLayout, at: Offset) -> std::io::Result<()> {
    let stroke = hex(EDGE_COLOUR);
    for e in &map.edges {
        let Some(seg) = map.edge_segment(e) else {
            continue;
        };
        let (x1, y1, x2, y2) = segment_ends(&seg, at);
        x.empty(
            "line",
            &[
                ("class", "edge"),
                ("x1", &x1),
                ("y1", &y1),
                ("x2", &x2),
                ("y2", &y2),
                ("stroke", &stroke),
                ("stroke-width", "2"),
                ("marker-end", "url(#arrow)"),
            ],
        )?;
        x.newline()?;
    }
    Ok(())
}

/// The class and id of a node's group.
fn node_class_and_id(n: &LaidNode) -> (String, String) {
    match n.node {
        MapNodeRef::Theme(id) => {
            let kind = if n.kind == NodeKind::SubTheme {
                "sub-theme"
            } else {
                "theme"
            };
            let status = n.status.map_or("", |s| s.as_str());
            (format!("node {kind} {status}"), format!("theme-{id}"))
        }
        MapNodeRef::Code(id) => ("node code".to_string(), format!("code-{id}")),
    }
}

/// One node: its box and its label, line by line.
fn svg_node(x: &mut XmlOut, n: &LaidNode, at: Offset) -> std::io::Result<()> {
    let st = node_style(n);
    let (class, id) = node_class_and_id(n);
    x.start("g", &[("class", &class), ("id", &id)])?;
    x.newline()?;
    x.text_element("title", &n.label)?;
    x.newline()?;
    let (nl, nt, _, _) = n.bounds();
    let (corner, fill, stroke) = (st.corner.to_string(), hex(st.fill), hex(st.stroke));
    let stroke_width = st.stroke_width.to_string();
    let (left, top, w, h) = (at.x(nl), at.y(nt), p(n.w), p(n.h));
    let mut rect = vec![
        ("x", left.as_str()),
        ("y", &top),
        ("width", &w),
        ("height", &h),
        ("rx", &corner),
        ("ry", &corner),
        ("fill", &fill),
        ("stroke", &stroke),
        ("stroke-width", &stroke_width),
    ];
    if st.dashed {
        rect.push(("stroke-dasharray", "6 4"));
    }
    x.empty("rect", &rect)?;
    x.newline()?;
    svg_node_label(x, n, &st, at)?;
    x.newline()?;
    x.end("g")?;
    x.newline()
}

fn svg_node_label(x: &mut XmlOut, n: &LaidNode, st: &NodeStyle, at: Offset) -> std::io::Result<()> {
    let size = n.font_size.to_string();
    let colour = hex(st.text);
    let mut attrs = vec![("font-size", size.as_str())];
    if st.bold {
        attrs.push(("font-weight", "bold"));
    }
    attrs.extend([("text-anchor", "middle"), ("fill", &colour)]);
    x.start("text", &attrs)?;
    let line_h = n.font_size * LINE_HEIGHT;
    let first = n.y - line_h * (n.lines.len() as f64 - 1.0) / 2.0 + n.font_size * 0.35;
    let left = at.x(n.x);
    for (i, line) in n.lines.iter().enumerate() {
        let y = at.y(first + i as f64 * line_h);
        x.text_in("tspan", &[("x", &left), ("y", &y)], line)?;
    }
    x.end("text")
}

/// Each edge's label on a white halo.
fn svg_edge_labels(x: &mut XmlOut, map: &MapLayout, at: Offset) -> std::io::Result<()> {
    let colour = hex(EDGE_COLOUR);
    let size = EDGE_FONT.to_string();
    for e in &map.edges {
        let Some(seg) = map.edge_segment(e) else {
            continue;
        };
        if e.label.trim().is_empty() {
            continue;
        }
        let (mx, my) = map.edge_label_pos(e, &seg);
        let lw = label_width(&e.label, EDGE_FONT);
        x.start("g", &[("class", "edge-label")])?;
        let (left, top) = (at.x(mx - lw / 2.0), at.y(my - EDGE_FONT * 0.75));
        let (w, h) = (p(lw), p(EDGE_FONT * 1.5));
        x.empty(
            "rect",
            &[
                ("x", &left),
                ("y", &top),
                ("width", &w),
                ("height", &h),
                ("rx", "3"),
                ("ry", "3"),
                ("fill", "#FFFFFF"),
                ("fill-opacity", "0.9"),
            ],
        )?;
        x.newline()?;
        let (cx, cy) = (at.x(mx), at.y(my + EDGE_FONT * 0.35));
        let text = [
            ("x", cx.as_str()),
            ("y", &cy),
            ("font-size", &size),
            ("font-style", "italic"),
            ("text-anchor", "middle"),
            ("fill", &colour),
        ];
        x.text_in("text", &text, e.label.trim())?;
        x.end("g")?;
        x.newline()?;
    }
    Ok(())
}

// -------------------------------------------------------------------- PNG

/// The fonts for rasterising: egui's own sans (so the PNG looks like the
/// screen), embedded, so the result does not depend on the machine.
fn fontdb() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
        db.load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|f| f.0.clone());
        if let Some(family) = family {
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family);
        }
        Arc::new(db)
    })
    .clone()
}

/// Rasterise SVG to PNG, `width` pixels wide (the height follows).
pub fn svg_to_png(svg: &str, width: u32) -> Result<Vec<u8>> {
    if !(16..=16_384).contains(&width) {
        bail!("a PNG width must be between 16 and 16384 pixels, not {width}");
    }
    let db = fontdb();
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first())
        .map_or("sans-serif".to_string(), |f| f.0.clone());
    let opt = resvg::usvg::Options {
        fontdb: db,
        font_family: family,
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).context("the map's SVG does not parse")?;
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = ((size.height() * scale).ceil() as u32).clamp(1, 16_384);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .with_context(|| format!("cannot make a {width}×{height} image"))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().context("cannot encode the PNG")
}

/// The map (as `map_svg`) as a PNG `width` pixels wide.
pub fn map_png(project: &Project, width: u32) -> Result<Vec<u8>> {
    map_png_with(project, &MapOptions::default(), width)
}

pub fn map_png_with(project: &Project, opts: &MapOptions, width: u32) -> Result<Vec<u8>> {
    svg_to_png(&map_svg_with(project, opts)?, width)
}

pub const DEFAULT_PNG_WIDTH: u32 = 2000;

/// Write the map to `path`: SVG or PNG by the file's extension (`width`
/// only for PNG; None: `DEFAULT_PNG_WIDTH`).
pub fn write_map(
    project: &Project,
    path: &Path,
    opts: &MapOptions,
    width: Option<u32>,
) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("svg") => map_svg_with(project, opts)?.into_bytes(),
        Some("png") => map_png_with(project, opts, width.unwrap_or(DEFAULT_PNG_WIDTH))?,
        _ => bail!(
            "cannot tell the format of '{}': name it .svg or .png",
            path.display()
        ),
    };
    std::fs::write(path, bytes).with_context(|| format!("cannot write '{}'", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words_and_long_words() {
        assert_eq!(
            wrap("Tillit må bygges over tid", 12),
            ["Tillit må", "bygges over", "tid"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        let many = wrap("a b c d e f g h i j", 1);
        assert_eq!(many.len(), MAX_LINES);
        assert!(many[MAX_LINES - 1].ends_with('…'));
    }

    #[test]
    fn segment_stops_at_borders() {
        let n = |x: f64| {
            sized_node(
                MapNodeRef::Theme(1),
                "x".into(),
                NodeKind::Theme,
                None,
                "#000000".into(),
                Some((x, 0.0)),
            )
        };
        let (a, b) = (n(0.0), n(400.0));
        let s = segment(&a, &b, 0.0).unwrap();
        assert!((s.start.0 - (a.w / 2.0 + 4.0)).abs() < 1e-6);
        assert!((s.end.0 - (400.0 - b.w / 2.0 - 4.0)).abs() < 1e-6);
    }
}
