//! A command's examples, each a command line that runs: the spec's own
//! (`x-codeSamples` in a shell language, lines that start with the tool's
//! name and name this command), then one made of its required inputs.
//! Each input of the made one takes the value the spec gives it (its
//! example, an enum's first value, a value of its format), else a
//! placeholder in capitals where a free-form string is all the spec says.
//! A test runs every example of dci against a local server.

use indexmap::IndexMap;
use serde_json::Value;

use super::{Body, BodyKind, CliValue, Operation, Param, ParamLocation, TypeRef};

/// One example: a command line, and what it shows where the spec says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// What it shows (the `x-codeSamples` entry's label).
    pub description: Option<String>,
    /// The command line, the tool's name first.
    pub command: String,
}

/// The `lang` of a code sample written for a shell.
const SHELLS: &[&str] = &["shell", "sh", "bash", "zsh", "console", "cli"];

/// Sets `op`'s examples and the text its help shows after its flags.
pub(super) fn describe(op: &mut Operation, extensions: &IndexMap<String, Value>, program: &str) {
    op.docs.examples = examples(op, extensions, program);
    op.docs.after_help = super::help::after_help(op, program);
}

/// The examples of `op` (whose spec object has `extensions`): the spec's
/// first, then the one made of its required inputs (last, always there).
fn examples(op: &Operation, extensions: &IndexMap<String, Value>, program: &str) -> Vec<Example> {
    let tool = crate::naming::kebab(program);
    let mut found = from_spec(op, extensions, &tool);
    let made = required_inputs(op, &tool);
    found.retain(|e| e.command != made);
    found.push(Example {
        description: None,
        command: made,
    });
    found
}

/// The spec's command lines for this command, with their labels.
fn from_spec(op: &Operation, extensions: &IndexMap<String, Value>, tool: &str) -> Vec<Example> {
    let samples = extensions
        .get("x-codeSamples")
        .or_else(|| extensions.get("x-code-samples"));
    let Some(Value::Array(samples)) = samples else {
        return Vec::new();
    };
    let names: Vec<&str> = std::iter::once(op.names.command.as_str())
        .chain(op.names.aliases.iter().map(String::as_str))
        .collect();
    let mut found = Vec::new();
    for sample in samples {
        let lang = sample["lang"].as_str().unwrap_or("").to_ascii_lowercase();
        if !SHELLS.contains(&lang.as_str()) && lang != tool {
            continue;
        }
        let label = sample["label"].as_str().map(str::to_string);
        let source = sample["source"].as_str().unwrap_or("").replace("\\\n", " ");
        for line in source.lines() {
            let line = line.trim();
            let line = line.strip_prefix("$ ").unwrap_or(line).trim();
            let mut words = line.split_whitespace();
            if words.next() == Some(tool) && words.next().is_some_and(|c| names.contains(&c)) {
                found.push(Example {
                    description: label.clone(),
                    command: line.to_string(),
                });
            }
        }
    }
    found
}

/// A command line that runs the command: its arguments, its required
/// flags and its required body fields, each with a value.
fn required_inputs(op: &Operation, tool: &str) -> String {
    let mut words = vec![tool.to_string(), op.names.command.clone()];
    for param in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        words.push(param_value(param));
    }
    for param in op.params.iter().filter(|p| {
        p.required && !matches!(p.location, ParamLocation::Path | ParamLocation::BodyField)
    }) {
        words.push(format!("--{} {}", param.flag, param_value(param)));
    }
    if let Some(body) = &op.body {
        words.extend(body_words(body));
    }
    words.join(" ")
}

/// The words that give a body: its required fields (leaves) in
/// shorthand, a list of objects or an object with nothing required as
/// JSON; a required body none of whose fields is required gets its first
/// field, else `--body` with the least JSON its schema allows.
fn body_words(body: &Body) -> Vec<String> {
    let schema = body.schema_doc.as_deref();
    let mut words = Vec::new();
    if let BodyKind::Multipart(parts) = &body.kind {
        let needing_one = body.parts_needing_one().and_then(|p| {
            p.iter()
                .find(|p| !matches!(p.cli, CliValue::File))
                .or(p.first())
        });
        for part in parts.iter().filter(|p| p.required).chain(needing_one) {
            words.push(format!("--{} {}", part.flag, param_value(part)));
        }
        return words;
    }
    let required = &body.shape.required;
    // The leaves: required fields no other required field is under.
    for field in required.iter().filter(|f| {
        !f.path.contains(['*', '['])
            && !required
                .iter()
                .any(|g| g.path.starts_with(&format!("{}.", f.path)))
    }) {
        let last = field.path.rsplit('.').next().unwrap_or(&field.path);
        let at = schema.and_then(|s| schema_at(s, &field.path));
        let item = at.and_then(|s| s.get("items"));
        let value = match field.kind.strip_prefix("list of ") {
            Some("object") => Some(format!(":{}", json_word(&sample(at, last, DEPTH)))),
            Some(list) => Some(format!(
                "[]:{}",
                item.and_then(|s| spec_value(s, list))
                    .unwrap_or_else(|| placeholder(last))
            )),
            None if field.kind == "object" => {
                Some(format!(":{}", json_word(&sample(at, last, DEPTH))))
            }
            None => at
                .and_then(|s| spec_value(s, &field.kind))
                .or_else(|| kind_value(&field.kind, last))
                .map(|v| format!(":{v}")),
        };
        if let Some(value) = value {
            words.push(format!("{}{value}", field.path));
        }
    }
    let needs_file = matches!(body.kind, BodyKind::Bytes | BodyKind::Text);
    if needs_file && body.required {
        words.push("--body @FILE".to_string());
    } else if body.required && words.is_empty() && body.merged {
        // Nothing required inside a required body: its first field, or
        // the least JSON it takes.
        let first = body.shape.fields.first();
        let at = first.and_then(|f| schema.and_then(|s| schema_at(s, f)));
        match (first, at) {
            (Some(field), Some(at)) => {
                let value = sample(Some(at), field, DEPTH);
                words.push(format!("{field}:{}", json_word(&value)));
            }
            _ => words.push(format!(
                "--body {}",
                json_word(&sample(schema, "body", DEPTH))
            )),
        }
    }
    words
}

/// How deep [`sample`] goes into nested schemas.
const DEPTH: usize = 6;

/// The least value `schema` allows, made of what it says: its example, an
/// enum's first value, the required properties of an object, one item of
/// a list, a value of a string's format, else a placeholder.
fn sample(schema: Option<&Value>, name: &str, depth: usize) -> Value {
    let Some(schema) = schema.filter(|_| depth > 0) else {
        return Value::Object(Default::default());
    };
    if let Some(example) = schema.get("example").or_else(|| schema.get("enum")?.get(0)) {
        return example.clone();
    }
    if let Some(first) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k)?.get(0))
    {
        return sample(Some(first), name, depth - 1);
    }
    let members = schema.get("allOf").and_then(Value::as_array);
    // `allOf` of one schema, for a description beside a `$ref`: that schema.
    if let Some([only]) = members.map(Vec::as_slice) {
        if schema.get("properties").is_none() {
            return sample(Some(only), name, depth - 1);
        }
    }
    let kind = schema.get("type").and_then(Value::as_str);
    match kind {
        Some("array") => Value::Array(vec![sample(schema.get("items"), name, depth - 1)]),
        Some("string") => Value::String(
            schema
                .get("format")
                .and_then(Value::as_str)
                .and_then(format_value)
                .map(str::to_string)
                .unwrap_or_else(|| placeholder(name)),
        ),
        Some("integer") => Value::from(1),
        Some("number") => Value::from(1.5),
        Some("boolean") => Value::Bool(true),
        _ => {
            let mut object = serde_json::Map::new();
            for part in std::iter::once(schema).chain(members.into_iter().flatten()) {
                let required = part.get("required").and_then(Value::as_array);
                for field in required.into_iter().flatten().filter_map(Value::as_str) {
                    let at = property(schema, field);
                    object.insert(field.to_string(), sample(at, field, depth - 1));
                }
            }
            Value::Object(object)
        }
    }
}

/// A JSON value as one shell word.
fn json_word(value: &Value) -> String {
    match value {
        Value::String(s) => shell_word(s),
        other => shell_word(&other.to_string()),
    }
}

/// A parameter's value: the spec's example, else one its type or format
/// allows, else a placeholder.
fn param_value(param: &Param) -> String {
    if let Some(example) = &param.example {
        return shell_word(example);
    }
    let cli = match &param.cli {
        CliValue::List(item) => item,
        other => other,
    };
    let format = param
        .schema_doc
        .as_deref()
        .and_then(|s| s.get("format"))
        .and_then(Value::as_str);
    match cli {
        CliValue::Bool => "true".to_string(),
        CliValue::Enum { values, .. } => values.first().map(|v| shell_word(v)).unwrap_or_default(),
        CliValue::Scalar(TypeRef::I32 | TypeRef::I64) => "1".to_string(),
        CliValue::Scalar(TypeRef::F32 | TypeRef::F64) => "1.5".to_string(),
        CliValue::File => "FILE".to_string(),
        CliValue::Json if matches!(param.ty.non_null(), TypeRef::Vec(_)) => "'[{}]'".to_string(),
        CliValue::Json => "'{}'".to_string(),
        _ => match format.and_then(format_value) {
            Some(value) => value.to_string(),
            None => placeholder(&param.wire),
        },
    }
}

/// What a body field's schema gives as its value: its example, else its
/// enum's first value, else a value of its format.
fn spec_value(schema: &Value, kind: &str) -> Option<String> {
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(shell_word(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    // An example of another type than the field's would not pass.
    let fits = |v: &Value| match kind {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => kind.starts_with("one of ") && v.is_string(),
    };
    let example = schema
        .get("example")
        .or_else(|| schema.get("examples").and_then(|e| e.get(0)))
        .filter(|v| fits(v))
        .and_then(scalar);
    example
        .or_else(|| schema.get("enum").and_then(|e| e.get(0)).and_then(scalar))
        .or_else(|| {
            let format = schema.get("format").and_then(Value::as_str)?;
            format_value(format).map(str::to_string)
        })
}

/// A value of a body field's kind, where the schema gives none.
fn kind_value(kind: &str, name: &str) -> Option<String> {
    Some(match kind {
        "integer" => "1".to_string(),
        "number" => "1.5".to_string(),
        "boolean" => "true".to_string(),
        "string" => placeholder(name),
        kind if kind.starts_with("one of ") => {
            let first = kind["one of ".len()..]
                .split(", ")
                .next()
                .unwrap_or_default();
            shell_word(first)
        }
        _ => return None,
    })
}

/// A value of a string format the CLI checks (and a few more).
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "date" => "2026-01-31",
        "date-time" => "2026-01-31T12:00:00Z",
        "email" => "someone@example.com",
        "uri" | "url" => "https://example.com/",
        "hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        _ => return None,
    })
}

/// The schema of the field at `path` (`config.metric.type`), through
/// `properties` and `allOf` members.
fn schema_at<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(schema, |at, name| property(at, name))
}

fn property<'a>(schema: &'a Value, name: &str) -> Option<&'a Value> {
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|member| property(member, name))
}

/// A placeholder in capitals: what the reader puts there.
fn placeholder(name: &str) -> String {
    heck::ToShoutySnakeCase::to_shouty_snake_case(name)
}

/// `text` as one shell word: as it is when it is plain, else single-quoted.
pub(super) fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.,/@%+=:".contains(c));
    match plain {
        true => text.to_string(),
        false => format!("'{}'", text.replace('\'', r"'\''")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_takes_its_example_then_its_enum_then_its_format() {
        let schema = serde_json::json!({"properties": {
            "config": {"allOf": [{"properties": {
                "name": {"type": "string", "example": "Prod cost"},
                "count": {"type": "integer", "example": "many"},
                "kind": {"enum": ["daily", "weekly"]},
                "start": {"type": "string", "format": "date"},
            }}]},
        }});
        let value =
            |path: &str, kind: &str| schema_at(&schema, path).and_then(|s| spec_value(s, kind));
        assert_eq!(
            value("config.name", "string").as_deref(),
            Some("'Prod cost'")
        );
        assert_eq!(
            value("config.count", "integer"),
            None,
            "an example of another type"
        );
        assert_eq!(
            value("config.kind", "one of daily, weekly").as_deref(),
            Some("daily")
        );
        assert_eq!(
            value("config.start", "string").as_deref(),
            Some("2026-01-31")
        );
        assert!(schema_at(&schema, "config.none").is_none());
    }
}
