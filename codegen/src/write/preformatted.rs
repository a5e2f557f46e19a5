//! Text an emitter formats itself, for the shapes it makes again and again
//! (an operation's request struct and its `runtime::Operation` impl): each
//! line spelled as prettyplease would print it, so that the file is not
//! printed, parsed back with syn and printed again for them. Anything the
//! rules here do not know (a line that would wrap in a way not written
//! down, a token not listed) makes the emitter fall back to tokens, which
//! `write` formats the long way; the output is the same byte for byte
//! either way, and check mode ([`set_check`]) proves it by formatting both.
//!
//! The emitter hands the text over beside its tokens: a placeholder item
//! `__formatted!(N);` in the tokens, and the lines themselves (with their
//! indentation) as the file's `N`th text, which [`take_texts`] gives the
//! file when it is made; [`fill`] puts them in its place after formatting.
//! The text is never made a token: a raw string literal would be lexed when
//! made and printed again to be found.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

mod lines;
mod spell;
mod spelled;

pub use lines::Lines;
pub use spell::{one_line, type_text};

/// The macro name of a placeholder, and how a call of it starts.
const MACRO: &str = "__formatted";
const MARKER: &str = "__formatted!(";

static CHECK: AtomicBool = AtomicBool::new(false);
static MISMATCHES: Mutex<Vec<String>> = Mutex::new(Vec::new());
static MATCHED: AtomicUsize = AtomicUsize::new(0);
static DECLINED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The texts of the placeholders made on this thread since the last
    /// [`take_texts`], the `N`th held by `__formatted!(N)`.
    static TEXTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The texts of the placeholders made on this thread since it was last
/// called: a file takes them when it is made, right after its tokens.
pub fn take_texts() -> Vec<String> {
    TEXTS.with(|texts| std::mem::take(&mut *texts.borrow_mut()))
}

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
        Some(text) if !check => placeholder(text).unwrap_or_else(tokens),
        Some(text) => {
            let tokens = tokens();
            match same(&tokens, &text) {
                true => placeholder(text).unwrap_or(tokens),
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

/// `__formatted!(N);`, its text kept as this thread's `N`th (see
/// [`take_texts`]).
fn placeholder(text: String) -> Option<TokenStream> {
    let index = TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        texts.push(text);
        texts.len() - 1
    });
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    Some(quote::quote!(__formatted!(#index);))
}

/// The placeholder `tokens` start with at the top level of a file
/// (`__formatted`, `!`, its index in parentheses, `;`) as prettyplease
/// prints it, on a line, and how many tokens it is; `None` for any other
/// tokens.
pub(super) fn top_level(tokens: &[TokenTree]) -> Option<(String, usize)> {
    let [TokenTree::Ident(name), TokenTree::Punct(bang), TokenTree::Group(args), TokenTree::Punct(semi), ..] =
        tokens
    else {
        return None;
    };
    if name != MACRO || bang.as_char() != '!' || semi.as_char() != ';' {
        return None;
    }
    let mut inner = args.stream().into_iter();
    let (Some(TokenTree::Literal(index)), None) = (inner.next(), inner.next()) else {
        return None;
    };
    (args.delimiter() == Delimiter::Parenthesis).then(|| (format!("{MARKER}{index});\n"), 4))
}

/// `code` with each placeholder (`__formatted!(N);`, on a line of its own)
/// replaced by `texts[N]`, and the code between them passed through
/// `lay_out`. Fails on a placeholder not printed so, or without its text.
pub fn fill<'a>(
    code: &'a str,
    texts: &[String],
    lay_out: fn(&str) -> Cow<'_, str>,
) -> Result<Cow<'a, str>, String> {
    if !code.contains(MARKER) {
        return Ok(lay_out(code));
    }
    let mut out = String::with_capacity(code.len() + texts.iter().map(String::len).sum::<usize>());
    let mut rest = code;
    while let Some(at) = rest.find(MARKER) {
        // The placeholder starts its line, after its indentation.
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        out.push_str(&lay_out(&rest[..line_start]));
        let (text, after) = rest[at + MARKER.len()..]
            .split_once(");")
            .and_then(|(index, after)| {
                let text = texts.get(index.parse::<usize>().ok()?)?;
                Some((text, after.strip_prefix('\n').unwrap_or(after)))
            })
            .ok_or_else(|| {
                format!(
                    "a placeholder not printed as one, or without its text: {}",
                    &rest[at..]
                )
            })?;
        out.push_str(text);
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
    fn placeholders_take_the_place_of_their_text() {
        let texts = [
            "struct B;\n".to_string(),
            "    fn c() {} // );\n".to_string(),
        ];
        let code = "struct A;\n__formatted!(0);\nimpl D {\n    __formatted!(1);\n}\n";
        assert_eq!(
            fill(code, &texts, no_lay_out).as_deref(),
            Ok("struct A;\nstruct B;\nimpl D {\n    fn c() {} // );\n}\n")
        );
        assert!(fill("__formatted!(17);\n", &texts, no_lay_out).is_err());
        assert!(fill("__formatted!(x);\n", &texts, no_lay_out).is_err());
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
        let texts = take_texts();
        // The texts are kept beside the tokens: they finish any number of times.
        for _ in 0..2 {
            let file = super::super::rust_file("a.rs", "spec.yaml", tokens.clone(), &texts)
                .expect("formats");
            assert!(
                file.contents.ends_with(
                    "pub struct Before;\n\npub struct Named {\n    pub a: i64,\n}\n\npub struct After;\n"
                ),
                "{}",
                file.contents
            );
        }
    }

    /// What prettyplease makes of `tokens` as a function's body.
    fn prettyplease_body(tokens: &TokenStream) -> String {
        let code = super::super::format_items(quote!(fn f() { #tokens })).expect("parses");
        let body: Vec<&str> = code.lines().skip(1).take_while(|l| *l != "}").collect();
        body.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn expressions_break_as_prettyplease_breaks_them() {
        let statuses = quote!(&[400, 401, 402, 403, 404, 405, 408, 410, 426, 429, 503]);
        let cases = [
            quote!(response.json_or_error(&[200], &[400, 401])),
            // A method call too long for its line: the receiver, then the call.
            quote!(response
                .empty_or_error(&[200, 202], &[400, 401, 403, 404, 405, 406, 409, 415, 500])),
            // ... and its arguments one per line when the call does not fit either.
            quote!(response.json_or_error(&[200], #statuses)),
            quote!(Builder::new(
                self,
                CreateAnnotation {
                    body: body.into(),
                    other: None
                }
            )),
            quote!(Ok(Err(
                SomeVeryLongOperationNameForTheErrorEnumError::Unauthorized(response.json()?)
            ))),
            quote!(match response.status() {
                200 => Ok(Ok(response.json()?)),
                401 => Ok(Err(
                    SomeVeryLongOperationNameForTheErrorEnumError::Unauthorized(response.json()?)
                )),
                400..=499 | 500..=599 => Ok(Err(response.json()?)),
                _ => Err(response.unexpected()),
            }),
        ];
        for tokens in cases {
            let mut lines = Lines::default();
            assert_eq!(lines.expression(1, &tokens), Some(()), "{tokens}");
            assert_eq!(lines.finish(), prettyplease_body(&tokens), "{tokens}");
        }
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
