//! Finding where a document that does not deserialize goes wrong: serde
//! loses the path inside flattened and untagged types (most of
//! `openapiv3`), so the parts of the document are tried one by one and the
//! smallest failing one is reported with its JSON pointer.

use serde_json::Value;

use super::pointer;
use crate::error::pointer_token;

/// Tries `value` as a `T`; on failure, the pointer (from `at`) and message.
fn check<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .err()
        .map(|e| (pointer(at, e.path()), e.inner().to_string()))
}

/// The first failing unit of the document, as deep as the structure allows:
/// a parameter, body or response of an operation, a component, a property.
pub(super) fn narrow(root: &Value) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, ReferenceOr, RequestBody, Response};
    if let Some(Value::Object(paths)) = root.get("paths") {
        for (path, item) in paths {
            let at = format!("#/paths/{}", pointer_token(path));
            let Value::Object(item) = item else {
                return Some((at, "a path item must be an object".to_string()));
            };
            for (key, node) in item {
                let at = format!("{at}/{}", pointer_token(key));
                let failure = match key.as_str() {
                    "parameters" => narrow_list::<ReferenceOr<Parameter>>(node, &at),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        narrow_operation(node, &at).or_else(|| check::<Operation>(node, &at))
                    }
                    _ => None,
                };
                if failure.is_some() {
                    return failure;
                }
            }
        }
    }
    if let Some(Value::Object(components)) = root.get("components") {
        for (section, entries) in components {
            let Value::Object(entries) = entries else {
                continue;
            };
            for (name, node) in entries {
                let at = format!(
                    "#/components/{}/{}",
                    pointer_token(section),
                    pointer_token(name)
                );
                let failure = match section.as_str() {
                    "schemas" => narrow_schema(node, &at),
                    "parameters" => check::<ReferenceOr<Parameter>>(node, &at),
                    "requestBodies" => check::<ReferenceOr<RequestBody>>(node, &at),
                    "responses" => check::<ReferenceOr<Response>>(node, &at),
                    "securitySchemes" => check::<ReferenceOr<openapiv3::SecurityScheme>>(node, &at),
                    "headers" => check::<ReferenceOr<openapiv3::Header>>(node, &at),
                    _ => None,
                };
                if failure.is_some() {
                    return failure;
                }
            }
        }
    }
    None
}

/// A list of `T`, narrowed to its first failing item.
fn narrow_list<T: serde::de::DeserializeOwned>(node: &Value, at: &str) -> Option<(String, String)> {
    match node {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| check::<T>(item, &format!("{at}/{i}"))),
        _ => check::<Vec<T>>(node, at),
    }
}

/// An operation, narrowed to its parameters, body and responses.
fn narrow_operation(node: &Value, at: &str) -> Option<(String, String)> {
    use openapiv3::{Parameter, ReferenceOr, RequestBody, Response};
    let Value::Object(op) = node else {
        return Some((at.to_string(), "an operation must be an object".to_string()));
    };
    if let Some(params) = op.get("parameters") {
        if let Some(failure) =
            narrow_list::<ReferenceOr<Parameter>>(params, &format!("{at}/parameters"))
        {
            return Some(failure);
        }
    }
    if let Some(body) = op.get("requestBody") {
        let at = format!("{at}/requestBody");
        if let Some(failure) =
            narrow_content(body, &at).or_else(|| check::<ReferenceOr<RequestBody>>(body, &at))
        {
            return Some(failure);
        }
    }
    if let Some(Value::Object(responses)) = op.get("responses") {
        for (status, response) in responses {
            let at = format!("{at}/responses/{}", pointer_token(status));
            if let Some(failure) = narrow_content(response, &at)
                .or_else(|| check::<ReferenceOr<Response>>(response, &at))
            {
                return Some(failure);
            }
        }
    }
    None
}

/// The schemas of a body's or response's `content`.
fn narrow_content(node: &Value, at: &str) -> Option<(String, String)> {
    let Some(Value::Object(content)) = node.get("content") else {
        return None;
    };
    content.iter().find_map(|(media, entry)| {
        entry.get("schema").and_then(|schema| {
            narrow_schema(
                schema,
                &format!("{at}/content/{}/schema", pointer_token(media)),
            )
        })
    })
}

/// A schema, narrowed through its subschemas.
fn narrow_schema(node: &Value, at: &str) -> Option<(String, String)> {
    if let Value::Object(map) = node {
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                let inner = narrow_schema(
                    property,
                    &format!("{at}/properties/{}", pointer_token(name)),
                );
                if inner.is_some() {
                    return inner;
                }
            }
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if let Some(sub @ Value::Object(_)) = map.get(keyword) {
                let inner = narrow_schema(sub, &format!("{at}/{keyword}"));
                if inner.is_some() {
                    return inner;
                }
            }
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(items)) = map.get(keyword) {
                for (i, item) in items.iter().enumerate() {
                    let inner = narrow_schema(item, &format!("{at}/{keyword}/{i}"));
                    if inner.is_some() {
                        return inner;
                    }
                }
            }
        }
    }
    check::<openapiv3::ReferenceOr<openapiv3::Schema>>(node, at)
}
