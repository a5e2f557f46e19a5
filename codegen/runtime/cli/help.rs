//! The root help's list of commands, grouped as the generated tool groups them.

/// Widest command column in the root help; longer names put their summary
/// on the next line.
const NAME_COLUMN: usize = 34;

/// The root help's command list: the subcommands, in their order, under
/// their groups (`groups` gives the groups' order, `group` each command's),
/// then the `extra` groups of the tool's own commands.
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
    let mut text = String::new();
    for (group, names) in listing.iter().filter(|(_, names)| !names.is_empty()) {
        text.push_str(group);
        text.push_str(":\n");
        for name in names {
            let about = command
                .find_subcommand(name)
                .and_then(|c| c.get_about())
                .map(|a| a.to_string())
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
