//! The codebook panel: the code tree with counts, a search field, inline
//! rename (double-click or F2), colour and description, drag a code onto
//! the middle of another to nest it, onto its upper or lower edge to put it
//! before or after it (or onto the text selection to apply it), merge
//! several (ctrl-click, "Merge into…"), delete with a confirmation.

use super::actions::Action;
use super::palette::fuzzy_score;
use super::strings as s;
use super::theme;
use crate::app::{self, codes::NewCode};
use crate::model::{Code, CodeNode, Id};
use egui::{Color32, Key, Sense, Ui, vec2};
use std::collections::HashSet;

/// Drag-and-drop payload: a code being dragged from the codebook.
#[derive(Debug, Clone, Copy)]
pub struct CodeDrag(pub Id);

/// Colours offered as one-click swatches.
const SWATCHES: [&str; 12] = [
    "#F4A261", "#2A9D8F", "#E9C46A", "#8AB17D", "#E76F51", "#6D9DC5", "#B388EB", "#F28482",
    "#84A59D", "#F6BD60", "#90BE6D", "#C08497",
];

#[derive(Default)]
pub struct CodebookPanel {
    /// Selected codes, in the order they were picked (the last is "current").
    pub selected: Vec<Id>,
    search: String,
    collapsed: HashSet<Id>,
    rename: Option<(Id, String, bool)>,
    new_code: String,
    description: Option<(Id, String)>,
    colour: Option<(Id, Color32)>,
    merge_target: Option<Id>,
    merging: bool,
    deleting: Option<Id>,
}

/// One visible row of the flattened tree.
struct Line<'a> {
    node: &'a CodeNode,
    depth: usize,
    /// The code and its siblings, in their order.
    siblings: &'a [CodeNode],
}

/// Where a code dropped on a row goes: beside the row's code (its upper or
/// lower edge) as a sibling, or into it (the middle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DropPlace {
    Before,
    Into,
    After,
}

/// The upper and lower quarters of a row place beside it; the middle nests.
fn drop_place(row: egui::Rect, y: f32) -> DropPlace {
    let edge = row.height() / 4.0;
    if y < row.top() + edge {
        DropPlace::Before
    } else if y > row.bottom() - edge {
        DropPlace::After
    } else {
        DropPlace::Into
    }
}

impl CodebookPanel {
    pub fn current(&self) -> Option<Id> {
        self.selected.last().copied()
    }

    /// Forget codes that no longer exist (after merge, delete, undo).
    pub fn retain_existing(&mut self, codes: &[Code]) {
        self.selected.retain(|id| codes.iter().any(|c| c.id == *id));
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        tree: &[CodeNode],
        codes: &[Code],
        actions: &mut Vec<Action>,
    ) {
        ui.heading(s::CODEBOOK);
        ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text(s::SEARCH_CODES_HINT)
                .desired_width(f32::INFINITY),
        );
        self.new_code_row(ui, actions);
        self.toolbar(ui);
        ui.separator();
        if tree.is_empty() {
            ui.weak(s::NO_CODES);
        }
        let lines = self.visible_lines(tree);
        let detail_h = if self.current().is_some() {
            190.0
        } else {
            30.0
        };
        egui::ScrollArea::vertical()
            .id_salt("codebook-tree")
            .max_height((ui.available_height() - detail_h).max(80.0))
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for line in &lines {
                    self.line_ui(ui, tree, line, actions);
                }
                self.top_level_drop_zone(ui, actions);
            });
        self.keyboard(ui);
        ui.separator();
        if let Some(code) = self
            .current()
            .and_then(|id| codes.iter().find(|c| c.id == id))
        {
            self.detail_ui(ui, code, actions);
        }
        self.merge_modal(ui, codes, actions);
        self.delete_modal(ui, tree, codes, actions);
    }

    fn new_code_row(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            // The button first, so the field takes exactly what is left.
            let button = ui.button(s::NEW_CODE);
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.new_code)
                    .hint_text(s::NEW_CODE_HINT)
                    .desired_width(ui.available_width()),
            );
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (button.clicked() || enter) && !self.new_code.trim().is_empty() {
                let code = NewCode {
                    name: self.new_code.trim().to_string(),
                    ..NewCode::default()
                };
                actions.push(Action::run(move |p| app::codes::create(p, code)));
                self.new_code.clear();
            }
        });
    }

    fn toolbar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let can_merge = self.selected.len() >= 2;
            let merge = ui
                .add_enabled(can_merge, egui::Button::new(s::MERGE_INTO))
                .on_disabled_hover_text(s::SELECT_TWO_TO_MERGE);
            if merge.clicked() {
                self.merging = true;
                self.merge_target = self.selected.first().copied();
            }
            if ui
                .add_enabled(self.current().is_some(), egui::Button::new(s::DELETE))
                .clicked()
            {
                self.deleting = self.current();
            }
        });
    }

    /// The tree flattened to the rows to show: collapsed branches hidden;
    /// with a search, only matches and their ancestors (all expanded).
    fn visible_lines<'a>(&self, tree: &'a [CodeNode]) -> Vec<Line<'a>> {
        fn matches(node: &CodeNode, q: &str) -> bool {
            fuzzy_score(q, &node.code.name).is_some_and(|s| s >= 300)
                || node.children.iter().any(|c| matches(c, q))
        }
        fn walk<'a>(
            nodes: &'a [CodeNode],
            depth: usize,
            q: &str,
            collapsed: &HashSet<Id>,
            out: &mut Vec<Line<'a>>,
        ) {
            for n in nodes {
                if !q.is_empty() && !matches(n, q) {
                    continue;
                }
                out.push(Line {
                    node: n,
                    depth,
                    siblings: nodes,
                });
                if !q.is_empty() || !collapsed.contains(&n.code.id) {
                    walk(&n.children, depth + 1, q, collapsed, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(tree, 0, self.search.trim(), &self.collapsed, &mut out);
        out
    }

    fn line_ui(&mut self, ui: &mut Ui, tree: &[CodeNode], line: &Line, actions: &mut Vec<Action>) {
        let code = &line.node.code;
        let id = code.id;
        let row = ui.horizontal(|ui| {
            ui.add_space(line.depth as f32 * 14.0);
            self.expander(ui, line.node);
            let (rect, _) = ui.allocate_exact_size(vec2(11.0, 11.0), Sense::hover());
            ui.painter()
                .rect_filled(rect, 2.0, theme::parse_colour(&code.colour));
            if let Some((rid, text, focus)) = &mut self.rename
                && *rid == id
            {
                let edit = ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text(s::RENAME)
                        .desired_width(140.0),
                );
                if *focus {
                    edit.request_focus();
                    *focus = false;
                }
                if ui.input(|i| i.key_pressed(Key::Escape)) {
                    self.rename = None;
                } else if edit.lost_focus() {
                    let name = text.trim().to_string();
                    if !name.is_empty() && name != code.name {
                        actions.push(Action::run(move |p| app::codes::rename(p, id, &name)));
                    }
                    self.rename = None;
                }
                return;
            }
            let selected = self.selected.contains(&id);
            // Click to select, drag onto another code (nest) or onto the
            // text selection (apply).
            let label = ui
                .selectable_label(selected, &code.name)
                .interact(Sense::click_and_drag());
            label.dnd_set_drag_payload(CodeDrag(id));
            if label.dragged() {
                drag_ghost(ui, &code.name);
            }
            if label.clicked() {
                let ctrl = ui.input(|i| i.modifiers.command || i.modifiers.ctrl);
                self.click(id, ctrl);
            }
            if label.double_clicked() {
                self.rename = Some((id, code.name.clone(), true));
            }
            let counts = format!(
                "{} · {} · {}",
                line.node.codings, line.node.documents, line.node.participants
            );
            // Counts follow the name (a right-aligned layout would make the
            // resizable panel grow every frame).
            ui.weak(counts).on_hover_text(s::counts_tooltip(
                line.node.codings,
                line.node.documents,
                line.node.participants,
            ));
            label.context_menu(|ui| self.row_menu(ui, code, actions));
        });
        self.drop_target(ui, tree, line, &row.response, actions);
    }

    /// A code dragged over this row: show where it would go (a frame for
    /// nesting, a line for before/after) and move it there when dropped.
    fn drop_target(
        &self,
        ui: &Ui,
        tree: &[CodeNode],
        line: &Line,
        resp: &egui::Response,
        actions: &mut Vec<Action>,
    ) {
        let Some(dragged) = resp.dnd_hover_payload::<CodeDrag>() else {
            return;
        };
        let Some(y) = ui.ctx().pointer_interact_pos().map(|p| p.y) else {
            return;
        };
        let place = drop_place(resp.rect, y);
        let Some(to) = move_for_drop(tree, line, dragged.0, place) else {
            return;
        };
        let stroke = ui.visuals().selection.stroke;
        let rect = resp.rect;
        let indent = rect.left() + line.depth as f32 * 14.0;
        let painter = ui.painter();
        match place {
            DropPlace::Into => {
                painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
            }
            DropPlace::Before => {
                painter.hline(indent..=rect.right(), rect.top(), stroke);
            }
            DropPlace::After => {
                painter.hline(indent..=rect.right(), rect.bottom(), stroke);
            }
        }
        if resp.dnd_release_payload::<CodeDrag>().is_some() {
            actions.push(move_code(dragged.0, to.0, to.1));
        }
    }

    fn expander(&mut self, ui: &mut Ui, node: &CodeNode) {
        let (rect, resp) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::click());
        if node.children.is_empty() {
            return;
        }
        let open = !self.collapsed.contains(&node.code.id);
        let c = rect.center();
        let pts = if open {
            vec![
                c + vec2(-4.0, -2.0),
                c + vec2(4.0, -2.0),
                c + vec2(0.0, 3.0),
            ]
        } else {
            vec![
                c + vec2(-2.0, -4.0),
                c + vec2(3.0, 0.0),
                c + vec2(-2.0, 4.0),
            ]
        };
        let colour = ui.visuals().text_color();
        ui.painter()
            .add(egui::Shape::convex_polygon(pts, colour, egui::Stroke::NONE));
        if resp.clicked() {
            if open {
                self.collapsed.insert(node.code.id);
            } else {
                self.collapsed.remove(&node.code.id);
            }
        }
    }

    fn click(&mut self, id: Id, ctrl: bool) {
        if ctrl {
            if let Some(i) = self.selected.iter().position(|s| *s == id) {
                self.selected.remove(i);
            } else {
                self.selected.push(id);
            }
        } else {
            self.selected = vec![id];
        }
        self.description = None;
        self.colour = None;
    }

    fn row_menu(&mut self, ui: &mut Ui, code: &Code, actions: &mut Vec<Action>) {
        if ui.button(s::RENAME).clicked() {
            self.rename = Some((code.id, code.name.clone(), true));
            ui.close();
        }
        if code.parent.is_some() && ui.button(s::MOVE_TO_TOP).clicked() {
            actions.push(move_code(code.id, None, None));
            ui.close();
        }
        if self.selected.len() >= 2 && ui.button(s::MERGE_INTO).clicked() {
            self.merging = true;
            self.merge_target = Some(code.id);
            ui.close();
        }
        if ui.button(s::DELETE).clicked() {
            self.deleting = Some(code.id);
            ui.close();
        }
    }

    fn top_level_drop_zone(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        if !egui::DragAndDrop::has_payload_of_type::<CodeDrag>(ui.ctx()) {
            return;
        }
        let (_, dropped) =
            ui.dnd_drop_zone::<CodeDrag, ()>(egui::Frame::default().inner_margin(4.0), |ui| {
                ui.set_min_width(ui.available_width());
                ui.weak(s::DROP_HERE_TOP_LEVEL);
            });
        if let Some(d) = dropped {
            actions.push(move_code(d.0, None, None));
        }
    }

    fn keyboard(&mut self, ui: &mut Ui) {
        if ui.ctx().egui_wants_keyboard_input() || self.rename.is_some() {
            return;
        }
        if ui.input(|i| i.key_pressed(Key::F2))
            && let Some(id) = self.current()
        {
            self.rename = Some((id, String::new(), true));
        }
    }

    /// Name, colour and description of the current code.
    fn detail_ui(&mut self, ui: &mut Ui, code: &Code, actions: &mut Vec<Action>) {
        if let Some((id, text, _)) = &mut self.rename
            && *id == code.id
            && text.is_empty()
        {
            text.clone_from(&code.name);
        }
        ui.strong(&code.name);
        ui.horizontal_wrapped(|ui| {
            ui.label(s::COLOUR);
            for hex in SWATCHES {
                let (rect, resp) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::click());
                ui.painter()
                    .rect_filled(rect, 3.0, theme::parse_colour(hex));
                if hex.eq_ignore_ascii_case(&code.colour) {
                    ui.painter().rect_stroke(
                        rect,
                        3.0,
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Outside,
                    );
                }
                if resp.clicked() {
                    actions.push(edit_colour(code.id, hex));
                }
            }
            self.custom_colour(ui, code, actions);
        });
        ui.label(s::DESCRIPTION);
        let text = match &mut self.description {
            Some((id, t)) if *id == code.id => t,
            _ => {
                self.description = Some((code.id, code.description.clone()));
                &mut self.description.as_mut().expect("just set").1
            }
        };
        let edit = ui.add(
            egui::TextEdit::multiline(text)
                .hint_text(s::DESCRIPTION)
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        );
        if edit.lost_focus() && *text != code.description {
            let (id, description) = (code.id, Some(text.clone()));
            actions.push(Action::run(move |p| {
                app::codes::edit(p, id, None, description)
            }));
        }
    }

    /// A full colour picker; the change is stored once the mouse is released.
    fn custom_colour(&mut self, ui: &mut Ui, code: &Code, actions: &mut Vec<Action>) {
        let current = match self.colour {
            Some((id, c)) if id == code.id => c,
            _ => theme::parse_colour(&code.colour),
        };
        let mut rgb = [current.r(), current.g(), current.b()];
        if egui::widgets::color_picker::color_edit_button_srgb(ui, &mut rgb).changed() {
            self.colour = Some((code.id, Color32::from_rgb(rgb[0], rgb[1], rgb[2])));
        }
        if let Some((id, c)) = self.colour
            && id == code.id
            && !ui.input(|i| i.pointer.any_down())
        {
            let hex = theme::colour_hex(c);
            if !hex.eq_ignore_ascii_case(&code.colour) {
                actions.push(edit_colour(code.id, &hex));
            }
            self.colour = None;
        }
    }

    fn merge_modal(&mut self, ui: &mut Ui, codes: &[Code], actions: &mut Vec<Action>) {
        if !self.merging {
            return;
        }
        let chosen: Vec<&Code> = self
            .selected
            .iter()
            .filter_map(|id| codes.iter().find(|c| c.id == *id))
            .collect();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("merge-codes")).show(ui.ctx(), |ui| {
            ui.label(s::merge_question(chosen.len()));
            for c in &chosen {
                ui.radio_value(&mut self.merge_target, Some(c.id), s::merge_target(&c.name));
            }
            ui.horizontal(|ui| {
                if ui.button(s::MERGE).clicked()
                    && let Some(target) = self.merge_target
                {
                    let sources: Vec<Id> = chosen
                        .iter()
                        .map(|c| c.id)
                        .filter(|id| *id != target)
                        .collect();
                    actions.push(Action::run(move |p| app::codes::merge(p, sources, target)));
                    self.selected = vec![target];
                    close = true;
                }
                if ui.button(s::CANCEL).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.merging = false;
        }
    }

    fn delete_modal(
        &mut self,
        ui: &mut Ui,
        tree: &[CodeNode],
        codes: &[Code],
        actions: &mut Vec<Action>,
    ) {
        let Some(id) = self.deleting else { return };
        let Some(code) = codes.iter().find(|c| c.id == id) else {
            self.deleting = None;
            return;
        };
        let (codings, subcodes) = find_node(tree, id).map_or((0, 0), subtree_totals);
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("delete-code")).show(ui.ctx(), |ui| {
            ui.label(s::delete_question(&code.name, codings, subcodes));
            ui.horizontal(|ui| {
                if ui.button(s::DELETE_CONFIRM).clicked() {
                    actions.push(Action::run(move |p| app::codes::delete(p, id)));
                    self.selected.retain(|s| *s != id);
                    close = true;
                }
                if ui.button(s::CANCEL).clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.deleting = None;
        }
    }
}

/// The move that dropping code `dragged` at `place` on `line` asks for;
/// None when it would change nothing or cannot be (a code into itself or
/// beside one of its own sub-codes).
/// Where a drop puts the dragged code: its new parent and position (None
/// when the drop changes nothing).
fn move_for_drop(
    tree: &[CodeNode],
    line: &Line,
    dragged: Id,
    place: DropPlace,
) -> Option<(Option<Id>, Option<i64>)> {
    let target = line.node.code.id;
    let inside_dragged = find_node(tree, dragged)
        .is_some_and(|d| d.code.id == target || find_node(&d.children, target).is_some());
    if inside_dragged {
        return None;
    }
    if place == DropPlace::Into {
        return Some((Some(target), None));
    }
    // Positions count the siblings other than the dragged code itself.
    let others = line.siblings.iter().filter(|n| n.code.id != dragged);
    let before = others.take_while(|n| n.code.id != target).count();
    let position = before + usize::from(place == DropPlace::After);
    let now = line.siblings.iter().position(|n| n.code.id == dragged);
    if now == Some(position) {
        return None;
    }
    Some((line.node.code.parent, Some(position as i64)))
}

/// The dragged code's name beside the pointer.
fn drag_ghost(ui: &Ui, name: &str) {
    let Some(pos) = ui.ctx().pointer_interact_pos() else {
        return;
    };
    let layer = egui::LayerId::new(egui::Order::Tooltip, egui::Id::unique("code-drag-ghost"));
    let painter = ui.ctx().layer_painter(layer);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = painter.layout_no_wrap(name.to_string(), font, ui.visuals().strong_text_color());
    let rect = egui::Rect::from_min_size(pos + vec2(14.0, 6.0), galley.size()).expand(4.0);
    painter.rect_filled(rect, 4.0, ui.visuals().window_fill);
    painter.galley(rect.min + vec2(4.0, 4.0), galley, Color32::PLACEHOLDER);
}

fn edit_colour(code: Id, hex: &str) -> Action {
    let colour = Some(hex.to_string());
    Action::run(move |p| app::codes::edit(p, code, colour, None))
}

fn move_code(code: Id, parent: Option<Id>, position: Option<i64>) -> Action {
    Action::run(move |p| app::codes::move_to(p, code, parent, position))
}

pub fn find_node(tree: &[CodeNode], id: Id) -> Option<&CodeNode> {
    for n in tree {
        if n.code.id == id {
            return Some(n);
        }
        if let Some(f) = find_node(&n.children, id) {
            return Some(f);
        }
    }
    None
}

/// Codings in a code and all its sub-codes, and how many sub-codes.
fn subtree_totals(node: &CodeNode) -> (usize, usize) {
    node.children
        .iter()
        .fold((node.codings, 0), |(c, s), child| {
            let (cc, cs) = subtree_totals(child);
            (c + cc, s + 1 + cs)
        })
}
