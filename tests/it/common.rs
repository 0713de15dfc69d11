//! Helpers shared by the tests that run the real `planner` binary.

use std::path::Path;
use std::process::{Command, Output};

/// The repository root (examples, tests/data and the README live there).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built binary in `dir` with `args`.
pub fn planner_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the planner binary runs")
}

/// Runs the built binary from the repository root.
pub fn planner(args: &[&str]) -> Output {
    planner_in(root(), args)
}

/// Bytes of an output stream as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
