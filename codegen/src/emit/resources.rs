//! The `resources` module of `client.rs`: a constant per resource the
//! model recognised (where its ids and names are listed), and each
//! operation's `PATH_IDS` and `LISTS` constants naming them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, lit};
use crate::model::{Api, Operation, Resource};

/// The constant's name of a resource (`alerts` → `ALERTS`).
fn const_name(resource: &Resource) -> proc_macro2::Ident {
    ident(&resource.const_name)
}

/// `pub mod resources { .. }`, or nothing when the API has none.
pub(super) fn module(api: &Api) -> TokenStream {
    if api.resources.is_empty() {
        return TokenStream::new();
    }
    let consts: Vec<(String, TokenStream)> = api
        .resources
        .iter()
        .map(|r| {
            let list = &api.operations[r.list];
            let name = const_name(r);
            let (label, path) = (lit(&r.name), lit(&list.path));
            let items = r.items.iter().map(|i| lit(i));
            let (id, field) = (lit(&r.id_field), lit(&r.name_field));
            let format = match &r.id_format {
                Some(f) => {
                    let f = lit(f);
                    quote!(Some(#f))
                }
                None => quote!(None),
            };
            let pagination = match &list.roles.pagination {
                Some(pages) => {
                    let rule = super::consts::pagination(pages);
                    quote!(Some(#rule))
                }
                None => quote!(None),
            };
            let security = super::auth::requirements_expr(api, list);
            let get = match r.get.map(|g| lit(&api.operations[g].path)) {
                Some(path) => quote!(Some(#path)),
                None => quote!(None),
            };
            let doc = format!("{}: listed by `{}`.", r.name, list.names.command);
            let item = quote! {
                pub const #name: runtime::Resource = runtime::Resource {
                    name: #label,
                    list_path: #path,
                    items: &[#(#items),*],
                    id: #id,
                    label: #field,
                    id_format: #format,
                    pagination: #pagination,
                    security: #security,
                    get_path: #get,
                };
            };
            (doc, item)
        })
        .collect();
    crate::write::preformatted::item(module_text(&consts), || {
        let consts = consts.iter().map(|(doc, item)| {
            let doc = format!(" {doc}");
            quote!(#[doc = #doc] #item)
        });
        let doc = MODULE_DOC.lines();
        quote! {
            #(#[doc = #doc])*
            pub mod resources {
                #[allow(unused_imports)]
                use crate::runtime;
                #[allow(unused_imports)]
                use super::auth;

                #(#consts)*
            }
        }
    })
}

/// The doc comment of the `resources` module, a line per line.
const MODULE_DOC: &str =
    " The collections whose ids the CLI looks up by name: where each\n lists its ids and names.";

/// The `resources` module as text laid out as `write` would format its
/// tokens: each constant under its doc line, its value broken as a struct.
fn module_text(consts: &[(String, TokenStream)]) -> Option<String> {
    use crate::write::preformatted::Lines;
    let mut lines = Lines::default();
    let doc: Vec<&str> = MODULE_DOC.lines().map(str::trim_start).collect();
    lines.docs(0, &doc.join("\n"))?;
    lines.line(0, "pub mod resources {")?;
    for line in [
        "#[allow(unused_imports)]",
        "use crate::runtime;",
        "#[allow(unused_imports)]",
        "use super::auth;",
    ] {
        lines.line(1, line)?;
    }
    for (doc, item) in consts {
        // prettyplease writes a doc holding a line break in another form.
        if doc.contains(['\n', '\r']) {
            return None;
        }
        lines.docs(1, doc)?;
        lines.statements(1, item)?;
    }
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// An operation's `PATH_IDS` and `LISTS`, where it has them.
pub(super) fn operation_consts(api: &Api, op: &Operation) -> Vec<super::consts::Const> {
    use super::consts::Const;
    let mut out = Vec::new();
    let ids: Vec<String> = op
        .params
        .iter()
        .filter_map(|p| {
            let resource = api.resources.get(p.resource?)?;
            let placeholder = format!("{{{}}}", p.wire);
            let segment = op.path.split('/').position(|s| s == placeholder)?;
            Some(format!(
                "runtime::PathId::new({segment}, &resources::{})",
                resource.const_name
            ))
        })
        .collect();
    if !ids.is_empty() {
        out.push(Const::Text(format!(
            "const PATH_IDS: runtime::PathIds = &[{}];",
            ids.join(", ")
        )));
    }
    if let (Some(edit), Some(body)) = (&op.roles.edit, &op.body) {
        let get_security = super::auth::requirements_expr(api, &api.operations[edit.get]);
        let media_type = lit(&body.media_type);
        let merge_patch = edit.merge_patch;
        let fields = edit.fields.iter().map(|f| lit(f));
        out.push(Const::Tokens(quote! {
            const EDIT: Option<runtime::Edit> = Some(runtime::Edit {
                get_security: #get_security,
                media_type: #media_type,
                merge_patch: #merge_patch,
                fields: &[#(#fields),*],
            });
        }));
    }
    if let Some(resource) = listed(api, op) {
        out.push(Const::Text(format!(
            "const LISTS: Option<&'static runtime::Resource> = Some(&resources::{});",
            resource.const_name
        )));
    }
    out
}

/// The resource `op` lists, when it is one's list.
pub(super) fn listed<'a>(api: &'a Api, op: &Operation) -> Option<&'a Resource> {
    let index = api.operations.iter().position(|o| std::ptr::eq(o, op));
    api.resources.iter().find(|r| Some(r.list) == index)
}
