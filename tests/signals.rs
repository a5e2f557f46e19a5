//! SIGINT, SIGTERM and SIGHUP sent to `dci login` and to a config write,
//! as a user's Ctrl-C, a service manager or a closed terminal would: the
//! process ends with 130, 143 or 129, and leaves no temporary file and no
//! half-written config. (`-O FILE` is in tests/output.rs.)

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[allow(dead_code)] // only entries() is used here
mod common;

use common::entries;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SIGNALS: [(&str, i32, i32); 3] = [("INT", 2, 130), ("TERM", 15, 143), ("HUP", 1, 129)];

const SAVED: &str = "{\n  \"customer_context\": \"old\"\n}\n";

fn send(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Waits for `child` at most 20 seconds.
fn wait(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "dci did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn dci(dir: &Path, console: &str, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .env("DCI_CONFIG_DIR", dir)
        .env("DCI_CACHE_DIR", dir.join("cache"))
        .env("DCI_CONSOLE_BASE_URL", console)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A signal while `dci login` waits for the browser, and one while it
/// waits for the token URL's answer: exit 128 + the signal, the saved
/// settings as they were, nothing else in the directory.
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_during_login_ends_it_and_keeps_the_saved_settings() {
    let console = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/auth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"access_token": "t", "expires_in": 3600}))
                .set_delay(Duration::from_secs(60)),
        )
        .mount(&console)
        .await;
    for (signal, _, code) in SIGNALS {
        for at_token_url in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("config.json"), SAVED).unwrap();
            let asked = console.received_requests().await.unwrap().len();
            let mut child = dci(dir.path(), &console.uri(), &["login"]);
            let mut stderr = BufReader::new(child.stderr.take().unwrap());
            let url = loop {
                let mut line = String::new();
                assert!(stderr.read_line(&mut line).unwrap() > 0, "no sign-in URL");
                if line.contains("response_type=code") {
                    break reqwest::Url::parse(line.trim()).unwrap();
                }
            };
            // Held open until the end: the browser's request.
            let mut _browser = None;
            if at_token_url {
                let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
                let get = |key: &str| query.iter().find(|(k, _)| k == key).unwrap().1.clone();
                let redirect = reqwest::Url::parse(&get("redirect_uri")).unwrap();
                let mut browser =
                    std::net::TcpStream::connect(("127.0.0.1", redirect.port().unwrap())).unwrap();
                write!(
                    browser,
                    "GET {}?code=c&state={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                    redirect.path(),
                    get("state")
                )
                .unwrap();
                _browser = Some(browser);
                let deadline = Instant::now() + Duration::from_secs(20);
                while console.received_requests().await.unwrap().len() == asked {
                    assert!(Instant::now() < deadline, "dci never asked for the token");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            send(&child, signal);
            let status = wait(&mut child);
            assert_eq!(
                status.code(),
                Some(code),
                "SIG{signal} (at the token URL: {at_token_url}): {status}"
            );
            let saved = std::fs::read_to_string(dir.path().join("config.json")).unwrap();
            assert_eq!(saved, SAVED);
            assert_eq!(entries(dir.path()), ["config.json"]);
        }
    }
}

/// Signals sent at moments spread over a `customer-context set`'s whole
/// run (start-up, reading, writing, renaming): each run ends as it may
/// (done: 0; interrupted: 128 + the signal; before dci listens: killed by
/// it), and the config file is whole, old or new, with nothing beside it.
#[test]
fn a_signal_at_any_moment_of_a_config_write_leaves_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    // How long a run takes here, to spread the signals over it.
    let started = Instant::now();
    let mut child = dci(
        dir.path(),
        "http://127.0.0.1:9",
        &["customer-context", "set", "c"],
    );
    assert!(wait(&mut child).success());
    let span = started.elapsed().as_micros().max(1_000) as u64;
    let (mut done, mut interrupted, mut killed) = (0, 0, 0);
    // Most of a run is starting up: the signals fall from 40% to 120% of
    // it, on until ten came while dci listened (at most 600 runs).
    let mut run = 0u64;
    while interrupted < 10 && run < 600 {
        let (signal, number, code) = SIGNALS[run as usize % 3];
        std::fs::write(&config, SAVED).unwrap();
        let id = format!("new-{run}");
        let mut child = dci(
            dir.path(),
            "http://127.0.0.1:9",
            &["customer-context", "set", &id],
        );
        std::thread::sleep(Duration::from_micros(span * (40 + run % 81) / 100));
        send(&child, signal);
        let status = wait(&mut child);
        match (status.code(), status.signal()) {
            (Some(0), _) => done += 1,
            (Some(c), _) if c == code => interrupted += 1,
            (None, Some(n)) if n == number => killed += 1,
            _ => panic!("SIG{signal} at run {run}: {status}"),
        }
        let text = std::fs::read_to_string(&config).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).expect("a whole file");
        let saved = value["customer_context"].as_str().unwrap();
        assert!(saved == "old" || saved == id, "{saved}");
        let mut left = entries(dir.path());
        left.retain(|name| name != "cache");
        assert_eq!(left, ["config.json"], "run {run}: nothing beside the file");
        run += 1;
    }
    eprintln!(
        "{run} runs: {done} done, {interrupted} interrupted, {killed} killed before listening"
    );
    assert!(interrupted > 0, "no signal came while dci listened");
}
