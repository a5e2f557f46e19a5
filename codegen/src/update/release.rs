//! The release an update makes: the package's version in `Cargo.toml` (and
//! `Cargo.lock`), and its section at the top of `CHANGELOG.md`.

/// The `[package]` name and version in a `Cargo.toml`'s text.
pub fn package(manifest: &str) -> Option<(String, String)> {
    let mut in_package = false;
    let (mut name, mut version) = (None, None);
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let value = |key: &str| {
            let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
            Some(rest.trim().trim_matches('"').to_string())
        };
        name = name.or_else(|| value("name"));
        version = version.or_else(|| value("version"));
    }
    Some((name?, version?))
}

/// `manifest` with its `[package]` version set to `version`.
pub fn set_version(manifest: &str, version: &str) -> String {
    let mut in_package = false;
    let mut done = false;
    let mut out: Vec<String> = Vec::new();
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        let is_version = trimmed
            .strip_prefix("version")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if in_package && !done && is_version {
            out.push(format!("version = \"{version}\""));
            done = true;
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n") + "\n"
}

/// `lock` with the version of the package `name` at `old` set to `new`.
pub fn set_locked_version(lock: &str, name: &str, old: &str, new: &str) -> String {
    let from = format!("[[package]]\nname = \"{name}\"\nversion = \"{old}\"\n");
    let to = format!("[[package]]\nname = \"{name}\"\nversion = \"{new}\"\n");
    lock.replacen(&from, &to, 1)
}

/// The head of a new changelog.
fn header(program: &str) -> String {
    format!(
        "# Changelog\n\nAll notable changes to {program} are recorded here; `codegen update` adds a\nsection for each release of the API description.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\nand this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n\n## [Unreleased]\n"
    )
}

/// `existing` (or a new changelog) with `section` as the newest release:
/// after `## [Unreleased]` and its notes, before the first release.
pub fn prepend(existing: Option<&str>, program: &str, section: &str) -> String {
    let text = match existing {
        Some(text) if !text.trim().is_empty() => text.to_string(),
        _ => header(program),
    };
    let lines: Vec<&str> = text.lines().collect();
    let first_release = lines
        .iter()
        .position(|l| l.starts_with("## [") && !l.starts_with("## [Unreleased]"));
    let at = first_release.unwrap_or(lines.len());
    let mut head = lines[..at].join("\n");
    let tail = lines[at..].join("\n");
    head = head.trim_end().to_string();
    let mut out = format!("{head}\n\n{}\n", section.trim_end());
    if !tail.is_empty() {
        out.push('\n');
        out.push_str(&tail);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_version_is_read_and_bumped_alone() {
        let manifest = "[workspace]\nversion = \"9\"\n\n[package]\nname = \"dci\"\nversion = \"0.1.0\"\n\n[dependencies]\nx = { version = \"1\" }\n";
        assert_eq!(package(manifest), Some(("dci".into(), "0.1.0".into())));
        let bumped = set_version(manifest, "0.2.0");
        assert_eq!(bumped, manifest.replace("0.1.0", "0.2.0"));
        let lock = "[[package]]\nname = \"dci\"\nversion = \"0.1.0\"\n";
        assert_eq!(
            set_locked_version(lock, "dci", "0.1.0", "0.2.0"),
            lock.replace("0.1.0", "0.2.0")
        );
    }

    #[test]
    fn a_release_goes_after_unreleased_and_before_the_last_release() {
        let first = prepend(None, "dci", "## [0.2.0] - 2026-12-04\n\n### Added\n\n- a\n");
        assert!(first.starts_with("# Changelog\n"));
        assert!(first.contains("## [Unreleased]\n\n## [0.2.0] - 2026-12-04\n"));
        let second = prepend(Some(&first), "dci", "## [0.3.0] - 2026-12-05\n\n- b\n");
        let (a, b, c) = (
            second.find("## [Unreleased]").unwrap(),
            second.find("## [0.3.0]").unwrap(),
            second.find("## [0.2.0]").unwrap(),
        );
        assert!(a < b && b < c, "{second}");
        assert!(second.ends_with("- a\n"));
    }
}
