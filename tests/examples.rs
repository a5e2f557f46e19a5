//! Every example dci's help shows runs: each command line of every
//! command's examples (as `dci commands --json` lists them) is run by the
//! real binary with `--offline`, then against a local server, and must
//! succeed and send the command's method to its path. An example the spec
//! or the generator got wrong, or one a later spec makes stale, fails here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use serde_json::Value;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Each command's method, path template and example command lines.
fn examples(catalog: &Value) -> Vec<(String, String, Vec<String>)> {
    let commands = catalog["commands"].as_array().unwrap();
    commands
        .iter()
        .filter(|c| c["method"].is_string())
        .map(|c| {
            let lines: Vec<String> = match c["examples"].as_array() {
                Some(all) => all
                    .iter()
                    .map(|e| e["command"].as_str().unwrap().to_string())
                    .collect(),
                None => vec![c["example"].as_str().unwrap().to_string()],
            };
            let text = |k: &str| c[k].as_str().unwrap().to_string();
            (text("method"), text("path"), lines)
        })
        .collect()
}

/// Whether `path` (sent) fills the `template` (`/alerts/{id}`).
fn fills(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter().zip(&p).all(|(t, p)| match t.find('{') {
            Some(at) => p.starts_with(&t[..at]) && !p.is_empty(),
            None => t == p,
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn every_example_runs_offline_and_against_a_local_server() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let mut cmd = common::dci(&server);
    cmd.args(["commands", "--json"]);
    let out = common::run(cmd).await;
    let catalog: Value = serde_json::from_str(&out.stdout).unwrap();
    // The files examples name (`--body @FILE`) are the reader's; here, one.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("FILE"), "a,b\n1,2\n").unwrap();
    let mut ran = 0;
    let mut failed = Vec::new();
    for (method, template, lines) in examples(&catalog) {
        for line in lines {
            let words = shlex::split(&line).unwrap_or_else(|| panic!("not shell words: {line}"));
            assert_eq!(words[0], "dci", "{line}");
            let args = &words[1..];
            let mut offline = common::dci(&server);
            offline.current_dir(dir.path()).args(args).arg("--offline");
            let out = common::run(offline).await;
            if out.code != 0 || !out.stdout.contains("curl") {
                failed.push(format!(
                    "{line} --offline: exit {}: {}",
                    out.code, out.stderr
                ));
                continue;
            }
            server.reset().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
                .mount(&server)
                .await;
            let mut live = common::dci(&server);
            live.current_dir(dir.path())
                .args(args)
                .args(["--yes", "-o", "json"]);
            let out = common::run(live).await;
            let sent = server.received_requests().await.unwrap_or_default();
            let last = sent
                .last()
                .map(|r| (r.method.to_string(), r.url.path().to_string()));
            match last {
                _ if out.code != 0 => {
                    failed.push(format!("{line}: exit {}: {}", out.code, out.stderr))
                }
                Some((m, p)) if m == method && fills(&template, &p) => ran += 1,
                other => failed.push(format!("{line}: sent {other:?}, not {method} {template}")),
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} examples fail:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert!(ran >= 170, "only {ran} examples ran");
}
