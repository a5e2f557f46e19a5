//! Form-encoded bodies from the command line (the `styles` fixture): field
//! flags and shorthand work as they do for JSON bodies, and each field is
//! sent in the style the spec's `encoding` gives it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[macro_use]
mod support;

use fixtures_compiled::styles::cli::Command;
use wiremock::{Mock, MockServer, ResponseTemplate};

cli_runner!(run_cli, Command);

/// The form each request carried, as pairs.
async fn forms(server: &MockServer) -> Vec<Vec<(String, String)>> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| form_urlencoded::parse(&r.body).into_owned().collect())
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_form_body_takes_field_flags_and_shorthand() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    run_cli(
        &server,
        &[
            "create-customer",
            "--description",
            "hi there",
            "metadata.plan:gold",
            "--expand",
            "sources",
            "--expand",
            "tax",
            "--tags",
            "x",
        ],
    )
    .await
    .unwrap();
    run_cli(
        &server,
        &[
            "create-customer",
            "--body",
            r#"{"description":"hi","metadata":{"plan":"gold"},"expand":["sources","tax"]}"#,
        ],
    )
    .await
    .unwrap();
    let sent = forms(&server).await;
    // `--expand` is the query parameter's flag; the body's field is set
    // by shorthand or --body.
    assert_eq!(
        sent[0],
        pairs(&[
            ("description", "hi there"),
            ("metadata[plan]", "gold"),
            ("tags", "x"),
        ])
    );
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.query(),
        Some("expand%5B%5D=sources&expand%5B%5D=tax")
    );
    assert_eq!(
        sent[1],
        pairs(&[
            ("description", "hi"),
            ("metadata[plan]", "gold"),
            ("expand[]", "sources"),
            ("expand[]", "tax"),
        ])
    );
    let err = run_cli(&server, &["create-customer", "--nope", "1"])
        .await
        .unwrap_err();
    assert!(err.contains("--nope"), "{err}");
}
