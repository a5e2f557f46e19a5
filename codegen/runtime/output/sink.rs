//! Where printed results go: stdout, or a file written atomically
//! (`--output-file`): into a temporary file beside it, renamed over it
//! only when the command succeeds. Given a directory (`-O` alone is the
//! current one), the file is named as the response's `Content-Disposition`
//! suggests (sanitised: no path, no control characters), else after the
//! request path's last segment.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::redact;
use super::signals::Temporary;

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
    /// A file in this directory, named once the response is known.
    Dir(PathBuf, Option<AtomicFile>),
}

/// The name of a file written into a directory when the response suggests
/// none and the request path ends in none.
const FALLBACK_NAME: &str = "download";

impl Sink {
    /// Stdout, or a temporary file beside `path` (an unwritable or missing
    /// directory is an error here, naming the path, before anything is sent).
    pub fn open(path: Option<&Path>) -> Result<Sink, String> {
        match path {
            None => Ok(Sink::Stdout),
            Some(path) if path.as_os_str() == "-" => Ok(Sink::Stdout),
            Some(path) if path.is_dir() => Ok(Sink::Dir(path.to_path_buf(), None)),
            Some(path) => AtomicFile::create(path).map(Sink::File),
        }
    }

    /// Names the file a directory sink writes: the `Content-Disposition`
    /// header's file name, else the last segment of the request's `path`.
    /// Once named, or for any other sink, nothing changes.
    pub fn name_from(
        &mut self,
        content_disposition: Option<&str>,
        path: &str,
    ) -> Result<(), String> {
        let Sink::Dir(dir, file @ None) = self else {
            return Ok(());
        };
        *file = Some(AtomicFile::create(
            &dir.join(file_name(content_disposition, path)),
        )?);
        Ok(())
    }

    /// Writes bytes as they are (a download); text that is UTF-8 is
    /// redacted as [`Self::write`] does.
    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), String> {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return self.write(text);
        }
        match self {
            Sink::Stdout => {
                let _ = std::io::stdout().lock().write_all(bytes);
                Ok(())
            }
            Sink::Buffer(buffer) => {
                buffer.push_str(&String::from_utf8_lossy(bytes));
                Ok(())
            }
            sink => sink.file()?.write(bytes),
        }
    }

    /// The file of a file or directory sink, a directory's named now if
    /// no response named it.
    fn file(&mut self) -> Result<&mut AtomicFile, String> {
        if let Sink::Dir(_, None) = self {
            self.name_from(None, "")?;
        }
        match self {
            Sink::File(file) | Sink::Dir(_, Some(file)) => Ok(file),
            _ => Err("not a file".to_string()),
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
            Sink::Buffer(buffer) => {
                buffer.push_str(&text);
                Ok(())
            }
            sink => sink.file()?.write(text.as_bytes()),
        }
    }

    /// Puts a file in place; stdout has nothing to do.
    pub fn finish(&mut self) -> Result<(), String> {
        match self {
            Sink::Stdout | Sink::Buffer(_) | Sink::Dir(_, None) => Ok(()),
            Sink::File(file) | Sink::Dir(_, Some(file)) => file.persist(),
        }
    }

    /// Removes a file's temporary file, leaving the target as it was.
    pub fn discard(&mut self) {
        match self {
            Sink::File(file) | Sink::Dir(_, Some(file)) => file.temp = None,
            Sink::Buffer(buffer) => buffer.clear(),
            Sink::Stdout | Sink::Dir(_, None) => {}
        }
    }

    /// The file written, when it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Sink::Stdout | Sink::Buffer(_) | Sink::Dir(_, None) => None,
            Sink::File(file) | Sink::Dir(_, Some(file)) => Some(&file.target),
        }
    }

    /// The file written into a directory, once named: the name was not the
    /// user's, so the command says it.
    pub fn named(&self) -> Option<&Path> {
        match self {
            Sink::Dir(_, Some(file)) => Some(&file.target),
            _ => None,
        }
    }
}

/// The name of the file a download is saved as: the `Content-Disposition`
/// header's file name, else the last segment of the request's `path`,
/// sanitised; never empty, never a path.
pub fn file_name(content_disposition: Option<&str>, path: &str) -> String {
    let last = path.split(['?', '#']).next().unwrap_or("");
    let last = last.rsplit('/').next().unwrap_or("");
    let last = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    content_disposition
        .and_then(disposition_name)
        .and_then(|n| sanitised(&n))
        .or_else(|| sanitised(&last))
        .unwrap_or_else(|| FALLBACK_NAME.to_string())
}

/// The file name a `Content-Disposition` header suggests: `filename*`
/// (RFC 5987: `UTF-8''percent%20encoded`) over `filename`, quoted or not.
fn disposition_name(header: &str) -> Option<String> {
    let mut plain = None;
    let mut extended = None;
    for part in split_params(header) {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let encoded = value.splitn(3, '\'').nth(2).unwrap_or(value);
                let decoded = percent_encoding::percent_decode_str(encoded.trim_matches('"'));
                extended = Some(decoded.decode_utf8_lossy().into_owned());
            }
            "filename" => plain = Some(unquoted(value)),
            _ => {}
        }
    }
    extended.or(plain)
}

/// A header's `;`-separated parts, a quoted string's `;` kept in it.
fn split_params(header: &str) -> Vec<String> {
    let (mut parts, mut part, mut quoted, mut escaped) = (Vec::new(), String::new(), false, false);
    for c in header.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            _ => {}
        }
        part.push(c);
    }
    parts.push(part);
    parts
}

/// A quoted string's text, its escapes undone; a token as it is.
fn unquoted(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_string();
    };
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        text.push(match c {
            '\\' => chars.next().unwrap_or('\\'),
            c => c,
        });
    }
    text
}

/// A file name safe to write in the directory: the last component of any
/// path (either slash), control characters dropped, leading dots and
/// spaces trimmed (no hidden file, no `..`), at most 200 bytes; none when
/// nothing is left.
fn sanitised(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim().trim_start_matches(['.', ' ']);
    let mut end = clean.len().min(200);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    let clean = clean[..end].trim_end();
    (!clean.is_empty()).then(|| clean.to_string())
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
    temp: Option<Temporary>,
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
        let temp = Temporary::new(&builder, Some(&dir)).map_err(|e| fail(&e))?;
        if let (Ok(existing), Some(file)) = (std::fs::metadata(&target), temp.as_file()) {
            let _ = file.set_permissions(existing.permissions());
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
        let Some(mut temp) = self.temp.take() else {
            return Ok(());
        };
        let fail =
            |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", self.shown.display());
        if let Some(file) = temp.as_file() {
            file.sync_all().map_err(|e| fail(&e))?;
        }
        temp.persist(&self.target).map_err(|e| fail(&e))
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
    fn a_directory_gets_the_file_the_response_names_and_no_other() {
        let cases = [
            ("attachment; filename=\"report.csv\"", "report.csv"),
            ("attachment; filename=plain.txt", "plain.txt"),
            (
                "attachment; filename=\"a.pdf\"; filename*=UTF-8''caf%C3%A9%20menu.pdf",
                "café menu.pdf",
            ),
            ("attachment; filename=\"../../etc/passwd\"", "passwd"),
            ("attachment; filename=\"..\\..\\win.ini\"", "win.ini"),
            ("attachment; filename=\"semi;colon.txt\"", "semi;colon.txt"),
            ("attachment; filename=\"bell\u{7}\\\"q.txt\"", "bell\"q.txt"),
            ("attachment; filename=\"..\"", "invoices"),
            ("inline", "invoices"),
        ];
        for (header, expected) in cases {
            let dir = tempfile::tempdir().unwrap();
            let mut sink = Sink::open(Some(dir.path())).unwrap();
            sink.name_from(Some(header), "/v1/invoices?x=1").unwrap();
            sink.write_bytes(&[0xff, 0x00]).unwrap();
            sink.finish().unwrap();
            assert_eq!(entries(dir.path()), [expected], "{header}");
            assert_eq!(
                std::fs::read(dir.path().join(expected)).unwrap(),
                [0xff, 0x00]
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let mut sink = Sink::open(Some(dir.path())).unwrap();
        sink.name_from(None, "/").unwrap();
        sink.write("x").unwrap();
        sink.finish().unwrap();
        assert_eq!(entries(dir.path()), [FALLBACK_NAME]);
        assert!(matches!(Sink::open(Some(Path::new("-"))), Ok(Sink::Stdout)));
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
    fn a_missing_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope/out.json");
        let error = Sink::open(Some(&missing)).unwrap_err();
        assert!(
            error.contains("nope/out.json") && error.contains("does not exist"),
            "{error}"
        );
        // A directory inside the one given, named by the response.
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let mut sink = Sink::open(Some(dir.path())).unwrap();
        let error = sink.name_from(None, "/v1/sub").unwrap_err();
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
