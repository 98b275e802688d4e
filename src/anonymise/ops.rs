//! The anonymisation changes are store commands (`crate::store::anon_ops`);
//! re-exported here for the anonymiser's callers, with the apply op that
//! carries the anonymiser's planner.

pub use crate::store::anon_ops::{
    AnonOp, AuditRow, EntityDecision, FieldEdit, NewRule, entity_key, run, scrub_columns,
};

/// The op that replaces every accepted identifier, planned inside its
/// transaction (`run` and `at` name the audit rows).
pub fn apply(run: String, at: String) -> AnonOp {
    AnonOp::Apply {
        run,
        at,
        apply: |tx, run, at| super::apply::apply_in(tx, run, at),
    }
}
