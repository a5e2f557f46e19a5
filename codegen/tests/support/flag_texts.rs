//! Compares a reference page's arguments and flags with the clap command
//! `--help` is printed from: the same names, in the same order, with the
//! same texts. Shared by dci's tests and the compiled fixtures' tests.

/// One argument or flag: `--flag` or a positional's name, and its help.
pub type Entry = (String, String);

/// The `## Arguments` and `## Flags` entries of a reference page.
pub fn page_entries(page: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut section = "";
    for line in page.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title;
            continue;
        }
        if section != "Arguments" && section != "Flags" {
            continue;
        }
        if let Some(item) = line.strip_prefix("- ") {
            let name = item.split(": (").next().unwrap_or(item);
            entries.push((name.to_string(), String::new()));
        } else if let Some(text) = line.strip_prefix("  ") {
            if let Some((_, help)) = entries.last_mut() {
                help.push(' ');
                help.push_str(text);
            }
        }
    }
    entries
        .into_iter()
        .map(|(name, help)| (name, flat(&help)))
        .collect()
}

/// The arguments and flags of `command` that are its own (not global, not
/// clap's `--help`), positionals first, with the text `--help` prints.
pub fn clap_entries(command: &clap::Command) -> Vec<Entry> {
    // A generated command's arguments are made when it is built.
    let mut command = command.clone();
    command.build();
    let own = command
        .get_arguments()
        .filter(|a| !a.is_global_set() && a.get_id() != "help" && !a.is_hide_set());
    let (positional, flags): (Vec<_>, Vec<_>) = own.partition(|a| a.is_positional());
    positional
        .into_iter()
        .map(|a| {
            let name = a
                .get_value_names()
                .and_then(|names| names.first())
                .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
            (name, a)
        })
        .chain(
            flags
                .into_iter()
                .filter_map(|a| Some((format!("--{}", a.get_long()?), a))),
        )
        .map(|(name, arg)| {
            let help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default();
            (name, flat(&help))
        })
        .collect()
}

/// Where the page and `--help` of one command disagree, if anywhere.
pub fn mismatch(page: &str, command: &clap::Command) -> Option<String> {
    let page = page_entries(page);
    let help = clap_entries(command);
    if page == help {
        return None;
    }
    let names = |entries: &[Entry]| entries.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if names(&page) != names(&help) {
        return Some(format!(
            "{}: page lists {:?}, --help {:?}",
            command.get_name(),
            names(&page),
            names(&help)
        ));
    }
    let (name, text, other) = page
        .iter()
        .zip(&help)
        .find(|(a, b)| a.1 != b.1)
        .map(|(a, b)| (a.0.clone(), a.1.clone(), b.1.clone()))?;
    Some(format!(
        "{} {name}: page says {text:?}, --help {other:?}",
        command.get_name()
    ))
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
