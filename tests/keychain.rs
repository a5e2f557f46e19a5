//! The sign-in kept in a real OS keychain: gnome-keyring's Secret Service
//! on a D-Bus session bus of the test's own, checked with a client nobody
//! here wrote (libsecret's `secret-tool`). `.ci/run` installs both. Then
//! keychains that fail: none on the bus address, one that never answers,
//! one that lost the entry the config file points to.

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::path::Path;

use common::keyring::{Keyring, BUS};
use common::sign_in::{api_expecting, config, sign_in, Browser};
use serde_json::json;
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A token URL that gives `access` (and `refresh`) for a code, and
/// `renewed` for the refresh token `refresh`.
async fn token_url(access: &str, refresh: &str, renewed: &str) -> MockServer {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": access, "refresh_token": refresh, "expires_in": 3600}),
        ))
        .mount(&console)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains(format!("refresh_token={refresh}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": renewed, "expires_in": 3600})),
        )
        .mount(&console)
        .await;
    console
}

/// Signs in with the config in `dir` and the bus at `bus`: exit code and
/// stderr.
async fn log_in(console: &MockServer, dir: &Path, bus: &str) -> (i32, String) {
    let (uri, dir, bus) = (console.uri(), dir.to_path_buf(), bus.to_string());
    let (code, stderr, _) = tokio::task::spawn_blocking(move || {
        let answer = |state: &str| format!("code=c&state={state}");
        sign_in(&uri, &dir, &[(BUS, &bus)], answer, Browser::Redirect)
    })
    .await
    .unwrap();
    (code, stderr)
}

/// `dci ARGS` with the config in `dir`, the bus at `bus`, the token URL
/// on `console`, against `api`, without an API key.
async fn dci(api: &str, console: &MockServer, dir: &Path, bus: &str, args: &[&str]) -> common::Run {
    let mut cmd = common::dci_at(api);
    cmd.env_remove("DCI_API_KEY")
        .env("DCI_CONFIG_DIR", dir)
        .env("DCI_CONSOLE_BASE_URL", console.uri())
        .env(BUS, bus)
        .args(args);
    common::run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_is_kept_in_the_keychain_renewed_there_and_removed_by_logout() {
    let keyring = Keyring::start();
    let bus = keyring.address.clone();
    let console = token_url("tok-kept-7890", "ref-kept-0123", "tok-renewed-4567").await;
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = log_in(&console, dir.path(), &bus).await;
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("the token is kept in the Secret Service keyring"),
        "{stderr}"
    );
    // The keychain has both secrets; the config file neither, only a note.
    let kept = keyring
        .lookup(dir.path())
        .expect("dci's entry in the keyring");
    assert_eq!(
        kept,
        json!({"token": "tok-kept-7890", "refresh": "ref-kept-0123"})
    );
    let file = std::fs::read_to_string(dir.path().join("config.json")).unwrap();
    assert!(
        !file.contains("tok-kept") && !file.contains("ref-kept"),
        "{file}"
    );
    assert_eq!(config(dir.path())["login_store"], "keychain");
    // `status` says where, and commands send the token.
    let status = dci(
        "http://127.0.0.1:9",
        &console,
        dir.path(),
        &bus,
        &["status", "-o", "json"],
    )
    .await;
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["api_key"]["token_store"], "keychain");
    assert_eq!(status["api_key"]["in_use"], "login");
    let text = dci(
        "http://127.0.0.1:9",
        &console,
        dir.path(),
        &bus,
        &["status"],
    )
    .await;
    assert!(
        text.stdout
            .contains("signed in (the token is kept in the Secret Service keyring)"),
        "{}",
        text.stdout
    );
    let api = api_expecting("tok-kept-7890").await;
    let out = dci(&api.uri(), &console, dir.path(), &bus, &["list-alerts"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Expired: renewed with the kept refresh token, and kept there again.
    let mut settings = config(dir.path());
    settings["login_expires_at"] = json!("1");
    std::fs::write(dir.path().join("config.json"), settings.to_string()).unwrap();
    let renewed = api_expecting("tok-renewed-4567").await;
    let out = dci(&renewed.uri(), &console, dir.path(), &bus, &["list-alerts"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let kept = keyring.lookup(dir.path()).unwrap();
    assert_eq!(
        kept,
        json!({"token": "tok-renewed-4567", "refresh": "ref-kept-0123"})
    );
    assert_eq!(config(dir.path()).get("login_token"), None);
    // Logout removes it from both.
    let out = dci(&api.uri(), &console, dir.path(), &bus, &["logout"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("Signed out"), "{}", out.stderr);
    assert_eq!(keyring.lookup(dir.path()), None);
    let left = config(dir.path());
    assert!(
        left.as_object()
            .unwrap()
            .keys()
            .all(|k| !k.starts_with("login_")),
        "{left}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keychain_that_fails_is_a_warning_and_the_file_keeps_the_sign_in() {
    // A bus that accepts connections and never answers: a keychain waiting
    // for someone to unlock it.
    let sockets = tempfile::tempdir().unwrap();
    let silent = std::os::unix::net::UnixListener::bind(sockets.path().join("bus")).unwrap();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for connection in silent.incoming() {
            held.push(connection);
        }
    });
    let silent = format!("unix:path={}", sockets.path().join("bus").display());
    let console = token_url("tok-file-1111", "ref-file-2222", "unused-3333").await;
    for (bus, why) in [
        (
            common::NO_KEYCHAIN.1,
            "Warning: cannot keep the sign-in in the Secret Service keyring: ",
        ),
        (
            silent.as_str(),
            "it did not answer in 10 s; the config file keeps it",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (code, stderr) = log_in(&console, dir.path(), bus).await;
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains(why), "{stderr}");
        assert!(stderr.contains("readable by you only"), "{stderr}");
        let saved = config(dir.path());
        assert_eq!(saved["login_token"], "tok-file-1111");
        assert_eq!(saved.get("login_store"), None);
        let status = dci(
            "http://127.0.0.1:9",
            &console,
            dir.path(),
            bus,
            &["status", "-o", "json"],
        )
        .await;
        let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
        assert_eq!(status["api_key"]["token_store"], "file");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_in_the_keychain_cannot_give_is_exit_10_with_a_hint() {
    let console = token_url("unused-5555", "unused-6666", "unused-7777").await;
    let dir = tempfile::tempdir().unwrap();
    let note = json!({"login_store": "keychain", "login_expires_at": "99999999999"});
    std::fs::write(dir.path().join("config.json"), note.to_string()).unwrap();
    let api = api_expecting("unused-5555").await;
    let out = dci(
        &api.uri(),
        &console,
        dir.path(),
        common::NO_KEYCHAIN.1,
        &["list-alerts"],
    )
    .await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("the sign-in is kept in the Secret Service keyring, which cannot give it"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("dci login"), "{}", out.stderr);
    // With the keychain up but the entry gone: said so, same exit.
    let keyring = Keyring::start();
    let out = dci(
        &api.uri(),
        &console,
        dir.path(),
        &keyring.address,
        &["list-alerts"],
    )
    .await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(
        out.stderr.contains("which no longer has it"),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renewal_the_keychain_cannot_keep_warns_in_json_for_programs() {
    let console = token_url("unused-8888", "ref-old-9999", "tok-new-1010").await;
    let api = api_expecting("tok-new-1010").await;
    for (args, warning) in [
        (
            &["list-alerts", "-o", "json"][..],
            "{\"warning\":{\"code\":\"KEYCHAIN\"",
        ),
        (
            &["list-alerts"][..],
            "Warning: cannot keep the sign-in in the Secret Service keyring",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let expired = json!({"login_token": "tok-old-7777", "login_refresh_token": "ref-old-9999", "login_expires_at": "1"});
        std::fs::write(dir.path().join("config.json"), expired.to_string()).unwrap();
        let out = dci(
            &api.uri(),
            &console,
            dir.path(),
            common::NO_KEYCHAIN.1,
            args,
        )
        .await;
        assert_eq!(out.code, 0, "{}", out.stderr);
        let line = out
            .stderr
            .lines()
            .find(|l| l.contains("KEYCHAIN") || l.starts_with("Warning"));
        assert!(
            line.is_some_and(|l| l.starts_with(warning)),
            "{}",
            out.stderr
        );
        if args.len() > 1 {
            let parsed: serde_json::Value = serde_json::from_str(line.unwrap()).unwrap();
            assert!(parsed["warning"]["message"]
                .as_str()
                .unwrap()
                .contains("config file keeps it"));
        }
        assert_eq!(config(dir.path())["login_token"], "tok-new-1010");
    }
}
