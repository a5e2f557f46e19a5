//! Servers that misbehave: every fault gives one line on stderr, the
//! documented exit code, and no panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use common::{dci, dci_at, run, Run};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on a raw socket that answers every connection with `reply`,
/// for faults an HTTP library would not produce.
fn raw_server(reply: impl Fn(TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut seen = Vec::new();
            let mut buffer = [0u8; 4096];
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buffer[..n]),
                }
            }
            reply(stream);
        }
    });
    format!("http://{address}")
}

/// One line on stderr, starting `Error:` (and at most a `Hint:` line);
/// nothing on stdout; no panic.
fn assert_one_line_error(out: &Run, code: i32, contains: &str) {
    assert_eq!(out.code, code, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines.len() == 1 || (lines.len() == 2 && lines[1].starts_with("Hint: ")),
        "{}",
        out.stderr
    );
    assert!(out.stderr.starts_with("Error: "), "{}", out.stderr);
    assert!(out.stderr.contains(contains), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

async fn get_alert(base_url: &str) -> Run {
    let mut cmd = dci_at(base_url);
    cmd.args(["get-alert", "a1", "--retries", "0", "--timeout", "10"]);
    run(cmd).await
}

#[tokio::test(flavor = "multi_thread")]
async fn truncated_json_is_a_decode_error() {
    let base = raw_server(|mut stream| {
        let body = br#"{"id":"a1","na"#;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    });
    let out = get_alert(&base).await;
    assert_one_line_error(
        &out,
        1,
        "the response body does not match its documented type",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let base = raw_server(|mut stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"id\":",
        );
        let _ = stream.shutdown(std::net::Shutdown::Both);
    });
    let out = get_alert(&base).await;
    assert_one_line_error(&out, 41, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_reset_before_any_response_is_a_transport_error() {
    let base = raw_server(|stream| {
        drop(stream);
    });
    let out = get_alert(&base).await;
    assert_one_line_error(&out, 41, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_larger_than_the_cap_is_refused_whether_declared_or_streamed() {
    let declared = raw_server(|mut stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400000000\r\n\r\n[",
        );
    });
    let out = get_alert(&declared).await;
    assert_one_line_error(&out, 1, "the response body is larger than 64 MiB");

    // No length: 400 MB of JSON whitespace until the client hangs up.
    let streamed = raw_server(|mut stream| {
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n",
        );
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..400 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = get_alert(&streamed).await;
    assert_one_line_error(&out, 1, "the response body is larger than 64 MiB");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_success_with_the_wrong_content_or_no_content() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/html"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<html><body>Sign in</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/analytics/v1/alerts/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/analytics/v1/folders/f1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    // A documented body that does not come: a decode error, exit 1.
    for id in ["html", "empty"] {
        let mut cmd = dci(&server);
        cmd.args(["get-alert", id]);
        let out = run(cmd).await;
        assert_one_line_error(
            &out,
            1,
            "the response body does not match its documented type",
        );
    }
    // As a JSON error document, the decode error keeps the status it came with.
    let mut cmd = dci(&server);
    cmd.args(["get-alert", "html", "-o", "json"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    let document: serde_json::Value = serde_json::from_str(out.stderr.trim()).expect("JSON error");
    assert_eq!(document["error"]["http_status"], 200, "{}", out.stderr);
    assert_eq!(document["error"]["code"], "DECODE_ERROR", "{}", out.stderr);
    // No body documented, none sent: success.
    let mut cmd = dci(&server);
    cmd.args(["delete-alert", "empty", "--yes"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // A documented 204.
    let mut cmd = dci(&server);
    cmd.args(["delete-folder", "f1", "--yes"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_times_out() {
    let base = raw_server(|stream| {
        std::thread::sleep(std::time::Duration::from_secs(5));
        drop(stream);
    });
    let mut cmd = dci_at(&base);
    cmd.args(["get-alert", "a1", "--retries", "0", "--timeout", "1"]);
    let started = std::time::Instant::now();
    let out = run(cmd).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    assert_one_line_error(&out, 41, "timed out");
}
