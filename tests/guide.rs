//! The README and the guide under `docs/` say what is true: every `dci`
//! command line in a shell block names a command and flags dci's catalog
//! has, every Rust block is a compiled example, every link leads somewhere.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The README and every page of the guide.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![Path::new(ROOT).join("README.md")];
    let mut guide: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    guide.sort();
    pages.extend(guide);
    pages
}

/// A page's fenced blocks: the fence's language, the first line's number
/// and the text.
fn blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        match (open.as_mut(), line.strip_prefix("```")) {
            (None, Some(language)) => {
                open = Some((language.to_string(), number + 2, String::new()))
            }
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some((_, _, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// A shell line without its `# comment` (a `#` outside quotes after a space).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return &line[..at],
            _ => {}
        }
        previous = c;
    }
    line
}

/// dci's own catalog (`dci commands --json`), from the binary.
fn catalog() -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dci"))
        .args(["commands", "--json"])
        .output()
        .expect("runs dci");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the catalog is JSON")
}

/// The long and short names of a list of catalog flags.
fn flag_names(flags: &Value) -> BTreeSet<String> {
    let flags = flags.as_array().map(Vec::as_slice).unwrap_or_default();
    flags
        .iter()
        .flat_map(|f| [f.get("name"), f.get("short")])
        .filter_map(|n| n.and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// Why one `dci ...` line does not parse as the catalog says, if it does not.
fn line_fault(words: &[String], catalog: &Value) -> Option<String> {
    let commands = catalog["commands"].as_array().expect("commands");
    let mut allowed = flag_names(&catalog["global_flags"]);
    allowed.extend(["--help", "-h", "--version", "-V"].map(String::from));
    let rest: Vec<&String> = words.iter().skip(1).collect();
    let Some(at) = rest.iter().position(|w| !w.starts_with('-')) else {
        return rest
            .iter()
            .find(|w| !allowed.contains(w.as_str()))
            .map(|w| format!("no global flag {w}"));
    };
    let two = rest.get(at + 1).map(|next| format!("{} {next}", rest[at]));
    let named = |name: &str| commands.iter().find(|c| c["name"] == name);
    let (command, after) = match two.as_deref().and_then(named) {
        Some(command) => (Some(command), at + 2),
        None => (named(rest[at]), at + 1),
    };
    let is_group = commands.iter().any(|c| {
        c["group"]
            .as_str()
            .map(|g| g.to_lowercase().replace(' ', "-"))
            == Some(rest[at].to_string())
    });
    match command {
        Some(command) => allowed.extend(flag_names(&command["flags"])),
        None if is_group && rest.len() == at + 1 => return None,
        None => return Some(format!("no command {}", rest[at])),
    }
    let flags = rest.iter().take(at).chain(rest.iter().skip(after));
    let unknown = flags
        .filter(|w| w.starts_with('-') && w.len() > 1)
        .map(|w| w.split('=').next().unwrap_or(w))
        .find(|w| !allowed.contains(*w));
    unknown.map(|flag| format!("{} takes no {flag}", rest[at]))
}

#[test]
fn every_dci_command_line_in_the_guide_names_what_the_catalog_has() {
    let catalog = catalog();
    let mut checked = 0;
    let mut faults = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("reads the page");
        for (language, first, body) in blocks(&text) {
            if !matches!(language.as_str(), "sh" | "bash" | "console") {
                continue;
            }
            for (offset, line) in body.lines().enumerate() {
                let words = shlex::split(without_comment(line)).unwrap_or_default();
                let words: Vec<String> =
                    words.into_iter().skip_while(|w| w.contains('=')).collect();
                if words.first().map(String::as_str) != Some("dci") {
                    continue;
                }
                checked += 1;
                if let Some(fault) = line_fault(&words, &catalog) {
                    faults.push(format!(
                        "{}:{}: {fault}: {line}",
                        page.display(),
                        first + offset
                    ));
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} dci command lines found");
    assert!(
        faults.is_empty(),
        "command lines dci would refuse:\n{}",
        faults.join("\n")
    );
}

#[test]
fn the_line_check_refuses_a_command_or_flag_dci_lacks() {
    let catalog = catalog();
    let words = |line: &str| shlex::split(line).expect("splits");
    assert_eq!(
        line_fault(&words("dci list-alerts --all -o json"), &catalog),
        None
    );
    assert_eq!(
        line_fault(&words("dci customer-context set cust-9"), &catalog),
        None
    );
    assert_eq!(line_fault(&words("dci alerts"), &catalog), None);
    assert_eq!(
        line_fault(&words("dci list-alertz"), &catalog).as_deref(),
        Some("no command list-alertz")
    );
    assert_eq!(
        line_fault(&words("dci list-alerts --bogus=1"), &catalog).as_deref(),
        Some("list-alerts takes no --bogus")
    );
}

#[test]
fn every_rust_block_is_a_compiled_example() {
    let examples: Vec<String> = std::fs::read_dir(Path::new(ROOT).join("examples"))
        .expect("examples/")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("reads"))
        .collect();
    let mut rust = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("reads the page");
        for (language, first, body) in blocks(&text) {
            if language == "rust" {
                rust += 1;
                assert!(
                    examples.contains(&body),
                    "{}:{first}: this Rust block is no file of examples/ (which `cargo test` compiles)",
                    page.display()
                );
            }
        }
    }
    assert!(rust >= 2, "only {rust} Rust blocks found");
}

/// A heading's anchor as GitHub and mdBook make it.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a Markdown file's headings.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut anchors = BTreeSet::new();
    for line in text.lines() {
        fenced ^= line.starts_with("```");
        if let (false, Some(heading)) = (fenced, line.strip_prefix('#')) {
            anchors.insert(slug(heading.trim_start_matches('#')));
        }
    }
    anchors
}

#[test]
fn every_link_leads_to_a_file_and_heading_that_exist() {
    let mut links = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("reads the page");
        let mut fenced = false;
        for line in text.lines() {
            fenced ^= line.starts_with("```");
            for target in line
                .split("](")
                .skip(1)
                .filter_map(|r| r.split_once(')').map(|(t, _)| t))
            {
                if fenced || target.starts_with("http") || target.starts_with("mailto:") {
                    continue;
                }
                links += 1;
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let path = match file {
                    "" => page.clone(),
                    file => page.parent().expect("a folder").join(file),
                };
                assert!(
                    path.exists(),
                    "{}: the link {target} leads nowhere",
                    page.display()
                );
                if !anchor.is_empty() && (file.is_empty() || file.ends_with(".md")) {
                    let target_text = std::fs::read_to_string(&path).expect("reads the target");
                    assert!(
                        anchors(&target_text).contains(anchor),
                        "{}: the link {target}: no such heading",
                        page.display()
                    );
                }
            }
        }
    }
    assert!(links >= 20, "only {links} links found");
}

/// The YAML blocks of a guide page.
fn yaml_blocks(page: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ROOT).join(page)).expect("reads the page");
    let blocks = blocks(&text)
        .into_iter()
        .filter(|(language, _, _)| language == "yaml");
    blocks.map(|(_, _, body)| body).collect()
}

#[test]
fn the_customising_page_s_files_read_and_apply() {
    let yaml = yaml_blocks("docs/customising.md");
    assert_eq!(yaml.len(), 2, "a customisation file and an overlay");
    // The customisation file, beside the overlay it names, generates dci.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let overlay = Path::new(ROOT).join("spec/dci.overlay.yaml");
    std::fs::copy(overlay, dir.path().join("dci.overlay.yaml")).expect("copies the overlay");
    std::fs::write(dir.path().join("dci.yaml"), &yaml[0]).expect("writes the file");
    let config = codegen::Config::new("doit-api.yaml", "dci")
        .customize(&dir.path().join("dci.yaml"))
        .expect("the page's customisation file reads");
    assert_eq!(config.global_flags, ["customer-context"]);
    let spec = Path::new(ROOT).join("spec/doit-api.yaml");
    codegen::generate(&spec, &config).expect("generates with it");
    // The overlay makes a spec's every operation send a bearer token.
    let overlay: Value = serde_yaml::from_str(&yaml[1]).expect("the overlay is YAML");
    let fixture = Path::new(ROOT).join("codegen/tests/specs/cancel_invite.yaml");
    let fixture = std::fs::read_to_string(fixture).expect("reads the fixture");
    let mut doc: Value = serde_yaml::from_str(&fixture).expect("the fixture is YAML");
    codegen::overlay::apply(&mut doc, &overlay, "docs/customising.md").expect("applies");
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    // An update appends to an array: the fixture's own requirement stays.
    let security = doc["security"].as_array().expect("security");
    assert!(
        security.contains(&serde_json::json!({"token": []})),
        "{security:?}"
    );
}
