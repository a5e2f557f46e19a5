//! One tool call: its arguments as the command's own command line, run
//! through the same parsing, checks, pagination and output as the CLI
//! (in agent mode, JSON kept in memory), then the result cut to the cap
//! and given as text (TOON or JSON) and as structured content.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use serde_json::{json, Value};

use super::super::super::output::{Format, Printer};
use super::super::failure::Failure;
use super::tools::Spec;

/// The largest arguments object a call may send, in bytes of JSON.
pub(super) const MAX_ARGUMENTS_BYTES: usize = 1 << 20;

/// The command line of a call to `spec` (after the program's name), or
/// why the arguments do not fit its schema.
pub(super) fn command_line(
    spec: &Spec,
    arguments: &JsonObject,
    confirmed: bool,
) -> Result<Vec<String>, Failure> {
    check(spec, arguments)?;
    let mut flags = vec![
        spec.name.clone(),
        "--agent".into(),
        "-o".into(),
        "json".into(),
    ];
    let mut positional = Vec::new();
    for input in &spec.inputs {
        let Some(value) = arguments.get(&input.name).filter(|v| !v.is_null()) else {
            continue;
        };
        let values: Vec<&Value> = match (input.list, value) {
            (true, Value::Array(items)) => items.iter().collect(),
            _ => vec![value],
        };
        for value in values {
            let text = text_of(&input.name, value, input.json)?;
            match &input.cli {
                Some(flag) => flags.push(format!("{flag}={text}")),
                None => positional.push(text),
            }
        }
    }
    for (name, flag) in [("fields", "--fields"), ("jq", "--jq")] {
        if let Some(value) = arguments.get(name).filter(|v| !v.is_null()) {
            flags.push(format!("{flag}={}", text_of(name, value, false)?));
        }
    }
    if arguments.get("all") == Some(&Value::Bool(true)) {
        flags.push("--all".into());
    }
    if confirmed && spec.destructive {
        flags.push("--yes".into());
    }
    flags.push("--".into());
    flags.extend(positional);
    Ok(flags)
}

/// Why `arguments` do not fit the schema of `spec`, if they do not: too
/// large, an argument it does not take, a required one missing.
fn check(spec: &Spec, arguments: &JsonObject) -> Result<(), Failure> {
    let size = serde_json::to_string(arguments).map_or(0, |s| s.len());
    if size > MAX_ARGUMENTS_BYTES {
        return Err(Failure::usage(format!(
            "the arguments are {size} bytes, over the {MAX_ARGUMENTS_BYTES}-byte limit"
        )));
    }
    let known = |name: &str| {
        spec.inputs.iter().any(|i| i.name == name)
            || ["fields", "jq", "format"].contains(&name)
            || (name == "all" && spec.paginated)
    };
    if let Some(unknown) = arguments.keys().find(|k| !known(k)) {
        let names: Vec<&str> = spec.inputs.iter().map(|i| i.name.as_str()).collect();
        return Err(Failure::usage(format!(
            "{}: no argument named '{unknown}'; it takes {}",
            spec.name,
            if names.is_empty() {
                "none of its own".to_string()
            } else {
                names.join(", ")
            }
        )));
    }
    let required = spec.input_schema.get("required").and_then(Value::as_array);
    let missing: Vec<&str> = required
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|name| arguments.get(*name).is_none_or(Value::is_null))
        .collect();
    if !missing.is_empty() {
        return Err(Failure::usage(format!(
            "{}: missing required argument{} {}",
            spec.name,
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    Ok(())
}

/// A value as the command line takes it: JSON text where the input is
/// JSON, else the scalar's text.
fn text_of(name: &str, value: &Value, json: bool) -> Result<String, Failure> {
    match value {
        _ if json => Ok(value.to_string()),
        Value::String(text) => Ok(text.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Failure::usage(format!(
            "argument '{name}': expected a string, number or boolean, got {value}"
        ))),
    }
}

/// The tool result of what the command printed (JSON), cut to `cap` bytes
/// of text, in `format` (`toon` or `json`).
pub(super) fn result(printed: &str, format: &str, cap: usize) -> CallToolResult {
    let value = match serde_json::from_str::<Value>(printed) {
        Ok(value) => value,
        // Not one JSON document (text, a stream's lines): as it came.
        Err(_) => {
            let (text, cut) = cut_text(printed, cap);
            let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
            if let Some(cut) = cut {
                result.content.push(ContentBlock::text(cut));
            }
            return result;
        }
    };
    let render = |value: &Value| {
        let format = if format == "json" {
            Format::Json
        } else {
            Format::Toon
        };
        Printer::new(format, None, None, false)
            .text_of(value.clone(), false)
            .unwrap_or_else(|_| value.to_string())
    };
    let mut text = render(&value);
    let mut structured = json!({"result": value});
    if text.len() > cap {
        let (kept, cut) = cut_items(&value, cap, &render);
        match kept {
            Some(kept) => {
                text = render(&kept);
                structured = json!({"result": kept, "cut": cut});
            }
            None => {
                let (head, _) = cut_text(&text, cap);
                text = head;
                structured = json!({"cut": cut});
            }
        }
        text.push_str(&format!("\n[{cut}]"));
    }
    let mut result = CallToolResult::structured(structured);
    result.content = vec![ContentBlock::text(text)];
    result
}

/// The longest prefix of the list in `value` (the value, or its largest
/// array field) whose text fits `cap`, and what was cut; `None` when no
/// list is there to shorten.
fn cut_items(
    value: &Value,
    cap: usize,
    render: &dyn Fn(&Value) -> String,
) -> (Option<Value>, String) {
    let total = render(value).len();
    let advice = "narrow the call with fields or jq, or ask for a smaller page";
    let list_at = |value: &Value| -> Option<Option<String>> {
        match value {
            Value::Array(_) => Some(None),
            Value::Object(map) => map
                .iter()
                .filter_map(|(k, v)| v.as_array().map(|a| (k, a.len())))
                .max_by_key(|(_, n)| *n)
                .map(|(k, _)| Some(k.clone())),
            _ => None,
        }
    };
    let Some(key) = list_at(value) else {
        return (None, format!("cut to {cap} of {total} bytes; {advice}"));
    };
    let items = |v: &Value| -> Vec<Value> {
        match &key {
            None => v.as_array().cloned().unwrap_or_default(),
            Some(k) => v
                .get(k)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
        }
    };
    let all = items(value);
    let with = |n: usize| {
        let head = Value::Array(all[..n].to_vec());
        match (&key, value) {
            (Some(k), Value::Object(map)) => {
                let mut map = map.clone();
                map.insert(k.clone(), head);
                Value::Object(map)
            }
            _ => head,
        }
    };
    // The most items that fit, by bisection.
    let (mut low, mut high) = (0, all.len());
    while low < high {
        let mid = (low + high).div_ceil(2);
        if render(&with(mid)).len() <= cap {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let cut = format!(
        "cut to {low} of {} items ({cap}-byte cap, {total} bytes in all); {advice}",
        all.len()
    );
    (Some(with(low)), cut)
}

/// `text` cut to at most `cap` bytes at a character boundary, and what
/// was cut.
fn cut_text(text: &str, cap: usize) -> (String, Option<String>) {
    if text.len() <= cap {
        return (text.to_string(), None);
    }
    let mut end = cap;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (
        text[..end].to_string(),
        Some(format!(
            "cut to {cap} of {} bytes; narrow the call with fields or jq",
            text.len()
        )),
    )
}

/// A failure as a tool error: the agent envelope, as text.
pub(super) fn error(failure: &Failure) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(failure.envelope().to_string())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_cut_to_the_cap_and_says_so() {
        let items: Vec<Value> = (0..100).map(|i| json!({"id": format!("a{i}")})).collect();
        let printed = json!({"alerts": items, "rowCount": 100}).to_string();
        let result = result(&printed, "json", 400);
        let structured = result.structured_content.unwrap();
        let kept = structured["result"]["alerts"].as_array().unwrap().len();
        assert!(kept > 0 && kept < 100, "{kept}");
        let cut = structured["cut"].as_str().unwrap();
        assert!(
            cut.starts_with(&format!("cut to {kept} of 100 items")),
            "{cut}"
        );
    }
}
