//! `spec/source.yaml` records where `spec/doit-api.yaml` comes from; its
//! digest and size must be those of the file vendored, so that replacing
//! the spec without saying where the new one came from fails.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test panics

use sha2::{Digest, Sha256};

#[test]
fn the_recorded_source_matches_the_vendored_spec() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("spec");
    let source: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("source.yaml")).unwrap()).unwrap();
    let spec = std::fs::read(root.join(source["spec"].as_str().unwrap())).unwrap();
    let digest: String = Sha256::digest(&spec)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        source["sha256"].as_str(),
        Some(digest.as_str()),
        "spec/source.yaml: the spec changed; record where the new one came from"
    );
    assert_eq!(source["bytes"].as_u64(), Some(spec.len() as u64));
    assert_eq!(
        source["url"].as_str(),
        Some("https://api.doit.com/openapi.yaml")
    );
}
