//! What the generated types need of the runtime: how a value is sent as a
//! parameter ([`ParamValue`]), files ([`FilePart`]), and the impls every
//! string enum and every body type shares. A crate generated with its types
//! in a crate of their own puts this module there, and the rest of the
//! runtime uses it from there.

/// A file to upload: its name, contents and media type.
#[derive(Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct FilePart {
    /// The file name sent with the part.
    pub file_name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The part's `Content-Type`; when `None`, the spec's `encoding` for
    /// the part, else a type guessed from the file name, else
    /// `application/octet-stream`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file named `file_name` holding `bytes`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            file_name: file_name.into(),
            bytes: bytes.into(),
            content_type: None,
        }
    }

    /// The file sent as `content_type` (`image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// In JSON (a `format: binary` string outside a multipart body) a file is
/// its contents as a string.
impl serde::Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FilePart::new(String::new(), text))
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "FilePart({:?}, {} bytes, {:?})",
            self.file_name,
            self.bytes.len(),
            self.content_type
        )
    }
}

/// A value that can be sent as a path, query, header or form parameter.
pub trait ParamValue {
    /// Appends the value's textual forms: none when absent, one per item for lists.
    fn push_values(&self, out: &mut Vec<String>);

    /// All values, for callers that want them at once.
    fn values(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.push_values(&mut out);
        out
    }
}

macro_rules! display_param {
    ($($ty:ty),*) => {$(
        impl ParamValue for $ty {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        }
    )*};
}
display_param!(String, str, bool, i32, i64, f32, f64);

impl ParamValue for serde_json::Value {
    fn push_values(&self, out: &mut Vec<String>) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => out.push(s.clone()),
            other => out.push(other.to_string()),
        }
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn push_values(&self, out: &mut Vec<String>) {
        if let Some(value) = self {
            value.push_values(out);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn push_values(&self, out: &mut Vec<String>) {
        for value in self {
            value.push_values(out);
        }
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn push_values(&self, out: &mut Vec<String>) {
        (**self).push_values(out);
    }
}

/// Reads a `--body` value: inline text, `@file`, or `-` for stdin.
#[cfg(feature = "cli")]
pub fn read_body(raw: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    if raw == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        Ok(bytes)
    } else if let Some(path) = raw.strip_prefix('@') {
        std::fs::read(path).map_err(|e| format!("cannot read the file {path}: {e}"))
    } else {
        Ok(raw.as_bytes().to_vec())
    }
}

/// A form-encoded `--body`, given as JSON and parsed into the operation's
/// body type (a clap value parser). A JSON body is read by
/// `cli::WithBody`, with its fields as flags and shorthand.
#[cfg(feature = "cli")]
pub fn json_body<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, String> {
    let bytes = read_body(raw)?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not valid for this command: {e}"))
}

/// The clap value parser of a generated string enum: its documented values
/// (listed in `--help` and in errors), converted to the enum.
#[cfg(feature = "cli")]
pub type EnumParser<T> =
    clap::builder::MapValueParser<clap::builder::PossibleValuesParser, fn(String) -> T>;

/// An [`EnumParser`] for these values.
#[cfg(feature = "cli")]
pub fn enum_parser<T: From<String> + Clone + Send + Sync + 'static>(
    values: &[&'static str],
) -> EnumParser<T> {
    clap::builder::TypedValueParser::map(
        clap::builder::PossibleValuesParser::new(values.iter().copied()),
        T::from as fn(String) -> T,
    )
}

/// How a request body type is read from the command line: `--body` takes
/// JSON inline, from `@file`, or from stdin (`-`).
// Generated crates whose spec has no JSON body of a named type never invoke it.
#[allow(unused_macros)]
macro_rules! body_parser {
    ($name:ident) => {
        #[cfg(feature = "cli")]
        impl clap::builder::ValueParserFactory for $name {
            type Parser = fn(&str) -> Result<$name, String>;
            fn value_parser() -> Self::Parser {
                $crate::runtime::value::json_body::<$name>
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use body_parser;

/// What every generated string enum is: each variant and its value on the
/// wire, given once here, make its serde impls, `as_str`, `Display`,
/// `From<String>` and `From<&str>`, its documented `VALUES`, a clap value
/// parser offering them (with the `cli` feature), and its use as a parameter. The enum's last
/// variant, `UnknownValue(String)`, keeps a value this client does not know
/// yet, as sent, so that a value the API adds later still decodes.
// Generated crates whose spec has no string enums never invoke it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, [$($variant:ident = $value:literal),* $(,)?]) => {
        impl $name {
            /// The values the spec documents, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::UnknownValue(value),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(value.to_string())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        #[cfg(feature = "cli")]
        impl clap::builder::ValueParserFactory for $name {
            type Parser = $crate::runtime::value::EnumParser<$name>;
            fn value_parser() -> Self::Parser {
                $crate::runtime::value::enum_parser(Self::VALUES)
            }
        }

        impl $crate::runtime::value::ParamValue for $name {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.as_str().to_string());
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// How callers build a struct they send: `new` taking the required fields
/// (given in parentheses; a struct without any is `Default` instead; fields
/// named after the braces, such as `additional_properties`, start from
/// their `Default`), and a
/// setter per optional field, each taking anything that converts into the
/// field's type and returning the struct, so a value is built as
/// `Type::new(required).optional(x)`: adding an optional field adds a
/// setter and breaks no caller.
// Generated crates whose spec has no structs callers build never invoke it.
#[allow(unused_macros)]
macro_rules! setters {
    ($name:ident ($($required:ident: $rty:ty),* $(,)?) { $($(#[$doc:meta])* $field:ident: $ty:ty),* $(,)? } $($default:ident)*) => {
        // Deprecated fields are still the struct's own to set.
        #[allow(deprecated)]
        impl $name {
            #[doc = concat!("A `", stringify!($name), "` with its required fields; set the others with its setters.")]
            pub fn new($($required: impl Into<$rty>),*) -> Self {
                $name { $($required: $required.into(),)* $($field: None,)* $($default: Default::default(),)* }
            }
        }
        $crate::runtime::value::setters!($name { $($(#[$doc])* $field: $ty),* });
    };
    ($name:ident { $($(#[$doc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        #[allow(deprecated)]
        impl $name {
            $(
                #[doc = concat!("Sets `", stringify!($field), "` (see the field).")]
                $(#[$doc])*
                // A field may be named like a standard trait's method (`add`).
                #[allow(clippy::should_implement_trait)]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use setters;

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq)]
    enum Operator {
        Gt,
        Ge,
        UnknownValue(String),
    }

    string_enum!(Operator, [Gt = ">", Ge = ">="]);

    #[derive(Debug, PartialEq)]
    struct Note {
        id: String,
        tag: Option<String>,
        size: Option<Box<i64>>,
        additional_properties: std::collections::BTreeMap<String, serde_json::Value>,
    }

    setters!(Note(id: String) { tag: String, size: Box<i64> } additional_properties);

    #[test]
    fn setters_build_a_struct_from_its_required_fields_then_its_optional_ones() {
        let note = Note::new("n-1").tag("x").size(Box::new(3));
        assert_eq!(
            note,
            Note {
                id: "n-1".to_string(),
                tag: Some("x".to_string()),
                size: Some(Box::new(3)),
                additional_properties: Default::default(),
            }
        );
        assert_eq!(Note::new("n-2").tag, None);
    }

    #[test]
    fn string_enum_round_trips_known_and_unknown_values() {
        let parsed: Vec<Operator> = serde_json::from_str(r#"[">", ">=", "=="]"#).unwrap();
        assert_eq!(
            parsed,
            vec![
                Operator::Gt,
                Operator::Ge,
                Operator::UnknownValue("==".into())
            ]
        );
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            r#"[">",">=","=="]"#
        );
        assert_eq!(Operator::from(">=").to_string(), ">=");
    }
}
