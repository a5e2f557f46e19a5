//! The DoiT Cloud Intelligence API as a typed Rust client, and the `dci`
//! command-line tool's commands, generated from `spec/doit-api.yaml` at
//! build time.
//!
//! ```no_run
//! use dci::runtime::Client;
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder("https://api.doit.com")
//!     .api_key(std::env::var("DCI_API_KEY")?)
//!     .build()?;
//! let invite = client.cancel_invite("inv-123").dry_run(true).send().await?;
//! println!("{:?}", invite.body);
//! # Ok(())
//! # }
//! ```
//!
//! - [`client`]: a method on [`runtime::Client`] per operation, taking the
//!   operation's required inputs and returning a [`runtime::Builder`] with
//!   a setter per optional input; paginated operations also `stream()`
//!   their items across pages.
//! - [`types`]: the schemas those operations send and receive. Structs and
//!   enums are `#[non_exhaustive]`: build the ones you send with `new` and
//!   setters, so that the next spec release's additions break nothing.
//! - [`runtime`]: the HTTP client ([`runtime::Client::builder`]: base URL,
//!   API key, headers, timeout, retries, user agent, your own
//!   `reqwest::Client`) and its errors. Requests are traced with `tracing`
//!   (method, path, status, attempt, time; never the key).
//!
//! # Features
//!
//! - `cli` (default): the command-line tool: [`cli`] (the clap
//!   subcommands), `app`, and clap parsing on every request struct. Turn it
//!   off (`default-features = false`) for the client alone: no clap, jaq,
//!   csv, serde_yaml, terminal_size, tempfile or toon-format in your build.

#[cfg(feature = "cli")]
pub mod app;
#[path = "../codegen/runtime/mod.rs"]
pub mod runtime;

/// Modules generated from the spec by `build.rs` (copies under `generated/`).
// Descriptions come verbatim from the spec; their Markdown is not always in
// the shape clippy's and rustdoc's lints expect (`[n]` is no link, `<value>`
// no HTML tag), and rewriting it would change the text (it is also the help).
// Items the spec does not describe have no doc comment: an invented one
// would say nothing the name does not.
#[allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
#[allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
#[allow(missing_docs)]
mod generated {
    /// The types the operations send and receive.
    pub mod types {
        include!(concat!(env!("OUT_DIR"), "/types.rs"));
    }
    /// A typed method per operation, and each operation's request.
    pub mod client {
        include!(concat!(env!("OUT_DIR"), "/client.rs"));
    }
    /// The clap subcommands `dci` is built from.
    #[cfg(feature = "cli")]
    pub mod cli {
        include!(concat!(env!("OUT_DIR"), "/cli.rs"));
    }
}

#[cfg(feature = "cli")]
pub use generated::cli;
pub use generated::{client, types};
