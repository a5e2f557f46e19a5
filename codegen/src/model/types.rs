//! The model's types: a type expression ([`TypeRef`]) and each named type
//! ([`TypeDef`]) with its shape.

/// A named type: its place in [`super::Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub(crate) usize);

impl TypeId {
    /// The place in [`super::Api::types`].
    pub fn index(self) -> usize {
        self.0
    }
}

impl std::fmt::Display for TypeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A Rust type expression referring to primitives or named types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String` (also used for formats without a dedicated type: date-time, email, uri...).
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object with no declared properties.
    JsonObject,
    /// Raw bytes (`format: binary` parts of a multipart body).
    File,
    /// A type in [`super::Api::types`].
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// `Option<T>`, for nullable schemas.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// Strips one `Option` layer, if any.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner,
            other => other,
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Which of the crate's features compile it.
    pub gate: super::Gate,
    /// Rust name, unique among types.
    pub name: crate::naming::RustName,
    /// Description from the spec.
    pub doc: Option<String>,
    /// JSON pointer of the schema this type comes from.
    pub pointer: String,
    /// The shape of the type.
    pub kind: TypeKind,
    /// Callers send it (a request's parameter or body reaches it): a struct
    /// gets a constructor taking its required fields and setters for the rest.
    pub input: bool,
    /// A form-encoded request body of this type is read from `--body` by
    /// the type's own clap value parser (a struct or union declared here).
    pub body_parser: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A JSON object with known properties.
    Struct {
        /// Properties in spec order.
        fields: Vec<Field>,
        /// Type of any other properties (`additionalProperties`), flattened into a map.
        additional: Option<TypeRef>,
        /// The schema does not say `additionalProperties`, so other fields
        /// are allowed: a struct callers send keeps them (as JSON values),
        /// so that what it decoded goes back whole.
        open: bool,
    },
    /// A string enum; unknown values are kept rather than rejected.
    Enum {
        /// Known values in spec order.
        variants: Vec<EnumVariant>,
    },
    /// `oneOf`/`anyOf`: the first variant that matches wins.
    Union {
        /// Alternatives in spec order.
        variants: Vec<UnionVariant>,
    },
    /// A name for another type expression.
    Alias(TypeRef),
}

/// A property of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name.
    pub name: crate::naming::RustName,
    /// JSON property name.
    pub wire: String,
    /// Type of the value when present (nullable schemas are already `Option`).
    pub ty: TypeRef,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
    /// Description from the spec.
    pub doc: Option<String>,
    /// The spec marks it `deprecated`.
    pub deprecated: bool,
    /// The string format its value (or each item of its list) takes, where
    /// the command line checks it: `date-time`, `date`, `email`, `uuid`, `uri`.
    pub format: Option<String>,
}

/// A known value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: crate::naming::RustName,
    /// The value on the wire.
    pub value: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: crate::naming::RustName,
    /// The alternative's type.
    pub ty: TypeRef,
    /// Whether the value must be boxed to break a cycle of types.
    pub boxed: bool,
}

impl TypeDef {
    /// Whether the struct has required fields (its constructor takes them).
    pub fn has_required_fields(&self) -> bool {
        matches!(&self.kind, TypeKind::Struct { fields, .. } if fields.iter().any(|f| f.required))
    }

    /// Whether the generated type implements `Default`: a struct callers
    /// build that has no required field.
    pub fn is_default(&self) -> bool {
        self.input && matches!(self.kind, TypeKind::Struct { .. }) && !self.has_required_fields()
    }
}
