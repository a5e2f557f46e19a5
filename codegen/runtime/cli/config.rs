//! Saved settings: one `config.json` (an object of string values, such as
//! `{"customer_context": "cust-9"}`) in the directory the tool's
//! environment variable names, else the platform's config directory; and
//! where each setting in effect comes from (flag, environment, that file).
//!
//! The file is written atomically (a temporary file in the same directory,
//! synced, then renamed over it), readable by its owner only. A file that
//! cannot be read, or is not such an object, is an error naming it: never a
//! panic, and never a silent reset of what it held.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::super::output::signals::Temporary;
use super::failure::{ErrorCode, Failure};

mod source;

pub use source::{Setting, Source};

/// The config file's name, in the config directory.
pub const CONFIG_FILE_NAME: &str = "config.json";

/// A lock on the config directory ([`ConfigFile::lock`]), released when
/// dropped.
#[derive(Debug)]
pub struct Locked(#[allow(dead_code)] Option<std::fs::File>);

/// The tool's config file: where it is, and what it holds.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigFile {
    /// Where the file is (or would be): `None` when neither the environment
    /// nor the platform names a config directory.
    path: Option<PathBuf>,
    /// The environment variable naming the directory, for messages.
    dir_env: String,
    /// The settings, sorted by name.
    values: BTreeMap<String, String>,
    /// What was set (or removed: `None`) since the file was read: a save
    /// puts these onto the file as it is then, so that another process's
    /// save meanwhile is kept.
    changes: BTreeMap<String, Option<String>>,
    /// Whether the file was there when read.
    exists: bool,
    /// Why the file could not be used, when it was opened for `status`
    /// (which reports it rather than fail); such a file is never saved over.
    broken: Option<String>,
}

/// Never prints a value: the file may hold a sign-in token.
impl std::fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigFile")
            .field("path", &self.path)
            .field("keys", &self.values.keys().collect::<Vec<_>>())
            .field("exists", &self.exists)
            .finish_non_exhaustive()
    }
}

/// Where the config file of `program` is: in the directory `dir_env`
/// names, else in the platform's config directory for `program`.
fn file_path(program: &str, dir_env: &str) -> Option<PathBuf> {
    std::env::var_os(dir_env)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", program)
                .map(|dirs| dirs.config_dir().to_path_buf())
        })
        .map(|d| d.join(CONFIG_FILE_NAME))
}

impl ConfigFile {
    /// The config file of the tool `program`: in the directory `dir_env`
    /// names, else in the platform's config directory for `program`.
    /// A missing file is empty settings.
    pub fn open(program: &str, dir_env: &str) -> Result<ConfigFile, Failure> {
        ConfigFile::load(file_path(program, dir_env), dir_env)
    }

    /// The config file at `path` (none: there is nowhere to keep one).
    pub fn load(path: Option<PathBuf>, dir_env: &str) -> Result<ConfigFile, Failure> {
        let mut config = ConfigFile {
            path,
            dir_env: dir_env.to_string(),
            values: BTreeMap::new(),
            changes: BTreeMap::new(),
            exists: false,
            broken: None,
        };
        let Some(path) = &config.path else {
            return Ok(config);
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            // No file there, or no directory to hold one: nothing saved yet.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(config)
            }
            Err(e) => {
                return Err(
                    config.failure(format!("cannot read config file {}: {e}", path.display()))
                )
            }
        };
        config.exists = true;
        // An empty file holds no settings, so reading it as none loses nothing.
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            config.values = parse(&bytes)
                .map_err(|what| config.failure(format!("config file {} {what}", path.display())))?;
        }
        Ok(config)
    }

    /// [`Self::open`], or, when the file cannot be used, no settings and
    /// the reason ([`Self::broken`]): for `status`, which must report a
    /// broken file rather than fail on it.
    pub fn open_or_broken(program: &str, dir_env: &str) -> ConfigFile {
        ConfigFile::open(program, dir_env).unwrap_or_else(|failure| ConfigFile {
            path: file_path(program, dir_env),
            dir_env: dir_env.to_string(),
            values: BTreeMap::new(),
            changes: BTreeMap::new(),
            exists: true,
            broken: Some(failure.message),
        })
    }

    /// Why the file cannot be used, when [`Self::open_or_broken`] found it so.
    pub fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    /// Where the file is, or would be written.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the file was there when read.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// The setting `key`, if the file has it (blank counts as unset).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// Sets `key` (in memory: [`Self::save`] writes it).
    pub fn set(&mut self, key: &str, value: &str) {
        self.values.insert(key.to_string(), value.to_string());
        self.changes
            .insert(key.to_string(), Some(value.to_string()));
    }

    /// Removes `key` (in memory); whether it was there.
    pub fn remove(&mut self, key: &str) -> bool {
        self.changes.insert(key.to_string(), None);
        self.values.remove(key).is_some()
    }

    /// Writes the settings: the directory made (mode 0700 on Unix) if it is
    /// missing, then a temporary file beside the config file, written,
    /// synced and renamed over it, so that a reader sees the old file or
    /// the new one, never a part. The file is readable by its owner only.
    /// The directory is locked meanwhile ([`Self::lock`]), and this one's
    /// changes go onto the file as it is then: two processes saving at
    /// once keep both their settings.
    pub fn save(&mut self) -> Result<(), Failure> {
        let locked = self.lock()?;
        self.save_locked(&locked)
    }

    /// Locks the config directory until the value returned is dropped: a
    /// second process's [`Self::lock`] or [`Self::save`] waits (on Unix;
    /// elsewhere nothing is locked). For a change that reads the file
    /// first, such as renewing a sign-in once for every process.
    pub fn lock(&self) -> Result<Locked, Failure> {
        if let Some(broken) = &self.broken {
            return Err(self.failure(broken.clone()));
        }
        let Some(path) = &self.path else {
            return Err(Failure::new(
                ErrorCode::ConfigError,
                format!(
                    "there is no config directory to save settings in; set {}",
                    self.dir_env
                ),
            ));
        };
        let dir = directory(path);
        create_private_dir(dir).map_err(|e| self.cannot(&e))?;
        #[cfg(unix)]
        {
            let file = std::fs::File::open(dir).map_err(|e| self.cannot(&e))?;
            file.lock().map_err(|e| self.cannot(&e))?;
            Ok(Locked(Some(file)))
        }
        #[cfg(not(unix))]
        Ok(Locked(None))
    }

    /// Reads the file again (under [`Self::lock`]: as another process left
    /// it), this one's changes kept on top.
    pub fn reread(&mut self) -> Result<(), Failure> {
        let mut values = ConfigFile::load(self.path.clone(), &self.dir_env)?.values;
        for (key, value) in &self.changes {
            match value {
                Some(value) => values.insert(key.clone(), value.clone()),
                None => values.remove(key),
            };
        }
        self.values = values;
        Ok(())
    }

    /// [`Self::save`] under a lock already held.
    pub fn save_locked(&mut self, _locked: &Locked) -> Result<(), Failure> {
        self.reread()?;
        self.changes.clear();
        let path = self.path.clone().unwrap_or_default();
        let dir = directory(&path);
        let cannot = |e: &dyn std::fmt::Display| self.cannot(e);
        let mut text = serde_json::to_string_pretty(&self.values).map_err(|e| cannot(&e))?;
        text.push('\n');
        // tempfile creates the file with mode 0600 on Unix; a signal meanwhile
        // removes it, the old file kept.
        let mut temp = Temporary::new(
            tempfile::Builder::new().prefix(".config.").suffix(".tmp"),
            Some(dir),
        )
        .map_err(|e| cannot(&e))?;
        temp.write_all(text.as_bytes()).map_err(|e| cannot(&e))?;
        if let Some(file) = temp.as_file() {
            file.sync_all().map_err(|e| cannot(&e))?;
        }
        temp.persist(&path).map_err(|e| cannot(&e))?;
        // The rename itself lasts once the directory is synced; a platform
        // that cannot open a directory has nothing to sync.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
        self.exists = true;
        Ok(())
    }

    /// The file cannot be written: why, and what to do.
    fn cannot(&self, e: &dyn std::fmt::Display) -> Failure {
        let path = self.path.as_deref().unwrap_or(Path::new(CONFIG_FILE_NAME));
        Failure::new(
            ErrorCode::ConfigError,
            format!("cannot write config file {}: {e}", path.display()),
        )
        .with_hint(format!(
            "point {} at a directory you can write to",
            self.dir_env
        ))
    }

    /// A config error about the file as read, with what to do about it.
    fn failure(&self, message: String) -> Failure {
        Failure::new(ErrorCode::ConfigError, message).with_hint(format!(
            "fix or remove the file, or point {} at another directory",
            self.dir_env
        ))
    }
}

/// The directory a config file is in.
fn directory(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The settings in a file's bytes, or what is wrong with them (worded to
/// follow the file's path).
pub(super) fn parse(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("is not valid JSON: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err(format!("holds {}, not an object of settings", kind(&value)));
    };
    map.into_iter()
        .map(|(key, value)| match value {
            serde_json::Value::String(text) => Ok((key, text)),
            other => Err(format!("has \"{key}\" as {}, not a string", kind(&other))),
        })
        .collect()
}

/// What a JSON value is, with an article: "a number".
fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Makes `dir` and its missing parents, each readable by its owner only on
/// Unix. An existing directory is left as it is.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    // create_dir_all would say only "File exists".
    if dir.exists() && !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            format!("{} is not a directory", dir.display()),
        ));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_in(dir: &Path) -> ConfigFile {
        ConfigFile::load(
            Some(dir.join("sub").join(CONFIG_FILE_NAME)),
            "TOOL_CONFIG_DIR",
        )
        .unwrap()
    }

    #[test]
    fn settings_round_trip_and_the_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = file_in(dir.path());
        assert!(!config.exists());
        assert_eq!(config.get("customer_context"), None);
        config.set("customer_context", "cust-9");
        config.set("base_url", "https://example.com");
        config.save().unwrap();
        config.set("customer_context", "cust-10");
        config.save().unwrap();
        let again = file_in(dir.path());
        assert!(again.exists());
        assert_eq!(again.get("customer_context"), Some("cust-10"));
        assert_eq!(again.get("base_url"), Some("https://example.com"));
        let names: Vec<String> = std::fs::read_dir(dir.path().join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![CONFIG_FILE_NAME.to_string()]);
        let text = std::fs::read_to_string(again.path().unwrap()).unwrap();
        assert_eq!(
            text,
            "{\n  \"base_url\": \"https://example.com\",\n  \"customer_context\": \"cust-10\"\n}\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_and_the_directory_it_makes_are_the_owners_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut config = file_in(dir.path());
        config.set("k", "v");
        config.save().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(config.path().unwrap()), 0o600);
        assert_eq!(mode(&dir.path().join("sub")), 0o700);
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it_and_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        let cases = [
            (
                "{not json",
                "is not valid JSON: key must be a string at line 1 column 2",
            ),
            ("[1]", "holds an array, not an object of settings"),
            (
                "{\"customer_context\": 5}",
                "has \"customer_context\" as a number, not a string",
            ),
        ];
        for (text, what) in cases {
            std::fs::write(&path, text).unwrap();
            let err = ConfigFile::load(Some(path.clone()), "TOOL_CONFIG_DIR").unwrap_err();
            assert_eq!(err.kind, ErrorCode::ConfigError);
            assert_eq!(
                err.message,
                format!("config file {} {what}", path.display()),
                "{text}"
            );
            assert!(err.hint.unwrap().contains("TOOL_CONFIG_DIR"));
        }
        // A directory where the file should be cannot be read.
        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let err = ConfigFile::load(Some(path.clone()), "TOOL_CONFIG_DIR").unwrap_err();
        assert!(
            err.message
                .starts_with(&format!("cannot read config file {}: ", path.display())),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_empty_file_holds_no_settings_and_nowhere_to_save_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE_NAME);
        std::fs::write(&path, "\n").unwrap();
        let config = ConfigFile::load(Some(path), "TOOL_CONFIG_DIR").unwrap();
        assert!(config.exists());
        assert_eq!(config.get("anything"), None);
        let mut nowhere = ConfigFile::load(None, "TOOL_CONFIG_DIR").unwrap();
        nowhere.set("k", "v");
        let err = nowhere.save().unwrap_err();
        assert!(
            err.message.contains("set TOOL_CONFIG_DIR"),
            "{}",
            err.message
        );
    }

    #[test]
    fn the_first_source_with_a_value_wins() {
        let cases = [
            (Some("f"), Some("e"), Some("c"), Some("f"), Source::Flag),
            (None, Some("e"), Some("c"), Some("e"), Source::Env),
            (Some(" "), None, Some("c"), Some("c"), Source::Config),
            (None, Some(""), None, None, Source::Unset),
        ];
        for (flag, env, config, value, source) in cases {
            let owned = |v: Option<&str>| v.map(str::to_string);
            let setting = Setting::first([
                (Source::Flag, owned(flag)),
                (Source::Env, owned(env)),
                (Source::Config, owned(config)),
            ]);
            assert_eq!(setting.value.as_deref(), value);
            assert_eq!(setting.source, source);
        }
    }
}
