//! `-O DIR`: a download is written into the directory under the name the
//! response's `Content-Disposition` gives (no path, no control
//! characters), else the request path's last segment; its bytes as they
//! came, binary or not.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[macro_use]
mod support;

use fixtures_compiled::bodies::cli::Command;
use wiremock::{Mock, MockServer, ResponseTemplate};

cli_runner!(dir: run_into_dir, Command);

/// A server answering every request with `bytes`, and `disposition` when given.
async fn serving(bytes: &[u8], disposition: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let mut answer = ResponseTemplate::new(200)
        .insert_header("Content-Type", "application/octet-stream")
        .set_body_bytes(bytes.to_vec());
    if let Some(disposition) = disposition {
        answer = answer.insert_header("Content-Disposition", disposition);
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_takes_the_name_the_response_gives() {
    let pdf = b"%PDF-1.7\n\xff\xfe\x00binary".to_vec();
    let server = serving(&pdf, Some("attachment; filename=\"../../invoice 7.pdf\"")).await;
    let files = run_into_dir(&server, &["put-blob", "--body", "x"])
        .await
        .unwrap();
    assert_eq!(files, [("invoice 7.pdf".to_string(), pdf)]);

    let server = serving(
        b"\x00\x01",
        Some("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.bin"),
    )
    .await;
    let files = run_into_dir(&server, &["put-blob", "--body", "x"])
        .await
        .unwrap();
    assert_eq!(files, [("résumé.bin".to_string(), b"\x00\x01".to_vec())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_name_from_the_response_the_path_names_the_file() {
    let server = serving(b"\x00\x01", None).await;
    let files = run_into_dir(&server, &["put-blob", "--body", "x"])
        .await
        .unwrap();
    assert_eq!(files, [("blobs".to_string(), b"\x00\x01".to_vec())]);
    // A name that is only dots and control characters is no name.
    let server = serving(b"\x00", Some("attachment; filename=\". .\t.\"")).await;
    let files = run_into_dir(&server, &["put-blob", "--body", "x"])
        .await
        .unwrap();
    assert_eq!(files, [("blobs".to_string(), b"\x00".to_vec())]);
}
