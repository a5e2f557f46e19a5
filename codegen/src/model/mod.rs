//! The intermediate model: plain, ordered data describing every operation
//! and type, with every name already decided. This is the only stage that
//! reads `openapiv3` types; emitters read only this.

mod comments;
mod help;
mod operation;
mod outline;
mod reserved;
mod resolve;
mod roles;
mod schema;
mod schema_doc;
mod types;

use crate::error::Warning;

pub use operation::build;
pub use outline::outline;
pub use types::{EnumVariant, Field, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant};

pub use schema::UNKNOWN_VARIANT;

/// Everything the emitters need to know about an API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// The spec's path as given to the generator, for file headers.
    pub source: String,
    /// The command-line tool's name (`dci`).
    pub program: String,
    /// The spec's server URL, when it is a usable absolute URL.
    pub server_url: Option<String>,
    /// Operations in spec order (paths, then methods in the order the spec lists them).
    pub operations: Vec<Operation>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Tags in the order the spec declares them, then any used but undeclared.
    pub tags: Vec<Tag>,
    /// Headers that are client-wide settings (API key schemes) rather than
    /// per-operation parameters, such as `X-Tenant-Id`.
    pub client_headers: Vec<ClientHeader>,
    /// Things that could not be typed precisely, with their spec location.
    pub warnings: Vec<Warning>,
}

/// A header sent on every request, set once on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    /// The header's name (`X-Tenant-Id`).
    pub wire: String,
    /// The client builder's setter for it (`tenant_id`).
    pub method: String,
}

/// A group of commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The tag as the spec spells it.
    pub name: String,
    /// Kebab-cased, for paths (`reports-settings`).
    pub slug: String,
    /// One-line description from the spec's `tags` list.
    pub description: Option<String>,
}

/// HTTP methods the spec can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: a client method and a CLI command.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId as the spec spells it (or one derived from method and path).
    pub operation_id: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, such as `/iam/v1/users/{id}`.
    pub path: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// Every name the operation goes by in generated code, CLI and docs.
    pub names: OperationNames,
    /// What the spec says of it, and the help made of that.
    pub docs: OperationDocs,
    /// Parameters: path ones in path order, then the others in spec order.
    pub params: Vec<Param>,
    /// Request body, if any.
    pub body: Option<Body>,
    /// Documented responses, ascending by status, `default` last.
    pub responses: Vec<Response>,
    /// How the CLI and the client treat it beyond sending it.
    pub roles: OperationRoles,
}

/// The names of an operation, each unique in its namespace.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// Rust name of the request struct (`CancelInvite`).
    pub type_name: String,
    /// Rust name of the error enum (`CancelInviteError`).
    pub error_name: String,
    /// Rust name of the success enum, when there are several success types.
    pub success_name: String,
    /// Rust name of the client method (`cancel_invite`).
    pub fn_name: String,
    /// Rust name of the subcommand variant.
    pub variant_name: String,
    /// CLI command name (`cancel-invite`).
    pub command: String,
    /// Other names the command answers to.
    pub aliases: Vec<String>,
    /// Path of the reference page, such as `users/cancel-invite.md`.
    pub doc_path: String,
}

/// What the spec says of an operation, and the help texts made of it.
#[derive(Debug, Clone)]
pub struct OperationDocs {
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description, Markdown.
    pub description: Option<String>,
    /// First tag, used to group commands.
    pub tag: Option<String>,
    /// One line for command lists and `-h`.
    pub about: String,
    /// Summary and description for `--help` and the reference page.
    pub long_about: String,
}

/// How an operation is treated beyond being sent: confirmation, pages,
/// dry runs.
#[derive(Debug, Clone, Default)]
pub struct OperationRoles {
    /// The CLI asks before sending (a DELETE, or marked so by customisation).
    pub destructive: bool,
    /// Takes a `pageToken` and returns the next one: the CLI offers `--all`.
    pub paginated: bool,
    /// Where a typed page keeps its items and the next token, when the
    /// success body is a struct with one array field: the client streams items.
    pub page: Option<Page>,
    /// The API's own boolean dry-run query parameter, if any (wire name).
    pub dry_run_param: Option<String>,
    /// The CLI offers its own `--dry-run` (the API has none): print, send nothing.
    pub local_dry_run: bool,
}

/// How a paginated operation's pages are read and asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The request field taking the page token.
    pub token_param: String,
    /// The response field holding the next page's token.
    pub token_field: String,
    /// Whether that field is always present (not an `Option`).
    pub token_required: bool,
    /// The response field holding the page's items.
    pub items_field: String,
    /// Whether that field is always present (not an `Option`).
    pub items_required: bool,
    /// The type of one item.
    pub item: TypeRef,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// One of the operation's parameters.
    Param(ParamId),
}

/// A parameter of an operation: its place in [`Operation::params`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamId(pub(crate) usize);

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A part of a `multipart/form-data` body.
    Form,
}

impl Param {
    /// The doc comment of its request field: its full help, notes included
    /// (`[default: 50]`), or the spec's text when it has no help.
    pub fn doc_comment(&self) -> Option<&str> {
        if self.long_help.is_empty() {
            self.doc.as_deref()
        } else {
            Some(&self.long_help)
        }
    }

    /// Whether a caller must give it to the typed method: required, and not
    /// an idempotency key the runtime makes when none is given.
    pub fn is_argument(&self) -> bool {
        self.required && !self.idempotency_key
    }

    /// Whether the value is structured (an object or a list of them) rather
    /// than a scalar, an enum or a list of those.
    pub fn is_structured(&self) -> bool {
        self.cli == CliValue::Json
    }
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Rust field name in the request and CLI structs.
    pub field: String,
    /// CLI flag name without dashes (`dry-run`), or the value name of a positional.
    pub flag: String,
    /// Value type.
    pub ty: TypeRef,
    /// Whether the spec requires it.
    pub required: bool,
    /// Description from the spec.
    pub doc: Option<String>,
    /// One-line help (`-h`), with the default and other notes.
    pub help: String,
    /// Full help (`--help` and the reference page).
    pub long_help: String,
    /// The spec's default, rendered for display.
    pub default: Option<String>,
    /// How the CLI takes the value.
    pub cli: CliValue,
    /// An `Idempotency-Key` header: the CLI makes one up when none is given.
    pub idempotency_key: bool,
    /// How a query value is spelled.
    pub style: ParamStyle,
    /// The longest string the spec allows (`maxLength`), checked before sending.
    pub max_length: Option<usize>,
}

/// How a query parameter's value is serialised (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form`, exploded: `a=1&a=2`, objects as `k=v` pairs.
    Form,
    /// `form`, not exploded: `a=1,2`, objects as `a=k,v`.
    FormJoined,
    /// `spaceDelimited`: `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

/// How a CLI argument takes its value.
#[derive(Debug, Clone, PartialEq)]
pub enum CliValue {
    /// `--flag` or `--flag=false`.
    Bool,
    /// A value clap parses to this primitive type.
    Scalar(TypeRef),
    /// A string among fixed values, converted to the named enum type.
    Enum {
        /// The enum's type.
        ty: TypeId,
        /// Allowed values.
        values: Vec<String>,
    },
    /// A JSON document, parsed into the parameter's type.
    Json,
    /// A repeatable flag collecting a list of this.
    List(Box<CliValue>),
    /// A path to a file whose bytes are sent.
    File,
}

impl CliValue {
    /// Whether the flag repeats, collecting a list.
    pub fn is_list(&self) -> bool {
        matches!(self, CliValue::List(_))
    }

    /// The allowed values of an enum, or of a list of one.
    pub fn possible_values(&self) -> Option<&[String]> {
        match self {
            CliValue::Enum { values, .. } => Some(values),
            CliValue::List(inner) => inner.possible_values(),
            _ => None,
        }
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Media type sent as `Content-Type`.
    pub media_type: String,
    /// How the body is encoded.
    pub kind: BodyKind,
    /// Whether the spec requires a body.
    pub required: bool,
    /// Description from the spec.
    pub doc: Option<String>,
    /// JSON pointer of the body's schema.
    pub pointer: String,
    /// The schema as the reference page shows it (`$ref`s expanded).
    pub schema_doc: Option<std::rc::Rc<serde_json::Value>>,
    /// The help of `--body` (empty for a multipart body, which has a flag per part).
    pub help: String,
    /// The value name of `--body` in `--help` (`JSON`, `BODY`).
    pub value_name: String,
}

/// How a request body is encoded.
#[derive(Debug, Clone)]
pub enum BodyKind {
    /// Serialised JSON of this type (JSON and JSON-like media types).
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` fields of this type.
    UrlEncoded(TypeRef),
    /// Plain text.
    Text,
    /// Raw bytes.
    Bytes,
    /// `multipart/form-data` parts, each one a CLI flag.
    Multipart(Vec<Param>),
}

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
    pub variant: String,
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

impl Api {
    /// Whether the Rust type of `ty` implements `Default`.
    pub fn has_default(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Aliases are followed a bounded number of steps (they may loop).
        for _ in 0..16 {
            match ty {
                TypeRef::Named(index) => match self.type_def(*index) {
                    Some(TypeDef {
                        kind: TypeKind::Alias(inner),
                        ..
                    }) => ty = inner,
                    Some(def) => return def.is_default(),
                    None => return true,
                },
                _ => return true,
            }
        }
        false
    }

    /// Types sorted by name, the order they are printed in.
    pub fn sorted_types(&self) -> Vec<&TypeDef> {
        let mut types: Vec<&TypeDef> = self.types.iter().collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        types
    }

    /// The type `id` names.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)
    }
}

impl Operation {
    /// The parameter `id` names.
    pub fn param(&self, id: ParamId) -> Option<&Param> {
        self.params.get(id.0)
    }

    /// The request struct's fields: parameters, then the parts of a
    /// multipart body (any other body is one field, `body`).
    pub fn request_fields(&self) -> Vec<&Param> {
        let mut fields: Vec<&Param> = self.params.iter().collect();
        if let Some(BodyKind::Multipart(parts)) = self.body.as_ref().map(|b| &b.kind) {
            fields.extend(parts);
        }
        fields
    }

    /// The query parameter and response field that carry the next page's
    /// token, when the operation is paginated.
    pub fn page_token(&self) -> Option<&'static str> {
        self.roles.paginated.then_some(roles::PAGE_TOKEN)
    }

    /// The flags the runtime adds to the command (`--all`, `--dry-run`),
    /// with their help, in the order `--help` lists them.
    pub fn runtime_flags(&self) -> Vec<(&'static str, &'static str)> {
        let mut flags = Vec::new();
        if self.roles.paginated {
            flags.push(("all", help::ALL));
        }
        if self.roles.local_dry_run {
            flags.push(("dry-run", help::DRY_RUN));
        }
        flags
    }

    /// The documented success responses.
    pub fn successes(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| r.is_success())
    }

    /// The documented error responses (non-2xx and `default`).
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses.iter().filter(|r| !r.is_success())
    }

    /// Whether successes have more than one body type and need an enum.
    pub fn has_success_enum(&self) -> bool {
        differ(self.successes())
    }

    /// Whether documented errors have more than one body type and need an
    /// enum; otherwise the error is that one type, and its status tells
    /// the errors apart.
    pub fn has_error_enum(&self) -> bool {
        differ(self.errors())
    }
}

/// Whether the responses do not all carry the same body type.
fn differ<'a>(mut responses: impl Iterator<Item = &'a Response>) -> bool {
    let first = responses.next().map(|r| &r.body);
    responses.any(|r| Some(&r.body) != first)
}
