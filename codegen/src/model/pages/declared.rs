//! Pagination as a spec or the tool's customisation declares it: our own
//! `x-pagination`, and the vendors' `x-speakeasy-pagination`,
//! `x-fern-pagination` and `x-dropshot-pagination`, all read into the same
//! [`Pagination`].

use serde_json::Value;

use super::shape::{find_items, item_at, Page};
use super::{PageKind, PageSource, Pagination};
use crate::model::{Operation, ParamLocation, TypeDef, TypeRef};

/// The extensions read, in the order they are looked for.
const EXTENSIONS: &[&str] = &[
    "x-pagination",
    "x-speakeasy-pagination",
    "x-fern-pagination",
    "x-dropshot-pagination",
];

/// What an operation declares of its pages, read once its types are known.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    /// Where it comes from.
    pub source: PageSource,
    /// The declaration as written.
    pub value: Value,
    /// Its JSON pointer (in the spec, or in the customisation file).
    pub pointer: String,
}

/// The declaration for the operation at `pointer`: the customisation
/// file's, else the first extension it has.
pub(in crate::model) fn declared(
    extensions: &indexmap::IndexMap<String, Value>,
    pointer: &str,
    operation_id: &str,
    config: &crate::Config,
) -> Option<Declared> {
    if let Some(value) = config.pagination.get(operation_id) {
        return Some(Declared {
            source: PageSource::Customisation,
            value: value.clone(),
            pointer: format!("/pagination/{operation_id}"),
        });
    }
    EXTENSIONS.iter().find_map(|name| {
        extensions.get(*name).map(|value| Declared {
            source: PageSource::Extension(name),
            value: value.clone(),
            pointer: format!("{pointer}/{name}"),
        })
    })
}

impl Declared {
    /// The pagination declared, `None` where it says the operation has none
    /// (`x-pagination: false`); an error names what does not fit.
    pub(super) fn pagination(
        &self,
        types: &[TypeDef],
        op: &Operation,
        body: &TypeRef,
    ) -> Result<Option<Pagination>, String> {
        if self.value == Value::Bool(false) {
            return Ok(None);
        }
        let (kind, items) = match self.source {
            PageSource::Extension("x-speakeasy-pagination") => speakeasy(&self.value)?,
            PageSource::Extension("x-fern-pagination") => fern(&self.value)?,
            PageSource::Extension("x-dropshot-pagination") => (
                PageKind::Cursor {
                    param: "page_token".to_string(),
                    next: vec!["next_page".to_string()],
                },
                Some(vec!["items".to_string()]),
            ),
            _ => ours(&self.value)?,
        };
        for param in kind_params(&kind) {
            let found = op
                .params
                .iter()
                .any(|p| p.location == ParamLocation::Query && p.wire == param);
            if !found {
                return Err(format!(
                    "names the query parameter '{param}', which the operation does not have"
                ));
            }
        }
        let (items, item) = match items {
            Some(path) => {
                let item = item_at(types, body, &path);
                (path, item)
            }
            None => {
                let page = Page::Typed(types, body);
                let path = find_items(&page, &page.fields())
                    .ok_or("says no items field, and the body has no one list")?;
                let item = item_at(types, body, &path);
                (path, item)
            }
        };
        Ok(Some(Pagination {
            kind,
            items,
            item,
            source: self.source,
        }))
    }
}

/// The query parameters a kind sends.
fn kind_params(kind: &PageKind) -> Vec<&str> {
    match kind {
        PageKind::Cursor { param, .. } | PageKind::HasMore { param, .. } => vec![param],
        PageKind::Offset { param, limit, .. } => std::iter::once(param)
            .chain(limit)
            .map(String::as_str)
            .collect(),
        PageKind::PageNumber { param, size, .. } => std::iter::once(param)
            .chain(size)
            .map(String::as_str)
            .collect(),
        PageKind::NextUrl { .. } | PageKind::LinkHeader => Vec::new(),
    }
}

/// A path into a body or request, as the extensions write it: `a.b`,
/// `$.a.b`, `$response.a.b`, `$request.a`, `$['@odata.nextLink']`, or a
/// list of names.
pub(super) fn path(value: &Value) -> Option<Vec<String>> {
    if let Some(list) = value.as_array() {
        return list
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    let text = value.as_str()?.trim();
    let text = ["$response.", "$request.", "$."]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))
        .unwrap_or_else(|| text.strip_prefix('$').unwrap_or(text));
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest.trim_start_matches('.');
        if let Some(bracketed) = rest.strip_prefix("['") {
            let end = bracketed.find("']")?;
            parts.push(bracketed[..end].to_string());
            rest = &bracketed[end + 2..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            parts.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    (!parts.is_empty()).then_some(parts)
}

/// The one name a path to a request parameter gives (`$request.cursor`).
fn param(value: &Value) -> Option<String> {
    match path(value)?.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// A required path field of a declaration.
fn required_path(value: &Value, key: &str) -> Result<Vec<String>, String> {
    value
        .get(key)
        .and_then(path)
        .ok_or_else(|| format!("has no '{key}' path"))
}

/// A required parameter field of a declaration.
fn required_param(value: &Value, key: &str) -> Result<String, String> {
    value
        .get(key)
        .and_then(param)
        .ok_or_else(|| format!("has no '{key}' parameter"))
}

/// Our own form (`x-pagination` and the customisation file's
/// `pagination:`); docs/any-api.md lists its fields.
fn ours(value: &Value) -> Result<(PageKind, Option<Vec<String>>), String> {
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    let optional = |key: &str| value.get(key).and_then(path).unwrap_or_default();
    let kind = match kind {
        "cursor" => PageKind::Cursor {
            param: required_param(value, "param")?,
            next: required_path(value, "next")?,
        },
        "has-more" => PageKind::HasMore {
            param: required_param(value, "param")?,
            has_more: required_path(value, "has-more")?,
            id: value
                .get("id")
                .and_then(param)
                .unwrap_or_else(|| "id".into()),
        },
        "next-url" => PageKind::NextUrl {
            next: required_path(value, "next")?,
        },
        "link" => PageKind::LinkHeader,
        "offset" => PageKind::Offset {
            param: required_param(value, "param")?,
            limit: value.get("limit").and_then(param),
            total: optional("total"),
        },
        "page" => PageKind::PageNumber {
            param: required_param(value, "param")?,
            size: value.get("limit").and_then(param),
            first: value.get("first").and_then(Value::as_u64).unwrap_or(1),
            total: optional("total"),
        },
        other => {
            return Err(format!(
                "has kind '{other}', not one of cursor, has-more, next-url, link, offset, page"
            ))
        }
    };
    Ok((kind, value.get("items").and_then(path)))
}

/// Speakeasy's form: `type` (`offsetLimit`, `cursor`, `url`), `inputs`
/// (each a parameter with its role) and `outputs` (JSONPath).
fn speakeasy(value: &Value) -> Result<(PageKind, Option<Vec<String>>), String> {
    let input = |role: &str| {
        value
            .get("inputs")?
            .as_array()?
            .iter()
            .find(|i| i.get("type").and_then(Value::as_str) == Some(role))
            .filter(|i| i.get("in").and_then(Value::as_str) != Some("requestBody"))
            .and_then(|i| i.get("name")?.as_str().map(str::to_string))
    };
    let outputs = value.get("outputs").cloned().unwrap_or(Value::Null);
    let output = |key: &str| outputs.get(key).and_then(path);
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("cursor") => PageKind::Cursor {
            param: input("cursor").ok_or("has no cursor input in the query")?,
            next: output("nextCursor").ok_or("has no outputs.nextCursor")?,
        },
        Some("url") => PageKind::NextUrl {
            next: output("nextUrl").ok_or("has no outputs.nextUrl")?,
        },
        Some("offsetLimit") => match (input("page"), input("offset")) {
            (Some(param), _) => PageKind::PageNumber {
                param,
                size: input("limit"),
                first: 1,
                total: output("numPages").unwrap_or_default(),
            },
            (None, Some(param)) => PageKind::Offset {
                param,
                limit: input("limit"),
                total: Vec::new(),
            },
            (None, None) => return Err("has neither a page nor an offset input".into()),
        },
        _ => return Err("has a type other than offsetLimit, cursor or url".into()),
    };
    Ok((kind, output("results")))
}

/// Fern's form: `cursor` + `next_cursor`, `offset` (+ `step`), or
/// `next_uri`, each with `results`.
fn fern(value: &Value) -> Result<(PageKind, Option<Vec<String>>), String> {
    let results = value.get("results").and_then(path);
    let kind = if let Some(next) = value.get("next_uri").and_then(path) {
        PageKind::NextUrl { next }
    } else if value.get("cursor").is_some() {
        PageKind::Cursor {
            param: required_param(value, "cursor")?,
            next: required_path(value, "next_cursor")?,
        }
    } else if value.get("offset").is_some() {
        let offset = required_param(value, "offset")?;
        match value.get("step").and_then(param) {
            Some(limit) => PageKind::Offset {
                param: offset,
                limit: Some(limit),
                total: Vec::new(),
            },
            None => PageKind::PageNumber {
                param: offset,
                size: None,
                first: 1,
                total: Vec::new(),
            },
        }
    } else {
        return Err("has none of cursor, offset or next_uri".into());
    };
    Ok((kind, results))
}
