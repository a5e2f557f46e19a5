//! Parameters: path-level and operation ones merged, path ones in template
//! order, each with its type, CLI form, default and style.

use openapiv3::{Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem};

use super::OperationBuilder;
use crate::error::Error;
use crate::model::help;
use crate::model::{
    resolve, CliValue, Param, ParamId, ParamLocation, ParamStyle, PathPart, TypeKind, TypeRef,
};

/// Headers the HTTP layer sets itself; parameters declaring them are ignored.
const TRANSPORT_HEADERS: &[&str] = &["authorization", "content-type", "accept"];

/// How many aliases deep a parameter's type is followed to find its
/// command-line form; deeper (or self-referring) types are taken as JSON.
const MAX_ALIAS_DEPTH: usize = 16;

/// A declared parameter and its JSON pointer.
type Declared<'a> = (&'a Parameter, String);

impl<'a> OperationBuilder<'_, 'a> {
    /// Path-level and operation parameters (the operation's win), path ones
    /// first in path order, and the path split at its parameters.
    pub(super) fn params(
        &mut self,
        path: &str,
        item: &'a PathItem,
        op: &'a SpecOperation,
    ) -> Result<(Vec<Param>, Vec<PathPart>), Error> {
        let declared = self.declared(item, op)?;
        let (mut params, parts) = self.path_params(path, &declared)?;
        for (param, at) in &declared {
            if !self.skipped(param) {
                params.push(self.param(param, at)?);
            }
        }
        Ok((params, parts))
    }

    /// The parameters in force: an operation's parameter replaces a
    /// path-level one of the same name and location.
    fn declared(
        &self,
        item: &'a PathItem,
        op: &'a SpecOperation,
    ) -> Result<Vec<Declared<'a>>, Error> {
        let mut declared: Vec<Declared<'a>> = Vec::new();
        let path_pointer = self
            .pointer
            .rsplit_once('/')
            .map(|(p, _)| p)
            .unwrap_or(self.pointer);
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
            .chain(
                op.parameters
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (p, format!("{}/parameters/{i}", self.pointer))),
            );
        for (param, at) in sources {
            let param = resolve::parameter(self.spec, param, &at)?;
            let data = param.parameter_data_ref();
            let at_location = location(param);
            declared.retain(|(p, _)| {
                !(p.parameter_data_ref().name == data.name && location(p) == at_location)
            });
            declared.push((param, at));
        }
        Ok(declared)
    }

    /// The values a declared `Accept` header parameter allows (its enum,
    /// else its default), when the operation declares one: the HTTP layer
    /// sets the header itself, to one of these ([`super::accept`]).
    pub(super) fn declared_accept(
        &self,
        item: &'a PathItem,
        op: &'a SpecOperation,
    ) -> Result<Option<Vec<String>>, Error> {
        let declared = self.declared(item, op)?;
        let Some((param, at)) = declared.iter().find(|(p, _)| {
            location(p) == ParamLocation::Header
                && p.parameter_data_ref().name.eq_ignore_ascii_case("accept")
        }) else {
            return Ok(None);
        };
        let ParameterSchemaOrContent::Schema(schema) = &param.parameter_data_ref().format else {
            return Ok(Some(Vec::new()));
        };
        let Ok(schema) = resolve::schema(self.spec, schema, at) else {
            return Ok(Some(Vec::new()));
        };
        let mut values: Vec<String> = match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) => {
                s.enumeration.iter().flatten().cloned().collect()
            }
            _ => Vec::new(),
        };
        if values.is_empty() {
            values.extend(schema.schema_data.default.as_ref().map(display_value));
        }
        Ok(Some(values))
    }

    /// The path parameters in the order the template uses them, and the
    /// template split into literal text and parameters.
    fn path_params(
        &mut self,
        path: &str,
        declared: &[Declared<'a>],
    ) -> Result<(Vec<Param>, Vec<PathPart>), Error> {
        let mut params = Vec::new();
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            let found = declared.iter().find(|(p, _)| {
                location(p) == ParamLocation::Path && p.parameter_data_ref().name == name
            });
            let param = match found {
                Some((param, at)) => self.param(param, at)?,
                None => {
                    // Undeclared: taken as a required string, as servers would read it.
                    self.types.warn(
                        self.pointer,
                        format!("path parameter '{name}' is not declared; taken as a string"),
                    );
                    self.undeclared_path_param(name)
                }
            };
            parts.push(PathPart::Param(ParamId(params.len())));
            params.push(param);
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Ok((params, parts))
    }

    /// Whether a declared parameter is not one of the request's own: a path
    /// parameter (taken in template order), a header the HTTP layer sets,
    /// or a client-wide header.
    fn skipped(&self, param: &Parameter) -> bool {
        let name = &param.parameter_data_ref().name;
        match location(param) {
            ParamLocation::Path => true,
            ParamLocation::Header => {
                TRANSPORT_HEADERS.contains(&name.to_ascii_lowercase().as_str())
                    || self
                        .client_headers
                        .iter()
                        .any(|h| h.eq_ignore_ascii_case(name))
            }
            _ => false,
        }
    }

    /// A declared parameter, complete: type, names, help. A path parameter
    /// is required whatever the spec says (the path needs it).
    fn param(&mut self, param: &'a Parameter, at: &str) -> Result<Param, Error> {
        let data = param.parameter_data_ref();
        let location = location(param);
        let hint = self.hints.input(&data.name);
        let (ty, default, max_length, schema_doc) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let ty = self.types.convert(schema, &hint, &format!("{at}/schema"));
                let resolved = resolve::schema(self.spec, schema, at).ok();
                let default = resolved
                    .and_then(|s| s.schema_data.default.as_ref())
                    .map(display_value);
                let max_length = match resolved.map(|s| &s.schema_kind) {
                    Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(s))) => s.max_length,
                    _ => None,
                };
                let constraints = resolved.and_then(constraints);
                (ty, default, max_length, constraints)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.types
                    .warn(at, "parameter with `content` taken as a JSON string");
                (TypeRef::Json, None, None, None)
            }
        };
        let required = data.required || location == ParamLocation::Path;
        let idempotency_key =
            location == ParamLocation::Header && data.name.eq_ignore_ascii_case("idempotency-key");
        let doc = data.description.clone().filter(|d| !d.trim().is_empty());
        let (help, long_help) = help::param(
            doc.as_deref(),
            default.as_deref(),
            idempotency_key && required,
            data.deprecated == Some(true),
        );
        let (field, flag) = self.inputs.claim(&data.name, location);
        Ok(Param {
            deprecated: data.deprecated == Some(true),
            example: self.example(data, at),
            schema_doc,
            resource: None,
            style: style(param),
            max_length,
            wire: data.name.clone(),
            location,
            field,
            flag,
            required,
            doc,
            help,
            long_help,
            default,
            idempotency_key,
            cli: self.cli_value(&ty),
            ty,
            content_type: None,
        })
    }

    /// The parameter's example (`example`, the first of `examples`), else
    /// its schema's, as the command line spells it.
    fn example(&self, data: &openapiv3::ParameterData, at: &str) -> Option<String> {
        let named = data.examples.values().find_map(|e| match e {
            openapiv3::ReferenceOr::Item(example) => example.value.as_ref(),
            openapiv3::ReferenceOr::Reference { .. } => None,
        });
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => resolve::schema(self.spec, schema, at).ok(),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let value = data
            .example
            .as_ref()
            .or(named)
            .or_else(|| schema?.schema_data.example.as_ref())?;
        match value {
            serde_json::Value::Array(_)
            | serde_json::Value::Object(_)
            | serde_json::Value::Null => None,
            scalar => Some(display_value(scalar)),
        }
    }

    /// How the CLI parses a value of `ty`.
    pub(super) fn cli_value(&self, ty: &TypeRef) -> CliValue {
        self.cli_value_within(ty, MAX_ALIAS_DEPTH)
    }

    /// `depth` bounds how many aliases are followed: an alias may name
    /// itself (`Alpha: {type: array, items: {$ref: Alpha}}`).
    fn cli_value_within(&self, ty: &TypeRef, depth: usize) -> CliValue {
        let Some(depth) = depth.checked_sub(1) else {
            return CliValue::Json;
        };
        match ty.non_null() {
            TypeRef::Bool => CliValue::Bool,
            t @ (TypeRef::String | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64) => {
                CliValue::Scalar(t.clone())
            }
            TypeRef::File => CliValue::File,
            TypeRef::Vec(inner) => match self.cli_value_within(inner, depth) {
                item @ (CliValue::Scalar(_) | CliValue::Enum { .. } | CliValue::Bool) => {
                    CliValue::List(Box::new(item))
                }
                _ => CliValue::Json,
            },
            TypeRef::Named(index) => match self.types.def(*index).map(|d| &d.kind) {
                Some(TypeKind::Enum { variants }) => CliValue::Enum {
                    ty: *index,
                    values: variants.iter().map(|v| v.value.clone()).collect(),
                },
                Some(TypeKind::Alias(inner)) if !matches!(inner, TypeRef::Named(_)) => {
                    match self.cli_value_within(inner, depth) {
                        CliValue::Scalar(t) => CliValue::Scalar(t),
                        CliValue::Bool => CliValue::Bool,
                        _ => CliValue::Json,
                    }
                }
                _ => CliValue::Json,
            },
            _ => CliValue::Json,
        }
    }
}

impl OperationBuilder<'_, '_> {
    /// A path parameter the template uses but nothing declares.
    fn undeclared_path_param(&mut self, name: &str) -> Param {
        let (field, flag) = self.inputs.claim(name, ParamLocation::Path);
        Param {
            field,
            flag,
            wire: name.to_string(),
            location: ParamLocation::Path,
            ty: TypeRef::String,
            required: true,
            doc: None,
            help: String::new(),
            long_help: String::new(),
            default: None,
            cli: CliValue::Scalar(TypeRef::String),
            idempotency_key: false,
            style: ParamStyle::Form,
            max_length: None,
            content_type: None,
            deprecated: false,
            schema_doc: None,
            resource: None,
            example: None,
        }
    }
}

/// What the diff compares of a parameter's schema besides its type: its
/// bounds, pattern, format and the like, without its enum values or
/// description (which may be long, and are not compared there).
fn constraints(schema: &openapiv3::Schema) -> Option<std::rc::Rc<serde_json::Value>> {
    const KEPT: [&str; 14] = [
        "type",
        "format",
        "nullable",
        "readOnly",
        "writeOnly",
        "minimum",
        "exclusiveMinimum",
        "maximum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
    ];
    let serde_json::Value::Object(mut map) = serde_json::to_value(schema).ok()? else {
        return None;
    };
    map.retain(|key, _| KEPT.contains(&key.as_str()));
    Some(std::rc::Rc::new(serde_json::Value::Object(map)))
}

/// How a query value is spelled (`style` and `explode`, with their defaults).
fn style(param: &Parameter) -> ParamStyle {
    let explode = param.parameter_data_ref().explode.unwrap_or(false);
    match param {
        Parameter::Path {
            style: openapiv3::PathStyle::Label,
            ..
        } => return ParamStyle::Label { explode },
        Parameter::Path {
            style: openapiv3::PathStyle::Matrix,
            ..
        } => return ParamStyle::Matrix { explode },
        _ => {}
    }
    let Parameter::Query { style, .. } = param else {
        return ParamStyle::Form;
    };
    let explode = param
        .parameter_data_ref()
        .explode
        .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
    query_style(style, explode)
}

/// The spelling of a `style` with `explode`.
pub(super) fn query_style(style: &openapiv3::QueryStyle, explode: bool) -> ParamStyle {
    match style {
        openapiv3::QueryStyle::Form if explode => ParamStyle::Form,
        openapiv3::QueryStyle::Form => ParamStyle::FormJoined,
        openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
        openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
    }
}

pub(super) fn location(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// A default value as users read it: strings bare, everything else as JSON.
fn display_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
