//! Breaks the team accepted: a checked-in file (`spec/accepted-changes.yaml`)
//! lists each by its change id with a reason and a date, so that
//! `--fail-on-breaking` passes for them and the report lists them apart.
//! An entry that matches no change any more is stale, and reported so.
//!
//! ```yaml
//! - id: 3f1c0a9be2d47c10
//!   reason: cancelContract was never public
//!   date: 2026-11-30
//! ```

use serde::{Deserialize, Serialize};

use super::Change;

/// One accepted break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The change's id (`Change::id`).
    pub id: String,
    /// Why it is accepted.
    pub reason: String,
    /// When (any text; a date by convention).
    #[serde(default)]
    pub date: Option<String>,
}

/// Reads an accepted changes file: a YAML list of acceptances. An error
/// names the file and what is wrong.
pub fn load(path: &std::path::Path) -> Result<Vec<Acceptance>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let entries: Vec<Acceptance> = serde_yaml::from_str(&text).map_err(|e| {
        format!(
            "{}: not a list of {{id, reason, date}}: {e}",
            path.display()
        )
    })?;
    if let Some(blank) = entries.iter().find(|e| e.reason.trim().is_empty()) {
        return Err(format!("{}: {} has no reason", path.display(), blank.id));
    }
    Ok(entries)
}

/// Marks each break of `changes` that `accepted` lists; returns the
/// entries that match no break (stale).
pub fn apply(changes: &mut [Change], accepted: &[Acceptance]) -> Vec<Acceptance> {
    let mut stale = Vec::new();
    for entry in accepted {
        let mut matched = false;
        for change in changes
            .iter_mut()
            .filter(|c| c.breaking() && c.id() == entry.id)
        {
            change.accepted = Some(entry.clone());
            matched = true;
        }
        if !matched {
            stale.push(entry.clone());
        }
    }
    stale
}
