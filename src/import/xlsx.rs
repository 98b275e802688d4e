//! Excel .xlsx surveys (what Nettskjema and SurveyXact export), read with
//! calamine. Only the first sheet is read: survey exports have one.

use super::survey::Sheet;
use super::unzip::{UnpackLimits, Unpacker};
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

/// Same signature as in docx: Office puts encrypted files in an OLE container.
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Header row and data rows of the first sheet, as strings.
pub fn read_first_sheet(bytes: &[u8], limits: UnpackLimits) -> Result<Sheet, String> {
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(
            "the file is password protected (an encrypted Office file) or an old .xls file; \
                    remove the password or save it again as .xlsx"
                .to_owned(),
        );
    }
    // calamine unpacks the parts itself, without a limit: it only gets a
    // workbook proven to stay under ours.
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("is not a valid .xlsx file (not a zip archive: {e})"))?;
    Unpacker::new(limits).check_all(&mut zip)?;
    let mut book =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("is not a valid .xlsx file: {e}"))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "the workbook has no sheets".to_owned())?
        .map_err(|e| format!("cannot read the first sheet: {e}"))?;
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
    let headers = rows
        .next()
        .ok_or_else(|| "the first sheet is empty".to_owned())?;
    let headers = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    Ok(Sheet {
        headers,
        rows: rows.collect(),
    })
}

/// A cell as the analyst sees it in Excel: whole numbers without `.0`,
/// dates as ISO dates rather than serial numbers, errors as empty.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::DateTime(d) => d
            .as_datetime()
            .map_or_else(|| d.to_string(), format_datetime),
        Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

fn format_datetime(dt: chrono::NaiveDateTime) -> String {
    if dt.time() == chrono::NaiveTime::MIN {
        dt.format("%Y-%m-%d").to_string()
    } else {
        dt.format("%Y-%m-%d %H:%M").to_string()
    }
}
