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
    listing.extend(
        extra
            .iter()
            .map(|(g, names)| (g.to_string(), names.iter().map(|n| n.to_string()).collect())),
    );
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
