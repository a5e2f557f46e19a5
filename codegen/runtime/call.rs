//! Calls as Rust users write them: a typed method returns a [`Builder`]
//! holding the required inputs, a generated setter per optional input,
//! then [`Builder::send`]; paginated operations also [`Builder::stream`]
//! their items across pages, and live streams give their [`Builder::event_stream`].

use futures_util::{Stream, StreamExt};

use super::client::{Call, Client, TransportError};
#[cfg(feature = "events")]
use super::events::Events;
use super::pages::{items_mut, Limits, Pager};
use super::request::Request;
use super::response::{decode, DecodeError, Error, Operation, Response};

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

    #[cfg(feature = "events")]
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

/// A paginated operation whose items have a type: generated for each
/// operation with an [`Operation::PAGINATION`] rule whose items the
/// generator could type.
pub trait Paginated: Operation + Send + Sync {
    /// One item of a page.
    type Item: serde::de::DeserializeOwned;
}

impl<'a, O> Builder<'a, O>
where
    O: Paginated + 'a,
    O::Output: Send + 'a,
    O::Error: Send + 'a,
    O::Item: Send + 'a,
{
    /// Every item of every page, in order, following the pages as the
    /// operation's spec says they are asked for (see [`Pagination`](super::pages::Pagination)). An
    /// error ends the stream after it is yielded; so does a page asked for
    /// twice, or [`MAX_PAGES`](super::pages::MAX_PAGES) pages.
    pub fn stream(self) -> impl Stream<Item = Result<O::Item, Error<O::Error>>> + Send + 'a {
        self.stream_with(Limits::default())
    }

    /// [`Self::stream`] within `limits`: at most so many pages or items.
    pub fn stream_with(
        self,
        limits: Limits,
    ) -> impl Stream<Item = Result<O::Item, Error<O::Error>>> + Send + 'a {
        let client = self.client;
        let first = self
            .request
            .request()
            .with_idempotency_key(O::IDEMPOTENCY_KEY)
            .with_security(O::SECURITY);
        let pager = O::PAGINATION.map(|rule| Pager::new(rule, first, client.base_url(), limits));
        futures_util::stream::unfold(pager, move |pager| async move {
            let mut pager = pager?;
            let request = pager.next_request()?;
            let items = match page::<O>(client, &request).await {
                Ok((mut body, response)) => {
                    pager.advance(&request, &mut body, response.headers());
                    if let Some(warning) = pager.stop().and_then(|stop| stop.warning()) {
                        tracing::warn!("{warning}");
                    }
                    typed_items::<O>(body, pager.rule().items, &response)
                }
                Err(error) => vec![Err(error)],
            };
            let failed = items.iter().any(Result::is_err);
            Some((items, (!failed).then_some(pager)))
        })
        .flat_map(futures_util::stream::iter)
    }
}

/// One page: sent, and its body as JSON with the response; an error status
/// is the operation's typed error.
async fn page<O: Operation>(
    client: &Client,
    request: &Request,
) -> Result<(serde_json::Value, Response), Error<O::Error>> {
    request.check()?;
    let response = match client.execute(request).await {
        Ok(response) => response,
        Err(TransportError::Build(e)) => return Err(Error::Build(e)),
        Err(TransportError::Http(e, _)) => return Err(Error::Transport(e)),
        Err(TransportError::TooLarge(limit)) => return Err(Error::TooLarge(limit)),
    };
    // A success is read once, as JSON (its items are typed one by one); an
    // error status is decoded as the operation's typed error.
    if !(200..300).contains(&response.status()) {
        return Err(match decode::<O>(response.clone()) {
            Err(error) => error,
            Ok(_) => Error::UnexpectedStatus(Box::new(response)),
        });
    }
    match response.json::<serde_json::Value>() {
        Ok(body) => Ok((body, response)),
        Err(source) => Err(Error::Decode {
            source,
            response: Box::new(response),
        }),
    }
}

/// A page's items as the operation's item type; one that does not decode
/// is an error (and the last item).
fn typed_items<O: Paginated>(
    mut body: serde_json::Value,
    path: &[&str],
    response: &Response,
) -> Vec<Result<O::Item, Error<O::Error>>> {
    let Some(list) = items_mut(&mut body, path) else {
        return Vec::new();
    };
    let mut typed = Vec::with_capacity(list.len());
    for item in std::mem::take(list) {
        match serde_json::from_value(item) {
            Ok(item) => typed.push(Ok(item)),
            Err(e) => {
                typed.push(Err(Error::Decode {
                    source: DecodeError::Json(e),
                    response: Box::new(response.clone()),
                }));
                break;
            }
        }
    }
    typed
}
