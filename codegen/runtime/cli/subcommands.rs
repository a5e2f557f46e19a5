//! The generated commands as clap subcommands, made lazily. The generated
//! enum defers each command's arguments until it is parsed or its help is
//! shown (`#[command(defer = true)]`), and [`Lazy`] leaves out, while one
//! command line is parsed, the commands none of its words names: clap then
//! builds a tree of a few commands, not of every one. `--help`, errors and
//! completion are made from the whole tree.

use std::sync::Mutex;

/// The generated commands `E` as the tool's subcommands; see the module.
#[derive(Debug, Clone)]
pub struct Lazy<E>(pub E);

impl<E: clap::Subcommand> clap::Subcommand for Lazy<E> {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        let words = match ONLY.lock() {
            Ok(only) => only.as_ref().map(|(words, _)| words.clone()),
            Err(_) => None,
        };
        let Some(words) = words else {
            return E::augment_subcommands(command);
        };
        let all = E::augment_subcommands(clap::Command::new("all"));
        let named: Vec<clap::Command> = all
            .get_subcommands()
            .filter(|sub| {
                let mut names = std::iter::once(sub.get_name()).chain(sub.get_all_aliases());
                names.any(|name| words.iter().any(|w| w == name))
            })
            .cloned()
            .collect();
        if let Ok(mut only) = ONLY.lock() {
            if let Some((_, count)) = only.as_mut() {
                *count += named.len();
            }
        }
        command.subcommands(named)
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        E::augment_subcommands_for_update(command)
    }

    fn has_subcommand(name: &str) -> bool {
        E::has_subcommand(name)
    }
}

impl<E: clap::FromArgMatches> clap::FromArgMatches for Lazy<E> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        E::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        E::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
}

/// While a command line is parsed: its words, and how many generated
/// commands they named.
static ONLY: Mutex<Option<(Vec<String>, usize)>> = Mutex::new(None);

/// What `make` builds with only the generated commands `words` name (by
/// name or alias), and how many those are. Nothing else is left out.
pub(super) fn only_named<T>(words: Vec<String>, make: impl FnOnce() -> T) -> (T, usize) {
    if let Ok(mut only) = ONLY.lock() {
        *only = Some((words, 0));
    }
    let made = make();
    let named = ONLY
        .lock()
        .ok()
        .and_then(|mut only| only.take())
        .map_or(0, |(_, named)| named);
    (made, named)
}

/// Whether a tree is being made for [`only_named`]: the root help's listing
/// and the group commands are not needed then.
pub(super) fn pruning() -> bool {
    ONLY.lock().is_ok_and(|only| only.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches, Parser};

    #[derive(clap::Args, Debug)]
    struct Named {
        #[arg(long)]
        name: Option<String>,
    }

    #[derive(clap::Subcommand, Debug)]
    #[command(defer = true)]
    enum Generated {
        #[command(about = "List alerts", visible_aliases = ["listalerts"])]
        ListAlerts(Named),
        #[command(about = "Get an alert")]
        GetAlert(Named),
    }

    #[derive(Parser, Debug)]
    struct Tool {
        #[command(subcommand)]
        command: Lazy<Generated>,
    }

    fn names(command: &clap::Command) -> Vec<&str> {
        command.get_subcommands().map(|c| c.get_name()).collect()
    }

    #[test]
    fn every_command_is_made_lazily_and_only_named_ones_while_pruning() {
        let all = Tool::command();
        assert_eq!(names(&all), ["list-alerts", "get-alert"]);
        // The arguments are made when the command is built, not before.
        let listed = all.find_subcommand("list-alerts").unwrap();
        assert_eq!(listed.get_about().unwrap().to_string(), "List alerts");
        assert_eq!(listed.get_arguments().count(), 0);
        let mut built = all.clone();
        built.build();
        let built = built.find_subcommand("list-alerts").unwrap();
        assert!(built.get_arguments().any(|a| a.get_id() == "name"));

        let words = vec!["listalerts".to_string(), "x".to_string()];
        let (pruned, named) = only_named(words, || {
            assert!(pruning());
            Tool::command()
        });
        assert_eq!((names(&pruned), named), (vec!["list-alerts"], 1));
        assert!(!pruning());
        let matches = pruned
            .try_get_matches_from(["tool", "listalerts", "--name", "a"])
            .unwrap();
        let tool = Tool::from_arg_matches(&matches).unwrap();
        assert!(matches!(
            tool.command.0,
            Generated::ListAlerts(Named { name: Some(ref n) }) if n == "a"
        ));
        // Words naming no command leave none.
        let (_, named) = only_named(vec!["status".to_string()], Tool::command);
        assert_eq!(named, 0);
    }
}
