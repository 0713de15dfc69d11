//! Queueing formulas: pure functions of plain numbers, no I/O.
pub mod dist;
