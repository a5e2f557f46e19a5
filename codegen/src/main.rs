//! `codegen`: generate the client and CLI modules from an OpenAPI spec.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: codegen generate --spec <FILE> --out <DIR>

Generates the typed client, CLI and types modules from an OpenAPI 3 description.

Options:
  --spec <FILE>  OpenAPI description, YAML or JSON
  --out <DIR>    Directory to write the generated files into
  -h, --help     Print this help

Exit codes: 0 success, 1 the spec could not be read or generated, 2 usage error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let mut spec = None;
    let mut out = None;
    let mut iter = args.iter();
    match iter.next().map(String::as_str) {
        Some("generate") => {}
        other => return usage(&format!("expected the `generate` command, got {other:?}")),
    }
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--spec" => spec = iter.next().map(PathBuf::from),
            "--out" => out = iter.next().map(PathBuf::from),
            other => return usage(&format!("unexpected argument '{other}'")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return usage("both --spec and --out are required");
    };
    let source = spec.display().to_string();
    let output = match codegen::generate(&spec, &source) {
        Ok(output) => output,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    for warning in &output.warnings {
        eprintln!("warning: {warning}");
    }
    match codegen::write::write_files(&out, &output.files) {
        Ok(written) => {
            eprintln!(
                "{} files generated, {} changed",
                output.files.len(),
                written.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
