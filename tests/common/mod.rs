//! What the CLI test suites share: `dci` pointed at a local server, and a
//! run that checks the API key never shows.

use assert_cmd::Command;
use wiremock::MockServer;

/// The API key every test uses; no output may contain it.
pub const KEY: &str = "sk-test-9f8e7d-5ecret";

/// `dci` with a clean environment pointed at `server`.
pub fn dci(server: &MockServer) -> Command {
    dci_at(&server.uri())
}

/// `dci` with a clean environment pointed at `base_url`.
pub fn dci_at(base_url: &str) -> Command {
    let mut cmd = Command::cargo_bin("dci").expect("dci binary");
    cmd.env_clear()
        .env("DCI_API_BASE_URL", base_url)
        .env("DCI_API_KEY", KEY);
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
