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
//! `__formatted!(r#"..."#);` whose raw string holds the lines with their
//! indentation; [`fill`] puts them in its place after formatting.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

mod lines;
mod spell;

pub use lines::Lines;
pub use spell::{one_line, type_text};

/// The macro name of a placeholder, and how a call of it starts.
const MACRO: &str = "__formatted";
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

/// `__formatted!(r#"text"#);`, with as many `#` as the text needs: the
/// placeholder holds its text, so that an emitted file can be cloned and
/// finished any number of times.
fn placeholder(text: String) -> Option<TokenStream> {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let hashes = "#".repeat(hashes);
    let raw = format!("r{hashes}\"{text}\"{hashes}");
    // A raw string literal always lexes; were it not to, the caller's
    // tokens would be formatted instead.
    let literal = raw.parse::<proc_macro2::Literal>().ok()?;
    Some(quote::quote!(__formatted!(#literal);))
}

/// The placeholder `tokens` start with at the top level of a file
/// (`__formatted`, `!`, its literal in parentheses, `;`) as prettyplease
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
    let (Some(TokenTree::Literal(text)), None) = (inner.next(), inner.next()) else {
        return None;
    };
    (args.delimiter() == Delimiter::Parenthesis).then(|| (format!("{MARKER}{text});\n"), 4))
}

/// `code` with each placeholder replaced by the text it holds, and the
/// code between them passed through `lay_out`. prettyplease prints a
/// placeholder on a line (`__formatted!(r#"..."#);`) or, when the text is
/// long, with the literal on a line of its own and `);` on the next. Fails
/// on a placeholder not printed so.
pub fn fill<'a>(code: &'a str, lay_out: fn(&str) -> Cow<'_, str>) -> Result<Cow<'a, str>, String> {
    if !code.contains(MARKER) {
        return Ok(lay_out(code));
    }
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(MARKER) {
        // The placeholder starts its line, after its indentation.
        let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
        out.push_str(&lay_out(&rest[..line_start]));
        let raw = rest[at + MARKER.len()..].trim_start();
        let (text, after) = raw
            .strip_prefix('r')
            .and_then(|raw| {
                let hashes = raw.len() - raw.trim_start_matches('#').len();
                let body = raw.get(hashes + 1..)?;
                let close = body.find(&format!("\"{}", &raw[..hashes]))?;
                let after = body[close + 1 + hashes..].trim_start();
                let after = after.strip_prefix(");")?;
                Some((&body[..close], after.strip_prefix('\n').unwrap_or(after)))
            })
            .ok_or_else(|| format!("a placeholder not printed as one: {}", &rest[at..]))?;
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
    fn placeholders_take_the_place_of_their_text_in_either_form() {
        let code = "struct A;\n__formatted!(r#\"struct B;\n\"#);\n__formatted!(\n    r##\"struct C; // \"#\n\"##\n);\nstruct D;\n";
        assert_eq!(
            fill(code, no_lay_out).as_deref(),
            Ok("struct A;\nstruct B;\nstruct C; // \"#\nstruct D;\n")
        );
        assert!(fill("__formatted!(17);\n", no_lay_out).is_err());
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
        // The placeholder holds its text: the tokens finish any number of times.
        for _ in 0..2 {
            let file =
                super::super::rust_file("a.rs", "spec.yaml", tokens.clone()).expect("formats");
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
