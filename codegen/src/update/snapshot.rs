//! All or nothing: the files an update may touch are read before it writes,
//! and put back as they were when a later step fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The contents of every file under some paths before the update (`None`:
/// the file did not exist).
#[derive(Debug, Default)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, Option<Vec<u8>>>,
    dirs: Vec<PathBuf>,
}

impl Snapshot {
    /// Records `path`: a file, or every file under a directory (a file
    /// created under it later is removed by [`Snapshot::restore`]).
    pub fn take(&mut self, path: &Path) -> Result<(), Error> {
        let read_error = |source| Error::Read {
            path: path.display().to_string(),
            source,
        };
        if path.is_dir() {
            self.dirs.push(path.to_path_buf());
            for entry in std::fs::read_dir(path).map_err(read_error)? {
                self.take(&entry.map_err(read_error)?.path())?;
            }
            return Ok(());
        }
        let contents = match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(read_error(e)),
        };
        self.files.insert(path.to_path_buf(), contents);
        Ok(())
    }

    /// Puts every recorded file back; removes files created since under a
    /// recorded directory. Best effort: returns what it could not restore.
    pub fn restore(&self) -> Vec<String> {
        let mut failed = Vec::new();
        for (path, contents) in &self.files {
            let result = match contents {
                Some(bytes) => std::fs::write(path, bytes),
                None => match std::fs::remove_file(path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    other => other,
                },
            };
            if let Err(e) = result {
                failed.push(format!("{}: {e}", path.display()));
            }
        }
        for dir in &self.dirs {
            self.remove_new(dir, &mut failed);
        }
        failed
    }

    /// Removes files under `dir` that were not there when it was recorded.
    fn remove_new(&self, dir: &Path, failed: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                self.remove_new(&path, failed);
                if !self.dirs.contains(&path) {
                    let _ = std::fs::remove_dir(&path);
                }
            } else if !self.files.contains_key(&path) {
                if let Err(e) = std::fs::remove_file(&path) {
                    failed.push(format!("{}: {e}", path.display()));
                }
            }
        }
    }
}

/// Writes `contents` to `path` through a temporary file beside it, so a
/// reader never sees half a file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let write_error = |source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.update"));
    std::fs::write(&temp, contents).map_err(write_error)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        write_error(e)
    })
}
