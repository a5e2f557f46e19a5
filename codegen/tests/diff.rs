//! `codegen diff`: each kind of change is classified as the usual rules say,
//! and the real DoiT spec with three breaking edits reports exactly those.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::{Path, PathBuf};

use codegen::diff::{diff, Change};

fn model(text: &str, dir: &Path, name: &str) -> codegen::model::Api {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write spec");
    let spec = codegen::load::load(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    codegen::model::build(&spec, &codegen::Config::new(name, "api"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `BASE` with one operation more (`GET /colors`).
fn with_colors() -> String {
    BASE.replace(
        "  /items:\n",
        "  /colors:\n    get:\n      operationId: listColors\n      responses:\n        \"200\": {description: ok}\n  /items:\n",
    )
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-diff-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn changes(old: &str, new: &str, tag: &str) -> Vec<Change> {
    let dir = temp(tag);
    let result = diff(&model(old, &dir, "old.yaml"), &model(new, &dir, "new.yaml"));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

const BASE: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items: {type: array, items: {type: string}}
                  kind: {type: string, enum: [a, b]}
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                color: {type: string, enum: [red, blue]}
      responses:
        "201": {description: created}
"#;

/// `(kind, breaking)` pairs of the changes from BASE to BASE edited by `edit`.
fn classify(edit: impl Fn(&str) -> String) -> Vec<(String, bool)> {
    let new = edit(BASE);
    assert_ne!(new, BASE, "the edit applies");
    changes(BASE, &new, "kind")
        .into_iter()
        .map(|c| (c.kind.as_str().to_string(), c.breaking()))
        .collect()
}

#[test]
fn each_kind_of_change_is_classified() {
    type Edit = Box<dyn Fn(&str) -> String>;
    type Case = (&'static str, Edit, Vec<(&'static str, bool)>);
    let cases: Vec<Case> = vec![
        (
            "operation removed",
            Box::new(|s: &str| {
                s.replace(
                    "    post:\n      operationId: createItem",
                    "    x-post:\n      operationId: createItem",
                )
            }),
            vec![("operation-removed", true)],
        ),
        (
            "required parameter added",
            Box::new(|s: &str| {
                s.replace("        - {name: limit, in: query, schema: {type: integer}}", "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: team, in: query, required: true, schema: {type: string}}")
            }),
            vec![("required-parameter-added", true)],
        ),
        (
            "optional parameter added",
            Box::new(|s: &str| {
                s.replace("        - {name: limit, in: query, schema: {type: integer}}", "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: team, in: query, schema: {type: string}}")
            }),
            vec![("parameter-added", false)],
        ),
        (
            "parameter type changed",
            Box::new(|s: &str| {
                s.replace(
                    "{name: limit, in: query, schema: {type: integer}}",
                    "{name: limit, in: query, schema: {type: string}}",
                )
            }),
            vec![("parameter-type-changed", true)],
        ),
        (
            "parameter made required",
            Box::new(|s: &str| {
                s.replace(
                    "{name: limit, in: query, schema",
                    "{name: limit, in: query, required: true, schema",
                )
            }),
            vec![("parameter-made-required", true)],
        ),
        (
            "request enum value removed",
            Box::new(|s: &str| s.replace("enum: [red, blue]", "enum: [red]")),
            vec![("enum-value-removed", true)],
        ),
        (
            "response enum value removed",
            Box::new(|s: &str| s.replace("enum: [a, b]", "enum: [a]")),
            // Its variant leaves the generated enum: callers naming it break.
            vec![("enum-value-removed", true)],
        ),
        (
            "request field made required",
            Box::new(|s: &str| s.replace("required: [name]", "required: [name, color]")),
            vec![("field-made-required", true)],
        ),
        (
            "optional request field added",
            Box::new(|s: &str| {
                s.replace(
                    "                name: {type: string}",
                    "                name: {type: string}\n                size: {type: integer}",
                )
            }),
            vec![("field-added", false)],
        ),
        (
            "response field removed",
            Box::new(|s: &str| {
                s.replace("                  kind: {type: string, enum: [a, b]}\n", "")
            }),
            vec![("field-removed", true)],
        ),
        (
            "type changed",
            Box::new(|s: &str| s.replace("name: {type: string}", "name: {type: integer}")),
            vec![("type-changed", true)],
        ),
        (
            "status added",
            Box::new(|s: &str| {
                s.replace("        \"201\": {description: created}", "        \"201\": {description: created}\n        \"409\": {description: conflict}")
            }),
            vec![("status-added", false)],
        ),
        (
            "command renamed",
            Box::new(|s: &str| {
                s.replace(
                    "operationId: listItems",
                    "operationId: listItems\n      x-cli-name: items",
                )
            }),
            vec![("command-renamed", true), ("alias-removed", true)],
        ),
    ];
    for (name, edit, expected) in cases {
        let got = classify(edit);
        let expected: Vec<(String, bool)> = expected
            .into_iter()
            .map(|(k, b)| (k.to_string(), b))
            .collect();
        assert_eq!(got, expected, "{name}");
    }
}

/// The DoiT spec, and the same with three breaking edits.
fn doit_three_breaks() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/doit-api.yaml")).expect("DoiT spec");
    let mut changed = text.clone();
    // 1. Remove cancelContract.
    changed = changed.replacen(
        "operationId: cancelContract",
        "operationId: cancelContractGone\n      x-removed: true",
        1,
    );
    // 2. A required parameter on listRoles.
    changed = changed.replacen(
        "      operationId: listRoles\n",
        "      operationId: listRoles\n      parameters:\n        - {name: scope, in: query, required: true, schema: {type: string}}\n",
        1,
    );
    // 3. An enum value removed from a request body: dismissBudgetSuggestion's `reason`.
    changed = changed.replacen(
        "            - covered_elsewhere\n            - other\n    Collaborator:",
        "            - covered_elsewhere\n    Collaborator:",
        1,
    );
    assert_ne!(changed, text);
    (text, changed)
}

#[test]
fn doit_spec_with_three_breaking_edits_reports_exactly_those() {
    let (text, changed) = doit_three_breaks();
    let dir = temp("doit");
    let old = model(&text, &dir, "old.yaml");
    let new_model = model(&changed, &dir, "new.yaml");
    let _ = std::fs::remove_dir_all(&dir);
    let removed = "\"other\"";
    let report = diff(&old, &new_model);
    let breaking: Vec<&Change> = report.iter().filter(|c| c.breaking()).collect();
    let kinds: Vec<(&str, &str)> = breaking
        .iter()
        .map(|c| (c.operation.as_str(), c.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("cancelContract", "operation-removed"),
            ("dismissBudgetSuggestion", "enum-value-removed"),
            ("listRoles", "required-parameter-added"),
        ],
        "{report:#?}"
    );
    assert!(
        breaking[1].message.contains(removed),
        "{}",
        breaking[1].message
    );
    let json: serde_json::Value =
        serde_json::from_str(&codegen::diff::json(&report, &[])).expect("json report");
    assert_eq!(json["breaking"], 3);
    assert!(codegen::diff::markdown(&report, &[]).contains("3 breaking"));
    // All three break both sides: a major release of each.
    assert_eq!(
        json["semver"],
        serde_json::json!({"client": "major", "cli": "major"})
    );
    let bumps = codegen::diff::Bumps::overall(&report).expect("changes");
    assert_eq!(bumps.larger().next("0.1.0").as_deref(), Some("0.2.0"));
    assert_eq!(bumps.larger().next("2.3.4").as_deref(), Some("3.0.0"));
}

#[test]
fn github_annotations_put_the_three_doit_breaks_on_their_lines() {
    let (text, changed) = doit_three_breaks();
    let dir = temp("github");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.json"));
    std::fs::write(&old, &text).expect("write");
    // The new side as JSON: lines are found in either syntax.
    let value: serde_json::Value = serde_yaml::from_str(&changed).expect("yaml");
    let json = serde_json::to_string_pretty(&value).expect("json");
    std::fs::write(&new, &json).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "github"])
        .output()
        .expect("codegen runs");
    let _ = std::fs::remove_dir_all(&dir);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let errors: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 3, "{report}");
    let json_lines: Vec<&str> = json.lines().collect();
    // Each break's line in the new file holds what was edited there.
    for (error, expected) in errors.iter().zip([
        "/cancel\": {\n      \"post\": {",
        "\"reason\": {",
        "\"name\": \"scope\"",
    ]) {
        let file = format!("file={},", new.display());
        assert!(error.contains(&file), "{error}");
        let line: usize = error
            .split("line=")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a line: {error}"));
        // The line, with its neighbours: a JSON item starts on its `{`.
        let shown = json_lines[line.saturating_sub(2)..=line].join("\n");
        assert!(
            shown.contains(expected),
            "{error}: line {line} is {shown:?}, not {expected}"
        );
    }
    assert!(
        report.ends_with("the client needs a major release, the CLI a major one\n"),
        "{report}"
    );
}

#[test]
fn additions_alone_are_a_minor_release_and_the_cli_prints_the_next_version() {
    let dir = temp("bump");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, BASE).expect("write");
    let added = with_colors();
    std::fs::write(&new, &added).expect("write");
    let run = |version: &str, new: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("diff")
            .arg(&old)
            .arg(new)
            .args(["--bump-version", version])
            .output()
            .expect("codegen runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    assert_eq!(run("1.4.2", &new), (Some(0), "1.5.0".to_string()));
    assert_eq!(run("0.3.1", &new), (Some(0), "0.3.2".to_string()));
    assert_eq!(
        run("1.4.2", &old),
        (Some(0), "1.4.2".to_string()),
        "no change, no bump"
    );
    assert_eq!(run("one", &new).0, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn adding_an_operation_only_adds_output() {
    let new = BASE.replace(
        "  /items:\n",
        "  /colors:\n    get:\n      operationId: listColors\n      responses:\n        \"200\": {description: ok}\n  /items:\n",
    );
    let dir = temp("stable");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        codegen::generate(&path, &codegen::Config::new("spec.yaml", "api"))
            .expect("generates")
            .files
    };
    let (before, after) = (write("old.yaml", BASE), write("new.yaml", &new));
    let _ = std::fs::remove_dir_all(&dir);
    let added: Vec<&str> = after
        .iter()
        .filter(|f| !before.iter().any(|b| b.path == f.path))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(added, vec!["docs/other/list-colors.md"], "one new page");
    for old in &before {
        let new = after
            .iter()
            .find(|f| f.path == old.path)
            .expect("no file disappears");
        let diff = similar::TextDiff::from_lines(&old.contents, &new.contents);
        let removed: Vec<String> = diff
            .iter_all_changes()
            .filter(|c| c.tag() == similar::ChangeTag::Delete)
            .map(|c| c.to_string())
            .collect();
        assert!(
            removed.is_empty(),
            "{}: adding an operation removed or rewrote lines: {removed:?}",
            old.path
        );
    }
}

#[test]
fn an_accepted_break_passes_fail_on_breaking_and_a_stale_entry_is_named() {
    let dir = temp("accept");
    let (old, new, file) = (
        dir.join("old.yaml"),
        dir.join("new.yaml"),
        dir.join("accepted.yaml"),
    );
    std::fs::write(&old, BASE).expect("write");
    // Removing `order` breaks client and CLI users.
    let removed = BASE.replace(
        "        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}\n",
        "",
    );
    assert_ne!(removed, BASE);
    std::fs::write(&new, &removed).expect("write");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("diff")
            .arg(&old)
            .arg(&new)
            .args(["--format", "json", "--fail-on-breaking"])
            .args(extra)
            .output()
            .expect("codegen runs");
        let report: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
        (
            out.status.code(),
            report,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, report, _) = run(&[]);
    assert_eq!(code, Some(1));
    let id = report["changes"][0]["id"]
        .as_str()
        .expect("an id")
        .to_string();
    // The same id on a second run, and after an unrelated edit (an operation added).
    assert_eq!(run(&[]).1["changes"][0]["id"], id.as_str());
    let edited = removed.replace(
        "  /items:\n",
        "  /colors:\n    get:\n      operationId: listColors\n      responses:\n        \"200\": {description: ok}\n  /items:\n",
    );
    std::fs::write(&new, &edited).expect("write");
    let (_, report, _) = run(&[]);
    let ids: Vec<&str> = report["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(ids.contains(&id.as_str()), "{ids:?}");
    let file_arg = file.display().to_string();
    std::fs::write(
        &file,
        format!("- id: {id}\n  reason: order was never used\n  date: 2026-11-30\n- id: ffffffffffffffff\n  reason: gone\n"),
    )
    .expect("write");
    let (code, report, _) = run(&["--accepted", &file_arg]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["breaking"], 0);
    assert_eq!(report["accepted_breaking"], 1);
    assert_eq!(report["stale_acceptances"][0]["id"], "ffffffffffffffff");
    // A file that is not such a list: exit 2, naming the file.
    std::fs::write(&file, "id: nope\n").expect("write");
    let (code, _, stderr) = run(&["--accepted", &file_arg]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("accepted.yaml"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn changelog_groups_the_notes_and_names_commands_and_methods() {
    let dir = temp("changelog");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, BASE).expect("write");
    let changed = BASE
        .replace(
            "        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}\n",
            "",
        )
        .replace(
            "  /items:\n",
            "  /colors:\n    get:\n      operationId: listColors\n      responses:\n        \"200\": {description: ok}\n  /items:\n",
        );
    std::fs::write(&new, &changed).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
        .arg("changelog")
        .arg(&old)
        .arg(&new)
        .args(["--program", "my-api"])
        .output()
        .expect("codegen runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0));
    let notes = String::from_utf8_lossy(&out.stdout);
    let added = notes.find("## Added").expect("an Added group");
    let removed = notes.find("## Removed").expect("a Removed group");
    assert!(added < removed, "{notes}");
    assert!(
        notes.contains("- `my-api list-colors` (`Client::list_colors`): "),
        "{notes}"
    );
    assert!(
        notes.contains("- `my-api list-items` (`Client::list_items`): ")
            && notes.contains("**Breaking.**"),
        "{notes}"
    );
    assert!(notes.contains("A major release of the client"), "{notes}");
}

#[test]
fn the_checked_in_accepted_changes_file_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/accepted-changes.yaml");
    let entries = codegen::diff::load_accepted(&path).expect("a list of {id, reason, date}");
    for entry in &entries {
        assert_eq!(
            entry.id.len(),
            16,
            "{}: an id as the report prints it",
            entry.id
        );
    }
}

/// `--overlay` applies to both specs: an overlay that adds to the old spec
/// the operation the new one added leaves nothing to release; one whose
/// target matches nothing is refused naming the action.
#[test]
fn diff_and_changelog_apply_the_overlays_to_both_specs() {
    let dir = temp("overlay");
    let (old, new) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old, BASE).expect("write");
    let added = with_colors();
    std::fs::write(&new, &added).expect("write");
    let add = dir.join("add.yaml");
    std::fs::write(
        &add,
        "overlay: 1.0.0\ninfo: {title: add, version: '1'}\nactions:\n  - target: $.paths\n    update:\n      /colors: {get: {operationId: listColors, responses: {'200': {description: ok}}}}\n",
    )
    .expect("write");
    let run = |command: &str, overlay: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args([command, "--overlay"])
            .arg(overlay)
            .arg(&old)
            .arg(&new)
            .output()
            .expect("codegen runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, report, _) = run("diff", &add);
    assert_eq!(code, Some(0));
    assert!(report.contains("0 change(s)"), "{report}");
    let (code, notes, _) = run("changelog", &add);
    assert_eq!(code, Some(0));
    assert!(notes.contains("Nothing changed"), "{notes}");
    let (code, _, error) = run("diff", &dir.join("missing.yaml"));
    assert_eq!(code, Some(1));
    assert!(error.contains("missing.yaml"), "{error}");
    let stale = dir.join("stale.yaml");
    std::fs::write(
        &stale,
        "overlay: 1.0.0\ninfo: {title: s, version: '1'}\nactions:\n  - target: $.paths['/gone']\n    remove: true\n",
    )
    .expect("write");
    let (code, _, error) = run("diff", &stale);
    assert_eq!(code, Some(1));
    assert!(
        error.contains("stale.yaml: actions[0]: target '$.paths['/gone']' matched nothing"),
        "{error}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
