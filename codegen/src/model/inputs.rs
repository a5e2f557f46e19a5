//! What an operation takes: parameters, how the CLI reads each, and the
//! request body.

use super::{TypeId, TypeRef};

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
    /// A top-level field of a JSON body, given as a flag of its own: the
    /// CLI merges it into the body (the typed client takes the body whole).
    BodyField,
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
    pub field: crate::naming::RustName,
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
    /// A multipart part's media type, as the body's `encoding` gives it.
    pub content_type: Option<String>,
    /// The spec marks it `deprecated`.
    pub deprecated: bool,
    /// A declared parameter's schema keywords the diff compares besides
    /// its type (bounds, pattern, format, nullable, readOnly, writeOnly).
    pub schema_doc: Option<std::rc::Rc<serde_json::Value>>,
    /// The resource (an index into `Api::resources`) this path parameter
    /// is an id of, which the CLI can look up by name.
    pub resource: Option<usize>,
    /// A value the spec gives as its example (the parameter's, else its
    /// schema's), for the command's example.
    pub example: Option<String>,
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
    /// A path parameter in `label` style: `.v`, lists `.a.b` exploded or `.a,b`.
    Label {
        /// Whether a list's values are each their own label.
        explode: bool,
    },
    /// A path parameter in `matrix` style: `;name=v`, lists `;name=a;name=b`
    /// exploded or `;name=a,b`.
    Matrix {
        /// Whether a list's values each repeat the name.
        explode: bool,
    },
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

/// The type of one value a flag or `--body` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// `true` or `false` (a switch).
    Boolean,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// A string (an enum's value too).
    String,
    /// JSON.
    Json,
    /// A path to a file whose bytes are sent.
    File,
    /// A text body.
    Text,
    /// A bytes body.
    Bytes,
}

impl ValueType {
    /// Its name in the reference pages and the command catalog
    /// (`boolean`, `JSON`).
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Boolean => "boolean",
            ValueType::Integer => "integer",
            ValueType::Number => "number",
            ValueType::String => "string",
            ValueType::Json => "JSON",
            ValueType::File => "file",
            ValueType::Text => "text",
            ValueType::Bytes => "bytes",
        }
    }

    /// The value name `--help` shows: its name in capitals (`INTEGER`,
    /// `JSON`), `BOOL` and `PATH` where that name is long.
    pub fn value_name(self) -> &'static str {
        match self {
            ValueType::Boolean => "BOOL",
            ValueType::Integer => "INTEGER",
            ValueType::Number => "NUMBER",
            ValueType::String => "STRING",
            ValueType::Json => "JSON",
            ValueType::File => "PATH",
            ValueType::Text => "TEXT",
            ValueType::Bytes => "BYTES",
        }
    }
}

impl CliValue {
    /// The type of one value (a list's, of its items).
    pub fn value_type(&self) -> ValueType {
        match self {
            CliValue::Bool => ValueType::Boolean,
            CliValue::Scalar(TypeRef::I32 | TypeRef::I64) => ValueType::Integer,
            CliValue::Scalar(TypeRef::F32 | TypeRef::F64) => ValueType::Number,
            CliValue::Scalar(_) | CliValue::Enum { .. } => ValueType::String,
            CliValue::Json => ValueType::Json,
            CliValue::File => ValueType::File,
            CliValue::List(inner) => inner.value_type(),
        }
    }

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
    /// The spec offers `application/merge-patch+json` (RFC 7386) among
    /// its media types: the server takes a merge patch.
    pub merge_patch: bool,
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
    /// The fields a JSON body may have when its schema allows no others
    /// (`additionalProperties: false`); `None` when it allows any.
    pub closed: Option<Vec<String>>,
    /// The top-level fields of a JSON object body that the CLI takes as
    /// flags of their own: scalars, enums and lists of those.
    pub fields: Vec<Param>,
    /// The CLI builds it from `--body`, shorthand arguments and field
    /// flags (`runtime::cli::WithBody`): a JSON body, or a form-encoded
    /// body of an object type.
    pub merged: bool,
    /// Form fields the spec's `encoding` gives a style of their own
    /// (wire name and style), in the spec's order.
    pub styles: Vec<(String, ParamStyle)>,
    /// Where a JSON body holds strings (`name`, `labels[]`, `tags.*`):
    /// shorthand arguments give a value there as the text written, never
    /// as a number or a boolean.
    pub string_paths: Vec<String>,
    /// What the command line checks and shows of a JSON body beyond its
    /// type (empty for other bodies).
    pub shape: BodyShape,
}

/// Required fields, enum values and field names of a JSON body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyShape {
    /// The top-level field names.
    pub fields: Vec<String>,
    /// The fields that must be given, by path (`config.metric`): the
    /// body's required ones, and their required ones in turn.
    pub required: Vec<RequiredField>,
    /// Where the body holds an enum, and the values it allows.
    pub enum_paths: Vec<(String, Vec<String>)>,
    /// Where the body holds a string of a checked format, and the format.
    pub format_paths: Vec<(String, String)>,
}

/// A field a body requires.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredField {
    /// Its path, as shorthand writes it (`config.metric.type`).
    pub path: String,
    /// Its type as people name it (`string`, `one of a, b`).
    pub kind: String,
}

impl Body {
    /// The parts of a required multipart body none of whose parts is
    /// required: one of them must be given, or nothing is sent.
    pub fn parts_needing_one(&self) -> Option<&[Param]> {
        match &self.kind {
            BodyKind::Multipart(parts)
                if self.required && !parts.is_empty() && !parts.iter().any(|p| p.required) =>
            {
                Some(parts)
            }
            _ => None,
        }
    }
}

impl BodyKind {
    /// What `--body` takes: JSON (a boolean for a boolean form body, which
    /// clap reads as a switch), text or bytes (none for multipart, whose
    /// parts are flags of their own).
    pub fn value_type(&self) -> Option<ValueType> {
        match self {
            BodyKind::UrlEncoded(ty) if *ty.non_null() == TypeRef::Bool => Some(ValueType::Boolean),
            BodyKind::Json(_) | BodyKind::UrlEncoded(_) => Some(ValueType::Json),
            BodyKind::Text => Some(ValueType::Text),
            BodyKind::Bytes => Some(ValueType::Bytes),
            BodyKind::Multipart(_) => None,
        }
    }
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
