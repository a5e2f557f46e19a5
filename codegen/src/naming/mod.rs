//! Every identifier the generator emits is decided here, and only here.
//!
//! Spec names are hostile until proven otherwise: keywords, leading digits,
//! punctuation, emoji, empty strings and names that collide after casing all
//! come out as valid, distinct Rust identifiers, deterministically.

use std::collections::{BTreeSet, HashMap};

mod derived;
mod rust_name;
mod words;

use words::{cased, Case};

pub use derived::*;
pub use rust_name::{ident, RustName};

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
    "WithBody",
    "Operation",
    "Request",
    "ResponseValue",
];

/// Upper camel case for a type, enum variant or Rust-side name.
pub fn camel(raw: &str) -> String {
    let words = spell_symbols(raw);
    let mut name = cased(&words, Case::UpperCamel);
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
    let mut name = cased(&words, Case::Snake);
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

/// A tag's cargo feature: its kebab-case name (`repos`, `reports-settings`),
/// `tag` when nothing of it is left.
pub fn feature_name(tag: &str) -> String {
    match kebab(tag) {
        name if name.is_empty() => "tag".to_string(),
        name => name,
    }
}

/// The module of a tag's feature, in `client/` and `cli/`
/// (`team-settings`: `team_settings`; a keyword takes a `_`, never `r#`,
/// since the module is a file of that name).
pub fn feature_module(feature: &str) -> String {
    match snake(feature).strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => snake(feature),
    }
}

/// Kebab case for a CLI command or flag name.
pub fn kebab(raw: &str) -> String {
    let mut name = cased(raw, Case::Kebab);
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

/// The subcommand name clap's derive gives the enum variant `variant`
/// (`ListAlerts` is `list-alerts`), so it need not be spelled out.
pub fn clap_subcommand_name(variant: &str) -> String {
    cased(variant, Case::Kebab)
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

    /// Claims `name` (cased here), or the first free suffixed form of it,
    /// as a Rust identifier.
    pub fn claim_name(&mut self, name: String) -> RustName {
        RustName::valid(self.claim(name))
    }

    /// Claims `name` only if it is free.
    pub fn claim_exact(&mut self, name: &str) -> bool {
        self.taken.insert(name.trim_start_matches("r#").to_string())
    }
}

/// The longest identifier, flag or command name generated; longer names
/// are cut (and made unique by the namespace like any other collision).
pub(crate) const MAX_NAME: usize = 64;

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

/// Whether `name` is a Rust keyword, raw-able or not (`box`, `self`).
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NON_RAW_KEYWORDS.contains(&name)
}

pub(crate) fn is_plain_ident(s: &str) -> bool {
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
}
