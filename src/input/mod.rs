//! Reading input files: bounded, located, never panicking.
//!
//! `file` reads a regular file (or stdin) with a hard byte limit; `yaml`
//! turns it into raw serde types with every error located and naming its key
//! (`locate` finds the key at a position, `wording` words library messages;
//! `toml_key` does both for TOML files);
//! `Ctx` builds the validation errors that later stages raise, pointing at
//! the line and column of the offending value.

pub mod file;
pub mod locate;
pub mod suggest;
pub mod toml_key;
pub mod wording;
pub mod yaml;

pub use file::{FileKind, MAX_FILE_BYTES, read_text};
pub use yaml::{Ctx, Spanned, load_yaml, parse_yaml};
