//! The typed client as a Rust program uses it, against a real local HTTP
//! server: the README's example program, the builder's setters, pages as a
//! stream, client-wide settings and errors by status.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::PathBuf;

use dci::runtime::{Client, Error};
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-library-test-key";

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri())
        .api_key(KEY)
        .retries(0)
        .build()
        .expect("client")
}

const ALERTS: &str = "/analytics/v1/alerts";

/// Two pages of alerts: the first (no token asked) names the token `p2`,
/// and `p2` answers `second` with `status`. Each page is asked for once.
async fn mount_two_pages(
    server: &MockServer,
    first: serde_json::Value,
    status: u16,
    second: serde_json::Value,
) {
    Mock::given(method("GET"))
        .and(path(ALERTS))
        .and(query_param("pageToken", "p2"))
        .respond_with(ResponseTemplate::new(status).set_body_json(second))
        .expect(1)
        .mount(server)
        .await;
    let mut first = first;
    first["pageToken"] = json!("p2");
    Mock::given(method("GET"))
        .and(path(ALERTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(first))
        .expect(1)
        .mount(server)
        .await;
}

/// The README's first `rust` code block.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("```rust\n")
        .expect("a rust block in the README")
        + "```rust\n".len();
    let end = start + readme[start..].find("```").expect("the block ends");
    readme[start..end].to_string()
}

#[test]
fn the_readme_example_is_the_example_program() {
    let example =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/client.rs"))
            .expect("examples/client.rs");
    assert_eq!(
        readme_example(),
        example,
        "README's first rust block and examples/client.rs differ: make them one"
    );
}

/// The example's binary, which `cargo test` builds beside the tests.
fn example_binary(name: &str) -> PathBuf {
    let deps = std::env::current_exe().expect("test binary");
    let dir = deps.parent().and_then(|d| d.parent()).expect("target dir");
    let binary = dir.join("examples").join(name);
    if !binary.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--example", name])
            .status()
            .expect("cargo build --example");
        assert!(status.success(), "cannot build the example {name}");
    }
    binary
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_example_runs_against_a_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/iam/v1/users/inv-123/actions/cancel"))
        .and(query_param("dryRun", "true"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .and(header_exists("Idempotency-Key"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "Invite would be cancelled",
            "inviteId": "inv-123"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let binary = example_binary("client");
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(binary)
            .env_clear()
            .env("DCI_API_BASE_URL", uri)
            .env("DCI_API_KEY", KEY)
            .output()
    })
    .await
    .expect("join")
    .expect("run the example");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(stdout, "inv-123: Invite would be cancelled\n");
}

#[tokio::test]
async fn setters_and_client_settings_shape_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ALERTS))
        .and(query_param("maxResults", "5"))
        .and(query_param("sortOrder", "desc"))
        .and(header("X-Tenant-Id", "cust-1"))
        .and(header("User-Agent", "my-app/1.0"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"alerts": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .api_key(KEY)
        .tenant_id("cust-1")
        .user_agent("my-app/1.0")
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("client");
    let page = client
        .list_alerts()
        .max_results(5)
        .sort_order("desc")
        .send()
        .await
        .expect("listed");
    assert_eq!(page.status, 200);
    assert_eq!(page.body.alerts.as_deref().map(<[_]>::len), Some(0));
}

#[tokio::test]
async fn a_paginated_operation_streams_its_items_across_pages() {
    let server = MockServer::start().await;
    let item = |id: &str| json!({"id": id, "name": format!("alert {id}")});
    mount_two_pages(
        &server,
        json!({"alerts": [item("a"), item("b")]}),
        200,
        json!({"alerts": [item("c")]}),
    )
    .await;
    let client = client(&server);
    let names: Vec<String> = client
        .list_alerts()
        .max_results(2)
        .stream()
        .map_ok(|alert| alert.name)
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(names, ["alert a", "alert b", "alert c"]);
    // The second request carried the first page's token and the same filter.
    let requests = server.received_requests().await.expect("recorded");
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [Some("maxResults=2"), Some("maxResults=2&pageToken=p2")]
    );
}

#[tokio::test]
async fn an_error_on_a_later_page_ends_the_stream_with_its_status() {
    let server = MockServer::start().await;
    mount_two_pages(
        &server,
        json!({"alerts": [{"id": "a", "name": "a"}]}),
        403,
        json!({"error": "no access"}),
    )
    .await;
    let client = client(&server);
    let mut stream = std::pin::pin!(client.list_alerts().stream());
    let first = stream
        .try_next()
        .await
        .expect("first page")
        .expect("an item");
    assert_eq!(first.name, "a");
    let error = stream.try_next().await.expect_err("the second page fails");
    assert_eq!(error.status(), Some(403));
    assert!(matches!(error, Error::Api { status: 403, .. }), "{error:?}");
    assert!(stream.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn errors_are_told_apart_by_status_with_their_typed_body() {
    let server = MockServer::start().await;
    for (id, status) in [("gone", 404), ("twice", 409)] {
        Mock::given(method("POST"))
            .and(path(format!("/iam/v1/users/{id}/actions/cancel")))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({"error": format!("{id}!")})),
            )
            .mount(&server)
            .await;
    }
    let client = client(&server);
    for (id, status) in [("gone", 404), ("twice", 409)] {
        let error = client
            .cancel_invite(id)
            .send()
            .await
            .expect_err("an API error");
        assert_eq!(error.status(), Some(status));
        let body = error.api_body().expect("a documented error body");
        assert_eq!(body.error.as_deref(), Some(format!("{id}!").as_str()));
        assert!(!format!("{error:?}").contains(KEY));
    }
}

/// A live stream's events, typed: `Builder::event_stream` yields each event
/// (name and data) in order, and sends the `Accept` the stream needs.
#[tokio::test]
async fn a_live_stream_yields_its_events() {
    use dci::types::AvaAskRequest;
    use futures_util::StreamExt;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ava/v1/ask"))
        .and(header("accept", "text/event-stream"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string("event: delta\ndata: {\"answer\": \"Hel\"}\n\nevent: delta\ndata: {\"answer\": \"lo\"}\n\nevent: done\ndata: end\n\n"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let events = client
        .ask_ava_streaming(AvaAskRequest::new("What did we spend?"))
        .event_stream()
        .await
        .expect("a stream");
    let events: Vec<_> = events.map(|e| e.expect("an event")).collect().await;
    let seen: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.event.as_str(), e.data.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("delta", r#"{"answer": "Hel"}"#),
            ("delta", r#"{"answer": "lo"}"#),
            ("done", "end")
        ]
    );
}

/// A body type keeps the fields the spec does not name (it allows them):
/// decoded, changed and sent back, it loses none (issue 17).
#[tokio::test]
async fn a_body_sent_back_keeps_the_fields_it_decoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/analytics/v1/labels"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "l1", "name": "y", "color": "blue"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let saved = json!({"name": "x", "color": "blue", "brandNewField": {"n": 1}});
    let mut label: dci::types::CreateLabelRequest = serde_json::from_value(saved).unwrap();
    label.name = "y".to_string();
    client(&server)
        .create_label(label)
        .send()
        .await
        .expect("sent");
    let requests = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"name": "y", "color": "blue", "brandNewField": {"n": 1}})
    );
}
