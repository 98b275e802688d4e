//! `tema bench ...`: benchmarks that generate their own data and print
//! figures. Run them in release: `cargo run --release -- bench import`.

use crate::Project;
use crate::store::{Command, NewDocument};
use anyhow::Result;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// Import generated transcripts; open a project with 20,000 codings; apply one coding.
    Import {
        #[arg(long, default_value_t = 200)]
        docs: usize,
        #[arg(long, default_value_t = 55_000)]
        chars: usize,
        #[arg(long, default_value_t = 20_000)]
        codings: usize,
    },
    /// Build a search index of generated transcripts; time updates and 50 mixed queries.
    Search {
        #[arg(long, default_value_t = 200)]
        docs: usize,
        #[arg(long, default_value_t = 55_000)]
        chars: usize,
    },
    /// Coverage matrix, themes board and map frames with 120 codes, 40 themes, 20,000 codings.
    Themes,
    /// Anonymisation: detection over 200 transcripts, then 500 rules applied.
    Anon,
    /// GUI frame times scrolling a 350,000-char transcript with 1,000 codings over 60 codes,
    /// and palette applies until persisted and repainted.
    Ui {
        #[arg(long, default_value_t = 600)]
        frames: usize,
    },
    /// REFI-QDA: .qdpx export and import of 200 transcripts with 20,000 codings.
    Refi,
    /// Theme report of 6 themes with 200 quotes, in every format.
    Report,
}

pub fn run(what: BenchCmd) -> Result<()> {
    let report = match what {
        BenchCmd::Import {
            docs,
            chars,
            codings,
        } => import(docs, chars, codings)?,
        BenchCmd::Search { docs, chars } => {
            let dir = tempdir()?;
            let report = crate::search::bench_with(&dir, docs, chars)?;
            std::fs::remove_dir_all(&dir)?;
            report
        }
        BenchCmd::Themes => format!(
            "{}{}{}",
            bench_matrix(),
            crate::ui::themes_board::bench_board(),
            crate::ui::map::bench_map()
        ),
        BenchCmd::Anon => crate::anonymise::bench_anon()?,
        BenchCmd::Ui { frames } => bench_ui(frames)?,
        BenchCmd::Refi => crate::export::bench_refi()?,
        BenchCmd::Report => crate::report::bench_report()?,
    };
    print!("{report}");
    Ok(())
}

/// `tema bench ui`: scrolling the long transcript, then coding with the
/// palette on it and on the 200-transcript project.
fn bench_ui(frames: usize) -> Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "tema bench ui: scrolling 350,000 chars, 1,000 codings, 60 codes\n{}\n  target: p99 < 8 ms",
        crate::ui::bench_frames(frames, 350_000, 1_000, 60)?
    )?;
    writeln!(
        out,
        "{}\n  target: under 30 ms",
        crate::ui::bench::bench_palette_transcript(350_000, 1_000, 50)?
    )?;
    writeln!(
        out,
        "{}\n  target: under 30 ms",
        crate::ui::bench::bench_palette_big_project(50)?
    )?;
    Ok(out)
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The p-th percentile (0..=100) of some durations, in ms.
pub fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    let i = ((samples.len() as f64 - 1.0) * p / 100.0).round() as usize;
    samples.get(i).map_or(0.0, |d| ms(*d))
}

/// Words for generated transcripts: everyday Norwegian with æ, ø, å and
/// inflected forms, so tokenising, stemming and detection do real work.
const WORDS: &[&str] = &[
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

/// A deterministic transcript of about `chars` characters with speaker turns.
pub fn transcript(seed: u64, chars: usize) -> String {
    let mut rng = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut text = String::with_capacity(chars + 200);
    let mut count = 0;
    while count < chars {
        let speaker = match next() % 4 {
            0 => "Intervjuer".to_string(),
            n => format!("Informant {n}"),
        };
        let mut turn = format!("{speaker}: ");
        let words = 20 + next() % 80;
        for i in 0..words {
            let w = WORDS[(next() % WORDS.len() as u64) as usize];
            if i > 0 {
                turn.push(' ');
            }
            turn.push_str(w);
            if next() % 11 == 0 {
                turn.push_str(if next() % 3 == 0 { "?" } else { "." });
            }
        }
        turn.push_str(".\n\n");
        count += turn.chars().count();
        text.push_str(&turn);
    }
    text
}

/// Write `n` generated transcripts as .txt files into `dir`.
pub fn write_corpus(dir: &Path, n: usize, chars: usize) -> Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    (0..n)
        .map(|i| {
            let path = dir.join(format!("intervju-{i:03}.txt"));
            std::fs::write(&path, transcript(i as u64 + 1, chars))?;
            Ok(path)
        })
        .collect()
}

/// A project in `dir/project` of `n_docs` generated transcripts (written
/// as files to `dir/corpus` and imported as a user would) with `codings`
/// codings spread over `codes` codes.
pub fn corpus_project(
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

/// Spread `n` codings over every document and `codes` codes.
pub fn add_codings(project: &mut Project, n: usize, codes: usize) -> Result<()> {
    let mut code_ids = Vec::new();
    for i in 0..codes {
        let name = format!("Kode {i}");
        code_ids.push(
            project
                .execute(Command::CreateCode {
                    name,
                    parent: None,
                    colour: None,
                    description: String::new(),
                })?
                .ids[0],
        );
    }
    let docs = project.documents()?;
    let mut commands = Vec::with_capacity(n);
    for i in 0..n {
        let d = &docs[i % docs.len()];
        let start = (i * 7919) % d.chars.saturating_sub(400).max(1);
        let end = (start + 40 + i % 300).min(d.chars);
        commands.push(Command::ApplyCoding {
            doc: d.id,
            code: code_ids[i % codes],
            start,
            end,
            memo: String::new(),
        });
    }
    project.execute(Command::Batch {
        label: "bench codings".into(),
        commands,
    })?;
    Ok(())
}

fn import(n_docs: usize, chars: usize, n_codings: usize) -> Result<String> {
    let tmp = tempdir()?;
    let files = write_corpus(&tmp.join("corpus"), n_docs, chars)?;
    let mut out = String::new();
    writeln!(
        out,
        "tema bench import: {n_docs} transcripts x {chars} chars"
    )?;

    let mut project = Project::create(&tmp.join("project"), "bench")?;
    let t = Instant::now();
    // The import the CLI and the GUI run: read all, then store as one step.
    use crate::import::{ImportOptions, batch};
    let docs = batch::read_documents(&files, &ImportOptions::default(), |_| {})?;
    let parsed = t.elapsed();
    batch::store_documents(&mut project, docs, &batch::StoreOptions::default())?;
    let total = t.elapsed();
    let total_chars: usize = project.documents()?.iter().map(|d| d.chars).sum();
    writeln!(
        out,
        "  import (read + parse + store): {:>8.0} ms  (parse {:.0} ms; {:.1} M chars)  target < 3000 ms",
        ms(total),
        ms(parsed),
        total_chars as f64 / 1e6
    )?;

    add_codings(&mut project, n_codings, 60)?;
    drop(project);
    let mut opens = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let p = Project::open(&tmp.join("project"))?;
        let docs = p.documents()?;
        let tree = p.codebook()?;
        let first = p.text(docs[0].id)?;
        std::hint::black_box((docs.len(), tree.len(), first.len()));
        opens.push(t.elapsed());
    }
    writeln!(
        out,
        "  open project ({n_codings} codings; documents + codebook + first text): p50 {:.1} ms, max {:.1} ms  target < 300 ms",
        percentile(&mut opens, 50.0),
        percentile(&mut opens, 100.0)
    )?;

    let mut project = Project::open(&tmp.join("project"))?;
    let doc = project.documents()?[0].clone();
    let code = project.codes()?[0].id;
    let mut applies = Vec::new();
    for i in 0..200 {
        let start = 10 + i * 37;
        let t = Instant::now();
        project.execute(Command::ApplyCoding {
            doc: doc.id,
            code,
            start,
            end: start + 25,
            memo: String::new(),
        })?;
        applies.push(t.elapsed());
    }
    writeln!(
        out,
        "  apply one coding (persisted, WAL): p50 {:.2} ms, p99 {:.2} ms  target < 5 ms",
        percentile(&mut applies, 50.0),
        percentile(&mut applies, 99.0)
    )?;
    std::fs::remove_dir_all(&tmp)?;
    Ok(out)
}

/// A fresh scratch directory for a benchmark.
pub fn tempdir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("tema-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// `tema bench themes`: a generated project with 120 codes, 40 themes and
/// 20,000 codings across 20 group interviews; times `coverage_matrix` (the
/// target is under 50 ms) and `themes`.
pub fn bench_matrix() -> String {
    match bench_matrix_inner() {
        Ok(report) => report,
        Err(e) => format!("bench themes failed: {e:#}\n"),
    }
}

fn bench_matrix_inner() -> Result<String> {
    use std::fmt::Write;
    use std::time::Instant;

    let dir = std::env::temp_dir().join(format!("tema-bench-themes-{}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<String> {
        let mut out = String::new();
        let t0 = Instant::now();
        let p = themes_project(&dir)?;
        writeln!(
            out,
            "built {} documents, {} participants, {} codes, {} themes, {} codings in {:.1} s",
            THEMES_BENCH.docs,
            THEMES_BENCH.docs * 5,
            THEMES_BENCH.codes,
            THEMES_BENCH.themes,
            THEMES_BENCH.codings,
            t0.elapsed().as_secs_f64()
        )?;
        let time = |f: &dyn Fn() -> Result<()>| -> Result<f64> {
            f()?; // warm the statement cache and the page cache
            let mut best = f64::MAX;
            for _ in 0..5 {
                let t = Instant::now();
                f()?;
                best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            }
            Ok(best)
        };
        let by_participant = time(&|| p.coverage_matrix(None).map(|_| ()))?;
        let by_sector = time(&|| p.coverage_matrix(Some("sector")).map(|_| ()))?;
        let list = time(&|| p.themes().map(|_| ()))?;
        writeln!(
            out,
            "coverage_matrix by participant: {by_participant:.1} ms (target < 50 ms)"
        )?;
        writeln!(out, "coverage_matrix by sector: {by_sector:.1} ms")?;
        writeln!(out, "themes: {list:.1} ms")?;
        Ok(out)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The size of the generated themes project.
pub struct ThemesBenchSize {
    pub docs: usize,
    pub codes: usize,
    pub themes: usize,
    pub codings: usize,
}

pub const THEMES_BENCH: ThemesBenchSize = ThemesBenchSize {
    docs: 20,
    codes: 120,
    themes: 40,
    codings: 20_000,
};

/// A generated project in `dir` (created): 20 group interviews of five
/// informants (with sector and group attributes), 120 codes, 20,000
/// codings, 40 themes of 3-5 codes (every third final; some codes in two
/// themes). Shared by `tema bench themes` and the themes board's frame bench.
pub fn themes_project(dir: &Path) -> Result<Project> {
    use crate::import::ParsedTurn;
    use crate::model::ThemeStatus;
    use crate::store::{NewParticipant, ThemeCommand};

    const DOCS: usize = THEMES_BENCH.docs;
    const TURNS: usize = 200;
    const CODES: usize = THEMES_BENCH.codes;
    const THEMES: usize = THEMES_BENCH.themes;
    const CODINGS: usize = THEMES_BENCH.codings;
    {
        let mut p = Project::create(dir, "bench themes")?;
        // Group interviews: an interviewer and five informants taking turns.
        let sentence =
            "Vi i skolen vet ofte ikke hva barnevernet gjør, og taushetsplikten står i veien. ";
        let mut documents = Vec::new();
        let mut participants = Vec::new();
        for d in 0..DOCS {
            let mut text = String::new();
            let mut turns = Vec::new();
            for t in 0..TURNS {
                let label = if t % 2 == 0 {
                    "Intervjuer".to_string()
                } else {
                    format!("Informant {}", t / 2 % 5 + 1)
                };
                let start = text.chars().count();
                text.push_str(&format!("{label}: "));
                let body_start = text.chars().count();
                for _ in 0..(1 + t % 4) {
                    text.push_str(sentence);
                }
                let end = text.chars().count();
                text.push_str("\n\n");
                turns.push(ParsedTurn {
                    start,
                    body_start,
                    end,
                    speaker: Some(label),
                    timestamp: None,
                });
            }
            let speakers = (1..=5)
                .map(|i| (format!("Informant {i}"), format!("G{d}-P{i}")))
                .collect();
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
            documents.push(NewDocument {
                name: format!("Gruppeintervju {}", d + 1),
                source_name: format!("gruppe{}.txt", d + 1),
                format: "txt".into(),
                sha256: format!("bench-{d}"),
                participants: Vec::new(),
                speakers,
                text,
                turns,
            });
        }
        let doc_turns: Vec<Vec<ParsedTurn>> = documents.iter().map(|d| d.turns.clone()).collect();
        let docs = p
            .execute(Command::Import {
                documents,
                participants,
            })?
            .ids;
        let codes = (0..CODES)
            .map(|i| Command::CreateCode {
                name: format!("Kode {i}"),
                parent: None,
                colour: None,
                description: String::new(),
            })
            .collect();
        let codes = p
            .execute(Command::Batch {
                label: "create codes".into(),
                commands: codes,
            })?
            .ids;
        // Codings spread over every document, turn and code; distinct spans.
        let codings = (0..CODINGS)
            .map(|i| {
                let d = i % DOCS;
                let turn = &doc_turns[d][(i / DOCS) % TURNS];
                let offset = (i / (DOCS * TURNS)) % 20;
                let start = turn.body_start + offset;
                Command::ApplyCoding {
                    doc: docs[d],
                    code: codes[(i * 7) % CODES],
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
        // 40 themes of 3-5 codes each (some codes sit in two themes): 8
        // top-level themes with 4 sub-themes each, the tops linked in a
        // chain on the map. A batch cannot name ids it creates, so the
        // sub-themes come in a second batch.
        let create = |range: std::ops::Range<usize>, parent: &dyn Fn(usize) -> Option<i64>| {
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
        const TOPS: usize = THEMES / 5;
        let mut themes = p
            .execute(Command::Batch {
                label: "create themes".into(),
                commands: create(0..TOPS, &|_| None),
            })?
            .ids;
        let tops = themes.clone();
        themes.extend(
            p.execute(Command::Batch {
                label: "create sub-themes".into(),
                commands: create(TOPS..THEMES, &|t| Some(tops[t % TOPS])),
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
                    code: codes[(t * 3 + k) % CODES],
                    why: None,
                }));
            }
        }
        p.execute(Command::Batch {
            label: "fill themes".into(),
            commands: adds,
        })?;
        Ok(p)
    }
}
