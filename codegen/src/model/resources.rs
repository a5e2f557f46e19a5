//! Resources recognised from the spec: a collection whose list operation
//! returns items with an id and a human name, and whose other operations
//! take that id as a path parameter (`GET /alerts` lists `{id, name}`s;
//! `GET /alerts/{id}` and `DELETE /alerts/{id}` take one). The CLI looks
//! such an id up by name, completes it, and names the target of a
//! destructive command. The customisation's `resources:` corrects one or
//! adds one the spec does not make plain.

use super::{Api, Method, Operation, ParamLocation, ResponseBody, TypeKind, TypeRef};

/// A resource: where its ids and names are listed, and which path
/// parameters are its ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Its name, kebab-case and unique (`alerts`, `member-accounts`).
    pub name: String,
    /// The client's constant describing it (`MEMBER_ACCOUNTS`), unique as
    /// its name is.
    pub const_name: crate::naming::RustName,
    /// The operation that lists it (an index into `Api::operations`).
    pub list: usize,
    /// Wire names from the list's body down to its items; empty when the
    /// body is the list.
    pub items: Vec<String>,
    /// The item's id field (wire name).
    pub id_field: String,
    /// The item's human name field (wire name).
    pub name_field: String,
    /// How an id is written, where the spec says (`uuid`, `integer`): a
    /// value of that form is sent as it is, never looked up.
    pub id_format: Option<String>,
    /// The operation that reads one by id, when there is one (a GET on
    /// the item's path): it names the target of a destructive command.
    pub get: Option<usize>,
    /// The path parameters that are its ids: (operation index, wire name).
    pub uses: Vec<(usize, String)>,
}

/// A correction of the customisation file (`resources:`): by the list
/// operation's operationId, the fields to read; `false` drops one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum Custom {
    /// `{list: listAlerts, id: id, name: name}` (id and name optional).
    Fields {
        /// The list operation's operationId.
        list: String,
        /// The id field, where it is not `id` or the parameter's name.
        #[serde(default)]
        id: Option<String>,
        /// The name field, where none of the usual ones.
        #[serde(default)]
        name: Option<String>,
    },
    /// `false`: the spec's look-alike is not a resource.
    Off(bool),
}

/// Field names that hold a human name, best first.
const NAME_FIELDS: &[&str] = &[
    "name",
    "displayName",
    "display_name",
    "title",
    "label",
    "email",
];

/// Finds the resources of `api`, applying the customisation's corrections
/// (by resource name); records on each path parameter which it is an id of.
pub(super) fn find(
    api: &mut Api,
    custom: &std::collections::BTreeMap<String, Custom>,
) -> Result<(), String> {
    let mut found: Vec<Resource> = Vec::new();
    let mut names = crate::naming::Namespace::kebab();
    for (index, op) in api.operations.iter().enumerate() {
        let Some(base) = collection_name(op) else {
            continue;
        };
        let given = custom.get(&base);
        if given == Some(&Custom::Off(false)) {
            continue;
        }
        let fields = match given {
            Some(Custom::Fields { list, id, name }) if *list == op.operation_id => {
                (id.clone(), name.clone())
            }
            _ => (None, None),
        };
        if let Some(mut resource) = recognise(api, index, &base, fields) {
            resource.name = names.claim(base);
            resource.const_name = crate::naming::const_name(&resource.name);
            found.push(resource);
        }
    }
    for (name, given) in custom {
        if let Custom::Fields { list, .. } = given {
            if !found
                .iter()
                .any(|r| api.operations[r.list].operation_id == *list)
            {
                return Err(format!(
                    "resources: {name}: '{list}' is not a list operation whose items have an id and a name, followed by operations that take the id in their path"
                ));
            }
        }
    }
    for (position, resource) in found.iter().enumerate() {
        for (op, wire) in &resource.uses {
            if let Some(param) = api.operations[*op]
                .params
                .iter_mut()
                .find(|p| p.location == ParamLocation::Path && p.wire == *wire)
            {
                param.resource = Some(position);
            }
        }
    }
    api.resources = found;
    Ok(())
}

/// The name of the collection `op` lists: a GET whose path ends in a
/// literal segment (not a version: `/anomalies/v1` is `anomalies`).
fn collection_name(op: &Operation) -> Option<String> {
    if op.method != Method::Get || op.path.ends_with('}') {
        return None;
    }
    op.path
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{') && !is_version(s))
        .map(crate::naming::kebab)
}

fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix(['v', 'V'])
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The resource `list` is the list operation of, if it is one.
fn recognise(
    api: &Api,
    list: usize,
    collection: &str,
    (id_field, name_field): (Option<String>, Option<String>),
) -> Option<Resource> {
    let op = &api.operations[list];
    // Listing must need nothing the item's operations do not give.
    if op
        .params
        .iter()
        .any(|p| p.required && p.location != ParamLocation::Path)
    {
        return None;
    }
    let (items, item) = items(api, op)?;
    let fields = struct_fields(api, item)?;
    let prefix = format!("{}/{{", op.path.trim_end_matches('/'));
    let mut uses: Vec<(usize, String)> = Vec::new();
    for (index, other) in api.operations.iter().enumerate() {
        let Some(rest) = other.path.strip_prefix(&prefix) else {
            continue;
        };
        let Some((param, _)) = rest.split_once('}') else {
            continue;
        };
        uses.push((index, param.to_string()));
    }
    let param = uses.first()?.1.clone();
    let field = |wire: &str| fields.iter().find(|f| f.wire.eq_ignore_ascii_case(wire));
    let id = match &id_field {
        Some(name) => field(name)?,
        None => field(&param).or_else(|| field("id"))?,
    };
    let id_format = match id.ty.non_null() {
        TypeRef::I32 | TypeRef::I64 => Some("integer".to_string()),
        TypeRef::String => id.format.clone().filter(|f| f == "uuid"),
        _ => return None,
    };
    // `budgetName` in `budgets`: the collection's own name field.
    let own_name = format!("{}name", collection.trim_end_matches('s').replace('-', ""));
    let name = match &name_field {
        Some(name) => field(name)?,
        None => NAME_FIELDS
            .iter()
            .find_map(|n| field(n))
            .or_else(|| field(&own_name))?,
    };
    if *name.ty.non_null() != TypeRef::String || name.wire == id.wire {
        return None;
    }
    let item_path = format!("{prefix}{param}}}");
    let get = uses
        .iter()
        .map(|(index, _)| *index)
        .find(|&i| api.operations[i].method == Method::Get && api.operations[i].path == item_path);
    Some(Resource {
        name: String::new(),
        // Both named when it is claimed (`find`).
        const_name: crate::naming::RustName::fixed("UNNAMED"),
        list,
        items,
        id_field: id.wire.clone(),
        name_field: name.wire.clone(),
        id_format,
        get,
        uses,
    })
}

/// Where a list operation's items are, and their type: its pagination's
/// items, else a body that is an array, else a body object with one array
/// of objects.
fn items(api: &Api, op: &Operation) -> Option<(Vec<String>, super::TypeId)> {
    let named = |ty: &TypeRef| match ty.non_null() {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    };
    let list_of = |ty: &TypeRef| match ty.non_null() {
        TypeRef::Vec(item) => named(item),
        _ => None,
    };
    if let Some(pages) = &op.roles.pagination {
        return Some((pages.items.clone(), named(pages.item.as_ref()?)?));
    }
    let body = op.successes().find_map(|r| match &r.body {
        ResponseBody::Json(ty) => Some(ty.clone()),
        _ => None,
    })?;
    if let Some(item) = list_of(&body) {
        return Some((Vec::new(), item));
    }
    let fields = struct_fields(api, named(&body)?)?;
    let mut lists = fields.iter().filter_map(|f| Some((f, list_of(&f.ty)?)));
    match (lists.next(), lists.next()) {
        (Some((field, item)), None) => Some((vec![field.wire.clone()], item)),
        _ => None,
    }
}

/// The fields of the struct `id` is, or names through aliases.
fn struct_fields(api: &Api, mut id: super::TypeId) -> Option<&[super::Field]> {
    for _ in 0..8 {
        match &api.type_def(id)?.kind {
            TypeKind::Struct { fields, .. } => return Some(fields),
            TypeKind::Alias(TypeRef::Named(next)) => id = *next,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests;
