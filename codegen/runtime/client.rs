//! The HTTP client every generated operation goes through.

use std::time::Duration;

use tracing::Instrument;

use super::auth::{Credentials, Security};

mod builder;
use super::request::{Body, BuildError, Part, Request};
use super::response::{decode, Error, Operation, Outcome, Response};
pub use builder::ClientBuilder;

/// A call on its way: the future [`Client::call`] and the typed methods
/// return. Boxed, so that each generated method is a plain function.
pub type Call<'a, O> = std::pin::Pin<Box<dyn std::future::Future<Output = Outcome<O>> + Send + 'a>>;

/// The HTTP client: base URL, credentials, headers sent on every request,
/// and how requests are retried. Cheap to clone (the connection pool is
/// shared). Made by [`Client::builder`].
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    headers: Vec<(String, String)>,
    retry: RetryPolicy,
}

/// Never prints a credential.
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("headers", &self.headers)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Client {
    /// A builder for a client of the API at `base_url`, such as
    /// `https://api.example.com`.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url.into().trim_end_matches('/').to_string())
    }

    /// A client for the API at `base_url` with the default settings and no credentials.
    pub fn new(base_url: &str) -> Result<Self, reqwest::Error> {
        Client::builder(base_url).build()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Whether any credential is set.
    pub fn has_bearer_token(&self) -> bool {
        self.credentials.any()
    }

    /// Whether the credentials held can send a request that `security`
    /// requires (always, when it requires none).
    pub fn can_authorize(&self, security: Security) -> bool {
        self.credentials.pick(security).is_some()
    }

    /// The full URL of a request, query string (and any credential sent
    /// in the query) included.
    pub fn url(&self, request: &Request) -> Result<reqwest::Url, BuildError> {
        self.url_as(request, false)
    }

    /// [`Self::url`] with each credential as its environment variable
    /// (`$MY_API_KEY`), for printing.
    pub fn printed_url(&self, request: &Request) -> Result<String, BuildError> {
        let mut url = self.url_as(request, true)?.to_string();
        for scheme in request.security.iter().flat_map(|schemes| schemes.iter()) {
            url = url.replace(&format!("%24{}", scheme.env), &format!("${}", scheme.env));
        }
        Ok(url)
    }

    fn url_as(&self, request: &Request, shown: bool) -> Result<reqwest::Url, BuildError> {
        let joined = format!("{}{}", self.base_url, request.path);
        let mut url = reqwest::Url::parse(&joined).map_err(|_| BuildError::Url(joined.clone()))?;
        let credentials = self.credentials.apply(request.security, shown).query;
        if !request.query.is_empty() || !credentials.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(&request.query)
                .extend_pairs(&credentials);
        }
        Ok(url)
    }

    /// Every header the request is sent with, in order; `shown` puts each
    /// credential as its environment variable (`$MY_API_KEY`), for printing.
    pub fn headers(&self, request: &Request, shown: bool) -> Vec<(String, String)> {
        let credentials = self.credentials.apply(request.security, shown);
        let mut headers = credentials.headers;
        headers.extend(self.headers.iter().cloned());
        headers.extend(request.headers.iter().cloned());
        let cookies: Vec<String> = credentials
            .cookies
            .iter()
            .chain(&request.cookies)
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        if !cookies.is_empty() {
            headers.push(("Cookie".to_string(), cookies.join("; ")));
        }
        if let Some(Body::Bytes { content_type, .. }) = &request.body {
            headers.push(("Content-Type".to_string(), content_type.clone()));
        }
        headers
    }

    /// Sends a request, retrying as `policy` allows, and reads the whole
    /// response. Only idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS,
    /// or any carrying an `Idempotency-Key`, the same on every try) are
    /// retried, after 429, 502, 503, 504, a failed connection or one closed
    /// before the answer, with exponential backoff and jitter or the
    /// server's `Retry-After`.
    pub async fn execute(&self, request: &Request) -> Result<Response, TransportError> {
        let span = tracing::debug_span!("request", method = %request.method, path = %request.path);
        self.execute_traced(request).instrument(span).await
    }

    async fn execute_traced(&self, request: &Request) -> Result<Response, TransportError> {
        let policy = &self.retry;
        let idempotent = is_idempotent(request);
        let deadline = policy.deadline.map(|d| std::time::Instant::now() + d);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let started = std::time::Instant::now();
            let left = deadline.map(|d| d.saturating_duration_since(started));
            let timeout = match (policy.timeout, left) {
                (Some(each), Some(left)) => Some(each.min(left)),
                (each, left) => each.or(left),
            };
            let result = self.send_once(request, timeout).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            match &result {
                Ok(response) => {
                    tracing::debug!(
                        attempt = attempts,
                        status = response.status(),
                        elapsed_ms,
                        "response"
                    )
                }
                Err(error) => {
                    tracing::debug!(attempt = attempts, elapsed_ms, %error, "no response")
                }
            }
            let wait = match &result {
                Ok(response) if is_retried_status(response.status()) => {
                    Some(retry_after(response).unwrap_or_else(|| backoff(attempts)))
                }
                Err(error) if error.is_retried() => Some(backoff(attempts)),
                _ => None,
            };
            // No retry that the deadline would cut short.
            let in_time = |wait: Duration| {
                deadline.is_none_or(|d| std::time::Instant::now() + wait + MIN_ATTEMPT < d)
            };
            match wait {
                Some(wait) if idempotent && attempts <= policy.retries && in_time(wait) => {
                    tracing::debug!(wait_ms = wait.as_millis() as u64, "retrying");
                    if policy.trace {
                        eprintln!(
                            "* retrying in {} ms (attempt {} of {}): {}",
                            wait.as_millis(),
                            attempts + 1,
                            policy.retries + 1,
                            retry_cause(&result)
                        );
                    }
                    tokio::time::sleep(wait).await;
                }
                _ => {
                    return match result {
                        Ok(response) => Ok(response.after_attempts(attempts)),
                        Err(TransportError::Http(e, _)) => Err(TransportError::Http(e, attempts)),
                        Err(other) => Err(other),
                    }
                }
            }
        }
    }

    async fn send_once(
        &self,
        request: &Request,
        timeout: Option<Duration>,
    ) -> Result<Response, TransportError> {
        let response = self.start_exchange(request, timeout).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = read_body(response, MAX_BODY_BYTES).await?;
        Ok(Response::new(status, headers, body))
    }

    /// Sends a request and returns as soon as the status and headers have
    /// come, the body still to read; `timeout` bounds the whole exchange.
    pub(super) async fn start_exchange(
        &self,
        request: &Request,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Response, TransportError> {
        let url = self.url(request).map_err(TransportError::Build)?;
        let mut builder = self.http.request(request.method.clone(), url);
        for (name, value) in self.headers(request, false) {
            builder = builder.header(name, value);
        }
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        builder = match &request.body {
            None => builder,
            Some(Body::Bytes { bytes, .. }) => builder.body(bytes.clone()),
            Some(Body::Multipart(parts)) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, part) in parts {
                    form = match part {
                        Part::Text(text) => form.text(name.clone(), text.clone()),
                        Part::File(file) => form.part(name.clone(), file_part(file)),
                    };
                }
                builder.multipart(form)
            }
        };
        builder.send().await.map_err(|e| TransportError::Http(e, 1))
    }

    /// Sends an operation's request and decodes the response.
    pub fn call<'a, O: Operation + 'a>(&'a self, operation: &O) -> Call<'a, O> {
        let request = operation
            .request()
            .with_idempotency_key(O::IDEMPOTENCY_KEY)
            .with_security(O::SECURITY);
        Box::pin(self.send::<O>(request))
    }

    async fn send<O: Operation>(&self, request: Request) -> Outcome<O> {
        request.check()?;
        let response = match self.execute(&request).await {
            Ok(response) => response,
            Err(TransportError::Build(e)) => return Err(Error::Build(e)),
            Err(TransportError::Http(e, _)) => return Err(Error::Transport(e)),
            Err(TransportError::TooLarge(limit)) => return Err(Error::TooLarge(limit)),
        };
        decode::<O>(response)
    }
}

/// The least time worth starting another attempt with, before a deadline.
const MIN_ATTEMPT: Duration = Duration::from_millis(100);

/// Why an attempt is tried again, for `--verbose`.
fn retry_cause(result: &Result<Response, TransportError>) -> String {
    match result {
        Ok(response) => format!("the server answered {}", response.status()),
        Err(TransportError::Http(e, _)) if e.is_timeout() => "the attempt timed out".to_string(),
        Err(TransportError::Http(e, _)) if e.is_connect() => "could not connect".to_string(),
        Err(TransportError::Http(e, _)) if e.is_request() => {
            "the connection broke off before the answer".to_string()
        }
        Err(error) => error.to_string(),
    }
}

/// When and how often to try a request again.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// Bound on each attempt.
    pub timeout: Option<Duration>,
    /// Bound on all attempts together, the waits between them included
    /// (the command-line tool's `--timeout`).
    pub deadline: Option<Duration>,
    /// Say on stderr when a retry is coming (the CLI's `--verbose`).
    pub trace: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            timeout: None,
            deadline: None,
            trace: false,
        }
    }
}

/// The server's `Retry-After` in seconds (dates are not trusted), at most a minute.
fn retry_after(response: &Response) -> Option<Duration> {
    let seconds: u64 = response
        .headers()
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds.min(60)))
}

/// Exponential backoff from half a second, capped at 20 s, with ±50% jitter.
fn backoff(attempt: u32) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let base = 500u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(6))
        .min(20_000);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    let jitter = hasher.finish() % (base + 1);
    Duration::from_millis(base / 2 + jitter)
}

/// Why no response arrived.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    /// The request could not be built.
    #[error(transparent)]
    Build(BuildError),
    /// Connection, TLS, timeout or body read failure, after this many attempts.
    #[error("{}{}", describe(.0), attempts_note(*.1))]
    Http(reqwest::Error, u32),
    /// The response body is larger than the client reads.
    #[error("the response body is larger than {} MiB", .0 >> 20)]
    TooLarge(usize),
}

impl TransportError {
    /// Whether the client retries after it, for a request it may send
    /// again: a connection that failed, or closed before the answer (a
    /// kept-alive connection the server dropped), or a timeout.
    pub fn is_retried(&self) -> bool {
        matches!(self, TransportError::Http(e, _)
            if e.is_connect() || e.is_timeout() || e.is_request())
    }
}

/// Whether the client may send `request` again: an idempotent method, or
/// an `Idempotency-Key` (the same on every try).
pub fn is_idempotent(request: &Request) -> bool {
    matches!(
        request.method.as_str(),
        "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS"
    ) || request.header_value("Idempotency-Key").is_some()
}

/// Whether the client retries after this status (429, 502, 503, 504), for
/// a request it may send again.
pub fn is_retried_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// The largest response body read; past it the request fails rather than
/// holding an unbounded body in memory.
pub const MAX_BODY_BYTES: usize = 64 << 20;

/// Reads a response body chunk by chunk, stopping at `limit` bytes.
pub(super) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, TransportError> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(TransportError::TooLarge(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| TransportError::Http(e, 1))?
    {
        if body.len() + chunk.len() > limit {
            return Err(TransportError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A file as a multipart part: its bytes, file name and media type (a type
/// reqwest cannot parse is left out rather than fail the request).
fn file_part(file: &super::value::FilePart) -> reqwest::multipart::Part {
    let part =
        || reqwest::multipart::Part::bytes(file.bytes.clone()).file_name(file.file_name.clone());
    match &file.content_type {
        Some(media) => part().mime_str(media).unwrap_or_else(|_| part()),
        None => part(),
    }
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A one-line description of a transport failure, with its root cause.
fn describe(error: &reqwest::Error) -> String {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "failed while reading the response"
    } else {
        "request failed"
    };
    let mut root: &dyn std::error::Error = error;
    while let Some(next) = root.source() {
        root = next;
    }
    match error.url() {
        Some(url) => format!("{what}: {} ({root})", url.origin().ascii_serialization()),
        None => format!("{what} ({root})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_token() {
        let client = Client::builder("https://api.example.com")
            .api_key("sk-secret-123")
            .build()
            .expect("client");
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("sk-secret-123") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
