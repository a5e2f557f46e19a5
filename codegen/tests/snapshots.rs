//! Snapshots of the generator's output for each fixture spec in `specs/`.
//! Each fixture tests one thing; `fixtures-compiled` compiles the same output.
//! Accept intended changes with `cargo insta review` (or `INSTA_UPDATE=always`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

fn snapshot(fixture: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let file = ["yaml", "json"]
        .iter()
        .map(|ext| format!("{fixture}.{ext}"))
        .find(|name| dir.join(name).exists())
        .unwrap_or_else(|| panic!("no spec for fixture {fixture}"));
    let spec = dir.join(&file);
    let source = format!("codegen/tests/specs/{file}");
    let output = codegen::generate(&spec, &codegen::Config::new(source, "fixture"))
        .unwrap_or_else(|e| panic!("{fixture}: {e}"));
    for file in &output.files {
        let name = format!("{fixture}__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &file.contents);
    }
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    // The model itself: the names and shapes decided, apart from the code.
    let api = codegen::model::build(
        &codegen::load::load(&spec).unwrap_or_else(|e| panic!("{fixture}: {e}")),
        &codegen::Config::new("", "fixture"),
    )
    .unwrap_or_else(|e| panic!("{fixture}: {e}"));
    insta::assert_snapshot!(format!("{fixture}__model"), codegen::model::outline(&api));
    insta::assert_snapshot!(format!("{fixture}__warnings"), warnings.join("\n"));
}

#[test]
fn cancel_invite_alone() {
    snapshot("cancel_invite");
}

#[test]
fn enum_values_that_are_not_identifiers() {
    snapshot("enums");
}

#[test]
fn hostile_and_colliding_names() {
    snapshot("names");
}

#[test]
fn composed_recursive_and_formatted_schemas() {
    snapshot("composition");
}

#[test]
fn bodies_and_responses_of_every_kind() {
    snapshot("bodies");
}

#[test]
fn parameter_styles_and_form_bodies() {
    snapshot("styles");
}

#[test]
fn every_kind_of_pagination() {
    snapshot("pagination");
}

#[test]
fn openapi_3_1_constructs() {
    snapshot("openapi_3_1");
}

#[test]
fn same_spec_same_bytes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/composition.yaml");
    let first = codegen::generate(&spec, &codegen::Config::new("x.yaml", "x")).map(|o| o.files);
    let second = codegen::generate(&spec, &codegen::Config::new("x.yaml", "x")).map(|o| o.files);
    assert_eq!(first.ok(), second.ok());
}
