//! The method around the analysis from the command line: the reflexive
//! journal, the phase tracker, the thematic map and the checklist.

use super::{say, show};
use crate::Project;
use crate::app::method;
use crate::model::{Id, JournalLink, MapNodeRef};
use crate::store::JournalFilter;
use anyhow::Result;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum JournalCmd {
    /// Add a dated entry (phase defaults to the current phase, date to today).
    Add {
        text: String,
        #[arg(long)]
        phase: Option<u8>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        doc: Vec<String>,
        #[arg(long)]
        code: Vec<String>,
        #[arg(long)]
        theme: Vec<String>,
    },
    List {
        #[arg(long)]
        phase: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    Delete {
        entry: Id,
    },
}

#[derive(Subcommand, Debug)]
pub enum PhaseCmd {
    /// Say which phase (1-6) the analysis is in now.
    Set {
        phase: u8,
        #[arg(long, default_value = "")]
        note: String,
    },
    History {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum MapCmd {
    /// Link theme A to theme B with LABEL (--remove to unlink).
    Edge {
        a: String,
        b: String,
        #[arg(default_value = "")]
        label: String,
        #[arg(long)]
        remove: bool,
    },
    /// Place a theme at X Y on the map.
    Place { theme: String, x: f64, y: f64 },
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Save the map as FILE.svg or FILE.png (final and candidate themes,
    /// sub-themes and links, as placed in the GUI).
    Export {
        #[arg(short, long)]
        output: PathBuf,
        /// Width of a PNG in pixels.
        #[arg(long)]
        width: Option<u32>,
        /// Show the codes of each theme too.
        #[arg(long)]
        codes: bool,
        /// Show discarded themes too.
        #[arg(long)]
        discarded: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ChecklistCmd {
    List {
        #[arg(long)]
        json: bool,
    },
    /// Tick item N (1-15); --undo unticks it.
    Tick {
        item: u8,
        #[arg(long)]
        undo: bool,
        #[arg(long)]
        note: Option<String>,
    },
}

pub fn journal(project: &mut Project, action: JournalCmd) -> Result<()> {
    match action {
        JournalCmd::Add {
            text,
            phase,
            date,
            doc,
            code,
            theme,
        } => {
            let links = journal_links(project, &doc, &code, &theme)?;
            say(method::add_journal(project, &text, phase, date, links)?.label)
        }
        JournalCmd::List { phase, json } => {
            let filter = JournalFilter {
                phase,
                ..Default::default()
            };
            show(&project.journal(&filter)?, json, |entries| {
                for e in entries {
                    let phase = e.phase.map(|p| format!(" phase {p}")).unwrap_or_default();
                    println!("{:>4} {}{phase}: {}", e.id, e.date, e.text);
                }
            })
        }
        JournalCmd::Delete { entry } => say(method::delete_journal(project, entry)?.label),
    }
}

/// What a journal entry is about: documents, codes and themes by name.
fn journal_links(
    project: &Project,
    docs: &[String],
    codes: &[String],
    themes: &[String],
) -> Result<Vec<JournalLink>> {
    let mut links = Vec::new();
    for d in docs {
        links.push(JournalLink::Document(project.resolve_doc(d)?));
    }
    for c in codes {
        links.push(JournalLink::Code(project.resolve_code(c)?));
    }
    for t in themes {
        links.push(JournalLink::Theme(project.resolve_theme(t)?));
    }
    Ok(links)
}

pub fn phase(project: &mut Project, action: PhaseCmd) -> Result<()> {
    match action {
        PhaseCmd::Set { phase, note } => say(method::set_phase(project, phase, &note)?.label),
        PhaseCmd::History { json } => show(&project.phase_history()?, json, |history| {
            for h in history {
                println!("{}  {} {}  {}", h.at, h.phase, h.name, h.note);
            }
        }),
    }
}

pub fn map(project: &mut Project, action: MapCmd) -> Result<()> {
    let t = |p: &Project, name: &str| p.resolve_theme(name);
    match action {
        MapCmd::Edge {
            a,
            b,
            label,
            remove,
        } => {
            let (from, to) = (t(project, &a)?, t(project, &b)?);
            let done = if remove {
                method::unlink_themes(project, from, to, Some(label))?
            } else {
                method::link_themes(project, from, to, &label)?
            };
            say(done.label)
        }
        MapCmd::Place { theme, x, y } => {
            let node = MapNodeRef::Theme(t(project, &theme)?);
            say(method::place(project, node, x, y)?.label)
        }
        MapCmd::Export {
            output,
            width,
            codes,
            discarded,
        } => {
            let opts = crate::export::map::MapOptions {
                show_codes: codes,
                show_discarded: discarded,
            };
            crate::app::exports::map(project, &output, &opts, width)?;
            say(format!("saved the map as {}", output.display()))
        }
        MapCmd::Show { json } => show(&project.map()?, json, print_map),
    }
}

fn print_map(map: &crate::model::ThematicMap) {
    for n in &map.nodes {
        let at = match (n.x, n.y) {
            (Some(x), Some(y)) => format!("({x}, {y})"),
            _ => "(not placed)".into(),
        };
        println!("{} {at}", n.label);
    }
    let name = |id: Id| {
        map.nodes
            .iter()
            .find(|n| n.node == MapNodeRef::Theme(id))
            .map_or(String::new(), |n| n.label.clone())
    };
    for e in &map.edges {
        println!("{} —{}→ {}", name(e.from), e.label, name(e.to));
    }
}

pub fn checklist(project: &mut Project, action: ChecklistCmd) -> Result<()> {
    match action {
        ChecklistCmd::List { json } => show(&project.checklist()?, json, |items| {
            for i in items {
                let mark = if i.done { "x" } else { " " };
                println!("[{mark}] {:>2}. ({}) {}", i.item, i.stage, i.text);
            }
        }),
        ChecklistCmd::Tick { item, undo, note } => {
            say(method::tick(project, item, !undo, note)?.label)
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum PassCmd {
    /// Start the next pass: shuffled (the default), reversed, or DOC,DOC,... by hand.
    Start {
        #[arg(long, default_value = "shuffled")]
        order: String,
        /// Seed of the shuffle (default: from the clock; printed).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Every pass with its order of documents and its progress.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Compare pass A with pass B: codes new in B, text coded only in one.
    Compare {
        a: i64,
        b: i64,
        #[arg(long)]
        json: bool,
    },
}

pub fn pass(project: &mut Project, action: PassCmd) -> Result<()> {
    match action {
        PassCmd::Start { order, seed } => {
            let order = pass_order(project, &order, seed)?;
            say(method::start_pass(project, order)?.label)
        }
        PassCmd::List { json } => show(&project.passes()?, json, |passes| {
            for p in passes {
                let seed = p.seed.map(|s| format!(", seed {s}")).unwrap_or_default();
                println!(
                    "pass {} ({}{seed}), {} codings",
                    p.number, p.ordering, p.codings
                );
                for d in &p.documents {
                    let pct = (d.progress * 100.0).round();
                    println!(
                        "  {:>3}. {}  {} codings, {pct}% through",
                        d.position + 1,
                        d.doc,
                        d.codings
                    );
                }
            }
        }),
        PassCmd::Compare { a, b, json } => show(&project.compare_passes(a, b)?, json, |c| {
            println!("codes new in pass {}: {}", c.b, c.codes_new_in_b.join(", "));
            for d in &c.documents {
                println!(
                    "  {}: {} / {} codings; chars only in {}: {}, only in {}: {}, in both: {}",
                    d.doc,
                    d.codings_a,
                    d.codings_b,
                    c.a,
                    d.chars_only_a,
                    c.b,
                    d.chars_only_b,
                    d.chars_both
                );
            }
        }),
    }
}

/// `shuffled`, `reversed`, or document names/ids separated by commas.
fn pass_order(project: &Project, order: &str, seed: Option<u64>) -> Result<method::PassOrder> {
    Ok(match order {
        "shuffled" => {
            let seed = seed.unwrap_or_else(clock_seed);
            println!("shuffled with seed {seed}");
            method::PassOrder::Shuffled { seed }
        }
        "reversed" => method::PassOrder::Reversed,
        docs => {
            let names: Vec<String> = docs.split(',').map(|d| d.trim().to_string()).collect();
            let ids = super::resolve_all(&names, |d| project.resolve_doc(d))?;
            method::PassOrder::Chosen(ids)
        }
    })
}

fn clock_seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.map_or(0, |d| d.as_nanos() as u64)
}

/// Mark a turn (1-based) or the whole document read.
pub fn read(project: &mut Project, doc: &str, turn: Option<usize>, read: bool) -> Result<()> {
    let doc = project.resolve_doc(doc)?;
    let turns = match turn {
        Some(0) => anyhow::bail!("turns are numbered from 1"),
        Some(n) => Some(vec![n - 1]),
        None => None,
    };
    say(method::mark_read(project, doc, turns, read)?.label)
}
