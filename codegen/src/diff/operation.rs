//! One operation's two versions compared: command name and aliases,
//! endpoint, parameters, request body and responses.

use std::collections::BTreeMap;

use crate::model::{Api, Operation, Response, Status};

use super::schema::{schema, Direction, Site};
use super::{endpoint, params, ChangeKind, Sink, Verdict};

/// Every change from `old` (in `old_api`) to `new` (in `new_api`), aspect by aspect.
pub(super) fn compare(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    sink: &mut Sink,
) {
    command(old, new, sink);
    if new.docs.deprecated && !old.docs.deprecated {
        sink.push(
            ChangeKind::OperationDeprecated,
            &new.pointer,
            Verdict::NONE,
            format!("`{}` is now deprecated", new.names.command),
        );
    }
    security(old_api, old, new_api, new, sink);
    params::compare(old_api, old, new_api, new, sink);
    body(old, new, sink);
    responses(old, new, sink);
}

/// The credentials it takes, as alternatives of scheme names (sorted).
fn alternatives(api: &Api, op: &Operation) -> Vec<Vec<String>> {
    let requirements = op.security.as_ref().unwrap_or(&api.security);
    let mut alternatives: Vec<Vec<String>> = requirements
        .iter()
        .map(|alternative| {
            let mut names: Vec<String> = alternative
                .iter()
                .filter_map(|id| api.scheme(*id).map(|s| s.name.clone()))
                .collect();
            names.sort();
            names
        })
        .collect();
    alternatives.sort();
    alternatives
}

/// Security requirements added (a caller without a credential now fails:
/// breaking), removed (not), or changed (breaking when an alternative
/// callers could send is gone).
fn security(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation, sink: &mut Sink) {
    let (before, after) = (alternatives(old_api, old), alternatives(new_api, new));
    if before == after {
        return;
    }
    let show = |alternatives: &[Vec<String>]| {
        let shown: Vec<String> = alternatives
            .iter()
            .map(|a| {
                if a.is_empty() {
                    "none".to_string()
                } else {
                    a.join(" + ")
                }
            })
            .collect();
        shown.join(" or ")
    };
    let open = |alternatives: &[Vec<String>]| {
        alternatives.is_empty() || alternatives.iter().any(Vec::is_empty)
    };
    let (kind, verdict) = match (open(&before), open(&after)) {
        (true, false) => (ChangeKind::SecurityAdded, Verdict::BOTH),
        (false, true) => (ChangeKind::SecurityRemoved, Verdict::NONE),
        (false, false) if before.iter().any(|a| !after.contains(a)) => {
            (ChangeKind::SecurityChanged, Verdict::BOTH)
        }
        _ => (ChangeKind::SecurityChanged, Verdict::NONE),
    };
    let before = if before.is_empty() {
        "none".to_string()
    } else {
        show(&before)
    };
    let after = if after.is_empty() {
        "none".to_string()
    } else {
        show(&after)
    };
    sink.push(
        kind,
        &new.pointer,
        verdict,
        format!(
            "`{}` takes credentials {after} (was {before})",
            new.names.command
        ),
    );
}

/// The command's name, its endpoint and the aliases it answers to.
fn command(old: &Operation, new: &Operation, sink: &mut Sink) {
    if old.names.command != new.names.command {
        sink.push(
            ChangeKind::CommandRenamed,
            &new.pointer,
            Verdict::CLI,
            format!(
                "command `{}` is now `{}`",
                old.names.command, new.names.command
            ),
        );
    }
    if old.method != new.method || old.path != new.path {
        sink.push(
            ChangeKind::EndpointChanged,
            &new.pointer,
            Verdict::CLIENT,
            format!(
                "`{}` now calls {} (was {})",
                new.names.command,
                endpoint(new),
                endpoint(old)
            ),
        );
    }
    for alias in old
        .names
        .aliases
        .iter()
        .filter(|a| !new.names.aliases.contains(a) && **a != new.names.command)
    {
        sink.push(
            ChangeKind::AliasRemoved,
            &new.pointer,
            Verdict::CLI,
            format!("`{}` no longer answers to `{alias}`", new.names.command),
        );
    }
}

/// The request body's schema, when both versions document one.
fn body(old: &Operation, new: &Operation, sink: &mut Sink) {
    let (Some(old_body), Some(new_body)) = (old.body.as_ref(), new.body.as_ref()) else {
        return;
    };
    if let (Some(before), Some(after)) = (
        old_body.schema_doc.as_deref(),
        new_body.schema_doc.as_deref(),
    ) {
        let site = Site {
            at: &new_body.pointer,
            what: "request body",
            direction: Direction::Request,
            optional: false,
        };
        schema(before, after, &site, sink);
    }
}

/// Statuses no longer or newly documented, and the schemas of those in both.
fn responses(old: &Operation, new: &Operation, sink: &mut Sink) {
    let (before, after) = (by_status(old), by_status(new));
    for response in &old.responses {
        if !after.contains_key(&response.status) {
            sink.push(
                ChangeKind::StatusRemoved,
                format!("{}/responses/{}", old.pointer, response.status),
                Verdict::new(response.is_success(), false),
                format!("response {} is no longer documented", response.status),
            );
        }
    }
    for response in &new.responses {
        let at = format!("{}/responses/{}", new.pointer, response.status);
        match before.get(&response.status) {
            None => sink.push(
                ChangeKind::StatusAdded,
                at,
                Verdict::new(
                    response.is_success() && response.status != Status::Default,
                    false,
                ),
                format!("response {} is now documented", response.status),
            ),
            Some(was) => {
                headers(was, response, &at, sink);
                if let (Some(a), Some(b)) =
                    (was.schema_doc.as_deref(), response.schema_doc.as_deref())
                {
                    let site = Site {
                        at: &at,
                        what: &format!("response {}", response.status),
                        direction: Direction::Response,
                        optional: false,
                    };
                    schema(a, b, &site, sink);
                }
            }
        }
    }
}

/// Headers a response no longer or newly documents. A required header
/// gone from a success response breaks client callers who read it.
fn headers(old: &Response, new: &Response, at: &str, sink: &mut Sink) {
    let has =
        |r: &Response, name: &str| r.headers.iter().any(|h| h.name.eq_ignore_ascii_case(name));
    for header in old.headers.iter().filter(|h| !has(new, &h.name)) {
        sink.push(
            ChangeKind::ResponseHeaderRemoved,
            format!("{at}/headers/{}", crate::error::pointer_token(&header.name)),
            Verdict::new(header.required && old.is_success(), false),
            format!(
                "response {}: header `{}` is no longer documented",
                new.status, header.name
            ),
        );
    }
    for header in new.headers.iter().filter(|h| !has(old, &h.name)) {
        sink.push(
            ChangeKind::ResponseHeaderAdded,
            format!("{at}/headers/{}", crate::error::pointer_token(&header.name)),
            Verdict::NONE,
            format!(
                "response {}: header `{}` is now documented",
                new.status, header.name
            ),
        );
    }
}

/// An operation's responses by status; the first of equal statuses wins.
fn by_status(op: &Operation) -> BTreeMap<Status, &Response> {
    let mut map = BTreeMap::new();
    for response in &op.responses {
        map.entry(response.status).or_insert(response);
    }
    map
}
