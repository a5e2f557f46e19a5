//! Every operation in the spec has a command whose `--help` works and shows
//! the spec's summary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

use assert_cmd::Command;

#[test]
fn every_operation_has_a_working_help_page() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/doit-api.yaml");
    let config = codegen::Config::new("spec/doit-api.yaml", "dci")
        .customize(&Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/dci.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    // As dci is built: with its overlay (destructive marks, dropped aliases).
    let spec = codegen::load::load_overlaid(&spec_path, &config.overlays)
        .unwrap_or_else(|e| panic!("{e}"));
    let api = codegen::model::build(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
    let raw: serde_yaml::Value =
        serde_yaml::from_slice(&std::fs::read(&spec_path).expect("read spec")).expect("parse spec");
    let declared = raw["paths"]
        .as_mapping()
        .expect("paths")
        .values()
        .flat_map(|item| item.as_mapping().into_iter().flat_map(|m| m.values()))
        .filter(|op| op.get("responses").is_some())
        .count();
    assert_eq!(api.operations.len(), declared, "one command per operation");
    assert_eq!(declared, 170);
    for op in &api.operations {
        let output = Command::cargo_bin("dci")
            .expect("dci binary")
            .env_clear()
            .args([op.names.command.as_str(), "--help"])
            .output()
            .expect("run dci");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{} --help failed: {}",
            op.names.command,
            String::from_utf8_lossy(&output.stderr)
        );
        let summary = op.docs.summary.as_deref().unwrap_or(&op.operation_id);
        assert!(
            stdout.starts_with(summary.trim()),
            "{} --help does not start with its summary:\n{stdout}",
            op.names.command
        );
        assert!(
            stdout.contains(&format!("Usage: dci {}", op.names.command)),
            "{stdout}"
        );
        // clap wraps lines to the terminal; compare the words.
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        let names: Vec<&str> = std::iter::once(op.names.command.as_str())
            .chain(op.names.aliases.iter().map(String::as_str))
            .collect();
        assert!(
            words(&stdout).ends_with(&format!("Aliases: {}", names.join(", "))),
            "{} --help does not end with its names:\n{stdout}",
            op.names.command
        );
        if op.docs.long_about != op.docs.about {
            assert!(
                words(&stdout).contains(&words(&op.docs.long_about)),
                "{} --help lacks its description:\n{stdout}",
                op.names.command
            );
        }
    }
}

#[test]
fn root_help_groups_commands_by_tag() {
    let output = Command::cargo_bin("dci")
        .expect("dci")
        .env_clear()
        .arg("--help")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    let users = stdout.find("\nUsers:\n").expect("a Users group");
    let cancel = stdout
        .find("  cancel-invite ")
        .expect("cancel-invite listed");
    let roles = stdout.find("\nRoles:\n").expect("a Roles group");
    assert!(
        users < cancel && cancel < roles,
        "cancel-invite sits under Users:\n{stdout}"
    );
    // dci's own commands come after the API's, settings before the shell's.
    // The API's own Settings tag keeps its heading; dci's is told apart.
    assert_eq!(stdout.matches("\nSettings:\n").count(), 1, "{stdout}");
    let settings = stdout
        .find("\nSettings (dci):\n  login ")
        .expect("Settings (dci)");
    let status = stdout.find("\n  status ").expect("status listed");
    let shell = stdout.find("\nShell:\n  commands ").expect("Shell");
    assert!(
        roles < settings && settings < status && status < shell,
        "{stdout}"
    );
    assert!(
        stdout.contains("\n  DCI_CONFIG_DIR    directory of config.json (saved settings)"),
        "{stdout}"
    );
}
