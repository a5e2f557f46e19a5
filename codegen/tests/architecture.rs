//! ARCHITECTURE.md's module index names every module file of the
//! generator and the runtime, and nothing that is not one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::collections::BTreeSet;
use std::path::Path;

/// Every `.rs` file under `dir`, as a path from the repository's root.
fn rust_files(root: &Path, dir: &str, out: &mut BTreeSet<String>) {
    let entries = std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
    for entry in entries {
        let entry = entry.expect("reads the directory");
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{dir}/{name}");
        if entry.file_type().expect("has a type").is_dir() {
            rust_files(root, &path, out);
        } else if name.ends_with(".rs") {
            out.insert(path);
        }
    }
}

/// The paths the module index's rows name (`| \`codegen/...rs\` | ...`).
fn indexed(map: &str) -> BTreeSet<String> {
    let index = map
        .split("\n## Module index\n")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Module index\" section");
    index
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|row| row.split_once('`'))
        .map(|(path, _)| path.to_string())
        .collect()
}

#[test]
fn the_module_index_names_every_module_file_and_only_those() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("reads ARCHITECTURE.md");
    let mut files = BTreeSet::new();
    rust_files(&root, "codegen/src", &mut files);
    rust_files(&root, "codegen/runtime", &mut files);
    assert!(files.len() > 100, "found only {} module files", files.len());
    let named = indexed(&map);
    let missing: Vec<_> = files.difference(&named).collect();
    let stale: Vec<_> = named.difference(&files).collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's module index does not name {missing:?}: add a row for each"
    );
    assert!(
        stale.is_empty(),
        "ARCHITECTURE.md's module index names {stale:?}, which are not module files"
    );
}

#[test]
fn every_stage_states_its_invariant() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("reads ARCHITECTURE.md");
    let stages = map
        .split("\n## Stages\n")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("ARCHITECTURE.md has a \"## Stages\" section");
    // Each stage is a paragraph opening with its directory in bold.
    for stage in stages.split("\n\n**`").skip(1) {
        let name = stage.split('`').next().unwrap_or_default();
        assert!(
            stage.contains("Architecture invariant:"),
            "the stage {name} in ARCHITECTURE.md states no \"Architecture invariant:\""
        );
    }
}

/// The Rust source of `path` and every file under `path`'s directory of the
/// same name (`emit/client.rs` and `emit/client/`), comments left out.
fn module_code(root: &Path, path: &str) -> Vec<(String, String)> {
    let mut files = BTreeSet::from([path.to_string()]);
    let dir = path.trim_end_matches(".rs");
    if root.join(dir).is_dir() {
        rust_files(root, dir, &mut files);
    }
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(root.join(&file)).expect("reads the module");
            let code: Vec<&str> = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            (file, code.join("\n"))
        })
        .collect()
}

#[test]
fn the_client_emitter_never_uses_the_cli_emitter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let client = module_code(&root, "codegen/src/emit/client.rs");
    assert!(client.len() > 1, "the client emitter's files: {client:?}");
    for (file, code) in client {
        for path in ["super::cli", "emit::cli", "super::super::cli", "emit::{cli"] {
            assert!(!code.contains(path), "{file} uses the CLI emitter ({path})");
        }
    }
}

#[test]
fn the_model_passes_run_in_the_order_the_map_gives() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("reads ARCHITECTURE.md");
    let line = map
        .lines()
        .find_map(|l| l.trim().strip_prefix("Model passes: "))
        .expect("ARCHITECTURE.md lists \"Model passes: \"");
    let listed: Vec<&str> = line
        .trim_end_matches('.')
        .split(" → ")
        .map(|p| p.trim_matches('`'))
        .collect();
    let run: Vec<&str> = codegen::model::passes::ORDER
        .iter()
        .map(|p| p.name())
        .collect();
    assert_eq!(
        listed, run,
        "ARCHITECTURE.md's model passes and passes::ORDER differ"
    );
}
