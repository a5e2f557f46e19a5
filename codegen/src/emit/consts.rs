//! The constants an operation tells the runtime beyond its request (the
//! `runtime::Operation` trait's): destructive, pages, dry run, idempotency
//! key, live stream, one resource, closed body, deprecation, security.

use proc_macro2::TokenStream;
use quote::quote;

use super::{lit, lit_text, str_slice_text};
use crate::model::{Api, Operation, PageKind, Pagination};

/// One of an operation's constants: spelled on one line, where its value
/// holds no struct expression (most: `const ONE_RESOURCE: bool = true;`),
/// else its tokens, which the layout breaks as prettyplease does.
pub(super) enum Const {
    Text(String),
    Tokens(TokenStream),
}

impl Const {
    /// Its tokens (lexed from its text, for the tokens of the whole impl).
    pub(super) fn tokens(&self) -> TokenStream {
        match self {
            Const::Text(text) => super::lexed(text),
            Const::Tokens(tokens) => tokens.clone(),
        }
    }
}

/// A constant holding `true`.
fn flag(name: &str) -> Const {
    Const::Text(format!("const {name}: bool = true;"))
}

/// The operation's `runtime::Operation` constants that differ from the
/// trait's defaults: how the CLI and the client treat it beyond sending it.
pub(super) fn operation_consts(api: &Api, op: &Operation) -> Vec<Const> {
    let mut consts = Vec::new();
    if op.roles.destructive {
        consts.push(flag("DESTRUCTIVE"));
    }
    // A resource's list pages as its resource does: the trait's default.
    let listed = super::resources::listed(api, op).is_some();
    if let Some(pages) = op.roles.pagination.as_ref().filter(|_| !listed) {
        let rule = pagination(pages);
        consts.push(Const::Tokens(
            quote!(const PAGINATION: Option<runtime::Pagination> = Some(#rule);),
        ));
    }
    if let Some(key) = op.params.iter().find(|p| p.idempotency_key && p.required) {
        consts.push(Const::Text(format!(
            "const IDEMPOTENCY_KEY: Option<&'static str> = Some({});",
            lit_text(&key.wire)
        )));
    }
    if let Some(param) = &op.roles.dry_run_param {
        consts.push(Const::Text(format!(
            "const DRY_RUN_PARAM: Option<&'static str> = Some({});",
            lit_text(param)
        )));
    }
    if op.roles.event_stream {
        consts.push(flag("EVENT_STREAM"));
    }
    if op.roles.one_resource {
        consts.push(flag("ONE_RESOURCE"));
    }
    if let Some(fields) = op.body.as_ref().and_then(|b| b.closed.as_ref()) {
        consts.push(Const::Text(format!(
            "const CLOSED_BODY: Option<&'static [&'static str]> = Some({});",
            str_slice_text(fields.iter().map(String::as_str))
        )));
    }
    if op.docs.deprecated {
        consts.push(flag("DEPRECATED"));
    }
    let deprecated: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.deprecated)
        .map(|p| p.wire.as_str())
        .collect();
    if !deprecated.is_empty() {
        consts.push(Const::Text(format!(
            "const DEPRECATED_PARAMS: &'static [&'static str] = {};",
            str_slice_text(deprecated)
        )));
    }
    consts.extend(super::auth::operation_const(api, op));
    consts.extend(super::resources::operation_consts(api, op));
    consts
}

/// The runtime's `Pagination` for the model's.
pub(super) fn pagination(pages: &Pagination) -> TokenStream {
    let path = |path: &[String]| {
        let keys = path.iter().map(|k| lit(k));
        quote!(&[#(#keys),*])
    };
    let optional = |name: &Option<String>| match name {
        Some(name) => {
            let name = lit(name);
            quote!(Some(#name))
        }
        None => quote!(None),
    };
    let kind = match &pages.kind {
        PageKind::Cursor { param, next } => {
            let (param, next) = (lit(param), path(next));
            quote!(Cursor { param: #param, next: #next })
        }
        PageKind::HasMore {
            param,
            has_more,
            id,
        } => {
            let (param, has_more, id) = (lit(param), path(has_more), lit(id));
            quote!(HasMore { param: #param, has_more: #has_more, id: #id })
        }
        PageKind::NextUrl { next } => {
            let next = path(next);
            quote!(NextUrl { next: #next })
        }
        PageKind::LinkHeader => quote!(LinkHeader),
        PageKind::Offset {
            param,
            limit,
            total,
        } => {
            let (param, limit, total) = (lit(param), optional(limit), path(total));
            quote!(Offset { param: #param, limit: #limit, total: #total })
        }
        PageKind::PageNumber {
            param,
            size,
            first,
            total,
        } => {
            let (param, size, total) = (lit(param), optional(size), path(total));
            let first = proc_macro2::Literal::u64_unsuffixed(*first);
            quote!(PageNumber { param: #param, size: #size, first: #first, total: #total })
        }
    };
    let items = path(&pages.items);
    quote!(runtime::Pagination { kind: runtime::PageKind::#kind, items: #items })
}
