//! Printing responses: `--jq` filtering, then JSON, YAML, a table or CSV.

use std::io::{IsTerminal, Write};

use serde_json::Value;

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Pretty JSON (the default when stdout is not a terminal).
    Json,
    /// YAML.
    Yaml,
    /// A table fitted to the terminal (the default on a terminal).
    Table,
    /// CSV with a header row.
    Csv,
}

impl Format {
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

/// A compiled `--jq` filter.
pub struct Filter {
    filter: jaq_core::Filter<jaq_core::Native<jaq_json::Val>>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Filter")
    }
}

impl Filter {
    /// Compiles `code`; the error is one line saying what is wrong.
    pub fn compile(code: &str) -> Result<Filter, String> {
        use jaq_core::load::{Arena, File, Loader};
        let loader = Loader::new(jaq_std::defs().chain(jaq_json::defs()));
        let arena = Arena::default();
        let modules = loader
            .load(&arena, File { code, path: () })
            .map_err(|errors| format!("cannot parse the filter ({} error(s))", errors.len()))?;
        let filter = jaq_core::Compiler::default()
            .with_funs(jaq_std::funs().chain(jaq_json::funs()))
            .compile(modules)
            .map_err(|errors| {
                let names: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, errs)| errs.into_iter().map(|(name, _)| name.to_string()))
                    .collect();
                format!("unknown name(s) in the filter: {}", names.join(", "))
            })?;
        Ok(Filter { filter })
    }

    /// Runs the filter on `input`: every output value, or the first error.
    pub fn run(&self, input: Value) -> Result<Vec<Value>, String> {
        use jaq_core::{Ctx, RcIter};
        let inputs = RcIter::new(core::iter::empty());
        self.filter
            .run((Ctx::new([], &inputs), jaq_json::Val::from(input)))
            .map(|out| {
                out.map(Value::from)
                    .map_err(|e| format!("the filter failed: {e}"))
            })
            .collect()
    }
}

/// The rows a response holds: the array itself, or the one array of
/// objects inside a wrapper (`{"users": [...], "rowCount": 2}`).
pub fn rows(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(map) => {
            let arrays: Vec<&Vec<Value>> = map
                .values()
                .filter_map(|v| v.as_array())
                .filter(|items| items.iter().all(Value::is_object))
                .collect();
            match arrays.as_slice() {
                [only] => Some(only),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A cell's text: strings bare, nested values as compact JSON.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Columns for rows of objects: keys in order of first appearance, scalar
/// ones first (nested values make poor cells).
fn columns(rows: &[Value]) -> Vec<String> {
    let mut scalar = Vec::new();
    let mut nested = Vec::new();
    for row in rows {
        if let Value::Object(map) = row {
            for (key, value) in map {
                if scalar.contains(key) || nested.contains(key) {
                    continue;
                }
                if value.is_object() || value.is_array() {
                    nested.push(key.clone());
                } else {
                    scalar.push(key.clone());
                }
            }
        }
    }
    scalar.extend(nested);
    scalar
}

/// Rows and columns as strings, for a table or CSV: rows of objects by
/// key, a lone object as key/value pairs, anything else one value a row.
fn grid(value: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    if let Some(items) = rows(value) {
        if items.iter().all(Value::is_object) && !items.is_empty() {
            let columns = columns(items);
            let body = items
                .iter()
                .map(|row| columns.iter().map(|c| cell(row.get(c))).collect())
                .collect();
            return (columns, body);
        }
        return (
            vec!["value".to_string()],
            items.iter().map(|v| vec![cell(Some(v))]).collect(),
        );
    }
    match value {
        Value::Object(map) => (
            vec!["field".to_string(), "value".to_string()],
            map.iter()
                .map(|(k, v)| vec![k.clone(), cell(Some(v))])
                .collect(),
        ),
        other => (vec!["value".to_string()], vec![vec![cell(Some(other))]]),
    }
}

/// Renders values in `format`; `width` bounds a table, `color` bolds its header.
pub fn render(
    values: &[Value],
    format: Format,
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
            Format::Yaml => out.push_str(&serde_yaml::to_string(value).map_err(|e| e.to_string())?),
            Format::Csv => {
                let (columns, body) = grid(value);
                let mut writer = csv::Writer::from_writer(Vec::new());
                writer.write_record(&columns).map_err(|e| e.to_string())?;
                for row in body {
                    writer.write_record(&row).map_err(|e| e.to_string())?;
                }
                let bytes = writer.into_inner().map_err(|e| e.to_string())?;
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
            Format::Table => out.push_str(&table(value, width, color)),
        }
    }
    Ok(out)
}

/// A plain-text table that fits `width`: columns are dropped from the right
/// when they cannot fit, and long cells are cut with `…`.
fn table(value: &Value, width: usize, color: bool) -> String {
    const MAX_CELL: usize = 40;
    // An empty list says so, rather than print a header over nothing.
    if rows(value).is_some_and(|items| items.is_empty()) {
        return "(no items)\n".to_string();
    }
    let (columns, body) = grid(value);
    let shown = |s: &str| s.chars().count().min(MAX_CELL);
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            body.iter()
                .map(|r| shown(&r[i]))
                .chain([shown(c)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut keep = 0;
    let mut used = 0;
    for w in &widths {
        if keep > 0 && used + 2 + w > width {
            break;
        }
        used += w + 2;
        keep += 1;
    }
    let fit = |text: &str, w: usize| {
        let count = text.chars().count();
        let text: String = if count > w {
            text.chars()
                .take(w.saturating_sub(1))
                .chain(['…'])
                .collect()
        } else {
            text.to_string()
        };
        let pad = w.saturating_sub(text.chars().count());
        format!("{text}{}", " ".repeat(pad))
    };
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .take(keep)
            .zip(&widths)
            .map(|(c, w)| fit(c.lines().next().unwrap_or(""), *w))
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let header = line(&columns.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>());
    let mut out = if color {
        format!("\u{1b}[1m{header}\u{1b}[0m\n")
    } else {
        format!("{header}\n")
    };
    for row in &body {
        out.push_str(&line(row));
        out.push('\n');
    }
    out
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
    let _ = std::io::stdout().lock().write_all(redact(text).as_bytes());
}

/// The API key, once read: nothing printed afterwards shows it.
static SECRET: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Registers the API key so that [`redact`] hides it, even where a server
/// echoes it back. Keys shorter than 8 characters are not looked for, so
/// that ordinary text is never garbled.
pub fn hide(secret: &str) {
    if secret.len() >= 8 {
        let _ = SECRET.set(secret.to_string());
    }
}

/// `text` with the registered API key replaced by `[redacted]`.
pub fn redact(text: &str) -> std::borrow::Cow<'_, str> {
    match SECRET.get() {
        Some(secret) if text.contains(secret.as_str()) => {
            std::borrow::Cow::Owned(text.replace(secret.as_str(), "[redacted]"))
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_empty_list_is_a_definite_empty_result_in_every_format() {
        let value = json!({"users": [], "rowCount": 0});
        let shown = |format| render(std::slice::from_ref(&value), format, 80, false).unwrap();
        assert_eq!(shown(Format::Table), "(no items)\n");
        assert_eq!(shown(Format::Csv), "value\n");
        assert!(shown(Format::Json).contains("\"users\": []"));
    }

    #[test]
    fn rows_are_found_inside_a_wrapper() {
        let value =
            json!({"users": [{"id": 1, "email": "a@x"}, {"id": 2, "email": "b@x"}], "rowCount": 2});
        let text = render(&[value], Format::Table, 80, false).expect("renders");
        assert_eq!(text, "ID  EMAIL\n1   a@x\n2   b@x\n");
    }

    #[test]
    fn csv_quotes_and_has_a_header() {
        let value = json!([{"name": "a, b", "note": "say \"hi\""}]);
        let text = render(&[value], Format::Csv, 80, false).expect("renders");
        assert_eq!(text, "name,note\n\"a, b\",\"say \"\"hi\"\"\"\n");
    }

    #[test]
    fn tables_fit_the_width() {
        let value = json!([{"a": "x".repeat(30), "b": "y".repeat(30), "c": "z"}]);
        let text = render(&[value], Format::Table, 40, false).expect("renders");
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert!(text.starts_with("A"), "{text}");
    }

    #[test]
    fn jq_filters_values_and_bad_filters_are_errors() {
        let filter = Filter::compile(".users[] | .email").expect("compiles");
        let out = filter
            .run(json!({"users": [{"email": "a"}, {"email": "b"}]}))
            .expect("runs");
        assert_eq!(out, vec![json!("a"), json!("b")]);
        assert!(Filter::compile(".[").is_err());
        assert!(Filter::compile("nosuchfunction").is_err());
    }
}
