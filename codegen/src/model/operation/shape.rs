//! What the command line checks and shows of a JSON body beyond its type:
//! the fields it requires (nested ones under required parents included),
//! the values an enum field allows, the strings of a checked format
//! (date-time, email...), and its top-level field names, so
//! that a value is checked the same way whether given as a flag, as
//! shorthand or in `--body`, and help can say what must be given.

use super::OperationBuilder;
use crate::model::{BodyShape, RequiredField, TypeKind, TypeRef};

/// How deep the shape looks into a body, and how many entries it keeps.
const SHAPE_DEPTH: usize = 6;
const MAX_ENTRIES: usize = 200;

impl OperationBuilder<'_, '_> {
    /// The shape of a body of type `ty`; `required`: whether its required
    /// fields are listed (a body's callers pass `true`: what a body must
    /// hold once one is given, even where the spec lets it be left out).
    pub(super) fn body_shape(&self, ty: &TypeRef, required: bool) -> BodyShape {
        let mut shape = BodyShape {
            fields: self
                .struct_fields(ty)
                .map(|f| f.iter().map(|f| f.wire.clone()).collect())
                .unwrap_or_default(),
            ..BodyShape::default()
        };
        // (type, path, required all the way down, depth)
        let mut pending = vec![(ty.clone(), String::new(), required, 0usize)];
        while let Some((ty, path, chain, depth)) = pending.pop() {
            if depth > SHAPE_DEPTH
                || shape.enum_paths.len() >= MAX_ENTRIES
                || shape.format_paths.len() >= MAX_ENTRIES
            {
                continue;
            }
            let join = |key: &str| match path.is_empty() {
                true => key.to_string(),
                false => format!("{path}.{key}"),
            };
            match ty.non_null() {
                TypeRef::Vec(item) => {
                    pending.push(((**item).clone(), format!("{path}[]"), false, depth + 1))
                }
                TypeRef::Map(value) => {
                    pending.push(((**value).clone(), join("*"), false, depth + 1))
                }
                TypeRef::Named(id) => match self.types.def(*id).map(|d| &d.kind) {
                    Some(TypeKind::Enum { variants }) if !path.is_empty() => {
                        let values = variants.iter().map(|v| v.value.clone()).collect();
                        shape.enum_paths.push((path, values));
                    }
                    Some(TypeKind::Alias(inner)) => {
                        pending.push((inner.clone(), path, chain, depth + 1))
                    }
                    Some(TypeKind::Struct { fields, .. }) => {
                        for field in fields.iter().rev() {
                            if let Some(format) = &field.format {
                                let list = matches!(field.ty.non_null(), TypeRef::Vec(_));
                                let at = join(&field.wire) + if list { "[]" } else { "" };
                                shape.format_paths.push((at, format.clone()));
                            }
                            let needed = chain && field.required;
                            if needed && shape.required.len() < MAX_ENTRIES {
                                shape.required.push(RequiredField {
                                    path: join(&field.wire),
                                    kind: self.kind_name(&field.ty, 0),
                                });
                            }
                            pending.push((field.ty.clone(), join(&field.wire), needed, depth + 1));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        shape.required.sort_by(|a, b| a.path.cmp(&b.path));
        shape.enum_paths.sort();
        shape.enum_paths.dedup();
        shape.format_paths.sort();
        shape.format_paths.dedup();
        shape
    }

    /// The fields of a struct type (through aliases), if it is one.
    fn struct_fields(&self, ty: &TypeRef) -> Option<&[crate::model::Field]> {
        let mut ty = ty.non_null();
        for _ in 0..SHAPE_DEPTH {
            let TypeRef::Named(id) = ty else {
                return None;
            };
            match self.types.def(*id).map(|d| &d.kind)? {
                TypeKind::Struct { fields, .. } => return Some(fields),
                TypeKind::Alias(inner) => ty = inner.non_null(),
                _ => return None,
            }
        }
        None
    }

    /// A type as a user names it: `string`, `integer`, `object`, `list`,
    /// `one of a, b`; never a Rust type's name.
    fn kind_name(&self, ty: &TypeRef, depth: usize) -> String {
        if depth > SHAPE_DEPTH {
            return "value".into();
        }
        match ty.non_null() {
            TypeRef::String => "string".into(),
            TypeRef::Bool => "boolean".into(),
            TypeRef::I32 | TypeRef::I64 => "integer".into(),
            TypeRef::F32 | TypeRef::F64 => "number".into(),
            TypeRef::Json => "any JSON value".into(),
            TypeRef::JsonObject | TypeRef::Map(_) => "object".into(),
            TypeRef::File => "file".into(),
            TypeRef::Vec(item) => format!("list of {}", self.kind_name(item, depth + 1)),
            TypeRef::Option(inner) => self.kind_name(inner, depth + 1),
            TypeRef::Named(id) => match self.types.def(*id).map(|d| &d.kind) {
                Some(TypeKind::Enum { variants }) => {
                    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
                    format!("one of {}", values.join(", "))
                }
                Some(TypeKind::Alias(inner)) => self.kind_name(inner, depth + 1),
                Some(TypeKind::Struct { .. }) => "object".into(),
                _ => "value".into(),
            },
        }
    }
}
