//! Usage errors: clap's parse failures as [`Failure`]s (exit 2), with
//! close command names for a mistyped one and the command named when a
//! page flag is given to a command without pages.

use super::failure::Failure;
use super::program::Program;

impl Program {
    /// Parses the command line. A usage error becomes a [`Failure`] (exit
    /// 2); a mistyped command gets at most three close names among the
    /// commands where it was typed (never the aliases). `--help` and
    /// `--version` print and exit here, as do bare `tool` (a short
    /// overview), a group (`tool alerts`: its commands), a command that
    /// needs a subcommand and got none (its help) and `tool version`.
    ///
    /// `tree` makes the command tree. A command line that names generated
    /// commands is parsed first with a tree of only those (each built alone,
    /// nothing else of the others made); if that parse fails, help included,
    /// the whole tree parses it again, so that every message is the same.
    pub fn matches(&self, tree: fn() -> clap::Command) -> Result<clap::ArgMatches, Failure> {
        let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
        let words = argv
            .iter()
            .skip(1)
            .filter_map(|a| a.to_str())
            .filter(|a| !a.starts_with('-'))
            .map(str::to_string)
            .collect();
        let (mut named, count) = super::subcommands::only_named(words, tree);
        if count > 0 {
            if let Ok(matches) = named.try_get_matches_from_mut(argv.clone()) {
                return self.accepted(&mut named, matches);
            }
        }
        self.matches_from(tree(), argv)
    }

    /// [`Self::matches`] of the command line `argv` (the program's name first).
    pub(super) fn matches_from(
        &self,
        mut command: clap::Command,
        argv: Vec<std::ffi::OsString>,
    ) -> Result<clap::ArgMatches, Failure> {
        use clap::error::{ContextKind, ContextValue, ErrorKind};
        let args: Vec<String> = argv
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        if args.is_empty() {
            if let Some(root) = super::help::ROOT.get() {
                super::super::output::print(&root.overview);
                std::process::exit(0);
            }
        }
        let error = match command.try_get_matches_from_mut(argv) {
            Ok(matches) => return self.accepted(&mut command, matches),
            Err(error) => error,
        };
        let (path, reached) = reached(&command, &args);
        match error.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => error.exit(),
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                super::super::output::print(&error.render().to_string());
                std::process::exit(0);
            }
            ErrorKind::InvalidSubcommand => {
                let typed = match error.get(ContextKind::InvalidSubcommand) {
                    Some(ContextValue::String(typed)) => typed.clone(),
                    _ => String::new(),
                };
                Err(self.no_such_command(&typed, &path, reached))
            }
            ErrorKind::UnknownArgument if self.page_flag_unpaginated(&error, &path).is_some() => {
                Err(self
                    .page_flag_unpaginated(&error, &path)
                    .unwrap_or_else(|| self.usage(&error, &path)))
            }
            _ if !self.envelope_requested() => {
                // clap's own text (usage line, tips), begun as every error is.
                let text = error.render().to_string();
                let text = match text.strip_prefix("error: ") {
                    Some(rest) => format!("Error: {rest}"),
                    None => text,
                };
                eprint!("{}", super::super::output::redact(&text));
                std::process::exit(i32::from(super::failure::EXIT_USAGE));
            }
            _ => Err(self.usage(&error, &path)),
        }
    }

    /// What a parse that clap accepted still answers here: a group's list
    /// of commands, `tool version`, output flags a command refuses.
    fn accepted(
        &self,
        command: &mut clap::Command,
        matches: clap::ArgMatches,
    ) -> Result<clap::ArgMatches, Failure> {
        let name = matches.subcommand_name().unwrap_or_default();
        super::help::set_current_command(name);
        let root = super::help::ROOT.get();
        if root.is_some_and(|r| r.groups.iter().any(|g| g == name)) {
            if let Some(group) = command.find_subcommand_mut(name) {
                super::super::output::print(&group.render_help().to_string());
                std::process::exit(0);
            }
        }
        if let Some(failure) = self.output_flags_refused(&matches) {
            return Err(failure);
        }
        if name == VERSION_COMMAND {
            self.print_version();
        }
        Ok(matches)
    }

    /// Answers `tool --version` (`-V`, `tool version`) at once, before any
    /// command tree or catalog is built: the answer clap would give.
    pub fn answer_version(&self) {
        let mut args = std::env::args_os().skip(1);
        let (Some(only), None) = (args.next(), args.next()) else {
            return;
        };
        if only == "--version" || only == "-V" || only == VERSION_COMMAND {
            self.print_version();
        }
    }

    /// Prints `NAME VERSION`, the line clap's `--version` prints, and exits.
    fn print_version(&self) -> ! {
        super::super::output::print(&format!("{} {}\n", self.name, self.version));
        std::process::exit(0);
    }

    /// A command name `typed` under the command at `path` (`reached`) that
    /// names none: at most three close names, or all of a short list.
    fn no_such_command(&self, typed: &str, path: &[String], reached: &clap::Command) -> Failure {
        let names: Vec<String> = reached
            .get_subcommands()
            .filter(|c| !c.is_hide_set() && c.get_name() != "help")
            .map(|c| c.get_name().to_string())
            .collect();
        let suggestions = suggest(typed, &names);
        let mut message = match path.len() {
            0 => format!("no command named '{typed}'"),
            _ => format!("no command named '{typed}' in '{}'", self.invocation(path)),
        };
        if !suggestions.is_empty() {
            message.push_str(&format!("; did you mean {}?", suggestions.join(", ")));
        } else if !path.is_empty() && names.len() <= 5 {
            message.push_str(&format!("; its commands are {}", names.join(", ")));
        }
        let listed = if path.is_empty() {
            "every command"
        } else {
            "its commands"
        };
        let mut failure = Failure::usage(message)
            .with_hint(format!("{} --help lists {listed}", self.invocation(path)));
        failure.suggestions = suggestions;
        failure
    }

    /// `tool sub command`: how the user named the command at `path`.
    fn invocation(&self, path: &[String]) -> String {
        std::iter::once(self.name.to_string())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A page flag (`--all`, `--max-pages`, `--max-items`) given to a
    /// command that cannot paginate: a usage failure naming the command,
    /// instead of clap's advice to pass the flag after `--`.
    fn page_flag_unpaginated(&self, error: &clap::Error, path: &[String]) -> Option<Failure> {
        use clap::error::{ContextKind, ContextValue};
        let Some(ContextValue::String(typed)) = error.get(ContextKind::InvalidArg) else {
            return None;
        };
        let flag = typed.split('=').next().unwrap_or(typed);
        if !["--all", "--max-pages", "--max-items"].contains(&flag) || path.is_empty() {
            return None;
        }
        Some(
            Failure::usage(format!(
                "{flag}: '{}' does not paginate; --all, --max-pages and --max-items \
                 apply to commands whose responses come in pages",
                self.invocation(path)
            ))
            .with_hint(format!(
                "{} commands --json gives each command's pagination",
                self.name
            )),
        )
    }

    /// The command's arguments as clap made them from the matches, or a
    /// usage failure (exit 2) saying why it could not: a body that does not
    /// fit its type, a field a closed body does not allow.
    pub fn arguments<T>(&self, parsed: Result<T, clap::Error>) -> Result<T, Failure> {
        parsed.map_err(|error| {
            let path: Vec<String> = super::help::current_command().into_iter().collect();
            self.usage(&error, &path)
        })
    }

    /// clap's message without its usage and tips, on one line; the hint
    /// names the help of the command at `path`.
    fn usage(&self, error: &clap::Error, path: &[String]) -> Failure {
        let text = error.render().to_string();
        let body = text
            .split("\n\nUsage:")
            .next()
            .and_then(|body| body.split("\n\nFor more information").next())
            .unwrap_or_default();
        let body = body.strip_prefix("error: ").unwrap_or(body);
        let message = body.split_whitespace().collect::<Vec<_>>().join(" ");
        Failure::usage(message).with_hint(format!("see {} --help", self.invocation(path)))
    }
}

/// The hidden command that prints the version, as `--version` does.
pub(super) const VERSION_COMMAND: &str = "version";

/// The subcommand names a command line reached (`customer-context`), and
/// the command there: each word that names a subcommand of the one before
/// (or an alias of it), up to the first that does not after the first.
fn reached<'c>(root: &'c clap::Command, args: &[String]) -> (Vec<String>, &'c clap::Command) {
    let mut path = Vec::new();
    let mut at = root;
    for arg in args.iter().filter(|a| !a.starts_with('-')) {
        match at.find_subcommand(arg) {
            Some(sub) => {
                path.push(sub.get_name().to_string());
                at = sub;
            }
            // Before the first command a word is a global flag's value.
            None if path.is_empty() => continue,
            None => break,
        }
    }
    (path, at)
}

/// At most three command names close to `typed`, closest first.
fn suggest(typed: &str, names: &[String]) -> Vec<String> {
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .map(|name| (strsim::jaro_winkler(typed, name), name))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}
