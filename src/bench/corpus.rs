//! The one generator of benchmark data: deterministic Norwegian interview
//! transcripts ([`transcript`], shaped by a [`Style`]), and what the
//! benchmarks build from them: files to import, projects with codings and
//! themes, search index units. The same seed gives the same corpus on
//! every run and machine, so figures stay comparable.

use crate::Project;
use crate::model::{Id, ParsedDocument, ParsedTurn, ThemeStatus};
use crate::search::{IndexUnit, UnitKind};
use crate::store::{Command, NewDocument, NewParticipant, ThemeCommand};
use anyhow::Result;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A small deterministic PRNG (xorshift64*): no dependency, same stream everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407)
            | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn within(&mut self, r: &Range<usize>) -> usize {
        r.start + self.below(r.len())
    }

    /// Skewed towards small indices (a rough Zipf), as word use is.
    pub fn skewed(&mut self, n: usize) -> usize {
        let r = (self.next_u64() % 1_000_000) as f64 / 1_000_000.0;
        ((r * r * r) * n as f64) as usize % n.max(1)
    }

    pub fn chance(&mut self, pct: u64) -> bool {
        self.next_u64() % 100 < pct
    }
}

// ------------------------------------------------------------------ style

/// Where the words come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// Everyday speech about collaboration between services: ~130 words
    /// with æ, ø, å and inflected forms, evenly used, in lower case.
    Everyday,
    /// A vocabulary of some 4,000 inflected words and compounds used with a
    /// Zipf-like skew, sentences capitalised: what makes a search index
    /// realistic in size.
    Rich,
}

/// Who speaks, in which order; informants are labelled `Informant k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speakers {
    /// The interviewer or one of informants 1..=n, at random each turn.
    Random(usize),
    /// The interviewer, then one of informants 1..=n at random, in turn.
    Alternating(usize),
    /// The interviewer, then informants 1..=n in order (a focus group).
    RoundRobin(usize),
    /// The interviewer and informant k, in turn.
    Pair(usize),
}

/// The shape of generated transcripts.
#[derive(Debug, Clone)]
pub struct Style {
    pub words: Words,
    pub speakers: Speakers,
    /// Words per turn of the interviewer and of an informant.
    pub interviewer_words: Range<usize>,
    pub informant_words: Range<usize>,
    /// `[hh:mm:ss]` before each turn.
    pub timestamps: bool,
    /// Transcription marks now and then: `*ler*`, `(pause)`, `[uforståelig]`.
    pub asides: bool,
    /// Full names put in about every 150 words (some in the genitive), for
    /// the anonymiser to find.
    pub names: Vec<String>,
}

impl Style {
    /// Interviews with up to three informants, turns of 20-100 words.
    pub fn interview() -> Style {
        Style {
            words: Words::Everyday,
            speakers: Speakers::Random(3),
            interviewer_words: 20..100,
            informant_words: 20..100,
            timestamps: false,
            asides: false,
            names: Vec::new(),
        }
    }

    /// A group interview transcribed with timestamps and marks: short
    /// questions, long answers (what the transcript viewer lays out).
    pub fn group_interview() -> Style {
        Style {
            speakers: Speakers::Alternating(5),
            interviewer_words: 8..28,
            informant_words: 40..240,
            timestamps: true,
            asides: true,
            ..Style::interview()
        }
    }

    /// A focus group of five taking turns.
    pub fn focus_group() -> Style {
        Style {
            speakers: Speakers::RoundRobin(5),
            interviewer_words: 13..52,
            informant_words: 13..52,
            ..Style::interview()
        }
    }

    /// Short turns in the rich vocabulary, between the interviewer and
    /// informant `k`.
    pub fn rich_pair(k: usize) -> Style {
        Style {
            words: Words::Rich,
            speakers: Speakers::Pair(k),
            interviewer_words: 5..20,
            informant_words: 5..20,
            ..Style::interview()
        }
    }
}

// ------------------------------------------------------------------ text

/// A generated transcript: text and its speaker turns (char offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub text: String,
    pub turns: Vec<ParsedTurn>,
}

impl Transcript {
    /// What is said in a turn (after its label).
    pub fn body(&self, turn: &ParsedTurn) -> String {
        self.text
            .chars()
            .skip(turn.body_start)
            .take(turn.end - turn.body_start)
            .collect()
    }

    pub fn document(self, name: &str, source_name: &str) -> ParsedDocument {
        ParsedDocument {
            name: name.into(),
            source_name: source_name.into(),
            format: "txt".into(),
            sha256: format!("bench-{name}-{}", self.text.len()),
            text: self.text,
            turns: self.turns,
        }
    }
}

/// The generator: a transcript of at least `chars` characters in `style`,
/// turns separated by a blank line. The same seed and style give the same
/// text.
pub fn transcript(seed: u64, chars: usize, style: &Style) -> Transcript {
    let mut w = Writer::new(seed, style);
    let mut text = String::with_capacity(chars + 2_000);
    let mut turns = Vec::new();
    let mut pos = 0; // in chars
    while pos < chars {
        if !turns.is_empty() {
            text.push_str("\n\n");
            pos += 2;
        }
        let n = turns.len();
        let (speaker, words) = w.speaker(n);
        let mut prefix = String::new();
        if style.timestamps {
            let minutes = n / 2;
            let (h, m, s) = (minutes / 60, minutes % 60, w.rng.below(60));
            prefix.push_str(&format!("[{h:02}:{m:02}:{s:02}] "));
        }
        prefix.push_str(&format!("{speaker}: "));
        let body = w.words(words);
        let start = pos;
        let body_start = pos + prefix.chars().count();
        pos = body_start + body.chars().count();
        text.push_str(&prefix);
        text.push_str(&body);
        turns.push(ParsedTurn {
            start,
            body_start,
            end: pos,
            speaker: Some(speaker),
            timestamp: None,
        });
    }
    Transcript { text, turns }
}

/// Prose of at least `chars` characters (a memo, a description).
pub fn prose(seed: u64, chars: usize, words: Words) -> String {
    let style = Style {
        words,
        ..Style::interview()
    };
    let mut w = Writer::new(seed, &style);
    let mut out = String::new();
    while out.chars().count() < chars {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.words(10));
    }
    out
}

/// Writes words in a style, keeping count of them across turns.
struct Writer<'a> {
    rng: Rng,
    style: &'a Style,
    seed: u64,
    written: usize,
}

impl Writer<'_> {
    fn new(seed: u64, style: &Style) -> Writer<'_> {
        Writer {
            rng: Rng::new(seed),
            style,
            seed,
            written: 0,
        }
    }

    /// The label of turn `n`, and how many words it has.
    fn speaker(&mut self, n: usize) -> (String, usize) {
        let informant = match self.style.speakers {
            Speakers::Random(k) => Some(self.rng.below(k + 1)).filter(|&i| i > 0),
            Speakers::Alternating(k) => (n % 2 == 1).then(|| 1 + self.rng.below(k)),
            Speakers::RoundRobin(k) => (n % 2 == 1).then(|| n / 2 % k + 1),
            Speakers::Pair(k) => (n % 2 == 1).then_some(k),
        };
        match informant {
            Some(i) => {
                let words = self.rng.within(&self.style.informant_words);
                (format!("Informant {i}"), words)
            }
            None => {
                let words = self.rng.within(&self.style.interviewer_words);
                ("Intervjuer".to_string(), words)
            }
        }
    }

    /// `n` words (at least one) as sentences, ending with `.` or `?`.
    fn words(&mut self, n: usize) -> String {
        let mut out = String::new();
        let mut sentence_start = true;
        for i in 0..n.max(1) {
            if i > 0 {
                out.push(' ');
            }
            self.written += 1;
            let names = &self.style.names;
            if !names.is_empty() && self.written % 150 == 75 {
                let name = &names[(self.seed as usize * 31 + self.written) % names.len()];
                out.push_str(name);
                if self.written.is_multiple_of(4) {
                    out.push('s');
                }
                out.push(' ');
            }
            let word = self.word();
            if sentence_start && self.style.words == Words::Rich {
                let mut cs = word.chars();
                out.extend(cs.next().into_iter().flat_map(char::to_uppercase));
                out.push_str(cs.as_str());
            } else {
                out.push_str(word);
            }
            sentence_start = false;
            if i + 1 < n && self.rng.below(11) == 0 {
                out.push(if self.rng.below(3) == 0 { '?' } else { '.' });
                sentence_start = true;
            } else if self.rng.chance(8) {
                out.push(',');
            }
        }
        out = out.trim_end_matches(',').to_string();
        out.push(if self.rng.chance(15) { '?' } else { '.' });
        out
    }

    fn word(&mut self) -> &'static str {
        if self.style.asides {
            match self.rng.below(60) {
                0 => return "*ler*",
                1 => return "(pause)",
                2 => return "[uforståelig]",
                _ => {}
            }
        }
        match self.style.words {
            Words::Everyday => EVERYDAY[self.rng.below(EVERYDAY.len())],
            Words::Rich if self.rng.chance(45) => {
                FUNCTION_WORDS[self.rng.skewed(FUNCTION_WORDS.len())]
            }
            Words::Rich => {
                let v = vocabulary();
                v[self.rng.skewed(v.len())].as_str()
            }
        }
    }
}

// ------------------------------------------------------------------ projects

/// Write `n` generated interviews of about `chars` characters as .txt
/// files into `dir`.
pub fn write_corpus(dir: &Path, n: usize, chars: usize) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let style = Style::interview();
    (0..n)
        .map(|i| {
            let path = dir.join(format!("intervju-{i:03}.txt"));
            std::fs::write(&path, transcript(i as u64 + 1, chars, &style).text)?;
            Ok(path)
        })
        .collect()
}

/// A project in `dir/project` of `n_docs` generated interviews (written
/// as files to `dir/corpus` and imported as a user would) with `codings`
/// codings spread over `codes` codes.
pub fn project(
    dir: &Path,
    n_docs: usize,
    chars: usize,
    codings: usize,
    codes: usize,
) -> Result<Project> {
    use crate::import::{ImportOptions, batch};
    let files = write_corpus(&dir.join("corpus"), n_docs, chars)?;
    let mut project = Project::create(&dir.join("project"), "bench")?;
    let docs = batch::read_documents(&files, &ImportOptions::default(), |_| {})?;
    batch::store_documents(&mut project, docs, &batch::StoreOptions::default())?;
    add_codings(&mut project, codings, codes)?;
    Ok(project)
}

/// `n` top-level codes named `Kode i`, in one step; their ids.
fn create_codes(project: &mut Project, n: usize) -> Result<Vec<Id>> {
    let create = (0..n)
        .map(|i| Command::CreateCode {
            name: format!("Kode {i}"),
            parent: None,
            colour: None,
            description: String::new(),
        })
        .collect();
    let batch = Command::Batch {
        label: "bench codes".into(),
        commands: create,
    };
    Ok(project.execute(batch)?.ids)
}

/// Create `codes` codes named `Kode i` and spread `n` codings over every
/// document and code.
pub fn add_codings(project: &mut Project, n: usize, codes: usize) -> Result<()> {
    let code_ids = create_codes(project, codes)?;
    let docs = project.documents()?;
    let commands = (0..n)
        .map(|i| {
            let d = &docs[i % docs.len()];
            let start = (i * 7919) % d.chars.saturating_sub(400).max(1);
            Command::ApplyCoding {
                doc: d.id,
                code: code_ids[i % codes],
                start,
                end: (start + 40 + i % 300).min(d.chars),
                memo: String::new(),
            }
        })
        .collect();
    project.execute(Command::Batch {
        label: "bench codings".into(),
        commands,
    })?;
    Ok(())
}

/// Import one long group interview of `chars` characters into `project`
/// and code it with `codings` codings over `codes` codes (named
/// `Code 01 ...`); returns the document's id. The GUI benchmarks and tests
/// scroll and code it.
pub fn long_interview(
    project: &mut Project,
    chars: usize,
    codings: usize,
    codes: usize,
) -> Result<Id> {
    let parsed = transcript(7, chars, &Style::group_interview())
        .document("Benchmark interview", "benchmark.txt");
    let len = parsed.text.chars().count();
    let doc = project
        .execute(Command::Import {
            documents: vec![NewDocument::from(parsed)],
            participants: vec![],
        })?
        .ids[0];
    let make = (0..codes)
        .map(|i| Command::CreateCode {
            name: format!("Code {:02} {}", i + 1, EVERYDAY[i % EVERYDAY.len()]),
            parent: None,
            colour: None,
            description: String::new(),
        })
        .collect();
    let code_ids = project
        .execute(Command::Batch {
            label: "create codes".into(),
            commands: make,
        })?
        .ids;
    let mut rng = Rng::new(42);
    let apply = (0..codings)
        .map(|_| {
            let start = rng.below(len.saturating_sub(500));
            Command::ApplyCoding {
                doc,
                code: code_ids[rng.below(code_ids.len())],
                start,
                end: (start + 20 + rng.below(400)).min(len),
                memo: String::new(),
            }
        })
        .collect();
    project.execute(Command::Batch {
        label: "apply codings".into(),
        commands: apply,
    })?;
    Ok(doc)
}

/// The size of the generated themes project.
pub struct ThemesSize {
    pub docs: usize,
    pub codes: usize,
    pub themes: usize,
    pub codings: usize,
}

pub const THEMES_PROJECT: ThemesSize = ThemesSize {
    docs: 20,
    codes: 120,
    themes: 40,
    codings: 20_000,
};

/// A generated project in `dir` (created): 20 focus groups of five
/// informants (with sector and group attributes) of about 200 turns, 120
/// codes, 20,000 codings, 40 themes of 3-5 codes (every third final; some
/// codes in two themes): 8 top-level themes linked in a chain, each with 4
/// sub-themes. Shared by the themes, board and map benchmarks.
pub fn themes_project(dir: &Path) -> Result<Project> {
    let size = THEMES_PROJECT;
    let mut p = Project::create(dir, "bench themes")?;
    let (documents, participants) = focus_groups(size.docs);
    let doc_turns: Vec<Vec<ParsedTurn>> = documents.iter().map(|d| d.turns.clone()).collect();
    let docs = p
        .execute(Command::Import {
            documents,
            participants,
        })?
        .ids;
    let codes = create_codes(&mut p, size.codes)?;
    // Codings spread over every document, turn and code; distinct spans.
    let codings = (0..size.codings)
        .map(|i| {
            let d = i % size.docs;
            let turns = &doc_turns[d];
            let turn = &turns[(i / size.docs) % turns.len()];
            let start = turn.body_start + (i / (size.docs * turns.len())) % 20;
            Command::ApplyCoding {
                doc: docs[d],
                code: codes[(i * 7) % size.codes],
                start,
                end: (start + 30).min(turn.end),
                memo: String::new(),
            }
        })
        .collect();
    p.execute(Command::Batch {
        label: "code".into(),
        commands: codings,
    })?;
    add_themes(&mut p, &codes, size.themes)?;
    Ok(p)
}

/// Focus groups of about 200 turns, their informants `G{d}-P{i}` as
/// participants with sector and group attributes.
fn focus_groups(n: usize) -> (Vec<NewDocument>, Vec<NewParticipant>) {
    let mut documents = Vec::new();
    let mut participants = Vec::new();
    for d in 0..n {
        let t = transcript(d as u64 + 1, 45_000, &Style::focus_group());
        let mut doc = NewDocument::from(t.document(
            &format!("Gruppeintervju {}", d + 1),
            &format!("gruppe{}.txt", d + 1),
        ));
        doc.speakers = (1..=5)
            .map(|i| (format!("Informant {i}"), format!("G{d}-P{i}")))
            .collect();
        documents.push(doc);
        for i in 1..=5 {
            participants.push(NewParticipant {
                label: format!("G{d}-P{i}"),
                attributes: vec![
                    (
                        "sector".into(),
                        ["skole", "helse", "barnevern", "NAV"][i % 4].into(),
                    ),
                    ("group".into(), format!("Gruppe {}", d + 1)),
                ],
            });
        }
    }
    (documents, participants)
}

/// `n` themes of 3-5 codes each (some codes sit in two themes): a fifth of
/// them top-level and linked in a chain on the map, the others their
/// sub-themes. A batch cannot name ids it creates, so the sub-themes come
/// in a second batch.
fn add_themes(p: &mut Project, codes: &[Id], n: usize) -> Result<()> {
    let create = |range: Range<usize>, parent: &dyn Fn(usize) -> Option<Id>| {
        range
            .map(|t| {
                Command::Theme(ThemeCommand::CreateTheme {
                    name: format!("Tema {t}"),
                    status: if t % 3 == 0 {
                        ThemeStatus::Final
                    } else {
                        ThemeStatus::Candidate
                    },
                    definition: String::new(),
                    parent: parent(t),
                    codes: vec![],
                })
            })
            .collect::<Vec<_>>()
    };
    let tops_n = n / 5;
    let tops = p
        .execute(Command::Batch {
            label: "create themes".into(),
            commands: create(0..tops_n, &|_| None),
        })?
        .ids;
    let mut themes = tops.clone();
    themes.extend(
        p.execute(Command::Batch {
            label: "create sub-themes".into(),
            commands: create(tops_n..n, &|t| Some(tops[t % tops_n])),
        })?
        .ids,
    );
    let edges = tops
        .windows(2)
        .map(|w| {
            Command::Theme(ThemeCommand::AddEdge {
                from: w[0],
                to: w[1],
                label: "leads to".into(),
            })
        })
        .collect();
    p.execute(Command::Batch {
        label: "link themes".into(),
        commands: edges,
    })?;
    let mut adds = Vec::new();
    for (t, &theme) in themes.iter().enumerate() {
        for k in 0..(3 + t % 3) {
            adds.push(Command::Theme(ThemeCommand::AddCode {
                theme,
                code: codes[(t * 3 + k) % codes.len()],
                why: None,
            }));
        }
    }
    p.execute(Command::Batch {
        label: "fill themes".into(),
        commands: adds,
    })?;
    Ok(())
}

// ------------------------------------------------------------------ search units

/// Index units of `n_docs` generated interviews of about `chars_per_doc`
/// chars in the rich vocabulary (one text unit per turn, some coded and
/// some in themes), plus participant, memo, code and theme units: what
/// `tema bench search` indexes.
pub fn index_units(n_docs: usize, chars_per_doc: usize) -> Vec<IndexUnit> {
    let mut r = Rng::new(0x5EED_1234_ABCD);
    let mut units = Vec::new();
    for d in 0..n_docs {
        let doc_id = d as i64 + 1;
        let doc_name = format!("Intervju {doc_id}");
        let informant = format!("Informant {doc_id}");
        let attributes = vec![
            ("sector".to_string(), SECTORS[d % SECTORS.len()].to_string()),
            ("alder".to_string(), AGES[(d / 5) % AGES.len()].to_string()),
        ];
        let t = transcript(doc_id as u64, chars_per_doc, &Style::rich_pair(d + 1));
        for turn in &t.turns {
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
                key: format!("text:{doc_id}:{}", turn.body_start),
                kind: UnitKind::Text,
                doc_id: Some(doc_id),
                doc_name: doc_name.clone(),
                participants: vec![informant.clone()],
                attributes: attributes.clone(),
                speaker: turn.speaker.clone(),
                start: turn.body_start,
                end: turn.end,
                text: t.body(turn),
                codes,
                themes,
                owner_id: None,
            });
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
            let text = prose(r.next_u64(), 200 + r.below(400), Words::Rich);
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
        let text = format!("{c}\n{}", prose(r.next_u64(), 120, Words::Rich));
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
        let text = format!("{t}\n{}", prose(r.next_u64(), 600, Words::Rich));
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

/// The 500 full names the anonymisation benchmark puts in its corpus.
pub fn full_names() -> Vec<String> {
    let mut v = Vec::new();
    for s in SURNAMES {
        for g in GIVEN {
            v.push(format!("{g} {s}"));
        }
    }
    v.truncate(500);
    v
}

// ------------------------------------------------------------------ word lists

/// Everyday speech about collaboration between services.
const EVERYDAY: &[&str] = &[
    "og",
    "det",
    "er",
    "jo",
    "vi",
    "de",
    "som",
    "på",
    "i",
    "at",
    "ikke",
    "en",
    "har",
    "med",
    "så",
    "for",
    "til",
    "men",
    "mye",
    "må",
    "vet",
    "ofte",
    "hva",
    "gjør",
    "står",
    "veien",
    "særlig",
    "selv",
    "vil",
    "snakker",
    "sammen",
    "blir",
    "sittende",
    "hver",
    "vår",
    "tue",
    "plass",
    "samarbeid",
    "samarbeidet",
    "samarbeidene",
    "tillit",
    "tilliten",
    "ungdom",
    "ungdommen",
    "ungdommene",
    "skolen",
    "barnevernet",
    "helsesykepleier",
    "helsesykepleieren",
    "NAV",
    "veileder",
    "løsning",
    "løsningen",
    "møte",
    "møtet",
    "møtene",
    "tverrfaglig",
    "tverrfaglige",
    "taushetsplikt",
    "taushetsplikten",
    "tjenestene",
    "ressurser",
    "opplever",
    "foreldre",
    "foreldrene",
    "kommunen",
    "oppfølging",
    "oppfølgingen",
    "tiltak",
    "tiltaket",
    "relasjon",
    "relasjonen",
    "trygg",
    "trygghet",
    "være",
    "gjøre",
    "får",
    "fikk",
    "sånn",
    "liksom",
    "altså",
    "egentlig",
    "kanskje",
    "veldig",
    "både",
    "når",
    "hvor",
    "hvordan",
    "ansvar",
    "ansvaret",
    "koordinator",
    "koordinatoren",
    "fritid",
    "klubben",
    "lærer",
    "læreren",
    "rektor",
    "psykolog",
    "bekymring",
    "bekymringsmelding",
    "vedtak",
    "vedtaket",
    "fravær",
    "fraværet",
    "skjønner",
    "føler",
    "følte",
    "tid",
];

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

/// The codes and themes search units are tagged with (the search
/// benchmark's queries name some of them).
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

const GIVEN: &[&str] = &[
    "Kari",
    "Ola",
    "Ingrid",
    "Lars",
    "Sigrid",
    "Håkon",
    "Åse",
    "Bjørn",
    "Solveig",
    "Torbjørn",
    "Marit",
    "Eirik",
    "Ragnhild",
    "Øystein",
    "Liv",
    "Per-Arne",
    "Tuva",
    "Jørgen",
    "Randi",
    "Sindre",
];

const SURNAMES: &[&str] = &[
    "Nordvik",
    "Hansen",
    "Løvås",
    "Bakken",
    "Haugland",
    "Strømme",
    "Aasen",
    "Fjeldstad",
    "Myklebust",
    "Sæther",
    "Rønning",
    "Kvåle",
    "Tveit",
    "Grønli",
    "Holmøy",
    "Brekke",
    "Ødegård",
    "Lunde",
    "Vik",
    "Eide",
    "Solberg",
    "Dahle",
    "Nygård",
    "Moen",
    "Birkeland",
];

/// The rich vocabulary: inflected nouns, verbs and adjectives and
/// compounds (as Norwegian makes them freely), in a fixed shuffled order so
/// the skewed pick is not alphabetical.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let inflect = |stems: &[&str], suffixes: &[&str]| -> Vec<String> {
            let mut v = Vec::new();
            for stem in stems {
                v.extend(suffixes.iter().map(|s| format!("{stem}{s}")));
            }
            v
        };
        let mut v = inflect(NOUNS, NOUN_SUFFIXES);
        v.extend(inflect(VERBS, VERB_SUFFIXES));
        v.extend(inflect(ADJECTIVES, ADJ_SUFFIXES));
        let mut r = Rng::new(0x7E3A);
        for _ in 0..1500 {
            let a = NOUNS[r.below(NOUNS.len())];
            let b = NOUNS[r.below(NOUNS.len())];
            if a != b {
                v.push(format!("{a}s{b}{}", NOUN_SUFFIXES[r.below(4)]));
            }
        }
        v.sort();
        v.dedup();
        for i in (1..v.len()).rev() {
            let j = r.below(i + 1);
            v.swap(i, j);
        }
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcripts_are_deterministic_and_turns_match_the_text() {
        for style in [
            Style::interview(),
            Style::group_interview(),
            Style::focus_group(),
            Style::rich_pair(3),
        ] {
            let a = transcript(5, 3_000, &style);
            assert_eq!(a, transcript(5, 3_000, &style));
            assert!(a.text.chars().count() >= 3_000);
            let chars: Vec<char> = a.text.chars().collect();
            for t in &a.turns {
                let label: String = chars[t.start..t.body_start].iter().collect();
                assert!(label.ends_with(&format!("{}: ", t.speaker.as_ref().unwrap())));
                assert!(t.end > t.body_start && t.end <= chars.len());
            }
        }
    }

    #[test]
    fn index_units_are_deterministic_and_offsets_are_consistent() {
        let a = index_units(2, 3000);
        assert_eq!(a, index_units(2, 3000));
        assert!(vocabulary().len() > 2000);
        for u in a.iter().filter(|u| u.kind == UnitKind::Text) {
            assert_eq!(u.end - u.start, u.text.chars().count());
        }
        assert!(
            a.iter()
                .any(|u| u.text.contains('ø') || u.text.contains('å'))
        );
    }

    #[test]
    fn names_are_put_into_the_text() {
        let style = Style {
            names: full_names(),
            ..Style::interview()
        };
        let t = transcript(1, 20_000, &style);
        assert!(full_names().iter().any(|n| t.text.contains(n.as_str())));
        assert_eq!(full_names().len(), 500);
    }
}
