//! Live streams: a success answered as `text/event-stream`, read event by
//! event as the server sends them (the `eventsource-stream` crate parses
//! the wire format).

use std::pin::Pin;

pub use eventsource_stream::Event;
use futures_util::{Stream, StreamExt};

use super::client::{read_body, Client, TransportError, MAX_BODY_BYTES};
use super::request::Request;
use super::response::Response;

/// The media type of a live stream, sent as `Accept`.
pub const EVENT_STREAM: &str = "text/event-stream";

impl Request {
    /// The request asking for a live stream (`Accept: text/event-stream`,
    /// unless it asks for something already): servers may refuse a stream
    /// not asked for (406).
    pub fn accepting_events(mut self) -> Self {
        if self.header_value("Accept").is_none() {
            self.headers
                .push(("Accept".to_string(), EVENT_STREAM.to_string()));
        }
        self
    }
}

/// Why a live stream stopped before the server ended it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// The connection broke off.
    #[error("the event stream broke off: {0}")]
    Transport(String),
    /// The stream is not UTF-8, or not in the event-stream format.
    #[error("the event stream is malformed: {0}")]
    Malformed(String),
}

/// The events of a live stream, in the order the server sends them.
pub type Events = Pin<Box<dyn Stream<Item = Result<Event, EventError>> + Send>>;

impl Client {
    /// Sends `request`; a success's events come as they arrive, and any
    /// other answer is read whole and returned as `Err` for the caller to
    /// decode. A stream's request is sent once, never retried, so no event
    /// is ever asked for twice; and the retry policy's timeout does not
    /// apply, since a stream may rightly last long.
    pub async fn execute_events(
        &self,
        request: &Request,
    ) -> Result<Result<Events, Response>, TransportError> {
        let request = request.clone().accepting_events();
        let response = self.start_exchange(&request, None).await?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let headers = response.headers().clone();
            let body = read_body(response, MAX_BODY_BYTES).await?;
            return Ok(Err(Response::new(status, headers, body)));
        }
        Ok(Ok(events(response)))
    }
}

/// The events of a response's body, read chunk by chunk.
fn events(response: reqwest::Response) -> Events {
    // The body's chunks as a stream; it ends after the first error.
    let chunks = futures_util::stream::unfold(Some(response), |state| async move {
        let mut response = state?;
        match response.chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
            Ok(None) => None,
            Err(error) => Some((Err(error), None)),
        }
    });
    from_chunks(chunks)
}

/// The events of a body arriving as `chunks`, split anywhere.
pub fn from_chunks<B, E>(chunks: impl Stream<Item = Result<B, E>> + Send + 'static) -> Events
where
    B: AsRef<[u8]> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    use eventsource_stream::{EventStreamError, Eventsource};
    Box::pin(chunks.eventsource().map(|item| {
        item.map_err(|error| match error {
            EventStreamError::Transport(e) => EventError::Transport(e.to_string()),
            other => EventError::Malformed(other.to_string()),
        })
    }))
}
