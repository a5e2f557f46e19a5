//! The `dci` command line: generated API commands plus dci's own
//! (`customer-context`, `status`, `completion`, `man`), global flags, and
//! settings from flags, the environment and the config file, in that order.

use std::io::Write;

use clap::{CommandFactory, FromArgMatches};

use crate::cli as commands;
use crate::runtime;
use crate::runtime::cli::{
    CommandsArgs, ConfigFile, Failure, GlobalArgs, Program, Setting, Source, StatusArgs, StatusLine,
};

/// Names and defaults of dci. The base URL default stands in for the spec's
/// server URL, which is a `${API_BASE_URL}` placeholder.
pub const PROGRAM: Program = Program {
    name: "dci",
    api_key_env: "DCI_API_KEY",
    base_url_env: "DCI_API_BASE_URL",
    default_base_url: Some("https://api.doit.com"),
    confirm_env: "DCI_CONFIRM_DESTRUCTIVE",
    agent_env: "DCI_AGENT_MODE",
    config_dir_env: "DCI_CONFIG_DIR",
    cache_dir_env: "DCI_CACHE_DIR",
    version: env!("CARGO_PKG_VERSION"),
    schemes: crate::client::auth::SCHEMES,
    login: crate::client::auth::LOGIN,
    key_check: commands::KEY_CHECK,
};

/// The header the customer context is sent in (the spec's `tenantId` scheme).
const TENANT_HEADER: &str = "X-Tenant-Id";

/// The environment variable of the customer context.
const CUSTOMER_CONTEXT_ENV: &str = "DCI_CUSTOMER_CONTEXT";

/// The customer context's key in the config file.
const CUSTOMER_CONTEXT_KEY: &str = "customer_context";

/// Commands of dci's own, listed after the API's groups in `dci --help`.
const OWN_GROUPS: &[(&str, &[&str])] = &[
    (
        "Settings",
        &["login", "logout", "customer-context", "status", "cache"],
    ),
    ("Shell", &["commands", "edit", "completion", "man", "mcp"]),
];

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
    // clap reads the environment only to show it in the help: `run` tells the
    // flag from the environment (and both from the config file) itself.
    #[arg(
        long,
        short = 'D',
        global = true,
        help_heading = "Global options",
        env = CUSTOMER_CONTEXT_ENV,
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
    Api(runtime::cli::Lazy<commands::Command>),
    /// List every command, with its arguments, flags and exit codes.
    ///
    /// One line per command by default; `--json` prints the whole catalog
    /// (its JSON Schema: docs/cli.md), for scripts and agents that plan
    /// calls without reading help pages.
    Commands(CommandsArgs),
    /// Save, show or clear the customer context commands act on.
    ///
    /// The customer context is sent as the X-Tenant-Id header. `--customer-context`
    /// wins over DCI_CUSTOMER_CONTEXT, which wins over the saved one.
    #[command(subcommand)]
    CustomerContext(CustomerContext),
    /// Sign in with your DoiT account (OAuth 2 with PKCE) and save the token.
    ///
    /// Prints the sign-in page's address (and opens it where a browser can be),
    /// waits for the page to send you back to 127.0.0.1, and saves the token in
    /// the config file, readable by you only; it is renewed when it expires.
    /// DCI_API_KEY, when set, wins over it. DCI_CONSOLE_BASE_URL replaces the
    /// console's address (https://console.doit.com).
    Login,
    /// Remove the saved sign-in token (none saved is no error).
    Logout,
    /// Show the settings in effect and where each comes from.
    ///
    /// The base URL, whether DCI_API_KEY is set (never the key), the customer
    /// context, agent mode, the config file and dci's version. JSON with
    /// `-o json` or in agent mode. Sends nothing, unless `--check` asks the
    /// API (`dci validate`) whether it accepts the credential.
    Status(StatusArgs),
    /// Show or clear the cache of ids and names that lets names stand for ids.
    ///
    /// List commands and lookups fill it (DCI_CACHE_DIR, else the user's cache
    /// directory; readable by you only); `dci cache clear` empties it.
    #[command(subcommand)]
    Cache(runtime::cli::CacheAction),
    /// Change an item in your editor, and send the change back.
    ///
    /// Reads the item the command writes (a GET of its path), opens it in
    /// $VISUAL or $EDITOR (JSON; YAML with -o yaml), shows the change as a
    /// diff and asks before sending it: `dci edit update-alert 'Prod cost'`.
    /// Sends If-Match when the item came with an ETag (exit 21 if it changed
    /// meanwhile). An unchanged file sends nothing.
    Edit(runtime::cli::EditArgs),
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
    /// Serve dci's commands to AI agents as MCP tools (stdio, or --http).
    ///
    /// A Model Context Protocol server: each command is a tool, with the
    /// same names, texts and checks as here. Read-only unless --allow-write;
    /// destructive tools only with --allow-destructive. It uses your
    /// credentials (DCI_API_KEY, or `dci login`'s token) and never shows them
    /// to the client; over HTTP, clients need the bearer token it prints.
    #[cfg(feature = "mcp")]
    Mcp(runtime::cli::McpArgs),
}

/// `dci customer-context ...`.
#[derive(Debug, clap::Subcommand)]
enum CustomerContext {
    /// Save the customer context in the config file.
    Set {
        /// The customer (tenant) ID.
        #[arg(value_name = "CUSTOMER_ID")]
        id: String,
    },
    /// Print the customer context in effect and where it comes from.
    Show,
    /// Remove the saved customer context (nothing to remove is no error).
    Clear,
}

/// The full command tree, with `dci --help` grouping commands by tag.
pub fn command() -> clap::Command {
    PROGRAM.help(
        Cli::command(),
        commands::GROUPS,
        commands::group,
        OWN_GROUPS,
        commands::CATALOG,
    )
}

/// Parses the process's arguments and runs the command.
pub fn main() -> std::process::ExitCode {
    PROGRAM.answer_version();
    PROGRAM.install_panic_hook();
    PROGRAM.complete_dynamic(command, commands::CATALOG);
    let matches = match PROGRAM.matches(command) {
        Ok(matches) => matches,
        Err(failure) => return PROGRAM.exit(Err(failure)),
    };
    let cli = match PROGRAM.arguments(Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(failure) => return PROGRAM.exit(Err(failure)),
    };
    // Given on the command line, or read by clap from the environment?
    let flag = matches!(
        matches.value_source("customer_context"),
        Some(clap::parser::ValueSource::CommandLine)
    );
    PROGRAM.exit(run(cli, flag))
}

fn run(cli: Cli, customer_context_flag: bool) -> Result<(), Failure> {
    let flag = cli.customer_context.filter(|_| customer_context_flag);
    let api = match cli.command {
        TopCommand::Api(runtime::cli::Lazy(api)) => api,
        TopCommand::Commands(args) => {
            let root = command();
            return PROGRAM.commands(args, &cli.global, &root, commands::CATALOG, OWN_GROUPS);
        }
        TopCommand::CustomerContext(action) => {
            let mut config = PROGRAM.config()?;
            return customer_context(action, flag, &mut config, &cli.global);
        }
        TopCommand::Login => return PROGRAM.login(&mut PROGRAM.config()?),
        TopCommand::Cache(action) => return PROGRAM.cache(action, &cli.global),
        TopCommand::Edit(args) => {
            let matches = PROGRAM.edit_matches(command(), &args, commands::CATALOG)?;
            let cli = PROGRAM.arguments(Cli::from_arg_matches(&matches))?;
            let flag = matches!(
                matches.value_source("customer_context"),
                Some(clap::parser::ValueSource::CommandLine)
            );
            return run(cli, flag);
        }
        TopCommand::Logout => return PROGRAM.logout(&mut PROGRAM.config()?),
        TopCommand::Status(args) => {
            let config = PROGRAM.status_config();
            let setting = customer_context_setting(flag, &config);
            let tenant = setting
                .value
                .clone()
                .map(|c| (TENANT_HEADER.to_string(), c));
            let line = StatusLine {
                key: CUSTOMER_CONTEXT_KEY,
                label: "Customer context",
                setting,
            };
            return PROGRAM.status(
                &args,
                &cli.global,
                &config,
                &[line],
                tenant.into_iter().collect(),
            );
        }
        TopCommand::Completion { shell } => {
            let mut command = command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, PROGRAM.name, &mut script);
            runtime::output::print(&String::from_utf8_lossy(&script));
            return Ok(());
        }
        #[cfg(feature = "mcp")]
        TopCommand::Mcp(args) => {
            let config = PROGRAM.status_config();
            let tenant = customer_context_setting(flag, &config)
                .value
                .map(|c| (TENANT_HEADER.to_string(), c));
            return PROGRAM.mcp(
                &args,
                &cli.global,
                commands::TOOLS,
                commands::Command::run,
                tenant.into_iter().collect(),
            );
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
    let config = PROGRAM.config()?;
    let tenant = customer_context_setting(flag, &config)
        .value
        .map(|c| (TENANT_HEADER.to_string(), c));
    let context = PROGRAM.context(&cli.global, &config, tenant.into_iter().collect())?;
    runtime::cli::block_on(api.run(&context))
}

/// The customer context in effect: the flag, else the environment, else the
/// config file.
fn customer_context_setting(flag: Option<String>, config: &ConfigFile) -> Setting {
    Setting::resolve(flag, CUSTOMER_CONTEXT_ENV, config, CUSTOMER_CONTEXT_KEY)
}

/// `dci customer-context set|show|clear`: a line for people, or an object
/// with `-o json`, `--jq`, `--fields` and in agent mode.
fn customer_context(
    action: CustomerContext,
    flag: Option<String>,
    config: &mut ConfigFile,
    global: &GlobalArgs,
) -> Result<(), Failure> {
    let path = config
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let (text, object) = match action {
        CustomerContext::Set { id } => {
            let id = id.trim();
            if id.is_empty() || id.chars().any(char::is_control) {
                return Err(Failure::usage(
                    "the customer ID must be non-empty, without control characters",
                ));
            }
            config.set(CUSTOMER_CONTEXT_KEY, id);
            config.save()?;
            (
                format!("Saved customer context {id} in {path}"),
                serde_json::json!({"customer_context": id, "config_file": path}),
            )
        }
        CustomerContext::Show => {
            let setting = customer_context_setting(flag, config);
            let text = match (&setting.value, setting.source) {
                (Some(id), Source::Env) => format!("{id} (from {CUSTOMER_CONTEXT_ENV})"),
                (Some(id), Source::Config) => format!("{id} (saved in {path})"),
                (Some(id), _) => format!("{id} (from --customer-context)"),
                (None, _) => "No customer context is set".to_string(),
            };
            let object = serde_json::json!({
                "customer_context": setting.value,
                "source": setting.source.as_str(),
            });
            (text, object)
        }
        CustomerContext::Clear => {
            let removed = config.remove(CUSTOMER_CONTEXT_KEY);
            if removed {
                config.save()?;
            }
            let text = if removed {
                format!("Cleared the customer context saved in {path}")
            } else {
                "No customer context was saved; nothing to clear".to_string()
            };
            let object = serde_json::json!({"customer_context": null, "removed": removed, "config_file": path});
            (text, object)
        }
    };
    PROGRAM.print_own(global, &format!("{text}\n"), object)
}

/// The man page (roff) of dci, or of the command answering to `name`.
pub fn man_page(name: Option<&str>) -> Option<Vec<u8>> {
    let root = command();
    let page = match name {
        None => clap_mangen::Man::new(root),
        Some(name) => {
            let mut sub = root.find_subcommand(name)?.clone();
            // Built under its own name: its arguments are made for it.
            sub.build();
            let title = format!("dci-{}", sub.get_name());
            let bin_name = format!("dci {}", sub.get_name());
            let sub = sub.name(title.clone()).bin_name(bin_name);
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
