//! The root help's list of commands, grouped as the generated tool groups them.

/// Widest command column in the root help; longer names put their summary
/// on the next line.
const NAME_COLUMN: usize = 34;

/// The root help's command list: the subcommands, in their order, under
/// their groups (`groups` gives the groups' order, `group` each command's),
/// then the `extra` groups of the tool's own commands. Each command has one
/// line, its summary cut to fit the terminal.
pub fn grouped_commands(
    command: &clap::Command,
    groups: &[&str],
    group: fn(&str) -> Option<&'static str>,
    extra: &[(&str, &[&str])],
) -> String {
    let mut listing: Vec<(String, Vec<String>)> =
        groups.iter().map(|g| (g.to_string(), Vec::new())).collect();
    for sub in command.get_subcommands() {
        if let Some(name) = group(sub.get_name()) {
            if let Some((_, names)) = listing.iter_mut().find(|(g, _)| g == name) {
                names.push(sub.get_name().to_string());
            }
        }
    }
    // A command a feature leaves out (`mcp`) is not listed.
    listing.extend(extra.iter().map(|(g, names)| {
        let present = names
            .iter()
            .filter(|n| command.find_subcommand(n).is_some());
        (g.to_string(), present.map(|n| n.to_string()).collect())
    }));
    let width = listing
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::len))
        .max()
        .unwrap_or(0)
        .min(NAME_COLUMN);
    // Two spaces, the name column, two spaces, the summary.
    let room = super::super::output::terminal_width()
        .saturating_sub(width + 4)
        .max(24);
    let mut text = String::new();
    for (group, names) in listing.iter().filter(|(_, names)| !names.is_empty()) {
        text.push_str(group);
        text.push_str(":\n");
        for name in names {
            let about = command
                .find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| cut(&a.to_string(), room))
                .unwrap_or_default();
            if name.len() > width {
                text.push_str(&format!("  {name}\n  {:width$}  {about}\n", ""));
            } else {
                text.push_str(&format!("  {name:width$}  {about}\n"));
            }
        }
        text.push('\n');
    }
    text
}

/// Each operation's summary (its help is made when it is built, its
/// summary listed before) and what its help ends with: the catalog's note
/// and every name it answers to.
pub(super) fn command_texts(
    command: clap::Command,
    group: fn(&str) -> Option<&'static str>,
    catalog: &'static str,
) -> clap::Command {
    command.mut_subcommands(|sub| {
        if group(sub.get_name()).is_none() {
            return sub;
        }
        let names: Vec<&str> = std::iter::once(sub.get_name())
            .chain(sub.get_visible_aliases())
            .collect();
        let aliases = format!("Aliases: {}", names.join(", "));
        let (note, summary) = super::body::help_texts(catalog, sub.get_name());
        let after = match note {
            Some(note) => format!("{note}\n\n{aliases}"),
            None => aliases,
        };
        match sub.get_about().is_none() && !summary.is_empty() {
            true => sub.after_help(after).about(summary),
            false => sub.after_help(after),
        }
    })
}

/// What the root command's parse needs beyond clap's: which subcommands are
/// groups, and the overview bare `tool` prints. Set by `Program::help`.
pub(super) static ROOT: std::sync::OnceLock<Root> = std::sync::OnceLock::new();

impl Root {
    /// Sets [`ROOT`] for the root `command` and returns its group commands.
    pub(super) fn set(
        command: &clap::Command,
        groups: &[&str],
        group: fn(&str) -> Option<&'static str>,
        extra: &[(&str, &[&str])],
    ) -> Vec<clap::Command> {
        let group_commands = group_commands(command, groups, group);
        let _ = ROOT.set(Root {
            groups: group_commands
                .iter()
                .map(|c| c.get_name().to_string())
                .collect(),
            overview: overview(command, groups, group, extra),
        });
        group_commands
    }
}

/// The command this process runs, as its parse found it.
static CURRENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Records the command this process runs (the first parse's, once).
pub(super) fn set_current_command(name: &str) {
    let _ = CURRENT.set(name.to_string());
}

/// The name of the command this process runs (`edit` for `tool edit
/// update-alert`), once the command line is parsed.
pub(super) fn current_command() -> Option<String> {
    CURRENT.get().cloned()
}

/// See [`ROOT`].
pub(super) struct Root {
    /// The names of the group commands.
    pub groups: Vec<String>,
    /// What bare `tool` prints.
    pub overview: String,
}

/// The command a group answers to: its heading in kebab case (`Billing
/// Transfer` is `billing-transfer`).
pub fn group_command_name(heading: &str) -> String {
    let mut name = String::new();
    for c in heading.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_string()
}

/// The groups of the API's commands as commands of their own, hidden from
/// the command list: `tool alerts` and `tool help alerts` list the group's
/// commands. A group whose name a command already has gets none.
fn group_commands(
    command: &clap::Command,
    groups: &[&str],
    group: fn(&str) -> Option<&'static str>,
) -> Vec<clap::Command> {
    let program = command.get_name().to_string();
    groups
        .iter()
        .filter_map(|heading| {
            let name = group_command_name(heading);
            if name.is_empty() || command.find_subcommand(&name).is_some() {
                return None;
            }
            let listing = grouped_commands(command, &[heading], group, &[]);
            if listing.is_empty() {
                return None;
            }
            Some(
                clap::Command::new(name)
                    .hide(true)
                    .about(format!("The {heading} commands"))
                    .before_help(format!(
                        "{listing}Run '{program} <command> --help' for a command's flags and arguments."
                    ))
                    .help_template("{before-help}"),
            )
        })
        .collect()
}

/// What bare `tool` prints: what it is, its groups with the count of
/// their commands, and where to go next. Short, unlike `--help`.
fn overview(
    command: &clap::Command,
    groups: &[&str],
    group: fn(&str) -> Option<&'static str>,
    extra: &[(&str, &[&str])],
) -> String {
    let program = command.get_name();
    let about = command
        .get_about()
        .map(|a| format!("{a}\n\n"))
        .unwrap_or_default();
    let counted: Vec<(String, usize)> = groups
        .iter()
        .map(|heading| {
            let count = command
                .get_subcommands()
                .filter(|c| group(c.get_name()) == Some(heading))
                .count();
            (group_command_name(heading), count)
        })
        .filter(|(name, count)| *count > 0 && !name.is_empty())
        .collect();
    let width = counted.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    let mut text = format!("{about}Usage: {program} <command> [options]\n\n");
    if !counted.is_empty() {
        text.push_str(&format!(
            "Command groups ('{program} <group>' lists a group's commands):\n"
        ));
        for (name, count) in &counted {
            let noun = if *count == 1 { "command" } else { "commands" };
            text.push_str(&format!("  {name:width$}  {count} {noun}\n"));
        }
        text.push('\n');
    }
    for (heading, names) in extra {
        text.push_str(&format!("{heading}: {}\n", names.join(", ")));
    }
    text.push_str(&format!(
        "\nRun '{program} --help' for every command and option, '{program} <command> --help' for one command's.\n"
    ));
    text
}

/// The first line of `text`, cut at a word to at most `room` characters
/// (an ellipsis marks the cut).
fn cut(text: &str, room: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= room {
        return line.to_string();
    }
    let mut kept = String::new();
    for word in line.split_whitespace() {
        let next = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        if next.chars().count() + 1 > room {
            break;
        }
        kept = next;
    }
    if kept.is_empty() {
        kept = line.chars().take(room.saturating_sub(1)).collect();
    }
    kept.push('…');
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str) -> Option<&'static str> {
        match name {
            "list-items" | "get-item" => Some("Items"),
            _ => None,
        }
    }

    #[test]
    fn summaries_are_cut_at_a_word_to_one_line() {
        let cases = [
            ("Lists items", 20, "Lists items"),
            ("Lists items.\nMore text", 20, "Lists items."),
            (
                "Creates a response for the given chat conversation",
                24,
                "Creates a response for…",
            ),
            ("Supercalifragilistic", 8, "Superca…"),
        ];
        for (text, room, expected) in cases {
            assert_eq!(cut(text, room), expected, "{text}");
            assert!(cut(text, room).chars().count() <= room);
        }
    }

    #[test]
    fn groups_are_commands_that_list_theirs() {
        assert_eq!(
            group_command_name("Billing Transfer (beta)"),
            "billing-transfer-beta"
        );
        let command = clap::Command::new("tool")
            .about("A tool")
            .subcommand(clap::Command::new("list-items").about("Lists items"))
            .subcommand(clap::Command::new("get-item").about("Gets an item"));
        let groups = group_commands(&command, &["Items", "Empty"], group);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].get_name(), "items");
        let mut items = groups[0].clone();
        let help = items.render_help().to_string();
        assert!(help.starts_with("Items:\n  list-items"), "{help}");
        let text = overview(
            &command,
            &["Items", "Empty"],
            group,
            &[("Tool", &["login"])],
        );
        assert!(
            text.starts_with("A tool\n\nUsage: tool <command>"),
            "{text}"
        );
        assert!(text.contains("  items  2 commands\n"), "{text}");
        assert!(!text.contains("empty"), "{text}");
        assert!(text.contains("Tool: login\n"), "{text}");
    }

    #[test]
    fn commands_are_listed_under_their_groups_then_the_extra_ones() {
        let command = clap::Command::new("tool")
            .subcommand(clap::Command::new("list-items").about("Lists items"))
            .subcommand(clap::Command::new("get-item").about("Gets an item"))
            .subcommand(clap::Command::new("login").about("Logs in"));
        let text = grouped_commands(
            &command,
            &["Items", "Empty"],
            group,
            &[("Tool", &["login"])],
        );
        assert_eq!(
            text,
            "Items:\n  list-items  Lists items\n  get-item    Gets an item\n\nTool:\n  login       Logs in\n\n"
        );
    }
}
