//! The store owns SQL: outside `src/store/` no file names `rusqlite`, calls
//! `.conn()`, or holds SQL text in a string literal. Everything else reads
//! through the store's typed queries and writes through
//! `Project::execute(Command)`, so every change is one undoable
//! transaction and the schema can change in one place.
//!
//! The test reads the sources (it compiles nothing): it separates string
//! literals from code and comments with a small lexer, looks for
//! `rusqlite` and `.conn()` in code, and for SQL statements in literals.
//! A statement is recognised by its shape, not by a keyword alone, so
//! English in interface text ("Select a code from the list") passes.

use regex::{Regex, RegexBuilder};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A source file split into code (comments and literals blanked out, lines
/// kept) and its string literals (raw text as written, with the line each
/// starts on).
struct Split {
    code: String,
    literals: Vec<(usize, String)>,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Blank a char out of `code`, keeping line breaks.
fn blank(code: &mut String, c: char) {
    code.push(if c == '\n' { '\n' } else { ' ' });
}

fn split(source: &str) -> Split {
    let s: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut literals = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        let prev_ident = i > 0 && is_ident(s[i - 1]);
        if c == '/' && next == Some('/') {
            while i < s.len() && s[i] != '\n' {
                blank(&mut code, s[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < s.len() {
                if s[i] == '/' && s.get(i + 1) == Some(&'*') {
                    depth += 1;
                    code.push_str("  ");
                    i += 2;
                } else if s[i] == '*' && s.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    code.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(s[i] == '\n');
                    blank(&mut code, s[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&s, i, prev_ident) {
            // r"…", r#"…"#, br"…": up to the quote and as many hashes.
            let open = s[i..].iter().position(|&c| c == '"').unwrap() + i;
            let close: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body_start = open + 1;
            let rest: String = s[body_start..].iter().collect();
            let len = rest
                .find(&close)
                .map_or(rest.len(), |b| rest[..b].chars().count());
            let body: String = s[body_start..body_start + len].iter().collect();
            literals.push((line, body.clone()));
            let end = (body_start + len + close.chars().count()).min(s.len());
            for &ch in &s[i..end] {
                line += usize::from(ch == '\n');
                blank(&mut code, ch);
            }
            i = end;
        } else if c == '"' {
            let start_line = line;
            let mut body = String::new();
            blank(&mut code, c);
            i += 1;
            while i < s.len() && s[i] != '"' {
                if s[i] == '\\' && i + 1 < s.len() {
                    body.push(s[i]);
                    blank(&mut code, s[i]);
                    i += 1;
                }
                line += usize::from(s[i] == '\n');
                body.push(s[i]);
                blank(&mut code, s[i]);
                i += 1;
            }
            if i < s.len() {
                blank(&mut code, s[i]);
                i += 1;
            }
            literals.push((start_line, body));
        } else if c == '\'' && char_literal_len(&s, i) > 0 {
            for _ in 0..char_literal_len(&s, i) {
                blank(&mut code, s[i]);
                i += 1;
            }
        } else {
            line += usize::from(c == '\n');
            code.push(c);
            i += 1;
        }
    }
    Split { code, literals }
}

/// At `i`, the number of hashes of a raw string literal starting there.
fn raw_string_start(s: &[char], i: usize, prev_ident: bool) -> Option<usize> {
    if prev_ident {
        return None;
    }
    let mut j = i;
    if s[j] == 'b' || s[j] == 'c' {
        j += 1;
    }
    if s.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while s.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (s.get(j) == Some(&'"')).then_some(hashes)
}

/// The length of a char literal at `i` (`'a'`, `'\n'`, `'"'`), or 0 for a
/// lifetime or label.
fn char_literal_len(s: &[char], i: usize) -> usize {
    match (s.get(i + 1), s.get(i + 2)) {
        (Some('\\'), Some(_)) => s[i + 3..]
            .iter()
            .position(|&c| c == '\'')
            .map_or(0, |p| p + 4),
        (Some(_), Some('\'')) => 3,
        _ => 0,
    }
}

fn ci(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .unwrap()
}

/// A table or column name as SQL text holds it (`"{t}"` in a format string).
const NAME: &str = r#"[\w."{}\\]+"#;

/// `SELECT … FROM table` followed by what SQL puts after a table: the end,
/// a separator, or a clause (after an optional alias). The two keywords
/// are in the same case, both upper or both lower: a sentence ("Select a
/// code from codes") capitalises only its first word.
fn select_from(select: &str, from: &str) -> Regex {
    let clause = "(?i:where|join|inner|left|cross|natural|order|group|limit|union|except|intersect|on|using|as)";
    Regex::new(&format!(
        r"\b{select}\s+(?i:distinct\s+)?[\w\s.,*()'{{}}?|+\-<>=!/%\\]+?\s+{from}\s+({NAME}|\()(\s*$|\s*[,;)]|(\s+\w+)?\s*[,)]|(\s+\w+)?\s+{clause}\b)"
    ))
    .unwrap()
}

/// SQL statements by shape: each keyword must be followed by what SQL puts
/// there (a table and a clause, a column list, an assignment, ...).
fn sql_shapes() -> Vec<(&'static str, Regex)> {
    let name = NAME;
    vec![
        ("SELECT … FROM", select_from("SELECT", "FROM")),
        ("SELECT … FROM", select_from("select", "from")),
        (
            "INSERT INTO",
            ci(&format!(
                r"\b(insert|replace)\s+(or\s+\w+\s+)?into\s+{name}\s*(\(|select\b|values\b|default\b)"
            )),
        ),
        (
            "UPDATE … SET",
            ci(&format!(
                r"\bupdate\s+(or\s+\w+\s+)?{name}\s+set\s+{name}\s*="
            )),
        ),
        (
            "DELETE FROM",
            // Same case, like SELECT … FROM: "Delete from codes" is English.
            Regex::new(&format!(
                r"\b(DELETE\s+FROM|delete\s+from)\s+{name}(\s*$|\s*;|\s+(?i:where)\b)"
            ))
            .unwrap(),
        ),
        (
            "CREATE TABLE/INDEX/TRIGGER",
            ci(&format!(
                r"\bcreate\s+(temp\s+|temporary\s+|unique\s+|virtual\s+)?(table\s+(if\s+not\s+exists\s+)?{name}\s*(\(|as\s+select\b|using\b)|index\s+(if\s+not\s+exists\s+)?{name}\s+on\s+{name}|trigger\s+(if\s+not\s+exists\s+)?{name}\s+(before|after|instead\s+of)\b|view\s+(if\s+not\s+exists\s+)?{name}\s+as\b)"
            )),
        ),
        ("PRAGMA", ci(r"\bpragma\s+[\w.]+\s*($|=|\(|;)")),
        ("VACUUM", ci(r"(^\s*vacuum\b|\bvacuum\s+into\b)")),
        (
            "BEGIN/COMMIT",
            ci(
                r"(\bbegin\s+(deferred\s+|immediate\s+|exclusive\s+)?transaction\b|\bbegin\s+(deferred|immediate|exclusive)\b|\b(begin|commit|rollback)\s*;|\bcommit\s+transaction\b|\brollback\s+to\b)",
            ),
        ),
        // A bare `BEGIN` or `COMMIT` literal, upper case only: `Begin` is
        // a button label.
        (
            "BEGIN/COMMIT",
            Regex::new(r"^\s*(BEGIN|COMMIT|ROLLBACK)\s*$").unwrap(),
        ),
    ]
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count()
}

/// What one file does that only the store may do, as `path:line: what`.
fn findings(path: &str, source: &str, shapes: &[(&str, Regex)]) -> Vec<String> {
    let split = split(source);
    let mut out = Vec::new();
    let in_code = [
        ("mentions rusqlite", Regex::new(r"\brusqlite\b").unwrap()),
        ("calls .conn()", Regex::new(r"\.\s*conn\s*\(\s*\)").unwrap()),
    ];
    for (what, re) in &in_code {
        for m in re.find_iter(&split.code) {
            out.push(format!(
                "{path}:{}: {what}",
                line_at(&split.code, m.start()) + 1
            ));
        }
    }
    for (line, text) in &split.literals {
        for (what, re) in shapes {
            if let Some(m) = re.find(text) {
                let snippet: String = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                out.push(format!(
                    "{path}:{}: SQL text ({what}): \"{snippet}\"",
                    line + line_at(text, m.start())
                ));
            }
        }
    }
    out
}

#[test]
fn only_the_store_holds_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let shapes = sql_shapes();
    let mut problems = Vec::new();
    for file in &files {
        let path = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.starts_with("src/store/") {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        problems.extend(findings(&path, &source, &shapes));
    }
    assert!(
        problems.is_empty(),
        "only src/store may use SQL; move these into a typed store query:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checks_see_sql_and_pass_english() {
    let shapes = sql_shapes();
    let found = |src: &str| findings("x.rs", src, &shapes);
    for sql in [
        r#"let a = "SELECT 1 FROM x";"#,
        r#"q("SELECT id, name FROM codes WHERE id = ?1")"#,
        r#"q("SELECT count(*) FROM {table}")"#,
        "q(\"SELECT d.uuid FROM document_participants dp\n JOIN documents d ON d.id = dp.document_id\")",
        r#"q("INSERT INTO notes(text) VALUES (?1)")"#,
        r#"q(&format!("UPDATE \"{t}\" SET \"{c}\" = ?1 WHERE rowid = ?2"))"#,
        r#"q(&format!("DELETE FROM \"{t}\""))"#,
        r#"q("CREATE TABLE IF NOT EXISTS t (n INTEGER)")"#,
        r#"q("CREATE INDEX codings_doc ON codings(document_id)")"#,
        r#"q("CREATE TEMP TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;")"#,
        r#"q("PRAGMA freelist_count")"#,
        r#"q("PRAGMA defer_foreign_keys = ON")"#,
        r#"q("VACUUM INTO ?1")"#,
        r#"q("BEGIN IMMEDIATE")"#,
        r#"q("COMMIT")"#,
        r##"q(r#"select name from sqlite_master"#)"##,
        "use rusqlite::Connection;",
        "let n = project\n    .conn()\n    .query_row(q)?;",
    ] {
        assert_eq!(found(sql).len(), 1, "not seen: {sql}");
    }
    for english in [
        r#"label("Select a code from the list")"#,
        r#"label("Velg en kode fra listen")"#,
        r#"label("Delete from the project?")"#,
        r#"label("Delete from codes")"#,
        r#"label("Select a code from codes")"#,
        r#"label("Insert into the text where the cursor is")"#,
        r#"label("Update the settings")"#,
        r#"label("Create a table of quotes")"#,
        r#"label("Begin")"#,
        r#"label("Commit to a theme")"#,
        "// SELECT id FROM codes, in a comment; rusqlite too; and .conn()",
        "/* nested /* SELECT 1 FROM x */ still a comment */",
        r#"let c = '"'; let s = "not SQL"; let l: &'static str = "ok";"#,
        "fn conn_of() {} let x = self.connection();",
    ] {
        assert_eq!(found(english), Vec::<String>::new(), "{english}");
    }
}
