//! Operations: parameters, bodies, responses and every name they need.

use openapiv3::{
    OpenAPI, Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, SecurityScheme, StatusCode,
};

use super::reserved::{
    client_header_setters, RESERVED_COMMANDS, RESERVED_FIELDS, RESERVED_FLAGS, RESERVED_METHODS,
};
use super::resolve;
use super::schema::TypeSpace;
use super::schema_doc::SchemaDocs;
use super::{
    Api, Body, BodyKind, CliValue, Method, Operation, Param, ParamLocation, ParamStyle, PathPart,
    Response, ResponseBody, Status, Tag, TypeKind, TypeRef,
};
use crate::error::{pointer_token, Error};
use crate::naming::{self, Namespace};
use crate::text;

/// The group (and docs folder) of operations without tags.
pub const UNTAGGED: &str = "other";

/// Headers the HTTP layer sets itself; parameters declaring them are ignored.
const TRANSPORT_HEADERS: &[&str] = &["authorization", "content-type", "accept"];

/// Builds the model of `spec`.
pub fn build(spec: &OpenAPI, config: &crate::Config) -> Result<Api, Error> {
    let mut types = TypeSpace::new(spec);
    let mut docs = SchemaDocs::new(spec);
    let client_headers = client_headers(spec);
    let mut found = Vec::new();
    for (path, item) in &spec.paths.paths {
        let pointer = format!("#/paths/{}", pointer_token(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::Invalid {
                    pointer,
                    message: format!(
                        "path item $ref '{reference}' is not supported; inline the path"
                    ),
                })
            }
        };
        for (method, op) in methods(item) {
            found.push((
                path.as_str(),
                method,
                op,
                item,
                format!("{pointer}/{}", method.as_str().to_lowercase()),
            ));
        }
    }

    // Names first, in spec order, so inline types named after operations come second.
    let mut fn_names = Namespace::snake().reserve(RESERVED_METHODS);
    let mut commands = Namespace::kebab().reserve(RESERVED_COMMANDS);
    let mut named = Vec::new();
    for (path, method, op, _, _) in &found {
        let operation_id = op
            .operation_id
            .clone()
            .filter(|id| !id.trim().is_empty())
            .unwrap_or_else(|| derived_operation_id(*method, path));
        let base = naming::camel(&operation_id);
        let type_name = types.claim_name(&base);
        let command = match op.extensions.get("x-cli-name").and_then(|v| v.as_str()) {
            Some(name) => commands.claim(naming::kebab(name)),
            None => commands.claim(naming::kebab(&operation_id)),
        };
        named.push((
            operation_id,
            type_name,
            command,
            fn_names.claim(naming::snake(&base)),
        ));
    }
    // Aliases only where no command (or earlier alias) already answers to the name.
    let mut operations = Vec::new();
    let mut page_names = Namespace::kebab();
    for ((path, method, op, item, pointer), (operation_id, type_name, command, fn_name)) in
        found.into_iter().zip(named)
    {
        let mut aliases = Vec::new();
        let listed: Vec<String> = match op.extensions.get("x-cli-aliases") {
            Some(serde_json::Value::Array(values)) => values
                .iter()
                .filter_map(|v| v.as_str())
                .map(naming::kebab)
                .collect(),
            Some(serde_json::Value::String(value)) => vec![naming::kebab(value)],
            _ => Vec::new(),
        };
        let squashed: String = operation_id
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        let implicit =
            (!op.extensions.contains_key("x-cli-name") && !squashed.is_empty()).then_some(squashed);
        for alias in listed.into_iter().chain(implicit) {
            if alias != command && commands.claim_exact(&alias) {
                aliases.push(alias);
            }
        }
        let error_name = types.claim_name(&format!("{type_name} Error"));
        let success_name = types.claim_name(&format!("{type_name} Success"));
        let mut builder = OperationBuilder {
            spec,
            types: &mut types,
            docs: &mut docs,
            client_headers: &client_headers,
            pointer: &pointer,
            type_name: &type_name,
        };
        let (params, path_parts) = builder.params(path, item, op)?;
        let mut fields = Namespace::snake().reserve(RESERVED_FIELDS);
        let mut flags = Namespace::kebab().reserve(RESERVED_FLAGS);
        let params: Vec<Param> = params
            .into_iter()
            .map(|p| Param {
                field: fields.claim(p.field),
                flag: if p.location == ParamLocation::Path {
                    p.flag
                } else {
                    flags.claim(p.flag)
                },
                ..p
            })
            .collect();
        let body = match &op.request_body {
            Some(body) => builder.body(body, &mut fields, &mut flags)?,
            None => None,
        };
        let responses = builder.responses(op)?;
        let dry_run_param = params
            .iter()
            .find(|p| {
                p.location == ParamLocation::Query
                    && p.cli == CliValue::Bool
                    && p.wire.to_ascii_lowercase().replace(['_', '-'], "") == "dryrun"
            })
            .map(|p| p.wire.clone());
        let local_dry_run = dry_run_param.is_none() && !params.iter().any(|p| p.flag == "dry-run");
        let destructive =
            method == Method::Delete || config.destructive.iter().any(|d| d == &operation_id);
        let mut operation = Operation {
            operation_id,
            pointer: pointer.clone(),
            method,
            path: path.to_string(),
            path_parts,
            summary: op.summary.clone().filter(|s| !s.trim().is_empty()),
            description: op.description.clone().filter(|s| !s.trim().is_empty()),
            about: String::new(),
            long_about: String::new(),
            doc_path: format!(
                "{}/{}.md",
                op.tags
                    .first()
                    .map(|t| naming::file_stem(&naming::kebab(t)))
                    .unwrap_or_else(|| UNTAGGED.to_string()),
                page_names.claim(naming::file_stem(&command))
            ),
            tag: op.tags.first().map(|t| text::one_line(t)),
            variant_name: type_name.clone(),
            type_name,
            error_name,
            success_name,
            fn_name,
            command,
            aliases,
            params,
            body,
            responses,
            destructive,
            // Decided with the finished types (`roles`).
            paginated: false,
            page: None,
            local_dry_run,
            dry_run_param,
        };
        super::help::fill(&mut operation);
        operations.push(operation);
    }
    let tags = tags(spec, &operations);
    let (types, warnings) = types.finish()?;
    let mut api = Api {
        title: text::one_line(&spec.info.title),
        version: spec.info.version.clone(),
        source: config.source.clone(),
        program: naming::kebab(&config.program),
        server_url: server_url(spec),
        operations,
        types,
        tags,
        client_headers: client_header_setters(client_headers),
        warnings,
    };
    super::roles::assign(&mut api);
    Ok(api)
}

/// The first server URL, when it is a usable absolute http(s) URL (not a
/// template with `{variables}` or a placeholder).
fn server_url(spec: &OpenAPI) -> Option<String> {
    let url = spec.servers.first()?.url.trim().trim_end_matches('/');
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    let usable = absolute && !url.contains(['{', '$', ' ', '"', '\\']);
    usable.then(|| url.to_string())
}

/// The declared tags in order, then tags operations use without declaring them.
fn tags(spec: &OpenAPI, operations: &[Operation]) -> Vec<Tag> {
    let mut tags: Vec<Tag> = spec
        .tags
        .iter()
        .map(|t| Tag {
            name: text::one_line(&t.name),
            slug: naming::kebab(&t.name),
            description: t.description.clone(),
        })
        .collect();
    for op in operations {
        if let Some(tag) = &op.tag {
            if !tags.iter().any(|t| &t.name == tag) {
                tags.push(Tag {
                    name: tag.clone(),
                    slug: naming::kebab(tag),
                    description: None,
                });
            }
        }
    }
    tags
}

/// Header names of `apiKey` security schemes: client-wide settings, not per-call parameters.
fn client_headers(spec: &OpenAPI) -> Vec<String> {
    let mut headers = Vec::new();
    if let Some(components) = &spec.components {
        for scheme in components.security_schemes.values() {
            if let ReferenceOr::Item(SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name,
                ..
            }) = scheme
            {
                if !name.eq_ignore_ascii_case("authorization") && !headers.contains(name) {
                    headers.push(name.clone());
                }
            }
        }
    }
    headers
}

fn methods(item: &PathItem) -> Vec<(Method, &SpecOperation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    .collect()
}

/// An operationId for operations without one: `get /users/{id}` → `getUsersId`.
fn derived_operation_id(method: Method, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{} {}", method.as_str().to_lowercase(), words.join(" "))
}

struct OperationBuilder<'s, 'a> {
    spec: &'a OpenAPI,
    types: &'s mut TypeSpace<'a>,
    docs: &'s mut SchemaDocs<'a>,
    client_headers: &'s [String],
    pointer: &'s str,
    type_name: &'s str,
}

/// How many aliases deep a parameter's type is followed to find its
/// command-line form; deeper (or self-referring) types are taken as JSON.
const MAX_ALIAS_DEPTH: usize = 16;

impl<'a> OperationBuilder<'_, 'a> {
    /// Path-level and operation parameters (the operation's win), path ones first in path order.
    fn params(
        &mut self,
        path: &str,
        item: &'a PathItem,
        op: &'a SpecOperation,
    ) -> Result<(Vec<Param>, Vec<PathPart>), Error> {
        let mut declared: Vec<(&'a Parameter, String)> = Vec::new();
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
        let mut params = Vec::new();
        let mut parts = Vec::new();
        let mut rest = path;
        // Path parameters in the order the template uses them.
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
            match found {
                Some((param, at)) => {
                    let mut param = self.param(param, at)?;
                    param.required = true;
                    parts.push(PathPart::Param(params.len()));
                    params.push(param);
                }
                None => {
                    // Undeclared: taken as a required string, as servers would read it.
                    self.types.warn(
                        self.pointer,
                        format!("path parameter '{name}' is not declared; taken as a string"),
                    );
                    let wire = name.to_string();
                    parts.push(PathPart::Param(params.len()));
                    params.push(Param {
                        field: naming::snake(&wire),
                        flag: naming::kebab(&wire),
                        wire,
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
                    });
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        for (param, at) in &declared {
            let location = location(param);
            let name = &param.parameter_data_ref().name;
            let skip = location == ParamLocation::Path
                || (location == ParamLocation::Header
                    && (TRANSPORT_HEADERS.contains(&name.to_ascii_lowercase().as_str())
                        || self
                            .client_headers
                            .iter()
                            .any(|h| h.eq_ignore_ascii_case(name))));
            if !skip {
                params.push(self.param(param, at)?);
            }
        }
        Ok((params, parts))
    }

    fn param(&mut self, param: &'a Parameter, at: &str) -> Result<Param, Error> {
        let data = param.parameter_data_ref();
        let location = location(param);
        let hint = format!("{} {}", self.type_name, data.name);
        let (ty, default, max_length) = match &data.format {
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
                (ty, default, max_length)
            }
            ParameterSchemaOrContent::Content(_) => {
                self.types
                    .warn(at, "parameter with `content` taken as a JSON string");
                (TypeRef::Json, None, None)
            }
        };
        let cli = self.cli_value(&ty);
        let style = match param {
            Parameter::Query { style, .. } => {
                let explode = data
                    .explode
                    .unwrap_or(matches!(style, openapiv3::QueryStyle::Form));
                match style {
                    openapiv3::QueryStyle::Form if explode => ParamStyle::Form,
                    openapiv3::QueryStyle::Form => ParamStyle::FormJoined,
                    openapiv3::QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => ParamStyle::DeepObject,
                }
            }
            _ => ParamStyle::Form,
        };
        Ok(Param {
            style,
            max_length,
            wire: data.name.clone(),
            location,
            field: naming::snake(&data.name),
            flag: naming::kebab(&data.name),
            required: data.required,
            doc: data.description.clone().filter(|d| !d.trim().is_empty()),
            help: String::new(),
            long_help: String::new(),
            default,
            idempotency_key: location == ParamLocation::Header
                && data.name.eq_ignore_ascii_case("idempotency-key"),
            cli,
            ty,
        })
    }

    /// How the CLI parses a value of `ty`.
    fn cli_value(&self, ty: &TypeRef) -> CliValue {
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

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        fields: &mut Namespace,
        flags: &mut Namespace,
    ) -> Result<Option<Body>, Error> {
        let at = format!("{}/requestBody", self.pointer);
        let body = resolve::request_body(self.spec, body, &at)?;
        let Some((media_type, content)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let pointer = format!("{at}/content/{}/schema", pointer_token(media_type));
        let hint = format!("{} Body", self.type_name);
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let kind = if is_json(&essence) {
            let ty = match &content.schema {
                Some(schema) => self.types.convert(schema, &hint, &pointer),
                None => TypeRef::Json,
            };
            BodyKind::Json(ty)
        } else if essence == "application/x-www-form-urlencoded" {
            let ty = match &content.schema {
                Some(schema) => self.types.convert(schema, &hint, &pointer),
                None => TypeRef::JsonObject,
            };
            BodyKind::UrlEncoded(ty)
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart(self.form_parts(
                content.schema.as_ref(),
                &pointer,
                fields,
                flags,
            )?)
        } else if essence.starts_with("text/") {
            BodyKind::Text
        } else {
            if essence != "application/octet-stream" {
                self.types.warn(
                    &pointer,
                    format!("request media type '{media_type}' is sent as raw bytes"),
                );
            }
            BodyKind::Bytes
        };
        let schema_doc = content.schema.as_ref().map(|s| self.docs.render(s));
        Ok(Some(Body {
            schema_doc,
            media_type: media_type.clone(),
            kind,
            required: body.required,
            doc: body.description.clone().filter(|d| !d.trim().is_empty()),
            pointer,
            // Decided with the other help texts (`help`).
            help: String::new(),
            value_name: String::new(),
        }))
    }

    /// The properties of a multipart body, each one a flag; binary ones are files.
    fn form_parts(
        &mut self,
        schema: Option<&'a ReferenceOr<openapiv3::Schema>>,
        pointer: &str,
        fields: &mut Namespace,
        flags: &mut Namespace,
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
                .convert_boxed(property, &format!("{} {name}", self.type_name), &at);
            let doc = match property {
                ReferenceOr::Item(s) => s.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            parts.push(Param {
                wire: name.clone(),
                location: ParamLocation::Form,
                field: fields.claim(naming::snake(name)),
                flag: flags.claim(naming::kebab(name)),
                required: required.contains(name),
                doc,
                help: String::new(),
                long_help: String::new(),
                default: None,
                idempotency_key: false,
                style: ParamStyle::Form,
                max_length: None,
                cli: self.cli_value(&ty),
                ty,
            });
        }
        Ok(parts)
    }

    fn responses(&mut self, op: &'a SpecOperation) -> Result<Vec<Response>, Error> {
        let at = format!("{}/responses", self.pointer);
        let mut variants = Namespace::camel();
        let mut responses = Vec::new();
        let listed = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(code) => Status::Code(*code),
                    StatusCode::Range(class) => Status::Range(*class),
                };
                (status, r)
            })
            .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
        for (status, response) in listed {
            let pointer = format!("{at}/{}", status);
            let response = resolve::response(self.spec, response, &pointer)?;
            let variant = match status {
                Status::Code(code) => naming::status_variant(code),
                Status::Range(class) => format!("Status{class}xx"),
                Status::Default => "Default".to_string(),
            };
            let success = matches!(status, Status::Code(200..=299) | Status::Range(2));
            let hint = if success {
                format!("{} Response", self.type_name)
            } else {
                format!("{} {variant} Error", self.type_name)
            };
            let schema_doc = pick_media(&response.content)
                .and_then(|(_, content)| content.schema.as_ref())
                .map(|s| self.docs.render(s));
            let (media_type, body) = match pick_media(&response.content) {
                None => (None, ResponseBody::Empty),
                Some((media, content)) => {
                    let essence = media
                        .split(';')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_ascii_lowercase();
                    let body = if is_json(&essence) {
                        match &content.schema {
                            Some(schema) => ResponseBody::Json(self.types.convert(
                                schema,
                                &hint,
                                &format!("{pointer}/content/{}/schema", pointer_token(media)),
                            )),
                            None => ResponseBody::Json(TypeRef::Json),
                        }
                    } else if essence.starts_with("text/") {
                        ResponseBody::Text
                    } else {
                        ResponseBody::Bytes
                    };
                    (Some(media.clone()), body)
                }
            };
            responses.push(Response {
                schema_doc,
                status,
                description: response.description.clone(),
                media_type,
                body,
                variant: variants.claim(variant),
            });
        }
        responses.sort_by_key(|r| r.status.sort_key());
        Ok(responses)
    }
}

fn location(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

/// The media type we use when several are offered: JSON first, then forms, text, bytes.
fn pick_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType)> {
    let rank = |media: &str| {
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => 0,
            e if is_json(e) => 1,
            "multipart/form-data" => 2,
            "application/x-www-form-urlencoded" => 2,
            e if e.starts_with("text/") => 3,
            _ => 4,
        }
    };
    content.iter().min_by_key(|(media, _)| rank(media))
}

/// A default value as users read it: strings bare, everything else as JSON.
fn display_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
