//! `dci`: the DoiT Cloud Intelligence command-line tool. Its commands and
//! client are generated from `spec/doit-api.yaml` at build time.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use dci::runtime::cli::{Context, Failure, GlobalArgs, Settings};
use dci::{cli as commands, runtime};

/// Where the API lives unless `DCI_API_BASE_URL` says otherwise (the spec's
/// server URL is a `${API_BASE_URL}` placeholder).
const DEFAULT_BASE_URL: &str = "https://api.doit.com";

/// The header the customer context is sent in (the spec's `tenantId` scheme).
const TENANT_HEADER: &str = "X-Tenant-Id";

const EXIT_CODES: &str = "\
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
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: commands::Command,
}

fn main() -> ExitCode {
    let command = Cli::command();
    let groups = runtime::cli::grouped_commands(&command, commands::GROUPS);
    let command = command
        .before_help(groups)
        .after_help(EXIT_CODES)
        .help_template("{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}Options:\n{options}{after-help}");
    let matches = command.get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("Error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
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
    runtime.block_on(cli.command.run(&context))
}
