//! What every generated command shares: global flags, reading bodies and
//! arguments, sending (or printing) the request, printing the outcome, and
//! exit codes.
//!
//! The pieces live in submodules; everything public is re-exported here,
//! and generated code and tools name it from here (`runtime::cli::json`):
//!
//! - `args`: the global flags and the runtime's own per-command options.
//! - `config`: the config file, and where each setting comes from.
//! - `parsers`: clap value parsers for bodies, JSON values and files.
//! - `body`: a JSON body from `--body`, shorthand and a flag per field.
//! - `shorthand`: the `a.b:1 tags[]:x` syntax of body fields.
//! - `placeholder`: a stand-in value of a body type, for `--raw`.
//! - `program`: what differs per tool, from the environment to the exit code.
//! - `context`: running one command: request, confirmation, pages, output.
//! - `failure`: why a command failed, and exit codes.
//! - `help`: the root help's grouped command list.
//! - `catalog`: the `commands` catalog, for scripts and agents.
//! - `status`: the `status` command's report, and its `--check`.
//! - `subcommands`: the generated commands as clap subcommands, made lazily.
//! - `usage`: clap's parse errors as usage failures, with suggestions.
//! - `signals`: temporary files a signal removes, exit 128 + its number.
//! - `login`: `login` and `logout`, the spec's OAuth 2 flow with PKCE.
//! - `own`: output of the tool's own commands, through `--jq` and the formats.
//! - `fuzz` (hidden): each parser of outside input, for fuzz targets and
//!   property tests.
//! - `mcp` (feature `mcp`): the MCP server, each command a tool.

mod args;
mod body;
mod catalog;
mod config;
mod context;
mod edit;
mod failure;
#[doc(hidden)]
pub mod fuzz;
mod help;
#[cfg(feature = "login")]
mod login;
#[cfg(feature = "mcp")]
mod mcp;
mod names;
mod own;
mod parsers;
mod placeholder;
mod program;
mod shorthand;
mod sign_in;
mod status;
mod subcommands;
mod usage;

pub use super::output::signals::{interrupted, Temporary};
pub use args::{
    CacheAction, DryRun, GlobalArgs, NoOptions, Pages, PagesDryRun, RunOptions, StatusArgs, With,
};
pub use body::{take_body, CatalogText, WithBody};
pub use catalog::{Catalog, CommandsArgs};
pub use config::{ConfigFile, Locked, Setting, Source, CONFIG_FILE_NAME};
pub use context::{Context, Run, Settings};
pub use edit::EditArgs;
pub use failure::{
    exit_code_table, exit_codes_page, ErrorCode, Failure, EXIT_AUTH, EXIT_CONFLICT, EXIT_ERROR,
    EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_NOT_CONFIRMED, EXIT_NOT_FOUND, EXIT_OK, EXIT_PERMISSION,
    EXIT_RATE_LIMITED, EXIT_SERVER, EXIT_USAGE, EXIT_VALIDATION,
};
pub use help::grouped_commands;
#[cfg(feature = "mcp")]
pub use mcp::{McpArgs, ToolSearch, DYNAMIC_ABOVE};
pub use parsers::{bytes_body, file, json, json_body, max_length, text_body};
pub use program::{block_on, check_base_url, Program};
pub use status::{KeyCheck, StatusLine};
pub use subcommands::Lazy;
