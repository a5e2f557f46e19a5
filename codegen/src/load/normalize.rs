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
        what: "`description` or `title` not a string: its JSON text",
        apply: text,
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
        name: "parameter-schema",
        what: "a parameter with neither `schema` nor `content`: a string schema",
        apply: parameter_schema,
    },
];

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

/// A mistake: `description` or `title` of another type than string.
fn text(map: &mut Map<String, Value>) {
    for keyword in ["description", "title"] {
        if let Some(value) = map.get(keyword).filter(|v| !v.is_string()) {
            let text = value.to_string();
            map.insert(keyword.to_string(), Value::String(text));
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
mod tests {
    use serde_json::json;

    use super::*;

    /// The fix of that name in [`FIXES`].
    fn fix(name: &str) -> &'static Fix {
        FIXES.iter().find(|f| f.name == name).expect(name)
    }

    /// Each case: a fix's name, an object, and the object after that fix.
    fn cases() -> Vec<(String, Value, Value)> {
        let cases = json!([
            ["type-array", {"type": ["string", "null"]}, {"type": "string", "nullable": true}],
            ["type-array", {"type": ["string", "integer"]}, {}],
            ["type-array", {"type": ["null"]}, {"nullable": true}],
            ["type-null", {"type": "null"}, {"nullable": true}],
            ["const", {"const": "k"}, {"enum": ["k"]}],
            ["const", {"const": "k", "enum": ["a"]}, {"enum": ["a"]}],
            ["examples", {"examples": ["x", "y"]}, {"example": "x"}],
            ["examples", {"examples": [], "example": 1}, {"example": 1}],
            ["examples", {"examples": ["x"], "example": 1}, {"example": 1}],
            ["exclusive-bounds", {"exclusiveMinimum": 0, "exclusiveMaximum": 9.5},
                {"exclusiveMinimum": true, "minimum": 0, "exclusiveMaximum": true, "maximum": 9.5}],
            ["required-flag", {"type": "string", "required": true}, {"type": "string"}],
            ["numeric-bounds", {"minimum": "1", "maximum": 5, "multipleOf": "2"}, {"maximum": 5}],
            ["count-bounds", {"minLength": "1", "maxLength": -1, "minItems": 1.5, "maxItems": 3,
                "minProperties": null, "maxProperties": 0}, {"maxItems": 3, "maxProperties": 0}],
            ["enum-type", {"type": "string", "enum": [1, "a", null, true]},
                {"type": "string", "enum": ["1", "a", null, "true"]}],
            ["enum-type", {"type": "integer", "enum": [1, "a"]}, {"type": "integer"}],
            ["enum-type", {"type": "integer", "enum": [1.5]}, {"type": "integer"}],
            ["enum-type", {"type": "boolean", "enum": ["yes"]}, {"type": "boolean"}],
            ["pattern-format", {"pattern": 0, "format": "date"}, {"format": "date"}],
            ["pattern-format", {"format": 5}, {}],
            ["text", {"description": 5, "title": ["a"]}, {"description": "5", "title": "[\"a\"]"}],
            ["operation-callbacks", {"operationId": "a", "callbacks": {"c": {}}}, {"operationId": "a"}],
            ["operation-callbacks", {"responses": {}, "callbacks": 1}, {"responses": {}}],
            ["property-schemas", {"properties": {"a": {"type": "string"}, "additionalProperties": false}},
                {"properties": {"a": {"type": "string"}}}],
            ["parameter-schema", {"name": "q", "in": "query"},
                {"name": "q", "in": "query", "schema": {"type": "string"}}]
        ]);
        let Value::Array(cases) = cases else {
            unreachable!()
        };
        cases
            .into_iter()
            .map(|case| {
                let name = case[0].as_str().expect("a name").to_string();
                (name, case[1].clone(), case[2].clone())
            })
            .collect()
    }

    /// Objects every fix leaves as they are.
    fn well_formed() -> Vec<Value> {
        vec![
            json!({
                "type": "object", "title": "T", "description": "d", "required": ["a"],
                "nullable": true, "minProperties": 1, "maxProperties": 9,
                "properties": {
                    "a": {"type": "string", "enum": ["x", null], "pattern": "^x$", "format": "f",
                          "minLength": 0, "maxLength": 3, "example": "x"},
                    "b": {"type": "number", "minimum": 0, "exclusiveMinimum": true,
                          "maximum": 1.5, "exclusiveMaximum": false, "multipleOf": 0.5},
                    "c": {"type": "array", "items": {"type": "integer", "enum": [1, 2]},
                          "minItems": 1, "maxItems": 2},
                    "d": {"$ref": "#/components/schemas/D"}
                },
                "additionalProperties": {"type": "boolean"}
            }),
            // 3.1-looking keywords that are something else in 3.0 objects.
            json!({"examples": {"one": {"value": 1}}}),
            json!({"enum": [1, "a"]}),
            json!({"in": "query", "name": "q", "required": true, "schema": {"type": "integer"}}),
            json!({"in": "query", "name": "q", "content": {"application/json": {}}}),
            json!({"callbacks": {"c": {}}}),
        ]
    }

    #[test]
    fn each_fix_repairs_its_cases() {
        for (name, mut input, expected) in cases() {
            let fix = fix(&name);
            let Value::Object(map) = &mut input else {
                panic!("{name}: not an object");
            };
            (fix.apply)(map);
            assert_eq!(input, expected, "{name} ({})", fix.what);
        }
    }

    #[test]
    fn every_fix_has_a_case_and_its_own_name() {
        let cases = cases();
        for (i, fix) in FIXES.iter().enumerate() {
            assert!(!fix.what.is_empty(), "{}", fix.name);
            assert!(
                cases.iter().any(|(name, ..)| *name == fix.name),
                "{} has no case",
                fix.name
            );
            assert!(
                FIXES[..i].iter().all(|f| f.name != fix.name),
                "{} twice",
                fix.name
            );
        }
    }

    #[test]
    fn well_formed_objects_are_left_unchanged() {
        for expected in well_formed() {
            let mut value = expected.clone();
            normalize(&mut value);
            assert_eq!(value, expected);
            for fix in FIXES {
                let mut value = expected.clone();
                if let Value::Object(map) = &mut value {
                    (fix.apply)(map);
                }
                assert_eq!(value, expected, "{}", fix.name);
            }
        }
    }

    #[test]
    fn later_fixes_see_what_earlier_ones_made() {
        let cases = [
            // `const` becomes an enum, whose value then becomes a string.
            (
                json!({"type": "string", "const": 1}),
                json!({"type": "string", "enum": ["1"]}),
            ),
            // The type out of the array decides the enum.
            (
                json!({"type": ["integer", "null"], "enum": ["a"]}),
                json!({"type": "integer", "nullable": true}),
            ),
            // The exclusive bound replaces a malformed one before it is dropped.
            (
                json!({"exclusiveMinimum": 1, "minimum": "0"}),
                json!({"exclusiveMinimum": true, "minimum": 1}),
            ),
        ];
        for (mut value, expected) in cases {
            normalize(&mut value);
            assert_eq!(value, expected);
        }
    }

    #[test]
    fn names_are_not_taken_for_keywords() {
        let mut value = json!({
            "properties": {"const": {"type": ["string", "null"]}, "type": {"const": 1}},
            "paths": {"/a": {"get": {"parameters": [{"name": "q", "in": "query"}]}}}
        });
        normalize(&mut value);
        assert_eq!(
            value,
            json!({
                "properties": {"const": {"type": "string", "nullable": true}, "type": {"enum": [1]}},
                "paths": {"/a": {"get": {"parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}}
                ]}}}
            })
        );
    }
}
