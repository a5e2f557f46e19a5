//! Why a command failed and the exit code it ends with.

use super::super::response::Response;

/// Exit code: success (2xx).
pub const EXIT_OK: u8 = 0;
/// Exit code: transport, decode or configuration error.
pub const EXIT_ERROR: u8 = 1;
/// Exit code: usage error (bad flags or arguments).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the API answered 4xx.
pub const EXIT_CLIENT_ERROR: u8 = 4;
/// Exit code: the API answered 5xx.
pub const EXIT_SERVER_ERROR: u8 = 5;

/// Exit code: a destructive command was refused (no `--yes`, no terminal to ask on).
pub const EXIT_NOT_CONFIRMED: u8 = 30;

/// A command that failed: what to print and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Exit code (see the `EXIT_*` constants).
    pub code: u8,
    /// One line for stderr, without the `Error: ` prefix.
    pub message: String,
    /// The HTTP status, when the API answered.
    pub status: Option<u16>,
    /// Print as one JSON document (`-o json`).
    pub json: bool,
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(EXIT_USAGE, message)
    }

    /// A failure with this exit code and message.
    pub(super) fn new(code: u8, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
            status: None,
            json: false,
        }
    }

    /// A runtime error (exit 1).
    pub fn error(message: impl Into<String>) -> Self {
        Failure::new(EXIT_ERROR, message)
    }

    /// The failure for an error status from the API.
    pub(super) fn status(response: &Response) -> Self {
        let status = response.status();
        let attempts = match response.attempts() {
            1 => String::new(),
            n => format!(" after {n} attempts"),
        };
        Failure {
            status: Some(status),
            ..Failure::new(
                status_exit_code(status),
                format!("{} (HTTP {status}){attempts}", response.error_message()),
            )
        }
    }
}

/// Exit code for an HTTP error status.
pub fn status_exit_code(status: u16) -> u8 {
    match status {
        400..=499 => EXIT_CLIENT_ERROR,
        500..=599 => EXIT_SERVER_ERROR,
        _ => EXIT_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_statuses_map_to_their_exit_codes() {
        assert_eq!(status_exit_code(404), EXIT_CLIENT_ERROR);
        assert_eq!(status_exit_code(503), EXIT_SERVER_ERROR);
        assert_eq!(status_exit_code(302), EXIT_ERROR);
        assert_eq!(Failure::usage("bad").code, EXIT_USAGE);
    }
}
