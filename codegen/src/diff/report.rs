//! The two reports of a diff: a Markdown table for people, JSON for tools.

use super::semver::Bumps;
use super::{Acceptance, Change};

/// The report for people: a summary line, then one table row per change
/// (an accepted break marked so, with its reason), the release each side
/// needs, and any stale acceptance.
pub fn markdown(changes: &[Change], stale: &[Acceptance]) -> String {
    let breaking = changes.iter().filter(|c| c.open_break()).count();
    let accepted = changes.iter().filter(|c| c.accepted.is_some()).count();
    let accepted = match accepted {
        0 => String::new(),
        n => format!(" ({n} more accepted)"),
    };
    let mut out = format!(
        "# API changes\n\n{} change(s), {breaking} breaking{accepted}.\n\n",
        changes.len()
    );
    let Some(overall) = Bumps::overall(changes) else {
        out.push_str("No changes for client or CLI users: no release needed.\n");
        stale_lines(&mut out, stale);
        return out;
    };
    out.push_str("| | command | change | client | CLI |\n|---|---|---|---|---|\n");
    let mark = |b: bool| if b { "breaks" } else { "ok" };
    for c in changes {
        let icon = match &c.accepted {
            Some(_) => "✅",
            None if c.breaking() => "⚠️",
            None => "",
        };
        let mut message = c.message.replace('|', "\\|");
        if let Some(accepted) = &c.accepted {
            message.push_str(&format!(
                " (accepted: {})",
                accepted.reason.replace('|', "\\|")
            ));
        }
        let bumps = Bumps::of(c);
        let command = match c.command.as_str() {
            "" => "(every command)".to_string(),
            name => format!("`{name}`"),
        };
        out.push_str(&format!(
            "| {icon} | {command} | {message} | {} ({}) | {} ({}) |\n",
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
    stale_lines(&mut out, stale);
    out
}

/// Acceptances that match no change: someone should remove them.
fn stale_lines(out: &mut String, stale: &[Acceptance]) {
    if stale.is_empty() {
        return;
    }
    out.push_str("\nStale acceptances (they match no break; remove them):\n\n");
    for entry in stale {
        out.push_str(&format!("- `{}`: {}\n", entry.id, entry.reason));
    }
}

/// The report for tools: `{"breaking": n, "changes": [...], "semver":
/// {"client": "major", "cli": "minor"}}` (`semver` is null when nothing
/// changed).
pub fn json(changes: &[Change], stale: &[Acceptance]) -> String {
    let breaking = changes.iter().filter(|c| c.open_break()).count();
    let accepted = changes.iter().filter(|c| c.accepted.is_some()).count();
    let report = serde_json::json!({
        "breaking": breaking,
        "accepted_breaking": accepted,
        "changes": changes,
        "semver": Bumps::overall(changes),
        "stale_acceptances": stale,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// GitHub Actions annotations, one per change on its line of the new spec
/// (the old one's for what only it has): `::error` for an open break,
/// `::notice` for the rest; then stale acceptances as warnings and a
/// summary.
pub fn github(changes: &[Change], stale: &[Acceptance]) -> String {
    let mut out = String::new();
    for c in changes {
        let level = if c.open_break() { "error" } else { "notice" };
        let bumps = Bumps::of(c);
        let mut properties = Vec::new();
        if let Some(place) = c.new_place.as_ref().or(c.old_place.as_ref()) {
            properties.push(format!("file={}", property(&place.file)));
            properties.push(format!("line={}", place.line));
        }
        let title = format!(
            "{} (client: {}, CLI: {})",
            c.kind,
            bumps.client.as_str(),
            bumps.cli.as_str()
        );
        properties.push(format!("title={}", property(&title)));
        let mut message = c.message.clone();
        if let Some(accepted) = &c.accepted {
            message.push_str(&format!(" (accepted: {})", accepted.reason));
        }
        if !c.command.is_empty() {
            message = format!("{}: {message}", c.command);
        }
        out.push_str(&format!(
            "::{level} {}::{}\n",
            properties.join(","),
            data(&message)
        ));
    }
    for entry in stale {
        out.push_str(&format!(
            "::warning title=stale acceptance::{}\n",
            data(&format!(
                "{} matches no break; remove it ({})",
                entry.id, entry.reason
            ))
        ));
    }
    let breaking = changes.iter().filter(|c| c.open_break()).count();
    let semver = match Bumps::overall(changes) {
        Some(b) => format!(
            "; the client needs a {} release, the CLI a {} one",
            b.client.as_str(),
            b.cli.as_str()
        ),
        None => String::new(),
    };
    out.push_str(&format!(
        "::notice title=API changes::{}\n",
        data(&format!(
            "{} change(s), {breaking} breaking{semver}",
            changes.len()
        ))
    ));
    out
}

/// An annotation's message, escaped as the workflow command syntax wants.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// An annotation property's value, escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{ChangeKind, Verdict};

    fn change(kind: ChangeKind, location: &str, verdict: Verdict, message: &str) -> Change {
        Change {
            operation: "getItem".to_string(),
            command: "get-item".to_string(),
            method: "get_item".to_string(),
            kind,
            location: format!("#/paths/~1items~1{{id}}/get{location}"),
            verdict,
            message: message.to_string(),
            accepted: None,
            old_place: None,
            new_place: None,
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
        assert_eq!(markdown(&changes(), &[]), expected);
        assert_eq!(
            markdown(&[], &[]),
            "# API changes\n\n0 change(s), 0 breaking.\n\nNo changes for client or CLI users: no release needed.\n"
        );
    }

    #[test]
    fn github_annotates_breaks_as_errors_on_their_lines() {
        let mut all = changes();
        all[0].new_place = Some(crate::diff::Place {
            file: "spec/api.yaml".into(),
            line: 812,
        });
        all[1].old_place = Some(crate::diff::Place {
            file: "old, 100%.yaml".into(),
            line: 7,
        });
        let report = github(&all, &[]);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=spec/api.yaml,line=812,title=alias-removed (client%3A patch%2C CLI%3A major)::get-item: `get-item` no longer answers to `fetch-item`",
                "::error file=old%2C 100%25.yaml,line=7,title=enum-value-removed (client%3A major%2C CLI%3A patch)::get-item: response 200 field `tags` items: value \"y\" | \"z\" was removed",
                "::notice title=parameter-added (client%3A minor%2C CLI%3A minor)::get-item: optional query parameter `team` (--team) was added",
                "::notice title=API changes::3 change(s), 2 breaking; the client needs a major release, the CLI a major one",
            ]
        );
    }

    #[test]
    fn json_keeps_its_field_order() {
        let mut placed = changes();
        placed[0].new_place = Some(crate::diff::Place {
            file: "new.yaml".into(),
            line: 12,
        });
        let report = json(&placed[..1], &[]);
        let expected = r##"{
  "breaking": 1,
  "accepted_breaking": 0,
  "changes": [
    {
      "id": "ID",
      "operation": "getItem",
      "command": "get-item",
      "kind": "alias-removed",
      "location": "#/paths/~1items~1{id}/get",
      "old": null,
      "new": {
        "file": "new.yaml",
        "line": 12
      },
      "breaking": true,
      "breaks_client": false,
      "breaks_cli": true,
      "message": "`get-item` no longer answers to `fetch-item`",
      "semver": {
        "client": "patch",
        "cli": "major"
      },
      "accepted": null
    }
  ],
  "semver": {
    "client": "patch",
    "cli": "major"
  },
  "stale_acceptances": []
}"##;
        let expected = expected.replace("ID", &changes()[0].id());
        assert_eq!(report, expected);
    }

    #[test]
    fn accepted_breaks_are_listed_apart_and_stale_entries_named() {
        let mut all = changes();
        let id = all[0].id();
        assert_eq!(id.len(), 16);
        assert_eq!(id, changes()[0].id(), "the same change, the same id");
        assert_ne!(id, all[1].id());
        let accepted = [
            crate::diff::Acceptance {
                id: id.clone(),
                reason: "the alias was never documented".into(),
                date: Some("2026-11-30".into()),
            },
            crate::diff::Acceptance {
                id: "0000000000000000".into(),
                reason: "an old break".into(),
                date: None,
            },
        ];
        let stale = crate::diff::accept(&mut all, &accepted);
        assert_eq!(stale, accepted[1..]);
        assert!(!all[0].open_break() && all[1].open_break());
        let report = markdown(&all, &stale);
        assert!(
            report.contains("3 change(s), 1 breaking (1 more accepted)."),
            "{report}"
        );
        assert!(report.contains("| ✅ | `get-item` | `get-item` no longer answers to `fetch-item` (accepted: the alias was never documented)"), "{report}");
        assert!(
            report.contains("- `0000000000000000`: an old break"),
            "{report}"
        );
        let json: serde_json::Value = serde_json::from_str(&json(&all, &stale)).unwrap();
        assert_eq!(json["breaking"], 1);
        assert_eq!(json["accepted_breaking"], 1);
        assert_eq!(
            json["changes"][0]["accepted"]["reason"],
            "the alias was never documented"
        );
        assert_eq!(json["stale_acceptances"][0]["id"], "0000000000000000");
    }
}
