//! The request struct's inputs: each parameter, form part and body as a
//! field, with its doc, clap attribute and type.

use proc_macro2::TokenStream;

use super::arg_attrs;
use crate::model::{Api, BodyKind, Operation, Param, TypeRef};
use crate::naming::ident;

/// A request field's type: what a value is (`inner`), and whether the
/// field holds it in an `Option` because it may be absent. A nullable type
/// is one already. A `Vec` that clap should take whole from one flag
/// (`one_value`) is spelled `std::vec::Vec`: clap collects repeated flags
/// into a field typed plain `Vec`.
pub(super) struct FieldType {
    /// The type, in the field's `Option` when optional, spelled on one line.
    pub(super) inner: String,
    pub(super) optional: bool,
}

impl FieldType {
    fn new(api: &Api, ty: &TypeRef, optional: bool, one_value: bool) -> Self {
        let mut inner = String::new();
        match ty {
            TypeRef::Option(ty) => return FieldType::new(api, ty, true, one_value),
            TypeRef::Vec(item) if one_value => {
                inner.push_str("std::vec::Vec<");
                crate::emit::rust_type_text(api, item, &mut inner);
                inner.push('>');
            }
            other => crate::emit::rust_type_text(api, other, &mut inner),
        }
        FieldType { inner, optional }
    }

    fn plain(inner: &str, optional: bool) -> Self {
        FieldType {
            inner: inner.to_string(),
            optional,
        }
    }

    /// The field's declared type, spelled on one line.
    pub(super) fn declared(&self) -> String {
        match self.optional {
            true => format!("Option<{}>", self.inner),
            false => self.inner.clone(),
        }
    }

    /// The tokens of [`FieldType::inner`].
    pub(super) fn inner_tokens(&self) -> TokenStream {
        crate::emit::lexed(&self.inner)
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
        BodyKind::Text => "String",
        BodyKind::Bytes => "std::vec::Vec<u8>",
        BodyKind::Multipart(_) => return None,
    };
    Some(FieldType::plain(ty, !body.required))
}

/// One input of the request struct: its field, doc, CLI attribute and type.
pub(super) struct Input {
    pub(super) field: proc_macro2::Ident,
    /// Whether the field's type implements `Default`.
    pub(super) default: bool,
    /// The field's doc comment, as the spec gives it.
    pub(super) doc: Option<String>,
    /// One line for its setter.
    pub(super) summary: String,
    /// Its clap attribute, spelled on one line.
    pub(super) arg: Option<String>,
    pub(super) ty: FieldType,
}

/// The request struct's inputs in order: parameters, form parts, the body.
pub(super) fn inputs(api: &Api, op: &Operation) -> Vec<Input> {
    let mut inputs: Vec<Input> = op
        .request_fields()
        .into_iter()
        .map(|p| Input {
            field: ident(&p.field),
            doc: p.doc_comment().map(str::to_string),
            summary: p.setter_summary(),
            arg: Some(arg_attrs::arg_attr(api, p)),
            default: api.has_default(&p.ty),
            ty: param_type(api, p),
        })
        .collect();
    if let Some(ty) = body_type(api, op) {
        let text = op.body.as_ref().map_or("", |b| b.doc_comment());
        inputs.push(Input {
            field: crate::emit::fixed("body"),
            doc: Some(text.to_string()),
            summary: crate::text::first_paragraph(text),
            arg: match op.body.as_ref() {
                Some(body) if body.merged => Some(arg_attrs::json_body_attr(&ty.declared())),
                _ => arg_attrs::body_attr(api, op, text),
            },
            default: match op.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty) | BodyKind::UrlEncoded(ty)) => api.has_default(ty),
                _ => true,
            },
            ty,
        });
    }
    inputs
}

/// Whether the request struct derives `Default`: each input is optional or
/// of a type that has a default.
pub(super) fn request_has_default(inputs: &[Input]) -> bool {
    inputs.iter().all(|i| i.ty.optional || i.default)
}
