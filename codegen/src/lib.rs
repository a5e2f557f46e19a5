//! An OpenAPI-driven code generator: a spec in, a typed Rust client and a
//! clap CLI out.
//!
//! The pipeline flows one way: [`load`] reads the spec, [`model`] decides
//! every type and name, [`emit`] turns the model into tokens, and [`write`]
//! formats and writes them. The `codegen` binary, `build.rs` and the tests
//! all call [`generate`].

pub mod check;
pub mod diff;
pub mod emit;
pub mod error;
pub mod load;
pub mod model;
pub mod naming;
pub mod overlay;
pub mod text;
#[cfg(feature = "update")]
pub mod update;
pub mod write;

use std::path::Path;

pub use error::{Error, Warning};
pub use write::GeneratedFile;

/// The result of a generator run.
#[derive(Debug, Clone)]
pub struct Output {
    /// Files to write, relative to the output directory, in a fixed order.
    pub files: Vec<GeneratedFile>,
    /// Places where the spec was typed less precisely than it describes.
    pub warnings: Vec<Warning>,
}

/// What to generate and how to label it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The spec's path as file headers show it (relative, never absolute).
    pub source: String,
    /// The command-line tool's name, as its pages and help show it.
    pub program: String,
    /// Operations (by operationId) the CLI asks about before sending,
    /// besides every DELETE.
    pub destructive: Vec<String>,
    /// Flags the tool adds to every command besides the runtime's own
    /// (dci's `--customer-context`): a parameter named so gets another flag.
    pub global_flags: Vec<String>,
    /// How a security scheme (by name) is sent where the spec says less
    /// than the API wants.
    pub auth: std::collections::BTreeMap<String, SchemeOverride>,
    /// Defaults of the sign-in URLs' `${NAME}` placeholders
    /// (`CONSOLE_BASE_URL: https://console.doit.com`).
    pub login_defaults: std::collections::BTreeMap<String, String>,
    /// One cargo feature per tag, each operation and type behind the
    /// features that use it (standalone crates; see [`model::features`]).
    pub tag_features: bool,
    /// How operations (by operationId) are paginated where the spec does
    /// not say, in the form of the `x-pagination` extension (docs/any-api.md).
    pub pagination: std::collections::BTreeMap<String, serde_json::Value>,
    /// Aliases the spec lists (`x-cli-aliases`) that the tool does not take.
    pub drop_aliases: Vec<String>,
    /// The operation (by operationId) `status --check` sends to learn
    /// whether the credential is accepted, where the spec's best fit is
    /// not the one.
    pub key_check: Option<String>,
    /// Operations (by operationId) the MCP server does not offer, besides
    /// those the spec marks `x-mcp-ignore: true`.
    pub mcp_ignore: Vec<String>,
    /// OpenAPI Overlays applied, in order, to the spec before it is read.
    pub overlays: Vec<std::path::PathBuf>,
    /// Corrections of the resources recognised from the spec, by resource
    /// name (`alerts: {list: listAlerts, name: title}`, or `false`).
    pub resources: std::collections::BTreeMap<String, model::CustomResource>,
}

/// How the customisation file's `auth:` sends a security scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemeOverride {
    /// An API key in `Authorization` that takes the Bearer format.
    Bearer,
    /// Not sent as the spec says: the tool sends it otherwise (dci's
    /// `tenantId`, sent by `--customer-context`).
    None,
}

impl Config {
    /// A configuration for the spec at `source` and the tool named `program`.
    pub fn new(source: impl Into<String>, program: impl Into<String>) -> Self {
        Config {
            source: source.into(),
            program: program.into(),
            destructive: Vec::new(),
            global_flags: Vec::new(),
            auth: Default::default(),
            login_defaults: Default::default(),
            tag_features: false,
            pagination: Default::default(),
            drop_aliases: Vec::new(),
            key_check: None,
            mcp_ignore: Vec::new(),
            overlays: Vec::new(),
            resources: Default::default(),
        }
    }

    /// Applies a customisation file (YAML: `destructive: [operationId, ...]`,
    /// `global_flags: [flag, ...]`, `drop_aliases: [alias, ...]`...).
    pub fn customize(mut self, path: &Path) -> Result<Self, Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Customization {
            #[serde(default)]
            destructive: Vec<String>,
            #[serde(default)]
            global_flags: Vec<String>,
            #[serde(default)]
            auth: std::collections::BTreeMap<String, SchemeOverride>,
            #[serde(default)]
            login_defaults: std::collections::BTreeMap<String, String>,
            #[serde(default)]
            pagination: std::collections::BTreeMap<String, serde_json::Value>,
            #[serde(default)]
            drop_aliases: Vec<String>,
            #[serde(default)]
            key_check: Option<String>,
            #[serde(default)]
            mcp_ignore: Vec<String>,
            #[serde(default)]
            overlays: Vec<std::path::PathBuf>,
            #[serde(default)]
            resources: std::collections::BTreeMap<String, model::CustomResource>,
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        let custom: Customization = serde_yaml::from_str(&text).map_err(|e| Error::Parse {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        self.destructive = custom.destructive;
        self.global_flags = custom.global_flags;
        self.auth = custom.auth;
        self.login_defaults = custom.login_defaults;
        self.pagination = custom.pagination;
        self.drop_aliases = custom.drop_aliases;
        self.key_check = custom.key_check;
        self.mcp_ignore = custom.mcp_ignore;
        self.resources = custom.resources;
        // Overlays are named relative to the customisation file.
        let dir = path.parent().unwrap_or(Path::new(""));
        self.overlays = custom.overlays.iter().map(|o| dir.join(o)).collect();
        Ok(self)
    }
}

/// Generates the modules (`types.rs`, `client.rs`, `cli.rs`) and the
/// reference pages (`docs/`) from the spec at `spec_path`.
pub fn generate(spec_path: &Path, config: &Config) -> Result<Output, Error> {
    let spec = load::load_overlaid(spec_path, &config.overlays)?;
    generate_from(&spec, config)
}

/// [`generate`] for a parsed spec.
pub fn generate_from(spec: &openapiv3::OpenAPI, config: &Config) -> Result<Output, Error> {
    let api = model::build(spec, config)?;
    let files = modules(&api)?;
    Ok(Output {
        files,
        warnings: api.warnings,
    })
}

/// Generates a standalone crate (`Cargo.toml`, the client library, the CLI
/// binary named after the crate, the runtime and the reference pages), with
/// its types in a crate of their own under `types/`.
pub fn generate_crate(spec_path: &Path, config: &Config) -> Result<Output, Error> {
    let mut files = Vec::new();
    let warnings = generate_crate_into(spec_path, config, &mut |file| {
        files.push(file);
        Ok(())
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, warnings })
}

/// [`generate_crate`], handing each file to `sink` as soon as it is made
/// (in no particular order) instead of holding them all: the largest specs
/// are generated in bounded memory. Returns the warnings.
pub fn generate_crate_into(
    spec_path: &Path,
    config: &Config,
    sink: &mut dyn FnMut(GeneratedFile) -> Result<(), Error>,
) -> Result<Vec<Warning>, Error> {
    generate_crate_leaving(spec_path, config, sink).map(|(warnings, _)| warnings)
}

/// A spec file this large is freed as soon as the model is built, so that
/// the largest specs are generated in bounded memory; a smaller one is
/// left with the model in [`Leftovers`].
const FREE_EARLY_BYTES: u64 = 32 << 20;

/// What a generation has left to free: the model, and the parsed spec
/// unless it was freed early. Freeing them is the last tenth of the work
/// (40 of GitHub's 500 ms); a process about to exit may skip it with
/// `std::mem::forget`, as `codegen generate` does.
pub struct Leftovers {
    _spec: Option<openapiv3::OpenAPI>,
    _api: model::Api,
}

/// [`generate_crate_into`], returning what is left to free with the
/// warnings.
pub fn generate_crate_leaving(
    spec_path: &Path,
    config: &Config,
    sink: &mut dyn FnMut(GeneratedFile) -> Result<(), Error>,
) -> Result<(Vec<Warning>, Leftovers), Error> {
    let spec = load::load_overlaid(spec_path, &config.overlays)?;
    let config = Config {
        tag_features: true,
        ..config.clone()
    };
    let mut api = model::build(&spec, &config)?;
    let size = std::fs::metadata(spec_path).map_or(u64::MAX, |m| m.len());
    let spec = (size < FREE_EARLY_BYTES).then_some(spec);
    modules_into(&api, &mut |file| {
        let path = match file.path.as_str() {
            "types.rs" => "types/src/types.rs".to_string(),
            rust if rust.ends_with(".rs") => format!("src/{rust}"),
            emit::catalog::FILE | emit::tools::FILE => format!("src/{}", file.path),
            _ => file.path,
        };
        sink(GeneratedFile { path, ..file })
    })?;
    for file in emit::krate::emit(&api)? {
        sink(file)?;
    }
    let warnings = std::mem::take(&mut api.warnings);
    Ok((
        warnings,
        Leftovers {
            _spec: spec,
            _api: api,
        },
    ))
}

pub(crate) fn modules(api: &model::Api) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    modules_into(api, &mut |file| {
        files.push(file);
        Ok(())
    })?;
    Ok(files)
}

/// Each module and page, one emitter at a time, formatted and handed to
/// `sink` one file at a time: only one emitter's output is held at once.
fn modules_into(
    api: &model::Api,
    sink: &mut dyn FnMut(GeneratedFile) -> Result<(), Error>,
) -> Result<(), Error> {
    for emit in emit::MODULES {
        for emitted in emit(api) {
            sink(emitted.finish(&api.source)?)?;
        }
    }
    Ok(())
}
