//! `$ref`s to arbitrary places of a document (`#/paths/~1a/get/responses/401`),
//! found and replaced by copies of what they point to, so the rest of the
//! generator only meets references to whole components.

use serde_json::Value;

use crate::error::pointer_token;

/// Whether the document has `$ref`s to anything but a whole component
/// (`#/paths/...`, `#/components/schemas/A/properties/b`): a quick scan of
/// the text, so documents without them take the direct path.
pub(super) fn has_pointer_refs(bytes: &[u8]) -> bool {
    // Read as bytes: `$ref` and what ends its target are ASCII, and only a
    // target is made text (lossily, in a document that is not UTF-8).
    let finder = memchr::memmem::Finder::new("$ref");
    finder.find_iter(bytes).any(|at| {
        let rest = &bytes[at + 4..];
        let start = rest
            .iter()
            .position(|b| !matches!(b, b'"' | b'\'' | b' ' | b':' | b'\t'))
            .unwrap_or(rest.len());
        let rest = &rest[start..];
        let end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b'\n' | b'\r' | b' ' | b',' | b'}'))
            .unwrap_or(rest.len());
        let target = String::from_utf8_lossy(&rest[..end]);
        target.starts_with("#/") && !is_component_ref(&target)
    })
}

/// `#/components/<section>/<name>`, or anywhere inside a component schema
/// (the type space follows those itself, naming what it finds once).
fn is_component_ref(target: &str) -> bool {
    target.starts_with("#/components/schemas/")
        || target
            .strip_prefix("#/components/")
            .is_some_and(|rest| rest.split('/').count() == 2)
}

/// Decodes `%XX` escapes in a `$ref` (`%7BcompanyId%7D`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Replaces `$ref`s to arbitrary places of the document with copies of
/// what they point to, so the rest of the generator only meets component
/// references. Chains resolve over a few rounds; a cycle stays a `$ref`
/// and is reported where it is used.
pub(super) fn inline_pointer_refs(root: &mut Value) {
    const ROUNDS: usize = 8;
    // Copies can nest copies; past this many copied nodes the rest stay
    // `$ref`s, so no document can make inlining exhaust memory.
    const MAX_COPIED_NODES: usize = 200_000;
    let mut copied = 0;
    for _ in 0..ROUNDS {
        let mut found = Vec::new();
        collect_pointer_refs(root, &mut String::new(), &mut found);
        let replacements: Vec<(String, Value)> = found
            .into_iter()
            .filter_map(|(at, target)| {
                let pointer = percent_decode(target.trim_start_matches('#'));
                let target = root.pointer(&pointer)?;
                copied += count_nodes(target, MAX_COPIED_NODES);
                (copied <= MAX_COPIED_NODES).then(|| (at, target.clone()))
            })
            .collect();
        if replacements.is_empty() {
            return;
        }
        for (at, copy) in replacements {
            if let Some(node) = root.pointer_mut(&at) {
                *node = copy;
            }
        }
    }
}

/// Nodes in `value`, counting no further than `limit`.
fn count_nodes(value: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match node {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    count
}

/// Appends to `found` the pointer (below `at`) and target of every `$ref`
/// in `value` that is not to a whole component; what such a `$ref` object
/// holds besides is not searched.
fn collect_pointer_refs(value: &Value, at: &mut String, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if target.starts_with("#/") && !is_component_ref(target) {
                    found.push((at.clone(), target.clone()));
                }
                return;
            }
            for (key, child) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&pointer_token(key));
                collect_pointer_refs(child, at, found);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                collect_pointer_refs(child, at, found);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn percent_escapes_are_decoded() {
        let cases = [
            ("/paths/~1c~1%7Bid%7D/get", "/paths/~1c~1{id}/get"),
            ("%41%62", "Ab"),
            ("no escapes", "no escapes"),
            // Not an escape: left as written.
            ("100%", "100%"),
            ("%4", "%4"),
            ("%zz", "%zz"),
            // Escaped UTF-8 bytes decode to the character.
            ("caf%C3%A9", "café"),
        ];
        for (input, expected) in cases {
            assert_eq!(percent_decode(input), expected, "{input}");
        }
    }

    #[test]
    fn component_refs_are_told_from_pointer_refs() {
        let cases = [
            ("#/components/schemas/A", true),
            ("#/components/schemas/A/properties/b", true),
            ("#/components/parameters/P", true),
            ("#/components/parameters/P/schema", false),
            ("#/paths/~1a/get", false),
        ];
        for (target, component) in cases {
            assert_eq!(is_component_ref(target), component, "{target}");
        }
    }

    #[test]
    fn a_pointer_ref_is_replaced_by_a_copy_of_its_target() {
        let mut doc = json!({
            "paths": {
                "/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}]}},
                "/b": {"get": {
                    "parameters": [{"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"}],
                    "responses": {"200": {"$ref": "#/components/responses/Ok"}}
                }}
            }
        });
        inline_pointer_refs(&mut doc);
        assert_eq!(
            doc["paths"]["/b"]["get"]["parameters"][0],
            json!({"name": "id", "in": "path"})
        );
        // A reference to a whole component stays.
        assert_eq!(
            doc["paths"]["/b"]["get"]["responses"]["200"],
            json!({"$ref": "#/components/responses/Ok"})
        );
    }

    #[test]
    fn chains_resolve_and_cycles_stay_refs() {
        let mut doc = json!({
            "a": {"$ref": "#/b"},
            "b": {"$ref": "#/c"},
            "c": {"type": "string"},
            "x": {"$ref": "#/y"},
            "y": {"$ref": "#/x"}
        });
        inline_pointer_refs(&mut doc);
        assert_eq!(doc["a"], json!({"type": "string"}));
        assert_eq!(doc["b"], json!({"type": "string"}));
        assert!(doc["x"].get("$ref").is_some());
        assert!(doc["y"].get("$ref").is_some());
    }

    #[test]
    fn node_counts_stop_at_the_limit() {
        let value = json!({"a": [1, 2, {"b": null}], "c": "d"});
        assert_eq!(count_nodes(&value, 100), 7);
        assert_eq!(count_nodes(&value, 3), 4);
    }
}
