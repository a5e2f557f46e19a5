//! `dci edit`: the real binary against a local server, with a scripted
//! editor (`sed`). The item is read, changed, shown as a diff and sent
//! back with If-Match; a merge patch only where the spec offers one; an
//! unchanged file sends nothing; a 412 is exit 21.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ALERT: &str = "/analytics/v1/alerts/a1";
const CUSTOMER: &str = "/customers/v1/customers/c1";

/// A server with one alert (ETag "v1") and one customer (no ETag); the
/// PATCH of the alert answers 412 unless If-Match is "v1".
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let alert = serde_json::json!({
        "id": "a1", "name": "Prod cost", "createTime": 1,
        "config": {"condition": "value", "value": 10}, "recipients": ["a@b.c"],
    });
    Mock::given(method("GET"))
        .and(path(ALERT))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v1\"")
                .set_body_json(&alert),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(ALERT))
        .and(header("If-Match", "\"v1\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(&alert))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(ALERT))
        .respond_with(ResponseTemplate::new(412))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(CUSTOMER))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "c1", "urlSlug": "acme", "settings": {"currency": "USD", "timezone": "UTC"},
        })))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path(CUSTOMER))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// dci with `editor` as $EDITOR (no $VISUAL).
fn dci(server: &MockServer, editor: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::dci(server);
    cmd.env("EDITOR", editor).env_remove("VISUAL").args(args);
    cmd
}

/// The requests other than GETs.
async fn writes(server: &MockServer) -> Vec<Request> {
    let all = server.received_requests().await.unwrap_or_default();
    all.into_iter()
        .filter(|r| r.method.as_str() != "GET")
        .collect()
}

#[tokio::test]
async fn an_edit_sends_the_item_back_with_if_match() {
    let server = server().await;
    let out = common::run(dci(
        &server,
        "sed -i s/Prod/Staging/",
        &["edit", "update-alert", "a1", "--yes", "-o", "json"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("-  \"name\": \"Prod cost\",")
            && out.stderr.contains("+  \"name\": \"Staging cost\","),
        "the diff: {}",
        out.stderr
    );
    let sent = writes(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].headers["if-match"], "\"v1\"");
    assert_eq!(sent[0].headers["content-type"], "application/json");
    // The fields the body takes, not the read-only ones (id, createTime).
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "name": "Staging cost",
            "config": {"condition": "value", "value": 10},
            "recipients": ["a@b.c"],
        })
    );
    assert!(out.stdout.contains("\"id\": \"a1\""), "{}", out.stdout);
}

#[tokio::test]
async fn an_unchanged_file_sends_nothing_and_a_stale_one_is_a_conflict() {
    let server = server().await;
    let out = common::run(dci(&server, "true", &["edit", "update-alert", "a1"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("No change; nothing was sent."));
    assert!(writes(&server).await.is_empty());

    // No terminal to ask on and no --yes: refused, nothing sent.
    let out = common::run(dci(
        &server,
        "sed -i s/Prod/Dev/",
        &["edit", "update-alert", "a1"],
    ))
    .await;
    assert_eq!(out.code, 30, "{}", out.stderr);
    assert!(out.stderr.contains("pass --yes"), "{}", out.stderr);
    assert!(writes(&server).await.is_empty());

    // The server's item changed meanwhile (another ETag): 412, exit 21.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(ALERT))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("ETag", "\"v2\"")
                .set_body_json(serde_json::json!({"name": "Prod cost"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(412))
        .mount(&server)
        .await;
    let out = common::run(dci(
        &server,
        "sed -i s/Prod/Dev/",
        &["edit", "update-alert", "a1", "--yes"],
    ))
    .await;
    assert_eq!(out.code, 21, "{}", out.stderr);
    assert!(
        out.stderr.contains("changed since it was read"),
        "{}",
        out.stderr
    );
}

#[tokio::test]
async fn a_merge_patch_holds_only_the_change_and_yaml_is_edited_as_yaml() {
    let server = server().await;
    let out = common::run(dci(
        &server,
        "sed -i s/USD/EUR/",
        &["edit", "update-customer", "c1", "-o", "yaml", "--yes"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("-  currency: USD") && out.stderr.contains("+  currency: EUR"),
        "a YAML diff: {}",
        out.stderr
    );
    let sent = writes(&server).await;
    assert_eq!(
        sent[0].headers["content-type"],
        "application/merge-patch+json"
    );
    assert!(sent[0].headers.get("if-match").is_none());
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body, serde_json::json!({"settings": {"currency": "EUR"}}));
}

#[tokio::test]
async fn what_cannot_be_edited_is_a_usage_error() {
    let server = server().await;
    let out = common::run(dci(&server, "true", &["edit", "get-alert", "a1"])).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("'get-alert' cannot be edited") && out.stderr.contains("update-alert"),
        "{}",
        out.stderr
    );
    // A body given beside edit, and an edit that is not JSON.
    let out = common::run(dci(
        &server,
        "true",
        &["edit", "update-alert", "a1", "--name", "x"],
    ))
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("takes the body from the editor"));
    // The file of an invalid edit is kept, where temporary files go.
    let scratch = tempfile::tempdir().unwrap();
    let mut invalid = dci(
        &server,
        "sed -i s/Prod/\\\"/",
        &["edit", "update-alert", "a1", "--yes"],
    );
    invalid.env("TMPDIR", scratch.path());
    let out = common::run(invalid).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    let kept: Vec<_> = std::fs::read_dir(scratch.path())
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(kept.len(), 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("not valid JSON")
            && out.stderr.contains(&*kept[0].path().to_string_lossy()),
        "{}",
        out.stderr
    );
    assert!(writes(&server).await.is_empty());
}
