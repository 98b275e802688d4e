//! The report as a Word document (WordprocessingML, ECMA-376 transitional):
//! a zip of `[Content_Types].xml`, the package and document relationships,
//! `word/document.xml`, `styles.xml` (Title, Heading1–3, Quote, Attribution,
//! Caption, TableGrid, Footer), `settings.xml`, a footer with the page
//! number, `docProps/core.xml` and `app.xml`, and the map as
//! `word/media/map.png` in an inline drawing. Child elements are written in
//! the order the schema prescribes, so Word opens it without repair.

use super::{Report, ReportTheme, Strings, png_size, xml_escape};
use anyhow::Result;
use std::fmt::Write as _;
use std::io::Write as _;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// A4 with 2.5 cm margins, in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: u32 = 1417;
const TEXT_W: u32 = PAGE_W - 2 * MARGIN;
/// EMU per twip and per pixel (at 96 dpi).
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_PX: u64 = 9525;

pub const MAP_PART: &str = "word/media/map.png";
const MAP_REL: &str = "rIdMap";

/// Render the report as the bytes of a .docx file.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    let s = report.lang.strings();
    let map = report
        .appendix
        .as_ref()
        .and_then(|a| a.map_png.as_ref())
        .map(|png| png_size(png).map(|size| (png, size)))
        .transpose()?;
    let document = document_xml(report, s, map.map(|(_, size)| size));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut part = |name: &str, bytes: &[u8], deflated: bool| -> Result<()> {
        zip.start_file(name, if deflated { deflate } else { stored })?;
        zip.write_all(bytes)?;
        Ok(())
    };
    part(
        "[Content_Types].xml",
        content_types(map.is_some()).as_bytes(),
        true,
    )?;
    part("_rels/.rels", package_rels().as_bytes(), true)?;
    part("docProps/core.xml", core_xml(report).as_bytes(), true)?;
    part("docProps/app.xml", APP_XML.as_bytes(), true)?;
    part("word/document.xml", document.as_bytes(), true)?;
    part(
        "word/_rels/document.xml.rels",
        document_rels(map.is_some()).as_bytes(),
        true,
    )?;
    part("word/styles.xml", styles_xml(s).as_bytes(), true)?;
    part("word/settings.xml", SETTINGS_XML.as_bytes(), true)?;
    part("word/footer1.xml", footer_xml().as_bytes(), true)?;
    if let Some((png, _)) = map {
        part(MAP_PART, png, false)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types(image: bool) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    );
    if image {
        x.push_str("<Default Extension=\"png\" ContentType=\"image/png\"/>");
    }
    x.push_str(
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>",
    );
    x
}

fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{REL_TYPE}/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{REL_TYPE}/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
    )
}

fn document_rels(image: bool) -> String {
    let mut x = format!(
        "{XML_DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"{REL_TYPE}/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"{REL_TYPE}/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{REL_TYPE}/footer\" Target=\"footer1.xml\"/>"
    );
    if image {
        let _ = write!(
            x,
            "<Relationship Id=\"{MAP_REL}\" Type=\"{REL_TYPE}/image\" Target=\"media/map.png\"/>"
        );
    }
    x.push_str("</Relationships>");
    x
}

fn core_xml(report: &Report) -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title><dc:creator>tema</dc:creator><dc:language>{}</dc:language>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:created>\
<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:modified>\
</cp:coreProperties>",
        xml_escape(&report.title),
        report.lang.strings().tag
    )
}

const APP_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>tema</Application><DocSecurity>0</DocSecurity></Properties>";

const SETTINGS_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"708\"/>\
<w:hyphenationZone w:val=\"425\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
</w:settings>";

fn footer_xml() -> String {
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>\
<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r><w:t>1</w:t></w:r>\
<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>"
    )
}

fn styles_xml(s: &Strings) -> String {
    let heading = |id: &str,
                   name: &str,
                   level: u8,
                   before: u32,
                   after: u32,
                   size: u32,
                   colour: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"{after}\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Calibri Light\" w:hAnsi=\"Calibri Light\" w:cs=\"Calibri Light\"/><w:b/><w:bCs/><w:color w:val=\"{colour}\"/>\
<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        )
    };
    let mut x = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:eastAsia=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Calibri\"/>\
<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"{tag}\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>\
<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/>\
<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/>\
<w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>\
<w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"360\" w:line=\"240\" w:lineRule=\"auto\"/><w:contextualSpacing/></w:pPr>\
<w:rPr><w:rFonts w:ascii=\"Calibri Light\" w:hAnsi=\"Calibri Light\" w:cs=\"Calibri Light\"/><w:kern w:val=\"28\"/>\
<w:sz w:val=\"52\"/><w:szCs w:val=\"52\"/></w:rPr></w:style>",
        tag = s.tag
    );
    x.push_str(&heading("Heading1", "heading 1", 0, 480, 160, 32, "1F3864"));
    x.push_str(&heading("Heading2", "heading 2", 1, 320, 100, 26, "2F5496"));
    x.push_str(&heading("Heading3", "heading 3", 2, 240, 80, 24, "1F3864"));
    x.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Attribution\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"40\"/><w:ind w:left=\"720\" w:right=\"720\"/></w:pPr>\
<w:rPr><w:i/><w:iCs/><w:color w:val=\"404040\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"Attribution\"><w:name w:val=\"Attribution\"/>\
<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
<w:pPr><w:spacing w:after=\"240\"/><w:ind w:left=\"720\" w:right=\"720\"/><w:jc w:val=\"right\"/></w:pPr>\
<w:rPr><w:color w:val=\"595959\"/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/><w:unhideWhenUsed/><w:qFormat/>\
<w:pPr><w:spacing w:before=\"80\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
<w:rPr><w:i/><w:iCs/><w:color w:val=\"44546A\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>\
<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>\
<w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>\
<w:uiPriority w:val=\"39\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/></w:tblBorders></w:tblPr></w:style>\
</w:styles>",
    );
    x
}

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

struct Body {
    x: String,
}

impl Body {
    /// A run: `w:t` with preserved spaces, line breaks as `w:br`, tabs as `w:tab`.
    fn run(&mut self, text: &str, f: Fmt) {
        if text.is_empty() {
            return;
        }
        self.x.push_str("<w:r>");
        if f.bold || f.italic || f.grey || f.size > 0 {
            self.x.push_str("<w:rPr>");
            if f.bold {
                self.x.push_str("<w:b/><w:bCs/>");
            }
            if f.italic {
                self.x.push_str("<w:i/><w:iCs/>");
            }
            if f.grey {
                self.x.push_str("<w:color w:val=\"595959\"/>");
            }
            if f.size > 0 {
                let _ = write!(
                    self.x,
                    "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
                    f.size
                );
            }
            self.x.push_str("</w:rPr>");
        }
        let mut first = true;
        for line in text.split('\n') {
            if !first {
                self.x.push_str("<w:br/>");
            }
            first = false;
            for (i, piece) in line.split('\t').enumerate() {
                if i > 0 {
                    self.x.push_str("<w:tab/>");
                }
                if !piece.is_empty() {
                    let _ = write!(
                        self.x,
                        "<w:t xml:space=\"preserve\">{}</w:t>",
                        xml_escape(piece.trim_end_matches('\r'))
                    );
                }
            }
        }
        self.x.push_str("</w:r>");
    }

    /// Open a paragraph with a style and optional extra properties (which
    /// must follow `w:pStyle` in schema order).
    fn open(&mut self, style: Option<&str>, extra: &str) {
        self.x.push_str("<w:p>");
        if style.is_some() || !extra.is_empty() {
            self.x.push_str("<w:pPr>");
            if let Some(st) = style {
                let _ = write!(self.x, "<w:pStyle w:val=\"{st}\"/>");
            }
            self.x.push_str(extra);
            self.x.push_str("</w:pPr>");
        }
    }

    fn close(&mut self) {
        self.x.push_str("</w:p>");
    }

    fn para(&mut self, style: Option<&str>, text: &str) {
        self.open(style, "");
        self.run(text, PLAIN);
        self.close();
    }
}

fn document_xml(report: &Report, s: &Strings, map: Option<(u32, u32)>) -> String {
    let mut b = Body {
        x: String::with_capacity(64 * 1024),
    };
    let _ = write!(
        b.x,
        "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\" xmlns:wp=\"{WP_NS}\" xmlns:a=\"{A_NS}\" xmlns:pic=\"{PIC_NS}\"><w:body>"
    );
    b.para(Some("Title"), &report.title);
    b.para(Some("Heading1"), s.method);
    for p in &report.method.paragraphs {
        b.para(None, p);
    }
    b.para(Some("Heading2"), s.phases_heading);
    let list = "<w:spacing w:after=\"40\"/><w:ind w:left=\"567\" w:hanging=\"340\"/>";
    for (i, p) in report.method.phases.iter().enumerate() {
        b.open(None, list);
        b.run(&format!("{}.\t{p}", i + 1), PLAIN);
        b.close();
    }
    b.para(Some("Heading2"), s.themes);
    if report.themes.is_empty() {
        b.para(None, s.no_themes);
    }
    for (i, t) in report.themes.iter().enumerate() {
        b.open(None, list);
        b.run(&format!("{}.\t{}", i + 1, title(t, s)), PLAIN);
        b.close();
        for sub in &t.sub_themes {
            b.open(
                None,
                "<w:spacing w:after=\"40\"/><w:ind w:left=\"907\" w:hanging=\"340\"/>",
            );
            b.run(&format!("–\t{}", title(sub, s)), PLAIN);
            b.close();
        }
    }
    for t in &report.themes {
        theme(&mut b, t, 1, s);
    }
    if let Some(a) = &report.appendix {
        b.open(Some("Heading1"), "<w:pageBreakBefore/>");
        b.run(s.appendix, PLAIN);
        b.close();
        if !a.codebook.is_empty() {
            b.para(Some("Heading2"), s.codebook);
            for row in &a.codebook {
                b.open(
                    None,
                    &format!(
                        "<w:spacing w:after=\"60\"/><w:ind w:left=\"{}\"/>",
                        row.depth * 425
                    ),
                );
                b.run(
                    &row.name,
                    Fmt {
                        bold: true,
                        ..PLAIN
                    },
                );
                if row.codings > 0 {
                    b.run(
                        &format!(" ({} {})", row.codings, s.codings),
                        Fmt {
                            grey: true,
                            size: 18,
                            ..PLAIN
                        },
                    );
                }
                if !row.definition.is_empty() {
                    b.run(&format!(": {}", row.definition), PLAIN);
                }
                b.close();
            }
        }
        if let Some(m) = &a.matrix {
            b.para(Some("Heading2"), s.coverage_matrix);
            table(&mut b, &m.header, &m.rows);
            b.para(Some("Caption"), &m.caption);
        }
        if let (Some((w, h)), Some(_)) = (map, &a.map_png) {
            b.para(Some("Heading2"), s.thematic_map);
            b.open(
                None,
                "<w:keepNext/><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>",
            );
            drawing(&mut b, w, h, s.thematic_map);
            b.close();
            b.para(Some("Caption"), s.map_caption);
        }
    }
    let _ = write!(
        b.x,
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/>\
<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>\
<w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
<w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>"
    );
    b.x
}

fn title(t: &ReportTheme, s: &Strings) -> String {
    if t.candidate {
        format!("{} ({})", t.name, s.candidate)
    } else {
        t.name.clone()
    }
}

fn theme(b: &mut Body, t: &ReportTheme, level: usize, s: &Strings) {
    b.para(Some(&format!("Heading{}", level.min(3))), &title(t, s));
    for (i, p) in super::paragraphs(&t.definition).iter().enumerate() {
        b.open(None, "");
        if i == 0 {
            b.run(
                &format!("{}: ", s.definition),
                Fmt {
                    bold: true,
                    ..PLAIN
                },
            );
        }
        b.run(p, PLAIN);
        b.close();
    }
    if let Some(c) = &t.counts {
        b.open(None, "");
        b.run(
            c,
            Fmt {
                italic: true,
                grey: true,
                size: 20,
                ..PLAIN
            },
        );
        b.close();
    }
    for p in &t.writeup {
        b.para(None, p);
    }
    for q in &t.quotes {
        b.para(Some("Quote"), &q.text);
        b.para(Some("Attribution"), &format!("— {}", q.attribution));
    }
    for sub in &t.sub_themes {
        theme(b, sub, level + 1, s);
    }
}

fn table(b: &mut Body, header: &[String], rows: &[Vec<String>]) {
    let n = header.len().max(1) as u32;
    // The first column holds theme names; the rest share what is left.
    let first = if n == 1 {
        TEXT_W
    } else {
        (TEXT_W * 3 / 10).max(2200)
    };
    let other = if n > 1 { (TEXT_W - first) / (n - 1) } else { 0 };
    let width = |i: usize| if i == 0 { first } else { other };
    let total: u32 = (0..header.len()).map(width).sum();
    let _ = write!(
        b.x,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>\
<w:tblLayout w:type=\"fixed\"/>\
<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
    );
    for i in 0..header.len() {
        let _ = write!(b.x, "<w:gridCol w:w=\"{}\"/>", width(i));
    }
    b.x.push_str("</w:tblGrid>");
    // Narrow columns get their headings turned upright.
    let vertical = other < 900;
    let row = |b: &mut Body, cells: &[String], head: bool| {
        b.x.push_str("<w:tr>");
        if head {
            b.x.push_str("<w:trPr>");
            if vertical {
                b.x.push_str("<w:trHeight w:val=\"1500\" w:hRule=\"atLeast\"/>");
            }
            b.x.push_str("<w:tblHeader/></w:trPr>");
        }
        for (i, c) in cells.iter().enumerate() {
            let _ = write!(
                b.x,
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{}</w:tcPr>",
                width(i),
                if head && vertical && i > 0 {
                    "<w:textDirection w:val=\"btLr\"/>"
                } else {
                    ""
                }
            );
            b.open(
                None,
                if i > 0 && !head {
                    "<w:jc w:val=\"right\"/>"
                } else {
                    ""
                },
            );
            b.run(
                c,
                Fmt {
                    bold: head,
                    size: 18,
                    ..PLAIN
                },
            );
            b.close();
            b.x.push_str("</w:tc>");
        }
        b.x.push_str("</w:tr>");
    };
    row(b, header, true);
    for r in rows {
        // Every row as wide as the header, so the grid stays rectangular.
        let mut cells = r.clone();
        cells.resize(header.len(), String::new());
        row(b, &cells, false);
    }
    b.x.push_str("</w:tbl>");
}

/// An inline picture of the map, scaled to fit the text area.
fn drawing(b: &mut Body, w_px: u32, h_px: u32, name: &str) {
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
    let (cx, cy) = (cx.max(1), cy.max(1));
    let name = xml_escape(name);
    let _ = write!(
        b.x,
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
<wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
<wp:docPr id=\"1\" name=\"{name}\" descr=\"{name}\"/>\
<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
<a:graphic><a:graphicData uri=\"{PIC_NS}\"><pic:pic>\
<pic:nvPicPr><pic:cNvPr id=\"0\" name=\"map.png\"/><pic:cNvPicPr/></pic:nvPicPr>\
<pic:blipFill><a:blip r:embed=\"{MAP_REL}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    );
}
