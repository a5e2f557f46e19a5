//! `dci login` run as a user would, the test playing the browser: it reads
//! the sign-in URL dci prints and sends the redirect to dci's loopback
//! listener (or pastes the address).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `dci login` against `console`, answers its redirect with the query
/// `answer(state)` as the browser would, and returns (exit code, stderr,
/// the sign-in URL's query pairs).
pub fn login(
    console: &str,
    dir: &Path,
    answer: impl FnOnce(&str) -> String,
) -> (i32, String, Vec<(String, String)>) {
    sign_in(
        console,
        dir,
        &[super::NO_KEYCHAIN],
        answer,
        Browser::Redirect,
    )
}

/// How the sign-in page's answer reaches dci.
#[derive(Clone, Copy, PartialEq)]
pub enum Browser {
    /// Redirected to dci's listener.
    Redirect,
    /// Redirected, after a connection that sends TLS bytes and one that
    /// sends nothing (a browser's speculative preconnect) reach it first.
    RedirectAfterOthers,
    /// The address the browser ended on, pasted on stdin (a browser on
    /// another machine).
    Paste,
}

/// [`login`] with the variables `env`, the answer reaching dci as
/// `browser` says.
pub fn sign_in(
    console: &str,
    dir: &Path,
    env: &[(&str, &str)],
    answer: impl FnOnce(&str) -> String,
    browser: Browser,
) -> (i32, String, Vec<(String, String)>) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .env("DCI_CONSOLE_BASE_URL", console)
        .env("DCI_CONFIG_DIR", dir)
        .envs(env.iter().copied())
        .arg("login")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let url = loop {
        let mut line = String::new();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "no sign-in URL in: {seen}"
        );
        seen.push_str(&line);
        if line.contains("response_type=code") {
            break reqwest::Url::parse(line.trim()).unwrap();
        }
    };
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    let get = |key: &str| pair(&pairs, key);
    let redirect = reqwest::Url::parse(&get("redirect_uri")).unwrap();
    assert_eq!(redirect.host_str(), Some("127.0.0.1"));
    let port = redirect.port().unwrap();
    if browser == Browser::Paste {
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "not an address").unwrap();
        writeln!(stdin, "{redirect}?{}", answer(&get("state"))).unwrap();
        let status = child.wait().unwrap();
        stderr.read_to_string(&mut seen).unwrap();
        return (status.code().unwrap_or(-1), seen, pairs);
    }
    // Kept open until dci has signed in: it must not wait for them.
    let _others = (browser == Browser::RedirectAfterOthers).then(|| {
        let mut tls = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        tls.write_all(b"\x16\x03\x01\x02\x00\x01").unwrap();
        let silent = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        (tls, silent)
    });
    let mut browser = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        browser,
        "GET {}?{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        redirect.path(),
        answer(&get("state"))
    )
    .unwrap();
    let mut page = String::new();
    let _ = browser.read_to_string(&mut page);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let status = child.wait().unwrap();
    stderr.read_to_string(&mut seen).unwrap();
    (status.code().unwrap_or(-1), seen, pairs)
}

/// The config file in `dir`, `null` where there is none.
pub fn config(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap_or_default())
        .unwrap_or_default()
}

/// The value of `key` in `pairs` (a query's), which must have it.
pub fn pair(pairs: &[(String, String)], key: &str) -> String {
    let found = pairs.iter().find(|(k, _)| k == key);
    found.map(|(_, v)| v.clone()).unwrap()
}

/// An API that answers `list-alerts` with the bearer `token` only.
pub async fn api_expecting(token: &str) -> wiremock::MockServer {
    use wiremock::matchers::{header, method, path};
    let api = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(header("Authorization", format!("Bearer {token}").as_str()))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({"alerts": []})),
        )
        .mount(&api)
        .await;
    api
}
