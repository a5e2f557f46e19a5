//! How a generated request is sent: the runtime `Request` built from the
//! request struct's fields, each parameter in its place and the body in its
//! encoding.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{BodyKind, Operation, Param, ParamLocation, ParamStyle, PathPart, TypeRef};
use crate::naming::ident;

pub(super) fn build_request(op: &Operation) -> TokenStream {
    let method = super::fixed(op.method.as_str());
    // The spec's template, each placeholder then filled in order: a literal
    // before a placeholder holds no `{`, and filled values are percent-encoded.
    let mut template = String::new();
    let mut fills = Vec::new();
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(text),
            PathPart::Param(index) => {
                let Some(param) = op.param(*index) else {
                    continue;
                };
                template.push_str(&format!("{{{}}}", param.wire));
                let (wire, field) = (lit(&param.wire), ident(&param.field));
                let value = if param.is_structured() {
                    quote!(&runtime::Json(&self.#field))
                } else {
                    quote!(&self.#field)
                };
                fills.push(match param.style {
                    ParamStyle::Label { explode } => {
                        quote!(.path_styled(#wire, #value, runtime::PathStyle::Label { explode: #explode }))
                    }
                    ParamStyle::Matrix { explode } => {
                        quote!(.path_styled(#wire, #value, runtime::PathStyle::Matrix { explode: #explode }))
                    }
                    _ => quote!(.path(#wire, #value)),
                });
            }
        }
    }
    let path = lit(&template);
    let params = op.request_fields().into_iter().filter_map(param_call);
    let body = body_call(op);
    let accept = op.accept.as_deref().map(|media| {
        let media = lit(media);
        quote!(.accept(#media))
    });
    quote! {
        runtime::Request::new(runtime::Method::#method, #path)
            #(#fills)*
            #(#params)*
            #accept
            #body
    }
}

/// The call that puts a parameter or form part in the request (none for a
/// path parameter, which fills the template).
fn param_call(p: &Param) -> Option<TokenStream> {
    let field = ident(&p.field);
    let wire = lit(&p.wire);
    // Structured values are spelled as JSON; scalars go as they are.
    let value = if p.is_structured() {
        quote!(&runtime::Json(&self.#field))
    } else {
        quote!(&self.#field)
    };
    match p.location {
        // Body fields are flags the CLI merges into the body.
        ParamLocation::Path | ParamLocation::BodyField => None,
        ParamLocation::Query => Some(match p.style {
            ParamStyle::Form if !p.is_structured() => quote!(.query(#wire, &self.#field)),
            style => {
                let style = style_path(style);
                quote!(.query_styled(#wire, &self.#field, #style))
            }
        }),
        ParamLocation::Header => Some(quote!(.header(#wire, #value))),
        ParamLocation::Cookie => Some(quote!(.cookie(#wire, #value))),
        ParamLocation::Form => Some(match p.ty.non_null() {
            TypeRef::File => match &p.content_type {
                Some(media) => {
                    let media = lit(media);
                    quote!(.form_file_as(#wire, &self.#field, #media))
                }
                None => quote!(.form_file(#wire, &self.#field)),
            },
            _ => quote!(.form_text(#wire, #value)),
        }),
    }
}

/// The runtime's `QueryStyle` of a style.
fn style_path(style: ParamStyle) -> TokenStream {
    let style = super::fixed(match style {
        ParamStyle::Form => "Form",
        ParamStyle::FormJoined => "FormJoined",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
        // Path styles never reach a query.
        ParamStyle::Label { .. } | ParamStyle::Matrix { .. } => "Form",
    });
    quote!(runtime::QueryStyle::#style)
}

/// The call that sets the request body, or checks a required multipart one.
fn body_call(op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let media = lit(&body.media_type);
    let call = match &body.kind {
        BodyKind::Json(_) => quote!(json),
        BodyKind::UrlEncoded(_) => quote!(url_encoded),
        BodyKind::Text => quote!(text),
        BodyKind::Bytes => quote!(bytes),
        // A required body none of whose parts is required needs one.
        BodyKind::Multipart(_) => {
            let wires = body.parts_needing_one()?.iter().map(|p| lit(&p.wire));
            return Some(quote!(.require_parts(&[#(#wires),*])));
        }
    };
    let value = if body.required {
        quote!(Some(&self.body))
    } else {
        quote!(self.body.as_ref())
    };
    if !body.styles.is_empty() {
        let styles = body.styles.iter().map(|(field, style)| {
            let (field, style) = (lit(field), style_path(*style));
            quote!((#field, #style))
        });
        return Some(quote!(.url_encoded_styled(#media, #value, &[#(#styles),*])));
    }
    Some(quote!(.#call(#media, #value)))
}
