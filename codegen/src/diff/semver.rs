//! The semantic-version bump a change needs, for the generated crate (its
//! typed client) and for the CLI, and the next version from a current one.
//!
//! A change that breaks a side is major for it. One that adds to a side's
//! surface (an operation, a parameter, a field, an enum value: a method, a
//! setter, a flag, a variant or a field of a `#[non_exhaustive]` type) is
//! minor. Anything else (a status newly documented, a field that may now be
//! absent where that breaks nobody) is a patch.

use serde::Serialize;

use super::{Change, ChangeKind};

/// A semantic-version bump, ordered from the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// `x.y.Z`.
    Patch,
    /// `x.Y.0`.
    Minor,
    /// `X.0.0`.
    Major,
}

impl Bump {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `current` (`1.4.2`, a leading `v` allowed) with
    /// this bump, by Cargo's rules: below 1.0 a break bumps the minor
    /// number and an addition the patch number. `None` when `current` is
    /// not `MAJOR.MINOR.PATCH`.
    pub fn next(self, current: &str) -> Option<String> {
        let numbers: Vec<u64> = current
            .trim()
            .trim_start_matches('v')
            .split('.')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = numbers[..] else {
            return None;
        };
        Some(match (self, major) {
            (Bump::Major, 0) => format!("0.{}.0", minor + 1),
            (Bump::Major, _) => format!("{}.0.0", major + 1),
            (Bump::Minor, 0) | (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
            (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
        })
    }
}

/// The bump a change needs: for the client, and for the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bumps {
    /// For the generated crate's typed client.
    pub client: Bump,
    /// For the command-line tool.
    pub cli: Bump,
}

impl Bumps {
    /// What `change` needs.
    pub fn of(change: &Change) -> Bumps {
        let adds = matches!(
            change.kind,
            ChangeKind::OperationAdded
                | ChangeKind::ParameterAdded
                | ChangeKind::EnumValueAdded
                | ChangeKind::FieldAdded
                | ChangeKind::OperationDeprecated
                | ChangeKind::ParameterDeprecated
                | ChangeKind::FieldDeprecated
        );
        let side = |breaks: bool| match (breaks, adds) {
            (true, _) => Bump::Major,
            (false, true) => Bump::Minor,
            (false, false) => Bump::Patch,
        };
        Bumps {
            client: side(change.verdict.breaks_client),
            cli: side(change.verdict.breaks_cli),
        }
    }

    /// What all of `changes` need together: the largest of each side;
    /// `None` when nothing changed.
    pub fn overall(changes: &[Change]) -> Option<Bumps> {
        changes.iter().map(Bumps::of).reduce(|a, b| Bumps {
            client: a.client.max(b.client),
            cli: a.cli.max(b.cli),
        })
    }

    /// The larger of the two: what a crate holding both needs (dci).
    pub fn larger(self) -> Bump {
        self.client.max(self.cli)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::Verdict;

    fn change(kind: ChangeKind, verdict: Verdict) -> Change {
        Change {
            operation: "op".into(),
            command: "op".into(),
            method: "op".into(),
            kind,
            location: "#/paths".into(),
            verdict,
            message: String::new(),
            accepted: None,
            old_place: None,
            new_place: None,
        }
    }

    #[test]
    fn breaks_are_major_additions_minor_the_rest_patch() {
        let removed = change(ChangeKind::AliasRemoved, Verdict::CLI);
        let added = change(ChangeKind::ParameterAdded, Verdict::NONE);
        let status = change(ChangeKind::StatusAdded, Verdict::NONE);
        assert_eq!(
            Bumps::of(&removed),
            Bumps {
                client: Bump::Patch,
                cli: Bump::Major
            }
        );
        assert_eq!(Bumps::of(&added).client, Bump::Minor);
        assert_eq!(Bumps::of(&status).cli, Bump::Patch);
        let all = Bumps::overall(&[status.clone(), added, removed]).unwrap();
        assert_eq!((all.client, all.cli), (Bump::Minor, Bump::Major));
        assert_eq!(Bumps::overall(&[]), None);
    }

    #[test]
    fn next_versions_follow_cargo() {
        assert_eq!(Bump::Major.next("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.next("v1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Patch.next("1.4.2").as_deref(), Some("1.4.3"));
        assert_eq!(Bump::Major.next("0.3.1").as_deref(), Some("0.4.0"));
        assert_eq!(Bump::Minor.next("0.3.1").as_deref(), Some("0.3.2"));
        assert_eq!(Bump::Major.next("1.2"), None);
        assert_eq!(Bump::Major.next("a.b.c"), None);
    }
}
