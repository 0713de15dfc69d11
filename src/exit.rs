//! Process exit codes: the contract CI pipelines script against.
//!
//! Defined once here, documented in the README, each pinned by a CLI test.

/// Everything ran and every check passed.
pub const SUCCESS: u8 = 0;
/// The command ran, but a capacity check failed (`planner check`).
pub const CHECK_FAILED: u8 = 1;
/// The input was invalid: a bad file, key, value or command-line usage.
pub const INVALID_INPUT: u8 = 2;
/// A bug in `planner` itself; please report it.
pub const INTERNAL_ERROR: u8 = 3;
