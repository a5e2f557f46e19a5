//! An operation's parameters compared, matched by location and wire name:
//! removed, added, made required, retyped, flag renamed, enum values.

use std::collections::{BTreeSet, HashMap};

use crate::model::{Api, Operation, Param, ParamLocation, TypeKind, TypeRef};

use super::schema::{Direction, Site};
use super::{ChangeKind, Sink, Verdict};

/// A parameter's identity across versions: where it goes and its wire name.
type Key<'a> = (&'static str, &'a str);

fn key(param: &Param) -> Key<'_> {
    (location_name(param.location), &param.wire)
}

/// An operation's parameters by key; the first of equal keys wins.
fn by_key(op: &Operation) -> HashMap<Key<'_>, &Param> {
    let mut map = HashMap::new();
    for param in &op.params {
        map.entry(key(param)).or_insert(param);
    }
    map
}

/// Parameters removed and added, then the changes to each kept one, in the
/// new version's order.
pub(super) fn compare(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    sink: &mut Sink,
) {
    let (before, after) = (by_key(old), by_key(new));
    for param in old.params.iter().filter(|p| !after.contains_key(&key(p))) {
        // Its own pointer: two removals from one operation keep apart ids.
        sink.push(
            ChangeKind::ParameterRemoved,
            format!(
                "{}/parameters/{}",
                old.pointer,
                crate::error::pointer_token(&param.wire)
            ),
            Verdict::BOTH,
            format!(
                "{} parameter `{}` ({}) was removed{}",
                location_name(param.location),
                param.wire,
                flag(param),
                super::undeprecated(param.deprecated)
            ),
        );
    }
    for param in &new.params {
        let at = format!(
            "{}/parameters/{}",
            new.pointer,
            crate::error::pointer_token(&param.wire)
        );
        match before.get(&key(param)) {
            None => added(param, at, sink),
            Some(was) => {
                if param.deprecated && !was.deprecated {
                    sink.push(
                        ChangeKind::ParameterDeprecated,
                        at.clone(),
                        Verdict::NONE,
                        format!(
                            "parameter `{}` ({}) is now deprecated",
                            param.wire,
                            flag(param)
                        ),
                    );
                }
                changed(old_api, was, new_api, param, &at, sink)
            }
        }
    }
}

/// A parameter only the new version has: breaking when it is required.
fn added(param: &Param, at: String, sink: &mut Sink) {
    let (kind, verdict, label) = if param.required {
        (
            ChangeKind::RequiredParameterAdded,
            Verdict::BOTH,
            "required",
        )
    } else {
        (ChangeKind::ParameterAdded, Verdict::NONE, "optional")
    };
    sink.push(
        kind,
        at,
        verdict,
        format!(
            "{label} {} parameter `{}` ({}) was added",
            location_name(param.location),
            param.wire,
            flag(param)
        ),
    );
}

/// A parameter both versions have: requiredness, type, flag, enum values.
fn changed(old_api: &Api, old: &Param, new_api: &Api, new: &Param, at: &str, sink: &mut Sink) {
    if !old.required && new.required {
        sink.push(
            ChangeKind::ParameterMadeRequired,
            at,
            Verdict::BOTH,
            format!("parameter `{}` is now required", new.wire),
        );
    }
    let (was, is) = (type_label(old_api, &old.ty), type_label(new_api, &new.ty));
    if was != is {
        sink.push(
            ChangeKind::ParameterTypeChanged,
            at,
            Verdict::BOTH,
            format!("parameter `{}` is now {is} (was {was})", new.wire),
        );
    } else if let (Some(before), Some(after)) =
        (old.schema_doc.as_deref(), new.schema_doc.as_deref())
    {
        let site = Site {
            at,
            what: &format!("parameter `{}`", new.wire),
            direction: Direction::Request,
            optional: !new.required,
        };
        super::constraints::constraints(before, after, &site, sink);
    }
    if old.flag != new.flag && new.location != ParamLocation::Path {
        sink.push(
            ChangeKind::FlagRenamed,
            at,
            Verdict::CLI,
            format!("flag --{} is now --{}", old.flag, new.flag),
        );
    }
    enum_values(old, new, at, sink);
}

/// The values a parameter accepts, when it lists them.
fn enum_values(old: &Param, new: &Param, at: &str, sink: &mut Sink) {
    let (old_values, new_values) = (values(old), values(new));
    for removed in old_values.difference(&new_values) {
        sink.push(
            ChangeKind::EnumValueRemoved,
            at,
            Verdict::BOTH,
            format!("parameter `{}` no longer accepts `{removed}`", new.wire),
        );
    }
    for added in new_values.difference(&old_values) {
        sink.push(
            ChangeKind::EnumValueAdded,
            at,
            Verdict::NONE,
            format!("parameter `{}` accepts `{added}`", new.wire),
        );
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

/// The values the CLI accepts for a parameter; empty when any value goes.
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
        ParamLocation::BodyField => "body field",
    }
}

/// How the CLI takes a parameter: `argument <id>` or `--flag`.
fn flag(param: &Param) -> String {
    match param.location {
        ParamLocation::Path => format!("argument <{}>", param.wire),
        _ => format!("--{}", param.flag),
    }
}
