//! dci as people use it every day, against a real local server: output
//! formats, --jq, --all, the destructive gate, retries and timeouts, and
//! the API key never showing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;

use common::{dci, run};

const CANCEL_PATH: &str = "/iam/v1/users/inv-1/actions/cancel";

async fn users(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/iam/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "users": [
                {"id": "u1", "email": "ann@example.com", "role": {"name": "Admin"}},
                {"id": "u2", "email": "bob, jr@example.com", "role": {"name": "Viewer"}}
            ],
            "rowCount": 2
        })))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_output_format() {
    let server = MockServer::start().await;
    users(&server).await;
    let cases = [
        ("table", "ID  EMAIL                ROLE\nu1  ann@example.com      {\"name\":\"Admin\"}\nu2  bob, jr@example.com  {\"name\":\"Viewer\"}\n"),
        ("csv", "id,email,role\nu1,ann@example.com,\"{\"\"name\"\":\"\"Admin\"\"}\"\nu2,\"bob, jr@example.com\",\"{\"\"name\"\":\"\"Viewer\"\"}\"\n"),
        ("yaml", "users:\n- id: u1\n  email: ann@example.com\n  role:\n    name: Admin\n- id: u2\n  email: bob, jr@example.com\n  role:\n    name: Viewer\nrowCount: 2\n"),
    ];
    for (format, expected) in cases {
        let mut cmd = dci(&server);
        cmd.args(["list-users", "-o", format]);
        let out = run(cmd).await;
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{format}");
    }
    // Piped, the default is JSON.
    let out = run({
        let mut cmd = dci(&server);
        cmd.arg("list-users");
        cmd
    })
    .await;
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON when piped");
    assert_eq!(parsed["rowCount"], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn jq_filters_and_a_bad_filter_sends_nothing() {
    let server = MockServer::start().await;
    users(&server).await;
    let mut cmd = dci(&server);
    cmd.args(["list-users", "--jq", ".users[] | .email"]);
    let out = run(cmd).await;
    assert_eq!(out.stdout, "\"ann@example.com\"\n\"bob, jr@example.com\"\n");
    let mut bad = dci(&server);
    bad.args(["list-users", "--jq", ".users[ | "]);
    let out = run(bad).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("Error: --jq:"), "{}", out.stderr);
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "only the first command sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn all_follows_three_pages_into_one_result() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], token: Option<&str>| {
        let mut body = json!({"alerts": ids.iter().map(|id| json!({"id": id, "name": format!("alert {id}")})).collect::<Vec<_>>(), "rowCount": ids.len()});
        if let Some(token) = token {
            body["pageToken"] = json!(token);
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param_is_missing("pageToken"))
        .respond_with(page(&["a1", "a2"], Some("p2")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param("pageToken", "p2"))
        .respond_with(page(&["a3"], Some("p3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param("pageToken", "p3"))
        .and(query_param("maxResults", "2"))
        .respond_with(page(&["a4"], None))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args([
        "list-alerts",
        "--all",
        "--max-results",
        "2",
        "--jq",
        "[.alerts[].id]",
        "-o",
        "json",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ids: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(ids, json!(["a1", "a2", "a3", "a4"]));
}

#[tokio::test(flavor = "multi_thread")]
async fn destructive_commands_need_yes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"message": "ok", "inviteId": "inv-1"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/iam/v1/users/u1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    for args in [&["cancel-invite", "inv-1"][..], &["delete-user", "u1"][..]] {
        let mut cmd = dci(&server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_eq!(out.code, 30, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("--yes"), "{}", out.stderr);
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing sent without --yes"
    );
    let mut yes = dci(&server);
    yes.args(["cancel-invite", "inv-1", "--yes"]);
    assert_eq!(run(yes).await.code, 0);
    let mut env = dci(&server);
    env.env("DCI_CONFIRM_DESTRUCTIVE", "1")
        .args(["delete-user", "u1"]);
    assert_eq!(run(env).await.code, 0);
    // The API's own dry run, --offline and the local --dry-run need no --yes.
    let mut api_dry = dci(&server);
    api_dry.args(["cancel-invite", "inv-1", "--dry-run"]);
    assert_eq!(run(api_dry).await.code, 0);
    let before = server.received_requests().await.unwrap_or_default().len();
    let mut local_dry = dci(&server);
    local_dry
        .env_remove("DCI_API_KEY")
        .args(["delete-user", "u1", "--dry-run"]);
    let out = run(local_dry).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("curl \\\n  -X DELETE"),
        "{}",
        out.stdout
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        before,
        "local --dry-run sends nothing"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn retries_honour_retry_after_and_reuse_the_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "0")
                .set_body_json(json!({"error": "busy"})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"message": "ok", "inviteId": "inv-1"})),
        )
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--yes"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 3);
    let keys: Vec<_> = requests
        .iter()
        .map(|r| r.headers.get("idempotency-key").cloned())
        .collect();
    assert!(
        keys[0].is_some() && keys.iter().all(|k| *k == keys[0]),
        "one key for every try: {keys:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_retry_of_a_post_without_a_key_nor_of_a_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/analytics/v1/folders"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/iam/v1/users"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!({"error": "boom"})))
        .mount(&server)
        .await;
    let mut post = dci(&server);
    post.args(["create-folder", "--body", r#"{"name": "reports"}"#]);
    let out = run(post).await;
    assert_eq!(out.code, 40, "{}", out.stderr);
    let mut get = dci(&server);
    get.args(["list-users"]);
    let out = run(get).await;
    assert_eq!(out.code, 40);
    assert_eq!(
        out.stderr,
        "Error: boom (HTTP 500)\nHint: the service failed; try again later\n"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2,
        "one try each"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_times_out_within_the_timeout_retries_included() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/iam/v1/users"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["list-users", "--timeout", "0.2", "--retries", "1"]);
    let started = std::time::Instant::now();
    let out = run(cmd).await;
    assert_eq!(out.code, 41, "{}", out.stderr);
    // The whole request had 0.2 s: no retry fits after a timed-out attempt.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.stderr.starts_with("Error: timed out") && out.stderr.contains("slow to answer"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn with_json_output_errors_are_one_json_document() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(
            ResponseTemplate::new(409).set_body_json(json!({"error": "Invite already cancelled"})),
        )
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--yes", "-o", "json", "--verbose"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 21);
    let last = out.stderr.lines().last().unwrap_or_default();
    let document: serde_json::Value = serde_json::from_str(last).expect("a JSON error document");
    assert_eq!(
        document,
        json!({"error": {
            "code": "CONFLICT",
            "message": "Invite already cancelled (HTTP 409)",
            "retryable": false,
            "http_status": 409,
            "exit_code": 21,
        }})
    );
}
