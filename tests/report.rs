//! The theme report: every format is parsed back. DOCX as a zip of
//! well-formed parts (styles, quotes with attributions, page numbers, the
//! map's relationship), Markdown and HTML by their headings and quotes; the
//! journal never appears; attribution, quote cutting and languages.

mod common;

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tema::Project;
use tema::model::ThemeStatus;
use tema::report::{self, Attribution, Format, Lang, ReportOptions, TINY_PNG};
use tema::store::{Command, ThemeCommand};

/// Text put in the journal and a phase note: it must never reach a report.
const SECRET: &str = "JOURNALMARKER-7f3a9c";

/// The sample study with a secret journal entry, built once.
fn sample_dir() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("sample");
        build_sample(&dir);
        (tmp, dir)
    })
    .1
}

fn build_sample(dir: &Path) -> Project {
    let mut p = tema::sample::build(dir).unwrap();
    let theme = p.resolve_theme("«Men ingen hadde ham»").unwrap();
    p.execute(Command::Theme(ThemeCommand::AddJournal {
        date: Some("2024-05-02".into()),
        phase: Some(4),
        text: format!("Privat: {SECRET} – jeg er usikker på temaet."),
        links: vec![tema::model::JournalLink::Theme(theme)],
    }))
    .unwrap();
    p.execute(Command::Theme(ThemeCommand::SetPhase {
        phase: 6,
        note: format!("Skriver nå. {SECRET}"),
    }))
    .unwrap();
    p
}

fn sample() -> Project {
    Project::open(sample_dir()).unwrap()
}

/// Final top-level themes in their order.
fn final_themes(p: &Project) -> Vec<String> {
    p.themes()
        .unwrap()
        .into_iter()
        .filter(|t| t.parent.is_none() && t.status == ThemeStatus::Final)
        .map(|t| t.name)
        .collect()
}

fn render(p: &Project, opts: &ReportOptions, format: Format) -> Vec<u8> {
    report::render(p, opts, format).unwrap()
}

fn text(p: &Project, opts: &ReportOptions, format: Format) -> String {
    String::from_utf8(render(p, opts, format)).unwrap()
}

fn with_map() -> ReportOptions {
    ReportOptions {
        map_png: Some(TINY_PNG.to_vec()),
        ..Default::default()
    }
}

// ------------------------------------------------------------------ docx

fn unzip(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        parts.insert(f.name().to_string(), buf);
    }
    parts
}

/// Parse a whole XML part; panic with its name when it is not well-formed.
fn events(name: &str, xml: &[u8]) -> Vec<Event<'static>> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(e) => out.push(e.into_owned()),
            Err(e) => panic!("{name} is not well-formed XML: {e}"),
        }
        buf.clear();
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| a.unescape_value().unwrap().into_owned())
}

/// Paragraphs of a WordprocessingML part: (style, text).
fn paragraphs(name: &str, xml: &[u8]) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut style = None;
    let mut text = String::new();
    let mut in_t = false;
    let mut in_p = false;
    for e in events(name, xml) {
        match e {
            Event::Start(s) if s.name().as_ref() == b"w:p" => {
                in_p = true;
                style = None;
                text.clear();
            }
            Event::Empty(s) if s.name().as_ref() == b"w:p" => out.push((None, String::new())),
            Event::Empty(s) if s.name().as_ref() == b"w:pStyle" && in_p => {
                style = attr(&s, "w:val");
            }
            Event::Start(s) if s.name().as_ref() == b"w:t" => in_t = true,
            Event::End(s) if s.name().as_ref() == b"w:t" => in_t = false,
            Event::Empty(s) if s.name().as_ref() == b"w:tab" => text.push('\t'),
            Event::Text(t) if in_t => text.push_str(&t.xml_content().unwrap()),
            Event::GeneralRef(r) if in_t => {
                let name = String::from_utf8(r.to_vec()).unwrap();
                text.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::End(s) if s.name().as_ref() == b"w:p" => {
                in_p = false;
                out.push((style.take(), std::mem::take(&mut text)));
            }
            _ => {}
        }
    }
    out
}

/// Relationship id → target of a .rels part.
fn rels(name: &str, xml: &[u8]) -> HashMap<String, String> {
    events(name, xml)
        .into_iter()
        .filter_map(|e| match e {
            Event::Empty(s) if s.name().as_ref() == b"Relationship" => {
                Some((attr(&s, "Id")?, attr(&s, "Target")?))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn docx_is_a_complete_word_package() {
    let p = sample();
    let parts = unzip(&render(&p, &with_map(), Format::Docx));
    // Every XML part is well-formed, and nothing of the journal is anywhere.
    for (name, bytes) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            events(name, bytes);
        }
        assert!(
            !String::from_utf8_lossy(bytes).contains(SECRET),
            "{name} holds journal text"
        );
    }
    for required in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/footer1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/media/map.png",
    ] {
        assert!(parts.contains_key(required), "missing {required}");
    }
    assert_eq!(parts["word/media/map.png"], TINY_PNG);

    // [Content_Types] covers every part, by override or by extension.
    let mut defaults = HashMap::new();
    let mut overrides = HashMap::new();
    for e in events("[Content_Types].xml", &parts["[Content_Types].xml"]) {
        if let Event::Empty(s) = e {
            match s.name().as_ref() {
                b"Default" => {
                    defaults.insert(
                        attr(&s, "Extension").unwrap(),
                        attr(&s, "ContentType").unwrap(),
                    );
                }
                b"Override" => {
                    overrides.insert(
                        attr(&s, "PartName").unwrap(),
                        attr(&s, "ContentType").unwrap(),
                    );
                }
                _ => {}
            }
        }
    }
    for name in parts.keys().filter(|n| *n != "[Content_Types].xml") {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains_key(&format!("/{name}")) || defaults.contains_key(ext),
            "[Content_Types].xml does not cover {name}"
        );
    }
    assert!(overrides["/word/document.xml"].ends_with("document.main+xml"));
    assert!(overrides["/word/footer1.xml"].ends_with("footer+xml"));
    assert_eq!(defaults["png"], "image/png");

    // Package relationships point at parts that exist.
    for target in rels("_rels/.rels", &parts["_rels/.rels"]).values() {
        assert!(parts.contains_key(target.as_str()), "dangling {target}");
    }
    let doc_rels = rels(
        "word/_rels/document.xml.rels",
        &parts["word/_rels/document.xml.rels"],
    );
    for target in doc_rels.values() {
        assert!(
            parts.contains_key(&format!("word/{target}")),
            "dangling word/{target}"
        );
    }

    // The styles the document uses are defined.
    let styles: Vec<String> = events("word/styles.xml", &parts["word/styles.xml"])
        .into_iter()
        .filter_map(|e| match e {
            Event::Start(s) if s.name().as_ref() == b"w:style" => attr(&s, "w:styleId"),
            _ => None,
        })
        .collect();
    for needed in [
        "Title",
        "Heading1",
        "Heading2",
        "Heading3",
        "Quote",
        "Attribution",
        "Caption",
        "TableGrid",
        "Footer",
    ] {
        assert!(styles.iter().any(|s| s == needed), "style {needed} missing");
    }

    let xml = &parts["word/document.xml"];
    let paras = paragraphs("word/document.xml", xml);
    for (style, _) in &paras {
        if let Some(style) = style {
            assert!(styles.contains(style), "undefined style {style}");
        }
    }
    // Title.
    assert_eq!(paras[0].0.as_deref(), Some("Title"));
    assert_eq!(paras[0].1, p.title().unwrap());
    // Heading1 of the final themes, in their order.
    let finals = final_themes(&p);
    let h1: Vec<&String> = paras
        .iter()
        .filter(|(s, _)| s.as_deref() == Some("Heading1"))
        .map(|(_, t)| t)
        .filter(|t| finals.contains(t))
        .collect();
    assert_eq!(h1, finals.iter().collect::<Vec<_>>());
    // Every quote is followed by its attribution.
    let quotes: Vec<usize> = paras
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| s.as_deref() == Some("Quote"))
        .map(|(i, _)| i)
        .collect();
    assert!(quotes.len() >= 12, "only {} quotes", quotes.len());
    for i in quotes {
        let (style, text) = &paras[i + 1];
        assert_eq!(
            style.as_deref(),
            Some("Attribution"),
            "after {:?}",
            paras[i]
        );
        assert!(text.starts_with("— Informant "), "{text}");
    }
    // Sub-themes are Heading2.
    assert!(
        paras
            .iter()
            .any(|(s, t)| s.as_deref() == Some("Heading2") && t == "«Et svart hull»")
    );
    // The section has the footer; the footer a PAGE field.
    let doc = String::from_utf8_lossy(xml);
    let footer_id = doc
        .split("<w:footerReference ")
        .nth(1)
        .and_then(|s| s.split("r:id=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("footerReference");
    assert_eq!(doc_rels[footer_id], "footer1.xml");
    let mut instr = String::new();
    let mut in_instr = false;
    for e in events("word/footer1.xml", &parts["word/footer1.xml"]) {
        match e {
            Event::Start(s) if s.name().as_ref() == b"w:instrText" => in_instr = true,
            Event::End(s) if s.name().as_ref() == b"w:instrText" => in_instr = false,
            Event::Text(t) if in_instr => instr.push_str(&t.xml_content().unwrap()),
            _ => {}
        }
    }
    assert_eq!(instr.trim(), "PAGE");
    // The map: an inline drawing whose blip resolves to word/media/map.png.
    let blip = events("word/document.xml", xml)
        .into_iter()
        .find_map(|e| match e {
            Event::Empty(s) if s.name().as_ref() == b"a:blip" => attr(&s, "r:embed"),
            _ => None,
        })
        .expect("a:blip");
    assert_eq!(doc_rels[&blip], "media/map.png");
    assert!(doc.contains("<wp:inline") && doc.contains("<pic:pic>"));
    // 1 px at 96 dpi.
    assert!(doc.contains("<wp:extent cx=\"9525\" cy=\"9525\"/>"));
}

#[test]
fn docx_without_a_map_has_no_image_part() {
    let p = sample();
    let parts = unzip(&render(&p, &ReportOptions::default(), Format::Docx));
    assert!(!parts.contains_key("word/media/map.png"));
    let rels = String::from_utf8_lossy(&parts["word/_rels/document.xml.rels"]).into_owned();
    assert!(!rels.contains("image"));
    let ct = String::from_utf8_lossy(&parts["[Content_Types].xml"]).into_owned();
    assert!(!ct.contains("png"));
    assert!(!String::from_utf8_lossy(&parts["word/document.xml"]).contains("a:blip"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let (_tmp, mut p) = common::new_project();
    p.execute(Command::Theme(ThemeCommand::CreateTheme {
        name: "A <b>&amp; \"c\" 'd' \u{1}# *e*".into(),
        status: ThemeStatus::Final,
        definition: "<script>alert(1)</script> & ]]> \u{0}".into(),
        parent: None,
        codes: vec![],
    }))
    .unwrap();
    let opts = ReportOptions {
        title: Some("T <i>&</i>".into()),
        ..Default::default()
    };
    let parts = unzip(&render(&p, &opts, Format::Docx));
    for (name, bytes) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            events(name, bytes);
        }
    }
    let paras = paragraphs("word/document.xml", &parts["word/document.xml"]);
    assert_eq!(paras[0].1, "T <i>&</i>");
    assert!(paras.iter().any(|(_, t)| t == "A <b>&amp; \"c\" 'd' # *e*"));
    let html = text(&p, &opts, Format::Html);
    events("report.html", html.as_bytes());
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    let md = text(&p, &opts, Format::Markdown);
    assert!(md.contains("## A \\<b>\\&amp; \"c\" 'd' # \\*e\\*"), "{md}");
    // Markdown shows HTML as text: every "<" is escaped.
    assert!(md.contains("\\<script>alert(1)\\</script>"), "{md}");
    assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')));
}

// ------------------------------------------------------------------ md, html

fn md_headings(md: &str, level: usize) -> Vec<String> {
    let prefix = format!("{} ", "#".repeat(level));
    md.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

#[test]
fn markdown_has_themes_in_order_with_attributed_quotes() {
    let p = sample();
    let md = text(&p, &ReportOptions::default(), Format::Markdown);
    assert!(md.starts_with(&format!("# {}\n", p.title().unwrap())));
    let finals = final_themes(&p);
    let h2: Vec<String> = md_headings(&md, 2)
        .into_iter()
        .filter(|h| finals.contains(h))
        .collect();
    assert_eq!(h2, finals);
    assert!(md_headings(&md, 2).contains(&"Method".to_string()));
    assert!(md_headings(&md, 2).contains(&"Appendix".to_string()));
    assert!(md_headings(&md, 3).contains(&"«Et svart hull»".to_string()));
    // Each quote block ends with its attribution.
    let blocks: Vec<&str> = md.split("\n\n").filter(|b| b.starts_with("> ")).collect();
    assert!(blocks.len() >= 12);
    for b in &blocks {
        let last = b.lines().last().unwrap();
        assert!(last.starts_with("> — Informant "), "{b}");
    }
    // Key quotes chosen in review are the ones shown.
    assert!(md.contains("Alle hadde gjort jobben sin, på en måte."));
    // Candidates and discarded themes are not in by default.
    assert!(!md.contains("Tre forskjellige ungdommer"));
    assert!(!md.contains("Barrierer for samarbeid"));
    assert!(!md.contains(SECRET));
    // Method: data set and attributes summarised; interview years.
    assert!(md.contains("6 documents with 12 participants"));
    assert!(md.contains("By sector:"));
    assert!(md.contains("The interviews were conducted in 2023–2024."));
    // A role that singles a person out is not summarised.
    assert!(!md.contains("By role:"));
    // The matrix as a table.
    assert!(md.contains("| Theme | Informant 1 |"));
}

/// Headings h2/h3 of an HTML report, parsed as XML.
fn html_headings(html: &str, tag: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for e in events("report.html", html.as_bytes()) {
        match e {
            Event::Start(s) if s.name().as_ref() == tag => {
                depth += 1;
                cur.clear();
            }
            Event::End(s) if s.name().as_ref() == tag => {
                depth -= 1;
                out.push(cur.trim().to_string());
            }
            Event::Text(t) if depth > 0 => cur.push_str(&t.xml_content().unwrap()),
            Event::GeneralRef(r) if depth > 0 => cur.push(if &*r == b"amp" { '&' } else { '?' }),
            _ => {}
        }
    }
    out
}

#[test]
fn html_is_self_contained_well_formed_and_ordered() {
    let p = sample();
    let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text x=\"1\" y=\"9\">kart</text></svg>";
    let opts = ReportOptions {
        map_svg: Some(svg.into()),
        map_png: Some(TINY_PNG.to_vec()),
        ..Default::default()
    };
    let html = text(&p, &opts, Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let finals = final_themes(&p);
    let h2: Vec<String> = html_headings(&html, b"h2")
        .into_iter()
        .filter(|h| finals.contains(h))
        .collect();
    assert_eq!(h2, finals);
    assert!(html.contains("<style>"));
    assert!(!html.contains("<link") && !html.contains("src=\"http"));
    // The SVG map inline (without its XML declaration).
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(!html.contains("<?xml"));
    // Quotes with attributions.
    let n = html.matches("<blockquote class=\"quote\">").count();
    assert!(n >= 12);
    assert_eq!(
        html.matches("<footer class=\"attribution\">— Informant ")
            .count(),
        n
    );
    assert!(!html.contains(SECRET));

    // Only a PNG: a data: URL.
    let html = text(&p, &with_map(), Format::Html);
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    events("report.html", html.as_bytes());

    // A script in the SVG is not inlined.
    let opts = ReportOptions {
        map_svg: Some("<svg onload=\"alert(1)\"></svg>".into()),
        ..Default::default()
    };
    let html = text(&p, &opts, Format::Html);
    assert!(!html.contains("onload"));
    assert!(html.contains("data:image/svg+xml;base64,"));
}

#[test]
fn long_quotes_are_cut_with_an_ellipsis() {
    let p = sample();
    let opts = ReportOptions {
        max_quote: 80,
        ..Default::default()
    };
    let report = report::build(&p, &opts).unwrap();
    let mut quotes = Vec::new();
    for t in &report.themes {
        quotes.extend(t.quotes.iter());
        for s in &t.sub_themes {
            quotes.extend(s.quotes.iter());
        }
    }
    assert!(quotes.iter().any(|q| q.text.contains("[...]")));
    for q in &quotes {
        assert!(q.text.chars().count() <= 80, "{}", q.text);
    }
    for format in [Format::Markdown, Format::Html] {
        assert!(text(&p, &opts, format).contains("[...]"));
    }
    let parts = unzip(&render(&p, &opts, Format::Docx));
    assert!(
        paragraphs("word/document.xml", &parts["word/document.xml"])
            .iter()
            .any(|(s, t)| s.as_deref() == Some("Quote") && t.contains("[...]"))
    );
    // The default limit leaves the sample's quotes whole.
    let md = text(&p, &ReportOptions::default(), Format::Markdown);
    assert!(!md.contains("[...]"));
}

#[test]
fn unattributed_reports_name_no_participant() {
    let p = sample();
    let labels: Vec<String> = p
        .participants()
        .unwrap()
        .into_iter()
        .map(|x| x.label)
        .collect();
    for lang in [Lang::En, Lang::Nb] {
        let opts = ReportOptions {
            attribution: Attribution::Unattributed,
            lang,
            map_png: Some(TINY_PNG.to_vec()),
            ..Default::default()
        };
        let informant = if lang == Lang::En {
            "An informant"
        } else {
            "En informant"
        };
        let md = text(&p, &opts, Format::Markdown);
        let html = text(&p, &opts, Format::Html);
        let parts = unzip(&render(&p, &opts, Format::Docx));
        let docx = paragraphs("word/document.xml", &parts["word/document.xml"])
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join("\n");
        for (name, out) in [("md", &md), ("html", &html), ("docx", &docx)] {
            for label in &labels {
                let re = regex::Regex::new(&format!(r"\b{}\b", regex::escape(label))).unwrap();
                assert!(!re.is_match(out), "{name} names {label}");
            }
            assert!(out.contains(&format!("— {informant}")), "{name}");
            assert!(!out.contains(SECRET));
        }
        // The matrix is by group, not by participant.
        assert!(md.contains("| Tema | Gruppe 1 |") || md.contains("| Theme | Gruppe 1 |"));
    }
}

#[test]
fn attribution_templates_use_attributes_and_documents() {
    let p = sample();
    let opts = ReportOptions {
        attribution: Attribution::Template("{group}, {sector} ({document})".into()),
        ..Default::default()
    };
    let md = text(&p, &opts, Format::Markdown);
    assert!(
        md.contains("> — Gruppe 1, skole (Gruppeintervju 1 – ledere)"),
        "{}",
        md.lines()
            .filter(|l| l.starts_with("> —"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(md.contains("> — Individuelt, helse (Intervju – helsesykepleier)"));
}

#[test]
fn norwegian_fixed_texts() {
    let p = sample();
    let opts = ReportOptions {
        lang: Lang::Nb,
        ..with_map()
    };
    let md = text(&p, &opts, Format::Markdown);
    for s in [
        "## Metode",
        "### Temaer",
        "## Vedlegg",
        "### Kodebok",
        "### Dekningsmatrise",
        "*Definisjon:*",
        "utdrag fra",
        "Datasettet består av 6 dokumenter med 12 deltakere.",
    ] {
        assert!(md.contains(s), "missing {s}");
    }
    for s in [
        "Method",
        "Appendix",
        "Codebook",
        "Definition:",
        "extracts from",
    ] {
        assert!(!md.contains(s), "English '{s}' in a Norwegian report");
    }
    let html = text(&p, &opts, Format::Html);
    assert!(html.contains("<html lang=\"nb-NO\">"));
    assert!(html.contains("<h2>Vedlegg</h2>") && html.contains("<h3>Tematisk kart</h3>"));
    let parts = unzip(&render(&p, &opts, Format::Docx));
    let paras = paragraphs("word/document.xml", &parts["word/document.xml"]);
    assert!(
        paras
            .iter()
            .any(|(s, t)| s.as_deref() == Some("Heading1") && t == "Metode")
    );
    assert!(
        paras
            .iter()
            .any(|(s, t)| s.as_deref() == Some("Heading2") && t == "Kodebok")
    );
    assert!(String::from_utf8_lossy(&parts["word/styles.xml"]).contains("w:val=\"nb-NO\""));
}

#[test]
fn options_leave_out_what_is_not_wanted() {
    let p = sample();
    let opts = ReportOptions {
        sub_themes: false,
        counts: false,
        appendix: false,
        ..Default::default()
    };
    for format in [Format::Markdown, Format::Html] {
        let out = text(&p, &opts, format);
        assert!(!out.contains("«Et svart hull»"), "{format:?}");
        assert!(!out.contains("extracts from"));
        assert!(!out.contains("Appendix") && !out.contains("Codebook"));
    }
    let parts = unzip(&render(&p, &opts, Format::Docx));
    let paras = paragraphs("word/document.xml", &parts["word/document.xml"]);
    assert!(!paras.iter().any(|(_, t)| t == "«Et svart hull»"));
    assert!(!paras.iter().any(|(_, t)| t == "Appendix"));

    // Candidates on request, marked; discarded never.
    let opts = ReportOptions {
        candidates: true,
        ..Default::default()
    };
    let md = text(&p, &opts, Format::Markdown);
    assert!(md.contains("## Tre forskjellige ungdommer (candidate theme)"));
    assert!(!md.contains("Barrierer for samarbeid"));
}

#[test]
fn themes_without_key_quotes_get_varied_medium_quotes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = build_sample(&tmp.path().join("s"));
    let theme = p.resolve_theme("«Men ingen hadde ham»").unwrap();
    let unset: Vec<Command> = p
        .theme_extracts(theme)
        .unwrap()
        .into_iter()
        .filter(|e| e.key)
        .map(|e| {
            Command::Theme(ThemeCommand::SetKeyQuote {
                theme,
                coding: e.coding.id,
                key: false,
            })
        })
        .collect();
    assert!(!unset.is_empty());
    p.execute(Command::Batch {
        label: "unset key quotes".into(),
        commands: unset,
    })
    .unwrap();
    let report = report::build(&p, &ReportOptions::default()).unwrap();
    let t = report.themes.iter().find(|t| t.id == theme).unwrap();
    assert_eq!(t.quotes.len(), 3);
    let extracts = p.theme_extracts(theme).unwrap();
    let mut people = Vec::new();
    for q in &t.quotes {
        let e = extracts.iter().find(|e| e.coding.id == q.coding).unwrap();
        let len = e.coding.text.chars().count();
        assert!((40..=600).contains(&len), "{len}: {}", e.coding.text);
        people.push(e.coding.participant.clone().unwrap());
    }
    people.sort();
    people.dedup();
    assert_eq!(people.len(), 3, "quotes from distinct participants");
}

#[test]
fn phases_with_dates_and_no_phase_notes() {
    let p = sample();
    let report = report::build(&p, &ReportOptions::default()).unwrap();
    assert_eq!(report.method.phases.len(), 6);
    assert!(report.method.phases[5].starts_with("Writing up (since "));
    assert!(report.method.phases[0] == "Familiarisation");
}

// ------------------------------------------------------------------ files, CLI

#[test]
fn markdown_file_gets_its_map_beside_it() {
    let p = sample();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("rapport.md");
    let written = report::write(&p, &with_map(), Format::Markdown, &path).unwrap();
    assert_eq!(written.len(), 2);
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("![Thematic map](<rapport-map.png>)"));
    assert_eq!(
        std::fs::read(out.path().join("rapport-map.png")).unwrap(),
        TINY_PNG
    );
}

use common::cli::tema;

#[test]
fn cli_writes_every_format() {
    let dir = sample_dir().to_str().unwrap().to_string();
    let out = tempfile::tempdir().unwrap();
    let png = out.path().join("kart.png");
    std::fs::write(&png, TINY_PNG).unwrap();
    for ext in ["docx", "md", "html"] {
        let file = out.path().join(format!("rapport.{ext}"));
        let o = tema(&[
            "export",
            "report",
            "-p",
            &dir,
            "-o",
            file.to_str().unwrap(),
            "--lang",
            "nb",
            "--unattributed",
            "--max-quote",
            "100",
            "--map-png",
            png.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bytes = std::fs::read(&file).unwrap();
        let body = if ext == "docx" {
            String::from_utf8(unzip(&bytes)["word/document.xml"].clone()).unwrap()
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(body.contains("En informant"), "{ext}");
        assert!(body.contains("[...]"), "{ext}");
        assert!(!body.contains("Informant 1,"), "{ext}");
        assert!(!body.contains(SECRET));
    }
    // --format wins over the extension; an unknown one is refused.
    let file = out.path().join("rapport.txt");
    let o = tema(&[
        "export",
        "report",
        "-p",
        &dir,
        "-o",
        file.to_str().unwrap(),
        "--format",
        "md",
        "--no-appendix",
        "--no-counts",
        "--candidates",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("(candidate theme)") && !md.contains("## Appendix"));
    let o = tema(&["export", "report", "-p", &dir, "-o", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format"));
    let o = tema(&["export", "report", "-p", &dir, "-o", "x.md", "--lang", "de"]);
    assert!(!o.status.success());
}

#[test]
fn docx_converts_with_libreoffice() {
    let Some(office) = ["libreoffice", "soffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("libreoffice is not on PATH: skipping the DOCX → PDF conversion");
        return;
    };
    let p = sample();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("rapport.docx");
    // With the process appendix, so its tables are checked by Word's reader too.
    let opts = ReportOptions {
        process: true,
        process_journal: true,
        ..with_map()
    };
    report::write(&p, &opts, Format::Docx, &path).unwrap();
    let o = std::process::Command::new(office)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out.path())
        .arg(&path)
        // A profile of its own, so a running office does not take the job.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            out.path().join("profile").display()
        ))
        .output()
        .unwrap();
    let pdf = out.path().join("rapport.pdf");
    assert!(
        o.status.success() && pdf.exists(),
        "conversion failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
}

// ------------------------------------------------------------------ GUI

#[test]
fn export_dialog_previews_and_follows_its_options() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use tema::ui::export_dialog::ExportDialog;
    struct State {
        dialog: ExportDialog,
        project: Project,
        version: u64,
        actions: Vec<tema::ui::actions::Action>,
    }
    let state = State {
        dialog: ExportDialog::default(),
        project: sample(),
        version: 1,
        actions: Vec::new(),
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .build_ui_state(
            |ui, s: &mut State| {
                s.dialog.ui(ui, &s.project, s.version, &mut s.actions);
            },
            state,
        );
    h.run();
    assert!(h.query_all_by_label("«Men ingen hadde ham»").count() >= 1);
    assert!(h.query_by_label("— An informant").is_none());
    h.get_by_label("Unattributed quotes (\"An informant\")")
        .click();
    h.run();
    assert!(h.state().dialog.unattributed);
    assert!(h.query_all_by_label("— An informant").count() >= 12);
    let md = h
        .state()
        .dialog
        .preview_markdown(&h.state().project)
        .unwrap();
    assert!(!md.contains(SECRET));
    assert!(h.state().actions.is_empty());
}

/// `cargo test --test report -- --ignored --nocapture bench`: the figures
/// of `tema bench report` (debug build: slower than release).
#[test]
#[ignore]
fn bench() {
    print!("{}", tema::bench::report::run().unwrap());
}
