//! The contract with scripts and agents, against a local server: an exit
//! code and an error code per kind of failure, the JSON envelope and each
//! of its fields, agent mode switched by flag and environment, the
//! `User-Agent` it sends, TOON on stdout, and suggestions for a mistyped
//! command.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, dci_at, envelope, run, KEY};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread")]
async fn every_error_status_has_its_exit_code_and_envelope() {
    // (status, code, exit, retryable for a GET, hint contains)
    let cases = [
        (400, "VALIDATION_FAILED", 30, false, "--help"),
        (401, "AUTH_INVALID", 10, false, "DCI_API_KEY"),
        (403, "PERMISSION_DENIED", 11, false, "tenant"),
        (404, "NOT_FOUND", 20, false, "list command"),
        (409, "CONFLICT", 21, false, ""),
        (410, "HTTP_ERROR", 1, false, ""),
        (422, "VALIDATION_FAILED", 30, false, "--help"),
        (429, "RATE_LIMITED", 50, true, "wait 7 s"),
        (500, "SERVER_ERROR", 40, false, "try again later"),
        (503, "SERVER_ERROR", 40, true, "try again later"),
    ];
    for (status, code, exit, retryable, hint) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/analytics/v1/alerts/a1"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("Request-Id", format!("req_{status}").as_str())
                    .insert_header("Retry-After", "7")
                    .set_body_json(serde_json::json!({"message": format!("failed {status}")})),
            )
            .mount(&server)
            .await;
        let mut cmd = dci(&server);
        cmd.args(["get-alert", "a1", "--agent", "--retries", "0"]);
        let out = run(cmd).await;
        assert_eq!(out.code, exit, "{status}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{status}: {}", out.stdout);
        let error = envelope(&out.stderr);
        assert_eq!(error["code"], code, "{status}");
        assert_eq!(error["exit_code"], exit, "{status}");
        assert_eq!(error["http_status"], status, "{status}");
        assert_eq!(error["request_id"], format!("req_{status}"), "{status}");
        assert_eq!(error["retryable"], retryable, "{status}");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains(&format!("failed {status}")),
            "{status}: {error}"
        );
        let said = error["hint"].as_str().unwrap_or_default();
        assert!(said.contains(hint), "{status}: hint {said:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_does_not_answer_is_a_network_error() {
    // A port nothing listens on: the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut cmd = dci_at(&url);
    cmd.args(["get-alert", "a1", "--retries", "0", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 41, "{}", out.stderr);
    let error = envelope(&out.stderr);
    assert_eq!(error["code"], "NETWORK_ERROR");
    assert_eq!(error["retryable"], true);
    assert_eq!(error["http_status"], serde_json::Value::Null);
    // Every format for programs asks for the envelope, before parsing
    // (`-ojsonl`) or after (`--output toon`).
    for format in [["-ojsonl", "-v"], ["--output", "toon"]] {
        let mut cmd = dci_at(&url);
        cmd.args(["get-alert", "a1", "--retries", "0"]).args(format);
        let out = run(cmd).await;
        assert_eq!(envelope(&out.stderr)["code"], "NETWORK_ERROR", "{format:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn agent_mode_is_switched_by_flag_and_environment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/a1"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"error": "gone"})),
        )
        .mount(&server)
        .await;
    // (extra arguments, DCI_AGENT_MODE, envelope expected)
    let cases: [(&[&str], Option<&str>, bool); 6] = [
        (&[], None, false),
        (&["--agent"], None, true),
        (&[], Some("1"), true),
        (&[], Some("true"), true),
        (&["--no-agent"], Some("1"), false),
        (&["--no-agent", "--agent"], None, true),
    ];
    for (extra, env, json) in cases {
        let mut cmd = dci(&server);
        cmd.args(["get-alert", "a1"]).args(extra);
        if let Some(env) = env {
            cmd.env("DCI_AGENT_MODE", env);
        }
        let out = run(cmd).await;
        assert_eq!(out.code, 20, "{extra:?} {env:?}: {}", out.stderr);
        if json {
            assert_eq!(
                envelope(&out.stderr)["code"],
                "NOT_FOUND",
                "{extra:?} {env:?}"
            );
        } else {
            assert!(
                out.stderr.starts_with("Error: gone (HTTP 404)"),
                "{extra:?} {env:?}: {}",
                out.stderr
            );
            assert!(out.stderr.contains("\nHint: "), "{}", out.stderr);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_user_agent_names_the_version_and_the_mode() {
    for (flag, mode) in [("--agent", "agent"), ("--no-agent", "human")] {
        let server = MockServer::start().await;
        let expected = format!("dci/{} (mode={mode})", env!("CARGO_PKG_VERSION"));
        Mock::given(method("GET"))
            .and(path("/iam/v1/users"))
            .and(header("user-agent", expected.as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "a1"})))
            .mount(&server)
            .await;
        let mut cmd = dci(&server);
        cmd.args(["list-users", flag]);
        let out = run(cmd).await;
        assert_eq!(out.code, 0, "{flag}: {}", out.stderr);
        // Agents get TOON on stdout, whatever it is connected to; people
        // get JSON when stdout is not a terminal.
        let body: serde_json::Value = if mode == "agent" {
            assert_eq!(out.stdout, "id: a1\n");
            toon_format::decode_default(&out.stdout).unwrap()
        } else {
            serde_json::from_str(&out.stdout).unwrap()
        };
        assert_eq!(body["id"], "a1");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_destructive_command_is_refused_without_a_prompt_in_agent_mode() {
    let server = MockServer::start().await;
    let mut cmd = dci(&server);
    cmd.args(["delete-alert", "a1", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 30, "{}", out.stderr);
    assert_eq!(
        envelope(&out.stderr)["code"],
        "DESTRUCTIVE_REQUIRES_CONFIRMATION"
    );
    // Only a GET, to name the target in the hint.
    let sent = server.received_requests().await.unwrap_or_default();
    assert!(sent.iter().all(|r| r.method.as_str() == "GET"), "{sent:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn page_flags_on_a_command_without_pages_are_a_usage_error_naming_it() {
    let server = MockServer::start().await;
    for args in [
        &["get-alert", "a1", "--all"][..],
        &["get-alert", "a1", "--max-items=3"],
    ] {
        let mut cmd = dci(&server);
        cmd.args(args);
        let out = run(cmd).await;
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("'dci get-alert' does not paginate"),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("-- --"), "{}", out.stderr);
    }
    // A command that paginates takes it.
    let mut cmd = dci(&server);
    cmd.args(["list-alerts", "--all", "--offline"]);
    assert_eq!(run(cmd).await.code, 0);
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mistyped_command_gets_at_most_three_names_and_no_aliases() {
    let server = MockServer::start().await;
    let mut cmd = dci(&server);
    cmd.args(["list-alrts"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("Error: no command named 'list-alrts'; did you mean list-alerts"),
        "{}",
        out.stderr
    );
    let mut cmd = dci(&server);
    cmd.args(["list-alrts", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2);
    let error = envelope(&out.stderr);
    assert_eq!(error["code"], "USAGE");
    let suggestions = error["suggestions"].as_array().unwrap();
    assert!((1..=3).contains(&suggestions.len()), "{suggestions:?}");
    assert_eq!(suggestions[0], "list-alerts");
    assert!(
        suggestions
            .iter()
            .all(|s| s.as_str().unwrap().contains('-')),
        "an alias was suggested: {suggestions:?}"
    );
    // A usage error other than the command name, as an envelope too.
    let mut cmd = dci(&server);
    cmd.args(["get-alert", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2);
    let error = envelope(&out.stderr);
    assert_eq!(error["code"], "USAGE");
    assert!(
        error["message"].as_str().unwrap().contains("<id>"),
        "{error}"
    );
    assert!(!out.stderr.contains(KEY));
    // A bad value: the message says what and where, without clap's tips.
    let mut cmd = dci(&server);
    cmd.args(["list-alerts", "--max-results", "many", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    let message = envelope(&out.stderr)["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("'many'") && message.contains("--max-results"),
        "{message}"
    );
    assert!(!message.contains("For more information"), "{message}");
}
