//! Credentials as the spec declares them (the `auth` fixture), sent by a
//! generated client to a local server: an API key in a header, the query
//! or a cookie; HTTP bearer and basic; OAuth 2 and OpenID Connect tokens;
//! nothing where an operation takes nothing; an operation's own security
//! over the document's; alternatives in the spec's order.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

use fixtures_compiled::auth::client::auth;
use fixtures_compiled::runtime::{Client, ClientBuilder, Operation, Request};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What the server received for each request: path, query, and the
/// headers that carry credentials.
async fn received(server: &MockServer) -> Vec<(String, String, Vec<(String, String)>)> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| {
            let headers = ["x-api-key", "authorization", "cookie"]
                .iter()
                .filter_map(|h| {
                    let value = r.headers.get(*h)?.to_str().ok()?;
                    Some((h.to_string(), value.to_string()))
                })
                .collect();
            (
                r.url.path().to_string(),
                r.url.query().unwrap_or_default().to_string(),
                headers,
            )
        })
        .collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, setup: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
    setup(Client::builder(server.uri()).retries(0))
        .build()
        .unwrap()
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_string(), value.to_string())
}

#[tokio::test]
async fn each_scheme_sends_its_credential_where_the_spec_says() {
    let server = server().await;
    let held = client(&server, |b| {
        b.credential("queryKey", "q-secret")
            .credential("cookieKey", "c-secret")
            .credential("bearer", "b-token")
            .credential("basic", "ada:pw")
            .credential("oauth", "o-token")
            .credential("oidc", "i-token")
    });
    held.get_default().send().await.unwrap();
    held.get_cookie().send().await.unwrap();
    held.get_bearer().send().await.unwrap();
    held.get_basic().send().await.unwrap();
    held.get_oauth().send().await.unwrap();
    held.get_oidc().send().await.unwrap();
    let got = received(&server).await;
    assert_eq!(
        got[0],
        ("/default".into(), "api_key=q-secret".into(), vec![])
    );
    assert_eq!(got[1].2, vec![pair("cookie", "session=c-secret")]);
    assert_eq!(got[2].2, vec![pair("authorization", "Bearer b-token")]);
    assert_eq!(got[3].2, vec![pair("authorization", "Basic YWRhOnB3")]);
    assert_eq!(got[4].2, vec![pair("authorization", "Bearer o-token")]);
    assert_eq!(got[5].2, vec![pair("authorization", "Bearer i-token")]);
}

#[tokio::test]
async fn alternatives_are_tried_in_order_and_some_take_nothing() {
    let server = server().await;
    // The document's first alternative (the header) wins over the query.
    let both = client(&server, |b| {
        b.credential("headerKey", "h-secret")
            .credential("queryKey", "q-secret")
    });
    both.get_default().send().await.unwrap();
    // `security: []`: nothing, whatever the client holds.
    both.get_open().send().await.unwrap();
    // Two schemes together.
    let pair_held = client(&server, |b| {
        b.credential("headerKey", "h").credential("basic", "u:p")
    });
    pair_held.get_both().send().await.unwrap();
    // An optional credential (`{}` alternative): sent without.
    let none = client(&server, |b| b);
    none.get_optional().send().await.unwrap();
    let got = received(&server).await;
    assert_eq!(got[0].1, "");
    assert_eq!(got[0].2, vec![pair("x-api-key", "h-secret")]);
    assert_eq!(got[1].2, vec![]);
    assert_eq!(
        got[2].2,
        vec![pair("x-api-key", "h"), pair("authorization", "Basic dTpw")]
    );
    assert_eq!(got[3], ("/optional".into(), String::new(), vec![]));
    // Unsupported digest is not sent: the bearer alternative is.
    assert!(!none.can_authorize(
        fixtures_compiled::auth::client::GetDigest::default()
            .request()
            .with_security(<fixtures_compiled::auth::client::GetDigest as Operation>::SECURITY)
            .security
    ));
    assert!(none.can_authorize(&[]));
}

#[test]
fn a_printed_request_shows_each_credential_as_its_variable() {
    let held = Client::builder("https://auth.example.com")
        .credential("queryKey", "q-secret-value")
        .build()
        .unwrap();
    let request = Request::new(fixtures_compiled::runtime::Method::GET, "/default")
        .with_security(auth::DEFAULT);
    let url = held.printed_url(&request).unwrap();
    assert_eq!(
        url,
        "https://auth.example.com/default?api_key=$AUTH_QUERY_KEY"
    );
    assert!(!format!("{held:?}").contains("q-secret-value"));
    // Nothing held: the first alternative's variable, to set.
    let empty = Client::builder("https://auth.example.com").build().unwrap();
    assert_eq!(
        empty.headers(&request, true),
        vec![pair("X-Api-Key", "$AUTH_HEADER_KEY")]
    );
    let names: Vec<&str> = auth::SCHEMES.iter().map(|s| s.env).collect();
    assert_eq!(
        names,
        [
            "AUTH_HEADER_KEY",
            "AUTH_QUERY_KEY",
            "AUTH_COOKIE_KEY",
            "AUTH_BEARER",
            "AUTH_BASIC",
            "AUTH_OAUTH",
            "AUTH_OIDC",
        ]
    );
}

/// `status --check` sends the fixture's who-am-i GET, which takes the
/// document's credential; an operation needing none is never the check.
#[cfg(feature = "cli")]
#[test]
fn the_key_check_is_the_who_am_i_operation() {
    let check = fixtures_compiled::auth::cli::KEY_CHECK.expect("a key check");
    assert_eq!(check.command, "who-am-i");
    let none = fixtures_compiled::cancel_invite::cli::KEY_CHECK;
    assert!(none.is_none(), "{none:?}");
}
