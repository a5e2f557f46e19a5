//! A semantic diff of two API descriptions: what a spec bump does to client
//! and CLI users, each change classified breaking or not.

use std::collections::BTreeSet;

use crate::model::{Api, Operation, Param, ParamLocation, Status, TypeKind, TypeRef};

mod schema;

use schema::{schema, Direction};

/// One change between two specs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The operationId it concerns.
    pub operation: String,
    /// The CLI command it concerns (the new name when it changed).
    pub command: String,
    /// What changed, such as `parameter-added` or `enum-value-removed`.
    pub kind: String,
    /// JSON pointer of the node in the spec (the new one, or the old one for removals).
    pub location: String,
    /// Whether client or CLI users can break.
    pub breaking: bool,
    /// Whether it breaks users of the typed client.
    pub breaks_client: bool,
    /// Whether it breaks scripts that use the CLI.
    pub breaks_cli: bool,
    /// One line for people.
    pub message: String,
}

/// Every change from `old` to `new`, in operation order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for op in &old.operations {
        if !new
            .operations
            .iter()
            .any(|n| n.operation_id == op.operation_id)
        {
            changes.push(change(
                op,
                "operation-removed",
                &op.pointer,
                (true, true),
                format!(
                    "`{}` ({} {}) was removed",
                    op.command,
                    op.method.as_str(),
                    op.path
                ),
            ));
        }
    }
    for op in &new.operations {
        match old
            .operations
            .iter()
            .find(|o| o.operation_id == op.operation_id)
        {
            None => changes.push(change(
                op,
                "operation-added",
                &op.pointer,
                (false, false),
                format!(
                    "`{}` ({} {}) was added",
                    op.command,
                    op.method.as_str(),
                    op.path
                ),
            )),
            Some(before) => operation(old, before, new, op, &mut changes),
        }
    }
    changes
}

fn change(
    op: &Operation,
    kind: &str,
    location: &str,
    (client, cli): (bool, bool),
    message: String,
) -> Change {
    Change {
        operation: op.operation_id.clone(),
        command: op.command.clone(),
        kind: kind.to_string(),
        location: location.to_string(),
        breaking: client || cli,
        breaks_client: client,
        breaks_cli: cli,
        message,
    }
}

fn operation(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    changes: &mut Vec<Change>,
) {
    let mut push = |kind: &str, location: String, breaks: (bool, bool), message: String| {
        changes.push(change(new, kind, &location, breaks, message));
    };
    if old.command != new.command {
        push(
            "command-renamed",
            new.pointer.clone(),
            (false, true),
            format!("command `{}` is now `{}`", old.command, new.command),
        );
    }
    if old.method != new.method || old.path != new.path {
        push(
            "endpoint-changed",
            new.pointer.clone(),
            (true, false),
            format!(
                "`{}` now calls {} {} (was {} {})",
                new.command,
                new.method.as_str(),
                new.path,
                old.method.as_str(),
                old.path
            ),
        );
    }
    for alias in old
        .aliases
        .iter()
        .filter(|a| !new.aliases.contains(a) && **a != new.command)
    {
        push(
            "alias-removed",
            new.pointer.clone(),
            (false, true),
            format!("`{}` no longer answers to `{alias}`", new.command),
        );
    }
    let key = |p: &Param| (location_name(p.location), p.wire.clone());
    for param in &old.params {
        if !new.params.iter().any(|p| key(p) == key(param)) {
            push(
                "parameter-removed",
                old.pointer.clone(),
                (true, true),
                format!(
                    "{} parameter `{}` ({}) was removed",
                    location_name(param.location),
                    param.wire,
                    flag(param)
                ),
            );
        }
    }
    for param in &new.params {
        let at = format!(
            "{}/parameters/{}",
            new.pointer,
            crate::error::pointer_token(&param.wire)
        );
        match old.params.iter().find(|p| key(p) == key(param)) {
            None if param.required => push(
                "required-parameter-added",
                at,
                (true, true),
                format!(
                    "required {} parameter `{}` ({}) was added",
                    location_name(param.location),
                    param.wire,
                    flag(param)
                ),
            ),
            None => push(
                "parameter-added",
                at,
                (false, false),
                format!(
                    "optional {} parameter `{}` ({}) was added",
                    location_name(param.location),
                    param.wire,
                    flag(param)
                ),
            ),
            Some(before) => {
                if !before.required && param.required {
                    push(
                        "parameter-made-required",
                        at.clone(),
                        (true, true),
                        format!("parameter `{}` is now required", param.wire),
                    );
                }
                let (was, is) = (
                    type_label(old_api, &before.ty),
                    type_label(new_api, &param.ty),
                );
                if was != is {
                    push(
                        "parameter-type-changed",
                        at.clone(),
                        (true, true),
                        format!("parameter `{}` is now {is} (was {was})", param.wire),
                    );
                }
                if before.flag != param.flag && param.location != ParamLocation::Path {
                    push(
                        "flag-renamed",
                        at.clone(),
                        (false, true),
                        format!("flag --{} is now --{}", before.flag, param.flag),
                    );
                }
                let (old_values, new_values) = (values(before), values(param));
                for removed in old_values.difference(&new_values) {
                    push(
                        "enum-value-removed",
                        at.clone(),
                        (true, true),
                        format!("parameter `{}` no longer accepts `{removed}`", param.wire),
                    );
                }
                for added in new_values.difference(&old_values) {
                    push(
                        "enum-value-added",
                        at.clone(),
                        (false, false),
                        format!("parameter `{}` accepts `{added}`", param.wire),
                    );
                }
            }
        }
    }
    let (old_body, new_body) = (
        old.body.as_ref().and_then(|b| b.schema_doc.as_deref()),
        new.body.as_ref().and_then(|b| b.schema_doc.as_deref()),
    );
    if let (Some(before), Some(after)) = (old_body, new_body) {
        let at = new
            .body
            .as_ref()
            .map(|b| b.pointer.clone())
            .unwrap_or_default();
        schema(
            before,
            after,
            &at,
            "request body",
            Direction::Request,
            &mut push,
        );
    }
    for response in &old.responses {
        if !new.responses.iter().any(|r| r.status == response.status) {
            let breaks = response.is_success();
            push(
                "status-removed",
                format!("{}/responses/{}", old.pointer, response.status),
                (breaks, false),
                format!("response {} is no longer documented", response.status),
            );
        }
    }
    for response in &new.responses {
        let at = format!("{}/responses/{}", new.pointer, response.status);
        match old.responses.iter().find(|r| r.status == response.status) {
            None => push(
                "status-added",
                at,
                (
                    response.is_success() && response.status != Status::Default,
                    false,
                ),
                format!("response {} is now documented", response.status),
            ),
            Some(before) => {
                if let (Some(a), Some(b)) =
                    (before.schema_doc.as_deref(), response.schema_doc.as_deref())
                {
                    schema(
                        a,
                        b,
                        &at,
                        &format!("response {}", response.status),
                        Direction::Response,
                        &mut push,
                    );
                }
            }
        }
    }
}

/// A parameter's type as the client takes it: `string`, `integer`,
/// `array of string`, or a named type's name. A string enum is a `string`
/// (its values are compared on their own).
fn type_label(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "string".to_string(),
        TypeRef::Bool => "boolean".to_string(),
        TypeRef::I32 | TypeRef::I64 => "integer".to_string(),
        TypeRef::F32 | TypeRef::F64 => "number".to_string(),
        TypeRef::Json | TypeRef::JsonObject => "JSON".to_string(),
        TypeRef::File => "file".to_string(),
        TypeRef::Vec(item) => format!("array of {}", type_label(api, item)),
        TypeRef::Map(item) => format!("map of {}", type_label(api, item)),
        TypeRef::Option(inner) => format!("nullable {}", type_label(api, inner)),
        TypeRef::Named(index) => match api.type_def(*index) {
            Some(def) if matches!(def.kind, TypeKind::Enum { .. }) => "string".to_string(),
            Some(def) => format!("`{}`", def.name),
            None => "JSON".to_string(),
        },
    }
}

fn values(param: &Param) -> BTreeSet<String> {
    param
        .cli
        .possible_values()
        .map(|v| v.iter().cloned().collect())
        .unwrap_or_default()
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form",
    }
}

fn flag(param: &Param) -> String {
    match param.location {
        ParamLocation::Path => format!("argument <{}>", param.wire),
        _ => format!("--{}", param.flag),
    }
}

/// The report for people: a summary line, then one table row per change.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = format!(
        "# API changes\n\n{} change(s), {breaking} breaking.\n\n",
        changes.len()
    );
    if changes.is_empty() {
        out.push_str("No changes for client or CLI users.\n");
        return out;
    }
    out.push_str("| | command | change | client | CLI |\n|---|---|---|---|---|\n");
    let mark = |b: bool| if b { "breaks" } else { "ok" };
    for c in changes {
        let icon = if c.breaking { "⚠️" } else { "" };
        let message = c.message.replace('|', "\\|");
        out.push_str(&format!(
            "| {icon} | `{}` | {message} | {} | {} |\n",
            c.command,
            mark(c.breaks_client),
            mark(c.breaks_cli)
        ));
    }
    out
}

/// The report for tools: `{"breaking": n, "changes": [...]}`.
pub fn json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let report = serde_json::json!({ "breaking": breaking, "changes": changes });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
