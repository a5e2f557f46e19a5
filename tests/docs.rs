//! Reference pages: the cancel-invite page holds the published seed page's
//! content in order, and every command has a page linked from the index.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::path::Path;

fn generate() -> codegen::Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    codegen::generate(
        &root.join("spec/doit-api.yaml"),
        &codegen::Config::new("spec/doit-api.yaml", "dci"),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A line as rendered text: Markdown markers, code spans, escapes and
/// repeated whitespace removed.
fn normalize(line: &str) -> String {
    let line = line.trim();
    let line = line.trim_start_matches('#').trim_start();
    let line = line.strip_prefix("- ").unwrap_or(line);
    let line = line
        .replace('`', "")
        .replace("\\{", "{")
        .replace("\\}", "}");
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn cancel_invite_page_holds_the_seed_page_in_order() {
    let output = generate();
    let page = output
        .files
        .iter()
        .find(|f| f.path == "docs/users/cancel-invite.md")
        .expect("docs/users/cancel-invite.md is generated");
    let text: Vec<String> = page
        .contents
        .lines()
        .filter(|l| !l.trim_start().starts_with("```") && !l.starts_with("<!--"))
        .map(normalize)
        .filter(|l| !l.is_empty())
        .collect();
    let text = text.join(" ");
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed/cancel-invite-reference-page.txt"),
    )
    .expect("seed page");
    // The first line is the site's "skip to content" link: page chrome.
    let mut cursor = 0;
    let mut checked = 0;
    for line in seed
        .lines()
        .skip(1)
        .map(normalize)
        .filter(|l| !l.is_empty())
    {
        match text[cursor..].find(&line) {
            Some(at) => cursor += at + line.len(),
            None => panic!(
                "seed line {line:?} is missing (or out of order) after:\n{}",
                &text[cursor.saturating_sub(200)..cursor]
            ),
        }
        checked += 1;
    }
    assert!(checked > 100, "the seed has its content lines");
}

#[test]
fn every_command_has_a_page_linked_from_the_index() {
    let output = generate();
    let index = output
        .files
        .iter()
        .find(|f| f.path == "docs/README.md")
        .expect("index");
    let spec =
        codegen::load::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/doit-api.yaml"))
            .expect("spec");
    let api = codegen::model::build(&spec, &codegen::Config::new("spec/doit-api.yaml", "dci"))
        .expect("model");
    assert_eq!(api.operations.len(), 170);
    for op in &api.operations {
        let path = format!("docs/{}", op.names.doc_path);
        let page = output
            .files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("{path} missing"));
        assert!(page.contents.contains(&format!("# {}\n", op.names.command)));
        assert!(
            page.contents.contains(&op.docs.long_about),
            "{path}: the page carries --help's text"
        );
        for param in &op.params {
            assert!(
                page.contents.contains(&format!(
                    "{}: (",
                    if param.location == codegen::model::ParamLocation::Path {
                        param.wire.clone()
                    } else {
                        format!("--{}", param.flag)
                    }
                )),
                "{path}: {}",
                param.wire
            );
        }
        let link = format!("| [{}]({}) | ", op.names.command, op.names.doc_path);
        assert!(index.contents.contains(&link), "index lacks {link}");
    }
    assert!(
        output
            .files
            .iter()
            .any(|f| f.path.starts_with("docs/budget-suggestions/")),
        "multi-word tags are kebab-cased"
    );
}

#[path = "../codegen/tests/support/flag_texts.rs"]
mod flag_texts;

#[test]
fn every_page_lists_the_flags_and_texts_of_its_help() {
    let output = generate();
    let root = dci::app::command();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in output
        .files
        .iter()
        .filter(|f| f.path.starts_with("docs/") && f.path != "docs/README.md")
        .filter(|f| !f.path.starts_with("docs/schemas/"))
    {
        let Some(name) = file.contents.lines().find_map(|l| l.strip_prefix("# ")) else {
            continue;
        };
        let command = root
            .find_subcommand(name)
            .unwrap_or_else(|| panic!("{}: no command '{name}'", file.path));
        checked += 1;
        wrong.extend(flag_texts::mismatch(&file.contents, command));
    }
    assert_eq!(checked, 170, "one page per command");
    assert!(
        wrong.is_empty(),
        "{} pages differ from --help:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_schema_link_leads_to_a_page_that_shows_the_schema() {
    let output = generate();
    let pages: std::collections::BTreeMap<&str, &str> = output
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let mut links = 0;
    for (path, contents) in &pages {
        for line in contents
            .lines()
            .filter(|l| l.starts_with("Schemas shown by `$ref`: "))
        {
            // [`Name`](../schemas/name.md), ...
            for link in line.split("[`").skip(1) {
                let (name, rest) = link.split_once("`](../").expect("a link");
                let target = format!("docs/{}", rest.split(')').next().unwrap_or_default());
                let page = pages
                    .get(target.as_str())
                    .unwrap_or_else(|| panic!("{path}: {target} does not exist"));
                assert!(
                    page.contains(&format!("# {name}\n")),
                    "{target} is not {name}'s page"
                );
                let shown = format!("\"$ref\": \"#/components/schemas/{name}\"");
                assert!(
                    contents.contains(&shown),
                    "{path} links {name} but does not show its $ref"
                );
                links += 1;
            }
        }
    }
    assert!(links > 20, "{links} links");
}
