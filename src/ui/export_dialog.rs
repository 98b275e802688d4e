//! The report dialog (phase 6): the report's options beside a live preview
//! of its Markdown, and an Export button that writes DOCX, Markdown or HTML
//! through a save dialog. Reading the project is all it does with it; the
//! file is written by `app::exports::report` (nothing in the project
//! changes), which also decides which map goes into the appendix.

use super::actions::Action;
use crate::Project;
use crate::app;
use crate::report::{self, Attribution, Format, Lang, ReportOptions};
use egui::{RichText, Ui};

const TITLE: &str = "Theme report";
const PREVIEW: &str = "Preview";
const EXPORT: &str = "Export…";
const FORMAT: &str = "Format";
const LANGUAGE: &str = "Language of fixed texts";
const CANDIDATES: &str = "Include candidate themes";
const SUB_THEMES: &str = "Sub-themes";
const COUNTS: &str = "Extracts and participants per theme";
const APPENDIX: &str = "Appendix: codebook, coverage matrix, map";
const UNATTRIBUTED: &str = "Unattributed quotes (\"An informant\")";
const TEMPLATE: &str = "Attribution";
const TEMPLATE_HINT: &str =
    "{participant}, {role}, {year} — any attribute in braces, or {document}";
const MAX_QUOTE: &str = "Longest quote (characters)";
const TITLE_LABEL: &str = "Title";
const TITLE_HINT: &str = "the project's title";
const JOURNAL_NOTE: &str = "The reflexive journal is never part of a report.";

/// The dialog's state: the options, and the preview of the last (options,
/// project version) it was built for.
pub struct ExportDialog {
    pub format: Format,
    pub lang: Lang,
    pub candidates: bool,
    pub sub_themes: bool,
    pub counts: bool,
    pub appendix: bool,
    pub unattributed: bool,
    pub template: String,
    pub max_quote: usize,
    pub title: String,
    /// The report's options with the map the app layer puts in, for the
    /// (project version, appendix choice) they were drawn at: drawing the
    /// map takes a while, typing a title should not redraw it.
    with_map: Option<(u64, bool, ReportOptions)>,
    preview: Option<Preview>,
}

struct Preview {
    options: ReportOptions,
    version: u64,
    blocks: Result<Vec<Block>, String>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            format: Format::Docx,
            lang: Lang::En,
            candidates: false,
            sub_themes: true,
            counts: true,
            appendix: true,
            unattributed: false,
            template: report::DEFAULT_ATTRIBUTION.to_string(),
            max_quote: report::DEFAULT_MAX_QUOTE,
            title: String::new(),
            with_map: None,
            preview: None,
        }
    }
}

impl ExportDialog {
    /// The report options the dialog's controls stand for (the map is the
    /// app layer's to add: `app::exports::with_project_map`).
    pub fn options(&self) -> ReportOptions {
        ReportOptions {
            title: Some(self.title.trim().to_string()).filter(|t| !t.is_empty()),
            candidates: self.candidates,
            sub_themes: self.sub_themes,
            counts: self.counts,
            appendix: self.appendix,
            attribution: if self.unattributed {
                Attribution::Unattributed
            } else {
                Attribution::Template(self.template.clone())
            },
            max_quote: self.max_quote,
            lang: self.lang,
            ..ReportOptions::default()
        }
    }

    /// The Markdown the preview shows: the report as Export would write it.
    pub fn preview_markdown(&self, project: &Project) -> anyhow::Result<String> {
        let options = app::exports::with_project_map(project, self.options())?;
        markdown(project, &options)
    }

    /// The options as Export will write them, the map drawn again only
    /// when the project or the appendix choice changed.
    fn written_options(
        &mut self,
        project: &Project,
        version: u64,
    ) -> anyhow::Result<ReportOptions> {
        let options = self.options();
        let key = (version, options.appendix);
        if self.with_map.as_ref().map(|(v, a, _)| (*v, *a)) != Some(key) {
            let drawn = app::exports::with_project_map(project, options.clone())?;
            self.with_map = Some((version, options.appendix, drawn));
        }
        let drawn = &self.with_map.as_ref().expect("just drawn").2;
        Ok(ReportOptions {
            map_png: drawn.map_png.clone(),
            map_svg: drawn.map_svg.clone(),
            ..options
        })
    }

    pub fn ui(&mut self, ui: &mut Ui, project: &Project, version: u64, actions: &mut Vec<Action>) {
        ui.heading(TITLE);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(300.0f32.min(ui.available_width() * 0.4));
                self.controls(ui, project, actions);
            });
            ui.separator();
            ui.vertical(|ui| {
                ui.label(RichText::new(PREVIEW).strong());
                self.preview_ui(ui, project, version);
            });
        });
    }

    fn controls(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        egui::Grid::new("report-format")
            .num_columns(2)
            .show(ui, |ui| {
                let label = ui.label(FORMAT).id;
                egui::ComboBox::from_id_salt("report-format-choice")
                    .selected_text(format_name(self.format))
                    .show_ui(ui, |ui| {
                        for f in [Format::Docx, Format::Markdown, Format::Html] {
                            ui.selectable_value(&mut self.format, f, format_name(f));
                        }
                    })
                    .response
                    .labelled_by(label);
                ui.end_row();
                let label = ui.label(LANGUAGE).id;
                egui::ComboBox::from_id_salt("report-lang")
                    .selected_text(lang_name(self.lang))
                    .show_ui(ui, |ui| {
                        for l in [Lang::En, Lang::Nb] {
                            ui.selectable_value(&mut self.lang, l, lang_name(l));
                        }
                    })
                    .response
                    .labelled_by(label);
                ui.end_row();
            });
        let label = ui.label(TITLE_LABEL).id;
        ui.add(egui::TextEdit::singleline(&mut self.title).hint_text(TITLE_HINT))
            .labelled_by(label);
        ui.add_space(4.0);
        ui.checkbox(&mut self.candidates, CANDIDATES);
        ui.checkbox(&mut self.sub_themes, SUB_THEMES);
        ui.checkbox(&mut self.counts, COUNTS);
        ui.checkbox(&mut self.appendix, APPENDIX);
        ui.checkbox(&mut self.unattributed, UNATTRIBUTED);
        ui.add_enabled_ui(!self.unattributed, |ui| {
            let label = ui.label(TEMPLATE).id;
            ui.add(
                egui::TextEdit::singleline(&mut self.template)
                    .hint_text(TEMPLATE_HINT)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label);
        });
        ui.horizontal(|ui| {
            let label = ui.label(MAX_QUOTE).id;
            ui.add(egui::DragValue::new(&mut self.max_quote).range(60..=10_000))
                .labelled_by(label);
        });
        ui.add_space(8.0);
        if ui.button(EXPORT).clicked() {
            self.export(project, actions);
        }
        ui.add_space(4.0);
        ui.label(RichText::new(JOURNAL_NOTE).small().weak());
    }

    fn export(&self, project: &Project, actions: &mut Vec<Action>) {
        let ext = self.format.extension();
        let name = format!(
            "{}.{ext}",
            project
                .title()
                .unwrap_or_default()
                .chars()
                .filter(|c| !"/\\:*?\"<>|".contains(*c))
                .collect::<String>()
                .trim()
                .to_string()
                .chars()
                .take(80)
                .collect::<String>()
        );
        let Some(path) = rfd::FileDialog::new()
            .add_filter(format_name(self.format), &[ext])
            .set_file_name(&name)
            .save_file()
        else {
            return;
        };
        match app::exports::report(project, self.options(), self.format, &path) {
            Ok(files) => actions.push(Action::Notify(format!(
                "Wrote {}",
                files
                    .iter()
                    .map(|f| f.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            Err(e) => actions.push(Action::Error(format!("{e:#}"))),
        }
    }

    fn preview_ui(&mut self, ui: &mut Ui, project: &Project, version: u64) {
        let options = self.options();
        let fresh = self
            .preview
            .as_ref()
            .is_some_and(|p| p.version == version && p.options == options);
        if !fresh {
            let blocks = self
                .written_options(project, version)
                .and_then(|o| markdown(project, &o))
                .map(|md| parse(&md))
                .map_err(|e| format!("{e:#}"));
            self.preview = Some(Preview {
                options,
                version,
                blocks,
            });
        }
        let Some(preview) = &self.preview else {
            return;
        };
        match &preview.blocks {
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Ok(blocks) => {
                egui::ScrollArea::vertical()
                    .id_salt("report-preview")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        for b in blocks {
                            block_ui(ui, b);
                        }
                    });
            }
        }
    }
}

/// The report's Markdown (without files beside it).
fn markdown(project: &Project, options: &ReportOptions) -> anyhow::Result<String> {
    let report = report::build(project, options)?;
    Ok(report::markdown::render(&report, None))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Docx => "Word (.docx)",
        Format::Markdown => "Markdown (.md)",
        Format::Html => "HTML (.html)",
    }
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::En => "English",
        Lang::Nb => "Norsk bokmål",
    }
}

// ------------------------------------------------------------------ preview

/// A block of the Markdown subset the report writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(usize, String),
    Paragraph(String),
    /// A block quote: its lines (the attribution is the last, "— ...").
    Quote(Vec<String>),
    /// A list item: nesting depth, marker ("1." or "-"), text.
    Item(usize, String, String),
    Table(Vec<Vec<String>>),
    Image(String),
}

/// Parse the report's Markdown into blocks (inline markup left in).
pub fn parse(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = md.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(level) = heading_level(trimmed) {
            out.push(Block::Heading(level, trimmed[level + 1..].to_string()));
        } else if trimmed.starts_with('>') {
            let mut q = vec![quote_line(trimmed)];
            while let Some(next) = lines.peek().filter(|l| l.starts_with('>')) {
                q.push(quote_line(next));
                lines.next();
            }
            q.retain(|l| !l.is_empty());
            out.push(Block::Quote(q));
        } else if trimmed.starts_with('|') {
            let mut rows = vec![cells(trimmed)];
            while let Some(next) = lines.peek().filter(|l| l.starts_with('|')) {
                if !next.contains("---") {
                    rows.push(cells(next));
                }
                lines.next();
            }
            out.push(Block::Table(rows));
        } else if let Some(rest) = trimmed.strip_prefix("- ") {
            out.push(Block::Item(indent / 2, "•".into(), rest.to_string()));
        } else if let Some((n, rest)) = ordered(trimmed) {
            out.push(Block::Item(indent / 3, format!("{n}."), rest.to_string()));
        } else if let Some(rest) = trimmed.strip_prefix("![") {
            out.push(Block::Image(
                rest.split("](").next().unwrap_or_default().to_string(),
            ));
        } else {
            out.push(Block::Paragraph(trimmed.to_string()));
        }
    }
    out
}

fn heading_level(line: &str) -> Option<usize> {
    let n = line.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&n) && line[n..].starts_with(' ')).then_some(n)
}

fn quote_line(line: &str) -> String {
    line.trim_start_matches('>').trim().to_string()
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                cur.push(c);
                cur.extend(chars.next());
            }
            '|' => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn ordered(line: &str) -> Option<(&str, &str)> {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    (digits > 0 && line[digits..].starts_with(". ")).then(|| (&line[..digits], &line[digits + 2..]))
}

/// Inline spans: (text, bold, italic), escapes resolved.
pub fn inline(text: &str) -> Vec<(String, bool, bool)> {
    let mut out = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let mut flush = |cur: &mut String, bold: bool, italic: bool| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), bold, italic));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\\' => cur.extend(chars.next()),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                flush(&mut cur, bold, italic);
                bold = !bold;
            }
            '*' => {
                flush(&mut cur, bold, italic);
                italic = !italic;
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, bold, italic);
    out
}

fn rich(text: &str, bold: bool, italic: bool, size: Option<f32>) -> RichText {
    let mut r = RichText::new(text);
    if bold {
        r = r.strong();
    }
    if italic {
        r = r.italics();
    }
    if let Some(s) = size {
        r = r.size(s);
    }
    r
}

fn spans_ui(ui: &mut Ui, text: &str, italic_all: bool, size: Option<f32>) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for (t, b, i) in inline(text) {
            ui.label(rich(&t, b, i || italic_all, size));
        }
    });
}

fn block_ui(ui: &mut Ui, block: &Block) {
    match block {
        Block::Heading(level, text) => {
            let size = match level {
                1 => 24.0,
                2 => 19.0,
                3 => 16.0,
                _ => 14.0,
            };
            ui.add_space(if *level <= 2 { 10.0 } else { 6.0 });
            let plain: String = inline(text).into_iter().map(|(t, _, _)| t).collect();
            ui.label(RichText::new(plain).strong().size(size));
            ui.add_space(2.0);
        }
        Block::Paragraph(text) => {
            spans_ui(ui, text, false, None);
            ui.add_space(4.0);
        }
        Block::Quote(lines) => {
            ui.indent("quote", |ui| {
                for (i, l) in lines.iter().enumerate() {
                    if i + 1 == lines.len() && l.starts_with('—') {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                            let plain: String = inline(l).into_iter().map(|(t, _, _)| t).collect();
                            ui.label(RichText::new(plain).small().weak());
                        });
                    } else {
                        spans_ui(ui, l, true, None);
                    }
                }
            });
            ui.add_space(4.0);
        }
        Block::Item(depth, marker, text) => {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(12.0 + 14.0 * *depth as f32);
                ui.label(marker.as_str());
                ui.spacing_mut().item_spacing.x = 0.0;
                for (t, b, i) in inline(text) {
                    ui.label(rich(&t, b, i, None));
                }
            });
        }
        Block::Table(rows) => {
            egui::ScrollArea::horizontal()
                .id_salt(ui.next_auto_id())
                .show(ui, |ui| {
                    egui::Grid::new(ui.next_auto_id())
                        .striped(true)
                        .show(ui, |ui| {
                            for (r, row) in rows.iter().enumerate() {
                                for c in row {
                                    let plain: String =
                                        inline(c).into_iter().map(|(t, _, _)| t).collect();
                                    ui.label(rich(&plain, r == 0, false, Some(11.0)));
                                }
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(4.0);
        }
        Block::Image(alt) => {
            ui.label(RichText::new(format!("[{alt}]")).weak());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_report_subset() {
        let md = "# Tittel\n\n## Metode\n\nTekst med *kursiv* og \\*stjerne.\n\n1. Bli kjent\n   - «Under»\n\n> Sitat\n>\n> — En informant\n\n| Tema | A |\n| --- | ---: |\n| «x\\|y» | 2 |\n";
        let blocks = parse(md);
        assert_eq!(
            blocks,
            vec![
                Block::Heading(1, "Tittel".into()),
                Block::Heading(2, "Metode".into()),
                Block::Paragraph("Tekst med *kursiv* og \\*stjerne.".into()),
                Block::Item(0, "1.".into(), "Bli kjent".into()),
                Block::Item(1, "•".into(), "«Under»".into()),
                Block::Quote(vec!["Sitat".into(), "— En informant".into()]),
                Block::Table(vec![
                    vec!["Tema".into(), "A".into()],
                    vec!["«x\\|y»".into(), "2".into()]
                ]),
            ]
        );
        assert_eq!(
            inline("Tekst med *kursiv* og \\*stjerne."),
            vec![
                ("Tekst med ".into(), false, false),
                ("kursiv".into(), false, true),
                (" og *stjerne.".into(), false, false)
            ]
        );
        assert_eq!(
            inline("**Kode**: x"),
            vec![("Kode".into(), true, false), (": x".into(), false, false)]
        );
    }
}
