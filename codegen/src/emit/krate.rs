//! The files that make the modules a standalone crate: `Cargo.toml`, the
//! library root, the binary and the runtime the generated code calls.

use quote::quote;

use super::lit;
use crate::error::Error;
use crate::model::Api;
use crate::naming::ident;
use crate::write::{self, GeneratedFile};

mod main_rs;
mod manifest;
mod runtime;
use main_rs::main_rs;
use manifest::{cargo_toml, types_cargo_toml};

/// `Cargo.toml`, `src/lib.rs`, `src/main.rs` and the runtime; and the
/// types crate (`types/`) around `types/src/types.rs`. The types are a
/// crate of their own because rustc's memory peaks per crate: a large
/// spec's types and its client checked as one crate need about half as much
/// again as the larger of the two.
pub fn emit(api: &Api) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_string(),
            contents: cargo_toml(api),
        },
        GeneratedFile {
            path: "types/Cargo.toml".to_string(),
            contents: types_cargo_toml(api),
        },
        lib_rs(api)?,
        types_lib_rs(api)?,
        main_rs(api)?,
    ];
    files.extend(runtime::files(api));
    Ok(files)
}

fn types_lib_rs(api: &Api) -> Result<GeneratedFile, Error> {
    let doc = lit(&api.crate_docs.types_lib);
    // A spec without named types leaves the module empty.
    // A slice of the tags' features may compile none of the types.
    let sliced = super::allow_in_slices(api, "unused_imports");
    let export = (!api.sorted_types().is_empty()).then(|| {
        quote!(
            #sliced
            pub use types::*;
        )
    });
    let tokens = quote! {
        #![doc = #doc]

        /// What the types need of the runtime: parameters, files, and the
        /// impls shared by every string enum and every body type.
        pub mod runtime;

        // Descriptions come verbatim from the spec; their Markdown is not always in
        // the shape clippy's doc lints expect, and rewriting it would change the text.
        // The generated module is laid out by prettyplease, not rustfmt.
        #[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        #[rustfmt::skip]
        mod types;
        #export
    };
    write::rust_file("types/src/lib.rs", &api.source, tokens, &[])
}

fn lib_rs(api: &Api) -> Result<GeneratedFile, Error> {
    let types = ident(&api.crate_names.types_lib);
    let docs = &api.crate_docs.lib;
    let docs = docs.iter().map(|line| quote!(#![doc = #line]));
    let tokens = quote! {
        #(#docs)*

        /// Every operation's request struct, and a typed method on [`runtime::Client`] for each.
        // Descriptions come verbatim from the spec; their Markdown is not always in
        // the shape clippy's doc lints expect, and rewriting it would change the text.
        // The generated modules are laid out by prettyplease, not rustfmt.
        #[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        #[rustfmt::skip]
        pub mod client;
        /// The command-line interface: one subcommand per operation.
        #[cfg(feature = "cli")]
        #[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
        #[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        #[rustfmt::skip]
        pub mod cli;
        /// HTTP, decoding and command-line plumbing shared by every operation.
        pub mod runtime;
        /// The types the operations send and receive (a crate of their own).
        pub use #types as types;
    };
    write::rust_file("src/lib.rs", &api.source, tokens, &[])
}
