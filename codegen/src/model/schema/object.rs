//! Object schemas become structs: their properties gathered (from one
//! schema, or several merged by `allOf`) and then typed as fields.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::{description, Slot, TypeSpace};
use crate::error::pointer_token;
use crate::model::{Field, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// Properties gathered from an object schema or an `allOf` of them.
#[derive(Default)]
pub(super) struct ObjectParts<'a> {
    /// Each property's schema and pointer, in the order first seen; a
    /// property seen again keeps its first schema.
    properties: IndexMap<String, (&'a ReferenceOr<Box<Schema>>, String)>,
    /// Required property names, without repeats.
    required: Vec<String>,
    /// The first `additionalProperties` seen, with its pointer.
    additional: Option<(&'a AdditionalProperties, String)>,
}

impl<'a> ObjectParts<'a> {
    /// The parts of one object schema, found at `pointer`.
    pub(super) fn of(
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
    ) -> Self {
        let mut parts = ObjectParts::default();
        parts.add_object(properties, required, additional, pointer);
        parts
    }

    /// Adds one object schema's keywords, found at `pointer`.
    pub(super) fn add_object(
        &mut self,
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
    ) {
        for (name, schema) in properties {
            let at = format!("{pointer}/properties/{}", pointer_token(name));
            self.properties.entry(name.clone()).or_insert((schema, at));
        }
        for name in required {
            if !self.required.contains(name) {
                self.required.push(name.clone());
            }
        }
        if let Some(additional) = additional {
            if self.additional.is_none() {
                self.additional = Some((additional, format!("{pointer}/additionalProperties")));
            }
        }
    }
}

impl<'a> TypeSpace<'a> {
    /// A struct of `parts`, or a map (or untyped object) when there are no properties.
    pub(super) fn object(
        &mut self,
        parts: ObjectParts<'a>,
        hint: &str,
        pointer: &str,
        slot: Slot,
        doc: Option<String>,
    ) -> TypeRef {
        // No `additionalProperties`: JSON Schema allows any other field.
        let open = parts.additional.is_none();
        let additional = match parts.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.convert(schema, &naming::hint::map_value(hint), &at))
            }
            Some((AdditionalProperties::Any(true), _)) => Some(TypeRef::Json),
            _ => None,
        };
        if parts.properties.is_empty() {
            let ty = match additional {
                Some(TypeRef::Json) | None => TypeRef::JsonObject,
                Some(value) => TypeRef::Map(Box::new(value)),
            };
            return ty;
        }
        self.define(hint, pointer, slot, doc, |space, name| {
            // `new` is the constructor of a type callers build.
            let mut field_names = Namespace::snake().reserve(&["new"]);
            let mut fields = Vec::new();
            for (wire, (schema, at)) in &parts.properties {
                let ty = space.convert_boxed(schema, &naming::hint::property(name, wire), at);
                let doc = match schema {
                    ReferenceOr::Item(s) => description(s),
                    ReferenceOr::Reference { .. } => None,
                };
                let deprecated = matches!(schema, ReferenceOr::Item(s) if s.schema_data.deprecated);
                fields.push(Field {
                    deprecated,
                    name: field_names.claim_name(naming::snake(wire)),
                    wire: wire.clone(),
                    ty,
                    required: parts.required.contains(wire),
                    boxed: false,
                    doc,
                    format: checked_format(schema),
                });
            }
            if additional.is_some() || open {
                // The map of other properties is a field too (of an open
                // struct callers send: see `roles`); nothing else may take its name.
                let taken = fields
                    .iter()
                    .position(|f| f.name == "additional_properties");
                if let Some(index) = taken {
                    fields[index].name =
                        field_names.claim_name("additional_properties".to_string());
                }
            }
            TypeKind::Struct {
                fields,
                additional,
                open,
            }
        })
    }
}

/// The formats the command line checks a string of (RFC 3339 times, email
/// addresses, UUIDs, URIs); others are the API's to judge.
const CHECKED_FORMATS: &[&str] = &["date-time", "date", "email", "uuid", "uri"];

/// The checked format of an inline string schema, or of its list's items.
fn checked_format(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    let schema = match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match a.items.as_ref()? {
            ReferenceOr::Item(items) => items,
            ReferenceOr::Reference { .. } => return None,
        },
        _ => schema,
    };
    let format = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
            VariantOrUnknownOrEmpty::Unknown(other) => other.as_str(),
            _ => return None,
        },
        _ => return None,
    };
    CHECKED_FORMATS
        .contains(&format)
        .then(|| format.to_string())
}
