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
//! - `text_loose`: lowercased + `text::fold` + stemming (`loose`:
//!   `losning` finds `løsning`; ø→o, å→a, æ→ae on both sides).
//!
//! Offsets in [`Hit`] are `char` offsets in document coordinates, like the
//! rest of tema (see [`crate::text`]).

mod highlight;
mod query;
mod sync;

pub use sync::{CodeUnit, ProjectSearch, SearchResult};

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, SegmentReader, TantivyDocument,
    TantivyError, Term,
};

/// Bump when the schema or the analysis changes: an index with another
/// version is wiped and rebuilt on open.
const SCHEMA_VERSION: &str = "tema-search-6";
const VERSION_FILE: &str = "VERSION";
const BULK_WRITER_HEAP: usize = 160 * 1024 * 1024;
const SMALL_WRITER_HEAP: usize = 20 * 1024 * 1024;
const MAX_TOKEN_BYTES: usize = 60;
/// The doc store (unit texts) is zstd-compressed in blocks of this size; a
/// hit decompresses one block (~30 µs), so bigger blocks would slow queries.
const DOCSTORE_BLOCK: usize = 16 * 1024;
const DEFAULT_LIMIT: usize = 100;
/// tantivy allocates the top-n heap up front; keep it sane.
const MAX_LIMIT: usize = 100_000;

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
    /// A meaning unit's condensed meaning (on its coding).
    Condensation,
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
    pub const ALL: [UnitKind; 8] = [
        UnitKind::Text,
        UnitKind::Code,
        UnitKind::Memo,
        UnitKind::Condensation,
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
            UnitKind::Condensation => "condensation",
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
            "condensation" | "kondensering" | "fortetting" | "meningsfortetting" => {
                UnitKind::Condensation
            }
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
    participant1: Field,
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
    let raw_opts = TextOptions::default().set_indexing_options(raw_lc);
    // Like STRING, without fieldnorms (never scored).
    let raw_exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let positional = |an: &str| {
        TextFieldIndexing::default()
            .set_tokenizer(an)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions)
    };
    // Only `key` and `text` go to the (compressed) doc store; the small
    // per-unit values live in fast (columnar) fields, which cost a few bits
    // per unit instead of tens of bytes.
    let fields = Fields {
        key: b.add_text_field("key", raw_exact.clone().set_stored()),
        kind: b.add_text_field("kind", raw_exact.set_fast(None)),
        doc_id: b.add_i64_field("doc_id", NumericOptions::default().set_indexed().set_fast()),
        doc_name: b.add_text_field("doc_name", raw_opts.clone().set_fast(None)),
        owner_id: b.add_i64_field("owner_id", FAST),
        participant: b.add_text_field("participant", raw_opts.clone()),
        participant1: b.add_text_field("participant1", TextOptions::default().set_fast(None)),
        speaker: b.add_text_field("speaker", raw_opts.clone()),
        attr: b.add_text_field("attr", raw_opts.clone()),
        code: b.add_text_field("code", raw_opts.clone()),
        theme: b.add_text_field("theme", raw_opts),
        start: b.add_u64_field("start", FAST),
        end: b.add_u64_field("end", FAST),
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
            .filter(Fold)
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

/// Token filter applying `text::fold`, the folding rule the rest of tema
/// uses, so that the search matches what the palette and filters match.
#[derive(Clone)]
struct Fold;

impl TokenFilter for Fold {
    type Tokenizer<T: Tokenizer> = FoldTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> FoldTokenizer<T> {
        FoldTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct FoldTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for FoldTokenizer<T> {
    type TokenStream<'a> = FoldStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldStream(self.0.token_stream(text))
    }
}

struct FoldStream<S>(S);

impl<S: TokenStream> TokenStream for FoldStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        // Tokens arrive lower-cased: plain ASCII without "aa" stays as it is.
        let token = self.0.token_mut();
        if !token.text.is_ascii() || token.text.contains("aa") {
            token.text = crate::text::fold(&token.text);
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
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
    /// Always `Some` between calls; swapped for a bigger one during `rebuild`.
    writer: Option<IndexWriter<TantivyDocument>>,
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
    /// Wiping removes only index files (tantivy's segment and meta files and
    /// `VERSION`); still, give the index a directory of its own.
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
        Self::with_reader_and_writer(dir, index, fields, analyzers, stamp, false)
    }

    fn create_fresh(dir: &Path) -> Result<Self, SearchError> {
        let (schema, fields) = build_schema();
        let settings = tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            // Compress in the indexing thread: one thread fewer to spawn and
            // wake per commit, which is what an incremental update waits on.
            docstore_compress_dedicated_thread: false,
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(9),
            }),
        };
        let index = Index::builder()
            .schema(schema)
            .settings(settings)
            .create_in_dir(dir)?;
        let analyzers = Analyzers::new();
        analyzers.register(&index);
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION)?;
        Self::with_reader_and_writer(dir, index, fields, analyzers, None, true)
    }

    /// The opened or created index with its reader (reloaded by hand after
    /// each commit) and its writer.
    fn with_reader_and_writer(
        dir: &Path,
        index: Index,
        fields: Fields,
        analyzers: Analyzers,
        stamp: Option<u64>,
        fresh: bool,
    ) -> Result<Self, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = Some(small_writer(&index)?);
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            writer,
            fields,
            analyzers,
            stamp,
            fresh,
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
        // A bulk writer (2 threads, big heap) for the build; the small one
        // must go first, as only one writer may hold the index.
        self.writer = None;
        let res = bulk_writer(&self.index).and_then(|w| {
            self.writer = Some(w);
            let w = self.writer.as_mut().expect("just set");
            w.delete_all_documents()?;
            for u in units {
                w.add_document(Self::to_doc(&self.fields, &u))?;
            }
            Ok(())
        });
        let res = match res {
            Ok(()) => self.commit(stamp),
            Err(e) => {
                if let Some(w) = self.writer.as_mut() {
                    let _ = w.rollback();
                }
                Err(e)
            }
        };
        // Let the bulk writer finish any merge it started, so that work does
        // not compete with the first incremental updates; then go small.
        if let Some(w) = self.writer.take()
            && res.is_ok()
        {
            let _ = w.wait_merging_threads();
        }
        self.writer = Some(small_writer(&self.index)?);
        res?;
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
        let fields = self.fields;
        let w = self.writer()?;
        let res = (|| {
            for k in remove_keys.iter().chain(add.iter().map(|u| &u.key)) {
                w.delete_term(Term::from_field_text(fields.key, k));
            }
            for u in &add {
                w.add_document(Self::to_doc(&fields, u))?;
            }
            Ok::<_, SearchError>(())
        })();
        if let Err(e) = res {
            let _ = w.rollback();
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
        let mut prepared = self.writer()?.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        self.stamp = Some(stamp);
        Ok(())
    }

    fn writer(&mut self) -> Result<&mut IndexWriter<TantivyDocument>, SearchError> {
        match &mut self.writer {
            Some(w) => Ok(w),
            None => Err(SearchError::Index(
                "no index writer (a rebuild failed)".into(),
            )),
        }
    }

    fn to_doc(f: &Fields, u: &IndexUnit) -> TantivyDocument {
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
        if let Some(p) = u.participants.first() {
            d.add_text(f.participant1, p.trim());
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
        let limit = if q.limit == 0 {
            DEFAULT_LIMIT
        } else {
            q.limit.min(MAX_LIMIT)
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let mut hits = Vec::with_capacity(top.len());
        let mut cols: HashMap<u32, Columns> = HashMap::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let c = match cols.entry(addr.segment_ord) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => {
                    e.insert(Columns::open(searcher.segment_reader(addr.segment_ord))?)
                }
            };
            hits.push(self.make_hit(&doc, c, addr.doc_id, score, &matchers, &mut an));
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
        c: &Columns,
        id: DocId,
        score: f32,
        matchers: &[query::Matcher],
        an: &mut Analyzers,
    ) -> Hit {
        let f = &self.fields;
        let stored = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let text = stored(f.text);
        let unit_start = Columns::num(&c.start, id).unwrap_or(0) as usize;
        let unit_end = Columns::num(&c.end, id).unwrap_or(0) as usize;
        let hl = highlight::highlight(&text, matchers, an);
        let matches: Vec<(usize, usize)> = hl
            .ranges
            .iter()
            .map(|&(a, b)| (unit_start + a, unit_start + b))
            .collect();
        let (start, end) = matches.first().copied().unwrap_or((unit_start, unit_end));
        Hit {
            kind: Columns::str(&c.kind, id)
                .and_then(|k| UnitKind::parse(&k))
                .unwrap_or_default(),
            key: stored(f.key),
            doc_id: Columns::num(&c.doc_id, id),
            doc_name: Columns::str(&c.doc_name, id).unwrap_or_default(),
            participant: Columns::str(&c.participant1, id),
            owner_id: Columns::num(&c.owner_id, id),
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

/// The fast (columnar) fields of one segment, opened once per search.
struct Columns {
    kind: Option<StrColumn>,
    doc_name: Option<StrColumn>,
    participant1: Option<StrColumn>,
    doc_id: Option<Column<i64>>,
    owner_id: Option<Column<i64>>,
    start: Option<Column<u64>>,
    end: Option<Column<u64>>,
}

impl Columns {
    fn open(seg: &SegmentReader) -> Result<Self, SearchError> {
        let ff = seg.fast_fields();
        Ok(Columns {
            kind: ff.str("kind")?,
            doc_name: ff.str("doc_name")?,
            participant1: ff.str("participant1")?,
            doc_id: ff.column_opt("doc_id")?,
            owner_id: ff.column_opt("owner_id")?,
            start: ff.column_opt("start")?,
            end: ff.column_opt("end")?,
        })
    }

    fn num<T: PartialOrd + Copy + Debug + Send + Sync + 'static>(
        col: &Option<Column<T>>,
        id: DocId,
    ) -> Option<T> {
        col.as_ref()?.first(id)
    }

    fn str(col: &Option<StrColumn>, id: DocId) -> Option<String> {
        let col = col.as_ref()?;
        let ord = col.ords().first(id)?;
        let mut s = String::new();
        col.ord_to_str(ord, &mut s).ok()?.then_some(s)
    }
}

/// The writer for full builds: up to 2 indexing threads, a big heap, so
/// ~100k units go into few segments with one commit.
fn bulk_writer(index: &Index) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 2);
    writer_with_retry(|| index.writer_with_num_threads(threads, BULK_WRITER_HEAP))
}

/// The writer kept between builds for incremental updates: one thread and a
/// small heap, so a commit of a few units finalises quickly.
fn small_writer(index: &Index) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    writer_with_retry(|| index.writer_with_num_threads(1, SMALL_WRITER_HEAP))
}

/// Take the index's writer lock, waiting a moment if it is held. A child
/// process forked by another thread shares the lock file's descriptor until
/// it execs, so a lock just released can look busy for a few milliseconds;
/// only a lock held for a whole second is another tema really using it.
fn writer_with_retry(
    mut take: impl FnMut() -> tantivy::Result<IndexWriter<TantivyDocument>>,
) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    loop {
        match take() {
            Err(TantivyError::LockFailure(..)) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return Ok(other?),
        }
    }
}

/// Whether a file name is one tantivy or this module writes in an index dir.
fn is_index_file(name: &str) -> bool {
    let segment_file = name.len() > 33
        && name.as_bytes()[32] == b'.'
        && name[..32].bytes().all(|b| b.is_ascii_hexdigit());
    segment_file
        || name == "meta.json"
        || name == ".managed.json"
        || name == VERSION_FILE
        || name.starts_with(".tantivy")
        || name.starts_with(".tmp")
}

/// Removes the index's files directly inside `dir`; anything else (a file
/// that is not tantivy's or ours, subdirectories) is left alone, so a wrong
/// `dir` can never cost the project its data.
fn wipe_files(dir: &Path) -> Result<(), SearchError> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_file() && name.to_str().is_some_and(is_index_file) {
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
    fn only_index_files_are_wiped() {
        assert!(is_index_file("meta.json"));
        assert!(is_index_file("0123456789abcdef0123456789abcdef.idx"));
        assert!(is_index_file(".tantivy-writer.lock"));
        assert!(is_index_file("VERSION"));
        assert!(!is_index_file("project.sqlite"));
        assert!(!is_index_file("notes.txt"));
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
