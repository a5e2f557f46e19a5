//! A real OS keychain for tests: gnome-keyring's Secret Service on a
//! D-Bus session bus of the test's own, read and written with libsecret's
//! `secret-tool` (a client nobody here wrote). `.ci/run` installs them.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The variable naming the session bus.
pub const BUS: &str = "DBUS_SESSION_BUS_ADDRESS";

/// A session bus and a gnome-keyring daemon on it, its login keyring
/// created and unlocked with a password the test gives; both stop when
/// it is dropped.
pub struct Keyring {
    bus: Child,
    daemon: Child,
    pub address: String,
    _home: tempfile::TempDir,
}

impl Keyring {
    pub fn start() -> Keyring {
        let home = tempfile::tempdir().unwrap();
        let missing = "needs dbus-daemon and gnome-keyring-daemon (.ci/run installs them)";
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect(missing);
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env_clear()
            .env(BUS, &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env("XDG_RUNTIME_DIR", home.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(missing);
        daemon
            .stdin
            .take()
            .unwrap()
            .write_all(b"a test keyring's password")
            .unwrap();
        let keyring = Keyring {
            bus,
            daemon,
            address,
            _home: home,
        };
        keyring.wait_for_the_service();
        keyring
    }

    /// Until the daemon owns the Secret Service's name on the bus (else the
    /// bus would start another, locked, by activation).
    fn wait_for_the_service(&self) {
        let started = Instant::now();
        loop {
            let out = Command::new("dbus-send")
                .env(BUS, &self.address)
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "no keyring");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What `secret-tool` finds for dci's sign-in of the config in `dir`.
    pub fn lookup(&self, dir: &Path) -> Option<serde_json::Value> {
        let user = format!("sign-in {}", dir.join("config.json").display());
        let out = Command::new("secret-tool")
            .env(BUS, &self.address)
            .args(["lookup", "service", "dci", "username", &user])
            .output()
            .expect("needs secret-tool (.ci/run installs it)");
        out.status
            .success()
            .then(|| serde_json::from_slice(&out.stdout).unwrap())
    }
    /// Keeps `secrets` as dci's sign-in of the config in `dir`, with
    /// `secret-tool`.
    pub fn store(&self, dir: &Path, secrets: &serde_json::Value) {
        let user = format!("sign-in {}", dir.join("config.json").display());
        let mut tool = Command::new("secret-tool")
            .env(BUS, &self.address)
            .args(["store", "--label=dci", "service", "dci", "username", &user])
            .stdin(Stdio::piped())
            .spawn()
            .expect("needs secret-tool (.ci/run installs it)");
        let mut stdin = tool.stdin.take().unwrap();
        stdin.write_all(secrets.to_string().as_bytes()).unwrap();
        drop(stdin);
        assert!(tool.wait().unwrap().success());
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.bus.kill();
        let _ = self.daemon.wait();
        let _ = self.bus.wait();
    }
}
