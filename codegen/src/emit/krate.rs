//! The files that make the modules a standalone crate: `Cargo.toml`, the
//! library root, the binary and the runtime the generated code calls.

use quote::quote;

use super::lit;
use crate::error::Error;
use crate::model::Api;
use crate::naming::{self, ident};
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
    let name = naming::crate_name(&api.program);
    let types = naming::types_crate_name(&name);
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_string(),
            contents: cargo_toml(api, &name),
        },
        GeneratedFile {
            path: "types/Cargo.toml".to_string(),
            contents: types_cargo_toml(api, &types),
        },
        lib_rs(api, &types)?,
        types_lib_rs(api)?,
        main_rs(api, &name)?,
    ];
    files.extend(runtime::files(api, &types));
    Ok(files)
}

fn types_lib_rs(api: &Api) -> Result<GeneratedFile, Error> {
    let doc = lit(&format!(
        " The types {} sends and receives, generated from its OpenAPI description.",
        crate::text::first_paragraph(&api.title)
    ));
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
    write::rust_file("types/src/lib.rs", &api.source, tokens)
}

fn lib_rs(api: &Api, types: &str) -> Result<GeneratedFile, Error> {
    let types = ident(&naming::lib_name(types));
    let lib = naming::lib_name(&naming::crate_name(&api.program));
    let title = crate::text::first_paragraph(&api.title);
    let mut docs = vec![
        format!(" A typed client and command-line tool for {title}, generated from its OpenAPI description."),
        String::new(),
        " ```no_run".to_string(),
        format!(" use {lib}::runtime::Client;"),
        String::new(),
        " # async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!(
            " let client = Client::builder({:?}).api_key(\"...\").build()?;",
            api.server_url.as_deref().unwrap_or("https://api.example.com")
        ),
    ];
    if let Some(call) = example_call(api) {
        docs.push(format!(" let response = client.{call}.send().await?;"));
        docs.push(" println!(\"{:?}\", response.body);".to_string());
    }
    docs.extend(
        [
            " # Ok(())",
            " # }",
            " ```",
            "",
            " - [`client`]: a method on [`runtime::Client`] per operation, taking its required",
            "   inputs and returning a [`runtime::Builder`] with a setter per optional input;",
            "   paginated operations also `stream()` their items across pages.",
            " - [`types`]: the types the operations send and receive (a crate of their own).",
            "   Structs and enums are `#[non_exhaustive]`: build the ones you send with `new`",
            "   (or `Default`) and setters, so that the spec's next additions break nothing.",
            " - [`runtime`]: the HTTP client ([`runtime::Client::builder`]: base URL, API key,",
            "   headers, timeout, retries, user agent, your own `reqwest::Client`) and its errors.",
            "   Requests are traced with `tracing` (method, path, status, attempt, time).",
            "",
        ]
        .map(str::to_string),
    );
    docs.extend(super::auth::crate_docs(api));
    docs.extend(
        [
            "",
            " # Features",
            "",
            " - `cli` (default): the command-line tool and its `cli` module, with clap parsing on",
            "   every request struct. Without it (`default-features = false`) the crate is the",
            "   client alone: no clap, jaq, csv, serde_yaml, terminal_size, directories,",
            "   similar, tempfile or toon-format in your build.",
        ]
        .map(str::to_string),
    );
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
    write::rust_file("src/lib.rs", &api.source, tokens)
}

/// A call of the first operation whose required inputs are all strings,
/// for the crate docs' example: `get_pet("id")`.
fn example_call(api: &Api) -> Option<String> {
    api.operations.iter().find_map(|op| {
        let body_required = op
            .body
            .as_ref()
            .is_some_and(|b| b.required && !matches!(b.kind, crate::model::BodyKind::Multipart(_)));
        let args: Vec<&crate::model::Param> = op
            .request_fields()
            .into_iter()
            .filter(|p| p.is_argument())
            .collect();
        let strings = args.iter().all(|p| p.ty == crate::model::TypeRef::String);
        (!body_required && strings).then(|| {
            let values: Vec<String> = args.iter().map(|p| format!("{:?}", p.wire)).collect();
            format!("{}({})", op.names.fn_name, values.join(", "))
        })
    })
}
