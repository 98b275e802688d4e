//! `tema bench ...`: benchmarks that generate their own data and print figures.

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum BenchCmd {
    /// Import 200 generated transcripts; open a project with 20,000 codings; apply one coding.
    Import {
        #[arg(long, default_value_t = 200)]
        docs: usize,
        #[arg(long, default_value_t = 55_000)]
        chars: usize,
    },
}

pub fn run(what: BenchCmd) -> Result<()> {
    match what {
        BenchCmd::Import { docs, chars } => print!("{}", import_bench(docs, chars)?),
    }
    Ok(())
}

fn import_bench(_docs: usize, _chars: usize) -> Result<String> {
    anyhow::bail!("not yet")
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
    use crate::Project;
    use crate::import::ParsedTurn;
    use crate::model::ThemeStatus;
    use crate::store::{Command, NewDocument, NewParticipant, ThemeCommand};
    use std::fmt::Write;
    use std::time::Instant;

    const DOCS: usize = 20;
    const TURNS: usize = 200;
    const CODES: usize = 120;
    const THEMES: usize = 40;
    const CODINGS: usize = 20_000;
    let dir = std::env::temp_dir().join(format!("tema-bench-themes-{}", uuid::Uuid::new_v4()));
    let result = (|| -> Result<String> {
        let mut out = String::new();
        let t0 = Instant::now();
        let mut p = Project::create(&dir, "bench themes")?;
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
        // 40 themes of 3-5 codes each; some codes sit in two themes.
        let mut theme_cmds = Vec::new();
        for t in 0..THEMES {
            theme_cmds.push(Command::Theme(ThemeCommand::CreateTheme {
                name: format!("Tema {t}"),
                status: if t % 3 == 0 {
                    ThemeStatus::Final
                } else {
                    ThemeStatus::Candidate
                },
                definition: String::new(),
                parent: None,
            }));
        }
        let themes = p
            .execute(Command::Batch {
                label: "create themes".into(),
                commands: theme_cmds,
            })?
            .ids;
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
        writeln!(
            out,
            "built {DOCS} documents, {} participants, {CODES} codes, {THEMES} themes, {CODINGS} codings in {:.1} s",
            DOCS * 5,
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
