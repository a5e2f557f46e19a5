//! Cargo features a generated crate is compiled a slice at a time with:
//! one per tag, each operation behind its tag's feature, and each named
//! type behind the features of the operations that reach it.
//!
//! A type is compiled when any operation that reaches it is: it is gated
//! by those operations' features, or by none when every feature reaches it
//! or more than [`MAX_GATES`] do (a long `any(...)` would cost more to
//! read than the type costs to compile). A type no operation reaches is
//! behind `all`.

use std::collections::{BTreeSet, HashSet};

use super::{Api, BodyKind, ResponseBody, TypeKind, TypeRef};
use crate::naming;

/// The feature that enables every tag's, on by default.
pub const ALL: &str = "all";

/// Feature names the generated crate already has.
const RESERVED: [&str; 3] = ["default", ALL, "cli"];

/// Names a tag's module may not take in `client.rs` or `cli.rs`: the
/// modules and imports the generator writes there itself, and the crate's
/// own modules (a tag named `auth` would collide with the client's security
/// module).
pub const FIXED_MODULES: &[&str] = &[
    "auth", "runtime", "types", "client", "cli", "crate", "self", "super", "std", "core", "alloc",
    "serde", "clap", "reqwest",
];

/// One tag's cargo feature and the names its items take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The cargo feature (`team-settings`).
    pub name: String,
    /// Its module in `client/` and `cli/` (`team_settings`), claimed apart
    /// from [`FIXED_MODULES`] and every other tag's.
    pub module: crate::naming::RustName,
    /// Its variant of the CLI's `Command` (`TeamSettings`).
    pub variant: crate::naming::RustName,
}

/// Beyond this many features reaching a type, it is compiled always.
pub const MAX_GATES: usize = 32;

/// Which features an item is compiled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    Always,
    /// With any of these (never empty).
    Any(Vec<String>),
}

impl Gate {
    /// Whether it compiles its item with exactly the one feature `name`
    /// (an operation's, in its tag's module).
    pub fn is_only(&self, name: &str) -> bool {
        matches!(self, Gate::Any(names) if names.len() == 1 && names[0] == name)
    }
}

/// Names each tag's feature, gates each operation by its tag's and each
/// type by the operations that reach it. Without tag features (the model
/// of modules a crate of its own builds, as dci's), nothing is gated.
pub(super) fn assign(api: &mut Api) {
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut features: Vec<(String, String)> = Vec::new();
    let groups = api
        .tags
        .iter()
        .map(|t| t.name.clone())
        .chain(std::iter::once(naming::UNTAGGED_GROUP.to_string()));
    for group in groups {
        let used = api
            .operations
            .iter()
            .any(|op| op.docs.tag.as_deref().unwrap_or(naming::UNTAGGED_GROUP) == group);
        if !used || features.iter().any(|(g, _)| *g == group) {
            continue;
        }
        let feature = unique(naming::feature_name(&group), &mut taken);
        features.push((group, feature));
    }
    let feature_of = |tag: Option<&str>| {
        let group = tag.unwrap_or(naming::UNTAGGED_GROUP);
        features
            .iter()
            .find(|(g, _)| g == group)
            .map(|(_, f)| f.clone())
            .unwrap_or_else(|| ALL.to_string())
    };
    for op in &mut api.operations {
        op.gate = Gate::Any(vec![feature_of(op.docs.tag.as_deref())]);
    }
    // One walk per feature, from all its operations' types at once.
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); api.types.len()];
    for (index, (_, feature)) in features.iter().enumerate() {
        let mut stack: Vec<usize> = Vec::new();
        for op in api.operations.iter().filter(|op| op.gate.is_only(feature)) {
            for ty in operation_types(op) {
                named(ty, &mut stack);
            }
        }
        while let Some(id) = stack.pop() {
            let Some(set) = reached.get_mut(id) else {
                continue;
            };
            if !set.insert(index) {
                continue;
            }
            if let Some(def) = api.types.get(id) {
                for ty in def_types(&def.kind) {
                    named(ty, &mut stack);
                }
            }
        }
    }
    for (def, set) in api.types.iter_mut().zip(&reached) {
        def.gate = if set.is_empty() {
            Gate::Any(vec![ALL.to_string()])
        } else if set.len() == features.len() || set.len() > MAX_GATES {
            Gate::Always
        } else {
            Gate::Any(set.iter().map(|i| features[*i].1.clone()).collect())
        };
    }
    api.features = named_features(features.into_iter().map(|(_, f)| f));
}

/// Each feature with its module and variant, claimed in order.
fn named_features(names: impl Iterator<Item = String>) -> Vec<Feature> {
    let mut modules = naming::Namespace::snake().reserve(FIXED_MODULES);
    let mut variants = naming::Namespace::camel();
    names
        .map(|name| Feature {
            module: modules.claim_name(naming::feature_module(&name)),
            variant: variants.claim_name(naming::type_name(&name)),
            name,
        })
        .collect()
}

/// `name`, or `name-2`, `name-3`... when it is taken.
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{name}-{n}");
        n += 1;
    }
    candidate
}

/// The types an operation's inputs and answers are written with.
fn operation_types(op: &super::Operation) -> Vec<&TypeRef> {
    let mut types: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    if let Some(body) = &op.body {
        match &body.kind {
            BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) => types.push(ty),
            BodyKind::Multipart(parts) => types.extend(parts.iter().map(|p| &p.ty)),
            _ => {}
        }
        types.extend(body.fields.iter().map(|f| &f.ty));
    }
    for response in &op.responses {
        if let ResponseBody::Json(ty) = &response.body {
            types.push(ty);
        }
    }
    types
}

/// The types a named type is written with.
fn def_types(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct {
            fields, additional, ..
        } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.as_ref())
            .collect(),
        TypeKind::Union { variants } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) => vec![ty],
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Pushes the named types `ty` mentions.
fn named(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.index()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner, out),
        _ => {}
    }
}
