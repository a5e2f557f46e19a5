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
    let methods = api.operations.iter().map(|op| method(api, op));
    let headers = client_headers(api);
    quote! {
        #imports
        use crate::runtime::{self, Builder};

        /// One method per operation, taking its required inputs: set the
        /// optional ones on the returned builder, then `send()` it.
        // Required inputs are set on a default request one per line, the
        // shortest way to spell it.
        #[allow(clippy::field_reassign_with_default)]
        impl runtime::Client {
            #(#methods)*
        }

        #headers

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

/// A client builder setter for each header the spec sends on every request.
fn client_headers(api: &Api) -> Option<TokenStream> {
    if api.client_headers.is_empty() {
        return None;
    }
    let setters = api.client_headers.iter().map(|header| {
        let method = ident(&header.method);
        let wire = lit(&header.wire);
        let docs = doc(Some(&format!(
            "Sends `{}` on every request (an API key header of the spec).",
            header.wire
        )));
        quote! {
            #docs
            pub fn #method(self, value: impl Into<String>) -> Self {
                self.header(#wire, value)
            }
        }
    });
    Some(quote! {
        /// Headers the API takes on every request.
        impl runtime::ClientBuilder {
            #(#setters)*
        }
    })
}

/// A request field's type: what a value is (`inner`), and whether the
/// field holds it in an `Option` because it may be absent. A nullable type
/// is one already. A `Vec` that clap should take whole from one flag
/// (`one_value`) is spelled `std::vec::Vec`: clap collects repeated flags
/// into a field typed plain `Vec`.
struct FieldType {
    inner: TokenStream,
    optional: bool,
}

impl FieldType {
    fn new(api: &Api, ty: &TypeRef, optional: bool, one_value: bool) -> Self {
        let inner = match ty {
            TypeRef::Option(inner) => return FieldType::new(api, inner, true, one_value),
            TypeRef::Vec(item) if one_value => {
                let item = rust_type(api, item);
                quote!(std::vec::Vec<#item>)
            }
            other => rust_type(api, other),
        };
        FieldType { inner, optional }
    }

    fn plain(inner: TokenStream, optional: bool) -> Self {
        FieldType { inner, optional }
    }

    /// The field's declared type.
    fn declared(&self) -> TokenStream {
        let inner = &self.inner;
        if self.optional {
            quote!(Option<#inner>)
        } else {
            inner.clone()
        }
    }
}

/// The type of a parameter as the request struct holds it. A required
/// idempotency key is still optional here: the runtime makes one for each
/// call that has none.
fn param_type(api: &Api, param: &Param) -> FieldType {
    FieldType::new(api, &param.ty, !param.is_argument(), !param.cli.is_list())
}

/// The type of the body field, if the body is not split into form parts.
fn body_type(api: &Api, op: &Operation) -> Option<FieldType> {
    let body = op.body.as_ref()?;
    let ty = match &body.kind {
        BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => {
            return Some(FieldType::new(api, ty, !body.required, true))
        }
        BodyKind::Text => quote!(String),
        BodyKind::Bytes => quote!(std::vec::Vec<u8>),
        BodyKind::Multipart(_) => return None,
    };
    Some(FieldType::plain(ty, !body.required))
}

/// The doc of a body field whose spec says nothing of it.
pub(crate) const BODY_DOC: &str = "Request body.";

/// One input of the request struct: its field, doc, CLI attribute and type.
struct Input {
    field: proc_macro2::Ident,
    /// Whether the field's type implements `Default`.
    default: bool,
    docs: TokenStream,
    /// One line for its setter.
    summary: String,
    arg: Option<TokenStream>,
    ty: FieldType,
}

/// The request struct's inputs in order: parameters, form parts, the body.
fn inputs(api: &Api, op: &Operation) -> Vec<Input> {
    let mut inputs: Vec<Input> = op
        .request_fields()
        .into_iter()
        .map(|p| Input {
            field: ident(&p.field),
            docs: doc(p.doc_comment()),
            summary: if p.help.is_empty() {
                format!("Sets `{}`.", p.wire)
            } else {
                p.help.clone()
            },
            arg: Some(super::args::arg_attr(api, p)),
            default: api.has_default(&p.ty),
            ty: param_type(api, p),
        })
        .collect();
    if let Some(ty) = body_type(api, op) {
        let text = op
            .body
            .as_ref()
            .and_then(|b| b.doc.as_deref())
            .unwrap_or(BODY_DOC);
        inputs.push(Input {
            field: ident("body"),
            docs: doc(Some(text)),
            summary: crate::text::first_paragraph(text),
            arg: super::args::body_attr(api, op, text),
            default: match op.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty) | BodyKind::UrlEncoded(ty)) => api.has_default(ty),
                _ => true,
            },
            ty,
        });
    }
    inputs
}

/// The typed client method: the operation's required inputs in, a
/// [`runtime::Builder`] holding its request out.
fn method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let method = ident(&op.fn_name);
    let title = op.summary.as_deref().unwrap_or(&op.operation_id);
    let docs = doc(Some(&format!(
        "{title} (`{} {}`).",
        op.method.as_str(),
        op.path
    )));
    let inputs = inputs(api, op);
    let args = inputs.iter().filter(|i| !i.ty.optional).map(|i| {
        let (field, ty) = (&i.field, &i.ty.inner);
        quote!(#field: impl Into<#ty>)
    });
    // Optional inputs start out absent: from `Default` when the request has it.
    let request = if inputs.iter().all(|i| i.ty.optional || i.default) {
        let values = inputs.iter().filter(|i| !i.ty.optional).map(|i| {
            let field = &i.field;
            quote!(request.#field = #field.into();)
        });
        let values: Vec<TokenStream> = values.collect();
        if values.is_empty() {
            quote!(Builder::new(self, #name::default()))
        } else {
            quote! {
                let mut request = #name::default();
                #(#values)*
                Builder::new(self, request)
            }
        }
    } else {
        let values = inputs.iter().map(|i| {
            let field = &i.field;
            if i.ty.optional {
                quote!(#field: None)
            } else {
                quote!(#field: #field.into())
            }
        });
        quote!(Builder::new(self, #name { #(#values),* }))
    };
    quote! {
        #docs
        pub fn #method(&self, #(#args),*) -> Builder<'_, #name> {
            #request
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    let struct_doc = doc(Some(&op.long_about));
    let command = super::args::command_attr(op);
    let derive_args = super::args::derive();
    let inputs = inputs(api, op);
    let fields = inputs.iter().map(|i| {
        let (field, docs, arg, ty) = (&i.field, &i.docs, &i.arg, i.ty.declared());
        quote!(#docs #arg pub #field: #ty,)
    });
    let setters: Vec<TokenStream> = inputs
        .iter()
        .filter(|i| i.ty.optional)
        .map(|i| {
            let (field, ty) = (&i.field, &i.ty.inner);
            let docs = doc(Some(&i.summary));
            quote!(#docs #field: #ty,)
        })
        .collect();
    let setters = (!setters.is_empty())
        .then(|| quote!(crate::runtime::request_setters!(#name { #(#setters)* });));
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
    let paginated = paginated(api, op, &output);
    let default = inputs
        .iter()
        .all(|i| i.ty.optional || i.default)
        .then(|| quote!(Default,));
    quote! {
        #struct_doc
        #[derive(Debug, Clone, PartialEq, #default)]
        #derive_args
        #command
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #setters
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

        #paginated
    }
}

/// How a paginated operation's typed pages are read and asked for.
fn paginated(api: &Api, op: &Operation, output: &TokenStream) -> Option<TokenStream> {
    let page = op.page.as_ref()?;
    let name = ident(&op.type_name);
    let item = rust_type(api, &page.item);
    let (items, token, param) = (
        ident(&page.items_field),
        ident(&page.token_field),
        ident(&page.token_param),
    );
    let items = if page.items_required {
        quote!(output.#items)
    } else {
        quote!(output.#items.unwrap_or_default())
    };
    let token = if page.token_required {
        quote!(Some(output.#token))
    } else {
        quote!(output.#token)
    };
    Some(quote! {
        impl runtime::Paginated for #name {
            type Item = #item;
            fn page(output: #output) -> (Vec<#item>, Option<String>) {
                (#items, #token)
            }
            fn set_page_token(&mut self, token: String) {
                self.#param = Some(token);
            }
        }
    })
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
            #[non_exhaustive]
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
            #[non_exhaustive]
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
    let params = op.request_fields().into_iter().filter_map(|p| {
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
