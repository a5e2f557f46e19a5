//! Help texts, decided once: `--help` and the reference pages print these
//! same strings.

use super::{BodyKind, Operation, Param};
use crate::text;

/// What the CLI says about a generated idempotency key.
const GENERATED_KEY: &str = "Generated (UUID v4) when omitted.";

/// The help of a `--body` taking JSON (a JSON or form-encoded body).
const JSON_BODY: &str = "Request body as JSON: inline, @file to read a file, or - to read stdin";

/// The help of a `--body` taking text or bytes as they are.
const RAW_BODY: &str = "Request body: inline, @file to read a file, or - to read stdin";

/// The help of `--all`; the runtime's `Pages` carries the same text.
pub const ALL: &str = "Follow page tokens to the last page and print one merged result";

/// The help of the CLI's own `--dry-run`; the runtime's `DryRun` carries the same text.
pub const DRY_RUN: &str =
    "Print the request that would be sent (as --offline does) and send nothing";

/// Fills in the command's and its parameters' help texts.
pub fn fill(op: &mut Operation) {
    let description = op.docs.description.as_deref().map(text::clean);
    let about = match (&op.docs.summary, &description) {
        (Some(summary), _) => text::first_paragraph(summary),
        (None, Some(description)) => text::first_paragraph(description),
        (None, None) => op.operation_id.clone(),
    };
    op.docs.long_about = match description {
        Some(description) if op.docs.summary.is_some() => format!("{about}\n\n{description}"),
        Some(description) => description,
        None => about.clone(),
    };
    op.docs.about = about;
    for param in op.params.iter_mut() {
        fill_param(param);
    }
    if let Some(body) = op.body.as_mut() {
        let (help, value_name) = match &mut body.kind {
            BodyKind::Json(_) | BodyKind::UrlEncoded(_) => (JSON_BODY, "JSON"),
            BodyKind::Text | BodyKind::Bytes => (RAW_BODY, "BODY"),
            BodyKind::Multipart(parts) => {
                parts.iter_mut().for_each(fill_param);
                ("", "")
            }
        };
        body.help = help.to_string();
        body.value_name = value_name.to_string();
    }
}

fn fill_param(param: &mut Param) {
    let doc = param.doc.as_deref().map(text::clean).unwrap_or_default();
    // The first paragraph keeps its line breaks, as clap keeps a doc
    // comment's: then the field's doc comment can carry both texts.
    let mut short = doc.split("\n\n").next().unwrap_or_default().to_string();
    let mut long = doc;
    let mut notes = Vec::new();
    if let Some(default) = &param.default {
        notes.push(format!("[default: {default}]"));
    }
    if param.idempotency_key && param.required {
        notes.push(GENERATED_KEY.to_string());
    }
    for note in notes {
        for text in [&mut short, &mut long] {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&note);
        }
    }
    param.help = short;
    param.long_help = long;
}
