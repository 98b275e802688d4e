//! `word/document.xml`: the report's paragraphs, the coverage table and
//! the map as an inline drawing.

use super::{
    A_NS, EMU_PER_PX, EMU_PER_TWIP, MAP_REL, MARGIN, PAGE_H, PAGE_W, PIC_NS, R_NS, Report,
    ReportTheme, Strings, TEXT_W, W_NS, WP_NS, XmlOut, val,
};
use std::io;

/// Formatting of one run.
#[derive(Clone, Copy, Default)]
struct Fmt {
    bold: bool,
    italic: bool,
    grey: bool,
    /// Half-points; 0: the style's size.
    size: u32,
}

const PLAIN: Fmt = Fmt {
    bold: false,
    italic: false,
    grey: false,
    size: 0,
};

/// Properties of a paragraph, written in schema order.
#[derive(Clone, Copy, Default)]
struct Para<'a> {
    style: Option<&'a str>,
    keep_next: bool,
    page_break: bool,
    /// Space after, in twips.
    after: Option<u32>,
    /// Left indent and hanging first line, in twips (0: none).
    indent: Option<(u32, u32)>,
    align: Option<&'a str>,
}

impl<'a> Para<'a> {
    fn styled(style: &'a str) -> Self {
        Para {
            style: Some(style),
            ..Para::default()
        }
    }

    /// A numbered or bulleted line, indented `left` twips.
    fn list(left: u32) -> Self {
        Para {
            after: Some(40),
            indent: Some((left, 340)),
            ..Para::default()
        }
    }

    fn is_plain(&self) -> bool {
        self.style.is_none()
            && !self.keep_next
            && !self.page_break
            && self.after.is_none()
            && self.indent.is_none()
            && self.align.is_none()
    }
}

struct Body {
    x: XmlOut,
}

impl Body {
    /// A run: `w:t` with preserved spaces, line breaks as `w:br`, tabs as `w:tab`.
    fn run(&mut self, text: &str, f: Fmt) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        self.x.start("w:r", &[])?;
        self.run_properties(f)?;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.x.empty("w:br", &[])?;
            }
            for (j, piece) in line.split('\t').enumerate() {
                if j > 0 {
                    self.x.empty("w:tab", &[])?;
                }
                if !piece.is_empty() {
                    let piece = piece.trim_end_matches('\r');
                    self.x.text_in("w:t", &[("xml:space", "preserve")], piece)?;
                }
            }
        }
        self.x.end("w:r")
    }

    fn run_properties(&mut self, f: Fmt) -> io::Result<()> {
        if !(f.bold || f.italic || f.grey || f.size > 0) {
            return Ok(());
        }
        let x = &mut self.x;
        x.start("w:rPr", &[])?;
        if f.bold {
            x.empty("w:b", &[])?;
            x.empty("w:bCs", &[])?;
        }
        if f.italic {
            x.empty("w:i", &[])?;
            x.empty("w:iCs", &[])?;
        }
        if f.grey {
            val(x, "w:color", "595959")?;
        }
        if f.size > 0 {
            let size = f.size.to_string();
            val(x, "w:sz", &size)?;
            val(x, "w:szCs", &size)?;
        }
        x.end("w:rPr")
    }

    /// Open a paragraph with its properties.
    fn open(&mut self, p: Para) -> io::Result<()> {
        self.x.start("w:p", &[])?;
        if p.is_plain() {
            return Ok(());
        }
        let x = &mut self.x;
        x.start("w:pPr", &[])?;
        if let Some(st) = p.style {
            val(x, "w:pStyle", st)?;
        }
        if p.keep_next {
            x.empty("w:keepNext", &[])?;
        }
        if p.page_break {
            x.empty("w:pageBreakBefore", &[])?;
        }
        if let Some(after) = p.after {
            x.empty("w:spacing", &[("w:after", &after.to_string())])?;
        }
        if let Some((left, hanging)) = p.indent {
            let (left, hanging) = (left.to_string(), hanging.to_string());
            let mut attrs = vec![("w:left", left.as_str())];
            if hanging != "0" {
                attrs.push(("w:hanging", &hanging));
            }
            x.empty("w:ind", &attrs)?;
        }
        if let Some(jc) = p.align {
            val(x, "w:jc", jc)?;
        }
        x.end("w:pPr")
    }

    fn close(&mut self) -> io::Result<()> {
        self.x.end("w:p")
    }

    /// A paragraph of one plain run.
    fn para(&mut self, p: Para, text: &str) -> io::Result<()> {
        self.open(p)?;
        self.run(text, PLAIN)?;
        self.close()
    }
}

/// A document of one table of text (the analytic trail): a title, an
/// introduction, and the table with columns sized by `weights`.
pub(super) fn table_document_xml(
    title: &str,
    intro: &str,
    header: &[String],
    rows: &[Vec<String>],
    weights: &[u32],
) -> io::Result<Vec<u8>> {
    let mut b = Body {
        x: XmlOut::compact("yes")?,
    };
    b.x.start("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    b.x.start("w:body", &[])?;
    b.para(Para::styled("Title"), title)?;
    b.para(Para::default(), intro)?;
    table_in(&mut b, Columns::weighted(weights), header, rows)?;
    // Word wants the body to end with a paragraph, not a table.
    b.para(Para::default(), "")?;
    section(&mut b.x)?;
    b.x.end("w:body")?;
    b.x.end("w:document")?;
    Ok(b.x.finish())
}

pub(super) fn document_xml(
    report: &Report,
    s: &Strings,
    map: Option<(u32, u32)>,
) -> io::Result<Vec<u8>> {
    let mut b = Body {
        x: XmlOut::compact("yes")?,
    };
    b.x.start(
        "w:document",
        &[
            ("xmlns:w", W_NS),
            ("xmlns:r", R_NS),
            ("xmlns:wp", WP_NS),
            ("xmlns:a", A_NS),
            ("xmlns:pic", PIC_NS),
        ],
    )?;
    b.x.start("w:body", &[])?;
    b.para(Para::styled("Title"), &report.title)?;
    method(&mut b, report, s)?;
    theme_list(&mut b, report, s)?;
    for t in &report.themes {
        theme(&mut b, t, 1, s)?;
    }
    if report.appendix.is_some() {
        appendix(&mut b, report, s, map)?;
    }
    if let Some(process) = &report.process {
        process_sections(&mut b, process, s)?;
    }
    section(&mut b.x)?;
    b.x.end("w:body")?;
    b.x.end("w:document")?;
    Ok(b.x.finish())
}

fn method(b: &mut Body, report: &Report, s: &Strings) -> io::Result<()> {
    b.para(Para::styled("Heading1"), s.method)?;
    for p in &report.method.paragraphs {
        b.para(Para::default(), p)?;
    }
    b.para(Para::styled("Heading2"), s.phases_heading)?;
    for (i, p) in report.method.phases.iter().enumerate() {
        b.para(Para::list(567), &format!("{}.\t{p}", i + 1))?;
    }
    Ok(())
}

/// The numbered list of themes, sub-themes under each.
fn theme_list(b: &mut Body, report: &Report, s: &Strings) -> io::Result<()> {
    b.para(Para::styled("Heading2"), s.themes)?;
    if report.themes.is_empty() {
        b.para(Para::default(), s.no_themes)?;
    }
    for (i, t) in report.themes.iter().enumerate() {
        b.para(Para::list(567), &format!("{}.\t{}", i + 1, title(t, s)))?;
        for sub in &t.sub_themes {
            b.para(Para::list(907), &format!("–\t{}", title(sub, s)))?;
        }
    }
    Ok(())
}

fn appendix(b: &mut Body, report: &Report, s: &Strings, map: Option<(u32, u32)>) -> io::Result<()> {
    let Some(a) = &report.appendix else {
        return Ok(());
    };
    let heading = Para {
        page_break: true,
        ..Para::styled("Heading1")
    };
    b.para(heading, s.appendix)?;
    if !a.codebook.is_empty() {
        codebook(b, a, s)?;
    }
    if let Some(m) = &a.matrix {
        b.para(Para::styled("Heading2"), s.coverage_matrix)?;
        table(b, &m.header, &m.rows)?;
        b.para(Para::styled("Caption"), &m.caption)?;
    }
    if let (Some((w, h)), Some(_)) = (map, &a.map_png) {
        b.para(Para::styled("Heading2"), s.thematic_map)?;
        b.open(Para {
            keep_next: true,
            after: Some(0),
            align: Some("center"),
            ..Para::default()
        })?;
        drawing(&mut b.x, w, h, s.thematic_map)?;
        b.close()?;
        b.para(Para::styled("Caption"), s.map_caption)?;
    }
    Ok(())
}

/// The process appendix, on a page of its own: a heading per part, its
/// lines, its table of text.
fn process_sections(
    b: &mut Body,
    sections: &[crate::report::process::ProcessSection],
    s: &Strings,
) -> io::Result<()> {
    let heading = Para {
        page_break: true,
        ..Para::styled("Heading1")
    };
    b.para(heading, s.process)?;
    for sec in sections {
        b.para(Para::styled("Heading2"), &sec.heading)?;
        for line in &sec.lines {
            b.para(Para::list(567), &format!("–\t{line}"))?;
        }
        if let Some((header, rows)) = &sec.table {
            // A theme's story is the long column; counts share alike.
            let weights = if header.len() == 3 {
                vec![2, 1, 4]
            } else {
                vec![1; header.len()]
            };
            table_in(b, Columns::weighted(&weights), header, rows)?;
            b.para(Para::default(), "")?;
        }
    }
    Ok(())
}

fn codebook(b: &mut Body, a: &crate::report::Appendix, s: &Strings) -> io::Result<()> {
    b.para(Para::styled("Heading2"), s.codebook)?;
    for row in &a.codebook {
        b.open(Para {
            after: Some(60),
            indent: Some((row.depth as u32 * 425, 0)),
            ..Para::default()
        })?;
        let bold = Fmt {
            bold: true,
            ..PLAIN
        };
        b.run(&row.name, bold)?;
        if row.codings > 0 {
            let small_grey = Fmt {
                grey: true,
                size: 18,
                ..PLAIN
            };
            b.run(&format!(" ({} {})", row.codings, s.codings), small_grey)?;
        }
        if !row.definition.is_empty() {
            b.run(&format!(": {}", row.definition), PLAIN)?;
        }
        b.close()?;
    }
    Ok(())
}

/// A4 portrait with the page number in the footer.
fn section(x: &mut XmlOut) -> io::Result<()> {
    let (w, h, m) = (PAGE_W.to_string(), PAGE_H.to_string(), MARGIN.to_string());
    x.start("w:sectPr", &[])?;
    x.empty(
        "w:footerReference",
        &[("w:type", "default"), ("r:id", "rId3")],
    )?;
    x.empty("w:pgSz", &[("w:w", &w), ("w:h", &h)])?;
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &m),
            ("w:right", &m),
            ("w:bottom", &m),
            ("w:left", &m),
            ("w:header", "708"),
            ("w:footer", "708"),
            ("w:gutter", "0"),
        ],
    )?;
    x.empty("w:cols", &[("w:space", "708")])?;
    x.empty("w:docGrid", &[("w:linePitch", "360")])?;
    x.end("w:sectPr")
}

fn title(t: &ReportTheme, s: &Strings) -> String {
    if t.candidate {
        format!("{} ({})", t.name, s.candidate)
    } else {
        t.name.clone()
    }
}

fn theme(b: &mut Body, t: &ReportTheme, level: usize, s: &Strings) -> io::Result<()> {
    let heading = format!("Heading{}", level.min(3));
    b.para(Para::styled(&heading), &title(t, s))?;
    for (i, p) in crate::report::paragraphs(&t.definition).iter().enumerate() {
        b.open(Para::default())?;
        if i == 0 {
            let bold = Fmt {
                bold: true,
                ..PLAIN
            };
            b.run(&format!("{}: ", s.definition), bold)?;
        }
        b.run(p, PLAIN)?;
        b.close()?;
    }
    if let Some(c) = &t.counts {
        b.open(Para::default())?;
        let note = Fmt {
            italic: true,
            grey: true,
            size: 20,
            ..PLAIN
        };
        b.run(c, note)?;
        b.close()?;
    }
    for p in &t.writeup {
        b.para(Para::default(), p)?;
    }
    for q in &t.quotes {
        b.para(Para::styled("Quote"), &q.text)?;
        b.para(Para::styled("Attribution"), &format!("— {}", q.attribution))?;
    }
    for sub in &t.sub_themes {
        theme(b, sub, level + 1, s)?;
    }
    Ok(())
}

/// Column widths of a table. In a table of counts (the coverage matrix)
/// the first column holds names and the rest share what is left, numbers
/// right-aligned; a table of text has widths by weight.
struct Columns {
    widths: Vec<u32>,
    counts: bool,
}

impl Columns {
    fn new(count: usize) -> Self {
        let n = count.max(1) as u32;
        let first = if n == 1 {
            TEXT_W
        } else {
            (TEXT_W * 3 / 10).max(2200)
        };
        let other = if n > 1 { (TEXT_W - first) / (n - 1) } else { 0 };
        let mut widths = vec![first];
        widths.resize(count.max(1), other);
        Columns {
            widths,
            counts: true,
        }
    }

    /// Text columns sharing the text width by `weights`.
    fn weighted(weights: &[u32]) -> Self {
        let sum: u32 = weights.iter().sum::<u32>().max(1);
        let widths = weights.iter().map(|w| TEXT_W * w / sum).collect();
        Columns {
            widths,
            counts: false,
        }
    }

    fn count(&self) -> usize {
        self.widths.len()
    }

    fn width(&self, i: usize) -> u32 {
        self.widths.get(i).copied().unwrap_or(0)
    }

    /// Narrow count columns get their headings turned upright.
    fn vertical(&self) -> bool {
        self.counts && self.width(1) < 900
    }
}

fn table(b: &mut Body, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    table_in(b, Columns::new(header.len()), header, rows)
}

fn table_in(
    b: &mut Body,
    cols: Columns,
    header: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    table_properties(&mut b.x, &cols)?;
    row(b, &cols, header, true)?;
    for r in rows {
        // Every row as wide as the header, so the grid stays rectangular.
        let mut cells = r.clone();
        cells.resize(header.len(), String::new());
        row(b, &cols, &cells, false)?;
    }
    b.x.end("w:tbl")
}

/// Opens `w:tbl` and writes its properties and grid.
fn table_properties(x: &mut XmlOut, cols: &Columns) -> io::Result<()> {
    let total: u32 = cols.widths.iter().sum();
    x.start("w:tbl", &[])?;
    x.start("w:tblPr", &[])?;
    val(x, "w:tblStyle", "TableGrid")?;
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")])?;
    x.empty("w:tblLayout", &[("w:type", "fixed")])?;
    x.empty(
        "w:tblLook",
        &[
            ("w:val", "04A0"),
            ("w:firstRow", "1"),
            ("w:lastRow", "0"),
            ("w:firstColumn", "1"),
            ("w:lastColumn", "0"),
            ("w:noHBand", "0"),
            ("w:noVBand", "1"),
        ],
    )?;
    x.end("w:tblPr")?;
    x.start("w:tblGrid", &[])?;
    for i in 0..cols.count() {
        x.empty("w:gridCol", &[("w:w", &cols.width(i).to_string())])?;
    }
    x.end("w:tblGrid")
}

fn row(b: &mut Body, cols: &Columns, cells: &[String], head: bool) -> io::Result<()> {
    b.x.start("w:tr", &[])?;
    if head {
        b.x.start("w:trPr", &[])?;
        if cols.vertical() {
            b.x.empty("w:trHeight", &[("w:val", "1500"), ("w:hRule", "atLeast")])?;
        }
        b.x.empty("w:tblHeader", &[])?;
        b.x.end("w:trPr")?;
    }
    for (i, c) in cells.iter().enumerate() {
        b.x.start("w:tc", &[])?;
        b.x.start("w:tcPr", &[])?;
        let w = cols.width(i).to_string();
        b.x.empty("w:tcW", &[("w:w", &w), ("w:type", "dxa")])?;
        if head && cols.vertical() && i > 0 {
            val(&mut b.x, "w:textDirection", "btLr")?;
        }
        b.x.end("w:tcPr")?;
        let align = (cols.counts && i > 0 && !head).then_some("right");
        b.open(Para {
            align,
            ..Para::default()
        })?;
        let f = Fmt {
            bold: head,
            size: 18,
            ..PLAIN
        };
        b.run(c, f)?;
        b.close()?;
        b.x.end("w:tc")?;
    }
    b.x.end("w:tr")
}

/// The map's size in EMU, scaled to fit the text area.
fn fit(w_px: u32, h_px: u32) -> (u64, u64) {
    let max_w = TEXT_W as u64 * EMU_PER_TWIP;
    let max_h = (PAGE_H - 2 * MARGIN) as u64 * EMU_PER_TWIP * 7 / 10;
    let (mut cx, mut cy) = (w_px as u64 * EMU_PER_PX, h_px as u64 * EMU_PER_PX);
    if cx > max_w {
        cy = cy * max_w / cx;
        cx = max_w;
    }
    if cy > max_h {
        cx = cx * max_h / cy;
        cy = max_h;
    }
    (cx.max(1), cy.max(1))
}

/// An inline picture of the map.
fn drawing(x: &mut XmlOut, w_px: u32, h_px: u32, name: &str) -> io::Result<()> {
    let (cx, cy) = fit(w_px, h_px);
    let (cx, cy) = (cx.to_string(), cy.to_string());
    let extent = [("cx", cx.as_str()), ("cy", cy.as_str())];
    x.start("w:r", &[])?;
    x.start("w:drawing", &[])?;
    let zero = |k| (k, "0");
    let distances = [zero("distT"), zero("distB"), zero("distL"), zero("distR")];
    x.start("wp:inline", &distances)?;
    x.empty("wp:extent", &extent)?;
    x.empty(
        "wp:effectExtent",
        &[zero("l"), zero("t"), zero("r"), zero("b")],
    )?;
    x.empty("wp:docPr", &[("id", "1"), ("name", name), ("descr", name)])?;
    x.start("wp:cNvGraphicFramePr", &[])?;
    x.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")])?;
    x.end("wp:cNvGraphicFramePr")?;
    x.start("a:graphic", &[])?;
    x.start("a:graphicData", &[("uri", PIC_NS)])?;
    picture(x, &extent)?;
    x.end("a:graphicData")?;
    x.end("a:graphic")?;
    x.end("wp:inline")?;
    x.end("w:drawing")?;
    x.end("w:r")
}

/// The `pic:pic` of the drawing: the embedded PNG, stretched to `extent`.
fn picture(x: &mut XmlOut, extent: &[(&str, &str)]) -> io::Result<()> {
    x.start("pic:pic", &[])?;
    x.start("pic:nvPicPr", &[])?;
    x.empty("pic:cNvPr", &[("id", "0"), ("name", "map.png")])?;
    x.empty("pic:cNvPicPr", &[])?;
    x.end("pic:nvPicPr")?;
    x.start("pic:blipFill", &[])?;
    x.empty("a:blip", &[("r:embed", MAP_REL)])?;
    x.start("a:stretch", &[])?;
    x.empty("a:fillRect", &[])?;
    x.end("a:stretch")?;
    x.end("pic:blipFill")?;
    x.start("pic:spPr", &[])?;
    x.start("a:xfrm", &[])?;
    x.empty("a:off", &[("x", "0"), ("y", "0")])?;
    x.empty("a:ext", extent)?;
    x.end("a:xfrm")?;
    x.start("a:prstGeom", &[("prst", "rect")])?;
    x.empty("a:avLst", &[])?;
    x.end("a:prstGeom")?;
    x.end("pic:spPr")?;
    x.end("pic:pic")
}
