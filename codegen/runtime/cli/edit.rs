//! `edit <command> <id>`: the command line of a command that writes an
//! item (a PUT or PATCH whose path a GET reads too), run so that the item
//! is read, changed in an editor and sent back (`context/edit.rs`). The
//! command's own arguments (the id or name, its flags) and the global
//! flags are parsed as the command's, with the `edit` word taken out.

use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};

use super::failure::Failure;
use super::program::Program;

/// Set while the command `edit` runs is parsed and run.
static EDITING: AtomicBool = AtomicBool::new(false);

/// Whether the command is run by `edit`: its body comes from the editor.
pub(super) fn editing() -> bool {
    EDITING.load(Ordering::Relaxed)
}

/// `edit`'s arguments: the command, then its own.
#[derive(Debug, Clone, clap::Args)]
#[non_exhaustive]
pub struct EditArgs {
    /// The command that writes the item (`edit --help` lists them).
    #[arg(value_name = "COMMAND")]
    pub command: String,
    /// Its arguments: the item's id (or name), and any of its flags.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
}

impl Program {
    /// The process's command line as the command `edit` names would have
    /// it (the `edit` word taken out), parsed; a command that cannot be
    /// edited is a usage error listing those that can.
    pub fn edit_matches(
        &self,
        root: clap::Command,
        edit: &EditArgs,
        catalog: &'static str,
    ) -> Result<clap::ArgMatches, Failure> {
        let editable = editable(catalog);
        let known = editable
            .iter()
            .any(|(name, aliases)| *name == edit.command || aliases.contains(&edit.command));
        if !known {
            let names: Vec<&str> = editable.iter().map(|(n, _)| n.as_str()).collect();
            let can = match names.is_empty() {
                true => "none of this tool's commands can".to_string(),
                false => format!("these can: {}", names.join(", ")),
            };
            return Err(Failure::usage(format!(
                "'{}' cannot be edited: edit runs a PUT or PATCH whose item a GET of the same path reads; {can}",
                edit.command
            ))
            .with_hint(format!("{} edit --help", self.name)));
        }
        let argv: Vec<OsString> = std::env::args_os().collect();
        let at = argv
            .windows(2)
            .position(|pair| pair[0] == "edit" && pair[1] == edit.command.as_str());
        let argv = match at {
            Some(at) => argv
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at)
                .map(|(_, a)| a.clone())
                .collect(),
            None => std::iter::once(OsString::from(self.name))
                .chain(std::iter::once(OsString::from(&edit.command)))
                .chain(edit.args.iter().map(OsString::from))
                .collect(),
        };
        // The body comes from the editor: a required one is not asked for
        // (the body's arguments are made when the command is parsed).
        EDITING.store(true, Ordering::Relaxed);
        self.matches_from(root, argv)
    }
}

/// The catalog whose editable commands `edit --help` lists.
static CATALOG: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// `edit` with the commands it runs at the end of its help, read from
/// `catalog` only when `edit` itself is built (its help, its parse):
/// every other command starts without reading the catalog for it.
pub(super) fn with_help(edit: clap::Command, catalog: &'static str) -> clap::Command {
    let _ = CATALOG.set(catalog);
    edit.defer(|edit| {
        let names: Vec<String> = editable(CATALOG.get().copied().unwrap_or_default())
            .into_iter()
            .map(|(name, _)| format!("  {name}"))
            .collect();
        edit.after_help(match names.is_empty() {
            true => "No command of this tool can be edited.".to_string(),
            false => format!("Commands it runs:\n{}", names.join("\n")),
        })
    })
}

/// The catalog's commands `edit` runs, with their aliases.
pub(super) fn editable(catalog: &str) -> Vec<(String, Vec<String>)> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(catalog) else {
        return Vec::new();
    };
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    value["commands"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["editable"] == serde_json::Value::Bool(true))
        .filter_map(|c| {
            let aliases = c["aliases"].as_array().into_iter().flatten();
            Some((text(&c["name"])?, aliases.filter_map(text).collect()))
        })
        .collect()
}
