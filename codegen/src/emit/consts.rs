//! The constants an operation tells the runtime beyond its request (the
//! `runtime::Operation` trait's): destructive, pages, dry run, idempotency
//! key, live stream, one resource, closed body, deprecation, security.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{Api, Operation};

/// The operation's `runtime::Operation` constants that differ from the
/// trait's defaults: how the CLI and the client treat it beyond sending it.
pub(super) fn operation_consts(api: &Api, op: &Operation) -> TokenStream {
    let mut consts = Vec::new();
    if op.roles.destructive {
        consts.push(quote!(
            const DESTRUCTIVE: bool = true;
        ));
    }
    if let Some(token) = op.page_token() {
        consts.push(quote!(const PAGE_TOKEN: Option<&'static str> = Some(#token);));
    }
    if let Some(key) = op.params.iter().find(|p| p.idempotency_key && p.required) {
        let header = lit(&key.wire);
        consts.push(quote!(const IDEMPOTENCY_KEY: Option<&'static str> = Some(#header);));
    }
    if let Some(param) = &op.roles.dry_run_param {
        let param = lit(param);
        consts.push(quote!(const DRY_RUN_PARAM: Option<&'static str> = Some(#param);));
    }
    if op.roles.event_stream {
        consts.push(quote!(
            const EVENT_STREAM: bool = true;
        ));
    }
    if op.roles.one_resource {
        consts.push(quote!(
            const ONE_RESOURCE: bool = true;
        ));
    }
    if let Some(fields) = op.body.as_ref().and_then(|b| b.closed.as_ref()) {
        let fields = fields.iter().map(|f| lit(f));
        consts.push(quote!(
            const CLOSED_BODY: Option<&'static [&'static str]> = Some(&[#(#fields),*]);
        ));
    }
    if op.docs.deprecated {
        consts.push(quote!(
            const DEPRECATED: bool = true;
        ));
    }
    let deprecated: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.deprecated)
        .map(|p| lit(&p.wire))
        .collect();
    if !deprecated.is_empty() {
        consts.push(quote!(
            const DEPRECATED_PARAMS: &'static [&'static str] = &[#(#deprecated),*];
        ));
    }
    consts.extend(super::auth::operation_const(api, op));
    quote!(#(#consts)*)
}
