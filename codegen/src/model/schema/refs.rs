//! Following `$ref`s: to a component schema, which becomes a named type
//! once, and into a component's insides (`#/components/schemas/A/properties/b`).

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::{description, Slot, TypeSpace};
use crate::error::pointer_token;
use crate::model::resolve::{self, component_name, unescape_token};
use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming;

impl<'a> TypeSpace<'a> {
    /// The type a `$ref` found at `pointer` stands for.
    pub(super) fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(inner) = reference.strip_prefix("#/components/schemas/") {
            if let Some((component, path)) = inner.split_once('/') {
                return self.deep_reference(reference, component, path, pointer);
            }
        }
        let Some(name) = component_name(reference, "schemas") else {
            return self.unfollowed(reference, pointer);
        };
        if let Some(ty) = self.components.get(&name) {
            return ty.clone();
        }
        let Some(schema) = self.component_schema(&name) else {
            self.fail(pointer, format!("$ref '{reference}' not found"));
            return TypeRef::Json;
        };
        self.component(name, schema)
    }

    /// A `$ref` outside the component schemas: an error inside the
    /// document, a warning for another document (which is not read).
    fn unfollowed(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if reference.starts_with('#') {
            self.fail(
                pointer,
                format!("$ref '{reference}' does not point into #/components/schemas"),
            );
        } else {
            self.warn(
                pointer,
                format!("external $ref '{reference}' is not followed; using untyped JSON"),
            );
        }
        TypeRef::Json
    }

    /// Converts the component schema `name` for the first time. Its slot is
    /// reserved before its insides are converted, so they may refer back to it;
    /// a component that is not itself a named type becomes an alias.
    fn component(&mut self, name: String, schema: &'a ReferenceOr<Schema>) -> TypeRef {
        let slot = self.defs.len();
        self.defs.push(None);
        self.components
            .insert(name.clone(), TypeRef::Named(TypeId(slot)));
        let component_pointer = format!("#/components/schemas/{}", pointer_token(&name));
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &component_pointer),
            ReferenceOr::Item(schema) => self.schema(
                schema,
                &name,
                &component_pointer,
                Slot::Reserved(TypeId(slot)),
            ),
        };
        if self.defs[slot].is_none() {
            let rust_name = self
                .reserved
                .get(&name)
                .cloned()
                .unwrap_or_else(|| self.names.claim_name(naming::type_name(&name)));
            let doc = match schema {
                ReferenceOr::Item(s) => description(s),
                ReferenceOr::Reference { .. } => None,
            };
            self.defs[slot] = Some(TypeDef {
                gate: crate::model::Gate::Always,
                name: rust_name,
                doc,
                pointer: component_pointer,
                kind: TypeKind::Alias(ty.non_null().clone()),
                input: false,
                body_parser: false,
            });
        }
        let result = match ty {
            TypeRef::Option(_) => TypeRef::Option(Box::new(TypeRef::Named(TypeId(slot)))),
            _ => TypeRef::Named(TypeId(slot)),
        };
        self.components.insert(name, result.clone());
        result
    }

    /// The schema of `#/components/schemas/<name>`.
    pub(super) fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec.components.as_ref()?.schemas.get(name)
    }

    /// A `$ref` into a component's insides (`#/components/schemas/A/properties/b`).
    fn deep_reference(
        &mut self,
        reference: &str,
        component: &str,
        path: &str,
        pointer: &str,
    ) -> TypeRef {
        if let Some(ty) = self.components.get(reference) {
            return ty.clone();
        }
        let component = unescape_token(component);
        let Some(root) = self.component_schema(&component) else {
            self.fail(pointer, format!("$ref '{reference}' not found"));
            return TypeRef::Json;
        };
        let tokens: Vec<String> = path.split('/').map(unescape_token).collect();
        let Some(target) = walk(self.spec, root, &tokens) else {
            self.warn(
                pointer,
                format!("$ref '{reference}' points where no schema is typed; using untyped JSON"),
            );
            return TypeRef::Json;
        };
        // A placeholder first, so a schema that refers to itself ends.
        self.components.insert(reference.to_string(), TypeRef::Json);
        let hint = format!(
            "{component} {}",
            tokens.last().map(String::as_str).unwrap_or("Item")
        );
        let ty = self.schema(target, &hint, reference, Slot::New);
        self.components.insert(reference.to_string(), ty.clone());
        ty
    }
}

/// The schema at `tokens` below `root` (properties, items, allOf...), if any.
fn walk<'a>(
    spec: &'a OpenAPI,
    root: &'a ReferenceOr<Schema>,
    tokens: &[String],
) -> Option<&'a Schema> {
    let mut current: &'a Schema = resolve::schema(spec, root, "").ok()?;
    let mut rest = tokens;
    while let [first, tail @ ..] = rest {
        let (next, used): (&'a ReferenceOr<Box<Schema>>, usize) =
            match (first.as_str(), &current.schema_kind, tail) {
                ("properties", SchemaKind::Type(Type::Object(o)), [name, ..]) => {
                    (o.properties.get(name)?, 2)
                }
                ("properties", SchemaKind::Any(a), [name, ..]) => (a.properties.get(name)?, 2),
                ("items", SchemaKind::Type(Type::Array(a)), _) => (a.items.as_ref()?, 1),
                ("items", SchemaKind::Any(a), _) => (a.items.as_ref()?, 1),
                ("additionalProperties", SchemaKind::Type(Type::Object(o)), _) => {
                    match o.additional_properties.as_ref()? {
                        AdditionalProperties::Schema(schema) => {
                            current = resolve::schema(spec, schema, "").ok()?;
                            rest = tail;
                            continue;
                        }
                        AdditionalProperties::Any(_) => return None,
                    }
                }
                (keyword @ ("allOf" | "oneOf" | "anyOf"), kind, [index, ..]) => {
                    let list = composition(keyword, kind)?;
                    current =
                        resolve::schema(spec, list.get(index.parse::<usize>().ok()?)?, "").ok()?;
                    rest = &tail[1..];
                    continue;
                }
                _ => return None,
            };
        current = follow(spec, next)?;
        rest = &rest[used..];
    }
    Some(current)
}

/// The parts listed under `keyword` (`allOf`, `oneOf` or `anyOf`) of a schema
/// of this kind, if it has that keyword.
fn composition<'a>(keyword: &str, kind: &'a SchemaKind) -> Option<&'a [ReferenceOr<Schema>]> {
    let list = match (keyword, kind) {
        ("allOf", SchemaKind::AllOf { all_of }) => all_of,
        ("oneOf", SchemaKind::OneOf { one_of }) => one_of,
        ("anyOf", SchemaKind::AnyOf { any_of }) => any_of,
        ("allOf", SchemaKind::Any(a)) => &a.all_of,
        ("oneOf", SchemaKind::Any(a)) => &a.one_of,
        ("anyOf", SchemaKind::Any(a)) => &a.any_of,
        _ => return None,
    };
    Some(list)
}

/// The schema a property or items schema is, following a `$ref` to a component.
fn follow<'a>(spec: &'a OpenAPI, next: &'a ReferenceOr<Box<Schema>>) -> Option<&'a Schema> {
    match next {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { reference } => {
            let name = component_name(reference, "schemas")?;
            resolve::schema(spec, spec.components.as_ref()?.schemas.get(&name)?, "").ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{error, run, Case};

    /// A component with an inline object property, an array of a
    /// component, and a property whose name needs escaping in a pointer.
    const NESTED: &str = "
A:
  type: object
  properties:
    id: {type: string}
    b:
      type: object
      properties:
        c: {type: integer}
    list:
      type: array
      items: {$ref: '#/components/schemas/Item'}
    x/y: {type: boolean}
Item:
  type: object
  properties:
    n:
      type: array
      items: {type: integer, format: int32}
";

    /// `$ref` chains, deep refs and refs that lead nowhere.
    const CASES: &[Case] = &[
        Case {
            name: "a ref to a ref to a ref: each component an alias of the next",
            schemas: "
A: {$ref: '#/components/schemas/B'}
B: {$ref: '#/components/schemas/C'}
C:
  type: object
  properties:
    x: {type: string}
",
            types: &[
                ("A", "alias B"),
                ("B", "alias C"),
                ("C", "struct { x?: String }"),
            ],
            refs: &[("#/components/schemas/A", "A")],
            warnings: &[],
        },
        Case {
            name: "refs that loop end as aliases of each other",
            schemas: "
A: {$ref: '#/components/schemas/B'}
B: {$ref: '#/components/schemas/A'}
",
            types: &[("A", "alias B"), ("B", "alias A")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "deep refs into a component's properties, items and escaped names",
            schemas: NESTED,
            types: &[
                (
                    "A",
                    "struct { id?: String, b?: AB, list?: Vec<Item>, x_y?: bool }",
                ),
                ("AB", "struct { c?: i64 }"),
                ("Item", "struct { n?: Vec<i32> }"),
                // The deep ref converts `b` again: a second type, named from the path.
                ("AB2", "struct { c?: i64 }"),
            ],
            refs: &[
                ("#/components/schemas/A/properties/id", "String"),
                ("#/components/schemas/A/properties/b", "AB2"),
                ("#/components/schemas/A/properties/b", "AB2"),
                (
                    "#/components/schemas/A/properties/list/items/properties/n",
                    "Vec<i32>",
                ),
                ("#/components/schemas/A/properties/x~1y", "bool"),
            ],
            warnings: &[],
        },
        Case {
            name: "a deep ref to a named enum inside a component",
            schemas: "
Order:
  type: object
  properties:
    status:
      type: string
      enum: [open, closed]
",
            types: &[
                ("Order", "struct { status?: OrderStatus }"),
                ("OrderStatus", "enum { Open, Closed }"),
                ("OrderStatus2", "enum { Open, Closed }"),
            ],
            refs: &[(
                "#/components/schemas/Order/properties/status",
                "OrderStatus2",
            )],
            warnings: &[],
        },
        Case {
            name: "refs that lead nowhere typed, or out of the document, are untyped",
            schemas: NESTED,
            types: &[
                (
                    "A",
                    "struct { id?: String, b?: AB, list?: Vec<Item>, x_y?: bool }",
                ),
                ("AB", "struct { c?: i64 }"),
                ("Item", "struct { n?: Vec<i32> }"),
            ],
            refs: &[
                ("#/components/schemas/A/properties/missing", "Json"),
                ("#/components/schemas/A/required/0", "Json"),
                ("other.yaml#/components/schemas/A", "Json"),
            ],
            warnings: &[
                "points where no schema is typed",
                "points where no schema is typed",
                "external $ref 'other.yaml#/components/schemas/A' is not followed",
            ],
        },
    ];

    #[test]
    fn reference_cases() {
        run(CASES);
    }

    #[test]
    fn dangling_refs_fail() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "a missing component",
                "#/components/schemas/Nope",
                "$ref '#/components/schemas/Nope' not found",
            ),
            (
                "a deep ref into a missing component",
                "#/components/schemas/Nope/properties/a",
                "$ref '#/components/schemas/Nope/properties/a' not found",
            ),
            (
                "a local ref outside the schemas",
                "#/components/responses/A",
                "does not point into #/components/schemas",
            ),
        ];
        for (name, reference, expected) in cases {
            let message = error(NESTED, &[reference]);
            assert!(message.contains(expected), "{name}: {message}");
        }
    }
}
