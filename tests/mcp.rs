//! `dci mcp` driven by a client nobody here wrote: the official MCP Python
//! SDK (`tests/mcp/client.py`), over stdio and Streamable HTTP, against a
//! local API server. `.ci/run` installs the SDK (PyPI `mcp`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[allow(dead_code)] // the helpers for running dci directly are not used here
mod common;

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The SDK client's command: `client.py ARGS`, our settings in its
/// environment (which the server inherits, as from a host's `env`).
fn client(server: &MockServer, args: &[&str]) -> std::process::Command {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mcp/client.py");
    let mut cmd = std::process::Command::new("python3");
    cmd.env_clear()
        .envs(
            std::env::vars().filter(|(k, _)| ["PATH", "HOME", "PYTHONPATH"].contains(&k.as_str())),
        )
        .env("DCI_API_BASE_URL", server.uri())
        .env("DCI_API_KEY", common::KEY)
        .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR)
        .env("DCI_CACHE_DIR", common::NO_CONFIG_DIR)
        .arg(script)
        .args(args);
    cmd
}

/// Runs the client with `calls` (one JSON object each) and returns its report.
async fn report(mut cmd: std::process::Command, calls: &[Value]) -> Value {
    use std::io::Write;
    let input: String = calls.iter().map(|c| format!("{c}\n")).collect();
    let output = tokio::task::spawn_blocking(move || {
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs (the MCP SDK: python3 -m pip install mcp)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
    assert!(output.status.success(), "the client failed:\n{stderr}");
    assert!(
        !stdout.contains(common::KEY) && !stderr.contains(common::KEY),
        "the API key leaked"
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

fn dci() -> String {
    assert_cmd::cargo::cargo_bin("dci").display().to_string()
}

async fn alerts(server: &MockServer, count: usize) {
    let alerts: Vec<Value> = (0..count)
        .map(|i| json!({"id": format!("a{i}"), "name": format!("Alert {i}"), "config": {"metric": "cost"}}))
        .collect();
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param_is_missing("pageToken"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"alerts": alerts, "rowCount": count, "pageToken": "p2"})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts"))
        .and(query_param("pageToken", "p2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"alerts": [{"id": "last"}], "rowCount": 1})),
        )
        .mount(server)
        .await;
}

/// The names of the tools the report's `tools/list` gave.
fn tool_names(report: &Value) -> Vec<&str> {
    let tools = report["tools"].as_array().unwrap();
    tools.iter().map(|t| t["name"].as_str().unwrap()).collect()
}

fn call(report: &Value, index: usize) -> &Value {
    &report["calls"][index]
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_server_lists_read_tools_calls_them_and_refuses_writes() {
    let server = MockServer::start().await;
    alerts(&server, 3).await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": "no such alert"})))
        .mount(&server)
        .await;
    let calls = [
        json!({"name": "list-alerts", "arguments": {"maxResults": 3}}),
        json!({"name": "list-alerts", "arguments": {"all": true, "fields": "id", "format": "json"}}),
        json!({"name": "list-alerts", "arguments": {"jq": ".alerts[0].name"}}),
        json!({"name": "create-label", "arguments": {"body": {"name": "x", "color": "blue"}}}),
        json!({"name": "get-alert", "arguments": {"alertId": "x"}}),
        json!({"name": "get-alert", "arguments": {"id": "gone"}}),
        json!({"name": "no-such-tool"}),
        json!({"name": "get-alert", "arguments": {"id": {"an": "object"}}}),
        json!({"name": "get-alert", "arguments": {"id": "x".repeat(1 << 20)}}),
        json!({"name": "get-alert", "arguments": {}}),
    ];
    let report = report(client(&server, &["stdio", &dci(), "mcp"]), &calls).await;
    let tools = report["tools"].as_array().unwrap();
    let names = tool_names(&report);
    assert!(
        names.contains(&"list-alerts") && names.contains(&"get-alert"),
        "{names:?}"
    );
    assert!(!names.contains(&"create-label") && !names.contains(&"delete-alert"));
    assert!(tools
        .iter()
        .all(|t| t["annotations"]["read_only_hint"] == json!(true)));
    let list = tools.iter().find(|t| t["name"] == "list-alerts").unwrap();
    assert_eq!(list["output_schema"], json!(true));
    assert!(
        list["input_schema"]["properties"]["all"].is_object(),
        "{list}"
    );
    // A read: TOON text, the response as structured content.
    let first = call(&report, 0);
    assert_eq!(first["is_error"], json!(false), "{first}");
    assert_eq!(
        first["structured"]["result"]["alerts"][2]["id"],
        json!("a2")
    );
    assert!(
        first["text"].as_str().unwrap().contains("alerts[3]"),
        "{first}"
    );
    // Every page, then fields, in JSON text.
    let all = call(&report, 1);
    // `fields` picks from each item, as the CLI's --fields does.
    assert_eq!(
        all["structured"]["result"],
        json!([{"id": "a0"}, {"id": "a1"}, {"id": "a2"}, {"id": "last"}])
    );
    assert!(
        all["text"]
            .as_str()
            .unwrap()
            .trim_start()
            .starts_with("[\n  {"),
        "{all}"
    );
    assert_eq!(call(&report, 2)["structured"]["result"], json!("Alert 0"));
    // Refused, unknown and failed calls are tool errors with the envelope.
    let envelope = |i: usize| -> Value {
        let c = call(&report, i);
        assert_eq!(c["is_error"], json!(true), "{c}");
        serde_json::from_str(c["text"].as_str().unwrap()).unwrap()
    };
    assert!(envelope(3)["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--allow-write"));
    assert_eq!(
        envelope(4)["error"]["message"],
        json!("get-alert: no argument named 'alertId'; it takes id")
    );
    let missing = envelope(5);
    assert_eq!(missing["error"]["code"], json!("NOT_FOUND"));
    assert_eq!(missing["error"]["http_status"], json!(404));
    assert_eq!(
        envelope(6)["error"]["message"],
        json!("no tool named 'no-such-tool'")
    );
    // Arguments that do not fit the schema name what is wrong.
    assert_eq!(
        envelope(7)["error"]["message"],
        json!("argument 'id': expected a string, number or boolean, got {\"an\":\"object\"}")
    );
    assert!(envelope(8)["error"]["message"]
        .as_str()
        .unwrap()
        .contains("over the 1048576-byte limit"));
    assert_eq!(
        envelope(9)["error"]["message"],
        json!("get-alert: missing required argument id")
    );
    // Nothing was sent for a refused write.
    let sent = server.received_requests().await.unwrap();
    assert!(sent.iter().all(|r| r.method.as_str() == "GET"));
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_need_a_flag_and_results_are_cut_to_the_cap() {
    let server = MockServer::start().await;
    alerts(&server, 200).await;
    Mock::given(method("POST"))
        .and(path("/analytics/v1/labels"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "l1"})))
        .mount(&server)
        .await;
    let calls = [
        json!({"name": "create-label", "arguments": {"body": {"name": "ops", "color": "blue"}}}),
        json!({"name": "create-label", "arguments": {"body": {"name": "ops", "color": "green"}}}),
        json!({"name": "list-alerts", "arguments": {}}),
    ];
    let args = [
        "stdio",
        &dci(),
        "mcp",
        "--allow-write",
        "--tools",
        "create-label,list-*,Labels",
        "--max-result-bytes",
        "2000",
    ];
    let report = report(client(&server, &args), &calls).await;
    let names = tool_names(&report);
    assert!(
        names.contains(&"create-label") && names.contains(&"list-labels"),
        "{names:?}"
    );
    assert!(!names.contains(&"get-alert"), "--tools selects: {names:?}");
    // The label group's delete is destructive: not without --allow-destructive.
    assert!(!names.contains(&"delete-label"), "{names:?}");
    assert_eq!(
        call(&report, 0)["structured"]["result"],
        json!({"id": "l1"})
    );
    // The body is checked as the CLI checks it.
    let refused = call(&report, 1);
    assert_eq!(refused["is_error"], json!(true));
    assert!(
        refused["text"]
            .as_str()
            .unwrap()
            .contains("'green' is not one of"),
        "{refused}"
    );
    let posts: Vec<Value> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(posts, [json!({"name": "ops", "color": "blue"})]);
    let cut = call(&report, 2);
    let text = cut["text"].as_str().unwrap();
    assert!(text.len() < 2300, "{}", text.len());
    let note = cut["structured"]["cut"].as_str().unwrap();
    let kept = cut["structured"]["result"]["alerts"]
        .as_array()
        .unwrap()
        .len();
    assert!(
        note.starts_with(&format!("cut to {kept} of 200 items")),
        "{note}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dynamic_mode_searches_describes_and_calls() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/analytics/v1/alerts/a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a1", "name": "CPU"})))
        .mount(&server)
        .await;
    let calls = [
        json!({"name": "search_tools", "arguments": {"query": "retrieve alert", "limit": 3}}),
        json!({"name": "describe_tool", "arguments": {"name": "get-alert"}}),
        json!({"name": "call_tool", "arguments": {"name": "get-alert", "arguments": {"id": "a1"}}}),
        json!({"name": "call_tool", "arguments": {"name": "delete-alert", "arguments": {"id": "a1"}}}),
    ];
    let report = report(
        client(&server, &["stdio", &dci(), "mcp", "--dynamic"]),
        &calls,
    )
    .await;
    let names = tool_names(&report);
    assert_eq!(names, ["search_tools", "describe_tool", "call_tool"]);
    assert!(
        report["list_bytes"].as_u64().unwrap() < 3000,
        "{}",
        report["list_bytes"]
    );
    let found = &call(&report, 0)["structured"]["tools"];
    assert_eq!(found[0]["name"], json!("get-alert"), "{found}");
    let described = &call(&report, 1)["structured"];
    assert_eq!(
        described["inputSchema"]["required"],
        json!(["id"]),
        "{described}"
    );
    assert_eq!(
        call(&report, 2)["structured"]["result"]["name"],
        json!("CPU")
    );
    assert_eq!(call(&report, 3)["is_error"], json!(true));
}

#[tokio::test(flavor = "multi_thread")]
async fn over_http_a_client_needs_the_token_and_a_local_origin() {
    use std::io::BufRead;
    let server = MockServer::start().await;
    alerts(&server, 2).await;
    let token = "t0ken-for-tests";
    let mut child = std::process::Command::new(dci())
        .env_clear()
        .env("DCI_API_BASE_URL", server.uri())
        .env("DCI_API_KEY", common::KEY)
        .env("DCI_CONFIG_DIR", common::NO_CONFIG_DIR)
        .env("DCI_MCP_TOKEN", token)
        .args(["mcp", "--http", "127.0.0.1:0"])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server says where it listens")
            .unwrap();
        assert!(
            !line.contains(token),
            "the token from the environment is never shown"
        );
        if let Some(rest) = line.split("Streamable HTTP at ").nth(1) {
            break rest.split(';').next().unwrap().to_string();
        }
    };
    let calls = [json!({"name": "list-alerts", "arguments": {"fields": "id"}})];
    let report = report(client(&server, &["http", &url, token]), &calls).await;
    assert_eq!(
        call(&report, 0)["structured"]["result"],
        json!([{"id": "a0"}, {"id": "a1"}])
    );
    let http = reqwest::Client::new();
    let initialize = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}});
    let post = |auth: Option<&str>, origin: Option<&str>| {
        let mut request = http
            .post(&url)
            .header("Accept", "application/json, text/event-stream")
            .header("Content-Type", "application/json")
            .body(initialize.to_string());
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        request.send()
    };
    assert_eq!(post(None, None).await.unwrap().status(), 401);
    assert_eq!(
        post(Some("Bearer wrong"), None).await.unwrap().status(),
        401
    );
    let bearer = format!("Bearer {token}");
    let evil = post(Some(&bearer), Some("http://evil.example"))
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let local = post(Some(&bearer), Some("http://localhost:3000"))
        .await
        .unwrap();
    assert_eq!(local.status(), 200);
    let _ = child.kill();
    let _ = child.wait();
}
