//! The hand-written runtime the generated code calls: requests, the HTTP
//! client, decoding, and (with the `cli` feature) the CLI's shared
//! behaviour. Generated modules hold only what differs per operation.

// Layering: a module uses only those before it in fields, value, auth, request, pages, response, client, events, call, curl, output, cli.
mod auth;
mod call;
#[cfg(feature = "cli")]
pub mod cli;
mod client;
#[cfg(feature = "cli")]
mod curl;
#[cfg(feature = "events")]
mod events;
#[cfg(feature = "cli")]
pub mod output;
mod pages;
mod request;
mod response;

pub use auth::{Applied, Credentials, Login, Scheme, SchemeKind, Security};
#[allow(unused_imports)]
pub(crate) use call::request_setters;
pub use call::{Builder, Paginated};
pub use client::{
    is_idempotent, is_retried_status, Call, Client, ClientBuilder, RetryPolicy, TransportError,
    MAX_BODY_BYTES,
};
#[cfg(feature = "events")]
pub use events::{from_chunks as events_from_chunks, Event, EventError, Events, MAX_EVENT_BYTES};
pub use pages::{
    at, items, link_next, links, Limits, PageKind, Pager, Pagination, Stop, MAX_PAGES,
};
pub use request::{Body, BuildError, FormFile, Json, Method, Part, PathStyle, QueryStyle, Request};
pub use response::{
    decode, DecodeError, Decoded, Edit, Error, Operation, Outcome, PathId, PathIds, Resource,
    Response, ResponseValue,
};
pub use value::{FilePart, ParamValue};

// What the types need of the runtime: the `value` module, declared in
// `values.rs`. A generated crate whose types are a crate of their own has
// another `values.rs`, taking the module from that crate.
include!("values.rs");
