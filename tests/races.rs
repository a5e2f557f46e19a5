//! Two dci processes at once on one config file, as two terminals or an
//! agent's parallel calls would: saves that race keep both their changes,
//! the file is always whole, and an expired sign-in is renewed once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[allow(dead_code)] // entries(), the keyring and NO_KEYCHAIN are used here
mod common;

use common::entries;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The D-Bus session bus of the keychain the commands use.
const BUS: &str = "DBUS_SESSION_BUS_ADDRESS";

fn dci(dir: &Path, bus: &str, api: &str, console: &str, args: &[&str]) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .env("DCI_CONFIG_DIR", dir)
        .env(BUS, bus)
        // Under a regular file: no names cache is written.
        .env(
            "DCI_CACHE_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml/none"),
        )
        .env("DCI_API_BASE_URL", api)
        .env("DCI_CONSOLE_BASE_URL", console)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs the two commands at once, with no keychain; their outputs.
fn race(dir: &Path, api: &str, console: &str, one: &[&str], other: &[&str]) -> [Output; 2] {
    race_on(dir, common::NO_KEYCHAIN.1, api, console, one, other)
}

/// [`race`] with the keychain on the bus at `bus`.
fn race_on(
    dir: &Path,
    bus: &str,
    api: &str,
    console: &str,
    one: &[&str],
    other: &[&str],
) -> [Output; 2] {
    let first = dci(dir, bus, api, console, one);
    let second = dci(dir, bus, api, console, other);
    [first, second].map(|child| child.wait_with_output().unwrap())
}

fn saved(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("config.json")).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not whole ({e}): {text}"))
}

/// A hundred times: `customer-context set` racing another, and racing
/// `logout`. Every run both succeed, the file is whole and nothing is left
/// beside it; of two sets one wins, and a set and a logout both happen
/// (neither save overwrites the other's change with what it read before).
#[test]
fn config_writes_racing_a_hundred_times_keep_a_whole_file_and_both_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (api, console) = ("http://127.0.0.1:9", "http://127.0.0.1:9");
    for run in 0..100 {
        let signed_in =
            json!({"login_token": "tok", "login_refresh_token": "ref", "other": "kept"});
        std::fs::write(dir.path().join("config.json"), signed_in.to_string()).unwrap();
        let (a, b) = (format!("a-{run}"), format!("b-{run}"));
        let outputs = match run % 2 {
            0 => race(
                dir.path(),
                api,
                console,
                &["customer-context", "set", &a],
                &["customer-context", "set", &b],
            ),
            _ => race(
                dir.path(),
                api,
                console,
                &["customer-context", "set", &a],
                &["logout"],
            ),
        };
        for output in &outputs {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "run {run}: {stderr}");
        }
        let config = saved(dir.path());
        assert_eq!(config["other"], "kept", "run {run}");
        let context = config["customer_context"].as_str().unwrap_or_default();
        match run % 2 {
            0 => assert!(context == a || context == b, "run {run}: {config}"),
            _ => {
                assert_eq!(context, a, "run {run}: the set was lost: {config}");
                assert!(
                    config.get("login_token").is_none(),
                    "run {run}: the logout was lost: {config}"
                );
            }
        }
        assert_eq!(entries(dir.path()), ["config.json"], "run {run}");
    }
}

/// Two commands finding the saved token expired at once: the token URL
/// (slow, and taking each refresh token once, as rotating servers do) is
/// asked once; both commands send the new token; the file, or the
/// keychain (a real one, on a bus of the test's own), keeps it.
#[tokio::test(flavor = "multi_thread")]
async fn two_commands_finding_the_sign_in_expired_renew_it_once() {
    let keyring = common::keyring::Keyring::start();
    let console = MockServer::start().await;
    let api = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(header("Authorization", "Bearer new-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"alerts": []})))
        .mount(&api)
        .await;
    for run in 0..20 {
        // Even runs keep the sign-in in the file, odd ones in the keychain.
        let in_keychain = run % 2 == 1;
        console.reset().await;
        Mock::given(method("POST"))
            .and(path("/api/auth/token"))
            .and(body_string_contains("refresh_token=ref-1"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"access_token": "new-token", "refresh_token": "ref-2", "expires_in": 3600}))
                    .set_delay(Duration::from_millis(200)),
            )
            .up_to_n_times(1)
            .mount(&console)
            .await;
        Mock::given(method("POST"))
            .and(path("/api/auth/token"))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})),
            )
            .mount(&console)
            .await;
        let dir = tempfile::tempdir().unwrap();
        let (expired, bus) = match in_keychain {
            false => (
                json!({"login_token": "old-token", "login_refresh_token": "ref-1", "login_expires_at": "1"}),
                common::NO_KEYCHAIN.1.to_string(),
            ),
            true => {
                let secrets = json!({"token": "old-token", "refresh": "ref-1"});
                keyring.store(dir.path(), &secrets);
                (
                    json!({"login_store": "keychain", "login_expires_at": "1"}),
                    keyring.address.clone(),
                )
            }
        };
        std::fs::write(dir.path().join("config.json"), expired.to_string()).unwrap();
        let (api_uri, console_uri, path) = (api.uri(), console.uri(), dir.path().to_path_buf());
        let outputs = tokio::task::spawn_blocking(move || {
            let list = ["list-alerts", "-o", "json"];
            race_on(&path, &bus, &api_uri, &console_uri, &list, &list)
        })
        .await
        .unwrap();
        for output in &outputs {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "run {run}: {stderr}");
        }
        let asked = console.received_requests().await.unwrap().len();
        assert_eq!(asked, 1, "run {run}: the token URL was asked {asked} times");
        let config = saved(dir.path());
        let kept = match in_keychain {
            false => config.clone(),
            true => {
                let kept = keyring.lookup(dir.path()).expect("the keychain's entry");
                json!({"login_token": kept["token"], "login_refresh_token": kept["refresh"]})
            }
        };
        assert_eq!(kept["login_token"], "new-token", "run {run}: {config}");
        assert_eq!(kept["login_refresh_token"], "ref-2", "run {run}");
        assert_eq!(
            config.get("login_store").is_some(),
            in_keychain,
            "run {run}"
        );
        assert_eq!(entries(dir.path()), ["config.json"]);
    }
}
