//! An operation and what it answers: the [`Operation`] trait generated
//! code implements, the response as received, and the typed result or
//! error a call ends in.

use super::auth::Security;
use super::pages::Pagination;
use super::request::{BuildError, Request};

/// One API operation: how to build its request and decode its responses.
/// Generated code implements this for every operation's request struct.
pub trait Operation {
    /// The decoded success body.
    type Output;
    /// The documented error body: its type when every documented error
    /// status carries the same one, else an enum with a variant per status.
    type Error;

    /// Whether the CLI asks before sending (DELETEs and operations the
    /// spec's customisation marks destructive).
    const DESTRUCTIVE: bool = false;
    /// How its pages are asked for and read, when the operation is
    /// paginated (the CLI's `--all` and the typed `stream()` follow them):
    /// by default, as the resource it [`LISTS`](Self::LISTS) pages.
    const PAGINATION: Option<Pagination> = match Self::LISTS {
        Some(resource) => resource.pagination,
        None => None,
    };
    /// The API's own dry-run query parameter, if it has one.
    const DRY_RUN_PARAM: Option<&'static str> = None;
    /// The idempotency-key header the operation requires, if any: when the
    /// request has none, each call makes one (UUID v4) and its retries reuse it.
    const IDEMPOTENCY_KEY: Option<&'static str> = None;
    /// Whether a success is a live stream of server-sent events
    /// (`text/event-stream`), which the CLI prints event by event.
    const EVENT_STREAM: bool = false;
    /// Whether a success is one resource rather than a list, so that the
    /// CLI shows its fields even when it holds one array of objects.
    const ONE_RESOURCE: bool = false;
    /// The only fields a JSON body may have, when the spec allows no others
    /// (`additionalProperties: false`): the CLI refuses any other it is given.
    const CLOSED_BODY: Option<&'static [&'static str]> = None;

    /// The spec marks the operation `deprecated`: the CLI warns when it runs.
    const DEPRECATED: bool = false;

    /// Its parameters the spec marks `deprecated` (wire names): the CLI
    /// warns when a request carries one.
    const DEPRECATED_PARAMS: &'static [&'static str] = &[];

    /// The credentials it takes: the spec's security requirements, as
    /// alternatives of schemes (none by default).
    const SECURITY: Security = &[];

    /// Its path parameters that are ids of a resource: the CLI takes a
    /// name there, and looks its id up.
    const PATH_IDS: PathIds = &[];

    /// The resource it lists, when it is one's list: the CLI keeps the ids
    /// and names it prints, for lookups and completion.
    const LISTS: Option<&'static Resource> = None;

    /// How the CLI's `edit` changes what it writes, when a GET of the same
    /// path reads it.
    const EDIT: Option<Edit> = None;

    /// The request this operation sends.
    fn request(&self) -> Request;

    /// Decodes a response: `Ok(Ok)` for documented successes, `Ok(Err)` for
    /// documented errors, `Err` for undocumented statuses and bodies that do
    /// not match their documented type.
    fn decode(response: &Response) -> Decoded<Self>;
}

/// A collection whose ids the CLI can look up by name: the spec lists its
/// items with an id and a human name, and other operations take the id in
/// their path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resource {
    /// Its name (`alerts`).
    pub name: &'static str,
    /// The list's path template; a `{param}` segment takes the value at
    /// the same place in the path of the operation looking an id up.
    pub list_path: &'static str,
    /// Where the list's items are: field names from the body down.
    pub items: &'static [&'static str],
    /// The item's id field.
    pub id: &'static str,
    /// The item's human name field.
    pub label: &'static str,
    /// How an id is written (`uuid`, `integer`), where the spec says.
    pub id_format: Option<&'static str>,
    /// How the list's pages are followed.
    pub pagination: Option<Pagination>,
    /// The credentials the list takes.
    pub security: Security,
    /// The path of one by id (`/alerts/{id}`), when a GET reads it.
    pub get_path: Option<&'static str>,
}

/// How `edit` runs a PUT or PATCH: a GET of the same path reads the item,
/// which is changed in an editor and sent back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Edit {
    /// The credentials the GET takes.
    pub get_security: Security,
    /// The media type of the body the operation sends.
    pub media_type: &'static str,
    /// The server takes a JSON merge patch (RFC 7386): only the changes
    /// are sent, as `application/merge-patch+json`.
    pub merge_patch: bool,
    /// The body's top-level fields shown in the editor (the item's others
    /// are read-only or not the body's); empty: all of the item.
    pub fields: &'static [&'static str],
}

/// An operation's [`PathId`]s ([`Operation::PATH_IDS`]).
pub type PathIds = &'static [PathId];

/// A path parameter that is an id of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PathId {
    /// Which `/`-separated segment of the path holds it (0 is before the
    /// first `/`).
    pub segment: usize,
    /// The resource.
    pub resource: &'static Resource,
}

impl PathId {
    /// The id of `resource` in the path's `segment`.
    pub const fn new(segment: usize, resource: &'static Resource) -> Self {
        PathId { segment, resource }
    }
}

/// What [`Operation::decode`] makes of a response.
pub type Decoded<O> =
    Result<Result<<O as Operation>::Output, <O as Operation>::Error>, DecodeError>;

/// What a typed client method returns: the decoded success with its status
/// and headers, or why there is none.
pub type Outcome<O> =
    Result<ResponseValue<<O as Operation>::Output>, Error<<O as Operation>::Error>>;

/// Why a response did not decode.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The status is not documented for this operation.
    #[error("undocumented status {0}")]
    UnexpectedStatus(u16),
    /// The body does not match the documented type.
    #[error("the response body does not match its documented type: {0}")]
    Json(#[from] serde_json::Error),
    /// The body is not UTF-8 text.
    #[error("the response body is not UTF-8 text")]
    Text,
}

/// A response as received: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct Response {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    attempts: u32,
}

impl Response {
    /// A response from its parts (for tests and other transports).
    pub fn new(status: u16, headers: reqwest::header::HeaderMap, body: Vec<u8>) -> Self {
        Response {
            status,
            headers,
            body,
            attempts: 1,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The response, as the last of this many attempts.
    pub(super) fn after_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// How many attempts it took to get this response.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded as JSON; an empty body reads as `null`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DecodeError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(serde_json::from_slice(b"null")?);
        }
        Ok(serde_json::from_slice(&self.body)?)
    }

    /// The body as text.
    pub fn text(&self) -> Result<String, DecodeError> {
        String::from_utf8(self.body.clone()).map_err(|_| DecodeError::Text)
    }

    /// The body's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// The usual decoding: a JSON success on a status in `ok`, a JSON error
    /// body on one in `err`, and any other status unexpected.
    pub fn json_or_error<T, E>(&self, ok: &[u16], err: &[u16]) -> Result<Result<T, E>, DecodeError>
    where
        T: serde::de::DeserializeOwned,
        E: serde::de::DeserializeOwned,
    {
        self.by_status(ok, err, || self.json(), || self.json())
    }

    /// As [`Response::json_or_error`], for successes without a documented
    /// body (whatever body comes is ignored).
    pub fn empty_or_error<E>(&self, ok: &[u16], err: &[u16]) -> Result<Result<(), E>, DecodeError>
    where
        E: serde::de::DeserializeOwned,
    {
        self.by_status(ok, err, || Ok(()), || self.json())
    }

    /// For an operation documenting no error body: a JSON success on a
    /// status in `ok`, any other status unexpected.
    pub fn json_on<T, E>(&self, ok: &[u16]) -> Result<Result<T, E>, DecodeError>
    where
        T: serde::de::DeserializeOwned,
    {
        self.by_status(ok, &[], || self.json(), || Err(self.unexpected()))
    }

    /// As [`Response::json_on`], for successes without a documented body.
    pub fn empty_on<E>(&self, ok: &[u16]) -> Result<Result<(), E>, DecodeError> {
        self.by_status(ok, &[], || Ok(()), || Err(self.unexpected()))
    }

    /// A success decoded by `success` on a status in `ok`, an error body by
    /// `error` on one in `err`, any other status unexpected.
    fn by_status<T, E>(
        &self,
        ok: &[u16],
        err: &[u16],
        success: impl FnOnce() -> Result<T, DecodeError>,
        error: impl FnOnce() -> Result<E, DecodeError>,
    ) -> Result<Result<T, E>, DecodeError> {
        if ok.contains(&self.status) {
            Ok(Ok(success()?))
        } else if err.contains(&self.status) {
            Ok(Err(error()?))
        } else {
            Err(self.unexpected())
        }
    }

    /// The error for a status the operation does not document.
    pub fn unexpected(&self) -> DecodeError {
        DecodeError::UnexpectedStatus(self.status)
    }

    /// A one-line message for an error response: the body's `error` or
    /// `message` field, or the body itself, or the status's reason phrase.
    pub fn error_message(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&self.body) {
            let field = |v: &serde_json::Value, key: &str| {
                v.get(key).and_then(|f| f.as_str()).map(str::to_string)
            };
            let found = field(&value, "error")
                .or_else(|| field(&value, "message"))
                .or_else(|| value.get("error").and_then(|e| field(e, "message")))
                .or_else(|| field(&value, "detail"))
                .or_else(|| field(&value, "title"));
            if let Some(message) = found {
                return one_line(&message);
            }
        }
        let text = text.trim();
        if text.is_empty() || text.starts_with('<') {
            return reqwest::StatusCode::from_u16(self.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("no message")
                .to_string();
        }
        one_line(text)
    }
}

/// Collapses whitespace and caps the length, for one-line messages.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// A decoded success: the body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    /// The decoded body.
    pub body: T,
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
}

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request could not be built.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// No response: connection, TLS or timeout failure.
    #[error("request failed: {0}")]
    Transport(#[source] reqwest::Error),
    /// The response body is larger than [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES).
    #[error("the response body is larger than {} MiB", .0 >> 20)]
    TooLarge(usize),
    /// A documented error status, with its typed body.
    #[error("{} (HTTP {})", .response.error_message(), .status)]
    Api {
        /// The HTTP status code.
        status: u16,
        /// The typed error body.
        body: E,
        /// The response as received.
        response: Box<Response>,
    },
    /// A status the operation does not document.
    #[error("{} (HTTP {})", .0.error_message(), .0.status())]
    UnexpectedStatus(Box<Response>),
    /// A body that does not match its documented type.
    #[error("{source} (HTTP {})", .response.status())]
    Decode {
        /// What did not match.
        source: DecodeError,
        /// The response as received.
        response: Box<Response>,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the API answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::UnexpectedStatus(response) | Error::Decode { response, .. } => {
                Some(response.status())
            }
            Error::Build(_) | Error::Transport(_) | Error::TooLarge(_) => None,
        }
    }

    /// The typed body of a documented error status.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

/// Turns a received response into the operation's typed result.
pub fn decode<O: Operation>(
    response: Response,
) -> Result<ResponseValue<O::Output>, Error<O::Error>> {
    match O::decode(&response) {
        Ok(Ok(body)) => Ok(ResponseValue {
            body,
            status: response.status,
            headers: response.headers,
        }),
        Ok(Err(body)) => Err(Error::Api {
            status: response.status,
            body,
            response: Box::new(response),
        }),
        Err(DecodeError::UnexpectedStatus(_)) => Err(Error::UnexpectedStatus(Box::new(response))),
        Err(source) => Err(Error::Decode {
            source,
            response: Box::new(response),
        }),
    }
}
