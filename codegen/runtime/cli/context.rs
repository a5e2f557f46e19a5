//! The context commands run in, and running one: building the request,
//! printing it instead (`--offline`, `--dry-run`), asking before a
//! destructive one, sending it, following its pages (`--all`) and printing
//! the outcome, to stdout or to `--output-file`.

use std::io::Write;
use std::time::Instant;

use super::super::client::{is_idempotent, Client, RetryPolicy};
use super::super::curl;
use super::super::output::{self, Filter, Format, Printer, Sink};
use super::super::request::Request;
use super::super::response::{Operation, Response};
use super::args::{GlobalArgs, RunOptions};
use super::failure::{ErrorCode, Failure};
use op::Op;

mod access;
mod edit;
#[cfg(feature = "events")]
mod events;
mod names;
mod op;
mod pages;
mod target;

/// A command on its way: what [`Context::run`] returns. Boxed, so that the
/// generated dispatch is a plain function, not one state machine spanning
/// every command.
pub type Run<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Failure>> + 'a>>;

/// How the CLI was configured: from flags and the environment.
#[derive(Clone)]
pub struct Settings {
    /// The API's base URL.
    pub base_url: String,
    /// The API key, sent as a bearer token.
    pub api_key: Option<String>,
    /// The environment variable the key comes from, for messages.
    pub api_key_env: &'static str,
    /// The command that signs in (`dci login`), where the tool has one,
    /// for the hints of a missing or refused credential.
    pub login_command: Option<String>,
    /// The credential of each security scheme that has one of its own
    /// (by the scheme's name in the spec).
    pub credentials: Vec<(&'static str, String)>,
    /// Headers sent on every request (the tenant header).
    pub headers: Vec<(String, String)>,
    /// The global flags.
    pub global: GlobalArgs,
    /// Destructive commands are confirmed (`--yes` or the environment).
    pub confirmed: bool,
    /// The environment variable that confirms destructive commands, for messages.
    pub confirm_env: &'static str,
    /// Agent mode: no prompts or progress, errors as JSON envelopes.
    pub agent: bool,
    /// The `User-Agent` header: the tool, its version and the mode.
    pub user_agent: String,
    /// The cache of ids and names, where the tool has a place for it.
    pub cache: Option<std::path::PathBuf>,
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
    printer: Printer,
    /// Stdout, or the `--output-file` being written.
    sink: std::sync::Mutex<Sink>,
}

impl Context {
    /// A context for these settings; a bad `--jq` filter or `--timeout` is a
    /// usage error here, and an `--output-file` that cannot be written an
    /// error, before anything is sent.
    pub fn new(mut settings: Settings) -> Result<Self, Failure> {
        // `-O -` is stdout.
        let output_file = settings.global.output_file.take();
        settings.global.output_file = output_file.filter(|p| p.as_os_str() != "-");
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
            timeout: None,
            deadline: timeout,
            trace: settings.global.verbose,
        };
        let mut client = Client::builder(settings.base_url.as_str())
            .retry_policy(retry)
            .user_agent(settings.user_agent.as_str());
        if let Some(key) = &settings.api_key {
            client = client.api_key(key.as_str());
        }
        for (scheme, secret) in &settings.credentials {
            client = client.credential(*scheme, secret.as_str());
        }
        for (name, value) in &settings.headers {
            client = client.header(name.as_str(), value.as_str());
        }
        let client = client
            .build()
            .map_err(|e| Failure::error(format!("cannot start the HTTP client: {e}")))?;
        let format = match settings.global.output {
            // Agents read TOON wherever stdout goes; a file gets JSON.
            None if settings.agent => Format::Toon,
            None if settings.global.output_file.is_some() => Format::Json,
            chosen => Format::resolve(chosen),
        };
        let color = !settings.agent && settings.global.output_file.is_none() && output::use_color();
        let printer = Printer::new(format, settings.global.fields.clone(), filter, color);
        let sink = Sink::open(settings.global.output_file.as_deref()).map_err(Failure::error)?;
        Ok(Context {
            client,
            settings,
            printer,
            sink: std::sync::Mutex::new(sink),
        })
    }

    /// This context with its output kept in memory, for [`Self::take_output`].
    pub fn capturing(self) -> Self {
        *self.sink() = Sink::Buffer(String::new());
        self
    }

    /// What was printed since the last call, when the output is kept
    /// ([`Self::capturing`]); the key is redacted as on stdout.
    pub fn take_output(&self) -> String {
        match &mut *self.sink() {
            Sink::Buffer(buffer) => std::mem::take(buffer),
            _ => String::new(),
        }
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
        self.run_request(operation.request(), Op::of::<O>(), options.into())
    }

    /// [`Self::run_with`] once the operation's type is read: one copy of
    /// this code serves every operation.
    fn run_request(&self, request: Request, op: Op, options: RunOptions) -> Run<'_> {
        Box::pin(async move {
            let result = self.run_inner(request, op, options).await;
            // A file is put in place only after a success; otherwise it is
            // left as it was, and the temporary file removed.
            let result = result.and_then(|()| self.sink().finish().map_err(Failure::error));
            if result.is_err() {
                self.sink().discard();
            }
            if let (Ok(()), Some(path)) = (&result, self.sink().named()) {
                let saved = format!("saved {}", path.display());
                notice("SAVED", &saved, self.for_programs());
            }
            result.map_err(|mut failure| {
                failure.json |= self.for_programs();
                failure
            })
        })
    }

    async fn run_inner(
        &self,
        request: Request,
        op: Op,
        options: RunOptions,
    ) -> Result<(), Failure> {
        let mut request = request
            .with_idempotency_key(op.idempotency_key)
            .with_security(op.security);
        #[cfg(feature = "events")]
        if op.event_stream {
            request = request.accepting_events();
        }
        request.check().map_err(|e| Failure::usage(e.to_string()))?;
        warn_deprecated(&op, &request, self.for_programs());
        super::parsers::send_as_written(&mut request);
        let unverified = match self.settings.global.offline {
            true => Vec::new(),
            false => self.resolve_ids(&op, &mut request).await?,
        };
        if super::edit::editing() {
            return self.edit(&op, request, &unverified, options).await;
        }
        let offline = self.settings.global.offline;
        if offline || options.dry_run {
            if op.destructive {
                if let Some(target) = self.target(&op, &request, !offline).await {
                    self.write(&format!("# acts on {target}\n"))?;
                }
            }
            self.print_curl(&request)?;
            return Ok(());
        }
        let api_dry_run = op
            .dry_run_param
            .is_some_and(|param| request.query.iter().any(|(k, v)| k == param && v == "true"));
        if op.destructive && !api_dry_run && !self.settings.confirmed {
            let target = self.target(&op, &request, true).await;
            self.confirm(&request, target)?;
        }
        if !self.client.can_authorize(request.security) {
            return Err(access::no_credential(
                request.security,
                self.settings.login_command.as_deref(),
            ));
        }
        #[cfg(feature = "events")]
        if op.event_stream {
            return self
                .interruptible(self.print_events(&op, &request), true)
                .await;
        }
        let sent = self
            .interruptible(self.fetch(&op, &request, options), false)
            .await;
        match sent {
            // An argument sent as an id may have been a name.
            Err(failure) if failure.status == Some(404) && !unverified.is_empty() => {
                match self.retry_by_name(&request, &unverified).await? {
                    Some(retried) => {
                        self.interruptible(self.fetch(&op, &retried, options), false)
                            .await?
                    }
                    None => return Err(failure),
                }
            }
            other => other?,
        }
        if let Some(param) = op.dry_run_param.filter(|_| api_dry_run) {
            notice(
                "DRY_RUN",
                &format!("dry run: the API was asked ({param}=true) to check the request and change nothing"),
                self.for_programs(),
            );
        }
        Ok(())
    }

    /// Runs `work`; with `--output-file`, or for a live stream (`always`),
    /// a signal (Ctrl-C, SIGTERM, SIGHUP) stops it cleanly (exit 128 + its
    /// number), the file left as it was. Listening starts here, after any
    /// prompt, so that Ctrl-C at a prompt still ends the process at once.
    async fn interruptible(
        &self,
        work: impl std::future::Future<Output = Result<(), Failure>>,
        always: bool,
    ) -> Result<(), Failure> {
        use futures_util::future::{select, Either};
        let path = self.settings.global.output_file.as_ref();
        if path.is_none() && !always {
            return work.await;
        }
        let work = std::pin::pin!(work);
        let interrupt = std::pin::pin!(super::interrupted());
        match select(work, interrupt).await {
            Either::Left((result, _)) => result,
            Either::Right((signal, _)) => Err(Failure {
                exit: u8::try_from(128 + signal).ok(),
                ..Failure::new(
                    ErrorCode::Interrupted,
                    match path {
                        Some(path) => format!(
                            "interrupted ({}); {} was left as it was",
                            super::super::output::signals::name(signal),
                            path.display()
                        ),
                        None => format!(
                            "interrupted ({}); the stream was stopped",
                            super::super::output::signals::name(signal)
                        ),
                    },
                )
            }),
        }
    }

    /// The output, locked (a poisoned lock still holds a usable sink).
    /// Whether diagnostics are for programs: agent mode or `-o json` and
    /// the like (errors are then JSON envelopes).
    fn for_programs(&self) -> bool {
        self.settings.agent
            || self
                .settings
                .global
                .output
                .is_some_and(|f| Format::FOR_PROGRAMS.contains(&f))
    }

    fn sink(&self) -> std::sync::MutexGuard<'_, Sink> {
        self.sink.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn print_curl(&self, request: &Request) -> Result<(), Failure> {
        let url = self
            .client
            .printed_url(request)
            .map_err(|e| Failure::error(e.to_string()))?;
        let headers = self.client.headers(request, true);
        let variables: Vec<&str> = request
            .security
            .iter()
            .flat_map(|schemes| schemes.iter().map(|s| s.env))
            .collect();
        self.write(&format!(
            "{}\n",
            curl::render(request, &url, &headers, &variables)
        ))
    }

    /// Sends with the retry policy, tracing with `--verbose`.
    async fn send(&self, request: &Request) -> Result<Response, Failure> {
        self.trace(request)?;
        let started = Instant::now();
        let response = self
            .client
            .execute(request)
            .await
            .map_err(|e| Failure::transport(&e, is_idempotent(request)))?;
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
    fn print_json_or_text(&self, body: &[u8], one: bool) -> Result<(), Failure> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => self.print_value_of(value, one),
            // A file gets the bytes as they came (a PDF, an image); stdout
            // text ends in a newline.
            Err(_) => match std::str::from_utf8(body) {
                Ok(text) if self.settings.global.output_file.is_none() && !text.ends_with('\n') => {
                    self.write(&format!("{text}\n"))
                }
                _ => self.sink().write_bytes(body).map_err(Failure::error),
            },
        }
    }

    /// Prints a JSON value: `--fields`, `--jq`, then the output format.
    fn print_value(&self, value: serde_json::Value) -> Result<(), Failure> {
        self.print_value_of(value, false)
    }

    /// [`Self::print_value`] for a value that may be `one` resource.
    fn print_value_of(&self, value: serde_json::Value, one: bool) -> Result<(), Failure> {
        let text = self.printer.text_of(value, one).map_err(Failure::error)?;
        self.write(&text)
    }

    /// Writes printed text to stdout or the output file (key redacted).
    fn write(&self, text: &str) -> Result<(), Failure> {
        self.sink().write(text).map_err(Failure::error)
    }

    /// With `--verbose`, prints the request to stderr, the key redacted.
    fn trace(&self, request: &Request) -> Result<(), Failure> {
        if !self.settings.global.verbose {
            return Ok(());
        }
        let url = self
            .client
            .printed_url(request)
            .map_err(|e| Failure::error(e.to_string()))?;
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "> {} {url}", request.method);
        for (name, value) in self.client.headers(request, true) {
            let _ = writeln!(err, "> {name}: {value}");
        }
        Ok(())
    }
}

/// A line on stderr for each deprecated thing the request uses: the
/// operation, a parameter it carries, a body field's flag. Never on
/// stdout; a JSON object (`{"warning": {"code": "DEPRECATED", ...}}`) where
/// errors are JSON envelopes too.
fn warn_deprecated(op: &Op, request: &Request, json: bool) {
    let warn = |message: String| warn("DEPRECATED", &message, json);
    if op.deprecated {
        warn(format!(
            "this command ({} {}) is deprecated; see its --help",
            request.method, request.path
        ));
    }
    let carried = |wire: &str| {
        request.query.iter().any(|(k, _)| k == wire)
            || request.header_value(wire).is_some()
            || request.cookies.iter().any(|(k, _)| k == wire)
    };
    for wire in op.deprecated_params.iter().filter(|w| carried(w)) {
        warn(format!("the parameter '{wire}' is deprecated"));
    }
    for flag in super::body::deprecated_flags() {
        warn(format!("{flag} is deprecated"));
    }
}

/// A warning on stderr: `Warning: ...`, or where errors are JSON
/// envelopes, `{"warning": {"code": ..., "message": ...}}`.
pub(super) fn warn(code: &str, message: &str, json: bool) {
    say("warning", "Warning", code, message, json);
}

/// A note about a success on stderr: `Note: ...`, or for programs
/// `{"notice": {"code": ..., "message": ...}}`.
fn notice(code: &str, message: &str, json: bool) {
    say("notice", "Note", code, message, json);
}

/// One line on stderr: `label: message` for people, one JSON object under
/// `key` for programs.
fn say(key: &str, label: &str, code: &str, message: &str, json: bool) {
    if json {
        eprintln!(
            "{}",
            serde_json::json!({key: {"code": code, "message": message}})
        );
    } else {
        eprintln!("{label}: {message}");
    }
}
