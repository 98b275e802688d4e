//! The report as one self-contained HTML file: inline CSS, the map inline
//! as SVG or as a data: PNG. The output is also well-formed XML.

use super::{Appendix, MatrixTable, Report, ReportTheme, Strings};
use crate::xml::escape_text as e;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::fmt::Write as _;

const CSS: &str = "
body { font-family: Georgia, 'Times New Roman', serif; line-height: 1.55; color: #1d1d1d; background: #fff; margin: 0; }
main { max-width: 46em; margin: 0 auto; padding: 2.5em 1.5em 4em; }
h1, h2, h3, h4 { font-family: 'Helvetica Neue', Arial, sans-serif; line-height: 1.25; }
h1.title { font-size: 2em; margin-bottom: 1.2em; }
h2 { font-size: 1.45em; margin-top: 2.2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
h3 { font-size: 1.15em; margin-top: 1.8em; }
.definition { font-style: normal; }
.definition .label { font-weight: bold; }
.counts { color: #555; font-size: .9em; }
.candidate { color: #8a5a00; font-size: .75em; font-weight: normal; }
blockquote.quote { margin: 1.2em 2.5em; font-style: italic; }
blockquote.quote p { margin: 0 0 .3em; }
blockquote.quote footer { font-style: normal; font-size: .9em; color: #444; text-align: right; }
ul.codebook, ul.codebook ul { list-style: none; padding-left: 1.2em; }
ul.codebook li { margin: .25em 0; }
.codings { color: #666; font-size: .85em; }
table { border-collapse: collapse; font-size: .9em; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: .25em .6em; }
td.n { text-align: right; }
caption { caption-side: bottom; font-style: italic; padding-top: .4em; }
figure.map { margin: 1em 0; }
figure.map svg, figure.map img { max-width: 100%; height: auto; }
figcaption { font-style: italic; font-size: .9em; }
@media print { main { max-width: none; } h2 { page-break-before: auto; } blockquote { page-break-inside: avoid; } }
";

pub fn render(report: &Report) -> String {
    let s = report.lang.strings();
    let mut o = String::with_capacity(32 * 1024);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"tema\"/>\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1 class=\"title\">{}</h1>\n",
        s.tag,
        e(&report.title),
        e(&report.title)
    );
    method(&mut o, report, s);
    for t in &report.themes {
        theme(&mut o, t, 2, s);
    }
    if let Some(a) = &report.appendix {
        appendix(&mut o, a, s);
    }
    if let Some(process) = &report.process {
        process_sections(&mut o, process, s);
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// The method section: paragraphs, the phases, and an overview of the themes.
fn method(o: &mut String, report: &Report, s: &Strings) {
    let _ = writeln!(o, "<section class=\"method\">\n<h2>{}</h2>", e(s.method));
    for p in &report.method.paragraphs {
        let _ = writeln!(o, "<p>{}</p>", e(p));
    }
    let _ = writeln!(o, "<h3>{}</h3>\n<ol class=\"phases\">", e(s.phases_heading));
    for p in &report.method.phases {
        let _ = writeln!(o, "<li>{}</li>", e(p));
    }
    let _ = writeln!(o, "</ol>\n<h3>{}</h3>", e(s.themes));
    if report.themes.is_empty() {
        let _ = writeln!(o, "<p>{}</p>", e(s.no_themes));
    } else {
        let _ = writeln!(o, "<ol class=\"overview\">");
        for t in &report.themes {
            let _ = write!(o, "<li>{}", title(t, s));
            if !t.sub_themes.is_empty() {
                o.push_str("<ul>");
                for sub in &t.sub_themes {
                    let _ = write!(o, "<li>{}</li>", title(sub, s));
                }
                o.push_str("</ul>");
            }
            o.push_str("</li>\n");
        }
        let _ = writeln!(o, "</ol>");
    }
    o.push_str("</section>\n");
}

fn appendix(o: &mut String, a: &Appendix, s: &Strings) {
    let _ = writeln!(
        o,
        "<section class=\"appendix\">\n<h2>{}</h2>",
        e(s.appendix)
    );
    if !a.codebook.is_empty() {
        let _ = writeln!(o, "<h3>{}</h3>", e(s.codebook));
        codebook(o, &a.codebook, s);
    }
    if let Some(m) = &a.matrix {
        matrix(o, m, s);
    }
    if let Some(figure) = map_figure(a, s) {
        let _ = writeln!(
            o,
            "<h3>{}</h3>\n<figure class=\"map\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            e(s.thematic_map),
            figure,
            e(s.map_caption)
        );
    }
    o.push_str("</section>\n");
}

/// The process appendix: a heading per part, its lines as a list, its table.
fn process_sections(o: &mut String, sections: &[super::process::ProcessSection], s: &Strings) {
    let _ = writeln!(o, "<section class=\"process\">\n<h2>{}</h2>", e(s.process));
    for sec in sections {
        let _ = writeln!(o, "<h3>{}</h3>", e(&sec.heading));
        if !sec.lines.is_empty() {
            o.push_str("<ul>\n");
            for line in &sec.lines {
                let _ = writeln!(o, "<li>{}</li>", e(line));
            }
            o.push_str("</ul>\n");
        }
        if let Some((header, rows)) = &sec.table {
            o.push_str("<table>\n<thead><tr>");
            for h in header {
                let _ = write!(o, "<th scope=\"col\">{}</th>", e(h));
            }
            o.push_str("</tr></thead>\n<tbody>\n");
            for row in rows {
                o.push_str("<tr>");
                for c in row {
                    let _ = write!(o, "<td>{}</td>", e(c));
                }
                o.push_str("</tr>\n");
            }
            o.push_str("</tbody>\n</table>\n");
        }
    }
    o.push_str("</section>\n");
}

fn matrix(o: &mut String, m: &MatrixTable, s: &Strings) {
    let _ = writeln!(
        o,
        "<h3>{}</h3>\n<table class=\"matrix\">\n<caption>{}</caption>\n<thead><tr>",
        e(s.coverage_matrix),
        e(&m.caption)
    );
    for h in &m.header {
        let _ = write!(o, "<th scope=\"col\">{}</th>", e(h));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in &m.rows {
        o.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            if i == 0 {
                let _ = write!(o, "<th scope=\"row\">{}</th>", e(c));
            } else {
                let _ = write!(o, "<td class=\"n\">{}</td>", e(c));
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

/// The map: inline SVG where that is safe, else an image as a data: URL.
fn map_figure(a: &Appendix, s: &Strings) -> Option<String> {
    let data_url = |kind: &str, bytes: &[u8]| {
        format!(
            "<img src=\"data:{kind};base64,{}\" alt=\"{}\"/>",
            BASE64.encode(bytes),
            e(s.thematic_map)
        )
    };
    match (&a.map_svg, &a.map_png) {
        (Some(svg), _) if inline_svg(svg).is_some() => inline_svg(svg).map(str::to_string),
        (_, Some(png)) => Some(data_url("image/png", png)),
        (Some(svg), None) => Some(data_url("image/svg+xml", svg.as_bytes())),
        (None, None) => None,
    }
}

/// The SVG element of an SVG document, when it is safe to inline: no
/// scripts, no event handlers, nothing before `<svg` but a prolog.
fn inline_svg(svg: &str) -> Option<&str> {
    let mut rest = svg.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<?") {
            rest = rest[rest.find("?>")? + 2..].trim_start();
        } else if rest.starts_with("<!--") {
            rest = rest[rest.find("-->")? + 3..].trim_start();
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            rest = rest[rest.find('>')? + 1..].trim_start();
        } else {
            break;
        }
    }
    static HANDLER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)\son[a-z]+\s*=").unwrap());
    let lower = rest.to_lowercase();
    let unsafe_markup = lower.contains("<script")
        || lower.contains("javascript:")
        || lower.contains("<foreignobject")
        || HANDLER.is_match(rest);
    (rest.starts_with("<svg") && rest.trim_end().ends_with("</svg>") && !unsafe_markup)
        .then_some(rest.trim_end())
}

fn title(t: &ReportTheme, s: &Strings) -> String {
    if t.candidate {
        format!(
            "{} <span class=\"candidate\">({})</span>",
            e(&t.name),
            e(s.candidate)
        )
    } else {
        e(&t.name).into_owned()
    }
}

fn theme(o: &mut String, t: &ReportTheme, level: usize, s: &Strings) {
    let class = if level == 2 { "theme" } else { "sub-theme" };
    let _ = writeln!(
        o,
        "<section class=\"{class}\">\n<h{level}>{}</h{level}>",
        title(t, s)
    );
    for (i, p) in super::paragraphs(&t.definition).iter().enumerate() {
        if i == 0 {
            let _ = writeln!(
                o,
                "<p class=\"definition\"><span class=\"label\">{}:</span> {}</p>",
                e(s.definition),
                e(p)
            );
        } else {
            let _ = writeln!(o, "<p class=\"definition\">{}</p>", e(p));
        }
    }
    if let Some(c) = &t.counts {
        let _ = writeln!(o, "<p class=\"counts\">{}</p>", e(c));
    }
    for p in &t.writeup {
        let _ = writeln!(o, "<p>{}</p>", e(p));
    }
    for q in &t.quotes {
        let _ = writeln!(
            o,
            "<blockquote class=\"quote\"><p>{}</p><footer class=\"attribution\">— {}</footer></blockquote>",
            e(&q.text),
            e(&q.attribution)
        );
    }
    for sub in &t.sub_themes {
        theme(o, sub, level + 1, s);
    }
    o.push_str("</section>\n");
}

fn codebook(o: &mut String, rows: &[super::CodebookRow], s: &Strings) {
    // Nested lists from depths.
    let mut depth: Option<usize> = None;
    for row in rows {
        match depth {
            None => o.push_str("<ul class=\"codebook\">\n"),
            Some(d) if row.depth > d => {
                for _ in d..row.depth {
                    o.push_str("<ul>\n");
                }
            }
            Some(d) => {
                o.push_str("</li>\n");
                for _ in row.depth..d {
                    o.push_str("</ul></li>\n");
                }
            }
        }
        let _ = write!(o, "<li><strong>{}</strong>", e(&row.name));
        if row.codings > 0 {
            let _ = write!(
                o,
                " <span class=\"codings\">({} {})</span>",
                row.codings,
                e(s.codings)
            );
        }
        if !row.definition.is_empty() {
            let _ = write!(o, ": {}", e(&row.definition));
        }
        depth = Some(row.depth);
    }
    if let Some(d) = depth {
        o.push_str("</li>\n");
        for _ in 0..d {
            o.push_str("</ul></li>\n");
        }
        o.push_str("</ul>\n");
    }
}
