//! The clap attributes of a request struct: with the `cli` feature the
//! struct is also its command's arguments (`#[derive(clap::Args)]`); without
//! it the attributes are compiled out, and the client has no clap in it.
//! Every attribute here is wrapped in `#[cfg_attr(feature = "cli", ...)]`.
//!
//! Each is made as text, spelled as its tokens are on one line (string
//! literals as `lit` makes them, `, ` between entries, `0..= 1` as
//! prettyplease writes an inclusive range in an attribute): most fit their
//! line as they are, and `emit::lexed` makes the tokens of those that do not.

use crate::emit::{lit_text, rust_type_text};
use crate::model::{Api, BodyKind, CliValue, Operation, Param, ParamLocation, TypeRef};

/// `#[cfg_attr(feature = "cli", <attr>)]`.
fn cli_only(attr: &str) -> String {
    format!("#[cfg_attr(feature = \"cli\", {attr})]")
}

/// The clap attributes of a request struct, in one `cfg_attr`: the derive
/// that makes it its command's arguments, then its `#[command]`: its doc
/// comment read verbatim as the command's help (the first line as the
/// summary, all of it as the long help), or the help texts themselves when
/// rustdoc would show the doc differently (indented or fenced code) or its
/// first paragraph is not the summary. A required multipart body adds an
/// argument group of its part flags (named `body`, a name no field takes),
/// so that clap refuses the command naming them rather than send nothing.
pub(super) fn command_attrs(op: &Operation) -> String {
    let (about, long_about) = (&op.docs.about, &op.docs.long_about);
    let mut attr = String::from("derive(clap::Args), ");
    if help_as_doc(about, long_about) && crate::text::rustdoc(long_about) == *long_about {
        attr.push_str("command(verbatim_doc_comment)");
    } else {
        let (about, long_about) = (lit_text(about), lit_text(long_about));
        attr.push_str(&format!(
            "command(about = {about}, long_about = {long_about})"
        ));
    }
    if let Some(parts) = op.body.as_ref().and_then(|b| b.parts_needing_one()) {
        let ids: Vec<String> = parts.iter().map(|p| lit_text(&p.field)).collect();
        attr.push_str(&format!(
            ", command(group(clap::ArgGroup::new(\"body\").required(true).multiple(true).args([{}])))",
            ids.join(", ")
        ));
    }
    cli_only(&attr)
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
fn help_attrs(doc: Option<&str>, help: &str, long_help: &str) -> Vec<String> {
    let doc = doc.map(crate::text::rustdoc);
    let from_doc = doc.as_deref().map(clap_doc_help);
    if let Some((short, long)) = &from_doc {
        if short == help && long.as_deref().unwrap_or(help) == long_help {
            return vec!["verbatim_doc_comment".to_string()];
        }
    }
    let mut attrs = Vec::new();
    if !help.is_empty() {
        attrs.push(format!("help = {}", lit_text(help)));
    }
    if long_help != help {
        attrs.push(format!("long_help = {}", lit_text(long_help)));
    } else if from_doc.is_some_and(|(_, long)| long.is_some()) {
        attrs.push("long_help = None".to_string());
    }
    attrs
}

/// The `#[arg]` attribute of a request field: how the command takes it.
pub(super) fn arg_attr(api: &Api, param: &Param) -> String {
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
                attrs.push(format!("value_parser = runtime::cli::max_length::<{max}>"));
            }
        }
        CliValue::Json => {
            let mut parser = String::from("value_parser = runtime::cli::json::<");
            rust_type_text(api, param.ty.non_null(), &mut parser);
            parser.push('>');
            attrs.push(parser);
        }
        CliValue::File => attrs.push("value_parser = runtime::cli::file".to_string()),
        _ => {}
    }
    let value_name = if param.location == ParamLocation::Path {
        lit_text(&param.wire)
    } else {
        lit_text(param.cli.value_type().value_name())
    };
    attrs.push(format!("value_name = {value_name}"));
    // A list in the path is one argument, its values comma-separated: clap
    // allows only the last positional to take several.
    if param.location == ParamLocation::Path && matches!(param.cli, CliValue::List(_)) {
        attrs
            .push("num_args = 1, value_delimiter = ',', action = clap::ArgAction::Set".to_string());
    }
    // A required idempotency key the runtime makes when none is given.
    let required = param.required && !param.idempotency_key;
    let optional_type = !required || matches!(param.ty, TypeRef::Option(_));
    if param.cli == CliValue::Bool {
        attrs.push(
            "num_args = 0..= 1, default_missing_value = \"true\", action = clap::ArgAction::Set"
                .to_string(),
        );
        if required {
            attrs.push("required = true".to_string());
        }
    } else if required && (optional_type || matches!(param.cli, CliValue::List(_))) {
        // clap takes a `Vec` or an `Option` as optional by itself.
        attrs.push("required = true".to_string());
    }
    cli_only(&format!("arg({})", attrs.join(", ")))
}

/// The `#[arg]` attribute of a JSON body field (of type `declared`): the
/// command's `runtime::cli::WithBody` reads `--body`, the field flags and
/// the shorthand, and hands the merged body to the request (`take_body`,
/// which `client.rs` imports).
pub(super) fn json_body_attr(declared: &str) -> String {
    cli_only(&format!("arg(skip = take_body::<{declared}>()?)"))
}

/// The `#[arg]` attribute of a text, bytes or form-encoded body: `--body`,
/// read inline, from a file or from stdin.
pub(super) fn body_attr(api: &Api, op: &Operation, doc: &str) -> Option<String> {
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
                extra.push("required = true");
            }
            if *value == TypeRef::Bool {
                extra.push("action = clap::ArgAction::Set");
            }
            let parses_itself = match value {
                TypeRef::Named(index) => api.type_def(*index).is_some_and(|d| d.body_parser),
                _ => false,
            };
            (!parses_itself).then(|| {
                let mut parser = String::from("value_parser = runtime::cli::json_body::<");
                rust_type_text(api, value, &mut parser);
                parser.push('>');
                parser
            })
        }
        BodyKind::Text => Some("value_parser = runtime::cli::text_body".to_string()),
        BodyKind::Bytes => Some("value_parser = runtime::cli::bytes_body".to_string()),
        BodyKind::Multipart(_) => return None,
    };
    let mut attr = format!(
        "arg(long, help = {}, value_name = {}",
        lit_text(&body.help),
        lit_text(&body.value_name)
    );
    if let Some(parser) = parser {
        attr.push_str(", ");
        attr.push_str(&parser);
    }
    // A doc comment of several paragraphs would be the long help.
    if clap_doc_help(&crate::text::rustdoc(doc)).1.is_some() {
        attr.push_str(", long_help = None");
    }
    for extra in extra {
        attr.push_str(", ");
        attr.push_str(extra);
    }
    attr.push(')');
    Some(cli_only(&attr))
}

/// `long`, or `long = "flag"` when clap would not derive the flag from the field.
fn long_flag(param: &Param) -> String {
    let plain = param.field.split('_').all(|word| {
        !word.is_empty()
            && word.starts_with(|c: char| c.is_ascii_lowercase())
            && word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if plain && param.flag == param.field.replace('_', "-") {
        "long".to_string()
    } else {
        format!("long = {}", lit_text(&param.flag))
    }
}
