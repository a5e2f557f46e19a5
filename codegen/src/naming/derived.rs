//! Names derived from what the spec says of operations, statuses, tags and
//! the tool: the words the identifiers are then cased from, folders,
//! aliases, crate and environment variable names.

use super::{file_stem, kebab};

/// A crate (and binary) name: kebab case starting with a letter, whose
/// library name Rust code can write: a keyword (`box`, `type`, `self`) or
/// a crate every program has (`std`, `core`) takes `-api` (`box-api`).
fn crate_name(raw: &str) -> String {
    let name = kebab(raw);
    let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    };
    let lib = lib_name(&name);
    if super::is_keyword(&lib) || BUILT_IN_CRATES.contains(&lib.as_str()) {
        format!("{name}-api")
    } else {
        name
    }
}

/// The crates every Rust program can name, which a library must not shadow.
const BUILT_IN_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// The package name of a crate's types crate (`my-api` → `my-api-types`).
fn types_crate_name(crate_name: &str) -> String {
    format!("{crate_name}-types")
}

/// The Rust name of a crate's library (`my-api` → `my_api`).
fn lib_name(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// The prefix of a tool's environment variables (`my-api` → `MY_API`).
fn env_prefix(crate_name: &str) -> String {
    crate_name.replace('-', "_").to_ascii_uppercase()
}

/// Every name a generated crate and its tool take from the tool's name,
/// decided once, by the model ([`crate::model::Api::crate_names`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateNames {
    /// The package and its binary (`my-api`).
    pub package: String,
    /// The library (`my_api`).
    pub lib: super::RustName,
    /// The types crate's package (`my-api-types`).
    pub types_package: String,
    /// The types crate's library (`my_api_types`).
    pub types_lib: super::RustName,
    /// The tool's environment variables (`MY_API_...`).
    pub env: EnvNames,
}

/// The names of the crate and tool called `program` (any casing).
pub fn crate_names(program: &str) -> CrateNames {
    let package = crate_name(program);
    let types_package = types_crate_name(&package);
    CrateNames {
        lib: super::RustName::valid(lib_name(&package)),
        types_lib: super::RustName::valid(lib_name(&types_package)),
        env: env_names(&package),
        package,
        types_package,
    }
}

/// A constant's name (`member-accounts` → `MEMBER_ACCOUNTS`), unique where
/// `name` is unique among kebab-case names.
pub fn const_name(name: &str) -> super::RustName {
    super::RustName::valid(
        super::snake(name)
            .trim_start_matches("r#")
            .to_ascii_uppercase(),
    )
}

/// The group (`--help` heading, index section) of operations without tags.
pub const UNTAGGED_GROUP: &str = "Other";

/// The folder of the reference pages of operations without tags (`other`).
pub fn untagged_folder() -> String {
    file_stem(&kebab(UNTAGGED_GROUP))
}

/// The folder of a tag's reference pages (`Reports settings` → `reports-settings`).
pub fn tag_folder(tag: &str) -> String {
    file_stem(&kebab(tag))
}

/// An operationId for operations without one, as words to be cased:
/// `GET /users/{id}` → `get users id`.
pub fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{} {}", method.to_lowercase(), words.join(" "))
}

/// The alias a command answers to besides its name: the operationId in
/// lower case without separators (`listAlerts` → `listalerts`), as DoiT's
/// first dci named its commands. `None` when nothing is left.
pub fn squashed_alias(operation_id: &str) -> Option<String> {
    let squashed: String = operation_id
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    (!squashed.is_empty()).then_some(squashed)
}

/// The words the names of an operation's types are built from, before
/// casing and collision checks: an operation's request struct is
/// `CancelInvite`, its error enum `CancelInviteError`, the inline schema
/// of its body `CancelInviteBody`...
#[derive(Debug, Clone, Copy)]
pub struct TypeHints<'a> {
    /// The operation's request type name (`CancelInvite`).
    pub operation: &'a str,
}

impl TypeHints<'_> {
    /// The error enum.
    pub fn error_enum(&self) -> String {
        format!("{} Error", self.operation)
    }

    /// The success enum.
    pub fn success_enum(&self) -> String {
        format!("{} Success", self.operation)
    }

    /// An inline schema of a parameter or a multipart part.
    pub fn input(&self, wire: &str) -> String {
        format!("{} {wire}", self.operation)
    }

    /// An inline schema of the request body.
    pub fn body(&self) -> String {
        format!("{} Body", self.operation)
    }

    /// An inline schema of a success response.
    pub fn response(&self) -> String {
        format!("{} Response", self.operation)
    }

    /// An inline schema of an error response, by its variant.
    pub fn error(&self, variant: &str) -> String {
        format!("{} {variant} Error", self.operation)
    }
}

/// The words of an inline schema's name, from the name of what holds it.
pub mod hint {
    /// The items of an array (`Pets Item`).
    pub fn item(holder: &str) -> String {
        format!("{holder} Item")
    }

    /// The values of a map (`Labels Value`).
    pub fn map_value(holder: &str) -> String {
        format!("{holder} Value")
    }

    /// A property of an object (`Pet owner`).
    pub fn property(object: &str, wire: &str) -> String {
        format!("{object} {wire}")
    }

    /// The `i`th inline member of a union (`Shape Variant0`).
    pub fn union_member(union: &str, i: usize) -> String {
        format!("{union} Variant{i}")
    }
}

/// The environment variables a generated tool reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvNames {
    /// What every one of them starts with (`MY_API`).
    pub prefix: String,
    /// The API key (`MY_API_API_KEY`).
    pub api_key: String,
    /// The base URL (`MY_API_BASE_URL`).
    pub base_url: String,
    /// Confirms destructive commands (`MY_API_CONFIRM_DESTRUCTIVE`).
    pub confirm_destructive: String,
    /// Turns agent mode on (`MY_API_AGENT_MODE`).
    pub agent_mode: String,
    /// The directory of the config file (`MY_API_CONFIG_DIR`).
    pub config_dir: String,
    /// The directory of the cache of ids and names (`MY_API_CACHE_DIR`).
    pub cache_dir: String,
}

/// The environment variables of the tool named `crate_name`.
fn env_names(crate_name: &str) -> EnvNames {
    let prefix = env_prefix(crate_name);
    EnvNames {
        api_key: format!("{prefix}_API_KEY"),
        base_url: format!("{prefix}_BASE_URL"),
        confirm_destructive: format!("{prefix}_CONFIRM_DESTRUCTIVE"),
        agent_mode: format!("{prefix}_AGENT_MODE"),
        config_dir: format!("{prefix}_CONFIG_DIR"),
        cache_dir: format!("{prefix}_CACHE_DIR"),
        prefix,
    }
}

/// The variant of a response documented for a class of statuses (`4XX` → `Status4xx`).
pub fn range_variant(class: u16) -> String {
    format!("Status{class}xx")
}

/// The variant of the `default` response.
pub const DEFAULT_VARIANT: &str = "Default";

/// Names of the response variants of an operation's error enum, from the status code.
pub fn status_variant(status: u16) -> String {
    let reason = match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritative",
        204 => "NoContent",
        206 => "PartialContent",
        _ => "",
    };
    if reason.is_empty() {
        format!("Status{status}")
    } else {
        reason.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_and_env_names() {
        assert_eq!(crate_name("My API"), "my-api");
        assert_eq!(crate_name("3scale"), "api-3scale");
        assert_eq!(lib_name("my-api"), "my_api");
        assert_eq!(env_prefix("my-api"), "MY_API");
        assert_eq!(crate_name("Box"), "box-api");
        assert_eq!(crate_name("core"), "core-api");
        assert_eq!(crate_name("boxes"), "boxes");
    }

    #[test]
    fn every_crate_name_gives_a_library_name_rust_can_write() {
        let keywords = super::super::KEYWORDS.iter();
        for raw in keywords
            .chain(super::super::NON_RAW_KEYWORDS)
            .chain(BUILT_IN_CRATES)
        {
            let names = crate_names(raw);
            let lib = lib_name(&names.package);
            // A library name made valid as it was: nothing to repair.
            assert_eq!(
                names.lib, lib,
                "--name {raw:?} gives the library name {lib:?}"
            );
            assert_eq!(super::super::ident(&names.lib).to_string(), lib);
            assert!(!BUILT_IN_CRATES.contains(&lib.as_str()), "--name {raw:?}");
        }
    }

    #[test]
    fn names_derived_from_operations_and_statuses() {
        let cases: &[(&str, String, &str)] = &[
            (
                "derived id",
                derived_operation_id("GET", "/users/{id}/roles"),
                "get users id roles",
            ),
            (
                "derived id of /",
                derived_operation_id("POST", "/"),
                "post ",
            ),
            (
                "squashed alias",
                squashed_alias("listAlerts").unwrap_or_default(),
                "listalerts",
            ),
            (
                "squashed alias of symbols",
                squashed_alias("get-user_v2").unwrap_or_default(),
                "getuserv2",
            ),
            ("range variant", range_variant(4), "Status4xx"),
            ("untagged folder", untagged_folder(), "other"),
            (
                "tag folder",
                tag_folder("Reports settings"),
                "reports-settings",
            ),
            (
                "error enum",
                TypeHints {
                    operation: "CancelInvite",
                }
                .error_enum(),
                "CancelInvite Error",
            ),
            (
                "error body",
                TypeHints { operation: "Get" }.error("NotFound"),
                "Get NotFound Error",
            ),
            ("item", hint::item("Pets"), "Pets Item"),
            (
                "union member",
                hint::union_member("Shape", 1),
                "Shape Variant1",
            ),
        ];
        for (what, got, want) in cases {
            assert_eq!(got, want, "{what}");
        }
        assert_eq!(squashed_alias("--"), None);
        let env = env_names("my-api");
        assert_eq!(
            [
                env.api_key,
                env.base_url,
                env.confirm_destructive,
                env.agent_mode,
                env.config_dir,
                env.cache_dir
            ],
            [
                "MY_API_API_KEY",
                "MY_API_BASE_URL",
                "MY_API_CONFIRM_DESTRUCTIVE",
                "MY_API_AGENT_MODE",
                "MY_API_CONFIG_DIR",
                "MY_API_CACHE_DIR"
            ]
        );
    }
}
