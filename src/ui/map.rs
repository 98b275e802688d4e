//! The thematic map (phases 3–5): themes and sub-themes as boxes, their
//! codes on request, links between themes as labelled arrows. Drag a box
//! to place it (saved in the project, undoable), drag the background to
//! pan, scroll or pinch to zoom; select a theme and "Connect to…" another
//! to link them; click a link to delete it; export as SVG or PNG.
//!
//! Geometry, sizes, wrapping and colours come from `export::map`, so the
//! exported picture is what the analyst arranged here. The layout is
//! re-read only when the project's `version` (or a toggle) changes.

use super::actions::Action;
use super::strings as s;
use crate::Project;
use crate::app;
use crate::export::map::{
    self as geo, EDGE_COLOUR, EDGE_FONT, LINK_COLOUR, LaidNode, MapLayout, MapOptions, NodeKind,
};
use crate::model::{Id, MapNodeRef};
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Shape, Stroke, StrokeKind,
    Ui, Vec2, pos2, vec2,
};
use std::path::Path;

const MIN_ZOOM: f32 = 0.1;
const MAX_ZOOM: f32 = 4.0;
/// Below this on-screen size, labels are not drawn (unreadable anyway).
const MIN_TEXT_PX: f32 = 4.5;
/// How close (in points) a click must be to a link to pick it.
const EDGE_PICK: f32 = 6.0;

/// A node being dragged: where it started and where it is now (map units).
#[derive(Debug, Clone, Copy)]
struct Drag {
    node: MapNodeRef,
    start: (f64, f64),
    at: (f64, f64),
}

pub struct MapPanel {
    /// Show discarded themes / codes.
    pub options: MapOptions,
    cache: Option<(u64, MapOptions, MapLayout)>,
    zoom: f32,
    /// The map point at the middle of the canvas.
    centre: (f64, f64),
    /// Fit the whole map into view on the next frame.
    fit: bool,
    drag: Option<Drag>,
    selected: Option<MapNodeRef>,
    selected_edge: Option<Id>,
    /// "Connect to…" was pressed: the next theme clicked is the target.
    connect_from: Option<Id>,
    /// A link waiting for its label.
    new_edge: Option<(Id, Id)>,
    edge_label: String,
    focus_label: bool,
    /// The canvas of the last frame (for `node_screen_rect`).
    canvas: Rect,
}

impl Default for MapPanel {
    fn default() -> Self {
        MapPanel {
            options: MapOptions::default(),
            cache: None,
            zoom: 1.0,
            centre: (0.0, 0.0),
            fit: true,
            drag: None,
            selected: None,
            selected_edge: None,
            connect_from: None,
            new_edge: None,
            edge_label: String::new(),
            focus_label: false,
            canvas: Rect::NOTHING,
        }
    }
}

impl MapPanel {
    /// The map as laid out for the last frame.
    pub fn layout(&self) -> Option<&MapLayout> {
        self.cache.as_ref().map(|c| &c.2)
    }

    pub fn zoom(&self) -> f32 {
        self.zoom
    }

    pub fn selected(&self) -> Option<MapNodeRef> {
        self.selected
    }

    /// Where a node is on screen (after the last frame).
    pub fn node_screen_rect(&self, node: MapNodeRef) -> Option<Rect> {
        let map = self.layout()?;
        let n = &map.nodes[map.index_of(node)?];
        Some(self.node_rect(n))
    }

    /// Turn a map point into a screen point on the last frame's canvas.
    pub fn to_screen(&self, (x, y): (f64, f64)) -> Pos2 {
        let c = self.canvas.center();
        pos2(
            c.x + ((x - self.centre.0) as f32) * self.zoom,
            c.y + ((y - self.centre.1) as f32) * self.zoom,
        )
    }

    fn to_map(&self, p: Pos2) -> (f64, f64) {
        let c = self.canvas.center();
        (
            self.centre.0 + ((p.x - c.x) / self.zoom) as f64,
            self.centre.1 + ((p.y - c.y) / self.zoom) as f64,
        )
    }

    fn node_rect(&self, n: &LaidNode) -> Rect {
        Rect::from_center_size(
            self.to_screen((n.x, n.y)),
            vec2(n.w as f32, n.h as f32) * self.zoom,
        )
    }

    pub fn ui(&mut self, ui: &mut Ui, project: &Project, version: u64, actions: &mut Vec<Action>) {
        self.refresh(project, version, actions);
        self.toolbar(ui, project, actions);
        self.edit_row(ui, actions);
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.connect_from = None;
            self.new_edge = None;
        }
        // The layout is taken out for the frame (drags move its nodes) and
        // put back under the key it was made for: a toggle flipped this
        // frame makes the next frame re-read it.
        let Some((v, options, mut map)) = self.cache.take() else {
            return;
        };
        self.canvas_ui(ui, &mut map, actions);
        self.cache = Some((v, options, map));
    }

    fn refresh(&mut self, project: &Project, version: u64, actions: &mut Vec<Action>) {
        let fresh = matches!(&self.cache, Some((v, o, _)) if *v == version && *o == self.options);
        if fresh {
            return;
        }
        let mut map = match geo::layout(project, &self.options) {
            Ok(m) => m,
            Err(e) => {
                actions.push(Action::Error(format!("{e:#}")));
                MapLayout::default()
            }
        };
        // A drag in progress keeps its node under the pointer.
        if let Some(d) = self.drag {
            if let Some(i) = map.index_of(d.node) {
                (map.nodes[i].x, map.nodes[i].y) = d.at;
            } else {
                self.drag = None;
            }
        }
        let exists = |r: MapNodeRef| map.index_of(r).is_some();
        if self.selected.is_some_and(|r| !exists(r)) {
            self.selected = None;
        }
        if self
            .selected_edge
            .is_some_and(|e| !map.edges.iter().any(|x| x.id == e))
        {
            self.selected_edge = None;
        }
        self.cache = Some((version, self.options, map));
    }

    fn name_of(&self, node: MapNodeRef) -> String {
        self.layout()
            .and_then(|m| m.index_of(node).map(|i| m.nodes[i].label.clone()))
            .unwrap_or_default()
    }

    fn toolbar(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            ui.heading(s::MAP);
            ui.separator();
            ui.checkbox(&mut self.options.show_discarded, s::MAP_SHOW_DISCARDED);
            ui.checkbox(&mut self.options.show_codes, s::MAP_SHOW_CODES);
            ui.separator();
            let centre = self.canvas.center();
            if ui
                .button(s::MAP_ZOOM_OUT)
                .on_hover_text(s::MAP_ZOOM_OUT_TIP)
                .clicked()
            {
                self.zoom_at(centre, 1.0 / 1.25);
            }
            ui.label(s::map_zoom(self.zoom * 100.0));
            if ui
                .button(s::MAP_ZOOM_IN)
                .on_hover_text(s::MAP_ZOOM_IN_TIP)
                .clicked()
            {
                self.zoom_at(centre, 1.25);
            }
            if ui
                .button(s::MAP_FIT)
                .on_hover_text(s::MAP_FIT_TIP)
                .clicked()
            {
                self.fit = true;
            }
            ui.separator();
            for (label, ext) in [(s::MAP_EXPORT_SVG, "svg"), (s::MAP_EXPORT_PNG, "png")] {
                if ui.button(label).clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .set_file_name(format!("thematic-map.{ext}"))
                        .add_filter(ext.to_uppercase(), &[ext])
                        .save_file()
                {
                    actions.push(export_map(project, &path, &self.options));
                }
            }
        })
        .response
        .on_hover_text(s::MAP_HELP);
    }

    /// The row under the toolbar: what is selected and what can be done with it.
    fn edit_row(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal_wrapped(|ui| {
            if let Some((from, to)) = self.new_edge {
                let (a, b) = (
                    self.name_of(MapNodeRef::Theme(from)),
                    self.name_of(MapNodeRef::Theme(to)),
                );
                let label = ui.label(s::map_new_edge(&a, &b));
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.edge_label)
                        .hint_text(s::MAP_EDGE_LABEL_HINT)
                        .desired_width(160.0),
                );
                let edit = edit.labelled_by(label.id);
                if std::mem::take(&mut self.focus_label) {
                    edit.request_focus();
                }
                for preset in s::MAP_EDGE_PRESETS {
                    if ui
                        .selectable_label(self.edge_label == preset, preset)
                        .clicked()
                    {
                        self.edge_label = preset.to_string();
                    }
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(s::MAP_ADD_EDGE).clicked() || enter {
                    let label = self.edge_label.trim().to_string();
                    actions.push(Action::run(move |p| {
                        app::method::link_themes(p, from, to, &label)
                    }));
                    self.new_edge = None;
                    self.edge_label.clear();
                }
                if ui.button(s::CANCEL).clicked() {
                    self.new_edge = None;
                }
            } else if let Some(from) = self.connect_from {
                ui.label(s::map_pick_target(&self.name_of(MapNodeRef::Theme(from))));
                if ui.button(s::CANCEL).clicked() {
                    self.connect_from = None;
                }
            } else if let Some(edge) = self.selected_edge_info() {
                ui.label(edge.0);
                if ui.button(s::MAP_DELETE_EDGE).clicked() {
                    let (from, to, label) = (edge.1, edge.2, edge.3);
                    actions.push(Action::run(move |p| {
                        app::method::unlink_edge(p, from, to, &label)
                    }));
                    self.selected_edge = None;
                }
            } else if let Some(node) = self.selected {
                ui.label(s::map_selected(&self.name_of(node)));
                if let MapNodeRef::Theme(t) = node
                    && ui.button(s::MAP_CONNECT).clicked()
                {
                    self.connect_from = Some(t);
                }
            } else {
                ui.weak(s::MAP_HELP);
            }
        });
    }

    /// (description, from, to, label) of the selected link.
    fn selected_edge_info(&self) -> Option<(String, Id, Id, String)> {
        let map = self.layout()?;
        let e = map
            .edges
            .iter()
            .find(|e| Some(e.id) == self.selected_edge)?;
        Some((
            s::map_edge_name(&map.nodes[e.from].label, &e.label, &map.nodes[e.to].label),
            e.from_theme,
            e.to_theme,
            e.label.clone(),
        ))
    }

    /// Zoom by `factor`, keeping the map point under `at` in place.
    fn zoom_at(&mut self, at: Pos2, factor: f32) {
        let before = self.to_map(at);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_map(at);
        self.centre.0 += before.0 - after.0;
        self.centre.1 += before.1 - after.1;
    }

    fn fit_to(&mut self, map: &MapLayout) {
        let (l, t, r, b) = map.bounds();
        let size = self.canvas.size() - vec2(40.0, 40.0);
        let zoom = (size.x / (r - l) as f32).min(size.y / (b - t) as f32);
        self.zoom = if zoom.is_finite() && zoom > 0.0 {
            zoom.clamp(MIN_ZOOM, 1.5)
        } else {
            1.0
        };
        self.centre = ((l + r) / 2.0, (t + b) / 2.0);
    }

    fn canvas_ui(&mut self, ui: &mut Ui, map: &mut MapLayout, actions: &mut Vec<Action>) {
        let size = ui.available_size().max(vec2(100.0, 100.0));
        let (canvas, painter) = ui.allocate_painter(size, Sense::click_and_drag());
        self.canvas = canvas.rect;
        let dark = ui.visuals().dark_mode;
        painter.rect_filled(canvas.rect, 4.0, ui.visuals().extreme_bg_color);
        if map.nodes.is_empty() {
            painter.text(
                canvas.rect.center(),
                Align2::CENTER_CENTER,
                s::MAP_EMPTY,
                FontId::proportional(14.0),
                ui.visuals().weak_text_color(),
            );
            return;
        }
        if std::mem::take(&mut self.fit) {
            self.fit_to(map);
        }
        self.pan_and_zoom(ui, &canvas);

        let id = canvas.id;
        let mut hovered_node = None;
        for i in 0..map.nodes.len() {
            let rect = self.node_rect(&map.nodes[i]);
            if !canvas.rect.intersects(rect) {
                continue;
            }
            let n = &map.nodes[i];
            let resp = ui.interact(rect, id.with(n.node), Sense::click_and_drag());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &n.label));
            if resp.hovered() {
                hovered_node = Some(i);
            }
            self.node_input(&resp, map, i, actions);
        }
        // Link labels after nodes: they are drawn on top, so they take clicks first.
        let mut edge_hits: Vec<(Id, Response)> = Vec::new();
        for e in &map.edges {
            let Some(seg) = map.edge_segment(e) else {
                continue;
            };
            let mid = self.to_screen(map.edge_label_pos(e, &seg));
            let w = (geo::label_width(&e.label, EDGE_FONT) as f32 * self.zoom).max(16.0);
            let rect = Rect::from_center_size(mid, vec2(w, EDGE_FONT as f32 * 1.5 * self.zoom));
            let resp = ui.interact(rect, id.with(("edge", e.id)), Sense::click());
            resp.widget_info(|| {
                let (a, b) = (&map.nodes[e.from].label, &map.nodes[e.to].label);
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    s::map_edge_name(a, &e.label, b),
                )
            });
            edge_hits.push((e.id, resp));
        }
        for (edge, resp) in edge_hits {
            if resp.clicked() {
                self.selected_edge = Some(edge);
                self.selected = None;
            }
        }
        if canvas.clicked()
            && let Some(p) = canvas.interact_pointer_pos()
        {
            self.selected_edge = self.edge_at(map, p);
            self.selected = None;
        }

        let accent = ui.visuals().selection.stroke.color;
        self.paint(&painter, map, hovered_node, dark, accent);
    }

    fn pan_and_zoom(&mut self, ui: &Ui, canvas: &Response) {
        if canvas.dragged() && self.drag.is_none() {
            let d = canvas.drag_delta() / self.zoom;
            self.centre.0 -= d.x as f64;
            self.centre.1 -= d.y as f64;
        }
        if canvas.contains_pointer() {
            let (scroll, pinch, pointer) = ui.input(|i| {
                (
                    i.smooth_scroll_delta.y,
                    i.zoom_delta(),
                    i.pointer.hover_pos(),
                )
            });
            let factor = pinch * (scroll * 0.002).exp();
            if (factor - 1.0).abs() > 1e-4 {
                self.zoom_at(pointer.unwrap_or(canvas.rect.center()), factor);
                ui.ctx().input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
            }
        }
    }

    fn node_input(
        &mut self,
        resp: &Response,
        map: &mut MapLayout,
        i: usize,
        actions: &mut Vec<Action>,
    ) {
        let node = map.nodes[i].node;
        if resp.drag_started() {
            let at = (map.nodes[i].x, map.nodes[i].y);
            self.drag = Some(Drag {
                node,
                start: at,
                at,
            });
            self.selected = Some(node);
            self.selected_edge = None;
        }
        if let Some(d) = &mut self.drag
            && d.node == node
        {
            if resp.dragged() {
                let delta = resp.drag_delta() / self.zoom;
                d.at.0 += delta.x as f64;
                d.at.1 += delta.y as f64;
                (map.nodes[i].x, map.nodes[i].y) = d.at;
            }
            if resp.drag_stopped() {
                let d = *d;
                self.drag = None;
                let moved = (d.at.0 - d.start.0).abs() + (d.at.1 - d.start.1).abs() > 0.5;
                if moved {
                    // Saved once, on release: one undo step per move.
                    let (x, y) = (
                        (d.at.0 * 10.0).round() / 10.0,
                        (d.at.1 * 10.0).round() / 10.0,
                    );
                    actions.push(Action::run(move |p| app::method::place(p, node, x, y)));
                    map.nodes[i].placed = true;
                }
            }
        }
        if resp.clicked() {
            match (self.connect_from, node) {
                (Some(from), MapNodeRef::Theme(to)) if from != to => {
                    self.new_edge = Some((from, to));
                    self.connect_from = None;
                    self.focus_label = true;
                    if self.edge_label.is_empty() {
                        self.edge_label = s::MAP_EDGE_PRESETS[0].to_string();
                    }
                }
                _ => {
                    self.selected = Some(node);
                    self.selected_edge = None;
                }
            }
        }
    }

    /// The link nearest `p`, if within a few points of it.
    fn edge_at(&self, map: &MapLayout, p: Pos2) -> Option<Id> {
        map.edges
            .iter()
            .filter_map(|e| {
                let seg = map.edge_segment(e)?;
                let (a, b) = (self.to_screen(seg.start), self.to_screen(seg.end));
                Some((e.id, distance_to_segment(p, a, b)))
            })
            .filter(|(_, d)| *d <= EDGE_PICK)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(id, _)| id)
    }

    fn paint(
        &self,
        painter: &egui::Painter,
        map: &MapLayout,
        hovered: Option<usize>,
        dark: bool,
        accent: Color32,
    ) {
        let link_colour = if dark {
            Color32::from_gray(120)
        } else {
            c32(LINK_COLOUR)
        };
        let edge_colour = if dark {
            Color32::from_gray(200)
        } else {
            c32(EDGE_COLOUR)
        };
        self.paint_links(painter, map, link_colour);
        self.paint_edges(painter, map, edge_colour, accent);
        self.paint_nodes(painter, map, hovered, accent);
        // Link labels last, over everything (as in the SVG).
        self.paint_edge_labels(painter, map, dark, edge_colour, accent);
    }

    /// The lines from a sub-theme to its theme and from a code to its theme.
    fn paint_links(&self, painter: &egui::Painter, map: &MapLayout, colour: Color32) {
        let clip = painter.clip_rect();
        let z = self.zoom;
        for &(child, parent) in &map.links {
            let Some(seg) = map.link_segment(child, parent) else {
                continue;
            };
            let (a, b) = (self.to_screen(seg.start), self.to_screen(seg.end));
            if !clip.intersects(Rect::from_two_pos(a, b)) {
                continue;
            }
            let stroke = if map.nodes[child].kind == NodeKind::Code {
                Stroke::new(z.clamp(0.5, 1.5), colour.gamma_multiply(0.7))
            } else {
                Stroke::new(1.5 * z.max(0.5), colour)
            };
            painter.line_segment([a, b], stroke);
        }
    }

    /// The links the user drew between themes, as arrows.
    fn paint_edges(
        &self,
        painter: &egui::Painter,
        map: &MapLayout,
        colour: Color32,
        accent: Color32,
    ) {
        let clip = painter.clip_rect();
        let z = self.zoom;
        for e in &map.edges {
            let Some(seg) = map.edge_segment(e) else {
                continue;
            };
            let (a, b) = (self.to_screen(seg.start), self.to_screen(seg.end));
            if !clip.intersects(Rect::from_two_pos(a, b).expand(20.0)) {
                continue;
            }
            let selected = self.selected_edge == Some(e.id);
            let colour = if selected { accent } else { colour };
            let width = if selected { 3.5 } else { 2.0 } * z.max(0.5);
            arrow(painter, a, b, Stroke::new(width, colour), 12.0 * z.max(0.5));
        }
    }

    fn paint_nodes(
        &self,
        painter: &egui::Painter,
        map: &MapLayout,
        hovered: Option<usize>,
        accent: Color32,
    ) {
        let clip = painter.clip_rect();
        let z = self.zoom;
        // Dashed borders (candidate themes) go into one mesh: thousands of
        // small line shapes would dominate tessellation.
        let mut dashes = egui::Mesh::default();
        for (i, n) in map.nodes.iter().enumerate() {
            let rect = self.node_rect(n);
            if !clip.intersects(rect) {
                continue;
            }
            let st = geo::node_style(n);
            let radius = CornerRadius::same((st.corner as f32 * z).clamp(0.0, 255.0) as u8);
            let selected =
                self.selected == Some(n.node) || self.drag.is_some_and(|d| d.node == n.node);
            let target = self.connect_from.is_some() && hovered == Some(i);
            let mut stroke = Stroke::new(st.stroke_width as f32 * z.max(0.5), c32(st.stroke));
            if selected || target {
                stroke = Stroke::new(stroke.width + 2.0, accent);
            }
            if st.dashed && !(selected || target) {
                painter.rect_filled(rect, radius, c32(st.fill));
                dashed_rect(&mut dashes, rect.shrink(stroke.width / 2.0), stroke, z);
            } else {
                painter.rect(rect, radius, c32(st.fill), stroke, StrokeKind::Inside);
            }
            node_text(painter, n, rect, z, c32(st.text));
        }
        painter.add(Shape::mesh(dashes));
    }

    fn paint_edge_labels(
        &self,
        painter: &egui::Painter,
        map: &MapLayout,
        dark: bool,
        colour: Color32,
        accent: Color32,
    ) {
        let z = self.zoom;
        let px = text_px(EDGE_FONT as f32 * z);
        if px < MIN_TEXT_PX {
            return;
        }
        let bg = if dark {
            Color32::from_black_alpha(200)
        } else {
            Color32::from_white_alpha(230)
        };
        for e in &map.edges {
            let Some(seg) = map.edge_segment(e) else {
                continue;
            };
            if e.label.trim().is_empty() {
                continue;
            }
            let colour = if self.selected_edge == Some(e.id) {
                accent
            } else {
                colour
            };
            let mid = self.to_screen(map.edge_label_pos(e, &seg));
            let lw = geo::label_width(&e.label, EDGE_FONT) as f32 * z;
            painter.rect_filled(
                Rect::from_center_size(mid, vec2(lw, EDGE_FONT as f32 * 1.5 * z)),
                3.0 * z,
                bg,
            );
            let font = FontId::proportional(px);
            painter.text(mid, Align2::CENTER_CENTER, e.label.trim(), font, colour);
        }
    }
}

/// A node's lines of text, centred in its box (none when too small to read).
fn node_text(painter: &egui::Painter, n: &LaidNode, rect: Rect, z: f32, colour: Color32) {
    let px = text_px(n.font_size as f32 * z);
    if px < MIN_TEXT_PX {
        return;
    }
    let line_h = px * geo::LINE_HEIGHT as f32;
    let top = rect.center().y - line_h * (n.lines.len() as f32 - 1.0) / 2.0;
    for (k, line) in n.lines.iter().enumerate() {
        painter.text(
            pos2(rect.center().x, top + k as f32 * line_h),
            Align2::CENTER_CENTER,
            line,
            FontId::proportional(px),
            colour,
        );
    }
}

/// Text sizes snap to a few steps, so zooming re-lays out and rasterises
/// text only when a step is crossed, not on every frame; the step is the
/// largest that fits (text never outgrows its box).
fn text_px(raw: f32) -> f32 {
    const STEPS: [f32; 22] = [
        5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 22.0, 24.0,
        27.0, 30.0, 34.0, 38.0, 44.0, 50.0,
    ];
    if raw < STEPS[0] {
        return raw.min(MIN_TEXT_PX - 0.1);
    }
    STEPS
        .iter()
        .rev()
        .copied()
        .find(|s| *s <= raw)
        .unwrap_or(STEPS[0])
}

/// Add a dashed outline of `rect` to `mesh` as quads.
fn dashed_rect(mesh: &mut egui::Mesh, rect: Rect, stroke: Stroke, zoom: f32) {
    let (dash, gap) = (6.0 * zoom.max(0.3), 4.0 * zoom.max(0.3));
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    let half = stroke.width / 2.0;
    for w in corners.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = a.distance(b);
        if len < 1e-3 {
            continue;
        }
        let dir = (b - a) / len;
        let normal = vec2(-dir.y, dir.x) * half;
        let mut t = 0.0;
        while t < len {
            let (p, q) = (a + dir * t, a + dir * (t + dash).min(len));
            let i = mesh.vertices.len() as u32;
            for v in [p - normal, p + normal, q - normal, q + normal] {
                mesh.colored_vertex(v, stroke.color);
            }
            mesh.add_triangle(i, i + 1, i + 2);
            mesh.add_triangle(i + 2, i + 1, i + 3);
            t += dash + gap;
        }
    }
}

fn c32((r, g, b): (u8, u8, u8)) -> Color32 {
    Color32::from_rgb(r, g, b)
}

/// A line from `a` to `b` with a filled head at `b`.
fn arrow(painter: &egui::Painter, a: Pos2, b: Pos2, stroke: Stroke, head: f32) {
    let dir = (b - a).normalized();
    if !dir.x.is_finite() {
        return;
    }
    let normal = vec2(-dir.y, dir.x);
    let base = b - dir * head;
    painter.line_segment([a, base], stroke);
    painter.add(Shape::convex_polygon(
        vec![b, base + normal * head * 0.45, base - normal * head * 0.45],
        stroke.color,
        Stroke::NONE,
    ));
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 < 1e-6 {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// Write the map to `path` (SVG or PNG by extension) and say how it went.
/// The export buttons call this after their save dialog; tests call it directly.
pub fn export_map(project: &Project, path: &Path, options: &MapOptions) -> Action {
    match app::exports::map(project, path, options, None) {
        Ok(()) => Action::Notify(s::map_exported(&path.display().to_string())),
        Err(e) => Action::Error(format!("{e:#}")),
    }
}
