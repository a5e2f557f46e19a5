//! Hostile specs: text and names chosen to break out of comments, strings
//! and attributes are generated, never refused, and the output holds
//! nothing but what the spec describes. `fixtures-compiled` compiles the
//! same fixture, so the result is also known to build.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::{Component, Path};

use proc_macro2::{TokenStream, TokenTree};

const HOSTILE: &str = "tests/specs/hostile.json";

/// Unicode bidirectional controls: none may reach a generated file.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Every identifier in a token stream, outside literals and doc strings.
fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), out),
            _ => {}
        }
    }
}

#[test]
fn hostile_text_and_names_are_escaped_or_renamed_never_injected() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let config = codegen::Config::new(HOSTILE, "hostile");
    let output = codegen::generate_crate(&spec, &config).expect("a hostile spec still generates");
    let mut rust_files = 0;
    for file in &output.files {
        let path = Path::new(&file.path);
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "{} leaves the output directory",
            file.path
        );
        assert!(
            !file.contents.chars().any(is_bidi_control),
            "{} holds a bidi control",
            file.path
        );
        assert!(!file.contents.contains('\0'), "{} holds a NUL", file.path);
        if !file.path.ends_with(".rs") || file.path.contains("runtime/") {
            continue;
        }
        rust_files += 1;
        let tokens: TokenStream = file
            .contents
            .parse()
            .unwrap_or_else(|e| panic!("{} does not lex: {e}", file.path));
        syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        let mut names = Vec::new();
        idents(tokens, &mut names);
        assert!(
            !names.iter().any(|n| n == "injected"),
            "{}: text from the spec became code",
            file.path
        );
        // Rustdoc runs indented and fenced Rust blocks as doctests: no spec
        // prose may become one.
        let mut in_fence = false;
        let mut previous_blank = true;
        for line in file.contents.lines() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                previous_blank = true;
                continue;
            };
            let text = doc.strip_prefix(' ').unwrap_or(doc);
            if text.trim_start().starts_with("```") {
                if !in_fence {
                    assert_eq!(
                        text.trim(),
                        "```text",
                        "{}: a fence that rustdoc would run",
                        file.path
                    );
                }
                in_fence = !in_fence;
            } else if !in_fence && previous_blank {
                assert!(
                    !text.starts_with("    ") && !text.starts_with('\t'),
                    "{}: an indented block rustdoc would run: {text}",
                    file.path
                );
            }
            previous_blank = text.trim().is_empty() && !in_fence;
        }
    }
    assert_eq!(
        rust_files, 12,
        "lib.rs, main.rs, types/src/lib.rs, types.rs, client.rs, cli.rs, and client/<tag>.rs \
         and cli/<tag>.rs for each of its 3 tags' features"
    );
}

#[test]
fn names_differing_only_by_case_or_punctuation_stay_distinct() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let output =
        codegen::generate(&spec, &codegen::Config::new(HOSTILE, "hostile")).expect("generates");
    let types = output
        .files
        .iter()
        .find(|f| f.path == "types.rs")
        .expect("types.rs");
    let file = syn::parse_file(&types.contents).expect("parses");
    let mut seen = std::collections::BTreeSet::new();
    for item in &file.items {
        let name = match item {
            syn::Item::Struct(s) => s.ident.to_string(),
            syn::Item::Enum(e) => e.ident.to_string(),
            syn::Item::Type(t) => t.ident.to_string(),
            _ => continue,
        };
        assert!(seen.insert(name.clone()), "{name} is declared twice");
        assert!(
            name.len() <= 200,
            "a 10,000-character name is shortened: {} chars",
            name.len()
        );
    }
    // `Self`, `Option`, `Evil Enum`, `evil-enum`, `EvilEnum` and the long name.
    assert!(seen.len() >= 6, "{seen:?}");
}

/// Generates `text` as a spec file: the result, or the refusal's message.
fn generate_text(name: &str, text: &str) -> Result<codegen::Output, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write spec");
    codegen::generate(&path, &codegen::Config::new(name, "t")).map_err(|e| e.to_string())
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A spec with one GET whose 200 body is `schema` (YAML flow style).
fn with_schema(schema: &str, components: &str) -> String {
    format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: getX\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n{components}"
    )
}

/// Ok output must parse; a refusal must point at the node at fault.
fn assert_handled(name: &str, result: &Result<codegen::Output, String>, pointer: Option<&str>) {
    match result {
        Ok(output) => {
            for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
                syn::parse_file(&file.contents)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}", file.path));
            }
            assert!(
                pointer.is_none(),
                "{name}: expected a refusal at {pointer:?}"
            );
        }
        Err(message) => {
            let pointer = pointer.unwrap_or_else(|| panic!("{name}: refused: {message}"));
            assert!(message.contains(pointer), "{name}: {message}");
        }
    }
}

#[test]
fn cycles_missing_and_external_refs() {
    let alias_cycle = with_schema(
        "{$ref: '#/components/schemas/A'}",
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    );
    // A cycle of pure aliases describes no value: refused with a pointer,
    // or generated as free JSON; either way, no hang and no panic.
    match generate_text("cycle.yaml", &alias_cycle) {
        Err(message) => assert!(message.contains("#/components/schemas/"), "{message}"),
        ok => assert_handled("alias cycle", &ok, None),
    }
    let recursive = with_schema(
        "{$ref: '#/components/schemas/Node'}",
        "    Node:\n      type: object\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n        all: {type: array, items: {$ref: '#/components/schemas/Node'}}\n",
    );
    assert_handled(
        "recursive",
        &generate_text("recursive.yaml", &recursive),
        None,
    );
    let missing = with_schema(
        "{$ref: '#/components/schemas/Gone'}",
        "    A: {type: string}\n",
    );
    assert_handled(
        "missing",
        &generate_text("missing.yaml", &missing),
        Some("#/paths/~1x/get/responses/200"),
    );
    let external = with_schema("{$ref: 'other.yaml#/Thing'}", "    A: {type: string}\n");
    let output = generate_text("external.yaml", &external);
    assert_handled("external", &output, None);
    let warnings: Vec<String> = output
        .map(|o| o.warnings.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let warnings = warnings.join("\n");
    assert!(warnings.contains("other.yaml"), "{warnings}");
}

#[test]
fn self_referring_schemas_in_every_place_a_type_is_read() {
    // Found by the property test: an array of itself overflowed the stack
    // when its command-line form was worked out.
    let shapes = [
        "{type: array, items: {$ref: '#/components/schemas/Self'}}",
        "{type: array, items: {type: array, items: {$ref: '#/components/schemas/Self'}}}",
        "{type: object, additionalProperties: {$ref: '#/components/schemas/Self'}}",
        "{allOf: [{$ref: '#/components/schemas/Self'}]}",
        "{oneOf: [{type: string}, {$ref: '#/components/schemas/Self'}]}",
        "{nullable: true, type: array, items: {$ref: '#/components/schemas/Self'}}",
    ];
    let reference = "{$ref: '#/components/schemas/Self'}";
    for shape in shapes {
        let text = format!(
            "{HEAD}paths:\n  /x/{{p}}:\n    post:\n      operationId: postX\n      parameters:\n\
             {params}\n      requestBody: {{content: {{application/json: {{schema: {reference}}}}}}}\n\
             \x20     responses: {{'200': {{description: ok, content: {{application/json: {{schema: {reference}}}}}}}}}\n\
             components:\n  schemas:\n    Self: {shape}\n",
            params = ["path", "query", "header", "cookie"]
                .map(|at| {
                    let name = if at == "path" { "p".to_string() } else { format!("{at}Param") };
                    format!("        - {{name: {name}, in: {at}, required: true, schema: {reference}}}")
                })
                .join("\n"),
        );
        let result = generate_text("self.yaml", &text);
        match &result {
            Err(message) => assert!(
                message.contains("#/components/schemas/Self"),
                "{shape}: {message}"
            ),
            Ok(_) => assert_handled(shape, &result, None),
        }
    }
}

#[test]
fn messages_show_control_and_bidi_characters_escaped() {
    let text = format!(
        "{HEAD}paths:\n  \"/a\\u202Eb/{{id}}\":\n    get:\n      operationId: getX\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let output = generate_text("bidi.yaml", &text).expect("generates");
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    let warnings = warnings.join("\n");
    assert!(warnings.contains("~1a\\u{202e}b~1"), "{warnings}");
    assert!(!warnings.chars().any(is_bidi_control), "{warnings}");
    let broken = format!("{HEAD}paths:\n  /x:\n    get: {{operationId: getX, responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: \"#/components/schemas/Gone\\u202E\"}}}}}}}}}}}}\n");
    let message = generate_text("bidi-error.yaml", &broken).expect_err("dangling ref");
    assert!(!message.chars().any(is_bidi_control), "{message}");
    assert!(message.contains("\\u{202e}"), "{message}");
}

#[test]
fn deep_nesting_ends_in_a_refusal_or_a_result_never_a_stack_overflow() {
    let depth = 1000;
    let mut schema = String::from("{type: string}");
    for _ in 0..depth {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    let yaml = with_schema(&schema, "    A: {type: string}\n");
    let message = generate_text("deep.yaml", &yaml).expect_err("1,000 levels are refused");
    assert!(message.contains("deep.yaml"), "{message}");
    let mut json = String::from("{\"type\": \"string\"}");
    for _ in 0..depth {
        json = format!("{{\"type\": \"array\", \"items\": {json}}}");
    }
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {json}}}}}}}"
    );
    let message = generate_text("deep.json", &json).expect_err("1,000 levels are refused");
    assert!(message.contains("deep.json"), "{message}");
}

#[test]
fn yaml_anchors_work_and_an_alias_bomb_is_refused() {
    let anchors = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses: &ok\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{id: {{type: string}}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses: *ok\n"
    );
    assert_handled("anchors", &generate_text("anchors.yaml", &anchors), None);
    let mut bomb = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let prev = level - 1;
        bomb.push_str(&format!(
            "x-l{level}: &l{level} [*l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}]\n"
        ));
    }
    bomb.push_str("paths: {}\n");
    let started = std::time::Instant::now();
    let result = generate_text("bomb.yaml", &bomb);
    assert!(result.is_err(), "10^10 nodes are refused");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn duplicate_keys_do_not_panic_the_parser() {
    // openapiv3 panics on this when read straight from YAML; found by the fuzzer.
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: string}}\n            application/json:\n              schema: {{type: integer}}\n  /a:\n    post:\n      operationId: postA\n      responses: {{'204': {{description: none}}}}\n"
    );
    assert_handled("duplicates", &generate_text("duplicates.yaml", &text), None);
}

#[test]
fn wrong_types_at_any_node_are_refused_with_their_pointer() {
    let cases = [
        ("paths.yaml", format!("{HEAD}paths: 5\n"), "#/paths"),
        (
            "responses.yaml",
            format!("{HEAD}paths:\n  /x:\n    get:\n      responses: nope\n"),
            "#/paths/~1x/get/responses",
        ),
        (
            "parameters.yaml",
            format!("{HEAD}paths:\n  /x:\n    get:\n      parameters: {{a: 1}}\n      responses: {{'200': {{description: ok}}}}\n"),
            "#/paths/~1x/get/parameters",
        ),
        (
            "schema.yaml",
            with_schema("[1, 2]", "    A: {type: string}\n"),
            "#/paths/~1x/get/responses/200/content/application~1json/schema",
        ),
        (
            "components.yaml",
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas: [a, b]\n"),
            "#/components/schemas",
        ),
    ];
    for (name, text, pointer) in cases {
        let result = generate_text(name, &text);
        assert_handled(name, &result, Some(pointer));
    }
}

#[test]
fn duplicate_operation_ids_and_thousands_of_operations() {
    let mut text = format!("{HEAD}paths:\n");
    let count = 50_000;
    for i in 0..count {
        // Every operation claims the same operationId.
        text.push_str(&format!(
            "  /items{i}/{{id}}:\n    get:\n      operationId: getItem\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{n: {{type: integer}}}}}}}}}}}}}}\n"
        ));
    }
    let output = generate_text("many.yaml", &text).expect("generates");
    let client = output
        .files
        .iter()
        .find(|f| f.path == "client.rs")
        .expect("client.rs");
    assert_eq!(
        client
            .contents
            .matches("impl runtime::Operation for")
            .count(),
        count
    );
    assert!(client.contents.contains("pub struct GetItem2 "));
}
