//! Generates every fixture spec in `../specs` into `OUT_DIR/<fixture>/`.

use std::path::Path;

fn main() {
    let specs = Path::new("../specs");
    println!("cargo:rerun-if-changed=../specs");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let mut entries: Vec<_> = std::fs::read_dir(specs)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", specs.display())))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    entries.sort();
    for spec in entries {
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = format!(
            "codegen/tests/specs/{}",
            spec.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
        let output = codegen::generate(&spec, &codegen::Config::new(source, stem.clone()))
            .unwrap_or_else(|e| fail(&e.to_string()));
        codegen::write::write_files(&Path::new(&out_dir).join(&stem), &output.files)
            .unwrap_or_else(|e| fail(&e.to_string()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
