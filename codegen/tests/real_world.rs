//! Published specs generate: every real-world fixture yields a crate whose
//! Rust files parse, and the refusals a user meets name what is wrong.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

#[test]
fn every_real_world_spec_generates_a_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-world");
    let mut specs: Vec<_> = std::fs::read_dir(&dir)
        .expect("real-world specs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() >= 12, "a dozen real-world specs");
    for spec in specs {
        let name = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let output = codegen::generate_crate(
            &spec,
            &codegen::Config::new(format!("{name}.json"), name.clone()),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        for required in [
            "Cargo.toml",
            "src/lib.rs",
            "src/main.rs",
            "src/runtime/mod.rs",
            "docs/README.md",
        ] {
            assert!(
                output.files.iter().any(|f| f.path == required),
                "{name}: {required}"
            );
        }
        for file in output.files.iter().filter(|f| f.path.ends_with(".rs")) {
            syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{name}/{}: {e}", file.path));
        }
    }
}

#[test]
fn refusals_name_the_node_at_fault() {
    let dir = std::env::temp_dir().join(format!("codegen-refusals-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases = [
        (
            "dangling.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n",
            "#/paths/~1users/get/responses/200/content/application~1json/schema: $ref '#/components/schemas/Nope' not found",
        ),
        ("swagger.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", "Swagger 2.0"),
        ("version.yaml", "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "#/openapi: unsupported OpenAPI version '4.0.0'"),
        ("notyaml.yaml", "openapi: [unclosed\n", "not valid YAML"),
    ];
    for (file, text, expected) in cases {
        let path = dir.join(file);
        std::fs::write(&path, text).expect("write spec");
        let err = codegen::generate(&path, &codegen::Config::new(file, "t")).expect_err(file);
        assert!(err.to_string().contains(expected), "{file}: {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
