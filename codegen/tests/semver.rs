//! `codegen diff`'s client verdict agrees with cargo-semver-checks on the
//! generated crates: each case of scripts/semver/cases.json edits
//! scripts/semver/base.yaml one way, and its `judge` is what
//! cargo-semver-checks (or a caller compiled against both crates, where it
//! has no lint) found when `scripts/semver.py --record` last ran. The
//! judges are slow (rustdoc JSON per crate), so they are recorded; the
//! diff's side runs here on every `cargo test`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

use codegen::diff::{diff, Bump, Bumps};

fn api(text: &str) -> codegen::model::Api {
    let spec = codegen::load::parse(text.as_bytes(), "items.yaml").expect("parses");
    codegen::model::build(&spec, &codegen::Config::new("items.yaml", "items")).expect("builds")
}

#[test]
fn client_bumps_agree_with_the_recorded_cargo_semver_checks_verdicts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/semver");
    let base = std::fs::read_to_string(dir.join("base.yaml")).expect("base.yaml");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).expect("cases"))
            .expect("cases.json is JSON");
    assert!(
        doc["cargo_semver_checks"]
            .as_str()
            .is_some_and(|v| v.starts_with("cargo-semver-checks")),
        "cases.json records the cargo-semver-checks version that judged"
    );
    let cases = doc["cases"].as_array().expect("a list of cases");
    assert!(cases.len() >= 19, "{} cases", cases.len());
    let (old, mut majors) = (api(&base), 0);
    for case in cases {
        let name = case["name"].as_str().expect("a name");
        let from = case["old"].as_str().expect("old text");
        assert!(base.contains(from), "{name}: base.yaml has its old text");
        let edited = base.replacen(from, case["new"].as_str().expect("new text"), 1);
        let judged = case["judge"]["major"].as_bool().unwrap_or_else(|| {
            panic!("{name}: no recorded verdict; run scripts/semver.py --record")
        });
        let changes = diff(&old, &api(&edited));
        assert!(!changes.is_empty(), "{name}: the diff sees the edit");
        let client = Bumps::overall(&changes).expect("changes").client;
        assert_eq!(
            client == Bump::Major,
            judged,
            "{name}: codegen diff says a {} release of the client; the judge ({}: {}) says {}",
            client.as_str(),
            case["judge"]["tool"],
            case["judge"]["evidence"],
            if judged { "major" } else { "not major" }
        );
        majors += usize::from(judged);
    }
    // Both verdicts occur: the test can tell a wrong "major" from a wrong "not".
    assert!(
        majors > 0 && majors < cases.len(),
        "{majors} of {}",
        cases.len()
    );
}
