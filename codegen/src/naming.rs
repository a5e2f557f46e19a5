//! Every identifier the generator emits is decided here, and only here.
//!
//! Spec names are hostile until proven otherwise: keywords, leading digits,
//! punctuation, emoji, empty strings and names that collide after casing all
//! come out as valid, distinct Rust identifiers, deterministically.

use std::collections::{BTreeSet, HashMap};

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words reserved in every edition we may target; used as raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is rejected by rustc).
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Type names the generated code uses unqualified; a spec type must not shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Fn",
    "Into",
    "From",
    "Iterator",
    "Value",
    "Map",
    "BTreeMap",
    "Client",
    "Builder",
    "Command",
    "Operation",
    "Request",
    "ResponseValue",
];

/// Upper camel case for a type, enum variant or Rust-side name.
pub fn camel(raw: &str) -> String {
    let words = spell_symbols(raw);
    let mut name: String = words.to_upper_camel_case();
    name.retain(|c| c.is_ascii_alphanumeric());
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    name
}

/// Snake case for a function, field or module.
pub fn snake(raw: &str) -> String {
    let words = spell_symbols(raw);
    let mut name: String = words.to_snake_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    let name = name.trim_matches('_').to_string();
    let mut name = if name.is_empty() {
        "empty".to_string()
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// Kebab case for a CLI command or flag name.
pub fn kebab(raw: &str) -> String {
    let mut name = raw.to_kebab_case();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "unnamed".to_string()
    } else {
        name
    }
}

/// Longest file name stem the generator writes (file systems allow 255 bytes).
const MAX_FILE_STEM: usize = 120;

/// A kebab-case name cut to a length every file system takes.
pub fn file_stem(name: &str) -> String {
    if name.len() <= MAX_FILE_STEM {
        return name.to_string();
    }
    name[..MAX_FILE_STEM].trim_end_matches('-').to_string()
}

/// A crate (and binary) name: kebab case starting with a letter.
pub fn crate_name(raw: &str) -> String {
    let name = kebab(raw);
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("api-{name}")
    }
}

/// The package name of a crate's types crate (`my-api` → `my-api-types`).
pub fn types_crate_name(crate_name: &str) -> String {
    format!("{crate_name}-types")
}

/// The Rust name of a crate's library (`my-api` → `my_api`).
pub fn lib_name(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// The prefix of a tool's environment variables (`my-api` → `MY_API`).
fn env_prefix(crate_name: &str) -> String {
    crate_name.replace('-', "_").to_ascii_uppercase()
}

/// The subcommand name clap's derive gives the enum variant `variant`
/// (`ListAlerts` is `list-alerts`), so it need not be spelled out.
pub fn clap_subcommand_name(variant: &str) -> String {
    variant.to_kebab_case()
}

/// The name of a schema-derived type; avoids the names generated code relies on.
pub fn type_name(raw: &str) -> String {
    let name = camel(raw);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// The variant name for an enum value: operators get their usual names
/// (`>=` is `Ge`), everything else is camel-cased.
pub fn variant_name(value: &str) -> String {
    let known = match value {
        ">" => Some("Gt"),
        ">=" => Some("Ge"),
        "<" => Some("Lt"),
        "<=" => Some("Le"),
        "=" | "==" => Some("Eq"),
        "!=" | "<>" => Some("Ne"),
        "" => Some("Empty"),
        _ => None,
    };
    match known {
        Some(name) => name.to_string(),
        None => type_name(value),
    }
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
    /// The API key (`MY_API_API_KEY`).
    pub api_key: String,
    /// The base URL (`MY_API_BASE_URL`).
    pub base_url: String,
    /// Confirms destructive commands (`MY_API_CONFIRM_DESTRUCTIVE`).
    pub confirm_destructive: String,
    /// Turns agent mode on (`MY_API_AGENT_MODE`).
    pub agent_mode: String,
}

/// The environment variables of the tool named `crate_name`.
pub fn env_names(crate_name: &str) -> EnvNames {
    let prefix = env_prefix(crate_name);
    EnvNames {
        api_key: format!("{prefix}_API_KEY"),
        base_url: format!("{prefix}_BASE_URL"),
        confirm_destructive: format!("{prefix}_CONFIRM_DESTRUCTIVE"),
        agent_mode: format!("{prefix}_AGENT_MODE"),
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

/// Spells out punctuation that would otherwise vanish, so `a+b` and `a-b`
/// stay distinct words, and splits words on everything else.
fn spell_symbols(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let word = match c {
            '+' => " plus ",
            '*' => " star ",
            '@' => " at ",
            '%' => " percent ",
            '#' => " hash ",
            '&' => " and ",
            '>' => " gt ",
            '<' => " lt ",
            '=' => " eq ",
            '!' => " not ",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(word);
    }
    out
}

/// A scope of names where each one is handed out once; a repeat gets the
/// first free numeric suffix (`Foo`, `Foo2`, `Foo3`).
#[derive(Debug, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    separator: &'static str,
    /// Per suffixed base, the suffix to try next: every lower one is taken
    /// (names are never released), so a thousand repeats stay linear.
    next_suffix: HashMap<String, u64>,
}

impl Namespace {
    /// Type and variant names: `Foo`, `Foo2`.
    pub fn camel() -> Self {
        Self::new("")
    }

    /// Fields and functions: `foo`, `foo_2`.
    pub fn snake() -> Self {
        Self::new("_")
    }

    /// Commands and flags: `foo`, `foo-2`.
    pub fn kebab() -> Self {
        Self::new("-")
    }

    fn new(separator: &'static str) -> Self {
        Namespace {
            taken: BTreeSet::new(),
            separator,
            next_suffix: HashMap::new(),
        }
    }

    /// Marks `names` as taken without handing them out.
    pub fn reserve(mut self, names: &[&str]) -> Self {
        self.taken.extend(names.iter().map(|s| s.to_string()));
        self
    }

    /// Claims `name`, or the first free suffixed form of it.
    pub fn claim(&mut self, name: String) -> String {
        let name = shorten(name);
        let key = |n: &str| n.trim_start_matches("r#").to_string();
        if self.taken.insert(key(&name)) {
            return name;
        }
        let sep = match self.separator {
            "" if name.ends_with(|c: char| c.is_ascii_digit()) => "_",
            sep => sep,
        };
        let base = name.trim_start_matches("r#").trim_end_matches('_');
        let prefix = format!("{base}{sep}");
        let mut n = self.next_suffix.get(&prefix).copied().unwrap_or(2);
        let candidate = loop {
            let candidate = format!("{prefix}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next_suffix.insert(prefix, n);
        candidate
    }

    /// Claims `name` only if it is free.
    pub fn claim_exact(&mut self, name: &str) -> bool {
        self.taken.insert(name.trim_start_matches("r#").to_string())
    }
}

/// The longest identifier, flag or command name generated; longer names
/// are cut (and made unique by the namespace like any other collision).
const MAX_NAME: usize = 64;

fn shorten(name: String) -> String {
    if name.len() <= MAX_NAME {
        return name;
    }
    let mut end = MAX_NAME;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    name[..end].trim_end_matches(['_', '-']).to_string()
}

/// Turns a name decided here into a token. Names from this module are always
/// valid; anything else is replaced rather than allowed to panic.
pub fn ident(name: &str) -> Ident {
    if let Some(raw) = name.strip_prefix("r#") {
        if is_plain_ident(raw) && KEYWORDS.contains(&raw) {
            return Ident::new_raw(raw, Span::call_site());
        }
    } else if is_plain_ident(name) && !KEYWORDS.contains(&name) && !NON_RAW_KEYWORDS.contains(&name)
    {
        return Ident::new(name, Span::call_site());
    }
    Ident::new("invalid_name", Span::call_site())
}

fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        let cases = [
            ("dryRun", "dry_run"),
            ("Idempotency-Key", "idempotency_key"),
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("async", "r#async"),
            ("r#", "r_hash"),
            ("1d", "n1d"),
            ("", "empty"),
            ("🦀", "empty"),
            ("foo-bar", "foo_bar"),
            ("X-Tenant-Id", "x_tenant_id"),
            ("a+b", "a_plus_b"),
        ];
        for (raw, want) in cases {
            assert_eq!(snake(raw), want, "snake({raw:?})");
        }
    }

    #[test]
    fn camel_and_type_names() {
        let cases = [
            ("cancelInviteResponse", "CancelInviteResponse"),
            ("403_resource_or_forbidden", "V403ResourceOrForbidden"),
            ("Option", "OptionType"),
            ("Self", "SelfType"),
            ("", "Empty"),
            ("foo.bar", "FooBar"),
            ("Value", "ValueType"),
        ];
        for (raw, want) in cases {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let cases = [
            (">", "Gt"),
            (">=", "Ge"),
            ("<", "Lt"),
            ("<=", "Le"),
            ("", "Empty"),
            ("1d", "V1d"),
            ("project_label", "ProjectLabel"),
            ("a+", "APlus"),
        ];
        for (raw, want) in cases {
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn kebab_names() {
        assert_eq!(kebab("cancelInvite"), "cancel-invite");
        assert_eq!(kebab("Idempotency-Key"), "idempotency-key");
        assert_eq!(kebab("dryRun"), "dry-run");
        assert_eq!(kebab("datahubEventsCSVFile"), "datahub-events-csv-file");
        assert_eq!(kebab("!!"), "unnamed");
    }

    #[test]
    fn crate_and_env_names() {
        assert_eq!(crate_name("My API"), "my-api");
        assert_eq!(crate_name("3scale"), "api-3scale");
        assert_eq!(lib_name("my-api"), "my_api");
        assert_eq!(env_prefix("my-api"), "MY_API");
    }

    #[test]
    fn collisions_get_stable_suffixes() {
        let mut ns = Namespace::snake();
        assert_eq!(ns.claim(snake("foo-bar")), "foo_bar");
        assert_eq!(ns.claim(snake("foo_bar")), "foo_bar_2");
        assert_eq!(ns.claim(snake("fooBar")), "foo_bar_3");
        let mut types = Namespace::camel();
        assert_eq!(types.claim(type_name("foo")), "Foo");
        assert_eq!(types.claim(type_name("Foo")), "Foo2");
        let mut fields = Namespace::snake();
        assert_eq!(fields.claim(snake("type")), "r#type");
        assert_eq!(fields.claim(snake("Type")), "type_2");
        let mut flags = Namespace::kebab().reserve(&["verbose"]);
        assert_eq!(flags.claim(kebab("verbose")), "verbose-2");
        assert!(!flags.claim_exact("verbose"));
    }

    #[test]
    fn clap_names_variants_in_kebab_case() {
        assert_eq!(clap_subcommand_name("ListAlerts"), "list-alerts");
        assert_eq!(clap_subcommand_name("GetThing2"), "get-thing2");
    }

    #[test]
    fn suffixes_skip_names_taken_directly() {
        let mut types = Namespace::camel();
        assert_eq!(types.claim("Item".into()), "Item");
        assert_eq!(types.claim("Item".into()), "Item2");
        assert_eq!(types.claim("Item3".into()), "Item3");
        assert_eq!(types.claim("Item".into()), "Item4");
        // `Item3` again is suffixed with `_` (it ends in a digit), apart from `Item`'s run.
        assert_eq!(types.claim("Item3".into()), "Item3_2");
        assert_eq!(types.claim("Item".into()), "Item5");
        let repeats: Vec<String> = (0..1000).map(|_| types.claim("Item".into())).collect();
        assert_eq!(repeats.last().map(String::as_str), Some("Item1005"));
    }

    #[test]
    fn ident_never_panics() {
        for name in [
            "r#type", "self_", "foo", "", "r#self", "1x", "a b", "self", "_",
        ] {
            let _ = ident(name).to_string();
        }
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "invalid_name");
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
                env.agent_mode
            ],
            [
                "MY_API_API_KEY",
                "MY_API_BASE_URL",
                "MY_API_CONFIRM_DESTRUCTIVE",
                "MY_API_AGENT_MODE"
            ]
        );
    }
}
