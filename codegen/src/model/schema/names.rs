//! Naming and placing named types: each takes a slot in the type list (a
//! component's reserved one, or a new one) and a name unique among types.

use super::TypeSpace;
use crate::model::{TypeDef, TypeKind, TypeRef};
use crate::naming;

impl<'a> TypeSpace<'a> {
    /// Claims a type slot: the component's reserved one, or a new inline name.
    pub(super) fn claim_slot(&mut self, slot: Option<usize>) -> usize {
        match slot {
            Some(slot) => slot,
            None => {
                self.defs.push(None);
                self.defs.len() - 1
            }
        }
    }

    /// The name of the type at `slot`: a component's reserved name, or a new
    /// one claimed from `hint` (made unique with a numeric suffix).
    pub(super) fn slot_name(&mut self, hint: &str, slot: Option<usize>) -> String {
        if slot.is_some() {
            if let Some(name) = self.reserved.get(hint) {
                return name.clone();
            }
        }
        self.names.claim(naming::type_name(hint))
    }

    /// Names and stores a type whose kind `kind` builds, given the space and
    /// the type's name (for naming what it holds inline).
    pub(super) fn define(
        &mut self,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
        doc: Option<String>,
        kind: impl FnOnce(&mut Self, &str) -> TypeKind,
    ) -> TypeRef {
        let name = self.slot_name(hint, slot);
        let index = self.claim_slot(slot);
        let kind = kind(self, &name);
        self.defs[index] = Some(TypeDef {
            name,
            doc,
            pointer: pointer.to_string(),
            kind,
            input: false,
            body_parser: false,
        });
        TypeRef::Named(index)
    }
}
