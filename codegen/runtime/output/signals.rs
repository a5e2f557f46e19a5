//! Ending on a signal with nothing left behind. A command that writes a
//! file writes a [`Temporary`] beside it and renames it into place; a
//! signal (SIGINT, SIGTERM, SIGHUP) that comes meanwhile removes every
//! temporary file and ends the process with 128 + the signal's number
//! (130, 143, 129), the files as they were. A command waiting for a
//! request ([`interrupted`]) takes the signal itself instead, to say what
//! it left as it was.
//!
//! On Unix a thread waits for the signals, from the first temporary file or
//! [`install`] on: before that, a signal ends the process the default way,
//! with nothing to clean. Elsewhere only Ctrl-C while waiting is caught.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

/// The temporary files that exist now. The signal thread holds the lock
/// from removing them to the end of the process, so no file is made,
/// renamed or removed halfway meanwhile.
static FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// How many [`interrupted`] futures are waiting: while one is, a signal is
/// theirs.
static WAITING: AtomicUsize = AtomicUsize::new(0);
/// The signal handed to the waiting futures.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

fn files() -> MutexGuard<'static, Vec<PathBuf>> {
    FILES.lock().unwrap_or_else(|e| e.into_inner())
}

fn handed() -> &'static tokio::sync::Notify {
    static NOTIFY: OnceLock<tokio::sync::Notify> = OnceLock::new();
    NOTIFY.get_or_init(tokio::sync::Notify::new)
}

/// Starts the thread that waits for SIGINT, SIGTERM and SIGHUP (once; on
/// Unix). A platform that refuses leaves the default handling.
pub fn install() {
    #[cfg(unix)]
    {
        static INSTALLED: OnceLock<()> = OnceLock::new();
        INSTALLED.get_or_init(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("signals".to_string())
                .spawn(move || {
                    for signal in signals.forever() {
                        on_signal(signal);
                    }
                });
        });
    }
}

/// A signal came: handed to a waiting command, or the temporary files
/// removed and the process ended.
#[cfg(unix)]
fn on_signal(signal: i32) {
    let files = files();
    if WAITING.load(Ordering::SeqCst) > 0 {
        RECEIVED.store(signal, Ordering::SeqCst);
        handed().notify_one();
        return;
    }
    for path in files.iter() {
        let _ = std::fs::remove_file(path);
    }
    let _ = std::io::stderr().flush();
    // The lock stays held: nothing more is written before the end.
    std::process::exit(128 + signal);
}

/// Resolves with the number of the first signal that comes while it is
/// polled (SIGINT, SIGTERM or SIGHUP; Ctrl-C alone where there is no
/// Unix), instead of that signal ending the process.
pub async fn interrupted() -> i32 {
    #[cfg(unix)]
    {
        install();
        struct Waiting;
        impl Drop for Waiting {
            fn drop(&mut self) {
                WAITING.fetch_sub(1, Ordering::SeqCst);
            }
        }
        WAITING.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting;
        handed().notified().await;
        RECEIVED.load(Ordering::SeqCst)
    }
    #[cfg(not(unix))]
    {
        // No way to listen: wait for ever, as if no signal came.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        2 // SIGINT
    }
}

/// The name of a signal `interrupted` resolves with, for messages.
pub fn name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        15 => "SIGTERM",
        _ => "SIGINT",
    }
}

/// A temporary file, removed when dropped, when a signal ends the process,
/// or renamed into place by [`Temporary::persist`].
#[derive(Debug)]
pub struct Temporary {
    /// `None` once persisted.
    file: Option<tempfile::NamedTempFile>,
}

impl Temporary {
    /// A temporary file made by `builder` in `dir` (`None`: the system's
    /// temporary directory), known to the signal thread from the start.
    pub fn new(builder: &tempfile::Builder, dir: Option<&Path>) -> std::io::Result<Temporary> {
        install();
        let mut files = files();
        let file = match dir {
            Some(dir) => builder.tempfile_in(dir)?,
            None => builder.tempfile()?,
        };
        files.push(file.path().to_path_buf());
        Ok(Temporary { file: Some(file) })
    }

    /// The open file (none once persisted).
    pub fn as_file(&self) -> Option<&std::fs::File> {
        self.file.as_ref().map(|f| f.as_file())
    }

    /// Where the file is.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path())
    }

    /// Writes all of `bytes`.
    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        match &mut self.file {
            Some(file) => file.write_all(bytes),
            None => Err(std::io::Error::other("the file is already in place")),
        }
    }

    /// Renames the file over `target` (a signal waits for the rename).
    pub fn persist(&mut self, target: &Path) -> std::io::Result<()> {
        let mut files = files();
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let path = file.path().to_path_buf();
        let result = file.persist(target).map(drop).map_err(|e| e.error);
        // Persisted, or dropped (removed) with the error.
        files.retain(|p| *p != path);
        result
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let mut files = files();
        if let Some(file) = self.file.take() {
            let path = file.path().to_path_buf();
            drop(file);
            files.retain(|p| *p != path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_known_until_it_is_renamed_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let known = |path: &Path| files().iter().any(|p| p == path);
        let mut kept =
            Temporary::new(tempfile::Builder::new().prefix(".k."), Some(dir.path())).unwrap();
        let kept_path = kept.path().unwrap().to_path_buf();
        kept.write_all(b"whole").unwrap();
        let dropped = Temporary::new(&tempfile::Builder::new(), Some(dir.path())).unwrap();
        let dropped_path = dropped.path().unwrap().to_path_buf();
        assert!(known(&kept_path) && known(&dropped_path));
        drop(dropped);
        assert!(!known(&dropped_path) && !dropped_path.exists());
        let target = dir.path().join("target");
        kept.persist(&target).unwrap();
        assert!(!known(&kept_path) && !kept_path.exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "whole");
        assert!(kept.write_all(b"more").is_err());
    }
}
