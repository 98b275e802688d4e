//! The report as Markdown (CommonMark with a GFM table for the matrix).

use super::process::ProcessSection;
use super::{Appendix, MatrixTable, Report, ReportTheme, Strings};
use std::fmt::Write as _;

/// Render `report`; `map_file` is the file name the map image is saved
/// under beside the report (None: no image link).
pub fn render(report: &Report, map_file: Option<&str>) -> String {
    let s = report.lang.strings();
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(out, "# {}\n", esc(&report.title));
    method(&mut out, report, s);
    for t in &report.themes {
        theme(&mut out, t, 2, s);
    }
    if let Some(a) = &report.appendix {
        let _ = writeln!(out, "## {}\n", s.appendix);
        if !a.codebook.is_empty() {
            codebook(&mut out, a, s);
        }
        if let Some(m) = &a.matrix {
            matrix(&mut out, m, s);
        }
        if let Some(file) = map_file {
            let _ = writeln!(out, "### {}\n", s.thematic_map);
            let _ = writeln!(
                out,
                "![{}](<{}>)\n\n*{}*\n",
                esc(s.thematic_map),
                file.replace(['<', '>'], ""),
                esc(s.map_caption)
            );
        }
    }
    if let Some(process) = &report.process {
        process_sections(&mut out, process, s);
    }
    out
}

/// The method: paragraphs, the phases, and the numbered list of themes.
fn method(out: &mut String, report: &Report, s: &Strings) {
    let _ = writeln!(out, "## {}\n", s.method);
    for p in &report.method.paragraphs {
        let _ = writeln!(out, "{}\n", esc(p));
    }
    let _ = writeln!(out, "### {}\n", s.phases_heading);
    for (i, p) in report.method.phases.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, esc(p));
    }
    out.push('\n');
    let _ = writeln!(out, "### {}\n", s.themes);
    if report.themes.is_empty() {
        let _ = writeln!(out, "{}\n", s.no_themes);
    }
    for (i, t) in report.themes.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, esc(&theme_title(t, s)));
        for sub in &t.sub_themes {
            let _ = writeln!(out, "   - {}", esc(&theme_title(sub, s)));
        }
    }
    out.push('\n');
}

fn codebook(out: &mut String, a: &Appendix, s: &Strings) {
    let _ = writeln!(out, "### {}\n", s.codebook);
    for row in &a.codebook {
        let _ = write!(out, "{}- **{}**", "  ".repeat(row.depth), esc(&row.name));
        if row.codings > 0 {
            let _ = write!(out, " ({} {})", row.codings, s.codings);
        }
        if !row.definition.is_empty() {
            let _ = write!(out, ": {}", esc(&row.definition));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// The process appendix: a heading per part, its lines, its table.
fn process_sections(out: &mut String, sections: &[ProcessSection], s: &Strings) {
    let _ = writeln!(out, "## {}\n", s.process);
    for sec in sections {
        let _ = writeln!(out, "### {}\n", esc(&sec.heading));
        for line in &sec.lines {
            let _ = writeln!(out, "- {}", esc(line));
        }
        if !sec.lines.is_empty() {
            out.push('\n');
        }
        if let Some((header, rows)) = &sec.table {
            table(out, header, rows);
        }
    }
}

/// A GFM table of text, left-aligned.
fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| esc(c).replace('|', "\\|")).collect();
        format!("| {} |", cells.join(" | "))
    };
    let _ = writeln!(out, "{}", row(header));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for r in rows {
        let _ = writeln!(out, "{}", row(r));
    }
    out.push('\n');
}

/// The coverage matrix as a GFM table, counts right-aligned.
fn matrix(out: &mut String, m: &MatrixTable, s: &Strings) {
    let _ = writeln!(out, "### {}\n", s.coverage_matrix);
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| esc(c).replace('|', "\\|")).collect();
        format!("| {} |", cells.join(" | "))
    };
    let _ = writeln!(out, "{}", row(&m.header));
    let rule: String = (0..m.header.len())
        .map(|i| if i == 0 { " --- |" } else { " ---: |" })
        .collect();
    let _ = writeln!(out, "|{rule}");
    for r in &m.rows {
        let _ = writeln!(out, "{}", row(r));
    }
    let _ = writeln!(out, "\n*{}*\n", esc(&m.caption));
}

fn theme_title(t: &ReportTheme, s: &Strings) -> String {
    if t.candidate {
        format!("{} ({})", t.name, s.candidate)
    } else {
        t.name.clone()
    }
}

fn theme(out: &mut String, t: &ReportTheme, level: usize, s: &Strings) {
    let _ = writeln!(out, "{} {}\n", "#".repeat(level), esc(&theme_title(t, s)));
    if !t.definition.is_empty() {
        for (i, p) in super::paragraphs(&t.definition).iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "*{}:* {}\n", s.definition, esc(p));
            } else {
                let _ = writeln!(out, "{}\n", esc(p));
            }
        }
    }
    if let Some(c) = &t.counts {
        let _ = writeln!(out, "*{}*\n", esc(c));
    }
    for p in &t.writeup {
        let _ = writeln!(out, "{}\n", esc(p));
    }
    for q in &t.quotes {
        let _ = writeln!(out, "> {}\n>\n> — {}\n", esc(&q.text), esc(&q.attribution));
    }
    for sub in &t.sub_themes {
        theme(out, sub, level + 1, s);
    }
}

/// Escape text so Markdown shows it as written: emphasis, code, HTML and
/// links are neutralised, and a line cannot start a heading, quote or list.
/// Plain brackets such as "[...]" stay readable. Line breaks become spaces
/// (a paragraph stays one paragraph).
pub fn esc(text: &str) -> String {
    let chars: Vec<char> = super::xml_safe(text)
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let lead = chars.iter().take_while(|c| **c == ' ').count();
    let digits = chars[lead..]
        .iter()
        .take_while(|d| d.is_ascii_digit())
        .count();
    // "1. " or "1) " at the start would begin an ordered list.
    let list_mark = (digits > 0 && matches!(chars.get(lead + digits), Some('.' | ')')))
        .then_some(lead + digits);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '*' | '_' | '`' | '<' | '~' => true,
            '&' => next.is_some_and(|n| n.is_alphanumeric() || n == '#'),
            ']' => matches!(next, Some('(' | '[' | ':')),
            '!' => next == Some('['),
            '[' | '#' | '>' | '-' | '+' | '=' | '|' => i == lead,
            _ => false,
        } || list_mark == Some(i);
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_what_markdown_would_interpret() {
        assert_eq!(esc("# ikke overskrift"), "\\# ikke overskrift");
        assert_eq!(esc("*stjerne* og _strek_"), "\\*stjerne\\* og \\_strek\\_");
        assert_eq!(esc("[...] kutt"), "\\[...] kutt");
        assert_eq!(esc("midt [...] inni"), "midt [...] inni");
        assert_eq!(esc("[lenke](http://x)"), "\\[lenke\\](http://x)");
        assert_eq!(esc("1. ikke liste"), "1\\. ikke liste");
        assert_eq!(esc("2024 var året"), "2024 var året");
        assert_eq!(esc("<script>"), "\\<script>");
        assert_eq!(esc("Braun & Clarke"), "Braun & Clarke");
        assert_eq!(esc("&amp;"), "\\&amp;");
    }
}
