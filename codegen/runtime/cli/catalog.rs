//! `commands`: the catalog of every command, for scripts and agents that
//! plan calls without reading help pages.
//!
//! The generated commands' entries come from the generator
//! (`commands.json`, made from the same model as `--help`); this module
//! adds the exit codes each can give, the tool's own commands (read off the
//! clap tree), the global flags and the table of error codes. The schema is
//! documented in `schemas/commands.schema.json` of the generator's sources.

use serde_json::{json, Map, Value};

use super::failure::{ErrorCode, Failure};

mod listing;
use listing::{lines, pick, rows};

/// The catalog's schema version: it grows by one when a field changes
/// meaning or goes away (new fields do not change it).
pub const SCHEMA_VERSION: u32 = 1;

/// The arguments of the `commands` command.
#[derive(Debug, Clone, clap::Args)]
#[non_exhaustive]
pub struct CommandsArgs {
    /// Print the whole catalog as JSON (as `-o json` does): every command's
    /// arguments, flags, body and exit codes.
    #[arg(long)]
    pub json: bool,
    /// Only the commands named so, or of the group (`alerts`), or whose
    /// name holds it (`alert`).
    #[arg(value_name = "NAME_OR_GROUP")]
    pub filter: Option<String>,
}

/// What the catalog is made of: the tool, its clap tree, the generated
/// entries and the groups of its own commands.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Catalog<'a> {
    /// The tool's name.
    pub program: &'a str,
    /// The tool's version.
    pub version: &'a str,
    /// The whole command tree.
    pub root: &'a clap::Command,
    /// The generated commands' entries (`cli::CATALOG`).
    pub generated: &'a str,
    /// The tool's own commands, by group, as the root help lists them.
    pub own: &'a [(&'a str, &'a [&'a str])],
}

impl Catalog<'_> {
    /// The catalog: every command sorted by name, the global flags and
    /// the error codes.
    pub fn to_json(&self) -> Result<Value, Failure> {
        let generated: Value = serde_json::from_str(self.generated).map_err(|e| {
            Failure::error(format!("the generated command catalog is not JSON: {e}"))
        })?;
        let mut commands: Vec<Value> = generated
            .get("commands")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // A crate built with some of its tags' features lists only the
        // commands it has.
        commands.retain(|entry| self.root.find_subcommand(name_of(entry)).is_some());
        for entry in &mut commands {
            if let Some(map) = entry.as_object_mut() {
                let codes = api_exit_codes(map);
                map.insert("exit_codes".into(), json!(codes));
            }
        }
        for (group, names) in self.own {
            for name in *names {
                if let Some(sub) = self.root.find_subcommand(name) {
                    own_entries(sub, name, group, &mut commands);
                }
            }
        }
        commands.sort_by(|a, b| name_of(a).cmp(name_of(b)));
        let codes: Vec<Value> = ErrorCode::ALL
            .iter()
            .map(
                |c| json!({"code": c.as_str(), "exit_code": c.exit_code(), "meaning": c.meaning()}),
            )
            .collect();
        let mut catalog = json!({
            "schema_version": SCHEMA_VERSION,
            "program": self.program,
            "version": self.version,
            "error_codes": codes,
            "global_flags": global_flags(self.root),
            "commands": commands,
        });
        if let Some(resources) = generated.get("resources") {
            catalog["resources"] = resources.clone();
        }
        Ok(catalog)
    }

    /// One row per command (name, summary, method, path), for a table or CSV.
    pub fn rows(&self) -> Result<Value, Failure> {
        Ok(rows(&self.to_json()?))
    }

    /// Prints the catalog for `commands`: the whole of it as JSON with
    /// `--json` (or `-o json`, or in agent mode), in another format with `-o`,
    /// and one line per command (name and summary) by default; only the
    /// commands `filter` picks; through `--fields` and `--jq` as any output.
    pub fn print(
        &self,
        args: CommandsArgs,
        global: &super::GlobalArgs,
        agent: bool,
    ) -> Result<(), Failure> {
        use super::super::output::{self, Filter, Format, Printer};
        let mut catalog = self.to_json()?;
        if let Some(filter) = &args.filter {
            pick(&mut catalog, filter).map_err(|e| {
                e.with_hint(format!("{} commands lists every command", self.program))
            })?;
        }
        let format = match global.output {
            _ if args.json => Format::Json,
            None if agent => Format::Json,
            None if global.jq.is_none() && global.fields.is_none() => {
                output::print(&lines(&catalog));
                return Ok(());
            }
            chosen => Format::resolve(chosen),
        };
        let value = match format {
            Format::Table | Format::Csv if global.jq.is_none() => rows(&catalog),
            _ => catalog,
        };
        let filter = match global.jq.as_deref() {
            Some(code) => {
                Some(Filter::compile(code).map_err(|e| Failure::usage(format!("--jq: {e}")))?)
            }
            None => None,
        };
        let printer = Printer::new(format, global.fields.clone(), filter, false);
        let text = printer
            .text(value)
            .map_err(|e| Failure::error(format!("cannot print the catalog: {e}")))?;
        output::print(&text);
        Ok(())
    }
}

impl super::Program {
    /// Runs `commands`: prints the catalog of `root`, whose generated
    /// commands `generated` lists, and whose own commands `own` groups.
    pub fn commands(
        &self,
        args: CommandsArgs,
        global: &super::GlobalArgs,
        root: &clap::Command,
        generated: &str,
        own: &[(&str, &[&str])],
    ) -> Result<(), Failure> {
        let catalog = Catalog {
            program: self.name,
            version: self.version,
            root,
            generated,
            own,
        };
        catalog.print(args, global, self.agent_mode(global.agent, global.no_agent))
    }
}

fn name_of(entry: &Value) -> &str {
    entry.get("name").and_then(Value::as_str).unwrap_or("")
}

/// The exit codes an API command can give: success, the failures any
/// request can meet (usage, auth, permission, server, network, rate limit,
/// other), the ones its documented responses name, not found when it
/// addresses a resource by path, and not confirmed when it is destructive.
fn api_exit_codes(entry: &Map<String, Value>) -> Vec<u8> {
    let mut codes = vec![0];
    codes.extend(
        [
            ErrorCode::Error,
            ErrorCode::Usage,
            ErrorCode::AuthInvalid,
            ErrorCode::PermissionDenied,
            ErrorCode::ServerError,
            ErrorCode::NetworkError,
            ErrorCode::RateLimited,
        ]
        .map(ErrorCode::exit_code),
    );
    let documented = entry
        .get("responses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str);
    for status in documented {
        codes.extend(status_codes(status).into_iter().map(ErrorCode::exit_code));
    }
    let has_arguments = entry
        .get("arguments")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if has_arguments {
        codes.push(ErrorCode::NotFound.exit_code());
    }
    if entry.get("destructive") == Some(&Value::Bool(true)) {
        codes.push(ErrorCode::DestructiveRequiresConfirmation.exit_code());
    }
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The error codes a documented status (`404`, `4XX`, `default`) stands for.
fn status_codes(status: &str) -> Vec<ErrorCode> {
    const CLIENT: [u16; 7] = [400, 401, 403, 404, 409, 422, 429];
    let statuses: Vec<u16> = match status {
        "default" => CLIENT.into_iter().chain([500]).collect(),
        "4XX" => CLIENT.to_vec(),
        "5XX" => vec![500],
        code => code.parse().into_iter().collect(),
    };
    statuses
        .into_iter()
        .filter(|s| !(200..400).contains(s))
        .map(ErrorCode::for_status)
        .collect()
}

/// The entries of one of the tool's own commands: the command itself, or
/// each of its subcommands (`customer-context set`).
fn own_entries(command: &clap::Command, name: &str, group: &str, out: &mut Vec<Value>) {
    let subs: Vec<&clap::Command> = command
        .get_subcommands()
        .filter(|s| s.get_name() != "help")
        .collect();
    if !subs.is_empty() {
        for sub in subs {
            own_entries(sub, &format!("{name} {}", sub.get_name()), group, out);
        }
        return;
    }
    let local = |arg: &&clap::Arg| !arg.is_global_set() && !is_help(arg);
    let arguments: Vec<Value> = command
        .get_positionals()
        .filter(local)
        .map(|a| {
            let name = a.get_value_names().and_then(|n| n.first());
            describe(a, name.map_or(a.get_id().as_str(), |n| n.as_str()))
        })
        .collect();
    let flags: Vec<Value> = command
        .get_arguments()
        .filter(|a| !a.is_positional())
        .filter(local)
        .filter_map(|a| Some(describe(a, &format!("--{}", a.get_long()?))))
        .collect();
    let codes = [
        0,
        ErrorCode::Error.exit_code(),
        ErrorCode::Usage.exit_code(),
    ];
    out.push(json!({
        "name": name,
        "aliases": command.get_visible_aliases().collect::<Vec<_>>(),
        "group": group,
        "summary": command.get_about().map(|a| a.to_string()).unwrap_or_default(),
        "method": null,
        "path": null,
        "destructive": false,
        "paginated": false,
        "arguments": arguments,
        "flags": flags,
        "body": null,
        "responses": [],
        "exit_codes": codes,
    }));
}

fn is_help(arg: &clap::Arg) -> bool {
    matches!(
        arg.get_action(),
        clap::ArgAction::Help
            | clap::ArgAction::HelpShort
            | clap::ArgAction::HelpLong
            | clap::ArgAction::Version
    )
}

/// The global flags, as the root command declares them.
fn global_flags(root: &clap::Command) -> Vec<Value> {
    root.get_arguments()
        .filter(|a| !a.is_positional() && !is_help(a))
        .filter_map(|a| {
            let mut entry = describe(a, &format!("--{}", a.get_long()?));
            if let (Some(map), Some(short)) = (entry.as_object_mut(), a.get_short()) {
                map.insert("short".into(), json!(format!("-{short}")));
            }
            if let (Some(map), Some(env)) = (entry.as_object_mut(), a.get_env()) {
                map.insert("env".into(), json!(env.to_string_lossy()));
            }
            Some(entry)
        })
        .collect()
}

/// An argument as the catalog lists it, read off clap: the same fields as
/// the generated entries.
pub fn describe(arg: &clap::Arg, name: &str) -> Value {
    let mut entry = Map::new();
    entry.insert("name".into(), json!(name));
    entry.insert("type".into(), json!(value_type(arg)));
    entry.insert("required".into(), json!(arg.is_required_set()));
    entry.insert(
        "repeatable".into(),
        json!(matches!(arg.get_action(), clap::ArgAction::Append)),
    );
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !takes_no_value(arg) {
        entry.insert("default".into(), json!(defaults.join(",")));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !values.is_empty() && !takes_no_value(arg) {
        entry.insert("values".into(), json!(values));
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    entry.insert("help".into(), json!(help));
    Value::Object(entry)
}

fn takes_no_value(arg: &clap::Arg) -> bool {
    matches!(
        arg.get_action(),
        clap::ArgAction::SetTrue | clap::ArgAction::SetFalse | clap::ArgAction::Count
    )
}

/// An argument's value type from the type clap parses it to: `boolean`,
/// `integer`, `number`, `file` or `string`.
pub fn value_type(arg: &clap::Arg) -> &'static str {
    use std::any::TypeId;
    if takes_no_value(arg) {
        return "boolean";
    }
    let id = arg.get_value_parser().type_id();
    let integers = [
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<i32>(),
        TypeId::of::<i64>(),
    ];
    if integers.iter().any(|t| id == *t) {
        "integer"
    } else if id == TypeId::of::<f64>() || id == TypeId::of::<f32>() {
        "number"
    } else if id == TypeId::of::<bool>() {
        "boolean"
    } else if id == TypeId::of::<std::path::PathBuf>() {
        "file"
    } else {
        "string"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_documented_responses() {
        let entry = json!({
            "responses": ["200", "404", "409"],
            "arguments": [],
            "destructive": false,
        });
        let codes = api_exit_codes(entry.as_object().unwrap());
        assert_eq!(codes, vec![0, 1, 2, 10, 11, 20, 21, 40, 41, 50]);
        let entry =
            json!({"responses": ["204"], "arguments": [{"name": "id"}], "destructive": true});
        let codes = api_exit_codes(entry.as_object().unwrap());
        assert_eq!(codes, vec![0, 1, 2, 10, 11, 20, 30, 40, 41, 50]);
        let entry = json!({"responses": ["200", "default"]});
        assert!(api_exit_codes(entry.as_object().unwrap()).contains(&30));
    }

    #[test]
    fn own_commands_are_read_off_clap_and_sorted_with_the_rest() {
        let root = clap::Command::new("tool")
            .arg(
                clap::Arg::new("retries")
                    .long("retries")
                    .global(true)
                    .value_parser(clap::value_parser!(u32))
                    .default_value("3"),
            )
            .subcommand(clap::Command::new("zeta").about("Last."))
            .subcommand(clap::Command::new("b-op"))
            .subcommand(
                clap::Command::new("ctx")
                    .subcommand(clap::Command::new("set").arg(clap::Arg::new("id").required(true))),
            );
        // `c-op` is in the catalog but not compiled (its tag's feature is off).
        let generated = r#"{"commands": [{"name": "b-op", "responses": ["200"], "arguments": []},
            {"name": "c-op", "responses": ["200"], "arguments": []}]}"#;
        let catalog = Catalog {
            program: "tool",
            version: "1.0.0",
            root: &root,
            generated,
            own: &[("Shell", &["zeta", "ctx"])],
        }
        .to_json()
        .unwrap();
        let names: Vec<&str> = catalog["commands"]
            .as_array()
            .unwrap()
            .iter()
            .map(name_of)
            .collect();
        assert_eq!(names, vec!["b-op", "ctx set", "zeta"]);
        assert_eq!(catalog["commands"][1]["arguments"][0]["required"], true);
        assert_eq!(catalog["global_flags"][0]["type"], "integer");
        assert_eq!(catalog["global_flags"][0]["default"], "3");
        assert_eq!(catalog["schema_version"], 1);
    }
}
