//! Two rendered schemas compared: fields, types, enum values, requiredness,
//! each change classified for client users and CLI scripts by the
//! direction the schema travels in.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{ChangeKind, Sink, Verdict};

/// Which way a schema travels: sent by callers or received by them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Request,
    Response,
}

/// Where a schema sits: its pointer, its name for people, its direction.
pub(super) struct Site<'a> {
    /// JSON pointer of the schema in the new spec.
    pub at: &'a str,
    /// How messages name it, such as `response 200`.
    pub what: &'a str,
    /// Which way it travels.
    pub direction: Direction,
    /// Whether its Rust type is an `Option` whatever `nullable` says (an
    /// optional field's).
    pub optional: bool,
}

impl Site<'_> {
    /// Whether callers send it.
    pub(super) fn request(&self) -> bool {
        self.direction == Direction::Request
    }
}

/// Compares two rendered schemas: type, enum values, constraints, fields,
/// array items.
/// A changed type is reported alone: the rest no longer compares.
pub(super) fn schema(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    if let (Some(was), Some(is)) = (old.get("type"), new.get("type")) {
        if was != is {
            sink.push(
                ChangeKind::TypeChanged,
                site.at,
                Verdict::BOTH,
                format!("{}: type {was} is now {is}", site.what),
            );
            return;
        }
    }
    enum_values(old, new, site, sink);
    super::constraints::constraints(old, new, site, sink);
    fields(old, new, site, sink);
    if let (Some(a), Some(b)) = (old.get("items"), new.get("items")) {
        let items = Site {
            at: &format!("{}/items", site.at),
            what: &format!("{} items", site.what),
            direction: site.direction,
            optional: false,
        };
        schema(a, b, &items, sink);
    }
}

/// Enum values removed and added.
fn enum_values(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
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
        sink.push(
            ChangeKind::EnumValueRemoved,
            site.at,
            Verdict::new(true, site.request()),
            format!("{}: value {removed} was removed", site.what),
        );
    }
    for added in new_enum.difference(&old_enum) {
        sink.push(
            ChangeKind::EnumValueAdded,
            site.at,
            Verdict::NONE,
            format!("{}: value {added} was added", site.what),
        );
    }
}

/// An object schema's fields and the names it requires.
struct Fields<'a> {
    props: &'a Map<String, Value>,
    required: BTreeSet<&'a str>,
}

impl<'a> Fields<'a> {
    fn of(schema: &'a Value, empty: &'a Map<String, Value>) -> Self {
        Fields {
            props: schema
                .get("properties")
                .and_then(Value::as_object)
                .unwrap_or(empty),
            required: schema
                .get("required")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        }
    }
}

/// Fields removed, then each field of the new version: added or changed.
fn fields(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    let empty = Map::new();
    let (before, after) = (Fields::of(old, &empty), Fields::of(new, &empty));
    for name in before
        .props
        .keys()
        .filter(|n| !after.props.contains_key(*n))
    {
        sink.push(
            ChangeKind::FieldRemoved,
            field_at(site, name),
            Verdict::CLIENT,
            format!("{}: field `{name}` was removed", site.what),
        );
    }
    for (name, value) in after.props {
        let required = after.required.contains(name.as_str());
        match before.props.get(name) {
            None => field_added(name, required, site, sink),
            Some(was) => {
                let was_required = before.required.contains(name.as_str());
                field_changed(name, (was, was_required), (value, required), site, sink);
            }
        }
    }
}

/// A field only the new version has: breaking when callers must send it.
fn field_added(name: &str, required: bool, site: &Site, sink: &mut Sink) {
    let breaks = site.request() && required;
    let (kind, label) = if required {
        (ChangeKind::RequiredFieldAdded, "required")
    } else {
        (ChangeKind::FieldAdded, "optional")
    };
    sink.push(
        kind,
        field_at(site, name),
        Verdict::new(breaks, breaks),
        format!("{}: {label} field `{name}` was added", site.what),
    );
}

/// A field both versions have, each given as its schema and whether it is
/// required: a request field callers must now send, a response field they
/// may no longer get, then the field's own schema.
fn field_changed(
    name: &str,
    (old, was_required): (&Value, bool),
    (new, required): (&Value, bool),
    site: &Site,
    sink: &mut Sink,
) {
    let at = field_at(site, name);
    if site.request() && required && !was_required {
        sink.push(
            ChangeKind::FieldMadeRequired,
            &at,
            Verdict::BOTH,
            format!("{}: field `{name}` is now required", site.what),
        );
    }
    if !site.request() && was_required && !required {
        sink.push(
            ChangeKind::FieldMadeOptional,
            &at,
            Verdict::CLIENT,
            format!("{}: field `{name}` may now be absent", site.what),
        );
    }
    let deprecated = |v: &Value| v.get("deprecated").and_then(Value::as_bool) == Some(true);
    if deprecated(new) && !deprecated(old) {
        sink.push(
            ChangeKind::FieldDeprecated,
            &at,
            Verdict::NONE,
            format!("{}: field `{name}` is now deprecated", site.what),
        );
    }
    let field = Site {
        at: &at,
        what: &format!("{} field `{name}`", site.what),
        direction: site.direction,
        optional: !required,
    };
    schema(old, new, &field, sink);
}

/// The pointer of field `name` of the schema at `site`.
fn field_at(site: &Site, name: &str) -> String {
    format!(
        "{}/properties/{}",
        site.at,
        crate::error::pointer_token(name)
    )
}
