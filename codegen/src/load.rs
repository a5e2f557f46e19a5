//! Reading a spec: bytes → `openapiv3::OpenAPI`, YAML or JSON, 3.0 or 3.1.
//!
//! A 3.0 document that `openapiv3` reads as it is takes the direct path.
//! Anything else goes through a JSON value: OpenAPI 3.1 is normalised to
//! 3.0 (type arrays, `null`, `const`, `examples`), common mistakes of
//! published specs are repaired, and what still does not fit is refused with
//! the JSON pointer of the node at fault.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::error::{pointer_token, Error};

/// Larger documents are refused rather than read into memory.
pub const MAX_SPEC_BYTES: usize = 256 * 1024 * 1024;

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<OpenAPI, Error> {
    let name = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|source| Error::Read {
            path: name.clone(),
            source,
        })?
        .len();
    if size > MAX_SPEC_BYTES as u64 {
        return Err(too_large(&name, size));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?;
    parse(&bytes, &name)
}

fn too_large(name: &str, size: u64) -> Error {
    Error::Parse {
        path: name.to_string(),
        message: format!("the document is {size} bytes; the limit is {MAX_SPEC_BYTES}"),
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is in the guarded part of [`parse`], whose panics are
/// caught and handled; a panic hook can stay quiet then.
pub fn in_guarded_parse() -> bool {
    GUARDED.get()
}

fn guarded<T>(parse: impl FnOnce() -> Option<T>) -> Option<T> {
    GUARDED.set(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse));
    GUARDED.set(false);
    result.ok().flatten()
}

/// Parses a spec from memory; `name` labels error messages.
pub fn parse(bytes: &[u8], name: &str) -> Result<OpenAPI, Error> {
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    let parse_error = |message: String| Error::Parse {
        path: name.to_string(),
        message,
    };
    let json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    // The direct path: most 3.0 documents. openapiv3 panics on a few
    // documents (a YAML mapping with a duplicate key: its second attempt
    // at a failed item succeeds), so a panic here means "take the
    // normalising path", which reads through one JSON value and cannot.
    let direct = guarded(|| {
        if json {
            serde_json::from_slice::<OpenAPI>(bytes).ok()
        } else {
            serde_yaml::from_slice::<OpenAPI>(bytes).ok()
        }
    });
    if let Some(spec) = direct.filter(|s| s.openapi.starts_with("3.0")) {
        if !has_pointer_refs(bytes) {
            return Ok(spec);
        }
    }
    let mut value: Value = if json {
        serde_json::from_slice(bytes).map_err(|e| parse_error(format!("not valid JSON: {e}")))?
    } else {
        serde_yaml::from_slice(bytes).map_err(|e| parse_error(format!("not valid YAML: {e}")))?
    };
    let Some(root) = value.as_object_mut() else {
        return Err(parse_error("the document is not an object".to_string()));
    };
    if root.contains_key("swagger") {
        return Err(parse_error(
            "this is a Swagger 2.0 document; convert it to OpenAPI 3 first (for example with swagger2openapi)".to_string(),
        ));
    }
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(other) => other.to_string(),
        None => {
            return Err(invalid(
                "#",
                "missing the `openapi` version field; is this an OpenAPI document?",
            ))
        }
    };
    if !version.starts_with("3.0") && !version.starts_with("3.1") {
        return Err(invalid(
            "#/openapi",
            &format!("unsupported OpenAPI version '{version}'; this generator reads 3.0 and 3.1"),
        ));
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    root.insert("openapi".to_string(), Value::String(version));
    normalize(&mut value);
    inline_pointer_refs(&mut value);
    match serde_path_to_error::deserialize::<_, OpenAPI>(value.clone()) {
        Ok(spec) => Ok(spec),
        Err(e) => {
            // serde loses the path inside flattened and untagged types (most
            // of openapiv3); find the smallest part of the document that fails.
            let (at, message) =
                narrow(&value).unwrap_or_else(|| (pointer("#", e.path()), e.inner().to_string()));
            Err(invalid(&at, &message))
        }
    }
}

/// Tries `value` as a `T`; on failure, the pointer (from `at`) and message.
fn check<T: serde::de::DeserializeOwned>(value: &Value, at: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .err()
        .map(|e| (pointer(at, e.path()), e.inner().to_string()))
}

/// The first failing unit of the document, as deep as the structure allows:
/// a parameter, body or response of an operation, a component, a property.
fn narrow(root: &Value) -> Option<(String, String)> {
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

fn narrow_list<T: serde::de::DeserializeOwned>(node: &Value, at: &str) -> Option<(String, String)> {
    match node {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| check::<T>(item, &format!("{at}/{i}"))),
        _ => check::<Vec<T>>(node, at),
    }
}

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

fn invalid(pointer: &str, message: &str) -> Error {
    Error::Invalid {
        pointer: pointer.to_string(),
        message: message.to_string(),
    }
}

/// A serde path below `at` as a JSON pointer: `#/paths/~1users/get`.
fn pointer(at: &str, path: &serde_path_to_error::Path) -> String {
    let mut pointer = at.to_string();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&pointer_token(key));
            }
            serde_path_to_error::Segment::Seq { index } => {
                pointer.push('/');
                pointer.push_str(&index.to_string());
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// Whether the document has `$ref`s to anything but a whole component
/// (`#/paths/...`, `#/components/schemas/A/properties/b`): a quick scan of
/// the text, so documents without them take the direct path.
fn has_pointer_refs(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'', ' ', ':', '\t']);
        let end = rest
            .find(['"', '\'', '\n', '\r', ' ', ',', '}'])
            .unwrap_or(rest.len());
        let target = &rest[..end];
        target.starts_with("#/") && !is_component_ref(target)
    })
}

/// `#/components/<section>/<name>`, or anywhere inside a component schema
/// (the type space follows those itself, naming what it finds once).
fn is_component_ref(target: &str) -> bool {
    target.starts_with("#/components/schemas/")
        || target
            .strip_prefix("#/components/")
            .is_some_and(|rest| rest.split('/').count() == 2)
}

/// Decodes `%XX` escapes in a `$ref` (`%7BcompanyId%7D`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Replaces `$ref`s to arbitrary places of the document with copies of
/// what they point to, so the rest of the generator only meets component
/// references. Chains resolve over a few rounds; a cycle stays a `$ref`
/// and is reported where it is used.
fn inline_pointer_refs(root: &mut Value) {
    const ROUNDS: usize = 8;
    // Copies can nest copies; past this many copied nodes the rest stay
    // `$ref`s, so no document can make inlining exhaust memory.
    const MAX_COPIED_NODES: usize = 200_000;
    let mut copied = 0;
    for _ in 0..ROUNDS {
        let mut found = Vec::new();
        collect_pointer_refs(root, &mut String::new(), &mut found);
        let replacements: Vec<(String, Value)> = found
            .into_iter()
            .filter_map(|(at, target)| {
                let pointer = percent_decode(target.trim_start_matches('#'));
                let target = root.pointer(&pointer)?;
                copied += count_nodes(target, MAX_COPIED_NODES);
                (copied <= MAX_COPIED_NODES).then(|| (at, target.clone()))
            })
            .collect();
        if replacements.is_empty() {
            return;
        }
        for (at, copy) in replacements {
            if let Some(node) = root.pointer_mut(&at) {
                *node = copy;
            }
        }
    }
}

/// Nodes in `value`, counting no further than `limit`.
fn count_nodes(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match node {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    count
}

fn collect_pointer_refs(value: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if target.starts_with("#/") && !is_component_ref(target) {
                    found.push((at.clone(), target.clone()));
                }
                return;
            }
            for (key, child) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&pointer_token(key));
                collect_pointer_refs(child, at, found);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                collect_pointer_refs(child, at, found);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Rewrites 3.1 and commonly mistaken constructs into what `openapiv3` reads.
/// Only keywords that exist in schemas alone are touched, so other objects
/// pass through unchanged.
fn normalize(value: &mut Value) {
    normalize_node(value, false);
}

/// Objects under these keys are keyed by names (property names, paths,
/// status codes...), not keywords; their entries are objects to normalise.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "paths",
    "responses",
    "content",
    "headers",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "variables",
    "encoding",
    "mapping",
    "pathItems",
    "webhooks",
];

fn normalize_node(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if !names {
                normalize_schema_keywords(map);
            }
            for (key, child) in map.iter_mut() {
                let child_names = !names && child.is_object() && NAME_MAPS.contains(&key.as_str());
                normalize_node(child, child_names);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| normalize_node(item, false)),
        _ => {}
    }
}

fn normalize_schema_keywords(map: &mut Map<String, Value>) {
    // 3.1: `type: [string, "null"]`, `type: "null"`.
    if let Some(Value::Array(types)) = map.get("type") {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        match others.as_slice() {
            [one] => {
                map.insert("type".to_string(), one.clone());
            }
            _ => {
                map.remove("type");
            }
        }
        if nullable {
            map.insert("nullable".to_string(), Value::Bool(true));
        }
    }
    if map.get("type").is_some_and(|t| t == "null") {
        map.remove("type");
        map.insert("nullable".to_string(), Value::Bool(true));
    }
    // 3.1: `const: x` is a one-value enum.
    if let Some(constant) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
    // 3.1: `examples: [...]` in a schema; 3.0 has one `example`.
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    // 3.1: numeric exclusive bounds.
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = n.clone();
            map.insert(bound.to_string(), Value::Number(n));
            map.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
    // Mistakes seen in published specs: `required: true` on a schema,
    // numeric keywords given as strings, enum values of the wrong type.
    if map.get("required").is_some_and(|r| !r.is_array()) && map.contains_key("type") {
        map.remove("required");
    }
    for keyword in ["minimum", "maximum", "multipleOf"] {
        if map.get(keyword).is_some_and(|v| !v.is_number()) {
            map.remove(keyword);
        }
    }
    for keyword in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if map.get(keyword).is_some_and(|v| !v.is_u64()) {
            map.remove(keyword);
        }
    }
    let enum_fits = |ty: &str, values: &[Value]| {
        values.iter().all(|v| {
            v.is_null()
                || match ty {
                    "string" => v.is_string(),
                    "integer" => v.is_i64(),
                    "number" => v.is_number(),
                    "boolean" => v.is_boolean(),
                    _ => true,
                }
        })
    };
    if let (Some(Value::String(ty)), Some(Value::Array(values))) =
        (map.get("type"), map.get("enum"))
    {
        if !enum_fits(ty, values) {
            if ty == "string" {
                let strings = values
                    .iter()
                    .map(|v| match v {
                        Value::String(_) | Value::Null => v.clone(),
                        other => Value::String(other.to_string()),
                    })
                    .collect();
                map.insert("enum".to_string(), Value::Array(strings));
            } else {
                map.remove("enum");
            }
        }
    }
    // Keywords of the wrong type; callbacks (not generated) whose shape varies.
    for keyword in ["pattern", "format"] {
        if map.get(keyword).is_some_and(|v| !v.is_string()) {
            map.remove(keyword);
        }
    }
    for keyword in ["description", "title"] {
        if let Some(value) = map.get(keyword).filter(|v| !v.is_string()) {
            let text = value.to_string();
            map.insert(keyword.to_string(), Value::String(text));
        }
    }
    if map.get("operationId").is_some() || map.get("responses").is_some() {
        map.remove("callbacks");
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.retain(|_, v| v.is_object());
    }
    // A parameter with neither `schema` nor `content` takes a string.
    let is_parameter = map.get("in").is_some_and(Value::is_string)
        && map.get("name").is_some_and(Value::is_string);
    if is_parameter && !map.contains_key("schema") && !map.contains_key("content") {
        let mut schema = Map::new();
        schema.insert("type".to_string(), Value::String("string".to_string()));
        map.insert("schema".to_string(), Value::Object(schema));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_3_1_is_read() {
        let spec = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
              "content": {"application/json": {"schema": {"type": ["string", "null"], "examples": ["x"]}}}}}}}},
            "components": {"schemas": {"K": {"const": "k"}, "N": {"type": "null"},
              "R": {"type": "integer", "exclusiveMinimum": 0}}}}"#;
        let parsed = parse(spec.as_bytes(), "t.json").expect("3.1 reads");
        assert!(parsed.paths.paths.contains_key("/a"));
    }

    #[test]
    fn swagger_2_is_refused_by_name() {
        let err = parse(
            b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "s.yaml",
        )
        .expect_err("refused");
        assert!(err.to_string().contains("Swagger 2.0"), "{err}");
    }

    #[test]
    fn errors_name_the_json_pointer() {
        let spec = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/users": {"get": {"responses": {"200": {"description": "ok", "content": 5}}}}}}"#;
        let err = parse(spec.as_bytes(), "t.json").expect_err("invalid");
        assert!(
            err.to_string()
                .starts_with("#/paths/~1users/get/responses/200"),
            "{err}"
        );
    }

    #[test]
    fn refs_to_any_place_in_the_document_are_followed() {
        let spec = r##"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {
              "/a": {"get": {"responses": {"401": {"description": "no", "content": {"application/json": {"schema": {"type": "object", "properties": {"e": {"type": "string"}}}}}}}}},
              "/b/{id}": {"get": {"parameters": [{"$ref": "#/paths/~1c~1%7Bid%7D/get/parameters/0"}],
                "responses": {"401": {"$ref": "#/paths/~1a/get/responses/401"}}}},
              "/c/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}}}}"##;
        assert!(has_pointer_refs(spec.as_bytes()));
        let parsed = parse(spec.as_bytes(), "t.json").expect("refs inlined");
        assert!(parsed.paths.paths.contains_key("/b/{id}"));
        assert!(!has_pointer_refs(
            br##"{"$ref": "#/components/schemas/A"}"##
        ));
    }

    #[test]
    fn common_mistakes_are_repaired() {
        let spec = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query"}],
              "responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {"S": {"type": "string", "enum": [1, "a"], "required": true, "maxLength": "10", "pattern": 0},
              "O": {"type": "object", "properties": {"additionalProperties": false}}}}}"#;
        parse(spec.as_bytes(), "t.json").expect("repaired");
    }
}
