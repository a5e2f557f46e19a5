//! `types.rs`: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, lit, rust_type};
use crate::model::{Api, Field, TypeDef, TypeKind, TypeRef};
use crate::naming::ident;

/// Tokens for every named type, sorted by name.
pub fn emit(api: &Api) -> TokenStream {
    let defs = api.sorted_types().into_iter().map(|def| type_def(api, def));
    quote!(#(#defs)*)
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            let fields = fields.iter().map(|f| field(api, f));
            let additional = additional.as_ref().map(|ty| {
                let ty = rust_type(api, ty);
                quote! {
                    /// Properties not listed above.
                    #[serde(flatten)]
                    pub additional_properties: std::collections::BTreeMap<String, #ty>,
                }
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                    #additional
                }
            }
        }
        TypeKind::Enum { variants } => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let value = lit(&v.value);
                let doc = format!(" `{}`", v.value.replace('`', "'"));
                quote!(#[doc = #doc] #variant = #value,)
            });
            quote! {
                crate::runtime::string_enum! {
                    #docs
                    pub enum #name {
                        #(#variants)*
                    }
                }
            }
        }
        TypeKind::Union { variants } => {
            let variants = variants.iter().map(|v| {
                let variant = ident(&v.name);
                let mut ty = rust_type(api, &v.ty);
                if v.boxed {
                    ty = quote!(Box<#ty>);
                }
                quote!(#variant(#ty),)
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            }
        }
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

fn field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let docs = doc(field.doc.as_deref());
    let mut ty = rust_type(api, &field.ty);
    if field.boxed {
        ty = match &field.ty {
            TypeRef::Option(inner) => {
                let inner = rust_type(api, inner);
                quote!(Option<Box<#inner>>)
            }
            _ => quote!(Box<#ty>),
        };
    }
    let optional = !field.required && !matches!(field.ty, TypeRef::Option(_));
    if optional {
        ty = quote!(Option<#ty>);
    }
    let mut serde = Vec::new();
    if field.name.trim_start_matches("r#") != field.wire {
        let wire = lit(&field.wire);
        serde.push(quote!(rename = #wire));
    }
    if !field.required {
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}
