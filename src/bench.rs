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
