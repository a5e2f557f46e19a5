//! Completion scripts and man pages, tried as a user would.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;
use std::process::Command;

fn dci() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dci").expect("dci");
    cmd.env_clear();
    cmd
}

/// What bash completes for `words` (the last one being completed).
fn bash_complete(words: &[&str]) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("dci");
    let line = words.join(" ");
    let script = format!(
        "source <({bin} completion bash)\nCOMP_WORDS=({line})\nCOMP_CWORD={cword}\nCOMP_LINE=\"{line}\"\nCOMP_POINT=${{#COMP_LINE}}\n_dci dci \"{cur}\" \"{prev}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        bin = bin.display(),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_commands_aliases_flags_and_enum_values() {
    let commands = bash_complete(&["dci", "cancel"]);
    assert!(
        commands.contains(&"cancel-invite".to_string()),
        "{commands:?}"
    );
    assert!(
        commands.contains(&"cancel-contract".to_string()),
        "{commands:?}"
    );
    let aliases = bash_complete(&["dci", "cancelinv"]);
    assert_eq!(aliases, vec!["cancelinvite".to_string()]);
    let flags = bash_complete(&["dci", "cancel-invite", "--"]);
    for flag in ["--dry-run", "--idempotency-key", "--body", "--offline"] {
        assert!(flags.contains(&flag.to_string()), "{flag} in {flags:?}");
    }
    let values = bash_complete(&["dci", "list-alerts", "--sort-order", ""]);
    assert_eq!(values, vec!["asc".to_string(), "desc".to_string()]);
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = dci().args(["completion", shell]).output().expect("run");
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&output.stdout);
        assert!(
            script.contains("cancel-invite") && script.contains("dry-run"),
            "{shell} script names commands and flags"
        );
    }
    let bad = dci().args(["completion", "tcsh"]).output().expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn man_pages_render_and_match_the_committed_copies() {
    let output = dci().args(["man", "cancel-invite"]).output().expect("run");
    assert!(output.status.success());
    let page = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(page.contains(".TH dci-cancel-invite 1"), "{page}");
    assert!(
        page.contains("\\fBdci cancel\\-invite\\fR"),
        "synopsis names the command"
    );
    assert!(page.contains("\\-\\-dry\\-run"), "options are listed");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated/man/dci-cancel-invite.1");
    assert_eq!(
        std::fs::read_to_string(committed).expect("committed page"),
        page
    );
    let root = dci().arg("man").output().expect("run");
    assert!(String::from_utf8_lossy(&root.stdout).contains(".TH dci 1"));
    let unknown = dci()
        .args(["man", "no-such-command"])
        .output()
        .expect("run");
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "Error: no command named 'no-such-command'; see dci --help\n"
    );
}
