//! What every generated command shares: global flags, reading bodies and
//! arguments, sending (or printing) the request, printing the outcome, and
//! exit codes.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use super::client::{decode, Client, Error, Operation, TransportError};
use super::curl;
use super::request::{FilePart, Request};

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

/// Flags every command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Print the request as a curl command instead of sending it; needs no API key.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Print each request and response (status, headers, timing) to stderr,
    /// with the API key redacted.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

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
}

impl Program {
    /// `command` with the root help listing `groups` of commands, the
    /// environment and the exit codes.
    pub fn help(&self, command: clap::Command, groups: &[(&str, &[&str])]) -> clap::Command {
        let listing = grouped_commands(&command, groups);
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
        Context::new(Settings {
            base_url,
            api_key: std::env::var(self.api_key_env)
                .ok()
                .filter(|k| !k.trim().is_empty()),
            api_key_env: self.api_key_env,
            headers,
            offline: global.offline,
            verbose: global.verbose,
        })
    }

    /// Prints a failure and turns the outcome into the process's exit code.
    pub fn exit(&self, result: Result<(), Failure>) -> std::process::ExitCode {
        match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("Error: {}", failure.message);
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
  4  the API answered 4xx    5  the API answered 5xx";

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

/// A command that failed: what to print and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Exit code (see the `EXIT_*` constants).
    pub code: u8,
    /// One line for stderr, without the `Error: ` prefix.
    pub message: String,
}

impl Failure {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
        }
    }

    /// A runtime error (exit 1).
    pub fn error(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_ERROR,
            message: message.into(),
        }
    }
}

/// How the CLI was configured: from flags and the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The API's base URL.
    pub base_url: String,
    /// The API key, sent as a bearer token.
    pub api_key: Option<String>,
    /// The environment variable the key comes from, for messages.
    pub api_key_env: &'static str,
    /// Headers sent on every request (the tenant header).
    pub headers: Vec<(String, String)>,
    /// Print instead of sending.
    pub offline: bool,
    /// Trace requests on stderr.
    pub verbose: bool,
}

/// What generated commands run against.
pub struct Context {
    client: Client,
    settings: Settings,
}

/// A new idempotency key (UUID v4), for requests that require one.
pub fn idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The failure for a required body that was not given.
pub fn missing_body() -> Failure {
    Failure::usage("--body is required for this command (inline JSON, @file, or - for stdin)")
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

impl Context {
    /// A context for these settings.
    pub fn new(settings: Settings) -> Result<Self, Failure> {
        let mut client = Client::new(&settings.base_url)
            .map_err(|e| Failure::error(format!("cannot start the HTTP client: {e}")))?;
        if let Some(key) = &settings.api_key {
            client = client.with_bearer_token(key.clone());
        }
        for (name, value) in &settings.headers {
            client = client.with_header(name, value.clone());
        }
        Ok(Context { client, settings })
    }

    /// Builds, sends (or prints) the operation's request and prints the outcome.
    pub async fn run<O: Operation>(&self, operation: O) -> Result<(), Failure> {
        let request = operation
            .request()
            .map_err(|e| Failure::usage(e.to_string()))?;
        let url = self
            .client
            .url(&request)
            .map_err(|e| Failure::error(e.to_string()))?;
        let shown_key = format!("${}", self.settings.api_key_env);
        if self.settings.offline {
            let mut headers = self.client.headers(&request, Some(&shown_key));
            if !self.client.has_bearer_token() {
                headers.insert(
                    0,
                    ("Authorization".to_string(), format!("Bearer {shown_key}")),
                );
            }
            let command = curl::render(
                &request,
                url.as_str(),
                &headers,
                Some(("Authorization", &format!("Bearer {shown_key}"))),
            );
            println!("{command}");
            return Ok(());
        }
        if !self.client.has_bearer_token() {
            return Err(Failure::error(format!(
                "{} is not set: export your API key as {0}, or use --offline to print the request without sending it",
                self.settings.api_key_env
            )));
        }
        if self.settings.verbose {
            self.trace_request(&request, url.as_str());
        }
        let started = Instant::now();
        let response = self
            .client
            .execute(&request, None)
            .await
            .map_err(|e| match e {
                TransportError::Build(e) => Failure::error(e.to_string()),
                TransportError::Http(_) => Failure::error(e.to_string()),
            })?;
        if self.settings.verbose {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "< HTTP {} ({} ms)",
                response.status(),
                started.elapsed().as_millis()
            );
            for (name, value) in response.headers() {
                let _ = writeln!(err, "< {name}: {}", value.to_str().unwrap_or("<binary>"));
            }
        }
        let body = response.body().to_vec();
        match decode::<O>(response) {
            Ok(_) => {
                print_body(&body);
                Ok(())
            }
            Err(Error::Api {
                status, response, ..
            }) => Err(Failure {
                code: status_exit_code(status),
                message: format!("{} (HTTP {status})", response.error_message()),
            }),
            Err(Error::UnexpectedStatus(response)) => Err(Failure {
                code: status_exit_code(response.status()),
                message: format!("{} (HTTP {})", response.error_message(), response.status()),
            }),
            Err(other) => Err(Failure::error(other.to_string())),
        }
    }

    fn trace_request(&self, request: &Request, url: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "> {} {url}", request.method);
        for (name, value) in self.client.headers(request, Some("<redacted>")) {
            let _ = writeln!(err, "> {name}: {value}");
        }
    }

    /// Reads a `--body` value: inline text, `@file`, or `-` for stdin.
    fn read_body(&self, raw: &str) -> Result<Vec<u8>, Failure> {
        if raw == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::usage(format!("--body -: cannot read stdin: {e}")))?;
            Ok(bytes)
        } else if let Some(path) = raw.strip_prefix('@') {
            std::fs::read(path)
                .map_err(|e| Failure::usage(format!("--body @{path}: cannot read the file: {e}")))
        } else {
            Ok(raw.as_bytes().to_vec())
        }
    }

    /// A JSON `--body`, parsed into the operation's body type.
    pub fn json_body<T: serde::de::DeserializeOwned>(
        &self,
        raw: Option<&str>,
    ) -> Result<Option<T>, Failure> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let bytes = self.read_body(raw)?;
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Failure::usage(format!("--body is not valid for this command: {e}")))
    }

    /// A text `--body`.
    pub fn text_body(&self, raw: Option<&str>) -> Result<Option<String>, Failure> {
        let Some(raw) = raw else {
            return Ok(None);
        };
        let bytes = self.read_body(raw)?;
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| Failure::usage("--body must be UTF-8 text"))
    }

    /// A raw `--body`.
    pub fn bytes_body(&self, raw: Option<&str>) -> Result<Option<Vec<u8>>, Failure> {
        raw.map(|raw| self.read_body(raw)).transpose()
    }

    /// A flag whose value is JSON, parsed into the parameter's type.
    pub fn json_arg<T: serde::de::DeserializeOwned>(
        &self,
        raw: &str,
        flag: &str,
    ) -> Result<T, Failure> {
        serde_json::from_str(raw)
            .or_else(|_| serde_json::from_value(serde_json::Value::String(raw.to_string())))
            .map_err(|e| Failure::usage(format!("{flag}: not a valid value: {e}")))
    }

    /// A flag naming a file to upload.
    pub fn file_arg(&self, path: &Path, flag: &str) -> Result<FilePart, Failure> {
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::usage(format!(
                "{flag} {}: cannot read the file: {e}",
                path.display()
            ))
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".to_string());
        Ok(FilePart { file_name, bytes })
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

/// Prints a success body: JSON pretty-printed in the server's key order,
/// anything else as it came.
fn print_body(body: &[u8]) {
    let mut out = std::io::stdout().lock();
    if body.iter().all(u8::is_ascii_whitespace) {
        return;
    }
    let written = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value) => serde_json::to_writer_pretty(&mut out, &value)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        Err(_) => out.write_all(body).and_then(|_| {
            if body.ends_with(b"\n") {
                Ok(())
            } else {
                writeln!(out)
            }
        }),
    };
    // A closed pipe (`dci ... | head`) is not an error worth reporting.
    let _ = written;
}

/// Widest command column in the root help; longer names put their summary
/// on the next line.
const NAME_COLUMN: usize = 34;

/// The root help's command list, grouped under the spec's tags.
pub fn grouped_commands(command: &clap::Command, groups: &[(&str, &[&str])]) -> String {
    let width = groups
        .iter()
        .flat_map(|(_, names)| names.iter().map(|n| n.len()))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMN);
    let mut text = String::new();
    for (group, names) in groups {
        text.push_str(group);
        text.push_str(":\n");
        for name in names.iter() {
            let about = command
                .find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| a.to_string())
                .unwrap_or_default();
            if name.len() > width {
                text.push_str(&format!("  {name}\n  {:width$}  {about}\n", ""));
            } else {
                text.push_str(&format!("  {name:width$}  {about}\n"));
            }
        }
        text.push('\n');
    }
    text
}
