//! The intermediate model: plain, ordered data describing every operation
//! and type, with every name already decided. This is the only stage that
//! reads `openapiv3` types; emitters read only this.

mod comments;
mod crate_docs;
mod customisation;
mod edits;
mod examples;
pub mod features;
pub(crate) mod help;
mod inputs;
mod key_check;
mod operation;
mod ops;
mod outline;
mod pages;
pub mod passes;
mod reserved;
mod resolve;
mod resources;
mod responses;
mod roles;
mod schema;
mod schema_doc;
mod security;
mod types;

use crate::error::Warning;

pub use crate_docs::CrateDocs;
pub use edits::Edit;
pub use examples::Example;
pub use features::{Feature, Gate};
pub use inputs::{
    Body, BodyKind, BodyShape, CliValue, Param, ParamId, ParamLocation, ParamStyle, RequiredField,
    ValueType,
};
pub use operation::build;
pub use ops::{
    Method, Operation, OperationDocs, OperationNames, OperationRoles, PageKind, PageSource,
    Pagination, PathPart,
};
pub use outline::outline;
pub use resources::{Custom as CustomResource, Resource};
pub use responses::{Response, ResponseBody, ResponseHeader, Status};
pub use schema_doc::{refs as schema_refs, SchemaPage, MAX_NODES as MAX_SCHEMA_NODES};
pub use types::{EnumVariant, Field, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant};

pub use schema::UNKNOWN_VARIANT;
pub use security::{Login, Requirements, Scheme, SchemeId, SchemeKind};

/// Everything the emitters need to know about an API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title` of the spec.
    pub title: String,
    /// `info.version` of the spec.
    pub version: String,
    /// The spec's path as given to the generator, for file headers.
    pub source: String,
    /// The command-line tool's name (`dci`).
    pub program: String,
    /// The names a generated crate and its tool take from the tool's name:
    /// packages, libraries, environment variables.
    pub crate_names: crate::naming::CrateNames,
    /// The doc comments of a generated crate's roots.
    pub crate_docs: CrateDocs,
    /// The spec's server URL, when it is a usable absolute URL.
    pub server_url: Option<String>,
    /// Every server URL the spec lists, as written.
    pub servers: Vec<String>,
    /// Operations in spec order (paths, then methods in the order the spec lists them).
    pub operations: Vec<Operation>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Tags in the order the spec declares them, then any used but undeclared.
    pub tags: Vec<Tag>,
    /// Headers that are client-wide settings (API key schemes) rather than
    /// per-operation parameters, such as `X-Tenant-Id`.
    pub client_headers: Vec<ClientHeader>,
    /// The security schemes credentials are sent by, in the spec's order.
    pub schemes: Vec<Scheme>,
    /// The document's security requirements (an operation may have its own).
    pub security: Requirements,
    /// How the tool signs in, where the spec declares an OAuth 2
    /// authorization-code flow.
    pub login: Option<Login>,
    /// The operation (an index into `operations`) that `status --check`
    /// sends to learn whether the credential is accepted.
    pub key_check: Option<usize>,
    /// Things that could not be typed precisely, with their spec location.
    pub warnings: Vec<Warning>,
    /// The crate's feature per tag, in the tags' order; empty when it has
    /// none (see [`features`]).
    pub features: Vec<Feature>,
    /// A page for each component schema the pages show as a `$ref`, sorted
    /// by name.
    pub schema_pages: Vec<SchemaPage>,
    /// Collections whose ids the CLI can look up by name (see
    /// [`resources`]), in the order of their list operations.
    pub resources: Vec<Resource>,
}

/// A header sent on every request, set once on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientHeader {
    /// The header's name (`X-Tenant-Id`).
    pub wire: String,
    /// The client builder's setter for it (`tenant_id`).
    pub method: crate::naming::RustName,
}

/// A group of commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// The tag as the spec spells it.
    pub name: String,
    /// Kebab-cased, for paths (`reports-settings`).
    pub slug: String,
    /// One-line description from the spec's `tags` list.
    pub description: Option<String>,
}

impl Api {
    /// The schemes some operation takes, in the spec's order: the tool reads
    /// and lists these.
    pub fn used_schemes(&self) -> Vec<&Scheme> {
        let mut taken: Vec<SchemeId> = std::iter::once(&self.security)
            .chain(self.operations.iter().filter_map(|op| op.security.as_ref()))
            .flatten()
            .flatten()
            .copied()
            .collect();
        taken.sort();
        taken.dedup();
        taken.into_iter().filter_map(|id| self.scheme(id)).collect()
    }

    /// Whether some operation answers a live stream (`text/event-stream`):
    /// a generated crate then has the runtime's `events`.
    pub fn event_streams(&self) -> bool {
        self.operations.iter().any(|op| op.roles.event_stream)
    }

    /// The scheme a requirement names.
    pub fn scheme(&self, id: SchemeId) -> Option<&Scheme> {
        self.schemes.get(id.index())
    }

    /// Whether the Rust type of `ty` implements `Default`.
    pub fn has_default(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        // Aliases are followed a bounded number of steps (they may loop).
        for _ in 0..16 {
            match ty {
                TypeRef::Named(index) => match self.type_def(*index) {
                    Some(TypeDef {
                        gate: crate::model::Gate::Always,
                        kind: TypeKind::Alias(inner),
                        ..
                    }) => ty = inner,
                    Some(def) => return def.is_default(),
                    None => return true,
                },
                _ => return true,
            }
        }
        false
    }

    /// Types sorted by name, the order they are printed in.
    pub fn sorted_types(&self) -> Vec<&TypeDef> {
        let mut types: Vec<&TypeDef> = self.types.iter().collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        types
    }

    /// The type `id` names.
    pub fn type_def(&self, id: TypeId) -> Option<&TypeDef> {
        self.types.get(id.0)
    }
}
