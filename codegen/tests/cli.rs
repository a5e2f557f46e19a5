//! The `codegen` binary: exit codes, messages and the crate it writes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

use assert_cmd::Command;

fn codegen() -> Command {
    Command::cargo_bin("codegen").expect("codegen binary")
}

#[test]
fn help_documents_every_option() {
    let output = codegen()
        .args(["generate", "--help"])
        .output()
        .expect("run");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--spec <FILE>",
        "--out <DIR>",
        "--name <CRATE>",
        "--modules-only",
        "--quiet",
        "--customize <FILE>",
    ] {
        assert!(help.contains(option), "{option} in:\n{help}");
    }
    let root = codegen().arg("--help").output().expect("run");
    assert!(String::from_utf8_lossy(&root.stdout).contains("Exit codes"));
}

#[test]
fn usage_errors_exit_2_and_refusals_exit_1() {
    assert_eq!(
        codegen()
            .args(["generate", "--out", "/tmp/x"])
            .output()
            .expect("run")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        codegen()
            .arg("frobnicate")
            .output()
            .expect("run")
            .status
            .code(),
        Some(2)
    );
    let missing = codegen()
        .args(["generate", "--spec", "/nonexistent.yaml", "--out", "/tmp/x"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&missing.stderr),
        "error: cannot read /nonexistent.yaml: No such file or directory (os error 2)\n"
    );
}

#[test]
fn generate_writes_a_crate_named_as_asked() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/cancel_invite.yaml");
    let out = std::env::temp_dir().join(format!("codegen-crate-{}", std::process::id()));
    let output = codegen()
        .args(["generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .args(["--name", "Invites API"])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"invites-api\""), "{manifest}");
    assert!(
        manifest.contains("[[bin]]\nname = \"invites-api\""),
        "{manifest}"
    );
    let main = std::fs::read_to_string(out.join("src/main.rs")).expect("main.rs");
    assert!(main.contains("INVITES_API_API_KEY"), "{main}");
    // Saved settings and `status`, with the tool's own names.
    assert!(
        main.contains("config_dir_env: \"INVITES_API_CONFIG_DIR\""),
        "{main}"
    );
    assert!(main.contains("TopCommand::Status(args) => {"), "{main}");
    // The spec declares an authorization-code flow: login and logout too.
    assert!(
        main.contains("(\"Settings\", &[\"login\", \"logout\", \"status\", \"cache\"])"),
        "{main}"
    );
    assert!(
        main.contains("TopCommand::Login => PROGRAM.login("),
        "{main}"
    );
    for file in ["src/runtime/cli/config.rs", "src/runtime/cli/status.rs"] {
        assert!(out.join(file).exists(), "{file}");
    }
    let types = std::fs::read_to_string(out.join("types/Cargo.toml")).expect("types crate");
    assert!(types.contains("name = \"invites-api-types\""), "{types}");
    assert!(
        manifest.contains("invites-api-types = { path = \"types\", default-features = false }"),
        "{manifest}"
    );
    for file in [
        "src/lib.rs",
        "types/src/lib.rs",
        "types/src/types.rs",
        "types/src/runtime/value.rs",
        "src/client.rs",
        "src/cli.rs",
        "src/runtime/mod.rs",
        "docs/users/cancel-invite.md",
    ] {
        assert!(out.join(file).exists(), "{file}");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn diff_reports_and_fails_on_breaking_changes() {
    let dir = std::env::temp_dir().join(format!("codegen-diff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/cancel_invite.yaml");
    let text = std::fs::read_to_string(&old).expect("spec");
    let new = dir.join("new.yaml");
    std::fs::write(
        &new,
        text.replace(
            "          required: false\n          description: If",
            "          required: true\n          description: If",
        ),
    )
    .expect("write");
    let same = codegen()
        .args(["diff"])
        .arg(&old)
        .arg(&old)
        .arg("--fail-on-breaking")
        .output()
        .expect("run");
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("0 change(s), 0 breaking."));
    let changed = codegen()
        .args(["diff"])
        .arg(&old)
        .arg(&new)
        .args(["--fail-on-breaking", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(changed.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&changed.stdout).expect("json");
    assert_eq!(report["breaking"], 1);
    assert_eq!(report["changes"][0]["kind"], "parameter-made-required");
    assert_eq!(report["changes"][0]["command"], "cancel-invite");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_customisation_file_applies_and_a_wrong_value_is_refused_naming_its_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/doit-api.yaml");
    let custom = dir.path().join("custom.yaml");
    let out = dir.path().join("out");
    std::fs::write(
        &custom,
        "destructive: [updateUser]\nauth: {tenantId: none}\n",
    )
    .expect("write");
    let args = |custom: &Path| {
        let mut command = codegen();
        command
            .args(["generate", "--modules-only", "-q", "--out"])
            .arg(&out);
        command
            .arg("--spec")
            .arg(&spec)
            .arg("--customize")
            .arg(custom);
        command.output().expect("run")
    };
    let applied = args(&custom);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let client = std::fs::read_to_string(out.join("client.rs")).expect("client.rs");
    let update_user = client
        .split("impl runtime::Operation for UpdateUser {")
        .nth(1)
        .expect("UpdateUser");
    let update_user = update_user.split("\n}\n").next().unwrap_or_default();
    assert!(
        update_user.contains("const DESTRUCTIVE: bool = true;"),
        "{update_user}"
    );
    std::fs::write(&custom, "auth:\n  tenantId: sometimes\n").expect("write");
    let refused = args(&custom);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("auth.tenantId")
            && message.contains("`bearer`")
            && message.contains("`none`"),
        "{message}"
    );
}
