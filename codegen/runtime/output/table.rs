//! Values as rows and columns: the rows a response holds, and the table
//! and CSV printed from them.

use serde_json::Value;

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

/// Columns for rows of objects: the `chosen` ones first (`--fields`, in
/// the order given), then the other keys in order of first appearance,
/// scalar ones first (nested values make poor cells).
fn columns(rows: &[Value], chosen: &[String]) -> Vec<String> {
    let mut scalar = Vec::new();
    let mut nested = Vec::new();
    for row in rows {
        if let Value::Object(map) = row {
            for (key, value) in map {
                if chosen.contains(key) || scalar.contains(key) || nested.contains(key) {
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
    chosen.iter().cloned().chain(scalar).chain(nested).collect()
}

/// Rows and columns as strings, for a table or CSV: rows of objects by
/// key, a lone object as key/value pairs, anything else one value a row.
/// `chosen` columns (`--fields`) come first, even over no rows.
fn grid(value: &Value, chosen: &[String]) -> (Vec<String>, Vec<Vec<String>>) {
    if let Some(items) = rows(value) {
        let objects = items.iter().all(Value::is_object);
        if objects && !(items.is_empty() && chosen.is_empty()) {
            let columns = columns(items, chosen);
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

/// CSV with a header row.
pub fn csv(value: &Value, chosen: &[String]) -> Result<String, String> {
    let (columns, body) = grid(value, chosen);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&columns).map_err(|e| e.to_string())?;
    for row in body {
        writer.write_record(&row).map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A scalar as its text (a string without quotes), a line; a non-empty list
/// of scalars a line each. `None` for anything with rows or fields.
fn raw_lines(value: &Value) -> Option<String> {
    let line = |value: &Value| match value {
        Value::String(s) => Some(format!("{s}\n")),
        Value::Number(_) | Value::Bool(_) | Value::Null => Some(format!("{value}\n")),
        Value::Array(_) | Value::Object(_) => None,
    };
    match value {
        Value::Array(items) if !items.is_empty() => items.iter().map(line).collect(),
        other => line(other),
    }
}

/// A plain-text table that fits `width`: columns are dropped from the right
/// when they cannot fit, and long cells are cut with `…`.
pub fn table(value: &Value, chosen: &[String], width: usize, color: bool) -> String {
    const MAX_CELL: usize = 40;
    // A plain value, or a list of them (what `--jq` picks out), prints raw,
    // a line each, as gh does: no header over one column.
    if let Some(lines) = raw_lines(value) {
        return lines;
    }
    // An empty list says so, rather than print a header over nothing.
    if rows(value).is_some_and(|items| items.is_empty()) {
        return "(no items)\n".to_string();
    }
    let (columns, body) = grid(value, chosen);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_are_found_inside_a_wrapper() {
        let value =
            json!({"users": [{"id": 1, "email": "a@x"}, {"id": 2, "email": "b@x"}], "rowCount": 2});
        assert_eq!(
            table(&value, &[], 80, false),
            "ID  EMAIL\n1   a@x\n2   b@x\n"
        );
    }

    #[test]
    fn csv_quotes_and_has_a_header() {
        let value = json!([{"name": "a, b", "note": "say \"hi\""}]);
        assert_eq!(
            csv(&value, &[]).unwrap(),
            "name,note\n\"a, b\",\"say \"\"hi\"\"\"\n"
        );
    }

    #[test]
    fn tables_fit_the_width() {
        let value = json!([{"a": "x".repeat(30), "b": "y".repeat(30), "c": "z"}]);
        let text = table(&value, &[], 40, false);
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert!(text.starts_with("A"), "{text}");
    }

    #[test]
    fn chosen_columns_come_first_in_their_order_even_over_no_rows() {
        let chosen = ["tags".to_string(), "id".to_string()];
        let value = json!([{"id": 1, "tags": ["a"], "name": "x"}]);
        assert_eq!(
            csv(&value, &chosen).unwrap(),
            "tags,id,name\n\"[\"\"a\"\"]\",1,x\n"
        );
        assert_eq!(csv(&json!([]), &chosen).unwrap(), "tags,id\n");
        assert_eq!(csv(&json!([]), &[]).unwrap(), "value\n");
    }
}
