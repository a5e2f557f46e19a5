//! Text an emitter formats itself, for the shapes it makes again and again
//! (an operation's request struct and its `runtime::Operation` impl): each
//! line spelled as prettyplease would print it, so that the file is not
//! printed, parsed back with syn and printed again for them. Anything the
//! rules here do not know (a line that would wrap in a way not written
//! down, a token not listed) makes the emitter fall back to tokens, which
//! `write` formats the long way; the output is the same byte for byte
//! either way, and check mode ([`set_check`]) proves it by formatting both.
//!
//! The emitter hands the text over inside its tokens, as a placeholder item
//! `__formatted!(N);` standing for the lines (with their indentation) kept
//! aside as number `N`; [`fill`] puts them in its place after formatting.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;

mod lines;
mod spell;

pub use lines::Lines;
pub use spell::{one_line, type_text};

/// The macro name of a placeholder.
const MARKER: &str = "__formatted!(";

static CHECK: AtomicBool = AtomicBool::new(false);
static MISMATCHES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static MATCHED: AtomicUsize = AtomicUsize::new(0);
static DECLINED: AtomicUsize = AtomicUsize::new(0);

/// Check mode: every preformatted item is formatted from its tokens too,
/// and a difference recorded (the tokens' text wins); see [`mismatches`].
pub fn set_check(on: bool) {
    CHECK.store(on, Ordering::Relaxed);
}

/// Each item whose preformatted text differed from its tokens' (check mode),
/// both texts one after the other, taken.
pub fn mismatches() -> Vec<String> {
    std::mem::take(&mut MISMATCHES.lock().unwrap_or_else(|e| e.into_inner()))
}

/// How many preformatted items matched their tokens' text, and how many
/// items the emitters could not format themselves (check mode), taken.
pub fn counts() -> (usize, usize) {
    let matched = MATCHED.swap(0, Ordering::Relaxed);
    (matched, DECLINED.swap(0, Ordering::Relaxed))
}

/// One top-level item: `text` when the emitter could format it, else (or in
/// check mode, where the two are compared) `tokens`.
pub fn item(text: Option<String>, tokens: impl FnOnce() -> TokenStream) -> TokenStream {
    place(text, tokens, |tokens, text| same(tokens.clone(), text))
}

/// One member of an impl block (a method), as [`item`]: `text` is
/// indented one step, as in its block.
pub fn member(text: Option<String>, tokens: impl FnOnce() -> TokenStream) -> TokenStream {
    place(text, tokens, |tokens, text| {
        same(
            quote::quote!(impl Check { #tokens }),
            &format!("impl Check {{\n{text}}}\n"),
        )
    })
}

/// The placeholder of `text`, or `tokens`; in check mode, `tokens` where
/// `same` finds the two differ.
fn place(
    text: Option<String>,
    tokens: impl FnOnce() -> TokenStream,
    same: impl FnOnce(&TokenStream, &str) -> bool,
) -> TokenStream {
    let check = CHECK.load(Ordering::Relaxed);
    match text {
        None if check => {
            DECLINED.fetch_add(1, Ordering::Relaxed);
            tokens()
        }
        None => tokens(),
        Some(text) if !check => placeholder(text),
        Some(text) => {
            let tokens = tokens();
            match same(&tokens, &text) {
                true => placeholder(text),
                false => tokens,
            }
        }
    }
}

/// Whether `tokens` format to `text`, counted or recorded (check mode).
fn same(tokens: TokenStream, text: &str) -> bool {
    let formatted =
        super::format_items(tokens).map(|code| super::lay_out_macro_calls(&code).into_owned());
    if formatted.as_deref().ok() == Some(text) {
        MATCHED.fetch_add(1, Ordering::Relaxed);
        return true;
    }
    let formatted = formatted.unwrap_or_else(|e| e.to_string());
    let mut found = MISMATCHES.lock().unwrap_or_else(|e| e.into_inner());
    found.push(format!("{formatted}--- preformatted:\n{text}"));
    false
}

/// Texts given to placeholders and not yet put in their files, by number.
static TEXTS: Mutex<BTreeMap<u64, String>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// `__formatted!(N);`, its text kept as number `N` until [`fill`] takes it:
/// an item of a few tokens, which costs the parser and the printer nothing
/// whatever the text's length.
fn placeholder(text: String) -> TokenStream {
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    TEXTS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(number, text);
    let number = proc_macro2::Literal::u64_unsuffixed(number);
    quote::quote!(__formatted!(#number);)
}

/// `code` with each placeholder line replaced by the text it stands for,
/// and the code between them passed through `lay_out`. Fails naming a
/// placeholder whose text is not there (taken by another file already).
pub fn fill<'a>(code: &'a str, lay_out: fn(&str) -> Cow<'_, str>) -> Result<Cow<'a, str>, String> {
    if !code.contains(MARKER) {
        return Ok(lay_out(code));
    }
    let mut out = String::with_capacity(code.len() * 2);
    let mut rest = code;
    let mut texts = TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    while let Some(at) = rest.find(MARKER) {
        // The placeholder is a line of its own, after its indentation.
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        out.push_str(&lay_out(&rest[..line_start]));
        let after = &rest[at + MARKER.len()..];
        let (number, after) = after
            .split_once(");\n")
            .ok_or_else(|| format!("an unfinished placeholder: {}", &rest[at..]))?;
        let text = number
            .parse::<u64>()
            .ok()
            .and_then(|n| texts.remove(&n))
            .ok_or_else(|| format!("no text for placeholder {number}"))?;
        out.push_str(&text);
        rest = after;
    }
    out.push_str(&lay_out(rest));
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn no_lay_out(code: &str) -> Cow<'_, str> {
        Cow::Borrowed(code)
    }

    #[test]
    fn placeholders_take_the_place_of_their_text_once() {
        let (b, c) = (
            placeholder("struct B;\n".into()),
            placeholder("    struct C;\n".into()),
        );
        let code = format!("struct A;\n{b}\n    {c}\nstruct D;\n").replace(" ;", ";");
        let code = code
            .replace("__formatted ! (", "__formatted!(")
            .replace(") ;", ");");
        assert_eq!(
            fill(&code, no_lay_out).as_deref(),
            Ok("struct A;\nstruct B;\n    struct C;\nstruct D;\n")
        );
        // A text goes in one file only.
        assert!(fill(&code, no_lay_out).is_err());
    }

    #[test]
    fn a_preformatted_item_ends_up_in_the_file_as_written() {
        let text = "pub struct Named {\n    pub a: i64,\n}\n".to_string();
        let tokens = item(Some(text), || {
            quote!(
                pub struct Named {
                    pub a: i64,
                }
            )
        });
        let tokens = quote!(pub struct Before; #tokens pub struct After;);
        let file = super::super::rust_file("a.rs", "spec.yaml", tokens).expect("formats");
        assert!(
            file.contents
                .ends_with("pub struct Before;\n\npub struct Named {\n    pub a: i64,\n}\n\npub struct After;\n"),
            "{}",
            file.contents
        );
    }

    #[test]
    fn simple_tokens_are_spelled_as_prettyplease_spells_them() {
        let cases = [
            (
                quote!(Option<&'static [&'static str]>),
                "Option<&'static [&'static str]>",
            ),
            (quote!(Some(&["a", "b",])), "Some(&[\"a\", \"b\"])"),
            (
                quote!(X {
                    kind: Y,
                    items: &[]
                }),
                "X { kind: Y, items: &[] }",
            ),
            (quote!(response.json()?), "response.json()?"),
            (quote!(impl Into<String>), "impl Into<String>"),
        ];
        for (tokens, spelled) in cases {
            assert_eq!(one_line(&tokens).as_deref(), Some(spelled));
        }
    }

    #[test]
    fn tokens_not_known_to_be_spelled_so_are_declined() {
        for tokens in [
            quote!(a..b),
            quote!(x == y),
            quote!((a,)),
            quote!(|x| x),
            quote!(a, b,),
        ] {
            assert_eq!(one_line(&tokens), None, "{tokens}");
        }
    }

    #[test]
    fn a_line_past_the_margin_is_declined_and_its_tokens_formatted_instead() {
        let mut lines = Lines::default();
        let long =
            quote!(std::collections::BTreeMap<String, Vec<AVeryLongTypeNameThatGoesOnAndOnAndOn>>);
        assert_eq!(lines.tokens(1, "pub a_long_field_name: ", &long, ","), None);
        assert_eq!(lines.finish(), "");
    }
}
