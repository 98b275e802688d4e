//! `tema` with no command opens the GUI (on the sample study unless a
//! project is given with -p or TEMA_PROJECT); with a command it runs
//! headless (see `tema --help`).

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = tema::cli::Cli::parse();
    let result = match cli.command {
        // The benchmarks are the top layer: nothing in the library calls them.
        Some(tema::cli::Cmd::Bench { what }) => tema::bench::run(what),
        Some(_) => tema::cli::run(cli),
        None => match cli.project {
            Some(dir) => tema::ui::run(Some(dir)),
            None => tema::sample::open_or_build()
                .and_then(|p| tema::ui::run(Some(p.dir().to_path_buf()))),
        },
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tema: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
