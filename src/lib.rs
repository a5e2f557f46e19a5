//! The DoiT API client and the `dci` command-line tool's commands,
//! generated from `spec/doit-api.yaml` at build time.
//!
//! - [`client`]: one request struct per operation and a typed method on
//!   [`runtime::Client`] for each.
//! - [`types`]: the schemas those operations use.
//! - [`cli`]: the clap subcommands `dci` is built from.

pub mod app;
#[path = "../codegen/runtime/mod.rs"]
pub mod runtime;

/// Modules generated from the spec by `build.rs` (copies under `generated/`).
// Descriptions come verbatim from the spec; their Markdown is not always in
// the shape clippy's doc lints expect, and rewriting it would change the text.
#[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
mod generated {
    pub mod types {
        include!(concat!(env!("OUT_DIR"), "/types.rs"));
    }
    pub mod client {
        include!(concat!(env!("OUT_DIR"), "/client.rs"));
    }
    pub mod cli {
        include!(concat!(env!("OUT_DIR"), "/cli.rs"));
    }
}

pub use generated::{cli, client, types};
