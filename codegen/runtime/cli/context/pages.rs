//! Sending a command's request and printing the outcome; with `--all`,
//! following its page tokens (JSON lines print each page as it arrives,
//! other formats the pages merged).

use std::io::IsTerminal;

use futures_util::StreamExt;

use super::super::super::call::pages;
use super::super::super::output::Format;
use super::super::super::request::Request;
use super::super::super::response::Operation;
use super::super::args::RunOptions;
use super::super::failure::Failure;
use super::Context;

impl Context {
    /// Sends the request (following its pages with `--all`) and prints the
    /// outcome.
    pub(super) async fn fetch<O: Operation>(
        &self,
        request: &Request,
        options: RunOptions,
    ) -> Result<(), Failure> {
        let Some(page_token) = O::PAGE_TOKEN.filter(|_| options.all) else {
            let response = self.send(request).await?;
            let body = self.checked::<O>(request, response)?;
            return self.print_json_or_text(&body, O::ONE_RESOURCE);
        };
        // --all: follow page tokens. JSON lines print each page as it
        // arrives; other formats print the pages merged, item arrays
        // concatenated.
        let stream = self.printer.format == Format::Jsonl;
        let to_terminal =
            self.settings.global.output_file.is_none() && std::io::stdout().is_terminal();
        let progress =
            !self.settings.agent && std::io::stderr().is_terminal() && !(stream && to_terminal);
        let fetch = |token: Option<String>| {
            let mut request = request.clone();
            if let Some(token) = token {
                request.query.retain(|(k, _)| k != page_token);
                request.query.push((page_token.to_string(), token));
            }
            async move {
                let body = self.checked::<O>(&request, self.send(&request).await?)?;
                serde_json::from_slice::<serde_json::Value>(&body)
                    .map_err(|e| Failure::error(format!("a page is not JSON: {e}")))
            }
        };
        let next = |page: &serde_json::Value| {
            let token = page.get(page_token)?.as_str()?;
            Some(token.to_string())
        };
        let without_token = |mut page: serde_json::Value| {
            if let Some(map) = page.as_object_mut() {
                map.remove(page_token);
            }
            page
        };
        let mut pages = std::pin::pin!(pages(fetch, next));
        let mut merged: Option<serde_json::Value> = None;
        let mut fetched = 0;
        while let Some(page) = pages.next().await {
            let page = page?;
            if stream {
                self.print_value(without_token(page))?;
            } else {
                merged = Some(match merged {
                    None => page,
                    Some(so_far) => merge_pages(so_far, page),
                });
            }
            fetched += 1;
            if progress {
                eprint!("\rfetched {fetched} page(s)");
            }
        }
        if progress {
            eprintln!();
        }
        match merged {
            Some(merged) => self.print_value(without_token(merged)),
            None if stream => Ok(()),
            None => self.print_value(serde_json::Value::Null),
        }
    }
}

/// The next page added to the pages so far: item arrays concatenated, other
/// fields as the first page had them.
fn merge_pages(mut so_far: serde_json::Value, next: serde_json::Value) -> serde_json::Value {
    match (&mut so_far, next) {
        (serde_json::Value::Object(acc), serde_json::Value::Object(page)) => {
            for (key, value) in page {
                match (acc.get_mut(&key), value) {
                    (Some(serde_json::Value::Array(items)), serde_json::Value::Array(more)) => {
                        items.extend(more)
                    }
                    (None, value) => {
                        acc.insert(key, value);
                    }
                    _ => {}
                }
            }
            so_far
        }
        (serde_json::Value::Array(items), serde_json::Value::Array(more)) => {
            items.extend(more);
            so_far
        }
        _ => so_far,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pages_merge_their_item_arrays_and_keep_the_first_fields() {
        let first = json!({"items": [1, 2], "total": 3, "pageToken": "p2"});
        let second = json!({"items": [3], "total": 9, "extra": true});
        assert_eq!(
            merge_pages(first, second),
            json!({"items": [1, 2, 3], "total": 3, "pageToken": "p2", "extra": true})
        );
        assert_eq!(merge_pages(json!([1]), json!([2])), json!([1, 2]));
    }
}
