//! What the spec marks deprecated (issue 19): a one-line warning on stderr
//! when a deprecated command or flag is used, never on stdout; `--help`
//! marks it. Real binary against a local server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{dci, run};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "ok"})))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u1"})))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deprecated_command_or_flag_warns_on_stderr_only() {
    let server = server().await;
    let mut cmd = dci(&server);
    cmd.args([
        "update-insight-status",
        "public-api",
        "key-1",
        "status:dismissed",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("Warning: this command"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("is deprecated"), "{}", out.stderr);
    let parsed: serde_json::Value =
        serde_json::from_str(&out.stdout).expect("stdout is JSON alone");
    assert_eq!(parsed["status"], "ok");

    let mut cmd = dci(&server);
    cmd.args([
        "update-user",
        "u1",
        "--job-function",
        "Founder",
        "-o",
        "json",
        "--yes",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // For programs (-o json), the warning is a JSON object like the errors.
    let warning: serde_json::Value =
        serde_json::from_str(out.stderr.trim()).expect("one JSON warning on stderr");
    assert_eq!(
        warning,
        json!({"warning": {"code": "DEPRECATED", "message": "--job-function is deprecated"}})
    );
    assert!(serde_json::from_str::<serde_json::Value>(&out.stdout).is_ok());

    // Agent mode: the same on stderr; stdout is the answer alone.
    let mut cmd = dci(&server);
    cmd.args([
        "update-user",
        "u1",
        "--job-function",
        "Founder",
        "--agent",
        "--yes",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("\"DEPRECATED\""), "{}", out.stderr);
    assert!(!out.stdout.contains("deprecated"), "{}", out.stdout);
    assert!(out.stdout.contains("u1"), "{}", out.stdout);

    // Not used: no warning.
    let mut cmd = dci(&server);
    cmd.args([
        "update-user",
        "u1",
        "--first-name",
        "Ada",
        "-o",
        "json",
        "--yes",
    ]);
    let out = run(cmd).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("deprecated"), "{}", out.stderr);

    // --help marks both.
    let mut cmd = dci(&server);
    cmd.args(["update-insight-status", "--help"]);
    let out = run(cmd).await;
    assert!(
        out.stdout
            .lines()
            .next()
            .unwrap_or_default()
            .ends_with("[deprecated]"),
        "{}",
        out.stdout
    );
    let mut cmd = dci(&server);
    cmd.args(["update-user", "--help"]);
    let out = run(cmd).await;
    let flag = out
        .stdout
        .split("--job-function")
        .nth(1)
        .unwrap_or_default();
    assert!(
        flag.split("\n\n")
            .next()
            .unwrap_or_default()
            .contains("[deprecated]"),
        "{}",
        out.stdout
    );
}

/// The names of the properties the spec marks deprecated, anywhere.
fn deprecated_properties(node: &serde_yaml::Value, found: &mut std::collections::BTreeSet<String>) {
    match node {
        serde_yaml::Value::Mapping(map) => {
            if let Some(serde_yaml::Value::Mapping(props)) = map.get("properties") {
                for (name, schema) in props {
                    if schema.get("deprecated") == Some(&serde_yaml::Value::Bool(true)) {
                        found.insert(codegen::naming::snake(name.as_str().unwrap_or_default()));
                    }
                }
            }
            map.values().for_each(|v| deprecated_properties(v, found));
        }
        serde_yaml::Value::Sequence(items) => {
            items.iter().for_each(|v| deprecated_properties(v, found))
        }
        _ => {}
    }
}

#[test]
fn the_client_marks_each_deprecated_field_and_its_setter() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("spec/doit-api.yaml")).unwrap())
            .unwrap();
    let mut expected = std::collections::BTreeSet::new();
    deprecated_properties(&spec, &mut expected);
    assert!(expected.len() >= 4, "{expected:?}");
    let types = std::fs::read_to_string(root.join("generated/types.rs")).unwrap();
    let lines: Vec<&str> = types.lines().collect();
    let marked =
        |field_line: &dyn Fn(&str) -> Option<String>| -> std::collections::BTreeSet<String> {
            // The line after the marker and any other attributes.
            (0..lines.len())
                .filter(|&i| lines[i].trim_start().starts_with("#[deprecated"))
                .filter_map(|i| {
                    let field = lines[i + 1..]
                        .iter()
                        .find(|l| !l.trim_start().starts_with("#["))?;
                    field_line(field.trim())
                })
                .collect()
        };
    // `pub job_function: Option<...>,` in the struct.
    let fields = marked(&|l| {
        l.strip_prefix("pub ")?
            .split(':')
            .next()
            .map(str::to_string)
    });
    // `job_function: UpdateUserRequestJobFunction,` in its setters! call.
    let setters =
        marked(&|l| (!l.starts_with("pub ")).then(|| l.split(':').next().map(str::to_string))?);
    assert_eq!(fields, expected, "struct fields marked #[deprecated]");
    assert!(
        setters.is_subset(&expected) && !setters.is_empty(),
        "{setters:?}"
    );
}
