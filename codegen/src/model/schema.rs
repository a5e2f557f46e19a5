//! The type space: every schema an operation uses becomes one [`TypeDef`]
//! (or a primitive [`TypeRef`]) before any code is printed.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::resolve::{self, component_name, unescape_token};
use super::{EnumVariant, Field, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::error::{pointer_token, Warning};
use crate::naming::{self, Namespace};

/// Schemas nested deeper than this are taken as untyped JSON.
const MAX_DEPTH: usize = 64;

/// Inline schemas converted in all; past this (a spec whose inline schemas
/// multiply), the rest are untyped JSON, so generation always ends.
const MAX_SCHEMA_VISITS: usize = 1_000_000;

/// The name a string enum's catch-all variant takes; no known value may use it.
pub const UNKNOWN_VARIANT: &str = "UnknownValue";

/// Converts schemas to types, naming each one once.
pub struct TypeSpace<'a> {
    spec: &'a OpenAPI,
    defs: Vec<Option<TypeDef>>,
    /// Component schema name → its type, once converted (or being converted).
    components: BTreeMap<String, TypeRef>,
    /// Component schema name → the Rust name reserved for it.
    reserved: BTreeMap<String, String>,
    names: Namespace,
    warnings: Vec<Warning>,
    /// The first inconsistency found (a dangling `$ref`); generation fails with it.
    error: Option<crate::error::Error>,
    depth: usize,
    visited: usize,
}

/// Properties gathered from an object schema or an `allOf` of them.
#[derive(Default)]
struct ObjectParts<'a> {
    properties: IndexMap<String, (&'a ReferenceOr<Box<Schema>>, String)>,
    required: Vec<String>,
    additional: Option<(&'a AdditionalProperties, String)>,
}

impl<'a> TypeSpace<'a> {
    /// A type space for `spec`, with the names of all component schemas
    /// reserved up front so inline types can never take them.
    pub fn new(spec: &'a OpenAPI) -> Self {
        let mut names = Namespace::camel();
        let mut reserved = BTreeMap::new();
        if let Some(components) = &spec.components {
            for name in components.schemas.keys() {
                reserved.insert(name.clone(), names.claim(naming::type_name(name)));
            }
        }
        TypeSpace {
            spec,
            defs: Vec::new(),
            components: BTreeMap::new(),
            reserved,
            names,
            warnings: Vec::new(),
            error: None,
            depth: 0,
            visited: 0,
        }
    }

    /// The finished types, in creation order (indices of [`TypeRef::Named`]),
    /// and warnings; or the first inconsistency found.
    pub fn finish(self) -> Result<(Vec<TypeDef>, Vec<Warning>), crate::error::Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut defs: Vec<TypeDef> = self
            .defs
            .into_iter()
            .enumerate()
            .map(|(i, def)| {
                def.unwrap_or_else(|| TypeDef {
                    name: format!("Unresolved{i}"),
                    doc: None,
                    pointer: String::new(),
                    kind: TypeKind::Alias(TypeRef::Json),
                    input: false,
                    body_parser: false,
                })
            })
            .collect();
        mark_boxes(&mut defs);
        Ok((defs, self.warnings))
    }

    /// Records a place where the spec could not be typed precisely.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// Records an inconsistency; generation goes on to the end of the model
    /// and then fails with the first one.
    fn fail(&mut self, pointer: &str, message: String) {
        if self.error.is_none() {
            self.error = Some(crate::error::Error::Invalid {
                pointer: pointer.to_string(),
                message,
            });
        }
    }

    /// The type for `schema`, found at `pointer`; inline types are named from `hint`.
    pub fn convert(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer, None),
        }
    }

    /// [`Self::convert`] for the boxed schemas of properties and items.
    pub fn convert_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.schema(schema, hint, pointer, None),
        }
    }

    /// Claims a type-level name for something other than a schema (operation structs).
    pub fn claim_name(&mut self, raw: &str) -> String {
        self.names.claim(naming::type_name(raw))
    }

    /// Looks up a type by index (for the model's own decisions).
    pub fn def(&self, index: usize) -> Option<&TypeDef> {
        self.defs.get(index).and_then(Option::as_ref)
    }

    fn reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        if let Some(inner) = reference.strip_prefix("#/components/schemas/") {
            if let Some((component, path)) = inner.split_once('/') {
                return self.deep_reference(reference, component, path, pointer);
            }
        }
        let Some(name) = component_name(reference, "schemas") else {
            if reference.starts_with('#') {
                self.fail(
                    pointer,
                    format!("$ref '{reference}' does not point into #/components/schemas"),
                );
            } else {
                self.warn(
                    pointer,
                    format!("external $ref '{reference}' is not followed; using untyped JSON"),
                );
            }
            return TypeRef::Json;
        };
        if let Some(ty) = self.components.get(&name) {
            return ty.clone();
        }
        let Some(schema) = self.component_schema(&name) else {
            self.fail(pointer, format!("$ref '{reference}' not found"));
            return TypeRef::Json;
        };
        let slot = self.defs.len();
        self.defs.push(None);
        self.components.insert(name.clone(), TypeRef::Named(slot));
        let component_pointer = format!("#/components/schemas/{}", pointer_token(&name));
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, &component_pointer),
            ReferenceOr::Item(schema) => self.schema(schema, &name, &component_pointer, Some(slot)),
        };
        if self.defs[slot].is_none() {
            let rust_name = self
                .reserved
                .get(&name)
                .cloned()
                .unwrap_or_else(|| self.names.claim(naming::type_name(&name)));
            let doc = match schema {
                ReferenceOr::Item(s) => description(s),
                ReferenceOr::Reference { .. } => None,
            };
            self.defs[slot] = Some(TypeDef {
                name: rust_name,
                doc,
                pointer: component_pointer,
                kind: TypeKind::Alias(ty.non_null().clone()),
                input: false,
                body_parser: false,
            });
        }
        let result = match ty {
            TypeRef::Option(_) => TypeRef::Option(Box::new(TypeRef::Named(slot))),
            _ => TypeRef::Named(slot),
        };
        self.components.insert(name, result.clone());
        result
    }

    /// The schema of `#/components/schemas/<name>`.
    fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec.components.as_ref()?.schemas.get(name)
    }

    /// A `$ref` into a component's insides (`#/components/schemas/A/properties/b`).
    fn deep_reference(
        &mut self,
        reference: &str,
        component: &str,
        path: &str,
        pointer: &str,
    ) -> TypeRef {
        if let Some(ty) = self.components.get(reference) {
            return ty.clone();
        }
        let component = unescape_token(component);
        let Some(root) = self.component_schema(&component) else {
            self.fail(pointer, format!("$ref '{reference}' not found"));
            return TypeRef::Json;
        };
        let tokens: Vec<String> = path.split('/').map(unescape_token).collect();
        let Some(target) = walk(self.spec, root, &tokens) else {
            self.warn(
                pointer,
                format!("$ref '{reference}' points where no schema is typed; using untyped JSON"),
            );
            return TypeRef::Json;
        };
        // A placeholder first, so a schema that refers to itself ends.
        self.components.insert(reference.to_string(), TypeRef::Json);
        let hint = format!(
            "{component} {}",
            tokens.last().map(String::as_str).unwrap_or("Item")
        );
        let ty = self.schema(target, &hint, reference, None);
        self.components.insert(reference.to_string(), ty.clone());
        ty
    }

    /// Converts an inline schema. `slot` is the reserved index when the
    /// schema is a component's own, so its type takes the component's name.
    fn schema(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
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

    fn schema_kind(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
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
                let mut parts = ObjectParts::default();
                parts.add_object(
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
        slot: Option<usize>,
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
                let mut parts = ObjectParts::default();
                parts.add_object(
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

    fn array(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> TypeRef {
        let item = match items {
            Some(items) => {
                self.convert_boxed(items, &format!("{hint} Item"), &format!("{pointer}/items"))
            }
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    /// Claims a type slot: the component's reserved one, or a new inline name.
    fn claim_slot(&mut self, slot: Option<usize>) -> usize {
        match slot {
            Some(slot) => slot,
            None => {
                self.defs.push(None);
                self.defs.len() - 1
            }
        }
    }

    fn slot_name(&mut self, hint: &str, slot: Option<usize>) -> String {
        if slot.is_some() {
            if let Some(name) = self.reserved.get(hint) {
                return name.clone();
            }
        }
        self.names.claim(naming::type_name(hint))
    }

    fn define(
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

    fn string_enum(
        &mut self,
        values: Vec<String>,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
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
                    name: names.claim(naming::variant_name(&value)),
                    value,
                });
            }
            TypeKind::Enum { variants }
        })
    }

    fn object(
        &mut self,
        parts: ObjectParts<'a>,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
        doc: Option<String>,
    ) -> TypeRef {
        let additional = match parts.additional {
            Some((AdditionalProperties::Schema(schema), at)) => {
                Some(self.convert(schema, &format!("{hint} Value"), &at))
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
                let ty = space.convert_boxed(schema, &format!("{name} {wire}"), at);
                let doc = match schema {
                    ReferenceOr::Item(s) => description(s),
                    ReferenceOr::Reference { .. } => None,
                };
                fields.push(Field {
                    name: field_names.claim(naming::snake(wire)),
                    wire: wire.clone(),
                    ty,
                    required: parts.required.contains(wire),
                    boxed: false,
                    doc,
                });
            }
            if additional.is_some() {
                // The map of other properties is a field too; nothing else may take its name.
                let taken = fields
                    .iter()
                    .position(|f| f.name == "additional_properties");
                if let Some(index) = taken {
                    fields[index].name = field_names.claim("additional_properties".to_string());
                }
            }
            TypeKind::Struct { fields, additional }
        })
    }

    fn all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
        doc: Option<String>,
    ) -> TypeRef {
        // Parts that only annotate (`{description: ...}`) add no shape.
        let shaped: Vec<(usize, &'a ReferenceOr<Schema>)> = all_of
            .iter()
            .enumerate()
            .filter(|(_, part)| !matches!(part, ReferenceOr::Item(s) if is_annotation(s)))
            .collect();
        let nullable = all_of
            .iter()
            .any(|part| matches!(part, ReferenceOr::Item(s) if s.schema_data.nullable));
        if let [(i, only)] = shaped.as_slice() {
            // `allOf: [$ref, {description}]` and wrappers of one schema are that schema.
            let ty = self.convert(only, hint, &format!("{pointer}/allOf/{i}"));
            return match ty {
                TypeRef::Option(_) => ty,
                ty if nullable => TypeRef::Option(Box::new(ty)),
                ty => ty,
            };
        }
        if shaped.is_empty() {
            return TypeRef::Json;
        }
        let mut parts = ObjectParts::default();
        for (i, part) in shaped {
            let at = format!("{pointer}/allOf/{i}");
            if !self.collect(part, &at, &mut parts, 0) {
                self.warn(
                    &at,
                    "allOf part is not an object; using untyped JSON for the whole",
                );
                return TypeRef::Json;
            }
        }
        self.object(parts, hint, pointer, slot, doc)
    }

    /// Adds an object-like schema's properties to `parts`; false if it is not object-like.
    fn collect(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (schema, pointer) = match schema {
            ReferenceOr::Item(s) => (s, pointer.to_string()),
            ReferenceOr::Reference { reference } => {
                let Ok(s) = resolve::schema(self.spec, schema, pointer) else {
                    return false;
                };
                let name = component_name(reference, "schemas").unwrap_or_default();
                (s, format!("#/components/schemas/{}", pointer_token(&name)))
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                parts.add_object(
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    &pointer,
                );
                true
            }
            SchemaKind::AllOf { all_of } => all_of.iter().enumerate().all(|(i, part)| {
                self.collect(part, &format!("{pointer}/allOf/{i}"), parts, depth + 1)
            }),
            SchemaKind::Any(any)
                if any.typ.as_deref().is_none_or(|t| t == "object")
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.items.is_none()
                    && any.enumeration.is_empty() =>
            {
                parts.add_object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &pointer,
                );
                any.all_of.iter().enumerate().all(|(i, part)| {
                    self.collect(part, &format!("{pointer}/allOf/{i}"), parts, depth + 1)
                })
            }
            _ => false,
        }
    }

    fn union(
        &mut self,
        options: &'a [ReferenceOr<Schema>],
        keyword: &str,
        hint: &str,
        pointer: &str,
        slot: Option<usize>,
        doc: Option<String>,
    ) -> TypeRef {
        if let [only] = options {
            return self.convert(only, hint, &format!("{pointer}/{keyword}/0"));
        }
        let name = self.slot_name(hint, slot);
        let index = self.claim_slot(slot);
        // Reserve the slot before converting variants, which may refer back to it.
        self.defs[index] = Some(TypeDef {
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
            let ty = self.convert(option, &format!("{name} Variant{i}"), &at);
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let variant = match (option, &ty) {
                (ReferenceOr::Reference { reference }, _) => {
                    naming::type_name(&component_name(reference, "schemas").unwrap_or_default())
                }
                (_, TypeRef::Named(j)) => self.def(*j).map(|d| d.name.clone()).unwrap_or_default(),
                (_, other) => primitive_label(other).to_string(),
            };
            variants.push(UnionVariant {
                name: names.claim(variant),
                ty,
                boxed: false,
            });
        }
        self.defs[index] = Some(TypeDef {
            name,
            doc,
            pointer: pointer.to_string(),
            kind: TypeKind::Union { variants },
            input: false,
            body_parser: false,
        });
        TypeRef::Named(index)
    }
}

impl<'a> ObjectParts<'a> {
    fn add_object(
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

/// The schema at `tokens` below `root` (properties, items, allOf...), if any.
fn walk<'a>(
    spec: &'a OpenAPI,
    root: &'a ReferenceOr<Schema>,
    tokens: &[String],
) -> Option<&'a Schema> {
    let mut current: &'a Schema = resolve::schema(spec, root, "").ok()?;
    let mut rest = tokens;
    while let [first, tail @ ..] = rest {
        let (next, used): (&'a ReferenceOr<Box<Schema>>, usize) =
            match (first.as_str(), &current.schema_kind, tail) {
                ("properties", SchemaKind::Type(Type::Object(o)), [name, ..]) => {
                    (o.properties.get(name)?, 2)
                }
                ("properties", SchemaKind::Any(a), [name, ..]) => (a.properties.get(name)?, 2),
                ("items", SchemaKind::Type(Type::Array(a)), _) => (a.items.as_ref()?, 1),
                ("items", SchemaKind::Any(a), _) => (a.items.as_ref()?, 1),
                ("additionalProperties", SchemaKind::Type(Type::Object(o)), _) => {
                    match o.additional_properties.as_ref()? {
                        AdditionalProperties::Schema(schema) => {
                            current = resolve::schema(spec, schema, "").ok()?;
                            rest = tail;
                            continue;
                        }
                        AdditionalProperties::Any(_) => return None,
                    }
                }
                (keyword @ ("allOf" | "oneOf" | "anyOf"), kind, [index, ..]) => {
                    let list = match (keyword, kind) {
                        ("allOf", SchemaKind::AllOf { all_of }) => all_of,
                        ("oneOf", SchemaKind::OneOf { one_of }) => one_of,
                        ("anyOf", SchemaKind::AnyOf { any_of }) => any_of,
                        ("allOf", SchemaKind::Any(a)) => &a.all_of,
                        ("oneOf", SchemaKind::Any(a)) => &a.one_of,
                        ("anyOf", SchemaKind::Any(a)) => &a.any_of,
                        _ => return None,
                    };
                    current =
                        resolve::schema(spec, list.get(index.parse::<usize>().ok()?)?, "").ok()?;
                    rest = &tail[1..];
                    continue;
                }
                _ => return None,
            };
        current = match next {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, "schemas")?;
                resolve::schema(spec, spec.components.as_ref()?.schemas.get(&name)?, "").ok()?
            }
        };
        rest = &rest[used..];
    }
    Some(current)
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

/// Whether a schema only annotates (description, title, example...) and
/// constrains no shape.
fn is_annotation(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.format.is_none()
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && any.not.is_none()
        }
        _ => false,
    }
}

/// The description of a schema, falling back to its title.
fn description(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|d| !d.trim().is_empty())
}

/// The named type a field holds inline (not behind a `Vec` or map, which
/// already add indirection), if any.
fn direct_target(ty: &TypeRef) -> Option<usize> {
    match ty.non_null() {
        TypeRef::Named(i) => Some(*i),
        _ => None,
    }
}

/// Boxes the fields and variants that would otherwise make a type infinitely large.
fn mark_boxes(defs: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().filter_map(|f| direct_target(&f.ty)).collect()
            }
            TypeKind::Union { variants } => variants
                .iter()
                .filter_map(|v| direct_target(&v.ty))
                .collect(),
            TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
            TypeKind::Enum { .. } => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
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
    };
    for (index, def) in defs.iter_mut().enumerate() {
        let mut boxes: Vec<usize> = Vec::new();
        match &def.kind {
            TypeKind::Struct { fields, .. } => {
                for (k, f) in fields.iter().enumerate() {
                    if direct_target(&f.ty).is_some_and(|t| reaches(t, index)) {
                        boxes.push(k);
                    }
                }
            }
            TypeKind::Union { variants } => {
                for (k, v) in variants.iter().enumerate() {
                    if direct_target(&v.ty).is_some_and(|t| reaches(t, index)) {
                        boxes.push(k);
                    }
                }
            }
            _ => {}
        }
        match &mut def.kind {
            TypeKind::Struct { fields, .. } => boxes.iter().for_each(|&k| fields[k].boxed = true),
            TypeKind::Union { variants } => boxes.iter().for_each(|&k| variants[k].boxed = true),
            _ => {}
        }
    }
}
