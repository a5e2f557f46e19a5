//! `commands.json`: the catalog of the generated commands, one entry per
//! operation with what an agent or a script needs to call it without
//! reading help pages. The tool's `commands --json` prints it with the
//! global flags, its own commands and the exit codes each command can give
//! (the runtime knows those; this file lists the documented statuses).
//!
//! Its names and texts are the model's, the ones `--help` and the
//! reference pages print; entries are sorted by command name, keys in a
//! fixed order, so that a spec change shows as a small diff.

use serde_json::{json, Map, Value};

use crate::model::{help, Api, Operation, Param, ParamLocation};
use crate::write::Emitted;

/// The catalog's file name, next to `cli.rs` (which includes it).
pub const FILE: &str = "commands.json";

/// `commands.json`.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    Box::new(std::iter::once_with(|| catalog(api)))
}

/// The catalog file.
fn catalog(api: &Api) -> Emitted {
    let mut commands: Vec<&Operation> = api.operations.iter().collect();
    commands.sort_by(|a, b| a.names.command.cmp(&b.names.command));
    let mut catalog = json!({
        "source": api.source,
        "program": api.program,
        "commands": commands.iter().map(|op| entry(api, op)).collect::<Vec<_>>(),
    });
    if !api.resources.is_empty() {
        catalog["resources"] = resources(api);
    }
    let pretty = serde_json::to_string_pretty(&catalog).unwrap_or_default();
    let mut text = crate::text::json_escaped(&pretty);
    text.push('\n');
    Emitted::Text {
        path: FILE.to_string(),
        text,
    }
}

/// The resources whose ids commands take, by name: where they are
/// listed, and the fields that hold the id and the name.
fn resources(api: &Api) -> Value {
    let entries: Vec<Value> = api
        .resources
        .iter()
        .map(|r| {
            let mut entry = json!({
                "name": r.name,
                "list": api.operations[r.list].names.command,
                "items": r.items.join("."),
                "id": r.id_field,
                "label": r.name_field,
            });
            if let Some(format) = &r.id_format {
                entry["id_format"] = json!(format);
            }
            if let Some(get) = r.get {
                entry["get"] = json!(api.operations[get].names.command);
            }
            entry
        })
        .collect();
    json!(entries)
}

/// A command's path parameters, each naming the resource it is an id of.
fn path_arguments(api: &Api, op: &Operation) -> Vec<Value> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| {
            let mut argument = input(p, &p.wire);
            if let Some(resource) = p.resource.and_then(|r| api.resources.get(r)) {
                argument["resource"] = json!(resource.name);
            }
            argument
        })
        .collect()
}

/// One command's entry.
fn entry(api: &Api, op: &Operation) -> Value {
    let arguments = path_arguments(api, op);
    let mut flags: Vec<Value> = op
        .request_fields()
        .into_iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| input(p, &format!("--{}", p.flag)))
        .collect();
    let mut arguments = arguments;
    let body = op.body.as_ref().map(|body| {
        if let Some(value_type) = body.kind.value_type() {
            flags.push(json!({
                "name": "--body",
                "type": value_type.name(),
                "required": body.required && !body.merged,
                "repeatable": false,
                "help": body.help,
            }));
        }
        let mut entry = json!({"media_type": body.media_type, "required": body.required});
        if body.merged {
            for field in &body.fields {
                let mut flag = input(field, &format!("--{}", field.flag));
                flag["field"] = json!(field.wire);
                flag["required"] = json!(field.required);
                if field.long_help != field.help {
                    flag["long_help"] = json!(field.long_help);
                }
                flags.push(flag);
            }
            flags.push(switch("--raw", help::RAW));
            arguments.push(json!({
                "name": help::SHORTHAND_NAME,
                "type": "shorthand",
                "required": false,
                "repeatable": true,
                "help": help::SHORTHAND,
            }));
            entry["string_paths"] = json!(body.string_paths);
            shape(&mut entry, &body.shape);
        }
        entry
    });
    for (flag, kind, help) in op.runtime_flags() {
        let mut entry = switch(&format!("--{flag}"), help);
        entry["type"] = json!(kind);
        flags.push(entry);
    }
    let mut entry = json!({
        "name": op.names.command,
        "aliases": op.names.aliases,
        "group": op.docs.tag.as_deref().unwrap_or(crate::naming::UNTAGGED_GROUP),
        "summary": op.docs.about,
        "method": op.method.as_str(),
        "path": op.path,
        "destructive": op.roles.destructive,
        "paginated": op.paginated(),
        "arguments": arguments,
        "flags": flags,
        "body": body,
        "responses": op.responses.iter().map(|r| r.status.to_string()).collect::<Vec<_>>(),
        "example": op.docs.examples.last().map(|e| e.command.as_str()),
    });
    if let Some(after_help) = &op.docs.after_help {
        entry["after_help"] = json!(after_help);
    }
    extras(&mut entry, op);
    entry
}

/// What only some entries have: pagination, deprecation, `edit`.
fn extras(entry: &mut Value, op: &Operation) {
    if let Some(pages) = &op.roles.pagination {
        entry["pagination"] = json!({
            "kind": pages.kind.name(),
            "items": pages.items.join("."),
            "source": pages.source.name(),
        });
    }
    if op.docs.deprecated {
        entry["deprecated"] = json!(true);
    }
    if op.docs.examples.len() > 1 {
        let examples: Vec<Value> = op
            .docs
            .examples
            .iter()
            .map(|e| json!({"command": e.command, "description": e.description}))
            .collect();
        entry["examples"] = json!(examples);
    }
    if op.roles.edit.is_some() {
        entry["editable"] = json!(true);
    }
}

/// A JSON body's top-level fields, required fields, enum values and
/// checked formats.
fn shape(entry: &mut Value, shape: &crate::model::BodyShape) {
    if !shape.fields.is_empty() {
        entry["fields"] = json!(shape.fields);
    }
    if !shape.required.is_empty() {
        let required: Vec<Value> = shape
            .required
            .iter()
            .map(|f| json!({"path": f.path, "type": f.kind}))
            .collect();
        entry["required_fields"] = json!(required);
    }
    if !shape.enum_paths.is_empty() {
        let enums: Map<String, Value> = shape
            .enum_paths
            .iter()
            .map(|(path, values)| (path.clone(), json!(values)))
            .collect();
        entry["enum_paths"] = Value::Object(enums);
    }
    if !shape.format_paths.is_empty() {
        let formats: Map<String, Value> = shape
            .format_paths
            .iter()
            .map(|(path, format)| (path.clone(), json!(format)))
            .collect();
        entry["format_paths"] = Value::Object(formats);
    }
}

/// A flag taking no value.
fn switch(name: &str, help: &str) -> Value {
    json!({"name": name, "type": "boolean", "required": false, "repeatable": false, "help": help})
}

/// An argument or flag: its name, value type, whether it is required or
/// repeats, its default and allowed values when it has them, its help.
fn input(param: &Param, name: &str) -> Value {
    let mut entry = Map::new();
    entry.insert("name".into(), json!(name));
    entry.insert("type".into(), json!(param.cli.value_type().name()));
    entry.insert("required".into(), json!(param.is_argument()));
    // A list in the path is one argument, its values comma-separated.
    let repeatable = param.cli.is_list() && param.location != ParamLocation::Path;
    entry.insert("repeatable".into(), json!(repeatable));
    if let Some(default) = &param.default {
        entry.insert("default".into(), json!(default));
    }
    if let Some(values) = param.cli.possible_values() {
        entry.insert("values".into(), json!(values));
    }
    entry.insert("help".into(), json!(param.help));
    if param.deprecated {
        entry.insert("deprecated".into(), json!(true));
    }
    Value::Object(entry)
}
