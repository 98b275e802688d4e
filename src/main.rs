//! `tema` with no arguments opens the GUI on the sample project; with a
//! command it runs headless (see `tema --help`).

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = tema::cli::Cli::parse();
    let result = if cli.command.is_none() {
        tema::ui::run(cli.project)
    } else {
        tema::cli::run(cli)
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tema: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
