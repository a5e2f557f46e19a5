//! Where a sign-in's token and refresh token are kept: the OS keychain
//! (the macOS Keychain, the Windows Credential Manager, the Secret Service
//! on Linux and the BSDs) through the `keyring` crate where one answers.
//! A keychain that is missing, fails or does not answer in [`WAIT`] is a
//! warning, and the config file (readable by its owner only) keeps them.
//! The config file notes which holds them, so `status` says where without
//! asking the keychain.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// How long the keychain has to answer: it may ask its owner to unlock it.
const WAIT: Duration = Duration::from_secs(10);

/// The keychain's name, for messages.
pub(super) const NAME: &str = if cfg!(target_os = "macos") {
    "the macOS Keychain"
} else if cfg!(windows) {
    "the Windows Credential Manager"
} else {
    "the Secret Service keyring"
};

/// What a sign-in keeps secret.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Secrets {
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<String>,
}

/// One program's sign-in in the keychain: its entry is named by the
/// program (the service) and the config file's path (the user), so each
/// config directory has a sign-in of its own.
pub(super) struct Slot {
    service: String,
    user: String,
}

impl Slot {
    pub fn new(program: &str, config: &Path) -> Slot {
        Slot {
            service: program.to_string(),
            user: format!("sign-in {}", config.display()),
        }
    }

    /// Keeps `secrets` in the keychain, replacing what it had.
    pub fn save(&self, secrets: &Secrets) -> Result<(), String> {
        let text = serde_json::to_string(secrets).map_err(|e| e.to_string())?;
        self.ask(move |entry| entry.set_password(&text))
    }

    /// The secrets the keychain keeps; `None` when it has no entry.
    pub fn load(&self) -> Result<Option<Secrets>, String> {
        let text = self.ask(|entry| match entry.get_password() {
            Err(keyring::Error::NoEntry) => Ok(None),
            other => other.map(Some),
        })?;
        let Some(text) = text else { return Ok(None) };
        let secrets: Secrets = serde_json::from_str(&text)
            .map_err(|_| "its entry does not hold a sign-in".to_string())?;
        super::super::super::output::hide(&secrets.token);
        if let Some(refresh) = &secrets.refresh {
            super::super::super::output::hide(refresh);
        }
        Ok(Some(secrets))
    }

    /// Removes the entry; whether there was one.
    pub fn delete(&self) -> Result<bool, String> {
        self.ask(|entry| match entry.delete_credential() {
            Err(keyring::Error::NoEntry) => Ok(false),
            other => other.map(|()| true),
        })
    }

    /// Runs `op` on the entry on a thread of its own, waiting at most
    /// [`WAIT`]: a keychain asking to be unlocked where nobody can answer
    /// must not hold the command. The error says why, without a secret.
    fn ask<T: Send + 'static>(
        &self,
        op: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, String> {
        let (service, user) = (self.service.clone(), self.user.clone());
        let (send, answer) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(keyring::Entry::new(&service, &user).and_then(|e| op(&e)));
        });
        match answer.recv_timeout(WAIT) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(describe(&error)),
            Err(_) => Err(format!("it did not answer in {} s", WAIT.as_secs())),
        }
    }
}

/// Why the keychain failed, in words and never with the bytes it held.
fn describe(error: &keyring::Error) -> String {
    match error {
        keyring::Error::NoDefaultStore => match keyring::Entry::store_status() {
            Err(why) if !matches!(why, keyring::Error::NoDefaultStore) => describe(why),
            _ => "no keychain answers on this system".to_string(),
        },
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "its entry does not hold a sign-in".to_string()
        }
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            e.to_string().lines().next().unwrap_or_default().to_string()
        }
        other => other.to_string(),
    }
}
