//! Generates dci's client and CLI modules from `spec/` into `OUT_DIR`, so
//! every build compiles the current spec. The committed copy under
//! `generated/` is kept equal to this output by `tests/generated.rs`.

use std::path::Path;

const SPEC: &str = "spec/doit-api.yaml";
const CUSTOMIZATION: &str = "spec/dci.yaml";

fn main() {
    println!("cargo:rerun-if-changed={SPEC}");
    println!("cargo:rerun-if-changed={CUSTOMIZATION}");
    println!("cargo:rerun-if-changed=build.rs");
    let out_dir = match std::env::var("OUT_DIR") {
        Ok(dir) => dir,
        Err(_) => fail("OUT_DIR is not set; run this through cargo"),
    };
    let config = match codegen::Config::new(SPEC, "dci").customize(Path::new(CUSTOMIZATION)) {
        Ok(config) => config,
        Err(e) => fail(&e.to_string()),
    };
    for overlay in &config.overlays {
        println!("cargo:rerun-if-changed={}", overlay.display());
    }
    let output = match codegen::generate(Path::new(SPEC), &config) {
        Ok(output) => output,
        Err(e) => fail(&e.to_string()),
    };
    for warning in &output.warnings {
        println!("cargo:warning={warning}");
    }
    // The build needs the Rust modules and the catalog and tools they include;
    // the reference pages are checked in under `generated/docs/` by
    // `tests/generated.rs`.
    let mut files = output.files;
    files.retain(|f| {
        f.path.ends_with(".rs")
            || f.path == codegen::emit::catalog::FILE
            || f.path == codegen::emit::tools::FILE
    });
    if let Err(e) = codegen::write::write_files(Path::new(&out_dir), &files) {
        fail(&e.to_string());
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
