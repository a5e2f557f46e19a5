//! `status --check`: one request that needs the credential and nothing
//! else, to learn whether the API accepts it. Its body is never printed.

use std::time::Instant;

use serde_json::{json, Value};

use super::super::super::request::Request;
use super::super::super::response::Operation;
use super::super::context::Context;
use super::super::failure::{ErrorCode, Failure};

/// The operation `status --check` sends (DoiT's `validate`, GitHub's
/// `GET /user`): chosen by the generator from the spec.
#[derive(Debug, Clone, Copy)]
pub struct KeyCheck {
    /// The command that sends it, for people (`validate`).
    pub command: &'static str,
    request: fn() -> Request,
    security: crate::runtime::Security,
}

impl KeyCheck {
    /// The check that sends `O` with no argument, as the command `command`.
    pub const fn of<O: Operation + Default>(command: &'static str) -> Self {
        KeyCheck {
            command,
            request: request_of::<O>,
            security: O::SECURITY,
        }
    }

    /// Its request, with the credential it needs.
    fn request(&self) -> Request {
        (self.request)().with_security(self.security)
    }
}

fn request_of<O: Operation + Default>() -> Request {
    O::default().request()
}

/// What the API answered to the check.
pub(in super::super) struct Verdict {
    /// The command sent (`validate`).
    command: &'static str,
    /// How it ended: the status, or why there was none.
    outcome: Result<u16, Failure>,
    /// How long the answer took, in milliseconds.
    millis: u128,
}

impl Verdict {
    /// Sends `check` through `context`.
    pub async fn of(check: &KeyCheck, context: &Context) -> Verdict {
        let started = Instant::now();
        let outcome = context.answer(&check.request()).await;
        Verdict {
            command: check.command,
            outcome,
            millis: started.elapsed().as_millis(),
        }
    }

    /// Whether the credential was accepted: any answer but 401 (a 403 is a
    /// known caller who may not send this one request); `None` when the
    /// API's answer does not tell.
    fn accepted(&self) -> Option<bool> {
        match &self.outcome {
            Ok(200..=299 | 403) => Some(true),
            Ok(401) => Some(false),
            Err(failure) if failure.kind == ErrorCode::AuthInvalid => Some(false),
            _ => None,
        }
    }

    /// The line `status` shows for people.
    pub fn text(&self, program: &str) -> String {
        let sent = format!("{program} {}", self.command);
        match (&self.outcome, self.accepted()) {
            (Ok(403), _) => format!(
                "accepted ({sent} answered 403 in {} ms: known, but may not run it)",
                self.millis
            ),
            (Ok(status), Some(true)) => {
                format!("accepted ({sent} answered {status} in {} ms)", self.millis)
            }
            (Ok(status), Some(false)) => format!("refused ({sent} answered {status})"),
            (Ok(status), None) => format!("unknown ({sent} answered {status})"),
            (Err(failure), Some(false)) => format!("not checked: {}", failure.message),
            (Err(failure), _) => format!("unknown: {}", failure.message),
        }
    }

    /// The object `status` shows to programs.
    pub fn json(&self) -> Value {
        let mut object = json!({
            "command": self.command,
            "accepted": self.accepted(),
        });
        match &self.outcome {
            Ok(status) => object["status"] = json!(status),
            Err(failure) => object["error"] = json!(failure.message),
        }
        object
    }

    /// The failure the command ends with: none when accepted.
    pub fn failure(self, sign_in: String) -> Option<Failure> {
        match (self.accepted(), self.outcome) {
            (Some(true), _) => None,
            (_, Err(failure)) => Some(failure),
            (Some(false), Ok(status)) => Some(
                Failure::new(
                    ErrorCode::AuthInvalid,
                    format!("the API refused the credential ({status})"),
                )
                .with_hint(sign_in),
            ),
            (None, Ok(status)) => Some(Failure::new(
                ErrorCode::for_status(status),
                format!("the check could not tell: the API answered {status}"),
            )),
        }
    }
}
