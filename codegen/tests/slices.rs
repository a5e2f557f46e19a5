//! A crate compiled a slice at a time (issue 20): each tag of
//! `specs/tags.yaml` is a cargo feature, and each one alone, with and
//! without the CLI, checks with no warning from the generated crates (no
//! type left unused, none missing). `cargo check` runs on the generated
//! crate in a target directory of its own under the workspace's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;
use std::process::Command;

#[test]
fn each_tag_alone_compiles_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = tempfile_dir("slices");
    let config = codegen::Config::new("tags.yaml", "tags");
    let output = codegen::generate_crate(&root.join("codegen/tests/specs/tags.yaml"), &config)
        .expect("generates");
    for file in &output.files {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
    }
    // The workspace's lock file pins the versions it builds with.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let tags = ["repos", "users", "team-settings", "other"];
    assert!(
        manifest
            .contains(r#"all = ["tags-types/all", "repos", "users", "team-settings", "other"]"#),
        "{manifest}"
    );
    let types = std::fs::read_to_string(out.join("types/src/types.rs")).unwrap();
    // Each type behind the features of the operations that reach it.
    for (ty, gate) in [
        ("Team", r#"#[cfg(feature = "team-settings")]"#),
        (
            "Owner",
            r#"#[cfg(any(feature = "repos", feature = "users"))]"#,
        ),
        (
            "Member",
            r#"#[cfg(any(feature = "users", feature = "team-settings"))]"#,
        ),
    ] {
        let at = types.find(&format!("pub struct {ty} ")).expect(ty);
        let before = &types[..at];
        let last_cfg = before.rfind("#[cfg(").expect("a cfg");
        assert!(
            before[last_cfg..].starts_with(gate),
            "{ty}: {}",
            &before[last_cfg..]
        );
    }
    let target = root.join("target/slices");
    for tag in tags {
        for features in [tag.to_string(), format!("cli,{tag}")] {
            let check = Command::new(env!("CARGO"))
                .args([
                    "check",
                    "--workspace",
                    "--message-format",
                    "short",
                    "--no-default-features",
                ])
                .args(["--features", &features])
                .arg("--manifest-path")
                .arg(out.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", &target)
                .output()
                .expect("cargo runs");
            let stderr = String::from_utf8_lossy(&check.stderr);
            assert!(check.status.success(), "--features {features}:\n{stderr}");
            // Warnings from dependencies are capped: any left are the crate's.
            let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
            assert!(
                warnings.is_empty(),
                "--features {features}:\n{}",
                warnings.join("\n")
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
