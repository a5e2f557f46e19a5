//! Two rendered schemas compared: fields, types, enum values, requiredness,
//! each change classified for client users and CLI scripts by the
//! direction the schema travels in.

use std::collections::BTreeSet;

use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

/// Compares two rendered schemas: fields, types, enums, requiredness.
pub(super) fn schema(
    old: &Value,
    new: &Value,
    at: &str,
    what: &str,
    direction: Direction,
    push: &mut impl FnMut(&str, String, (bool, bool), String),
) {
    let request = direction == Direction::Request;
    if old.get("type") != new.get("type") && old.get("type").is_some() && new.get("type").is_some()
    {
        push(
            "type-changed",
            at.to_string(),
            (true, true),
            format!("{what}: type {} is now {}", old["type"], new["type"]),
        );
        return;
    }
    let enum_set = |v: &Value| -> BTreeSet<String> {
        v.get("enum")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|x| x.to_string()).collect())
            .unwrap_or_default()
    };
    let (old_enum, new_enum) = (enum_set(old), enum_set(new));
    // The value's variant leaves the generated enum, whichever way it is sent:
    // a caller naming it no longer compiles.
    for removed in old_enum.difference(&new_enum) {
        push(
            "enum-value-removed",
            at.to_string(),
            (true, request),
            format!("{what}: value {removed} was removed"),
        );
    }
    for added in new_enum.difference(&old_enum) {
        push(
            "enum-value-added",
            at.to_string(),
            (false, false),
            format!("{what}: value {added} was added"),
        );
    }
    let required = |v: &Value| -> BTreeSet<String> {
        v.get("required")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_required, new_required) = (required(old), required(new));
    let empty = serde_json::Map::new();
    let (old_props, new_props) = (
        old.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty),
        new.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty),
    );
    for (name, _) in old_props
        .iter()
        .filter(|(name, _)| !new_props.contains_key(*name))
    {
        let at = format!("{at}/properties/{}", crate::error::pointer_token(name));
        push(
            "field-removed",
            at,
            (true, false),
            format!("{what}: field `{name}` was removed"),
        );
    }
    for (name, after) in new_props {
        let field_at = format!("{at}/properties/{}", crate::error::pointer_token(name));
        match old_props.get(name) {
            None => {
                let required = new_required.contains(name);
                let breaks = request && required;
                let kind = if required {
                    "required-field-added"
                } else {
                    "field-added"
                };
                push(
                    kind,
                    field_at,
                    (breaks, breaks),
                    format!(
                        "{what}: {} field `{name}` was added",
                        if required { "required" } else { "optional" }
                    ),
                );
            }
            Some(before) => {
                if request && new_required.contains(name) && !old_required.contains(name) {
                    push(
                        "field-made-required",
                        field_at.clone(),
                        (true, true),
                        format!("{what}: field `{name}` is now required"),
                    );
                }
                if !request && old_required.contains(name) && !new_required.contains(name) {
                    push(
                        "field-made-optional",
                        field_at.clone(),
                        (true, false),
                        format!("{what}: field `{name}` may now be absent"),
                    );
                }
                schema(
                    before,
                    after,
                    &field_at,
                    &format!("{what} field `{name}`"),
                    direction,
                    push,
                );
            }
        }
    }
    if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
        schema(
            a,
            b,
            &format!("{at}/items"),
            &format!("{what} items"),
            direction,
            push,
        );
    }
}
