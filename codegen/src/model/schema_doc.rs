//! Schemas as the reference pages show them: JSON with `$ref`s expanded and
//! keys in a reading order (`type`, `description`, `required`, `properties`...).

use std::collections::BTreeMap;
use std::rc::Rc;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::{Map, Value};

use super::resolve::component_name;

/// Keys in the order a reader wants them; others follow in spec order.
const KEY_ORDER: &[&str] = &[
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
];

/// Expanded schemas are cut off below this depth of `$ref`s.
const MAX_REF_DEPTH: usize = 24;

/// Once a rendered schema holds this many JSON nodes, further `$ref`s stay
/// `$ref`s, so a page stays readable and no spec can blow it up.
const MAX_NODES: usize = 1_500;

/// Renders schemas for the reference pages, caching component schemas.
pub struct SchemaDocs<'a> {
    spec: &'a OpenAPI,
    components: BTreeMap<String, Option<Value>>,
    nodes: usize,
    rendered: BTreeMap<String, Rc<Value>>,
}

impl<'a> SchemaDocs<'a> {
    /// A renderer for `spec`'s schemas.
    pub fn new(spec: &'a OpenAPI) -> Self {
        SchemaDocs {
            spec,
            components: BTreeMap::new(),
            nodes: 0,
            rendered: BTreeMap::new(),
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
        let rendered = Rc::new(self.expand(value, &mut Vec::new()));
        if let ReferenceOr::Reference { reference } = schema {
            self.rendered
                .insert(reference.clone(), Rc::clone(&rendered));
        }
        rendered
    }

    fn component(&mut self, name: &str) -> Option<Value> {
        if let Some(cached) = self.components.get(name) {
            return cached.clone();
        }
        let value = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(name))
            .and_then(|s| serde_json::to_value(s).ok());
        self.components.insert(name.to_string(), value.clone());
        value
    }

    fn expand(&mut self, value: Value, stack: &mut Vec<String>) -> Value {
        self.nodes += 1;
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    let name = component_name(&reference, "schemas");
                    let within = stack.len() < MAX_REF_DEPTH && self.nodes < MAX_NODES;
                    let target = name.as_ref().filter(|n| within && !stack.contains(n));
                    if let Some(name) = target.cloned() {
                        if let Some(component) = self.component(&name) {
                            stack.push(name);
                            let expanded = self.expand(component, stack);
                            stack.pop();
                            return expanded;
                        }
                    }
                    return Value::Object(map);
                }
                let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                entries.sort_by_key(|(key, _)| {
                    KEY_ORDER
                        .iter()
                        .position(|k| k == key)
                        .unwrap_or(KEY_ORDER.len())
                });
                let ordered: Map<String, Value> = entries
                    .into_iter()
                    .map(|(key, value)| {
                        let value = match key.as_str() {
                            // Maps whose values are schemas, keyed by name.
                            "properties" => match value {
                                Value::Object(props) => Value::Object(
                                    props
                                        .into_iter()
                                        .map(|(k, v)| (k, self.expand(v, stack)))
                                        .collect(),
                                ),
                                other => other,
                            },
                            "example" | "examples" | "default" | "enum" => value,
                            _ => self.expand(value, stack),
                        };
                        (key, value)
                    })
                    .collect();
                Value::Object(ordered)
            }
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.expand(v, stack)).collect())
            }
            other => other,
        }
    }
}
