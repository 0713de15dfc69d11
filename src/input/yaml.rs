//! YAML reading through serde-saphyr (see docs/adr/0001-yaml-reader.md).
//!
//! Budgets refuse alias bombs, deep nesting and huge files before they cost
//! memory; duplicate keys are errors; every error names the file, position
//! and key path, in plain words (see `wording`).

use std::fmt::Display;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::Error as YamlError;
use serde_saphyr::budget::BudgetBreach;

use super::file::{read_text, shown};
use super::locate::{Found, key_at};
use super::wording::{expected_words, in_parent, key_or_top, parent, type_mismatch};
use crate::error::{InputError, Origin};

pub use super::file::MAX_FILE_BYTES;
pub use serde_saphyr::Spanned;

/// Most YAML events (keys, values, list items, mapping and list starts) in
/// one file.
pub const MAX_EVENTS: usize = 200_000;
/// Most aliases (`*name`) in one file.
pub const MAX_ALIASES: usize = 1_000;
/// Most anchors (`&name`) in one file.
pub const MAX_ANCHORS: usize = 1_000;
/// Deepest nesting of mappings and lists.
pub const MAX_DEPTH: usize = 64;
/// Most events that aliases may replay in all.
pub const MAX_REPLAYED_EVENTS: usize = 100_000;

/// Reads and parses `path` (`-`: stdin) into the raw type `T`.
pub fn load_yaml<T: DeserializeOwned>(path: &Path) -> Result<T, InputError> {
    let text = read_text(path, "a YAML file")?;
    parse_yaml(&shown(path), &text)
}

/// The reader's options: budgets against alias bombs, deep nesting and
/// huge documents; duplicate keys refused.
pub(super) fn options() -> serde_saphyr::Options {
    let budget = serde_saphyr::budget! {
        max_events: MAX_EVENTS,
        max_aliases: MAX_ALIASES,
        max_anchors: MAX_ANCHORS,
        max_depth: MAX_DEPTH,
        max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
    };
    serde_saphyr::options! {
        with_snippet: false,
        budget: budget,
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED_EVENTS,
        },
    }
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
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| located(file, text, &e))
}

/// A located error naming the key, in plain words.
fn located(file: &str, text: &str, e: &YamlError) -> InputError {
    let mut e = e.without_snippet();
    while let YamlError::AliasError { error, .. } = e {
        e = error.without_snippet();
    }
    let (line, column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let unexpected = match e {
        YamlError::SerdeInvalidType { unexpected, .. }
        | YamlError::SerdeInvalidValue { unexpected, .. } => Some(unexpected.as_str()),
        _ => None,
    };
    let found = match limit_message(e) {
        Some(_) => None,
        None => key_at(text, line, column, unexpected),
    };
    // A type error points at the value it is about (serde may report the
    // start of the mapping being read).
    let (line, column) = match (&found, unexpected) {
        (Some(f), Some(_)) => f.at,
        _ => (line, column),
    };
    InputError::Syntax {
        origin: Origin::new(file, line, column),
        message: plain_message(e, found),
    }
}

/// The message of `e` with its key path, in words a user can act on.
fn plain_message(e: &YamlError, found: Option<Found>) -> String {
    if let Some(m) = limit_message(e) {
        return m;
    }
    let path = found.as_ref().map_or("", |f| f.path.as_str());
    // For a message about a key of a mapping: the mapping's path.
    let holder = match &found {
        Some(Found {
            at_key: true, path, ..
        }) => parent(path),
        Some(f) => f.path.as_str(),
        None => "",
    };
    // The subject of "… must be …": the key, or (when the document is too
    // broken or too large to find it) the value at the position given.
    let subject = match &found {
        Some(f) => key_or_top(&f.path),
        None => "the value at this position".to_string(),
    };
    let got = |f: &Option<Found>| match f {
        Some(f) => format!(", got {}", f.value),
        None => String::new(),
    };
    match e {
        YamlError::DuplicateMappingKey { key, .. } => {
            let name = key
                .clone()
                .or_else(|| {
                    found
                        .as_ref()
                        .map(|f| f.value.trim_matches('"').to_string())
                })
                .unwrap_or_else(|| "?".into());
            format!(
                "{}duplicate key `{}`: each key may appear only once in a mapping",
                in_parent(holder),
                name.trim_matches('"')
            )
        }
        YamlError::NonFiniteFloat { value, .. } => {
            format!("{subject} must be a finite number, got {value}")
        }
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | YamlError::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => match &found {
            Some(_) => type_mismatch(path, expected, unexpected),
            None => format!(
                "{subject} must be {}, got {}",
                expected_words(expected),
                super::wording::unexpected_words(unexpected)
            ),
        },
        YamlError::SerdeInvalidLength { len, expected, .. } => {
            format!(
                "{subject} must be {}, got {len} items",
                expected_words(expected)
            )
        }
        YamlError::Unexpected { expected, .. } => {
            let want = match *expected {
                "mapping start" | "mapping" => "a mapping (key: value entries)".to_string(),
                "sequence start" | "sequence" => "a list".to_string(),
                other => expected_words(other),
            };
            format!("{subject} must be {want}{}", got(&found))
        }
        YamlError::SerdeMissingField { field, .. } => {
            format!(
                "{}missing field `{field}` (it is required)",
                in_parent(path)
            )
        }
        YamlError::SerdeUnknownField { .. } => {
            format!("{}{}", in_parent(holder), clean_message(&e.to_string()))
        }
        YamlError::SerdeUnknownVariant { .. } => {
            format!("{subject}: {}", clean_message(&e.to_string()))
        }
        YamlError::MultipleDocuments { .. } => {
            "the file holds more than one YAML document (a `---` line between them); give one"
                .into()
        }
        YamlError::NullIntoString { .. } => {
            format!("{subject} must be a string, got nothing (null)")
        }
        YamlError::InvalidScalar { ty, .. } => {
            format!("{subject} must be {}{}", expected_words(ty), got(&found))
        }
        _ => {
            let m = clean_message(&e.to_string());
            if path.is_empty() {
                m
            } else {
                format!("{path}: {m}")
            }
        }
    }
}

/// A budget or alias limit, with the limit, in plain words.
fn limit_message(e: &YamlError) -> Option<String> {
    let m = match e {
        YamlError::Budget { breach, .. } => match breach {
            BudgetBreach::Events { .. } | BudgetBreach::Nodes { .. } => format!(
                "the file has more than {MAX_EVENTS} YAML items (keys, values, list entries); at most {MAX_EVENTS} are accepted"
            ),
            BudgetBreach::Aliases { .. } => format!(
                "the file uses more than {MAX_ALIASES} aliases (*name); at most {MAX_ALIASES} are accepted"
            ),
            BudgetBreach::Anchors { .. } => format!(
                "the file defines more than {MAX_ANCHORS} anchors (&name); at most {MAX_ANCHORS} are accepted"
            ),
            BudgetBreach::Depth { .. } => format!(
                "mappings and lists are nested more than {MAX_DEPTH} levels deep; at most {MAX_DEPTH} levels are accepted"
            ),
            BudgetBreach::InputBytes { .. } => format!(
                "the file is over {MAX_FILE_BYTES} bytes; at most {MAX_FILE_BYTES} bytes are accepted"
            ),
            BudgetBreach::Documents { .. } => {
                "the file holds more than one YAML document; give one".to_string()
            }
            _ => "the file is larger or more deeply aliased than a YAML input may be (a size limit was exceeded)".to_string(),
        },
        YamlError::AliasReplayLimitExceeded { .. }
        | YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => format!(
            "aliases (*name) expand to more than {MAX_REPLAYED_EVENTS} YAML items; at most {MAX_REPLAYED_EVENTS} are accepted"
        ),
        _ => return None,
    };
    Some(m)
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
