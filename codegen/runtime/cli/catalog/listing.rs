//! The catalog as `commands` lists it for people: picked by a name or a
//! group, one line per command, or one row per command for a table.

use serde_json::{json, Value};

use super::super::failure::Failure;
use super::name_of;

/// Keeps the catalog's commands that `filter` picks: the one named so (or
/// aliased), else those of the group, else those whose name holds it.
pub(super) fn pick(catalog: &mut Value, filter: &str) -> Result<(), Failure> {
    let Some(commands) = catalog.get_mut("commands").and_then(Value::as_array_mut) else {
        return Ok(());
    };
    let named = |c: &Value| {
        name_of(c) == filter
            || c.get("aliases")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|n| n.as_str() == Some(filter)))
    };
    let grouped = |c: &Value| {
        c.get("group").and_then(Value::as_str).is_some_and(|g| {
            super::super::help::group_command_name(g) == filter || g.eq_ignore_ascii_case(filter)
        })
    };
    let holding = |c: &Value| name_of(c).contains(filter);
    for test in [&named as &dyn Fn(&Value) -> bool, &grouped, &holding] {
        if commands.iter().any(test) {
            commands.retain(test);
            return Ok(());
        }
    }
    Err(Failure::usage(format!(
        "no command or group is named '{filter}', and no command name holds it"
    )))
}

/// One line per command: its name, then its summary.
pub(super) fn lines(catalog: &Value) -> String {
    let commands = catalog
        .get("commands")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let width = commands.iter().map(|c| name_of(c).len()).max().unwrap_or(0);
    commands
        .iter()
        .map(|c| {
            let summary = c.get("summary").and_then(Value::as_str).unwrap_or("");
            format!("{:width$}  {summary}\n", name_of(c))
        })
        .collect()
}

/// One row per command (name, summary, method, path) of a catalog.
pub(super) fn rows(catalog: &Value) -> Value {
    {
        let rows: Vec<Value> = catalog
            .get("commands")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| {
                let field = |key: &str| c.get(key).cloned().unwrap_or(Value::Null);
                json!({
                    "name": field("name"),
                    "summary": field("summary"),
                    "method": field("method"),
                    "path": field("path"),
                })
            })
            .collect();
        Value::Array(rows)
    }
}
