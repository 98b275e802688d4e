//! Survey free text (.csv, .xlsx): each respondent becomes a participant
//! with attributes, each open-text column a document whose turns are the
//! answers, attributed to the respondent id.

use super::decode::{decode_text, normalise_newlines};
use super::{ParsedDocument, ParsedSurvey, ParsedTurn, Respondent, SurveySpec};
use crate::text::char_len;

/// What every document made from one survey file shares.
pub struct SourceInfo {
    pub stem: String,
    pub file_name: String,
    pub format: String,
    pub sha256: String,
}

/// A sheet of strings: the header row and the data rows.
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Read a CSV file: decoded like a .txt, delimiter guessed from the
/// header line (Norwegian Excel writes `;`, most tools `,`).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, String> {
    let text = decode_text(bytes)?;
    let (hint, data) = split_delimiter_hint(&text);
    let delimiter = hint.unwrap_or_else(|| guess_delimiter(data.lines().next().unwrap_or("")));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(data.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the CSV header: {e}"))?;
    let headers = headers.iter().map(|h| h.trim().to_owned()).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("is not valid CSV: {e}"))?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    Ok(Sheet { headers, rows })
}

/// Excel understands (and some exports write) a first line `sep=;`
/// naming the delimiter; honour it and drop it from the data.
fn split_delimiter_hint(text: &str) -> (Option<u8>, &str) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.trim_end().strip_prefix("sep=").map(str::as_bytes) {
        Some([d]) => (Some(*d), rest),
        _ => (None, text),
    }
}

/// The delimiter that occurs most often in the header line outside quotes.
fn guess_delimiter(header: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    // On a tie (e.g. a single column) the comma wins: it is the CSV default.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

/// Turn a sheet into respondents and one document per open-text column.
pub fn build(sheet: &Sheet, spec: &SurveySpec, info: &SourceInfo) -> Result<ParsedSurvey, String> {
    check_spec(spec)?;
    let id_col = find_columns(&sheet.headers, std::slice::from_ref(&spec.id_column))?[0];
    let text_cols = find_columns(&sheet.headers, &spec.text_columns)?;
    let attr_cols = find_columns(&sheet.headers, &spec.attr_columns)?;
    let rows: Vec<(String, &Vec<String>)> = sheet
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        // Row numbers as a spreadsheet shows them: the header is row 1.
        .map(|(i, r)| (respondent_id(r, id_col, i + 2), r))
        .collect();
    if rows.is_empty() {
        return Err("has a header row but no answers".to_owned());
    }
    let respondents = respondents(&rows, &sheet.headers, &attr_cols);
    let documents: Vec<_> = text_cols
        .iter()
        .filter_map(|&col| answers_document(&rows, col, &sheet.headers[col], info))
        .collect();
    if documents.is_empty() {
        return Err("the chosen open-text columns contain no answers".to_owned());
    }
    Ok(ParsedSurvey {
        respondents,
        documents,
    })
}

fn check_spec(spec: &SurveySpec) -> Result<(), String> {
    if spec.id_column.trim().is_empty() {
        return Err("no respondent id column was chosen".to_owned());
    }
    if spec.text_columns.is_empty() {
        return Err("no open-text column was chosen".to_owned());
    }
    Ok(())
}

/// Indexes of the named columns: exact name first, then ignoring case
/// and surrounding spaces. Unknown names are listed with the real ones.
fn find_columns(headers: &[String], names: &[String]) -> Result<Vec<usize>, String> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for name in names {
        let wanted = name.trim().to_lowercase();
        match headers
            .iter()
            .position(|h| h == name)
            .or_else(|| headers.iter().position(|h| h.to_lowercase() == wanted))
        {
            Some(i) => found.push(i),
            None => missing.push(format!("'{name}'")),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    let existing: Vec<_> = headers.iter().map(|h| format!("'{h}'")).collect();
    Err(format!(
        "has no column {}; the columns are: {}",
        missing.join(", "),
        existing.join(", ")
    ))
}

/// The id cell, or the row number when a respondent has no id.
fn respondent_id(row: &[String], col: usize, row_number: usize) -> String {
    match row.get(col).map(|s| s.trim()) {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => format!("row {row_number}"),
    }
}

/// One respondent per id (a repeated id keeps its first row's attributes);
/// empty attribute cells are left out.
fn respondents(
    rows: &[(String, &Vec<String>)],
    headers: &[String],
    attr_cols: &[usize],
) -> Vec<Respondent> {
    let mut out: Vec<Respondent> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (id, row) in rows {
        if !seen.insert(id.clone()) {
            continue;
        }
        let attributes = attr_cols
            .iter()
            .filter_map(|&c| {
                let v = row.get(c)?.trim();
                (!v.is_empty()).then(|| (headers[c].clone(), v.to_owned()))
            })
            .collect();
        out.push(Respondent {
            id: id.clone(),
            attributes,
        });
    }
    out
}

/// The non-empty answers of one column, separated by blank lines, one
/// turn per answer; `None` when nobody answered.
fn answers_document(
    rows: &[(String, &Vec<String>)],
    col: usize,
    header: &str,
    info: &SourceInfo,
) -> Option<ParsedDocument> {
    let mut text = String::new();
    let mut turns = Vec::new();
    let mut pos = 0;
    for (id, row) in rows {
        let answer = normalise_newlines(row.get(col).map_or("", |s| s.trim()));
        let answer = answer.trim();
        if answer.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            pos += 2;
        }
        let len = char_len(answer);
        text.push_str(answer);
        turns.push(ParsedTurn {
            start: pos,
            body_start: pos,
            end: pos + len,
            speaker: Some(id.clone()),
            timestamp: None,
        });
        pos += len;
    }
    (!turns.is_empty()).then(|| ParsedDocument {
        name: format!("{} – {}", info.stem, header),
        source_name: info.file_name.clone(),
        format: info.format.clone(),
        text,
        turns,
        sha256: info.sha256.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_guess() {
        assert_eq!(guess_delimiter("id;kjønn;svar"), b';');
        assert_eq!(guess_delimiter("id,kjønn,svar"), b',');
        assert_eq!(guess_delimiter("\"a;b\",c,d"), b',');
        assert_eq!(guess_delimiter("id\tsvar"), b'\t');
        assert_eq!(guess_delimiter("svar"), b',');
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        let sheet = read_csv(b"sep=;\r\nid;svar, med komma\r\n1;ja, takk\r\n").unwrap();
        assert_eq!(sheet.headers, vec!["id", "svar, med komma"]);
        assert_eq!(
            sheet.rows,
            vec![vec!["1".to_owned(), "ja, takk".to_owned()]]
        );
    }

    #[test]
    fn unknown_columns_are_listed() {
        let headers = vec!["ID".to_owned(), "Svar".to_owned()];
        let err = find_columns(&headers, &["Svar".to_owned(), "Alder".to_owned()]).unwrap_err();
        assert_eq!(err, "has no column 'Alder'; the columns are: 'ID', 'Svar'");
        assert_eq!(
            find_columns(&headers, &[" svar ".to_owned()]).unwrap(),
            vec![1]
        );
    }
}
