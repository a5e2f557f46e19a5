//! Writes dci's man pages into a directory, as `generated/man/` holds them:
//! `cargo run --example man -- generated/man`. `codegen update` runs it
//! after regenerating (`after:` in `spec/source.yaml`), since the pages
//! come from the CLI built from the new spec.

use std::process::ExitCode;

use codegen::check::{drift, refresh};
use codegen::GeneratedFile;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: cargo run --example man -- DIR");
        return ExitCode::from(2);
    };
    let dir = std::path::Path::new(&dir);
    let files: Vec<GeneratedFile> = dci::app::man_pages()
        .into_iter()
        .map(|(path, page)| GeneratedFile {
            path,
            contents: String::from_utf8_lossy(&page).into_owned(),
        })
        .collect();
    let result = drift(dir, &files, &[]).and_then(|drifts| {
        refresh(dir, &files, &drifts)?;
        Ok(drifts.len())
    });
    match result {
        Ok(changed) => {
            eprintln!(
                "{} man pages in {}, {changed} changed",
                files.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
