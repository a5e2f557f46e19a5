//! Errors and warnings the generator reports, each naming where in the spec it arose.

use std::fmt;

use crate::text::printable;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {}: {source}", printable(.path))]
    Read {
        /// The path as given.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The document is not an OpenAPI 3 description we can read.
    #[error("{}: {}", printable(.path), printable(.message))]
    Parse {
        /// The path as given.
        path: String,
        /// What was wrong, with the location when known.
        message: String,
    },
    /// The document parsed but is inconsistent.
    #[error("{}: {}", printable(.pointer), printable(.message))]
    Invalid {
        /// JSON pointer of the offending node, such as `#/paths/~1users/get`.
        pointer: String,
        /// What is wrong there.
        message: String,
    },
    /// Generated tokens did not parse as Rust (a generator bug, never input's fault).
    #[error("generated {file} is not valid Rust: {message}")]
    Emit {
        /// Which output file.
        file: String,
        /// The parser's complaint.
        message: String,
    },
    /// `codegen update` could not fetch, decide or write the update; nothing
    /// changed.
    #[error("{}", printable(.0))]
    Update(String),
    /// An output file could not be written.
    #[error("cannot write {}: {source}", printable(.path))]
    Write {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Something generated less precisely than the spec describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer of the node.
    pub pointer: String,
    /// What was done instead.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            printable(&self.pointer),
            printable(&self.message)
        )
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`pointer_token`].
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
