//! Which operations are paginated, and how: decided from the spec's own
//! word where it gives one (the customisation file, then `x-pagination`,
//! `x-speakeasy-pagination`, `x-fern-pagination`, `x-dropshot-pagination`),
//! else by the conventions of public APIs, in this order:
//!
//! 1. a `Link` response header: the next page's URL in `rel="next"`;
//! 2. a token or cursor in a query parameter, the next one in a response
//!    field (`pageToken`, `cursor` -> `response_metadata.next_cursor`);
//! 3. `has_more` with the last item's id as the next cursor (Stripe);
//! 4. a next-page URL in the body (`next`, `links.next`, `@odata.nextLink`);
//! 5. an offset with a limit, ending on a short page or at the total;
//! 6. a page number with a page size, likewise.
//!
//! Every kind needs the page's items: the body when it is a list, else its
//! one list field (or the one named like `data`, `items`, `results`).

use serde_json::Value;

use super::{Operation, ParamLocation, ResponseBody, TypeDef, TypeRef};
use crate::error::Warning;

mod declared;
mod shape;

pub(super) use declared::{declared, Declared};
use shape::{find_items, Kind, Page};

/// How a paginated operation's pages are asked for and read.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub kind: PageKind,
    /// Wire names from the body down to the page's items; empty when the
    /// body is the list.
    pub items: Vec<String>,
    /// The type of one item, when the types say it: the client streams them.
    pub item: Option<TypeRef>,
    /// What recognised it.
    pub source: PageSource,
}

/// The kinds of pagination (the runtime's `PageKind`, with owned names).
#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    /// A token in query `param`, the next one at `next` in the body.
    Cursor {
        /// Query parameter (wire name).
        param: String,
        /// Path of the next token in the body.
        next: Vec<String>,
    },
    /// `has_more` in the body; the last item's `id` goes in `param`.
    HasMore {
        /// Query parameter (wire name).
        param: String,
        /// Path of the flag in the body.
        has_more: Vec<String>,
        /// The item's id field.
        id: String,
    },
    /// The next page's URL at `next` in the body.
    NextUrl {
        /// Path of the URL (or of an object with `href`).
        next: Vec<String>,
    },
    /// The next page's URL in the `Link` header.
    LinkHeader,
    /// Items to skip in `param`, the page size in `limit`.
    Offset {
        /// Query parameter (wire name).
        param: String,
        /// Page size parameter (wire name).
        limit: Option<String>,
        /// Path of the total number of items (empty: none).
        total: Vec<String>,
    },
    /// Page number in `param`, from `first`, the size in `size`.
    PageNumber {
        /// Query parameter (wire name).
        param: String,
        /// Page size parameter (wire name).
        size: Option<String>,
        /// Number of the first page.
        first: u64,
        /// Path of the number of pages (empty: none).
        total: Vec<String>,
    },
}

/// What recognised an operation's pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSource {
    /// The conventions of public APIs (this module's doc).
    Convention,
    /// The spec's extension of this name.
    Extension(&'static str),
    /// The tool's customisation file (`pagination:`).
    Customisation,
}

impl PageSource {
    /// Its name, as the catalog shows it.
    pub fn name(&self) -> &'static str {
        match self {
            PageSource::Convention => "convention",
            PageSource::Extension(name) => name,
            PageSource::Customisation => "customisation",
        }
    }
}

impl PageKind {
    /// Its name, as the catalog and the model's outline show it.
    pub fn name(&self) -> &'static str {
        match self {
            PageKind::Cursor { .. } => "cursor",
            PageKind::HasMore { .. } => "has-more",
            PageKind::NextUrl { .. } => "next-url",
            PageKind::LinkHeader => "link",
            PageKind::Offset { .. } => "offset",
            PageKind::PageNumber { .. } => "page",
        }
    }
}

/// Query parameters taking a token or cursor (lowercase, without `_`, `-`, `[`, `]`, `$`).
const CURSOR_PARAMS: &[&str] = &[
    "pagetoken",
    "cursor",
    "after",
    "startingafter",
    "marker",
    "continuationtoken",
    "nexttoken",
    "pageafter",
    "startcursor",
    "paginationtoken",
    "skiptoken",
    "nextpagetoken",
    "token",
    "next",
    "page",
];

/// Response fields holding the next token, best first.
const NEXT_TOKENS: &[&str] = &[
    "nextpagetoken",
    "nextcursor",
    "nexttoken",
    "nextmarker",
    "nextpage",
    "endcursor",
    "continuationtoken",
    "next",
    "cursor",
    "after",
];

/// Response fields holding the next page's URL, best first.
const NEXT_URLS: &[&str] = &[
    "odatanextlink",
    "nextlink",
    "nexturl",
    "nextpageurl",
    "nexthref",
    "nextpage",
    "next",
];

/// Response flags saying more pages follow.
const HAS_MORE: &[&str] = &["hasmore", "hasnext", "hasnextpage", "more"];

/// Query parameters taking the last item's id with `has_more`.
const AFTER_ID: &[&str] = &["startingafter", "after", "afterid", "cursor", "from"];

/// Integer query parameters taking an offset.
const OFFSETS: &[&str] = &["offset", "skip", "start", "startindex", "first"];

/// Integer query parameters taking a page number.
const PAGE_NUMBERS: &[&str] = &["page", "pagenumber", "pageno", "pagenum"];

/// Query parameters taking a page size.
const SIZES: &[&str] = &[
    "limit",
    "perpage",
    "pagesize",
    "maxresults",
    "count",
    "size",
    "top",
    "take",
    "per",
    "max",
];

/// Response fields giving the total number of items.
const TOTALS: &[&str] = &[
    "total",
    "totalcount",
    "totalresults",
    "totalitems",
    "totalsize",
];

/// Response fields giving the number of pages.
const TOTAL_PAGES: &[&str] = &["totalpages", "pages", "pagecount", "numpages", "lastpage"];

/// Names of the field holding a page's items when the body has several lists.
const ITEM_FIELDS: &[&str] = &[
    "data", "items", "results", "values", "value", "entries", "records", "nodes", "elements",
    "list", "content",
];

/// How deep in the body fields are looked for.
const MAX_DEPTH: usize = 3;

/// A name as the tables above write it: lowercase ASCII letters and digits.
fn norm(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `name` normalised ([`norm`]) is `normal`, with no string made.
fn norm_is(name: &str, normal: &str) -> bool {
    name.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .eq(normal.bytes())
}

/// How `op` is paginated, if it is: what the spec declares, else the
/// conventions, on the success body's types, then on its example where the
/// types say too little (Slack's schemas name no list, its examples do). A
/// declaration that does not fit the operation is a warning, and the
/// conventions decide.
pub(super) fn recognise(
    types: &[TypeDef],
    op: &Operation,
    declared: Option<&Declared>,
    example: Option<&Value>,
    warnings: &mut Vec<Warning>,
) -> Option<Pagination> {
    let body = success_body(op)?;
    if let Some(declared) = declared {
        match declared.pagination(types, op, body) {
            Ok(pagination) => return pagination,
            Err(message) => warnings.push(Warning {
                pointer: declared.pointer.clone(),
                message: format!("{message}; pagination found by convention instead"),
            }),
        }
    }
    convention(op, &Page::Typed(types, body))
        .or_else(|| example.and_then(|example| convention(op, &Page::Example(example))))
}

/// Whether an operation takes a query parameter named like a cursor, an
/// offset or a page number (its success example is kept for [`recognise`]).
pub(super) fn takes_page_param(params: &[super::Param]) -> bool {
    let names = [CURSOR_PARAMS, OFFSETS, PAGE_NUMBERS, AFTER_ID];
    params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .any(|p| {
            names
                .iter()
                .any(|list| list.contains(&norm(&p.wire).as_str()))
        })
}

/// The first success's JSON body type.
fn success_body(op: &Operation) -> Option<&TypeRef> {
    op.successes().find_map(|r| match &r.body {
        ResponseBody::Json(ty) => Some(ty),
        _ => None,
    })
}

/// Pagination by the conventions of public APIs (the module's doc).
fn convention(op: &Operation, page: &Page) -> Option<Pagination> {
    let fields = page.fields();
    let items = find_items(page, &fields)?;
    let query = |names: &[&str], integer: Option<bool>| query_param(op, names, integer);
    let link = op.successes().any(|r| {
        r.headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case("link"))
    });
    let kind = if link {
        PageKind::LinkHeader
    } else if let Some((param, next)) = cursor(op, &fields) {
        PageKind::Cursor { param, next }
    } else if let (Some(param), Some(has_more), true) = (
        query(AFTER_ID, Some(false)),
        find(&fields, HAS_MORE, |k| k == Kind::Bool),
        page.items_have_id(&items),
    ) {
        PageKind::HasMore {
            param,
            has_more,
            id: "id".to_string(),
        }
    } else if let Some(next) = find(&fields, NEXT_URLS, |k| matches!(k, Kind::Text | Kind::Href)) {
        PageKind::NextUrl { next }
    } else if let Some(param) = query(OFFSETS, Some(true)) {
        PageKind::Offset {
            param,
            limit: query(SIZES, None),
            total: find(&fields, TOTALS, |k| k == Kind::Integer).unwrap_or_default(),
        }
    } else if let Some(param) = query(PAGE_NUMBERS, Some(true)) {
        let first = op
            .params
            .iter()
            .find(|p| p.wire == param)
            .and_then(|p| p.default.as_deref())
            .map_or(1, |d| if d.trim() == "0" { 0 } else { 1 });
        PageKind::PageNumber {
            param,
            size: query(SIZES, None),
            first,
            total: find(&fields, TOTAL_PAGES, |k| k == Kind::Integer).unwrap_or_default(),
        }
    } else {
        return None;
    };
    Some(Pagination {
        kind,
        item: page.item(&items),
        items,
        source: PageSource::Convention,
    })
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64)
}

/// The wire name of the first query parameter named as in `names` (in the
/// order of `names`), of an integer type when `integer` says so.
fn query_param(op: &Operation, names: &[&str], integer: Option<bool>) -> Option<String> {
    names.iter().find_map(|name| {
        op.params
            .iter()
            .filter(|p| p.location == ParamLocation::Query)
            .filter(|p| integer.is_none_or(|int| is_integer(p.ty.non_null()) == int))
            .find(|p| norm_is(&p.wire, name))
            .map(|p| p.wire.clone())
    })
}

/// A cursor parameter and the field with the next one: a field named like
/// the parameter, else one named like a next token.
fn cursor(op: &Operation, fields: &[(Vec<String>, Kind)]) -> Option<(String, Vec<String>)> {
    let param = query_param(op, CURSOR_PARAMS, Some(false))?;
    let text = |k: Kind| matches!(k, Kind::Text | Kind::Integer);
    let same = find(fields, &[norm(&param).as_str()], text);
    let next = same.or_else(|| find(fields, NEXT_TOKENS, |k| k == Kind::Text))?;
    Some((param, next))
}

/// The path of the shallowest field named as in `names` (earlier names
/// first) whose kind passes `fits`.
fn find(
    fields: &[(Vec<String>, Kind)],
    names: &[&str],
    fits: impl Fn(Kind) -> bool,
) -> Option<Vec<String>> {
    names.iter().find_map(|name| {
        fields
            .iter()
            .filter(|(path, kind)| {
                path.last().is_some_and(|last| norm_is(last, name)) && fits(*kind)
            })
            .min_by_key(|(path, _)| path.len())
            .map(|(path, _)| path.clone())
    })
}
