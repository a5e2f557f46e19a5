//! A page body as pagination sees it: each field's path and kind, from
//! the body's types or from its example, and where its items are.

use serde_json::Value;

use super::{norm_is, ITEM_FIELDS, MAX_DEPTH};
use crate::model::{Field, TypeDef, TypeKind, TypeRef};

/// A page body as pagination sees it: its types, or an example of it.
pub(super) enum Page<'a> {
    /// The types (all of them, and the body's).
    Typed(&'a [TypeDef], &'a TypeRef),
    /// An example of the body.
    Example(&'a Value),
}

/// What a field of a page holds, as far as pagination cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Integer,
    Bool,
    List,
    /// An object with an `href` (HAL's links).
    Href,
    Other,
}

impl Page<'_> {
    /// Each field to [`MAX_DEPTH`], with its wire path and kind.
    pub(super) fn fields(&self) -> Vec<(Vec<String>, Kind)> {
        let mut found = Vec::new();
        match self {
            Page::Typed(types, body) => {
                let mut pending: Vec<(Vec<String>, TypeRef)> = vec![(Vec::new(), (*body).clone())];
                while let Some((path, ty)) = pending.pop() {
                    for field in struct_fields(types, &ty).unwrap_or_default() {
                        let mut field_path = path.clone();
                        field_path.push(field.wire.clone());
                        found.push((field_path.clone(), type_kind(types, &field.ty)));
                        if field_path.len() < MAX_DEPTH {
                            pending.push((field_path, field.ty.clone()));
                        }
                    }
                }
            }
            Page::Example(body) => {
                let mut pending = vec![(Vec::new(), *body)];
                while let Some((path, value)) = pending.pop() {
                    for (key, field) in value.as_object().into_iter().flatten() {
                        let mut field_path = path.clone();
                        field_path.push(key.clone());
                        found.push((field_path.clone(), value_kind(field)));
                        if field_path.len() < MAX_DEPTH {
                            pending.push((field_path, field));
                        }
                    }
                }
            }
        }
        found.sort_by_key(|(path, _)| path.len());
        found
    }

    /// Whether the body is itself the list of items.
    pub(super) fn is_list(&self) -> bool {
        match self {
            Page::Typed(types, body) => list_item(types, body).is_some(),
            Page::Example(body) => body.is_array(),
        }
    }

    /// The type of the items at `path`, when the types say.
    pub(super) fn item(&self, path: &[String]) -> Option<TypeRef> {
        match self {
            Page::Typed(types, body) => item_at(types, body, path),
            Page::Example(_) => None,
        }
    }

    /// Whether the items at `path` have an `id`.
    pub(super) fn items_have_id(&self, path: &[String]) -> bool {
        match self {
            Page::Typed(types, _) => self
                .item(path)
                .and_then(|item| struct_fields(types, &item))
                .is_some_and(|fields| fields.iter().any(|f| f.wire == "id")),
            Page::Example(body) => path
                .iter()
                .try_fold(*body, |v, k| v.get(k))
                .and_then(|list| list.get(0))
                .is_some_and(|item| item.get("id").is_some()),
        }
    }
}

/// The kind of a typed field.
fn type_kind(types: &[TypeDef], ty: &TypeRef) -> Kind {
    match ty.non_null() {
        TypeRef::String => Kind::Text,
        TypeRef::I32 | TypeRef::I64 => Kind::Integer,
        TypeRef::Bool => Kind::Bool,
        ty if list_item(types, ty).is_some() => Kind::List,
        ty if struct_fields(types, ty).is_some_and(|f| f.iter().any(|f| f.wire == "href")) => {
            Kind::Href
        }
        _ => Kind::Other,
    }
}

/// The kind of an example's value.
fn value_kind(value: &Value) -> Kind {
    match value {
        Value::String(_) => Kind::Text,
        Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
        Value::Bool(_) => Kind::Bool,
        Value::Array(_) => Kind::List,
        Value::Object(map) if map.get("href").is_some_and(Value::is_string) => Kind::Href,
        _ => Kind::Other,
    }
}

/// A struct's fields, through aliases and `Option`.
pub(super) fn struct_fields<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t [Field]> {
    let mut ty = ty.non_null();
    for _ in 0..8 {
        let TypeRef::Named(id) = ty else { return None };
        match &types.get(id.index())?.kind {
            TypeKind::Struct { fields, .. } => return Some(fields),
            TypeKind::Alias(inner) => ty = inner.non_null(),
            _ => return None,
        }
    }
    None
}

/// Where a page's items are: the body when it is a list, else its one
/// list field or the one named like [`ITEM_FIELDS`], at the top or one
/// level down.
pub(super) fn find_items(page: &Page, fields: &[(Vec<String>, Kind)]) -> Option<Vec<String>> {
    if page.is_list() {
        return Some(Vec::new());
    }
    for depth in 1..MAX_DEPTH {
        let lists: Vec<_> = fields
            .iter()
            .filter(|(path, kind)| path.len() == depth && *kind == Kind::List)
            .collect();
        let chosen = match lists.as_slice() {
            [] => continue,
            [one] => Some(*one),
            several => ITEM_FIELDS.iter().find_map(|name| {
                several
                    .iter()
                    .find(|(path, _)| path.last().is_some_and(|l| norm_is(l, name)))
                    .copied()
            }),
        };
        return chosen.map(|(path, _)| path.clone());
    }
    None
}

/// The items' type of the list at `path` in `body`, when the types say.
pub(super) fn item_at(types: &[TypeDef], body: &TypeRef, path: &[String]) -> Option<TypeRef> {
    let mut ty = body.clone();
    for key in path {
        let field = struct_fields(types, &ty)?.iter().find(|f| &f.wire == key)?;
        ty = field.ty.clone();
    }
    list_item(types, &ty)
}

/// The item type of a list, through aliases and `Option`.
pub(super) fn list_item(types: &[TypeDef], ty: &TypeRef) -> Option<TypeRef> {
    let mut ty = ty.non_null();
    for _ in 0..8 {
        match ty {
            TypeRef::Vec(item) => return Some((**item).clone()),
            TypeRef::Named(id) => match &types.get(id.index())?.kind {
                TypeKind::Alias(inner) => ty = inner.non_null(),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}
