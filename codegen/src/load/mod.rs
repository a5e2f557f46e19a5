//! Reading a spec: bytes → `openapiv3::OpenAPI`, YAML or JSON, 3.0 or 3.1.
//!
//! A 3.0 document that `openapiv3` reads as it is takes the direct path.
//! Anything else goes through a JSON value: OpenAPI 3.1 is normalised to
//! 3.0 (type arrays, `null`, `const`, `examples`), common mistakes of
//! published specs are repaired, and what still does not fit is refused with
//! the JSON pointer of the node at fault.
//!
//! The submodules: `normalize` does the rewriting, `refs` inlines `$ref`s
//! to places other than components, and `narrow` finds the node at fault.

use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::error::{pointer_token, Error};

mod html;
mod narrow;
mod normalize;
mod refs;

use narrow::narrow;
use normalize::normalize;
use refs::{has_pointer_refs, inline_pointer_refs};

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

/// Reads the spec at `path` with `overlays` applied in order (OpenAPI
/// Overlay 1.0 and 1.1); [`load`] when there are none.
pub fn load_overlaid(path: &Path, overlays: &[std::path::PathBuf]) -> Result<OpenAPI, Error> {
    if overlays.is_empty() {
        return load(path);
    }
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?;
    parse_overlaid(&bytes, &name, overlays)
}

/// [`parse`] with `overlays` applied in order first.
pub fn parse_overlaid(
    bytes: &[u8],
    name: &str,
    overlays: &[std::path::PathBuf],
) -> Result<OpenAPI, Error> {
    if overlays.is_empty() {
        return parse(bytes, name);
    }
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    let json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let read: Result<Value, String> = match json {
        true => serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}")),
        false => serde_yaml::from_slice(bytes).map_err(|e| format!("not valid YAML: {e}")),
    };
    let mut doc = read.map_err(|message| Error::Parse {
        path: name.to_string(),
        message,
    })?;
    for overlay in overlays {
        crate::overlay::apply_file(&mut doc, overlay)?;
    }
    let overlaid = serde_json::to_vec(&doc).map_err(|e| Error::Parse {
        path: name.to_string(),
        message: e.to_string(),
    })?;
    parse(&overlaid, name)
}

/// The error for a document over [`MAX_SPEC_BYTES`].
fn too_large(name: &str, size: u64) -> Error {
    Error::Parse {
        path: name.to_string(),
        message: format!("the document is {size} bytes; the limit is {MAX_SPEC_BYTES}"),
    }
}

thread_local! {
    /// Set while this thread runs [`guarded`].
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is in the guarded part of [`parse`], whose panics are
/// caught and handled; a panic hook can stay quiet then.
pub fn in_guarded_parse() -> bool {
    GUARDED.get()
}

/// Runs `parse` with [`in_guarded_parse`] set; a panic counts as no result.
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
    // A sign-in or error page served where the spec was expected.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return Err(parse_error(
            "an HTML or XML page, not an OpenAPI description".to_string(),
        ));
    }
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

/// The error for the node at `pointer`.
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
