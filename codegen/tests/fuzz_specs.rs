//! Property test: random specs, hostile names and text included, never
//! panic the generator; it returns a refusal or code that parses.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Names and text drawn from ordinary words and the characters that break
/// generators: quotes, comment markers, keywords, digits, emoji, bidi.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_-]{0,12}",
        Just(String::new()),
        Just("type".to_string()),
        Just("Self".to_string()),
        Just("*/ fn x() {} /*".to_string()),
        Just("\"#]".to_string()),
        Just("1st".to_string()),
        Just("🦀".to_string()),
        Just("a\u{202e}b".to_string()),
        Just("line\nbreak".to_string()),
        "\\PC{0,16}",
    ]
}

const COMPONENTS: [&str; 3] = ["Alpha", "beta", "Alpha_"];

fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "format": "int64"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "format": "binary"})),
        prop::collection::vec(text(), 1..4)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        (0..COMPONENTS.len())
            .prop_map(|i| json!({"$ref": format!("#/components/schemas/{}", COMPONENTS[i])})),
        Just(json!({})),
        Just(json!(5)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            (prop::collection::vec((text(), inner.clone()), 0..4), any::<bool>()).prop_map(|(fields, nullable)| {
                let properties: Map<String, Value> = fields.into_iter().collect();
                let required: Vec<&String> = properties.keys().take(1).collect();
                json!({"type": "object", "properties": properties, "required": required, "nullable": nullable})
            }),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|parts| json!({"allOf": parts})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|parts| json!({"oneOf": parts})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            (text(), inner).prop_map(|(description, schema)| json!({"description": description, "allOf": [schema]})),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    (text(), prop_oneof![Just("query"), Just("header"), Just("cookie"), Just("path")], any::<bool>(), schema(), text())
        .prop_map(|(name, location, required, schema, description)| {
            json!({"name": name, "in": location, "required": required, "schema": schema, "description": description})
        })
}

fn operation() -> impl Strategy<Value = Value> {
    (
        prop::option::of(text()),
        prop::collection::vec(parameter(), 0..4),
        prop::option::of(schema()),
        prop::collection::vec(
            (
                prop_oneof![
                    Just("200"),
                    Just("201"),
                    Just("204"),
                    Just("404"),
                    Just("4XX"),
                    Just("default")
                ],
                prop::option::of(schema()),
            ),
            0..3,
        ),
        text(),
    )
        .prop_map(|(id, parameters, body, responses, summary)| {
            let mut op = json!({"parameters": parameters, "summary": summary, "tags": [summary]});
            if let Some(id) = id {
                op["operationId"] = json!(id);
            }
            if let Some(body) = body {
                op["requestBody"] = json!({"content": {"application/json": {"schema": body}}});
            }
            let mut documented = Map::new();
            for (status, schema) in responses {
                let mut response = json!({"description": status});
                if let Some(schema) = schema {
                    response["content"] = json!({"application/json": {"schema": schema}});
                }
                documented.insert(status.to_string(), response);
            }
            op["responses"] = Value::Object(documented);
            op
        })
}

fn spec() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(
            (
                text(),
                prop_oneof![Just("get"), Just("post"), Just("delete"), Just("patch")],
                operation(),
            ),
            1..6,
        ),
        prop::collection::vec(schema(), COMPONENTS.len()),
    )
        .prop_map(|(operations, components)| {
            let mut paths = Map::new();
            for (segment, method, op) in operations {
                let path = format!("/{segment}/{{id}}");
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = op;
            }
            let schemas: Map<String, Value> = COMPONENTS
                .iter()
                .map(|n| n.to_string())
                .zip(components)
                .collect();
            json!({
                "openapi": "3.0.3",
                "info": {"title": "fuzz", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas},
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_specs_give_a_refusal_or_code_that_parses(spec in spec()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("spec.json");
        std::fs::write(&path, serde_json::to_vec(&spec).expect("json")).expect("write");
        match codegen::generate_crate(&path, &codegen::Config::new("spec.json", "fuzz")) {
            Ok(output) => {
                for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    if let Err(e) = syn::parse_file(&file.contents) {
                        panic!("{}: {e}\n{}", file.path, serde_json::to_string(&spec).unwrap_or_default());
                    }
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
