//! Compares the generated command catalog (`commands.json`) with the clap
//! tree the commands are parsed by: every command listed, with the same
//! arguments and flags in the same order, the same required, repeatable
//! and allowed values, and a value type clap agrees with. Shared by dci's
//! tests and the compiled fixtures' tests.

use serde_json::Value;

/// Where the catalog and the clap tree disagree (empty when they agree),
/// and how many arguments and flags were compared.
pub fn mismatches(catalog: &Value, root: &clap::Command) -> (Vec<String>, usize) {
    // The generated commands' arguments are made when the tree is built.
    let mut root = root.clone();
    root.build();
    let root = &root;
    let mut wrong = Vec::new();
    let mut compared = 0;
    let entries = catalog["commands"].as_array().cloned().unwrap_or_default();
    for entry in &entries {
        let name = entry["name"].as_str().unwrap_or_default();
        // `parent child` names a subcommand of a subcommand.
        let found = name
            .split(' ')
            .try_fold(root, |command, word| command.find_subcommand(word));
        let Some(command) = found else {
            wrong.push(format!("{name}: listed, but no such command"));
            continue;
        };
        let aliases: Vec<&str> = command.get_visible_aliases().collect();
        if entry["aliases"] != serde_json::json!(aliases) {
            wrong.push(format!(
                "{name}: aliases {} but clap has {aliases:?}",
                entry["aliases"]
            ));
        }
        let listed: Vec<&Value> = entry["arguments"]
            .as_array()
            .into_iter()
            .chain(entry["flags"].as_array())
            .flatten()
            .collect();
        let own = own_args(command);
        let names = |v: &[&Value]| v.iter().map(|i| i["name"].to_string()).collect::<Vec<_>>();
        let clap_names: Vec<String> = own.iter().map(|(n, _)| format!("{n:?}")).collect();
        if names(&listed) != clap_names {
            wrong.push(format!(
                "{name}: lists {:?}, clap has {clap_names:?}",
                names(&listed)
            ));
            continue;
        }
        for (input, (flag, arg)) in listed.iter().zip(&own) {
            compared += 1;
            wrong.extend(input_mismatch(input, arg).map(|m| format!("{name} {flag}: {m}")));
        }
    }
    let listed: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["name"].as_str()?.split(' ').next())
        .collect();
    // Hidden commands (a group's listing, `version`) are for people.
    for sub in root
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        if !listed.contains(&sub.get_name()) {
            wrong.push(format!("{}: a command the catalog misses", sub.get_name()));
        }
    }
    (wrong, compared)
}

/// The command's own arguments as `--help` lists them: positionals by
/// value name, then flags as `--flag`.
fn own_args(command: &clap::Command) -> Vec<(String, &clap::Arg)> {
    let own: Vec<&clap::Arg> = command
        .get_arguments()
        .filter(|a| !a.is_global_set() && a.get_id() != "help" && !a.is_hide_set())
        .collect();
    let (positional, flags): (Vec<&clap::Arg>, Vec<&clap::Arg>) =
        own.into_iter().partition(|a| a.is_positional());
    let positional = positional.into_iter().map(|a| {
        let name = a
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
        (name, a)
    });
    let flags = flags
        .into_iter()
        .filter_map(|a| Some((format!("--{}", a.get_long()?), a)));
    positional.chain(flags).collect()
}

/// How one listed input differs from its clap argument, if it does. A
/// JSON body's field flag is built from the catalog itself (the runtime's
/// `WithBody`), required unless `--body` or shorthand is given, parsed to
/// a JSON value: only its name, order, repetition and values are compared.
fn input_mismatch(input: &Value, arg: &clap::Arg) -> Option<String> {
    let built_from_catalog = input.get("field").is_some() || input["type"] == "shorthand";
    let required = input["required"].as_bool() == Some(true);
    if required != arg.is_required_set() && !built_from_catalog {
        return Some(format!(
            "required {required}, clap {}",
            arg.is_required_set()
        ));
    }
    let repeatable = input["repeatable"].as_bool() == Some(true);
    let appends = matches!(arg.get_action(), clap::ArgAction::Append);
    if repeatable != appends {
        return Some(format!("repeatable {repeatable}, clap appends: {appends}"));
    }
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let listed: Vec<String> = input["values"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    // A boolean's `true` and `false` are clap's, not a list of the spec's.
    if input["type"] != "boolean" && values != listed {
        return Some(format!("values {listed:?}, clap {values:?}"));
    }
    let ty = input["type"].as_str().unwrap_or_default();
    if built_from_catalog {
        return None;
    }
    let parsed = clap_type(arg);
    let agrees = match ty {
        "boolean" | "integer" | "number" => parsed == ty,
        _ => !matches!(parsed, "boolean" | "integer" | "number"),
    };
    (!agrees).then(|| format!("type {ty}, clap parses a {parsed}"))
}

/// What clap parses an argument to, as the catalog names types.
fn clap_type(arg: &clap::Arg) -> &'static str {
    use std::any::TypeId;
    if matches!(arg.get_action(), clap::ArgAction::SetTrue) {
        return "boolean";
    }
    let id = arg.get_value_parser().type_id();
    let is = |t: TypeId| id == t;
    if is(TypeId::of::<bool>()) {
        "boolean"
    } else if [
        TypeId::of::<i32>(),
        TypeId::of::<i64>(),
        TypeId::of::<u64>(),
    ]
    .into_iter()
    .any(is)
    {
        "integer"
    } else if [TypeId::of::<f32>(), TypeId::of::<f64>()]
        .into_iter()
        .any(is)
    {
        "number"
    } else {
        "other"
    }
}
