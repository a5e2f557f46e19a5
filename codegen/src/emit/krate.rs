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
use main_rs::main_rs;
use manifest::{cargo_toml, types_cargo_toml};

/// The runtime's sources, copied into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/auth.rs", include_str!("../../runtime/auth.rs")),
    ("src/runtime/call.rs", include_str!("../../runtime/call.rs")),
    ("src/runtime/cli.rs", include_str!("../../runtime/cli.rs")),
    (
        "src/runtime/cli/args.rs",
        include_str!("../../runtime/cli/args.rs"),
    ),
    (
        "src/runtime/cli/catalog.rs",
        include_str!("../../runtime/cli/catalog.rs"),
    ),
    (
        "src/runtime/cli/catalog/listing.rs",
        include_str!("../../runtime/cli/catalog/listing.rs"),
    ),
    (
        "src/runtime/cli/config.rs",
        include_str!("../../runtime/cli/config.rs"),
    ),
    (
        "src/runtime/cli/context.rs",
        include_str!("../../runtime/cli/context.rs"),
    ),
    (
        "src/runtime/cli/context/edit.rs",
        include_str!("../../runtime/cli/context/edit.rs"),
    ),
    (
        "src/runtime/cli/edit.rs",
        include_str!("../../runtime/cli/edit.rs"),
    ),
    (
        "src/runtime/cli/context/access.rs",
        include_str!("../../runtime/cli/context/access.rs"),
    ),
    (
        "src/runtime/cli/context/events.rs",
        include_str!("../../runtime/cli/context/events.rs"),
    ),
    (
        "src/runtime/cli/context/names.rs",
        include_str!("../../runtime/cli/context/names.rs"),
    ),
    (
        "src/runtime/cli/context/pages.rs",
        include_str!("../../runtime/cli/context/pages.rs"),
    ),
    (
        "src/runtime/cli/context/target.rs",
        include_str!("../../runtime/cli/context/target.rs"),
    ),
    (
        "src/runtime/cli/failure.rs",
        include_str!("../../runtime/cli/failure.rs"),
    ),
    (
        "src/runtime/cli/help.rs",
        include_str!("../../runtime/cli/help.rs"),
    ),
    (
        "src/runtime/cli/login.rs",
        include_str!("../../runtime/cli/login.rs"),
    ),
    (
        "src/runtime/cli/names.rs",
        include_str!("../../runtime/cli/names.rs"),
    ),
    (
        "src/runtime/cli/own.rs",
        include_str!("../../runtime/cli/own.rs"),
    ),
    (
        "src/runtime/cli/parsers.rs",
        include_str!("../../runtime/cli/parsers.rs"),
    ),
    (
        "src/runtime/cli/body.rs",
        include_str!("../../runtime/cli/body.rs"),
    ),
    (
        "src/runtime/cli/body/shape.rs",
        include_str!("../../runtime/cli/body/shape.rs"),
    ),
    (
        "src/runtime/cli/body/spec.rs",
        include_str!("../../runtime/cli/body/spec.rs"),
    ),
    (
        "src/runtime/cli/shorthand.rs",
        include_str!("../../runtime/cli/shorthand.rs"),
    ),
    (
        "src/runtime/cli/placeholder.rs",
        include_str!("../../runtime/cli/placeholder.rs"),
    ),
    (
        "src/runtime/cli/program.rs",
        include_str!("../../runtime/cli/program.rs"),
    ),
    (
        "src/runtime/cli/mcp.rs",
        include_str!("../../runtime/cli/mcp.rs"),
    ),
    (
        "src/runtime/cli/mcp/call.rs",
        include_str!("../../runtime/cli/mcp/call.rs"),
    ),
    (
        "src/runtime/cli/mcp/http.rs",
        include_str!("../../runtime/cli/mcp/http.rs"),
    ),
    (
        "src/runtime/cli/mcp/tools.rs",
        include_str!("../../runtime/cli/mcp/tools.rs"),
    ),
    (
        "src/runtime/cli/status.rs",
        include_str!("../../runtime/cli/status.rs"),
    ),
    (
        "src/runtime/cli/status/check.rs",
        include_str!("../../runtime/cli/status/check.rs"),
    ),
    (
        "src/runtime/cli/subcommands.rs",
        include_str!("../../runtime/cli/subcommands.rs"),
    ),
    (
        "src/runtime/cli/usage.rs",
        include_str!("../../runtime/cli/usage.rs"),
    ),
    (
        "src/runtime/client.rs",
        include_str!("../../runtime/client.rs"),
    ),
    (
        "src/runtime/client/builder.rs",
        include_str!("../../runtime/client/builder.rs"),
    ),
    ("src/runtime/curl.rs", include_str!("../../runtime/curl.rs")),
    (
        "src/runtime/events.rs",
        include_str!("../../runtime/events.rs"),
    ),
    (
        "src/runtime/output.rs",
        include_str!("../../runtime/output.rs"),
    ),
    (
        "src/runtime/output/fields.rs",
        include_str!("../../runtime/output/fields.rs"),
    ),
    (
        "src/runtime/output/filter.rs",
        include_str!("../../runtime/output/filter.rs"),
    ),
    (
        "src/runtime/output/sink.rs",
        include_str!("../../runtime/output/sink.rs"),
    ),
    (
        "src/runtime/output/table.rs",
        include_str!("../../runtime/output/table.rs"),
    ),
    (
        "src/runtime/pages.rs",
        include_str!("../../runtime/pages.rs"),
    ),
    (
        "src/runtime/request.rs",
        include_str!("../../runtime/request.rs"),
    ),
    (
        "src/runtime/request/styles.rs",
        include_str!("../../runtime/request/styles.rs"),
    ),
    (
        "src/runtime/response.rs",
        include_str!("../../runtime/response.rs"),
    ),
];

/// The runtime's root module, copied as it is: it includes `values.rs`,
/// which in a generated crate takes `value` from the types crate.
const RUNTIME_MOD: &str = include_str!("../../runtime/mod.rs");

/// `values.rs` as the runtime has it: the `value` module itself.
const RUNTIME_VALUES: &str = include_str!("../../runtime/values.rs");

/// What the types need of the runtime, in the types crate.
const RUNTIME_VALUE: &str = include_str!("../../runtime/value.rs");

/// The types crate's `runtime` module: only `value`.
const TYPES_RUNTIME_MOD: &str = "//! What the types need of the runtime; the rest of the runtime is in the\n//! client crate, which uses this module as its own `runtime::value`.\n\ninclude!(\"values.rs\");\npub use value::{FilePart, ParamValue};\n";

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
    let header = write::header("//", "the codegen runtime");
    let file = |path: &str, source: &str| GeneratedFile {
        path: path.to_string(),
        contents: format!("{header}{source}"),
    };
    files.extend(RUNTIME.iter().map(|(path, source)| file(path, source)));
    files.push(file("src/runtime/mod.rs", RUNTIME_MOD));
    let values = format!(
        "// The types crate's `value` module, the runtime's own in dci.\npub use {}::runtime::value;\n",
        naming::lib_name(&types)
    );
    files.push(file("src/runtime/values.rs", &values));
    files.push(file("types/src/runtime/mod.rs", TYPES_RUNTIME_MOD));
    files.push(file("types/src/runtime/values.rs", RUNTIME_VALUES));
    files.push(file("types/src/runtime/value.rs", RUNTIME_VALUE));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `mod.rs` takes `value` from `values.rs` (which a generated crate
    /// replaces), and declares it nowhere else.
    #[test]
    fn the_runtime_takes_the_value_module_from_values_rs() {
        assert!(RUNTIME_MOD.contains("include!(\"values.rs\");"));
        assert_eq!(
            declared_modules(RUNTIME_MOD)
                .iter()
                .filter(|m| **m == "value")
                .count(),
            0
        );
        assert_eq!(declared_modules(RUNTIME_VALUES), vec!["value"]);
        for (path, source) in RUNTIME {
            assert!(!source.contains("\r\n"), "{path} has CRLF line ends");
        }
    }

    /// The modules a runtime source declares (`mod name;`, any visibility).
    fn declared_modules(source: &str) -> Vec<&str> {
        source
            .lines()
            .filter_map(|line| line.trim().strip_suffix(';'))
            .filter_map(|line| line.split_once("mod ").map(|(_, name)| name))
            .filter(|name| name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .collect()
    }

    /// Every module the runtime declares is copied into a generated crate
    /// at the path rustc looks for it: `src/runtime/cli.rs` declares
    /// `src/runtime/cli/args.rs`, and so on. `value` is the types crate's.
    #[test]
    fn every_declared_runtime_module_is_copied() {
        let mut sources = vec![("src/runtime/mod.rs", RUNTIME_MOD)];
        sources.extend(RUNTIME.iter().copied());
        let paths: Vec<&str> = sources.iter().map(|(path, _)| *path).collect();
        let mut declared = 0;
        for (path, source) in &sources {
            let dir = path
                .strip_suffix("/mod.rs")
                .or_else(|| path.strip_suffix(".rs"))
                .unwrap();
            for module in declared_modules(source) {
                declared += 1;
                let child = format!("{dir}/{module}.rs");
                assert!(paths.contains(&child.as_str()), "{path} declares {child}");
            }
        }
        assert!(declared >= 15, "{declared} modules declared");
        assert!(paths.contains(&"src/runtime/cli/parsers.rs"));
    }

    /// The runtime's modules in the order they may use each other: each
    /// uses only those before it (see `runtime/mod.rs`).
    const LAYERS: &[&str] = &[
        "value", "auth", "request", "pages", "response", "client", "events", "call", "curl",
        "output", "cli",
    ];

    /// No runtime module uses one after it in [`LAYERS`], so that the
    /// runtime has no import cycle (`request` once used `response`, which
    /// used `request`).
    #[test]
    fn runtime_modules_use_only_earlier_layers() {
        let mut sources = vec![("src/runtime/value.rs", RUNTIME_VALUE)];
        sources.extend(RUNTIME.iter().copied());
        for (path, source) in sources {
            let name = path
                .strip_prefix("src/runtime/")
                .and_then(|p| p.split(['/', '.']).next())
                .unwrap();
            let layer = LAYERS.iter().position(|l| *l == name).unwrap();
            for line in source.lines().map(str::trim) {
                let Some(used) = line
                    .strip_prefix("use super::")
                    .or_else(|| line.strip_prefix("pub use super::"))
                else {
                    continue;
                };
                let used = used.strip_prefix("super::").unwrap_or(used);
                let Some(position) = LAYERS.iter().position(|l| {
                    used.starts_with(&format!("{l}::")) || used.starts_with(&format!("{l};"))
                }) else {
                    continue;
                };
                assert!(position < layer, "{path} uses {used}");
            }
        }
    }
}
