//! What every generated command shares: global flags, reading bodies and
//! arguments, sending (or printing) the request, printing the outcome, and
//! exit codes.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use futures_util::StreamExt;

use super::call::pages;
use super::client::{Client, RetryPolicy};
use super::curl;
use super::output::{self, Filter, Format};
use super::request::Request;
use super::response::{decode, Error, Operation, Response};
pub use super::value::json_body;
use super::value::{read_body, FilePart};

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
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, short = 'o', global = true, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// A jq filter applied to the response before it is printed.
    #[arg(long, global = true, value_name = "FILTER")]
    pub jq: Option<String>,
    /// Retries after 429, 502, 503, 504 or a failed connection (idempotent requests only).
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds each attempt may take.
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Run destructive commands without asking.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
}

/// Per-command options the generated dispatch passes along.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Follow page tokens to the last page (`--all`).
    pub all: bool,
    /// Print the request instead of sending it (`--dry-run` where the API has none).
    pub dry_run: bool,
}

/// A command on its way: what [`Context::run`] returns. Boxed, so that the
/// generated dispatch is a plain function, not one state machine spanning
/// every command.
pub type Run<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Failure>> + 'a>>;

// A command's arguments: the operation's request, and the options the
// runtime handles itself (`Pages`, `DryRun`, `PagesDryRun`).
//
// These structs have no doc comments: clap would take them as the
// command's help, over the request struct's.
#[derive(Debug, Clone, clap::Args)]
#[group(skip)]
pub struct With<O: clap::Args, X: clap::Args> {
    /// The request, whose fields are the command's arguments.
    #[command(flatten)]
    pub request: O,
    /// The runtime's own options.
    #[command(flatten)]
    pub options: X,
}

// `--dry-run`, for commands whose API has no dry run of its own.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct DryRun {
    /// Print the request that would be sent (as --offline does) and send nothing.
    #[arg(long = "dry-run")]
    pub local_dry_run: bool,
}

// `--all`, for commands that return a page token.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct Pages {
    /// Follow page tokens to the last page and print one merged result.
    #[arg(long)]
    pub all: bool,
}

// `--all` and `--dry-run` together.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct PagesDryRun {
    #[command(flatten)]
    pages: Pages,
    #[command(flatten)]
    dry_run: DryRun,
}

impl From<DryRun> for RunOptions {
    fn from(options: DryRun) -> Self {
        RunOptions {
            dry_run: options.local_dry_run,
            ..Default::default()
        }
    }
}

impl From<Pages> for RunOptions {
    fn from(options: Pages) -> Self {
        RunOptions {
            all: options.all,
            ..Default::default()
        }
    }
}

impl From<PagesDryRun> for RunOptions {
    fn from(options: PagesDryRun) -> Self {
        RunOptions {
            all: options.pages.all,
            dry_run: options.dry_run.local_dry_run,
        }
    }
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

    fn new(code: u8, message: impl Into<String>) -> Self {
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
    fn status(response: &Response) -> Self {
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

/// How the CLI was configured: from flags and the environment.
#[derive(Clone)]
pub struct Settings {
    /// The API's base URL.
    pub base_url: String,
    /// The API key, sent as a bearer token.
    pub api_key: Option<String>,
    /// The environment variable the key comes from, for messages.
    pub api_key_env: &'static str,
    /// Headers sent on every request (the tenant header).
    pub headers: Vec<(String, String)>,
    /// The global flags.
    pub global: GlobalArgs,
    /// Destructive commands are confirmed (`--yes` or the environment).
    pub confirmed: bool,
    /// The environment variable that confirms destructive commands, for messages.
    pub confirm_env: &'static str,
}

/// Never prints the API key.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("headers", &self.headers)
            .field("global", &self.global)
            .finish_non_exhaustive()
    }
}

/// What generated commands run against.
pub struct Context {
    client: Client,
    settings: Settings,
    format: Format,
    filter: Option<Filter>,
}

/// Checks a string flag against the spec's `maxLength` (a clap value parser).
pub fn max_length<const N: usize>(value: &str) -> Result<String, String> {
    let length = value.chars().count();
    if length > N {
        Err(format!(
            "at most {N} characters are allowed; this value has {length}"
        ))
    } else {
        Ok(value.to_string())
    }
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
    /// A context for these settings; a bad `--jq` filter or `--timeout` is a
    /// usage error here, before anything is sent.
    pub fn new(settings: Settings) -> Result<Self, Failure> {
        let filter = match settings.global.jq.as_deref() {
            Some(code) => {
                Some(Filter::compile(code).map_err(|e| Failure::usage(format!("--jq: {e}")))?)
            }
            None => None,
        };
        let timeout = match settings.global.timeout {
            Some(seconds) if seconds.is_finite() && seconds > 0.0 && seconds < 1e9 => {
                Some(std::time::Duration::from_secs_f64(seconds))
            }
            Some(_) => {
                return Err(Failure::usage(
                    "--timeout must be a positive number of seconds",
                ))
            }
            None => None,
        };
        let retry = RetryPolicy {
            retries: settings.global.retries,
            timeout,
            trace: settings.global.verbose,
        };
        let mut client = Client::builder(settings.base_url.as_str()).retry_policy(retry);
        if let Some(key) = &settings.api_key {
            client = client.api_key(key.as_str());
        }
        for (name, value) in &settings.headers {
            client = client.header(name.as_str(), value.as_str());
        }
        let client = client
            .build()
            .map_err(|e| Failure::error(format!("cannot start the HTTP client: {e}")))?;
        Ok(Context {
            format: Format::resolve(settings.global.output),
            client,
            settings,
            filter,
        })
    }

    /// Builds, sends (or prints) the operation's request and prints the outcome.
    pub fn run<'a, O: Operation + 'a>(&'a self, operation: O) -> Run<'a> {
        self.run_with(operation, RunOptions::default())
    }

    /// [`Self::run`] with the command's own options (`--all`, a local `--dry-run`).
    pub fn run_with<'a, O: Operation + 'a>(
        &'a self,
        operation: O,
        options: impl Into<RunOptions>,
    ) -> Run<'a> {
        let options = options.into();
        Box::pin(async move {
            self.run_inner::<O>(operation, options)
                .await
                .map_err(|mut failure| {
                    failure.json = self.settings.global.output == Some(Format::Json);
                    failure
                })
        })
    }

    async fn run_inner<O: Operation>(
        &self,
        operation: O,
        options: RunOptions,
    ) -> Result<(), Failure> {
        let request = operation.request().with_idempotency_key(O::IDEMPOTENCY_KEY);
        request.check().map_err(|e| Failure::usage(e.to_string()))?;
        if self.settings.global.offline || options.dry_run {
            self.print_curl(&request)?;
            return Ok(());
        }
        let api_dry_run = O::DRY_RUN_PARAM
            .is_some_and(|param| request.query.iter().any(|(k, v)| k == param && v == "true"));
        if O::DESTRUCTIVE && !api_dry_run && !self.settings.confirmed {
            self.confirm(&request)?;
        }
        if !self.client.has_bearer_token() {
            return Err(Failure::error(format!(
                "{} is not set: export your API key as {0}, or use --offline to print the request without sending it",
                self.settings.api_key_env
            )));
        }
        if !(options.all && O::PAGINATED) {
            let response = self.send(&request).await?;
            let body = checked::<O>(response)?;
            return self.print_json_or_text(&body);
        }
        // --all: follow page tokens, concatenating the item arrays.
        let progress = std::io::stderr().is_terminal();
        let fetch = |token: Option<String>| {
            let mut request = request.clone();
            if let Some(token) = token {
                request.query.retain(|(k, _)| k != PAGE_TOKEN);
                request.query.push((PAGE_TOKEN.to_string(), token));
            }
            async move {
                let body = checked::<O>(self.send(&request).await?)?;
                serde_json::from_slice::<serde_json::Value>(&body)
                    .map_err(|e| Failure::error(format!("a page is not JSON: {e}")))
            }
        };
        let next = |page: &serde_json::Value| {
            let token = page.get(PAGE_TOKEN)?.as_str()?;
            Some(token.to_string())
        };
        let mut pages = std::pin::pin!(pages(fetch, next));
        let mut merged: Option<serde_json::Value> = None;
        let mut fetched = 0;
        while let Some(page) = pages.next().await {
            let page = page?;
            merged = Some(match merged {
                None => page,
                Some(so_far) => merge_pages(so_far, page),
            });
            fetched += 1;
            if progress {
                eprint!("\rfetched {fetched} page(s)");
            }
        }
        if progress {
            eprintln!();
        }
        let mut merged = merged.unwrap_or(serde_json::Value::Null);
        if let Some(map) = merged.as_object_mut() {
            map.remove(PAGE_TOKEN);
        }
        self.print_value(merged)
    }

    fn print_curl(&self, request: &Request) -> Result<(), Failure> {
        let url = self
            .client
            .url(request)
            .map_err(|e| Failure::error(e.to_string()))?;
        let shown = format!("Bearer ${}", self.settings.api_key_env);
        let mut headers = self
            .client
            .headers(request, Some(&format!("${}", self.settings.api_key_env)));
        if !self.client.has_bearer_token() {
            headers.insert(0, ("Authorization".to_string(), shown.clone()));
        }
        output::print(&format!(
            "{}\n",
            curl::render(
                request,
                url.as_str(),
                &headers,
                Some(("Authorization", &shown))
            )
        ));
        Ok(())
    }

    /// Asks on a terminal; refuses (exit 30) without one.
    fn confirm(&self, request: &Request) -> Result<(), Failure> {
        let what = format!("{} {}", request.method, request.path);
        if !std::io::stdin().is_terminal() {
            return Err(Failure::new(
                EXIT_NOT_CONFIRMED,
                format!(
                    "{what} is destructive; pass --yes (or set {}=1) to run it without a prompt",
                    self.settings.confirm_env
                ),
            ));
        }
        eprint!("{what} is destructive. Proceed? [y/N] ");
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(()),
            _ => Err(Failure::new(
                EXIT_NOT_CONFIRMED,
                "not confirmed; nothing was sent",
            )),
        }
    }

    /// Sends with the retry policy, tracing with `--verbose`.
    async fn send(&self, request: &Request) -> Result<Response, Failure> {
        if self.settings.global.verbose {
            let url = self
                .client
                .url(request)
                .map_err(|e| Failure::error(e.to_string()))?;
            self.trace_request(request, url.as_str());
        }
        let started = Instant::now();
        let response = self
            .client
            .execute(request)
            .await
            .map_err(|e| Failure::error(e.to_string()))?;
        if self.settings.global.verbose {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "< HTTP {} ({} ms)",
                response.status(),
                started.elapsed().as_millis()
            );
            for (name, value) in response.headers() {
                let value = value.to_str().unwrap_or("<binary>");
                let _ = writeln!(err, "< {name}: {}", output::redact(value));
            }
        }
        Ok(response)
    }

    /// Prints a success body: JSON through `--jq` and the output format,
    /// anything else as it came.
    fn print_json_or_text(&self, body: &[u8]) -> Result<(), Failure> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => self.print_value(value),
            Err(_) => {
                let mut text = String::from_utf8_lossy(body).into_owned();
                if !text.ends_with('\n') {
                    text.push('\n');
                }
                output::print(&text);
                Ok(())
            }
        }
    }

    fn print_value(&self, value: serde_json::Value) -> Result<(), Failure> {
        let values = match &self.filter {
            Some(filter) => filter
                .run(value)
                .map_err(|e| Failure::error(format!("--jq: {e}")))?,
            None => vec![value],
        };
        let text = output::render(
            &values,
            self.format,
            output::terminal_width(),
            output::use_color(),
        )
        .map_err(|e| Failure::error(format!("cannot print the result: {e}")))?;
        output::print(&text);
        Ok(())
    }

    fn trace_request(&self, request: &Request, url: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "> {} {url}", request.method);
        for (name, value) in self.client.headers(request, Some("<redacted>")) {
            let _ = writeln!(err, "> {name}: {value}");
        }
    }
}

/// The help of a JSON `--body`.
pub const JSON_BODY: &str =
    "Request body as JSON: inline, @file to read a file, or - to read stdin";

/// The help of any other `--body`.
pub const BODY: &str = "Request body: inline, @file to read a file, or - to read stdin";

/// A text `--body` (a clap value parser).
pub fn text_body(raw: &str) -> Result<String, String> {
    String::from_utf8(read_body(raw)?).map_err(|_| "must be UTF-8 text".to_string())
}

/// A raw `--body` (a clap value parser).
pub fn bytes_body(raw: &str) -> Result<Vec<u8>, String> {
    read_body(raw)
}

/// A flag whose value is JSON, parsed into the parameter's type; a bare
/// word is taken as a JSON string (a clap value parser).
pub fn json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, String> {
    serde_json::from_str(raw)
        .or_else(|_| serde_json::from_value(serde_json::Value::String(raw.to_string())))
        .map_err(|e| format!("not a valid value: {e}"))
}

/// A flag naming a file to upload (a clap value parser).
pub fn file(path: &str) -> Result<FilePart, String> {
    let path = Path::new(path);
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    Ok(FilePart::new(file_name, bytes))
}

/// Exit code for an HTTP error status.
pub fn status_exit_code(status: u16) -> u8 {
    match status {
        400..=499 => EXIT_CLIENT_ERROR,
        500..=599 => EXIT_SERVER_ERROR,
        _ => EXIT_ERROR,
    }
}

/// The query parameter and response field that carry the next page's token.
const PAGE_TOKEN: &str = "pageToken";

/// The body of a documented success, or the failure to report.
fn checked<O: Operation>(response: Response) -> Result<Vec<u8>, Failure> {
    let body = response.body().to_vec();
    match decode::<O>(response) {
        Ok(_) => Ok(body),
        // A success the spec does not document is still a success.
        Err(Error::UnexpectedStatus(response)) if (200..300).contains(&response.status()) => {
            Ok(body)
        }
        Err(Error::Api { response, .. }) | Err(Error::UnexpectedStatus(response)) => {
            Err(Failure::status(&response))
        }
        Err(other) => {
            // A body that does not decode still came with a status; say which.
            let status = match &other {
                Error::Decode { response, .. } => Some(response.status()),
                _ => None,
            };
            Err(Failure {
                status,
                ..Failure::error(other.to_string())
            })
        }
    }
}

/// The next page added to the pages so far: item arrays concatenated, other
/// fields as the first page had them.
fn merge_pages(mut so_far: serde_json::Value, next: serde_json::Value) -> serde_json::Value {
    match (&mut so_far, next) {
        (serde_json::Value::Object(acc), serde_json::Value::Object(page)) => {
            for (key, value) in page {
                match (acc.get_mut(&key), value) {
                    (Some(serde_json::Value::Array(items)), serde_json::Value::Array(more)) => {
                        items.extend(more)
                    }
                    (None, value) => {
                        acc.insert(key, value);
                    }
                    _ => {}
                }
            }
            so_far
        }
        (serde_json::Value::Array(items), serde_json::Value::Array(more)) => {
            items.extend(more);
            so_far
        }
        _ => so_far,
    }
}

/// Widest command column in the root help; longer names put their summary
/// on the next line.
const NAME_COLUMN: usize = 34;

/// The root help's command list: the subcommands, in their order, under
/// their groups (`groups` gives the groups' order, `group` each command's),
/// then the `extra` groups of the tool's own commands.
pub fn grouped_commands(
    command: &clap::Command,
    groups: &[&str],
    group: fn(&str) -> Option<&'static str>,
    extra: &[(&str, &[&str])],
) -> String {
    let mut listing: Vec<(String, Vec<String>)> =
        groups.iter().map(|g| (g.to_string(), Vec::new())).collect();
    for sub in command.get_subcommands() {
        if let Some(name) = group(sub.get_name()) {
            if let Some((_, names)) = listing.iter_mut().find(|(g, _)| g == name) {
                names.push(sub.get_name().to_string());
            }
        }
    }
    listing.extend(
        extra
            .iter()
            .map(|(g, names)| (g.to_string(), names.iter().map(|n| n.to_string()).collect())),
    );
    let width = listing
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::len))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMN);
    let mut text = String::new();
    for (group, names) in listing.iter().filter(|(_, names)| !names.is_empty()) {
        text.push_str(group);
        text.push_str(":\n");
        for name in names {
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
