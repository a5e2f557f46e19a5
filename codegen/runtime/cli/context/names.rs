//! Names where ids go. Before a request is sent, each path segment that is
//! an id of a resource (the operation's `PATH_IDS`) is checked: a value of
//! the id's documented form, or one the cache knows as an id, is sent as it
//! is; a name is replaced by its id, from the cache, else from one listing
//! (each page of it), which the cache then keeps. A value that could be an
//! id and is not cached is sent as it is; only if the API answers 404 is it
//! looked up as a name, and the request sent again with the id. A list
//! command's output fills the cache too. Agent mode and `--no-resolve`
//! guess nothing.

use std::path::Path;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use super::super::super::pages::{items, Limits, Pager};
use super::super::super::request::{Method, Request};
use super::super::super::response::{PathId, Resource};
use super::super::failure::{ErrorCode, Failure};
use super::super::names::{find_in, now, Cache, Found, MAX_PER_LIST};
use super::{Context, Op};

/// What a path segment escapes: all but RFC 3986's unreserved characters,
/// as the request's own path does.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Most pages a lookup reads.
const LOOKUP_PAGES: usize = 50;

/// A value sent as it is that may still be a name: looked up if the API
/// answers 404.
#[derive(Debug, Clone)]
pub(in super::super) struct Unverified {
    id: PathId,
    value: String,
}

impl Context {
    /// Replaces the names among `request`'s ids by their ids; returns the
    /// values sent as they are that may be names after all.
    pub(super) async fn resolve_ids(
        &self,
        op: &Op,
        request: &mut Request,
    ) -> Result<Vec<Unverified>, Failure> {
        let mut unverified = Vec::new();
        if op.path_ids.is_empty() || self.settings.agent || self.settings.global.no_resolve {
            return Ok(unverified);
        }
        for id in op.path_ids {
            let Some(value) = segment(&request.path, id.segment) else {
                continue;
            };
            if has_form(id.resource, &value) {
                continue;
            }
            let key = self.list_key(id.resource, &request.path);
            let found = match self.cache().map(|c| c.find(&key, &value)) {
                // An id, most likely: sent as it is, looked up after a 404.
                Some(Found::Unknown | Found::Neither) | None if could_be_id(&value) => {
                    unverified.push(Unverified { id: *id, value });
                    continue;
                }
                // A name not cached (a list printed with filters may lack
                // it): one listing.
                Some(Found::Unknown | Found::Neither) | None => {
                    self.look_up(id.resource, &request.path, &value).await?
                }
                Some(found) => found,
            };
            if let Some(resolved) = self.chosen(id.resource, &value, found)? {
                set_segment(&mut request.path, id.segment, &resolved);
            }
        }
        Ok(unverified)
    }

    /// After a 404: looks each unverified value up as a name; the request
    /// with their ids, when one was a name.
    pub(super) async fn retry_by_name(
        &self,
        request: &Request,
        unverified: &[Unverified],
    ) -> Result<Option<Request>, Failure> {
        let mut retried = request.clone();
        let mut changed = false;
        for pending in unverified {
            // A list that cannot be read leaves the 404 as the answer.
            let Ok(found) = self
                .look_up(pending.id.resource, &request.path, &pending.value)
                .await
            else {
                continue;
            };
            if matches!(found, Found::Neither | Found::Id) {
                continue;
            }
            if let Some(id) = self.chosen(pending.id.resource, &pending.value, found)? {
                set_segment(&mut retried.path, pending.id.segment, &id);
                changed = true;
            }
        }
        Ok(changed.then_some(retried))
    }

    /// The names the pages of `request` will hold, gathered as they come
    /// and put in the names cache once, when dropped (a command stopped
    /// half-way keeps what it read): a cache file written for each page
    /// made `--all` over 10,000 pages 40 times slower.
    pub(super) fn page_names(&self, op: &Op, request: &Request) -> PageNames {
        let place = op
            .lists
            .zip(self.settings.cache.clone())
            .map(|(resource, path)| (path, self.key(&request.path), resource));
        PageNames {
            place,
            found: Vec::new(),
        }
    }

    /// Keeps the ids and names a list command printed.
    pub(super) fn remember(&self, op: &Op, request: &Request, body: &[u8]) {
        let (Some(resource), Some(path)) = (op.lists, self.settings.cache.as_ref()) else {
            return;
        };
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return;
        };
        merge(
            path,
            &self.key(&request.path),
            resource,
            pairs(resource, &value),
        );
    }

    /// What to send for `value`, told on stderr when it was a name; an
    /// ambiguous name is a usage error listing the candidates; a value
    /// that is neither id nor name is not found.
    fn chosen(
        &self,
        resource: &Resource,
        value: &str,
        found: Found,
    ) -> Result<Option<String>, Failure> {
        match found {
            Found::Id | Found::Unknown => Ok(None),
            Found::Name(id) => {
                eprintln!(
                    "{}: {} '{value}' is id {id}",
                    self.program_name(),
                    resource.name
                );
                Ok(Some(id))
            }
            Found::Ambiguous(candidates) => {
                let listed: Vec<String> = candidates
                    .iter()
                    .map(|(id, name)| format!("{id} ({name})"))
                    .collect();
                Err(Failure::usage(format!(
                    "'{value}' names {} {}: {}",
                    candidates.len(),
                    resource.name,
                    listed.join(", ")
                ))
                .with_hint("give the id instead"))
            }
            Found::Neither => Err(Failure::new(
                ErrorCode::NotFound,
                format!(
                    "none of the {} has the id or the name '{value}'",
                    resource.name
                ),
            )
            .with_hint(format!(
                "the {} listed are the ones to choose from; the cache was refreshed just now",
                resource.name
            ))),
        }
    }

    /// Lists `resource` (for the parents `path` names) and finds `value`
    /// in it; the cache keeps the list.
    async fn look_up(
        &self,
        resource: &Resource,
        path: &str,
        value: &str,
    ) -> Result<Found, Failure> {
        let list_path = fill(resource.list_path, path);
        let first = Request::new(Method::GET, list_path.clone()).with_security(resource.security);
        let mut pairs_found = Vec::new();
        let limits = Limits {
            max_pages: LOOKUP_PAGES,
            max_items: None,
        };
        match resource.pagination {
            Some(rule) => {
                let mut pager = Pager::new(rule, first, self.client.base_url(), limits);
                while let Some(request) = pager.next_request() {
                    let (mut page, headers) = self.listing(&request).await?;
                    pager.advance(&request, &mut page, &headers);
                    pairs_found.extend(pairs(resource, &page));
                }
            }
            None => pairs_found.extend(pairs(resource, &self.listing(&first).await?.0)),
        }
        let found = find_in(&pairs_found, value);
        if let Some(path) = &self.settings.cache {
            let mut cache = Cache::load(path);
            cache.record(&self.key(&list_path), resource.name, pairs_found, now());
            let _ = cache.save(path);
        }
        Ok(found)
    }

    /// One page of a listing, as JSON.
    async fn listing(
        &self,
        request: &Request,
    ) -> Result<(Value, reqwest::header::HeaderMap), Failure> {
        let response = self.send(request).await?;
        if !(200..300).contains(&response.status()) {
            return Err(Failure::status(&response, true, &self.sign_in_hint()));
        }
        let headers = response.headers().clone();
        let value = serde_json::from_slice(response.body()).map_err(|e| {
            Failure::error(format!("the list to look a name up in is not JSON: {e}"))
        })?;
        Ok((value, headers))
    }

    pub(super) fn cache(&self) -> Option<Cache> {
        self.settings.cache.as_deref().map(Cache::load)
    }

    /// The cache's key of the list a resource's `list_path` names for `path`.
    pub(super) fn list_key(&self, resource: &Resource, path: &str) -> String {
        self.key(&fill(resource.list_path, path))
    }

    /// Where a list was fetched: base URL, path, and the headers sent with
    /// every request (a tenant's lists are its own).
    fn key(&self, list_path: &str) -> String {
        let headers: Vec<String> = self
            .settings
            .headers
            .iter()
            .map(|(k, v)| format!("{}={v}", k.to_ascii_lowercase()))
            .collect();
        format!(
            "{}{list_path}#{}",
            self.client.base_url().trim_end_matches('/'),
            headers.join("&")
        )
    }

    fn program_name(&self) -> &str {
        self.settings.user_agent.split('/').next().unwrap_or("")
    }
}

/// Names read from a list's pages, put in the names cache when dropped.
pub(super) struct PageNames {
    /// The cache file, the list's key in it and its resource; none when
    /// the list names no resource or there is no cache.
    place: Option<(std::path::PathBuf, String, &'static Resource)>,
    /// The (id, name) pairs read so far.
    found: Vec<(String, String)>,
}

impl PageNames {
    /// Takes the names of one page's items, up to as many as the cache
    /// keeps of a list.
    pub(super) fn add(&mut self, page: &Value) {
        if let Some((_, _, resource)) = &self.place {
            let room = MAX_PER_LIST.saturating_sub(self.found.len());
            self.found
                .extend(pairs(resource, page).into_iter().take(room));
        }
    }
}

impl Drop for PageNames {
    fn drop(&mut self) {
        if let Some((path, key, resource)) = self.place.take() {
            if !self.found.is_empty() {
                merge(&path, &key, resource, std::mem::take(&mut self.found));
            }
        }
    }
}

/// Adds `found` (id, name) to the cached list at `key`: a page, a list
/// with filters or one item read adds to what is known; a lookup lists all
/// and replaces it. Linear in the ids, known and found.
pub(super) fn merge(path: &Path, key: &str, resource: &Resource, found: Vec<(String, String)>) {
    let mut cache = Cache::load(path);
    let mut all = cache.items(key).map(<[_]>::to_vec).unwrap_or_default();
    let mut at: std::collections::HashMap<String, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id.clone(), i))
        .collect();
    for (id, name) in found {
        match at.get(&id) {
            Some(&i) => all[i].1 = name,
            None => {
                at.insert(id.clone(), all.len());
                all.push((id, name));
            }
        }
    }
    cache.record(key, resource.name, all, now());
    let _ = cache.save(path);
}

/// A field's value as text: a string, or a number written out.
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The ids and names of a list's items.
fn pairs(resource: &Resource, body: &Value) -> Vec<(String, String)> {
    let Some(found) = items(body, resource.items) else {
        return Vec::new();
    };
    found
        .iter()
        .filter_map(|item| {
            Some((
                text(item.get(resource.id))?,
                text(item.get(resource.label))?,
            ))
        })
        .collect()
}

/// Whether `value` has the form the spec gives the resource's ids.
fn has_form(resource: &Resource, value: &str) -> bool {
    match resource.id_format {
        Some("integer") => !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()),
        Some("uuid") => uuid::Uuid::parse_str(value).is_ok(),
        _ => false,
    }
}

/// Whether an id of undocumented form could be `value`: one word.
fn could_be_id(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(char::is_whitespace)
}

/// The decoded segment `index` of an encoded path.
pub(super) fn segment(path: &str, index: usize) -> Option<String> {
    let raw = path.split('/').nth(index)?;
    Some(percent_decode_str(raw).decode_utf8_lossy().into_owned())
}

/// Puts `value`, encoded, at segment `index` of `path`.
pub(super) fn set_segment(path: &mut String, index: usize, value: &str) {
    let encoded = utf8_percent_encode(value, SEGMENT).to_string();
    let mut parts: Vec<&str> = path.split('/').collect();
    if let Some(part) = parts.get_mut(index) {
        *part = &encoded;
    }
    *path = parts.join("/");
}

/// A list path template with each `{param}` segment taken from the same
/// place in `path`.
pub(super) fn fill(template: &str, path: &str) -> String {
    let given: Vec<&str> = path.split('/').collect();
    template
        .split('/')
        .enumerate()
        .map(|(i, part)| match part.starts_with('{') {
            true => given.get(i).copied().unwrap_or(part),
            false => part,
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_read_replaced_and_filled_in_place() {
        let mut path = "/customers/c%201/contracts/My%20deal".to_string();
        assert_eq!(segment(&path, 4).as_deref(), Some("My deal"));
        set_segment(&mut path, 4, "k/9");
        assert_eq!(path, "/customers/c%201/contracts/k%2F9");
        assert_eq!(
            fill("/customers/{customerID}/contracts", &path),
            "/customers/c%201/contracts"
        );
        assert!(could_be_id("9f2c01") && !could_be_id("prod budget"));
    }
}
