//! Request bodies: the media type used, how it is encoded, and the parts
//! of a multipart body as flags of their own.

use openapiv3::{ReferenceOr, RequestBody};

use super::media::{self, Media};
use super::OperationBuilder;
use crate::error::{pointer_token, Error};
use crate::model::help;
use crate::model::{
    resolve, Body, BodyKind, CliValue, Param, ParamLocation, ParamStyle, TypeKind, TypeRef,
};

impl<'a> OperationBuilder<'_, 'a> {
    /// The request body, if it has a media type; multipart parts claim
    /// their fields and flags beside the parameters'.
    pub(super) fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
    ) -> Result<Option<Body>, Error> {
        let at = format!("{}/requestBody", self.pointer);
        let body = resolve::request_body(self.spec, body, &at)?;
        let Some((media_type, content)) = media::pick(&body.content) else {
            return Ok(None);
        };
        let pointer = format!("{at}/content/{}/schema", pointer_token(media_type));
        let hint = self.hints.body();
        let media = Media::of(media_type);
        let kind = match media {
            Media::Json | Media::JsonLike => BodyKind::Json(match &content.schema {
                Some(schema) => self.types.convert(schema, &hint, &pointer),
                None => TypeRef::Json,
            }),
            Media::UrlEncoded => BodyKind::UrlEncoded(match &content.schema {
                Some(schema) => self.types.convert(schema, &hint, &pointer),
                None => TypeRef::JsonObject,
            }),
            Media::Multipart => {
                let mut parts = self.form_parts(content.schema.as_ref(), &pointer)?;
                for part in &mut parts {
                    part.content_type = content
                        .encoding
                        .get(&part.wire)
                        .and_then(|e| e.content_type.clone())
                        // One concrete type; a list or a wildcard leaves
                        // the type to the file's name.
                        .filter(|t| !t.trim().is_empty() && !t.contains([',', '*']));
                }
                BodyKind::Multipart(parts)
            }
            Media::Text => BodyKind::Text,
            Media::OctetStream => BodyKind::Bytes,
            Media::Other => {
                self.types.warn(
                    &pointer,
                    format!("request media type '{media_type}' is sent as raw bytes"),
                );
                BodyKind::Bytes
            }
        };
        let schema_doc = content.schema.as_ref().map(|s| self.docs.render(s));
        let closed = match (&kind, &content.schema) {
            (BodyKind::Json(_), Some(schema)) => {
                closed_fields(resolve::schema(self.spec, schema, &pointer)?)
            }
            _ => None,
        };
        let merged = self.merged(&kind);
        let (help, value_name) = help::body(&kind, merged);
        let (fields, string_paths, shape) = match &kind {
            BodyKind::Json(ty) | BodyKind::UrlEncoded(ty) if merged => (
                self.body_fields(ty, body.required),
                self.string_paths(ty),
                self.body_shape(ty, true),
            ),
            _ => (Vec::new(), Vec::new(), Default::default()),
        };
        let styles = form_styles(&kind, content);
        Ok(Some(Body {
            merged,
            styles,
            fields,
            string_paths,
            shape,
            schema_doc,
            media_type: media_type.clone(),
            kind,
            required: body.required,
            merge_patch: offers_merge_patch(&body.content),
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            pointer,
            help: help.to_string(),
            value_name: value_name.to_string(),
            closed,
        }))
    }

    /// Whether the CLI builds the body from `--body`, shorthand and field
    /// flags: a JSON body, or a form body of an object.
    fn merged(&self, kind: &BodyKind) -> bool {
        match kind {
            BodyKind::Json(_) => true,
            BodyKind::UrlEncoded(ty) => match ty.non_null() {
                TypeRef::Named(id) => matches!(
                    self.types.def(*id).map(|d| &d.kind),
                    Some(TypeKind::Struct { .. })
                ),
                _ => false,
            },
            _ => false,
        }
    }

    /// The properties of a multipart body, each one a flag; binary ones are files.
    fn form_parts(
        &mut self,
        schema: Option<&'a ReferenceOr<openapiv3::Schema>>,
        pointer: &str,
    ) -> Result<Vec<Param>, Error> {
        let Some(schema) = schema else {
            return Ok(Vec::new());
        };
        let schema = resolve::schema(self.spec, schema, pointer)?;
        let (properties, required) = match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(o)) => (&o.properties, &o.required),
            openapiv3::SchemaKind::Any(a) => (&a.properties, &a.required),
            _ => {
                self.types
                    .warn(pointer, "multipart body is not an object; it has no parts");
                return Ok(Vec::new());
            }
        };
        let mut parts = Vec::new();
        for (name, property) in properties {
            let at = format!("{pointer}/properties/{}", pointer_token(name));
            let ty = self
                .types
                .convert_boxed(property, &self.hints.input(name), &at);
            let doc = match property {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let (field, flag) = self.inputs.claim(name, ParamLocation::Form);
            let (help, long_help) = help::param(doc.as_deref(), None, false, false);
            parts.push(Param {
                wire: name.clone(),
                location: ParamLocation::Form,
                field,
                flag,
                required: required.contains(name),
                doc,
                help,
                long_help,
                default: None,
                idempotency_key: false,
                style: ParamStyle::Form,
                max_length: None,
                cli: self.cli_value(&ty),
                ty,
                content_type: None,
                deprecated: false,
                schema_doc: None,
                resource: None,
                example: None,
            });
        }
        Ok(parts)
    }
}

/// How deep [`OperationBuilder::string_paths`] looks into a body, and how
/// many paths it lists at most: enough for the nesting people type as
/// shorthand, bounded for the largest specs.
const STRING_PATH_DEPTH: usize = 6;
const MAX_STRING_PATHS: usize = 400;

impl OperationBuilder<'_, '_> {
    /// The top-level fields of a JSON object body that are flags of their
    /// own: scalars, enums and lists of those. Each claims its flag after
    /// the parameters, so a parameter keeps its name and the field gets
    /// `--body-<field>` (see `InputNames::claim_body_field`).
    fn body_fields(&mut self, ty: &TypeRef, body_required: bool) -> Vec<Param> {
        let TypeRef::Named(id) = ty.non_null() else {
            return Vec::new();
        };
        let Some(TypeKind::Struct { fields, .. }) = self.types.def(*id).map(|d| &d.kind) else {
            return Vec::new();
        };
        let mut flags = Vec::new();
        for field in fields.clone() {
            let cli = self.cli_value(&field.ty);
            let flat = match &cli {
                CliValue::List(item) => !matches!(**item, CliValue::Json | CliValue::File),
                CliValue::Json | CliValue::File => false,
                _ => true,
            };
            if !flat {
                continue;
            }
            let flag = self.inputs.claim_body_field(&field.wire);
            let (help, long_help) =
                help::param(field.doc.as_deref(), None, false, field.deprecated);
            flags.push(Param {
                field: crate::naming::RustName::field(&field.wire),
                flag,
                location: ParamLocation::BodyField,
                required: body_required && field.required,
                doc: field.doc.clone(),
                help,
                long_help,
                default: None,
                idempotency_key: false,
                style: ParamStyle::Form,
                max_length: None,
                cli,
                ty: field.ty.clone(),
                wire: field.wire,
                content_type: None,
                deprecated: field.deprecated,
                schema_doc: None,
                resource: None,
                example: None,
            });
        }
        flags
    }

    /// Where a JSON body of type `ty` holds strings, as shorthand paths:
    /// `a.b` for a field, `a[]` for a list's items, `a.*` for a map's
    /// values. Bounded in depth and number; a cycle of types stops there.
    fn string_paths(&self, ty: &TypeRef) -> Vec<String> {
        let mut paths = Vec::new();
        let mut pending = vec![(ty.clone(), String::new(), 0usize)];
        while let Some((ty, path, depth)) = pending.pop() {
            if paths.len() >= MAX_STRING_PATHS || depth > STRING_PATH_DEPTH {
                continue;
            }
            let join = |key: &str| match path.is_empty() {
                true => key.to_string(),
                false => format!("{path}.{key}"),
            };
            match ty.non_null() {
                TypeRef::String if !path.is_empty() => paths.push(path),
                TypeRef::Vec(item) => {
                    pending.push(((**item).clone(), format!("{path}[]"), depth + 1))
                }
                TypeRef::Map(value) => pending.push(((**value).clone(), join("*"), depth + 1)),
                TypeRef::Named(id) => match self.types.def(*id).map(|d| &d.kind) {
                    Some(TypeKind::Enum { .. }) if !path.is_empty() => paths.push(path),
                    Some(TypeKind::Alias(inner)) => pending.push((inner.clone(), path, depth + 1)),
                    Some(TypeKind::Struct {
                        fields, additional, ..
                    }) => {
                        for field in fields.iter().rev() {
                            pending.push((field.ty.clone(), join(&field.wire), depth + 1));
                        }
                        if let Some(additional) = additional {
                            pending.push((additional.clone(), join("*"), depth + 1));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        paths.sort();
        paths.dedup();
        paths
    }
}

/// Whether `application/merge-patch+json` (RFC 7386) is among the media
/// types offered.
fn offers_merge_patch(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> bool {
    content.keys().any(|m| {
        let essence = m.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/merge-patch+json")
    })
}

/// The properties of an object schema that allows no others
/// (`additionalProperties: false`), in the spec's order.
fn closed_fields(schema: &openapiv3::Schema) -> Option<Vec<String>> {
    let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    match object.additional_properties {
        Some(openapiv3::AdditionalProperties::Any(false)) => {
            Some(object.properties.keys().cloned().collect())
        }
        _ => None,
    }
}

/// A form field's own style (Stripe's `deepObject`), where the spec's
/// `encoding` gives one other than the default.
fn form_styles(kind: &BodyKind, content: &openapiv3::MediaType) -> Vec<(String, ParamStyle)> {
    if !matches!(kind, BodyKind::UrlEncoded(_)) {
        return Vec::new();
    }
    content
        .encoding
        .iter()
        .filter_map(|(field, encoding)| {
            let style = encoding.style.as_ref()?;
            // `load` made a form style's missing `explode` true.
            let style = super::params::query_style(style, encoding.explode);
            (style != ParamStyle::Form).then(|| (field.clone(), style))
        })
        .collect()
}
