//! Why a command failed: a stable error code, the exit code it ends with,
//! and what to print (a line for people, a JSON envelope for scripts and
//! agents).

use super::super::output::redact;
use super::super::response::Response;
use super::super::TransportError;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: any other failure.
pub const EXIT_ERROR: u8 = 1;
/// Exit code: usage error (bad flags or arguments).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: authentication failed (401).
pub const EXIT_AUTH: u8 = 10;
/// Exit code: permission denied (403).
pub const EXIT_PERMISSION: u8 = 11;
/// Exit code: not found (404).
pub const EXIT_NOT_FOUND: u8 = 20;
/// Exit code: conflict (409), or a precondition failed (412: the item
/// changed since it was read).
pub const EXIT_CONFLICT: u8 = 21;
/// Exit code: the request was refused as invalid (400, 422), or a
/// destructive command was not confirmed.
pub const EXIT_VALIDATION: u8 = 30;
/// Exit code: a destructive command was refused (no `--yes`, no terminal to ask on).
pub const EXIT_NOT_CONFIRMED: u8 = 30;
/// Exit code: the API server failed (5xx).
pub const EXIT_SERVER: u8 = 40;
/// Exit code: no answer (connection refused or reset, DNS, TLS, timeout).
pub const EXIT_NETWORK: u8 = 41;
/// Exit code: rate limited (429, once retries are spent).
pub const EXIT_RATE_LIMITED: u8 = 50;
/// Exit code: a bug (a panic), one line naming the program.
const EXIT_BUG: u8 = 101;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT, as shells report it);
/// SIGTERM is 143 and SIGHUP 129. Files being written are left as they were.
pub const EXIT_INTERRUPTED: u8 = 130;

/// What went wrong, as scripts and agents read it: a stable code string
/// (`code` in the JSON envelope) and its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Bad flags, arguments or command name (exit 2).
    Usage,
    /// The API key is missing or refused (401; exit 10).
    AuthInvalid,
    /// The key may not do this (403; exit 11).
    PermissionDenied,
    /// No such resource (404; exit 20).
    NotFound,
    /// The resource is in a conflicting state, or changed since it was
    /// read (409, 412; exit 21).
    Conflict,
    /// The API refused the request as invalid (400, 422; exit 30).
    ValidationFailed,
    /// A destructive command was not confirmed (exit 30).
    DestructiveRequiresConfirmation,
    /// Too many requests, once retries are spent (429; exit 50).
    RateLimited,
    /// The API server failed (5xx; exit 40).
    ServerError,
    /// No answer: connection, DNS, TLS or timeout (exit 41).
    NetworkError,
    /// An answer that does not read as documented (exit 1).
    DecodeError,
    /// A setting is missing or wrong: base URL, config file (exit 1).
    ConfigError,
    /// Another status the API answered with (exit 1).
    HttpError,
    /// Anything else (exit 1).
    Error,
    /// Interrupted by a signal: Ctrl-C (exit 130), SIGTERM (143), SIGHUP
    /// (129); files being written are left as they were.
    Interrupted,
}

impl ErrorCode {
    /// Every code, in the order the documentation lists them.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::Usage,
        ErrorCode::AuthInvalid,
        ErrorCode::PermissionDenied,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::ValidationFailed,
        ErrorCode::DestructiveRequiresConfirmation,
        ErrorCode::ServerError,
        ErrorCode::NetworkError,
        ErrorCode::RateLimited,
        ErrorCode::DecodeError,
        ErrorCode::ConfigError,
        ErrorCode::HttpError,
        ErrorCode::Error,
        ErrorCode::Interrupted,
    ];

    /// The code string of the JSON envelope (`NOT_FOUND`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Usage => "USAGE",
            ErrorCode::AuthInvalid => "AUTH_INVALID",
            ErrorCode::PermissionDenied => "PERMISSION_DENIED",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::ValidationFailed => "VALIDATION_FAILED",
            ErrorCode::DestructiveRequiresConfirmation => "DESTRUCTIVE_REQUIRES_CONFIRMATION",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::NetworkError => "NETWORK_ERROR",
            ErrorCode::DecodeError => "DECODE_ERROR",
            ErrorCode::ConfigError => "CONFIG_ERROR",
            ErrorCode::HttpError => "HTTP_ERROR",
            ErrorCode::Error => "ERROR",
            ErrorCode::Interrupted => "INTERRUPTED",
        }
    }

    /// The process's exit code.
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorCode::Usage => EXIT_USAGE,
            ErrorCode::AuthInvalid => EXIT_AUTH,
            ErrorCode::PermissionDenied => EXIT_PERMISSION,
            ErrorCode::NotFound => EXIT_NOT_FOUND,
            ErrorCode::Conflict => EXIT_CONFLICT,
            ErrorCode::ValidationFailed => EXIT_VALIDATION,
            ErrorCode::DestructiveRequiresConfirmation => EXIT_NOT_CONFIRMED,
            ErrorCode::RateLimited => EXIT_RATE_LIMITED,
            ErrorCode::ServerError => EXIT_SERVER,
            ErrorCode::NetworkError => EXIT_NETWORK,
            ErrorCode::DecodeError
            | ErrorCode::ConfigError
            | ErrorCode::HttpError
            | ErrorCode::Error => EXIT_ERROR,
            ErrorCode::Interrupted => EXIT_INTERRUPTED,
        }
    }

    /// What it means, in a few words, for the exit code table.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::Usage => "bad flags, arguments or command",
            ErrorCode::AuthInvalid => "no valid API key (401)",
            ErrorCode::PermissionDenied => "permission denied (403)",
            ErrorCode::NotFound => "not found (404)",
            ErrorCode::Conflict => "conflict (409, 412)",
            ErrorCode::ValidationFailed => "invalid request (400, 422)",
            ErrorCode::DestructiveRequiresConfirmation => "not confirmed (--yes)",
            ErrorCode::RateLimited => "rate limited (429), retries spent",
            ErrorCode::ServerError => "server error (5xx)",
            ErrorCode::NetworkError => "no answer: connection, DNS, TLS, timeout",
            ErrorCode::DecodeError => "the answer is not as documented",
            ErrorCode::ConfigError => "a setting is missing or wrong",
            ErrorCode::HttpError => "another error status",
            ErrorCode::Error => "any other failure",
            ErrorCode::Interrupted => "interrupted: Ctrl-C (SIGTERM 143, SIGHUP 129)",
        }
    }

    /// The code for an error status from the API.
    pub fn for_status(status: u16) -> ErrorCode {
        match status {
            401 => ErrorCode::AuthInvalid,
            403 => ErrorCode::PermissionDenied,
            404 => ErrorCode::NotFound,
            409 | 412 => ErrorCode::Conflict,
            400 | 422 => ErrorCode::ValidationFailed,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::HttpError,
        }
    }
}

/// A command that failed: what to print and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failure {
    /// What went wrong, as a stable code; it decides the exit code.
    pub kind: ErrorCode,
    /// One line for stderr, without the `Error: ` prefix.
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
    /// Whether the same request may succeed if sent again later (dci
    /// itself retries these when the request is idempotent).
    pub retryable: bool,
    /// The HTTP status, when the API answered.
    pub status: Option<u16>,
    /// The response's `Request-Id` header, for support.
    pub request_id: Option<String>,
    /// Close command names, for a mistyped one.
    pub suggestions: Vec<String>,
    /// Print as the JSON envelope (`-o json`, agent mode).
    pub json: bool,
    /// Print the message as it is, without `Error: ` (a question the user
    /// answered no to is no error of theirs).
    pub plain: bool,
    /// The exit code when it is not the kind's: 128 + the number of the
    /// signal that interrupted the command (143 for SIGTERM).
    pub exit: Option<u8>,
}

impl Failure {
    /// A failure of this kind.
    pub fn new(kind: ErrorCode, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
            hint: None,
            retryable: false,
            status: None,
            request_id: None,
            suggestions: Vec::new(),
            json: false,
            plain: false,
            exit: None,
        }
    }

    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::Usage, message)
    }

    /// A configuration error (exit 1, `CONFIG_ERROR`).
    pub fn config(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::ConfigError, message)
    }

    /// Any other failure (exit 1).
    pub fn error(message: impl Into<String>) -> Self {
        Failure::new(ErrorCode::Error, message)
    }

    /// The same failure with a hint of what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The exit code.
    pub fn exit_code(&self) -> u8 {
        self.exit.unwrap_or(self.kind.exit_code())
    }

    /// The failure for a request that got no answer. `idempotent`: whether
    /// dci may send the request again.
    pub(super) fn transport(error: &TransportError, idempotent: bool) -> Self {
        match error {
            TransportError::Http(e, _) => Failure {
                retryable: idempotent && error.is_retried(),
                ..Failure::new(ErrorCode::NetworkError, error.to_string()).with_hint(
                    if e.is_timeout() {
                        "the server was slow to answer: try again later, or allow more time with --timeout SECONDS"
                    } else {
                        "check the network and the base URL, then try again"
                    },
                )
            },
            TransportError::TooLarge(_) => Failure::new(ErrorCode::DecodeError, error.to_string()),
            TransportError::Build(_) => Failure::usage(error.to_string()),
        }
    }

    /// The failure for an error status from the API; `sign_in` is the hint
    /// of a 401.
    pub(super) fn status(response: &Response, idempotent: bool, sign_in: &str) -> Self {
        let status = response.status();
        let attempts = match response.attempts() {
            1 => String::new(),
            n => format!(" after {n} attempts"),
        };
        let kind = ErrorCode::for_status(status);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let hint = match kind {
            ErrorCode::AuthInvalid => Some(sign_in.to_string()),
            ErrorCode::PermissionDenied => {
                Some("the API key may not do this; check the customer (tenant) it acts on".into())
            }
            ErrorCode::NotFound => {
                Some("check the identifiers given; a list command shows what exists".into())
            }
            ErrorCode::ValidationFailed => {
                Some("check the flags and the body against --help".into())
            }
            ErrorCode::RateLimited => Some(match header("retry-after") {
                Some(wait) => {
                    format!("the server asks to wait {wait} s (Retry-After) before trying again")
                }
                None => "wait before trying again".into(),
            }),
            ErrorCode::ServerError => Some("the service failed; try again later".into()),
            ErrorCode::Conflict if status == 412 => Some(
                "it changed since it was read (If-Match no longer matches); read it again, then change it"
                    .into(),
            ),
            _ => None,
        };
        Failure {
            status: Some(status),
            hint,
            retryable: idempotent && super::super::is_retried_status(status),
            request_id: header("request-id"),
            ..Failure::new(
                kind,
                format!("{} (HTTP {status}){attempts}", response.error_message()),
            )
        }
    }

    /// The JSON envelope: `{"error": {"code": ..., "message": ..., ...}}`,
    /// with any secret in the message redacted.
    pub fn envelope(&self) -> serde_json::Value {
        let mut error = serde_json::Map::new();
        error.insert("code".into(), self.kind.as_str().into());
        error.insert("message".into(), redact(&self.message).into());
        if let Some(hint) = &self.hint {
            error.insert("hint".into(), hint.clone().into());
        }
        error.insert("retryable".into(), self.retryable.into());
        error.insert("http_status".into(), self.status.into());
        if let Some(id) = &self.request_id {
            error.insert("request_id".into(), id.clone().into());
        }
        if !self.suggestions.is_empty() {
            error.insert("suggestions".into(), self.suggestions.clone().into());
        }
        error.insert("exit_code".into(), self.exit_code().into());
        serde_json::json!({ "error": error })
    }
}

/// The exit codes every generated tool documents, one line each.
pub fn exit_code_table() -> String {
    let mut lines = vec![format!("  {:>3}  {:<33} {}", EXIT_OK, "", "success")];
    let mut seen = Vec::new();
    for code in ErrorCode::ALL {
        let exit = code.exit_code();
        if exit == EXIT_ERROR && seen.contains(&exit) {
            continue;
        }
        seen.push(exit);
        let (name, meaning) = if exit == EXIT_ERROR {
            ("CONFIG_ERROR, DECODE_ERROR, …", "any other failure")
        } else {
            (code.as_str(), code.meaning())
        };
        if exit > EXIT_BUG && !seen.contains(&EXIT_BUG) {
            seen.push(EXIT_BUG);
            lines.push(format!(
                "  {EXIT_BUG:>3}  {:<33} internal error (a bug)",
                ""
            ));
        }
        lines.push(format!("  {exit:>3}  {name:<33} {meaning}"));
    }
    if !seen.contains(&EXIT_BUG) {
        lines.push(format!(
            "  {EXIT_BUG:>3}  {:<33} internal error (a bug)",
            ""
        ));
    }
    lines.join("\n") + "\n"
}

/// The exit codes as a Markdown reference page for the tool `name`.
pub fn exit_codes_page(name: &str) -> String {
    let mut page = format!(
        "# Exit codes and error codes of {name}\n\n\
         Every failure ends with an exit code and, in the JSON envelope printed on stderr \
         with `-o json` or in agent mode, an error code:\n\n\
         ```json\n{{\"error\": {{\"code\": \"NOT_FOUND\", \"message\": \"...\", \"hint\": \"...\", \
         \"retryable\": false, \"http_status\": 404, \"request_id\": \"req_...\", \"exit_code\": 20}}}}\n```\n\n\
         | exit | error code | meaning |\n|---|---|---|\n| 0 | | success |\n"
    );
    let bug = "| 101 | | internal error (a bug; please report it) |\n";
    for code in ErrorCode::ALL {
        if code.exit_code() > EXIT_BUG && !page.contains(bug) {
            page.push_str(bug);
        }
        page.push_str(&format!(
            "| {} | `{}` | {} |\n",
            code.exit_code(),
            code.as_str(),
            code.meaning()
        ));
    }
    if !page.contains(bug) {
        page.push_str(bug);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_statuses_map_to_their_codes_and_exit_codes() {
        let cases = [
            (400, "VALIDATION_FAILED", 30),
            (401, "AUTH_INVALID", 10),
            (403, "PERMISSION_DENIED", 11),
            (404, "NOT_FOUND", 20),
            (409, "CONFLICT", 21),
            (412, "CONFLICT", 21),
            (410, "HTTP_ERROR", 1),
            (422, "VALIDATION_FAILED", 30),
            (429, "RATE_LIMITED", 50),
            (500, "SERVER_ERROR", 40),
            (503, "SERVER_ERROR", 40),
            (302, "HTTP_ERROR", 1),
        ];
        for (status, code, exit) in cases {
            let kind = ErrorCode::for_status(status);
            assert_eq!((kind.as_str(), kind.exit_code()), (code, exit), "{status}");
        }
        assert_eq!(Failure::usage("bad").exit_code(), EXIT_USAGE);
        assert_eq!(Failure::config("bad").kind.as_str(), "CONFIG_ERROR");
    }

    #[test]
    fn code_strings_are_distinct_and_shouting_snake_case() {
        let names: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        for (i, name) in names.iter().enumerate() {
            assert!(!names[..i].contains(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{name}"
            );
        }
    }

    #[test]
    fn the_envelope_carries_every_field() {
        let mut failure =
            Failure::new(ErrorCode::NotFound, "no such alert").with_hint("check the id");
        failure.status = Some(404);
        failure.request_id = Some("req_1".into());
        assert_eq!(
            failure.envelope(),
            serde_json::json!({"error": {
                "code": "NOT_FOUND", "message": "no such alert",
                "hint": "check the id", "retryable": false, "http_status": 404,
                "request_id": "req_1", "exit_code": 20,
            }})
        );
    }
}
