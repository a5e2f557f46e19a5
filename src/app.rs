//! The `dci` command line: generated API commands plus `completion` and
//! `man`, global flags, and configuration from the environment.

use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use crate::cli as commands;
use crate::runtime;
use crate::runtime::cli::{CommandsArgs, Failure, GlobalArgs, Program};

/// Names and defaults of dci. The base URL default stands in for the spec's
/// server URL, which is a `${API_BASE_URL}` placeholder.
pub const PROGRAM: Program = Program {
    name: "dci",
    api_key_env: "DCI_API_KEY",
    base_url_env: "DCI_API_BASE_URL",
    default_base_url: Some("https://api.doit.com"),
    confirm_env: "DCI_CONFIRM_DESTRUCTIVE",
    agent_env: "DCI_AGENT_MODE",
    version: env!("CARGO_PKG_VERSION"),
};

/// The header the customer context is sent in (the spec's `tenantId` scheme).
const TENANT_HEADER: &str = "X-Tenant-Id";

/// Commands of dci's own, listed after the API's groups in `dci --help`.
const OWN_GROUP: (&str, &[&str]) = ("Shell", &["commands", "completion", "man"]);

/// DoiT Cloud Intelligence command-line tool.
#[derive(Debug, clap::Parser)]
#[command(
    name = "dci",
    version,
    about = "DoiT Cloud Intelligence command-line tool"
)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    /// Customer (tenant) to act on, sent as the X-Tenant-Id header. Needed when
    /// your credential can access more than one customer.
    #[arg(
        long,
        short = 'D',
        global = true,
        env = "DCI_CUSTOMER_CONTEXT",
        hide_env_values = true,
        value_name = "CUSTOMER_ID"
    )]
    customer_context: Option<String>,
    #[command(subcommand)]
    command: TopCommand,
}

// Parsed once per process: a large variant costs nothing worth boxing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
enum TopCommand {
    #[command(flatten)]
    Api(commands::Command),
    /// List every command, with its arguments, flags and exit codes.
    ///
    /// One line per command by default; `--json` prints the whole catalog
    /// (the schema is in the README), for scripts and agents that plan
    /// calls without reading help pages.
    Commands(CommandsArgs),
    /// Print a shell completion script.
    ///
    /// Completes commands, aliases, flags and enum values. For bash:
    /// `source <(dci completion bash)`.
    Completion {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page of dci or of one command.
    ///
    /// The page is roff: read it with `dci man cancel-invite | man -l -`.
    Man {
        /// The command; dci's own page when omitted.
        command: Option<String>,
    },
}

/// The full command tree, with `dci --help` grouping commands by tag.
pub fn command() -> clap::Command {
    PROGRAM.help(
        Cli::command(),
        commands::GROUPS,
        commands::group,
        &[OWN_GROUP],
    )
}

/// Parses the process's arguments and runs the command.
pub fn main() -> std::process::ExitCode {
    PROGRAM.install_panic_hook();
    let matches = match PROGRAM.matches(command()) {
        Ok(matches) => matches,
        Err(failure) => return PROGRAM.exit(Err(failure)),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    PROGRAM.exit(run(cli))
}

fn run(cli: Cli) -> Result<(), Failure> {
    let api = match cli.command {
        TopCommand::Api(api) => api,
        TopCommand::Commands(args) => {
            let root = command();
            return PROGRAM.commands(args, &cli.global, &root, commands::CATALOG, &[OWN_GROUP]);
        }
        TopCommand::Completion { shell } => {
            let mut command = command();
            clap_complete::generate(shell, &mut command, PROGRAM.name, &mut std::io::stdout());
            return Ok(());
        }
        TopCommand::Man { command: name } => {
            let page = man_page(name.as_deref()).ok_or_else(|| {
                Failure::usage(format!(
                    "no command named '{}'; see dci --help",
                    name.unwrap_or_default()
                ))
            })?;
            let _ = std::io::stdout().write_all(&page);
            return Ok(());
        }
    };
    let tenant = cli
        .customer_context
        .filter(|c| !c.trim().is_empty())
        .map(|c| (TENANT_HEADER.to_string(), c));
    let context = PROGRAM.context(&cli.global, tenant.into_iter().collect())?;
    runtime::cli::block_on(api.run(&context))
}

/// The man page (roff) of dci, or of the command answering to `name`.
pub fn man_page(name: Option<&str>) -> Option<Vec<u8>> {
    let root = command();
    let page = match name {
        None => clap_mangen::Man::new(root),
        Some(name) => {
            let sub = root.find_subcommand(name)?;
            let title = format!("dci-{}", sub.get_name());
            let sub = sub
                .clone()
                .name(title.clone())
                .bin_name(format!("dci {}", sub.get_name()));
            clap_mangen::Man::new(sub).title(title)
        }
    };
    let mut out = Vec::new();
    page.render(&mut out).ok()?;
    Some(out)
}

/// Every man page: `dci.1` and `dci-<command>.1` for each command.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let names: Vec<String> = command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut pages: Vec<(String, Vec<u8>)> = man_page(None)
        .map(|p| ("dci.1".to_string(), p))
        .into_iter()
        .collect();
    for name in names {
        if let Some(page) = man_page(Some(&name)) {
            pages.push((format!("dci-{name}.1"), page));
        }
    }
    pages
}
