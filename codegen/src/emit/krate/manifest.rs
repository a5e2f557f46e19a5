//! The generated crates' manifests: the client crate's and the types
//! crate's `Cargo.toml`, with their dependencies and features.

use crate::model::{features, Api};
use crate::write;

/// The types crate's features and dependencies: clap only for the CLI.
const TYPES_DEPENDENCIES: &str = r#"clap = { version = "4.5", optional = true, default-features = false, features = ["std"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order", "raw_value"] }
"#;

/// The types crate's features.
const TYPES_FEATURES: &str = r#"[features]
default = ["all"]
# clap value parsers for enums and bodies, for the client crate's CLI.
cli = ["dep:clap"]
"#;

/// The features of generated code and the runtime: the CLI is one, on by default.
const FEATURES: &str = r#"[features]
default = ["cli", "all"DEFAULTS]
# The command-line tool: clap, output formats, jq filters. Without it the
# library is the typed client and its types alone.
# `mcp`: a Model Context Protocol server of the same commands (rmcp).
mcp = ["cli", "dep:rmcp", "dep:hyper", "dep:hyper-util", "dep:http-body-util", "dep:bytes", "tokio/net", "tokio/rt-multi-thread", "tokio/io-std"]
cli = ["TYPES/cli", "dep:clap", "dep:clap_complete", "dep:csv", "dep:directories", "dep:jaq-core", "dep:jaq-json", "dep:jaq-std", "dep:serde_path_to_error", "dep:serde_yaml", "dep:similar", "dep:strsim", "dep:tempfile", "dep:terminal_size", "dep:toon-format", "dep:signal-hook", "tokio/rt", "tokio/signal", "tokio/sync"]
"#;

/// The dependencies of generated code and the runtime; versions as the
/// workspace builds and tests them.
const DEPENDENCIES: &str = r#"base64 = "0.22"
bytes = { version = "1", optional = true }
clap = { version = "4.5", optional = true, default-features = false, features = ["std", "derive", "help", "usage", "error-context", "suggestions", "env", "wrap_help", "string"] }
clap_complete = { version = "4.5", optional = true, features = ["unstable-dynamic"] }
csv = { version = "1", optional = true }
directories = { version = "6", optional = true }
eventsource-stream = { version = "0.2", optional = true }
form_urlencoded = "1"
http-body-util = { version = "0.1", optional = true }
hyper = { version = "1", optional = true, default-features = false, features = ["server", "http1"] }
hyper-util = { version = "0.1", optional = true, default-features = false, features = ["tokio"] }
mime_guess = { version = "2", default-features = false }
futures-util = { version = "0.3", default-features = false, features = ["std"] }
jaq-core = { version = "2", optional = true }
jaq-json = { version = "1", optional = true, features = ["serde_json"] }
jaq-std = { version = "2", optional = true }
keyring = { version = "4.2", optional = true }
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "multipart", "http2"] }
rmcp = { version = "3.11", optional = true, default-features = false, features = ["server", "transport-io", "transport-streamable-http-server"] }
serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order", "raw_value"] }
serde_path_to_error = { version = "0.1", optional = true }
serde_yaml = { version = "0.9", optional = true }
sha2 = { version = "0.11", optional = true }
similar = { version = "2", optional = true }
strsim = { version = "0.11", optional = true }
tempfile = { version = "3", optional = true }
terminal_size = { version = "0.4", optional = true }
thiserror = "2"
tokio = { version = "1", features = ["time"] }
toon-format = { version = "0.7", optional = true, default-features = false }
tracing = { version = "0.1", default-features = false, features = ["std"] }
uuid = { version = "1", features = ["v4"] }
"#;

/// The runtime's signal thread (Unix only).
const SIGNALS: &str = r#"signal-hook = { version = "0.3", optional = true, default-features = false, features = ["iterator"] }"#;

/// The manifest lines of the runtime's optional modules' features, and
/// the dependency each alone needs, in [`super::runtime::features`]'s
/// order: a crate whose spec needs a module has its feature, on by default.
const RUNTIME_FEATURES: [(&str, &[&str]); 2] = [
    (
        "# `login`/`logout`: the spec's OAuth 2 authorization-code sign-in (PKCE),\n# its token kept in the OS keychain (keyring) where one answers.\nlogin = [\"cli\", \"dep:sha2\", \"dep:keyring\"]\n",
        &["keyring", "sha2"],
    ),
    (
        "# Live streams (`text/event-stream`): `Builder::event_stream`, and the CLI\n# printing events as they come.\nevents = [\"dep:eventsource-stream\"]\n",
        &["eventsource-stream"],
    ),
];

/// The `[features]` section's runtime part and the dependencies, for the
/// runtime's optional modules `api` needs.
fn runtime_features(api: &Api) -> (String, String) {
    let mut defaults = String::new();
    let mut features = FEATURES.to_string();
    let mut dependencies = DEPENDENCIES.to_string();
    let runtime = super::runtime::features(api)
        .into_iter()
        .zip(RUNTIME_FEATURES);
    for ((name, needed), (lines, needs)) in runtime {
        if needed {
            defaults.push_str(&format!(", \"{name}\""));
            features.push_str(lines);
        } else {
            let needs: Vec<String> = needs.iter().map(|d| format!("{d} = ")).collect();
            dependencies = dependencies
                .lines()
                .filter(|line| !needs.iter().any(|d| line.starts_with(d)))
                .map(|line| format!("{line}\n"))
                .collect();
        }
    }
    (features.replace("DEFAULTS", &defaults), dependencies)
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn types_cargo_toml(api: &Api) -> String {
    let package = package(api, &api.crate_names.types_package, "Types of");
    let tags = tag_features(api, |_| String::new());
    format!("{package}\n{TYPES_FEATURES}{tags}\n[dependencies]\n{TYPES_DEPENDENCIES}")
}

/// The feature per tag and `all`, which enables them: each is `feature =
/// [what(feature)]` (the types crate's, from the client crate).
fn tag_features(api: &Api, what: impl Fn(&str) -> String) -> String {
    let all: Vec<String> = std::iter::once(what(features::ALL))
        .filter(|s| !s.is_empty())
        .chain(api.features.iter().map(|f| format!("\"{}\"", f.name)))
        .collect();
    let mut out = format!(
        "# One feature per tag: its operations, its commands and the types they use.\n\
         # `all` (on by default) is every tag's; a program that calls a few tags\n\
         # compiles only those with `default-features = false`.\n{} = [{}]\n",
        features::ALL,
        all.join(", ")
    );
    for feature in &api.features {
        let feature = &feature.name;
        out.push_str(&format!("{feature} = [{}]\n", what(feature)));
    }
    out
}

pub(super) fn cargo_toml(api: &Api) -> String {
    let (name, types) = (&api.crate_names.package, &api.crate_names.types_package);
    let package = package(api, name, "Client and command-line tool for");
    let (features, dependencies) = runtime_features(api);
    format!(
        "{package}\n[lib]\npath = \"src/lib.rs\"\n\n[[bin]]\nname = \"{name}\"\npath = \"src/main.rs\"\nrequired-features = [\"cli\"]\n\n{features}{tags}\n[dependencies]\n{types} = {{ path = \"types\", default-features = false }}\n{dependencies}\n# Signals caught by a thread of their own, so that a file being written is\n# cleaned up even while the program is not waiting on the async runtime.\n[target.'cfg(unix)'.dependencies]\n{SIGNALS}\n\n# A workspace of its own (with the types crate), even when generated inside\n# another workspace.\n[workspace]\n",
        features = features.replace("TYPES", types),
        tags = tag_features(api, |f| format!("\"{types}/{f}\"")),
    )
}

/// The header and `[package]` section of a generated `Cargo.toml`.
fn package(api: &Api, name: &str, what: &str) -> String {
    let description = toml_string(&format!(
        "{what} {}",
        crate::text::first_paragraph(&api.title)
    ));
    format!(
        "{header}[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {description}\npublish = false\n",
        header = write::header("#", &api.source),
    )
}
