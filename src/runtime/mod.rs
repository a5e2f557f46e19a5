//! The hand-written runtime the generated code calls: requests, the HTTP
//! client, decoding, and the CLI's shared behaviour. Generated modules hold
//! only what differs per operation.

pub mod cli;
mod client;
mod curl;
mod request;

pub use client::{BuildError, Client, DecodeError, Error, Operation, Response, ResponseValue};
pub use request::{path_segment, FilePart, Method, ParamValue, Request};

/// Declares a string enum that keeps values it does not know.
///
/// Each known value becomes a variant; anything else the API sends later is
/// kept in `UnknownValue` and sent back unchanged, so a new value on the
/// server never breaks decoding.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this client does not know yet.
            UnknownValue(String),
        }

        impl $name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $( $value => Self::$variant, )*
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
                String::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::runtime::ParamValue for $name {
            fn push_values(&self, out: &mut Vec<String>) {
                out.push(self.as_str().to_string());
            }
        }
    };
}
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    string_enum! {
        /// Comparison operators.
        pub enum Operator {
            /// `>`
            Gt = ">",
            /// `>=`
            Ge = ">=",
        }
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
