//! What differs between generated tools ([`Program`]), and the steps every
//! `main` takes with it: starting the context from the environment, running
//! the command, and turning its outcome into an exit code.

use super::super::output;
use super::args::{GlobalArgs, StatusArgs};
use super::config::{ConfigFile, Setting, Source, CONFIG_FILE_NAME};
use super::context::{Context, Settings};
use super::failure::{exit_code_table, Failure};
use super::help::grouped_commands;
use super::status::{Status, StatusLine, Verdict};

/// The exit status of a process whose output pipe was closed (128 + SIGPIPE).
const EXIT_BROKEN_PIPE: i32 = 141;

/// What differs between generated command-line tools: names and defaults.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// The binary's name.
    pub name: &'static str,
    /// The environment variable holding the API key.
    pub api_key_env: &'static str,
    /// The environment variable overriding the base URL.
    pub base_url_env: &'static str,
    /// The base URL when the environment gives none.
    pub default_base_url: Option<&'static str>,
    /// The environment variable that, set to `1`, confirms destructive commands.
    pub confirm_env: &'static str,
    /// The environment variable that, set to `1`, turns agent mode on.
    pub agent_env: &'static str,
    /// The environment variable naming the directory of the config file
    /// (else the platform's config directory).
    pub config_dir_env: &'static str,
    /// The environment variable naming the directory of the cache of ids
    /// and names (else the platform's cache directory).
    pub cache_dir_env: &'static str,
    /// The tool's version, for the `User-Agent` header.
    pub version: &'static str,
    /// The API's security schemes, each read from its own environment
    /// variable (the API key's covers any scheme without one).
    pub schemes: &'static [crate::runtime::Scheme],
    /// How the tool signs in (`login`), where the spec declares it.
    pub login: Option<crate::runtime::Login>,
    /// The request `status --check` sends, where the spec has one.
    pub key_check: Option<super::status::KeyCheck>,
}

impl Program {
    /// Makes a panic (a bug) print one line naming the program, with the
    /// API key hidden; the process then exits 101.
    pub fn install_panic_hook(&self) {
        let name = self.name;
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // A reader that went away (`| head`) ends the output, quietly,
            // with the status a shell gives a process its pipe closed on.
            if message.contains("Broken pipe") {
                std::process::exit(EXIT_BROKEN_PIPE);
            }
            eprintln!(
                "Error: internal error in {name}: {} (this is a bug; please report it)",
                output::redact(&message)
            );
        }));
    }

    /// `command` with the root help listing `groups` of commands, the
    /// environment and the exit codes; each command's help ends with what
    /// `catalog` says of it (required body fields, an example, whether it
    /// is destructive) and its names.
    pub fn help(
        &self,
        command: clap::Command,
        groups: &[&str],
        group: fn(&str) -> Option<&'static str>,
        extra: &[(&str, &[&str])],
        catalog: &'static str,
    ) -> clap::Command {
        // The tool's own groups never share a heading with the API's.
        let extra: Vec<(String, &[&str])> = extra
            .iter()
            .map(|(heading, names)| match groups.contains(heading) {
                true => (format!("{heading} ({})", self.name), *names),
                false => (heading.to_string(), *names),
            })
            .collect();
        let extra: Vec<(&str, &[&str])> = extra.iter().map(|(h, n)| (h.as_str(), *n)).collect();
        let command = super::help::command_texts(command, group, catalog);
        // A tree of the commands one command line names is only parsed: a
        // failure, help included, is parsed again by the whole tree.
        let (listing, group_commands) = match super::subcommands::pruning() {
            true => (String::new(), Vec::new()),
            false => (
                grouped_commands(&command, groups, group, &extra),
                super::help::Root::set(&command, groups, group, &extra),
            ),
        };
        let environment = self.environment_help();
        let version = (command
            .find_subcommand(super::usage::VERSION_COMMAND)
            .is_none())
        .then(|| {
            clap::Command::new(super::usage::VERSION_COMMAND)
                .hide(true)
                .about("Print the version")
        });
        let command = match command.find_subcommand("edit").is_some() {
            true => command.mut_subcommand("edit", |edit| super::edit::with_help(edit, catalog)),
            false => command,
        };
        command
            .subcommands(group_commands)
            .subcommands(version)
            .before_help(listing)
            .after_help(environment)
            .help_template("{about-with-newline}\n{usage-heading} {usage}\n\n{before-help}Options:\n{options}{after-help}")
    }

    /// The root help's environment variables and exit codes.
    fn environment_help(&self) -> String {
        let default = self
            .default_base_url
            .map(|u| format!(" [default: {u}]"))
            .unwrap_or_default();
        let key_help = match self.schemes.iter().find(|s| s.env == self.api_key_env) {
            _ if self.schemes.is_empty() => {
                "API key: none is sent, the API declares no security".to_string()
            }
            Some(scheme) => format!("{} (required unless --offline)", scheme.describe()),
            None => "credential of any security scheme whose own variable is not set".to_string(),
        };
        let mut variables = vec![(self.api_key_env.to_string(), key_help)];
        for scheme in self.schemes.iter().filter(|s| s.env != self.api_key_env) {
            variables.push((scheme.env.to_string(), scheme.describe()));
        }
        variables.extend([
            (
                self.base_url_env.to_string(),
                format!("API base URL{default}; plain http only for localhost"),
            ),
            (
                self.agent_env.to_string(),
                "1 turns agent mode on (--no-agent turns it off)".to_string(),
            ),
            (
                self.config_dir_env.to_string(),
                format!("directory of {CONFIG_FILE_NAME} (saved settings) [default: per-user config dir]"),
            ),
            (
                self.cache_dir_env.to_string(),
                "directory of the cache of ids and names [default: per-user cache dir]".to_string(),
            ),
        ]);
        let width = variables
            .iter()
            .map(|(v, _)| v.len())
            .max()
            .unwrap_or_default();
        let lines: Vec<String> = variables
            .iter()
            .map(|(variable, help)| format!("  {variable:width$}  {help}"))
            .collect();
        format!(
            "Environment (flags win over it, and it wins over the config file):\n{}\n\nExit codes (and the error code of the JSON envelope):\n{}",
            lines.join("\n"),
            exit_code_table(),
        )
    }

    /// The config file: in the directory the environment names, else in
    /// the platform's config directory. A missing file is empty settings; a
    /// file that cannot be read or is not settings is a config error.
    /// From here on a signal ends the command with 128 + its number, the
    /// files being written left as they were (`signals`).
    pub fn config(&self) -> Result<ConfigFile, Failure> {
        super::super::output::signals::install();
        ConfigFile::open(self.name, self.config_dir_env)
    }

    /// The command that signs in (`dci login`), where the tool has one.
    fn login_command(&self) -> Option<String> {
        self.login.map(|_| format!("{} login", self.name))
    }

    /// The config file for `status`: a broken one is reported, not fatal.
    pub fn status_config(&self) -> ConfigFile {
        ConfigFile::open_or_broken(self.name, self.config_dir_env)
    }

    /// The base URL in effect: the environment, else `base_url` in the
    /// config file, else the default.
    pub fn base_url(&self, config: &ConfigFile) -> Setting {
        Setting::first([
            (Source::Env, std::env::var(self.base_url_env).ok()),
            (Source::Config, config.get("base_url").map(str::to_string)),
            (Source::Default, self.default_base_url.map(str::to_string)),
        ])
    }

    /// The context commands run in: base URL and key from the environment
    /// (the base URL else from `config`), `headers` sent on every request.
    pub fn context(
        &self,
        global: &GlobalArgs,
        config: &ConfigFile,
        headers: Vec<(String, String)>,
    ) -> Result<Context, Failure> {
        let setting = self.base_url(config);
        let Some(base_url) = setting.value else {
            return Err(Failure::config(format!(
                "{} is not set: the spec names no server URL",
                self.base_url_env
            ))
            .with_hint(format!(
                "export {} (or set base_url in the config file)",
                self.base_url_env
            )));
        };
        if !global.offline {
            let origin = match (setting.source, config.path()) {
                (Source::Config, Some(path)) => format!("base_url in {}", path.display()),
                _ => self.base_url_env.to_string(),
            };
            check_base_url(&base_url, &origin)?;
        }
        let confirmed = std::env::var(self.confirm_env).is_ok_and(|v| v == "1");
        let agent = self.agent_mode(global.agent, global.no_agent);
        let mode = if agent { "agent" } else { "human" };
        let for_programs = agent
            || global
                .output
                .is_some_and(|f| output::Format::FOR_PROGRAMS.contains(&f));
        Context::new(Settings {
            agent,
            user_agent: format!("{}/{} (mode={mode})", self.name, self.version),
            base_url,
            api_key: match self.api_key() {
                Some(key) => Some(key),
                None => self.saved_token(config, for_programs)?,
            },
            api_key_env: self.api_key_env,
            login_command: self.login_command(),
            credentials: self.credentials(),
            headers,
            global: global.clone(),
            confirmed: global.yes || confirmed,
            confirm_env: self.confirm_env,
            cache: super::names::cache_path(self.name, self.cache_dir_env),
        })
    }

    /// The API key from the environment, registered to be hidden.
    fn api_key(&self) -> Option<String> {
        std::env::var(self.api_key_env)
            .ok()
            .filter(|k| !k.trim().is_empty())
            .inspect(|k| output::hide(k))
    }

    /// The credential of each scheme with a variable of its own that is
    /// set, registered to be hidden.
    fn credentials(&self) -> Vec<(&'static str, String)> {
        self.schemes
            .iter()
            .filter(|s| s.env != self.api_key_env)
            .filter_map(|s| {
                let secret = std::env::var(s.env).ok().filter(|v| !v.trim().is_empty())?;
                output::hide(&secret);
                Some((s.name, secret))
            })
            .collect()
    }

    /// Prints the settings in effect and where each comes from: base URL,
    /// whether the API key is set (never the key), the tool's `extra`
    /// settings, agent mode, the config file and the version. Lines for
    /// people; one JSON object with `-o json` or in agent mode. Sends
    /// nothing, unless `--check` asks whether the API accepts the
    /// credential (with `headers`, the tool's own).
    pub fn status(
        &self,
        args: &StatusArgs,
        global: &GlobalArgs,
        config: &ConfigFile,
        extra: &[StatusLine],
        headers: Vec<(String, String)>,
    ) -> Result<(), Failure> {
        let checked = match (args.check, self.key_check) {
            (false, _) => None,
            (true, None) => {
                return Err(Failure::usage(format!(
                    "--check: {} knows no request that checks a credential",
                    self.name
                ))
                .with_hint(
                    "name the operation with key_check in the generator's customisation file",
                ))
            }
            (true, Some(check)) => {
                let context = self.context(global, config, headers)?;
                let verdict = block_on(async { Ok(Verdict::of(&check, &context).await) })?;
                Some((verdict, context.sign_in_hint()))
            }
        };
        let status = Status {
            name: self.name,
            version: self.version,
            base_url: self.base_url(config),
            base_url_env: self.base_url_env,
            api_key_env: self.api_key_env,
            api_key_set: self.api_key().is_some(),
            sign_in: self.sign_in_kept(config),
            login_command: self.login_command(),
            credentials: self
                .schemes
                .iter()
                .filter(|s| s.env != self.api_key_env)
                .map(|s| {
                    let set = std::env::var(s.env).is_ok_and(|v| !v.trim().is_empty());
                    (s.name, s.env, set)
                })
                .collect(),
            agent: self.agent_setting(global),
            config,
            config_dir_env: self.config_dir_env,
            extra,
            check: checked.as_ref().map(|(verdict, _)| verdict),
        };
        self.print_own(global, &status.text(), status.json())?;
        match checked.and_then(|(verdict, hint)| verdict.failure(hint)) {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }

    /// Agent mode as `status` shows it: on or off, and whether a flag, the
    /// environment or the default decided.
    fn agent_setting(&self, global: &GlobalArgs) -> Setting {
        let on = self.agent_mode(global.agent, global.no_agent);
        let source = if global.agent || global.no_agent {
            Source::Flag
        } else if std::env::var(self.agent_env).is_ok_and(|v| !v.trim().is_empty()) {
            Source::Env
        } else {
            Source::Default
        };
        Setting {
            value: Some(if on { "on" } else { "off" }.to_string()),
            source,
        }
    }

    /// Whether agent mode is on: `--agent` or `--no-agent` (the last one
    /// given wins), else the environment variable set to `1` or `true`.
    pub fn agent_mode(&self, agent: bool, no_agent: bool) -> bool {
        if agent || no_agent {
            return agent;
        }
        std::env::var(self.agent_env).is_ok_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
    }

    /// What the command line asks of failures before it is parsed (or when
    /// it cannot be): agent mode, or `-o json`.
    pub(super) fn envelope_requested(&self) -> bool {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let last = |flag: &str| args.iter().rposition(|a| a == flag);
        let agent = match (last("--agent"), last("--no-agent")) {
            (Some(on), Some(off)) => on > off,
            (on, off) => self.agent_mode(on.is_some(), off.is_some()),
        };
        let for_programs = |value: &str| {
            output::Format::FOR_PROGRAMS
                .iter()
                .any(|f| f.name() == value)
        };
        let chosen = args
            .windows(2)
            .any(|w| (w[0] == "-o" || w[0] == "--output") && for_programs(&w[1]))
            || args.iter().any(|a| {
                a.strip_prefix("--output=")
                    .or_else(|| a.strip_prefix("-o"))
                    .is_some_and(for_programs)
            });
        agent || chosen
    }

    /// Prints a failure and turns the outcome into the process's exit code.
    pub fn exit(&self, result: Result<(), Failure>) -> std::process::ExitCode {
        let result = result.map_err(|mut failure| {
            failure.json |= self.envelope_requested();
            failure
        });
        match result {
            Ok(()) => std::process::ExitCode::SUCCESS,
            Err(failure) if failure.json => {
                eprintln!("{}", failure.envelope());
                std::process::ExitCode::from(failure.exit_code())
            }
            Err(failure) if failure.plain => {
                eprintln!("{}", output::redact(&failure.message));
                std::process::ExitCode::from(failure.exit_code())
            }
            Err(failure) => {
                eprintln!("Error: {}", output::redact(&failure.message));
                if let Some(hint) = &failure.hint {
                    eprintln!("Hint: {hint}");
                }
                std::process::ExitCode::from(failure.exit_code())
            }
        }
    }
}

/// Runs a future (a command, a sign-in) to completion on a single-threaded runtime.
pub fn block_on<T, F: std::future::Future<Output = Result<T, Failure>>>(
    future: F,
) -> Result<T, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::error(format!("cannot start the async runtime: {e}")))?
        .block_on(future)
}

/// Checks a base URL: https anywhere, plain http only on loopback hosts.
pub fn check_base_url(url: &str, env: &str) -> Result<(), Failure> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Failure::config(format!("{env} '{url}' is not a URL: {e}")))?;
    let host = parsed.host_str().unwrap_or("");
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        "http" => Err(Failure::config(format!(
            "{env} '{url}' uses plain http; only https is allowed, except for localhost"
        ))),
        other => Err(Failure::config(format!(
            "{env} '{url}' has unsupported scheme '{other}'"
        ))),
    }
}
