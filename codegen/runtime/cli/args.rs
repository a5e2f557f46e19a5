//! The flags and arguments every generated command shares: the global
//! flags, and the options the runtime handles itself (`--all`, a local
//! `--dry-run`) beside an operation's own arguments.

use super::super::output::{Fields, Format};

/// The flags of `status`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StatusArgs {
    /// Also send one request that needs the credential (the API's "who am
    /// I") to learn whether it is accepted; exit 10 when it is refused.
    /// Its answer is not printed.
    #[arg(long)]
    pub check: bool,
}

/// Flags every command takes, under their own heading in each command's help.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print the request as a curl command instead of sending it; needs no API key.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Print each request and response (status, headers, timing) to stderr,
    /// with the API key redacted.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// Output format [default: table on a terminal, json otherwise, toon in agent mode].
    #[arg(long, short = 'o', global = true, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// The fields to print, comma-separated, in order (a.b for a nested one),
    /// from each item of a list or from a lone object; a missing field is
    /// null (an empty cell). Applied before --jq.
    #[arg(long, short = 'C', global = true, value_name = "FIELDS", value_parser = Fields::parse)]
    pub fields: Option<Fields>,
    /// A jq filter applied to the response (after --fields) before it is printed.
    #[arg(long, global = true, value_name = "FILTER")]
    pub jq: Option<String>,
    /// Write the result to PATH instead of stdout, atomically: PATH is
    /// replaced only when the command succeeds, and is left as it was otherwise.
    /// A directory (-O alone, last: the current one) gets the file the response
    /// names (Content-Disposition); -O - is stdout.
    #[arg(long, short = 'O', global = true, value_name = "PATH", num_args = 0..=1, default_missing_value = ".")]
    pub output_file: Option<std::path::PathBuf>,
    /// Retries after 429, 502, 503, 504 or a failed connection (idempotent requests only).
    #[arg(long, global = true, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds a request may take in all, its retries and their waits
    /// included (with --all, each page's request).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Run destructive commands without asking.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Send an argument that takes an id as it is: never look a name up.
    #[arg(long, global = true)]
    pub no_resolve: bool,
    /// Agent mode, for scripts and AI agents: no prompts or progress, TOON
    /// output (-o json for JSON), each error as one JSON envelope on stderr
    /// (see Environment).
    #[arg(long, global = true, overrides_with = "no_agent")]
    pub agent: bool,
    /// Agent mode off, whatever the environment says.
    #[arg(long, global = true, overrides_with = "agent")]
    pub no_agent: bool,
}

/// `cache info` and `cache clear`: the cache of ids and names.
#[derive(Debug, Clone, Copy, clap::Subcommand)]
#[non_exhaustive]
pub enum CacheAction {
    /// Say what the cache of ids and names holds: each list, how many
    /// items, when it was fetched.
    Info,
    /// Remove the cache of ids and names (none is no error).
    Clear,
}

/// Per-command options the generated dispatch passes along.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// Follow pages to the last one (`--all`).
    pub all: bool,
    /// With `--all`, fetch at most this many pages (`--max-pages`).
    pub max_pages: Option<usize>,
    /// With `--all`, keep at most this many items (`--max-items`).
    pub max_items: Option<usize>,
    /// Print the request instead of sending it (`--dry-run` where the API has none).
    pub dry_run: bool,
}

// A command's arguments: the operation's request, and the options the
// runtime handles itself (`Pages`, `DryRun`, `PagesDryRun`).
//
// These structs have no doc comments: clap would take them as the
// command's help, over the request struct's.
#[allow(missing_docs)]
#[derive(Debug, Clone, clap::Args)]
#[group(skip)]
pub struct With<O: clap::Args, X: clap::Args> {
    /// The request, whose fields are the command's arguments.
    #[command(flatten)]
    pub request: O,
    /// The runtime's own options.
    #[command(flatten)]
    pub options: X,
}

// `--dry-run`, for commands whose API has no dry run of its own.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct DryRun {
    /// Print the request that would be sent (as --offline does) and send nothing.
    #[arg(long = "dry-run")]
    pub local_dry_run: bool,
}

// No options of the runtime's own, beside a body's flags.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
#[non_exhaustive]
pub struct NoOptions {}

impl From<NoOptions> for RunOptions {
    fn from(_: NoOptions) -> Self {
        RunOptions::default()
    }
}

// `--all`, `--max-pages` and `--max-items`, for paginated commands.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct Pages {
    /// Follow the pages to the last one and print one merged result (-o jsonl: each page as it arrives).
    #[arg(long)]
    pub all: bool,
    /// With --all, fetch at most this many pages [default: 10000].
    #[arg(long, value_name = "N", requires = "all", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_pages: Option<u64>,
    /// With --all, stop after this many items.
    #[arg(long, value_name = "N", requires = "all", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_items: Option<u64>,
}

impl Pages {
    /// The options as the runtime takes them.
    fn options(&self) -> RunOptions {
        let size = |n: Option<u64>| n.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        RunOptions {
            all: self.all,
            max_pages: size(self.max_pages),
            max_items: size(self.max_items),
            dry_run: false,
        }
    }
}

// `--all` and `--dry-run` together.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Default, clap::Args)]
#[group(skip)]
pub struct PagesDryRun {
    #[command(flatten)]
    pages: Pages,
    #[command(flatten)]
    dry_run: DryRun,
}

impl From<DryRun> for RunOptions {
    fn from(options: DryRun) -> Self {
        RunOptions {
            dry_run: options.local_dry_run,
            ..Default::default()
        }
    }
}

impl From<Pages> for RunOptions {
    fn from(options: Pages) -> Self {
        options.options()
    }
}

impl From<PagesDryRun> for RunOptions {
    fn from(options: PagesDryRun) -> Self {
        RunOptions {
            dry_run: options.dry_run.local_dry_run,
            ..options.pages.options()
        }
    }
}
