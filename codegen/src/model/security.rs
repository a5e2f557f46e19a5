//! Security schemes and requirements: how each credential is sent, the
//! environment variable a generated tool reads it from, and which schemes
//! each operation takes (its own `security`, else the document's).

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::error::Warning;
use crate::naming::{self, Namespace};

/// A security scheme of the spec, as credentials are sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Its name in the spec's `securitySchemes` (`api_key`).
    pub name: String,
    /// The Rust constant describing it (`API_KEY`).
    pub const_name: crate::naming::RustName,
    /// How its credential is sent.
    pub kind: SchemeKind,
    /// The environment variable the tool reads it from (`DCI_API_KEY`).
    pub env: String,
    /// Its constant's doc comment.
    pub doc: String,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemeKind {
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
    /// `Authorization: Bearer` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// HTTP basic of `user:password`.
    Basic,
}

/// Alternatives in the spec's order, each the schemes sent together; none
/// means no credential.
pub type Requirements = Vec<Vec<SchemeId>>;

/// A scheme of [`super::Api::schemes`], as requirements name it: only the
/// model makes one, from the scheme's place ([`super::Api::scheme`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemeId(usize);

impl SchemeId {
    /// Its place in [`super::Api::schemes`].
    pub(super) fn index(self) -> usize {
        self.0
    }
}

/// The spec's security schemes in its order, and the document's requirements.
pub(super) fn schemes(
    spec: &OpenAPI,
    (config, own): (&crate::Config, &naming::EnvNames),
    warnings: &mut Vec<Warning>,
) -> Vec<Scheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let prefix = &own.prefix;
    let mut envs = Namespace::snake().reserve(&[
        own.base_url.as_str(),
        own.confirm_destructive.as_str(),
        own.agent_mode.as_str(),
        own.config_dir.as_str(),
        own.cache_dir.as_str(),
    ]);
    let mut consts = Namespace::snake().reserve(&["SCHEMES", "DEFAULT"]);
    let mut schemes = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = format!(
            "#/components/securitySchemes/{}",
            crate::error::pointer_token(name)
        );
        let custom = config.auth.get(name);
        if custom == Some(&crate::SchemeOverride::None) {
            continue;
        }
        let ReferenceOr::Item(scheme) = scheme else {
            warnings.push(Warning {
                pointer,
                message: "a $ref security scheme is not sent".to_string(),
            });
            continue;
        };
        let kind = match scheme {
            _ if custom == Some(&crate::SchemeOverride::Bearer) => SchemeKind::Bearer,
            SecurityScheme::APIKey { location, name, .. } => match location {
                APIKeyLocation::Header => SchemeKind::Header(name.clone()),
                APIKeyLocation::Query => SchemeKind::Query(name.clone()),
                APIKeyLocation::Cookie => SchemeKind::Cookie(name.clone()),
            },
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                SchemeKind::Bearer
            }
            SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                SchemeKind::Basic
            }
            SecurityScheme::HTTP { scheme, .. } => {
                warnings.push(Warning {
                    pointer,
                    message: format!(
                        "HTTP '{scheme}' authentication is not supported; it is not sent"
                    ),
                });
                continue;
            }
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => {
                SchemeKind::Bearer
            }
        };
        let upper = naming::snake(name)
            .trim_start_matches("r#")
            .to_ascii_uppercase();
        let env = envs.claim(format!("{prefix}_{upper}"));
        schemes.push(Scheme {
            doc: format!(" `{name}`, read from `{env}` by the command-line tool."),
            name: name.clone(),
            const_name: consts.claim_name(upper.clone()),
            kind,
            env,
        });
    }
    schemes
}

/// Requirements as indices into `schemes`: an alternative naming a scheme
/// that is not sent is dropped, unless the tool's customisation skips it
/// (`none`), in which case the rest of the alternative stands.
pub(super) fn requirements(
    given: &[SecurityRequirement],
    schemes: &[Scheme],
    config: &crate::Config,
) -> Requirements {
    let mut alternatives: Requirements = Vec::new();
    for requirement in given {
        let mut alternative = Vec::new();
        let mut usable = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| s.name == *name) {
                Some(index) => alternative.push(SchemeId(index)),
                None if config.auth.get(name) == Some(&crate::SchemeOverride::None) => {}
                None => usable = false,
            }
        }
        if usable && !alternatives.contains(&alternative) {
            alternatives.push(alternative);
        }
    }
    // An alternative that needs nothing makes every credential optional.
    if alternatives.iter().any(Vec::is_empty) {
        alternatives.retain(|a| !a.is_empty());
        alternatives.push(Vec::new());
    }
    alternatives
}

/// How the tool signs in: the spec's OAuth 2 authorization-code flow (the
/// scheme `x-cli-config.security` names, else the first that has one).
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    /// Where the user consents.
    pub authorize_url: String,
    /// Where codes and refresh tokens are exchanged.
    pub token_url: String,
    /// The scopes asked for (all the flow declares).
    pub scopes: Vec<String>,
    /// `x-cli-config.params.client_id`, else the tool's name.
    pub client_id: String,
    /// Each `${NAME}` of the URLs, the variable that replaces it
    /// (`DCI_CONSOLE_BASE_URL`) and its default from the tool's
    /// customisation (`login_defaults`).
    pub variables: Vec<(String, String, Option<String>)>,
}

/// The sign-in flow, when the spec declares an authorization-code flow.
pub(super) fn login(
    spec: &OpenAPI,
    config: &crate::Config,
    own: &naming::EnvNames,
) -> Option<Login> {
    let components = spec.components.as_ref()?;
    let cli = spec.extensions.get("x-cli-config");
    let named = cli.and_then(|c| c.get("security")).and_then(|s| s.as_str());
    let flow = components
        .security_schemes
        .iter()
        .filter(|(name, _)| named.is_none_or(|n| n == name.as_str()))
        .find_map(|(_, scheme)| match scheme {
            ReferenceOr::Item(SecurityScheme::OAuth2 { flows, .. }) => {
                flows.authorization_code.as_ref()
            }
            _ => None,
        })?;
    let client_id = cli
        .and_then(|c| c.pointer("/params/client_id"))
        .and_then(|c| c.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| naming::kebab(&config.program));
    let prefix = &own.prefix;
    let mut variables = Vec::new();
    for url in [&flow.authorization_url, &flow.token_url] {
        let mut rest = url.as_str();
        while let Some(start) = rest.find("${") {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + end];
            if !variables
                .iter()
                .any(|(n, _, _): &(String, String, Option<String>)| n == name)
            {
                let env = format!("{prefix}_{}", naming::snake(name).to_ascii_uppercase());
                let default = config.login_defaults.get(name).cloned();
                variables.push((name.to_string(), env, default));
            }
            rest = &rest[start + end..];
        }
    }
    Some(Login {
        authorize_url: flow.authorization_url.clone(),
        token_url: flow.token_url.clone(),
        scopes: flow.scopes.keys().cloned().collect(),
        client_id,
        variables,
    })
}
