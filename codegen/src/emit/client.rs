//! `client.rs`: a typed method per operation on the runtime client, then per
//! operation a request struct, how it is sent and decoded, and its error
//! enum when its errors carry different types.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, lit, rust_type};
use crate::model::{
    Api, BodyKind, Operation, Param, ParamLocation, ParamStyle, PathPart, Response, ResponseBody,
    Status, TypeRef,
};
use crate::naming::ident;

/// Tokens for every operation.
pub fn emit(api: &Api) -> TokenStream {
    let imports = uses_named_types(api).then(|| {
        quote!(
            use super::types::*;
        )
    });
    let operations = api.operations.iter().map(|op| operation(api, op));
    let methods = api.operations.iter().map(method);
    quote! {
        #imports
        use crate::runtime;

        /// One method per operation; each sends the request and decodes the response.
        impl runtime::Client {
            #(#methods)*
        }

        #(#operations)*
    }
}

/// Whether any operation mentions a named type directly.
pub(crate) fn uses_named_types(api: &Api) -> bool {
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner),
            _ => false,
        }
    }
    api.operations.iter().any(|op| {
        op.params.iter().any(|p| named(&p.ty))
            || op.body.as_ref().is_some_and(|b| match &b.kind {
                BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => named(ty),
                BodyKind::Multipart(parts) => parts.iter().any(|p| named(&p.ty)),
                _ => false,
            })
            || op
                .responses
                .iter()
                .any(|r| matches!(&r.body, ResponseBody::Json(ty) if named(ty)))
    })
}

/// The request struct's fields: parameters, then the body or its form parts.
pub(crate) fn request_fields(op: &Operation) -> Vec<&Param> {
    let mut fields: Vec<&Param> = op.params.iter().collect();
    if let Some(BodyKind::Multipart(parts)) = op.body.as_ref().map(|b| &b.kind) {
        fields.extend(parts);
    }
    fields
}

/// The type of a request field holding `ty`: an `Option` when the value
/// may be absent (a nullable type is one already). A `Vec` that clap should
/// take whole from one flag (`one_value`) is spelled `std::vec::Vec`: clap
/// collects repeated flags into a field typed plain `Vec`.
fn field_type(api: &Api, ty: &TypeRef, optional: bool, one_value: bool) -> TokenStream {
    let ty = match ty {
        TypeRef::Option(inner) => return field_type(api, inner, true, one_value),
        TypeRef::Vec(item) if one_value => {
            let item = rust_type(api, item);
            quote!(std::vec::Vec<#item>)
        }
        other => rust_type(api, other),
    };
    if optional {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

/// The type of a parameter as the request struct holds it. A required
/// idempotency key is still optional here: the runtime makes one for each
/// call that has none.
fn param_type(api: &Api, param: &Param) -> TokenStream {
    let optional = !param.required || param.idempotency_key;
    field_type(api, &param.ty, optional, !param.cli.is_list())
}

/// The type of the body field, if the body is not split into form parts.
fn body_type(api: &Api, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let ty = match &body.kind {
        BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => {
            return Some(field_type(api, ty, !body.required, true))
        }
        BodyKind::Text => quote!(String),
        BodyKind::Bytes => quote!(std::vec::Vec<u8>),
        BodyKind::Multipart(_) => return None,
    };
    Some(if body.required {
        ty
    } else {
        quote!(Option<#ty>)
    })
}

/// The doc of a body field whose spec says nothing of it.
pub(crate) const BODY_DOC: &str = "Request body.";

/// The typed client method: a name for [`runtime::Client::call`] with this operation.
fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let method = ident(&op.fn_name);
    let title = op.summary.as_deref().unwrap_or(&op.operation_id);
    let docs = doc(Some(&format!(
        "{title} (`{} {}`).",
        op.method.as_str(),
        op.path
    )));
    quote! {
        #docs
        pub fn #method(&self, request: &#name) -> runtime::Call<'_, #name> {
            self.call(request)
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let struct_doc = doc(Some(super::cli::command_doc(op)));
    let command = super::cli::command_attr(op);
    let fields = request_fields(op).into_iter().map(|p| {
        let field = ident(&p.field);
        let docs = doc(super::cli::field_doc(p));
        let arg = super::cli::arg_attr(api, p);
        let ty = param_type(api, p);
        quote!(#docs #arg pub #field: #ty,)
    });
    let body_field = body_type(api, op).map(|ty| {
        let text = op
            .body
            .as_ref()
            .and_then(|b| b.doc.as_deref())
            .unwrap_or(BODY_DOC);
        let docs = doc(Some(text));
        let arg = super::cli::body_attr(api, op, text);
        quote!(#docs #arg pub body: #ty,)
    });
    let (output, success_enum) = success(api, op);
    let (error_ty, error_enum) = error(api, op, &name);
    let mut consts = Vec::new();
    if op.destructive {
        consts.push(quote!(
            const DESTRUCTIVE: bool = true;
        ));
    }
    if op.paginated {
        consts.push(quote!(
            const PAGINATED: bool = true;
        ));
    }
    if let Some(key) = op.params.iter().find(|p| p.idempotency_key && p.required) {
        let header = lit(&key.wire);
        consts.push(quote!(const IDEMPOTENCY_KEY: Option<&'static str> = Some(#header);));
    }
    if let Some(param) = &op.dry_run_param {
        let param = lit(param);
        consts.push(quote!(const DRY_RUN_PARAM: Option<&'static str> = Some(#param);));
    }
    let consts = quote!(#(#consts)*);
    let build = build_request(op);
    let decode = decode(op);
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq, clap::Args)]
        #command
        pub struct #name {
            #(#fields)*
            #body_field
        }

        #success_enum
        #error_enum

        impl runtime::Operation for #name {
            type Output = #output;
            type Error = #error_ty;
            #consts

            fn request(&self) -> runtime::Request {
                #build
            }

            fn decode(response: &runtime::Response) -> runtime::Decoded<Self> {
                #decode
            }
        }
    }
}

/// The success type, and the enum declaring it when there are several.
fn success(api: &Api, op: &Operation) -> (TokenStream, Option<TokenStream>) {
    if !op.has_success_enum() {
        let ty = op
            .successes()
            .next()
            .map(|r| body_type_tokens(api, &r.body))
            .unwrap_or_else(|| quote!(()));
        return (ty, None);
    }
    let name = ident(&op.success_name);
    let variants = op.successes().map(|r| variant(api, r));
    let docs = doc(Some(&format!("Success responses of [`{}`].", op.type_name)));
    (
        quote!(#name),
        Some(quote! {
            #docs
            #[allow(clippy::large_enum_variant)]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }
        }),
    )
}

/// The error type, and the enum declaring it when documented errors carry
/// different types.
fn error(
    api: &Api,
    op: &Operation,
    name: &proc_macro2::Ident,
) -> (TokenStream, Option<TokenStream>) {
    let Some(first) = op.errors().next() else {
        return (quote!(std::convert::Infallible), None);
    };
    if !op.has_error_enum() {
        return (body_type_tokens(api, &first.body), None);
    }
    let error = ident(&op.error_name);
    let variants = op.errors().map(|r| variant(api, r));
    let docs = doc(Some(&format!("Error responses documented for [`{name}`].")));
    (
        quote!(#error),
        Some(quote! {
            #docs
            #[allow(clippy::large_enum_variant)]
            #[derive(Debug, Clone, PartialEq)]
            pub enum #error {
                #(#variants)*
            }
        }),
    )
}

fn variant(api: &Api, response: &Response) -> TokenStream {
    let name = ident(&response.variant);
    let docs = doc(Some(&format!(
        "{}: {}",
        response.status, response.description
    )));
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

fn build_request(op: &Operation) -> TokenStream {
    let method = ident(op.method.as_str());
    // The spec's template, each placeholder then filled in order: a literal
    // before a placeholder holds no `{`, and filled values are percent-encoded.
    let mut template = String::new();
    let mut fills = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(text),
            PathPart::Param(index) => {
                let Some(param) = op.params.get(*index) else {
                    continue;
                };
                template.push_str(&format!("{{{}}}", param.wire));
                let (wire, field) = (lit(&param.wire), ident(&param.field));
                fills.push(if param.is_structured() {
                    quote!(.path(#wire, &runtime::Json(&self.#field)))
                } else {
                    quote!(.path(#wire, &self.#field))
                });
            }
        }
    }
    let path = lit(&template);
    let params = request_fields(op).into_iter().filter_map(|p| {
        let field = ident(&p.field);
        let wire = lit(&p.wire);
        // Structured values are spelled as JSON; scalars go as they are.
        let value = if p.is_structured() {
            quote!(&runtime::Json(&self.#field))
        } else {
            quote!(&self.#field)
        };
        match p.location {
            ParamLocation::Path => None,
            ParamLocation::Query => Some(match p.style {
                ParamStyle::Form if !p.is_structured() => quote!(.query(#wire, &self.#field)),
                style => {
                    let style = ident(match style {
                        ParamStyle::Form => "Form",
                        ParamStyle::FormJoined => "FormJoined",
                        ParamStyle::SpaceDelimited => "SpaceDelimited",
                        ParamStyle::PipeDelimited => "PipeDelimited",
                        ParamStyle::DeepObject => "DeepObject",
                    });
                    quote!(.query_styled(#wire, &self.#field, runtime::QueryStyle::#style))
                }
            }),
            ParamLocation::Header => Some(quote!(.header(#wire, #value))),
            ParamLocation::Cookie => Some(quote!(.cookie(#wire, #value))),
            ParamLocation::Form => Some(match p.ty.non_null() {
                TypeRef::File => quote!(.form_file(#wire, &self.#field)),
                _ => quote!(.form_text(#wire, #value)),
            }),
        }
    });
    let body = op.body.as_ref().and_then(|body| {
        let media = lit(&body.media_type);
        let call = match &body.kind {
            BodyKind::Json(_) => quote!(json),
            BodyKind::UrlEncoded(_) => quote!(url_encoded),
            BodyKind::Text => quote!(text),
            BodyKind::Bytes => quote!(bytes),
            BodyKind::Multipart(_) => return None,
        };
        Some(if body.required {
            quote!(.#call(#media, Some(&self.body)))
        } else {
            quote!(.#call(#media, self.body.as_ref()))
        })
    });
    quote! {
        runtime::Request::new(runtime::Method::#method, #path)
            #(#fills)*
            #(#params)*
            #body
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

fn decode(op: &Operation) -> TokenStream {
    if let Some(compact) = compact_decode(op) {
        return compact;
    }
    let success_enum = op.has_success_enum().then(|| ident(&op.success_name));
    let error_enum = op.has_error_enum();
    let error = ident(&op.error_name);
    let mut has_default = false;
    let arms: Vec<(TokenStream, TokenStream)> = op
        .responses
        .iter()
        .map(|r| {
            let pattern = match r.status {
                Status::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                Status::Range(class) => {
                    let low = proc_macro2::Literal::u16_unsuffixed(class.saturating_mul(100));
                    let high = proc_macro2::Literal::u16_unsuffixed(
                        class.saturating_mul(100).saturating_add(99),
                    );
                    quote!(#low..=#high)
                }
                Status::Default => {
                    has_default = true;
                    quote!(_)
                }
            };
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
            (pattern, result)
        })
        .collect();
    // Neighbouring statuses decoded the same way share an arm.
    let mut merged: Vec<(Vec<TokenStream>, TokenStream)> = Vec::new();
    for (pattern, result) in arms {
        let wildcard = pattern.to_string() == "_";
        match merged.last_mut() {
            Some((patterns, last))
                if !wildcard
                    && last.to_string() == result.to_string()
                    && patterns.iter().all(|p| p.to_string() != "_") =>
            {
                patterns.push(pattern)
            }
            _ => merged.push((vec![pattern], result)),
        }
    }
    let arms = merged
        .into_iter()
        .map(|(patterns, result)| quote!(#(#patterns)|* => #result,));
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
