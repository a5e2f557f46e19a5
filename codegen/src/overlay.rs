//! OpenAPI Overlays (1.0, and 1.1's `copy`): ordered actions, each a
//! JSONPath (RFC 9535, `serde_json_path`) selecting nodes of the document,
//! and what to do to them: merge an `update` into each (append it to an
//! array), merge a `copy` of the one node another JSONPath selects, or
//! `remove` them. Applied to the document before it is read as OpenAPI,
//! so a spec you do not own can be changed without editing its bytes.
//!
//! Unlike the specification, which lets a target select nothing, a target
//! that matches nothing is an error here: an overlay written for an older
//! document must not go quiet when the vendor renames what it fixed.

use std::path::Path;

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::error::Error;

/// One overlay's actions applied to `doc`, in order. `name` labels errors
/// (the overlay file). Returns how many nodes were changed.
pub fn apply(doc: &mut Value, overlay: &Value, name: &str) -> Result<usize, Error> {
    let fail = |message: String| Error::Parse {
        path: name.to_string(),
        message,
    };
    match overlay.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.0") || v.starts_with("1.1") => {}
        Some(v) => {
            return Err(fail(format!(
                "overlay version '{v}': this reads 1.0 and 1.1"
            )))
        }
        None => {
            return Err(fail(
                "no `overlay` version field; is this an Overlay document?".into(),
            ))
        }
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(fail("no `actions` list".into()));
    };
    let mut changed = 0;
    for (index, action) in actions.iter().enumerate() {
        changed += apply_action(doc, action).map_err(|e| fail(format!("actions[{index}]: {e}")))?;
    }
    Ok(changed)
}

/// Reads the overlay at `path` (YAML or JSON) and applies it to `doc`.
pub fn apply_file(doc: &mut Value, path: &Path) -> Result<usize, Error> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: name.clone(),
        source,
    })?;
    let overlay: Value = serde_yaml::from_str(&text).map_err(|e| Error::Parse {
        path: name.clone(),
        message: format!("not valid YAML or JSON: {e}"),
    })?;
    apply(doc, &overlay, &name)
}

/// One action; the error says what went wrong, the caller where.
fn apply_action(doc: &mut Value, action: &Value) -> Result<usize, String> {
    let target = action
        .get("target")
        .and_then(Value::as_str)
        .ok_or("no `target` JSONPath")?;
    let pointers = select(doc, target)?;
    if pointers.is_empty() {
        return Err(format!("target '{target}' matched nothing"));
    }
    if action.get("remove") == Some(&Value::Bool(true)) {
        // Last first, so that removing an array's item leaves the indices
        // of the items before it as they were.
        for pointer in pointers.iter().rev() {
            remove(doc, pointer);
        }
        return Ok(pointers.len());
    }
    let addition = match (action.get("update"), action.get("copy")) {
        (Some(update), _) => update.clone(),
        (None, Some(Value::String(source))) => {
            let found = select(doc, source)?;
            match found.as_slice() {
                [one] => doc.pointer(one).cloned().unwrap_or(Value::Null),
                _ => {
                    return Err(format!(
                        "copy '{source}' selects {} nodes; it must select one",
                        found.len()
                    ))
                }
            }
        }
        _ => {
            return Err(format!(
                "target '{target}': no `update`, `copy` or `remove: true`"
            ))
        }
    };
    for pointer in &pointers {
        let Some(node) = doc.pointer_mut(pointer) else {
            continue;
        };
        match node {
            Value::Array(items) => items.push(addition.clone()),
            Value::Object(_) => merge(node, &addition, pointer)?,
            _ => {
                return Err(format!(
                    "target '{target}' selects {pointer}, which is neither an object nor an array; select the object holding it"
                ))
            }
        }
    }
    Ok(pointers.len())
}

/// The JSON pointers of the nodes `path` selects, in document order.
fn select(doc: &Value, path: &str) -> Result<Vec<String>, String> {
    let query = JsonPath::parse(path).map_err(|e| format!("'{path}' is not a JSONPath: {e}"))?;
    Ok(query
        .query_located(doc)
        .locations()
        .map(|location| location.to_json_pointer())
        .collect())
}

/// Removes the node at `pointer` from the object or array holding it.
fn remove(doc: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

/// Merges `update` into `target` as the specification says: a property only
/// in the update is added; in both, a primitive replaces a primitive, arrays
/// are concatenated and objects merged; anything else is an error.
fn merge(target: &mut Value, update: &Value, at: &str) -> Result<(), String> {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value, &here)?,
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
            Ok(())
        }
        (Value::Array(target), Value::Array(update)) => {
            target.extend(update.iter().cloned());
            Ok(())
        }
        (target, update) if kind(target) == "primitive" && kind(update) == "primitive" => {
            *target = update.clone();
            Ok(())
        }
        (target, update) => Err(format!(
            "{at}: cannot merge {} {} into {} {}",
            article(update),
            kind(update),
            article(target),
            kind(target)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        _ => "primitive",
    }
}

fn article(value: &Value) -> &'static str {
    match value {
        Value::Object(_) | Value::Array(_) => "an",
        _ => "a",
    }
}

#[cfg(test)]
mod tests;
