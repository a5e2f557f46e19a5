//! Printing responses: `--jq` filtering, then JSON, YAML, a table or CSV.
//!
//! - `table`: the rows a response holds, tables and CSV.
//! - `filter`: `--jq` filters.

mod filter;
mod table;

use std::io::{IsTerminal, Write};

use serde_json::Value;

pub use filter::Filter;
pub use table::rows;

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
            Format::Csv => out.push_str(&table::csv(value)?),
            Format::Table => out.push_str(&table::table(value, width, color)),
        }
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
}
