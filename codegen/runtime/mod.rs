//! The hand-written runtime the generated code calls: requests, the HTTP
//! client, decoding, and the CLI's shared behaviour. Generated modules hold
//! only what differs per operation.

pub mod cli;
mod client;
mod curl;
pub mod output;
mod request;

pub use client::{
    decode, BuildError, Call, Client, DecodeError, Decoded, Error, Operation, Outcome, Response,
    ResponseValue, RetryPolicy,
};
pub use request::{Body, FilePart, FormFile, Json, Method, ParamValue, Part, QueryStyle, Request};

/// How a request body type is read from the command line: `--body` takes
/// JSON inline, from `@file`, or from stdin (`-`).
// Generated crates whose spec has no JSON body of a named type never invoke it.
#[allow(unused_macros)]
macro_rules! json_body {
    ($name:ident) => {
        impl clap::builder::ValueParserFactory for $name {
            type Parser = fn(&str) -> Result<$name, String>;
            fn value_parser() -> Self::Parser {
                $crate::runtime::cli::json_body::<$name>
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use json_body;

/// What every generated string enum is: each variant and its value on the
/// wire, given once here, make its serde impls, `as_str`, `Display`,
/// `From<String>` and `From<&str>`, its documented `VALUES`, a clap value
/// parser offering them, and its use as a parameter. The enum's last
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

        impl clap::builder::ValueParserFactory for $name {
            type Parser = $crate::runtime::cli::EnumParser<$name>;
            fn value_parser() -> Self::Parser {
                $crate::runtime::cli::enum_parser(Self::VALUES)
            }
        }

        impl $crate::runtime::ParamValue for $name {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.as_str().to_string());
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq)]
    enum Operator {
        Gt,
        Ge,
        UnknownValue(String),
    }

    string_enum!(Operator, [Gt = ">", Ge = ">="]);

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
