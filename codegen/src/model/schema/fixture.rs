//! Test support: a [`TypeSpace`] built from a few component schemas, and a
//! table of cases checked against the types it makes, each type written as
//! one line of text so a case states its whole expected outcome.

use openapiv3::ReferenceOr;

use super::TypeSpace;
use crate::model::{TypeDef, TypeRef};
use crate::Warning;

/// One case: component schemas in, the types and warnings expected out.
pub(super) struct Case {
    /// What the case shows, printed when it fails.
    pub name: &'static str,
    /// The YAML mapping under `components/schemas`.
    pub schemas: &'static str,
    /// Every type made, by name, as [`describe`] writes it. Each component is
    /// converted in spec order, through a `$ref` as operations reach it.
    pub types: &'static [(&'static str, &'static str)],
    /// Further `$ref`s converted after the components, with the type each
    /// stands for as [`show`] writes it.
    pub refs: &'static [(&'static str, &'static str)],
    /// A part of each warning's message, in order; no other warning is allowed.
    pub warnings: &'static [&'static str],
}

/// The outcome of converting a case's schemas.
struct Built {
    types: Vec<TypeDef>,
    warnings: Vec<Warning>,
    refs: Vec<TypeRef>,
}

/// A spec (through the real loader) holding `schemas` as its components.
pub(super) fn spec(schemas: &str) -> openapiv3::OpenAPI {
    let schemas: serde_yaml::Value = serde_yaml::from_str(schemas).expect("schemas are YAML");
    let doc = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "test", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    });
    let bytes = serde_json::to_vec(&doc).expect("JSON");
    crate::load::parse(&bytes, "test.json").expect("the spec parses")
}

/// Converts every component of `spec` in order, then `extra` `$ref`s.
fn build(spec: &openapiv3::OpenAPI, extra: &[&str]) -> Result<Built, crate::Error> {
    let components = spec.components.as_ref().map(|c| c.schemas.keys());
    let roots: Vec<ReferenceOr<openapiv3::Schema>> = components
        .into_iter()
        .flatten()
        .map(|name| format!("#/components/schemas/{}", crate::error::pointer_token(name)))
        .chain(extra.iter().map(|r| r.to_string()))
        .map(|reference| ReferenceOr::Reference { reference })
        .collect();
    let mut space = TypeSpace::new(spec);
    let mut converted: Vec<TypeRef> = roots
        .iter()
        .map(|root| space.convert(root, "Root", "#/test"))
        .collect();
    let (types, warnings) = space.finish()?;
    // The components' own types are checked through `types`; keep the extras'.
    let refs = converted.split_off(roots.len() - extra.len());
    Ok(Built {
        types,
        warnings,
        refs,
    })
}

use crate::model::outline::{describe, show};

/// Checks every case, reporting all that fail at once.
pub(super) fn run(cases: &[Case]) {
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// What is wrong with one case's outcome, if anything.
fn check(case: &Case) -> Option<String> {
    let spec = spec(case.schemas);
    let extra: Vec<&str> = case.refs.iter().map(|(r, _)| *r).collect();
    let built = match build(&spec, &extra) {
        Ok(built) => built,
        Err(error) => return Some(format!("{}: failed: {error}", case.name)),
    };
    let mut got: Vec<(String, String)> = built
        .types
        .iter()
        .map(|def| (def.name.to_string(), describe(&built.types, def)))
        .collect();
    got.sort();
    let mut want: Vec<(String, String)> = case
        .types
        .iter()
        .map(|(n, d)| (n.to_string(), d.to_string()))
        .collect();
    want.sort();
    let refs: Vec<String> = built.refs.iter().map(|t| show(&built.types, t)).collect();
    let want_refs: Vec<String> = case.refs.iter().map(|(_, t)| t.to_string()).collect();
    let messages: Vec<&str> = built.warnings.iter().map(|w| w.message.as_str()).collect();
    let warned = messages.len() == case.warnings.len()
        && messages
            .iter()
            .zip(case.warnings)
            .all(|(m, w)| m.contains(w));
    (got != want || refs != want_refs || !warned).then(|| {
        format!(
            "{}:\n  types: {got:#?}\n  refs: {refs:?}\n  warnings: {messages:?}",
            case.name
        )
    })
}

/// The error that converting `schemas` and then `refs` ends with.
pub(super) fn error(schemas: &str, refs: &[&str]) -> String {
    match build(&spec(schemas), refs) {
        Ok(built) => panic!("expected an error, got {} types", built.types.len()),
        Err(error) => error.to_string(),
    }
}
