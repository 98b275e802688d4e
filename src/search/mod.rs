//! Full-text search over a project, with tantivy hidden behind a small API.
//!
//! The index is derived data: the store (SQLite) is the truth and the caller
//! feeds plain [`IndexUnit`]s in ([`SearchIndex::rebuild`] for everything,
//! [`SearchIndex::update`] for what changed) and gets plain [`Hit`]s out.
//! Every commit records the store revision it reflects ([`SearchIndex::stamp`]),
//! so the caller knows what to replay after a restart.
//!
//! Text is analysed three ways, one field each, all with positions so
//! phrases work in every mode:
//! - `text`: lowercased + Norwegian stemming (default search; stored once),
//! - `text_exact`: lowercased, unstemmed (`exact`, prefixes, fuzzy),
//! - `text_loose`: lowercased + ASCII folding + stemming (`loose`:
//!   `losning` finds `løsning`; ø→o, å→a, æ→ae on both sides).
//!
//! Offsets in [`Hit`] are `char` offsets in document coordinates, like the
//! rest of tema (see [`crate::text`]).

mod bench;
mod highlight;
mod query;
mod sync;

pub use sync::{CodeUnit, ProjectSearch, SearchResult};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};

pub use bench::{bench, bench_corpus, bench_with};

/// Bump when the schema or the analysis changes: an index with another
/// version is wiped and rebuilt on open.
const SCHEMA_VERSION: &str = "tema-search-3";
const VERSION_FILE: &str = "VERSION";
const WRITER_HEAP: usize = 128 * 1024 * 1024;
const MAX_TOKEN_BYTES: usize = 60;
const DEFAULT_LIMIT: usize = 100;

const AN_STEM: &str = "tema_no_stem";
const AN_EXACT: &str = "tema_no_exact";
const AN_LOOSE: &str = "tema_no_loose";
const AN_RAW: &str = "tema_raw_lc";

/// What an [`IndexUnit`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum UnitKind {
    /// One speaker turn / paragraph of a transcript.
    #[default]
    Text,
    /// A code: name + description.
    Code,
    /// A coding memo.
    Memo,
    /// A document / familiarisation note.
    Note,
    /// A theme: name, definition, write-up.
    Theme,
    /// A reflexive journal entry.
    Journal,
    /// A participant: label + attributes.
    Participant,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Text,
        UnitKind::Code,
        UnitKind::Memo,
        UnitKind::Note,
        UnitKind::Theme,
        UnitKind::Journal,
        UnitKind::Participant,
    ];

    /// The name used in queries (`kind:memo`) and in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Text => "text",
            UnitKind::Code => "code",
            UnitKind::Memo => "memo",
            UnitKind::Note => "note",
            UnitKind::Theme => "theme",
            UnitKind::Journal => "journal",
            UnitKind::Participant => "participant",
        }
    }

    /// Parses a kind name (English or Norwegian, any case).
    pub fn parse(s: &str) -> Option<UnitKind> {
        Some(match s.trim().to_lowercase().as_str() {
            "text" | "tekst" | "transcript" => UnitKind::Text,
            "code" | "kode" => UnitKind::Code,
            "memo" => UnitKind::Memo,
            "note" | "notat" => UnitKind::Note,
            "theme" | "tema" => UnitKind::Theme,
            "journal" | "logg" | "dagbok" => UnitKind::Journal,
            "participant" | "deltaker" | "informant" => UnitKind::Participant,
            _ => return None,
        })
    }
}

/// One unit to index. `key` is stable and unique (e.g. `"text:12:3400"`,
/// `"code:5"`); it is what [`SearchIndex::update`] deletes by.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexUnit {
    pub key: String,
    pub kind: UnitKind,
    pub doc_id: Option<i64>,
    pub doc_name: String,
    /// Participants this unit belongs to; the first one is reported in [`Hit::participant`].
    pub participants: Vec<String>,
    /// Participant attributes, e.g. `("sector", "skole")`, searchable as `sector:skole`.
    pub attributes: Vec<(String, String)>,
    pub speaker: Option<String>,
    /// Char offsets of `text` within the stored document text (0..len for non-text kinds).
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub codes: Vec<String>,
    pub themes: Vec<String>,
    /// Code id / theme id / journal id … for non-text kinds.
    pub owner_id: Option<i64>,
}

/// A search request. `text` is in the query language (see [`SearchIndex::search`]);
/// the other filters are ANDed with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// ASCII-folded matching: `losning` finds `løsning`. Wins over `exact`.
    pub loose: bool,
    /// No stemming: `samarbeid` does not find `samarbeidet`.
    pub exact: bool,
    pub code: Option<String>,
    pub participant: Option<String>,
    pub theme: Option<String>,
    pub kind: Option<UnitKind>,
    pub doc: Option<i64>,
    /// Maximum number of hits (0 means the default, 100).
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            loose: false,
            exact: false,
            code: None,
            participant: None,
            theme: None,
            kind: None,
            doc: None,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl SearchQuery {
    /// A plain query for `text` with default options.
    pub fn new(text: impl Into<String>) -> Self {
        SearchQuery {
            text: text.into(),
            ..Default::default()
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: UnitKind,
    pub key: String,
    pub doc_id: Option<i64>,
    pub doc_name: String,
    pub participant: Option<String>,
    pub owner_id: Option<i64>,
    /// Char offsets (document coordinates) of the first matched words; the
    /// whole unit when nothing in the text itself matched (filter-only query).
    pub start: usize,
    pub end: usize,
    pub unit_start: usize,
    pub unit_end: usize,
    /// Keyword in context; matched words wrapped in «».
    pub snippet: String,
    /// Char offsets (document coordinates) of every highlighted match in the unit.
    pub matches: Vec<(usize, usize)>,
    pub score: f32,
}

/// Why a search or an index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query text is malformed; the message is meant for the user.
    #[error("{0}")]
    Query(String),
    /// Another `SearchIndex` (this or another process) holds the index.
    #[error("the search index is in use by another tema window")]
    Busy,
    #[error("search index: {0}")]
    Index(String),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
}

impl From<TantivyError> for SearchError {
    fn from(e: TantivyError) -> Self {
        match e {
            TantivyError::LockFailure(..) => SearchError::Busy,
            other => SearchError::Index(other.to_string()),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    key: Field,
    kind: Field,
    doc_id: Field,
    doc_name: Field,
    owner_id: Field,
    participant: Field,
    speaker: Field,
    attr: Field,
    code: Field,
    theme: Field,
    start: Field,
    end: Field,
    text: Field,
    text_exact: Field,
    text_loose: Field,
}

fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let raw_lc = TextFieldIndexing::default()
        .set_tokenizer(AN_RAW)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    let raw_opts = TextOptions::default().set_indexing_options(raw_lc.clone());
    let positional = |an: &str| {
        TextFieldIndexing::default()
            .set_tokenizer(an)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        doc_id: b.add_i64_field("doc_id", INDEXED | STORED),
        doc_name: b.add_text_field("doc_name", raw_opts.clone().set_stored()),
        owner_id: b.add_i64_field("owner_id", STORED),
        participant: b.add_text_field("participant", raw_opts.clone().set_stored()),
        speaker: b.add_text_field("speaker", raw_opts.clone()),
        attr: b.add_text_field("attr", raw_opts.clone()),
        code: b.add_text_field("code", raw_opts.clone()),
        theme: b.add_text_field("theme", raw_opts),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        text: b.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(positional(AN_STEM))
                .set_stored(),
        ),
        text_exact: b.add_text_field(
            "text_exact",
            TextOptions::default().set_indexing_options(positional(AN_EXACT)),
        ),
        text_loose: b.add_text_field(
            "text_loose",
            TextOptions::default().set_indexing_options(positional(AN_LOOSE)),
        ),
    };
    (b.build(), fields)
}

/// The three text analyzers, shared by indexing, query building and highlighting.
#[derive(Clone)]
pub(crate) struct Analyzers {
    pub stem: TextAnalyzer,
    pub exact: TextAnalyzer,
    pub loose: TextAnalyzer,
}

impl Analyzers {
    fn new() -> Self {
        // SimpleTokenizer splits on !char::is_alphanumeric, so æøå are letters.
        let stem = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::Norwegian))
            .build();
        let exact = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .build();
        // Fold before stemming so query and index fold identically (ø→o, å→a, æ→ae).
        let loose = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::Norwegian))
            .build();
        Analyzers { stem, exact, loose }
    }

    fn register(&self, index: &Index) {
        let tm = index.tokenizers();
        tm.register(AN_STEM, self.stem.clone());
        tm.register(AN_EXACT, self.exact.clone());
        tm.register(AN_LOOSE, self.loose.clone());
        tm.register(
            AN_RAW,
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
    }
}

/// Normalises a raw filter value (code name, participant, attribute…).
pub(crate) fn norm_raw(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The search index of one project, in its own directory.
///
/// Owns the tantivy writer (and its directory lock) for its whole life, so
/// open one per project; a second one on the same directory gets
/// [`SearchError::Busy`]. It is `Send`: build and query it on a worker thread.
pub struct SearchIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    analyzers: Analyzers,
    stamp: Option<u64>,
    fresh: bool,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    stamp: u64,
    version: String,
}

impl SearchIndex {
    /// Opens the index in `dir` (created if missing). An index of another
    /// schema version, or one that is unreadable or corrupt, is wiped and
    /// recreated empty; then [`needs_rebuild`](Self::needs_rebuild) is true.
    ///
    /// Wiping removes the plain files directly inside `dir` (tantivy's index
    /// is flat); pass a directory that belongs to the index alone.
    pub fn open_or_create(dir: &Path) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir)?;
        let version_ok = std::fs::read_to_string(dir.join(VERSION_FILE))
            .map(|v| v.trim() == SCHEMA_VERSION)
            .unwrap_or(false);
        if version_ok && dir.join("meta.json").exists() {
            match Self::open_existing(dir) {
                Ok(me) => return Ok(me),
                Err(SearchError::Busy) => return Err(SearchError::Busy),
                Err(_) => {} // unreadable or corrupt: start over below
            }
        }
        wipe_files(dir)?;
        Self::create_fresh(dir)
    }

    fn open_existing(dir: &Path) -> Result<Self, SearchError> {
        let (schema, fields) = build_schema();
        let index = Index::open_in_dir(dir)?;
        if index.schema() != schema {
            return Err(SearchError::Index("schema differs".into()));
        }
        let analyzers = Analyzers::new();
        analyzers.register(&index);
        let damaged = index.validate_checksum()?;
        if !damaged.is_empty() {
            return Err(SearchError::Index(format!("damaged files: {damaged:?}")));
        }
        let stamp = index
            .load_metas()?
            .payload
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .map(|p| p.stamp);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = new_writer(&index)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer,
            fields,
            analyzers,
            stamp,
            fresh: false,
        })
    }

    fn create_fresh(dir: &Path) -> Result<Self, SearchError> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_dir(dir, schema)?;
        let analyzers = Analyzers::new();
        analyzers.register(&index);
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = new_writer(&index)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer,
            fields,
            analyzers,
            stamp: None,
            fresh: true,
        })
    }

    /// True when the index was (re)created empty or never completed a
    /// rebuild: the caller should call [`rebuild`](Self::rebuild) with everything.
    pub fn needs_rebuild(&self) -> bool {
        self.fresh || self.stamp.is_none()
    }

    /// The store revision reflected by the last commit (`None` if never built).
    pub fn stamp(&self) -> Option<u64> {
        self.stamp
    }

    /// The directory of the index.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of units visible to searches.
    pub fn num_units(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Bytes on disk of the files of the live (searchable) segments.
    pub fn size_bytes(&self) -> u64 {
        let Ok(metas) = self.index.searchable_segment_metas() else {
            return 0;
        };
        metas
            .iter()
            .flat_map(|m| m.list_files())
            .filter_map(|f| std::fs::metadata(self.dir.join(f)).ok())
            .map(|m| m.len())
            .sum()
    }

    /// Replaces the whole index with `units` in one commit stamped `stamp`.
    /// Until it commits, searches see the previous contents.
    pub fn rebuild(
        &mut self,
        units: impl IntoIterator<Item = IndexUnit>,
        stamp: u64,
    ) -> Result<(), SearchError> {
        let res = (|| {
            self.writer.delete_all_documents()?;
            for u in units {
                self.writer.add_document(self.to_doc(&u))?;
            }
            Ok::<_, SearchError>(())
        })();
        if let Err(e) = res {
            let _ = self.writer.rollback();
            return Err(e);
        }
        self.commit(stamp)?;
        self.fresh = false;
        Ok(())
    }

    /// Incremental change: deletes the units with `remove_keys`, adds (or
    /// replaces, by key) `add`, commits with `stamp` and reloads, so the change
    /// is visible to the next [`search`](Self::search).
    pub fn update(
        &mut self,
        remove_keys: &[String],
        add: Vec<IndexUnit>,
        stamp: u64,
    ) -> Result<(), SearchError> {
        let res = (|| {
            for k in remove_keys.iter().chain(add.iter().map(|u| &u.key)) {
                self.writer
                    .delete_term(Term::from_field_text(self.fields.key, k));
            }
            for u in &add {
                self.writer.add_document(self.to_doc(u))?;
            }
            Ok::<_, SearchError>(())
        })();
        if let Err(e) = res {
            let _ = self.writer.rollback();
            return Err(e);
        }
        self.commit(stamp)
    }

    fn commit(&mut self, stamp: u64) -> Result<(), SearchError> {
        let payload = serde_json::to_string(&Payload {
            stamp,
            version: SCHEMA_VERSION.into(),
        })
        .expect("payload serialises");
        let mut prepared = self.writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        self.stamp = Some(stamp);
        Ok(())
    }

    fn to_doc(&self, u: &IndexUnit) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.key, &u.key);
        d.add_text(f.kind, u.kind.as_str());
        if let Some(id) = u.doc_id {
            d.add_i64(f.doc_id, id);
        }
        d.add_text(f.doc_name, &u.doc_name);
        if let Some(id) = u.owner_id {
            d.add_i64(f.owner_id, id);
        }
        for p in &u.participants {
            d.add_text(f.participant, p.trim());
        }
        if let Some(s) = &u.speaker {
            d.add_text(f.speaker, s.trim());
        }
        for (k, v) in &u.attributes {
            d.add_text(f.attr, format!("{}={}", norm_raw(k), norm_raw(v)));
        }
        for c in &u.codes {
            d.add_text(f.code, c.trim());
        }
        for t in &u.themes {
            d.add_text(f.theme, t.trim());
        }
        d.add_u64(f.start, u.start as u64);
        d.add_u64(f.end, u.end as u64);
        d.add_text(f.text, &u.text);
        d.add_text(f.text_exact, &u.text);
        d.add_text(f.text_loose, &u.text);
        d
    }

    /// Searches. The query language:
    /// - words are ANDed: `samarbeid skole`; `OR`, `AND`, `NOT` (or `-word`)
    ///   and parentheses combine them;
    /// - `"på tvers"` is a phrase (`«på tvers»` too), `"på tvers"~2` allows 2 words between;
    /// - `tverrfag*` is a prefix (matched against unstemmed words);
    /// - `samarbeid~1` is fuzzy (edit distance 1, at most 2);
    /// - filters: `code:"Tillit"`, `participant:"Informant 3"`, `theme:…`,
    ///   `speaker:…`, `kind:text|code|memo|note|theme|journal|participant`,
    ///   `doc:12` (id) or `doc:"Intervju 3"` (name), and any participant
    ///   attribute `KEY:VALUE` (`sector:skole`). Values are case-insensitive;
    ///   a value ending in `*` is a prefix (`code:till*`).
    ///
    /// Hits are ranked by relevance; a query of only filters lists units in
    /// document order.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>, SearchError> {
        let mut an = self.analyzers.clone();
        let mode = if q.loose {
            query::Mode::Loose
        } else if q.exact {
            query::Mode::Exact
        } else {
            query::Mode::Stem
        };
        let ast = query::parse(&q.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut matchers = Vec::new();
        let mut scored = false;
        if let Some(ast) = &ast {
            let mut b = query::Builder {
                f: &self.fields,
                an: &mut an,
                mode,
                scored: false,
            };
            if let Some(tq) = b.build(ast)? {
                clauses.push((Occur::Must, tq));
            } else {
                // The text had only things that analyse to nothing ("–", "?").
                return Ok(Vec::new());
            }
            scored = b.scored;
            query::collect_matchers(ast, false, mode, &mut an, &mut matchers);
        }
        let f = &self.fields;
        let filter = |field: Field, v: &str| -> (Occur, Box<dyn Query>) {
            let t = TermQuery::new(
                Term::from_field_text(field, &norm_raw(v)),
                IndexRecordOption::Basic,
            );
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(t), 0.0)),
            )
        };
        if let Some(c) = &q.code {
            clauses.push(filter(f.code, c));
        }
        if let Some(p) = &q.participant {
            clauses.push(filter(f.participant, p));
        }
        if let Some(t) = &q.theme {
            clauses.push(filter(f.theme, t));
        }
        if let Some(k) = q.kind {
            clauses.push(filter(f.kind, k.as_str()));
        }
        if let Some(d) = q.doc {
            let t = TermQuery::new(Term::from_field_i64(f.doc_id, d), IndexRecordOption::Basic);
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(t), 0.0)),
            ));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = BooleanQuery::new(clauses);
        let limit = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            hits.push(self.make_hit(&doc, score, &matchers, &mut an));
        }
        if !scored {
            hits.sort_by(|a, b| {
                (a.doc_id, a.unit_start, &a.key).cmp(&(b.doc_id, b.unit_start, &b.key))
            });
        }
        Ok(hits)
    }

    fn make_hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        matchers: &[query::Matcher],
        an: &mut Analyzers,
    ) -> Hit {
        let f = &self.fields;
        let s = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let text = s(f.text);
        let unit_start = doc.get_first(f.start).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let unit_end = doc.get_first(f.end).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let hl = highlight::highlight(&text, matchers, an);
        let matches: Vec<(usize, usize)> = hl
            .ranges
            .iter()
            .map(|&(a, b)| (unit_start + a, unit_start + b))
            .collect();
        let (start, end) = matches.first().copied().unwrap_or((unit_start, unit_end));
        Hit {
            kind: UnitKind::parse(&s(f.kind)).unwrap_or_default(),
            key: s(f.key),
            doc_id: doc.get_first(f.doc_id).and_then(|v| v.as_i64()),
            doc_name: s(f.doc_name),
            participant: doc
                .get_first(f.participant)
                .and_then(|v| v.as_str().map(str::to_owned)),
            owner_id: doc.get_first(f.owner_id).and_then(|v| v.as_i64()),
            start,
            end,
            unit_start,
            unit_end,
            snippet: hl.snippet,
            matches,
            score,
        }
    }
}

fn new_writer(index: &Index) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2);
    Ok(index.writer_with_num_threads(threads, WRITER_HEAP)?)
}

/// Removes the plain files directly inside `dir` (not subdirectories).
fn wipe_files(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_index_is_send() {
        fn assert_send<T: Send>() {}
        assert_send::<SearchIndex>();
    }

    #[test]
    fn kinds_round_trip() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(UnitKind::parse("Kode"), Some(UnitKind::Code));
        assert_eq!(UnitKind::parse("nope"), None);
    }
}
