//! Calls as Rust users write them: a typed method returns a [`Builder`]
//! holding the required inputs, a generated setter per optional input,
//! then [`Builder::send`]; paginated operations also [`Builder::stream`]
//! their items across pages, and live streams give their [`Builder::event_stream`].

use std::future::Future;

use futures_util::{Stream, TryStreamExt};

use super::client::{Call, Client, TransportError};
use super::events::Events;
use super::response::{decode, Error, Operation, Outcome};

/// A request on its way to being sent: what each typed client method
/// returns. Chain the operation's setters for optional inputs, then
/// [`send`](Builder::send) it.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct Builder<'a, O> {
    client: &'a Client,
    /// The request so far; generated setters fill it in.
    pub(crate) request: O,
}

impl<'a, O: Operation + 'a> Builder<'a, O> {
    /// A builder sending `request` through `client` (generated methods call this).
    pub(crate) fn new(client: &'a Client, request: O) -> Self {
        Builder { client, request }
    }

    /// The request as built so far.
    pub fn request(&self) -> &O {
        &self.request
    }

    /// The request as built, to send later with [`Client::call`].
    pub fn into_request(self) -> O {
        self.request
    }

    /// Sends the request (retrying as the client's policy allows) and
    /// decodes the response.
    pub fn send(self) -> Call<'a, O> {
        self.client.call(&self.request)
    }

    /// Sends the request of an operation that answers a live stream
    /// (`text/event-stream`) and yields its events as the server sends
    /// them; an error status is decoded as [`Self::send`] decodes it. The
    /// request is sent once, never retried.
    pub async fn event_stream(self) -> Result<Events, Error<O::Error>> {
        let request = self
            .request
            .request()
            .with_idempotency_key(O::IDEMPOTENCY_KEY)
            .with_security(O::SECURITY);
        request.check()?;
        match self.client.execute_events(&request).await {
            Ok(Ok(events)) => Ok(events),
            Ok(Err(response)) => match decode::<O>(response.clone()) {
                Err(error) => Err(error),
                // Not a success status, whatever the spec documents.
                Ok(_) => Err(Error::UnexpectedStatus(Box::new(response))),
            },
            Err(TransportError::Build(e)) => Err(Error::Build(e)),
            Err(TransportError::Http(e, _)) => Err(Error::Transport(e)),
            Err(TransportError::TooLarge(limit)) => Err(Error::TooLarge(limit)),
        }
    }
}

/// Setters for a request's optional inputs, on the [`Builder`] a typed
/// method returns: each takes anything that converts into the input's type.
// Generated crates whose operations have no optional inputs never invoke it.
#[allow(unused_macros)]
macro_rules! request_setters {
    ($name:ident { $($(#[$doc:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        impl $crate::runtime::Builder<'_, $name> {
            $(
                $(#[$doc])*
                // A field may be named like a standard trait's method (`add`).
                #[allow(clippy::should_implement_trait)]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.request.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}
#[allow(unused_imports)]
pub(crate) use request_setters;

/// An operation whose responses carry a token to the next page: generated
/// for each operation that takes a `pageToken` and returns one.
pub trait Paginated: Operation + Clone + Send + Sync {
    /// One item of a page.
    type Item;

    /// A page's items and the token of the next page, if there is one.
    fn page(output: Self::Output) -> (Vec<Self::Item>, Option<String>);

    /// Asks for the page with this token.
    fn set_page_token(&mut self, token: String);
}

impl<'a, O> Builder<'a, O>
where
    O: Paginated + 'a,
    O::Output: Send + 'a,
    O::Error: Send + 'a,
    O::Item: Send + 'a,
{
    /// Every item of every page, in order: the request is sent, then sent
    /// again with each page's token until a page has none. An error ends
    /// the stream after it is yielded.
    pub fn stream(self) -> impl Stream<Item = Result<O::Item, Error<O::Error>>> + Send + 'a {
        let (client, request) = (self.client, self.request);
        pages(
            move |token| {
                let mut request = request.clone();
                if let Some(token) = token {
                    request.set_page_token(token);
                }
                async move {
                    let outcome: Outcome<O> = client.call(&request).await;
                    outcome.map(|value| O::page(value.body))
                }
            },
            |(_, next): &(Vec<O::Item>, Option<String>)| next.clone(),
        )
        .map_ok(|(items, _)| futures_util::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }
}

/// Following stops here, whatever the server says.
pub const MAX_PAGES: usize = 10_000;

/// Pages in order: `fetch(None)` first, then `fetch(Some(token))` with each
/// token `next` finds in the page before, until a page has no token (or an
/// empty one, or the token it was fetched with), an error, or
/// [`MAX_PAGES`]. The typed [`Builder::stream`] and the CLI's `--all` both
/// follow pages with it.
pub fn pages<P, E, F, Fut, N>(fetch: F, next: N) -> impl Stream<Item = Result<P, E>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<P, E>>,
    N: Fn(&P) -> Option<String>,
{
    struct State<F, N> {
        fetch: F,
        next: N,
        token: Option<String>,
        fetched: usize,
        done: bool,
    }
    let state = State {
        fetch,
        next,
        token: None,
        fetched: 0,
        done: false,
    };
    futures_util::stream::unfold(state, move |mut state| async move {
        if state.done || state.fetched >= MAX_PAGES {
            return None;
        }
        let asked = state.token.take();
        let result = (state.fetch)(asked.clone()).await;
        state.fetched += 1;
        match &result {
            Ok(page) => {
                state.token =
                    (state.next)(page).filter(|t| !t.is_empty() && Some(t) != asked.as_ref());
                state.done = state.token.is_none();
            }
            Err(_) => state.done = true,
        }
        Some((result, state))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    /// Pages of numbers chained by tokens `"1"`, `"2"`...; `last` has none.
    fn fetched(tokens: &[Option<&str>]) -> (Vec<Result<u32, String>>, Vec<Option<String>>) {
        let asked = std::cell::RefCell::new(Vec::new());
        let tokens: Vec<Option<String>> = tokens.iter().map(|t| t.map(str::to_string)).collect();
        let stream = pages(
            |token: Option<String>| {
                asked.borrow_mut().push(token.clone());
                let page: u32 = token.map_or(0, |t| t.parse().unwrap_or(99));
                let result = match tokens.get(page as usize) {
                    Some(next) => Ok((page, next.clone())),
                    None => Err(format!("no page {page}")),
                };
                async move { result }
            },
            |(_, next): &(u32, Option<String>)| next.clone(),
        );
        let pages = futures_executor_lite(stream.map(|r| r.map(|(page, _)| page)).collect());
        (pages, asked.into_inner())
    }

    /// Drives a future that never waits (the fetches here are ready at once).
    fn futures_executor_lite<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    #[test]
    fn pages_follow_tokens_until_a_page_has_none() {
        let (pages, asked) = fetched(&[Some("1"), Some("2"), None]);
        assert_eq!(pages, vec![Ok(0), Ok(1), Ok(2)]);
        assert_eq!(asked, vec![None, Some("1".into()), Some("2".into())]);
    }

    #[test]
    fn an_empty_or_repeated_token_ends_the_pages() {
        let (pages, _) = fetched(&[Some("1"), Some("")]);
        assert_eq!(pages, vec![Ok(0), Ok(1)]);
        let (pages, asked) = fetched(&[Some("1"), Some("1")]);
        assert_eq!(pages, vec![Ok(0), Ok(1)]);
        assert_eq!(asked.len(), 2);
    }

    #[test]
    fn an_error_is_yielded_and_ends_the_pages() {
        let (pages, asked) = fetched(&[Some("1"), Some("5")]);
        assert_eq!(pages, vec![Ok(0), Ok(1), Err("no page 5".to_string())]);
        assert_eq!(asked.len(), 3);
    }
}
