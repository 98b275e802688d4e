//! `word/styles.xml`: document defaults (Calibri 11, the report's
//! language) and the styles the body uses: Title, Heading1–3, Quote,
//! Attribution, Caption, Footer and TableGrid, each written in the order
//! the schema prescribes.

use super::{Strings, W_NS, XmlOut, val};
use std::io;

pub(super) fn styles_xml(s: &Strings) -> io::Result<Vec<u8>> {
    let mut x = XmlOut::compact("yes")?;
    x.start("w:styles", &[("xmlns:w", W_NS)])?;
    doc_defaults(&mut x, s.tag)?;
    built_in_defaults(&mut x)?;
    title(&mut x)?;
    heading(&mut x, 1, 480, 160, 32, "1F3864")?;
    heading(&mut x, 2, 320, 100, 26, "2F5496")?;
    heading(&mut x, 3, 240, 80, 24, "1F3864")?;
    quote(&mut x)?;
    attribution(&mut x)?;
    caption(&mut x)?;
    footer(&mut x)?;
    table_grid(&mut x)?;
    x.end("w:styles")?;
    Ok(x.finish())
}

/// `<name/>` for each name: on/off properties and flags.
fn flags(x: &mut XmlOut, names: &[&str]) -> io::Result<()> {
    names.iter().try_for_each(|n| x.empty(n, &[]))
}

/// Font size in half-points, for Latin and complex scripts alike.
fn size(x: &mut XmlOut, half_points: &str) -> io::Result<()> {
    val(x, "w:sz", half_points)?;
    val(x, "w:szCs", half_points)
}

fn fonts(x: &mut XmlOut, font: &str) -> io::Result<()> {
    x.empty(
        "w:rFonts",
        &[("w:ascii", font), ("w:hAnsi", font), ("w:cs", font)],
    )
}

/// `<w:spacing …/>` with the given attributes (before, after, line …).
fn spacing(x: &mut XmlOut, attrs: &[(&str, &str)]) -> io::Result<()> {
    x.empty("w:spacing", attrs)
}

const SINGLE_LINE: [(&str, &str); 2] = [("w:line", "240"), ("w:lineRule", "auto")];

/// Opens `<w:style>` with its name, and for paragraph styles the style it
/// is based on and the style of the next paragraph.
fn open_style(
    x: &mut XmlOut,
    attrs: &[(&str, &str)],
    name: &str,
    based_on: Option<&str>,
    next: Option<&str>,
) -> io::Result<()> {
    x.start("w:style", attrs)?;
    val(x, "w:name", name)?;
    if let Some(b) = based_on {
        val(x, "w:basedOn", b)?;
    }
    if let Some(n) = next {
        val(x, "w:next", n)?;
    }
    Ok(())
}

fn doc_defaults(x: &mut XmlOut, lang: &str) -> io::Result<()> {
    x.start("w:docDefaults", &[])?;
    x.start("w:rPrDefault", &[])?;
    x.start("w:rPr", &[])?;
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", "Calibri"),
            ("w:eastAsia", "Calibri"),
            ("w:hAnsi", "Calibri"),
            ("w:cs", "Calibri"),
        ],
    )?;
    size(x, "22")?;
    x.empty(
        "w:lang",
        &[
            ("w:val", lang),
            ("w:eastAsia", "en-US"),
            ("w:bidi", "ar-SA"),
        ],
    )?;
    x.end("w:rPr")?;
    x.end("w:rPrDefault")?;
    x.start("w:pPrDefault", &[])?;
    x.start("w:pPr", &[])?;
    spacing(
        x,
        &[
            ("w:after", "160"),
            ("w:line", "276"),
            ("w:lineRule", "auto"),
        ],
    )?;
    x.end("w:pPr")?;
    x.end("w:pPrDefault")?;
    x.end("w:docDefaults")
}

/// Normal, the default character font, Normal Table and No List: the
/// defaults Word expects to find.
fn built_in_defaults(x: &mut XmlOut) -> io::Result<()> {
    let default = |kind, id| [("w:type", kind), ("w:default", "1"), ("w:styleId", id)];
    open_style(x, &default("paragraph", "Normal"), "Normal", None, None)?;
    flags(x, &["w:qFormat"])?;
    x.end("w:style")?;
    let font = default("character", "DefaultParagraphFont");
    open_style(x, &font, "Default Paragraph Font", None, None)?;
    val(x, "w:uiPriority", "1")?;
    flags(x, &["w:semiHidden", "w:unhideWhenUsed"])?;
    x.end("w:style")?;
    open_style(
        x,
        &default("table", "TableNormal"),
        "Normal Table",
        None,
        None,
    )?;
    val(x, "w:uiPriority", "99")?;
    flags(x, &["w:semiHidden", "w:unhideWhenUsed"])?;
    table_normal_margins(x)?;
    x.end("w:style")?;
    open_style(x, &default("numbering", "NoList"), "No List", None, None)?;
    val(x, "w:uiPriority", "99")?;
    flags(x, &["w:semiHidden", "w:unhideWhenUsed"])?;
    x.end("w:style")
}

fn table_normal_margins(x: &mut XmlOut) -> io::Result<()> {
    x.start("w:tblPr", &[])?;
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")])?;
    x.start("w:tblCellMar", &[])?;
    for (side, w) in [
        ("top", "0"),
        ("left", "108"),
        ("bottom", "0"),
        ("right", "108"),
    ] {
        x.empty(&format!("w:{side}"), &[("w:w", w), ("w:type", "dxa")])?;
    }
    x.end("w:tblCellMar")?;
    x.end("w:tblPr")
}

fn paragraph_style(id: &str) -> [(&str, &str); 2] {
    [("w:type", "paragraph"), ("w:styleId", id)]
}

fn title(x: &mut XmlOut) -> io::Result<()> {
    open_style(
        x,
        &paragraph_style("Title"),
        "Title",
        Some("Normal"),
        Some("Normal"),
    )?;
    val(x, "w:uiPriority", "10")?;
    flags(x, &["w:qFormat"])?;
    x.start("w:pPr", &[])?;
    spacing(x, &[("w:after", "360"), SINGLE_LINE[0], SINGLE_LINE[1]])?;
    flags(x, &["w:contextualSpacing"])?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    fonts(x, "Calibri Light")?;
    val(x, "w:kern", "28")?;
    size(x, "52")?;
    x.end("w:rPr")?;
    x.end("w:style")
}

fn heading(
    x: &mut XmlOut,
    level: u8,
    before: u32,
    after: u32,
    half_points: u32,
    colour: &str,
) -> io::Result<()> {
    let id = format!("Heading{level}");
    let name = format!("heading {level}");
    open_style(
        x,
        &paragraph_style(&id),
        &name,
        Some("Normal"),
        Some("Normal"),
    )?;
    val(x, "w:uiPriority", "9")?;
    flags(x, &["w:qFormat"])?;
    x.start("w:pPr", &[])?;
    flags(x, &["w:keepNext", "w:keepLines"])?;
    let (before, after) = (before.to_string(), after.to_string());
    spacing(x, &[("w:before", &before), ("w:after", &after)])?;
    val(x, "w:outlineLvl", &(level - 1).to_string())?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    fonts(x, "Calibri Light")?;
    flags(x, &["w:b", "w:bCs"])?;
    val(x, "w:color", colour)?;
    size(x, &half_points.to_string())?;
    x.end("w:rPr")?;
    x.end("w:style")
}

/// Left and right indents for quotes and their attributions.
fn indent_both(x: &mut XmlOut) -> io::Result<()> {
    x.empty("w:ind", &[("w:left", "720"), ("w:right", "720")])
}

fn quote(x: &mut XmlOut) -> io::Result<()> {
    open_style(
        x,
        &paragraph_style("Quote"),
        "Quote",
        Some("Normal"),
        Some("Attribution"),
    )?;
    val(x, "w:uiPriority", "29")?;
    flags(x, &["w:qFormat"])?;
    x.start("w:pPr", &[])?;
    flags(x, &["w:keepNext"])?;
    spacing(x, &[("w:before", "120"), ("w:after", "40")])?;
    indent_both(x)?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    flags(x, &["w:i", "w:iCs"])?;
    val(x, "w:color", "404040")?;
    x.end("w:rPr")?;
    x.end("w:style")
}

fn attribution(x: &mut XmlOut) -> io::Result<()> {
    let attrs = [
        ("w:type", "paragraph"),
        ("w:customStyle", "1"),
        ("w:styleId", "Attribution"),
    ];
    open_style(x, &attrs, "Attribution", Some("Normal"), Some("Normal"))?;
    val(x, "w:uiPriority", "29")?;
    flags(x, &["w:qFormat"])?;
    x.start("w:pPr", &[])?;
    spacing(x, &[("w:after", "240")])?;
    indent_both(x)?;
    val(x, "w:jc", "right")?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    val(x, "w:color", "595959")?;
    size(x, "20")?;
    x.end("w:rPr")?;
    x.end("w:style")
}

fn caption(x: &mut XmlOut) -> io::Result<()> {
    open_style(
        x,
        &paragraph_style("Caption"),
        "caption",
        Some("Normal"),
        Some("Normal"),
    )?;
    val(x, "w:uiPriority", "35")?;
    flags(x, &["w:unhideWhenUsed", "w:qFormat"])?;
    x.start("w:pPr", &[])?;
    spacing(
        x,
        &[
            ("w:before", "80"),
            ("w:after", "240"),
            SINGLE_LINE[0],
            SINGLE_LINE[1],
        ],
    )?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    flags(x, &["w:i", "w:iCs"])?;
    val(x, "w:color", "44546A")?;
    size(x, "18")?;
    x.end("w:rPr")?;
    x.end("w:style")
}

fn footer(x: &mut XmlOut) -> io::Result<()> {
    open_style(
        x,
        &paragraph_style("Footer"),
        "footer",
        Some("Normal"),
        None,
    )?;
    val(x, "w:uiPriority", "99")?;
    flags(x, &["w:unhideWhenUsed"])?;
    x.start("w:pPr", &[])?;
    spacing(x, &[("w:after", "0"), SINGLE_LINE[0], SINGLE_LINE[1]])?;
    val(x, "w:jc", "center")?;
    x.end("w:pPr")?;
    x.start("w:rPr", &[])?;
    size(x, "18")?;
    x.end("w:rPr")?;
    x.end("w:style")
}

fn table_grid(x: &mut XmlOut) -> io::Result<()> {
    let attrs = [("w:type", "table"), ("w:styleId", "TableGrid")];
    open_style(x, &attrs, "Table Grid", Some("TableNormal"), None)?;
    val(x, "w:uiPriority", "39")?;
    x.start("w:pPr", &[])?;
    spacing(x, &[("w:after", "0"), SINGLE_LINE[0], SINGLE_LINE[1]])?;
    x.end("w:pPr")?;
    x.start("w:tblPr", &[])?;
    x.start("w:tblBorders", &[])?;
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        x.empty(
            &format!("w:{side}"),
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "auto"),
            ],
        )?;
    }
    x.end("w:tblBorders")?;
    x.end("w:tblPr")?;
    x.end("w:style")
}
