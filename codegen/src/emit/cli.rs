//! `cli.rs`: a clap subcommand per operation, whose arguments are the
//! operation's request struct (made parseable by [`super::args`]), and the
//! dispatch that runs it. The module exists only with the `cli` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{Api, BodyKind, Operation, TypeRef};
use crate::naming::{clap_subcommand_name, ident};
use crate::write::preformatted::item;
use crate::write::Emitted;

mod formatted;

/// One variant of a `Command` enum: its attributes, its name and the type
/// of what it holds.
struct Variant {
    attrs: TokenStream,
    name: proc_macro2::Ident,
    holds: TokenStream,
}

/// One arm of a `match`: its attributes, its pattern and its value.
#[derive(Clone)]
struct Arm {
    attrs: TokenStream,
    pattern: TokenStream,
    value: TokenStream,
}

impl Variant {
    fn tokens(&self) -> TokenStream {
        let Variant { attrs, name, holds } = self;
        quote!(#attrs #name(#holds),)
    }
}

impl Arm {
    fn tokens(&self) -> TokenStream {
        let Arm {
            attrs,
            pattern,
            value,
        } = self;
        quote!(#attrs #pattern => #value,)
    }
}

/// The doc of a tag's `Command` enum.
const TAG_DOC: &str = "This tag's commands, one per operation.";

/// The doc of the crate's `Command` enum.
const DOC: &str = "One subcommand per operation; its arguments (and help) are the\noperation's request, made only when the command is parsed or shown.";

/// The doc of `Command::run`.
const RUN_DOC: &str = "Runs the command: sends (or prints) its request and prints the outcome.";

/// `pub enum Command { .. }` with its doc and derives, preformatted where
/// it can be.
fn command_enum(doc: &'static str, variants: &[Variant]) -> TokenStream {
    item(formatted::command_enum(doc, variants), || {
        let doc = super::doc(Some(doc));
        let variants = variants.iter().map(Variant::tokens);
        quote! {
            #doc
            #[allow(clippy::large_enum_variant)]
            #[derive(Debug, clap::Subcommand)]
            #[command(defer = true)]
            #[non_exhaustive]
            pub enum Command {
                #(#variants)*
            }
        }
    })
}

/// `impl Command { pub fn run(..) { match self { .. } } }`, `attrs` on
/// `run`, preformatted where it can be.
fn run_impl(attrs: &TokenStream, arms: &[Arm]) -> TokenStream {
    item(formatted::run_impl(RUN_DOC, attrs, arms), || {
        let doc = super::doc(Some(RUN_DOC));
        let arms = arms.iter().map(Arm::tokens);
        quote! {
            impl Command {
                #doc
                #attrs
                pub fn run(self, cli: &runtime::cli::Context) -> runtime::cli::Run<'_> {
                    match self {
                        #(#arms)*
                    }
                }
            }
        }
    })
}

/// `cli.rs`.
/// In a crate with a feature per tag, each tag's commands are a module of
/// their own (`cli/<feature>.rs`), flattened into `Command`: a slice never
/// reads, let alone expands, the others.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    // Made when taken.
    let shared = std::iter::once_with(|| Emitted::rust("cli.rs".to_string(), tokens(api)));
    let modules = api.features.iter().map(move |feature| {
        Emitted::rust(
            format!("cli/{}.rs", feature.module),
            feature_module(api, &feature.name),
        )
    });
    Box::new(shared.chain(modules))
}

/// The commands of `ops`: the enum's variants and the dispatch's arms.
fn commands<'a>(
    api: &Api,
    ops: impl Iterator<Item = &'a Operation> + Clone,
) -> (Vec<Variant>, Vec<Arm>) {
    let variants = ops.clone().map(|op| command_variant(api, op));
    let arms = ops.map(|op| dispatch_arm(api, op));
    (variants.collect(), arms.collect())
}

/// One tag's commands, which `cli.rs` compiles with the tag's feature.
fn feature_module(api: &Api, feature: &str) -> TokenStream {
    let ops = api
        .operations
        .iter()
        .filter(move |op| op.gate.is_only(feature));
    let (variants, arms) = commands(api, ops);
    let command = command_enum(TAG_DOC, &variants);
    let run = run_impl(&quote!(), &arms);
    let imports = super::tag_module_imports();
    quote! {
        #imports

        #command

        #run
    }
}

/// With a feature per tag: `Command`'s variant per tag, flattening the
/// tag's own enum, and the arms running it; then the modules.
fn tag_commands(api: &Api) -> (Vec<Variant>, Vec<Arm>, TokenStream) {
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut modules = Vec::new();
    for feature in &api.features {
        let cfg = lit(&feature.name);
        let module = ident(&feature.module);
        let variant = ident(&feature.variant);
        variants.push(Variant {
            attrs: quote!(#[cfg(feature = #cfg)] #[command(flatten)]),
            name: variant.clone(),
            holds: quote!(#module::Command),
        });
        arms.push(Arm {
            attrs: quote!(#[cfg(feature = #cfg)]),
            pattern: quote!(Command::#variant(command)),
            value: quote!(command.run(cli)),
        });
        let text = [
            format!("#[cfg(feature = {cfg})]"),
            format!("pub mod {module};"),
        ];
        modules.push(crate::write::preformatted::item(
            super::lines_text(&text),
            || {
                quote! {
                    #[cfg(feature = #cfg)]
                    pub mod #module;
                }
            },
        ));
    }
    (variants, arms, quote!(#(#modules)*))
}

/// Tokens for the `Command` enum, the argument structs and the dispatch.
fn tokens(api: &Api) -> TokenStream {
    let (variants, arms, modules) = if api.features.is_empty() {
        let (variants, arms) = commands(api, api.operations.iter());
        (variants, arms, quote!())
    } else {
        tag_commands(api)
    };
    // A slice of the tags' features may use none of the requests.
    let sliced = super::allow_in_slices(api, "unused_imports");
    let sliced_run = super::allow_in_slices(api, "unused_variables");
    // Parsed once per process: a large request costs nothing worth boxing.
    let command = command_enum(DOC, &variants);
    let run = run_impl(&quote!(#sliced_run), &arms);
    let (groups, group) = group_tokens(api);
    let catalog = lit(super::catalog::FILE);
    let tools = lit(super::tools::FILE);
    let with_body = with_body(api);
    let key_check = key_check(api);
    quote! {
        #sliced
        use super::client::*;
        use crate::runtime;
        #with_body

        /// The catalog of these commands (`commands.json`), which
        /// `commands --json` prints with the tool's own commands and flags.
        pub const CATALOG: &str = include_str!(#catalog);

        /// Each command as an MCP tool (`tools.json`), which `mcp` serves.
        pub const TOOLS: &str = include_str!(#tools);

        #key_check

        /// Command groups (the spec's tags) in the spec's order, for `--help`.
        pub const GROUPS: &[&str] = &[#(#groups),*];

        #group

        #command

        #run

        #modules
    }
}

/// The groups (the spec's tags that have commands, in its order), and
/// `fn group` with one match arm per command naming its group, so adding a
/// command adds one line.
fn group_tokens(api: &Api) -> (Vec<proc_macro2::Literal>, TokenStream) {
    let group_of = |op: &Operation| {
        op.docs
            .tag
            .clone()
            .unwrap_or_else(|| crate::naming::UNTAGGED_GROUP.to_string())
    };
    let mut groups: Vec<String> = api
        .tags
        .iter()
        .map(|t| t.name.clone())
        .filter(|name| api.operations.iter().any(|op| group_of(op) == *name))
        .collect();
    if api.operations.iter().any(|op| op.docs.tag.is_none()) {
        groups.push(crate::naming::UNTAGGED_GROUP.to_string());
    }
    let groups = groups.iter().map(|g| lit(g)).collect();
    let mut arms: Vec<Arm> = api
        .operations
        .iter()
        .map(|op| {
            let (command, group) = (lit(&op.names.command), lit(&group_of(op)));
            Arm {
                attrs: super::op_cfg(op).unwrap_or_default(),
                pattern: quote!(#command),
                value: quote!(Some(#group)),
            }
        })
        .collect();
    arms.push(Arm {
        attrs: quote!(),
        pattern: quote!(_),
        value: quote!(None),
    });
    let group = item(formatted::group_fn(&arms), || {
        let arms = arms.iter().map(Arm::tokens);
        quote! {
            /// The group of each command.
            pub fn group(command: &str) -> Option<&'static str> {
                match command {
                    #(#arms)*
                }
            }
        }
    });
    (groups, group)
}

/// The `WithBody` of this crate's commands with a JSON body, which finds
/// their flags in the catalog; only a crate with JSON bodies has it.
fn with_body(api: &Api) -> Option<TokenStream> {
    // A slice of the tags' features may have no such command.
    let sliced = super::allow_in_slices(api, "dead_code");
    api.operations
        .iter()
        .any(|op| json_body(api, op).is_some())
        .then(|| {
            quote! {
                // A body may be of no named type (`serde_json::Value`).
                #[allow(unused_imports)]
                use super::types::*;

                /// A command whose request has a JSON body: its arguments, the body's
                /// flags and shorthand (read from [`CATALOG`]), and the runtime's options.
                #sliced
                type WithBody<R, B, X = runtime::cli::NoOptions> =
                    runtime::cli::WithBody<R, B, X, Command>;

                impl runtime::cli::CatalogText for Command {
                    const TEXT: &'static str = CATALOG;
                }
            }
        })
}

fn command_variant(api: &Api, op: &Operation) -> Variant {
    let variant = ident(&op.names.variant_name);
    let request = ident(&op.names.type_name);
    let options = options_type(op);
    let args = match (json_body(api, op), &options) {
        (Some(body), Some(options)) => quote!(WithBody<#request, #body, runtime::cli::#options>),
        (Some(body), None) => quote!(WithBody<#request, #body>),
        (None, Some(options)) => quote!(runtime::cli::With<#request, runtime::cli::#options>),
        (None, None) => quote!(#request),
    };
    let mut attrs = Vec::new();
    // clap names a variant `ListAlerts` `list-alerts` by itself.
    if clap_subcommand_name(&op.names.variant_name) != op.names.command {
        let name = lit(&op.names.command);
        attrs.push(quote!(name = #name));
    }
    if !op.names.aliases.is_empty() {
        let aliases = op.names.aliases.iter().map(|a| lit(a));
        attrs.push(quote!(visible_aliases = [#(#aliases),*]));
    }
    let attrs = (!attrs.is_empty()).then(|| quote!(#[command(#(#attrs),*)]));
    Variant {
        attrs: attrs.unwrap_or_default(),
        name: variant,
        holds: args,
    }
}

/// The type of a JSON body as the request holds it, which the command's
/// `WithBody` merges from `--body`, shorthand and field flags.
fn json_body(api: &Api, op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref().filter(|b| b.merged)?;
    let (BodyKind::Json(ty) | BodyKind::UrlEncoded(ty)) = &body.kind else {
        return None;
    };
    let inner = super::rust_type(api, ty.non_null());
    let optional = !body.required || matches!(ty, TypeRef::Option(_));
    Some(if optional {
        quote!(Option<#inner>)
    } else {
        inner
    })
}

/// The runtime's arguments struct for the command's own options, if it has any.
fn options_type(op: &Operation) -> Option<proc_macro2::Ident> {
    match (op.paginated(), op.roles.local_dry_run) {
        (true, true) => Some(super::fixed("PagesDryRun")),
        (true, false) => Some(super::fixed("Pages")),
        (false, true) => Some(super::fixed("DryRun")),
        (false, false) => None,
    }
}

fn dispatch_arm(api: &Api, op: &Operation) -> Arm {
    let variant = ident(&op.names.variant_name);
    let (pattern, value) = if options_type(op).is_some() || json_body(api, op).is_some() {
        (
            quote!(Command::#variant(args)),
            quote!(cli.run_with(args.request, args.options)),
        )
    } else {
        (quote!(Command::#variant(request)), quote!(cli.run(request)))
    };
    Arm {
        attrs: quote!(),
        pattern,
        value,
    }
}

/// `KEY_CHECK`: the command `status --check` runs, where the model chose one.
fn key_check(api: &Api) -> TokenStream {
    let doc = quote! {
        /// The command `status --check` sends to learn whether the
        /// credential is accepted.
    };
    let Some(op) = api.key_check.and_then(|i| api.operations.get(i)) else {
        return quote!(#doc pub const KEY_CHECK: Option<runtime::cli::KeyCheck> = None;);
    };
    let (ty, command) = (ident(&op.names.type_name), lit(&op.names.command));
    let some = quote!(Some(runtime::cli::KeyCheck::of::<#ty>(#command)));
    match super::cfg_predicate(&op.gate) {
        Some(predicate) => quote! {
            #doc
            #[cfg(#predicate)]
            pub const KEY_CHECK: Option<runtime::cli::KeyCheck> = #some;
            #doc
            #[cfg(not(#predicate))]
            pub const KEY_CHECK: Option<runtime::cli::KeyCheck> = None;
        },
        None => quote!(#doc pub const KEY_CHECK: Option<runtime::cli::KeyCheck> = #some;),
    }
}
