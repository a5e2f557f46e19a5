//! Sending a command's request and printing the outcome; with `--all`,
//! following its pages as its spec says they are asked for (JSON lines
//! print each page as it arrives, other formats the pages merged).

use std::io::IsTerminal;

use super::super::super::client::is_idempotent;
use super::super::super::output::{self, Format};
use super::super::super::pages::{at, items, items_mut, Limits, PageKind, Pager, Pagination};
use super::super::super::request::Request;
use super::super::super::response::{Error, Response};
use super::super::args::RunOptions;
use super::super::failure::{ErrorCode, Failure};
use super::{Context, Op};

impl Context {
    /// Sends the request (following its pages with `--all`) and prints the
    /// outcome.
    pub(super) async fn fetch(
        &self,
        op: &Op,
        request: &Request,
        options: RunOptions,
    ) -> Result<(), Failure> {
        let Some(rule) = op.pagination.filter(|_| options.all) else {
            let response = self.send(request).await?;
            let headers = response.headers().clone();
            let body = self.checked(op, request, response)?;
            self.name_file(&headers, request)?;
            self.remember(op, request, &body);
            self.print_json_or_text(&body, op.one_resource)?;
            if let Some(rule) = op.pagination {
                self.tell_of_more_pages(rule, request, &body, &headers);
            }
            return Ok(());
        };
        let limits = Limits {
            max_pages: options.max_pages.unwrap_or(Limits::default().max_pages),
            max_items: options.max_items,
        };
        let mut pager = Pager::new(rule, request.clone(), self.client.base_url(), limits);
        // JSON lines print each page as it arrives; other formats print
        // the pages merged, their items concatenated.
        let stream = self.printer.format == Format::Jsonl;
        let to_terminal =
            self.settings.global.output_file.is_none() && std::io::stdout().is_terminal();
        let progress =
            !self.settings.agent && std::io::stderr().is_terminal() && !(stream && to_terminal);
        let mut merged: Option<serde_json::Value> = None;
        let mut names = self.page_names(op, request);
        while let Some(request) = pager.next_request() {
            let response = self.send(&request).await?;
            let headers = response.headers().clone();
            let body = self.checked(op, &request, response)?;
            self.name_file(&headers, &request)?;
            let mut page = serde_json::from_slice::<serde_json::Value>(&body)
                .map_err(|e| Failure::error(format!("a page is not JSON: {e}")))?;
            pager.advance(&request, &mut page, &headers);
            names.add(&page);
            if stream {
                self.print_value(page)?;
            } else {
                merged = Some(match merged {
                    None => page,
                    Some(so_far) => merge_pages(&rule, so_far, page),
                });
            }
            if progress {
                eprint!("\rfetched {} page(s)", pager.pages());
            }
        }
        if progress {
            eprintln!();
        }
        if let Some(warning) = pager.stop().and_then(|stop| stop.warning()) {
            super::warn("PAGES_STOPPED", &warning, self.for_programs());
        }
        match merged {
            Some(merged) => self.print_value(merged),
            None if stream => Ok(()),
            None => self.print_value(serde_json::Value::Null),
        }
    }
}

impl Context {
    /// Names the file written into a directory (`-O DIR`) after the
    /// response's `Content-Disposition`, else the request path.
    pub(super) fn name_file(
        &self,
        headers: &reqwest::header::HeaderMap,
        request: &Request,
    ) -> Result<(), Failure> {
        let disposition = headers
            .get(reqwest::header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok());
        self.sink()
            .name_from(disposition, &request.path)
            .map_err(Failure::error)
    }
}

impl Context {
    /// On a terminal, a line on stderr when the page printed is not the
    /// last: people otherwise take the first page for the whole list.
    fn tell_of_more_pages(
        &self,
        rule: Pagination,
        request: &Request,
        body: &[u8],
        headers: &reqwest::header::HeaderMap,
    ) {
        let to_terminal = self.settings.global.output_file.is_none()
            && std::io::stdout().is_terminal()
            && std::io::stderr().is_terminal();
        if self.settings.agent || !to_terminal {
            return;
        }
        let Ok(mut page) = serde_json::from_slice::<serde_json::Value>(body) else {
            return;
        };
        let mut pager = Pager::new(
            rule,
            request.clone(),
            self.client.base_url(),
            Limits::default(),
        );
        let Some(first) = pager.next_request() else {
            return;
        };
        pager.advance(&first, &mut page, headers);
        if pager.next_request().is_some() {
            eprintln!("More results on the next pages: add --all to fetch them all (-o jsonl prints each page as it comes)");
        }
    }
}

/// The next page added to the pages so far: its items appended to theirs,
/// and where the body says whether more pages follow (the next token or
/// URL, `has_more`), what the last page said; other fields as the first
/// page had them.
fn merge_pages(
    rule: &Pagination,
    mut so_far: serde_json::Value,
    mut page: serde_json::Value,
) -> serde_json::Value {
    let counts = |body: &serde_json::Value| items(body, rule.items).map(Vec::len);
    let (before, added) = (counts(&so_far), counts(&page));
    if let Some(more) = items_mut(&mut page, rule.items).map(std::mem::take) {
        if let Some(list) = items_mut(&mut so_far, rule.items) {
            list.extend(more);
        }
    }
    if let (Some(before), Some(added)) = (before, added) {
        recount(rule.items, &mut so_far, &page, before, added);
    }
    let said: &[&str] = match rule.kind {
        PageKind::Cursor { next, .. } | PageKind::NextUrl { next } => next,
        PageKind::HasMore { has_more, .. } => has_more,
        _ => &[],
    };
    if let Some((last, parents)) = said.split_last() {
        let value = at(&page, said).cloned();
        let parent = parents
            .iter()
            .try_fold(&mut so_far, |value, key| value.get_mut(*key));
        if let Some(serde_json::Value::Object(parent)) = parent {
            match value {
                Some(value) => parent.insert(last.to_string(), value),
                None => parent.remove(*last),
            };
        }
    }
    so_far
}

/// A count beside the items that is each page's own (on the pages so far
/// it equals their item count, on the new page its own): made the merged
/// count, so that merged pages do not claim the first page's.
fn recount(
    path: &[&str],
    so_far: &mut serde_json::Value,
    page: &serde_json::Value,
    before: usize,
    added: usize,
) {
    let Some((_, parents)) = path.split_last() else {
        return;
    };
    let page_parent = parents.iter().try_fold(page, |value, key| value.get(*key));
    let parent = parents
        .iter()
        .try_fold(so_far, |value, key| value.get_mut(*key));
    let (Some(serde_json::Value::Object(parent)), Some(page_parent)) = (parent, page_parent) else {
        return;
    };
    for (name, value) in parent.iter_mut() {
        let own = |v: Option<&serde_json::Value>, n: usize| {
            v.and_then(serde_json::Value::as_u64) == Some(n as u64)
        };
        if own(Some(value), before) && own(page_parent.get(name), added) {
            *value = serde_json::Value::from(before + added);
        }
    }
}

impl Context {
    /// The body of a documented success, or the failure to report.
    pub(super) fn checked(
        &self,
        op: &Op,
        request: &Request,
        response: Response,
    ) -> Result<Vec<u8>, Failure> {
        let body = response.body().to_vec();
        match (op.decode)(response) {
            Ok(_) => Ok(body),
            // A success the spec does not document is still a success.
            Err(Error::UnexpectedStatus(response)) if (200..300).contains(&response.status()) => {
                Ok(body)
            }
            Err(Error::Api { response, .. }) | Err(Error::UnexpectedStatus(response)) => Err(
                Failure::status(&response, is_idempotent(request), &self.sign_in_hint()),
            ),
            // A success whose JSON is not of the documented shape still
            // succeeded: failing it would have scripts send it again.
            Err(Error::Decode { response, source })
                if (200..300).contains(&response.status())
                    && serde_json::from_slice::<serde_json::Value>(response.body()).is_ok() =>
            {
                if !self.settings.agent {
                    eprintln!(
                        "Warning: the response does not match its documented type ({}); printed as received",
                        output::redact(&source.to_string())
                    );
                }
                Ok(body)
            }
            Err(other) => {
                // A body that does not decode still came with a status; say which.
                let status = match &other {
                    Error::Decode { response, .. } => Some(response.status()),
                    _ => None,
                };
                let mut failure = Failure::new(ErrorCode::DecodeError, other.to_string());
                failure.status = status;
                Err(failure)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_merge_their_items_and_keep_what_the_last_says_of_more() {
        let rule = Pagination {
            kind: PageKind::Cursor {
                param: "cursor",
                next: &["meta", "next"],
            },
            items: &["data"],
        };
        let first = json!({"data": [1, 2], "total": 3, "meta": {"next": "p2"}, "other": [9]});
        let second = json!({"data": [3], "total": 9, "meta": {}, "other": [8]});
        assert_eq!(
            merge_pages(&rule, first, second),
            json!({"data": [1, 2, 3], "total": 3, "meta": {}, "other": [9]})
        );
        let rule = Pagination {
            kind: PageKind::Cursor {
                param: "pageToken",
                next: &["pageToken"],
            },
            items: &["alerts"],
        };
        let first = json!({"alerts": [1, 2, 3], "rowCount": 3, "total": 3, "pageToken": "p2"});
        let second = json!({"alerts": [4, 5], "rowCount": 2, "total": 5});
        assert_eq!(
            merge_pages(&rule, first, second),
            json!({"alerts": [1, 2, 3, 4, 5], "rowCount": 5, "total": 3})
        );
        let rule = Pagination {
            kind: PageKind::LinkHeader,
            items: &[],
        };
        assert_eq!(merge_pages(&rule, json!([1]), json!([2])), json!([1, 2]));
    }
}
