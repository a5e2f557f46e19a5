//! Live streams (`text/event-stream`): dci prints each event as it
//! arrives, not when the stream ends; Ctrl-C ends a stream cleanly with
//! exit 130; an error status is reported as any other. The server is a
//! plain TCP listener, so that the test decides when each event is sent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

const QUESTION: &str = r#"{"question": "What did we spend?"}"#;

/// Reads a request's head and its `Content-Length` body.
fn read_request(stream: &mut TcpStream) -> String {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&seen).into_owned();
    let head_end = text.find("\r\n\r\n").map_or(text.len(), |i| i + 4);
    let length: usize = text
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while seen.len() < head_end + length {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

/// A server answering one request with a stream: the first event at once,
/// the rest only when `proceed` says so (or after 10 s); `second_sent`
/// tells when the rest went out.
fn stream_server(
    proceed: mpsc::Receiver<()>,
    second_sent: Arc<AtomicBool>,
) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let request = read_request(&mut stream);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(b"event: delta\ndata: {\"answer\": \"Hello\"}\n\n");
        let _ = stream.flush();
        let _ = proceed.recv_timeout(Duration::from_secs(10));
        second_sent.store(true, Ordering::SeqCst);
        let _ = stream.write_all(b": a comment line\nevent: done\ndata: plain text\n\n");
        let _ = stream.flush();
        request
    });
    (url, handle)
}

fn ask(url: &str, format: &str) -> std::process::Child {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("dci"));
    cmd.env_clear()
        .env("DCI_API_BASE_URL", url)
        .env("DCI_API_KEY", common::KEY)
        .args(["ask-ava-streaming", "--body", QUESTION, "-o", format])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.spawn().unwrap()
}

#[test]
fn each_event_is_printed_as_it_arrives() {
    let (proceed, wait) = mpsc::channel();
    let second_sent = Arc::new(AtomicBool::new(false));
    let (url, server) = stream_server(wait, second_sent.clone());
    let mut child = ask(&url, "jsonl");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first, "{\"answer\":\"Hello\"}\n");
    assert!(
        !second_sent.load(Ordering::SeqCst),
        "the first event was printed only after the stream went on"
    );
    proceed.send(()).unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "plain text\n");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /ava/v1/ask "), "{request}");
    assert!(
        request.contains("\r\naccept: text/event-stream\r\n"),
        "{request}"
    );
    assert!(request.ends_with(QUESTION), "{request}");
}

#[test]
fn ctrl_c_ends_a_stream_with_exit_130() {
    let (_proceed, wait) = mpsc::channel();
    let second_sent = Arc::new(AtomicBool::new(false));
    let (url, _server) = stream_server(wait, second_sent);
    let mut child = ask(&url, "json");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    while !first.contains('}') {
        assert!(stdout.read_line(&mut first).unwrap() > 0, "{first}");
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!stderr.contains(common::KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_error_status_on_a_stream_is_reported_as_any_other() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/ava/v1/ask"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(serde_json::json!({"error": "not yours"})),
        )
        .mount(&server)
        .await;
    let mut cmd = common::dci(&server);
    cmd.args(["ask-ava-streaming", "--body", QUESTION]);
    let out = common::run(cmd).await;
    assert_eq!(out.code, 11, "{}", out.stderr);
}

/// `--dry-run` prints the request a stream sends, `Accept` included.
#[test]
fn a_dry_run_shows_the_accept_a_stream_sends() {
    let output = Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .args(["ask-ava-streaming", "--body", QUESTION, "--offline"])
        .output()
        .unwrap();
    let curl = String::from_utf8_lossy(&output.stdout);
    assert!(curl.contains("-H 'Accept: text/event-stream'"), "{curl}");
}
