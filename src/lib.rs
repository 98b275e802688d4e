//! tema: a workbench for reflexive thematic analysis of interview transcripts.
//!
//! The library owns the data; the GUI (`ui`) and the CLI (`cli`) are thin
//! layers over it. SQLite (`store`) is the single source of truth; the search
//! index (`search`) is derived from it and can always be rebuilt.

pub mod anonymise;
pub mod app;
pub mod bench;
pub mod cli;
pub mod export;
pub mod import;
pub mod model;
pub mod report;
pub mod sample;
pub mod search;
pub mod store;
pub mod text;
pub mod ui;
pub mod xml;

pub use store::Project;
