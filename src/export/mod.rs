//! Exports of the analysis: the thematic map as SVG/PNG (`map`).

pub mod map;
