//! Uploads: what dci sends for a multipart body, read back by a parser
//! nobody here wrote (Python's `email` package, which parses MIME
//! multipart messages), and a required multipart body refused when none of
//! its parts is given.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, run};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const UPLOAD_PATH: &str = "/datahub/v1/csv/upload";

/// Each part of a multipart body as Python's `email` parser reads it:
/// name, file name, content type and content.
fn parse_multipart(content_type: &str, body: &[u8]) -> serde_json::Value {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = scratch(&format!("message-{call}"));
    let message = dir.join("message");
    let mut bytes =
        format!("Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n").into_bytes();
    bytes.extend_from_slice(body);
    std::fs::write(&message, bytes).unwrap();
    let script = r#"
import json, sys
from email import policy
from email.parser import BytesParser
message = BytesParser(policy=policy.HTTP).parse(open(sys.argv[1], "rb"))
assert message.is_multipart(), "not multipart"
parts = []
for part in message.iter_parts():
    parts.append({
        "name": part.get_param("name", header="content-disposition"),
        "filename": part.get_filename(),
        "content_type": part.get_content_type() if part.get("content-type") else None,
        "content": part.get_payload(decode=True).decode("utf-8"),
    })
print(json.dumps(parts))
"#;
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&message)
        .output()
        .expect("python3");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A fresh directory of this test process's own.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dci-uploads-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_part_carries_its_name_and_a_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(UPLOAD_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"batch": "b1"})))
        .mount(&server)
        .await;
    let dir = scratch("csv");
    let csv = dir.join("events.csv");
    std::fs::write(&csv, "time,value\n1,2\n").unwrap();
    let mut cmd = dci(&server);
    cmd.args([
        "ingest-datahub-events-csv",
        "--provider",
        "Datadog",
        "--file",
    ])
    .arg(&csv);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    let content_type = request.headers["content-type"].to_str().unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let parts = parse_multipart(content_type, &request.body);
    assert_eq!(
        parts,
        serde_json::json!([
            {"name": "provider", "filename": null, "content_type": null, "content": "Datadog"},
            {"name": "file", "filename": "events.csv", "content_type": "text/csv", "content": "time,value\n1,2\n"},
        ])
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_of_unknown_kind_is_sent_as_octet_stream() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(UPLOAD_PATH))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let dir = scratch("unknown");
    let file = dir.join("events.unknownext");
    std::fs::write(&file, "x").unwrap();
    let mut cmd = dci(&server);
    cmd.args(["ingest-datahub-events-csv", "--file"]).arg(&file);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let requests = server.received_requests().await.unwrap();
    let content_type = requests[0].headers["content-type"].to_str().unwrap();
    let parts = parse_multipart(content_type, &requests[0].body);
    assert_eq!(
        parts[0]["content_type"], "application/octet-stream",
        "{parts}"
    );
    assert_eq!(parts[0]["filename"], "events.unknownext");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_required_multipart_body_without_parts_is_refused_naming_them() {
    let server = MockServer::start().await;
    let mut cmd = dci(&server);
    cmd.args(["ingest-datahub-events-csv"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("--provider") && out.stderr.contains("--file"),
        "{}",
        out.stderr
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
