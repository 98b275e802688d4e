//! The codings of the open document as the viewer needs them: each with its
//! colour and a lane in the stripe margin, bucketed by display row so that a
//! row finds the codings overlapping it without scanning them all.

use super::markup::Row;
use crate::model::{Coding, Id};
use egui::Color32;
use std::collections::HashMap;

/// Stripes beyond this many side by side share the last lane.
pub const MAX_LANES: usize = 10;

#[derive(Debug, Clone)]
pub struct Span {
    pub coding: Id,
    pub code: Id,
    pub name: String,
    pub memo: String,
    /// The meaning unit's condensed meaning (empty: none).
    pub condensation: String,
    pub colour: Color32,
    pub start: usize,
    pub end: usize,
    pub lane: usize,
}

/// Codings of one document with a row → codings index.
#[derive(Debug, Default)]
pub struct CodingLayer {
    pub spans: Vec<Span>,
    /// For each row, indices into `spans` of the codings overlapping it.
    row_spans: Vec<Vec<u32>>,
    pub lanes: usize,
    /// Bumped on every rebuild, so caches can tell.
    pub version: u64,
}

impl CodingLayer {
    pub fn build(
        codings: &[Coding],
        colours: &HashMap<Id, Color32>,
        rows: &[Row],
        version: u64,
    ) -> Self {
        let mut spans: Vec<Span> = codings
            .iter()
            .map(|c| Span {
                coding: c.id,
                code: c.code_id,
                name: c.code.clone(),
                memo: c.memo.clone(),
                condensation: c.condensation.clone(),
                colour: colours.get(&c.code_id).copied().unwrap_or(Color32::GRAY),
                start: c.start,
                end: c.end,
                lane: 0,
            })
            .collect();
        // Longer codings first at equal starts, so they take the outer lanes.
        spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let lanes = assign_lanes(&mut spans, rows);
        let row_spans = bucket_by_row(&spans, rows);
        CodingLayer {
            spans,
            row_spans,
            lanes,
            version,
        }
    }

    /// Codings overlapping display row `row`.
    pub fn in_row(&self, row: usize) -> impl Iterator<Item = (usize, &Span)> {
        self.row_spans
            .get(row)
            .into_iter()
            .flatten()
            .map(|&i| (i as usize, &self.spans[i as usize]))
    }

    pub fn by_coding(&self, coding: Id) -> Option<&Span> {
        self.spans.iter().find(|s| s.coding == coding)
    }

    /// Codings covering char `offset`, innermost (shortest) first.
    pub fn at(&self, rows: &[Row], offset: usize) -> Vec<&Span> {
        let row = rows.partition_point(|r| r.end <= offset);
        let mut found: Vec<&Span> = self
            .in_row(row)
            .map(|(_, s)| s)
            .filter(|s| s.start <= offset && offset < s.end)
            .collect();
        found.sort_by_key(|s| s.end - s.start);
        found
    }
}

/// Greedy interval colouring over display rows: codings that share a row
/// sit side by side (their bars would overlap otherwise), each taking the
/// first lane free from its first row to its last.
fn assign_lanes(spans: &mut [Span], rows: &[Row]) -> usize {
    let row_of = |offset: usize| rows.partition_point(|r| r.end <= offset);
    let mut lane_ends: Vec<usize> = Vec::new(); // last row used + 1
    for s in spans.iter_mut() {
        let (first, last) = (row_of(s.start), row_of(s.end.saturating_sub(1)));
        let lane = match lane_ends.iter().position(|&e| e <= first) {
            Some(l) => l,
            None if lane_ends.len() < MAX_LANES => {
                lane_ends.push(0);
                lane_ends.len() - 1
            }
            None => MAX_LANES - 1,
        };
        lane_ends[lane] = lane_ends[lane].max(last + 1);
        s.lane = lane;
    }
    lane_ends.len()
}

fn bucket_by_row(spans: &[Span], rows: &[Row]) -> Vec<Vec<u32>> {
    let mut buckets = vec![Vec::new(); rows.len()];
    for (i, s) in spans.iter().enumerate() {
        let mut r = rows.partition_point(|row| row.end <= s.start);
        while r < rows.len() && rows[r].start < s.end {
            buckets[r].push(i as u32);
            r += 1;
        }
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::markup::split_rows;

    fn coding(id: Id, code: Id, start: usize, end: usize) -> Coding {
        Coding {
            id,
            uuid: String::new(),
            doc_id: 1,
            doc: "d".into(),
            code_id: code,
            code: format!("c{code}"),
            start,
            end,
            text: String::new(),
            memo: String::new(),
            participant: None,
            created_at: String::new(),
            pass: None,
            condensation: String::new(),
            coder: None,
        }
    }

    #[test]
    fn rows_find_their_codings_and_overlaps_get_lanes() {
        let text = "aaaa\nbbbb\ncccc\ndddd";
        let rows = split_rows(text, &[]);
        let codings = vec![
            coding(1, 1, 0, 12),
            coding(2, 2, 6, 8),
            coding(3, 3, 16, 18),
        ];
        let layer = CodingLayer::build(&codings, &HashMap::new(), &rows, 1);
        let ids = |r: usize| layer.in_row(r).map(|(_, s)| s.coding).collect::<Vec<_>>();
        assert_eq!(ids(0), vec![1]);
        assert_eq!(ids(1), vec![1, 2]);
        assert_eq!(ids(2), vec![1]);
        assert_eq!(ids(3), vec![3]);
        assert_eq!(layer.lanes, 2);
        assert_eq!(layer.by_coding(2).unwrap().lane, 1);
        assert_eq!(layer.by_coding(3).unwrap().lane, 0);
        let at7: Vec<Id> = layer.at(&rows, 7).iter().map(|s| s.coding).collect();
        assert_eq!(at7, vec![2, 1]);
        // Two codings on one row never share a lane, even when apart.
        let same_row = vec![coding(4, 1, 0, 2), coding(5, 2, 3, 4)];
        let layer = CodingLayer::build(&same_row, &HashMap::new(), &rows, 2);
        assert_eq!(layer.by_coding(5).unwrap().lane, 1);
    }
}
