//! Errors of every stage, and how each maps to an exit code.
//!
//! Input errors carry the file, line and column, the key, the value given and
//! what is allowed, so that a user can fix a file without reading the code.

use std::fmt;

use crate::exit;

/// A place in an input file. Line and column are 1-based; 0 means unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: u64,
    /// 1-based column, 0 when unknown.
    pub column: u64,
}

impl Origin {
    /// A place in `file` at `line:column`.
    pub fn new(file: impl Into<String>, line: u64, column: u64) -> Self {
        Origin {
            file: file.into(),
            line,
            column,
        }
    }

    /// The whole file, no position.
    pub fn file(file: impl Into<String>) -> Self {
        Origin::new(file, 0, 0)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{l}", self.file),
            (l, c) => write!(f, "{}:{l}:{c}", self.file),
        }
    }
}

/// Why an input file was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read at all.
    #[error("{file}: cannot read the file: {reason}")]
    Read {
        /// The file as named.
        file: String,
        /// What the operating system said.
        reason: String,
    },
    /// The file is not YAML of the expected shape (syntax, unknown or missing
    /// key, wrong type).
    #[error("{origin}: {message}")]
    Syntax {
        /// Where.
        origin: Origin,
        /// What the parser expected.
        message: String,
    },
    /// A key has a value outside what is allowed.
    #[error("{origin}: {key} {expected}, got {}", compact_value(.value))]
    Invalid {
        /// Where.
        origin: Origin,
        /// The dotted path of the key, e.g. `stations.web.servers`.
        key: String,
        /// The value as given.
        value: String,
        /// What is allowed, phrased to follow the key: "must be > 0".
        expected: String,
    },
}

impl InputError {
    /// The place the error points at.
    pub fn origin(&self) -> Origin {
        match self {
            InputError::Read { file, .. } => Origin::file(file.clone()),
            InputError::Syntax { origin, .. } | InputError::Invalid { origin, .. } => {
                origin.clone()
            }
        }
    }
}

/// A value as given, shortened where it is a number too long to read
/// (`1e308` written out has 309 digits).
fn compact_value(value: &str) -> String {
    let digits = value.trim_matches('"');
    let numeric = digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    match digits.parse::<f64>() {
        Ok(x) if numeric && digits.len() > 21 => format!("{x:e}"),
        _ => value.to_string(),
    }
}

/// Any error the library returns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad input file.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A bad combination of command-line options or values.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed (a bad `--output` path, a full disk).
    #[error("cannot write {target}: {reason}")]
    Output {
        /// Where the output was going.
        target: String,
        /// What the operating system said.
        reason: String,
    },
    /// A bug: an invariant of the model did not hold.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The process exit code for this error (see [`crate::exit`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::Output { .. } => exit::INVALID_INPUT,
            Error::Internal(_) => exit::INTERNAL_ERROR,
        }
    }
}

/// Result of library calls.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_shown_in_exponent_form() {
        let e = InputError::Invalid {
            origin: Origin::new("a.yaml", 2, 3),
            key: "users.monthly_active".into(),
            value: format!("{}", 1e308),
            expected: "must be at most 1e10".into(),
        };
        assert_eq!(
            e.to_string(),
            "a.yaml:2:3: users.monthly_active must be at most 1e10, got 1e308"
        );
        assert_eq!(compact_value("\"-5k\""), "\"-5k\"");
        assert_eq!(compact_value("1.5"), "1.5");
    }
}
