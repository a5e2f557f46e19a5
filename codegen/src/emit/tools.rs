//! `tools.json`: each operation as an MCP tool (the `mcp` command serves
//! them): its name (the command's), title and description from the same
//! texts as `--help`, the JSON Schema of its input (parameters by their
//! wire names, the body under `body`, with `$ref`s inlined to a bounded
//! depth and descriptions cut to a sentence), its output schema, and how
//! each input becomes the command's argument or flag.
//!
//! Operations the spec marks `x-mcp-ignore: true` (or the customisation's
//! `mcp_ignore` lists) are left out, and so are those that need a file.

use serde_json::{json, Map, Value};

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
    let program = Value::from(api.program.as_str());
    let text = format!(
        "{{\"program\": {program}, \"tools\": [\n{}\n]}}\n",
        lines.join(",\n")
    );
    let text = crate::text::json_escaped(&text);
    Emitted::Text {
        path: FILE.to_string(),
        text,
    }
}

/// One operation's tool; `None` when it needs what a tool cannot send (a file).
fn tool(api: &Api, op: &Operation) -> Option<Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut inputs = Vec::new();
    for param in op.request_fields() {
        let Some(schema) = param_schema(&param.cli) else {
            if param.required {
                return None;
            }
            continue;
        };
        let mut schema = schema;
        describe(&mut schema, &param.help);
        let name = match properties.contains_key(&param.wire) {
            true => param.flag.clone(),
            false => param.wire.clone(),
        };
        let cli = match param.location {
            ParamLocation::Path => Value::Null,
            _ => json!(format!("--{}", param.flag)),
        };
        inputs.push(json!({"name": name, "cli": cli, "list": param.cli.is_list(), "json": matches!(param.cli, CliValue::Json)}));
        // An idempotency key the runtime makes up is not the caller's to give.
        if param.is_argument() {
            required.push(json!(name));
        }
        properties.insert(name, schema);
    }
    if let Some(body) = &op.body {
        let schema = match &body.kind {
            BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => {
                Some(Schemas::new(api, BODY_DEPTH).of(ty, 0))
            }
            BodyKind::Text => Some(json!({"type": "string"})),
            BodyKind::Bytes | BodyKind::Multipart(_) => None,
        };
        match schema {
            Some(mut schema) => {
                let doc = body.doc.as_deref().unwrap_or("The request body.");
                describe(&mut schema, doc);
                properties.insert("body".into(), schema);
                if body.required {
                    required.push(json!("body"));
                }
                let text = matches!(body.kind, BodyKind::Text);
                inputs.push(json!({"name": "body", "cli": "--body", "list": false, "json": !text}));
            }
            None if body.required => return None,
            None => {}
        }
    }
    let mut input = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        input["required"] = Value::Array(required);
    }
    let entry = json!({
        "name": op.names.command,
        "title": op.docs.about,
        "description": cut(&sentences(&op.docs.long_about), TOOL_TEXT),
        "group": op.docs.tag.as_deref().unwrap_or(crate::naming::UNTAGGED_GROUP),
        "method": op.method.as_str(),
        "path": op.path,
        "destructive": op.roles.destructive,
        "paginated": op.paginated(),
        "inputs": inputs,
        "input_schema": input,
    });
    Some(entry)
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
    fn add(&mut self, api: &Api, op: &Operation, entry: Value) -> String {
        let line = entry.to_string();
        let Some(ty) = op.successes().find_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        }) else {
            return line;
        };
        let schema = self.written.entry(ty.clone()).or_insert_with(|| {
            let mut schemas = Schemas::new(api, OUTPUT_DEPTH);
            schemas.described = false;
            schemas.of(ty, 0).to_string()
        });
        // `entry` is an object: its closing brace ends the line.
        let open = &line[..line.len() - 1];
        format!("{open},\"output_schema\":{schema}}}")
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

/// The schema of one parameter's value, as the command line takes it;
/// `None` for a file.
fn param_schema(cli: &CliValue) -> Option<Value> {
    Some(match cli {
        CliValue::Bool => json!({"type": "boolean"}),
        CliValue::Scalar(TypeRef::I32 | TypeRef::I64) => json!({"type": "integer"}),
        CliValue::Scalar(TypeRef::F32 | TypeRef::F64) => json!({"type": "number"}),
        CliValue::Scalar(_) => json!({"type": "string"}),
        CliValue::Enum { values, .. } => json!({"type": "string", "enum": values}),
        CliValue::Json => json!({}),
        CliValue::File => return None,
        CliValue::List(inner) => json!({"type": "array", "items": param_schema(inner)?}),
    })
}

/// Sets a schema's description to `text`, cut to its first sentence.
fn describe(schema: &mut Value, text: &str) {
    let text = cut(text, PROPERTY_TEXT);
    if let (false, Value::Object(map)) = (text.is_empty(), schema) {
        map.insert("description".into(), json!(text));
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
    fn of(&mut self, ty: &TypeRef, level: usize) -> Value {
        self.nodes += 1;
        match ty {
            TypeRef::String => json!({"type": "string"}),
            TypeRef::Bool => json!({"type": "boolean"}),
            TypeRef::I32 | TypeRef::I64 => json!({"type": "integer"}),
            TypeRef::F32 | TypeRef::F64 => json!({"type": "number"}),
            TypeRef::Json => json!({}),
            TypeRef::JsonObject => json!({"type": "object"}),
            TypeRef::File => json!({"type": "string"}),
            TypeRef::Vec(item) => json!({"type": "array", "items": self.of(item, level)}),
            TypeRef::Map(value) => {
                json!({"type": "object", "additionalProperties": self.of(value, level)})
            }
            TypeRef::Option(inner) => self.of(inner, level),
            TypeRef::Named(id) => match self.api.type_def(*id).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) if level <= self.depth => self.of(inner, level + 1),
                Some(TypeKind::Enum { variants }) => {
                    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
                    json!({"type": "string", "enum": values})
                }
                Some(TypeKind::Struct { fields, .. })
                    if level < self.depth && self.nodes < MAX_NODES =>
                {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for field in fields {
                        let mut schema = self.of(&field.ty, level + 1);
                        if let (Some(format), Value::Object(map)) = (&field.format, &mut schema) {
                            if map.get("type") == Some(&json!("string")) {
                                map.insert("format".into(), json!(format));
                            }
                        }
                        if self.described {
                            describe(&mut schema, field.doc.as_deref().unwrap_or_default());
                        }
                        if field.required {
                            required.push(json!(field.wire));
                        }
                        properties.insert(field.wire.clone(), schema);
                    }
                    let mut schema = json!({"type": "object", "properties": properties});
                    if !required.is_empty() {
                        schema["required"] = Value::Array(required);
                    }
                    schema
                }
                Some(TypeKind::Union { variants })
                    if level < self.depth && self.nodes < MAX_NODES =>
                {
                    let any: Vec<Value> =
                        variants.iter().map(|v| self.of(&v.ty, level + 1)).collect();
                    json!({"anyOf": any})
                }
                Some(TypeKind::Struct { .. }) => json!({"type": "object"}),
                _ => json!({}),
            },
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
