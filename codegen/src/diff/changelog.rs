//! `codegen changelog`: release notes for the generated crate and the CLI,
//! grouped by what happened (added, changed, deprecated, removed), each
//! line naming the command and the typed client's method.

use super::semver::Bumps;
use super::{Change, ChangeKind};

/// The group a change's note goes in.
fn group(kind: ChangeKind) -> &'static str {
    use ChangeKind::*;
    match kind {
        OperationAdded | ParameterAdded | EnumValueAdded | StatusAdded | FieldAdded
        | ResponseHeaderAdded | ServerAdded => "Added",
        OperationRemoved
        | ParameterRemoved
        | EnumValueRemoved
        | StatusRemoved
        | FieldRemoved
        | AliasRemoved
        | ResponseHeaderRemoved
        | ServerRemoved => "Removed",
        OperationDeprecated | ParameterDeprecated | FieldDeprecated => "Deprecated",
        CommandRenamed
        | EndpointChanged
        | RequiredParameterAdded
        | ParameterMadeRequired
        | ParameterTypeChanged
        | FlagRenamed
        | TypeChanged
        | RequiredFieldAdded
        | FieldMadeRequired
        | FieldMadeOptional
        | SecurityAdded
        | SecurityRemoved
        | SecurityChanged
        | ConstraintTightened
        | ConstraintLoosened
        | FormatChanged
        | NullableChanged
        | ReadOnlyChanged
        | WriteOnlyChanged => "Changed",
    }
}

/// The groups, in the order release notes list them.
const GROUPS: [&str; 4] = ["Added", "Changed", "Deprecated", "Removed"];

/// Release notes for `changes`, as Markdown; `program` names the tool.
pub fn changelog(changes: &[Change], program: &str) -> String {
    let mut out = String::from("# Release notes\n\n");
    match Bumps::overall(changes) {
        None => {
            out.push_str("Nothing changed for client or CLI users.\n");
            return out;
        }
        Some(bumps) => out.push_str(&format!(
            "A {} release of the client, a {} release of the CLI.\n",
            bumps.client.as_str(),
            bumps.cli.as_str()
        )),
    }
    for (name, lines) in groups(changes, program) {
        out.push_str(&format!("\n## {name}\n\n"));
        out.extend(lines);
    }
    out
}

/// One release's section of a `CHANGELOG.md` in Keep a Changelog form
/// (`## [1.2.0] - 2026-12-04`, then `### Added`...); `None` when nothing
/// changed for client or CLI users.
pub fn release_section(
    changes: &[Change],
    program: &str,
    version: &str,
    date: &str,
) -> Option<String> {
    let bumps = Bumps::overall(changes)?;
    let mut out = format!(
        "## [{version}] - {date}\n\nA {} release of the client, a {} release of the CLI.\n",
        bumps.client.as_str(),
        bumps.cli.as_str()
    );
    for (name, lines) in groups(changes, program) {
        out.push_str(&format!("\n### {name}\n\n"));
        out.extend(lines);
    }
    Some(out)
}

/// Each group that has notes, in [`GROUPS`] order, with its lines.
fn groups(changes: &[Change], program: &str) -> Vec<(&'static str, Vec<String>)> {
    GROUPS
        .iter()
        .map(|name| {
            let lines: Vec<String> = changes
                .iter()
                .filter(|c| group(c.kind) == *name)
                .map(|c| {
                    let breaking = if c.breaking() { " **Breaking.**" } else { "" };
                    match c.command.as_str() {
                        "" => format!("- {}.{breaking}\n", c.message),
                        command => format!(
                            "- `{program} {command}` (`Client::{}`): {}.{breaking}\n",
                            c.method, c.message
                        ),
                    }
                })
                .collect();
            (*name, lines)
        })
        .filter(|(_, lines)| !lines.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Verdict;

    #[test]
    fn notes_are_grouped_and_name_the_command_and_the_method() {
        let change = |kind, verdict, message: &str| Change {
            operation: "listItems".into(),
            command: "list-items".into(),
            method: "list_items".into(),
            kind,
            location: "#/paths/~1items/get".into(),
            verdict,
            message: message.into(),
            accepted: None,
            old_place: None,
            new_place: None,
        };
        let notes = changelog(
            &[
                change(
                    ChangeKind::ParameterRemoved,
                    Verdict::BOTH,
                    "query parameter `order` (--order) was removed",
                ),
                change(
                    ChangeKind::ParameterAdded,
                    Verdict::NONE,
                    "optional query parameter `team` (--team) was added",
                ),
            ],
            "dci",
        );
        assert_eq!(
            notes,
            "# Release notes\n\nA major release of the client, a major release of the CLI.\n\
             \n## Added\n\n- `dci list-items` (`Client::list_items`): optional query parameter `team` (--team) was added.\n\
             \n## Removed\n\n- `dci list-items` (`Client::list_items`): query parameter `order` (--order) was removed. **Breaking.**\n"
        );
        assert_eq!(
            changelog(&[], "dci"),
            "# Release notes\n\nNothing changed for client or CLI users.\n"
        );
    }
}
