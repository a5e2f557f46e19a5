//! Converting one schema by its kind: primitives, arrays and string enums
//! here; objects, `allOf` and unions handed to their own modules.

use openapiv3::{
    AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::object::ObjectParts;
use super::{description, Slot, TypeSpace, MAX_DEPTH, MAX_SCHEMA_VISITS, UNKNOWN_VARIANT};
use crate::model::{EnumVariant, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

impl<'a> TypeSpace<'a> {
    /// Converts a schema. `slot` is [`Slot::Reserved`] when the schema is a
    /// component's own, so its type takes the component's place and name.
    pub(super) fn schema(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &str,
        slot: Slot,
    ) -> TypeRef {
        if self.depth >= MAX_DEPTH {
            self.warn(pointer, "schema nested too deeply; using untyped JSON");
            return TypeRef::Json;
        }
        self.visited += 1;
        if self.visited > MAX_SCHEMA_VISITS {
            if self.visited == MAX_SCHEMA_VISITS + 1 {
                self.warn(pointer, "the spec's schemas expand past the generator's budget; the rest are untyped JSON");
            }
            return TypeRef::Json;
        }
        self.depth += 1;
        let ty = self.schema_kind(schema, hint, pointer, slot);
        self.depth -= 1;
        if schema.schema_data.nullable && !matches!(ty, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        }
    }

    /// The type of a schema by its kind, before `nullable` is applied.
    fn schema_kind(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &str,
        slot: Slot,
    ) -> TypeRef {
        let doc = description(schema);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if !s.enumeration.is_empty() {
                    let values = s.enumeration.iter().flatten().cloned().collect();
                    return self.string_enum(values, hint, pointer, slot, doc);
                }
                match &s.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                    _ => TypeRef::String,
                }
            }
            SchemaKind::Type(Type::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), hint, pointer),
            SchemaKind::Type(Type::Object(o)) => {
                let parts = ObjectParts::of(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    pointer,
                );
                self.object(parts, hint, pointer, slot, doc)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, hint, pointer, slot, doc),
            SchemaKind::OneOf { one_of } => self.union(one_of, "oneOf", hint, pointer, slot, doc),
            SchemaKind::AnyOf { any_of } => self.union(any_of, "anyOf", hint, pointer, slot, doc),
            SchemaKind::Not { .. } => {
                self.warn(pointer, "`not` schemas cannot be typed; using untyped JSON");
                TypeRef::Json
            }
            SchemaKind::Any(any) => self.any(any, hint, pointer, slot, doc),
        }
    }

    /// Schemas without a recognised `type`: inferred from the keywords present.
    fn any(
        &mut self,
        any: &'a AnySchema,
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
    ) -> TypeRef {
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, hint, pointer, slot, doc);
        }
        if !any.one_of.is_empty() {
            return self.union(&any.one_of, "oneOf", hint, pointer, slot, doc);
        }
        if !any.any_of.is_empty() {
            return self.union(&any.any_of, "anyOf", hint, pointer, slot, doc);
        }
        let strings: Option<Vec<String>> = any
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.as_str().map(str::to_string))
            .collect();
        match any.typ.as_deref() {
            Some("string") | None if !any.enumeration.is_empty() => {
                if let Some(values) = strings {
                    return self.string_enum(values, hint, pointer, slot, doc);
                }
                self.warn(pointer, "enum mixes value types; using untyped JSON");
                TypeRef::Json
            }
            Some("string") => match any.format.as_deref() {
                Some("binary") => TypeRef::File,
                _ => TypeRef::String,
            },
            Some("integer") => match any.format.as_deref() {
                Some("int32") => TypeRef::I32,
                _ => TypeRef::I64,
            },
            Some("number") => match any.format.as_deref() {
                Some("float") => TypeRef::F32,
                _ => TypeRef::F64,
            },
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array(any.items.as_ref(), hint, pointer),
            Some("object") | None
                if !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || any.typ.is_some() =>
            {
                let parts = ObjectParts::of(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                );
                self.object(parts, hint, pointer, slot, doc)
            }
            None if any.items.is_some() => self.array(any.items.as_ref(), hint, pointer),
            None => TypeRef::Json,
            Some(other) => {
                self.warn(
                    pointer,
                    format!("unknown type '{other}'; using untyped JSON"),
                );
                TypeRef::Json
            }
        }
    }

    /// `Vec` of the items' type (untyped JSON when items are not given).
    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => self.convert_boxed(
                items,
                &naming::hint::item(hint),
                &format!("{pointer}/items"),
            ),
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    /// A string enum of `values` (duplicates dropped), with variant names
    /// unique among themselves and never the catch-all's.
    fn string_enum(
        &mut self,
        values: Vec<String>,
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
    ) -> TypeRef {
        self.define(hint, pointer, slot, doc, |_, _| {
            let mut names = Namespace::camel().reserve(&[UNKNOWN_VARIANT]);
            let mut variants: Vec<EnumVariant> = Vec::new();
            for value in values {
                if variants.iter().any(|v| v.value == value) {
                    continue;
                }
                variants.push(EnumVariant {
                    name: names.claim_name(naming::variant_name(&value)),
                    value,
                });
            }
            TypeKind::Enum { variants }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{run, Case};

    /// Schemas by kind.
    const CASES: &[Case] = &[
        Case {
            name: "primitives by type and format; nullable ones are Options",
            schemas: "
Kinds:
  type: object
  properties:
    s: {type: string, format: date-time}
    file: {type: string, format: binary}
    i: {type: integer, format: int32}
    l: {type: integer}
    f: {type: number, format: float}
    d: {type: number, nullable: true}
    b: {type: boolean}
    any: {}
    free: {type: object}
    untyped_list: {type: array}
",
            types: &[(
                "Kinds",
                "struct { s?: String, file?: File, i?: i32, l?: i64, f?: f32, \
                     d?: Option<f64>, b?: bool, any?: Json, free?: JsonObject, \
                     untyped_list?: Vec<Json> }",
            )],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "keywords without a type: inferred from what is present",
            schemas: "
Inferred:
  properties:
    tags:
      items: {type: string}
    mode:
      enum: [fast, slow, null]
    map:
      additionalProperties: {type: integer}
",
            types: &[
                (
                    "Inferred",
                    "struct { tags?: Vec<String>, mode?: InferredMode, map?: Map<i64> }",
                ),
                ("InferredMode", "enum { Fast, Slow }"),
            ],
            refs: &[],
            warnings: &[],
        },
        Case {
            name: "what cannot be typed is untyped JSON, with a warning",
            schemas: "
Loose:
  type: object
  properties:
    mixed:
      enum: [a, 1]
    negated:
      not: {type: string}
    strange:
      type: decimal
",
            types: &[(
                "Loose",
                "struct { mixed?: Json, negated?: Json, strange?: Json }",
            )],
            refs: &[],
            warnings: &[
                "enum mixes value types",
                "`not` schemas cannot be typed",
                "unknown type 'decimal'",
            ],
        },
    ];

    #[test]
    fn kind_cases() {
        run(CASES);
    }
}
