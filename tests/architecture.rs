//! The module graph is layered: a module imports only its own layer (while
//! the graph stays acyclic) and the layers below it, and nothing imports the
//! benchmarks. Reads every file under `src/` and checks the references between
//! top-level modules (`crate::x`, `use crate::{x::y, z}`, `super::x` from a
//! top-level file, `tema::x`). New top-level modules must be placed in
//! [`LAYERS`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: &[(&str, &[&str])] = &[
    ("plain data", &["model", "text", "xml"]),
    ("store", &["store"]),
    (
        "features",
        &["import", "search", "anonymise", "export", "report"],
    ),
    ("actions", &["app", "sample"]),
    ("front ends", &["ui", "cli"]),
    ("benchmarks", &["bench"]),
];

/// Nothing may import these.
const UNIMPORTABLE: &[&str] = &["bench"];

#[test]
fn modules_import_only_lower_layers_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(&src, f)).collect();
    let reexports = root_reexports(&src.join("lib.rs"), &modules);
    let mut problems = Vec::new();
    for m in &modules {
        if layer(m).is_none() {
            problems.push(format!(
                "module `{m}` is in no layer: add it to LAYERS in tests/architecture.rs"
            ));
        }
    }
    let mut refs = Vec::new();
    for file in &files {
        let Some(from) = top_module(&src, file) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(src.parent().unwrap()).unwrap().display();
        for r in references(&text, &module_path(&src, file)) {
            let to = match resolve(&r.name, &modules, &reexports) {
                Some(to) => to,
                None => {
                    problems.push(format!(
                        "{shown}:{}: `{}` names no top-level module",
                        r.line, r.snippet
                    ));
                    continue;
                }
            };
            if to != from {
                refs.push(Ref {
                    from: from.clone(),
                    to,
                    site: format!("{shown}:{}: `{}`", r.line, r.snippet),
                });
            }
        }
    }
    let upward = upward_imports(&refs);
    let unimportable: Vec<&Ref> = refs
        .iter()
        .filter(|r| UNIMPORTABLE.contains(&r.to.as_str()))
        .collect();
    let cycles = cycles(&refs);
    eprintln!(
        "architecture: {} modules, {} references between them; {} upward, {} to bench, {} cycle(s)",
        modules.len(),
        refs.len(),
        upward.len(),
        unimportable.len(),
        cycles.len()
    );
    problems.extend(upward);
    problems.extend(
        unimportable
            .iter()
            .map(|r| format!("{}: nothing may import `{}`", r.site, r.to)),
    );
    problems.extend(cycles);
    assert!(
        problems.is_empty(),
        "{} architecture problem(s):\n\n{}\n",
        problems.len(),
        problems.join("\n")
    );
}

/// One reference from a module to another top-level module.
struct Ref {
    from: String,
    to: String,
    /// `src/file.rs:12: \`crate::ui::bench\``
    site: String,
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

fn layer_name(module: &str) -> String {
    match layer(module) {
        Some(i) => format!("layer {i}, {}", LAYERS[i].0),
        None => "no layer".into(),
    }
}

fn upward_imports(refs: &[Ref]) -> Vec<String> {
    refs.iter()
        .filter(|r| match (layer(&r.from), layer(&r.to)) {
            (Some(a), Some(b)) => b > a,
            _ => false,
        })
        .map(|r| {
            format!(
                "{}: `{}` ({}) imports `{}` ({}), a higher layer",
                r.site,
                r.from,
                layer_name(&r.from),
                r.to,
                layer_name(&r.to)
            )
        })
        .collect()
}

/// Every cycle of the module graph, one per strongly connected component,
/// each edge shown with one place it is made.
fn cycles(refs: &[Ref]) -> Vec<String> {
    let mut edges: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for r in refs {
        edges
            .entry(&r.from)
            .or_default()
            .entry(&r.to)
            .or_insert(&r.site);
    }
    let reaches = |a: &str, b: &str| -> Option<Vec<String>> {
        // Breadth first from a to b, returning the path.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([a.to_string()]);
        while let Some(m) = queue.pop_front() {
            for next in edges.get(m.as_str()).into_iter().flat_map(|e| e.keys()) {
                if seen.contains_key(*next) {
                    continue;
                }
                seen.insert(next.to_string(), m.clone());
                if *next == b {
                    let mut path = vec![b.to_string()];
                    while path.last().unwrap() != a || path.len() == 1 {
                        let prev = seen[path.last().unwrap()].clone();
                        path.push(prev);
                    }
                    path.reverse();
                    return Some(path);
                }
                queue.push_back(next.to_string());
            }
        }
        None
    };
    let mut found = Vec::new();
    let mut in_cycle: BTreeSet<String> = BTreeSet::new();
    for &m in edges.keys() {
        if in_cycle.contains(m) {
            continue;
        }
        if let Some(path) = reaches(m, m) {
            in_cycle.extend(path.iter().cloned());
            let mut text = format!("cycle: {}", path.join(" -> "));
            for w in path.windows(2) {
                text.push_str(&format!("\n    {}", edges[w[0].as_str()][w[1].as_str()]));
            }
            found.push(text);
        }
    }
    found
}

// ------------------------------------------------------------------ files

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// `src/ui/map.rs` → `ui`; `src/model.rs` → `model`; lib.rs and main.rs → None.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!["lib", "main"].contains(&name)).then(|| name.to_string())
}

/// The module path of a file: `src/ui/mod.rs` → [ui]; `src/ui/map.rs` → [ui, map].
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut path: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path.last().is_some_and(|l| l == "mod") {
        path.pop();
    }
    path
}

/// Names the crate root re-exports from a module (`pub use store::Project;`).
fn root_reexports(lib: &Path, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(lib).unwrap_or_default();
    let tokens = tokens(&strip(&text));
    let mut out = BTreeMap::new();
    for (i, w) in tokens.windows(3).enumerate() {
        if w[0].text == "use" && modules.contains(&w[1].text) && w[2].text == "::" {
            let end = tokens[i..].iter().position(|t| t.text == ";").unwrap_or(0) + i;
            for t in &tokens[i + 3..end] {
                if is_ident(&t.text) && t.text != "self" && t.text != "as" {
                    out.insert(t.text.clone(), w[1].text.clone());
                }
            }
        }
    }
    out
}

fn resolve(
    name: &str,
    modules: &BTreeSet<String>,
    reexports: &BTreeMap<String, String>,
) -> Option<String> {
    if modules.contains(name) {
        return Some(name.to_string());
    }
    reexports.get(name).cloned()
}

// ------------------------------------------------------------------ parsing

/// A path from the crate root: `name` is its first segment.
#[derive(Debug, PartialEq)]
struct RootRef {
    name: String,
    line: usize,
    snippet: String,
}

/// Every path in `text` (a file of module `path`) that starts at the crate
/// root: `crate::a`, `$crate::a`, `tema::a`, `crate::{a::b, c}` (a and c),
/// and `super::a` where `super` climbs to the root (inline `mod x { }`
/// blocks counted).
fn references(text: &str, path: &[String]) -> Vec<RootRef> {
    let tokens = tokens(&strip(text));
    let mut out = Vec::new();
    let mut depth = 0usize;
    // Inline modules open at a brace depth: (depth inside, name).
    let mut inline: Vec<usize> = Vec::new();
    for i in 0..tokens.len() {
        let t = &tokens[i].text;
        let next = |k: usize| tokens.get(i + k).map_or("", |t| t.text.as_str());
        match t.as_str() {
            "{" => {
                depth += 1;
                continue;
            }
            "}" => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                continue;
            }
            "mod" if is_ident(next(1)) && next(2) == "{" => {
                inline.push(depth + 1);
                continue;
            }
            _ => {}
        }
        let after_path_sep = i > 0 && tokens[i - 1].text == "::";
        if after_path_sep || next(1) != "::" {
            continue;
        }
        let start = match t.as_str() {
            "crate" | "tema" => i + 2,
            "super" => {
                let mut k = i;
                let mut ups = 0;
                while tokens.get(k).is_some_and(|t| t.text == "super")
                    && tokens.get(k + 1).is_some_and(|t| t.text == "::")
                {
                    ups += 1;
                    k += 2;
                }
                if ups < path.len() + inline.len() {
                    continue; // stays inside this top-level module
                }
                k
            }
            _ => continue,
        };
        let line = tokens[i].line;
        let prefix: String = tokens[i..start].iter().map(|t| t.text.as_str()).collect();
        for (name, item) in first_segments(&tokens, start) {
            out.push(RootRef {
                name,
                line,
                snippet: format!("{prefix}{item}"),
            });
        }
    }
    out
}

/// The first segment of the path at `tokens[start]`, or of each item of a
/// `{a::b, c}` group there, with the item as written.
fn first_segments(tokens: &[Token], start: usize) -> Vec<(String, String)> {
    let text = |range: std::ops::Range<usize>| -> String {
        tokens[range].iter().map(|t| t.text.as_str()).collect()
    };
    let Some(first) = tokens.get(start) else {
        return Vec::new();
    };
    if first.text != "{" {
        let end = (start + 1..tokens.len())
            .find(|&k| !(is_ident(&tokens[k].text) || tokens[k].text == "::"))
            .unwrap_or(tokens.len());
        return if is_ident(&first.text) {
            let group = tokens.get(end).is_some_and(|t| t.text == "{");
            let shown = text(start..end) + if group { "{…}" } else { "" };
            vec![(first.text.clone(), shown)]
        } else {
            Vec::new()
        };
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut item = start + 1;
    for (k, t) in tokens.iter().enumerate().skip(start) {
        let item_ends = match t.text.as_str() {
            "{" => {
                depth += 1;
                false
            }
            "}" => {
                depth -= 1;
                depth == 0
            }
            "," => depth == 1,
            _ => false,
        };
        if item_ends {
            let name = tokens.get(item).map_or("", |t| t.text.as_str());
            if item < k && is_ident(name) && name != "self" {
                out.push((name.to_string(), format!("{{{}}}", text(item..k))));
            }
            item = k + 1;
            if depth == 0 {
                break;
            }
        }
    }
    out
}

#[derive(Debug)]
struct Token {
    text: String,
    line: usize,
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Identifiers, `::` and single punctuation, with 1-based line numbers.
fn tokens(code: &str) -> Vec<Token> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The code with comments, strings and char literals blanked out (newlines
/// kept, so line numbers stay right).
fn strip(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |out: &mut String, s: &[char]| {
        out.extend(s.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    };
    let mut i = 0;
    while i < c.len() {
        let rest = &c[i..];
        let ident_before = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        let len = if rest.starts_with(&['/', '/']) {
            rest.iter().position(|&ch| ch == '\n').unwrap_or(rest.len())
        } else if rest.starts_with(&['/', '*']) {
            block_comment_len(rest)
        } else if !ident_before && let Some(n) = raw_string_len(rest) {
            n
        } else if rest[0] == '"' {
            string_len(rest)
        } else if rest[0] == '\'' {
            char_literal_len(rest)
        } else {
            0
        };
        if len == 0 {
            out.push(rest[0]);
            i += 1;
        } else {
            blank(&mut out, &rest[..len]);
            i += len;
        }
    }
    out
}

fn block_comment_len(s: &[char]) -> usize {
    let mut depth = 0;
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with(&['/', '*']) {
            depth += 1;
            i += 2;
        } else if s[i..].starts_with(&['*', '/']) {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    s.len()
}

/// `"..."` with escapes; `s[0]` is the quote.
fn string_len(s: &[char]) -> usize {
    let mut i = 1;
    while i < s.len() {
        match s[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    s.len()
}

/// `r"..."`, `r#"..."#`, `br"..."`: the length, if `s` starts one.
fn raw_string_len(s: &[char]) -> Option<usize> {
    let mut i = usize::from(s.first() == Some(&'b'));
    if s.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let hashes = s[i..].iter().take_while(|&&ch| ch == '#').count();
    i += hashes;
    if s.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    while i < s.len() {
        if s[i] == '"'
            && s[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&ch| ch == '#')
                .count()
                == hashes
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(s.len())
}

/// `'x'`, `'\n'`, `'\u{e6}'` are literals; `'a` (a lifetime) is not (0).
fn char_literal_len(s: &[char]) -> usize {
    if s.get(1) == Some(&'\\') {
        let close = s[2..]
            .iter()
            .position(|&ch| ch == '\'')
            .map_or(0, |p| p + 3);
        return close;
    }
    if s.get(2) == Some(&'\'') { 3 } else { 0 }
}

// ------------------------------------------------------------------ self-test

#[test]
fn the_parser_finds_groups_paths_and_super_and_skips_comments() {
    let code = r##"
use crate::{model::Id, store::{Command, NewDocument}, self};
use super::ui;
// crate::bench in a comment
/// and crate::cli in a doc comment
fn f<'a>(x: &'a str) -> char {
    let s = "crate::sample in a string";
    let r = r#"crate::app"#;
    let c = '"';
    let project = crate::import::batch::read(x);
    crate::report::bench_report();
    'x'
}
mod tests {
    use super::*;
    use super::super::export::x;
}
pub(crate) fn g() {}
pub(super) fn h() {}
"##;
    let path = vec!["ui".to_string()];
    let names: Vec<(String, usize)> = references(code, &path)
        .into_iter()
        .map(|r| (r.name, r.line))
        .collect();
    assert_eq!(
        names,
        [
            ("model".to_string(), 2),
            ("store".to_string(), 2),
            ("ui".to_string(), 3),
            ("import".to_string(), 10),
            ("report".to_string(), 11),
            ("export".to_string(), 16),
        ]
    );
    // A deeper file's `super` stays in its module.
    let deep = vec!["ui".to_string(), "map".to_string()];
    assert!(references("use super::geo;", &deep).is_empty());
    assert_eq!(
        references("use super::super::store;", &deep)[0].name,
        "store"
    );
}
