//! The repairs' cases: each fix's input and what it becomes.
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
        ["text", {"summary": "<p>Lists <code>x</code>.</p>"}, {"summary": "Lists `x`."}],
        ["text", {"description": "a < b", "summary": 3}, {"description": "a < b", "summary": 3}],
        ["form-explode", {"style": "form"}, {"style": "form", "explode": true}],
        ["form-explode", {"style": "form", "explode": false}, {"style": "form", "explode": false}],
        ["form-explode", {"style": "deepObject"}, {"style": "deepObject"}],
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
