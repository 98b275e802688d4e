//! `tema bench ...`: which benchmark to run. The binary hands the choice to
//! `tema::bench::run` (the benchmarks sit above the CLI; it does not call them).

use clap::Subcommand;

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
    /// Merge two coders' copies of 200 transcripts (10,000 codings each);
    /// count check, integrity, undo.
    Merge {
        #[arg(long, default_value_t = 10_000)]
        codings: usize,
    },
}
