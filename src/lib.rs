//! `planner`: queueing models of app backends, from YAML descriptions to
//! headroom, upgrade timing and cost.
//!
//! The crate is a pipeline, one module a stage: `input` reads files,
//! `network` validates them into a model, `queue` holds the queueing
//! mathematics, `solve` the analytic network solver, `render` formats results,
//! `commands` runs each command and `cli` wires them into the parser. The
//! library never prints; `main.rs` does.

pub mod cli;
pub mod commands;
pub mod crosscheck;
pub mod error;
pub mod exit;
pub mod fit;
pub mod input;
pub mod network;
pub mod output;
pub mod queue;
pub mod render;
pub mod sim;
pub mod solve;

pub use error::{Error, InputError, Origin};
pub mod assess;
pub mod catalog;
pub mod check;
pub mod compare;
pub mod profile;
pub mod scenarios;
pub mod schema;
pub mod timeline;
pub mod units;
