//! A generated crate's `src/main.rs`: its `Program` (names, environment,
//! default URL), the API's commands beside the tool's own (`status`,
//! `commands`), and `main`.

use quote::quote;

use super::super::lit;
use crate::error::Error;
use crate::model::Api;
use crate::naming::ident;
use crate::write::{self, GeneratedFile};

/// The generated tool's `Program`: its names, environment and default URL.
fn program(api: &Api) -> proc_macro2::TokenStream {
    let name = &api.crate_names.package;
    let lib = ident(&api.crate_names.lib);
    let env = &api.crate_names.env;
    let (key_env, url_env) = (lit(&env.api_key), lit(&env.base_url));
    let confirm_env = lit(&env.confirm_destructive);
    let agent_env = lit(&env.agent_mode);
    let config_dir_env = lit(&env.config_dir);
    let cache_dir_env = lit(&env.cache_dir);
    let default_url = match &api.server_url {
        Some(url) => {
            let url = lit(url);
            quote!(Some(#url))
        }
        None => quote!(None),
    };
    let name_lit = lit(name);
    quote! {
        Program {
            name: #name_lit,
            api_key_env: #key_env,
            base_url_env: #url_env,
            default_base_url: #default_url,
            confirm_env: #confirm_env,
            agent_env: #agent_env,
            config_dir_env: #config_dir_env,
            cache_dir_env: #cache_dir_env,
            version: env!("CARGO_PKG_VERSION"),
            schemes: #lib::client::auth::SCHEMES,
            login: #lib::client::auth::LOGIN,
            key_check: #lib::cli::KEY_CHECK,
        }
    }
}

pub(super) fn main_rs(api: &Api) -> Result<GeneratedFile, Error> {
    let name = &api.crate_names.package;
    let lib = ident(&api.crate_names.lib);
    let program = program(api);
    let name_lit = lit(name);
    let about = lit(&crate::text::first_paragraph(&api.title));
    let doc = lit(&api.crate_docs.main);
    let commands = top_commands(&lib, api.login.is_some());
    let own_groups = if api.login.is_some() {
        quote!(&[
            ("Settings", &["login", "logout", "status", "cache"]),
            ("Shell", &["commands", "edit", "mcp"])
        ])
    } else {
        quote!(&[
            ("Settings", &["status", "cache"]),
            ("Shell", &["commands", "edit", "mcp"])
        ])
    };
    let tokens = quote! {
        #![doc = #doc]

        use clap::{CommandFactory, FromArgMatches};
        use #lib::runtime::cli::{block_on, CommandsArgs, Failure, GlobalArgs, Program, StatusArgs};

        const PROGRAM: Program = #program;

        /// The tool's own commands, by group, listed after the API's groups in `--help`.
        const OWN_GROUPS: &[(&str, &[&str])] = #own_groups;

        #[derive(Debug, clap::Parser)]
        #[command(name = #name_lit, version, about = #about)]
        struct Cli {
            #[command(flatten)]
            global: GlobalArgs,
            #[command(subcommand)]
            command: TopCommand,
        }

        #commands
    };
    write::rust_file("src/main.rs", &api.source, tokens, &[])
}

/// A generated tool's commands (the API's and its own), its root help,
/// and `main`: parse, run, exit with the outcome's code.
fn top_commands(lib: &proc_macro2::Ident, login: bool) -> proc_macro2::TokenStream {
    let (login_variants, login_arms) = login_tokens(login);
    let main_fn = main_fn(lib);
    quote! {
        // Parsed once per process: a large variant costs nothing worth boxing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, clap::Subcommand)]
        enum TopCommand {
            #[command(flatten)]
            Api(#lib::runtime::cli::Lazy<#lib::cli::Command>),
            /// Show the settings in effect and where each comes from.
            ///
            /// The base URL, whether the API key is set (never the key), agent mode
            /// and the config file. JSON with `-o json` or in agent mode. With
            /// `--check`, one request tells whether the API accepts the credential.
            Status(StatusArgs),
            /// List every command, with its arguments, flags and exit codes.
            ///
            /// One line per command by default; `--json` prints the whole
            /// catalog, for scripts and agents.
            Commands(CommandsArgs),
            /// Show or clear the cache of ids and names that lets names stand for ids.
            #[command(subcommand)]
            Cache(#lib::runtime::cli::CacheAction),
            /// Change an item in your editor, and send the change back.
            ///
            /// Reads the item the command writes (a GET of its path), opens it in
            /// $VISUAL or $EDITOR (JSON; YAML with -o yaml), shows the change as a
            /// diff and asks before sending it. Sends If-Match when the item came
            /// with an ETag. An unchanged file sends nothing.
            Edit(#lib::runtime::cli::EditArgs),
            /// Serve the commands to AI agents as MCP tools (stdio, or --http).
            ///
            /// A Model Context Protocol server: each command is a tool, with the
            /// same names, texts and checks. Read-only unless --allow-write;
            /// destructive tools only with --allow-destructive. Credentials are
            /// read as for the commands and never shown to the client.
            #[cfg(feature = "mcp")]
            Mcp(#lib::runtime::cli::McpArgs),
            #login_variants
        }

        fn command() -> clap::Command {
            PROGRAM.help(Cli::command(), #lib::cli::GROUPS, #lib::cli::group, OWN_GROUPS, #lib::cli::CATALOG)
        }

        fn run(cli: Cli) -> Result<(), Failure> {
            match cli.command {
                TopCommand::Commands(args) => {
                    let root = command();
                    PROGRAM.commands(args, &cli.global, &root, #lib::cli::CATALOG, OWN_GROUPS)
                }
                TopCommand::Status(args) => {
                    PROGRAM.status(&args, &cli.global, &PROGRAM.status_config(), &[], Vec::new())
                }
                TopCommand::Cache(action) => PROGRAM.cache(action, &cli.global),
                TopCommand::Edit(args) => {
                    let matches = PROGRAM.edit_matches(command(), &args, #lib::cli::CATALOG)?;
                    run(PROGRAM.arguments(Cli::from_arg_matches(&matches))?)
                }
                #[cfg(feature = "mcp")]
                TopCommand::Mcp(args) => PROGRAM.mcp(
                    &args,
                    &cli.global,
                    #lib::cli::TOOLS,
                    #lib::cli::Command::run,
                    Vec::new(),
                ),
                #login_arms
                TopCommand::Api(#lib::runtime::cli::Lazy(command)) => {
                    let context = PROGRAM.context(&cli.global, &PROGRAM.config()?, Vec::new())?;
                    block_on(command.run(&context))
                }
            }
        }

        #main_fn
    }
}

/// `main`: parse, run, exit with the outcome's code.
fn main_fn(lib: &proc_macro2::Ident) -> proc_macro2::TokenStream {
    quote! {
    fn main() -> std::process::ExitCode {
        PROGRAM.answer_version();
            PROGRAM.install_panic_hook();
        PROGRAM.complete_dynamic(command, #lib::cli::CATALOG);
        let matches = match PROGRAM.matches(command) {
            Ok(matches) => matches,
            Err(failure) => return PROGRAM.exit(Err(failure)),
        };
        let cli = match PROGRAM.arguments(Cli::from_arg_matches(&matches)) {
            Ok(cli) => cli,
            Err(failure) => return PROGRAM.exit(Err(failure)),
        };
        PROGRAM.exit(run(cli))
    }
    }
}

/// The `login` and `logout` variants and their arms, where the spec
/// declares an OAuth 2 authorization-code flow.
fn login_tokens(login: bool) -> (proc_macro2::TokenStream, proc_macro2::TokenStream) {
    if login {
        (
            quote! {
                /// Sign in (the API's OAuth 2 flow, with PKCE) and save the token.
                ///
                /// Prints the sign-in page's address, waits for it to send you back to
                /// 127.0.0.1, and saves the token in the config file, readable by you
                /// only; it is renewed when it expires. The API key, when set, wins.
                Login,
                /// Remove the saved sign-in token (none saved is no error).
                Logout,
            },
            quote! {
                TopCommand::Login => PROGRAM.login(&mut PROGRAM.config()?),
                TopCommand::Logout => PROGRAM.logout(&mut PROGRAM.config()?),
            },
        )
    } else {
        (quote!(), quote!())
    }
}
