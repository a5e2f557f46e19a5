//! [`RustName`]: a Rust identifier the naming module decided, valid by
//! construction, and [`ident`], its token.

use proc_macro2::{Ident, Span};

use super::{is_keyword, is_plain_ident, snake, KEYWORDS};

/// A Rust identifier the generator decided: valid by construction, since
/// only this module makes one (a [`Namespace`] claiming a name cased here,
/// or [`RustName::fixed`] for the generator's own), so [`ident`] cannot fail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName(String);

impl RustName {
    /// `name` as a valid identifier: itself when it is one (`foo`,
    /// `r#type`); else its letters, digits and underscores, never empty,
    /// never starting with a digit, a keyword taking a `_`.
    pub(crate) fn valid(name: String) -> Self {
        if let Some(raw) = name.strip_prefix("r#") {
            if is_plain_ident(raw) && KEYWORDS.contains(&raw) {
                return RustName(name);
            }
        } else if is_plain_ident(&name) && !is_keyword(&name) {
            return RustName(name);
        }
        let mut repaired: String = name
            .trim_start_matches("r#")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !repaired.starts_with(|c: char| c.is_ascii_alphabetic()) {
            repaired.insert(0, 'n');
        }
        if is_keyword(&repaired) {
            repaired.push('_');
        }
        RustName(repaired)
    }

    /// A body field's Rust name, as the runtime's body flags read it
    /// (`snake` of its wire name, unclaimed: the struct's own field names
    /// were claimed with the type).
    pub fn field(wire: &str) -> Self {
        Self::valid(snake(wire))
    }

    /// The placeholder of a type no schema filled (`Unresolved3`).
    pub fn unresolved(index: usize) -> Self {
        Self::valid(format!("Unresolved{index}"))
    }

    /// A name for a unit test's model.
    #[cfg(test)]
    pub(crate) fn for_test(name: &str) -> Self {
        Self::valid(name.to_string())
    }

    /// One of the generator's own names (`body`, `UnknownValue`).
    pub fn fixed(name: &'static str) -> Self {
        Self::valid(name.to_string())
    }

    /// The name as written in Rust (`r#type` for a raw one).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for RustName {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RustName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for RustName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for RustName {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

/// A name decided here, as a token: infallible, as a [`RustName`] is valid.
pub fn ident(name: &RustName) -> Ident {
    match name.0.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&name.0, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::naming::Namespace;

    #[test]
    fn every_rust_name_is_a_token() {
        let cases = [
            ("r#type", "r#type"),
            ("self_", "self_"),
            ("foo", "foo"),
            ("", "n"),
            ("r#self", "self_"),
            ("1x", "n1x"),
            ("a b", "ab"),
            ("self", "self_"),
            ("_", "n_"),
            ("Self", "Self_"),
        ];
        for (given, made) in cases {
            let mut names = Namespace::snake();
            let name = names.claim_name(given.to_string());
            assert_eq!(name, made, "{given:?}");
            assert_eq!(ident(&name).to_string(), made, "{given:?}");
        }
    }
}
