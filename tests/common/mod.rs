//! What the CLI test suites share: `dci` pointed at a local server, and a
//! run that checks the API key never shows.

use assert_cmd::Command;
use wiremock::MockServer;

#[allow(dead_code)] // not every test file needs a keychain
pub mod keyring;
#[allow(dead_code)] // not every test file signs in
pub mod sign_in;

/// No OS keychain: a D-Bus session bus address where there is none, so no
/// test reaches the keychain of whoever runs it.
pub const NO_KEYCHAIN: (&str, &str) = ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");

/// The API key every test uses; no output may contain it.
pub const KEY: &str = "sk-test-9f8e7d-5ecret";

/// `dci` with a clean environment pointed at `server`.
#[allow(dead_code)] // tests/keychain.rs points it at addresses
pub fn dci(server: &MockServer) -> Command {
    dci_at(&server.uri())
}

/// A config directory no test's settings can be in: under a regular file,
/// it holds no config file and none can be written there. Tests of saved
/// settings give each run a directory of its own instead.
pub const NO_CONFIG_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml/no-config");

/// `dci` with a clean environment pointed at `base_url`; the user's own
/// config file is never read.
pub fn dci_at(base_url: &str) -> Command {
    let mut cmd = Command::cargo_bin("dci").expect("dci binary");
    cmd.env_clear()
        .env("DCI_API_BASE_URL", base_url)
        .env("DCI_API_KEY", KEY)
        .env("DCI_CONFIG_DIR", NO_CONFIG_DIR)
        .env("DCI_CACHE_DIR", NO_CONFIG_DIR)
        .env(NO_KEYCHAIN.0, NO_KEYCHAIN.1);
    cmd
}

/// What a run of dci produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command off the async runtime (the mock server lives on it) and
/// fails the test if the API key shows in any output.
pub async fn run(mut cmd: Command) -> Run {
    let output = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .expect("join")
        .expect("run dci");
    let out = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !out.stdout.contains(KEY) && !out.stderr.contains(KEY),
        "the API key leaked"
    );
    out
}

/// The JSON envelope's `error` object: the last line of stderr, parsed.
#[allow(dead_code)] // not every test file reads envelopes
pub fn envelope(stderr: &str) -> serde_json::Value {
    let line = stderr.lines().last().unwrap_or_default();
    let value: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON line ({e}): {stderr}"));
    value["error"].clone()
}

/// Runs dci with `args` on a pseudo-terminal (util-linux `script`), its
/// stdout and stderr both the terminal, against `base_url` with the test
/// key; returns the exit code and what the terminal showed (CR-LF as LF).
#[allow(dead_code)] // not every test file needs a terminal
pub async fn on_terminal(base_url: &str, args: &[&str]) -> Run {
    let binary = assert_cmd::cargo::cargo_bin("dci");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(quote(&binary.display().to_string()))
        .chain(args.iter().map(|a| quote(a)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-qefc", &line, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TERM", "xterm")
        .env("COLUMNS", "100")
        .env("DCI_API_BASE_URL", base_url)
        .env("DCI_API_KEY", KEY)
        .env("DCI_CONFIG_DIR", NO_CONFIG_DIR)
        // No names cache: otherwise it is the user's, shared by every run.
        .env("DCI_CACHE_DIR", NO_CONFIG_DIR)
        .env(NO_KEYCHAIN.0, NO_KEYCHAIN.1);
    let mut out = run(cmd).await;
    out.stdout = out.stdout.replace("\r\n", "\n");
    out
}

/// The names in `dir`, sorted.
#[allow(dead_code)] // not every test file lists a directory
pub fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}
