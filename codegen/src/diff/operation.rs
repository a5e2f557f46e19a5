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
    params::compare(old_api, old, new_api, new, sink);
    body(old, new, sink);
    responses(old, new, sink);
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
                if let (Some(a), Some(b)) =
                    (was.schema_doc.as_deref(), response.schema_doc.as_deref())
                {
                    let site = Site {
                        at: &at,
                        what: &format!("response {}", response.status),
                        direction: Direction::Response,
                    };
                    schema(a, b, &site, sink);
                }
            }
        }
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
