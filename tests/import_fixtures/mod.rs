//! Fixture builders shared by the importer tests: real docx/odt/xlsx
//! packages written with the zip crate, and files in a tempdir.
#![allow(dead_code)]

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Write `bytes` as `name` in `dir` and return the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A zip of (name, content) parts; `stored` parts are not compressed
/// (ODF requires that for `mimetype`).
pub fn zip(parts: &[(&str, &str, bool)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content, stored) in parts {
        let method = if *stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A Word package with `body` as the content of `w:body`, plus a header
/// that an importer must not read and footnote 1 ("Fotnote om kommunen."),
/// read where the body refers to it.
pub fn docx(body: &str) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
</Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
</Relationships>"#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>KONFIDENSIELT – topptekst</w:t></w:r></w:p></w:hdr>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>Fotnote om kommunen.</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    zip(&[
        ("[Content_Types].xml", content_types, false),
        ("_rels/.rels", rels, false),
        ("word/_rels/document.xml.rels", doc_rels, false),
        ("word/document.xml", &document, false),
        ("word/header1.xml", &header, false),
        ("word/footnotes.xml", &footnotes, false),
    ])
}

/// A Word paragraph of plain runs.
pub fn w_p(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
    )
}

/// An OpenDocument text with `body` inside `office:text`, with a header
/// in styles.xml that must not be read.
pub fn odt(body: &str) -> Vec<u8> {
    odt_with_manifest(body, "")
}

/// As `odt`, with extra `manifest:file-entry` content for content.xml
/// (used to declare encryption).
pub fn odt_with_manifest(body: &str, content_entry_children: &str) -> Vec<u8> {
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {ns} office:version="1.3"><office:automatic-styles/><office:body><office:text>
<text:sequence-decls/>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {ns}><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Topptekst som ikke skal med</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#
    );
    let manifest = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{content_entry_children}</manifest:file-entry>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#
    );
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text", true),
        ("META-INF/manifest.xml", &manifest, false),
        ("content.xml", &content, false),
        ("styles.xml", &styles, false),
    ])
}

/// A one-sheet workbook; every cell an inline string, except cells that
/// parse as integers, which are numbers (as Excel stores ids).
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let wb_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"#;
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            let at = format!("{col}{}", r + 1);
            if cell.parse::<i64>().is_ok() {
                data.push_str(&format!(r#"<c r="{at}"><v>{cell}</v></c>"#));
            } else if !cell.is_empty() {
                let esc = cell.replace('&', "&amp;").replace('<', "&lt;");
                data.push_str(&format!(
                    r#"<c r="{at}" t="inlineStr"><is><t xml:space="preserve">{esc}</t></is></c>"#
                ));
            }
        }
        data.push_str("</row>");
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
    );
    zip(&[
        ("[Content_Types].xml", content_types, false),
        ("_rels/.rels", rels, false),
        ("xl/workbook.xml", workbook, false),
        ("xl/_rels/workbook.xml.rels", wb_rels, false),
        ("xl/worksheets/sheet1.xml", &sheet, false),
    ])
}

/// UTF-16 with a BOM, little or big endian.
pub fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in s.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// A zip bomb in miniature: `parts` as written, plus `bomb` holding
/// `size` zero bytes, which deflate to almost nothing.
pub fn zip_with_bomb(parts: &[(&str, &str)], bomb: &str, size: usize) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, deflated).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.start_file(bomb, deflated).unwrap();
    let zeros = vec![0u8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(zeros.len());
        w.write_all(&zeros[..n]).unwrap();
        left -= n;
    }
    w.finish().unwrap().into_inner()
}

/// Rewrite every header of `zip` to claim each entry unpacks to
/// `declared` bytes: an archive that lies about its sizes, so only
/// counting what really comes out can catch it.
pub fn lie_about_sizes(mut zip: Vec<u8>, declared: u32) -> Vec<u8> {
    // (signature, offset of the uncompressed size in that header)
    const HEADERS: [(&[u8; 4], usize); 2] = [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)];
    for (sig, at) in HEADERS {
        let starts: Vec<usize> = zip
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == sig)
            .map(|(i, _)| i)
            .collect();
        for s in starts {
            zip[s + at..s + at + 4].copy_from_slice(&declared.to_le_bytes());
        }
    }
    zip
}

/// A one-page PDF written by hand, with correct xref offsets: `lines` in
/// Helvetica (WinAnsiEncoding, so æøå are single bytes), an empty string
/// for a paragraph gap. With no lines the page shows only an image, as a
/// scan does. `encrypt` adds an `/Encrypt` dictionary to the trailer.
pub fn pdf(lines: &[&str], encrypt: bool) -> Vec<u8> {
    pdf_with(lines, encrypt, None)
}

/// A PDF bomb in miniature: one page of text, plus a Flate stream of
/// `size` zero bytes that compresses to almost nothing.
pub fn pdf_bomb(size: usize) -> Vec<u8> {
    use flate2::{Compression, write::ZlibEncoder};
    let mut z = ZlibEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0u8; 64 * 1024];
    let mut left = size;
    while left > 0 {
        let n = left.min(zeros.len());
        z.write_all(&zeros[..n]).unwrap();
        left -= n;
    }
    let packed = z.finish().unwrap();
    let mut object = format!(
        "<< /Filter /FlateDecode /Length {} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    object.extend_from_slice(&packed);
    object.extend_from_slice(b"\nendstream");
    pdf_with(&["Intervjuer: Hei."], false, Some(object))
}

fn pdf_with(lines: &[&str], encrypt: bool, extra: Option<Vec<u8>>) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 72 760 Td\n");
    let mut gap = 0;
    for line in lines {
        if line.is_empty() {
            gap += 1;
            continue;
        }
        if content.contains("Tj") {
            content.push_str(&format!("0 {} Td\n", -16 - 14 * gap));
        }
        gap = 0;
        let escaped = line
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj\n"));
    }
    content.push_str("ET\n");
    if lines.is_empty() {
        content = "q 595 0 0 842 0 0 cm /Im1 Do Q\n".to_owned();
    }
    let (content, _, _) = encoding_rs::WINDOWS_1252.encode(&content);
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(&content);
    stream.extend_from_slice(b"\nendstream");
    objects.push(stream);
    let mut image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n".to_vec();
    image.extend_from_slice(b"\x80\nendstream");
    objects.push(image);
    objects.extend(extra);
    if encrypt {
        let hex32 = "00".repeat(32);
        objects.push(
            format!("<< /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -4 >>")
                .into_bytes(),
        );
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let encrypt_ref = if encrypt {
        format!(
            " /Encrypt {} 0 R /ID [<{id}> <{id}>]",
            objects.len(),
            id = "ab".repeat(16)
        )
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{encrypt_ref} >>\nstartxref\n{xref_at}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
