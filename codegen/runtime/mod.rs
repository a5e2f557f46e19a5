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

/// The impls every generated string enum shares (each enum's last variant,
/// `UnknownValue(String)`, keeps a value this client does not know yet, as
/// sent): its documented `VALUES`,
/// a clap value parser offering them, `From<String>` and `From<&str>`
/// (unknown values land in `UnknownValue`), `as_str`-like `Display`, and use
/// as a parameter. The enum's serde derive holds the
/// mapping between variants and wire values; these impls go through it.
// Generated crates whose spec has no string enums never invoke it.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, [$($value:literal),* $(,)?]) => {
        impl $name {
            /// The values the spec documents, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[$($value),*];
        }

        impl clap::builder::ValueParserFactory for $name {
            type Parser = $crate::runtime::cli::EnumParser<$name>;
            fn value_parser() -> Self::Parser {
                $crate::runtime::cli::enum_parser(Self::VALUES)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                let wire: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
                    serde::de::IntoDeserializer::into_deserializer(value.as_str());
                match <Self as serde::Deserialize>::deserialize(wire) {
                    Ok(known) => known,
                    Err(_) => Self::UnknownValue(value),
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
                match serde_json::to_value(self) {
                    Ok(serde_json::Value::String(wire)) => f.write_str(&wire),
                    _ => Err(std::fmt::Error),
                }
            }
        }

        impl $crate::runtime::ParamValue for $name {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.to_string());
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    enum Operator {
        #[serde(rename = ">")]
        Gt,
        #[serde(rename = ">=")]
        Ge,
        #[serde(untagged)]
        UnknownValue(String),
    }

    string_enum!(Operator, [">", ">="]);

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
