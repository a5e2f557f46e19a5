//! What an operation is: its HTTP call, names, texts, inputs, responses
//! and roles.

use super::{help, Body, BodyKind, Param, ParamId, Response};

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
    /// The crate features it is compiled with: its tag's, when the crate
    /// has a feature per tag; always otherwise. A type's gate is the same
    /// kind of value ([`super::TypeDef::gate`]).
    pub gate: super::Gate,
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
    /// The `Accept` header it sends, when the spec declares one as a
    /// parameter: set by the tool, not asked of the user.
    pub accept: Option<String>,
    /// How the CLI and the client treat it beyond sending it.
    pub roles: OperationRoles,
    /// Its own security requirements, when it has them (else the document's).
    pub security: Option<super::Requirements>,
}

/// The names of an operation, each unique in its namespace.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// Rust name of the request struct (`CancelInvite`).
    pub type_name: crate::naming::RustName,
    /// Rust name of the error enum (`CancelInviteError`).
    pub error_name: crate::naming::RustName,
    /// Rust name of the success enum, when there are several success types.
    pub success_name: crate::naming::RustName,
    /// Rust name of the client method (`cancel_invite`).
    pub fn_name: crate::naming::RustName,
    /// Rust name of the subcommand variant.
    pub variant_name: crate::naming::RustName,
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
    /// The spec marks it `deprecated`.
    pub deprecated: bool,
    /// What its help says after the flags: that it is destructive, and how
    /// to run it without the question.
    pub after_help: Option<String>,
    /// Command lines that run it: the spec's, then one of its required
    /// inputs (see `examples.rs`).
    pub examples: Vec<super::Example>,
}

/// How an operation is treated beyond being sent: confirmation, pages,
/// dry runs.
#[derive(Debug, Clone, Default)]
pub struct OperationRoles {
    /// The CLI asks before sending (a DELETE, or marked so by customisation).
    pub destructive: bool,
    /// How its pages are asked for and read, when it is paginated: the CLI
    /// offers `--all`, and the client streams the items (see `pages.rs`).
    pub pagination: Option<Pagination>,
    /// What the spec or the customisation declares of its pages, read
    /// with the finished types into [`Self::pagination`] (then `None`).
    pub declared_pages: Option<super::pages::Declared>,
    /// The first success's example, for an operation that takes a paging
    /// parameter: pagination reads it where the types say too little
    /// (then `None`).
    pub page_example: Option<serde_json::Value>,
    /// The API's own boolean dry-run query parameter, if any (wire name).
    pub dry_run_param: Option<String>,
    /// The CLI offers its own `--dry-run` (the API has none): print, send nothing.
    pub local_dry_run: bool,
    /// A success answers `text/event-stream`: the CLI prints each event as
    /// it arrives.
    pub event_stream: bool,
    /// A success is one resource, not a list: a table shows its fields even
    /// when it holds one array of objects (an allocation and its rules).
    pub one_resource: bool,
    /// Hidden from the MCP server (`x-mcp-ignore: true`, or the
    /// customisation's `mcp_ignore`).
    pub mcp_ignore: bool,
    /// `edit` can run it: a GET reads what it writes.
    pub edit: Option<super::Edit>,
}

pub use super::pages::{PageKind, PageSource, Pagination};

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// One of the operation's parameters.
    Param(ParamId),
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

    /// Whether the operation is paginated: the CLI offers `--all`.
    pub fn paginated(&self) -> bool {
        self.roles.pagination.is_some()
    }

    /// The flags the runtime adds to the command (`--all`, `--max-pages`,
    /// `--max-items`, `--dry-run`), each with the kind of value it takes
    /// (`boolean`, `integer`) and its help, in the order `--help` lists them.
    pub fn runtime_flags(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        let mut flags = Vec::new();
        if self.paginated() {
            flags.push(("all", "boolean", help::ALL));
            flags.push(("max-pages", "integer", help::MAX_PAGES));
            flags.push(("max-items", "integer", help::MAX_ITEMS));
        }
        if self.roles.local_dry_run {
            flags.push(("dry-run", "boolean", help::DRY_RUN));
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
