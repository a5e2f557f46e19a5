//! Lists the runtime's source files for `emit::krate`, which copies them
//! into every generated crate: a file added under `runtime/` is shipped
//! without anyone keeping a list.

use std::path::{Path, PathBuf};

/// The runtime's root files, which `emit::krate` writes its own way.
const ROOT_FILES: &[&str] = &["mod.rs", "values.rs", "value.rs", "fields.rs"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    println!("cargo:rerun-if-changed=runtime");
    let mut files = Vec::new();
    walk(&root, &mut files)?;
    files.sort();
    let mut list = String::from("&[\n");
    for file in files {
        let relative = file
            .strip_prefix(&root)?
            .to_string_lossy()
            .replace('\\', "/");
        if ROOT_FILES.contains(&relative.as_str()) {
            continue;
        }
        let path = format!("src/runtime/{relative}");
        list.push_str(&format!(
            "    ({path:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    list.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("runtime_files.rs");
    std::fs::write(out, list)?;
    Ok(())
}

/// Every `.rs` file under `dir`.
fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(())
}
