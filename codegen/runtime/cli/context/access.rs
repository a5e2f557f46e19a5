//! Before a request goes: asking about a destructive command, and what to
//! say when there is no credential or the API refuses it.

use std::io::IsTerminal;

use super::super::super::request::Request;
use super::super::failure::{ErrorCode, Failure};
use super::target::Target;
use super::Context;

impl Context {
    /// Asks on a terminal; refuses (exit 30) without one.
    /// The `target`, when known, is named in the question or the refusal's
    /// hint.
    pub(super) fn confirm(&self, request: &Request, target: Option<Target>) -> Result<(), Failure> {
        // The command as the user typed it (its name and arguments), which
        // says more to a person than the HTTP request does.
        let typed: Vec<String> = std::env::args()
            .skip(1)
            .skip_while(|a| a.starts_with('-'))
            .take_while(|a| !a.starts_with('-'))
            .collect();
        let what = match typed.is_empty() {
            true => format!("{} {}", request.method, request.path),
            false => format!("'{}'", typed.join(" ")),
        };
        if self.settings.agent || !std::io::stdin().is_terminal() {
            let refused = Failure::new(
                ErrorCode::DestructiveRequiresConfirmation,
                format!(
                    "{what} cannot be undone; pass --yes (or set {}=1) to run it without a question",
                    self.settings.confirm_env
                ),
            );
            return Err(match target {
                Some(target) => refused.with_hint(format!("it acts on {target}")),
                None => refused,
            });
        }
        match target {
            Some(target) => eprint!("{what} acts on {target}; it cannot be undone. Run it? [y/N] "),
            None => eprint!("{what} cannot be undone. Run it? [y/N] "),
        }
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(()),
            _ => Err(Failure {
                plain: true,
                ..Failure::new(
                    ErrorCode::DestructiveRequiresConfirmation,
                    "Cancelled; nothing was sent.",
                )
            }),
        }
    }

    /// Sends `request` and returns the status it was answered with, its
    /// body unread (`status --check`); no credential sends nothing.
    pub(in super::super) async fn answer(&self, request: &Request) -> Result<u16, Failure> {
        if !self.client.can_authorize(request.security) {
            return Err(no_credential(
                request.security,
                self.settings.login_command.as_deref(),
            ));
        }
        Ok(self.send(request).await?.status())
    }

    /// What to do when the API refuses the credential (401).
    pub(in super::super) fn sign_in_hint(&self) -> String {
        let env = self.settings.api_key_env;
        match &self.settings.login_command {
            Some(command) => {
                format!("run `{command}` to sign in again, or set {env} to a valid API key")
            }
            None => format!("set {env} to a valid API key"),
        }
    }
}

/// Why a request that needs a credential was not sent: the variables of
/// each alternative, in the spec's order.
pub(super) fn no_credential(security: crate::runtime::Security, login: Option<&str>) -> Failure {
    let alternatives: Vec<String> = security
        .iter()
        .map(|schemes| {
            let names: Vec<&str> = schemes.iter().map(|s| s.env).collect();
            names.join(" and ")
        })
        .collect();
    let first = alternatives.first().cloned().unwrap_or_default();
    Failure::new(
        ErrorCode::AuthInvalid,
        format!("{first} is not set; nothing was sent"),
    )
    .with_hint(format!(
        "{}export {}, or use --offline to print the request without sending it",
        login
            .map(|command| format!("run `{command}` to sign in, or "))
            .unwrap_or_default(),
        alternatives.join(", or ")
    ))
}
