//! Following `$ref`s to components, with the pointer of whatever is missing.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::error::Error;

/// How many `$ref`s in a row we follow before calling it a cycle.
const MAX_REF_CHAIN: usize = 32;

/// The component name a local `$ref` points to, if it points into `section`.
pub fn component_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference.strip_prefix("#/components/")?;
    let name = rest.strip_prefix(section)?.strip_prefix('/')?;
    Some(unescape_token(name))
}

pub use crate::error::unescape_token;

fn missing(pointer: &str, reference: &str) -> Error {
    Error::Invalid {
        pointer: pointer.to_string(),
        message: format!("$ref '{reference}' not found"),
    }
}

fn cycle(pointer: &str, reference: &str) -> Error {
    Error::Invalid {
        pointer: pointer.to_string(),
        message: format!("$ref '{reference}' refers back to itself"),
    }
}

macro_rules! resolver {
    ($fn_name:ident, $ty:ty, $section:literal, $field:ident) => {
        #[doc = concat!("Follows `$ref`s into `#/components/", $section, "` until a value; `pointer` locates `item` for errors.")]
        pub fn $fn_name<'a>(
            spec: &'a OpenAPI,
            mut item: &'a ReferenceOr<$ty>,
            pointer: &str,
        ) -> Result<&'a $ty, Error> {
            for _ in 0..MAX_REF_CHAIN {
                match item {
                    ReferenceOr::Item(value) => return Ok(value),
                    ReferenceOr::Reference { reference } => {
                        let name = component_name(reference, $section)
                            .ok_or_else(|| missing(pointer, reference))?;
                        item = spec
                            .components
                            .as_ref()
                            .and_then(|c| c.$field.get(&name))
                            .ok_or_else(|| missing(pointer, reference))?;
                    }
                }
            }
            Err(cycle(pointer, $section))
        }
    };
}

resolver!(parameter, Parameter, "parameters", parameters);
resolver!(response, Response, "responses", responses);
resolver!(request_body, RequestBody, "requestBodies", request_bodies);
resolver!(schema, Schema, "schemas", schemas);
resolver!(header, openapiv3::Header, "headers", headers);
