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
    /// Files read for import: documents, and one message per file that failed.
    Imported {
        documents: Vec<ParsedDocument>,
        errors: Vec<String>,
    },
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

    /// Read files with the importers on a thread.
    pub fn start_import(&mut self, paths: Vec<PathBuf>, ctx: &egui::Context) {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = paths.len();
        let counter = done.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut documents = Vec::new();
            let mut errors = Vec::new();
            for path in paths {
                match read_one(&path) {
                    Ok(d) => documents.push(d),
                    Err(e) => errors.push(e),
                }
                counter.fetch_add(1, Ordering::Relaxed);
                ctx.request_repaint();
            }
            let _ = tx.send(JobResult::Imported { documents, errors });
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

/// Read one file, turning an importer panic into a message naming the file.
fn read_one(path: &std::path::Path) -> Result<ParsedDocument, String> {
    let opts = ImportOptions::default();
    let result = std::panic::catch_unwind(|| crate::import::read_document(path, &opts));
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!(
            "importing '{}': {}",
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned()
            ),
            s::IMPORT_UNAVAILABLE
        )),
    }
}
