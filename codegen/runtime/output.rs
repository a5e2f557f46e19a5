//! Printing responses: `--fields`, then `--jq`, then JSON, JSON lines,
//! YAML, TOON, a table or CSV; to stdout or, atomically, to a file.
//!
//! - `table`: the rows a response holds, tables and CSV.
//! - `fields`: `--fields`, the fields of each row.
//! - `filter`: `--jq` filters.
//! - `sink`: stdout, or a file written atomically (`--output-file`).

mod fields;
mod filter;
pub(crate) mod signals;
mod sink;
mod table;

use std::io::IsTerminal;

use serde_json::Value;

pub use fields::Fields;
pub use filter::Filter;
pub use sink::{file_name, AtomicFile, Sink};
pub use table::rows;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Pretty JSON (the default when stdout is not a terminal).
    Json,
    /// JSON lines: one line of compact JSON per item of a list (with
    /// --all, page by page as the pages arrive).
    Jsonl,
    /// YAML.
    Yaml,
    /// TOON, token-oriented object notation: lists of objects as one
    /// header and a line per row (the default in agent mode).
    Toon,
    /// A table fitted to the terminal (the default on a terminal).
    Table,
    /// CSV with a header row.
    Csv,
}

impl Format {
    /// The formats meant for programs: with one of them chosen, a failure
    /// is printed as the JSON envelope too.
    pub const FOR_PROGRAMS: [Format; 3] = [Format::Json, Format::Jsonl, Format::Toon];

    /// The name `-o` takes (`json`, `jsonl`...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Yaml => "yaml",
            Format::Toon => "toon",
            Format::Table => "table",
            Format::Csv => "csv",
        }
    }

    /// The chosen format, or the default for where stdout goes.
    pub fn resolve(chosen: Option<Format>) -> Format {
        chosen.unwrap_or_else(|| {
            if std::io::stdout().is_terminal() {
                Format::Table
            } else {
                Format::Json
            }
        })
    }
}

/// What turns a response into text: the chosen fields, then the filter,
/// then the format.
#[derive(Debug)]
pub struct Printer {
    /// The output format.
    pub format: Format,
    fields: Option<Fields>,
    filter: Option<Filter>,
    width: usize,
    color: bool,
}

impl Printer {
    /// A printer for `format` with `--fields` and `--jq`; `color` bolds a
    /// table's header, which fits the terminal.
    pub fn new(
        format: Format,
        fields: Option<Fields>,
        filter: Option<Filter>,
        color: bool,
    ) -> Self {
        Printer {
            format,
            fields,
            filter,
            width: terminal_width(),
            color,
        }
    }

    /// `value` as text: its fields chosen (`--fields`), then filtered
    /// (`--jq`), then in the format. The error is one line.
    pub fn text(&self, value: Value) -> Result<String, String> {
        self.text_of(value, false)
    }

    /// [`Self::text`] for a value that is `one` resource, not a list: an
    /// object holding one array of objects is still shown as itself (its
    /// fields as a table's rows, one JSON line), not as that array.
    pub fn text_of(&self, value: Value, one: bool) -> Result<String, String> {
        let one = one && value.is_object();
        let value = match &self.fields {
            Some(fields) if one => fields.pick(&value),
            Some(fields) => fields.project(value),
            None => value,
        };
        let values = match &self.filter {
            Some(filter) => filter.run(value).map_err(|e| format!("--jq: {e}"))?,
            None => vec![value],
        };
        let (values, chosen) = if one && self.filter.is_none() {
            let shown = values.into_iter().map(|v| self.as_itself(v)).collect();
            (shown, &[][..])
        } else {
            (values, self.fields.as_ref().map_or(&[][..], Fields::names))
        };
        render_each(&values, self.format, chosen, self.width, self.color)
            .map_err(|e| format!("cannot print the result: {e}"))
    }

    /// One object as the formats that look for rows show it: a table or
    /// CSV a row per field (`field`, `value`), JSON lines one line.
    fn as_itself(&self, value: Value) -> Value {
        match (self.format, value) {
            (Format::Table | Format::Csv, Value::Object(map)) => Value::Array(
                map.into_iter()
                    .map(|(field, value)| serde_json::json!({"field": field, "value": value}))
                    .collect(),
            ),
            (Format::Jsonl, value) => Value::Array(vec![value]),
            (_, value) => value,
        }
    }
}

/// Renders values in `format`; `width` bounds a table, `color` bolds its header.
pub fn render(
    values: &[Value],
    format: Format,
    width: usize,
    color: bool,
) -> Result<String, String> {
    render_each(values, format, &[], width, color)
}

/// [`render`], with the `chosen` columns of a table or CSV first.
fn render_each(
    values: &[Value],
    format: Format,
    chosen: &[String],
    width: usize,
    color: bool,
) -> Result<String, String> {
    let mut out = String::new();
    for value in values {
        match format {
            Format::Json => {
                out.push_str(&serde_json::to_string_pretty(value).map_err(|e| e.to_string())?);
                out.push('\n');
            }
            Format::Jsonl => out.push_str(&json_lines(value)?),
            Format::Yaml => out.push_str(&serde_yaml::to_string(value).map_err(|e| e.to_string())?),
            Format::Toon => {
                out.push_str(&toon_format::encode_default(value).map_err(|e| e.to_string())?);
                out.push('\n');
            }
            Format::Csv => out.push_str(&table::csv(value, chosen)?),
            Format::Table => out.push_str(&table::table(value, chosen, width, color)),
        }
    }
    Ok(out)
}

/// One line of compact JSON per row ([`rows`]); any other value is one line.
fn json_lines(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    let items = match rows(value) {
        Some(items) => items.as_slice(),
        None => std::slice::from_ref(value),
    };
    for item in items {
        out.push_str(&serde_json::to_string(item).map_err(|e| e.to_string())?);
        out.push('\n');
    }
    Ok(out)
}

/// The terminal's width, or 100 columns when it is unknown.
pub fn terminal_width() -> usize {
    terminal_size::terminal_size()
        .map(|(w, _)| w.0 as usize)
        .unwrap_or(100)
}

/// Whether to colour: only on a terminal, and never with `NO_COLOR` set.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes text to stdout; a closed pipe (`dci ... | head`) is not an error.
pub fn print(text: &str) {
    let _ = Sink::Stdout.write(text);
}

/// The API key, once read: nothing printed afterwards shows it.
static SECRETS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Registers a credential (the API key, each scheme's) so that [`redact`]
/// hides it, even where a server echoes it back. Credentials shorter than
/// 8 characters are not looked for, so that ordinary text is never garbled.
pub fn hide(secret: &str) {
    if secret.len() >= 8 {
        if let Ok(mut secrets) = SECRETS.lock() {
            if !secrets.iter().any(|s| s == secret) {
                secrets.push(secret.to_string());
            }
        }
    }
}

/// `text` with every registered credential replaced by `[redacted]`.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(secrets) = SECRETS.lock() else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut text = std::borrow::Cow::Borrowed(text);
    for secret in secrets.iter() {
        if text.contains(secret.as_str()) {
            text = std::borrow::Cow::Owned(text.replace(secret.as_str(), "[redacted]"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn printer(format: Format, fields: Option<&str>, jq: Option<&str>) -> Printer {
        Printer {
            format,
            fields: fields.map(|f| Fields::parse(f).unwrap()),
            filter: jq.map(|f| Filter::compile(f).unwrap()),
            width: 80,
            color: false,
        }
    }

    fn users() -> Value {
        json!({"users": [
            {"id": 1, "name": "Ann", "team": {"name": "core"}},
            {"id": 2, "name": "Bob, Jr.", "team": {"name": "web"}},
        ], "rowCount": 2})
    }

    #[test]
    fn an_empty_list_is_a_definite_empty_result_in_every_format() {
        let value = json!({"users": [], "rowCount": 0});
        let shown = |format| render(std::slice::from_ref(&value), format, 80, false).unwrap();
        assert_eq!(shown(Format::Table), "(no items)\n");
        assert_eq!(shown(Format::Csv), "value\n");
        assert!(shown(Format::Json).contains("\"users\": []"));
        assert_eq!(shown(Format::Jsonl), "");
        assert_eq!(shown(Format::Toon), "users: []\nrowCount: 0\n");
    }

    #[test]
    fn toon_prints_a_list_of_objects_as_a_table_and_decodes_to_the_same_json() {
        let list = json!([{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}]);
        let text = printer(Format::Toon, None, None)
            .text(list.clone())
            .unwrap();
        assert_eq!(text, "[2]{id,name}:\n  1,Ann\n  2,Bob\n");
        for value in [list, users(), json!({"n": 1.5, "s": "a: b", "none": null})] {
            let text = printer(Format::Toon, None, None)
                .text(value.clone())
                .unwrap();
            let decoded: Value = toon_format::decode_default(&text).unwrap();
            assert_eq!(decoded, value, "{text}");
        }
    }

    #[test]
    fn jsonl_prints_a_line_per_row_and_other_values_on_one_line() {
        let text = printer(Format::Jsonl, None, None).text(users()).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines, users()["users"].as_array().unwrap().clone());
        let text = printer(Format::Jsonl, None, None)
            .text(json!({"id": 1, "tags": ["a"]}))
            .unwrap();
        assert_eq!(text, "{\"id\":1,\"tags\":[\"a\"]}\n");
        let text = printer(Format::Jsonl, None, Some(".users[] | .id"))
            .text(users())
            .unwrap();
        assert_eq!(text, "1\n2\n");
    }

    #[test]
    fn fields_choose_the_columns_of_every_format_in_order() {
        let shown = |format| {
            printer(format, Some("team.name,id"), None)
                .text(users())
                .unwrap()
        };
        assert_eq!(
            shown(Format::Table),
            "TEAM.NAME  ID\ncore       1\nweb        2\n"
        );
        assert_eq!(shown(Format::Csv), "team.name,id\ncore,1\nweb,2\n");
        assert_eq!(
            serde_json::from_str::<Value>(&shown(Format::Json)).unwrap(),
            json!([{"team.name": "core", "id": 1}, {"team.name": "web", "id": 2}])
        );
        assert_eq!(
            shown(Format::Jsonl),
            "{\"team.name\":\"core\",\"id\":1}\n{\"team.name\":\"web\",\"id\":2}\n"
        );
        assert_eq!(
            shown(Format::Toon),
            "[2]{team.name,id}:\n  core,1\n  web,2\n"
        );
        let missing = printer(Format::Csv, Some("id,nope"), None)
            .text(users())
            .unwrap();
        assert_eq!(missing, "id,nope\n1,\n2,\n");
    }

    #[test]
    fn fields_come_before_the_filter() {
        let text = printer(Format::Json, Some("name"), Some("map(.name)"))
            .text(users())
            .unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json!(["Ann", "Bob, Jr."])
        );
        let error = printer(Format::Json, Some("name"), Some(".users[]"))
            .text(users())
            .unwrap_err();
        assert!(error.starts_with("--jq: "), "{error}");
    }
}
