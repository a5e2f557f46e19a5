//! What the spec marks deprecated (issue 19): a one-line warning on stderr
//! when a deprecated command or flag is used, never on stdout; `--help`
//! marks it. Real binary against a local server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, run};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "ok"})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u1"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deprecated_command_or_flag_warns_on_stderr_only() {
    let server = server().await;
    let mut cmd = dci(&server);
    cmd.args([
        "update-insight-status",
        "public-api",
        "key-1",
        "status:dismissed",
        "-o",
        "json",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("Warning: this command"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("is deprecated"), "{}", out.stderr);
    let parsed: serde_json::Value =
        serde_json::from_str(&out.stdout).expect("stdout is JSON alone");
    assert_eq!(parsed["status"], "ok");

    let mut cmd = dci(&server);
    cmd.args([
        "update-user",
        "u1",
        "--job-function",
        "Founder",
        "-o",
        "json",
        "--yes",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr.trim(), "Warning: --job-function is deprecated");
    assert!(serde_json::from_str::<serde_json::Value>(&out.stdout).is_ok());

    // Not used: no warning.
    let mut cmd = dci(&server);
    cmd.args([
        "update-user",
        "u1",
        "--first-name",
        "Ada",
        "-o",
        "json",
        "--yes",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("deprecated"), "{}", out.stderr);

    // --help marks both.
    let mut cmd = dci(&server);
    cmd.args(["update-insight-status", "--help"]);
    let out = run(cmd).await;
    assert!(
        out.stdout
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with("[deprecated]"),
        "{}",
        out.stdout
    );
    let mut cmd = dci(&server);
    cmd.args(["update-user", "--help"]);
    let out = run(cmd).await;
    let flag = out
        .stdout
        .split("--job-function")
        .nth(1)
        .unwrap_or_default();
    assert!(
        flag.split("\n\n")
            .next()
            .unwrap_or_default()
            .contains("[deprecated]"),
        "{}",
        out.stdout
    );
}
