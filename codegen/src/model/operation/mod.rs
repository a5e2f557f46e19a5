//! Operations: parameters, bodies, responses and every name they need.
//!
//! [`build`] runs in three passes: it lists the spec's operations, names
//! them all (so that inline types named after operations come second), then
//! builds each one ([`params`], [`body`], [`responses`]).

mod body;
mod media;
mod params;
mod responses;
mod shape;

use openapiv3::{OpenAPI, Operation as SpecOperation, PathItem, ReferenceOr, SecurityScheme};

use super::reserved::{
    client_header_setters, RESERVED_COMMANDS, RESERVED_FIELDS, RESERVED_FLAGS, RESERVED_METHODS,
};
use super::schema::TypeSpace;
use super::schema_doc::SchemaDocs;
use super::{
    Api, CliValue, Method, Operation, OperationDocs, OperationNames, OperationRoles, Param,
    ParamLocation, Tag,
};
use crate::error::{pointer_token, Error};
use crate::naming::{self, Namespace, TypeHints};
use crate::text;

/// Builds the model of `spec`.
pub fn build(spec: &OpenAPI, config: &crate::Config) -> Result<Api, Error> {
    let mut types = TypeSpace::new(spec);
    let mut docs = SchemaDocs::new(spec);
    let client_headers = client_headers(spec);
    let found = list(spec)?;
    // Schemes first: each operation takes its requirements when it is made.
    let mut scheme_warnings = Vec::new();
    let crate_names = naming::crate_names(&config.program);
    let schemes = super::security::schemes(spec, (config, &crate_names.env), &mut scheme_warnings);
    let names = Names::claim(&found, &mut types, &config.drop_aliases);
    let mut operations = Vec::new();
    let mut page_names = Namespace::kebab();
    for (spec_op, names) in found.iter().zip(names) {
        let type_name = names.type_name.clone();
        let mut builder = OperationBuilder {
            spec,
            types: &mut types,
            docs: &mut docs,
            client_headers: &client_headers,
            schemes: &schemes,
            pointer: &spec_op.pointer,
            hints: TypeHints {
                operation: &type_name,
            },
            inputs: InputNames::new(config),
        };
        operations.push(builder.operation(spec_op, names, config, &mut page_names)?);
    }
    let schema_pages = docs.pages(operations.iter().flat_map(|op| {
        let body = op.body.as_ref().and_then(|b| b.schema_doc.as_deref());
        let responses = op.responses.iter().filter_map(|r| r.schema_doc.as_deref());
        body.into_iter().chain(responses)
    }));
    let tags = tags(spec, &operations);
    let (types, mut warnings) = types.finish()?;
    warnings.extend(scheme_warnings);
    warnings.extend(super::customisation::unknown_ids(config, &operations));
    let given = spec.security.as_deref().unwrap_or_default();
    let security = super::security::requirements(given, &schemes, config);
    let login = super::security::login(spec, config, &crate_names.env);
    let mut api = Api {
        title: text::one_line(&spec.info.title),
        version: spec.info.version.clone(),
        source: config.source.clone(),
        program: naming::kebab(&config.program),
        crate_names,
        crate_docs: Default::default(),
        server_url: server_url(spec),
        servers: spec.servers.iter().map(|s| s.url.clone()).collect(),
        operations,
        types,
        tags,
        client_headers: client_header_setters(client_headers),
        schemes,
        security,
        login,
        key_check: None,
        warnings,
        features: Vec::new(),
        schema_pages,
        resources: Vec::new(),
    };
    for pass in super::passes::ORDER {
        pass.run(&mut api, config)?;
    }
    Ok(api)
}

/// One operation of the spec, where it is.
struct SpecOp<'a> {
    path: &'a str,
    method: Method,
    op: &'a SpecOperation,
    item: &'a PathItem,
    pointer: String,
}

/// The spec's operations in order: paths, then methods in the order
/// [`methods`] lists them.
fn list(spec: &OpenAPI) -> Result<Vec<SpecOp<'_>>, Error> {
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
            found.push(SpecOp {
                path,
                method,
                op,
                item,
                pointer: format!("{pointer}/{}", method.as_str().to_lowercase()),
            });
        }
    }
    Ok(found)
}

/// The names of one operation, claimed before any of its types.
struct Names {
    operation_id: String,
    type_name: crate::naming::RustName,
    command: String,
    fn_name: crate::naming::RustName,
    aliases: Vec<String>,
}

impl Names {
    /// Names every operation in spec order, then gives aliases (but the
    /// `dropped` ones) where no command or earlier alias has the name.
    fn claim(found: &[SpecOp<'_>], types: &mut TypeSpace<'_>, dropped: &[String]) -> Vec<Names> {
        let mut fn_names = Namespace::snake().reserve(RESERVED_METHODS);
        let mut commands = Namespace::kebab().reserve(RESERVED_COMMANDS);
        let mut named: Vec<Names> = found
            .iter()
            .map(|found| {
                let operation_id = found
                    .op
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty())
                    .unwrap_or_else(|| {
                        naming::derived_operation_id(found.method.as_str(), found.path)
                    });
                let base = naming::camel(&operation_id);
                let command = match cli_name(found.op) {
                    Some(name) => commands.claim(naming::kebab(name)),
                    None => commands.claim(naming::kebab(&operation_id)),
                };
                Names {
                    type_name: types.claim_name(&base),
                    fn_name: fn_names.claim_name(naming::snake(&base)),
                    command,
                    operation_id,
                    aliases: Vec::new(),
                }
            })
            .collect();
        for (names, found) in named.iter_mut().zip(found) {
            let implicit = (!found.op.extensions.contains_key("x-cli-name"))
                .then(|| naming::squashed_alias(&names.operation_id))
                .flatten();
            for alias in listed_aliases(found.op).into_iter().chain(implicit) {
                if dropped.contains(&alias) {
                    continue;
                }
                if alias != names.command && commands.claim_exact(&alias) {
                    names.aliases.push(alias);
                }
            }
        }
        named
    }
}

/// The command name an operation asks for (`x-cli-name`).
fn cli_name(op: &SpecOperation) -> Option<&str> {
    op.extensions.get("x-cli-name").and_then(|v| v.as_str())
}

/// The aliases an operation asks for (`x-cli-aliases`: a list or one name).
fn listed_aliases(op: &SpecOperation) -> Vec<String> {
    match op.extensions.get("x-cli-aliases") {
        Some(serde_json::Value::Array(values)) => values
            .iter()
            .filter_map(|v| v.as_str())
            .map(naming::kebab)
            .collect(),
        Some(serde_json::Value::String(value)) => vec![naming::kebab(value)],
        _ => Vec::new(),
    }
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
        if let Some(tag) = &op.docs.tag {
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

/// Builds one operation's parts; holds what they all need.
struct OperationBuilder<'s, 'a> {
    spec: &'a OpenAPI,
    types: &'s mut TypeSpace<'a>,
    docs: &'s mut SchemaDocs<'a>,
    client_headers: &'s [String],
    schemes: &'s [super::Scheme],
    pointer: &'s str,
    hints: TypeHints<'s>,
    inputs: InputNames,
}

impl<'a> OperationBuilder<'_, 'a> {
    /// The operation, its help texts and page/pagination roles still to fill.
    fn operation(
        &mut self,
        found: &SpecOp<'a>,
        names: Names,
        config: &crate::Config,
        page_names: &mut Namespace,
    ) -> Result<Operation, Error> {
        let op = found.op;
        let error_name = self.types.claim_name(&self.hints.error_enum());
        let success_name = self.types.claim_name(&self.hints.success_enum());
        let (params, path_parts) = self.params(found.path, found.item, op)?;
        let body = match &op.request_body {
            Some(body) => self.body(body)?,
            None => None,
        };
        let responses = self.responses(op)?;
        let accept = self
            .declared_accept(found.item, op)?
            .and_then(|allowed| accept(&allowed, &responses));
        let dry_run_param = dry_run_param(&params);
        let local_dry_run = dry_run_param.is_none() && !params.iter().any(|p| p.flag == "dry-run");
        let mcp_ignore = op.extensions.get("x-mcp-ignore") == Some(&serde_json::Value::Bool(true))
            || config.mcp_ignore.contains(&names.operation_id);
        let destructive = found.method == Method::Delete
            || op.extensions.get("x-destructive") == Some(&serde_json::Value::Bool(true))
            || config.destructive.iter().any(|d| d == &names.operation_id);
        let page_example = super::pages::takes_page_param(&params)
            .then(|| responses::success_example(self.spec, op))
            .flatten();
        let declared_pages =
            super::pages::declared(&op.extensions, &found.pointer, &names.operation_id, config);
        let folder = op
            .tags
            .first()
            .map(|t| naming::tag_folder(t))
            .unwrap_or_else(naming::untagged_folder);
        let mut operation = Operation {
            gate: super::Gate::Always,
            pointer: found.pointer.clone(),
            method: found.method,
            path: found.path.to_string(),
            path_parts,
            names: OperationNames {
                doc_path: format!(
                    "{folder}/{}.md",
                    page_names.claim(naming::file_stem(&names.command))
                ),
                variant_name: names.type_name.clone(),
                type_name: names.type_name,
                error_name,
                success_name,
                fn_name: names.fn_name,
                command: names.command,
                aliases: names.aliases,
            },
            docs: docs(&names.operation_id, op),
            operation_id: names.operation_id,
            params,
            body,
            responses,
            accept,
            security: self.security(op, config),
            roles: OperationRoles {
                destructive,
                // Decided with the finished types (`roles`).
                pagination: None,
                declared_pages,
                page_example,
                event_stream: false,
                one_resource: false,
                local_dry_run,
                dry_run_param,
                mcp_ignore,
                ..OperationRoles::default()
            },
        };
        super::examples::describe(&mut operation, &op.extensions, &config.program);
        Ok(operation)
    }

    /// The operation's own security requirements, if it has them.
    fn security(&self, op: &SpecOperation, config: &crate::Config) -> Option<super::Requirements> {
        let given = op.security.as_deref()?;
        Some(super::security::requirements(given, self.schemes, config))
    }
}

/// The names of an operation's inputs: request fields and flags, claimed
/// as each input is built, beside the names every command already has.
struct InputNames {
    fields: Namespace,
    flags: Namespace,
}

impl InputNames {
    fn new(config: &crate::Config) -> Self {
        let global: Vec<&str> = config.global_flags.iter().map(String::as_str).collect();
        let global_fields: Vec<String> = global.iter().map(|f| naming::snake(f)).collect();
        let global_fields: Vec<&str> = global_fields.iter().map(String::as_str).collect();
        InputNames {
            fields: Namespace::snake()
                .reserve(RESERVED_FIELDS)
                .reserve(&global_fields),
            flags: Namespace::kebab().reserve(RESERVED_FLAGS).reserve(&global),
        }
    }

    /// The field and flag of the input `wire`. A path parameter is a
    /// positional: its "flag" is its value name, claimed from no namespace.
    fn claim(&mut self, wire: &str, location: ParamLocation) -> (crate::naming::RustName, String) {
        let field = self.fields.claim_name(naming::snake(wire));
        let flag = match location {
            ParamLocation::Path => naming::kebab(wire),
            _ => self.flags.claim(naming::kebab(wire)),
        };
        (field, flag)
    }

    /// The flag of a top-level field of a JSON body (`wire`): its own name
    /// when no parameter, part or global flag has it, else `body-<name>`
    /// (then numbered), so the flags of the request's other inputs never
    /// change name when the body grows a field.
    fn claim_body_field(&mut self, wire: &str) -> String {
        let flag = naming::kebab(wire);
        if flag.len() <= naming::MAX_NAME && self.flags.claim_exact(&flag) {
            flag
        } else {
            self.flags.claim(format!("body-{flag}"))
        }
    }
}

/// What the spec says of an operation, and the help made of it.
fn docs(operation_id: &str, op: &SpecOperation) -> OperationDocs {
    let summary = op.summary.clone().filter(|s| !s.trim().is_empty());
    let description = op.description.clone().filter(|s| !s.trim().is_empty());
    let (mut about, mut long_about) =
        super::help::about(operation_id, summary.as_deref(), description.as_deref());
    if op.deprecated {
        // The one line ends with the note; the long help starts with that line.
        let marked = format!("{about} {}", super::help::DEPRECATED);
        long_about = long_about.replacen(&about, &marked, 1);
        about = marked;
    }
    OperationDocs {
        summary,
        description,
        tag: op.tags.first().map(|t| text::one_line(t)),
        about,
        long_about,
        deprecated: op.deprecated,
        after_help: None,
        examples: Vec::new(),
    }
}

/// The API's own dry run: a boolean query parameter named `dryRun`,
/// `dry_run` or the like (wire name).
fn dry_run_param(params: &[Param]) -> Option<String> {
    params
        .iter()
        .find(|p| {
            p.location == ParamLocation::Query
                && p.cli == CliValue::Bool
                && p.wire.to_ascii_lowercase().replace(['_', '-'], "") == "dryrun"
        })
        .map(|p| p.wire.clone())
}

#[cfg(test)]
mod tests;

/// The `Accept` header of an operation that declares one: the media type
/// the tool decodes (its first success response's) when the parameter allows
/// it, else the first value it allows.
fn accept(allowed: &[String], responses: &[super::Response]) -> Option<String> {
    let decoded = responses
        .iter()
        .filter(|r| r.is_success())
        .find_map(|r| r.media_type.clone());
    match decoded {
        Some(media)
            if allowed.is_empty() || allowed.iter().any(|a| a.eq_ignore_ascii_case(&media)) =>
        {
            Some(media)
        }
        _ => allowed.first().cloned(),
    }
}
