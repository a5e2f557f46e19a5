//! A newcomer's first session (issue 34), run as they would: the real
//! binary against a local server, on a pseudo-terminal where the point is
//! about terminals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, on_terminal, run};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Two pages of alerts behind a `pageToken`, each with its own `rowCount`.
async fn two_pages(server: &MockServer) {
    let page = |ids: &[&str], token: Option<&str>| {
        let alerts: Vec<Value> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
        let mut body = json!({"alerts": alerts, "rowCount": ids.len()});
        if let Some(token) = token {
            body["pageToken"] = json!(token);
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    let alerts = || Mock::given(method("GET")).and(path("/analytics/v1/alerts"));
    alerts()
        .and(query_param_is_missing("pageToken"))
        .respond_with(page(&["a1", "a2", "a3"], Some("p2")))
        .mount(server)
        .await;
    alerts()
        .and(query_param("pageToken", "p2"))
        .respond_with(page(&["a4", "a5"], None))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn jq_on_a_terminal_prints_raw_values() {
    let server = MockServer::start().await;
    two_pages(&server).await;
    let out = on_terminal(&server.uri(), &["list-alerts", "--jq", ".alerts[].id"]).await;
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.starts_with("a1\na2\na3\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("VALUE"), "{}", out.stdout);
    let out = on_terminal(&server.uri(), &["list-alerts", "--jq", "[.alerts[].id]"]).await;
    assert!(out.stdout.starts_with("a1\na2\na3\n"), "{}", out.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_terminal_list_with_more_pages_says_so() {
    let server = MockServer::start().await;
    two_pages(&server).await;
    let out = on_terminal(&server.uri(), &["list-alerts"]).await;
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("add --all"), "{}", out.stdout);
    // The last page, or output for a program, says nothing of pages.
    let out = on_terminal(&server.uri(), &["list-alerts", "--page-token", "p2"]).await;
    assert!(!out.stdout.contains("--all"), "{}", out.stdout);
    let mut cmd = dci(&server);
    cmd.args(["list-alerts"]);
    let out = run(cmd).await;
    assert!(!out.stderr.contains("--all"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn merged_pages_count_every_item() {
    let server = MockServer::start().await;
    two_pages(&server).await;
    let mut cmd = dci(&server);
    cmd.args(["list-alerts", "--all", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let merged: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(merged["alerts"].as_array().unwrap().len(), 5);
    assert_eq!(merged["rowCount"], 5, "{merged}");
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    for args in [&["completion", "bash"][..], &["commands"], &["man"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dci"))
            .args(args)
            .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader went away, as `| head` does
        let output = child.wait_with_output().unwrap();
        assert_ne!(output.status.code(), Some(101), "{args:?}");
        assert!(
            output.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
