//! The clap arguments of a JSON body, made from the command catalog:
//! `--body`, a typed flag per top-level field, `--raw` and the shorthand
//! arguments, with the catalog's names and help texts.

use std::collections::HashMap;
use std::sync::Mutex;

use clap::builder::{PossibleValuesParser, StringValueParser, TypedValueParser};
use clap::{Arg, ArgAction};
use serde_json::Value;

use super::super::shorthand;
use super::{FieldValue, Shorthand, Written, FIELD, HEADING, LIST_FIELD, SHORTHAND};

/// A command's body flags and texts, from the catalog.
#[derive(Debug, Default)]
pub(super) struct BodySpec {
    /// The tool's name, for the usage line.
    program: String,
    /// The spec requires a body.
    pub(super) required: bool,
    body_help: String,
    raw_help: String,
    shorthand_help: String,
    pub(super) flags: Vec<Input>,
    pub(super) string_paths: Vec<String>,
    /// What is checked of the merged body (`body/shape.rs`).
    pub(super) shape: Shape,
    /// What the command's help says after its flags (required fields, an
    /// example, a destructive command's warning), from the model.
    pub(super) after_help: Option<String>,
    /// The command's summary, its help's first line.
    pub(super) summary: String,
}

/// The catalog's `fields`, `required_fields`, `enum_paths` and
/// `format_paths` of a body.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Shape {
    /// Top-level field names.
    #[serde(default)]
    pub(super) fields: Vec<String>,
    /// Required fields, by path.
    #[serde(default)]
    pub(super) required_fields: Vec<RequiredField>,
    /// Allowed values, by path.
    #[serde(default)]
    pub(super) enum_paths: std::collections::BTreeMap<String, Vec<String>>,
    /// Checked string formats (`date-time`, `email`...), by path.
    #[serde(default)]
    pub(super) format_paths: std::collections::BTreeMap<String, String>,
}

/// A required field: its path and its type as people name it.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct RequiredField {
    pub(super) path: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct Input {
    pub(super) name: String,
    #[serde(rename = "type")]
    kind: String,
    repeatable: bool,
    #[serde(default)]
    values: Vec<String>,
    help: String,
    #[serde(default)]
    long_help: Option<String>,
    #[serde(default)]
    pub(super) field: Option<String>,
    #[serde(default)]
    pub(super) deprecated: bool,
}

#[derive(serde::Deserialize)]
struct Entry {
    name: String,
    arguments: Vec<Input>,
    flags: Vec<Input>,
    body: Option<BodyEntry>,
    #[serde(default)]
    after_help: Option<String>,
    #[serde(default)]
    summary: String,
}

#[derive(serde::Deserialize)]
struct BodyEntry {
    required: bool,
    #[serde(default)]
    string_paths: Vec<String>,
    #[serde(flatten)]
    shape: Shape,
}

type Specs = HashMap<String, &'static BodySpec>;

/// The body spec of `command` in `catalog`: the first read alone where the
/// catalog is laid out as the generator writes it (one command runs per
/// process, and the catalog is large), any other with the whole catalog,
/// once.
pub(super) fn spec(catalog: &'static str, command: &str) -> &'static BodySpec {
    static EMPTY: BodySpec = BodySpec {
        program: String::new(),
        required: false,
        body_help: String::new(),
        raw_help: String::new(),
        shorthand_help: String::new(),
        flags: Vec::new(),
        string_paths: Vec::new(),
        shape: Shape {
            fields: Vec::new(),
            required_fields: Vec::new(),
            enum_paths: std::collections::BTreeMap::new(),
            format_paths: std::collections::BTreeMap::new(),
        },
        after_help: None,
        summary: String::new(),
    };
    /// Per catalog: the specs read, and whether all of them are.
    static READ: Mutex<Vec<(usize, Specs, bool)>> = Mutex::new(Vec::new());
    let Ok(mut read) = READ.lock() else {
        return &EMPTY;
    };
    let key = catalog.as_ptr() as usize;
    let at = match read.iter().position(|(k, _, _)| *k == key) {
        Some(at) => at,
        None => {
            read.push((key, Specs::new(), false));
            read.len() - 1
        }
    };
    let (_, specs, whole) = &mut read[at];
    if let Some(spec) = specs.get(command) {
        return spec;
    }
    // The first command is read alone; a second means a tree of many
    // (help, completion, man pages), for which one read of all is faster.
    if !*whole {
        if let Some(one) = specs
            .is_empty()
            .then(|| read_one(catalog, command))
            .flatten()
        {
            let one: &'static BodySpec = Box::leak(Box::new(one));
            specs.insert(command.to_string(), one);
            return one;
        }
        for (name, spec) in read_all(catalog) {
            specs
                .entry(name)
                .or_insert_with(|| Box::leak(Box::new(spec)));
        }
        *whole = true;
    }
    specs.get(command).copied().unwrap_or(&EMPTY)
}

/// What the help of `command` says after its flags, and its summary, from
/// `catalog`.
pub(in super::super) fn help_texts(
    catalog: &'static str,
    command: &str,
) -> (Option<&'static str>, &'static str) {
    let spec = spec(catalog, command);
    (spec.after_help.as_deref(), spec.summary.as_str())
}

/// The spec of `command` read from its entry alone. The generator writes
/// the catalog pretty-printed, each command an object whose first line
/// names it at six spaces' indent (a string holds no raw newline, so only
/// an entry can match); `None` when the catalog is laid out otherwise.
fn read_one(catalog: &str, command: &str) -> Option<BodySpec> {
    use serde::Deserialize;
    let named = format!(
        "\n      \"name\": {},\n",
        serde_json::to_string(command).ok()?
    );
    let at = catalog.find(&named)?;
    let start = catalog[..at].rfind('{')?;
    if !catalog[start + 1..at].trim().is_empty() {
        return None;
    }
    let entry =
        Entry::deserialize(&mut serde_json::Deserializer::from_str(&catalog[start..])).ok()?;
    let head = catalog.find("\n  \"program\": ")? + "\n  \"program\": ".len();
    let program =
        String::deserialize(&mut serde_json::Deserializer::from_str(&catalog[head..])).ok()?;
    (entry.name == command).then(|| entry_spec(entry, program).1)
}

/// Every command's spec in `catalog`.
fn read_all(catalog: &str) -> Vec<(String, BodySpec)> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        program: String,
        commands: Vec<Entry>,
    }
    let Ok(file) = serde_json::from_str::<File>(catalog) else {
        return Vec::new();
    };
    let program = file.program;
    file.commands
        .into_iter()
        .map(|entry| entry_spec(entry, program.clone()))
        .collect()
}

/// A command's name and body spec from its catalog entry.
fn entry_spec(entry: Entry, program: String) -> (String, BodySpec) {
    let Some(body) = entry.body else {
        let spec = BodySpec {
            after_help: entry.after_help,
            summary: entry.summary,
            program,
            ..Default::default()
        };
        return (entry.name, spec);
    };
    let mut spec = BodySpec {
        required: body.required,
        string_paths: body.string_paths,
        shape: body.shape,
        after_help: entry.after_help,
        summary: entry.summary,
        program,
        ..Default::default()
    };
    for flag in entry.flags {
        match flag.name.as_str() {
            "--body" => spec.body_help = flag.help,
            "--raw" => spec.raw_help = flag.help,
            _ if flag.field.is_some() => spec.flags.push(flag),
            _ => {}
        }
    }
    if let Some(shorthand) = entry.arguments.into_iter().find(|a| a.kind == "shorthand") {
        spec.shorthand_help = shorthand.help;
    }
    (entry.name, spec)
}

/// `--body`, a flag per field, `--raw` and the shorthand arguments.
pub(super) fn body_args(mut command: clap::Command, spec: &'static BodySpec) -> clap::Command {
    let written = StringValueParser::new().try_map(move |raw| Written::read(&raw, spec));
    let shorthand = StringValueParser::new().try_map(move |raw| {
        shorthand::parse(&raw, &spec.string_paths).map(|fields| Shorthand(spec, fields))
    });
    let body = Arg::new("body")
        .long("body")
        .value_name("JSON")
        .help_heading(HEADING)
        .help(spec.body_help.as_str())
        .value_parser(written);
    // A required body needs one of its inputs, and the usage line says
    // they are alternatives; what the merged body must hold is checked
    // once merged.
    if spec.required {
        let inputs = std::iter::once("body".to_string())
            .chain(spec.flags.iter().filter_map(field_id))
            .chain([SHORTHAND.to_string()]);
        // `edit` takes the body from the editor.
        command = command.group(
            clap::ArgGroup::new(super::BODY_GIVEN)
                .args(inputs)
                .required(!super::super::edit::editing())
                .multiple(true),
        );
        command = required_body_usage(command, spec);
    }
    let mut command = command.arg(body);
    for flag in &spec.flags {
        if let Some(arg) = field_arg(flag, spec) {
            command = command.arg(arg);
        }
    }
    command
        .arg(
            Arg::new("raw")
                .long("raw")
                .action(ArgAction::SetTrue)
                .help_heading(HEADING)
                .help(spec.raw_help.as_str()),
        )
        .arg(
            Arg::new(SHORTHAND)
                .value_name("FIELD:VALUE")
                .num_args(1..)
                .action(ArgAction::Append)
                .help(spec.shorthand_help.as_str())
                .value_parser(shorthand),
        )
}

/// The usage line of a command with a required body: its arguments, then
/// the body's inputs as alternatives (clap would list every field flag).
fn required_body_usage(command: clap::Command, spec: &BodySpec) -> clap::Command {
    if spec.program.is_empty() {
        return command;
    }
    let positionals: Vec<String> = command
        .get_positionals()
        .map(|a| {
            let name = a
                .get_value_names()
                .and_then(|n| n.first())
                .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
            format!("<{name}>")
        })
        .collect();
    let fields = match spec.flags.is_empty() {
        true => "",
        false => "|field flags",
    };
    let usage = format!(
        "{} {} [OPTIONS] {}<--body <JSON>|FIELD:VALUE...{fields}>",
        spec.program,
        command.get_name(),
        positionals
            .iter()
            .map(|p| format!("{p} "))
            .collect::<String>()
    );
    command.override_usage(usage)
}

/// The clap id of a field's flag: `body:name`, `body[]:tags` for a
/// repeatable one.
fn field_id(flag: &Input) -> Option<String> {
    let prefix = if flag.repeatable { LIST_FIELD } else { FIELD };
    Some(format!("{prefix}{}", flag.field.as_deref()?))
}

/// The flag of one top-level field, typed as the catalog says.
fn field_arg(flag: &'static Input, spec: &'static BodySpec) -> Option<Arg> {
    let tag = move |value| FieldValue(spec, value);
    let mut arg = Arg::new(field_id(flag)?)
        .long(flag.name.trim_start_matches('-'))
        .help_heading(HEADING)
        .help(flag.help.as_str())
        .long_help(flag.long_help.as_deref())
        .action(if flag.repeatable {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    arg = match flag.kind.as_str() {
        "boolean" => arg
            .value_name("BOOL")
            .num_args(0..=1)
            .default_missing_value("true")
            .value_parser(clap::builder::BoolValueParser::new().map(move |b| tag(Value::Bool(b)))),
        "integer" => arg.value_name("INTEGER").value_parser(
            StringValueParser::new()
                .try_map(move |n| n.trim().parse::<i64>().map(|n| tag(Value::from(n)))),
        ),
        "number" => arg
            .value_name("NUMBER")
            .value_parser(StringValueParser::new().try_map(move |n| {
                n.trim()
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(|n| tag(Value::Number(n)))
                    .ok_or("not a number")
            })),
        "string" if !flag.values.is_empty() => arg.value_name("STRING").value_parser(
            PossibleValuesParser::new(flag.values.iter().map(String::as_str))
                .map(move |v| tag(Value::String(v))),
        ),
        "string" => arg
            .value_name("STRING")
            .value_parser(StringValueParser::new().map(move |v| tag(Value::String(v)))),
        _ => return None,
    };
    Some(arg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> serde_json::Value {
        let entry = |name: &str, body: bool| {
            serde_json::json!({
                "name": name,
                "arguments": [{"name": "FIELD:VALUE", "type": "shorthand", "repeatable": true, "help": "Fields"}],
                "flags": [
                    {"name": "--body", "type": "json", "repeatable": false, "help": "The body"},
                    {"name": "--title", "type": "string", "repeatable": false, "help": "Title", "field": "title"}
                ],
                "body": body.then(|| serde_json::json!({"required": true, "fields": ["title"]})),
                "after_help": format!("About {name}"),
            })
        };
        serde_json::json!({
            "program": "tool",
            "commands": [entry("list-alerts", false), entry("create-alert", true)],
            "resources": [{"name": "create-alert"}],
        })
    }

    #[test]
    fn one_entry_reads_as_the_whole_catalog_does() {
        let pretty = serde_json::to_string_pretty(&catalog()).unwrap();
        let all = read_all(&pretty);
        assert_eq!(all.len(), 2);
        for (name, whole) in &all {
            let one = read_one(&pretty, name).unwrap();
            assert_eq!(format!("{one:?}"), format!("{whole:?}"));
        }
        let create = read_one(&pretty, "create-alert").unwrap();
        assert!(create.required && create.flags.len() == 1 && create.program == "tool");
        assert_eq!(create.after_help.as_deref(), Some("About create-alert"));
        // Not laid out as the generator writes it, or not there: the whole
        // catalog is read instead.
        let compact = serde_json::to_string(&catalog()).unwrap();
        assert!(read_one(&compact, "create-alert").is_none());
        assert!(read_one(&pretty, "delete-alert").is_none());
        let leaked: &'static str = Box::leak(compact.into_boxed_str());
        assert_eq!(spec(leaked, "create-alert").body_help, "The body");
    }
}
