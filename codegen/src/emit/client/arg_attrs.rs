//! The clap attributes of a request struct: with the `cli` feature the
//! struct is also its command's arguments (`#[derive(clap::Args)]`); without
//! it the attributes are compiled out, and the client has no clap in it.
//! Every attribute here is wrapped in `#[cfg_attr(feature = "cli", ...)]`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::lit;
use crate::model::{Api, BodyKind, CliValue, Operation, Param, ParamLocation, TypeRef};

/// `#[cfg_attr(feature = "cli", <attr>)]`.
fn cli_only(attr: TokenStream) -> TokenStream {
    quote!(#[cfg_attr(feature = "cli", #attr)])
}

/// The clap attributes of a request struct, in one `cfg_attr`: the derive
/// that makes it its command's arguments, then its `#[command]`: its doc
/// comment read verbatim as the command's help (the first line as the
/// summary, all of it as the long help), or the help texts themselves when
/// rustdoc would show the doc differently (indented or fenced code) or its
/// first paragraph is not the summary. A required multipart body adds an
/// argument group of its part flags (named `body`, a name no field takes),
/// so that clap refuses the command naming them rather than send nothing.
pub(super) fn command_attrs(op: &Operation) -> TokenStream {
    let (about, long_about) = (&op.docs.about, &op.docs.long_about);
    let help = if help_as_doc(about, long_about) && crate::text::rustdoc(long_about) == *long_about
    {
        quote!(command(verbatim_doc_comment))
    } else {
        let (about, long_about) = (lit(about), lit(long_about));
        quote!(command(about = #about, long_about = #long_about))
    };
    let parts = op
        .body
        .as_ref()
        .and_then(|b| b.parts_needing_one())
        .map(|parts| {
            let ids = parts.iter().map(|p| lit(&p.field));
            quote!(, command(group(
                clap::ArgGroup::new("body").required(true).multiple(true).args([#(#ids),*])
            )))
        });
    cli_only(quote!(derive(clap::Args), #help #parts))
}

/// Whether a command's help reads as its doc comment: a one-line summary,
/// then paragraphs, and nothing rustdoc would run or render differently.
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
    !about.is_empty() && !about.contains('\n') && paragraphs && plain
}

/// What clap makes of a doc comment it reads verbatim: the first paragraph
/// as the help, and all of it as the long help when there is more than one.
fn clap_doc_help(doc: &str) -> (String, Option<String>) {
    let lines: Vec<&str> = doc.lines().collect();
    match lines.iter().position(|line| line.trim().is_empty()) {
        Some(blank) => (lines[..blank].join("\n"), Some(lines.join("\n"))),
        None => (lines.join("\n"), None),
    }
}

/// The help attributes of a field documented by `doc` (as rustdoc shows
/// it): none when clap reads the same help from the doc comment, else the
/// texts themselves.
fn help_attrs(doc: Option<&str>, help: &str, long_help: &str) -> Vec<TokenStream> {
    let doc = doc.map(crate::text::rustdoc);
    let from_doc = doc.as_deref().map(clap_doc_help);
    if let Some((short, long)) = &from_doc {
        if short == help && long.as_deref().unwrap_or(help) == long_help {
            return vec![quote!(verbatim_doc_comment)];
        }
    }
    let mut attrs = Vec::new();
    if !help.is_empty() {
        let help = lit(help);
        attrs.push(quote!(help = #help));
    }
    if long_help != help {
        let long_help = lit(long_help);
        attrs.push(quote!(long_help = #long_help));
    } else if from_doc.is_some_and(|(_, long)| long.is_some()) {
        attrs.push(quote!(long_help = None));
    }
    attrs
}

/// The `#[arg]` attribute of a request field: how the command takes it.
pub(super) fn arg_attr(api: &Api, param: &Param) -> TokenStream {
    let mut attrs = Vec::new();
    if param.location != ParamLocation::Path {
        attrs.push(long_flag(param));
    }
    attrs.extend(help_attrs(
        param.doc_comment(),
        &param.help,
        &param.long_help,
    ));
    let item = match &param.cli {
        CliValue::List(inner) => inner.as_ref(),
        other => other,
    };
    match item {
        CliValue::Scalar(TypeRef::String) => {
            if let Some(max) = param.max_length {
                let max = proc_macro2::Literal::usize_unsuffixed(max);
                attrs.push(quote!(value_parser = runtime::cli::max_length::<#max>));
            }
        }
        CliValue::Json => {
            let ty = crate::emit::rust_type(api, param.ty.non_null());
            attrs.push(quote!(value_parser = runtime::cli::json::<#ty>));
        }
        CliValue::File => attrs.push(quote!(value_parser = runtime::cli::file)),
        _ => {}
    }
    let value_name = if param.location == ParamLocation::Path {
        lit(&param.wire)
    } else {
        lit(param.cli.value_type().value_name())
    };
    attrs.push(quote!(value_name = #value_name));
    // A list in the path is one argument, its values comma-separated: clap
    // allows only the last positional to take several.
    if param.location == ParamLocation::Path && matches!(param.cli, CliValue::List(_)) {
        attrs.push(quote!(
            num_args = 1,
            value_delimiter = ',',
            action = clap::ArgAction::Set
        ));
    }
    // A required idempotency key the runtime makes when none is given.
    let required = param.required && !param.idempotency_key;
    let optional_type = !required || matches!(param.ty, TypeRef::Option(_));
    if param.cli == CliValue::Bool {
        attrs.push(quote!(
            num_args = 0..=1,
            default_missing_value = "true",
            action = clap::ArgAction::Set
        ));
        if required {
            attrs.push(quote!(required = true));
        }
    } else if required && (optional_type || matches!(param.cli, CliValue::List(_))) {
        // clap takes a `Vec` or an `Option` as optional by itself.
        attrs.push(quote!(required = true));
    }
    cli_only(quote!(arg(#(#attrs),*)))
}

/// The `#[arg]` attribute of a JSON body field (of type `declared`): the
/// command's `runtime::cli::WithBody` reads `--body`, the field flags and
/// the shorthand, and hands the merged body to the request (`take_body`,
/// which `client.rs` imports).
pub(super) fn json_body_attr(declared: &TokenStream) -> TokenStream {
    cli_only(quote!(arg(skip = take_body::<#declared>()?)))
}

/// The `#[arg]` attribute of a text, bytes or form-encoded body: `--body`,
/// read inline, from a file or from stdin.
pub(super) fn body_attr(api: &Api, op: &Operation, doc: &str) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let mut extra = Vec::new();
    let parser = match &body.kind {
        _ if body.merged => return None,
        BodyKind::Json(_) => return None,
        BodyKind::UrlEncoded(ty) => {
            let value = ty.non_null();
            // A nullable body's field is an `Option`, and a boolean one a
            // switch to clap, unless told otherwise.
            if body.required && (matches!(ty, TypeRef::Option(_)) || *value == TypeRef::Bool) {
                extra.push(quote!(required = true));
            }
            if *value == TypeRef::Bool {
                extra.push(quote!(action = clap::ArgAction::Set));
            }
            let ty = crate::emit::rust_type(api, value);
            let parses_itself = match value {
                TypeRef::Named(index) => api.type_def(*index).is_some_and(|d| d.body_parser),
                _ => false,
            };
            (!parses_itself).then(|| quote!(value_parser = runtime::cli::json_body::<#ty>))
        }
        BodyKind::Text => Some(quote!(value_parser = runtime::cli::text_body)),
        BodyKind::Bytes => Some(quote!(value_parser = runtime::cli::bytes_body)),
        BodyKind::Multipart(_) => return None,
    };
    let (help, value_name) = (lit(&body.help), lit(&body.value_name));
    let parser = parser.map(|p| quote!(, #p));
    // A doc comment of several paragraphs would be the long help.
    let long_help = clap_doc_help(&crate::text::rustdoc(doc))
        .1
        .is_some()
        .then(|| quote!(, long_help = None));
    let extra = extra.iter().map(|e| quote!(, #e));
    Some(cli_only(
        quote!(arg(long, help = #help, value_name = #value_name #parser #long_help #(#extra)*)),
    ))
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
