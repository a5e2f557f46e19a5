//! The runtime's copy in a generated crate: every file under
//! `codegen/runtime/` (listed by `build.rs`), without dci's unit tests, and
//! without the modules the spec does not need: `login` (an OAuth 2
//! authorization-code sign-in) and `events` (live streams). The runtime
//! marks what those cargo features add with `#[cfg(feature = ...)]`; for a
//! spec without one, the copy leaves out what the feature would compile
//! (the marked items, the modules they declare) and keeps what compiles
//! without it, as if built with the feature off.

use crate::model::Api;
use crate::write::{self, GeneratedFile};

/// The runtime's sources, copied into every generated crate: every `.rs`
/// file under `codegen/runtime/` but its root's, listed by `build.rs`.
const RUNTIME: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));

/// The runtime's root module, copied as it is: it includes `values.rs`,
/// which in a generated crate takes `value` from the types crate.
const RUNTIME_MOD: &str = include_str!("../../../runtime/mod.rs");

/// `values.rs` as the runtime has it: the `value` module itself.
const RUNTIME_VALUES: &str = include_str!("../../../runtime/values.rs");

/// What the types need of the runtime, in the types crate.
const RUNTIME_VALUE: &str = include_str!("../../../runtime/value.rs");

/// How the types are written and read, in the types crate.
const RUNTIME_FIELDS: &str = include_str!("../../../runtime/fields.rs");

/// The types crate's `runtime` module: only `value`.
const TYPES_RUNTIME_MOD: &str = "//! What the types need of the runtime; the rest of the runtime is in the\n//! client crate, which uses this module as its own `runtime::value`.\n\ninclude!(\"values.rs\");\npub use value::{FilePart, ParamValue};\n";

/// The runtime's features a generated crate may lack, with whether `api`
/// needs each.
pub(super) fn features(api: &Api) -> [(&'static str, bool); 2] {
    [
        ("login", api.login.is_some()),
        ("events", api.event_streams()),
    ]
}

/// The runtime's files in the client crate and the types crate.
pub(super) fn files(api: &Api) -> Vec<GeneratedFile> {
    let absent: Vec<&str> = features(api)
        .into_iter()
        .filter(|(_, needed)| !needed)
        .map(|(name, _)| name)
        .collect();
    let header = write::header("//", "the codegen runtime");
    let file = |path: &str, source: &str| GeneratedFile {
        path: path.to_string(),
        contents: format!("{header}{source}"),
    };
    let mut sources: Vec<(&str, String)> = vec![("src/runtime/mod.rs", RUNTIME_MOD.to_string())];
    sources.extend(
        RUNTIME
            .iter()
            .map(|(path, source)| (*path, without_tests(source))),
    );
    for feature in absent {
        sources = without_feature(sources, feature);
    }
    let mut files: Vec<GeneratedFile> = sources
        .iter()
        .map(|(path, source)| file(path, source))
        .collect();
    let values = format!(
        "// The types crate's `value` module, the runtime's own in dci.\npub use {}::runtime::value;\n",
        api.crate_names.types_lib
    );
    files.push(file("src/runtime/values.rs", &values));
    files.push(file("types/src/runtime/mod.rs", TYPES_RUNTIME_MOD));
    files.push(file("types/src/runtime/values.rs", RUNTIME_VALUES));
    files.push(file("types/src/runtime/value.rs", RUNTIME_VALUE));
    files.push(file("types/src/runtime/fields.rs", RUNTIME_FIELDS));
    files
}

/// The runtime's sources as built without `feature`: each item marked
/// `#[cfg(feature = "..")]` left out (with its docs), each
/// `#[cfg(not(feature = ".."))]` mark dropped from the item it keeps, and
/// the files of the modules left out dropped.
fn without_feature<'a>(sources: Vec<(&'a str, String)>, feature: &str) -> Vec<(&'a str, String)> {
    let mut dropped: Vec<String> = Vec::new();
    let mut kept: Vec<(&str, String)> = sources
        .into_iter()
        .map(|(path, source)| {
            let (text, modules) = strip_feature(&source, feature);
            let dir = path
                .strip_suffix("/mod.rs")
                .or_else(|| path.strip_suffix(".rs"));
            let dir = dir.unwrap_or(path);
            dropped.extend(modules.iter().map(|m| format!("{dir}/{m}")));
            (path, text)
        })
        .collect();
    kept.retain(|(path, _)| {
        !dropped.iter().any(|module| {
            *path == format!("{module}.rs") || path.starts_with(&format!("{module}/"))
        })
    });
    kept
}

/// One source without what `feature` compiles, and the modules it no
/// longer declares. The source is as rustfmt writes it: a marked item ends
/// on its first line when that ends in `;`, else at the `}` that closes it
/// at the mark's indentation.
fn strip_feature(source: &str, feature: &str) -> (String, Vec<String>) {
    let on = format!("#[cfg(feature = \"{feature}\")]");
    let off = format!("#[cfg(not(feature = \"{feature}\"))]");
    let mut out = String::with_capacity(source.len());
    let mut modules = Vec::new();
    let mut lines = source.lines();
    let mut removed = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed == off {
            continue;
        }
        if trimmed != on {
            // A removal leaves no blank line doubled, opening a block or
            // closing one.
            let opened = out.is_empty() || out.ends_with("\n\n") || out.ends_with("{\n");
            if removed && trimmed.starts_with('}') && out.ends_with("\n\n") {
                out.pop();
            }
            if !(removed && line.is_empty() && opened) {
                out.push_str(line);
                out.push('\n');
            }
            removed = false;
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let first = lines.by_ref().find(|l| {
            let l = l.trim_start();
            !l.starts_with("///") && !l.starts_with("#[")
        });
        let first = first.unwrap_or_default();
        if let Some(module) = declared_module(first) {
            modules.push(module.to_string());
        }
        if !first.ends_with(';') {
            let closing = |l: &&str| l.strip_prefix(indent).is_some_and(|r| r.starts_with('}'));
            lines.by_ref().find(closing);
        }
        removed = true;
    }
    (out, modules)
}

/// The module a line declares (`mod login;`, any visibility), if it does.
fn declared_module(line: &str) -> Option<&str> {
    let name = line.trim().strip_suffix(';')?.split_once("mod ")?.1;
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then_some(name)
}

/// A runtime source without its unit tests (`#[cfg(test)] mod tests {..}`
/// at the top level, closed by a `}` alone on a line, as rustfmt writes
/// it): they are dci's, and a generated crate ships none.
fn without_tests(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let opens_tests = line == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.starts_with("mod tests {"));
        if opens_tests {
            lines.by_ref().find(|l| *l == "}");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `mod.rs` takes `value` and `fields` from `values.rs` (which a
    /// generated crate replaces), and declares them nowhere else.
    #[test]
    fn the_runtime_takes_the_value_module_from_values_rs() {
        assert!(RUNTIME_MOD.contains("include!(\"values.rs\");"));
        assert_eq!(
            declared_modules(RUNTIME_MOD)
                .iter()
                .filter(|m| **m == "value" || **m == "fields")
                .count(),
            0
        );
        assert_eq!(declared_modules(RUNTIME_VALUES), vec!["fields", "value"]);
        for (path, source) in RUNTIME {
            assert!(!source.contains("\r\n"), "{path} has CRLF line ends");
        }
    }

    /// A generated crate's runtime has none of dci's unit tests, and
    /// loses nothing else: every other line of each file is kept.
    #[test]
    fn runtime_copies_ship_no_tests() {
        let mut stripped = 0;
        for (path, source) in RUNTIME {
            let copy = without_tests(source);
            assert!(!copy.contains("#[cfg(test)]"), "{path} keeps a test");
            stripped += source.lines().count() - copy.lines().count();
            let (before, _) = source
                .split_once("#[cfg(test)]\nmod tests {")
                .unwrap_or((source, ""));
            assert_eq!(
                before.trim_end(),
                copy.trim_end(),
                "{path} lost code that is not a test"
            );
        }
        assert!(stripped > 1000, "{stripped} lines of tests left out");
    }

    /// The modules a runtime source declares (`mod name;`, any visibility).
    fn declared_modules(source: &str) -> Vec<&str> {
        source.lines().filter_map(declared_module).collect()
    }

    /// Every module the runtime declares is copied into a generated crate
    /// at the path rustc looks for it: `src/runtime/cli.rs` declares
    /// `src/runtime/cli/args.rs`, and so on. `value` is the types crate's.
    #[test]
    fn every_declared_runtime_module_is_copied() {
        let all = || {
            let mut sources = vec![("src/runtime/mod.rs", RUNTIME_MOD.to_string())];
            sources.extend(RUNTIME.iter().map(|(p, s)| (*p, s.to_string())));
            sources
        };
        let full = all().len();
        // Whole, and as a crate without each optional module, and both.
        for absent in [&[][..], &["login"], &["events"], &["login", "events"]] {
            let mut sources = all();
            for feature in absent {
                sources = without_feature(sources, feature);
                assert!(sources
                    .iter()
                    .all(|(_, s)| !s.contains(&format!("feature = \"{feature}\""))));
            }
            let paths: Vec<&str> = sources.iter().map(|(path, _)| *path).collect();
            let mut declared = 1; // mod.rs
            for (path, source) in &sources {
                let dir = path
                    .strip_suffix("/mod.rs")
                    .or_else(|| path.strip_suffix(".rs"))
                    .unwrap();
                for module in declared_modules(source) {
                    declared += 1;
                    let child = format!("{dir}/{module}.rs");
                    assert!(
                        paths.contains(&child.as_str()),
                        "{absent:?}: {path} declares {child}"
                    );
                }
            }
            assert_eq!(
                declared,
                paths.len(),
                "{absent:?}: a file no module declares"
            );
            let left_out = full - paths.len();
            // Each optional module is two files: `login.rs` and
            // `login/keychain.rs`; `events.rs` and `cli/context/events.rs`.
            let expected = 2 * absent.len();
            assert_eq!(left_out, expected, "{absent:?}: files left out");
        }
    }

    #[test]
    fn a_feature_s_items_go_and_what_compiles_without_it_stays() {
        let source = "mod a;\n#[cfg(feature = \"x\")]\nmod b;\n\nimpl T {\n    #[cfg(feature = \"x\")]\n    /// Doc.\n    fn f() {\n        g();\n    }\n\n    #[cfg(not(feature = \"x\"))]\n    /// Doc.\n    fn f() {}\n\n    fn h() {\n        #[cfg(feature = \"x\")]\n        if a {\n            b();\n        }\n        c();\n    }\n}\n";
        let (text, modules) = strip_feature(source, "x");
        assert_eq!(
            text,
            "mod a;\n\nimpl T {\n    /// Doc.\n    fn f() {}\n\n    fn h() {\n        c();\n    }\n}\n"
        );
        assert_eq!(modules, vec!["b"]);
    }

    /// The runtime's modules in the order they may use each other: each
    /// uses only those before it (see `runtime/mod.rs`).
    const LAYERS: &[&str] = &[
        "fields", "value", "auth", "request", "pages", "response", "client", "events", "call",
        "curl", "output", "cli",
    ];

    /// The runtime path a line of code uses, from its module down
    /// (`request::Body`): a `use super::` (or `super::super::`) import, or
    /// any `crate::runtime::` path (in a `use` or in an expression).
    fn used_runtime_module(line: &str) -> Option<&str> {
        if line.starts_with("//") {
            return None;
        }
        if let Some((_, path)) = line.split_once("crate::runtime::") {
            return Some(path);
        }
        let used = line
            .strip_prefix("use super::")
            .or_else(|| line.strip_prefix("pub use super::"))
            .or_else(|| line.strip_prefix("pub(crate) use super::"))?;
        Some(used.strip_prefix("super::").unwrap_or(used))
    }

    #[test]
    fn the_layer_check_reads_crate_paths_too() {
        assert_eq!(
            used_runtime_module("let s: crate::runtime::Security = x;"),
            Some("Security = x;")
        );
        assert_eq!(
            used_runtime_module("use crate::runtime::cli::Lazy;"),
            Some("cli::Lazy;")
        );
        assert_eq!(
            used_runtime_module("use super::super::request::Body;"),
            Some("request::Body;")
        );
        assert_eq!(used_runtime_module("// crate::runtime::cli"), None);
    }

    /// No runtime module uses one after it in [`LAYERS`], so that the
    /// runtime has no import cycle (`request` once used `response`, which
    /// used `request`).
    #[test]
    fn runtime_modules_use_only_earlier_layers() {
        let mut sources = vec![
            ("src/runtime/fields.rs", RUNTIME_FIELDS),
            ("src/runtime/value.rs", RUNTIME_VALUE),
        ];
        sources.extend(RUNTIME.iter().copied());
        for (path, source) in sources {
            let name = path
                .strip_prefix("src/runtime/")
                .and_then(|p| p.split(['/', '.']).next())
                .unwrap();
            let layer = LAYERS.iter().position(|l| *l == name).unwrap();
            for line in without_tests(source).lines().map(str::trim) {
                let Some(used) = used_runtime_module(line) else {
                    continue;
                };
                let Some(position) = LAYERS.iter().position(|l| {
                    used.starts_with(&format!("{l}::")) || used.starts_with(&format!("{l};"))
                }) else {
                    continue;
                };
                // A module may name its own layer (`crate::runtime::cli::..` in `cli`).
                assert!(position <= layer, "{path} uses {used}");
            }
        }
    }
}
