//! What differs between generated tools ([`Program`]), and the steps every
//! `main` takes with it: starting the context from the environment, running
//! the command, and turning its outcome into an exit code.

use super::super::output;
use super::args::GlobalArgs;
use super::context::{Context, Settings};
use super::failure::Failure;
use super::help::grouped_commands;

/// What differs between generated command-line tools: names and defaults.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// The binary's name.
    pub name: &'static str,
    /// The environment variable holding the API key.
    pub api_key_env: &'static str,
    /// The environment variable overriding the base URL.
    pub base_url_env: &'static str,
    /// The base URL when the environment gives none.
    pub default_base_url: Option<&'static str>,
    /// The environment variable that, set to `1`, confirms destructive commands.
    pub confirm_env: &'static str,
}

impl Program {
    /// Makes a panic (a bug) print one line naming the program, with the
    /// API key hidden; the process then exits 101.
    pub fn install_panic_hook(&self) {
        let name = self.name;
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!(
                "Error: internal error in {name}: {} (this is a bug; please report it)",
                output::redact(&message)
            );
        }));
    }

    /// `command` with the root help listing `groups` of commands, the
    /// environment and the exit codes.
    pub fn help(
        &self,
        command: clap::Command,
        groups: &[&str],
        group: fn(&str) -> Option<&'static str>,
        extra: &[(&str, &[&str])],
    ) -> clap::Command {
        let listing = grouped_commands(&command, groups, group, extra);
        let default = self
            .default_base_url
            .map(|u| format!(" [default: {u}]"))
            .unwrap_or_default();
        let width = self.api_key_env.len().max(self.base_url_env.len());
        let environment = format!(
            "Environment:\n  {key:width$}  API key, sent as a bearer token (required unless --offline)\n  {url:width$}  API base URL{default}; plain http only for localhost\n\n{EXIT_CODES}",
            key = self.api_key_env,
            url = self.base_url_env,
        );
        // Each operation's help ends with every name it answers to.
        let command = command.mut_subcommands(|sub| {
            if group(sub.get_name()).is_none() {
                return sub;
            }
            let names: Vec<&str> = std::iter::once(sub.get_name())
                .chain(sub.get_visible_aliases())
                .collect();
            let aliases = format!("Aliases: {}", names.join(", "));
            sub.after_help(aliases)
        });
        command
            .before_help(listing)
            .after_help(environment)
            .help_template("{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}Options:\n{options}{after-help}")
    }

    /// The context commands run in: base URL and key from the environment,
    /// `headers` sent on every request.
    pub fn context(
        &self,
        global: &GlobalArgs,
        headers: Vec<(String, String)>,
    ) -> Result<Context, Failure> {
        let base_url = std::env::var(self.base_url_env)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .or_else(|| self.default_base_url.map(str::to_string))
            .ok_or_else(|| {
                Failure::error(format!(
                    "{} is not set: the spec names no server URL",
                    self.base_url_env
                ))
            })?;
        if !global.offline {
            check_base_url(&base_url, self.base_url_env)?;
        }
        let confirmed = std::env::var(self.confirm_env).is_ok_and(|v| v == "1");
        Context::new(Settings {
            base_url,
            api_key: std::env::var(self.api_key_env)
                .ok()
                .filter(|k| !k.trim().is_empty())
                .inspect(|k| output::hide(k)),
            api_key_env: self.api_key_env,
            headers,
            global: global.clone(),
            confirmed: global.yes || confirmed,
            confirm_env: self.confirm_env,
        })
    }

    /// Prints a failure and turns the outcome into the process's exit code.
    pub fn exit(&self, result: Result<(), Failure>) -> std::process::ExitCode {
        match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(failure) if failure.json => {
                let message = output::redact(&failure.message);
                let document =
                    serde_json::json!({"error": {"status": failure.status, "message": message}});
                eprintln!("{document}");
                std::process::ExitCode::from(failure.code)
            }
            Err(failure) => {
                eprintln!("Error: {}", output::redact(&failure.message));
                std::process::ExitCode::from(failure.code)
            }
        }
    }
}

/// The exit codes every generated tool documents.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success          2  usage error
  1  transport, decode or configuration error
  4  the API answered 4xx    5  the API answered 5xx
  30 a destructive command was not confirmed (--yes)
  101 internal error (a bug)";

/// Runs a command's future to completion on a single-threaded runtime.
pub fn block_on<F: std::future::Future<Output = Result<(), Failure>>>(
    future: F,
) -> Result<(), Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::error(format!("cannot start the async runtime: {e}")))?
        .block_on(future)
}

/// Checks a base URL: https anywhere, plain http only on loopback hosts.
pub fn check_base_url(url: &str, env: &str) -> Result<(), Failure> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Failure::error(format!("{env} '{url}' is not a URL: {e}")))?;
    let host = parsed.host_str().unwrap_or("");
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(Failure::error(format!(
            "{env} '{url}' uses plain http; only https is allowed, except for localhost"
        ))),
        other => Err(Failure::error(format!(
            "{env} '{url}' has unsupported scheme '{other}'"
        ))),
    }
}
