//! Rewriting a document into what `openapiv3` reads: OpenAPI 3.1 keywords
//! become their 3.0 forms and mistakes seen in published specs are
//! repaired, each by one entry of [`FIXES`], applied in order to every
//! object that is not a map of names.

use serde_json::{Map, Value};

/// Rewrites 3.1 and commonly mistaken constructs into what `openapiv3` reads.
/// Only keywords that exist in schemas alone are touched, so other objects
/// pass through unchanged.
pub(super) fn normalize(value: &mut Value) {
    normalize_node(value, false);
}

/// Objects under these keys are keyed by names (property names, paths,
/// status codes...), not keywords; their entries are objects to normalise.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "schemas",
    "paths",
    "responses",
    "content",
    "headers",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "examples",
    "links",
    "callbacks",
    "variables",
    "encoding",
    "mapping",
    "pathItems",
    "webhooks",
];

/// Normalises `value` and everything below it; `names` says `value` is a
/// map of names, whose own keys are not keywords.
fn normalize_node(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if !names {
                normalize_schema_keywords(map);
            }
            for (key, child) in map.iter_mut() {
                let child_names = !names && child.is_object() && NAME_MAPS.contains(&key.as_str());
                normalize_node(child, child_names);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| normalize_node(item, false)),
        _ => {}
    }
}

/// Applies every fix of [`FIXES`] to one object's keywords, in order.
fn normalize_schema_keywords(map: &mut Map<String, Value>) {
    for fix in FIXES {
        (fix.apply)(map);
    }
}

/// One repair of an object's keywords.
struct Fix {
    /// A short name, unique in [`FIXES`].
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    /// What it repairs, in one line.
    #[cfg_attr(not(test), allow(dead_code))]
    what: &'static str,
    /// The repair; an object it does not concern is left unchanged.
    apply: fn(&mut Map<String, Value>),
}

/// The repairs, in the order they are applied: the 3.1 forms first, so the
/// later repairs see them in their 3.0 shape (a `const` of the wrong type
/// is repaired as an `enum`).
const FIXES: &[Fix] = &[
    Fix {
        name: "type-array",
        what: "3.1 `type: [t, \"null\"]`: the one other type, if one, and `nullable`",
        apply: type_array,
    },
    Fix {
        name: "type-null",
        what: "3.1 `type: \"null\"`: no type, and `nullable`",
        apply: type_null,
    },
    Fix {
        name: "const",
        what: "3.1 `const: x`: a one-value `enum`, unless one is given",
        apply: const_to_enum,
    },
    Fix {
        name: "examples",
        what: "3.1 `examples: [...]` in a schema: its first as `example`, unless one is given",
        apply: examples_to_example,
    },
    Fix {
        name: "exclusive-bounds",
        what: "3.1 numeric `exclusiveMinimum`/`exclusiveMaximum`: the bound and a 3.0 flag",
        apply: exclusive_bounds,
    },
    Fix {
        name: "required-flag",
        what: "`required` not a list, on a schema with a type: dropped",
        apply: required_flag,
    },
    Fix {
        name: "numeric-bounds",
        what: "`minimum`, `maximum`, `multipleOf` not numbers: dropped",
        apply: numeric_bounds,
    },
    Fix {
        name: "count-bounds",
        what: "`minLength` and the other counts not unsigned integers: dropped",
        apply: count_bounds,
    },
    Fix {
        name: "enum-type",
        what: "enum values not of the type: as strings in a string enum, else no enum",
        apply: enum_type,
    },
    Fix {
        name: "pattern-format",
        what: "`pattern` or `format` not a string: dropped",
        apply: pattern_format,
    },
    Fix {
        name: "text",
        what: "`description`, `summary` or `title` not a string: its JSON text; in HTML: Markdown",
        apply: super::html::text,
    },
    Fix {
        name: "operation-callbacks",
        what: "an operation's `callbacks` (not generated, and their shape varies): dropped",
        apply: operation_callbacks,
    },
    Fix {
        name: "property-schemas",
        what: "entries of `properties` that are not objects: dropped",
        apply: property_schemas,
    },
    Fix {
        name: "form-explode",
        what: "`style: form` without `explode`: `explode: true`, the default openapiv3 does not apply to an encoding",
        apply: form_explode,
    },
    Fix {
        name: "parameter-schema",
        what: "a parameter with neither `schema` nor `content`: a string schema",
        apply: parameter_schema,
    },
];

/// A form style's `explode` is true unless said otherwise; openapiv3 reads
/// a missing one on an `encoding` as false.
fn form_explode(map: &mut Map<String, Value>) {
    if map.get("style").and_then(Value::as_str) == Some("form") && !map.contains_key("explode") {
        map.insert("explode".to_string(), Value::Bool(true));
    }
}

/// 3.1: `type: [string, "null"]`.
fn type_array(map: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = map.get("type") else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
    match others.as_slice() {
        [one] => {
            map.insert("type".to_string(), one.clone());
        }
        _ => {
            map.remove("type");
        }
    }
    if nullable {
        map.insert("nullable".to_string(), Value::Bool(true));
    }
}

/// 3.1: `type: "null"`.
fn type_null(map: &mut Map<String, Value>) {
    if map.get("type").is_some_and(|t| t == "null") {
        map.remove("type");
        map.insert("nullable".to_string(), Value::Bool(true));
    }
}

/// 3.1: `const: x` is a one-value enum.
fn const_to_enum(map: &mut Map<String, Value>) {
    if let Some(constant) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
}

/// 3.1: `examples: [...]` in a schema; 3.0 has one `example`.
fn examples_to_example(map: &mut Map<String, Value>) {
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
}

/// 3.1: numeric exclusive bounds.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = n.clone();
            map.insert(bound.to_string(), Value::Number(n));
            map.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

/// A mistake: `required: true` on a schema.
fn required_flag(map: &mut Map<String, Value>) {
    if map.get("required").is_some_and(|r| !r.is_array()) && map.contains_key("type") {
        map.remove("required");
    }
}

/// A mistake: numeric bounds given as strings.
fn numeric_bounds(map: &mut Map<String, Value>) {
    for keyword in ["minimum", "maximum", "multipleOf"] {
        if map.get(keyword).is_some_and(|v| !v.is_number()) {
            map.remove(keyword);
        }
    }
}

/// A mistake: counts given as strings, negative or fractional numbers.
fn count_bounds(map: &mut Map<String, Value>) {
    for keyword in [
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    ] {
        if map.get(keyword).is_some_and(|v| !v.is_u64()) {
            map.remove(keyword);
        }
    }
}

/// Whether every value of an enum is `null` or of type `ty`.
fn enum_fits(ty: &str, values: &[Value]) -> bool {
    values.iter().all(|v| {
        v.is_null()
            || match ty {
                "string" => v.is_string(),
                "integer" => v.is_i64(),
                "number" => v.is_number(),
                "boolean" => v.is_boolean(),
                _ => true,
            }
    })
}

/// A mistake: enum values of the wrong type.
fn enum_type(map: &mut Map<String, Value>) {
    let (Some(Value::String(ty)), Some(Value::Array(values))) = (map.get("type"), map.get("enum"))
    else {
        return;
    };
    if enum_fits(ty, values) {
        return;
    }
    if ty == "string" {
        let strings = values
            .iter()
            .map(|v| match v {
                Value::String(_) | Value::Null => v.clone(),
                other => Value::String(other.to_string()),
            })
            .collect();
        map.insert("enum".to_string(), Value::Array(strings));
    } else {
        map.remove("enum");
    }
}

/// A mistake: `pattern` or `format` of another type than string.
fn pattern_format(map: &mut Map<String, Value>) {
    for keyword in ["pattern", "format"] {
        if map.get(keyword).is_some_and(|v| !v.is_string()) {
            map.remove(keyword);
        }
    }
}

/// Callbacks are not generated and their shape varies: an operation's go.
fn operation_callbacks(map: &mut Map<String, Value>) {
    if map.get("operationId").is_some() || map.get("responses").is_some() {
        map.remove("callbacks");
    }
}

/// A mistake: `properties` entries that are not schemas (`false`).
fn property_schemas(map: &mut Map<String, Value>) {
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.retain(|_, v| v.is_object());
    }
}

/// A parameter with neither `schema` nor `content` takes a string.
fn parameter_schema(map: &mut Map<String, Value>) {
    let is_parameter = map.get("in").is_some_and(Value::is_string)
        && map.get("name").is_some_and(Value::is_string);
    if is_parameter && !map.contains_key("schema") && !map.contains_key("content") {
        let mut schema = Map::new();
        schema.insert("type".to_string(), Value::String("string".to_string()));
        map.insert("schema".to_string(), Value::Object(schema));
    }
}

#[cfg(test)]
mod tests;
