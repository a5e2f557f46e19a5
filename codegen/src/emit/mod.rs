//! Emitters: the model in, files out ([`crate::write::Emitted`]: tokens or
//! text, which `write` formats). They never read the spec and never invent
//! names or texts; every one comes from the model or `naming`.
//!
//! Each emitter of the modules is an [`Emitter`], listed in [`MODULES`];
//! `krate` adds what a standalone crate needs around them.

mod auth;
pub mod catalog;
pub mod cli;
pub mod client;
mod consts;
pub mod docs;
mod json;
pub mod krate;
mod request;
mod resources;
mod responses;
pub mod tools;
pub mod types;

use proc_macro2::{Literal, TokenStream};

use crate::model::Api;
use crate::write::Emitted;

/// An emitter: the model in, files out, made one at a time as they are
/// taken (so that the largest specs never hold all their pages at once).
pub type Emitter = for<'a> fn(&'a Api) -> Box<dyn Iterator<Item = Emitted> + 'a>;

/// The emitters of the generated modules and pages, in output order.
pub const MODULES: [Emitter; 6] = [
    cli::emit,
    client::emit,
    types::emit,
    docs::emit,
    catalog::emit,
    tools::emit,
];
use quote::quote;

use crate::model::{Gate, TypeRef};
use crate::naming::ident;
use crate::text;

/// `#[doc]` attributes for spec text (cleaned on the way).
pub fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let text = text::rustdoc(text);
    let lines = text.lines().map(|line| {
        let line = match line.is_empty() {
            true => lit(""),
            false => lit(&[" ", line].concat()),
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Top-level lines, each as it stands, as preformatted text: `None` (the
/// item's tokens are formatted instead) when one would not fit its line.
pub(crate) fn lines_text(lines: &[String]) -> Option<String> {
    let mut text = crate::write::preformatted::Lines::default();
    for line in lines {
        text.line(0, line)?;
    }
    Some(text.finish())
}

/// The `#[cfg(...)]` of an item behind `gate`; none for one always compiled.
pub fn cfg(gate: &Gate) -> Option<TokenStream> {
    let predicate = cfg_predicate(gate)?;
    Some(quote!(#[cfg(#predicate)]))
}

/// What a gate's `#[cfg(..)]` holds (`feature = "repos"`), or `None` for
/// an item compiled always.
pub fn cfg_predicate(gate: &Gate) -> Option<TokenStream> {
    let Gate::Any(features) = gate else {
        return None;
    };
    let features = features.iter().map(|f| lit(f));
    Some(match features.len() {
        1 => quote!(feature = #(#features)*),
        _ => quote!(any(#(feature = #features),*)),
    })
}

/// `#[allow(lint)]` where a crate with a feature per tag compiles only some
/// tags: what every tag shares may go unused in a slice. None otherwise.
pub fn allow_in_slices(api: &Api, lint: &'static str) -> Option<TokenStream> {
    let lint = fixed(lint);
    (!api.features.is_empty()).then(|| quote!(#[allow(#lint)]))
}

/// The `#[cfg(...)]` of an operation's items, when the crate has a
/// feature per tag.
pub fn op_cfg(op: &crate::model::Operation) -> Option<TokenStream> {
    cfg(&op.gate)
}

/// One of the generator's own identifiers (`body`, `PagesDryRun`).
pub fn fixed(name: &'static str) -> proc_macro2::Ident {
    ident(&crate::naming::RustName::fixed(name))
}

/// A tag's module's first item, `use super::*;` (allowed unused: a
/// module may need nothing of its parent), preformatted.
pub fn tag_module_imports() -> TokenStream {
    let text = "#[allow(unused_imports)]\nuse super::*;\n".to_string();
    crate::write::preformatted::item(Some(text), || {
        quote! {
            #[allow(unused_imports)]
            use super::*;
        }
    })
}

/// A string literal token for any text. Text that needs no escape (printable
/// ASCII but `"` and `\\`) is quoted as it is and lexed back, which costs a
/// seventh of what `Literal::string` spends escaping it a character at a
/// time (460 bytes: 0.42 us against 2.96 us); the token is the same.
pub fn lit(text: &str) -> Literal {
    let plain = text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\');
    if !plain {
        return Literal::string(text);
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    quoted.push_str(text);
    quoted.push('"');
    quoted.parse().unwrap_or_else(|_| Literal::string(text))
}

/// The Rust type for a model type reference.
pub fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::File => quote!(crate::runtime::FilePart),
        TypeRef::Named(index) => match api.type_def(*index) {
            Some(def) => {
                let name = ident(&def.name);
                quote!(#name)
            }
            None => quote!(serde_json::Value),
        },
        TypeRef::Vec(inner) => {
            let inner = rust_type(api, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(api, inner);
            quote!(Option<#inner>)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn lit_makes_the_token_literal_string_makes() {
        let texts = [
            "",
            " plain words, 'quoted' and (bracketed) ~ 100%",
            "a \"quote\" and a \\ backslash",
            "tab\there, line\nbreak, nul\0 and \u{7}",
            "é, “curly”, 中文, \u{202e} and \u{85}",
        ];
        for text in texts {
            let made = super::lit(text);
            assert_eq!(
                made.to_string(),
                proc_macro2::Literal::string(text).to_string()
            );
            let read: syn::LitStr = syn::parse2(quote::quote!(#made)).expect("a string literal");
            assert_eq!(read.value(), text);
        }
    }
}
