//! The API key never shows: not with --verbose, --offline or --dry-run, not
//! in any output format, not in error messages (even when a server echoes
//! it back), and it is never written to disk.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, run, KEY};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread")]
async fn no_mode_shows_the_key_or_writes_it_to_disk() {
    let server = MockServer::start().await;
    // A careless server that echoes the key in a body and a header.
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/echo"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Echo", format!("Bearer {KEY}").as_str())
                .set_body_json(json!({"id": "echo", "name": format!("key {KEY}")})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/bad"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"error": format!("invalid key {KEY}")})),
        )
        .mount(&server)
        .await;
    let home = std::env::temp_dir().join(format!("dci-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("temp home");
    let modes: [(&[&str], i32); 15] = [
        (&["get-alert", "echo"], 0),
        (&["get-alert", "echo", "--verbose"], 0),
        (&["get-alert", "echo", "-o", "yaml"], 0),
        (&["get-alert", "echo", "-o", "table"], 0),
        (&["get-alert", "echo", "-o", "csv"], 0),
        (&["get-alert", "echo", "--jq", ".name"], 0),
        (&["get-alert", "bad", "--verbose"], 10),
        (&["get-alert", "bad", "-o", "json"], 10),
        (&["get-alert", "bad", "--agent"], 10),
        (&["get-alert", "x", "--offline"], 0),
        (&["get-alert", "x", "--dry-run", "--verbose"], 0),
        (&["cancel-invite", "inv-1", "--offline", "--verbose"], 0),
        (&["delete-alert", "x"], 30),
        (&["get-alert"], 2),
        (&["--help"], 0),
    ];
    let mut redacted = 0;
    for (args, code) in modes {
        let mut cmd = dci(&server);
        cmd.env("HOME", &home).current_dir(&home).args(args);
        // `run` fails the test if the key shows on stdout or stderr.
        let out = run(cmd).await;
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        redacted += (out.stdout + &out.stderr).matches("[redacted]").count();
    }
    // The echoed key was there to leak, and was replaced.
    assert!(redacted >= 8, "only {redacted} redactions");
    let mut pending = vec![home.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(KEY),
                    "{} holds the key",
                    path.display()
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&home);
}
