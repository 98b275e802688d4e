//! Team work: who I am (`tema coder`), merging a teammate's copy
//! (`tema merge`) and comparing coders (`tema compare`).

use super::{print_json, show};
use crate::app;
use anyhow::Result;

#[derive(clap::Subcommand, Debug)]
pub enum CoderCmd {
    /// Say who you are: kept for this user, outside every project.
    Set {
        name: String,
        /// Short initials for coding stripes (default: from the name).
        #[arg(long)]
        initials: Option<String>,
        /// #RRGGBB.
        #[arg(long)]
        colour: Option<String>,
    },
    /// Who tema records as the coder (`--coder`/`TEMA_CODER`, else the saved one).
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn coder(action: CoderCmd, named: Option<&str>) -> Result<()> {
    match action {
        CoderCmd::Set {
            name,
            initials,
            colour,
        } => {
            let c = app::coder::set(&name, initials.as_deref(), colour.as_deref())?;
            println!("you are {} ({}, {})", c.name, c.initials, c.colour);
            Ok(())
        }
        CoderCmd::Show { json } => {
            let c = app::coder::for_session(named)?;
            if json {
                return print_json(&c);
            }
            show(&c, false, |c| match c {
                Some(c) => println!("{} ({}, {})", c.name, c.initials, c.colour),
                None => println!("no coder set: tema coder set NAME"),
            })
        }
    }
}
