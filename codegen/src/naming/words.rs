//! Casing of ASCII names without heck's per-character formatting: the same
//! words as heck finds (its `transform`: a split at every character that is
//! not a letter or digit, between a lower-case letter and an upper-case
//! one, and before the last capital of a run followed by a lower-case
//! letter, `HTTPServer` being `HTTP` `Server`), joined as heck joins them.
//! Every name the model makes goes through here, a few thousand per spec;
//! heck spends about 200 ns on each, writing one character at a time
//! through `fmt`. Text that is not ASCII goes to heck itself.

/// How the words are joined.
#[derive(Clone, Copy)]
pub(super) enum Case {
    /// `upper_camel`: each word capitalised, nothing between.
    UpperCamel,
    /// `snake_case`: lower case, `_` between.
    Snake,
    /// `kebab-case`: lower case, `-` between.
    Kebab,
}

/// `text` in `case`, as heck 0.5 spells it.
pub(super) fn cased(text: &str, case: Case) -> String {
    if !text.is_ascii() {
        use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
        return match case {
            Case::UpperCamel => text.to_upper_camel_case(),
            Case::Snake => text.to_snake_case(),
            Case::Kebab => text.to_kebab_case(),
        };
    }
    let mut out = String::with_capacity(text.len() + 4);
    for_each_word(text.as_bytes(), |word| {
        match case {
            Case::UpperCamel => {}
            Case::Snake if !out.is_empty() => out.push('_'),
            Case::Kebab if !out.is_empty() => out.push('-'),
            Case::Snake | Case::Kebab => {}
        }
        for (i, &byte) in word.iter().enumerate() {
            let upper = matches!(case, Case::UpperCamel) && i == 0;
            out.push(match upper {
                true => byte.to_ascii_uppercase(),
                false => byte.to_ascii_lowercase(),
            } as char);
        }
    });
    out
}

/// Calls `word` with each word of the ASCII `text`, in order (heck's
/// `transform`, byte for byte).
fn for_each_word(text: &[u8], mut word: impl FnMut(&[u8])) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    for part in text.split(|b| !b.is_ascii_alphanumeric()) {
        let (mut start, mut mode) = (0, Mode::Boundary);
        for (i, &c) in part.iter().enumerate() {
            let Some(&next) = part.get(i + 1) else {
                word(&part[start..]);
                break;
            };
            let next_mode = match c {
                b'a'..=b'z' => Mode::Lower,
                b'A'..=b'Z' => Mode::Upper,
                _ => mode,
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                word(&part[start..=i]);
                (start, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&part[start..i]);
                (start, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

    /// Every string of up to five characters over letters of both cases,
    /// digits, separators and a non-ASCII letter is cased as heck cases it.
    #[test]
    fn every_short_string_is_cased_as_heck_cases_it() {
        const ALPHABET: [char; 9] = ['a', 'B', 'c', 'D', '1', ' ', '-', '_', 'é'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|s| ALPHABET.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(last.iter().cloned());
        }
        assert_eq!(strings.len(), 66_430);
        for s in &strings {
            assert_eq!(cased(s, Case::UpperCamel), s.to_upper_camel_case(), "{s:?}");
            assert_eq!(cased(s, Case::Snake), s.to_snake_case(), "{s:?}");
            assert_eq!(cased(s, Case::Kebab), s.to_kebab_case(), "{s:?}");
        }
    }

    #[test]
    fn runs_of_capitals_end_before_the_word_they_start() {
        assert_eq!(cased("HTTPServer2Go", Case::Snake), "http_server2_go");
        assert_eq!(cased("getV2ABCList", Case::UpperCamel), "GetV2abcList");
        assert_eq!(cased("x-api-KEY id", Case::Kebab), "x-api-key-id");
    }
}
