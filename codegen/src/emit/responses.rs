//! What an operation answers: its success and error types (an enum with a
//! variant per status when they differ) and how a response decodes into
//! them, for `client.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, rust_type};
use crate::model::{Api, Operation, Response, ResponseBody, Status};
use crate::naming::ident;

/// The success type, and the enum declaring it when there are several.
pub(super) fn success(api: &Api, op: &Operation) -> (TokenStream, Option<TokenStream>) {
    if !op.has_success_enum() {
        let ty = op
            .successes()
            .next()
            .map(|r| body_type_tokens(api, &r.body))
            .unwrap_or_else(|| quote!(()));
        return (ty, None);
    }
    let name = ident(&op.names.success_name);
    let successes: Vec<&Response> = op.successes().collect();
    let item = status_enum(api, &name, &op.success_enum_doc(), &successes);
    (quote!(#name), Some(item))
}

/// An enum with a variant per status, `responses` in order: as text laid
/// out as `write` would format its tokens, or as tokens where a line would
/// not fit as written here.
fn status_enum(
    api: &Api,
    name: &proc_macro2::Ident,
    doc_text: &str,
    responses: &[&Response],
) -> TokenStream {
    let text = status_enum_text(api, name, doc_text, responses);
    crate::write::preformatted::item(text, || {
        let variants = responses.iter().map(|r| variant(api, r));
        let docs = doc(Some(doc_text));
        quote! {
            #docs
            #[allow(clippy::large_enum_variant)]
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
            }
        }
    })
}

/// [`status_enum`] as text: each variant's doc, then the variant on one line.
fn status_enum_text(
    api: &Api,
    name: &proc_macro2::Ident,
    doc_text: &str,
    responses: &[&Response],
) -> Option<String> {
    use crate::text::rustdoc;
    let mut lines = crate::write::preformatted::Lines::default();
    lines.docs(0, &rustdoc(doc_text))?;
    lines.line(0, "#[allow(clippy::large_enum_variant)]")?;
    lines.line(0, "#[derive(Debug, Clone, PartialEq)]")?;
    lines.line(0, "#[non_exhaustive]")?;
    lines.line(0, &format!("pub enum {name} {{"))?;
    for response in responses {
        lines.docs(1, &rustdoc(&response.variant_doc()))?;
        let variant = ident(&response.variant);
        match response.body {
            ResponseBody::Empty => lines.line(1, &format!("{variant},"))?,
            _ => {
                let ty = body_type_tokens(api, &response.body);
                lines.tokens(1, &format!("{variant}("), &ty, "),")?
            }
        }
    }
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// The error type, and the enum declaring it when documented errors carry
/// different types.
pub(super) fn error(api: &Api, op: &Operation) -> (TokenStream, Option<TokenStream>) {
    let Some(first) = op.errors().next() else {
        return (quote!(std::convert::Infallible), None);
    };
    if !op.has_error_enum() {
        return (body_type_tokens(api, &first.body), None);
    }
    let error = ident(&op.names.error_name);
    let errors: Vec<&Response> = op.errors().collect();
    let item = status_enum(api, &error, &op.error_enum_doc(), &errors);
    (quote!(#error), Some(item))
}

fn variant(api: &Api, response: &Response) -> TokenStream {
    let name = ident(&response.variant);
    let docs = doc(Some(&response.variant_doc()));
    if response.body == ResponseBody::Empty {
        return quote!(#docs #name,);
    }
    let ty = body_type_tokens(api, &response.body);
    quote!(#docs #name(#ty),)
}

fn body_type_tokens(api: &Api, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => rust_type(api, ty),
        ResponseBody::Text => quote!(String),
        ResponseBody::Bytes => quote!(Vec<u8>),
    }
}

/// The usual shape, one runtime call: every status listed, one JSON (or no)
/// success body and one JSON error body.
fn compact_decode(op: &Operation) -> Option<TokenStream> {
    if op.has_success_enum() || op.has_error_enum() {
        return None;
    }
    // Each success status, and whether it documents no body.
    let (mut ok, mut err) = (Vec::new(), Vec::new());
    for r in &op.responses {
        let Status::Code(code) = r.status else {
            return None;
        };
        let code = proc_macro2::Literal::u16_unsuffixed(code);
        match (&r.body, r.is_success()) {
            (ResponseBody::Json(_) | ResponseBody::Empty, true) => {
                ok.push((code, r.body == ResponseBody::Empty))
            }
            (ResponseBody::Json(_), false) => err.push(code),
            _ => return None,
        }
    }
    let empty = ok.first()?.1;
    if ok.iter().any(|(_, e)| *e != empty) {
        return None;
    }
    let ok = ok.into_iter().map(|(code, _)| code);
    let call = match (empty, err.is_empty()) {
        (true, false) => quote!(response.empty_or_error(&[#(#ok),*], &[#(#err),*])),
        (false, false) => quote!(response.json_or_error(&[#(#ok),*], &[#(#err),*])),
        (true, true) => quote!(response.empty_on(&[#(#ok),*])),
        (false, true) => quote!(response.json_on(&[#(#ok),*])),
    };
    Some(call)
}

/// What makes two responses decode alike: the same side, the same variant
/// (where that side has an enum), the same decoding.
fn arm_key(
    response: &Response,
    success_enum: bool,
    error_enum: bool,
) -> (bool, Option<&str>, std::mem::Discriminant<ResponseBody>) {
    let success = response.is_success();
    let named = if success { success_enum } else { error_enum };
    (
        success,
        named.then_some(response.variant.as_str()),
        std::mem::discriminant(&response.body),
    )
}

/// The match pattern of a status: `404`, `400..=499`, `_`.
fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        Status::Range(class) => {
            let low = proc_macro2::Literal::u16_unsuffixed(class.saturating_mul(100));
            let high =
                proc_macro2::Literal::u16_unsuffixed(class.saturating_mul(100).saturating_add(99));
            quote!(#low..=#high)
        }
        Status::Default => quote!(_),
    }
}

pub(super) fn decode(op: &Operation) -> TokenStream {
    if let Some(compact) = compact_decode(op) {
        return compact;
    }
    let success_enum = op.has_success_enum().then(|| ident(&op.names.success_name));
    let error_enum = op.has_error_enum();
    let error = ident(&op.names.error_name);
    let has_default = op.responses.iter().any(|r| r.status == Status::Default);
    // Neighbouring statuses decoded the same way share an arm: the same
    // side, the same variant (where there is an enum), the same decoding.
    let mut merged: Vec<(Vec<TokenStream>, &Response)> = Vec::new();
    for response in &op.responses {
        let pattern = status_pattern(response.status);
        let key = |r| arm_key(r, success_enum.is_some(), error_enum);
        match merged.last_mut() {
            Some((patterns, last))
                if response.status != Status::Default
                    && last.status != Status::Default
                    && key(last) == key(response) =>
            {
                patterns.push(pattern)
            }
            _ => merged.push((vec![pattern], response)),
        }
    }
    let merged = merged.into_iter().map(|(patterns, r)| {
        let value = match &r.body {
            ResponseBody::Empty => None,
            ResponseBody::Json(_) => Some(quote!(response.json()?)),
            ResponseBody::Text => Some(quote!(response.text()?)),
            ResponseBody::Bytes => Some(quote!(response.bytes())),
        };
        let variant = ident(&r.variant);
        let payload = value.as_ref().map(|v| quote!((#v)));
        let value = value.unwrap_or_else(|| quote!(()));
        let result = match (r.is_success(), &success_enum) {
            (true, Some(success)) => quote!(Ok(Ok(#success::#variant #payload))),
            (true, None) => quote!(Ok(Ok(#value))),
            (false, _) if error_enum => quote!(Ok(Err(#error::#variant #payload))),
            (false, _) => quote!(Ok(Err(#value))),
        };
        (patterns, result)
    });
    let arms = merged.map(|(patterns, result)| quote!(#(#patterns)|* => #result,));
    let fallback = (!has_default).then(|| {
        if op.successes().next().is_none() {
            quote!(200..=299 => Ok(Ok(())), _ => Err(response.unexpected()),)
        } else {
            quote!(_ => Err(response.unexpected()),)
        }
    });
    quote! {
        match response.status() {
            #(#arms)*
            #fallback
        }
    }
}
