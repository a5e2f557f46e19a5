//! Checks of the customisation file against the spec: what it names that
//! the spec does not have.

use super::Operation;
use crate::error::Warning;

/// A warning for each entry of the customisation's lists of operationIds
/// (`destructive`, `mcp_ignore`) that names no operation of the spec: a
/// misspelt id would otherwise do nothing, silently.
pub(super) fn unknown_ids(config: &crate::Config, operations: &[Operation]) -> Vec<Warning> {
    let known: std::collections::HashSet<&str> = operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    [
        ("destructive", &config.destructive),
        ("mcp_ignore", &config.mcp_ignore),
    ]
    .into_iter()
    .flat_map(|(key, ids)| {
        let known = &known;
        ids.iter()
            .enumerate()
            .filter(move |(_, id)| !known.contains(id.as_str()))
            .map(move |(index, id)| Warning {
                pointer: format!("customisation: {key}[{index}]"),
                message: format!("no operation has the operationId `{id}`; it is ignored"),
            })
    })
    .collect()
}
