//! Output: the formats and flags every report command shares, what a command
//! produced, and writing it to a file atomically, never over an input file.
//! Commands sit above this module and import from it; it imports none of them.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::Error;

/// Writes `text` to `path` through a temporary file in the same directory,
/// renamed into place. Refuses to overwrite any of `inputs`.
pub fn write_file_atomically(path: &Path, text: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    let target = path.display().to_string();
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(out) = canonical(path)
        && inputs.iter().any(|i| canonical(i).as_ref() == Some(&out))
    {
        return Err(Error::Usage(format!(
            "--output {target} names an input file; refusing to overwrite it"
        )));
    }
    let fail = |e: std::io::Error| Error::Output {
        target: target.clone(),
        reason: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always (table output only).
    Always,
    /// Never.
    Never,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people, with units in the headers.
    Table,
    /// JSON for machines: a versioned contract.
    Json,
    /// Markdown, for pull-request comments and documents.
    Markdown,
    /// One self-contained HTML file to share (`planner assess` only; with
    /// `-o report.html`): charts as inline SVG, no scripts, nothing fetched.
    Html,
}

impl Format {
    /// The error for `--format html` on a command that has no HTML form.
    pub fn html_unsupported(command: &str) -> Error {
        Error::Usage(format!(
            "--format html is for `planner assess`; `planner {command}` takes table, json or markdown"
        ))
    }
}

/// Where output goes and how it looks.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the output to FILE (written atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Progress sink: `(done, total)` in the command's own units.
pub type ProgressSink<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What a command produced: the text to write and the exit code.
#[derive(Debug)]
pub struct Outcome {
    /// The rendered output.
    pub text: String,
    /// Where it goes (`None`: stdout).
    pub output: Option<PathBuf>,
    /// Input files, which output must never overwrite.
    pub inputs: Vec<PathBuf>,
    /// Exit code (see [`crate::exit`]).
    pub exit_code: u8,
    /// Text for a terminal (a table format), which may be coloured.
    pub colorable: bool,
}

/// The outcome of a report command: `text` to `out`'s destination.
pub fn outcome(text: String, out: &OutputArgs, inputs: &[&Path], exit_code: u8) -> Outcome {
    Outcome {
        text,
        output: out.output.clone().filter(|p| p.as_os_str() != "-"),
        inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
        exit_code,
        colorable: out.format == Format::Table,
    }
}
