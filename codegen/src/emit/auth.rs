//! The `auth` module of `client.rs`: a constant per security scheme (how
//! its credential is sent, the variable the tool reads it from), every
//! scheme, and the document's requirements; and each operation's
//! `SECURITY`.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{Api, Operation, Requirements, SchemeKind};
use crate::naming::ident;

/// `pub mod auth { .. }`.
pub(crate) fn module(api: &Api) -> TokenStream {
    let schemes = api.schemes.iter().map(|scheme| {
        let name = ident(&scheme.const_name);
        let (wire, env) = (lit(&scheme.name), lit(&scheme.env));
        let kind = match &scheme.kind {
            SchemeKind::Header(n) => quote!(SchemeKind::Header(#n)),
            SchemeKind::Query(n) => quote!(SchemeKind::Query(#n)),
            SchemeKind::Cookie(n) => quote!(SchemeKind::Cookie(#n)),
            SchemeKind::Bearer => quote!(SchemeKind::Bearer),
            SchemeKind::Basic => quote!(SchemeKind::Basic),
        };
        let doc = &scheme.doc;
        quote! {
            #[doc = #doc]
            pub const #name: Scheme = Scheme::new(#wire, #kind, #env);
        }
    });
    let all = api.used_schemes().into_iter().map(|s| ident(&s.const_name));
    let default = requirements(api, &api.security, false);
    let login = match &api.login {
        Some(login) => {
            let (authorize, token, client) = (
                lit(&login.authorize_url),
                lit(&login.token_url),
                lit(&login.client_id),
            );
            let scopes = login.scopes.iter().map(|s| lit(s));
            let variables = login.variables.iter().map(|(name, env, default)| {
                let (name, env) = (lit(name), lit(env));
                let default = match default {
                    Some(d) => {
                        let d = lit(d);
                        quote!(Some(#d))
                    }
                    None => quote!(None),
                };
                quote!((#name, #env, #default))
            });
            quote!(Some(crate::runtime::Login::new(
                #authorize, #token, &[#(#scopes),*], #client, &[#(#variables),*]
            )))
        }
        None => quote!(None),
    };
    quote! {
        /// The API's security schemes (its `securitySchemes`): how each
        /// credential is sent. A client sends the one an operation takes.
        pub mod auth {
            #[allow(unused_imports)]
            use crate::runtime::{Scheme, SchemeKind, Security};

            #(#schemes)*

            /// Every scheme an operation takes, in the spec's order.
            pub const SCHEMES: &[Scheme] = &[#(#all),*];

            /// What operations take unless they say otherwise: alternatives of
            /// schemes sent together (none: no credential).
            pub const DEFAULT: Security = #default;

            /// How the tool signs in (`login`), where the spec declares an
            /// OAuth 2 authorization-code flow.
            pub const LOGIN: Option<crate::runtime::Login> = #login;
        }
    }
}

/// `&[&[A, B], &[C]]`, the schemes named from within `auth` or outside.
fn requirements(api: &Api, requirements: &Requirements, outside: bool) -> TokenStream {
    super::lexed(&requirements_text(api, requirements, outside))
}

/// [`requirements`] spelled on one line.
fn requirements_text(api: &Api, requirements: &Requirements, outside: bool) -> String {
    let path = if outside { "auth::" } else { "" };
    let alternatives: Vec<String> = requirements
        .iter()
        .map(|alternative| {
            let schemes: Vec<String> = alternative
                .iter()
                .filter_map(|id| api.scheme(*id))
                .map(|s| format!("{path}{}", s.const_name))
                .collect();
            format!("&[{}]", schemes.join(", "))
        })
        .collect();
    format!("&[{}]", alternatives.join(", "))
}

/// The credentials `op` takes, as an expression outside `auth`.
pub(super) fn requirements_expr(api: &Api, op: &Operation) -> TokenStream {
    match &op.security {
        Some(own) => requirements(api, own, true),
        None if api.security.is_empty() => quote!(&[]),
        None => quote!(auth::DEFAULT),
    }
}

/// The operation's `SECURITY`, unless it takes none.
pub(super) fn operation_const(api: &Api, op: &Operation) -> Option<super::consts::Const> {
    let value = match &op.security {
        Some(own) if own.is_empty() => return None,
        Some(own) if *own != api.security => requirements_text(api, own, true),
        _ if api.security.is_empty() => return None,
        _ => "auth::DEFAULT".to_string(),
    };
    Some(super::consts::Const::Text(format!(
        "const SECURITY: runtime::Security = {value};"
    )))
}
