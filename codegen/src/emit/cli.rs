//! `cli.rs`: a clap subcommand per operation, whose arguments are the
//! operation's request struct (made parseable by [`super::args`]), and the
//! dispatch that runs it. The module exists only with the `cli` feature.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{Api, Operation};
use crate::naming::{clap_subcommand_name, ident};
use crate::write::Emitted;

/// `cli.rs`.
pub fn emit(api: &Api) -> Vec<Emitted> {
    vec![Emitted::Rust {
        path: "cli.rs".to_string(),
        tokens: tokens(api),
    }]
}

/// Tokens for the `Command` enum, the argument structs and the dispatch.
fn tokens(api: &Api) -> TokenStream {
    let variants = api.operations.iter().map(command_variant);
    let arms = api.operations.iter().map(dispatch_arm);
    // One match arm per command, so adding a command adds one line.
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
    let groups = groups.iter().map(|g| lit(g));
    let group_arms = api.operations.iter().map(|op| {
        let (command, group) = (lit(&op.names.command), lit(&group_of(op)));
        quote!(#command => Some(#group),)
    });
    let catalog = lit(super::catalog::FILE);
    quote! {
        use super::client::*;
        use crate::runtime;

        /// The catalog of these commands (`commands.json`), which
        /// `commands --json` prints with the tool's own commands and flags.
        pub const CATALOG: &str = include_str!(#catalog);

        /// Command groups (the spec's tags) in the spec's order, for `--help`.
        pub const GROUPS: &[&str] = &[#(#groups),*];

        /// The group of each command.
        pub fn group(command: &str) -> Option<&'static str> {
            match command {
                #(#group_arms)*
                _ => None,
            }
        }

        /// One subcommand per operation; its arguments are the operation's request.
        // Parsed once per process: a large request costs nothing worth boxing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, clap::Subcommand)]
        #[non_exhaustive]
        pub enum Command {
            #(#variants)*
        }

        impl Command {
            /// Runs the command: sends (or prints) its request and prints the outcome.
            pub fn run(self, cli: &runtime::cli::Context) -> runtime::cli::Run<'_> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn command_variant(op: &Operation) -> TokenStream {
    let variant = ident(&op.names.variant_name);
    let request = ident(&op.names.type_name);
    let args = match options_type(op) {
        Some(options) => quote!(runtime::cli::With<#request, runtime::cli::#options>),
        None => quote!(#request),
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
    quote! {
        #attrs
        #variant(#args),
    }
}

/// The runtime's arguments struct for the command's own options, if it has any.
fn options_type(op: &Operation) -> Option<proc_macro2::Ident> {
    match (op.roles.paginated, op.roles.local_dry_run) {
        (true, true) => Some(ident("PagesDryRun")),
        (true, false) => Some(ident("Pages")),
        (false, true) => Some(ident("DryRun")),
        (false, false) => None,
    }
}

fn dispatch_arm(op: &Operation) -> TokenStream {
    let variant = ident(&op.names.variant_name);
    if options_type(op).is_some() {
        quote!(Command::#variant(args) => cli.run_with(args.request, args.options),)
    } else {
        quote!(Command::#variant(request) => cli.run(request),)
    }
}
