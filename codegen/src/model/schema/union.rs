//! `oneOf` and `anyOf`: a union whose variants are named after the
//! component they refer to, the inline type they define, or their primitive.

use openapiv3::{ReferenceOr, Schema};

use super::{Slot, TypeSpace};
use crate::model::resolve::component_name;
use crate::model::{TypeDef, TypeId, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, Namespace};

impl<'a> TypeSpace<'a> {
    /// The union of `options` (listed under `keyword` at `pointer`); a single
    /// option is that option's type, and a repeated type is one variant.
    pub(super) fn union(
        &mut self,
        options: &'a [ReferenceOr<Schema>],
        keyword: &str,
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
    ) -> TypeRef {
        if let [only] = options {
            return self.convert(only, hint, &format!("{pointer}/{keyword}/0"));
        }
        let name = self.slot_name(hint, slot);
        let index = self.claim_slot(slot);
        // Reserve the slot before converting variants, which may refer back to it.
        self.defs[index] = Some(TypeDef {
            gate: crate::model::Gate::Always,
            name: name.clone(),
            doc: doc.clone(),
            pointer: pointer.to_string(),
            kind: TypeKind::Alias(TypeRef::Json),
            input: false,
            body_parser: false,
        });
        let mut names = Namespace::camel();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let at = format!("{pointer}/{keyword}/{i}");
            let ty = self.convert(option, &naming::hint::union_member(&name, i), &at);
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let variant = match (option, &ty) {
                (ReferenceOr::Reference { reference }, _) => {
                    naming::type_name(&component_name(reference, "schemas").unwrap_or_default())
                }
                (_, TypeRef::Named(j)) => {
                    self.def(*j).map(|d| d.name.to_string()).unwrap_or_default()
                }
                (_, other) => primitive_label(other).to_string(),
            };
            variants.push(UnionVariant {
                name: names.claim_name(variant),
                ty,
                boxed: false,
            });
        }
        self.defs[index] = Some(TypeDef {
            gate: crate::model::Gate::Always,
            name,
            doc,
            pointer: pointer.to_string(),
            kind: TypeKind::Union { variants },
            input: false,
            body_parser: false,
        });
        TypeRef::Named(TypeId(index))
    }
}

/// A variant name for an inline primitive alternative of a union.
fn primitive_label(ty: &TypeRef) -> &'static str {
    match ty.non_null() {
        TypeRef::String => "String",
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Vec(_) => "Array",
        TypeRef::Map(_) | TypeRef::JsonObject => "Object",
        TypeRef::File => "File",
        TypeRef::Json | TypeRef::Named(_) | TypeRef::Option(_) => "Value",
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{run, Case};

    /// Unions and their variant names.
    const CASES: &[Case] = &[
        Case {
            name: "oneOf of $refs: variants named after the components",
            schemas: "
Cat:
  type: object
  properties:
    purrs: {type: boolean}
Dog:
  type: object
  properties:
    barks: {type: boolean}
Pet:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
",
            types: &[
                ("Cat", "struct { purrs?: bool }"),
                ("Dog", "struct { barks?: bool }"),
                ("Pet", "union { Cat(Cat), Dog(Dog) }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "inline object members: types named <Union>Variant<i>",
            schemas: "
Shape:
  anyOf:
    - type: object
      properties:
        radius: {type: number}
    - type: object
      properties:
        width: {type: number, format: float}
",
            types: &[
                (
                    "Shape",
                    "union { ShapeVariant0(ShapeVariant0), ShapeVariant1(ShapeVariant1) }",
                ),
                ("ShapeVariant0", "struct { radius?: f64 }"),
                ("ShapeVariant1", "struct { width?: f32 }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "inline primitive members: variants named after their kind",
            schemas: "
Id:
  oneOf:
    - type: string
    - type: integer
    - type: array
      items: {type: string}
    - type: object
      additionalProperties: {type: boolean}
",
            types: &[(
                "Id",
                "union { String(String), Integer(i64), Array(Vec<String>), Object(Map<bool>) }",
            )],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a nullable member keeps its kind's name, its type an Option",
            schemas: "
Cat:
  type: object
  properties:
    purrs: {type: boolean}
MaybeCat:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - type: string
      nullable: true
",
            types: &[
                ("Cat", "struct { purrs?: bool }"),
                ("MaybeCat", "union { Cat(Cat), String(Option<String>) }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "members of one type are one variant; same labels get suffixes",
            schemas: "
Num:
  oneOf:
    - type: integer
      format: int32
    - type: string
    - type: string
      format: email
    - type: integer
",
            types: &[(
                "Num",
                "union { Integer(i32), String(String), Integer2(i64) }",
            )],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a single member is that member's type",
            schemas: "
Cat:
  type: object
  properties:
    purrs: {type: boolean}
OnlyCat:
  oneOf:
    - $ref: '#/components/schemas/Cat'
",
            types: &[("Cat", "struct { purrs?: bool }"), ("OnlyCat", "alias Cat")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "an inline union in a property is named from the property",
            schemas: "
Event:
  type: object
  properties:
    payload:
      oneOf:
        - type: string
        - type: object
          properties:
            code: {type: integer}
",
            types: &[
                ("Event", "struct { payload?: EventPayload }"),
                (
                    "EventPayload",
                    "union { String(String), EventPayloadVariant1(EventPayloadVariant1) }",
                ),
                ("EventPayloadVariant1", "struct { code?: i64 }"),
            ],
            refs: &[],
            warnings: &[],
        },
    ];

    #[test]
    fn union_cases() {
        run(CASES);
    }
}
