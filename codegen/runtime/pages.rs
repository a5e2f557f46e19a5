//! Following an operation's pages, whatever kind of pagination its spec
//! declares: a token or cursor in a response field, `has_more` with the last
//! item's id, a next-page URL in the body or in the `Link` header, offsets
//! and page numbers. The typed `stream()` and the CLI's `--all` both walk
//! pages with [`Pager`]; neither knows the kinds.

use std::collections::HashSet;

use reqwest::header::HeaderMap;
use serde_json::Value;

use super::request::Request;

/// Following stops here unless told otherwise (`--max-pages`).
pub const MAX_PAGES: usize = 10_000;

/// How an operation's pages are asked for and read: generated for each
/// operation the generator recognises as paginated
/// ([`Operation::PAGINATION`](super::Operation::PAGINATION)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub kind: PageKind,
    /// Where a page keeps its items: field names from the body down; empty
    /// when the body is the list itself.
    pub items: &'static [&'static str],
}

/// The kinds of pagination, each with the names its spec gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageKind {
    /// A token in the query parameter `param`; the next one is at `next`
    /// in the body (`pageToken`, `response_metadata.next_cursor`).
    Cursor {
        /// The query parameter taking the token.
        param: &'static str,
        /// Where the body holds the next token.
        next: &'static [&'static str],
    },
    /// While `has_more` is true, the next page starts after the last item,
    /// whose `id` goes in `param` (Stripe's `starting_after`).
    HasMore {
        /// The query parameter taking the last item's id.
        param: &'static str,
        /// Where the body says whether more pages follow.
        has_more: &'static [&'static str],
        /// The item field holding its id.
        id: &'static str,
    },
    /// The next page's URL at `next` in the body: a string, or an object
    /// with an `href` (`next`, `links.next`, `@odata.nextLink`).
    NextUrl {
        /// Where the body holds the URL.
        next: &'static [&'static str],
    },
    /// The next page's URL in the `Link` header, `rel="next"` (RFC 8288).
    LinkHeader,
    /// The number of items to skip in `param`; pages end on an empty one,
    /// one shorter than `limit` asked for, or at the `total` the body gives.
    Offset {
        /// The query parameter taking the offset.
        param: &'static str,
        /// The query parameter taking the page size, if any.
        limit: Option<&'static str>,
        /// Where the body gives the total number of items (empty: nowhere).
        total: &'static [&'static str],
    },
    /// The page number in `param`, the first being `first`; pages end on an
    /// empty one, one shorter than `size` asked for, or at the number of
    /// pages the body gives at `total`.
    PageNumber {
        /// The query parameter taking the page number.
        param: &'static str,
        /// The query parameter taking the page size, if any.
        size: Option<&'static str>,
        /// The number of the first page.
        first: u64,
        /// Where the body gives the number of pages (empty: nowhere).
        total: &'static [&'static str],
    },
}

/// How far to follow pages: `Limits::default().max_items(100)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Pages fetched at most.
    pub max_pages: usize,
    /// Items kept at most (the last page is cut), if bounded.
    pub max_items: Option<usize>,
}

impl Limits {
    /// At most `n` pages.
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = n;
        self
    }

    /// At most `n` items, the last page cut.
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: MAX_PAGES,
            max_items: None,
        }
    }
}

/// Why pages stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Stop {
    /// The last page said there are no more.
    Last,
    /// [`Limits::max_pages`] pages were fetched and more remain.
    MaxPages(usize),
    /// [`Limits::max_items`] items were kept.
    MaxItems(usize),
    /// The server asked for a page already fetched: following would loop.
    Repeated(String),
    /// The next page's URL is on another host than the API's, which is not
    /// sent the credentials.
    Foreign(String),
    /// The next page's URL is not a URL.
    BadUrl(String),
}

impl Stop {
    /// What to tell the user, when pages ended before the API said so
    /// (none for the last page or `--max-items`).
    pub fn warning(&self) -> Option<String> {
        match self {
            Stop::Last | Stop::MaxItems(_) => None,
            Stop::MaxPages(n) => Some(format!(
                "stopped after {n} pages (--max-pages); more remain"
            )),
            Stop::Repeated(page) => Some(format!(
                "stopped: the server asked again for a page already fetched ({page})"
            )),
            Stop::Foreign(url) => Some(format!(
                "stopped: the next page is on another host ({url}), which is not sent the credentials"
            )),
            Stop::BadUrl(url) => Some(format!("stopped: the next page's URL '{url}' is not a URL")),
        }
    }
}

/// Walks an operation's pages: [`Pager::next_request`] gives each request
/// to send, [`Pager::advance`] reads what it answered. Pages end when the
/// API says so, on a repeated request, or at the [`Limits`].
#[derive(Debug)]
pub struct Pager {
    rule: Pagination,
    base_url: String,
    limits: Limits,
    next: Option<Request>,
    seen: HashSet<String>,
    pages: usize,
    items: usize,
    stop: Option<Stop>,
}

impl Pager {
    /// Pages from `first`, sent to the API at `base_url`.
    pub fn new(rule: Pagination, first: Request, base_url: &str, limits: Limits) -> Self {
        let seen = HashSet::from([key(&first)]);
        Pager {
            rule,
            base_url: base_url.to_string(),
            limits,
            next: Some(first),
            seen,
            pages: 0,
            items: 0,
            stop: None,
        }
    }

    /// The next request to send, or `None` when pages are over ([`Self::stop`] says why).
    pub fn next_request(&mut self) -> Option<Request> {
        if self.stop.is_some() {
            return None;
        }
        if self.pages >= self.limits.max_pages {
            self.stop = Some(Stop::MaxPages(self.pages));
            return None;
        }
        self.next.take()
    }

    /// Reads the page `sent` answered: cuts its items to what
    /// [`Limits::max_items`] leaves, and finds the next page's request.
    pub fn advance(&mut self, sent: &Request, body: &mut Value, headers: &HeaderMap) {
        self.pages += 1;
        let count = items(body, self.rule.items).map(Vec::len);
        if let (Some(max), Some(count)) = (self.limits.max_items, count) {
            if self.items + count >= max {
                let keep = max - self.items;
                if let Some(list) = items_mut(body, self.rule.items) {
                    list.truncate(keep);
                }
                self.items = max;
                self.stop = Some(Stop::MaxItems(max));
                return;
            }
        }
        self.items += count.unwrap_or(0);
        let page = Page {
            sent,
            body,
            headers,
            count,
        };
        match next_request(&self.rule, &page, &self.base_url) {
            Ok(Some(request)) if self.seen.insert(key(&request)) => self.next = Some(request),
            Ok(Some(request)) => self.stop = Some(Stop::Repeated(key(&request))),
            Ok(None) => self.stop = Some(Stop::Last),
            Err(stop) => self.stop = Some(stop),
        }
    }

    /// Why pages ended, once they have.
    pub fn stop(&self) -> Option<&Stop> {
        self.stop.as_ref()
    }

    /// Pages read so far.
    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The rule pages are followed by.
    pub fn rule(&self) -> &Pagination {
        &self.rule
    }
}

/// A request's identity for loop detection: its path and query.
fn key(request: &Request) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{}?{}", request.path, query.join("&"))
}

/// A page as it came, for finding the next one.
struct Page<'a> {
    sent: &'a Request,
    body: &'a Value,
    headers: &'a HeaderMap,
    /// How many items it holds, when they were found.
    count: Option<usize>,
}

/// The value at `path` in `body`.
pub fn at<'v>(body: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(body, |value, key| value.get(*key))
}

/// The page's items, where the rule says they are.
pub fn items<'v>(body: &'v Value, path: &[&str]) -> Option<&'v Vec<Value>> {
    at(body, path)?.as_array()
}

/// The page's items, to change.
pub fn items_mut<'v>(body: &'v mut Value, path: &[&str]) -> Option<&'v mut Vec<Value>> {
    path.iter()
        .try_fold(body, |value, key| value.get_mut(*key))?
        .as_array_mut()
}

/// A token or id as query text: a non-empty string, or a number.
fn token(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `sent` with the query parameter `name` set to `value` alone.
fn with_query(sent: &Request, name: &str, value: String) -> Request {
    let mut next = sent.clone();
    next.query.retain(|(k, _)| k != name);
    next.query.push((name.to_string(), value));
    next
}

/// The number in the query parameter `name` of `sent`, if it has one.
fn query_number(sent: &Request, name: &str) -> Option<u64> {
    let (_, value) = sent.query.iter().find(|(k, _)| k == name)?;
    value.trim().parse().ok()
}

/// The request of the page after `page`, `None` after the last one.
fn next_request(rule: &Pagination, page: &Page, base_url: &str) -> Result<Option<Request>, Stop> {
    let body = page.body;
    let next = match rule.kind {
        PageKind::Cursor { param, next } => {
            token(at(body, next)).map(|t| with_query(page.sent, param, t))
        }
        PageKind::HasMore {
            param,
            has_more,
            id,
        } => {
            let more = at(body, has_more).and_then(Value::as_bool) == Some(true);
            let last = items(body, rule.items).and_then(|list| list.last());
            let id = last.and_then(|item| token(item.get(id)));
            id.filter(|_| more)
                .map(|id| with_query(page.sent, param, id))
        }
        PageKind::NextUrl { next } => {
            let url = at(body, next).map(|v| v.get("href").unwrap_or(v));
            match url.and_then(Value::as_str).filter(|u| !u.is_empty()) {
                Some(url) => Some(from_url(page.sent, base_url, url)?),
                None => None,
            }
        }
        PageKind::LinkHeader => match link_next(page.headers) {
            Some(url) => Some(from_url(page.sent, base_url, &url)?),
            None => None,
        },
        PageKind::Offset {
            param,
            limit,
            total,
        } => {
            let count = page_count(page, limit)?;
            let offset = query_number(page.sent, param).unwrap_or(0) + count;
            let total = at(body, total).and_then(Value::as_u64);
            (total.is_none_or(|t| offset < t))
                .then(|| with_query(page.sent, param, offset.to_string()))
        }
        PageKind::PageNumber {
            param,
            size,
            first,
            total,
        } => {
            page_count(page, size)?;
            let current = query_number(page.sent, param).unwrap_or(first);
            let read = current.saturating_sub(first) + 1;
            let total = at(body, total).and_then(Value::as_u64);
            (total.is_none_or(|t| read < t))
                .then(|| with_query(page.sent, param, (current + 1).to_string()))
        }
    };
    Ok(next)
}

/// The number of items on a page of offsets or page numbers, `None` (as
/// an `Err` of [`Stop::Last`]) when it is the last: empty, shorter than
/// the size asked for, or without items to count.
fn page_count(page: &Page, size: Option<&str>) -> Result<u64, Stop> {
    let count = page.count.unwrap_or(0) as u64;
    let asked = size.and_then(|size| query_number(page.sent, size));
    if count == 0 || asked.is_some_and(|asked| count < asked) {
        return Err(Stop::Last);
    }
    Ok(count)
}

/// The request for the page at `url` (absolute, or relative to the page
/// `sent` asked for): only on the API's own host and under its base path,
/// since the request carries the credentials.
fn from_url(sent: &Request, base_url: &str, url: &str) -> Result<Request, Stop> {
    let bad = || Stop::BadUrl(url.to_string());
    let base = reqwest::Url::parse(base_url).map_err(|_| bad())?;
    let current = reqwest::Url::parse(&format!("{base_url}{}", sent.path)).map_err(|_| bad())?;
    let next = current.join(url).map_err(|_| bad())?;
    if next.origin() != base.origin() {
        return Err(Stop::Foreign(next.to_string()));
    }
    let prefix = base.path().trim_end_matches('/');
    let path = next
        .path()
        .strip_prefix(prefix)
        .filter(|p| p.starts_with('/'))
        .ok_or_else(|| Stop::Foreign(next.to_string()))?;
    let mut request = sent.clone();
    request.path = path.to_string();
    request.query = next
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    Ok(request)
}

/// The target of the `Link` header's `rel="next"` link (RFC 8288), if any.
pub fn link_next(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(links)
        .find(|(_, rels)| {
            rels.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("next"))
        })
        .map(|(target, _)| target)
}

/// The links of one `Link` header value: each target with its `rel`.
pub fn links(value: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let Some(after) = rest.strip_prefix('<') else {
            // Not a link: skip to the next one, if any.
            match rest.find(',') {
                Some(at) => {
                    rest = &rest[at..];
                    continue;
                }
                None => return found,
            }
        };
        let Some(end) = after.find('>') else {
            return found;
        };
        let target = after[..end].trim().to_string();
        let (params, next) = link_params(&after[end + 1..]);
        let rel = params
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("rel"))
            .map(|(_, value)| value)
            .unwrap_or_default();
        found.push((target, rel));
        rest = next;
    }
}

/// A link's `; name=value` parameters (values quoted or not), up to the
/// comma that ends the link, and what follows that comma.
fn link_params(mut rest: &str) -> (Vec<(String, String)>, &str) {
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start();
        let Some(after) = rest.strip_prefix(';') else {
            // A comma (or the end, or junk up to a comma) ends the link.
            let next = rest.find(',').map_or("", |at| &rest[at..]);
            return (params, next);
        };
        let after = after.trim_start();
        let name_end = after.find(['=', ';', ',']).unwrap_or(after.len());
        let name = after[..name_end].trim().to_string();
        rest = &after[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            if let Some(quoted) = after.strip_prefix('"') {
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((at, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => {
                            end = at + 1;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                rest = &quoted[end.min(quoted.len())..];
            } else {
                let end = after.find([';', ',']).unwrap_or(after.len());
                value = after[..end].trim().to_string();
                rest = &after[end..];
            }
        }
        params.push((name, value));
    }
}
