//! A deterministic Norwegian-ish corpus and the `tema bench search` figures.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use super::{IndexUnit, SearchError, SearchIndex, SearchQuery, UnitKind};

/// Small deterministic PRNG (xorshift64*), so the corpus is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Skewed towards small indices (a rough Zipf).
    fn skewed(&mut self, n: usize) -> usize {
        let r = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((r * r * r) * n as f64) as usize % n
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "og", "i", "på", "det", "som", "er", "jeg", "vi", "at", "ikke", "med", "for", "har", "til",
    "en", "et", "av", "de", "så", "men", "kan", "var", "vel", "liksom", "altså", "hvis", "når",
    "der", "her", "om", "også", "bare", "litt", "mye", "veldig", "jo", "nå", "da", "skal", "må",
    "får", "blir", "ble", "hadde", "være", "våre", "deres", "hun", "han", "dem", "oss", "meg",
];

const NOUNS: &[&str] = &[
    "samarbeid",
    "løsning",
    "tillit",
    "skole",
    "lærer",
    "elev",
    "foreldre",
    "barnehage",
    "møte",
    "leder",
    "ansvar",
    "tid",
    "arbeid",
    "kollega",
    "hverdag",
    "økonomi",
    "ressurs",
    "budsjett",
    "rutine",
    "erfaring",
    "utfordring",
    "mulighet",
    "kunnskap",
    "kompetanse",
    "veiledning",
    "oppfølging",
    "tjeneste",
    "kommune",
    "helsesøster",
    "barnevern",
    "sykehus",
    "pasient",
    "pårørende",
    "avdeling",
    "fagforening",
    "ledelse",
    "stilling",
    "lønn",
    "vakt",
    "turnus",
    "overgang",
    "samtale",
    "bekymring",
    "følelse",
    "frustrasjon",
    "glede",
    "mestring",
    "hjelp",
    "støtte",
    "nettverk",
    "system",
    "rapport",
    "skjema",
    "dokumentasjon",
    "prosjekt",
    "tiltak",
    "plan",
    "mål",
    "resultat",
    "kvalitet",
    "endring",
    "reform",
    "struktur",
    "kultur",
    "miljø",
    "trivsel",
    "stress",
    "press",
    "krav",
    "forventning",
    "rolle",
    "grense",
    "tverrfaglighet",
    "fag",
    "praksis",
    "teori",
    "forskning",
    "studie",
    "opplæring",
    "kurs",
    "sertifikat",
    "verktøy",
    "bygg",
    "rom",
    "kontor",
    "bil",
    "reise",
    "vær",
    "år",
    "måned",
    "uke",
    "dag",
    "kveld",
    "natt",
    "hjem",
    "familie",
    "barn",
    "mor",
    "far",
    "søsken",
    "venn",
    "nabo",
    "bydel",
    "fylke",
    "stat",
    "departement",
    "direktorat",
    "lov",
    "regel",
    "forskrift",
    "avtale",
    "kontrakt",
    "søknad",
    "vedtak",
    "klage",
    "sak",
    "saksbehandling",
    "tilbakemelding",
    "evaluering",
    "gjennomføring",
];

const VERBS: &[&str] = &[
    "samarbeid",
    "snakk",
    "jobb",
    "prøv",
    "tenk",
    "føl",
    "oppleve",
    "forklar",
    "hjelp",
    "lær",
    "plan",
    "vurder",
    "bestem",
    "endr",
    "styr",
    "led",
    "møt",
    "ring",
    "skriv",
    "les",
    "rapporter",
    "dokumenter",
    "evaluer",
    "følg",
    "støtt",
    "savn",
    "ønsk",
    "håp",
    "bekymr",
    "forventn",
];

const ADJECTIVES: &[&str] = &[
    "god",
    "dårlig",
    "viktig",
    "vanskelig",
    "lett",
    "tung",
    "travel",
    "rolig",
    "trygg",
    "usikker",
    "faglig",
    "tverrfaglig",
    "felles",
    "egen",
    "ny",
    "gammel",
    "stor",
    "liten",
    "lang",
    "kort",
    "åpen",
    "ærlig",
    "sårbar",
    "nødvendig",
    "tydelig",
    "uklar",
    "fornøyd",
    "sliten",
    "engasjert",
];

const NOUN_SUFFIXES: &[&str] = &["", "en", "et", "er", "ene", "a", "s", "ens"];
const VERB_SUFFIXES: &[&str] = &["e", "er", "et", "te", "ende", "es", "ing", "ingen"];
const ADJ_SUFFIXES: &[&str] = &["", "e", "t", "ere", "est", "ste", "het"];

const CODES: &[&str] = &[
    "Tillit",
    "Samarbeid på tvers",
    "Tidspress",
    "Ledelse",
    "Økonomi",
    "Mestring",
    "Ansvar",
    "Kompetanse",
    "Frustrasjon",
    "Rutiner",
    "Foreldrekontakt",
    "Dokumentasjonskrav",
    "Støtte",
    "Kollegafellesskap",
    "Endring",
    "Usikkerhet",
    "Grensesetting",
    "Tverrfaglighet",
    "Rolleuklarhet",
    "Systemsvikt",
    "Ressursmangel",
    "Faglig stolthet",
    "Sårbarhet",
    "Overganger",
    "Mål og krav",
    "Reform",
    "Kultur",
    "Trivsel",
    "Stress",
    "Forventninger",
    "Veiledning",
    "Nettverk",
    "Hverdag",
    "Familie",
    "Tjenester",
    "Lovverk",
    "Klage",
    "Kvalitet",
    "Glede",
    "Savn",
];

const THEMES: &[&str] = &[
    "Å stå alene",
    "Tillit som valuta",
    "Systemet som motpart",
    "Fellesskap i motvind",
    "Tid som knapphet",
    "Faglig identitet",
    "Grenser for ansvar",
    "Endring uten eierskap",
];

const SECTORS: &[&str] = &["skole", "helse", "barnevern", "nav", "kommune"];
const AGES: &[&str] = &["20-29", "30-39", "40-49", "50-59", "60+"];

fn vocabulary() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for n in NOUNS {
        for s in NOUN_SUFFIXES {
            v.push(format!("{n}{s}"));
        }
    }
    for n in VERBS {
        for s in VERB_SUFFIXES {
            v.push(format!("{n}{s}"));
        }
    }
    for a in ADJECTIVES {
        for s in ADJ_SUFFIXES {
            v.push(format!("{a}{s}"));
        }
    }
    // Compounds, as Norwegian makes them freely.
    let mut r = Rng(0x7E3A);
    for _ in 0..1500 {
        let a = NOUNS[r.below(NOUNS.len())];
        let b = NOUNS[r.below(NOUNS.len())];
        let s = NOUN_SUFFIXES[r.below(4)];
        if a != b {
            v.push(format!("{a}s{b}{s}"));
        }
    }
    v.sort();
    v.dedup();
    // Shuffle deterministically so the skewed pick is not alphabetical.
    for i in (1..v.len()).rev() {
        let j = r.below(i + 1);
        v.swap(i, j);
    }
    v
}

fn sentence(r: &mut Rng, vocab: &[String], target_chars: usize, out: &mut String) {
    let mut first = true;
    let start = out.len();
    while out.len() - start < target_chars {
        let w: &str = if r.chance(45) {
            FUNCTION_WORDS[r.skewed(FUNCTION_WORDS.len())]
        } else {
            &vocab[r.skewed(vocab.len())]
        };
        if !first {
            out.push(' ');
        }
        if first {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                out.extend(c.to_uppercase());
                out.push_str(cs.as_str());
            }
            first = false;
        } else {
            out.push_str(w);
        }
        if r.chance(8) {
            out.push(',');
        }
    }
    out.push(if r.chance(15) { '?' } else { '.' });
}

/// A deterministic corpus: `n_docs` transcripts of about `chars_per_doc`
/// chars in speaker turns of ~110 chars (one text unit each), plus code,
/// theme, memo and participant units.
pub fn bench_corpus(n_docs: usize, chars_per_doc: usize) -> Vec<IndexUnit> {
    let vocab = vocabulary();
    let mut r = Rng(0x5EED_1234_ABCD);
    let mut units = Vec::new();
    for d in 0..n_docs {
        let doc_id = d as i64 + 1;
        let doc_name = format!("Intervju {doc_id}");
        let informant = format!("Informant {doc_id}");
        let attributes = vec![
            ("sector".to_string(), SECTORS[d % SECTORS.len()].to_string()),
            ("alder".to_string(), AGES[(d / 5) % AGES.len()].to_string()),
        ];
        let mut pos = 0usize; // char offset in the document text
        let mut turn = 0usize;
        while pos < chars_per_doc {
            let speaker = if turn.is_multiple_of(2) {
                "Intervjuer"
            } else {
                informant.as_str()
            };
            let label = format!("{speaker}: ");
            let mut body = String::new();
            let target = 30 + r.below(100);
            while body.chars().count() < target {
                if !body.is_empty() {
                    body.push(' ');
                }
                let n = 20 + r.below(50);
                sentence(&mut r, &vocab, n, &mut body);
            }
            let body_start = pos + label.chars().count();
            let body_len = body.chars().count();
            let mut codes = Vec::new();
            if r.chance(25) {
                codes.push(CODES[r.skewed(CODES.len())].to_string());
                if r.chance(30) {
                    codes.push(CODES[r.below(CODES.len())].to_string());
                }
            }
            let themes = if r.chance(10) {
                vec![THEMES[r.below(THEMES.len())].to_string()]
            } else {
                Vec::new()
            };
            units.push(IndexUnit {
                key: format!("text:{doc_id}:{body_start}"),
                kind: UnitKind::Text,
                doc_id: Some(doc_id),
                doc_name: doc_name.clone(),
                participants: vec![informant.clone()],
                attributes: attributes.clone(),
                speaker: Some(speaker.to_string()),
                start: body_start,
                end: body_start + body_len,
                text: body,
                codes,
                themes,
                owner_id: None,
            });
            pos = body_start + body_len + 1; // the newline
            turn += 1;
        }
        let text = format!(
            "{informant}. Sektor {}, alder {}.",
            attributes[0].1, attributes[1].1
        );
        units.push(IndexUnit {
            key: format!("participant:{doc_id}"),
            kind: UnitKind::Participant,
            participants: vec![informant.clone()],
            attributes: attributes.clone(),
            end: text.chars().count(),
            text,
            owner_id: Some(doc_id),
            ..Default::default()
        });
        for m in 0..2 {
            let mut text = String::new();
            let n = 200 + r.below(400);
            sentence(&mut r, &vocab, n, &mut text);
            units.push(IndexUnit {
                key: format!("memo:{doc_id}:{m}"),
                kind: UnitKind::Memo,
                doc_id: Some(doc_id),
                doc_name: doc_name.clone(),
                end: text.chars().count(),
                text,
                owner_id: Some(doc_id * 10 + m),
                ..Default::default()
            });
        }
    }
    for (i, c) in CODES.iter().enumerate() {
        let mut text = format!("{c}\n");
        sentence(&mut r, &vocab, 120, &mut text);
        units.push(IndexUnit {
            key: format!("code:{}", i + 1),
            kind: UnitKind::Code,
            end: text.chars().count(),
            text,
            owner_id: Some(i as i64 + 1),
            ..Default::default()
        });
    }
    for (i, t) in THEMES.iter().enumerate() {
        let mut text = format!("{t}\n");
        sentence(&mut r, &vocab, 600, &mut text);
        units.push(IndexUnit {
            key: format!("theme:{}", i + 1),
            kind: UnitKind::Theme,
            themes: vec![t.to_string()],
            end: text.chars().count(),
            text,
            owner_id: Some(i as i64 + 1),
            ..Default::default()
        });
    }
    units
}

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

/// Builds, updates and queries an index of 200 transcripts × 55,000 chars in
/// `dir/search-bench` (removed first and afterwards) and returns a table of
/// the figures.
pub fn bench(dir: &Path) -> Result<String, SearchError> {
    bench_with(dir, 200, 55_000)
}

/// [`bench`] with a chosen corpus size.
pub fn bench_with(dir: &Path, n_docs: usize, chars_per_doc: usize) -> Result<String, SearchError> {
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
    let units = bench_corpus(n_docs, chars_per_doc);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_is_deterministic_and_offsets_are_consistent() {
        let a = bench_corpus(2, 3000);
        let b = bench_corpus(2, 3000);
        assert_eq!(a, b);
        assert!(vocabulary().len() > 2000);
        for u in a.iter().filter(|u| u.kind == UnitKind::Text) {
            assert_eq!(u.end - u.start, u.text.chars().count());
        }
        assert!(
            a.iter()
                .any(|u| u.text.contains('ø') || u.text.contains('å'))
        );
    }
}
