//! What one change is: its kind, who it breaks, and where it was found.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::model::Operation;

/// One change between two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The operationId it concerns.
    pub operation: String,
    /// The CLI command it concerns (the new name when it changed).
    pub command: String,
    /// The typed client's method for it (`create_label`).
    pub method: String,
    /// What changed.
    pub kind: ChangeKind,
    /// JSON pointer of the node in the spec (the new one, or the old one for removals).
    pub location: String,
    /// Whom it breaks.
    pub verdict: Verdict,
    /// One line for people.
    pub message: String,
    /// Why the team accepted it, when a break is listed in the accepted
    /// changes file (see [`super::accept`]).
    pub accepted: Option<super::accept::Acceptance>,
    /// Where it is in the old spec's text, once [`super::place`] has run.
    pub old_place: Option<super::Place>,
    /// Where it is in the new spec's text, once [`super::place`] has run.
    pub new_place: Option<super::Place>,
}

impl Change {
    /// A change to `op` (its new version, or the old one when it was removed).
    pub(super) fn new(
        op: &Operation,
        kind: ChangeKind,
        location: impl Into<String>,
        verdict: Verdict,
        message: String,
    ) -> Self {
        Change {
            operation: op.operation_id.clone(),
            command: op.names.command.clone(),
            method: op.names.fn_name.to_string(),
            ..Change::document(kind, location, verdict, message)
        }
    }

    /// A change to the whole API rather than one operation (its servers):
    /// no operation, command or method.
    pub(super) fn document(
        kind: ChangeKind,
        location: impl Into<String>,
        verdict: Verdict,
        message: String,
    ) -> Self {
        Change {
            operation: String::new(),
            command: String::new(),
            method: String::new(),
            kind,
            location: location.into(),
            verdict,
            message,
            accepted: None,
            old_place: None,
            new_place: None,
        }
    }

    /// Whether client or CLI users can break.
    pub fn breaking(&self) -> bool {
        self.verdict.breaking()
    }

    /// A break nobody accepted.
    pub fn open_break(&self) -> bool {
        self.breaking() && self.accepted.is_none()
    }

    /// An id that stays the same across runs and unrelated edits: a
    /// fingerprint (64-bit FNV-1a, in hex) of the kind, the operation and
    /// where in the spec, never a counter.
    pub fn id(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let text = format!(
            "{}|{}|{}",
            self.kind.as_str(),
            self.operation,
            self.location
        );
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{hash:016x}")
    }
}

/// The JSON report's record: `breaking`, `breaks_client` and `breaks_cli`
/// side by side, `kind` as its kebab-case name.
impl Serialize for Change {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("Change", 13)?;
        record.serialize_field("id", &self.id())?;
        record.serialize_field("operation", &self.operation)?;
        record.serialize_field("command", &self.command)?;
        record.serialize_field("kind", &self.kind)?;
        record.serialize_field("location", &self.location)?;
        record.serialize_field("old", &self.old_place)?;
        record.serialize_field("new", &self.new_place)?;
        record.serialize_field("breaking", &self.breaking())?;
        record.serialize_field("breaks_client", &self.verdict.breaks_client)?;
        record.serialize_field("breaks_cli", &self.verdict.breaks_cli)?;
        record.serialize_field("message", &self.message)?;
        record.serialize_field("semver", &super::semver::Bumps::of(self))?;
        record.serialize_field("accepted", &self.accepted)?;
        record.end()
    }
}

/// Whom a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Whether it breaks users of the typed client.
    pub breaks_client: bool,
    /// Whether it breaks scripts that use the CLI.
    pub breaks_cli: bool,
}

impl Verdict {
    /// Breaks nobody.
    pub const NONE: Verdict = Verdict::new(false, false);
    /// Breaks client users only.
    pub const CLIENT: Verdict = Verdict::new(true, false);
    /// Breaks CLI scripts only.
    pub const CLI: Verdict = Verdict::new(false, true);
    /// Breaks client users and CLI scripts.
    pub const BOTH: Verdict = Verdict::new(true, true);

    /// A verdict from its two halves.
    pub const fn new(breaks_client: bool, breaks_cli: bool) -> Self {
        Verdict {
            breaks_client,
            breaks_cli,
        }
    }

    /// Whether client or CLI users can break.
    pub fn breaking(self) -> bool {
        self.breaks_client || self.breaks_cli
    }
}

/// Declares [`ChangeKind`] with its kebab-case names in one list.
macro_rules! change_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// What changed between two versions of an operation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ChangeKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ChangeKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// The kebab-case name the reports use, such as `parameter-added`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $name,)*
                }
            }
        }
    };
}

change_kinds! {
    /// An operation is gone.
    OperationRemoved => "operation-removed",
    /// A new operation.
    OperationAdded => "operation-added",
    /// The CLI command has another name.
    CommandRenamed => "command-renamed",
    /// The operation has another method or path.
    EndpointChanged => "endpoint-changed",
    /// The command no longer answers to one of its aliases.
    AliasRemoved => "alias-removed",
    /// A parameter is gone.
    ParameterRemoved => "parameter-removed",
    /// A new parameter that callers must give.
    RequiredParameterAdded => "required-parameter-added",
    /// A new optional parameter.
    ParameterAdded => "parameter-added",
    /// An optional parameter became required.
    ParameterMadeRequired => "parameter-made-required",
    /// A parameter takes another type.
    ParameterTypeChanged => "parameter-type-changed",
    /// A parameter's CLI flag has another name.
    FlagRenamed => "flag-renamed",
    /// A parameter or schema no longer has an enum value.
    EnumValueRemoved => "enum-value-removed",
    /// A parameter or schema has a new enum value.
    EnumValueAdded => "enum-value-added",
    /// A response status is no longer documented.
    StatusRemoved => "status-removed",
    /// A response status is newly documented.
    StatusAdded => "status-added",
    /// A schema has another JSON type.
    TypeChanged => "type-changed",
    /// An object schema lost a field.
    FieldRemoved => "field-removed",
    /// An object schema has a new required field.
    RequiredFieldAdded => "required-field-added",
    /// An object schema has a new optional field.
    FieldAdded => "field-added",
    /// A request field became required.
    FieldMadeRequired => "field-made-required",
    /// A response field may now be absent.
    FieldMadeOptional => "field-made-optional",
    /// The spec now marks an operation deprecated.
    OperationDeprecated => "operation-deprecated",
    /// The spec now marks a parameter deprecated.
    ParameterDeprecated => "parameter-deprecated",
    /// An operation that took no credential now takes one.
    SecurityAdded => "security-added",
    /// An operation takes no credential any more (or one is optional).
    SecurityRemoved => "security-removed",
    /// An operation takes other credentials.
    SecurityChanged => "security-changed",
    /// The spec now marks a schema's field deprecated.
    FieldDeprecated => "field-deprecated",
    /// A bound or pattern allows fewer values than before.
    ConstraintTightened => "constraint-tightened",
    /// A bound or pattern allows more values than before.
    ConstraintLoosened => "constraint-loosened",
    /// A value's `format` changed.
    FormatChanged => "format-changed",
    /// A value may now, or may no longer, be null.
    NullableChanged => "nullable-changed",
    /// A field's `readOnly` changed.
    ReadOnlyChanged => "read-only-changed",
    /// A field's `writeOnly` changed.
    WriteOnlyChanged => "write-only-changed",
    /// A response documents a new header.
    ResponseHeaderAdded => "response-header-added",
    /// A response no longer documents a header.
    ResponseHeaderRemoved => "response-header-removed",
    /// The spec lists a new server URL.
    ServerAdded => "server-added",
    /// The spec no longer lists a server URL.
    ServerRemoved => "server-removed",
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_distinct_kebab_case_names_serialized_as_such() {
        let names: std::collections::HashSet<&str> =
            ChangeKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), ChangeKind::ALL.len());
        for kind in ChangeKind::ALL {
            let name = kind.as_str();
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert_eq!(serde_json::to_value(kind).ok(), Some(name.into()));
        }
    }
}
