//! `mcp`: a Model Context Protocol server (the official Rust SDK, `rmcp`)
//! over stdio, or Streamable HTTP with `--http`, offering each command as
//! a tool. Tools come from `tools.json` (the generator's model: the same
//! names and texts as `--help`); a call is the command's own command line,
//! run through the CLI's parsing, checks, pagination and output, so that
//! a tool and a command can never disagree.
//!
//! Read-only unless `--allow-write`; destructive tools only with
//! `--allow-destructive`. Above [`DYNAMIC_ABOVE`] tools (or with
//! `--dynamic`) it offers three tools instead: search, describe, call.
//! Credentials are the CLI's (environment, config file, sign-in); none is
//! ever sent to the client. It logs to stderr only.

mod call;
mod http;
mod tools;

use std::sync::Arc;

use clap::{FromArgMatches, Subcommand};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use super::args::GlobalArgs;
use super::context::{Context, Run};
use super::failure::Failure;
use super::program::{block_on, Program};
use tools::{Policy, ToolSet};

/// Above this many tools the server offers the dynamic mode's three
/// instead of the full list (unless `--full`).
pub const DYNAMIC_ABOVE: usize = 120;

/// The dynamic mode's search over a `tools.json`, every tool allowed: what
/// `examples/mcp_search.rs` times on large specs. Not part of the API.
#[doc(hidden)]
pub struct ToolSearch(ToolSet);

impl ToolSearch {
    /// The tools of `tools` (a `tools.json`'s text).
    pub fn load(tools: &str) -> Result<ToolSearch, String> {
        let policy = Policy {
            allow_write: true,
            allow_destructive: true,
            patterns: Vec::new(),
        };
        ToolSet::load(tools, &policy, "tool", |_| true).map(ToolSearch)
    }

    /// How many tools there are.
    pub fn len(&self) -> usize {
        self.0.offered.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.offered.is_empty()
    }

    /// The names `search_tools` answers for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&str> {
        let found = self.0.search(query, limit);
        found.into_iter().map(|spec| spec.name.as_str()).collect()
    }
}

/// The flags of `mcp`.
#[derive(Debug, Clone, clap::Args)]
pub struct McpArgs {
    /// Serve Streamable HTTP on ADDR (HOST:PORT, or PORT for 127.0.0.1)
    /// instead of stdio; clients must send the bearer token printed at start,
    /// or the one set in `<TOOL>_MCP_TOKEN` (`DCI_MCP_TOKEN` for dci).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,
    /// Offer tools that change data (POST, PUT, PATCH, DELETE); the server
    /// is read-only without it.
    #[arg(long)]
    pub allow_write: bool,
    /// Offer destructive tools too (those the CLI asks about); implies
    /// --allow-write. Their calls run without a question.
    #[arg(long)]
    pub allow_destructive: bool,
    /// Offer only these tools: names, globs (`list-*`) or groups
    /// (`Alerts`), comma-separated or repeated.
    #[arg(long, value_name = "PATTERNS", value_delimiter = ',')]
    pub tools: Vec<String>,
    /// Offer three tools (search, describe, call) instead of one per
    /// operation; the default above 120 tools.
    #[arg(long, conflicts_with = "full")]
    pub dynamic: bool,
    /// Offer one tool per operation however many there are.
    #[arg(long)]
    pub full: bool,
    /// Cut a result's text to this many bytes, saying what was cut.
    #[arg(long, value_name = "BYTES", default_value_t = 16384)]
    pub max_result_bytes: usize,
}

/// Runs one command line of the tool (without its name) and returns what
/// it printed; built by [`Program::mcp`] over the tool's commands.
type Runner = Arc<dyn Fn(Vec<String>) -> Result<String, Failure> + Send + Sync>;

/// The server: its tools, the policy that chose them, and how to run one.
#[derive(Clone)]
struct Server {
    name: &'static str,
    version: &'static str,
    tools: Arc<ToolSet>,
    dynamic: bool,
    confirmed: bool,
    cap: usize,
    runner: Runner,
}

impl Program {
    /// `mcp`: serves the tools of `tools` (the generated `tools.json`) over
    /// stdio, or Streamable HTTP with `--http`; each call runs the command
    /// `C` names through `run`, with `headers` (the tool's own) on every
    /// request. Returns when the client goes away (stdio) or on Ctrl-C.
    pub fn mcp<C: Subcommand + 'static>(
        &self,
        args: &McpArgs,
        global: &GlobalArgs,
        tools: &'static str,
        run: for<'a> fn(C, &'a Context) -> Run<'a>,
        headers: Vec<(String, String)>,
    ) -> Result<(), Failure> {
        let policy = Policy {
            allow_write: args.allow_write,
            allow_destructive: args.allow_destructive,
            patterns: args.tools.clone(),
        };
        let commands = C::augment_subcommands(clap::Command::new(self.name));
        let compiled = |name: &str| commands.find_subcommand(name).is_some();
        let set = ToolSet::load(tools, &policy, self.name, compiled).map_err(Failure::error)?;
        let dynamic = args.dynamic || (!args.full && set.offered.len() > DYNAMIC_ABOVE);
        // Settings are checked once, at start: a missing base URL is an
        // error here, not on every call.
        self.context(global, &self.status_config(), headers.clone())?;
        let program = *self;
        let global = global.clone();
        let runner: Runner = Arc::new(move |argv: Vec<String>| {
            program.run_line::<C>(argv, &global, run, headers.clone())
        });
        let server = Server {
            name: self.name,
            version: self.version,
            tools: Arc::new(set),
            dynamic,
            confirmed: args.allow_destructive,
            cap: args.max_result_bytes.max(256),
            runner,
        };
        eprintln!(
            "{} mcp: {} tool{} ({}; {}), results cut at {} bytes",
            self.name,
            server.tools.offered.len(),
            if server.tools.offered.len() == 1 {
                ""
            } else {
                "s"
            },
            if dynamic {
                "dynamic: search_tools, describe_tool, call_tool"
            } else {
                "one per operation"
            },
            match (args.allow_write, args.allow_destructive) {
                (_, true) => "writes and destructive ones allowed",
                (true, false) => "writes allowed",
                _ => "read-only",
            },
            server.cap
        );
        match &args.http {
            Some(addr) => http::serve(server, addr, self),
            None => serve_stdio(server),
        }
    }

    /// Parses `argv` as the tool's command line and runs it, its output
    /// kept: what one tool call does.
    fn run_line<C: Subcommand>(
        &self,
        argv: Vec<String>,
        global: &GlobalArgs,
        run: for<'a> fn(C, &'a Context) -> Run<'a>,
        headers: Vec<(String, String)>,
    ) -> Result<String, Failure> {
        use clap::Args;
        let root = GlobalArgs::augment_args(C::augment_subcommands(
            clap::Command::new(self.name).no_binary_name(true),
        ));
        let parse_error = |e: clap::Error| {
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            Failure::usage(first.strip_prefix("error: ").unwrap_or(first).to_string())
        };
        let matches = root.try_get_matches_from(argv).map_err(parse_error)?;
        let mut call_global = GlobalArgs::from_arg_matches(&matches).map_err(parse_error)?;
        let command = C::from_arg_matches(&matches).map_err(parse_error)?;
        // The server's own settings (retries, timeout) with the call's output flags.
        call_global.retries = global.retries;
        call_global.timeout = global.timeout;
        call_global.verbose = global.verbose;
        let context = self
            .context(&call_global, &self.status_config(), headers)?
            .capturing();
        block_on(run(command, &context))?;
        Ok(context.take_output())
    }
}

/// The server's runtime, for stdio and HTTP alike: tool calls run on
/// blocking threads, so one worker serves the protocol.
fn server_runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| Failure::error(format!("cannot start the server: {e}")))
}

/// Serves `server` over stdin and stdout until the client closes them.
fn serve_stdio(server: Server) -> Result<(), Failure> {
    server_runtime()?.block_on(async move {
        let running = server
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| Failure::error(format!("the MCP session did not start: {e}")))?;
        let _ = running.waiting().await;
        Ok(())
    })
}

impl Server {
    /// The tools `tools/list` answers.
    fn listed(&self) -> Vec<rmcp::model::Tool> {
        match self.dynamic {
            true => tools::dynamic_tools(),
            false => self.tools.offered.iter().map(|s| s.tool()).collect(),
        }
    }

    /// A call of the tool `name`: one of the offered, or a dynamic one.
    async fn call(&self, name: &str, arguments: JsonObject) -> CallToolResult {
        if self.dynamic {
            match name {
                tools::SEARCH => return self.search(&arguments),
                tools::DESCRIBE => return self.describe(&arguments),
                tools::CALL => {
                    let target = arguments
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    let inner = match arguments.get("arguments") {
                        Some(Value::Object(map)) => map.clone(),
                        None | Some(Value::Null) => JsonObject::new(),
                        Some(other) => {
                            return call::error(&Failure::usage(format!(
                                "call_tool: 'arguments' must be an object, got {other}"
                            )))
                        }
                    };
                    return self.call_operation(target, inner).await;
                }
                _ => {}
            }
        }
        self.call_operation(name, arguments).await
    }

    /// Runs the operation `name` with `arguments`; a refusal, bad
    /// arguments or the API's failure is a tool error with the envelope.
    async fn call_operation(&self, name: &str, arguments: JsonObject) -> CallToolResult {
        let Some(spec) = self.tools.get(name) else {
            return call::error(&self.unknown(name));
        };
        let format = match arguments.get("format").and_then(Value::as_str) {
            Some("json") => "json",
            _ => "toon",
        };
        let argv = match call::command_line(spec, &arguments, self.confirmed) {
            Ok(argv) => argv,
            Err(failure) => return call::error(&failure),
        };
        let runner = self.runner.clone();
        let outcome = tokio::task::spawn_blocking(move || runner(argv)).await;
        match outcome {
            Ok(Ok(printed)) => call::result(&printed, format, self.cap),
            Ok(Err(failure)) => call::error(&failure),
            Err(e) => call::error(&Failure::error(format!("the call did not finish: {e}"))),
        }
    }

    /// Why there is no tool `name`: withheld by the flags, or unknown.
    fn unknown(&self, name: &str) -> Failure {
        let policy_note = self
            .tools
            .withheld
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.name.clone());
        match policy_note {
            Some(_) => Failure::usage(format!(
                "{name} is not offered by this server (read-only unless --allow-write; destructive tools need --allow-destructive; --tools selects)"
            )),
            None => Failure::usage(format!("no tool named '{name}'"))
                .with_hint(format!("{} lists them", if self.dynamic { tools::SEARCH } else { "tools/list" })),
        }
    }

    /// `search_tools`: names and summaries of the best matches.
    fn search(&self, arguments: &JsonObject) -> CallToolResult {
        let Some(query) = arguments.get("query").and_then(Value::as_str) else {
            return call::error(&Failure::usage(
                "search_tools: 'query' (a string) is required",
            ));
        };
        let limit = arguments
            .get("limit")
            .and_then(Value::as_u64)
            .map_or(10, |n| n.clamp(1, 50) as usize);
        let found: Vec<Value> = self
            .tools
            .search(query, limit)
            .iter()
            .map(|s| {
                json!({"name": s.name, "title": s.title, "group": s.group, "method": s.method, "path": s.path})
            })
            .collect();
        structured(json!({"tools": found}))
    }

    /// `describe_tool`: one tool's full definition.
    fn describe(&self, arguments: &JsonObject) -> CallToolResult {
        let name = arguments
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match self.tools.get(name) {
            Some(spec) => structured(serde_json::to_value(spec.tool()).unwrap_or_default()),
            None => call::error(&self.unknown(name)),
        }
    }
}

/// A result of `value`, as structured content and as JSON text.
fn structured(value: Value) -> CallToolResult {
    let mut result = CallToolResult::structured(value.clone());
    result.content = vec![ContentBlock::text(value.to_string())];
    result
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        let instructions = match self.dynamic {
            true => "This API's operations are found with search_tools, described with describe_tool and run with call_tool.",
            false => "Each tool is one operation of the API; results are TOON text unless format is json, cut to a size cap (narrow with fields or jq).",
        };
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(self.name, self.version))
            .with_instructions(instructions)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(self.listed()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let arguments = request.arguments.unwrap_or_default();
        Ok(self.call(&request.name, arguments).await.into())
    }
}
