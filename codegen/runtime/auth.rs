//! Credentials as the spec's security schemes declare them: an API key in
//! a header, the query or a cookie under its declared name, an HTTP bearer
//! token (OAuth 2 and OpenID Connect tokens too), HTTP basic. Each
//! operation names the schemes it accepts ([`Security`]: alternatives in
//! the spec's order, each a set of schemes sent together); a client sends
//! the first alternative it holds every credential of.

use base64::Engine;

/// An operation's security requirements: alternatives in the spec's order,
/// each the schemes sent together. No alternative, or an empty one, means
/// the operation needs no credential.
pub type Security = &'static [&'static [Scheme]];

/// A security scheme of the spec, as the client sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Scheme {
    /// The scheme's name in the spec (`api_key`).
    pub name: &'static str,
    /// How its credential is sent.
    pub kind: SchemeKind,
    /// The environment variable a generated tool reads it from.
    pub env: &'static str,
}

/// How a scheme's credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// An API key in this header.
    Header(&'static str),
    /// An API key in this query parameter.
    Query(&'static str),
    /// An API key in this cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...` of a `user:password` credential.
    Basic,
}

impl Scheme {
    /// A scheme named `name` in the spec, sent as `kind`, read from `env`.
    pub const fn new(name: &'static str, kind: SchemeKind, env: &'static str) -> Self {
        Scheme { name, kind, env }
    }

    /// What its credential is, for help texts.
    pub fn describe(&self) -> String {
        match self.kind {
            SchemeKind::Header(header) => format!("API key, sent in the {header} header"),
            SchemeKind::Query(param) => format!("API key, sent as the query parameter {param}"),
            SchemeKind::Cookie(cookie) => format!("API key, sent as the cookie {cookie}"),
            SchemeKind::Bearer => "API key or token, sent as a bearer token".to_string(),
            SchemeKind::Basic => "user:password, sent as HTTP basic authentication".to_string(),
        }
    }
}

/// How a tool signs in (`login`): the spec's OAuth 2 authorization-code
/// flow. Its URLs may hold `${NAME}` placeholders, each read from a
/// variable (`variables`: the placeholder, the variable, a default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Login {
    /// Where the user is sent to consent.
    pub authorize_url: &'static str,
    /// Where the code (and later the refresh token) is exchanged.
    pub token_url: &'static str,
    /// The scopes asked for.
    pub scopes: &'static [&'static str],
    /// The OAuth client's ID.
    pub client_id: &'static str,
    /// The URLs' placeholders: name, variable, default.
    pub variables: &'static [(&'static str, &'static str, Option<&'static str>)],
}

impl Login {
    /// A sign-in flow of these URLs, scopes, client and placeholders.
    pub const fn new(
        authorize_url: &'static str,
        token_url: &'static str,
        scopes: &'static [&'static str],
        client_id: &'static str,
        variables: &'static [(&'static str, &'static str, Option<&'static str>)],
    ) -> Self {
        Login {
            authorize_url,
            token_url,
            scopes,
            client_id,
            variables,
        }
    }
}

/// Where a request carries its credentials.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Applied {
    /// Headers to add.
    pub headers: Vec<(String, String)>,
    /// Query pairs to add.
    pub query: Vec<(String, String)>,
    /// Cookies to add.
    pub cookies: Vec<(String, String)>,
}

/// The credentials a client holds: one per scheme, and one for any scheme
/// that has none of its own (`ClientBuilder::api_key`).
#[derive(Clone, Default)]
pub struct Credentials {
    by_scheme: Vec<(String, String)>,
    default: Option<String>,
}

/// Never prints a credential.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let schemes: Vec<&str> = self.by_scheme.iter().map(|(s, _)| s.as_str()).collect();
        f.debug_struct("Credentials")
            .field("schemes", &schemes)
            .field("default", &self.default.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Credentials {
    /// The credential of `scheme` (by its spec name).
    pub fn set(&mut self, scheme: impl Into<String>, secret: impl Into<String>) {
        let scheme = scheme.into();
        self.by_scheme.retain(|(s, _)| *s != scheme);
        self.by_scheme.push((scheme, secret.into()));
    }

    /// The credential of every scheme that has none of its own.
    pub fn set_default(&mut self, secret: impl Into<String>) {
        self.default = Some(secret.into());
    }

    /// Whether any credential is held.
    pub fn any(&self) -> bool {
        self.default.is_some() || !self.by_scheme.is_empty()
    }

    fn secret(&self, scheme: &Scheme) -> Option<&str> {
        self.by_scheme
            .iter()
            .find(|(s, _)| s == scheme.name)
            .map(|(_, secret)| secret.as_str())
            .or(self.default.as_deref())
    }

    /// The alternative of `security` to send: the first whose every
    /// credential is held (empty when none is needed); `None` when no
    /// alternative can be sent.
    pub fn pick(&self, security: Security) -> Option<&'static [Scheme]> {
        if security.is_empty() {
            return Some(&[]);
        }
        security
            .iter()
            .copied()
            .find(|schemes| schemes.iter().all(|s| self.secret(s).is_some()))
    }

    /// The credentials of `security`'s alternative to send, where they go.
    /// `shown` puts each as its environment variable (`$MY_API_KEY`), for
    /// printing a request.
    /// Printed, an alternative none of whose credentials is held shows
    /// too: the first one, as the variables to set.
    pub fn apply(&self, security: Security, shown: bool) -> Applied {
        let mut applied = Applied::default();
        let picked = match self.pick(security) {
            None if shown => security.first().copied(),
            picked => picked,
        };
        for scheme in picked.unwrap_or_default() {
            let secret = match self.secret(scheme) {
                Some(secret) => secret,
                None if shown => "",
                None => continue,
            };
            let value = if shown {
                format!("${}", scheme.env)
            } else {
                secret.to_string()
            };
            match scheme.kind {
                SchemeKind::Header(name) => applied.headers.push((name.to_string(), value)),
                SchemeKind::Query(name) => applied.query.push((name.to_string(), value)),
                SchemeKind::Cookie(name) => applied.cookies.push((name.to_string(), value)),
                SchemeKind::Bearer => applied
                    .headers
                    .push(("Authorization".to_string(), format!("Bearer {value}"))),
                SchemeKind::Basic => {
                    let encoded = if shown {
                        basic_shown(scheme.env)
                    } else {
                        base64::engine::general_purpose::STANDARD.encode(secret)
                    };
                    applied
                        .headers
                        .push(("Authorization".to_string(), format!("Basic {encoded}")));
                }
            }
        }
        applied
    }
}

/// The shell's spelling of `$VARIABLE`'s basic credential, base64-encoded
/// on one line whatever its length (`base64` wraps at 76 columns; `tr`
/// joins them, where GNU's `-w0` is not everywhere), the variable quoted.
pub fn basic_shown(variable: &str) -> String {
    format!("$(printf %s \"${variable}\" | base64 | tr -d '\\n')")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: Scheme = Scheme::new("key", SchemeKind::Header("X-Key"), "T_KEY");
    const QUERY: Scheme = Scheme::new("q", SchemeKind::Query("api_key"), "T_Q");
    const BASIC: Scheme = Scheme::new("basic", SchemeKind::Basic, "T_BASIC");
    const BEARER: Scheme = Scheme::new("oauth", SchemeKind::Bearer, "T_OAUTH");

    #[test]
    fn the_first_alternative_with_every_credential_is_sent() {
        let security: Security = &[&[HEADER, QUERY], &[BASIC]];
        let mut held = Credentials::default();
        held.set("basic", "ada:pw");
        assert_eq!(held.pick(security), Some(&[BASIC][..]));
        let applied = held.apply(security, false);
        assert_eq!(
            applied.headers,
            vec![("Authorization".to_string(), "Basic YWRhOnB3".to_string())]
        );
        held.set("key", "k1");
        held.set("q", "q1");
        let applied = held.apply(security, false);
        assert_eq!(
            applied.headers,
            vec![("X-Key".to_string(), "k1".to_string())]
        );
        assert_eq!(
            applied.query,
            vec![("api_key".to_string(), "q1".to_string())]
        );
        // Printed, each credential is its variable.
        let shown = held.apply(security, true);
        assert_eq!(shown.headers[0].1, "$T_KEY");
    }

    #[test]
    fn nothing_is_needed_where_the_spec_asks_for_nothing() {
        let held = Credentials::default();
        assert_eq!(held.pick(&[]), Some(&[][..]));
        assert_eq!(held.pick(&[&[BEARER], &[]]), Some(&[][..]));
        assert_eq!(held.pick(&[&[BEARER]]), None);
        let mut any = Credentials::default();
        any.set_default("t");
        assert_eq!(
            any.apply(&[&[BEARER]], false).headers,
            vec![("Authorization".to_string(), "Bearer t".to_string())]
        );
        let shown = format!("{any:?}");
        assert!(
            !shown.contains("\"t\"") && shown.contains("<redacted>"),
            "{shown}"
        );
    }
}
