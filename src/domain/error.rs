//! Errors of the domain layer. Each names the file it is about and, for a
//! sheet, the line and column, so the message alone tells the user what to fix.

use std::io;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The article file is unusable.
    #[error("{}: {message}", path.display())]
    Article { path: PathBuf, message: String },

    /// The sheet is malformed at a known place.
    #[error("{}:{line}:{column}: {message}", path.display())]
    SheetAt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    /// The sheet is unusable, with no single place to point at.
    #[error("{}: {message}", path.display())]
    Sheet { path: PathBuf, message: String },

    /// The sheet changed on disk since it was loaded: saving would overwrite
    /// somebody else's work.
    #[error("{}: changed on disk since it was loaded (another editor, a git pull?); not overwritten", path.display())]
    Conflict { path: PathBuf },

    /// Reading or writing failed.
    #[error("{}: {what}: {source}", path.display())]
    Io {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: io::Error,
    },

    /// A request that makes no sense for the data (unknown claim id, ...).
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn article(path: &Path, message: impl Into<String>) -> Error {
        Error::Article {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn sheet(path: &Path, message: impl Into<String>) -> Error {
        Error::Sheet {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn sheet_at(path: &Path, text: &str, byte: usize, message: impl Into<String>) -> Error {
        let (line, column) = line_col(text, byte);
        Error::SheetAt {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, what: &'static str, source: io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            what,
            source,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 0), (1, 1));
        assert_eq!(line_col("ab\ncé d", 3), (2, 1));
        assert_eq!(line_col("ab\ncé d", 6), (2, 3));
        assert_eq!(line_col("ab", 99), (1, 3));
    }
}
