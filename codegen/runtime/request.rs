//! A request as plain data: built by generated code, then sent, printed as
//! curl, or shown with `--verbose`, always from the same value; and
//! [`BuildError`], why one could not be built.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

pub use reqwest::Method;

use super::auth::Security;
use super::value::{FilePart, ParamValue};

mod styles;

use styles::{styled_pairs, text};
pub use styles::{PathStyle, QueryStyle};

/// Everything but RFC 3986 unreserved characters is escaped in a path segment,
/// so a `/` or `?` in an ID can never change which endpoint is called.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request ready to send, relative to the client's base URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// HTTP method.
    pub method: Method,
    /// Path with parameters already encoded.
    pub path: String,
    /// Query pairs, in the order they were added.
    pub query: Vec<(String, String)>,
    /// Headers particular to this request.
    pub headers: Vec<(String, String)>,
    /// Cookies particular to this request.
    pub cookies: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<Body>,
    /// Why a value could not be encoded, if one could not.
    pub error: Option<String>,
    /// The credentials it takes, as the operation's security requirements
    /// say (none by default).
    pub security: Security,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Bytes sent as they are, with their media type.
    Bytes {
        /// `Content-Type` header value.
        content_type: String,
        /// The encoded body.
        bytes: Vec<u8>,
    },
    /// `multipart/form-data` parts, in order.
    Multipart(Vec<(String, Part)>),
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A text field.
    Text(String),
    /// A file.
    File(FilePart),
}

/// A file field of a form: required or optional.
pub trait FormFile {
    /// The file, when there is one.
    fn file(&self) -> Option<&FilePart>;
}

impl FormFile for FilePart {
    fn file(&self) -> Option<&FilePart> {
        Some(self)
    }
}

impl FormFile for Option<FilePart> {
    fn file(&self) -> Option<&FilePart> {
        self.as_ref()
    }
}

/// A path parameter, percent-encoded as one path segment (lists comma-joined).
fn path_segment(value: &impl ParamValue) -> String {
    let joined = value.values().join(",");
    utf8_percent_encode(&joined, PATH_SEGMENT).to_string()
}

/// A structured value (an object, or a list of them) sent as a path,
/// header, cookie or form parameter: spelled as JSON. Generated types always
/// serialise; a value that does not is sent as nothing.
pub struct Json<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> ParamValue for Json<'_, T> {
    fn push_values(&self, out: &mut Vec<String>) {
        if let Ok(value) = serde_json::to_value(self.0) {
            value.push_values(out);
        }
    }
}

/// A request that could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The body could not be serialised.
    #[error("cannot encode the request: {0}")]
    Body(String),
    /// The base URL and path do not form a URL.
    #[error("invalid URL '{0}'")]
    Url(String),
}

/// Request building, in the order generated code calls it: each step takes
/// and returns the request. A body that cannot be encoded is remembered and
/// reported by [`Request::check`] before anything is sent.
impl Request {
    /// A request with no parameters or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Request {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            error: None,
            security: &[],
        }
    }

    /// Fills the path's next `{name}` placeholder with `value`, encoded as
    /// one segment (a list is joined with commas).
    pub fn path(mut self, name: &str, value: &impl ParamValue) -> Self {
        let placeholder = format!("{{{name}}}");
        if let Some(at) = self.path.find(&placeholder) {
            self.path
                .replace_range(at..at + placeholder.len(), &path_segment(value));
        }
        self
    }

    /// Fills the path's next `{name}` placeholder in `style` (`label`:
    /// `.v`; `matrix`: `;name=v`), each value percent-encoded as in a segment.
    pub fn path_styled(mut self, name: &str, value: &impl ParamValue, style: PathStyle) -> Self {
        let values: Vec<String> = value
            .values()
            .iter()
            .map(|v| utf8_percent_encode(v, PATH_SEGMENT).to_string())
            .collect();
        let filled = match style {
            PathStyle::Label { explode } => {
                let sep = if explode { "." } else { "," };
                format!(".{}", values.join(sep))
            }
            PathStyle::Matrix { explode: true } if !values.is_empty() => {
                values.iter().map(|v| format!(";{name}={v}")).collect()
            }
            PathStyle::Matrix { .. } if values.iter().all(String::is_empty) => format!(";{name}"),
            PathStyle::Matrix { .. } => format!(";{name}={}", values.join(",")),
        };
        let placeholder = format!("{{{name}}}");
        if let Some(at) = self.path.find(&placeholder) {
            self.path.replace_range(at..at + placeholder.len(), &filled);
        }
        self
    }

    /// Fails when a step could not encode its value.
    pub fn check(&self) -> Result<(), BuildError> {
        match &self.error {
            Some(message) => Err(BuildError::Body(message.clone())),
            None => Ok(()),
        }
    }

    /// Adds a query parameter; absent values add nothing, lists repeat the name.
    pub fn query(mut self, name: &str, value: &impl ParamValue) -> Self {
        for value in value.values() {
            self.query.push((name.to_string(), value));
        }
        self
    }

    /// Adds a structured query parameter spelled in `style`; absent values add nothing.
    pub fn query_styled<T: serde::Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.push_styled(name, &value, style),
            Err(e) => self.error = Some(e.to_string()),
        }
        self
    }

    fn push_styled(&mut self, name: &str, value: &serde_json::Value, style: QueryStyle) {
        styled_pairs(name, value, style, &mut self.query);
    }

    /// Sets a header; absent values add nothing, lists are comma-joined.
    pub fn header(mut self, name: &str, value: &impl ParamValue) -> Self {
        let values = value.values();
        if !values.is_empty() {
            self.headers.push((name.to_string(), values.join(",")));
        }
        self
    }

    /// Sets the `Accept` header to the media type the spec's `Accept`
    /// parameter allows (sent instead of the HTTP library's `*/*`).
    pub fn accept(mut self, media_type: &str) -> Self {
        self.headers
            .push(("Accept".to_string(), media_type.to_string()));
        self
    }

    /// Adds a cookie; absent values add nothing.
    pub fn cookie(mut self, name: &str, value: &impl ParamValue) -> Self {
        let values = value.values();
        if !values.is_empty() {
            self.cookies.push((name.to_string(), values.join(",")));
        }
        self
    }

    /// Sets a JSON body, when there is one.
    pub fn json<T: serde::Serialize + ?Sized>(self, content_type: &str, body: Option<&T>) -> Self {
        match body.map(serde_json::to_vec) {
            None => self,
            Some(Ok(bytes)) => self.bytes(content_type, Some(&bytes)),
            Some(Err(e)) => self.failed(e),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object's
    /// fields (lists repeat their name; nested values are sent as JSON).
    pub fn url_encoded<T: serde::Serialize + ?Sized>(
        self,
        content_type: &str,
        body: Option<&T>,
    ) -> Self {
        self.url_encoded_styled(content_type, body, &[])
    }

    /// [`Self::url_encoded`], with the fields the spec's `encoding` gives a
    /// style of their own spelled in it (`metadata[plan]=gold` for
    /// `deepObject`).
    pub fn url_encoded_styled<T: serde::Serialize + ?Sized>(
        self,
        content_type: &str,
        body: Option<&T>,
        styles: &[(&str, QueryStyle)],
    ) -> Self {
        let fields = match body.map(serde_json::to_value) {
            None => return self,
            Some(Ok(serde_json::Value::Object(fields))) => fields,
            Some(Ok(_)) => Default::default(),
            Some(Err(e)) => return self.failed(e),
        };
        let mut pairs = Vec::new();
        for (key, value) in &fields {
            match (styles.iter().find(|(name, _)| name == key), value) {
                (Some((_, style)), value) => styled_pairs(key, value, *style, &mut pairs),
                (None, serde_json::Value::Null) => {}
                (None, serde_json::Value::Array(items)) => {
                    pairs.extend(items.iter().map(|item| (key.clone(), text(item))))
                }
                // Nested values the spec gives no style are sent as JSON.
                (None, other) => pairs.push((key.clone(), text(other))),
            }
        }
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.extend_pairs(&pairs);
        self.bytes(content_type, Some(form.finish().as_bytes()))
    }

    /// Sets a text body, when there is one.
    pub fn text<S: AsRef<str> + ?Sized>(self, content_type: &str, body: Option<&S>) -> Self {
        self.bytes(content_type, body.map(|b| b.as_ref().as_bytes()))
    }

    /// Sets a body of raw bytes, when there is one.
    pub fn bytes<B: AsRef<[u8]> + ?Sized>(mut self, content_type: &str, body: Option<&B>) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Bytes {
                content_type: content_type.to_string(),
                bytes: body.as_ref().to_vec(),
            });
        }
        self
    }

    fn failed(mut self, error: serde_json::Error) -> Self {
        self.error = Some(error.to_string());
        self
    }

    fn push_part(&mut self, name: &str, part: Part) {
        match &mut self.body {
            Some(Body::Multipart(parts)) => parts.push((name.to_string(), part)),
            _ => self.body = Some(Body::Multipart(vec![(name.to_string(), part)])),
        }
    }

    /// Adds text fields to a multipart body (none when absent).
    pub fn form_text(mut self, name: &str, value: &impl ParamValue) -> Self {
        for value in value.values() {
            self.push_part(name, Part::Text(value));
        }
        self
    }

    /// Refuses a required multipart body none of whose `parts` was given
    /// (the request is not sent; [`Self::check`] says why).
    pub fn require_parts(mut self, parts: &[&str]) -> Self {
        if self.error.is_none() && !matches!(self.body, Some(Body::Multipart(_))) {
            self.error = Some(format!(
                "the request body is required: give at least one of its parts ({})",
                parts.join(", ")
            ));
        }
        self
    }

    /// Adds a file to a multipart body (nothing when absent), sent as its
    /// own content type, else one guessed from its name.
    pub fn form_file(self, name: &str, file: &impl FormFile) -> Self {
        self.form_file_typed(name, file, None)
    }

    /// [`Self::form_file`] for a part whose media type the spec's
    /// `encoding` gives: sent as that unless the file has its own.
    pub fn form_file_as(self, name: &str, file: &impl FormFile, media_type: &str) -> Self {
        self.form_file_typed(name, file, Some(media_type))
    }

    fn form_file_typed(mut self, name: &str, file: &impl FormFile, media: Option<&str>) -> Self {
        if let Some(file) = file.file() {
            let mut file = file.clone();
            if file.content_type.is_none() {
                let guessed = || {
                    mime_guess::from_path(&file.file_name)
                        .first_raw()
                        .unwrap_or("application/octet-stream")
                };
                file.content_type = Some(media.unwrap_or_else(guessed).to_string());
            }
            self.push_part(name, Part::File(file));
        }
        self
    }

    /// The request with the credentials `security` asks for (an
    /// operation's `Operation::SECURITY`); the client sends them.
    pub fn with_security(mut self, security: Security) -> Self {
        self.security = security;
        self
    }

    /// Adds the header `name` with a new key (UUID v4), unless the request
    /// already has it; `None` adds nothing.
    pub fn with_idempotency_key(mut self, name: Option<&str>) -> Self {
        if let Some(name) = name {
            if self.header_value(name).is_none() {
                self.headers
                    .push((name.to_string(), uuid::Uuid::new_v4().to_string()));
            }
        }
        self
    }

    /// The value of a header the request carries itself (names compared
    /// without case).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment(&"a/b?c#d e".to_string()), "a%2Fb%3Fc%23d%20e");
        assert_eq!(path_segment(&"abc-1.2_~".to_string()), "abc-1.2_~");
    }

    #[test]
    fn path_templates_are_filled_in_order_and_values_stay_one_segment() {
        let request = Request::new(Method::GET, "/orgs/{org}/items/{id}")
            .path("org", &"a/{id}".to_string())
            .path("id", &vec!["x y".to_string(), "z".to_string()]);
        assert_eq!(request.path, "/orgs/a%2F%7Bid%7D/items/x%20y%2Cz");
        // A placeholder the template lacks changes nothing.
        let request = Request::new(Method::GET, "/plain").path("id", &"x".to_string());
        assert_eq!(request.path, "/plain");
    }

    #[test]
    fn query_styles_spell_values_as_openapi_says() {
        let value = serde_json::json!({"a": 1, "b": "x y"});
        let list = serde_json::json!([1, 2]);
        let cases = [
            (
                QueryStyle::DeepObject,
                &value,
                vec![("f[a]", "1"), ("f[b]", "x y")],
            ),
            (QueryStyle::Form, &value, vec![("a", "1"), ("b", "x y")]),
            (QueryStyle::FormJoined, &value, vec![("f", "a,1,b,x y")]),
            (QueryStyle::Form, &list, vec![("f", "1"), ("f", "2")]),
            (QueryStyle::PipeDelimited, &list, vec![("f", "1|2")]),
            (QueryStyle::SpaceDelimited, &list, vec![("f", "1 2")]),
        ];
        for (style, value, want) in cases {
            let request = Request::new(Method::GET, "/").query_styled("f", value, style);
            let want: Vec<(String, String)> = want
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            assert_eq!(request.query, want, "{style:?}");
        }
    }

    #[test]
    fn url_encoded_bodies_encode_fields() {
        let body = serde_json::json!({"a": "x y", "b": [1, 2], "c": null});
        let request = Request::new(Method::POST, "/")
            .url_encoded("application/x-www-form-urlencoded", Some(&body));
        request.check().expect("encodes");
        match request.body {
            Some(Body::Bytes { bytes, .. }) => assert_eq!(bytes, b"a=x+y&b=1&b=2"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_body_that_cannot_be_encoded_fails_before_sending() {
        let body = std::collections::BTreeMap::from([((1, 2), 3)]);
        let request = Request::new(Method::POST, "/").json("application/json", Some(&body));
        assert!(matches!(request.check(), Err(BuildError::Body(_))));
        assert!(request.body.is_none());
    }

    #[test]
    fn absent_values_add_nothing_and_lists_repeat() {
        let request = Request::new(Method::GET, "/x")
            .query("a", &None::<bool>)
            .query("b", &Some(true))
            .query("c", &vec!["x".to_string(), "y".to_string()])
            .header("H", &None::<String>);
        assert_eq!(
            request.query,
            vec![
                ("b".into(), "true".into()),
                ("c".into(), "x".into()),
                ("c".into(), "y".into())
            ]
        );
        assert!(request.headers.is_empty());
    }
}
