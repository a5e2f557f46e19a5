//! Help texts, decided once: `--help` and the reference pages print these
//! same strings.

use super::BodyKind;
use crate::text;

/// The note of what the spec marks `deprecated` (a command's one line and
/// a flag's help end with it).
pub const DEPRECATED: &str = "[deprecated]";

/// What the CLI says about a generated idempotency key.
const GENERATED_KEY: &str = "Generated (UUID v4) when omitted.";

/// The help of a `--body` taking a JSON body, which shorthand and field
/// flags complete.
const JSON_BODY: &str = "Request body as JSON: inline, @file to read a file, or - to read stdin; FIELD:VALUE arguments, then field flags, are merged over it";

/// The help of a `--body` taking a form-encoded body, written as JSON.
const FORM_BODY: &str = "Request body as JSON: inline, @file to read a file, or - to read stdin";

/// The help of `--raw`, on commands with a JSON body.
pub const RAW: &str = "Send the body as written, unchecked: for when the spec is wrong (a field it does not allow, a required field the API does not need)";

/// The help of the shorthand arguments of a JSON body, and their value name.
pub const SHORTHAND: &str = "Body fields: name:x, a.b.c:1 (nested), tags[]:x (appended), name:\"a, b\" (quoted), f:@file.json (read from a file); typed by the spec (a string where it says string)";
pub const SHORTHAND_NAME: &str = "FIELD:VALUE";

/// The help of a `--body` taking text or bytes as they are.
const RAW_BODY: &str = "Request body: inline, @file to read a file, or - to read stdin";

/// The help of `--all`; the runtime's `Pages` carries the same text.
pub const ALL: &str =
    "Follow the pages to the last one and print one merged result (-o jsonl: each page as it arrives)";

/// The help of `--max-pages`; the runtime's `Pages` carries the same text.
pub const MAX_PAGES: &str = "With --all, fetch at most this many pages [default: 10000]";

/// The help of `--max-items`; the runtime's `Pages` carries the same text.
pub const MAX_ITEMS: &str = "With --all, stop after this many items";

/// What the help of a destructive command of `program` says after its flags.
fn destructive(program: &str) -> String {
    let env = crate::naming::crate_names(program).env;
    format!(
        "Destructive: it cannot be undone, and asks before it runs; --yes (or {}=1) skips the question.",
        env.confirm_destructive
    )
}

/// The help of the CLI's own `--dry-run`; the runtime's `DryRun` carries the same text.
pub const DRY_RUN: &str =
    "Print the request that would be sent (as --offline does) and send nothing";

/// The command's one line (`-h`, command lists) and full help (`--help`,
/// the reference page): the summary, then the description.
pub(super) fn about(
    operation_id: &str,
    summary: Option<&str>,
    description: Option<&str>,
) -> (String, String) {
    let description = description.map(text::clean);
    let about = match (summary, &description) {
        (Some(summary), _) => text::first_paragraph(summary),
        (None, Some(description)) => text::first_paragraph(description),
        (None, None) => operation_id.to_string(),
    };
    let long_about = match description {
        Some(description) if summary.is_some() => format!("{about}\n\n{description}"),
        Some(description) => description,
        None => about.clone(),
    };
    (about, long_about)
}

/// The help and value name of `--body` (none for a multipart body, whose
/// parts are flags of their own).
pub(super) fn body(kind: &BodyKind, merged: bool) -> (&'static str, &'static str) {
    match kind {
        _ if merged => (JSON_BODY, "JSON"),
        BodyKind::Json(_) => (JSON_BODY, "JSON"),
        BodyKind::UrlEncoded(_) => (FORM_BODY, "JSON"),
        BodyKind::Text | BodyKind::Bytes => (RAW_BODY, "BODY"),
        BodyKind::Multipart(_) => ("", ""),
    }
}

/// A parameter's one-line help (`-h`) and full help (`--help`, the
/// reference page), each with the notes: its default, and whether the CLI
/// makes it up (a required idempotency key).
pub(super) fn param(
    doc: Option<&str>,
    default: Option<&str>,
    generated_key: bool,
    deprecated: bool,
) -> (String, String) {
    let doc = doc.map(text::clean).unwrap_or_default();
    // The first paragraph keeps its line breaks, as clap keeps a doc
    // comment's: then the field's doc comment can carry both texts.
    let mut short = doc.split("\n\n").next().unwrap_or_default().to_string();
    let mut long = doc;
    let mut notes = Vec::new();
    if let Some(default) = default {
        notes.push(format!("[default: {default}]"));
    }
    if generated_key {
        notes.push(GENERATED_KEY.to_string());
    }
    if deprecated {
        notes.push(DEPRECATED.to_string());
    }
    for note in notes {
        for text in [&mut short, &mut long] {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&note);
        }
    }
    (short, long)
}

/// The help's examples: each command line, under its description when
/// the spec gives one.
fn examples_text(examples: &[super::Example]) -> String {
    let heading = match examples.len() {
        1 => "Example:",
        _ => "Examples:",
    };
    let mut lines = vec![heading.to_string()];
    for example in examples {
        if let Some(description) = &example.description {
            lines.push(format!("  # {description}"));
        }
        lines.push(format!("  {}", example.command));
    }
    lines.join("\n")
}

/// The text a command's help shows after its flags: the body fields it
/// requires, an example, and that it is destructive; `None` when there is
/// nothing to say.
pub(super) fn after_help(op: &super::Operation, program: &str) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(body) = op.body.as_ref().filter(|b| !b.shape.required.is_empty()) {
        let width = body
            .shape
            .required
            .iter()
            .map(|f| f.path.len())
            .max()
            .unwrap_or(0);
        let lines: Vec<String> = body
            .shape
            .required
            .iter()
            .map(|f| format!("  {:width$}  {}", f.path, f.kind))
            .collect();
        parts.push(format!(
            "Required body fields (as FIELD:VALUE, a field flag, or in --body):\n{}",
            lines.join("\n")
        ));
    }
    parts.push(examples_text(&op.docs.examples));
    if op.roles.destructive {
        parts.push(destructive(program));
    }
    Some(parts.join("\n\n"))
}
