//! The source record (`spec/source.yaml`): where the vendored spec comes
//! from, what `codegen update` refreshes from it, and what was fetched last.
//!
//! The settings (`spec`, `url`, `customization`...) are the user's; the
//! record of the copy (`sha256`, `bytes`, `etag`, `last_modified`,
//! `fetched`) is rewritten in place by each update, so the file keeps its
//! comments.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;

/// `spec/source.yaml`, its paths resolved against its directory.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file itself.
    pub path: PathBuf,
    /// Its text, rewritten by [`Record::rewrite`].
    pub text: String,
    /// The vendored spec.
    pub spec: PathBuf,
    /// How the spec is named in generated headers (relative to the project).
    pub spec_label: String,
    /// Where the vendor serves it.
    pub url: String,
    /// The tool's customisation file (its overlays are applied).
    pub customization: Option<PathBuf>,
    /// The tool's name.
    pub program: String,
    /// The directory of generated modules and pages.
    pub generated: PathBuf,
    /// Subdirectories of `generated` another generator writes.
    pub generated_keep: Vec<String>,
    /// The `Cargo.toml` whose `[package]` version is bumped.
    pub manifest: PathBuf,
    /// The Keep a Changelog file the release notes go to.
    pub changelog: PathBuf,
    /// Breaks the team accepted (`codegen diff --accepted`).
    pub accepted: Option<PathBuf>,
    /// Commands run in the manifest's directory after the files are
    /// written (dci's man pages come from its built CLI).
    pub after: Vec<Vec<String>>,
    /// The copy vendored: its SHA-256, and the validators it was served with.
    pub sha256: Option<String>,
    /// The `ETag` the copy was served with.
    pub etag: Option<String>,
    /// The `Last-Modified` the copy was served with.
    pub last_modified: Option<String>,
    /// When the copy was fetched (RFC 3339, UTC).
    pub fetched: Option<String>,
}

#[derive(Deserialize)]
struct Raw {
    spec: PathBuf,
    url: String,
    #[serde(default)]
    customization: Option<PathBuf>,
    program: String,
    generated: PathBuf,
    #[serde(default)]
    generated_keep: Vec<String>,
    manifest: PathBuf,
    changelog: PathBuf,
    #[serde(default)]
    accepted: Option<PathBuf>,
    #[serde(default)]
    after: Vec<Vec<String>>,
    #[serde(default)]
    sha256: Option<String>,
    #[serde(default)]
    etag: Option<String>,
    #[serde(default)]
    last_modified: Option<String>,
    #[serde(default)]
    fetched: Option<String>,
}

impl Record {
    /// Reads the record at `path`.
    pub fn read(path: &Path) -> Result<Record, Error> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: name.clone(),
            source,
        })?;
        let raw: Raw = serde_yaml::from_str(&text).map_err(|e| Error::Parse {
            path: name,
            message: e.to_string(),
        })?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let manifest = dir.join(&raw.manifest);
        let root = manifest.parent().unwrap_or(Path::new(""));
        let spec = dir.join(&raw.spec);
        let spec_label = relative(&spec, root);
        Ok(Record {
            path: path.to_path_buf(),
            text,
            spec,
            spec_label,
            url: raw.url,
            customization: raw.customization.map(|c| dir.join(c)),
            program: raw.program,
            generated: dir.join(raw.generated),
            generated_keep: raw.generated_keep,
            changelog: dir.join(raw.changelog),
            accepted: raw.accepted.map(|a| dir.join(a)),
            after: raw.after,
            manifest,
            sha256: raw.sha256,
            etag: raw.etag,
            last_modified: raw.last_modified,
            fetched: raw.fetched,
        })
    }

    /// `path` as messages show it: relative to the root.
    pub fn show(&self, path: &Path) -> String {
        relative(path, self.root())
    }

    /// The directory commands run in and versions belong to.
    pub fn root(&self) -> &Path {
        self.manifest.parent().unwrap_or(Path::new("."))
    }

    /// The record's text with the copy's fields set; a block that described
    /// the previous copy (`vendored_from`) goes, with its comment.
    pub fn rewrite(&self, copy: &Copy) -> String {
        let mut text = without_block(&self.text, "vendored_from");
        for (key, value) in [
            ("sha256", scalar(Some(&copy.sha256))),
            ("bytes", copy.bytes.to_string()),
            ("etag", scalar(copy.etag.as_deref())),
            ("last_modified", scalar(copy.last_modified.as_deref())),
            ("fetched", scalar(copy.fetched.as_deref())),
        ] {
            text = set_key(&text, key, &value);
        }
        text
    }
}

/// What the record says of the copy vendored.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// The `ETag` it came with.
    pub etag: Option<String>,
    /// The `Last-Modified` it came with.
    pub last_modified: Option<String>,
    /// When it was fetched.
    pub fetched: Option<String>,
}

/// `path` relative to `root` with `/` separators, as generated headers show it.
fn relative(path: &Path, root: &Path) -> String {
    let clean = |p: &Path| -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for part in p.components() {
            match part {
                std::path::Component::ParentDir if !parts.is_empty() => {
                    parts.pop();
                }
                std::path::Component::CurDir => {}
                other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
            }
        }
        parts
    };
    let (path, root) = (clean(path), clean(root));
    match path.strip_prefix(root.as_slice()) {
        Some(rest) => rest.join("/"),
        None => path.join("/"),
    }
}

/// A string as a YAML scalar (quoted where YAML needs it), `null` for none.
fn scalar(value: Option<&str>) -> String {
    match value {
        Some(v) => serde_yaml::to_string(v)
            .unwrap_or_default()
            .trim_end()
            .to_string(),
        None => "null".to_string(),
    }
}

/// `text` with the top-level `key: value` line set to `value` (YAML),
/// appended when absent.
fn set_key(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let mut found = false;
    let mut lines: Vec<String> = text
        .lines()
        .map(|line| match line.starts_with(&prefix) {
            true => {
                found = true;
                format!("{key}: {value}")
            }
            false => line.to_string(),
        })
        .collect();
    if !found {
        lines.push(format!("{key}: {value}"));
    }
    lines.join("\n") + "\n"
}

/// `text` without the top-level `key:` block (its indented lines, and the
/// comment lines right above it).
fn without_block(text: &str, key: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with(&format!("{key}:"))) else {
        return text.to_string();
    };
    let mut first = start;
    while first > 0 && lines[first - 1].starts_with('#') {
        first -= 1;
    }
    let mut end = start + 1;
    while end < lines.len() && lines[end].starts_with([' ', '\t']) {
        end += 1;
    }
    let kept: Vec<&str> = lines[..first]
        .iter()
        .chain(&lines[end..])
        .copied()
        .collect();
    kept.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_set_in_place_and_the_old_origin_goes() {
        let text = "# top\nspec: a.yaml\n# where it came from\nvendored_from:\n  commit: abc\nsha256: old\netag: null\n";
        let text = without_block(text, "vendored_from");
        assert_eq!(text, "# top\nspec: a.yaml\nsha256: old\netag: null\n");
        let text = set_key(&text, "etag", &scalar(Some("\"v2\"")));
        let text = set_key(&text, "fetched", &scalar(None));
        assert_eq!(
            text,
            "# top\nspec: a.yaml\nsha256: old\netag: '\"v2\"'\nfetched: null\n"
        );
    }

    #[test]
    fn the_label_is_relative_to_the_root() {
        assert_eq!(
            relative(Path::new("/p/spec/../spec/a.yaml"), Path::new("/p/spec/..")),
            "spec/a.yaml"
        );
        assert_eq!(
            relative(Path::new("spec/a.yaml"), Path::new("")),
            "spec/a.yaml"
        );
    }
}
