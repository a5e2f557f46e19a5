//! The hand-written runtime the generated code calls: requests, the HTTP
//! client, decoding, and the CLI's shared behaviour. Generated modules hold
//! only what differs per operation.

pub mod cli;
mod client;
mod curl;
pub mod output;
mod request;

pub use client::{
    decode, BuildError, Call, Client, DecodeError, Decoded, Error, Operation, Outcome, Response,
    ResponseValue, RetryPolicy,
};
pub use request::{Body, FormFile, Json, Method, Part, QueryStyle, Request};
pub use value::{FilePart, ParamValue};

// What the types need of the runtime. A crate whose types are a crate of
// their own has `pub use <types crate>::runtime::value;` in place of the
// next three lines (the generator writes it so).
pub mod value;
#[allow(unused_imports)]
pub(crate) use value::{body_parser, string_enum};
