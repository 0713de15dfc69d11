//! Reading input files: bounded, located, never panicking.
//!
//! `yaml` turns a file into raw serde types with every syntax error located;
//! `Ctx` builds the validation errors that later stages raise, pointing at the
//! line and column of the offending value.

pub mod suggest;
pub mod yaml;

pub use yaml::{Ctx, Spanned, load_yaml, parse_yaml};
