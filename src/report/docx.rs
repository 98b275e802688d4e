//! The report as a Word document (WordprocessingML, ECMA-376 transitional):
//! a zip of `[Content_Types].xml`, the package and document relationships,
//! `word/document.xml`, `styles.xml` (Title, Heading1–3, Quote, Attribution,
//! Caption, TableGrid, Footer), `settings.xml`, a footer with the page
//! number, `docProps/core.xml` and `app.xml`, and the map as
//! `word/media/map.png` in an inline drawing. Child elements are written in
//! the order the schema prescribes, so Word opens it without repair.

use super::{Report, ReportTheme, Strings, png_size};
use crate::xml::XmlOut;
use anyhow::Result;
use std::io::{self, Write as _};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

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

mod body;
mod styles;

/// Render the report as the bytes of a .docx file.
pub fn render(report: &Report) -> Result<Vec<u8>> {
    let s = report.lang.strings();
    let map = report
        .appendix
        .as_ref()
        .and_then(|a| a.map_png.as_ref())
        .map(|png| png_size(png).map(|size| (png, size)))
        .transpose()?;
    let document = body::document_xml(report, s, map.map(|(_, size)| size))?;
    package(
        &report.title,
        report.lang,
        document,
        map.map(|(png, _)| png.as_slice()),
    )
}

/// A document of one table of text (the analytic trail), columns sized by
/// `weights`, in the report's styles.
pub fn render_table(
    lang: super::Lang,
    title: &str,
    intro: &str,
    header: &[String],
    rows: &[Vec<String>],
    weights: &[u32],
) -> Result<Vec<u8>> {
    let document = body::table_document_xml(title, intro, header, rows, weights)?;
    package(title, lang, document, None)
}

/// The zip around `word/document.xml`: styles, settings, footer,
/// properties, and the map's picture when there is one.
fn package(
    title: &str,
    lang: super::Lang,
    document: Vec<u8>,
    map: Option<&[u8]>,
) -> Result<Vec<u8>> {
    let s = lang.strings();
    let image = map.is_some();
    let parts: [(&str, Vec<u8>); 9] = [
        ("[Content_Types].xml", content_types(image)?),
        ("_rels/.rels", package_rels()?),
        ("docProps/core.xml", core_xml(title, lang)?),
        ("docProps/app.xml", app_xml()?),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels(image)?),
        ("word/styles.xml", styles::styles_xml(s)?),
        ("word/settings.xml", settings_xml()?),
        ("word/footer1.xml", footer_xml()?),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &parts {
        zip.start_file(*name, deflate)?;
        zip.write_all(bytes)?;
    }
    if let Some(png) = map {
        // PNG is compressed already.
        let stored = deflate.compression_method(zip::CompressionMethod::Stored);
        zip.start_file(MAP_PART, stored)?;
        zip.write_all(png)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `<name w:val="value"/>`, the most common element of WordprocessingML.
fn val(x: &mut XmlOut, name: &str, value: &str) -> io::Result<()> {
    x.empty(name, &[("w:val", value)])
}

fn content_types(image: bool) -> io::Result<Vec<u8>> {
    const OOXML: &str = "application/vnd.openxmlformats-officedocument";
    let mut x = XmlOut::compact("yes")?;
    x.start(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    let mut default =
        |ext: &str, kind: &str| x.empty("Default", &[("Extension", ext), ("ContentType", kind)]);
    default(
        "rels",
        "application/vnd.openxmlformats-package.relationships+xml",
    )?;
    default("xml", "application/xml")?;
    if image {
        default("png", "image/png")?;
    }
    let overrides = [
        (
            "/word/document.xml",
            format!("{OOXML}.wordprocessingml.document.main+xml"),
        ),
        (
            "/word/styles.xml",
            format!("{OOXML}.wordprocessingml.styles+xml"),
        ),
        (
            "/word/settings.xml",
            format!("{OOXML}.wordprocessingml.settings+xml"),
        ),
        (
            "/word/footer1.xml",
            format!("{OOXML}.wordprocessingml.footer+xml"),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            format!("{OOXML}.extended-properties+xml"),
        ),
    ];
    for (part, kind) in &overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", kind)])?;
    }
    x.end("Types")?;
    Ok(x.finish())
}

/// A relationships part: (id, type, target) each.
fn relationships(rels: &[(&str, String, &str)]) -> io::Result<Vec<u8>> {
    let mut x = XmlOut::compact("yes")?;
    x.start(
        "Relationships",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/relationships",
        )],
    )?;
    for (id, kind, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        )?;
    }
    x.end("Relationships")?;
    Ok(x.finish())
}

fn package_rels() -> io::Result<Vec<u8>> {
    let core =
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
    relationships(&[
        (
            "rId1",
            format!("{REL_TYPE}/officeDocument"),
            "word/document.xml",
        ),
        ("rId2", core.to_string(), "docProps/core.xml"),
        (
            "rId3",
            format!("{REL_TYPE}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_rels(image: bool) -> io::Result<Vec<u8>> {
    let mut rels = vec![
        ("rId1", format!("{REL_TYPE}/styles"), "styles.xml"),
        ("rId2", format!("{REL_TYPE}/settings"), "settings.xml"),
        ("rId3", format!("{REL_TYPE}/footer"), "footer1.xml"),
    ];
    if image {
        rels.push((MAP_REL, format!("{REL_TYPE}/image"), "media/map.png"));
    }
    relationships(&rels)
}

fn core_xml(title: &str, lang: super::Lang) -> io::Result<Vec<u8>> {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut x = XmlOut::compact("yes")?;
    x.start(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    x.text_element("dc:title", title)?;
    x.text_element("dc:creator", "tema")?;
    x.text_element("dc:language", lang.strings().tag)?;
    let w3c = [("xsi:type", "dcterms:W3CDTF")];
    x.text_in("dcterms:created", &w3c, &now)?;
    x.text_in("dcterms:modified", &w3c, &now)?;
    x.end("cp:coreProperties")?;
    Ok(x.finish())
}

fn app_xml() -> io::Result<Vec<u8>> {
    let mut x = XmlOut::compact("yes")?;
    x.start(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    )?;
    x.text_element("Application", "tema")?;
    x.text_element("DocSecurity", "0")?;
    x.end("Properties")?;
    Ok(x.finish())
}

fn settings_xml() -> io::Result<Vec<u8>> {
    let mut x = XmlOut::compact("yes")?;
    x.start("w:settings", &[("xmlns:w", W_NS)])?;
    x.empty("w:zoom", &[("w:percent", "100")])?;
    val(&mut x, "w:defaultTabStop", "708")?;
    val(&mut x, "w:hyphenationZone", "425")?;
    val(&mut x, "w:characterSpacingControl", "doNotCompress")?;
    x.start("w:compat", &[])?;
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    )?;
    x.end("w:compat")?;
    x.end("w:settings")?;
    Ok(x.finish())
}

/// The footer: the page number, as a PAGE field.
fn footer_xml() -> io::Result<Vec<u8>> {
    let mut x = XmlOut::compact("yes")?;
    x.start("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    x.start("w:p", &[])?;
    x.start("w:pPr", &[])?;
    val(&mut x, "w:pStyle", "Footer")?;
    x.end("w:pPr")?;
    let field_char = |x: &mut XmlOut, kind: &str| {
        x.start("w:r", &[])?;
        x.empty("w:fldChar", &[("w:fldCharType", kind)])?;
        x.end("w:r")
    };
    field_char(&mut x, "begin")?;
    x.start("w:r", &[])?;
    x.text_in("w:instrText", &[("xml:space", "preserve")], " PAGE ")?;
    x.end("w:r")?;
    field_char(&mut x, "separate")?;
    x.start("w:r", &[])?;
    x.text_element("w:t", "1")?;
    x.end("w:r")?;
    field_char(&mut x, "end")?;
    x.end("w:p")?;
    x.end("w:ftr")?;
    Ok(x.finish())
}
