//! An OpenAPI-driven code generator: a spec in, a typed Rust client and a
//! clap CLI out.
//!
//! The pipeline flows one way: [`load`] reads the spec, [`model`] decides
//! every type and name, [`emit`] turns the model into tokens, and [`write`]
//! formats and writes them. The `codegen` binary, `build.rs` and the tests
//! all call [`generate`].

pub mod check;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod naming;
pub mod text;
pub mod write;

use std::path::Path;

pub use error::{Error, Warning};
pub use write::GeneratedFile;

/// The result of a generator run.
#[derive(Debug, Clone)]
pub struct Output {
    /// Files to write, relative to the output directory, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Places where the spec was typed less precisely than it describes.
    pub warnings: Vec<Warning>,
}

/// Generates every file from the spec at `spec_path`. `source` is the path
/// shown in file headers (relative to the repository, never absolute).
pub fn generate(spec_path: &Path, source: &str) -> Result<Output, Error> {
    let spec = load::load(spec_path)?;
    generate_from(&spec, source)
}

/// Generates every file from a parsed spec.
pub fn generate_from(spec: &openapiv3::OpenAPI, source: &str) -> Result<Output, Error> {
    let api = model::build(spec, source)?;
    let mut files = vec![
        write::rust_file("cli.rs", source, emit::cli::emit(&api))?,
        write::rust_file("client.rs", source, emit::client::emit(&api))?,
        write::rust_file("types.rs", source, emit::types::emit(&api))?,
    ];
    files.extend(emit::docs::emit(&api));
    Ok(Output {
        files,
        warnings: api.warnings,
    })
}
