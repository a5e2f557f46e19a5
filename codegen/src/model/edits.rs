//! Operations `edit` can run: a PUT or PATCH that takes a JSON body, on a
//! path whose GET (same path, no other required input) answers JSON. The
//! CLI reads the item with the GET, opens it in an editor, and sends the
//! change back; as a JSON merge patch (RFC 7386) only where the spec says
//! the server takes one (`application/merge-patch+json`).

use serde_json::Value;

use super::{Api, BodyKind, Method, Operation, ParamLocation, PathPart, ResponseBody};

/// How an operation's target is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The GET that reads it (an index into `Api::operations`).
    pub get: usize,
    /// The server takes a JSON merge patch: only the changes are sent.
    pub merge_patch: bool,
    /// The body's top-level fields (wire names, read-only ones left out)
    /// shown in the editor; empty when the schema does not list them, and
    /// the whole item is shown.
    pub fields: Vec<String>,
}

/// Marks each operation `edit` can run.
pub(super) fn find(api: &mut Api) {
    let found: Vec<(usize, Edit)> = api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(index, op)| Some((index, edit_of(api, op)?)))
        .collect();
    for (index, edit) in found {
        api.operations[index].roles.edit = Some(edit);
    }
}

fn edit_of(api: &Api, op: &Operation) -> Option<Edit> {
    if !matches!(op.method, Method::Put | Method::Patch) {
        return None;
    }
    let body = op.body.as_ref()?;
    if !matches!(body.kind, BodyKind::Json(_)) {
        return None;
    }
    let shape = path_shape(op);
    let get = api.operations.iter().position(|g| {
        g.method == Method::Get
            && path_shape(g) == shape
            && !g
                .params
                .iter()
                .any(|p| p.required && p.location != ParamLocation::Path)
            && g.successes()
                .any(|r| matches!(r.body, ResponseBody::Json(_)))
    })?;
    let mut fields = Vec::new();
    if let Some(schema) = &body.schema_doc {
        writable_fields(schema, &mut fields);
    }
    Some(Edit {
        get,
        merge_patch: body.merge_patch,
        fields,
    })
}

/// The path with each parameter as `{}`: a GET and a PUT of the same item
/// may name their parameters differently.
fn path_shape(op: &Operation) -> String {
    op.path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.as_str(),
            PathPart::Param(_) => "{}",
        })
        .collect()
}

/// The properties of a schema as the pages show it (`allOf` members
/// included), without the read-only ones.
fn writable_fields(schema: &Value, fields: &mut Vec<String>) {
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let read_only = property.get("readOnly") == Some(&Value::Bool(true));
            if !read_only && !fields.contains(name) {
                fields.push(name.clone());
            }
        }
    }
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        writable_fields(member, fields);
    }
}

#[cfg(test)]
mod tests {
    use super::writable_fields;

    #[test]
    fn writable_fields_leave_read_only_ones_out_and_read_all_of() {
        let schema = serde_json::json!({
            "allOf": [{"properties": {"name": {}, "id": {"readOnly": true}}}],
            "properties": {"config": {}, "name": {}},
        });
        let mut fields = Vec::new();
        writable_fields(&schema, &mut fields);
        assert_eq!(fields, ["config", "name"]);
    }
}
