//! `dci commands`: the catalog scripts and agents plan with. It lists every
//! command (the 170 generated and dci's own) in a stable order, agrees with
//! the command tree flag by flag, and validates against its documented
//! schema with an independent validator (Python's `jsonschema`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::process::Command;

#[path = "../codegen/tests/support/catalog_check.rs"]
mod catalog_check;

const SCHEMA: &str = "codegen/schemas/commands.schema.json";

fn catalog(args: &[&str]) -> (String, serde_json::Value) {
    let output = assert_cmd::Command::cargo_bin("dci")
        .unwrap()
        .env_clear()
        .args(["commands"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (text, value)
}

#[test]
fn every_command_is_listed_once_in_name_order() {
    let (_, catalog) = catalog(&["--json"]);
    let names: Vec<&str> = catalog["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "sorted, no duplicates");
    let api = catalog["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["method"].is_string())
        .count();
    assert_eq!(api, 170);
    for own in [
        "commands",
        "completion",
        "man",
        "status",
        "customer-context set",
        "customer-context show",
        "customer-context clear",
    ] {
        assert!(names.contains(&own), "{own} is listed");
    }
    assert_eq!(catalog["program"], "dci");
    assert_eq!(catalog["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn the_catalog_agrees_with_the_command_tree() {
    let (_, catalog) = catalog(&["--json"]);
    let (wrong, compared) = catalog_check::mismatches(&catalog, &dci::app::command());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        compared > 400,
        "only {compared} arguments and flags compared"
    );
}

#[test]
fn a_command_entry_says_how_to_call_it_and_how_it_can_end() {
    let (_, catalog) = catalog(&["--json"]);
    let find = |name: &str| {
        catalog["commands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} is not listed"))
            .clone()
    };
    let cancel = find("cancel-invite");
    assert_eq!(cancel["method"], "POST");
    assert_eq!(cancel["destructive"], true);
    assert_eq!(cancel["arguments"][0]["name"], "id");
    assert_eq!(cancel["arguments"][0]["required"], true);
    let codes = cancel["exit_codes"].as_array().unwrap();
    assert!(codes.contains(&30.into()), "unconfirmed: {codes:?}");
    assert!(codes.contains(&20.into()), "not found: {codes:?}");
    let users = find("list-alerts");
    assert_eq!(users["paginated"], true);
    assert_eq!(users["path"], "/analytics/v1/alerts");
    assert!(users["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["name"] == "--all" && f["type"] == "boolean"));
    let global: Vec<&str> = catalog["global_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for flag in ["--output", "--agent", "--yes", "--customer-context"] {
        assert!(global.contains(&flag), "{flag} in {global:?}");
    }
    let codes: Vec<&str> = catalog["error_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"DESTRUCTIVE_REQUIRES_CONFIRMATION"),
        "{codes:?}"
    );
}

#[test]
fn the_catalog_validates_against_its_schema() {
    let (text, _) = catalog(&["--json"]);
    let dir = std::env::temp_dir().join(format!("dci-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let instance = dir.join("commands.json");
    std::fs::write(&instance, text).unwrap();
    let script = "import json, sys, jsonschema\n\
        schema = json.load(open(sys.argv[1]))\n\
        jsonschema.Draft202012Validator.check_schema(schema)\n\
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))\n\
        for e in errors[:20]: print(e.json_path, e.message[:300])\n\
        sys.exit(1 if errors else 0)\n";
    let output = Command::new("python3")
        .args(["-c", script, SCHEMA])
        .arg(&instance)
        .output()
        .expect("python3 (with jsonschema: pip install jsonschema)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_table_or_csv_is_one_line_per_command() {
    let (csv, _) = catalog(&["-o", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name,summary,method,path"));
    let (json, listed) = catalog(&["-o", "json"]);
    assert_eq!(
        lines.count(),
        listed["commands"].as_array().unwrap().len(),
        "one line per command of the catalog"
    );
    assert_eq!(json, catalog(&["--json"]).0, "-o json is --json");
}

/// Resources are recognised from DoiT's spec: the catalog lists them, and
/// each argument that is an id of one says which.
#[test]
fn the_catalog_names_the_resources_whose_ids_arguments_take() {
    let (_, catalog) = catalog(&["--json"]);
    let resources = catalog["resources"].as_array().expect("resources");
    let alerts = resources
        .iter()
        .find(|r| r["name"] == "alerts")
        .expect("alerts are a resource");
    assert_eq!(alerts["list"], "list-alerts");
    assert_eq!(alerts["items"], "alerts");
    assert_eq!(
        (&alerts["id"], &alerts["label"]),
        (&"id".into(), &"name".into())
    );
    assert_eq!(alerts["get"], "get-alert");
    let argument = |command: &str| {
        catalog["commands"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == command)
            .unwrap()["arguments"][0]
            .clone()
    };
    assert_eq!(argument("delete-alert")["resource"], "alerts");
    assert_eq!(argument("update-user")["resource"], "users");
    assert!(
        argument("get-invoice").get("resource").is_none(),
        "invoices have no name"
    );
}
