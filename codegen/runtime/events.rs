//! Live streams: a success answered as `text/event-stream`, read event by
//! event as the server sends them. The format is read here, in time linear
//! in the bytes (`eventsource-stream`, whose `Event` type is kept, scans a
//! long line again for each chunk and copies the buffer after each line).

use std::collections::VecDeque;
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

/// The longest event read (its lines together, without their line
/// ends): a server that never ends an event cannot fill the memory.
pub const MAX_EVENT_BYTES: usize = 16 * 1024 * 1024;

/// The events of a body arriving as `chunks`, split anywhere, read as the
/// HTML standard's event-stream format says, in time linear in the bytes
/// (a long line is not scanned again for each chunk). Text that is not
/// UTF-8 is read with U+FFFD in its place, as browsers do; an event over
/// [`MAX_EVENT_BYTES`] stops the stream.
pub fn from_chunks<B, E>(chunks: impl Stream<Item = Result<B, E>> + Send + 'static) -> Events
where
    B: AsRef<[u8]> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let state = (Box::pin(chunks), Parser::default(), VecDeque::new(), false);
    Box::pin(futures_util::stream::unfold(
        state,
        |(mut chunks, mut parser, mut ready, mut done)| async move {
            loop {
                if let Some(item) = ready.pop_front() {
                    return Some((item, (chunks, parser, ready, done)));
                }
                if done {
                    return None;
                }
                match chunks.next().await {
                    // An event the stream ended in the middle of is dropped.
                    None => return None,
                    Some(Ok(bytes)) => done = !parser.read(bytes.as_ref(), &mut ready),
                    Some(Err(e)) => {
                        ready.push_back(Err(EventError::Transport(e.to_string())));
                        done = true;
                    }
                }
            }
        },
    ))
}

/// An event stream read so far: the line being read, and the event.
#[derive(Debug, Default)]
struct Parser {
    /// The bytes of the line so far.
    line: Vec<u8>,
    /// The last byte was `\r` (a `\n` now ends the same line).
    after_cr: bool,
    /// A line was read (a byte order mark comes only before the first).
    started: bool,
    /// The bytes of the event's lines read before this one.
    event_bytes: usize,
    /// The event's type, data lines (each followed by `\n`) and retry.
    event: String,
    data: String,
    retry: Option<std::time::Duration>,
    /// The last `id` seen, kept from event to event.
    last_id: String,
}

impl Parser {
    /// Reads `bytes`, putting each event they end in `ready`; false (and
    /// an error in `ready`) once an event is over [`MAX_EVENT_BYTES`].
    fn read(&mut self, mut bytes: &[u8], ready: &mut VecDeque<Result<Event, EventError>>) -> bool {
        while let Some((&first, rest)) = bytes.split_first() {
            if std::mem::take(&mut self.after_cr) && first == b'\n' {
                bytes = rest;
                continue;
            }
            let end = bytes.iter().position(|&b| b == b'\n' || b == b'\r');
            self.line
                .extend_from_slice(&bytes[..end.unwrap_or(bytes.len())]);
            if self.event_bytes + self.line.len() > MAX_EVENT_BYTES {
                let limit = MAX_EVENT_BYTES >> 20;
                let why = format!("an event is longer than {limit} MiB");
                ready.push_back(Err(EventError::Malformed(why)));
                return false;
            }
            let Some(end) = end else {
                break;
            };
            self.after_cr = bytes[end] == b'\r';
            bytes = &bytes[end + 1..];
            if let Some(event) = self.line_ended() {
                ready.push_back(Ok(event));
            }
        }
        true
    }

    /// Takes in the line read: the event it ends, if any.
    fn line_ended(&mut self) -> Option<Event> {
        let mut line = std::mem::take(&mut self.line);
        if !std::mem::replace(&mut self.started, true) && line.starts_with("\u{feff}".as_bytes()) {
            line.drain(..3);
        }
        if line.is_empty() {
            return self.dispatched();
        }
        self.event_bytes += line.len();
        if line.first() == Some(&b':') {
            return None; // a comment
        }
        let line = String::from_utf8_lossy(&line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok().map(std::time::Duration::from_millis);
            }
            _ => {}
        }
        None
    }

    /// The event an empty line ends: none when it has no data.
    fn dispatched(&mut self) -> Option<Event> {
        self.event_bytes = 0;
        let event = std::mem::take(&mut self.event);
        let mut data = std::mem::take(&mut self.data);
        let retry = self.retry.take();
        if data.is_empty() {
            return None;
        }
        data.pop();
        Some(Event {
            event: if event.is_empty() {
                "message".to_string()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
            retry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(chunks: &[&[u8]]) -> Vec<Result<Event, EventError>> {
        let mut parser = Parser::default();
        let mut ready = VecDeque::new();
        for chunk in chunks {
            if !parser.read(chunk, &mut ready) {
                break;
            }
        }
        ready.into_iter().collect()
    }

    #[test]
    fn an_event_too_long_is_cut_however_it_comes() {
        let line = vec![b'x'; 1024 * 1024];
        // Sixteen lines of a MiB and one byte more, no empty line: too long.
        let mut chunks: Vec<&[u8]> = vec![b"data: "];
        for _ in 0..16 {
            chunks.extend([&line[..], b"\r\n"]);
        }
        chunks.push(b"\n");
        let cut = read(&chunks);
        let Some(Err(EventError::Malformed(why))) = cut.last() else {
            panic!("not cut: {} items", cut.len());
        };
        assert_eq!(why, "an event is longer than 16 MiB");
        // The same bytes as many events, each line end alone, \r\n or \r.
        for end in [&b"\n\n"[..], b"\r\n\r\n", b"\r\r", b"\r\n\n"] {
            let mut chunks: Vec<&[u8]> = Vec::new();
            for _ in 0..32 {
                chunks.extend([b"data:", &line[..], end]);
            }
            let read = read(&chunks);
            assert_eq!(read.len(), 32, "{end:?}");
            assert!(read
                .iter()
                .all(|e| e.as_ref().is_ok_and(|e| e.data.len() == line.len())));
        }
    }

    #[test]
    fn fields_are_read_as_the_standard_says() {
        let stream: &[u8] =
            b"\xef\xbb\xbfevent: a\r\ndata:x\r\ndata:  y\r\nid: 7\r\nretry: 30\r\n\r\n\
            : comment\ndata\nid: 8\0\n\nretry: x\ndata: \xff\n\nevent: none\n\n";
        let events: Vec<Event> = read(&[stream]).into_iter().map(Result::unwrap).collect();
        let ms = std::time::Duration::from_millis;
        let event = |event: &str, data: &str, id: &str, retry| Event {
            event: event.into(),
            data: data.into(),
            id: id.into(),
            retry,
        };
        assert_eq!(
            events,
            [
                event("a", "x\n y", "7", Some(ms(30))),
                event("message", "", "7", None),
                event("message", "\u{fffd}", "7", None),
            ]
        );
    }
}
