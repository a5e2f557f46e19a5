//! Names where ids go: the real binary against a local server. A name is
//! looked up by one listing (or from the cache a list command filled), an
//! id of undocumented form is sent as it is and looked up only after a
//! 404, an ambiguous name is a usage error, none is not found; agent mode
//! and `--no-resolve` guess nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALERTS: &str = "/analytics/v1/alerts";

/// A server listing three alerts and answering for one of them.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let list = serde_json::json!({"alerts": [
        {"id": "a1", "name": "Prod cost"},
        {"id": "b2", "name": "dup"},
        {"id": "c3", "name": "dup"},
        {"id": "d4", "name": "Staging"},
    ]});
    Mock::given(method("GET"))
        .and(path(ALERTS))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(&server)
        .await;
    for id in ["a1", "d4"] {
        Mock::given(method("GET"))
            .and(path(format!("{ALERTS}/{id}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"id": id, "name": format!("read {id}")})),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("DELETE"))
        .and(path(format!("{ALERTS}/a1")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"error": "no such alert"})),
        )
        .mount(&server)
        .await;
    server
}

/// The requests the server received, as `METHOD path`.
async fn sent(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect()
}

fn dci(server: &MockServer, cache: &std::path::Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = common::dci(server);
    cmd.env("DCI_CACHE_DIR", cache).args(args);
    cmd
}

#[tokio::test]
async fn a_name_is_looked_up_once_then_read_from_the_cache() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(
        &server,
        cache.path(),
        &["get-alert", "Prod cost", "-o", "json"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("alerts 'Prod cost' is id a1"),
        "{}",
        out.stderr
    );
    assert_eq!(
        sent(&server).await,
        [format!("GET {ALERTS}"), format!("GET {ALERTS}/a1")]
    );

    // Again, and ignoring case: from the cache, no listing.
    let out = common::run(dci(
        &server,
        cache.path(),
        &["get-alert", "staging", "-o", "json"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(sent(&server).await.len(), 3);
    assert_eq!(sent(&server).await[2], format!("GET {ALERTS}/d4"));

    // The cache is the user's alone, says what it holds, and clears.
    let file = cache.path().join("names.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let out = common::run(dci(&server, cache.path(), &["cache", "info"])).await;
    assert!(
        out.stdout.contains("alerts: 4 ids and names, fetched"),
        "{}",
        out.stdout
    );
    let out = common::run(dci(&server, cache.path(), &["cache", "clear"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!file.exists());
}

#[tokio::test]
async fn a_list_command_fills_the_cache_and_an_id_goes_as_it_is() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(&server, cache.path(), &["list-alerts", "-o", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = common::run(dci(
        &server,
        cache.path(),
        &["get-alert", "a1", "-o", "json"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        !out.stderr.contains("is id"),
        "an id is not a lookup: {}",
        out.stderr
    );
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "Prod cost", "--yes"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        sent(&server).await,
        [
            format!("GET {ALERTS}"),
            format!("GET {ALERTS}/a1"),
            format!("DELETE {ALERTS}/a1"),
        ]
    );
}

#[tokio::test]
async fn one_word_is_sent_as_an_id_and_looked_up_only_after_a_404() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(
        &server,
        cache.path(),
        &["get-alert", "Staging", "-o", "json"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        sent(&server).await,
        [
            format!("GET {ALERTS}/Staging"),
            format!("GET {ALERTS}"),
            format!("GET {ALERTS}/d4"),
        ]
    );
}

#[tokio::test]
async fn an_ambiguous_name_lists_the_candidates_and_none_is_not_found() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "dup", "--yes"],
    ))
    .await;
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("'dup' names 2 alerts: b2 (dup), c3 (dup)"),
        "{}",
        out.stderr
    );
    let out = common::run(dci(&server, cache.path(), &["get-alert", "No such alert"])).await;
    assert_eq!(out.code, 20, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("none of the alerts has the id or the name 'No such alert'"),
        "{}",
        out.stderr
    );
    // "dup" could have been an id: sent as it is, then looked up.
    let deleted: Vec<String> = sent(&server)
        .await
        .into_iter()
        .filter(|r| r.starts_with("DELETE"))
        .collect();
    assert_eq!(deleted, [format!("DELETE {ALERTS}/dup")]);
}

#[tokio::test]
async fn agent_mode_and_no_resolve_send_the_argument_as_given() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    for extra in ["--no-resolve", "--agent"] {
        let out = common::run(dci(
            &server,
            cache.path(),
            &["get-alert", "Prod cost", extra],
        ))
        .await;
        assert_eq!(out.code, 20, "{extra}: {}", out.stderr);
    }
    assert_eq!(
        sent(&server).await,
        [
            format!("GET {ALERTS}/Prod%20cost"),
            format!("GET {ALERTS}/Prod%20cost")
        ]
    );
}

/// A destructive command names what it acts on: from the cache, else
/// from one GET; in the question, the `--dry-run` output and the refusal's
/// hint. `--offline` reads the cache alone.
#[tokio::test(flavor = "multi_thread")]
async fn a_destructive_command_names_its_target() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    // Nothing cached: --offline says nothing more, and sends nothing.
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "a1", "--offline"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("curl \\\n  -X DELETE"),
        "{}",
        out.stdout
    );
    assert!(sent(&server).await.is_empty());
    // Refused in agent mode: the hint names it, read by one GET.
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "a1", "--agent"],
    ))
    .await;
    assert_eq!(out.code, 30, "{}", out.stderr);
    let error = common::envelope(&out.stderr);
    assert_eq!(
        error["hint"], "it acts on 'read a1' (alerts id a1)",
        "{error}"
    );
    assert_eq!(sent(&server).await, [format!("GET {ALERTS}/a1")]);
    // The GET's name is cached: --offline names it now.
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "a1", "--offline"],
    ))
    .await;
    assert!(
        out.stdout
            .starts_with("# acts on 'read a1' (alerts id a1)\ncurl \\\n"),
        "{}",
        out.stdout
    );
    // A list fills the cache; --dry-run names from it without a GET.
    common::run(dci(&server, cache.path(), &["list-alerts", "-o", "json"])).await;
    let before = sent(&server).await.len();
    let out = common::run(dci(
        &server,
        cache.path(),
        &["delete-alert", "Staging", "--dry-run"],
    ))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("# acts on 'Staging' (alerts id d4)\n"),
        "{}",
        out.stdout
    );
    assert_eq!(sent(&server).await.len(), before);
    // On a terminal, the question names it (no cache here: one GET);
    // no answer cancels, and nothing is deleted.
    let out = common::on_terminal(&server.uri(), &["delete-alert", "a1"]).await;
    assert_eq!(out.code, 30, "{}", out.stdout);
    assert!(
        out.stdout.contains(
            "'delete-alert a1' acts on 'read a1' (alerts id a1); it cannot be undone. Run it? [y/N]"
        ),
        "{}",
        out.stdout
    );
    assert!(!sent(&server).await.iter().any(|r| r.starts_with("DELETE")));
}

/// Tab completes ids and names from the cache alone: the server sees no
/// request, whatever is typed.
#[tokio::test]
async fn completion_reads_the_cache_and_never_the_network() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(&server, cache.path(), &["list-alerts", "-o", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = sent(&server).await.len();
    for (typed, expected) in [
        ("Pro", "Prod cost\tid a1"),
        ("a", "a1\tProd cost"),
        ("St", "Staging\tid d4"),
    ] {
        let mut cmd = dci(&server, cache.path(), &["--", "dci", "get-alert", typed]);
        cmd.env("COMPLETE", "fish");
        let out = common::run(cmd).await;
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.lines().any(|l| l == expected),
            "{typed}: {}",
            out.stdout
        );
    }
    // An empty cache completes nothing, and still asks nothing.
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = dci(&server, empty.path(), &["--", "dci", "delete-alert", ""]);
    cmd.env("COMPLETE", "fish");
    let out = common::run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        sent(&server).await.len(),
        before,
        "completion made a request"
    );
}

/// Through a real bash: the script `COMPLETE=bash dci` prints, sourced,
/// fills COMPREPLY with the cached names and ids, and the server sees no
/// request.
#[tokio::test(flavor = "multi_thread")]
async fn bash_completes_names_through_the_registered_script() {
    let server = server().await;
    let cache = tempfile::tempdir().unwrap();
    let out = common::run(dci(&server, cache.path(), &["list-alerts", "-o", "json"])).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = sent(&server).await.len();
    let binary = assert_cmd::cargo::cargo_bin("dci");
    let script = format!(
        "source <(COMPLETE=bash '{dci}')\n\
         COMP_WORDS=(dci get-alert Pro); COMP_CWORD=2; COMP_TYPE=9\n\
         _clap_complete_dci dci Pro get-alert\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        dci = binary.display()
    );
    let mut cmd = assert_cmd::Command::new("bash");
    cmd.args(["-c", &script])
        .env("DCI_CACHE_DIR", cache.path())
        .env("DCI_API_BASE_URL", server.uri())
        .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR);
    let out = common::run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.lines().any(|l| l == "Prod cost"),
        "COMPREPLY: {:?}",
        out.stdout
    );
    assert_eq!(
        sent(&server).await.len(),
        before,
        "completion made a request"
    );
}
