//! Each parser of outside input, as the fuzz targets (`codegen/fuzz`) and
//! the property tests call it: text or bytes in, what the tool would make
//! of them out. Hidden: not part of the library's API.

use serde_json::Value;

/// A shorthand argument's fields (`a.b:1, tags[]:x`), as (path, value,
/// JSON text as written). `strings`: where the body holds strings.
pub fn shorthand(
    arg: &str,
    strings: &[String],
) -> Result<Vec<(String, Value, Option<String>)>, String> {
    let fields = super::shorthand::parse(arg, strings)?;
    Ok(fields
        .into_iter()
        .map(|f| (super::shorthand::show_path(&f.path), f.value, f.raw))
        .collect())
}

/// The body `dci` sends for `--body written` (none: not given) and the
/// shorthand `arguments`, untyped (as `--raw` sends it).
pub fn body(written: Option<&[u8]>, arguments: &[&str]) -> Result<Vec<u8>, String> {
    let mut body = match written {
        Some(bytes) => serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?,
        None => Value::Null,
    };
    let mut fields = Vec::new();
    for arg in arguments {
        fields.extend(super::shorthand::parse(arg, &[])?);
    }
    let sets = super::body::assemble(&mut body, &fields, &[])?;
    Ok(super::body::body_bytes(
        written.map(<[u8]>::trim_ascii),
        &body,
        &sets,
    ))
}

/// The settings a config file's bytes hold, or why they are not settings.
pub fn config(bytes: &[u8]) -> Result<std::collections::BTreeMap<String, String>, String> {
    super::config::parse(bytes)
}

#[cfg(feature = "login")]
/// What the sign-in listener makes of a request to it: the code, or why
/// not (`state`: this sign-in's).
pub fn callback(request: &[u8], state: &str) -> Result<String, String> {
    let url = super::login::request_target(request).ok_or("no request target")?;
    super::login::authorization_code(&url, state)
}

/// The links of a `Link` header value (target, rel), and the next page's.
pub fn link(value: &str) -> (Vec<(String, String)>, Option<String>) {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(header) = reqwest::header::HeaderValue::from_str(value) {
        headers.insert(reqwest::header::LINK, header);
    }
    (
        crate::runtime::links(value),
        crate::runtime::link_next(&headers),
    )
}

/// The file name a download is saved as, from its `Content-Disposition`
/// and request path.
pub fn download_name(content_disposition: Option<&str>, path: &str) -> String {
    crate::runtime::output::file_name(content_disposition, path)
}

#[cfg(feature = "events")]
/// The events of an event stream arriving in `chunks`: (event, data, id)
/// each, or why the stream stopped.
pub fn events(chunks: Vec<Vec<u8>>) -> Vec<Result<(String, String, String), String>> {
    use futures_util::StreamExt;
    let stream =
        futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::convert::Infallible>));
    let events = crate::runtime::events_from_chunks(stream);
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return Vec::new();
    };
    runtime.block_on(
        events
            .map(|item| {
                item.map(|e| (e.event, e.data, e.id))
                    .map_err(|e| e.to_string())
            })
            .collect(),
    )
}
