//! Fetching a spec: from a URL with a conditional request and a timeout,
//! or from a file.

use std::io::Read;
use std::time::Duration;

use crate::load::MAX_SPEC_BYTES;

/// What a fetch brought.
#[derive(Debug)]
pub enum Fetched {
    /// The server says the copy recorded is current (304).
    NotModified,
    /// A document, with the validators it came with.
    Body {
        /// The bytes.
        bytes: Vec<u8>,
        /// `ETag`.
        etag: Option<String>,
        /// `Last-Modified`.
        last_modified: Option<String>,
    },
}

/// The validators of the copy vendored, for a conditional request.
#[derive(Debug, Default)]
pub struct Validators<'a> {
    /// Sent as `If-None-Match`.
    pub etag: Option<&'a str>,
    /// Sent as `If-Modified-Since`.
    pub last_modified: Option<&'a str>,
}

/// Fetches `from`: an `http(s)://` URL (conditionally, within `timeout`)
/// or a file. The error says what went wrong, in a sentence.
pub fn fetch(from: &str, validators: &Validators, timeout: Duration) -> Result<Fetched, String> {
    if !(from.starts_with("http://") || from.starts_with("https://")) {
        let path = from.strip_prefix("file://").unwrap_or(from);
        return std::fs::read(path)
            .map(|bytes| Fetched::Body {
                bytes,
                etag: None,
                last_modified: None,
            })
            .map_err(|e| format!("cannot read {path}: {e}"));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("codegen/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(from).header(
        "Accept",
        "application/yaml, application/json;q=0.9, */*;q=0.1",
    );
    if let Some(etag) = validators.etag {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = validators.last_modified {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| match e {
        ureq::Error::Timeout(_) => format!("{from}: no answer within {} s", timeout.as_secs()),
        e => format!("{from}: {e}"),
    })?;
    let status = response.status().as_u16();
    if status == 304 {
        return Ok(Fetched::NotModified);
    }
    if !(200..300).contains(&status) {
        return Err(format!("{from} answered HTTP {status}"));
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header("etag"), header("last-modified"));
    let mut bytes = Vec::new();
    response
        .body_mut()
        .as_reader()
        .take(MAX_SPEC_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{from}: the body was cut short ({e})"))?;
    if bytes.len() > MAX_SPEC_BYTES {
        return Err(format!(
            "{from}: the document is over {MAX_SPEC_BYTES} bytes"
        ));
    }
    Ok(Fetched::Body {
        bytes,
        etag,
        last_modified,
    })
}
