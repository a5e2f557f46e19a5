//! `cli.rs`: a clap subcommand per operation, and how its arguments become
//! the operation's request.

use proc_macro2::TokenStream;
use quote::quote;

use super::lit;
use crate::model::{Api, BodyKind, CliValue, Operation, Param, ParamLocation, TypeRef};
use crate::naming::{clap_subcommand_name, ident};

/// Tokens for the `Command` enum, the argument structs and the dispatch.
pub fn emit(api: &Api) -> TokenStream {
    let variants = api.operations.iter().map(command_variant);
    let args = api.operations.iter().map(args_struct);
    let arms = api.operations.iter().map(|op| dispatch_arm(api, op));
    // One match arm per command, so adding a command adds one line.
    let group_of = |op: &Operation| {
        op.tag
            .clone()
            .unwrap_or_else(|| crate::model::UNTAGGED_GROUP.to_string())
    };
    let mut groups: Vec<String> = api
        .tags
        .iter()
        .map(|t| t.name.clone())
        .filter(|name| api.operations.iter().any(|op| group_of(op) == *name))
        .collect();
    if api.operations.iter().any(|op| op.tag.is_none()) {
        groups.push(crate::model::UNTAGGED_GROUP.to_string());
    }
    let groups = groups.iter().map(|g| lit(g));
    let group_arms = api.operations.iter().map(|op| {
        let (command, group) = (lit(&op.command), lit(&group_of(op)));
        quote!(#command => Some(#group),)
    });
    quote! {
        use super::client::*;
        use crate::runtime;

        /// Command groups (the spec's tags) in the spec's order, for `--help`.
        pub const GROUPS: &[&str] = &[#(#groups),*];

        /// The group of each command.
        pub fn group(command: &str) -> Option<&'static str> {
            match command {
                #(#group_arms)*
                _ => None,
            }
        }

        /// One subcommand per operation.
        #[derive(Debug, clap::Subcommand)]
        pub enum Command {
            #(#variants)*
        }

        impl Command {
            /// Builds the operation's request from the arguments; the result runs it.
            pub fn run(self, cli: &runtime::cli::Context) -> Result<runtime::cli::Run<'_>, runtime::cli::Failure> {
                let run = match self {
                    #(#arms)*
                };
                Ok(run)
            }
        }

        #(#args)*
    }
}

fn command_variant(op: &Operation) -> TokenStream {
    let variant = ident(&op.variant_name);
    let args = ident(&op.args_name);
    let mut attrs = Vec::new();
    // clap names a variant `ListAlerts` `list-alerts` by itself.
    if clap_subcommand_name(&op.variant_name) != op.command {
        let name = lit(&op.command);
        attrs.push(quote!(name = #name));
    }
    let (about, long_about) = (&op.about, &op.long_about);
    let docs = if help_as_doc(about, long_about) {
        attrs.push(quote!(verbatim_doc_comment));
        let lines = long_about.lines().map(|line| {
            let line = lit(&format!(" {line}"));
            quote!(#[doc = #line])
        });
        quote!(#(#lines)*)
    } else {
        let (about, long_about) = (lit(about), lit(long_about));
        attrs.push(quote!(about = #about, long_about = #long_about));
        TokenStream::new()
    };
    if !op.aliases.is_empty() {
        let aliases = op.aliases.iter().map(|a| lit(a));
        attrs.push(quote!(visible_aliases = [#(#aliases),*]));
    }
    quote! {
        #docs
        #[command(#(#attrs),*)]
        #variant(#args),
    }
}

/// Whether a command's help reads as its doc comment, which clap takes
/// verbatim (the first line as the summary, all of it as the long help):
/// a one-line summary, few lines in all, and nothing rustdoc would run or
/// render differently (indented or fenced code).
fn help_as_doc(about: &str, long_about: &str) -> bool {
    let paragraphs = long_about == about
        || long_about
            .strip_prefix(about)
            .is_some_and(|rest| rest.starts_with("\n\n"));
    let plain = long_about
        .lines()
        .all(|line| !line.starts_with(char::is_whitespace) && !line.ends_with(char::is_whitespace))
        && !long_about.contains("```")
        && !long_about.contains("~~~");
    !about.is_empty()
        && !about.contains('\n')
        && paragraphs
        && plain
        && long_about.lines().count() <= 4
}

/// The field type clap parses a value into.
fn value_type(value: &CliValue) -> TokenStream {
    match value {
        CliValue::Bool => quote!(bool),
        CliValue::Scalar(ty) => match ty {
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F32 => quote!(f32),
            TypeRef::F64 => quote!(f64),
            _ => quote!(String),
        },
        CliValue::Enum { .. } | CliValue::Json => quote!(String),
        CliValue::File => quote!(std::path::PathBuf),
        CliValue::List(inner) => {
            let inner = value_type(inner);
            quote!(Vec<#inner>)
        }
    }
}

fn value_name(value: &CliValue) -> &'static str {
    match value {
        CliValue::Bool => "BOOL",
        CliValue::Scalar(TypeRef::I32 | TypeRef::I64) => "INTEGER",
        CliValue::Scalar(TypeRef::F32 | TypeRef::F64) => "NUMBER",
        CliValue::Scalar(_) | CliValue::Enum { .. } => "STRING",
        CliValue::Json => "JSON",
        CliValue::File => "PATH",
        CliValue::List(inner) => value_name(inner),
    }
}

fn arg_field(param: &Param) -> TokenStream {
    let field = ident(&param.field);
    let (help, long_help) = (&param.help, &param.long_help);
    let value = value_type(&param.cli);
    let mut attrs = Vec::new();
    // A one-line help reads best as the field's doc comment, which clap
    // takes verbatim; anything longer goes in attributes.
    let as_doc = !help.is_empty() && long_help == help && !help.contains(['\n', '`']);
    let docs = if as_doc {
        let line = lit(&format!(" {help}"));
        attrs.push(quote!(verbatim_doc_comment));
        quote!(#[doc = #line])
    } else {
        if !help.is_empty() {
            let help = lit(help);
            attrs.push(quote!(help = #help));
        }
        if long_help != help {
            let long_help = lit(long_help);
            attrs.push(quote!(long_help = #long_help));
        }
        TokenStream::new()
    };
    let possible = param.cli.possible_values();
    if let (Some(max), CliValue::Scalar(TypeRef::String)) = (param.max_length, &param.cli) {
        let max = proc_macro2::Literal::usize_unsuffixed(max);
        attrs.push(quote!(value_parser = runtime::cli::max_length::<#max>));
    }
    if let Some(values) = possible {
        let values = values.iter().map(|v| lit(v));
        attrs.push(quote!(value_parser = [#(#values),*]));
    }
    if param.location == ParamLocation::Path {
        let name = lit(&param.wire);
        attrs.push(quote!(value_name = #name));
        return quote!(#docs #[arg(#(#attrs),*)] pub #field: #value,);
    }
    let value_name = lit(value_name(&param.cli));
    attrs.insert(0, long_flag(param));
    attrs.push(quote!(value_name = #value_name));
    let required = param.required && !param.idempotency_key;
    let ty = match &param.cli {
        CliValue::List(_) => {
            if required {
                attrs.push(quote!(required = true));
            }
            value
        }
        CliValue::Bool => {
            attrs.push(quote!(
                num_args = 0..=1,
                default_missing_value = "true",
                action = clap::ArgAction::Set
            ));
            if required {
                attrs.push(quote!(required = true));
                value
            } else {
                quote!(Option<#value>)
            }
        }
        _ if required => value,
        _ => quote!(Option<#value>),
    };
    quote!(#docs #[arg(#(#attrs),*)] pub #field: #ty,)
}

/// `long`, or `long = "flag"` when clap would not derive the flag from the field.
fn long_flag(param: &Param) -> TokenStream {
    let plain = param.field.split('_').all(|word| {
        !word.is_empty()
            && word.starts_with(|c: char| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if plain && param.flag == param.field.replace('_', "-") {
        quote!(long)
    } else {
        let flag = lit(&param.flag);
        quote!(long = #flag)
    }
}

fn args_struct(op: &Operation) -> TokenStream {
    let name = ident(&op.args_name);
    let docs = lit(&format!(" Arguments of `{}`.", op.command));
    let mut fields: Vec<TokenStream> = super::client::request_fields(op)
        .into_iter()
        .map(arg_field)
        .collect();
    if let Some(body) = &op.body {
        if !matches!(body.kind, BodyKind::Multipart(_)) {
            let json = matches!(body.kind, BodyKind::Json(_) | BodyKind::UrlEncoded(_));
            let what = if json {
                "Request body as JSON"
            } else {
                "Request body"
            };
            let help = lit(&format!(
                "{what}: inline, @file to read a file, or - to read stdin"
            ));
            let value_name = lit(if json { "JSON" } else { "BODY" });
            let required = body.required.then(|| quote!(required = true,));
            fields.push(quote! {
                #[arg(long = "body", #required value_name = #value_name, help = #help)]
                pub body: Option<String>,
            });
        }
    }
    if let Some(options) = options_type(op) {
        fields.push(quote! {
            #[command(flatten)]
            pub options: runtime::cli::#options,
        });
    }
    quote! {
        #[doc = #docs]
        #[derive(Debug, clap::Args)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// The conversion of one argument to the request struct's field.
fn convert(param: &Param) -> TokenStream {
    let field = ident(&param.field);
    let flag = lit(&format!("--{}", param.flag));
    let required = param.required || param.location == ParamLocation::Path;
    let value = quote!(args.#field);
    if param.idempotency_key && required {
        return quote!(#value.unwrap_or_else(runtime::cli::idempotency_key));
    }
    match (&param.cli, required) {
        (CliValue::Enum { .. }, true) => quote!(From::from(#value)),
        (CliValue::Enum { .. }, false) => quote!(#value.map(From::from)),
        (CliValue::Json, true) => quote!(cli.json_arg(&#value, #flag)?),
        (CliValue::Json, false) => {
            quote!(#value.as_deref().map(|v| cli.json_arg(v, #flag)).transpose()?)
        }
        (CliValue::File, true) => quote!(cli.file_arg(&#value, #flag)?),
        (CliValue::File, false) => {
            quote!(#value.as_deref().map(|v| cli.file_arg(v, #flag)).transpose()?)
        }
        (CliValue::List(inner), required) => {
            let converted = matches!(inner.as_ref(), CliValue::Enum { .. });
            match (converted, required) {
                (true, true) => quote!(#value.into_iter().map(From::from).collect()),
                (true, false) => {
                    quote!((!#value.is_empty()).then(|| #value.into_iter().map(From::from).collect()))
                }
                (false, true) => value,
                (false, false) => quote!((!#value.is_empty()).then_some(#value)),
            }
        }
        _ => value,
    }
}

/// The runtime's arguments struct for the command's own options, if it has any.
fn options_type(op: &Operation) -> Option<proc_macro2::Ident> {
    match (op.paginated, op.local_dry_run) {
        (true, true) => Some(ident("PagesDryRun")),
        (true, false) => Some(ident("Pages")),
        (false, true) => Some(ident("DryRun")),
        (false, false) => None,
    }
}

fn dispatch_arm(api: &Api, op: &Operation) -> TokenStream {
    let variant = ident(&op.variant_name);
    let name = ident(&op.type_name);
    let fields = super::client::request_fields(op).into_iter().map(|p| {
        let field = ident(&p.field);
        let value = convert(p);
        quote!(#field: #value,)
    });
    let body = super::client::body_type(api, op).and_then(|_| {
        let body = op.body.as_ref()?;
        let call = match &body.kind {
            BodyKind::Json(_) | BodyKind::UrlEncoded(_) => quote!(cli.json_body),
            BodyKind::Text => quote!(cli.text_body),
            BodyKind::Bytes => quote!(cli.bytes_body),
            BodyKind::Multipart(_) => return None,
        };
        Some(if body.required {
            quote!(body: #call(args.body.as_deref())?.ok_or_else(runtime::cli::missing_body)?,)
        } else {
            quote!(body: #call(args.body.as_deref())?,)
        })
    });
    let fields: Vec<TokenStream> = fields.collect();
    let has_options = options_type(op).is_some();
    let uses_args = !fields.is_empty() || body.is_some() || has_options;
    let binding = if uses_args { quote!(args) } else { quote!(_) };
    let request = quote!(#name { #(#fields)* #body });
    if has_options {
        quote!(Command::#variant(#binding) => cli.run_with(#request, args.options),)
    } else {
        quote!(Command::#variant(#binding) => cli.run(#request),)
    }
}
