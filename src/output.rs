//! Output: the formats and flags every report command shares, what a command
//! produced, and writing it without ever destroying anything.
//!
//! A regular file (or a new path) is replaced atomically; a character device
//! (`/dev/null`, a terminal) or a pipe is written straight through; a
//! directory, a block device, a socket, an input of the run (every file read
//! from `--tiers DIR` included) and the path of another output are refused.
//! Commands sit above this module and import from it; it imports none of them.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use crate::error::Error;
use crate::input::FileKind;

/// Writes `text` to the output `path` (see [`write_output`]), named
/// `--output` in errors. Refuses to overwrite any of `inputs`.
pub fn write_file_atomically(path: &Path, text: &str, inputs: &[PathBuf]) -> Result<(), Error> {
    write_output(path, text, inputs, None)
}

/// How an output path is written.
#[derive(Debug)]
enum Destination {
    /// A regular file or a new path: a temporary file in the same folder,
    /// renamed over `target` (symbolic links resolved, so a link stays a
    /// link), keeping an existing file's permissions.
    Replace {
        target: PathBuf,
        permissions: Option<std::fs::Permissions>,
    },
    /// A character device or a pipe: opened for writing, never replaced.
    Stream,
}

/// Writes `text` to `path`: atomically over a regular file or a new path,
/// straight through to a character device or a pipe. `flag` names the
/// option in errors (`--chart`); `None` for the main output.
pub fn write_output(
    path: &Path,
    text: &str,
    inputs: &[PathBuf],
    flag: Option<&str>,
) -> Result<(), Error> {
    let dest = check_output(path, inputs, flag)?;
    let fail = |e: std::io::Error| Error::Output {
        target: target_name(path, flag),
        reason: e.to_string(),
    };
    match dest {
        Destination::Stream => {
            let mut f = OpenOptions::new().write(true).open(path).map_err(fail)?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.flush())
                .map_err(fail)
        }
        Destination::Replace {
            target,
            permissions,
        } => replace(&target, text, permissions).map_err(fail),
    }
}

/// How `path` is named in errors.
fn target_name(path: &Path, flag: Option<&str>) -> String {
    match flag {
        Some(f) => format!("{} ({f})", path.display()),
        None => path.display().to_string(),
    }
}

/// Checks, before anything is computed or written, that `path` may take an
/// output: not a folder, block device or socket, not an input of the run.
pub fn check_output_path(path: &Path, inputs: &[PathBuf], flag: Option<&str>) -> Result<(), Error> {
    check_output(path, inputs, flag).map(|_| ())
}

fn check_output(path: &Path, inputs: &[PathBuf], flag: Option<&str>) -> Result<Destination, Error> {
    let refuse = |reason: String| Error::Output {
        target: target_name(path, flag),
        reason,
    };
    if path.as_os_str().is_empty() {
        return Err(refuse("the file name is empty".into()));
    }
    if let Some(reason) = input_named_by(path, inputs) {
        return Err(refuse(reason));
    }
    match std::fs::metadata(path) {
        Ok(meta) => match FileKind::of_meta(&meta) {
            FileKind::Regular => Ok(Destination::Replace {
                target: std::fs::canonicalize(path).map_err(|e| refuse(e.to_string()))?,
                permissions: Some(meta.permissions()),
            }),
            FileKind::CharDevice | FileKind::Fifo => Ok(Destination::Stream),
            FileKind::Directory => Err(refuse(
                "it is a directory; give a file name (or - for stdout)".into(),
            )),
            kind => Err(refuse(format!(
                "it is {}; output goes to a regular file, a character device, a pipe or - (stdout)",
                kind.describe()
            ))),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(refuse(
                    "it is a symbolic link to a missing file; refusing to replace the link".into(),
                ));
            }
            let dir = parent_dir(path);
            match std::fs::metadata(dir) {
                Ok(m) if m.is_dir() => Ok(Destination::Replace {
                    target: path.to_path_buf(),
                    permissions: None,
                }),
                Ok(_) => Err(refuse(format!("{} is not a directory", dir.display()))),
                Err(e) => Err(refuse(format!("the folder {}: {e}", dir.display()))),
            }
        }
        Err(e) => Err(refuse(e.to_string())),
    }
}

/// The folder a new file at `path` goes in.
fn parent_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The identity of a file that exists: (device, inode) on Unix, the
/// canonical path elsewhere.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .map(|m| Identity::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(Identity::Path)
    }
}

/// Where `path` would be once written: the canonical path of an existing
/// file, else the canonical folder joined with the name.
fn resolved(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| {
        let dir = std::fs::canonicalize(parent_dir(path)).ok()?;
        Some(dir.join(path.file_name()?))
    })
}

/// Why `path` may not take output, if it names an input of the run. A
/// folder among `inputs` is a `--tiers` folder: every file the catalog reads
/// from it is an input, and so is any new `*.toml` in it (the next run would
/// read it as a tier).
fn input_named_by(path: &Path, inputs: &[PathBuf]) -> Option<String> {
    let out_id = identity(path);
    let out_path = resolved(path);
    let same = |p: &Path| {
        (out_id.is_some() && identity(p) == out_id)
            || (out_path.is_some() && resolved(p) == out_path)
    };
    let names = |what: String| {
        format!(
            "it names an input file of this run ({what}); refusing to overwrite it (choose another file)"
        )
    };
    for input in inputs {
        if crate::input::file::is_stdin(input) {
            continue;
        }
        if input.is_dir() {
            let files = crate::catalog::load::catalog_files(input).unwrap_or_default();
            if let Some(f) = files.iter().find(|f| same(f)) {
                return Some(names(format!("{}, read from --tiers", f.display())));
            }
            let in_dir = out_path
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                == std::fs::canonicalize(input).ok();
            if in_dir && path.extension().is_some_and(|x| x == "toml") {
                return Some(format!(
                    "it is a *.toml file in the --tiers folder {}, which the next run would read as a tier file; choose another file",
                    input.display()
                ));
            }
        } else if same(input) {
            return Some(names(input.display().to_string()));
        }
    }
    None
}

/// Refuses two outputs of one run that name the same file (a character
/// device such as `/dev/null` may take both).
pub fn check_distinct(a: (&str, &Path), b: (&str, &Path)) -> Result<(), Error> {
    let device = std::fs::metadata(a.1)
        .map(|m| FileKind::of_meta(&m) == FileKind::CharDevice)
        .unwrap_or(false);
    let same_id = identity(a.1).is_some() && identity(a.1) == identity(b.1);
    let same_path = resolved(a.1).is_some() && resolved(a.1) == resolved(b.1);
    if (same_id || same_path) && !device {
        return Err(Error::Usage(format!(
            "{} {} and {} {} name the same file; give each output its own file",
            a.0,
            a.1.display(),
            b.0,
            b.1.display()
        )));
    }
    Ok(())
}

/// Writes `text` to a temporary file next to `target` and renames it into
/// place; the temporary file is removed on any failure.
fn replace(
    target: &Path,
    text: &str,
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let dir = parent_dir(target);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let (tmp, mut f) = temp_file(dir, &name)?;
    let result = (|| {
        f.write_all(text.as_bytes())?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A new temporary file in `dir`, never one that existed (`create_new`).
fn temp_file(dir: &Path, name: &str) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for n in 0..100 {
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file name was free")))
}

/// Text safe to show on a terminal: control characters (C0 but newline and
/// tab, DEL, C1) and the bidirectional overrides that reorder text are
/// shown as visible escapes (`\u{1b}`), so no input can move the cursor,
/// clear the screen or retitle the terminal. JSON keeps its meaning: there
/// these characters become JSON escapes (`\u001b`).
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let json = looks_like_json(text);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if json {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.extend(c.escape_unicode());
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `c` must not reach a terminal raw.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A whole JSON document: its control characters can only be inside
/// strings, where a JSON escape keeps the value.
fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
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
    /// Write the output to FILE instead of stdout (a regular file is replaced
    /// atomically; a device or pipe is written through); `-` is stdout.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_but_newlines_and_tabs_kept() {
        let s = "a\x1b]0;title\x07b\x1b[2Jc\r\n\td\u{7f}\u{9b}\u{202e}";
        assert_eq!(
            escape_controls(s),
            "a\\u{1b}]0;title\\u{7}b\\u{1b}[2Jc\\u{d}\n\td\\u{7f}\\u{9b}\\u{202e}"
        );
        assert!(matches!(
            escape_controls("plain\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_keeps_its_meaning() {
        let json = "{\"name\": \"a\u{9b}b\u{7f}\"}";
        let escaped = escape_controls(json);
        assert_eq!(escaped, "{\"name\": \"a\\u009bb\\u007f\"}");
        let a: serde_json::Value = serde_json::from_str(json).unwrap();
        let b: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(a, b);
    }
}
