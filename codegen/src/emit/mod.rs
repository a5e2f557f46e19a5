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
pub(crate) mod request;
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
    cfg_text(gate).as_deref().map(lexed)
}

/// [`cfg`] spelled on one line (`#[cfg(feature = "repos")]`).
pub fn cfg_text(gate: &Gate) -> Option<String> {
    cfg_predicate_text(gate).map(|predicate| format!("#[cfg({predicate})]"))
}

/// What a gate's `#[cfg(..)]` holds (`feature = "repos"`), or `None` for
/// an item compiled always.
pub fn cfg_predicate(gate: &Gate) -> Option<TokenStream> {
    cfg_predicate_text(gate).as_deref().map(lexed)
}

/// [`cfg_predicate`] spelled: `feature = "a"`, `any(feature = "a", feature = "b")`.
fn cfg_predicate_text(gate: &Gate) -> Option<String> {
    let Gate::Any(features) = gate else {
        return None;
    };
    let features: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", lit_text(f)))
        .collect();
    Some(match features.as_slice() {
        [feature] => feature.clone(),
        _ => format!("any({})", features.join(", ")),
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
    if !plain(text) {
        return Literal::string(text);
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    quoted.push_str(text);
    quoted.push('"');
    quoted.parse().unwrap_or_else(|_| Literal::string(text))
}

/// Whether `text` is quoted as it is in a string literal: printable ASCII
/// but `"` and `\\`.
fn plain(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
}

/// [`lit`] as the token spells it, made without a token where the text
/// needs no escape.
pub fn lit_text(text: &str) -> String {
    match plain(text) {
        true => format!("\"{text}\""),
        false => Literal::string(text).to_string(),
    }
}

/// The tokens of code spelled as text here (a type, an attribute), for
/// where the text does not fit its line as it is, or to check it. The text
/// is this module's own and lexes; were it not to, the tokens would be
/// empty and the generated code would not compile.
pub fn lexed(text: &str) -> TokenStream {
    text.parse().unwrap_or_default()
}

/// `&["a", "b"]`: a slice of string literals, spelled on one line.
pub fn str_slice_text<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(lit_text).collect();
    format!("&[{}]", items.join(", "))
}

/// [`rust_type`] as its tokens spell on one line (`Option<Vec<Pet>>`,
/// `std::collections::BTreeMap<String, i64>`), written at the end of `out`
/// with no token made.
pub fn rust_type_text(api: &Api, ty: &TypeRef, out: &mut String) {
    let (open, inner) = match ty {
        TypeRef::String => return out.push_str("String"),
        TypeRef::Bool => return out.push_str("bool"),
        TypeRef::I32 => return out.push_str("i32"),
        TypeRef::I64 => return out.push_str("i64"),
        TypeRef::F32 => return out.push_str("f32"),
        TypeRef::F64 => return out.push_str("f64"),
        TypeRef::Json => return out.push_str("serde_json::Value"),
        TypeRef::JsonObject => return out.push_str("serde_json::Map<String, serde_json::Value>"),
        TypeRef::File => return out.push_str("crate::runtime::FilePart"),
        TypeRef::Named(index) => {
            return out.push_str(
                api.type_def(*index)
                    .map_or("serde_json::Value", |def| &def.name),
            )
        }
        TypeRef::Vec(inner) => ("Vec<", inner),
        TypeRef::Map(inner) => ("std::collections::BTreeMap<String, ", inner),
        TypeRef::Option(inner) => ("Option<", inner),
    };
    out.push_str(open);
    rust_type_text(api, inner, out);
    out.push('>');
}

/// The Rust type for a model type reference, lexed from its
/// [`rust_type_text`].
pub fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    let mut text = String::new();
    rust_type_text(api, ty, &mut text);
    lexed(&text)
}

#[cfg(test)]
mod tests {
    use crate::model::TypeRef;

    /// Each kind of type, nested, and a named type (`Pet`) and one the
    /// model lacks, spells as its tokens do.
    #[test]
    fn rust_type_text_is_its_tokens_spelled() {
        let yaml = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /pet:\n    get:\n      operationId: getPet\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n";
        let spec = crate::load::parse(yaml.as_bytes(), "spec.yaml").expect("parses");
        let api =
            crate::model::build(&spec, &crate::Config::new("spec.yaml", "api")).expect("builds");
        let pet = (0..api.types.len())
            .map(crate::model::TypeId)
            .find(|&id| api.type_def(id).is_some_and(|d| d.name == "Pet"))
            .expect("the Pet type");
        let leaves = [
            TypeRef::String,
            TypeRef::Bool,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::Json,
            TypeRef::JsonObject,
            TypeRef::File,
            TypeRef::Named(pet),
            TypeRef::Named(crate::model::TypeId(usize::MAX)),
        ];
        let wrap: [fn(TypeRef) -> TypeRef; 3] = [
            |t| TypeRef::Vec(Box::new(t)),
            |t| TypeRef::Map(Box::new(t)),
            |t| TypeRef::Option(Box::new(t)),
        ];
        for leaf in leaves {
            let mut shapes = vec![leaf.clone()];
            for outer in wrap {
                for inner in wrap {
                    shapes.push(outer(inner(leaf.clone())));
                }
            }
            for ty in shapes {
                let mut text = String::new();
                super::rust_type_text(&api, &ty, &mut text);
                let tokens = super::rust_type(&api, &ty);
                let spelled = crate::write::preformatted::one_line(&tokens);
                assert_eq!(Some(text), spelled, "{ty:?}");
            }
        }
    }

    /// A gate of one feature, of several, of none, and an item compiled
    /// always spell as their tokens do.
    #[test]
    fn cfg_text_is_its_tokens_spelled() {
        use crate::model::Gate;
        let gates = [
            Gate::Always,
            Gate::Any(vec!["repos".to_string()]),
            Gate::Any(vec!["a".to_string(), "b-c".to_string(), "d".to_string()]),
            Gate::Any(Vec::new()),
        ];
        for gate in gates {
            let spelled = super::cfg(&gate).map(|tokens| {
                let mut lines = crate::write::preformatted::Lines::default();
                lines.attrs(0, &tokens).expect("fits");
                lines.finish().trim_end().to_string()
            });
            assert_eq!(super::cfg_text(&gate), spelled, "{gate:?}");
        }
    }

    /// Text needing no escape is quoted as it is; any other is the token's.
    #[test]
    fn lit_text_is_the_literal_spelled() {
        for text in [
            "",
            "plain words",
            "a \"quote\"",
            "back\\slash",
            "tab\t",
            "é",
        ] {
            assert_eq!(
                super::lit_text(text),
                super::lit(text).to_string(),
                "{text:?}"
            );
        }
    }

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
