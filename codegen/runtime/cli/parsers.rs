//! Clap value parsers for the arguments generated commands take: bodies,
//! JSON values, files and length-checked strings. (The help of `--body` is the
//! generator's, printed into each command.)

use std::path::Path;

use super::super::request::{Body, Request};
pub use super::super::value::json_body;
use super::super::value::{read_body, FilePart};

/// Sends a JSON body as the user wrote it (see [`super::body`]), in place
/// of the body type's re-encoding of it: nothing the user wrote is lost (a
/// field the spec does not name yet, `10` rather than `10.0`, key order,
/// escapes). Form-encoded bodies are left as built.
pub fn send_as_written(request: &mut Request) {
    let Some(Body::Bytes {
        content_type,
        bytes,
    }) = &mut request.body
    else {
        return;
    };
    if !content_type.to_ascii_lowercase().contains("json") {
        return;
    }
    if let Some(written) = super::body::written_body() {
        *bytes = written;
    }
}

/// A text `--body` (a clap value parser).
pub fn text_body(raw: &str) -> Result<String, String> {
    String::from_utf8(read_body(raw)?).map_err(|_| "must be UTF-8 text".to_string())
}

/// A raw `--body` (a clap value parser).
pub fn bytes_body(raw: &str) -> Result<Vec<u8>, String> {
    read_body(raw)
}

/// A flag whose value is JSON, parsed into the parameter's type; a bare
/// word is taken as a JSON string (a clap value parser).
pub fn json<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, String> {
    serde_json::from_str(raw)
        .or_else(|_| serde_json::from_value(serde_json::Value::String(raw.to_string())))
        .map_err(|e| format!("not a valid value: {e}"))
}

/// A flag naming a file to upload (a clap value parser).
pub fn file(path: &str) -> Result<FilePart, String> {
    let path = Path::new(path);
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_string());
    Ok(FilePart::new(file_name, bytes))
}

/// Checks a string flag against the spec's `maxLength` (a clap value parser).
pub fn max_length<const N: usize>(value: &str) -> Result<String, String> {
    let length = value.chars().count();
    if length > N {
        Err(format!(
            "at most {N} characters are allowed; this value has {length}"
        ))
    } else {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_flags_take_json_or_a_bare_word_as_a_string() {
        assert_eq!(json::<u32>("5"), Ok(5));
        assert_eq!(json::<String>("plain"), Ok("plain".to_string()));
        assert_eq!(json::<Vec<u8>>("[1,2]"), Ok(vec![1, 2]));
        assert!(json::<u32>("five").is_err());
    }

    #[test]
    fn max_length_counts_characters_not_bytes() {
        assert_eq!(max_length::<3>("héé"), Ok("héé".to_string()));
        assert!(max_length::<3>("abcd").is_err());
    }
}
