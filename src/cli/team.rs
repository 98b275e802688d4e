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

/// How `tema merge --resolve` decides every conflict.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ResolveArg {
    Mine,
    Theirs,
    Both,
}

impl From<ResolveArg> for crate::store::Resolve {
    fn from(r: ResolveArg) -> Self {
        match r {
            ResolveArg::Mine => crate::store::Resolve::Mine,
            ResolveArg::Theirs => crate::store::Resolve::Theirs,
            ResolveArg::Both => crate::store::Resolve::Both,
        }
    }
}

/// Exit 2 (after listing them) while conflicts are undecided.
pub fn merge(
    project: &mut crate::Project,
    other: &std::path::Path,
    resolve: Option<ResolveArg>,
    json: bool,
) -> Result<()> {
    let report = app::team::merge(project, other, resolve.map(Into::into))?;
    show(&report, json, |r| {
        for c in &r.conflicts {
            let how = c
                .resolved
                .map_or("undecided".to_string(), |h| format!("{h:?}").to_lowercase());
            println!(
                "conflict ({}): {}: mine '{}', theirs '{}' [{how}]",
                c.kind, c.what, c.mine, c.theirs
            );
        }
        println!(
            "{} documents, {} codes, {} codings, {} themes, {} notes added{}",
            r.documents,
            r.codes,
            r.codings,
            r.themes,
            r.notes,
            if r.applied { "" } else { " (nothing changed)" }
        );
    })?;
    if report.undecided() > 0 {
        eprintln!(
            "{} conflict(s) undecided: nothing was merged; choose --resolve mine|theirs|both",
            report.undecided()
        );
        std::process::exit(2);
    }
    Ok(())
}

pub fn compare(
    project: &crate::Project,
    coders: &[String],
    code: Option<&str>,
    doc: Option<&str>,
    json: bool,
) -> Result<()> {
    let [a, b] = coders else {
        anyhow::bail!("compare two coders: --coder A --coder B");
    };
    let code = code.map(|c| project.resolve_code(c)).transpose()?;
    let doc = doc.map(|d| project.resolve_doc(d)).transpose()?;
    let cmp = app::team::compare(project, a, b, code, doc)?;
    show(&cmp, json, |cmp| {
        println!("{} and {} (unit: one character)", cmp.coder_a, cmp.coder_b);
        for c in &cmp.codes {
            let kappa = c.agreement.kappa.map_or("-".into(), |k| format!("{k:.3}"));
            println!(
                "{}: {} overlapping, {} only {}, {} only {}; agreement {:.1} %, kappa {kappa}",
                c.code,
                c.both.len(),
                c.only_a.len(),
                cmp.coder_a,
                c.only_b.len(),
                cmp.coder_b,
                c.agreement.percent
            );
        }
    })
}
