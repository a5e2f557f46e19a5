//! `types.rs`: one Rust type per named schema.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, lexed, lit, lit_text, rust_type, rust_type_text};
use crate::model::{Api, Field, TypeDef, TypeKind, TypeRef, UnionVariant, UNKNOWN_VARIANT};
use crate::naming::ident;
use crate::write::preformatted::item;
use crate::write::Emitted;

mod formatted;

/// `types.rs`.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    // Made when taken.
    Box::new(std::iter::once_with(|| {
        Emitted::rust("types.rs".to_string(), tokens(api))
    }))
}

/// Tokens for every named type, sorted by name.
fn tokens(api: &Api) -> TokenStream {
    // Body types say how `--body` reads them: here, beside the type, as the
    // impl must be in the type's crate.
    // Each item of a type carries its features' `#[cfg]`, if any.
    let defs = api.sorted_types().into_iter().map(|def| {
        let cfg = super::cfg_text(&def.gate);
        let cfg = cfg.as_deref();
        let tokens = type_def(api, def, cfg);
        let constructor = def.input.then(|| constructor(api, def, cfg)).flatten();
        let parser = def.body_parser.then(|| {
            let (cfg, name) = (cfg.map(lexed), ident(&def.name));
            quote!(#cfg crate::runtime::body_parser!(#name);)
        });
        quote!(#tokens #constructor #parser)
    });
    quote!(#(#defs)*)
}

fn type_def(api: &Api, def: &TypeDef, cfg: Option<&str>) -> TokenStream {
    let name = ident(&def.name);
    // Only the tokens use them, when the text declines.
    let docs = || {
        let (cfg, docs) = (cfg.map(lexed), doc(def.doc.as_deref()));
        quote!(#cfg #docs)
    };
    match &def.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            let shape = StructShape::new(api, def, fields, additional.as_ref(), cfg);
            item(shape.text(), || shape.tokens())
        }
        TypeKind::Enum { variants } => {
            let names: Vec<proc_macro2::Ident> = variants.iter().map(|v| ident(&v.name)).collect();
            let wires: Vec<Literal> = variants.iter().map(|v| lit(&v.value)).collect();
            let unknown = super::fixed(UNKNOWN_VARIANT);
            let text = formatted::string_enum(def, cfg, &names, &wires);
            item(text, || {
                let (docs, cfg) = (docs(), cfg.map(lexed));
                quote! {
                    #docs
                    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                    #[non_exhaustive]
                    pub enum #name {
                        #(#names,)*
                        #unknown(String),
                    }

                    #cfg
                    crate::runtime::string_enum!(#name, [#(#names = #wires),*]);
                }
            })
        }
        TypeKind::Union { variants } => union_def(api, &name, variants, docs()),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            item(formatted::alias(def, cfg, &name, &ty), || {
                let docs = docs();
                quote! {
                    #docs
                    pub type #name = #ty;
                }
            })
        }
    }
}

/// A struct, and its `serde_fields!` call: each field's key on the wire,
/// the optional ones left out when `None`, unlisted properties kept.
struct StructShape<'a> {
    cfg: Option<&'a str>,
    name: proc_macro2::Ident,
    doc: Option<&'a str>,
    /// A struct callers build with nothing required starts from `Default`.
    default: bool,
    fields: Vec<FieldShape<'a>>,
    /// The type of the properties not listed.
    additional: Option<TokenStream>,
}

/// One field of a [`StructShape`], spelled: the text made of it needs no
/// token, and its tokens are made only when the text declines.
struct FieldShape<'a> {
    field: &'a Field,
    /// The field's key on the wire, as its string literal spells it.
    key: String,
    /// Its type, as its tokens spell on one line.
    ty: String,
}

impl<'a> StructShape<'a> {
    fn new(
        api: &Api,
        def: &'a TypeDef,
        fields: &'a [Field],
        additional: Option<&TypeRef>,
        cfg: Option<&'a str>,
    ) -> Self {
        StructShape {
            cfg,
            name: ident(&def.name),
            doc: def.doc.as_deref(),
            default: def.is_default(),
            fields: fields.iter().map(|f| FieldShape::new(api, f)).collect(),
            additional: additional.map(|ty| rust_type(api, ty)),
        }
    }

    fn tokens(&self) -> TokenStream {
        let (cfg, name) = (self.cfg.map(lexed), &self.name);
        let docs = doc(self.doc);
        let fields = self.fields.iter().map(FieldShape::tokens);
        let additional = self.additional.as_ref().map(|ty| {
            quote! {
                #[doc = #ADDITIONAL_DOC]
                pub additional_properties: std::collections::BTreeMap<String, #ty>,
            }
        });
        let default = self.default.then(|| quote!(, Default));
        let keys = self.fields.iter().enumerate().map(|(index, shape)| {
            let field = shape.field;
            let (index, name, key) = (
                Literal::usize_unsuffixed(index),
                ident(&field.name),
                lit(&field.wire),
            );
            let optional = (!field.required).then(|| quote!(optional));
            quote!(#index #name = #key #optional)
        });
        let rest = self
            .additional
            .is_some()
            .then(|| quote!(additional_properties));
        quote! {
            #cfg
            #docs
            #[derive(Debug, Clone, PartialEq #default)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #additional
            }

            #cfg
            crate::runtime::serde_fields!(#name { #(#keys),* } #rest);
        }
    }
}

impl<'a> FieldShape<'a> {
    fn new(api: &Api, field: &'a Field) -> Self {
        // A required property that may be null is an `Option` already.
        let ty = field_type_text(api, field);
        let ty = match !field.required && !matches!(field.ty, TypeRef::Option(_)) {
            true => format!("Option<{ty}>"),
            false => ty,
        };
        FieldShape {
            field,
            key: lit_text(&field.wire),
            ty,
        }
    }

    fn tokens(&self) -> TokenStream {
        let (name, ty) = (ident(&self.field.name), lexed(&self.ty));
        let docs = doc(self.field.doc.as_deref());
        let deprecated = self
            .field
            .deprecated
            .then(|| quote!(#[deprecated = #DEPRECATED_FIELD]));
        quote! {
            #docs
            #deprecated
            pub #name: #ty,
        }
    }
}

/// A oneOf/anyOf: an untagged enum, one variant per member.
fn union_def(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    docs: TokenStream,
) -> TokenStream {
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
        // A oneOf is matched as the spec gives it: boxing its larger
        // variants would change the types users write.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// A field's Rust type, boxed where the model says.
/// A field's type as the struct declares it (but the `Option` of an
/// optional one), spelled: boxed where it would hold itself.
fn field_type_text(api: &Api, field: &Field) -> String {
    let mut ty = String::new();
    match (&field.ty, field.boxed) {
        (TypeRef::Option(inner), true) => {
            ty.push_str("Option<Box<");
            rust_type_text(api, inner, &mut ty);
            ty.push_str(">>");
        }
        (inner, true) => {
            ty.push_str("Box<");
            rust_type_text(api, inner, &mut ty);
            ty.push('>');
        }
        (inner, false) => rust_type_text(api, inner, &mut ty),
    }
    ty
}

fn field_type(api: &Api, field: &Field) -> TokenStream {
    lexed(&field_type_text(api, field))
}

/// The value a setter takes for an optional field (held in an `Option`).
fn setter_type(api: &Api, field: &Field) -> TokenStream {
    let inner = field.ty.non_null();
    let ty = rust_type(api, inner);
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// How callers build a struct they send (the runtime's `setters!`): `new`
/// taking the required fields (when there are any; else the struct is
/// `Default`), and a setter per optional field. A field the spec adds later
/// adds a setter, and breaks no caller's code.
fn constructor(api: &Api, def: &TypeDef, cfg: Option<&str>) -> Option<TokenStream> {
    let TypeKind::Struct {
        fields, additional, ..
    } = &def.kind
    else {
        return None;
    };
    let name = ident(&def.name);
    let required: Vec<Setter> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (ident(&f.name), field_type(api, f), false))
        .collect();
    // Each setter's doc points to its field's, which is right above.
    let setters: Vec<Setter> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| (ident(&f.name), setter_type(api, f), f.deprecated))
        .collect();
    // The map of other properties starts empty.
    let rest = additional.is_some() && !required.is_empty();
    let text = formatted::setters(cfg, &name, &required, &setters, rest);
    Some(item(text, || {
        let setters = setters.iter().map(|(field, ty, deprecated)| {
            let deprecated = deprecated.then(|| quote!(#[deprecated = #DEPRECATED_FIELD]));
            quote!(#deprecated #field: #ty,)
        });
        let call = if required.is_empty() {
            quote!({ #(#setters)* })
        } else {
            let required = required.iter().map(|(field, ty, _)| quote!(#field: #ty));
            let rest = rest.then(|| quote!(additional_properties));
            quote!((#(#required),*) { #(#setters)* } #rest)
        };
        let cfg = cfg.map(lexed);
        quote!(#cfg crate::runtime::setters!(#name #call);)
    }))
}

/// A field of a constructor: its name, its type, whether it is deprecated.
type Setter = (proc_macro2::Ident, TokenStream, bool);

/// The doc comment of a struct's field for the properties not listed.
const ADDITIONAL_DOC: &str = " Properties not listed above.";

/// What `#[deprecated]` says of a field the spec marks so (and its setter).
const DEPRECATED_FIELD: &str = "the spec marks this field deprecated";
