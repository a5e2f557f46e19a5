//! What an operation answers: documented responses and their statuses.

use super::TypeRef;

/// A documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// Which statuses this response covers.
    pub status: Status,
    /// Description from the spec.
    pub description: String,
    /// Media type of the body, if any.
    pub media_type: Option<String>,
    /// How the body decodes.
    pub body: ResponseBody,
    /// The schema as the reference page shows it (`$ref`s expanded).
    pub schema_doc: Option<std::rc::Rc<serde_json::Value>>,
    /// Rust variant name in the operation's success or error enum.
    pub variant: crate::naming::RustName,
    /// The headers it documents, in the spec's order.
    pub headers: Vec<ResponseHeader>,
}

/// A header a response documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeader {
    /// Its name, as written.
    pub name: String,
    /// Whether the spec says it is always sent.
    pub required: bool,
}

/// How a response body decodes.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body.
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// Text (including `text/event-stream`).
    Text,
    /// Raw bytes.
    Bytes,
}

/// The status codes a response is documented for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One code.
    Code(u16),
    /// A class such as `4XX` (the digit).
    Range(u16),
    /// `default`: any status not otherwise documented.
    Default,
}

impl Status {
    /// Ascending codes, then ranges, then `default`.
    pub fn sort_key(self) -> (u16, u16) {
        match self {
            Status::Code(code) => (code, 0),
            Status::Range(class) => (class.saturating_mul(100).saturating_add(99), 1),
            Status::Default => (u16::MAX, 2),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

impl Response {
    /// Whether this status means success (2xx).
    pub fn is_success(&self) -> bool {
        matches!(self.status, Status::Code(200..=299) | Status::Range(2))
    }
}
