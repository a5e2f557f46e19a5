//! The two reports of a diff: a Markdown table for people, JSON for tools.

use super::semver::Bumps;
use super::Change;

/// The report for people: a summary line, then one table row per change.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let mut out = format!(
        "# API changes\n\n{} change(s), {breaking} breaking.\n\n",
        changes.len()
    );
    let Some(overall) = Bumps::overall(changes) else {
        out.push_str("No changes for client or CLI users: no release needed.\n");
        return out;
    };
    out.push_str("| | command | change | client | CLI |\n|---|---|---|---|---|\n");
    let mark = |b: bool| if b { "breaks" } else { "ok" };
    for c in changes {
        let icon = if c.breaking() { "⚠️" } else { "" };
        let message = c.message.replace('|', "\\|");
        let bumps = Bumps::of(c);
        out.push_str(&format!(
            "| {icon} | `{}` | {message} | {} ({}) | {} ({}) |\n",
            c.command,
            mark(c.verdict.breaks_client),
            bumps.client.as_str(),
            mark(c.verdict.breaks_cli),
            bumps.cli.as_str()
        ));
    }
    out.push_str(&format!(
        "\nSemver: the client needs a **{}** release, the CLI a **{}** one.\n",
        overall.client.as_str(),
        overall.cli.as_str()
    ));
    out
}

/// The report for tools: `{"breaking": n, "changes": [...], "semver":
/// {"client": "major", "cli": "minor"}}` (`semver` is null when nothing
/// changed).
pub fn json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking()).count();
    let report = serde_json::json!({
        "breaking": breaking,
        "changes": changes,
        "semver": Bumps::overall(changes),
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{ChangeKind, Verdict};

    fn change(kind: ChangeKind, location: &str, verdict: Verdict, message: &str) -> Change {
        Change {
            operation: "getItem".to_string(),
            command: "get-item".to_string(),
            kind,
            location: format!("#/paths/~1items~1{{id}}/get{location}"),
            verdict,
            message: message.to_string(),
        }
    }

    fn changes() -> Vec<Change> {
        vec![
            change(
                ChangeKind::AliasRemoved,
                "",
                Verdict::CLI,
                "`get-item` no longer answers to `fetch-item`",
            ),
            change(
                ChangeKind::EnumValueRemoved,
                "/responses/200/properties/tags/items",
                Verdict::CLIENT,
                "response 200 field `tags` items: value \"y\" | \"z\" was removed",
            ),
            change(
                ChangeKind::ParameterAdded,
                "/parameters/team",
                Verdict::NONE,
                "optional query parameter `team` (--team) was added",
            ),
        ]
    }

    #[test]
    fn markdown_has_a_row_per_change_with_pipes_escaped() {
        let expected = "# API changes\n\n3 change(s), 2 breaking.\n\n\
            | | command | change | client | CLI |\n|---|---|---|---|---|\n\
            | ⚠️ | `get-item` | `get-item` no longer answers to `fetch-item` | ok (patch) | breaks (major) |\n\
            | ⚠️ | `get-item` | response 200 field `tags` items: value \"y\" \\| \"z\" was removed \
            | breaks (major) | ok (patch) |\n\
            |  | `get-item` | optional query parameter `team` (--team) was added | ok (minor) | ok (minor) |\n\
            \nSemver: the client needs a **major** release, the CLI a **major** one.\n";
        assert_eq!(markdown(&changes()), expected);
        assert_eq!(
            markdown(&[]),
            "# API changes\n\n0 change(s), 0 breaking.\n\nNo changes for client or CLI users: no release needed.\n"
        );
    }

    #[test]
    fn json_keeps_its_field_order() {
        let report = json(&changes()[..1]);
        let expected = r##"{
  "breaking": 1,
  "changes": [
    {
      "operation": "getItem",
      "command": "get-item",
      "kind": "alias-removed",
      "location": "#/paths/~1items~1{id}/get",
      "breaking": true,
      "breaks_client": false,
      "breaks_cli": true,
      "message": "`get-item` no longer answers to `fetch-item`",
      "semver": {
        "client": "patch",
        "cli": "major"
      }
    }
  ],
  "semver": {
    "client": "patch",
    "cli": "major"
  }
}"##;
        assert_eq!(report, expected);
    }
}
