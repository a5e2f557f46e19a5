//! `dci login` end to end against a local fake authorization server: the
//! test plays the browser (it reads the sign-in URL dci prints and sends
//! the redirect to dci's loopback listener), wiremock plays the token URL.
//! Success, denied consent, a wrong state, an expired token renewed, a
//! renewal refused (exit 10), the API key winning, logout.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::path::Path;

use common::sign_in::{api_expecting, config, login, pair, sign_in, Browser};

use base64::Engine;
use serde_json::json;
use sha2::Digest;
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_PATH: &str = "/api/auth/token";

/// `dci list-alerts` with the config in `dir` and the token URL on
/// `console`, no API key unless `key`.
async fn list_alerts(
    api: &MockServer,
    console: &MockServer,
    dir: &Path,
    key: Option<&str>,
) -> common::Run {
    let mut cmd = common::dci(api);
    cmd.env_remove("DCI_API_KEY")
        .env("DCI_CONFIG_DIR", dir)
        .env("DCI_CONSOLE_BASE_URL", console.uri());
    if let Some(key) = key {
        cmd.env("DCI_API_KEY", key);
    }
    cmd.args(["list-alerts", "-o", "json"]);
    common::run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sign_in_saves_a_token_that_commands_send() {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains("client_id=cli"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "tok-success-123", "refresh_token": "ref-1", "expires_in": 3600}),
        ))
        .expect(1)
        .mount(&console)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let uri = console.uri();
    let dir_path = dir.path().to_path_buf();
    let (code, stderr, pairs) = tokio::task::spawn_blocking(move || {
        sign_in(
            &uri,
            &dir_path,
            &[common::NO_KEYCHAIN],
            |state| format!("code=the-code&state={state}"),
            Browser::RedirectAfterOthers,
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("tok-success-123"), "{stderr}");
    // No keychain answers here: the warning says so, the file keeps it.
    assert!(
        stderr.contains("Warning: cannot keep the sign-in in the Secret Service keyring"),
        "{stderr}"
    );
    // PKCE: the challenge is the verifier's SHA-256, as sent to the token URL.
    let get = |key: &str| pair(&pairs, key);
    assert_eq!(get("code_challenge_method"), "S256");
    assert_eq!(get("scope"), "dci");
    let requests = console.received_requests().await.unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded_pairs(&requests[0].body);
    let verifier = form
        .iter()
        .find(|(k, _)| k == "code_verifier")
        .unwrap()
        .1
        .clone();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    assert_eq!(get("code_challenge"), challenge);
    // Saved, readable by its owner only; sent by commands.
    let saved = config(dir.path());
    assert_eq!(saved["login_token"], "tok-success-123");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("config.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let api = api_expecting("tok-success-123").await;
    let out = list_alerts(&api, &console, dir.path(), None).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The API key wins over the saved token.
    let keyed = api_expecting(common::KEY).await;
    let out = list_alerts(&keyed, &console, dir.path(), Some(common::KEY)).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Logout removes it.
    let mut cmd = common::dci(&api);
    cmd.env("DCI_CONFIG_DIR", dir.path()).arg("logout");
    assert_eq!(common::run(cmd).await.code, 0);
    assert_eq!(config(dir.path()).get("login_token"), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_address_the_browser_ended_on_can_be_pasted() {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("code=pasted-code"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "tok-pasted-456", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&console)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let (uri, dir_path) = (console.uri(), dir.path().to_path_buf());
    let (code, stderr, _) = tokio::task::spawn_blocking(move || {
        sign_in(
            &uri,
            &dir_path,
            &[common::NO_KEYCHAIN],
            |state| format!("code=pasted-code&state={state}"),
            Browser::Paste,
        )
    })
    .await
    .unwrap();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("paste it again"), "{stderr}");
    assert_eq!(config(dir.path())["login_token"], "tok-pasted-456");
}

#[tokio::test(flavor = "multi_thread")]
async fn denied_consent_and_a_wrong_state_save_nothing() {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"access_token": "never-used-1"})),
        )
        .expect(0)
        .mount(&console)
        .await;
    for answer in ["denied", "wrong state"] {
        let dir = tempfile::tempdir().unwrap();
        let (uri, dir_path) = (console.uri(), dir.path().to_path_buf());
        let (code, stderr, _) = tokio::task::spawn_blocking(move || {
            login(&uri, &dir_path, |state| match answer {
                "denied" => format!("error=access_denied&state={state}"),
                _ => "code=c&state=forged".to_string(),
            })
        })
        .await
        .unwrap();
        assert_eq!(code, 10, "{answer}: {stderr}");
        assert!(stderr.contains("nothing was saved"), "{stderr}");
        assert!(!dir.path().join("config.json").exists());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_token_is_renewed_and_a_refused_renewal_is_exit_10() {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=ref-good"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "new-token-456", "expires_in": 3600})),
        )
        .mount(&console)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": "invalid_grant"})))
        .mount(&console)
        .await;
    let expired = |refresh: &str| json!({"login_token": "old-token-123", "login_refresh_token": refresh, "login_expires_at": "1"});
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.json"),
        expired("ref-good").to_string(),
    )
    .unwrap();
    let api = api_expecting("new-token-456").await;
    let out = list_alerts(&api, &console, dir.path(), None).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let saved = config(dir.path());
    assert_eq!(saved["login_token"], "new-token-456");
    assert_eq!(saved["login_refresh_token"], "ref-good");
    // A refresh token the server refuses: exit 10, and a hint to sign in again.
    std::fs::write(
        dir.path().join("config.json"),
        expired("ref-bad").to_string(),
    )
    .unwrap();
    let out = list_alerts(&api, &console, dir.path(), None).await;
    assert_eq!(out.code, 10, "{}", out.stderr);
    assert!(out.stderr.contains("dci login"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("ref-bad") && !out.stderr.contains("old-token-123"),
        "{}",
        out.stderr
    );
}

/// `a=1&b=2` as pairs.
mod url {
    pub fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
        let text = String::from_utf8_lossy(body);
        reqwest::Url::parse(&format!("http://x/?{text}"))
            .map(|u| {
                u.query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }
}
