//! [`ClientBuilder`]: how a [`Client`] is configured.

use std::time::Duration;

use super::{Client, RetryPolicy};
use crate::runtime::auth::Credentials;

/// How a [`Client`] is configured: [`Client::builder`] makes one, each
/// setter returns it, and [`ClientBuilder::build`] makes the client.
#[derive(Clone)]
#[must_use = "a client builder does nothing until `build` is called"]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    headers: Vec<(String, String)>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

/// Never prints the API key.
impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("headers", &self.headers)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(super) fn new(base_url: String) -> Self {
        ClientBuilder {
            base_url,
            credentials: Credentials::default(),
            headers: Vec::new(),
            retry: RetryPolicy::default(),
            user_agent: None,
            http: None,
        }
    }

    /// The credential of every security scheme given none of its own
    /// ([`Self::credential`]): an API key or token, or `user:password` for
    /// HTTP basic. Each request sends it as its operation's scheme says.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.set_default(key);
        self
    }

    /// The credential of the security scheme the spec names `scheme`.
    pub fn credential(mut self, scheme: impl Into<String>, secret: impl Into<String>) -> Self {
        self.credentials.set(scheme, secret);
        self
    }

    /// Sends this header on every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Bounds each attempt (connection, request and response body).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.retry.timeout = Some(timeout);
        self
    }

    /// Bounds each request as a whole: every attempt and the waits between
    /// them (no bound by default).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.retry.deadline = Some(deadline);
        self
    }

    /// Retries after the first attempt (3 by default; 0 turns retrying off).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retry.retries = retries;
        self
    }

    /// When and how often to try a request again, at once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header (by default this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends through this `reqwest::Client` (its pool, proxy and TLS
    /// settings) instead of one of the builder's own.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client. Fails only when no HTTP client can be made (no TLS backend).
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let mut headers = self.headers;
        let http = match self.http {
            Some(http) => {
                headers.extend(self.user_agent.map(|ua| ("User-Agent".to_string(), ua)));
                http
            }
            None => reqwest::Client::builder()
                .user_agent(self.user_agent.unwrap_or_else(|| {
                    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string()
                }))
                .connect_timeout(Duration::from_secs(30))
                .build()?,
        };
        Ok(Client {
            http,
            base_url: self.base_url,
            credentials: self.credentials,
            headers,
            retry: self.retry,
        })
    }
}
