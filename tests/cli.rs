//! The real `dci` binary against a real local HTTP server (wiremock).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use assert_cmd::Command;
use serde_json::json;
use wiremock::matchers::{body_json, header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;

use common::{run, KEY};

const CANCEL_PATH: &str = "/iam/v1/users/inv-1/actions/cancel";

/// `dci` pointed at `server`, with destructive commands confirmed
/// (tests/daily.rs covers the gate itself).
fn dci(server: &MockServer) -> Command {
    let mut cmd = common::dci(server);
    cmd.env("DCI_CONFIRM_DESTRUCTIVE", "1");
    cmd
}

fn error_body(message: &str) -> serde_json::Value {
    json!({ "error": message })
}

async fn mount_cancel(server: &MockServer, status: u16, body: serde_json::Value) {
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(server)
        .await;
}

fn received(requests: &[Request]) -> &Request {
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    &requests[0]
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_invite_sends_the_documented_request_and_prints_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .and(query_param("dryRun", "true"))
        .and(header("Idempotency-Key", "key-1"))
        .and(header("Authorization", format!("Bearer {KEY}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "message": "Invite cancelled",
            "inviteId": "inv-1"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args([
        "cancel-invite",
        "inv-1",
        "--dry-run",
        "--idempotency-key",
        "key-1",
    ]);
    let out = run(cmd).await;
    // The API's own dry run: sent, and said so (the local one is curl).
    assert_eq!(
        out.stderr,
        "Note: dry run: the API was asked (dryRun=true) to check the request and change nothing\n"
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "{\n  \"message\": \"Invite cancelled\",\n  \"inviteId\": \"inv-1\"\n}\n"
    );
    let requests = server.received_requests().await.unwrap_or_default();
    let request = received(&requests);
    assert!(request.body.is_empty(), "no --body, no request body");
    assert_eq!(request.url.query(), Some("dryRun=true"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_alias_answers_too_and_flags_are_sent_only_when_given() {
    let server = MockServer::start().await;
    mount_cancel(&server, 200, json!({"message": "ok", "inviteId": "inv-1"})).await;
    let mut cmd = dci(&server);
    cmd.args(["cancelinvite", "inv-1"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let requests = server.received_requests().await.unwrap_or_default();
    let request = received(&requests);
    assert_eq!(request.url.query(), None, "dryRun not given, so not sent");
    assert_eq!(request.url.path(), CANCEL_PATH);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_idempotency_key_is_generated_and_shown_with_verbose() {
    let server = MockServer::start().await;
    mount_cancel(&server, 200, json!({"message": "ok", "inviteId": "inv-1"})).await;
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--verbose"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let requests = server.received_requests().await.unwrap_or_default();
    let sent = received(&requests)
        .headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .expect("an Idempotency-Key was sent");
    let parsed = uuid::Uuid::parse_str(&sent).expect("the key is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
    assert!(
        out.stderr.contains(&format!("> Idempotency-Key: {sent}")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("> Authorization: Bearer $DCI_API_KEY"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("< HTTP 200"), "{}", out.stderr);
    assert!(
        !out.stderr.contains(KEY) && !out.stdout.contains(KEY),
        "the key leaked"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn documented_errors_print_their_message_hint_and_exit_code() {
    let cases = [
        (
            404,
            "No invite with that ID",
            20,
            "Hint: check the identifiers given; a list command shows what exists\n",
        ),
        (409, "Invite already cancelled", 21, ""),
        (
            500,
            "Something broke",
            40,
            "Hint: the service failed; try again later\n",
        ),
    ];
    for (status, message, code, hint) in cases {
        let server = MockServer::start().await;
        mount_cancel(&server, status, error_body(message)).await;
        let mut cmd = dci(&server);
        cmd.args(["cancel-invite", "inv-1"]);
        let out = run(cmd).await;
        assert_eq!(out.code, code, "HTTP {status}");
        assert_eq!(
            out.stderr,
            format!("Error: {message} (HTTP {status})\n{hint}")
        );
        assert_eq!(out.stdout, "");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_undocumented_status_and_a_non_json_body_still_give_one_line() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><body>Bad gateway</body></html>"),
        )
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--retries", "0"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 40);
    assert_eq!(
        out.stderr,
        "Error: Bad Gateway (HTTP 502)\nHint: the service failed; try again later\n"
    );
}

/// A success whose JSON is not of the documented shape still succeeded:
/// dci prints it as received, warns (people only), and exits 0, so that a
/// script does not send a create twice.
#[tokio::test(flavor = "multi_thread")]
async fn a_success_body_of_the_wrong_shape_is_printed_with_a_warning() {
    let server = MockServer::start().await;
    mount_cancel(&server, 200, json!({"message": 42})).await;
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--yes", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let printed: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(printed, json!({"message": 42}));
    assert!(
        out.stderr
            .starts_with("Warning: the response does not match its documented type"),
        "{}",
        out.stderr
    );
    let mut cmd = dci(&server);
    cmd.args(["cancel-invite", "inv-1", "--yes", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (0, ""),
        "agents get no warning"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_key_nothing_is_sent() {
    let server = MockServer::start().await;
    mount_cancel(&server, 200, json!({"message": "ok", "inviteId": "inv-1"})).await;
    let mut cmd = dci(&server);
    cmd.env_remove("DCI_API_KEY")
        .args(["cancel-invite", "inv-1"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 10, "AUTH_INVALID");
    assert!(
        out.stderr.starts_with("Error: DCI_API_KEY is not set"),
        "{}",
        out.stderr
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_prints_a_curl_command_with_the_key_redacted_and_sends_nothing() {
    let server = MockServer::start().await;
    let mut cmd = dci(&server);
    cmd.args([
        "cancel-invite",
        "inv 1/x",
        "--dry-run",
        "--idempotency-key",
        "k-1",
        "--offline",
        "--body",
        "{}",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    let expected = format!(
        "curl \\\n  -X POST \\\n  '{}/iam/v1/users/inv%201%2Fx/actions/cancel?dryRun=true' \\\n  -H \"Authorization: Bearer $DCI_API_KEY\" \\\n  -H 'Idempotency-Key: k-1' \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{{}}'\n",
        server.uri()
    );
    assert_eq!(out.stdout, expected);
    assert!(!out.stdout.contains(KEY));
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    let mut keyless = dci(&server);
    keyless
        .env_remove("DCI_API_KEY")
        .args(["cancel-invite", "inv-1", "--offline"]);
    let out = run(keyless).await;
    assert_eq!(out.code, 0, "--offline needs no key: {}", out.stderr);
    assert!(out
        .stdout
        .contains("\"Authorization: Bearer $DCI_API_KEY\""));
}

#[tokio::test(flavor = "multi_thread")]
async fn customer_context_is_sent_as_the_tenant_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .and(header("X-Tenant-Id", "cust-9"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"message": "ok", "inviteId": "inv-1"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let mut flag = dci(&server);
    flag.args(["-D", "cust-9", "cancel-invite", "inv-1"]);
    assert_eq!(run(flag).await.code, 0);
    let mut env = dci(&server);
    env.env("DCI_CUSTOMER_CONTEXT", "cust-9")
        .args(["cancel-invite", "inv-1"]);
    assert_eq!(run(env).await.code, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_body_comes_inline_from_a_file_or_from_stdin() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({"reason": "left"})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"message": "ok", "inviteId": "inv-1"})),
        )
        .expect(3)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("dci-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("body.json");
    std::fs::write(&file, r#"{"reason": "left"}"#).expect("write body");

    let mut inline = dci(&server);
    inline.args(["cancel-invite", "inv-1", "--body", r#"{"reason":"left"}"#]);
    assert_eq!(run(inline).await.code, 0);
    let mut from_file = dci(&server);
    from_file.args([
        "cancel-invite",
        "inv-1",
        "--body",
        &format!("@{}", file.display()),
    ]);
    assert_eq!(run(from_file).await.code, 0);
    let mut from_stdin = dci(&server);
    from_stdin
        .args(["cancel-invite", "inv-1", "--body", "-"])
        .write_stdin(r#"{"reason": "left"}"#);
    assert_eq!(run(from_stdin).await.code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_usage_error_before_anything_is_sent() {
    let server = MockServer::start().await;
    mount_cancel(&server, 200, json!({})).await;
    let cases: [&[&str]; 4] = [
        &["cancel-invite"],
        &["cancel-invite", "inv-1", "--body", "{not json"],
        &[
            "cancel-invite",
            "inv-1",
            "--body",
            "@/nonexistent/body.json",
        ],
        &["cancel-invite", "inv-1", "--dry-run=maybe"],
    ];
    for args in cases {
        let mut cmd = dci(&server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
    // Values clap checks: the flag is named, with what it accepts.
    let typed: [(&[&str], &str); 2] = [
        (
            &["list-alerts", "--sort-order", "sideways"],
            "invalid value 'sideways' for '--sort-order <STRING>'",
        ),
        (
            &["list-alerts", "--max-results", "ten"],
            "invalid value 'ten' for '--max-results <INTEGER>'",
        ),
    ];
    for (args, message) in typed {
        let mut cmd = dci(&server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(message), "{}", out.stderr);
    }
    let mut cmd = dci(&server);
    cmd.args(["list-alerts", "--sort-order", "sideways"]);
    assert!(run(cmd)
        .await
        .stderr
        .contains("[possible values: asc, desc]"));
    let long_key = "k".repeat(256);
    let mut too_long = dci(&server);
    too_long.args(["cancel-invite", "inv-1", "--idempotency-key", &long_key]);
    let out = run(too_long).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("'--idempotency-key <STRING>': at most 255 characters are allowed"),
        "{}",
        out.stderr
    );
    let mut body = dci(&server);
    body.args(["cancel-invite", "inv-1", "--body", "[1,2]"]);
    let out = run(body).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("the body is not valid for this command: invalid type: sequence"),
        "{}",
        out.stderr
    );
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_flags_reach_the_query_string() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param("sortOrder", "desc"))
        .and(query_param("maxResults", "5"))
        .and(header_exists("authorization"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"alerts": [], "rowCount": 0})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["list-alerts", "--sort-order", "desc", "--max-results", "5"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut bad = dci(&server);
    bad.args(["list-alerts", "--sort-order", "sideways"]);
    let out = run(bad).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("possible values: asc, desc"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn plain_http_is_refused_for_remote_hosts_and_connection_failures_exit_41() {
    let server = MockServer::start().await;
    let mut remote = dci(&server);
    remote
        .env("DCI_API_BASE_URL", "http://api.example.com")
        .args(["cancel-invite", "inv-1"]);
    let out = run(remote).await;
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("uses plain http"), "{}", out.stderr);

    let mut refused = dci(&server);
    refused
        .env("DCI_API_BASE_URL", "http://127.0.0.1:9")
        .args(["cancel-invite", "inv-1"]);
    let out = run(refused).await;
    assert_eq!(out.code, 41);
    assert!(
        out.stderr.starts_with("Error: could not connect"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 2);
    assert!(
        out.stderr.contains("\nHint: check the network"),
        "{}",
        out.stderr
    );
}

/// `--body` is checked by the body type but sent as written: a field the
/// spec does not name yet, numbers as spelled, key order and escapes reach
/// the server unchanged (issue 17: "nothing the user wrote is lost").
#[tokio::test(flavor = "multi_thread")]
async fn a_body_is_sent_as_written() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/analytics/v1/labels"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "l1"})))
        .mount(&server)
        .await;
    let written =
        r#"{"name": "x\u00e9", "color": "blue", "brandNewField": 1, "weight": 10, "ratio": 1.50}"#;
    let mut cmd = dci(&server);
    cmd.args(["create-label", "--body", written]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(String::from_utf8_lossy(&requests[0].body), written);
    // The body type still checks it: a wrong type is refused, nothing sent.
    let mut cmd = dci(&server);
    cmd.args(["create-label", "--body", r#"{"name": 5}"#]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// A body the spec closes (`additionalProperties: false`) is refused when
/// it has a field the spec does not allow, naming the field; nothing is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_closed_body_refuses_a_field_it_does_not_allow() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/datahub/v1/datasets/ds1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ds1"})))
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args([
        "update-datahub-dataset",
        "ds1",
        "--body",
        r#"{"description": "d", "colour": 1}"#,
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("no body field 'colour'") && out.stderr.contains("name, description"),
        "{}",
        out.stderr
    );
    assert!(server.received_requests().await.unwrap().is_empty());
    let mut cmd = dci(&server);
    cmd.args([
        "update-datahub-dataset",
        "ds1",
        "--body",
        r#"{"description": "d"}"#,
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
