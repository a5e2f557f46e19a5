//! A newcomer's first session (issue 34), run as they would: the real
//! binary against a local server, on a pseudo-terminal where the point is
//! about terminals.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, on_terminal, run};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
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

/// `dci` with `args` against `server`, as a script runs it.
async fn dci_run(server: &MockServer, args: &[&str]) -> common::Run {
    let mut cmd = dci(server);
    cmd.args(args);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_on_the_server_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(query_param("dryRun", "true"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"message": "Invite cancelled", "inviteId": "inv-2"})),
        )
        .mount(&server)
        .await;
    let out = dci_run(&server, &["cancel-invite", "inv-2", "--dry-run"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.starts_with("Note: dry run"), "{}", out.stderr);
    let out = dci_run(&server, &["cancel-invite", "inv-2", "--dry-run", "--agent"]).await;
    let notice: Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(notice["notice"]["code"], "DRY_RUN", "{notice}");
    // The local dry run stays curl, and sends nothing.
    let out = dci_run(&server, &["get-alert", "a1", "--dry-run"]).await;
    assert!(out.stdout.starts_with("curl"), "{}", out.stdout);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn groups_are_commands_and_bare_dci_is_a_short_overview() {
    let server = MockServer::start().await;
    for args in [&["alerts"][..], &["help", "alerts"]] {
        let out = dci_run(&server, args).await;
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(
            out.stdout.starts_with("Alerts:\n  list-alerts"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("get-asset"), "{}", out.stdout);
    }
    let out = dci_run(&server, &[]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Command groups"), "{}", out.stdout);
    assert!(out.stdout.lines().count() < 60, "{}", out.stdout);
    let help = dci_run(&server, &["--help"]).await.stdout;
    assert_eq!(help.matches("\nSettings:\n").count(), 1, "{help}");
    let own = dci_run(&server, &["list-alerts", "-h"]).await.stdout;
    let (own_flags, global) = own
        .split_once("Global options:")
        .expect("a Global options heading");
    assert!(
        own_flags.contains("--sort-by") && !own_flags.contains("--yes"),
        "{own}"
    );
    assert!(global.contains("--yes"), "{own}");
    let delete = dci_run(&server, &["delete-label", "-h"]).await.stdout;
    assert!(delete.contains("Destructive:"), "{delete}");
    let out = dci_run(&server, &["version"]).await;
    assert_eq!(out.stdout, format!("dci {}\n", env!("CARGO_PKG_VERSION")));
}

#[tokio::test(flavor = "multi_thread")]
async fn help_shows_required_body_fields_and_an_example_that_runs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/analytics/v1/labels"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "l1"})))
        .mount(&server)
        .await;
    let help = dci_run(&server, &["create-label", "-h"]).await.stdout;
    // The usage line tells the alternatives apart.
    assert!(
        help.contains(
            "Usage: dci create-label [OPTIONS] <--body <JSON>|FIELD:VALUE...|field flags>"
        ),
        "{help}"
    );
    let required = help
        .split("Required body fields")
        .nth(1)
        .expect("required fields");
    assert!(
        required.contains("color") && required.contains("name"),
        "{help}"
    );
    let example = help
        .lines()
        .skip_while(|l| *l != "Example:")
        .nth(1)
        .expect("an example")
        .trim()
        .to_string();
    // The example runs as it is written.
    let words: Vec<&str> = example.split_whitespace().skip(1).collect();
    let out = dci_run(&server, &words).await;
    assert_eq!(out.code, 0, "{example}: {}", out.stderr);
    let sent: Value =
        serde_json::from_slice(&server.received_requests().await.unwrap()[0].body).unwrap();
    assert!(
        sent["name"].is_string() && sent["color"].is_string(),
        "{sent}"
    );
    // No Rust type name reaches a user.
    let out = dci_run(
        &server,
        &["create-alert", "name:x", "config:3", "--offline"],
    )
    .await;
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("expected an object"), "{}", out.stderr);
    assert!(!out.stderr.contains("struct"), "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn body_values_are_checked_the_same_whatever_way_they_came() {
    let server = MockServer::start().await;
    for args in [
        &["create-label", "--name", "x", "--color", "green"][..],
        &["create-label", "name:x", "color:green"],
        &["create-label", "--body", r#"{"name":"x","color":"green"}"#],
    ] {
        let out = dci_run(&server, args).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("green"), "{}", out.stderr);
    }
    let out = dci_run(&server, &["create-label", "name:x", "colour:teal"]).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean 'color'"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("Hint: see dci create-label --help"),
        "{}",
        out.stderr
    );
    let out = dci_run(&server, &["create-label", "--name", "x"]).await;
    assert!(
        out.stderr.contains("required field color"),
        "{}",
        out.stderr
    );
    // A format (date-time here) is checked however the value came.
    for args in [
        &[
            "create-annotation",
            "--content",
            "c",
            "--timestamp",
            "yesterday",
        ][..],
        &["create-annotation", "content:c", "timestamp:yesterday"],
        &[
            "create-annotation",
            "--body",
            r#"{"content":"c","timestamp":"yesterday"}"#,
        ],
    ] {
        let out = dci_run(&server, args).await;
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("the body field timestamp: 'yesterday' is not a date and time (RFC 3339"),
            "{}",
            out.stderr
        );
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    let at = "2026-12-03T09:30:00+01:00";
    let out = dci_run(
        &server,
        &["create-annotation", "content:c", &format!("timestamp:{at}")],
    )
    .await;
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1, "{}", out.stderr);
    let body: Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(body, json!({"content": "c", "timestamp": at}));
}

#[tokio::test(flavor = "multi_thread")]
async fn own_commands_honour_output_flags_and_commands_takes_a_filter() {
    let server = MockServer::start().await;
    let out = dci_run(&server, &["commands", "--json", "--jq", ".program"]).await;
    assert_eq!(out.stdout.trim(), "\"dci\"");
    let out = dci_run(&server, &["status", "--jq", ".version"]).await;
    assert_eq!(
        out.stdout.trim(),
        format!("\"{}\"", env!("CARGO_PKG_VERSION"))
    );
    let out = dci_run(&server, &["commands", "alert"]).await;
    let names: Vec<&str> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "create-alert",
            "delete-alert",
            "get-alert",
            "list-alerts",
            "update-alert"
        ]
    );
    let all = dci_run(&server, &["commands"]).await.stdout;
    let catalog = dci_run(&server, &["commands", "--json"]).await.stdout;
    let catalog: Value = serde_json::from_str(&catalog).unwrap();
    assert_eq!(
        all.lines().count(),
        catalog["commands"].as_array().unwrap().len()
    );
    let out = dci_run(&server, &["commands", "no-such-thing"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    let out = dci_run(&server, &["customer-context", "show", "--jq", ".source"]).await;
    assert_eq!(out.stdout.trim(), "\"none\"", "{}", out.stderr);
    // A command that prints no data refuses output flags, naming them.
    for args in [
        &["completion", "bash", "--jq", "."][..],
        &["man", "-o", "json"],
    ] {
        let out = dci_run(&server, args).await;
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains("prints no data"), "{}", out.stderr);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_is_offered_and_status_survives_a_broken_config() {
    let server = MockServer::start().await;
    let mut cmd = dci(&server);
    cmd.env_remove("DCI_API_KEY").args(["get-alert", "a1"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 10);
    assert!(out.stderr.contains("run `dci login`"), "{}", out.stderr);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.json"), "{broken").unwrap();
    let mut cmd = dci(&server);
    cmd.env("DCI_CONFIG_DIR", dir.path())
        .env_remove("DCI_API_KEY")
        .arg("status");
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Sign-in:          not signed in (run dci login)"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("cannot be used"), "{}", out.stdout);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_check_asks_the_api_whether_the_key_is_accepted() {
    let server = MockServer::start().await;
    let validate = || Mock::given(method("GET")).and(path("/auth/v1/validate"));
    validate()
        .and(header(
            "authorization",
            format!("Bearer {}", common::KEY).as_str(),
        ))
        .and(header("x-tenant-id", "c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"email": "me@x.com"})))
        .expect(2)
        .mount(&server)
        .await;
    validate()
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let out = dci_run(&server, &["status", "--check", "--customer-context", "c1"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Key check:        accepted (dci validate answered 200 in"),
        "{}",
        out.stdout
    );
    // The answer's body is not printed: status prints the settings only.
    assert!(!out.stdout.contains("me@x.com"), "{}", out.stdout);
    let out = dci_run(
        &server,
        &[
            "status",
            "--check",
            "--customer-context",
            "c1",
            "--jq",
            ".check",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        check,
        json!({"command": "validate", "accepted": true, "status": 200})
    );
    // A refused key: the status still shows, and the exit code is auth's.
    let mut cmd = dci(&server);
    cmd.env("DCI_API_KEY", "wrong").args(["status", "--check"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Key check:        refused (dci validate answered 401)"),
        "{}",
        out.stdout
    );
    assert!(out.stderr.contains("run `dci login`"), "{}", out.stderr);
    assert!(!out.stdout.contains("wrong") && !out.stderr.contains("wrong"));
    // No key: nothing is sent, and the status says why.
    let mut cmd = dci(&server);
    cmd.env_remove("DCI_API_KEY").args(["status", "--check"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Key check:        not checked: DCI_API_KEY is not set"),
        "{}",
        out.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn timeout_bounds_the_whole_request_and_retries_say_why() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let out = dci_run(&server, &["get-alert", "slow", "--timeout", "1"]).await;
    assert!(
        started.elapsed() < std::time::Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.code, 41, "{}", out.stderr);
    assert!(out.stderr.contains("slow to answer"), "{}", out.stderr);
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let out = dci_run(&server, &["get-alert", "a1", "-v", "--retries", "1"]).await;
    assert!(
        out.stderr
            .contains("(attempt 2 of 2): the server answered 503"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn small_breaks_are_mended() {
    let server = MockServer::start().await;
    let out = dci_run(&server, &["customer-context", "get"]).await;
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("its commands are set, show, clear"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("get-alert"), "{}", out.stderr);
    let out = dci_run(&server, &["delete-label", "l1"]).await;
    assert_eq!(out.code, 30);
    assert!(
        out.stderr.contains("'delete-label l1' cannot be undone"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("DELETE /"), "{}", out.stderr);
    let out = dci_run(&server, &["get-alert"]).await;
    assert!(out.stderr.starts_with("Error: "), "{}", out.stderr);
    let out = dci_run(&server, &["id-of-ticket-tags-add"]).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[tokio::test(flavor = "multi_thread")]
async fn answering_no_cancels_without_an_error() {
    let server = MockServer::start().await;
    let binary = assert_cmd::cargo::cargo_bin("dci");
    let line = format!(
        "printf 'n\\n' | script -qefc '{} delete-label l1' /dev/null",
        binary.display()
    );
    let mut cmd = assert_cmd::Command::new("sh");
    cmd.args(["-c", &line])
        .env("DCI_API_BASE_URL", server.uri())
        .env("DCI_API_KEY", common::KEY)
        .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR);
    let out = run(cmd).await;
    assert_eq!(out.code, 30, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("'delete-label l1' cannot be undone. Run it? [y/N]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Cancelled; nothing was sent."),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Error"), "{}", out.stdout);
    // One GET to name the label for the question (404 here: none), no DELETE.
    let sent = server.received_requests().await.unwrap();
    assert!(sent.iter().all(|r| r.method.as_str() == "GET"), "{sent:?}");
}
