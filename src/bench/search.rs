//! `tema bench search`: build a search index of generated transcripts,
//! time updates and 50 mixed queries.

use super::corpus;
use crate::search::{IndexUnit, SearchError, SearchIndex, SearchQuery, UnitKind};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const QUERIES: &[&str] = &[
    "samarbeid",
    "samarbeidet",
    "løsning",
    "tillit",
    "skole lærer",
    "\"på tvers\"",
    "\"i skolen\"",
    "tverrfag*",
    "samarb*",
    "økonom*",
    "samarbeid~1",
    "løsnign~1",
    "tillit OR ansvar",
    "samarbeid AND NOT skole",
    "(tillit OR støtte) AND leder",
    "-tid mestring",
    "code:\"Tillit\"",
    "code:Tidspress samarbeid",
    "participant:\"Informant 3\"",
    "participant:\"Informant 7\" tid",
    "theme:\"Tillit som valuta\"",
    "kind:memo ansvar",
    "kind:code",
    "sector:skole foreldre",
    "sector:helse pasient",
    "alder:30-39 stress",
    "kode:ledelse* tid",
    "barnevern",
    "pårørende",
    "ærlig",
    "sårbar*",
    "vanskelig hverdag",
    "\"det er\"",
    "frustrasjon OR bekymring OR stress",
    "rapport*",
    "oppfølging",
    "veiledning AND kompetanse",
    "\"god tid\"~3",
    "turnus vakt",
    "kommune*",
    "endring reform",
    "NOT samarbeid kind:theme",
    "lønn",
    "helsesøster",
    "tjenesten",
    "krav~2",
    "foreldrene",
    "ansvar sector:nav",
    "doc:5 tillit",
    "glede mestring trivsel",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Builds, updates and queries an index of `n_docs` generated transcripts
/// of `chars_per_doc` chars in `dir/search-bench` (removed first and
/// afterwards) and returns a table of the figures (`tema bench search`:
/// 200 × 55,000).
pub fn run(dir: &Path, n_docs: usize, chars_per_doc: usize) -> Result<String, SearchError> {
    let dir = dir.join("search-bench");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    let res = run_bench(&dir, n_docs, chars_per_doc);
    let _ = std::fs::remove_dir_all(&dir);
    res
}

fn run_bench(dir: &Path, n_docs: usize, chars_per_doc: usize) -> Result<String, SearchError> {
    let t = Instant::now();
    let units = corpus::index_units(n_docs, chars_per_doc);
    let gen_s = t.elapsed().as_secs_f64();
    let text_bytes: usize = units.iter().map(|u| u.text.len()).sum();
    let text_chars: usize = units.iter().map(|u| u.text.chars().count()).sum();
    let n_units = units.len();
    let text_units: Vec<IndexUnit> = units
        .iter()
        .filter(|u| u.kind == UnitKind::Text)
        .step_by(997)
        .take(20)
        .cloned()
        .collect();

    let mut idx = SearchIndex::open_or_create(dir)?;
    let t = Instant::now();
    idx.rebuild(units, 1)?;
    let build_s = t.elapsed().as_secs_f64();

    // Incremental: one coding each, visible at once.
    let mut update_ms = Vec::new();
    for (i, mut u) in text_units.into_iter().enumerate() {
        u.codes.push(format!("Benchkode {i}"));
        let t = Instant::now();
        idx.update(&[], vec![u], 2 + i as u64)?;
        update_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let hits = idx.search(&SearchQuery::new(format!("code:\"Benchkode {i}\"")))?;
        if hits.len() != 1 {
            return Err(SearchError::Index(format!(
                "update not visible: {} hits for Benchkode {i}",
                hits.len()
            )));
        }
    }
    update_ms.sort_by(f64::total_cmp);

    let mut query_ms = Vec::new();
    let mut total_hits = 0usize;
    for q in QUERIES {
        // warm-up
        idx.search(&SearchQuery::new(*q))?;
    }
    for round in 0..3 {
        for q in QUERIES {
            let mut sq = SearchQuery::new(*q);
            sq.limit = 50;
            sq.loose = round == 1;
            sq.exact = round == 2;
            let t = Instant::now();
            let hits = idx.search(&sq)?;
            query_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            total_hits += hits.len();
        }
    }
    query_ms.sort_by(f64::total_cmp);
    let size = idx.size_bytes();

    let mut s = String::new();
    let _ = writeln!(s, "search bench: {n_docs} docs × {chars_per_doc} chars");
    let _ = writeln!(s, "  {:<28} {:>12}", "units", n_units);
    let _ = writeln!(s, "  {:<28} {:>12}", "text (chars)", text_chars);
    let _ = writeln!(s, "  {:<28} {:>12.2}", "corpus generation (s)", gen_s);
    let _ = writeln!(s, "  {:<28} {:>12.2}", "full build (s)", build_s);
    let _ = writeln!(
        s,
        "  {:<28} {:>12.1}",
        "update p50 (ms)",
        percentile(&update_ms, 0.5)
    );
    let _ = writeln!(
        s,
        "  {:<28} {:>12.1}",
        "update max (ms)",
        update_ms.last().copied().unwrap_or(0.0)
    );
    let _ = writeln!(
        s,
        "  {:<28} {:>12.2}",
        "query p50 (ms)",
        percentile(&query_ms, 0.5)
    );
    let _ = writeln!(
        s,
        "  {:<28} {:>12.2}",
        "query p99 (ms)",
        percentile(&query_ms, 0.99)
    );
    let _ = writeln!(
        s,
        "  {:<28} {:>12}",
        "queries (hits)",
        format!("{} ({total_hits})", query_ms.len())
    );
    let _ = writeln!(s, "  {:<28} {:>12}", "index size (bytes)", size);
    let _ = writeln!(
        s,
        "  {:<28} {:>12.2}",
        "index size / text size",
        size as f64 / text_bytes.max(1) as f64
    );
    Ok(s)
}
