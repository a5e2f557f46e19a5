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
        TypeRef::Named(id) => Some(id.index()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{run, Case};

    /// Which fields and variants are boxed.
    const CASES: &[Case] = &[
        Case {
            name: "a struct holding itself is boxed; other fields are not",
            schemas: "
Node:
  type: object
  properties:
    value: {type: string}
    next: {$ref: '#/components/schemas/Node'}
",
            types: &[("Node", "struct { value?: String, next?: Box<Node> }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a nullable self-reference is boxed too",
            schemas: "
Node:
  type: object
  properties:
    next:
      allOf:
        - $ref: '#/components/schemas/Node'
      nullable: true
",
            types: &[("Node", "struct { next?: Box<Option<Node>> }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a list or map of itself is already indirect: not boxed",
            schemas: "
Tree:
  type: object
  properties:
    children:
      type: array
      items: {$ref: '#/components/schemas/Tree'}
    named:
      type: object
      additionalProperties: {$ref: '#/components/schemas/Tree'}
",
            types: &[("Tree", "struct { children?: Vec<Tree>, named?: Map<Tree> }")],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "mutual recursion: both sides boxed, a type outside the cycle not",
            schemas: "
A:
  type: object
  properties:
    b: {$ref: '#/components/schemas/B'}
B:
  type: object
  required: [a]
  properties:
    a: {$ref: '#/components/schemas/A'}
C:
  type: object
  properties:
    a: {$ref: '#/components/schemas/A'}
",
            types: &[
                ("A", "struct { b?: Box<B> }"),
                ("B", "struct { a: Box<A> }"),
                ("C", "struct { a?: A }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "a cycle through a union and an alias",
            schemas: "
Expr:
  oneOf:
    - $ref: '#/components/schemas/Lit'
    - $ref: '#/components/schemas/Neg'
Lit:
  type: object
  properties:
    value: {type: number}
Neg:
  type: object
  properties:
    inner: {$ref: '#/components/schemas/Inner'}
Inner: {$ref: '#/components/schemas/Expr'}
",
            types: &[
                ("Expr", "union { Lit(Lit), Neg(Box<Neg>) }"),
                ("Inner", "alias Expr"),
                ("Lit", "struct { value?: f64 }"),
                ("Neg", "struct { inner?: Box<Inner> }"),
            ],
            refs: &[],
            warnings: &[],
        },
    ];

    #[test]
    fn boxing_cases() {
        run(CASES);
    }
}
