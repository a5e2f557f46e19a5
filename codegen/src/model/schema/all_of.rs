//! `allOf`: the parts that give a shape are merged into one struct; parts
//! that only annotate are dropped, and a single shaped part is that part.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::object::ObjectParts;
use super::{Slot, TypeSpace, MAX_DEPTH};
use crate::error::pointer_token;
use crate::model::resolve::{self, component_name};
use crate::model::TypeRef;

impl<'a> TypeSpace<'a> {
    /// The type of an `allOf` at `pointer`: its one shaped part, or a struct
    /// of all parts' properties (untyped JSON if a part is not an object).
    pub(super) fn all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
    ) -> TypeRef {
        // Parts that only annotate (`{description: ...}`) add no shape.
        let shaped: Vec<(usize, &'a ReferenceOr<Schema>)> = all_of
            .iter()
            .enumerate()
            .filter(|(_, part)| !matches!(part, ReferenceOr::Item(s) if is_annotation(s)))
            .collect();
        let nullable = all_of
            .iter()
            .any(|part| matches!(part, ReferenceOr::Item(s) if s.schema_data.nullable));
        if let [(i, only)] = shaped.as_slice() {
            // `allOf: [$ref, {description}]` and wrappers of one schema are that schema.
            let ty = self.convert(only, hint, &format!("{pointer}/allOf/{i}"));
            return match ty {
                TypeRef::Option(_) => ty,
                ty if nullable => TypeRef::Option(Box::new(ty)),
                ty => ty,
            };
        }
        if shaped.is_empty() {
            return TypeRef::Json;
        }
        let mut parts = ObjectParts::default();
        for (i, part) in shaped {
            let at = format!("{pointer}/allOf/{i}");
            if !self.collect(part, &at, &mut parts, 0) {
                self.warn(
                    &at,
                    "allOf part is not an object; using untyped JSON for the whole",
                );
                return TypeRef::Json;
            }
        }
        self.object(parts, hint, pointer, slot, doc)
    }

    /// Adds an object-like schema's properties to `parts`; false if it is not object-like.
    fn collect(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (schema, pointer) = match schema {
            ReferenceOr::Item(s) => (s, pointer.to_string()),
            ReferenceOr::Reference { reference } => {
                let Ok(s) = resolve::schema(self.spec, schema, pointer) else {
                    return false;
                };
                let name = component_name(reference, "schemas").unwrap_or_default();
                (s, format!("#/components/schemas/{}", pointer_token(&name)))
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                parts.add_object(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    &pointer,
                );
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().enumerate().all(|(i, part)| {
                self.collect(part, &format!("{pointer}/allOf/{i}"), parts, depth + 1)
            }),
            SchemaKind::Any(any)
                if any.typ.as_deref().is_none_or(|t| t == "object")
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty() =>
            {
                parts.add_object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &pointer,
                );
                any.all_of.iter().enumerate().all(|(i, part)| {
                    self.collect(part, &format!("{pointer}/allOf/{i}"), parts, depth + 1)
                })
            }
            _ => false,
        }
    }
}

/// Whether a schema only annotates (description, title, example...) and
/// constrains no shape.
fn is_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{run, Case};

    /// `allOf` merging: each case a spec and the types it makes.
    const CASES: &[Case] = &[
        Case {
            name: "a $ref and an inline part: properties and required merged",
            schemas: "
Base:
  type: object
  required: [id]
  properties:
    id: {type: string}
Pet:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      required: [name]
      properties:
        name: {type: string}
        age: {type: integer, format: int32}
",
            types: &[
                ("Base", "struct { id: String }"),
                ("Pet", "struct { id: String, name: String, age?: i32 }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "required named by a later part applies to an earlier part's property",
            schemas: "
Pet:
  allOf:
    - type: object
      properties:
        id: {type: string}
    - type: object
      required: [id]
      properties:
        name: {type: string}
",
            types: &[("Pet", "struct { id: String, name?: String }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "conflicting property types: the first part's wins",
            schemas: "
Mixed:
  allOf:
    - type: object
      properties:
        x: {type: string}
    - type: object
      properties:
        x: {type: integer}
        y: {type: boolean}
",
            types: &[("Mixed", "struct { x?: String, y?: bool }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a part that is not an object makes the whole untyped",
            schemas: "
Odd:
  allOf:
    - type: object
      properties:
        x: {type: string}
    - type: string
",
            types: &[("Odd", "alias Json")],
            refs: &[],
            warnings: &["allOf part is not an object"],
        },
        Case {
            name: "allOf through a $ref to another allOf merges all the way down",
            schemas: "
Base:
  type: object
  required: [id]
  properties:
    id: {type: string}
Named:
  allOf:
    - $ref: '#/components/schemas/Base'
    - properties:
        name: {type: string}
Pet:
  allOf:
    - $ref: '#/components/schemas/Named'
    - type: object
      properties:
        tag: {type: string}
      additionalProperties: {type: integer}
",
            types: &[
                ("Base", "struct { id: String }"),
                ("Named", "struct { id: String, name?: String }"),
                (
                    "Pet",
                    "struct { id: String, name?: String, tag?: String, ..: i64 }",
                ),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a $ref plus an annotation is the referenced type",
            schemas: "
Base:
  type: object
  required: [id]
  properties:
    id: {type: string}
Described:
  allOf:
    - $ref: '#/components/schemas/Base'
    - description: Only words.
",
            types: &[
                ("Base", "struct { id: String }"),
                ("Described", "alias Base"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a nullable part makes the one shaped part nullable",
            schemas: "
Base:
  type: object
  required: [id]
  properties:
    id: {type: string}
Maybe:
  allOf:
    - $ref: '#/components/schemas/Base'
    - nullable: true
",
            types: &[("Base", "struct { id: String }"), ("Maybe", "alias Base")],
            refs: &[("#/components/schemas/Maybe", "Option<Maybe>")],
            warnings: &[],
        },
        Case {
            name: "one inline part and an annotation: an inline type, the component an alias of it",
            schemas: "
Pet:
  allOf:
    - type: object
      properties:
        id: {type: string}
    - description: A pet.
",
            types: &[("Pet", "alias Pet2"), ("Pet2", "struct { id?: String }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a part with only `required` adds no shape and is dropped",
            schemas: "
Pet:
  allOf:
    - type: object
      properties:
        id: {type: string}
        name: {type: string}
    - required: [id]
",
            types: &[
                ("Pet", "alias Pet2"),
                ("Pet2", "struct { id?: String, name?: String }"),
            ],
            refs: &[],
            warnings: &[],
        },
    ];

    #[test]
    fn all_of_cases() {
        run(CASES);
    }
}
