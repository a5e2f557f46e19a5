//! Saved settings, against a local server: `dci customer-context
//! set|show|clear`, the config file's permissions, flag over environment
//! over config file, a corrupt or unwritable config file, and `dci status`.
//! Each run has a config directory of its own.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::{envelope, run, Run, KEY};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CANCEL_PATH: &str = "/iam/v1/users/inv-1/actions/cancel";

/// A config directory of its own (not made yet: dci makes it), in a
/// temporary directory removed when the test ends.
struct ConfigDir {
    _root: tempfile::TempDir,
    dir: PathBuf,
}

impl ConfigDir {
    fn new() -> ConfigDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("dci");
        ConfigDir { _root: root, dir }
    }

    fn file(&self) -> PathBuf {
        self.dir.join("config.json")
    }

    fn write(&self, text: &str) {
        std::fs::create_dir_all(&self.dir).unwrap();
        std::fs::write(self.file(), text).unwrap();
    }

    /// `dci` pointed at `server` with this config directory.
    fn dci(&self, server: &MockServer) -> Command {
        let mut cmd = common::dci(server);
        cmd.env("DCI_CONFIG_DIR", &self.dir)
            .env("DCI_CONFIRM_DESTRUCTIVE", "1");
        cmd
    }

    async fn run(&self, server: &MockServer, args: &[&str]) -> Run {
        self.run_with(server, &[], args).await
    }

    /// [`Self::run`] with environment variables set (or, `None`, removed).
    async fn run_with(
        &self,
        server: &MockServer,
        env: &[(&str, Option<&str>)],
        args: &[&str],
    ) -> Run {
        let mut cmd = self.dci(server);
        for (name, value) in env {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd.args(args);
        run(cmd).await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn customer_context_set_show_clear_round_trip() {
    let server = MockServer::start().await;
    let config = ConfigDir::new();
    let file = config.file().display().to_string();

    let out = config.run(&server, &["customer-context", "show"]).await;
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "No customer context is set\n")
    );
    assert!(!config.dir.exists(), "show writes nothing");

    let out = config
        .run(&server, &["customer-context", "set", "cust-9"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("Saved customer context cust-9 in {file}\n")
    );
    assert_eq!(
        std::fs::read_to_string(config.file()).unwrap(),
        "{\n  \"customer_context\": \"cust-9\"\n}\n"
    );

    let out = config.run(&server, &["customer-context", "show"]).await;
    assert_eq!(out.stdout, format!("cust-9 (saved in {file})\n"));
    let out = config
        .run(&server, &["customer-context", "show", "-o", "json"])
        .await;
    let shown: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        shown,
        json!({"customer_context": "cust-9", "source": "config"})
    );

    let out = config.run(&server, &["customer-context", "clear"]).await;
    assert_eq!(
        (out.code, out.stdout),
        (0, format!("Cleared the customer context saved in {file}\n"))
    );
    assert_eq!(std::fs::read_to_string(config.file()).unwrap(), "{}\n");
    let out = config.run(&server, &["customer-context", "show"]).await;
    assert_eq!(out.stdout, "No customer context is set\n");
    // Nothing saved is nothing to clear, and no error.
    let out = config.run(&server, &["customer-context", "clear"]).await;
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (0, "No customer context was saved; nothing to clear\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blank_customer_id_is_a_usage_error_and_saves_nothing() {
    let server = MockServer::start().await;
    let config = ConfigDir::new();
    for id in ["", "   ", "a\nb"] {
        let out = config.run(&server, &["customer-context", "set", id]).await;
        assert_eq!(out.code, 2, "{id:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("customer ID must be non-empty"),
            "{}",
            out.stderr
        );
    }
    assert!(!config.dir.exists());
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn the_config_file_is_the_owners_only_and_so_is_its_new_directory() {
    use std::os::unix::fs::PermissionsExt;
    let server = MockServer::start().await;
    let config = ConfigDir::new();
    let out = config
        .run(&server, &["customer-context", "set", "c1"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&config.file()), 0o600);
    assert_eq!(mode(&config.dir), 0o700);
    // Rewritten, a file another tool left readable is the owner's only again.
    std::fs::set_permissions(config.file(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = config
        .run(&server, &["customer-context", "set", "c2"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(mode(&config.file()), 0o600);
    let names: Vec<_> = std::fs::read_dir(&config.dir).unwrap().flatten().collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}

/// Mounts a cancel-invite answer for requests whose `X-Tenant-Id` is `tenant`.
async fn expect_tenant(server: &MockServer, tenant: &str) {
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .and(header("X-Tenant-Id", tenant))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"message": "ok", "inviteId": "inv-1"})),
        )
        .expect(1)
        .named(tenant)
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_flag_wins_over_the_environment_which_wins_over_the_config_file() {
    let server = MockServer::start().await;
    for tenant in ["saved", "from-env", "from-flag"] {
        expect_tenant(&server, tenant).await;
    }
    let config = ConfigDir::new();
    config.write(r#"{"customer_context": "saved"}"#);

    let out = config.run(&server, &["cancel-invite", "inv-1"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);

    let env = [("DCI_CUSTOMER_CONTEXT", Some("from-env"))];
    let out = config
        .run_with(&server, &env, &["cancel-invite", "inv-1"])
        .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let args = ["cancel-invite", "inv-1", "-D", "from-flag"];
    assert_eq!(config.run_with(&server, &env, &args).await.code, 0);

    // show says the same, with the source.
    let out = config
        .run_with(&server, &env, &["customer-context", "show"])
        .await;
    assert_eq!(out.stdout, "from-env (from DCI_CUSTOMER_CONTEXT)\n");
    let out = config
        .run(&server, &["customer-context", "show", "-D", "from-flag"])
        .await;
    assert_eq!(out.stdout, "from-flag (from --customer-context)\n");
    // wiremock checks each tenant was sent exactly once when `server` drops.
}

#[tokio::test(flavor = "multi_thread")]
async fn the_base_url_comes_from_the_environment_then_the_config_file() {
    let server = MockServer::start().await;
    expect_tenant(&server, "t1").await;
    let config = ConfigDir::new();
    config.write(&json!({"base_url": server.uri(), "customer_context": "t1"}).to_string());
    let no_env = [("DCI_API_BASE_URL", None)];
    let cancel = ["cancel-invite", "inv-1", "--retries", "0"];
    let out = config.run_with(&server, &no_env, &cancel).await;
    assert_eq!(out.code, 0, "{}", out.stderr);

    // The environment wins: a URL nothing listens on fails to connect.
    let env = [("DCI_API_BASE_URL", Some("http://127.0.0.1:9"))];
    assert_eq!(config.run_with(&server, &env, &cancel).await.code, 41);

    // A base URL in the file is checked like one from the environment.
    config.write(r#"{"base_url": "http://example.com"}"#);
    let out = config.run_with(&server, &no_env, &cancel).await;
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(&format!(
            "base_url in {} 'http://example.com' uses plain http",
            config.file().display()
        )),
        "{}",
        out.stderr
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_or_wrongly_typed_config_file_is_an_error_naming_it_and_is_left_untouched() {
    let server = MockServer::start().await;
    // Nothing may be sent with settings that cannot be read.
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let cases = [
        (
            "{not json",
            "is not valid JSON: key must be a string at line 1 column 2",
        ),
        (
            r#"{"customer_context": 5}"#,
            "has \"customer_context\" as a number, not a string",
        ),
        ("[\"cust-9\"]", "holds an array, not an object of settings"),
    ];
    for (text, what) in cases {
        let config = ConfigDir::new();
        config.write(text);
        let expected = format!("config file {} {what}", config.file().display());
        for args in [
            &["cancel-invite", "inv-1"][..],
            &["customer-context", "set", "cust-1"],
            &["customer-context", "clear"],
        ] {
            let out = config.run(&server, args).await;
            assert_eq!(out.code, 1, "{text} {args:?}: {}", out.stderr);
            assert!(
                out.stderr
                    .starts_with(&format!("Error: {expected}\nHint: ")),
                "{}",
                out.stderr
            );
            assert!(out.stdout.is_empty(), "{}", out.stdout);
            let agent: Vec<&str> = ["--agent"].iter().chain(args).copied().collect();
            let out = config.run(&server, &agent).await;
            assert_eq!(out.code, 1);
            let error = envelope(&out.stderr);
            assert_eq!(error["code"], "CONFIG_ERROR", "{text} {args:?}");
            assert_eq!(error["message"], expected.as_str());
            assert_eq!(error["exit_code"], 1);
            assert!(error["hint"].as_str().unwrap().contains("DCI_CONFIG_DIR"));
        }
        // `status` diagnoses: it reports the file, and exits 0.
        let out = config.run(&server, &["status"]).await;
        assert_eq!(out.code, 0, "{text}: {}", out.stderr);
        assert!(
            out.stdout.contains(&format!("cannot be used: {expected}")),
            "{}",
            out.stdout
        );
        let out = config.run(&server, &["status", "-o", "json"]).await;
        let status: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(status["config_file"]["error"], expected.as_str());
        assert_eq!(std::fs::read_to_string(config.file()).unwrap(), text);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unwritable_config_directory_on_set_is_a_clear_error() {
    let server = MockServer::start().await;
    // A regular file where the directory should be: no user, root included,
    // can write a file under it.
    let root = tempfile::tempdir().unwrap();
    let blocker = root.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let mut cmd = common::dci(&server);
    cmd.env("DCI_CONFIG_DIR", &blocker)
        .args(["customer-context", "set", "cust-9"]);
    let out = run(cmd).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        format!(
            "Error: cannot write config file {0}/config.json: {0} is not a directory\nHint: point DCI_CONFIG_DIR at a directory you can write to\n",
            blocker.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_reports_each_setting_and_its_source_sends_nothing_and_never_shows_the_key() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let config = ConfigDir::new();
    let file = config.file().display().to_string();
    let version = env!("CARGO_PKG_VERSION");

    let out = config.run(&server, &["status"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "dci {version}\n\
             Base URL:         {uri} (from the environment)\n\
             API key:          set (DCI_API_KEY in the environment)\n\
             Sign-in:          not signed in (run dci login)\n\
             Customer context: not set\n\
             Agent mode:       off (default)\n\
             Config file:      {file} (not created yet)\n",
            uri = server.uri()
        )
    );

    config.write(r#"{"customer_context": "cust-9"}"#);
    let env = [
        ("DCI_API_BASE_URL", None),
        ("DCI_API_KEY", None),
        ("DCI_AGENT_MODE", Some("1")),
    ];
    let out = config.run_with(&server, &env, &["status"]).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    let status: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        status,
        json!({
            "program": "dci",
            "version": version,
            "base_url": {"value": "https://api.doit.com", "source": "default"},
            "api_key": {"env": "DCI_API_KEY", "set": false, "source": "none", "signed_in": false, "token_store": null, "in_use": "none"},
            "customer_context": {"value": "cust-9", "source": "config"},
            "agent_mode": {"value": "on", "source": "env"},
            "config_file": {"path": file, "exists": true, "env": "DCI_CONFIG_DIR"},
        })
    );

    let out = config
        .run(&server, &["status", "-o", "json", "-D", "c2", "--no-agent"])
        .await;
    let status: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        status["customer_context"],
        json!({"value": "c2", "source": "flag"})
    );
    assert_eq!(
        status["agent_mode"],
        json!({"value": "off", "source": "flag"})
    );
    assert_eq!(status["api_key"]["set"], true);
    assert!(
        !out.stdout.contains(&KEY[..8]),
        "not even a prefix of the key"
    );
}
