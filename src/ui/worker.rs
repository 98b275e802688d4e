//! A background thread for one panel of one project: requests go in through
//! a channel, replies come back through another and wake the UI, so slow
//! work (searching, detecting identifiers) never blocks a frame.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

pub struct Worker<Req, Rep> {
    /// The project the thread works on (a new project needs a new worker).
    pub dir: PathBuf,
    pub tx: Sender<Req>,
    pub rx: Receiver<Rep>,
}

impl<Req: Send + 'static, Rep: Send + 'static> Worker<Req, Rep> {
    /// Start `run` on its own thread; it ends when the worker is dropped
    /// (its request channel closes).
    pub fn start(
        name: &str,
        dir: &Path,
        ctx: egui::Context,
        run: fn(&Path, Receiver<Req>, Sender<Rep>, egui::Context),
    ) -> Self {
        let (tx, requests) = channel::<Req>();
        let (replies, rx) = channel::<Rep>();
        let owned = dir.to_path_buf();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || run(&owned, requests, replies, ctx))
            .unwrap_or_else(|e| panic!("spawning the {name} thread: {e}"));
        Worker {
            dir: dir.to_path_buf(),
            tx,
            rx,
        }
    }

    /// Make sure `slot` holds a worker on `dir`, starting one when it holds
    /// none or one for another project (dropping the old one ends it).
    /// True when a new worker was started, so the panel resets its state.
    pub fn ensure(
        slot: &mut Option<Self>,
        name: &str,
        dir: &Path,
        ctx: &egui::Context,
        run: fn(&Path, Receiver<Req>, Sender<Rep>, egui::Context),
    ) -> bool {
        if slot.as_ref().is_some_and(|w| w.dir == dir) {
            return false;
        }
        *slot = Some(Self::start(name, dir, ctx.clone(), run));
        true
    }
}
