//! `commands.json`: the catalog of the generated commands, one entry per
//! operation with what an agent or a script needs to call it without
//! reading help pages. The tool's `commands --json` prints it with the
//! global flags, its own commands and the exit codes each command can give
//! (the runtime knows those; this file lists the documented statuses).
//!
//! Its names and texts are the model's, the ones `--help` and the
//! reference pages print; entries are sorted by command name, keys in a
//! fixed order, so that a spec change shows as a small diff.

use std::borrow::Cow;

use super::json::Pretty;
use crate::model::{help, Api, Operation, Param, ParamLocation};
use crate::write::Emitted;

/// The catalog's file name, next to `cli.rs` (which includes it).
pub const FILE: &str = "commands.json";

/// `commands.json`.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    Box::new(std::iter::once_with(|| catalog(api)))
}

/// The catalog: written from these borrowing structs, keys in their
/// fields' order (what only some have left out when they lack it), with
/// no JSON tree built on the way.
struct Catalog<'a> {
    source: &'a str,
    program: &'a str,
    commands: Vec<Entry<'a>>,
    resources: Vec<Resource<'a>>,
}

/// A resource whose ids commands take: where it is listed, and the
/// fields that hold the id and the name.
struct Resource<'a> {
    name: &'a str,
    list: &'a str,
    items: String,
    id: &'a str,
    label: &'a str,
    id_format: Option<&'a str>,
    get: Option<&'a str>,
}

/// One command's entry; what only some have last.
struct Entry<'a> {
    name: &'a str,
    aliases: &'a [String],
    group: &'a str,
    summary: &'a str,
    method: &'a str,
    path: &'a str,
    destructive: bool,
    paginated: bool,
    arguments: Vec<Input<'a>>,
    flags: Vec<Input<'a>>,
    body: Option<BodyEntry<'a>>,
    responses: Vec<String>,
    example: Option<&'a str>,
    after_help: Option<&'a str>,
    pagination: Option<Pagination<'a>>,
    deprecated: bool,
    examples: Vec<Example<'a>>,
    editable: bool,
}

/// An argument or flag: its name, value type, whether it is required or
/// repeats, its default and allowed values when it has them, its help;
/// the resource a path argument is an id of, the body field a flag sets.
struct Input<'a> {
    name: Cow<'a, str>,
    kind: &'a str,
    required: bool,
    repeatable: bool,
    default: Option<&'a str>,
    values: Option<&'a [String]>,
    help: &'a str,
    deprecated: bool,
    resource: Option<&'a str>,
    field: Option<&'a str>,
    long_help: Option<&'a str>,
}

/// A request body; a JSON body the CLI merges has its shape.
struct BodyEntry<'a> {
    media_type: &'a str,
    required: bool,
    string_paths: Option<&'a [String]>,
    fields: &'a [String],
    required_fields: Vec<Required<'a>>,
    enum_paths: Pairs<'a, Vec<String>>,
    format_paths: Pairs<'a, String>,
}

struct Required<'a> {
    path: &'a str,
    kind: &'a str,
}

struct Pagination<'a> {
    kind: &'a str,
    items: String,
    source: &'a str,
}

struct Example<'a> {
    command: &'a str,
    description: Option<&'a str>,
}

/// Pairs written as one JSON object, in their order.
struct Pairs<'a, T>(&'a [(String, T)]);

impl Catalog<'_> {
    fn write(&self, out: &mut String) {
        let mut o = Pretty::object(out, 0);
        o.string(Some("source"), self.source);
        o.string(Some("program"), self.program);
        o.objects("commands", &self.commands, Entry::write);
        if !self.resources.is_empty() {
            o.objects("resources", &self.resources, Resource::write);
        }
        o.finish();
    }
}

impl Resource<'_> {
    fn write(&self, o: &mut Pretty) {
        o.string(Some("name"), self.name);
        o.string(Some("list"), self.list);
        o.string(Some("items"), &self.items);
        o.string(Some("id"), self.id);
        o.string(Some("label"), self.label);
        o.string_if("id_format", self.id_format);
        o.string_if("get", self.get);
    }
}

impl Entry<'_> {
    fn write(&self, o: &mut Pretty) {
        o.string(Some("name"), self.name);
        o.strings(Some("aliases"), self.aliases);
        o.string(Some("group"), self.group);
        o.string(Some("summary"), self.summary);
        o.string(Some("method"), self.method);
        o.string(Some("path"), self.path);
        o.bool(Some("destructive"), self.destructive);
        o.bool(Some("paginated"), self.paginated);
        o.objects("arguments", &self.arguments, Input::write);
        o.objects("flags", &self.flags, Input::write);
        match &self.body {
            Some(body) => o.nested(Some("body"), true, |o| body.write(o)),
            None => o.null(Some("body")),
        }
        o.strings(Some("responses"), &self.responses);
        o.string_or_null(Some("example"), self.example);
        o.string_if("after_help", self.after_help);
        if let Some(pages) = &self.pagination {
            o.nested(Some("pagination"), true, |o| {
                o.string(Some("kind"), pages.kind);
                o.string(Some("items"), &pages.items);
                o.string(Some("source"), pages.source);
            });
        }
        if self.deprecated {
            o.bool(Some("deprecated"), true);
        }
        if !self.examples.is_empty() {
            o.objects("examples", &self.examples, |example, o| {
                o.string(Some("command"), example.command);
                o.string_or_null(Some("description"), example.description);
            });
        }
        if self.editable {
            o.bool(Some("editable"), true);
        }
    }
}

impl Input<'_> {
    fn write(&self, o: &mut Pretty) {
        o.string(Some("name"), &self.name);
        o.string(Some("type"), self.kind);
        o.bool(Some("required"), self.required);
        o.bool(Some("repeatable"), self.repeatable);
        o.string_if("default", self.default);
        if let Some(values) = self.values {
            o.strings(Some("values"), values);
        }
        o.string(Some("help"), self.help);
        if self.deprecated {
            o.bool(Some("deprecated"), true);
        }
        o.string_if("resource", self.resource);
        o.string_if("field", self.field);
        o.string_if("long_help", self.long_help);
    }
}

impl BodyEntry<'_> {
    fn write(&self, o: &mut Pretty) {
        o.string(Some("media_type"), self.media_type);
        o.bool(Some("required"), self.required);
        if let Some(paths) = self.string_paths {
            o.strings(Some("string_paths"), paths);
        }
        if !self.fields.is_empty() {
            o.strings(Some("fields"), self.fields);
        }
        if !self.required_fields.is_empty() {
            o.objects("required_fields", &self.required_fields, |field, o| {
                o.string(Some("path"), field.path);
                o.string(Some("type"), field.kind);
            });
        }
        if !self.enum_paths.0.is_empty() {
            o.nested(Some("enum_paths"), true, |o| {
                for (path, values) in self.enum_paths.0 {
                    o.strings(Some(path), values);
                }
            });
        }
        if !self.format_paths.0.is_empty() {
            o.nested(Some("format_paths"), true, |o| {
                for (path, format) in self.format_paths.0 {
                    o.string(Some(path), format);
                }
            });
        }
    }
}

/// The catalog file.
fn catalog(api: &Api) -> Emitted {
    let mut commands: Vec<&Operation> = api.operations.iter().collect();
    commands.sort_by(|a, b| a.names.command.cmp(&b.names.command));
    let catalog = Catalog {
        source: &api.source,
        program: &api.program,
        commands: commands.iter().map(|op| entry(api, op)).collect(),
        resources: resources(api),
    };
    let mut pretty = String::new();
    catalog.write(&mut pretty);
    let mut text = crate::text::json_escaped(&pretty);
    text.push('\n');
    Emitted::Text {
        path: FILE.to_string(),
        text,
    }
}

/// The resources whose ids commands take, by name.
fn resources(api: &Api) -> Vec<Resource<'_>> {
    api.resources
        .iter()
        .map(|r| Resource {
            name: &r.name,
            list: &api.operations[r.list].names.command,
            items: r.items.join("."),
            id: &r.id_field,
            label: &r.name_field,
            id_format: r.id_format.as_deref(),
            get: r.get.map(|get| api.operations[get].names.command.as_str()),
        })
        .collect()
}

/// A command's path parameters, each naming the resource it is an id of.
fn path_arguments<'a>(api: &'a Api, op: &'a Operation) -> Vec<Input<'a>> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| Input {
            resource: p
                .resource
                .and_then(|r| api.resources.get(r))
                .map(|r| r.name.as_str()),
            ..input(p, Cow::Borrowed(&p.wire))
        })
        .collect()
}

/// One command's entry.
fn entry<'a>(api: &'a Api, op: &'a Operation) -> Entry<'a> {
    let mut arguments = path_arguments(api, op);
    let mut flags: Vec<Input> = op
        .request_fields()
        .into_iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| input(p, Cow::Owned(format!("--{}", p.flag))))
        .collect();
    let body = op
        .body
        .as_ref()
        .map(|body| body_entry(body, &mut arguments, &mut flags));
    for (flag, kind, help) in op.runtime_flags() {
        flags.push(Input {
            kind,
            ..switch(&format!("--{flag}"), help)
        });
    }
    Entry {
        name: &op.names.command,
        aliases: &op.names.aliases,
        group: op
            .docs
            .tag
            .as_deref()
            .unwrap_or(crate::naming::UNTAGGED_GROUP),
        summary: &op.docs.about,
        method: op.method.as_str(),
        path: &op.path,
        destructive: op.roles.destructive,
        paginated: op.paginated(),
        arguments,
        flags,
        body,
        responses: op.responses.iter().map(|r| r.status.to_string()).collect(),
        example: op.docs.examples.last().map(|e| e.command.as_str()),
        after_help: op.docs.after_help.as_deref(),
        pagination: op.roles.pagination.as_ref().map(|pages| Pagination {
            kind: pages.kind.name(),
            items: pages.items.join("."),
            source: pages.source.name(),
        }),
        deprecated: op.docs.deprecated,
        examples: match op.docs.examples.len() > 1 {
            true => op
                .docs
                .examples
                .iter()
                .map(|e| Example {
                    command: &e.command,
                    description: e.description.as_deref(),
                })
                .collect(),
            false => Vec::new(),
        },
        editable: op.roles.edit.is_some(),
    }
}

/// A body's entry; the flags and arguments it adds to its command's.
fn body_entry<'a>(
    body: &'a crate::model::Body,
    arguments: &mut Vec<Input<'a>>,
    flags: &mut Vec<Input<'a>>,
) -> BodyEntry<'a> {
    if let Some(value_type) = body.kind.value_type() {
        flags.push(Input {
            kind: value_type.name(),
            required: body.required && !body.merged,
            ..switch("--body", &body.help)
        });
    }
    let mut entry = BodyEntry {
        media_type: &body.media_type,
        required: body.required,
        string_paths: None,
        fields: &[],
        required_fields: Vec::new(),
        enum_paths: Pairs(&[]),
        format_paths: Pairs(&[]),
    };
    if body.merged {
        for field in &body.fields {
            flags.push(Input {
                required: field.required,
                field: Some(&field.wire),
                long_help: (field.long_help != field.help).then_some(field.long_help.as_str()),
                ..input(field, Cow::Owned(format!("--{}", field.flag)))
            });
        }
        flags.push(switch("--raw", help::RAW));
        arguments.push(Input {
            kind: "shorthand",
            repeatable: true,
            ..switch(help::SHORTHAND_NAME, help::SHORTHAND)
        });
        let shape = &body.shape;
        entry.string_paths = Some(&body.string_paths);
        entry.fields = &shape.fields;
        entry.required_fields = shape
            .required
            .iter()
            .map(|f| Required {
                path: &f.path,
                kind: &f.kind,
            })
            .collect();
        entry.enum_paths = Pairs(&shape.enum_paths);
        entry.format_paths = Pairs(&shape.format_paths);
    }
    entry
}

/// A flag taking no value.
fn switch<'a>(name: &str, help: &'a str) -> Input<'a> {
    Input {
        name: Cow::Owned(name.to_string()),
        kind: "boolean",
        required: false,
        repeatable: false,
        default: None,
        values: None,
        help,
        deprecated: false,
        resource: None,
        field: None,
        long_help: None,
    }
}

/// An argument or flag named `name`.
fn input<'a>(param: &'a Param, name: Cow<'a, str>) -> Input<'a> {
    Input {
        name,
        kind: param.cli.value_type().name(),
        required: param.is_argument(),
        // A list in the path is one argument, its values comma-separated.
        repeatable: param.cli.is_list() && param.location != ParamLocation::Path,
        default: param.default.as_deref(),
        values: param.cli.possible_values(),
        help: &param.help,
        deprecated: param.deprecated,
        resource: None,
        field: None,
        long_help: None,
    }
}
