//! The type space: every schema an operation uses becomes one [`TypeDef`]
//! (or a primitive [`TypeRef`]) before any code is printed.
//!
//! [`TypeSpace`] and its public methods live here; the conversion itself is
//! split by concern: `convert` dispatches on a schema's kind, `names`
//! claims names and slots, `object` builds structs, `all_of` merges `allOf`
//! parts, `union` builds `oneOf`/`anyOf` unions, `refs` follows `$ref`s,
//! and `boxing` breaks cycles of types once all are known.

mod all_of;
mod boxing;
mod convert;
#[cfg(test)]
mod fixture;
mod names;
mod object;
mod refs;
mod union;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::error::Warning;
use crate::naming::{self, Namespace};

/// Schemas nested deeper than this are taken as untyped JSON.
const MAX_DEPTH: usize = 64;

/// Inline schemas converted in all; past this (a spec whose inline schemas
/// multiply), the rest are untyped JSON, so generation always ends.
const MAX_SCHEMA_VISITS: usize = 1_000_000;

/// The name a string enum's catch-all variant takes; no known value may use it.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Where a converted schema's type goes in the type list: the slot reserved
/// for a component (and named after it), or a new one named from the hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// The component's own, reserved before its schema is converted (so
    /// that the schema can refer to itself).
    Reserved(TypeId),
    /// A new one, for an inline schema.
    New,
}

/// Converts schemas to types, naming each one once.
pub struct TypeSpace<'a> {
    /// The spec whose schemas are converted.
    spec: &'a OpenAPI,
    /// Named types by index; `None` while a slot is reserved but not yet filled.
    defs: Vec<Option<TypeDef>>,
    /// Component schema name (or a deep `$ref`) → its type, once converted
    /// (or being converted).
    components: BTreeMap<String, TypeRef>,
    /// Component schema name → the Rust name reserved for it.
    reserved: BTreeMap<String, crate::naming::RustName>,
    /// Every type-level name claimed so far.
    names: Namespace,
    /// Places that could not be typed precisely.
    warnings: Vec<Warning>,
    /// The first inconsistency found (a dangling `$ref`); generation fails with it.
    error: Option<crate::error::Error>,
    /// How deeply the schema being converted is nested.
    depth: usize,
    /// Inline schemas converted so far (bounded by `MAX_SCHEMA_VISITS`).
    visited: usize,
}

impl<'a> TypeSpace<'a> {
    /// A type space for `spec`, with the names of all component schemas
    /// reserved up front so inline types can never take them.
    pub fn new(spec: &'a OpenAPI) -> Self {
        let mut names = Namespace::camel();
        let mut reserved = BTreeMap::new();
        if let Some(components) = &spec.components {
            for name in components.schemas.keys() {
                reserved.insert(name.clone(), names.claim_name(naming::type_name(name)));
            }
        }
        TypeSpace {
            spec,
            defs: Vec::new(),
            components: BTreeMap::new(),
            reserved,
            names,
            warnings: Vec::new(),
            error: None,
            depth: 0,
            visited: 0,
        }
    }

    /// The finished types, in creation order (indices of [`TypeRef::Named`]),
    /// and warnings; or the first inconsistency found.
    pub fn finish(self) -> Result<(Vec<TypeDef>, Vec<Warning>), crate::error::Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut defs: Vec<TypeDef> = self
            .defs
            .into_iter()
            .enumerate()
            .map(|(i, def)| {
                def.unwrap_or_else(|| TypeDef {
                    gate: crate::model::Gate::Always,
                    name: crate::naming::RustName::unresolved(i),
                    doc: None,
                    pointer: String::new(),
                    kind: TypeKind::Alias(TypeRef::Json),
                    input: false,
                    body_parser: false,
                })
            })
            .collect();
        boxing::mark_boxes(&mut defs);
        Ok((defs, self.warnings))
    }

    /// Records a place where the spec could not be typed precisely.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Records an inconsistency; generation goes on to the end of the model
    /// and then fails with the first one.
    fn fail(&mut self, pointer: &str, message: String) {
        if self.error.is_none() {
            self.error = Some(crate::error::Error::Invalid {
                pointer: pointer.to_string(),
                message,
            });
        }
    }

    /// The type for `schema`, found at `pointer`; inline types are named from `hint`.
    pub fn convert(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer, Slot::New),
        }
    }

    /// [`Self::convert`] for the boxed schemas of properties and items.
    pub fn convert_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer, Slot::New),
        }
    }

    /// Claims a type-level name for something other than a schema (operation structs).
    pub fn claim_name(&mut self, raw: &str) -> crate::naming::RustName {
        self.names.claim_name(naming::type_name(raw))
    }

    /// Looks up a type (for the model's own decisions).
    pub fn def(&self, id: TypeId) -> Option<&TypeDef> {
        self.defs.get(id.index()).and_then(Option::as_ref)
    }
}

/// The description of a schema, falling back to its title.
fn description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|d| !d.trim().is_empty())
}
