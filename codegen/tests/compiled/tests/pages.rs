//! Every kind of pagination (the `pagination` fixture) against a local
//! server that speaks it: three pages each, followed by the typed
//! `stream()` and by the CLI's `--all` (merged, and page by page with
//! `-o jsonl`); a server that repeats itself, a next page on another host,
//! `--max-items` and `--max-pages`; and the `Link` header parser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[macro_use]
mod support;

use futures_util::{Stream, StreamExt};
use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use fixtures_compiled::pagination::cli::Command;
use fixtures_compiled::pagination::types::Item;
use fixtures_compiled::runtime::{self, links, Client, Limits};

/// The items of each of the three pages.
const PAGES: [&[&str]; 3] = [&["a1", "a2"], &["a3", "a4"], &["a5"]];

/// Every item, in order.
const ALL: [&str; 5] = ["a1", "a2", "a3", "a4", "a5"];

fn query(request: &Request, name: &str) -> Option<String> {
    request
        .url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Which page (0, 1, 2) a request asks for, by the query parameter the
/// path's kind uses.
fn page_index(request: &Request) -> usize {
    let by = |name: &str, values: [&str; 2]| match query(request, name).as_deref() {
        Some(v) if v == values[0] => 1,
        Some(v) if v == values[1] => 2,
        _ => 0,
    };
    match request.url.path() {
        "/v1/cursor" | "/v1/example" => by("cursor", ["c1", "c2"]),
        "/v1/has-more" => by("starting_after", ["a2", "a4"]),
        "/v1/next-url" => by("$skiptoken", ["1", "2"]),
        "/v1/link" | "/v1/pages" => by("page", ["2", "3"]),
        "/v1/offset" => by("offset", ["2", "4"]),
        "/v1/declared" => by("from", ["x1", "x2"]),
        "/v1/speakeasy" => by("pg", ["2", "3"]),
        "/v1/fern" => by("token", ["t1", "t2"]),
        "/v1/dropshot" => by("page_token", ["d1", "d2"]),
        _ => 0,
    }
}

/// Page `index` of the path, as an API of its kind answers it.
fn answer(request: &Request, index: usize, uri: &str) -> ResponseTemplate {
    let items: Vec<Value> = PAGES[index]
        .iter()
        .map(|id| json!({"id": id, "name": format!("item {id}")}))
        .collect();
    let more = index < 2;
    let next = |prefix: &str| more.then(|| format!("{prefix}{}", index + 1));
    let body = match request.url.path() {
        "/v1/cursor" => json!({"ok": true, "channels": items,
            "response_metadata": {"next_cursor": next("c").unwrap_or_default()}}),
        "/v1/example" => json!({"ok": true, "members": items,
            "response_metadata": {"next_cursor": next("c").unwrap_or_default()}}),
        "/v1/has-more" => {
            json!({"object": "list", "url": "/v1/has-more", "data": items, "has_more": more})
        }
        "/v1/next-url" => {
            // The first link is absolute, the second relative to the host.
            let link = match index {
                0 => Some(format!("{uri}/v1/next-url?%24top=2&%24skiptoken=1")),
                1 => Some("/v1/next-url?%24top=2&%24skiptoken=2".to_string()),
                _ => None,
            };
            json!({"value": items, "@odata.nextLink": link})
        }
        "/v1/link" => {
            let link = match index {
                0 | 1 => format!(
                    "<{uri}/v1/link?per_page=2&page={}>; rel=\"next\", <{uri}/v1/link?per_page=2&page=3>; rel=\"last\"",
                    index + 2
                ),
                _ => format!("<{uri}/v1/link?per_page=2&page=1>; rel=\"first\""),
            };
            return ResponseTemplate::new(200)
                .insert_header("Link", link.as_str())
                .set_body_json(items);
        }
        "/v1/offset" => json!({"items": items, "total": 5}),
        "/v1/pages" => json!({"results": items, "total_pages": 3}),
        "/v1/declared" => {
            json!({"rows": items, "other": ["z"], "meta": {"continue_from": next("x")}})
        }
        "/v1/speakeasy" => json!({"entries": items}),
        "/v1/fern" => json!({"list": items, "paging": {"next": next("t")}}),
        "/v1/dropshot" => json!({"items": items, "next_page": next("d")}),
        _ => return ResponseTemplate::new(404),
    };
    ResponseTemplate::new(200).set_body_json(body)
}

/// A server answering every kind's three pages.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(wiremock::matchers::any())
        .respond_with(move |request: &Request| answer(request, page_index(request), &uri))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::builder(format!("{}/v1", server.uri()))
        .retries(0)
        .build()
        .unwrap()
}

/// The query of each request the server received for `path`, in order.
async fn asked(server: &MockServer, path: &str) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path() == path)
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect()
}

async fn ids<E: std::fmt::Debug>(stream: impl Stream<Item = Result<Item, E>>) -> Vec<String> {
    stream.map(|item| item.unwrap().id).collect().await
}

#[tokio::test]
async fn the_typed_stream_follows_every_kind_across_three_pages() {
    let server = server().await;
    let client = client(&server);
    let cases = [
        (
            "/v1/cursor",
            ids(client.list_by_cursor().limit(2).stream()).await,
        ),
        (
            "/v1/has-more",
            ids(client.list_by_has_more().limit(2).stream()).await,
        ),
        (
            "/v1/next-url",
            ids(client.list_by_next_url().top(2).stream()).await,
        ),
        (
            "/v1/link",
            ids(client.list_by_link().per_page(2).stream()).await,
        ),
        (
            "/v1/offset",
            ids(client.list_by_offset().limit(2).stream()).await,
        ),
        (
            "/v1/pages",
            ids(client.list_by_page().per_page(2).stream()).await,
        ),
        ("/v1/declared", ids(client.list_declared().stream()).await),
        (
            "/v1/speakeasy",
            ids(client.list_speakeasy().n(2).stream()).await,
        ),
        ("/v1/fern", ids(client.list_fern().stream()).await),
        ("/v1/dropshot", ids(client.list_dropshot().stream()).await),
    ];
    for (path, got) in cases {
        assert_eq!(got, ALL, "{path}");
        assert_eq!(asked(&server, path).await.len(), 3, "{path}");
    }
    assert_eq!(
        asked(&server, "/v1/has-more").await,
        [
            "limit=2",
            "limit=2&starting_after=a2",
            "limit=2&starting_after=a4"
        ]
    );
    assert_eq!(
        asked(&server, "/v1/offset").await,
        ["limit=2", "limit=2&offset=2", "limit=2&offset=4"]
    );
    assert_eq!(
        asked(&server, "/v1/link").await,
        ["per_page=2", "per_page=2&page=2", "per_page=2&page=3"]
    );
    assert_eq!(
        asked(&server, "/v1/next-url").await,
        [
            "%24top=2",
            "%24top=2&%24skiptoken=1",
            "%24top=2&%24skiptoken=2"
        ]
    );
}

#[tokio::test]
async fn limits_stop_the_stream_early() {
    let server = server().await;
    let client = client(&server);
    let limits = Limits::default().max_items(3);
    let got = ids(client.list_by_cursor().stream_with(limits)).await;
    assert_eq!(got, ["a1", "a2", "a3"]);
    assert_eq!(asked(&server, "/v1/cursor").await.len(), 2);
    let limits = Limits::default().max_pages(1);
    let got = ids(client.list_by_offset().limit(2).stream_with(limits)).await;
    assert_eq!(got, ["a1", "a2"]);
}

#[tokio::test]
async fn a_server_that_repeats_its_token_is_not_followed_forever() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|request: &Request| {
            let index = usize::from(query(request, "cursor").is_some());
            let items: Vec<Value> = PAGES[index].iter().map(|id| json!({"id": id})).collect();
            ResponseTemplate::new(200).set_body_json(
                json!({"channels": items, "response_metadata": {"next_cursor": "c1"}}),
            )
        })
        .mount(&server)
        .await;
    let got = ids(client(&server).list_by_cursor().stream()).await;
    assert_eq!(got, ["a1", "a2", "a3", "a4"]);
    assert_eq!(asked(&server, "/v1/cursor").await, ["", "cursor=c1"]);
}

#[tokio::test]
async fn a_next_page_on_another_host_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(|_: &Request| {
            ResponseTemplate::new(200).set_body_json(json!({
                "value": [{"id": "a1"}],
                "@odata.nextLink": "https://elsewhere.example/v1/next-url?page=2"
            }))
        })
        .mount(&server)
        .await;
    let got = ids(client(&server).list_by_next_url().stream()).await;
    assert_eq!(got, ["a1"]);
    assert_eq!(asked(&server, "/v1/next-url").await.len(), 1);
}

cli_runner!(run_cli, Command);

#[tokio::test(flavor = "multi_thread")]
async fn all_merges_the_pages_of_every_kind() {
    let server = server().await;
    let cases: [(&[&str], &[&str]); 11] = [
        (&["list-by-cursor", "--limit", "2"], &["channels"]),
        (&["list-by-example"], &["members"]),
        (&["list-by-has-more", "--limit", "2"], &["data"]),
        (&["list-by-next-url", "--top", "2"], &["value"]),
        (&["list-by-link", "--per-page", "2"], &[]),
        (&["list-by-offset", "--limit", "2"], &["items"]),
        (&["list-by-page", "--per-page", "2"], &["results"]),
        (&["list-declared"], &["rows"]),
        (&["list-speakeasy", "--n", "2"], &["entries"]),
        (&["list-fern"], &["list"]),
        (&["list-dropshot"], &["items"]),
    ];
    for (args, items) in cases {
        let mut argv = args.to_vec();
        argv.extend(["--all", "-o", "json"]);
        let out = run_cli(&server, &argv).await.unwrap();
        let value: Value = serde_json::from_str(&out).unwrap();
        let list = items.iter().fold(&value, |v, k| &v[*k]);
        let got: Vec<&str> = list
            .as_array()
            .unwrap_or_else(|| panic!("{args:?}: {out}"))
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(got, ALL, "{args:?}");
    }
    // What the last page says of more pages is what the merged result says.
    let out = run_cli(&server, &["list-by-has-more", "--all", "-o", "json"])
        .await
        .unwrap();
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["has_more"], json!(false));
    let out = run_cli(&server, &["list-declared", "--all", "-o", "json"])
        .await
        .unwrap();
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value["other"],
        json!(["z"]),
        "other lists are the first page's"
    );
    assert_eq!(value["meta"], json!({"continue_from": null}));
}

#[tokio::test(flavor = "multi_thread")]
async fn all_prints_each_page_as_json_lines_and_stops_at_max_items() {
    let server = server().await;
    let out = run_cli(
        &server,
        &["list-by-offset", "--limit", "2", "--all", "-o", "jsonl"],
    )
    .await
    .unwrap();
    let got: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(got, ALL);
    let out = run_cli(
        &server,
        &["list-by-link", "--all", "--max-items", "3", "-o", "jsonl"],
    )
    .await
    .unwrap();
    assert_eq!(out.lines().count(), 3, "{out}");
    let out = run_cli(
        &server,
        &["list-by-page", "--all", "--max-pages", "2", "-o", "json"],
    )
    .await
    .unwrap();
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["results"].as_array().unwrap().len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn paging_flags_are_refused_where_they_do_not_apply() {
    let server = server().await;
    let err = run_cli(&server, &["get-item", "x", "--all"])
        .await
        .unwrap_err();
    assert!(err.contains("--all"), "{err}");
    let err = run_cli(&server, &["list-not-paginated", "--all"])
        .await
        .unwrap_err();
    assert!(err.contains("--all"), "{err}");
    let err = run_cli(&server, &["list-by-cursor", "--max-items", "2"])
        .await
        .unwrap_err();
    assert!(err.contains("--all"), "{err}");
    let err = run_cli(&server, &["list-by-cursor", "--all", "--max-pages", "0"])
        .await
        .unwrap_err();
    assert!(err.contains("--max-pages"), "{err}");
}

#[test]
fn link_headers_are_read_as_rfc_8288_writes_them() {
    let cases: [(&str, &[(&str, &str)]); 5] = [
        (
            r#"<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last""#,
            &[
                ("https://a.example/x?page=2", "next"),
                ("https://a.example/x?page=9", "last"),
            ],
        ),
        (
            "</p/2>;rel=next;title=\"a, b\" , </p/1>; rel=\"prev first\"",
            &[("/p/2", "next"), ("/p/1", "prev first")],
        ),
        (
            r#"<https://a.example/?a=1,2>; rel="next""#,
            &[("https://a.example/?a=1,2", "next")],
        ),
        ("junk, <x>", &[("x", "")]),
        ("<unterminated; rel=next", &[]),
    ];
    for (header, want) in cases {
        let got = links(header);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(t, r)| (t.to_string(), r.to_string()))
            .collect();
        assert_eq!(got, want, "{header}");
    }
    let mut headers = reqwest::header::HeaderMap::new();
    headers.append("link", "</a>; rel=\"prev\"".parse().unwrap());
    headers.append("link", "</b>; rel=\"Next\"".parse().unwrap());
    assert_eq!(runtime::link_next(&headers).as_deref(), Some("/b"));
}
