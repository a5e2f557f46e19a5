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
    let out = generated_crate("tags");
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
    for tag in tags {
        for features in [tag.to_string(), format!("cli,{tag}")] {
            check(&out, &features);
        }
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Tags named like the generator's own modules (`auth`, `runtime`,
/// `types`, `cli`, `client`, keywords) take modules of their own, and the
/// crate compiles with all of them and its CLI.
#[test]
fn tags_named_like_fixed_modules_compile() {
    let out = generated_crate("module_tags");
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(client.contains("pub mod auth {"), "{client}");
    for module in [
        "auth_2",
        "runtime_2",
        "types_2",
        "cli_2",
        "client_2",
        "type_",
        "self_",
    ] {
        assert!(
            out.join(format!("src/client/{module}.rs")).exists(),
            "client/{module}.rs"
        );
        assert!(
            out.join(format!("src/cli/{module}.rs")).exists(),
            "cli/{module}.rs"
        );
    }
    check(&out, "cli,all");
    let _ = std::fs::remove_dir_all(&out);
}

/// The crate `codegen/tests/specs/<stem>.yaml` generates, in a new
/// temporary directory, with the workspace's lock file.
fn generated_crate(stem: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = tempfile_dir(stem);
    let config = codegen::Config::new(format!("{stem}.yaml"), stem);
    let spec = root.join(format!("codegen/tests/specs/{stem}.yaml"));
    let output = codegen::generate_crate(&spec, &config).expect("generates");
    for file in &output.files {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &file.contents).unwrap();
    }
    // The workspace's lock file pins the versions it builds with.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    out
}

/// `cargo check` of the crate in `out` with only `features`: it compiles
/// with no warning of its own.
fn check(out: &Path, features: &str) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/slices");
    let check = Command::new(env!("CARGO"))
        .args([
            "check",
            "--workspace",
            "--message-format",
            "short",
            "--no-default-features",
        ])
        .args(["--features", features])
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

fn tempfile_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
