//! The text emitters format themselves is what their tokens format to:
//! every spec here generated in check mode, each preformatted item formatted
//! both ways and compared. `PREFORMATTED_SPECS` (paths separated by `:`)
//! adds specs, such as GitHub's (`scripts/bench.py` documents where to get
//! it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::{Path, PathBuf};

use codegen::write::preformatted;

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![
        root.join("../spec/doit-api.yaml"),
        root.join("../../shared/specs/nexus.json"),
    ];
    for dir in ["tests/specs", "tests/real-world"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("the specs' directory")
            .map(|e| e.expect("an entry").path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            })
            .collect();
        found.sort();
        specs.extend(found);
    }
    if let Ok(more) = std::env::var("PREFORMATTED_SPECS") {
        specs.extend(more.split(':').filter(|p| !p.is_empty()).map(PathBuf::from));
    }
    specs.retain(|p| p.exists());
    specs
}

#[test]
fn preformatted_items_are_what_their_tokens_format_to() {
    preformatted::set_check(true);
    let mut report = Vec::new();
    let mut doit = None;
    for spec in specs() {
        for tag_features in [false, true] {
            let config = codegen::Config {
                tag_features,
                ..codegen::Config::new("spec.yaml", "tool")
            };
            // A spec the generator refuses is another test's business.
            let _ = codegen::generate(&spec, &config);
            let mismatches = preformatted::mismatches();
            let (matched, declined) = preformatted::counts();
            report.push(format!(
                "{}{}: {matched} preformatted, {declined} from tokens",
                spec.display(),
                if tag_features {
                    " (a feature per tag)"
                } else {
                    ""
                },
            ));
            if let Some(first) = mismatches.first() {
                panic!(
                    "{}: {} items differ; the first, from tokens then preformatted:\n{first}",
                    spec.display(),
                    mismatches.len()
                );
            }
            if spec.ends_with("doit-api.yaml") && !tag_features {
                doit = Some((matched, declined));
            }
        }
    }
    preformatted::set_check(false);
    eprintln!("{}", report.join("\n"));
    // Most of DoiT's items are the fixed shapes formatted as text.
    let (matched, declined) = doit.expect("DoiT's spec");
    assert!(
        matched > 10 * declined,
        "{matched} preformatted, {declined} from tokens"
    );
}
