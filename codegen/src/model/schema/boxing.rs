//! Boxing: once every type is known, the fields and variants that hold a
//! type reaching back to their own are boxed, so no type is infinitely large.

use crate::model::{TypeDef, TypeKind, TypeRef};

/// Boxes the fields and variants that would otherwise make a type infinitely large.
pub(super) fn mark_boxes(defs: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = defs.iter().map(|def| targets(&def.kind)).collect();
    for (index, def) in defs.iter_mut().enumerate() {
        let cycles = |ty: &TypeRef| direct_target(ty).is_some_and(|t| reaches(&edges, t, index));
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => {
                for field in fields.iter_mut().filter(|f| cycles(&f.ty)) {
                    field.boxed = true;
                }
            }
            TypeKind::Union { variants } => {
                for variant in variants.iter_mut().filter(|v| cycles(&v.ty)) {
                    variant.boxed = true;
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum { .. } => {}
        }
    }
}

/// The named types a type of this kind holds inline.
fn targets(kind: &TypeKind) -> Vec<usize> {
    match kind {
        TypeKind::Struct { fields, .. } => {
            fields.iter().filter_map(|f| direct_target(&f.ty)).collect()
        }
        TypeKind::Union { variants } => variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Whether type `to` can be reached from type `from` through `edges`
/// (the types each one holds inline); a type reaches itself.
fn reaches(edges: &[Vec<usize>], from: usize, to: usize) -> bool {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if n < seen.len() && !seen[n] {
            seen[n] = true;
            stack.extend(edges[n].iter().copied());
        }
    }
    false
}

/// The named type a field holds inline (not behind a `Vec` or map, which
/// already add indirection), if any.
fn direct_target(ty: &TypeRef) -> Option<usize> {
    match ty.non_null() {
        TypeRef::Named(i) => Some(*i),
        _ => None,
    }
}
