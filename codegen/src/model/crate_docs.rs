//! The doc comments of a generated crate's roots (`src/lib.rs`, the types
//! crate's `lib.rs`, `src/main.rs`): prose about the whole API, decided
//! with the rest of the model so that emitters write it as it is.

use super::{Api, BodyKind, Param, SchemeKind, TypeRef};

/// The crate-level doc comments of a generated crate, one string per line
/// (each starting with the space a `//!` comment has).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrateDocs {
    /// The client crate's `src/lib.rs`: what it holds, an example call, the
    /// credentials, the features.
    pub lib: Vec<String>,
    /// The types crate's `lib.rs`.
    pub types_lib: String,
    /// The tool's `src/main.rs`.
    pub main: String,
}

/// The crate docs of the finished `api`.
pub(super) fn write(api: &Api) -> CrateDocs {
    let title = crate::text::first_paragraph(&api.title);
    CrateDocs {
        lib: lib(api),
        types_lib: format!(
            " The types {title} sends and receives, generated from its OpenAPI description."
        ),
        main: format!(
            " `{}`: the command-line tool for {title}.",
            api.crate_names.package
        ),
    }
}

/// The client crate's docs.
fn lib(api: &Api) -> Vec<String> {
    let lib = &api.crate_names.lib;
    let title = crate::text::first_paragraph(&api.title);
    let mut docs = vec![
        format!(" A typed client and command-line tool for {title}, generated from its OpenAPI description."),
        String::new(),
        " ```no_run".to_string(),
        format!(" use {lib}::runtime::Client;"),
        String::new(),
        " # async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!(
            " let client = Client::builder({:?}).api_key(\"...\").build()?;",
            api.server_url.as_deref().unwrap_or("https://api.example.com")
        ),
    ];
    if let Some(call) = example_call(api) {
        docs.push(format!(" let response = client.{call}.send().await?;"));
        docs.push(" println!(\"{:?}\", response.body);".to_string());
    }
    docs.extend(
        [
            " # Ok(())",
            " # }",
            " ```",
            "",
            " - [`client`]: a method on [`runtime::Client`] per operation, taking its required",
            "   inputs and returning a [`runtime::Builder`] with a setter per optional input;",
            "   paginated operations also `stream()` their items across pages.",
            " - [`types`]: the types the operations send and receive (a crate of their own).",
            "   Structs and enums are `#[non_exhaustive]`: build the ones you send with `new`",
            "   (or `Default`) and setters, so that the spec's next additions break nothing.",
            " - [`runtime`]: the HTTP client ([`runtime::Client::builder`]: base URL, API key,",
            "   headers, timeout, retries, user agent, your own `reqwest::Client`) and its errors.",
            "   Requests are traced with `tracing` (method, path, status, attempt, time).",
            "",
        ]
        .map(str::to_string),
    );
    docs.extend(credentials(api));
    docs.extend(
        [
            "",
            " # Features",
            "",
            " - `cli` (default): the command-line tool and its `cli` module, with clap parsing on",
            "   every request struct. Without it (`default-features = false`) the crate is the",
            "   client alone: no clap, jaq, csv, serde_yaml, terminal_size, directories,",
            "   similar, tempfile or toon-format in your build.",
        ]
        .map(str::to_string),
    );
    if api.login.is_some() {
        docs.push(
            " - `login` (default): `login` and `logout`, the spec's OAuth 2 sign-in (with `cli`)."
                .to_string(),
        );
    }
    if api.event_streams() {
        docs.push(
            " - `events` (default): live streams, `runtime::Builder::event_stream`.".to_string(),
        );
    }
    docs
}

/// A call of the first operation whose required inputs are all strings,
/// for the crate docs' example: `get_pet("id")`.
fn example_call(api: &Api) -> Option<String> {
    api.operations.iter().find_map(|op| {
        let body_required = op
            .body
            .as_ref()
            .is_some_and(|b| b.required && !matches!(b.kind, BodyKind::Multipart(_)));
        let args: Vec<&Param> = op
            .request_fields()
            .into_iter()
            .filter(|p| p.is_argument())
            .collect();
        let strings = args.iter().all(|p| p.ty == TypeRef::String);
        (!body_required && strings).then(|| {
            let values: Vec<String> = args.iter().map(|p| format!("{:?}", p.wire)).collect();
            format!("{}({})", op.names.fn_name, values.join(", "))
        })
    })
}

/// The crate docs' `# Credentials`: each scheme an operation takes, where
/// its credential goes, the builder call and the tool's variable.
fn credentials(api: &Api) -> Vec<String> {
    let mut docs = vec![" # Credentials".to_string(), String::new()];
    let used = api.used_schemes();
    if used.is_empty() {
        docs.push(" The API declares no security: requests carry no credential.".to_string());
        return docs;
    }
    docs.push(
        " As the spec declares them; each operation sends the first of its alternatives whose"
            .to_string(),
    );
    docs.push(
        " credentials are all set. `.api_key(..)` sets the credential of every scheme without one."
            .to_string(),
    );
    docs.push(String::new());
    for scheme in used {
        let place = match &scheme.kind {
            SchemeKind::Header(name) => format!("the `{name}` header"),
            SchemeKind::Query(name) => format!("the `{name}` query parameter"),
            SchemeKind::Cookie(name) => format!("the `{name}` cookie"),
            SchemeKind::Bearer => "`Authorization: Bearer`".to_string(),
            SchemeKind::Basic => "HTTP basic (`user:password`)".to_string(),
        };
        docs.push(format!(
            " - `{}`, in {place}: `.credential({:?}, ..)`, or `{}` for the tool.",
            scheme.name, scheme.name, scheme.env
        ));
    }
    docs
}
