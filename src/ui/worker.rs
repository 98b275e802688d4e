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
}
