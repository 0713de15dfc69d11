//! YAML reading through serde-saphyr (see docs/adr/0001-yaml-reader.md).
//!
//! Budgets refuse alias bombs, deep nesting and huge files before they cost
//! memory; duplicate keys are errors; every error names the file and position.

use std::fmt::Display;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{InputError, Origin};

pub use serde_saphyr::Spanned;

/// Largest input file accepted, in bytes. Real profiles and networks are a few
/// kilobytes; anything near this is a mistake or an attack.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads and parses `path` into the raw type `T`.
pub fn load_yaml<T: DeserializeOwned>(path: &Path) -> Result<T, InputError> {
    let file = path.display().to_string();
    let read_err = |reason: String| InputError::Read {
        file: file.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(e.to_string()))?;
    if meta.is_dir() {
        return Err(read_err("it is a directory, expected a YAML file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "the file is {} bytes; at most {MAX_FILE_BYTES} bytes are accepted",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(read_err(format!(
            "the file is over {MAX_FILE_BYTES} bytes, the most accepted"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| InputError::Syntax {
        origin: Origin::file(file.clone()),
        message: format!(
            "not UTF-8 text (invalid byte at offset {}); expected a YAML file",
            e.utf8_error().valid_up_to()
        ),
    })?;
    parse_yaml(&file, &text)
}

/// Parses YAML `text` (named `file` in errors) into the raw type `T`.
pub fn parse_yaml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, InputError> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Err(InputError::Syntax {
            origin: Origin::file(file),
            message: "the file is empty; expected a YAML mapping".into(),
        });
    }
    let budget = serde_saphyr::budget! {
        max_events: 200_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_depth: 64,
        max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
    };
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: budget,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        InputError::Syntax {
            origin: Origin::new(file, line, column),
            message: clean_message(&e.to_string()),
        }
    })
}

/// serde-saphyr appends " at line L, column C" to its messages; the origin
/// carries that already.
fn clean_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let bare = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    super::suggest::with_suggestion(bare)
}

/// Validation context for one file: builds located errors.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The file as the user named it.
    pub file: &'a str,
}

impl<'a> Ctx<'a> {
    /// A context for errors in `file`.
    pub fn new(file: &'a str) -> Self {
        Ctx { file }
    }

    /// The origin of a spanned value.
    pub fn at<T>(&self, v: &Spanned<T>) -> Origin {
        Origin::new(self.file, v.referenced.line(), v.referenced.column())
    }

    /// "`key` `expected`, got `value`" at the value's position.
    pub fn invalid<T: Display>(
        &self,
        v: &Spanned<T>,
        key: impl Into<String>,
        expected: impl Into<String>,
    ) -> InputError {
        InputError::Invalid {
            origin: self.at(v),
            key: key.into(),
            value: v.value.to_string(),
            expected: expected.into(),
        }
    }

    /// An error at an explicit origin (for values that are not spanned).
    pub fn invalid_at(
        &self,
        origin: Origin,
        key: impl Into<String>,
        value: impl Display,
        expected: impl Into<String>,
    ) -> InputError {
        InputError::Invalid {
            origin,
            key: key.into(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// The whole file, for errors about no single value.
    pub fn whole(&self) -> Origin {
        Origin::file(self.file)
    }

    /// Checks that a spanned number is finite and strictly positive.
    pub fn positive(&self, v: &Spanned<f64>, key: &str) -> Result<f64, InputError> {
        if v.value.is_finite() && v.value > 0.0 {
            Ok(v.value)
        } else {
            Err(self.invalid(v, key, "must be a finite number > 0"))
        }
    }

    /// Checks that a spanned number is finite and within `[lo, hi]`.
    pub fn within(&self, v: &Spanned<f64>, key: &str, lo: f64, hi: f64) -> Result<f64, InputError> {
        if v.value.is_finite() && v.value >= lo && v.value <= hi {
            Ok(v.value)
        } else {
            Err(self.invalid(v, key, format!("must be between {lo} and {hi}")))
        }
    }
}
