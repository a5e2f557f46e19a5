//! The committed `generated/` must equal what the spec generates today.
//! When it does not, this test rewrites it, fails, and says to commit it.

use std::path::Path;

#[test]
fn generated_files_match_the_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = codegen::generate(&root.join("spec/doit-api.yaml"), "spec/doit-api.yaml")
        .unwrap_or_else(|e| panic!("generation failed: {e}"));
    let dir = root.join("generated");
    let drifts = codegen::check::drift(&dir, &output.files).unwrap_or_else(|e| panic!("{e}"));
    if drifts.is_empty() {
        return;
    }
    codegen::check::refresh(&dir, &output.files, &drifts).unwrap_or_else(|e| panic!("{e}"));
    let summary: Vec<String> = drifts.iter().map(ToString::to_string).collect();
    panic!(
        "generated/ was stale and has been refreshed; review and commit it:\n\n{}\n\n{} file(s) changed; run `git add generated && git commit`.",
        summary.join("\n"),
        drifts.len()
    );
}
