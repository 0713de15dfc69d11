//! The commands that belong to no single stage: each module owns its
//! arguments (clap), its run and its choice of renderer. `cli.rs` only wires
//! them into the clap enum; nothing here imports `cli`. (The stage commands
//! keep theirs beside their stage: `check`, `compare`, `timeline`.)

pub mod assess;
pub mod init;
pub mod simulate;
pub mod solve;
pub mod tiers;

use crate::exit;
use crate::output::Outcome;

/// The outcome of a command that prints to stdout and reads no file.
pub fn stdout_outcome(text: String) -> Outcome {
    Outcome {
        text,
        output: None,
        inputs: Vec::new(),
        exit_code: exit::SUCCESS,
        colorable: false,
    }
}
