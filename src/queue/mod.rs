//! Queueing formulas: pure functions of plain numbers, no I/O.
