//! `planner`: queueing models of app backends, from YAML descriptions to
//! headroom, upgrade timing and cost.
//!
//! The crate is a pipeline, one module a stage: `input` reads and validates
//! files, `network` holds the validated model, `queue` is the queueing
//! mathematics, `solve` the analytic network solver, `render` formats results.
//! The library never prints; `main.rs` does.

pub mod error;
pub mod exit;
pub mod input;
pub mod network;
pub mod queue;
pub mod sim;
pub mod solve;

pub use error::{Error, InputError, Origin};
