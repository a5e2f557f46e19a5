//! The `dci` command line: generated API commands plus `completion` and
//! `man`, global flags, and configuration from the environment.

use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use crate::cli as commands;
use crate::runtime;
use crate::runtime::cli::{Context, Failure, GlobalArgs, Settings};

/// Where the API lives unless `DCI_API_BASE_URL` says otherwise (the spec's
/// server URL is a `${API_BASE_URL}` placeholder).
pub const DEFAULT_BASE_URL: &str = "https://api.doit.com";

/// The header the customer context is sent in (the spec's `tenantId` scheme).
const TENANT_HEADER: &str = "X-Tenant-Id";

/// Commands of dci's own, listed after the API's groups in `dci --help`.
const OWN_GROUP: (&str, &[&str]) = ("Shell", &["completion", "man"]);

const ENVIRONMENT: &str = "\
Environment:
  DCI_API_KEY           API key, sent as a bearer token (required unless --offline)
  DCI_API_BASE_URL      API base URL [default: https://api.doit.com]; http only for localhost
  DCI_CUSTOMER_CONTEXT  Same as --customer-context

Exit codes:
  0  success          2  usage error
  1  transport, decode or configuration error
  4  the API answered 4xx    5  the API answered 5xx";

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
    #[command(subcommand)]
    command: TopCommand,
}

#[derive(Debug, clap::Subcommand)]
enum TopCommand {
    #[command(flatten)]
    Api(commands::Command),
    /// Print a shell completion script.
    ///
    /// Completes commands, aliases, flags and enum values. For bash:
    /// `source <(dci completion bash)`.
    Completion {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page of dci or of one command (roff, for `man -l -`).
    Man {
        /// The command; dci's own page when omitted.
        command: Option<String>,
    },
}

/// The full command tree, with `dci --help` grouping commands by tag.
pub fn command() -> clap::Command {
    let command = Cli::command();
    let mut groups: Vec<(&str, &[&str])> = commands::GROUPS.to_vec();
    groups.push(OWN_GROUP);
    let listing = runtime::cli::grouped_commands(&command, &groups);
    command
        .before_help(listing)
        .after_help(ENVIRONMENT)
        .help_template("{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}Options:\n{options}{after-help}")
}

/// Parses the process's arguments and runs the command; returns the exit code.
pub fn main() -> u8 {
    let matches = command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(()) => runtime::cli::EXIT_OK,
        Err(failure) => {
            eprintln!("Error: {}", failure.message);
            failure.code
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let api = match cli.command {
        TopCommand::Api(api) => api,
        TopCommand::Completion { shell } => {
            let mut command = command();
            clap_complete::generate(shell, &mut command, "dci", &mut std::io::stdout());
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
    let base_url = std::env::var("DCI_API_BASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    runtime::cli::check_base_url(&base_url, "DCI_API_BASE_URL")?;
    let settings = Settings {
        base_url,
        api_key: std::env::var("DCI_API_KEY")
            .ok()
            .filter(|k| !k.trim().is_empty()),
        api_key_env: "DCI_API_KEY",
        headers: cli
            .global
            .customer_context
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| (TENANT_HEADER.to_string(), c.clone()))
            .collect(),
        offline: cli.global.offline,
        verbose: cli.global.verbose,
    };
    let context = Context::new(settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::error(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(api.run(&context))
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
