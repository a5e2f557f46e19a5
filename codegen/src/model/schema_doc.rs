//! Schemas as the reference pages show them: JSON with `$ref`s expanded and
//! keys in a reading order (`type`, `description`, `required`, `properties`...).

use std::collections::BTreeMap;
use std::rc::Rc;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::{Map, Value};

use super::resolve::component_name;

/// Declares [`key_rank`] (and, for its test, `KEY_ORDER`) from one list of
/// keys, in the order a reader wants them; others follow in spec order. The rank
/// is a `match` (compiled to a test of the length, then of the bytes)
/// rather than a search of the list, since every key of every rendered
/// schema is ranked.
macro_rules! key_order {
    ($($key:literal),* $(,)?) => {
        /// The keys in order, as given.
        #[cfg(test)]
        const KEY_ORDER: &[&str] = &[$($key),*];

        /// A key's place in the list; any other key comes after them all.
        fn key_rank(key: &str) -> usize {
            key_order!(@match key, 0usize, [], $($key),*)
        }
    };
    // Each key's arm takes the count of the keys before it.
    (@match $key:ident, $rank:expr, [$($arms:tt)*], $first:literal $(, $rest:literal)*) => {
        key_order!(@match $key, $rank + 1, [$($arms)* $first => $rank,], $($rest),*)
    };
    (@match $key:ident, $rank:expr, [$($arms:tt)*], ) => {
        match $key {
            $($arms)*
            _ => $rank,
        }
    };
}

key_order!(
    "title",
    "type",
    "format",
    "description",
    "enum",
    "const",
    "default",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "discriminator",
    "example",
    "examples",
);

/// The object's `$ref`, if it is a string. Schema objects have a few keys,
/// and looking through them costs less than hashing `$ref` to find it.
fn reference_in(map: &Map<String, Value>) -> Option<&str> {
    let value = match map.len() {
        0..=8 => map.iter().find(|(key, _)| *key == "$ref").map(|(_, v)| v),
        _ => map.get("$ref"),
    };
    value.and_then(Value::as_str)
}

/// Expanded schemas are cut off below this depth of `$ref`s.
const MAX_REF_DEPTH: usize = 24;

/// A rendered schema holds at most about this many JSON nodes: a `$ref`
/// is expanded in place only when its component fits in what is left, and
/// stays a `$ref` otherwise (the page links to the component's own page).
/// Pages stay readable, and no spec can blow them up: at 150, Microsoft
/// Graph beta's 22,361 pages total 269 MB (3.8 GB when every schema was
/// expanded to 1,500 nodes), and 147 of DoiT's 170 pages show everything.
pub const MAX_NODES: usize = 150;

/// Renders schemas for the reference pages, caching component schemas.
pub struct SchemaDocs<'a> {
    spec: &'a OpenAPI,
    components: BTreeMap<String, Option<Rc<Value>>>,
    nodes: usize,
    rendered: BTreeMap<String, Rc<Value>>,
    /// Each component's size in JSON nodes, unexpanded.
    sizes: BTreeMap<String, usize>,
}

impl<'a> SchemaDocs<'a> {
    /// A renderer for `spec`'s schemas.
    pub fn new(spec: &'a OpenAPI) -> Self {
        SchemaDocs {
            spec,
            components: BTreeMap::new(),
            nodes: 0,
            rendered: BTreeMap::new(),
            sizes: BTreeMap::new(),
        }
    }

    /// The schema as JSON, `$ref`s expanded (a recursive one is left as a
    /// `$ref`). Renderings of the same `$ref` are shared, so a spec whose
    /// thousand operations return the same error schema holds it once.
    pub fn render(&mut self, schema: &ReferenceOr<Schema>) -> Rc<Value> {
        if let ReferenceOr::Reference { reference } = schema {
            if let Some(shared) = self.rendered.get(reference) {
                return Rc::clone(shared);
            }
        }
        let value = serde_json::to_value(schema).unwrap_or(Value::Null);
        self.nodes = 0;
        let rendered = Rc::new(self.expand(&value, &mut Vec::new()));
        if let ReferenceOr::Reference { reference } = schema {
            self.rendered
                .insert(reference.clone(), Rc::clone(&rendered));
        }
        rendered
    }

    /// A component schema's own page: its properties shown whatever their
    /// number, the `$ref`s in them expanded as on any page.
    pub fn component_page(&mut self, name: &str) -> Option<Rc<Value>> {
        let value = self.component(name)?;
        self.nodes = 0;
        let mut stack = vec![name.to_string()];
        Some(Rc::new(self.expand(&value, &mut stack)))
    }

    /// A component's size in JSON nodes, before its `$ref`s are expanded.
    fn size(&mut self, name: &str) -> usize {
        if let Some(size) = self.sizes.get(name) {
            return *size;
        }
        fn count(value: &Value) -> usize {
            match value {
                Value::Object(map) => 1 + map.values().map(count).sum::<usize>(),
                Value::Array(items) => 1 + items.iter().map(count).sum::<usize>(),
                _ => 1,
            }
        }
        let size = self.component(name).as_deref().map_or(0, count);
        self.sizes.insert(name.to_string(), size);
        size
    }

    fn component(&mut self, name: &str) -> Option<Rc<Value>> {
        if let Some(cached) = self.components.get(name) {
            return cached.clone();
        }
        let value = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .and_then(|s| serde_json::to_value(s).ok())
            .map(Rc::new);
        self.components.insert(name.to_string(), value.clone());
        value
    }

    /// `value` with its `$ref`s expanded and its keys in `key_order!`'s order,
    /// read in place and built anew.
    fn expand(&mut self, value: &Value, stack: &mut Vec<String>) -> Value {
        self.nodes += 1;
        match value {
            Value::Object(map) => {
                if let Some(reference) = reference_in(map) {
                    let name = component_name(reference, "schemas");
                    let fits = name
                        .as_ref()
                        .is_some_and(|n| self.nodes + self.size(n) <= MAX_NODES);
                    let within = stack.len() < MAX_REF_DEPTH && fits;
                    let target = name.as_ref().filter(|n| within && !stack.contains(n));
                    if let Some(name) = target.cloned() {
                        if let Some(component) = self.component(&name) {
                            stack.push(name);
                            let expanded = self.expand(&component, stack);
                            stack.pop();
                            return expanded;
                        }
                    }
                    return value.clone();
                }
                let mut entries: Vec<(usize, &String, &Value)> = map
                    .iter()
                    .map(|(key, value)| (key_rank(key), key, value))
                    .collect();
                entries.sort_by_key(|(rank, ..)| *rank);
                let ordered: Map<String, Value> = entries
                    .into_iter()
                    .map(|(_, key, value)| {
                        let value = match (key.as_str(), value) {
                            // Maps whose values are schemas, keyed by name.
                            ("properties", Value::Object(props)) => Value::Object(
                                props
                                    .iter()
                                    .map(|(k, v)| (k.clone(), self.expand(v, stack)))
                                    .collect(),
                            ),
                            ("properties" | "example" | "examples" | "default" | "enum", _) => {
                                value.clone()
                            }
                            _ => self.expand(value, stack),
                        };
                        (key.clone(), value)
                    })
                    .collect();
                Value::Object(ordered)
            }
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.expand(v, stack)).collect())
            }
            other => other.clone(),
        }
    }
}

/// A component schema's reference page, for the `$ref`s pages leave in
/// place (too large to show there, or recursive).
#[derive(Debug, Clone)]
pub struct SchemaPage {
    /// The component's name (`microsoft.graph.user`).
    pub name: String,
    /// Its page under `docs/` (`schemas/microsoft-graph-user.md`).
    pub path: String,
    /// The component, expanded as on any page.
    pub schema: Rc<Value>,
}

/// A schema page's file name: the component's name in kebab case.
fn page_stem(name: &str) -> String {
    match crate::naming::kebab(name) {
        stem if stem.is_empty() => "schema".to_string(),
        stem => stem,
    }
}

/// The component names `$ref`s in `value` point to.
pub fn refs(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = reference_in(map) {
                if let Some(name) = component_name(reference, "schemas") {
                    out.insert(name);
                }
            }
            map.values().for_each(|v| refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

impl SchemaDocs<'_> {
    /// A page for every component a `$ref` left in `roots` points to, and
    /// for those their pages point to, by name.
    pub fn pages<'v>(&mut self, roots: impl Iterator<Item = &'v Value>) -> Vec<SchemaPage> {
        let mut wanted = std::collections::BTreeSet::new();
        roots.for_each(|root| refs(root, &mut wanted));
        let mut done: BTreeMap<String, Rc<Value>> = BTreeMap::new();
        while let Some(name) = wanted.pop_first() {
            if done.contains_key(&name) {
                continue;
            }
            let Some(page) = self.component_page(&name) else {
                continue;
            };
            let mut more = std::collections::BTreeSet::new();
            refs(&page, &mut more);
            wanted.extend(
                more.into_iter()
                    .filter(|n| !done.contains_key(n) && *n != name),
            );
            done.insert(name, page);
        }
        let mut paths = crate::naming::Namespace::kebab();
        done.into_iter()
            .map(|(name, schema)| SchemaPage {
                path: format!("schemas/{}.md", paths.claim(page_stem(&name))),
                name,
                schema,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `match` ranks each key as its place in the list, and any other
    /// key after them all.
    #[test]
    fn key_rank_is_the_place_in_key_order() {
        for (place, key) in KEY_ORDER.iter().enumerate() {
            assert_eq!(key_rank(key), place, "{key}");
        }
        for other in ["", "x-extension", "Type", "propertie", "examples2"] {
            assert_eq!(key_rank(other), KEY_ORDER.len(), "{other}");
        }
    }
}
