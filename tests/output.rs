//! Output options against a local server: `-o toon` (and TOON as agent
//! mode's default), `-o jsonl` streaming `--all` page by page, `-C/--fields`
//! in every format, and `-O/--output-file` written atomically: whole after a
//! success, untouched after a failure or Ctrl-C, never holding the API key.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::io::BufRead;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{dci, entries, run, KEY};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `GET /iam/v1/users` answers two users, each with a nested role.
async fn users(server: &MockServer) -> Value {
    let body = json!({
        "users": [
            {"id": "u1", "email": "ann@example.com", "role": {"name": "Admin"}},
            {"id": "u2", "email": "bob@example.com"}
        ],
        "rowCount": 2
    });
    Mock::given(method("GET"))
        .and(path("/iam/v1/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body.clone()))
        .mount(server)
        .await;
    body
}

/// Three pages of alerts behind `pageToken`s, the last one `delay` late.
async fn three_pages(server: &MockServer, delay: Duration) {
    let page = |ids: &[&str], token: Option<&str>| {
        let alerts: Vec<Value> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
        let mut body = json!({"alerts": alerts, "rowCount": ids.len()});
        if let Some(token) = token {
            body["pageToken"] = json!(token);
        }
        ResponseTemplate::new(200).set_body_json(body)
    };
    let alerts = || Mock::given(method("GET")).and(path("/analytics/v1/alerts"));
    alerts()
        .and(query_param_is_missing("pageToken"))
        .respond_with(page(&["a1", "a2"], Some("p2")))
        .expect(1)
        .mount(server)
        .await;
    alerts()
        .and(query_param("pageToken", "p2"))
        .respond_with(page(&["a3"], Some("p3")))
        .expect(1)
        .mount(server)
        .await;
    alerts()
        .and(query_param("pageToken", "p3"))
        .respond_with(page(&["a4"], None).set_delay(delay))
        .expect(1)
        .mount(server)
        .await;
}

/// `list-alerts --all -o jsonl -O FILE`.
fn all_alerts_into(file: &Path) -> Vec<String> {
    let args = ["list-alerts", "--all", "-o", "jsonl", "-O"].map(String::from);
    args.into_iter()
        .chain([file.display().to_string()])
        .collect()
}

/// dci as a child process whose output can be read while it runs.
fn spawn<S: AsRef<std::ffi::OsStr>>(
    server: &MockServer,
    args: impl IntoIterator<Item = S>,
) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("dci"))
        .env_clear()
        .env("DCI_API_BASE_URL", server.uri())
        .env("DCI_API_KEY", KEY)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("dci starts")
}

#[tokio::test(flavor = "multi_thread")]
async fn toon_is_printed_with_o_toon_and_by_default_in_agent_mode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/iam/v1/roles"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "roles": [{"id": "r1", "name": "Admin"}, {"id": "r2", "name": "Viewer"}]
        })))
        .mount(&server)
        .await;
    let expected = "roles[2]{id,name}:\n  r1,Admin\n  r2,Viewer\n";
    for (args, env) in [
        (vec!["list-roles", "-o", "toon"], None),
        (vec!["list-roles", "--agent"], None),
        (vec!["list-roles"], Some("1")),
    ] {
        let mut cmd = dci(&server);
        cmd.args(&args);
        if let Some(on) = env {
            cmd.env("DCI_AGENT_MODE", on);
        }
        let out = run(cmd).await;
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, expected, "{args:?}");
        let decoded: Value = toon_format::decode_default(&out.stdout).unwrap();
        assert_eq!(decoded["roles"][1], json!({"id": "r2", "name": "Viewer"}));
    }
    // -o still chooses in agent mode, and errors stay JSON envelopes.
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "not found"})))
        .mount(&server)
        .await;
    let mut cmd = dci(&server);
    cmd.args(["list-roles", "--agent", "-o", "json"]);
    let out = run(cmd).await;
    let body: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(body["roles"][0]["id"], "r1");
    let mut cmd = dci(&server);
    cmd.args(["get-alert", "nope", "--agent"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 20, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let envelope: Value = serde_json::from_str(out.stderr.trim()).unwrap();
    assert_eq!(envelope["error"]["code"], "NOT_FOUND");
}

#[tokio::test(flavor = "multi_thread")]
async fn jsonl_prints_a_line_per_item() {
    let server = MockServer::start().await;
    let body = users(&server).await;
    let mut cmd = dci(&server);
    cmd.args(["list-users", "-o", "jsonl"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(&lines, body["users"].as_array().unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn jsonl_with_all_prints_each_page_as_it_arrives() {
    let server = MockServer::start().await;
    let delay = Duration::from_secs(3);
    three_pages(&server, delay).await;
    let child = spawn(&server, ["list-alerts", "--all", "-o", "jsonl"]);
    let started = Instant::now();
    let (lines, early, output) = tokio::task::spawn_blocking(move || {
        let mut child = child;
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        let mut early = None;
        let mut line = String::new();
        while stdout.read_line(&mut line).unwrap() > 0 {
            lines.push(std::mem::take(&mut line));
            if lines.len() == 3 {
                early = Some(Instant::now());
            }
        }
        (lines, early, child.wait_with_output().unwrap())
    })
    .await
    .unwrap();
    let ended = Instant::now();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ids: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [json!("a1"), json!("a2"), json!("a3"), json!("a4")]);
    // The first two pages were printed while the third was still on its way.
    let early = early.expect("three lines");
    assert!(
        ended - early >= delay - Duration::from_millis(1500),
        "pages 1 and 2 printed {:?} after the start and {:?} before the end",
        early - started,
        ended - early
    );
    let tokens: Vec<Option<String>> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "pageToken")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(tokens, [None, Some("p2".into()), Some("p3".into())]);
    server.verify().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_choose_what_table_csv_and_json_show() {
    let server = MockServer::start().await;
    users(&server).await;
    let shown = |format: &'static str, fields: &'static str| {
        let mut cmd = dci(&server);
        cmd.args(["list-users", "-o", format, "-C", fields]);
        cmd
    };
    let out = run(shown("table", "email,role.name")).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "EMAIL            ROLE.NAME\nann@example.com  Admin\nbob@example.com\n"
    );
    let out = run(shown("csv", "role.name,id,nope")).await;
    assert_eq!(out.stdout, "role.name,id,nope\nAdmin,u1,\n,u2,\n");
    let out = run(shown("json", "id,role.name")).await;
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        value,
        json!([{"id": "u1", "role.name": "Admin"}, {"id": "u2", "role.name": null}])
    );
    // --fields first, then --jq on what they left.
    let mut cmd = shown("json", "email");
    cmd.args(["--jq", "map(.email)"]);
    let out = run(cmd).await;
    let value: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(value, json!(["ann@example.com", "bob@example.com"]));
    let sent = server.received_requests().await.unwrap().len();
    for bad in ["", "id,,email", "role..name"] {
        let out = run(shown("json", bad)).await;
        assert_eq!(out.code, 2, "{bad:?}: {}", out.stderr);
        assert!(out.stderr.contains("--fields"), "{bad:?}: {}", out.stderr);
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        sent,
        "nothing sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn output_file_holds_the_result_and_never_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a1", "name": KEY})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alert.json");
    std::fs::write(&file, "old content\n").unwrap();
    let mut cmd = dci(&server);
    cmd.args(["get-alert", "a1", "-O", file.to_str().unwrap()]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(!written.contains(KEY), "the key reached the file");
    // JSON, as when stdout is not a terminal.
    let value: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(value, json!({"id": "a1", "name": "[redacted]"}));
    assert_eq!(entries(dir.path()), ["alert.json"]);
}

/// `-O` alone writes into the current directory under the name the
/// response gives, and says so; `-O -` is stdout.
#[tokio::test(flavor = "multi_thread")]
async fn output_file_alone_takes_the_name_the_response_gives() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/a1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header(
                    "Content-Disposition",
                    "attachment; filename=\"../a1 alert.json\"",
                )
                .set_body_json(json!({"id": "a1"})),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = dci(&server);
    cmd.current_dir(dir.path()).args(["get-alert", "a1", "-O"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert!(
        out.stderr.contains("saved ./a1 alert.json"),
        "{}",
        out.stderr
    );
    assert_eq!(entries(dir.path()), ["a1 alert.json"]);
    let written: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("a1 alert.json")).unwrap()).unwrap();
    assert_eq!(written, json!({"id": "a1"}));
    let mut cmd = dci(&server);
    cmd.current_dir(dir.path())
        .args(["get-alert", "a1", "-o", "json", "-O", "-"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"id\": \"a1\""), "{}", out.stdout);
    assert_eq!(entries(dir.path()), ["a1 alert.json"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn output_file_is_left_as_it_was_after_a_404() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "not found"})))
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "previous\n").unwrap();
    let absent = dir.path().join("absent.json");
    for file in [&kept, &absent] {
        let mut cmd = dci(&server);
        cmd.args(["get-alert", "gone", "--output-file", file.to_str().unwrap()]);
        let out = run(cmd).await;
        assert_eq!(out.code, 20, "{}", out.stderr);
    }
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "previous\n");
    assert!(!absent.exists());
    assert_eq!(entries(dir.path()), ["kept.json"], "no temporary file left");
}

#[tokio::test(flavor = "multi_thread")]
async fn output_file_in_a_missing_directory_is_a_clear_error() {
    let server = MockServer::start().await;
    users(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-dir/users.json");
    let mut cmd = dci(&server);
    cmd.args(["list-users", "-O", file.to_str().unwrap()]);
    let out = run(cmd).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(&format!("cannot write {}", file.display()))
            && out.stderr.contains("does not exist"),
        "{}",
        out.stderr
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing sent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn jsonl_with_all_streams_into_the_output_file() {
    let server = MockServer::start().await;
    three_pages(&server, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alerts.jsonl");
    let mut cmd = dci(&server);
    cmd.args(all_alerts_into(&file));
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        ["a1", "a2", "a3", "a4"]
            .map(|id| format!("{{\"id\":\"{id}\",\"name\":\"{id}\"}}\n"))
            .concat()
    );
    assert_eq!(entries(dir.path()), ["alerts.jsonl"]);
}

/// Ctrl-C, SIGTERM and SIGHUP while `--all` writes `-O FILE`: exit 130,
/// 143 and 129, the file as it was, no temporary file left.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_during_all_leaves_the_output_file_as_it_was() {
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let server = MockServer::start().await;
        three_pages(&server, Duration::from_secs(30)).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("alerts.jsonl");
        std::fs::write(&file, "previous\n").unwrap();
        let child = spawn(&server, all_alerts_into(&file));
        // Wait for the slow third page to be asked for: two pages are written
        // into the temporary file by then.
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.received_requests().await.unwrap().len() < 3 {
            assert!(Instant::now() < deadline, "dci never asked for page 3");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            entries(dir.path()).len(),
            2,
            "the file and a temporary file"
        );
        let killed = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
            .await
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "SIG{signal}: {stderr}");
        assert!(
            stderr.contains(&format!("interrupted (SIG{signal})")),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "previous\n");
        assert_eq!(
            entries(dir.path()),
            ["alerts.jsonl"],
            "no temporary file left"
        );
    }
}

/// One resource holding one array of objects (an allocation and its rules)
/// is shown as itself, not as that array: a table a row per field, JSON
/// lines one line; a list still shows its items.
#[tokio::test(flavor = "multi_thread")]
async fn one_resource_is_shown_as_itself_not_as_its_inner_list() {
    let server = MockServer::start().await;
    let allocation = json!({
        "id": "al1",
        "name": "Team A",
        "rules": [{"action": "include", "formula": "A"}, {"action": "exclude", "formula": "B"}]
    });
    Mock::given(method("GET"))
        .and(path("/analytics/v1/allocations/al1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(allocation.clone()))
        .mount(&server)
        .await;
    let shown = |format: &'static str| {
        let server = &server;
        async move {
            let mut cmd = dci(server);
            cmd.args(["get-allocation", "al1", "-o", format]);
            let out = run(cmd).await;
            assert_eq!(out.code, 0, "{}", out.stderr);
            out.stdout
        }
    };
    let table = shown("table").await;
    assert!(table.starts_with("FIELD"), "{table}");
    assert!(table.contains("\nname   Team A"), "{table}");
    assert!(!table.contains("ACTION"), "{table}");
    assert_eq!(
        shown("csv").await.lines().count(),
        4,
        "a header and three fields"
    );
    let jsonl = shown("jsonl").await;
    assert_eq!(jsonl.lines().count(), 1, "{jsonl}");
    assert_eq!(serde_json::from_str::<Value>(&jsonl).unwrap(), allocation);
    let mut cmd = dci(&server);
    cmd.args(["get-allocation", "al1", "-o", "csv", "-C", "id,name"]);
    let out = run(cmd).await;
    assert_eq!(out.stdout, "field,value\nid,al1\nname,Team A\n");
}
