//! Naming and placing named types: each takes a slot in the type list (a
//! component's reserved one, or a new one) and a name unique among types.

use super::{Slot, TypeSpace};
use crate::model::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming;

impl<'a> TypeSpace<'a> {
    /// Claims a type slot: the component's reserved one, or a new inline name.
    pub(super) fn claim_slot(&mut self, slot: Slot) -> usize {
        match slot {
            Slot::Reserved(TypeId(index)) => index,
            Slot::New => {
                self.defs.push(None);
                self.defs.len() - 1
            }
        }
    }

    /// The name of the type at `slot`: a component's reserved name, or a new
    /// one claimed from `hint` (made unique with a numeric suffix).
    pub(super) fn slot_name(&mut self, hint: &str, slot: Slot) -> crate::naming::RustName {
        if let Slot::Reserved(_) = slot {
            if let Some(name) = self.reserved.get(hint) {
                return name.clone();
            }
        }
        self.names.claim_name(naming::type_name(hint))
    }

    /// Names and stores a type whose kind `kind` builds, given the space and
    /// the type's name (for naming what it holds inline).
    pub(super) fn define(
        &mut self,
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
        kind: impl FnOnce(&mut Self, &str) -> TypeKind,
    ) -> TypeRef {
        let name = self.slot_name(hint, slot);
        let index = self.claim_slot(slot);
        let kind = kind(self, &name);
        self.defs[index] = Some(TypeDef {
            gate: crate::model::Gate::Always,
            name,
            doc,
            pointer: pointer.to_string(),
            kind,
            input: false,
            body_parser: false,
        });
        TypeRef::Named(TypeId(index))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{run, Case};

    /// Type, variant and field names kept unique.
    const CASES: &[Case] = &[
        Case {
            name: "two inline types that would share a name get distinct names",
            schemas: "
Pet:
  type: object
  properties:
    owner_id:
      type: object
      properties:
        x: {type: string}
PetOwner:
  type: object
  properties:
    id:
      type: object
      properties:
        y: {type: string}
",
            types: &[
                ("Pet", "struct { owner_id?: PetOwnerId }"),
                ("PetOwner", "struct { id?: PetOwnerId2 }"),
                ("PetOwnerId", "struct { x?: String }"),
                ("PetOwnerId2", "struct { y?: String }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "an inline type never takes a component's name, even one converted later",
            schemas: "
Pet:
  type: object
  properties:
    owner:
      type: object
      properties:
        id: {type: string}
PetOwner:
  type: object
  properties:
    name: {type: string}
",
            types: &[
                ("Pet", "struct { owner?: PetOwner2 }"),
                ("PetOwner", "struct { name?: String }"),
                ("PetOwner2", "struct { id?: String }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "components whose names collide once camel-cased, or name a std type",
            schemas: "
pet_owner: {type: string, enum: [a]}
PetOwner: {type: string, enum: [b]}
String: {type: string, enum: [c]}
",
            types: &[
                ("PetOwner", "enum { A }"),
                ("PetOwner2", "enum { B }"),
                ("StringType", "enum { C }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "enum values with one variant name, or the catch-all's, get suffixes",
            schemas: "
Op:
  type: string
  enum: ['>=', ge, a-b, a_b, UnknownValue, a-b]
",
            types: &[("Op", "enum { Ge, Ge2, AB, AB2, UnknownValue2 }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "field names: snake-cased, unique, never `new`, and clear of the map field",
            schemas: "
Bag:
  type: object
  properties:
    fooBar: {type: string}
    foo_bar: {type: string}
    new: {type: string}
    additional_properties: {type: string}
  additionalProperties: {type: integer}
",
            types: &[(
                "Bag",
                "struct { foo_bar?: String, foo_bar_2?: String, new_2?: String, \
                     additional_properties_2?: String, ..: i64 }",
            )],
            refs: &[],
            warnings: &[],
        },
    ];

    #[test]
    fn naming_cases() {
        run(CASES);
    }
}
