//! JSON bodies as people type them (issue 17): a flag per top-level field,
//! shorthand arguments, `--body`, merged in that order; checked against the
//! spec but sent as written; `--raw` for when the spec is wrong. Each test
//! runs the real binary against a local server and reads what it received.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, envelope, run};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server answering every POST, PATCH and PUT with `status` and `{}`.
async fn server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    for verb in ["POST", "PATCH", "PUT"] {
        Mock::given(method(verb))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"id": "x"})))
            .mount(&server)
            .await;
    }
    server
}

/// The bodies the server received, as text.
async fn bodies(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

async fn dci_run(server: &MockServer, args: &[&str]) -> common::Run {
    let mut cmd = dci(server);
    cmd.args(args);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn each_top_level_field_is_a_typed_flag() {
    let server = server(201).await;
    let out = dci_run(
        &server,
        &[
            "invite-user",
            "--email",
            "ada@example.com",
            "--first-name",
            "Ada",
            "--job-title",
            "Founder",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sent: Value = serde_json::from_str(&bodies(&server).await[0]).unwrap();
    assert_eq!(
        sent,
        json!({"email": "ada@example.com", "firstName": "Ada", "jobTitle": "Founder"})
    );
    // An enum flag takes only its values, named in the error.
    let out = dci_run(
        &server,
        &["create-label", "--name", "x", "--color", "plaid"],
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("--color") && out.stderr.contains("skyBlue"),
        "{}",
        out.stderr
    );
    // A required field is required unless --body or shorthand gives it.
    let out = dci_run(&server, &["create-label", "--name", "x"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("required field color"),
        "{}",
        out.stderr
    );
    assert_eq!(bodies(&server).await.len(), 1, "nothing more was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn body_then_shorthand_then_flags_each_override_the_one_before() {
    let server = server(201).await;
    let out = dci_run(
        &server,
        &[
            "create-label",
            "--body",
            r#"{"name": "a", "color": "blue", "keep": 1.50, "esc": "\u00e9"}"#,
            "name:b",
            "extra.deep[]:1",
            "--color",
            "teal",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Fields nobody changed go out as written (1.50, the escape), in order.
    assert_eq!(
        bodies(&server).await[0],
        r#"{"name":"b","color":"teal","keep":1.50,"esc":"\u00e9","extra":{"deep":[1]}}"#
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn shorthand_values_take_their_type_from_the_schema() {
    let server = server(201).await;
    let out = dci_run(
        &server,
        &[
            "create-alert",
            "name:1000",
            "recipients[]:ops@example.com, recipients[]:42",
            "config.threshold:1000",
            "config.metric.type:basic",
            r#"config.scopes[0].values:["a", "b"]"#,
            "newField:true",
            r#"note:"a, b: c""#,
        ],
    )
    .await;
    // The body misses required fields of the alert's config: refused,
    // naming where, and nothing is sent.
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("config"), "{}", out.stderr);
    assert!(bodies(&server).await.is_empty());
    // --raw sends it unchecked: the types are the schema's.
    let out = dci_run(
        &server,
        &[
            "create-alert",
            "name:1000",
            "recipients[]:ops@example.com, recipients[]:42",
            "config.threshold:1000",
            "newField:true",
            r#"note:"a, b: c""#,
            "--raw",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sent: Value = serde_json::from_str(&bodies(&server).await[0]).unwrap();
    assert_eq!(
        sent,
        json!({
            "name": "1000",
            "recipients": ["ops@example.com", "42"],
            "config": {"threshold": 1000},
            "newField": true,
            "note": "a, b: c",
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_value_is_read_from_a_file() {
    let server = server(201).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("extra.json");
    std::fs::write(&file, r#"{"a": [1, 2]}"#).unwrap();
    let name = dir.path().join("name.txt");
    std::fs::write(&name, "from a file").unwrap();
    let out = dci_run(
        &server,
        &[
            "create-label",
            &format!("extra:@{}", file.display()),
            &format!("name:@{}", name.display()),
            "color:mint",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sent: Value = serde_json::from_str(&bodies(&server).await[0]).unwrap();
    assert_eq!(
        sent,
        json!({"extra": {"a": [1, 2]}, "name": "from a file", "color": "mint"})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shorthand_error_names_the_argument_and_the_character() {
    let server = server(201).await;
    let out = dci_run(&server, &["create-label", "name:x", "tags[x]:1"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("'tags[x]:1'") && out.stderr.contains("at character 6"),
        "{}",
        out.stderr
    );
    // In agent mode: one envelope, exit 2, code USAGE.
    let out = dci_run(
        &server,
        &["--agent", "create-label", "--body", r#"{"name": 5}"#],
    )
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    let error = envelope(&out.stderr);
    assert_eq!(error["code"], "USAGE");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("name") && message.contains("--raw"),
        "{message}"
    );
    // A missing field named by its flag.
    let out = dci_run(&server, &["create-label", "--body", r#"{"name": "x"}"#]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("give --color"), "{}", out.stderr);
    assert!(bodies(&server).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_sends_what_the_spec_refuses() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/datahub/v1/datasets/ds1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ds1"})))
        .mount(&server)
        .await;
    // The spec closes this body: another field is refused, naming --raw.
    let out = dci_run(&server, &["update-datahub-dataset", "ds1", "colour:red"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("'colour'") && out.stderr.contains("--raw"),
        "{}",
        out.stderr
    );
    let out = dci_run(
        &server,
        &[
            "update-datahub-dataset",
            "ds1",
            "--body",
            r#"{"colour": "red", "n": 10}"#,
            "--raw",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(bodies(&server).await, vec![r#"{"colour": "red", "n": 10}"#]);
}

/// Numbers go as written, whatever their size or digits: from `--body`,
/// from shorthand, and beside a field that shorthand changes in the same
/// object (they were once read into f64 and written back rounded).
#[tokio::test(flavor = "multi_thread")]
async fn numbers_are_sent_with_the_digits_written() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "ds1"})))
        .mount(&server)
        .await;
    let out = dci_run(
        &server,
        &[
            "update-datahub-dataset",
            "ds1",
            "--raw",
            "--body",
            r#"{"price": 1.10, "keep": {"big": 100000000000000000001, "e": 1E+2}}"#,
            "count:12345678901234567890123, keep.small:0.30",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let sent = bodies(&server).await.remove(0);
    for digits in [
        "1.10",
        "100000000000000000001",
        "1E+2",
        "12345678901234567890123",
        "0.30",
    ] {
        assert!(
            sent.contains(digits),
            "{digits} not sent as written: {sent}"
        );
    }
    let read: Value = serde_json::from_str(&sent).unwrap();
    assert!(read["keep"]["small"].is_number(), "{sent}");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_and_completions_list_the_field_flags() {
    let server = server(201).await;
    let out = dci_run(&server, &["create-label", "--help"]).await;
    assert_eq!(out.code, 0);
    for text in [
        "Body:",
        "--color <STRING>",
        "skyBlue",
        "--raw",
        "[FIELD:VALUE]...",
        "are merged over it",
    ] {
        assert!(out.stdout.contains(text), "{text} not in:\n{}", out.stdout);
    }
    let out = dci_run(&server, &["completion", "bash"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("--job-title"),
        "bash completion lacks --job-title"
    );
}
