//! Reading a spec: bytes → `openapiv3::OpenAPI`, YAML or JSON.

use std::path::Path;

use openapiv3::OpenAPI;

use crate::error::Error;

/// Reads and parses the spec at `path`.
pub fn load(path: &Path) -> Result<OpenAPI, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&bytes, &path.display().to_string())
}

/// Parses a spec from memory; `name` labels error messages.
pub fn parse(bytes: &[u8], name: &str) -> Result<OpenAPI, Error> {
    let parse_error = |message: String| Error::Parse {
        path: name.to_string(),
        message,
    };
    let looks_like_json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let parsed = if looks_like_json {
        serde_json::from_slice::<OpenAPI>(bytes).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_slice::<OpenAPI>(bytes).map_err(|e| e.to_string())
    };
    match parsed {
        Ok(spec) if spec.openapi.starts_with("3.") => Ok(spec),
        Ok(spec) => Err(parse_error(format!(
            "unsupported OpenAPI version '{}'; this generator reads OpenAPI 3.0 and 3.1",
            spec.openapi
        ))),
        Err(message) => {
            if is_swagger_2(bytes) {
                Err(parse_error(
                    "this is a Swagger 2.0 document; convert it to OpenAPI 3 first".to_string(),
                ))
            } else {
                Err(parse_error(format!(
                    "not a readable OpenAPI 3 document: {message}"
                )))
            }
        }
    }
}

fn is_swagger_2(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head);
    head.lines().any(|line| {
        let line = line.trim_start().trim_start_matches(['{', '"', '\'']);
        line.starts_with("swagger")
    })
}
