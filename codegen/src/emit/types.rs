//! `types.rs`: one Rust type per named schema.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{doc, lit, rust_type};
use crate::model::{Api, Field, TypeDef, TypeKind, TypeRef, UnionVariant, UNKNOWN_VARIANT};
use crate::naming::ident;
use crate::write::preformatted::item;
use crate::write::Emitted;

mod formatted;

/// `types.rs`.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    // Made when taken.
    Box::new(std::iter::once_with(|| Emitted::Rust {
        path: "types.rs".to_string(),
        tokens: tokens(api),
    }))
}

/// Tokens for every named type, sorted by name.
fn tokens(api: &Api) -> TokenStream {
    // Body types say how `--body` reads them: here, beside the type, as the
    // impl must be in the type's crate.
    // Each item of a type carries its features' `#[cfg]`, if any.
    let defs = api.sorted_types().into_iter().map(|def| {
        let cfg = super::cfg(&def.gate);
        let tokens = type_def(api, def, cfg.as_ref());
        let constructor = def
            .input
            .then(|| constructor(api, def, cfg.as_ref()))
            .flatten();
        let parser = def.body_parser.then(|| {
            let name = ident(&def.name);
            quote!(#cfg crate::runtime::body_parser!(#name);)
        });
        quote!(#tokens #constructor #parser)
    });
    quote!(#(#defs)*)
}

fn type_def(api: &Api, def: &TypeDef, cfg: Option<&TokenStream>) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc(def.doc.as_deref());
    let docs = quote!(#cfg #docs);
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
        TypeKind::Union { variants } => union_def(api, &name, variants, quote!(#docs)),
        TypeKind::Alias(ty) => {
            let ty = rust_type(api, ty);
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
    }
}

/// A struct: serde renames, `None`s skipped, unlisted properties kept.
struct StructShape<'a> {
    cfg: Option<&'a TokenStream>,
    name: proc_macro2::Ident,
    doc: Option<&'a str>,
    skip_none: bool,
    /// A struct callers build with nothing required starts from `Default`.
    default: bool,
    rule: Option<TokenStream>,
    fields: Vec<FieldShape<'a>>,
    /// The type of the properties not listed.
    additional: Option<TokenStream>,
}

/// One field of a [`StructShape`].
struct FieldShape<'a> {
    name: proc_macro2::Ident,
    doc: Option<&'a str>,
    deprecated: bool,
    rename: Option<Literal>,
    /// A required property that may be null is sent as `null`, not left out.
    always: bool,
    ty: TokenStream,
}

impl<'a> StructShape<'a> {
    fn new(
        api: &Api,
        def: &'a TypeDef,
        fields: &'a [Field],
        additional: Option<&TypeRef>,
        cfg: Option<&'a TokenStream>,
    ) -> Self {
        let names: Vec<&str> = fields
            .iter()
            .map(|f| f.name.trim_start_matches("r#"))
            .collect();
        let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
        let (rule, renames) = renames(&names, &wires, RenameRule::apply_to_field);
        let skip_none = fields
            .iter()
            .any(|f| !f.required || matches!(f.ty, TypeRef::Option(_)));
        let fields = fields
            .iter()
            .zip(renames)
            .map(|(f, rename)| FieldShape::new(api, f, rename))
            .collect();
        StructShape {
            cfg,
            name: ident(&def.name),
            doc: def.doc.as_deref(),
            skip_none,
            default: def.is_default(),
            rule,
            fields,
            additional: additional.map(|ty| rust_type(api, ty)),
        }
    }

    fn tokens(&self) -> TokenStream {
        let (cfg, name, rule) = (self.cfg, &self.name, &self.rule);
        let docs = doc(self.doc);
        let skip_none = self
            .skip_none
            .then(|| quote!(#[serde_with::skip_serializing_none]));
        let fields = self.fields.iter().map(FieldShape::tokens);
        let additional = self.additional.as_ref().map(|ty| {
            quote! {
                #[doc = #ADDITIONAL_DOC]
                #[serde(flatten)]
                pub additional_properties: std::collections::BTreeMap<String, #ty>,
            }
        });
        let default = self.default.then(|| quote!(Default,));
        quote! {
            #cfg
            #docs
            #skip_none
            #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
            #rule
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
                #additional
            }
        }
    }
}

impl<'a> FieldShape<'a> {
    fn new(api: &Api, field: &'a Field, rename: Option<Literal>) -> Self {
        let mut ty = field_type(api, field);
        let nullable = matches!(field.ty, TypeRef::Option(_));
        if !field.required && !nullable {
            ty = quote!(Option<#ty>);
        }
        FieldShape {
            name: ident(&field.name),
            doc: field.doc.as_deref(),
            deprecated: field.deprecated,
            rename,
            always: field.required && nullable,
            ty,
        }
    }

    fn tokens(&self) -> TokenStream {
        let (name, ty) = (&self.name, &self.ty);
        let docs = doc(self.doc);
        let rename = self
            .rename
            .as_ref()
            .map(|wire| quote!(#[serde(rename = #wire)]));
        let always = self.always.then(|| quote!(#[serialize_always]));
        let deprecated = self
            .deprecated
            .then(|| quote!(#[deprecated = #DEPRECATED_FIELD]));
        quote! {
            #docs
            #deprecated
            #rename
            #always
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
fn field_type(api: &Api, field: &Field) -> TokenStream {
    let ty = rust_type(api, &field.ty);
    if !field.boxed {
        return ty;
    }
    match &field.ty {
        TypeRef::Option(inner) => {
            let inner = rust_type(api, inner);
            quote!(Option<Box<#inner>>)
        }
        _ => quote!(Box<#ty>),
    }
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
fn constructor(api: &Api, def: &TypeDef, cfg: Option<&TokenStream>) -> Option<TokenStream> {
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
        quote!(#cfg crate::runtime::setters!(#name #call);)
    }))
}

/// A field of a constructor: its name, its type, whether it is deprecated.
type Setter = (proc_macro2::Ident, TokenStream, bool);

/// The doc comment of a struct's field for the properties not listed.
const ADDITIONAL_DOC: &str = " Properties not listed above.";

/// What `#[deprecated]` says of a field the spec marks so (and its setter).
const DEPRECATED_FIELD: &str = "the spec marks this field deprecated";

/// serde's `rename_all` rules, applied exactly as serde applies them.
#[derive(Clone, Copy)]
enum RenameRule {
    Lower,
    Upper,
    Camel,
    Pascal,
    Snake,
    ScreamingSnake,
    Kebab,
}

/// In order of preference when several cover the same names.
const RULES: [(RenameRule, &str); 7] = [
    (RenameRule::Lower, "lowercase"),
    (RenameRule::Camel, "camelCase"),
    (RenameRule::Snake, "snake_case"),
    (RenameRule::Kebab, "kebab-case"),
    (RenameRule::Upper, "UPPERCASE"),
    (RenameRule::ScreamingSnake, "SCREAMING_SNAKE_CASE"),
    (RenameRule::Pascal, "PascalCase"),
];

impl RenameRule {
    /// For `snake_case` field names.
    fn apply_to_field(self, field: &str) -> String {
        let pascal = || {
            let mut out = String::new();
            let mut capitalize = true;
            for c in field.chars() {
                if c == '_' {
                    capitalize = true;
                } else if capitalize {
                    out.push(c.to_ascii_uppercase());
                    capitalize = false;
                } else {
                    out.push(c);
                }
            }
            out
        };
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_string(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => pascal(),
            RenameRule::Camel => {
                let pascal = pascal();
                pascal[..1].to_ascii_lowercase() + &pascal[1..]
            }
            RenameRule::Kebab => field.replace('_', "-"),
        }
    }
}

/// The `rename_all` that covers the most names (if it beats none at all),
/// and the explicit renames the rest still need.
fn renames(
    names: &[&str],
    wires: &[&str],
    apply: fn(RenameRule, &str) -> String,
) -> (Option<TokenStream>, Vec<Option<Literal>>) {
    let matches = |rule: Option<RenameRule>| {
        names
            .iter()
            .zip(wires)
            .filter(|(name, wire)| {
                !name.is_empty()
                    && match rule {
                        Some(rule) => apply(rule, name) == **wire,
                        None => **name == **wire,
                    }
            })
            .count()
    };
    let baseline = matches(None);
    // `max_by_key` keeps the last of equals; reversing keeps the preferred one.
    let best = RULES
        .iter()
        .rev()
        .map(|&(rule, label)| (matches(Some(rule)), rule, label))
        .filter(|(count, _, _)| *count > baseline && *count >= 2)
        .max_by_key(|(count, _, _)| *count);
    let rule = best.map(|(_, rule, _)| rule);
    let attr = best.map(|(_, _, label)| quote!(#[serde(rename_all = #label)]));
    let renames = names
        .iter()
        .zip(wires)
        .map(|(name, wire)| {
            let derived = match rule {
                Some(rule) if !name.is_empty() => apply(rule, name),
                _ => name.to_string(),
            };
            (derived != *wire).then(|| lit(wire))
        })
        .collect();
    (attr, renames)
}
