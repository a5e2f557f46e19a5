//! Where printed results go: stdout, or a file written atomically
//! (`--output-file`): into a temporary file beside it, renamed over it
//! only when the command succeeds.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::redact;

/// Where results are written. Text is redacted on the way, so the API key
/// reaches neither stdout nor a file.
#[derive(Debug)]
pub enum Sink {
    /// Standard output, written as it comes.
    Stdout,
    /// A file, written only when [`Sink::finish`] is called.
    File(AtomicFile),
    /// Kept in memory, for the caller to take (the MCP server's results).
    Buffer(String),
}

impl Sink {
    /// Stdout, or a temporary file beside `path` (an unwritable or missing
    /// directory is an error here, naming the path, before anything is sent).
    pub fn open(path: Option<&Path>) -> Result<Sink, String> {
        match path {
            None => Ok(Sink::Stdout),
            Some(path) => AtomicFile::create(path).map(Sink::File),
        }
    }

    /// Writes `text`. On stdout a closed pipe (`| head`) is not an error.
    pub fn write(&mut self, text: &str) -> Result<(), String> {
        let text = redact(text);
        match self {
            Sink::Stdout => {
                let _ = std::io::stdout().lock().write_all(text.as_bytes());
                Ok(())
            }
            Sink::File(file) => file.write(text.as_bytes()),
            Sink::Buffer(buffer) => {
                buffer.push_str(&text);
                Ok(())
            }
        }
    }

    /// Puts a file in place; stdout has nothing to do.
    pub fn finish(&mut self) -> Result<(), String> {
        match self {
            Sink::Stdout | Sink::Buffer(_) => Ok(()),
            Sink::File(file) => file.persist(),
        }
    }

    /// Removes a file's temporary file, leaving the target as it was.
    pub fn discard(&mut self) {
        match self {
            Sink::File(file) => file.temp = None,
            Sink::Buffer(buffer) => buffer.clear(),
            Sink::Stdout => {}
        }
    }

    /// The file written, when it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Sink::Stdout | Sink::Buffer(_) => None,
            Sink::File(file) => Some(&file.target),
        }
    }
}

/// A file replaced in one step: text goes to a temporary file in the same
/// directory, which is renamed over the target. Dropped unfinished, the
/// temporary file is removed and the target keeps its old content.
#[derive(Debug)]
pub struct AtomicFile {
    /// The path as given, for messages.
    shown: PathBuf,
    /// Where the file goes: the path, or the file a symbolic link there names.
    target: PathBuf,
    /// The temporary file; `None` once persisted or discarded.
    temp: Option<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// A temporary file `.NAME.XXXXXX.tmp` beside `path`, with the
    /// permissions the file has (a new one gets the umask's).
    fn create(path: &Path) -> Result<AtomicFile, String> {
        let shown = path.to_path_buf();
        let fail = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", shown.display());
        // Writing through a symbolic link replaces the file it names.
        let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if target.is_dir() {
            return Err(fail(&"it is a directory"));
        }
        let name = target
            .file_name()
            .ok_or_else(|| fail(&"the path names no file"))?
            .to_string_lossy()
            .into_owned();
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(fail(&format_args!(
                "the directory {} does not exist",
                dir.display()
            )));
        }
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(&dir).map_err(|e| fail(&e))?;
        if let Ok(existing) = std::fs::metadata(&target) {
            let _ = temp.as_file().set_permissions(existing.permissions());
        }
        Ok(AtomicFile {
            shown,
            target,
            temp: Some(temp),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), String> {
        let temp = self
            .temp
            .as_mut()
            .ok_or_else(|| format!("{} is already written", self.shown.display()))?;
        temp.write_all(bytes)
            .map_err(|e| format!("cannot write {}: {e}", self.shown.display()))
    }

    /// Flushes the temporary file to disk and renames it over the target.
    fn persist(&mut self) -> Result<(), String> {
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let fail =
            |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", self.shown.display());
        temp.as_file().sync_all().map_err(|e| fail(&e))?;
        temp.persist(&self.target).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_appears_whole_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old\n").unwrap();
        let mut sink = Sink::open(Some(&path)).unwrap();
        sink.write("new ").unwrap();
        sink.write("text\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(
            entries(dir.path()).len(),
            2,
            "the target and a temporary file"
        );
        sink.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new text\n");
        assert_eq!(entries(dir.path()), ["out.json"]);
    }

    #[test]
    fn a_discarded_or_dropped_file_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let mut sink = Sink::open(Some(&path)).unwrap();
        sink.write("half").unwrap();
        sink.discard();
        assert!(entries(dir.path()).is_empty());
        std::fs::write(&path, "old\n").unwrap();
        let mut sink = Sink::open(Some(&path)).unwrap();
        sink.write("half").unwrap();
        drop(sink);
        assert_eq!(entries(dir.path()), ["out.json"]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    }

    #[test]
    fn a_missing_directory_or_a_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope/out.json");
        let error = Sink::open(Some(&missing)).unwrap_err();
        assert!(
            error.contains("nope/out.json") && error.contains("does not exist"),
            "{error}"
        );
        let error = Sink::open(Some(dir.path())).unwrap_err();
        assert!(error.contains("is a directory"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_written_through_and_permissions_are_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut sink = Sink::open(Some(&link)).unwrap();
        sink.write("new").unwrap();
        sink.finish().unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
