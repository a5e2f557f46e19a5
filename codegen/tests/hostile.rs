//! Hostile specs: text and names chosen to break out of comments, strings
//! and attributes are generated, never refused, and the output holds
//! nothing but what the spec describes. `fixtures-compiled` compiles the
//! same fixture, so the result is also known to build.

use std::path::{Component, Path};

use proc_macro2::{TokenStream, TokenTree};

const HOSTILE: &str = "tests/specs/hostile.json";

/// Unicode bidirectional controls: none may reach a generated file.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Every identifier in a token stream, outside literals and doc strings.
fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), out),
            _ => {}
        }
    }
}

#[test]
fn hostile_text_and_names_are_escaped_or_renamed_never_injected() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let config = codegen::Config::new(HOSTILE, "hostile");
    let output = codegen::generate_crate(&spec, &config).expect("a hostile spec still generates");
    let mut rust_files = 0;
    for file in &output.files {
        let path = Path::new(&file.path);
        assert!(
            path.components().all(|c| matches!(c, Component::Normal(_))),
            "{} leaves the output directory",
            file.path
        );
        assert!(
            !file.contents.chars().any(is_bidi_control),
            "{} holds a bidi control",
            file.path
        );
        assert!(!file.contents.contains('\0'), "{} holds a NUL", file.path);
        if !file.path.ends_with(".rs") || file.path.contains("runtime/") {
            continue;
        }
        rust_files += 1;
        let tokens: TokenStream = file
            .contents
            .parse()
            .unwrap_or_else(|e| panic!("{} does not lex: {e}", file.path));
        syn::parse_file(&file.contents)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", file.path));
        let mut names = Vec::new();
        idents(tokens, &mut names);
        assert!(
            !names.iter().any(|n| n == "injected"),
            "{}: text from the spec became code",
            file.path
        );
        // Rustdoc runs indented and fenced Rust blocks as doctests: no spec
        // prose may become one.
        let mut in_fence = false;
        let mut previous_blank = true;
        for line in file.contents.lines() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                previous_blank = true;
                continue;
            };
            let text = doc.strip_prefix(' ').unwrap_or(doc);
            if text.trim_start().starts_with("```") {
                if !in_fence {
                    assert_eq!(
                        text.trim(),
                        "```text",
                        "{}: a fence that rustdoc would run",
                        file.path
                    );
                }
                in_fence = !in_fence;
            } else if !in_fence && previous_blank {
                assert!(
                    !text.starts_with("    ") && !text.starts_with('\t'),
                    "{}: an indented block rustdoc would run: {text}",
                    file.path
                );
            }
            previous_blank = text.trim().is_empty() && !in_fence;
        }
    }
    assert_eq!(
        rust_files, 5,
        "lib.rs, main.rs, types.rs, client.rs, cli.rs"
    );
}

#[test]
fn names_differing_only_by_case_or_punctuation_stay_distinct() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join(HOSTILE);
    let output =
        codegen::generate(&spec, &codegen::Config::new(HOSTILE, "hostile")).expect("generates");
    let types = output
        .files
        .iter()
        .find(|f| f.path == "types.rs")
        .expect("types.rs");
    let file = syn::parse_file(&types.contents).expect("parses");
    let mut seen = std::collections::BTreeSet::new();
    for item in &file.items {
        let name = match item {
            syn::Item::Struct(s) => s.ident.to_string(),
            syn::Item::Enum(e) => e.ident.to_string(),
            syn::Item::Type(t) => t.ident.to_string(),
            _ => continue,
        };
        assert!(seen.insert(name.clone()), "{name} is declared twice");
        assert!(
            name.len() <= 200,
            "a 10,000-character name is shortened: {} chars",
            name.len()
        );
    }
    // `Self`, `Option`, `Evil Enum`, `evil-enum`, `EvilEnum` and the long name.
    assert!(seen.len() >= 6, "{seen:?}");
}
