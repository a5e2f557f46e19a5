//! Each stage of the generator and the whole, on the DoiT spec, nexus.json
//! and (when `CODEGEN_BENCH_LARGE` names it) GitHub's REST spec.
//! Run with `cargo bench -p codegen`; `scripts/bench.py` times whole processes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

/// The specs timed: name and path.
fn specs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![
        ("doit".to_string(), root.join("../spec/doit-api.yaml")),
        ("nexus".to_string(), root.join("benches/specs/nexus.json")),
    ];
    if let Some(large) = std::env::var_os("CODEGEN_BENCH_LARGE") {
        specs.push(("large".to_string(), PathBuf::from(large)));
    }
    specs
}

/// Times each stage on each spec, then the whole pipeline.
fn stages(c: &mut Criterion) {
    for (name, path) in specs() {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let config = codegen::Config::new(format!("{name}.spec"), name.clone());
        let spec = codegen::load::parse(&bytes, &name).expect("parses");
        let api = codegen::model::build(&spec, &config).expect("models");
        let mut group = c.benchmark_group(&name);
        group.sample_size(10);
        group.bench_function("parse", |b| {
            b.iter(|| codegen::load::parse(&bytes, &name).expect("parses"))
        });
        group.bench_function("model", |b| {
            b.iter(|| codegen::model::build(&spec, &config).expect("models"))
        });
        group.bench_function("emit", |b| {
            b.iter(|| {
                // The emitters make their files as they are taken.
                (
                    codegen::emit::types::emit(&api).collect::<Vec<_>>(),
                    codegen::emit::client::emit(&api).collect::<Vec<_>>(),
                    codegen::emit::cli::emit(&api).collect::<Vec<_>>(),
                    codegen::emit::docs::emit(&api).collect::<Vec<_>>(),
                )
            })
        });
        let client: Vec<_> = codegen::emit::client::emit(&api).collect();
        group.bench_function("format client.rs", |b| {
            b.iter(|| codegen::write::finish_all("x", client.clone()).expect("formats"))
        });
        let output = codegen::generate_from(&spec, &config).expect("generates");
        let dir = std::env::temp_dir().join(format!("codegen-bench-{name}-{}", std::process::id()));
        group.bench_function("write (unchanged files)", |b| {
            b.iter(|| codegen::write::write_files(&dir, &output.files).expect("writes"))
        });
        group.bench_function("whole", |b| {
            b.iter(|| codegen::generate_crate(&path, &config).expect("generates"))
        });
        group.finish();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// The macro defines an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, stages);
}
use group::benches;
criterion_main!(benches);
