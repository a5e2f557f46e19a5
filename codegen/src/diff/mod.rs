//! A semantic diff of two API descriptions: what a spec bump does to client
//! and CLI users, each change classified breaking or not.
//!
//! Operations are matched by operationId; each matched pair is compared
//! aspect by aspect (command and endpoint, parameters, request body,
//! responses), and the changes are reported in operation order.

use std::collections::{HashMap, HashSet};

use crate::model::{Api, Operation};

mod accept;
mod change;
mod changelog;
mod constraints;
mod lines;
mod operation;
mod params;
mod report;
mod schema;
mod semver;
#[cfg(test)]
mod tests;

pub use accept::{apply as accept, load as load_accepted, Acceptance};
pub use change::{Change, ChangeKind, Verdict};
pub use changelog::{changelog, release_section};
pub use lines::{Lines, Place};
pub use report::{github, json, markdown};
pub use semver::{Bump, Bumps};

/// Every change from `old` to `new`, in operation order: the removed
/// operations in their old order, then each new operation in its new order.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = servers(old, new);
    let kept: HashSet<&str> = new
        .operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    for op in &old.operations {
        if !kept.contains(op.operation_id.as_str()) {
            changes.push(Change::new(
                op,
                ChangeKind::OperationRemoved,
                &op.pointer,
                Verdict::BOTH,
                format!(
                    "`{}` ({}) was removed{}",
                    op.names.command,
                    endpoint(op),
                    undeprecated(op.docs.deprecated)
                ),
            ));
        }
    }
    let mut before: HashMap<&str, &Operation> = HashMap::new();
    for op in &old.operations {
        // The first of equal ids wins, as a search in spec order would find.
        before.entry(op.operation_id.as_str()).or_insert(op);
    }
    for op in &new.operations {
        match before.get(op.operation_id.as_str()) {
            None => changes.push(Change::new(
                op,
                ChangeKind::OperationAdded,
                &op.pointer,
                Verdict::NONE,
                format!("`{}` ({}) was added", op.names.command, endpoint(op)),
            )),
            Some(was) => {
                let mut sink = Sink::new(op, &mut changes);
                operation::compare(old, was, new, op, &mut sink);
            }
        }
    }
    changes
}

/// Puts each change on its line in the old and the new spec's text
/// (`old` and `new`: the file's name as shown, and its parsed text).
pub fn place(changes: &mut [Change], old: Option<(&str, &Lines)>, new: Option<(&str, &Lines)>) {
    for change in changes {
        let at = |side: Option<(&str, &Lines)>| {
            side.map(|(file, lines)| Place {
                file: file.to_string(),
                line: lines.line(&change.location),
            })
        };
        change.old_place = at(old);
        change.new_place = at(new);
    }
}

/// Server URLs no longer or newly listed. Removing the first one moves
/// the crate's and the CLI's default base URL: callers relying on it break.
fn servers(old: &Api, new: &Api) -> Vec<Change> {
    let mut changes = Vec::new();
    for (i, url) in old.servers.iter().enumerate() {
        if !new.servers.contains(url) {
            let default = i == 0;
            changes.push(Change::document(
                ChangeKind::ServerRemoved,
                format!("#/servers/{i}"),
                Verdict::new(default, default),
                format!(
                    "server {url} is no longer listed{}",
                    if default { " (it was the default)" } else { "" }
                ),
            ));
        }
    }
    for (i, url) in new.servers.iter().enumerate() {
        if !old.servers.contains(url) {
            changes.push(Change::document(
                ChangeKind::ServerAdded,
                format!("#/servers/{i}"),
                Verdict::NONE,
                format!(
                    "server {url} is now listed{}",
                    if i == 0 { " (the default)" } else { "" }
                ),
            ));
        }
    }
    changes
}

/// What a removal says of something the spec never marked deprecated.
fn undeprecated(deprecated: bool) -> &'static str {
    if deprecated {
        ""
    } else {
        " without being deprecated first"
    }
}

/// `GET /path`: an operation's method and path.
fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// Where the changes to one operation go, each recorded against its new version.
struct Sink<'a> {
    op: &'a Operation,
    changes: &'a mut Vec<Change>,
}

impl<'a> Sink<'a> {
    fn new(op: &'a Operation, changes: &'a mut Vec<Change>) -> Self {
        Sink { op, changes }
    }

    /// Records one change at `location`.
    fn push(
        &mut self,
        kind: ChangeKind,
        location: impl Into<String>,
        verdict: Verdict,
        message: String,
    ) {
        self.changes
            .push(Change::new(self.op, kind, location, verdict, message));
    }
}
