//! The committed `generated/` must equal what the spec generates today.
//! When it does not, these tests rewrite it, fail, and say to commit it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::{Path, PathBuf};

use codegen::check::{drift, refresh, Drift};
use codegen::GeneratedFile;

fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("generated")
}

/// Refreshes `dir` and fails with a readable summary when it drifted.
fn require_fresh(dir: &Path, files: &[GeneratedFile], drifts: Vec<Drift>, what: &str) {
    if drifts.is_empty() {
        return;
    }
    refresh(dir, files, &drifts).unwrap_or_else(|e| panic!("{e}"));
    let summary: Vec<String> = drifts.iter().map(ToString::to_string).collect();
    panic!(
        "{what} was stale and has been refreshed (as `cargo test --test generated` does); review and commit it:\n\n{}\n\n{} file(s) changed; run `git add generated && git commit`.",
        summary.join("\n"),
        drifts.len()
    );
}

#[test]
fn generated_files_match_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = codegen::generate(
        &root.join("spec/doit-api.yaml"),
        &codegen::Config::new("spec/doit-api.yaml", "dci")
            .customize(&root.join("spec/dci.yaml"))
            .unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let dir = generated_dir();
    let drifts =
        drift(&dir, &output.files, &["man", "reference"]).unwrap_or_else(|e| panic!("{e}"));
    require_fresh(&dir, &output.files, drifts, "generated/");
}

/// The exit codes page is printed from the runtime's table, as `--help`'s is.
#[test]
fn the_exit_codes_page_matches_the_runtime() {
    let files = vec![GeneratedFile {
        path: "exit-codes.md".to_string(),
        contents: dci::runtime::cli::exit_codes_page("dci"),
    }];
    assert!(files[0].contents.contains("| 20 | `NOT_FOUND` |"));
    let dir = generated_dir().join("reference");
    let drifts = drift(&dir, &files, &[]).unwrap_or_else(|e| panic!("{e}"));
    require_fresh(&dir, &files, drifts, "generated/reference/");
}

#[test]
fn man_pages_match_the_cli() {
    let files: Vec<GeneratedFile> = dci::app::man_pages()
        .into_iter()
        .map(|(name, page)| GeneratedFile {
            path: name,
            contents: String::from_utf8(page).expect("man pages are UTF-8"),
        })
        .collect();
    assert!(files.len() > 170, "dci.1 and a page per command");
    let dir = generated_dir().join("man");
    let drifts = drift(&dir, &files, &[]).unwrap_or_else(|e| panic!("{e}"));
    require_fresh(&dir, &files, drifts, "generated/man/");
}
