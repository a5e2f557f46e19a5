//! Overlays applied as the specification's examples describe them: a
//! structured update, wildcard and filter targets, removal, appending to an
//! array, 1.1's copy; and errors that name the action and the target.

use serde_json::{json, Value};

use super::apply;

fn doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "tags": [{"name": "pets"}],
        "paths": {
            "/pets": {
                "get": {"summary": "List pets", "x-beta": false, "responses": {}},
                "post": {"summary": "Add a pet", "x-beta": true, "responses": {}}
            },
            "/pets/{id}": {
                "get": {"summary": "Get a pet", "x-beta": true, "responses": {}}
            }
        }
    })
}

fn overlay(actions: Value) -> Value {
    json!({"overlay": "1.1.0", "info": {"title": "t", "version": "1"}, "actions": actions})
}

#[test]
fn an_update_merges_into_the_target_object() {
    let mut doc = doc();
    let changed = apply(
        &mut doc,
        &overlay(
            json!([{"target": "$.info", "update": {"title": "Pet store", "x-logo": "pets.png"}}]),
        ),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(changed, 1);
    assert_eq!(
        doc["info"],
        json!({"title": "Pet store", "version": "1", "x-logo": "pets.png"})
    );
}

#[test]
fn a_wildcard_target_updates_every_node_it_selects() {
    let mut doc = doc();
    let changed = apply(
        &mut doc,
        &overlay(json!([{"target": "$.paths.*.get", "update": {"x-safe": true}}])),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(changed, 2);
    assert_eq!(doc["paths"]["/pets"]["get"]["x-safe"], json!(true));
    assert_eq!(doc["paths"]["/pets/{id}"]["get"]["x-safe"], json!(true));
    assert!(doc["paths"]["/pets"]["post"].get("x-safe").is_none());
}

#[test]
fn a_filter_selects_what_to_remove() {
    let mut doc = doc();
    apply(
        &mut doc,
        &overlay(json!([{"target": "$.paths.*[?@['x-beta'] == true]", "remove": true}])),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(
        doc["paths"],
        json!({"/pets": {"get": {"summary": "List pets", "x-beta": false, "responses": {}}}, "/pets/{id}": {}})
    );
}

#[test]
fn an_update_of_an_array_appends_and_nested_arrays_concatenate() {
    let mut doc = doc();
    apply(
        &mut doc,
        &overlay(json!([
            {"target": "$.tags", "update": {"name": "owners"}},
            {"target": "$", "update": {"tags": [{"name": "vets"}]}}
        ])),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(
        doc["tags"],
        json!([{"name": "pets"}, {"name": "owners"}, {"name": "vets"}])
    );
}

#[test]
fn remove_then_update_replaces_a_value() {
    let mut doc = doc();
    apply(
        &mut doc,
        &overlay(json!([
            {"target": "$.paths['/pets'].get.summary", "remove": true},
            {"target": "$.paths['/pets'].get", "update": {"summary": "All pets"}}
        ])),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(doc["paths"]["/pets"]["get"]["summary"], json!("All pets"));
}

#[test]
fn copy_merges_the_one_node_it_selects() {
    let mut doc = doc();
    apply(
        &mut doc,
        &overlay(json!([
            {"target": "$.paths", "update": {"/animals": {}}},
            {"target": "$.paths['/animals']", "copy": "$.paths['/pets']"}
        ])),
        "o.yaml",
    )
    .unwrap();
    assert_eq!(doc["paths"]["/animals"], doc["paths"]["/pets"]);
}

#[test]
fn errors_name_the_overlay_the_action_and_the_target() {
    let cases = [
        (
            overlay(json!([{"target": "$.info", "update": {}}, {"target": "$.paths['/nope']", "remove": true}])),
            "o.yaml: actions[1]: target '$.paths['/nope']' matched nothing",
        ),
        (
            overlay(json!([{"target": "$.info", "update": {"title": {"a": 1}}}])),
            "o.yaml: actions[0]: /info/title: cannot merge an object into a primitive",
        ),
        (
            overlay(json!([{"target": "$.info.title", "update": {"a": 1}}])),
            "o.yaml: actions[0]: target '$.info.title' selects /info/title, which is neither an object nor an array; select the object holding it",
        ),
        (
            overlay(json!([{"target": "$.paths[", "remove": true}])),
            "o.yaml: actions[0]: '$.paths[' is not a JSONPath",
        ),
        (
            overlay(json!([{"target": "$.info", "copy": "$.paths.*"}])),
            "o.yaml: actions[0]: copy '$.paths.*' selects 2 nodes; it must select one",
        ),
        (
            json!({"overlay": "2.0.0", "actions": []}),
            "o.yaml: overlay version '2.0.0': this reads 1.0 and 1.1",
        ),
    ];
    for (overlay, expected) in cases {
        let mut doc = doc();
        let before = doc.clone();
        let error = apply(&mut doc, &overlay, "o.yaml").unwrap_err().to_string();
        assert!(error.starts_with(expected), "{error}\nexpected {expected}");
        if expected.contains("actions[0]") {
            assert_eq!(doc, before, "a failed first action changes nothing");
        }
    }
}

/// GitHub's description declares no security; an overlay of five lines
/// adding a bearer scheme makes its generated client send a token. Here on
/// a small spec without security, through the customisation file.
#[test]
fn an_overlay_named_by_the_customisation_file_is_applied_before_the_model() {
    let dir = std::env::temp_dir().join(format!("overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("api.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /user:\n    get: {operationId: getUser, responses: {'200': {description: ok}}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("auth.overlay.yaml"),
        "overlay: 1.0.0\ninfo: {title: token, version: '1'}\nactions:\n  - target: $\n    update:\n      components: {securitySchemes: {token: {type: http, scheme: bearer}}}\n      security: [{token: []}]\n",
    )
    .unwrap();
    std::fs::write(dir.join("custom.yaml"), "overlays: [auth.overlay.yaml]\n").unwrap();
    let config = crate::Config::new("api.yaml", "t")
        .customize(&dir.join("custom.yaml"))
        .unwrap();
    let plain = crate::load::load(&spec).unwrap();
    let overlaid = crate::load::load_overlaid(&spec, &config.overlays).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(plain.security.is_none());
    let api = crate::model::build(&overlaid, &config).unwrap();
    assert_eq!(api.schemes.len(), 1, "{:?}", api.schemes);
}
