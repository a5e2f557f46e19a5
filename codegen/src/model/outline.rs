//! The model as text: every name and shape the generator decided, one line
//! each, so that a naming decision can be reviewed (and snapshot) apart
//! from the code printed from it.

use std::fmt::Write;

use super::{Api, BodyKind, CliValue, Operation, Param, ResponseBody, TypeDef, TypeKind, TypeRef};

/// The whole model: the API, each operation, then each type by name.
pub fn outline(api: &Api) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "api {:?} {:?}", api.title, api.version);
    let _ = writeln!(out, "  program {}", api.program);
    if let Some(url) = &api.server_url {
        let _ = writeln!(out, "  server {url}");
    }
    for tag in &api.tags {
        let _ = writeln!(out, "  tag {:?} -> {}", tag.name, tag.slug);
    }
    for header in &api.client_headers {
        let _ = writeln!(out, "  client header {} -> {}", header.wire, header.method);
    }
    if let Some(op) = api.key_check.and_then(|i| api.operations.get(i)) {
        let _ = writeln!(out, "  key check {}", op.operation_id);
    }
    for resource in &api.resources {
        let uses: Vec<String> = resource
            .uses
            .iter()
            .map(|(op, wire)| format!("{}.{wire}", api.operations[*op].operation_id))
            .collect();
        let _ = writeln!(
            out,
            "  resource {}: listed by {} at '{}', id {}{}, name {}; ids in {}",
            resource.name,
            api.operations[resource.list].operation_id,
            resource.items.join("."),
            resource.id_field,
            resource
                .id_format
                .as_deref()
                .map(|f| format!(" ({f})"))
                .unwrap_or_default(),
            resource.name_field,
            uses.join(", ")
        );
    }
    for op in &api.operations {
        operation(&mut out, api, op);
    }
    out.push('\n');
    for def in api.sorted_types() {
        let mut roles = String::new();
        if def.input {
            roles.push_str(" [input]");
        }
        if def.body_parser {
            roles.push_str(" [body parser]");
        }
        let _ = writeln!(
            out,
            "type {}{roles}: {}",
            def.name,
            describe(&api.types, def)
        );
    }
    out
}

fn operation(out: &mut String, api: &Api, op: &Operation) {
    let _ = writeln!(
        out,
        "\noperation {} ({} {})",
        op.operation_id,
        op.method.as_str(),
        op.path
    );
    let aliases = if op.names.aliases.is_empty() {
        String::new()
    } else {
        format!(" (aliases {})", op.names.aliases.join(", "))
    };
    let _ = writeln!(
        out,
        "  command {}{aliases} -> {}",
        op.names.command, op.names.doc_path
    );
    let _ = writeln!(
        out,
        "  fn {} request {} variant {} success {} error {}",
        op.names.fn_name,
        op.names.type_name,
        op.names.variant_name,
        op.names.success_name,
        op.names.error_name
    );
    for param in op.request_fields() {
        let _ = writeln!(out, "  {}", param_line(api, param));
    }
    if let Some(body) = &op.body {
        body_lines(out, api, body);
    }
    for response in &op.responses {
        let body = match &response.body {
            ResponseBody::Empty => "empty".to_string(),
            ResponseBody::Json(ty) => format!("json {}", show(&api.types, ty)),
            ResponseBody::Text => "text".to_string(),
            ResponseBody::Bytes => "bytes".to_string(),
        };
        let _ = writeln!(
            out,
            "  response {} -> {}: {body}",
            response.status, response.variant
        );
    }
    let mut cli = Vec::new();
    if op.roles.destructive {
        cli.push("destructive".to_string());
    }
    if op.roles.mcp_ignore {
        cli.push("not an MCP tool".to_string());
    }
    if let Some(pages) = &op.roles.pagination {
        let item = pages
            .item
            .as_ref()
            .map_or("untyped items".to_string(), |t| show(&api.types, t));
        cli.push(format!(
            "paginated ({}, {:?}): {item} at '{}'",
            pages.kind.name(),
            pages.source,
            pages.items.join(".")
        ));
    }
    if let Some(param) = &op.roles.dry_run_param {
        cli.push(format!("dry run by {param}"));
    }
    if op.roles.local_dry_run {
        cli.push("local dry run".to_string());
    }
    if !cli.is_empty() {
        let _ = writeln!(out, "  cli {}", cli.join("; "));
    }
}

/// `query maxResults -> max_results --max-results: i64 (integer) required`.
/// The body's line, then a line per field flag.
fn body_lines(out: &mut String, api: &Api, body: &super::Body) {
    let kind = match &body.kind {
        BodyKind::Json(ty) => format!("json {}", show(&api.types, ty)),
        BodyKind::UrlEncoded(ty) => format!("form {}", show(&api.types, ty)),
        BodyKind::Text => "text".to_string(),
        BodyKind::Bytes => "bytes".to_string(),
        BodyKind::Multipart(_) => "multipart".to_string(),
    };
    let required = if body.required { " required" } else { "" };
    let _ = writeln!(out, "  body {} {kind}{required}", body.media_type);
    for field in &body.fields {
        let _ = writeln!(out, "  {}", param_line(api, field));
    }
}

fn param_line(api: &Api, param: &Param) -> String {
    let location = format!("{:?}", param.location).to_lowercase();
    let mut line = format!(
        "{location} {} -> {} --{}: {} ({})",
        param.wire,
        param.field,
        param.flag,
        show(&api.types, &param.ty),
        cli_value(&param.cli)
    );
    if param.required {
        line.push_str(" required");
    }
    if param.idempotency_key {
        line.push_str(" idempotency-key");
    }
    if let Some(default) = &param.default {
        let _ = write!(line, " default {default}");
    }
    line
}

/// How the CLI takes a value, in a word or two.
fn cli_value(value: &CliValue) -> String {
    match value {
        CliValue::Bool => "switch".to_string(),
        CliValue::Scalar(_) => "scalar".to_string(),
        CliValue::Enum { values, .. } => format!("one of {}", values.join("|")),
        CliValue::Json => "json".to_string(),
        CliValue::List(inner) => format!("list of {}", cli_value(inner)),
        CliValue::File => "file".to_string(),
    }
}

/// A type expression as Rust-like text (`Vec<Pet>`, `Option<String>`).
pub(crate) fn show(types: &[TypeDef], ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject => "JsonObject".into(),
        TypeRef::File => "File".into(),
        TypeRef::Named(id) => types
            .get(id.index())
            .map_or_else(|| id.to_string(), |d| d.name.to_string()),
        TypeRef::Vec(inner) => format!("Vec<{}>", show(types, inner)),
        TypeRef::Map(inner) => format!("Map<{}>", show(types, inner)),
        TypeRef::Option(inner) => format!("Option<{}>", show(types, inner)),
    }
}

/// `Box<..>` around a boxed field's or variant's type.
fn boxed(types: &[TypeDef], ty: &TypeRef, boxed: bool) -> String {
    let ty = show(types, ty);
    if boxed {
        format!("Box<{ty}>")
    } else {
        ty
    }
}

/// A type as one line: `struct { id: String, tags?: Vec<String> }` (`?` for
/// an optional field, `..` for other properties), `enum { A, B }`,
/// `union { Cat(Cat), Dog(Box<Dog>) }` or `alias Vec<Pet>`.
pub(crate) fn describe(types: &[TypeDef], def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct {
            fields, additional, ..
        } => {
            let mut parts: Vec<String> = fields
                .iter()
                .map(|f| {
                    let optional = if f.required { "" } else { "?" };
                    format!("{}{optional}: {}", f.name, boxed(types, &f.ty, f.boxed))
                })
                .collect();
            if let Some(ty) = additional {
                parts.push(format!("..: {}", show(types, ty)));
            }
            format!("struct {{ {} }}", parts.join(", "))
        }
        TypeKind::Enum { variants } => {
            let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
            format!("enum {{ {} }}", names.join(", "))
        }
        TypeKind::Union { variants } => {
            let parts: Vec<String> = variants
                .iter()
                .map(|v| format!("{}({})", v.name, boxed(types, &v.ty, v.boxed)))
                .collect();
            format!("union {{ {} }}", parts.join(", "))
        }
        TypeKind::Alias(ty) => format!("alias {}", show(types, ty)),
    }
}
