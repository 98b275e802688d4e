//! Background work with progress: long jobs (reading files to import) run
//! on a thread and report through a channel that the app polls each frame.
//! A panic in a job (an importer bug) becomes an error message, never a
//! crash of the window.

use super::strings as s;
use crate::import::{ImportOptions, ParsedDocument};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a finished job hands back.
pub enum JobResult {
    /// Files read for import: every document, or why one file could not
    /// be read (then nothing is imported, as on the command line).
    Imported(Result<Vec<ParsedDocument>, String>),
}

pub struct Job {
    pub label: String,
    pub done: Arc<AtomicUsize>,
    pub total: usize,
    rx: Receiver<JobResult>,
}

impl Job {
    pub fn progress(&self) -> f32 {
        if self.total == 0 {
            return 1.0;
        }
        self.done.load(Ordering::Relaxed) as f32 / self.total as f32
    }
}

#[derive(Default)]
pub struct Jobs {
    running: Vec<Job>,
}

impl Jobs {
    pub fn is_busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Read files with the importers on a thread (the CLI's reading: one
    /// bad file stops the batch).
    pub fn start_import(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = paths.len();
        let counter = done.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let read = crate::app::documents::read_files(&paths, &ImportOptions::default(), |n| {
                counter.store(n, Ordering::Relaxed);
                ctx.request_repaint();
            })
            .map_err(|e| s::import_refused(&e.to_string()));
            let _ = tx.send(JobResult::Imported(read));
            ctx.request_repaint();
        });
        self.running.push(Job {
            label: s::importing(0, total),
            done,
            total,
            rx,
        });
    }

    /// Finished jobs' results (call once per frame).
    pub fn poll(&mut self) -> Vec<JobResult> {
        let mut out = Vec::new();
        self.running.retain(|job| match job.rx.try_recv() {
            Ok(r) => {
                out.push(r);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => false,
        });
        out
    }

    /// Progress bars for running jobs.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        for job in &mut self.running {
            job.label = s::importing(job.done.load(Ordering::Relaxed), job.total);
            ui.add(
                egui::ProgressBar::new(job.progress())
                    .text(&job.label)
                    .desired_width(220.0),
            );
        }
    }
}
