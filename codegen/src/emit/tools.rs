//! `tools.json`: each operation as an MCP tool (the `mcp` command serves
//! them): its name (the command's), title and description from the same
//! texts as `--help`, the JSON Schema of its input (parameters by their
//! wire names, the body under `body`, with `$ref`s inlined to a bounded
//! depth and descriptions cut to a sentence), its output schema, and how
//! each input becomes the command's argument or flag.
//!
//! Operations the spec marks `x-mcp-ignore: true` (or the customisation's
//! `mcp_ignore` lists) are left out, and so are those that need a file.

use crate::model::{Api, BodyKind, CliValue, Operation, ParamLocation, ResponseBody};
use crate::model::{TypeKind, TypeRef};
use crate::write::Emitted;

/// The file's name, next to `commands.json`.
pub const FILE: &str = "tools.json";

/// How many named types deep a body's schema is inlined; an output's.
const BODY_DEPTH: usize = 4;
const OUTPUT_DEPTH: usize = 1;

/// The most schema nodes one tool's body (or output) is given.
const MAX_NODES: usize = 600;

/// The longest description a property keeps, in characters.
const PROPERTY_TEXT: usize = 160;

/// The longest description a tool keeps, in characters.
const TOOL_TEXT: usize = 600;

/// `tools.json`.
pub fn emit(api: &Api) -> Box<dyn Iterator<Item = Emitted> + '_> {
    Box::new(std::iter::once_with(|| file(api)))
}

fn file(api: &Api) -> Emitted {
    let mut operations: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| !op.roles.mcp_ignore)
        .collect();
    operations.sort_by(|a, b| a.names.command.cmp(&b.names.command));
    // One tool a line: a spec change shows as the lines of the tools it changed.
    let mut outputs = OutputSchemas::default();
    let lines: Vec<String> = operations
        .iter()
        .filter_map(|op| Some(outputs.add(api, op, tool(api, op)?)))
        .collect();
    let text = format!(
        "{{\"program\": {}, \"tools\": [\n{}\n]}}\n",
        string(&api.program),
        lines.join(",\n")
    );
    let text = crate::text::json_escaped(&text);
    Emitted::Text {
        path: FILE.to_string(),
        text,
    }
}

/// A JSON string, as serde_json writes it.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    super::json::write_string(&mut out, text);
    out
}

/// A JSON object written as serde_json writes one compactly, a key at a
/// time, in order: no tree of values is built on the way.
struct Object(String);

impl Object {
    fn new() -> Object {
        Object(String::from("{"))
    }

    /// `key` with `json`, a value already written.
    fn raw(mut self, key: &str, json: &str) -> Object {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        super::json::write_string(&mut self.0, key);
        self.0.push(':');
        self.0.push_str(json);
        self
    }

    fn text(mut self, key: &str, text: &str) -> Object {
        self = self.raw(key, "");
        super::json::write_string(&mut self.0, text);
        self
    }

    fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// `key` with `json` added at the end of the written object `object`.
fn add_key(object: &mut String, key: &str, json: &str) {
    object.pop();
    if object.len() > 1 {
        object.push(',');
    }
    super::json::write_string(object, key);
    object.push(':');
    object.push_str(json);
    object.push('}');
}

/// Properties in order; a name given twice keeps its place and its last
/// schema, as a JSON object's key does.
#[derive(Default)]
struct Properties(Vec<(String, String)>);

impl Properties {
    fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n == name)
    }

    fn insert(&mut self, name: String, schema: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(place) => place.1 = schema,
            None => self.0.push((name, schema)),
        }
    }

    /// `{"type":"object","properties":{..}}`, with `required` when any is.
    fn schema(self, required: &[&str]) -> String {
        let mut properties = Object::new();
        for (name, schema) in &self.0 {
            properties = properties.raw(name, schema);
        }
        let schema = Object::new()
            .text("type", "object")
            .raw("properties", &properties.finish());
        match required.is_empty() {
            true => schema.finish(),
            false => schema.raw("required", &json_list(required)).finish(),
        }
    }
}

/// `["a","b"]`.
fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

/// How a tool's input becomes the command's argument or flag.
#[derive(serde::Serialize)]
struct Input {
    name: String,
    cli: Option<String>,
    list: bool,
    json: bool,
}

/// A tool's inputs as it is being written: the input schema's properties
/// and required names, and how each becomes an argument or flag.
#[derive(Default)]
struct Inputs {
    properties: Properties,
    required: Vec<String>,
    cli: Vec<Input>,
}

/// One operation's tool; `None` when it needs what a tool cannot send (a file).
fn tool(api: &Api, op: &Operation) -> Option<String> {
    let Inputs {
        properties,
        required,
        cli: inputs,
    } = inputs(api, op)?;
    let required: Vec<&str> = required.iter().map(String::as_str).collect();
    let entry = Object::new()
        .text("name", &op.names.command)
        .text("title", &op.docs.about)
        .text(
            "description",
            &cut(&sentences(&op.docs.long_about), TOOL_TEXT),
        )
        .text(
            "group",
            op.docs
                .tag
                .as_deref()
                .unwrap_or(crate::naming::UNTAGGED_GROUP),
        )
        .text("method", op.method.as_str())
        .text("path", &op.path)
        .raw("destructive", bool_text(op.roles.destructive))
        .raw("paginated", bool_text(op.paginated()))
        .raw(
            "inputs",
            &serde_json::to_string(&inputs).unwrap_or_default(),
        )
        .raw("input_schema", &properties.schema(&required));
    Some(entry.finish())
}

/// A tool's inputs: its parameters, then its body.
fn inputs(api: &Api, op: &Operation) -> Option<Inputs> {
    let Inputs {
        mut properties,
        mut required,
        cli: mut inputs,
    } = Inputs::default();
    for param in op.request_fields() {
        let Some(mut schema) = param_schema(&param.cli) else {
            if param.required {
                return None;
            }
            continue;
        };
        describe(&mut schema, &param.help);
        let name = match properties.contains(&param.wire) {
            true => param.flag.clone(),
            false => param.wire.clone(),
        };
        let cli = match param.location {
            ParamLocation::Path => None,
            _ => Some(format!("--{}", param.flag)),
        };
        inputs.push(Input {
            name: name.clone(),
            cli,
            list: param.cli.is_list(),
            json: matches!(param.cli, CliValue::Json),
        });
        // An idempotency key the runtime makes up is not the caller's to give.
        if param.is_argument() {
            required.push(name.clone());
        }
        properties.insert(name, schema);
    }
    if let Some(body) = &op.body {
        let schema = match &body.kind {
            BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => {
                Some(Schemas::new(api, BODY_DEPTH).of(ty, 0))
            }
            BodyKind::Text => Some(Object::new().text("type", "string").finish()),
            BodyKind::Bytes | BodyKind::Multipart(_) => None,
        };
        match schema {
            Some(mut schema) => {
                let doc = body.doc.as_deref().unwrap_or("The request body.");
                describe(&mut schema, doc);
                properties.insert("body".into(), schema);
                if body.required {
                    required.push("body".into());
                }
                inputs.push(Input {
                    name: "body".into(),
                    cli: Some("--body".into()),
                    list: false,
                    json: !matches!(body.kind, BodyKind::Text),
                });
            }
            None if body.required => return None,
            None => {}
        }
    }
    Some(Inputs {
        properties,
        required,
        cli: inputs,
    })
}

fn bool_text(value: bool) -> &'static str {
    match value {
        true => "true",
        false => "false",
    }
}

/// The tools' output schemas, each type's written once: many operations
/// return the same type, and its schema is the same each time.
#[derive(Default)]
struct OutputSchemas {
    written: std::collections::HashMap<TypeRef, String>,
}

impl OutputSchemas {
    /// The tool's line: `entry` with its operation's output schema, if it
    /// has one, as the last key.
    fn add(&mut self, api: &Api, op: &Operation, mut entry: String) -> String {
        let Some(ty) = op.successes().find_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        }) else {
            return entry;
        };
        let schema = self.written.entry(ty.clone()).or_insert_with(|| {
            let mut schemas = Schemas::new(api, OUTPUT_DEPTH);
            schemas.described = false;
            schemas.of(ty, 0)
        });
        add_key(&mut entry, "output_schema", schema);
        entry
    }
}

/// Paragraphs as sentences on one line: a paragraph that does not end
/// one (a heading, the summary) gets its full stop; the lines of one
/// paragraph are joined by spaces.
fn sentences(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n") {
        let paragraph = crate::text::one_line(paragraph);
        if paragraph.is_empty() {
            continue;
        }
        if !out.is_empty() {
            if !out.ends_with(['.', '!', '?', ':']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(&paragraph);
    }
    out
}

/// How a schema of type string starts (`{"type":"string"}`, and with
/// its values).
const STRING: &str = "{\"type\":\"string\"";

/// `{"type":"NAME"}`.
fn typed(name: &str) -> String {
    Object::new().text("type", name).finish()
}

/// `{"type":"string","enum":[..]}`.
fn one_of(values: &[&str]) -> String {
    Object::new()
        .text("type", "string")
        .raw("enum", &json_list(values))
        .finish()
}

/// The schema of one parameter's value, as the command line takes it;
/// `None` for a file.
fn param_schema(cli: &CliValue) -> Option<String> {
    Some(match cli {
        CliValue::Bool => typed("boolean"),
        CliValue::Scalar(TypeRef::I32 | TypeRef::I64) => typed("integer"),
        CliValue::Scalar(TypeRef::F32 | TypeRef::F64) => typed("number"),
        CliValue::Scalar(_) => typed("string"),
        CliValue::Enum { values, .. } => {
            one_of(&values.iter().map(String::as_str).collect::<Vec<_>>())
        }
        CliValue::Json => "{}".to_string(),
        CliValue::File => return None,
        CliValue::List(inner) => Object::new()
            .text("type", "array")
            .raw("items", &param_schema(inner)?)
            .finish(),
    })
}

/// Sets a schema's description to `text`, cut to its first sentence.
fn describe(schema: &mut String, text: &str) {
    let text = cut(text, PROPERTY_TEXT);
    if !text.is_empty() {
        add_key(schema, "description", &string(&text));
    }
}

/// `text` on one line, cut at a sentence's end (or a word's) before `max`
/// characters.
fn cut(text: &str, max: usize) -> String {
    let line = crate::text::one_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let head: String = line.chars().take(max).collect();
    let end = head
        .rfind(". ")
        .map(|i| i + 1)
        .or_else(|| head.rfind(' '))
        .unwrap_or(head.len());
    format!("{}…", head[..end].trim_end())
}

/// JSON Schemas of the model's types, inlined to a depth, within a budget.
struct Schemas<'a> {
    api: &'a Api,
    depth: usize,
    nodes: usize,
    /// Properties keep their descriptions (inputs do, outputs do not).
    described: bool,
}

impl<'a> Schemas<'a> {
    fn new(api: &'a Api, depth: usize) -> Self {
        Schemas {
            api,
            depth,
            nodes: 0,
            described: true,
        }
    }

    /// The schema of `ty`, `level` named types deep.
    fn of(&mut self, ty: &TypeRef, level: usize) -> String {
        self.nodes += 1;
        match ty {
            TypeRef::String | TypeRef::File => typed("string"),
            TypeRef::Bool => typed("boolean"),
            TypeRef::I32 | TypeRef::I64 => typed("integer"),
            TypeRef::F32 | TypeRef::F64 => typed("number"),
            TypeRef::Json => "{}".to_string(),
            TypeRef::JsonObject => typed("object"),
            TypeRef::Vec(item) => Object::new()
                .text("type", "array")
                .raw("items", &self.of(item, level))
                .finish(),
            TypeRef::Map(value) => Object::new()
                .text("type", "object")
                .raw("additionalProperties", &self.of(value, level))
                .finish(),
            TypeRef::Option(inner) => self.of(inner, level),
            TypeRef::Named(id) => self.named(*id, level),
        }
    }

    /// The schema of a named type: an alias's, an enum's values, a
    /// struct's properties and a union's variants inlined while the
    /// depth and the budget last.
    fn named(&mut self, id: crate::model::TypeId, level: usize) -> String {
        let within = level < self.depth && self.nodes < MAX_NODES;
        match self.api.type_def(id).map(|d| &d.kind) {
            Some(TypeKind::Alias(inner)) if level <= self.depth => self.of(inner, level + 1),
            Some(TypeKind::Enum { variants }) => one_of(
                &variants
                    .iter()
                    .map(|v| v.value.as_str())
                    .collect::<Vec<_>>(),
            ),
            Some(TypeKind::Struct { fields, .. }) if within => {
                let mut properties = Properties::default();
                let mut required = Vec::new();
                for field in fields {
                    let mut schema = self.of(&field.ty, level + 1);
                    if let Some(format) = &field.format {
                        if schema.starts_with(STRING) {
                            add_key(&mut schema, "format", &string(format));
                        }
                    }
                    if self.described {
                        describe(&mut schema, field.doc.as_deref().unwrap_or_default());
                    }
                    if field.required {
                        required.push(field.wire.as_str());
                    }
                    properties.insert(field.wire.clone(), schema);
                }
                properties.schema(&required)
            }
            Some(TypeKind::Union { variants }) if within => {
                let any: Vec<String> = variants.iter().map(|v| self.of(&v.ty, level + 1)).collect();
                Object::new()
                    .raw("anyOf", &format!("[{}]", any.join(",")))
                    .finish()
            }
            Some(TypeKind::Struct { .. }) => typed("object"),
            _ => "{}".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cut, sentences};

    #[test]
    fn paragraphs_become_sentences_on_one_line() {
        assert_eq!(
            sentences("Cancel invite\n\nMarks it and any outstanding email\nlinks stop."),
            "Cancel invite. Marks it and any outstanding email links stop."
        );
    }

    #[test]
    fn descriptions_are_cut_at_a_sentence_or_a_word() {
        assert_eq!(cut("Short one.", 40), "Short one.");
        assert_eq!(
            cut("First sentence here. Second sentence is longer.", 30),
            "First sentence here.…"
        );
        assert_eq!(cut("one two three four", 10), "one two…");
    }
}
