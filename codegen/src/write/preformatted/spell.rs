//! The spelling of simple token streams on one line, as prettyplease
//! spells them (where it puts spaces, which trailing commas it drops), and
//! the shapes the layouts take apart: lists, generic arguments, struct
//! expressions and their fields, match patterns.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// A type of paths and generic arguments as `write` spells it in the
/// setter macro calls it lays out.
pub fn type_text(ty: &TokenStream) -> Option<String> {
    let ty: Vec<TokenTree> = ty.clone().into_iter().collect();
    crate::write::type_path(&ty)
}

/// The tokens between top-level commas.
pub(super) fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut entries = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => entries.push(Vec::new()),
            _ => entries.last_mut().map_or((), |e| e.push(token)),
        }
    }
    entries.retain(|e| !e.is_empty());
    entries
}

/// `tokens` on one line as prettyplease spells them, or `None` for a token
/// not known to be spelled so.
pub fn one_line(tokens: &TokenStream) -> Option<String> {
    let mut out = String::new();
    spell(&mut out, tokens.clone().into_iter(), false)?;
    Some(out)
}

/// [`one_line`] of tokens taken apart already.
pub(super) fn one_line_of(tokens: &[TokenTree]) -> Option<String> {
    let mut out = String::new();
    spell(&mut out, tokens.iter().cloned(), false)?;
    Some(out)
}

/// The widest struct expression on one line, its `}` included.
const STRUCT_WIDTH: usize = 35;

/// What the last token written was, for the space before the next.
#[derive(PartialEq, Clone, Copy)]
enum Last {
    /// Nothing, an opening delimiter or a punctuation that takes no space.
    Open,
    /// An identifier, a literal or a closed group.
    Word,
    /// A lifetime (`'static`), which a type follows after a space.
    Lifetime,
}

/// Appends `tokens` to `out`. `attr`: inside an attribute, where a trailing
/// comma is dropped on one line as prettyplease does.
pub(super) fn spell(
    out: &mut String,
    tokens: impl Iterator<Item = TokenTree>,
    attr: bool,
) -> Option<()> {
    let mut last = Last::Open;
    // Where the path before a struct expression's fields starts.
    let mut path = out.len();
    let mut tokens = tokens.peekable();
    while let Some(token) = tokens.next() {
        last = match token {
            TokenTree::Ident(ident) => {
                if last != Last::Open {
                    out.push(' ');
                }
                if !out.ends_with("::") {
                    path = out.len();
                }
                let lifetime = out.ends_with('\'');
                let _ = write!(out, "{ident}");
                match lifetime {
                    true => Last::Lifetime,
                    false => Last::Word,
                }
            }
            TokenTree::Literal(literal) => {
                if last != Last::Open {
                    out.push(' ');
                }
                let _ = write!(out, "{literal}");
                Last::Word
            }
            // An inclusive range in an attribute (`num_args = 0..=1`),
            // which prettyplease writes `0..= 1`.
            TokenTree::Punct(punct) if attr && is_joint(&punct, '.') => {
                inclusive_range(&mut tokens)?;
                out.push_str("..=");
                Last::Word
            }
            TokenTree::Punct(punct) => {
                let next = match tokens.peek() {
                    Some(TokenTree::Punct(p)) if punct.spacing() == Spacing::Joint => p.as_char(),
                    None => '\n',
                    _ => ' ',
                };
                let (text, pair) = punct_text(punct.as_char(), next, last, attr)?;
                if pair {
                    tokens.next();
                }
                match text {
                    Punct::Text(text) => out.push_str(text),
                    Punct::Char(ch) => out.push(ch),
                }
                match punct.as_char() {
                    '?' | '>' => Last::Word,
                    _ => Last::Open,
                }
            }
            TokenTree::Group(group) => {
                spell_group(out, &group, last, attr)?;
                // prettyplease keeps a struct expression on one line only
                // when it is at most 34 columns wide before its `}`
                // (rustfmt's `struct_lit_width`); a wider one is declined
                // here, so that its line is laid out broken.
                if group.delimiter() == Delimiter::Brace && out.len() - path > STRUCT_WIDTH {
                    return None;
                }
                Last::Word
            }
        };
    }
    Some(())
}

/// Takes the `.=` after a joined `.`; `None` for any other punctuation.
fn inclusive_range(tokens: &mut impl Iterator<Item = TokenTree>) -> Option<()> {
    match (tokens.next()?, tokens.next()?) {
        (TokenTree::Punct(dot), TokenTree::Punct(eq))
            if is_joint(&dot, '.') && eq.as_char() == '=' && eq.spacing() == Spacing::Alone =>
        {
            Some(())
        }
        _ => None,
    }
}

/// Whether `punct` is `ch` joined to the punctuation after it.
fn is_joint(punct: &proc_macro2::Punct, ch: char) -> bool {
    punct.as_char() == ch && punct.spacing() == Spacing::Joint
}

/// How a punctuation is written: spaced or paired text, or as it is.
enum Punct {
    Text(&'static str),
    Char(char),
}

/// How a punctuation is written given the one joined to it (`next`, a
/// newline at the end of the stream), and whether it took that one too.
fn punct_text(ch: char, next: char, last: Last, attr: bool) -> Option<(Punct, bool)> {
    let (text, pair) = match (ch, next) {
        // A trailing comma outside a group (a group drops its own).
        (',', '\n') if attr => ("", false),
        (',', '\n') => return None,
        (',', _) => (", ", false),
        (':', ':') => ("::", true),
        (':', _) if !attr => (": ", false),
        ('-', '>') if !attr => (" -> ", true),
        ('=' | '&' | '.', '=' | '>' | '&' | '.') => return None,
        ('=', _) => (" = ", false),
        ('&' | '.' | '?' | '!' | '<' | '>', _) => return Some((Punct::Char(ch), false)),
        ('\'', _) if last != Last::Open => (" '", false),
        ('\'', _) => ("'", false),
        _ => return None,
    };
    Some((Punct::Text(text), pair))
}

/// A group: parentheses and brackets tight around what they hold, a struct
/// expression's braces spaced. A trailing comma is written only when the
/// list breaks, so it goes; a one-element tuple's is not a trailing one.
fn spell_group(out: &mut String, group: &proc_macro2::Group, last: Last, attr: bool) -> Option<()> {
    let mut inner: Vec<TokenTree> = group.stream().into_iter().collect();
    if matches!(inner.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
        let commas = inner
            .iter()
            .filter(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
            .count();
        if group.delimiter() == Delimiter::Parenthesis && commas == 1 && !attr {
            return None;
        }
        inner.pop();
    }
    let (open, close) = match group.delimiter() {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::Brace if last == Last::Word && !attr && inner.is_empty() => {
            out.push_str(" {}");
            return Some(());
        }
        Delimiter::Brace if last == Last::Word && !attr => (" { ", " }"),
        _ => return None,
    };
    if last == Last::Lifetime {
        out.push(' ');
    }
    out.push_str(open);
    spell(out, inner.into_iter(), attr)?;
    out.push_str(close);
    Some(())
}

/// A type's generic arguments, split at the commas outside `<...>`.
pub(super) fn split_generic_args(tokens: &[TokenTree]) -> Vec<Vec<TokenTree>> {
    let mut args = vec![Vec::new()];
    let mut depth = 0usize;
    for token in tokens {
        match token {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth = depth.saturating_sub(1),
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                args.push(Vec::new());
                continue;
            }
            _ => {}
        }
        if let Some(arg) = args.last_mut() {
            arg.push(token.clone());
        }
    }
    args.retain(|a| !a.is_empty());
    args
}

/// Whether `tokens` are a struct expression: a path, then its fields.
pub(super) fn struct_expr(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Ident(_), .., TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace)
}

/// A struct expression's field split at its colon: `name`, `value`.
pub(super) fn field(tokens: &[TokenTree]) -> Option<(String, &[TokenTree])> {
    match tokens {
        [TokenTree::Ident(name), TokenTree::Punct(colon), value @ ..]
            if colon.as_char() == ':' && colon.spacing() == Spacing::Alone && !value.is_empty() =>
        {
            Some((name.to_string(), value))
        }
        _ => None,
    }
}

/// A match pattern of literals, `_`, ranges (`400..=499`) and `|`.
pub(super) fn pattern(tokens: &[TokenTree]) -> Option<String> {
    let mut out = String::new();
    let mut rest = tokens;
    while let Some((first, more)) = rest.split_first() {
        rest = more;
        match first {
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal}");
            }
            TokenTree::Ident(ident) if ident == "_" => out.push('_'),
            TokenTree::Punct(p) if p.as_char() == '|' => out.push_str(" | "),
            TokenTree::Punct(p) if p.as_char() == '.' => {
                let [TokenTree::Punct(dot), TokenTree::Punct(eq), after @ ..] = rest else {
                    return None;
                };
                if dot.as_char() != '.' || eq.as_char() != '=' {
                    return None;
                }
                out.push_str("..=");
                rest = after;
            }
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In an attribute, an inclusive range is spelled as prettyplease
    /// prints it; any other run of dots is declined.
    #[test]
    fn an_attributes_inclusive_range_is_spelled_as_prettyplease_prints_it() {
        let spelled = |tokens: TokenStream| {
            let mut out = String::new();
            spell(&mut out, tokens.into_iter(), true).map(|()| out)
        };
        assert_eq!(
            spelled(quote::quote!(num_args = 0..=1, long)).as_deref(),
            Some("num_args = 0..= 1, long")
        );
        assert_eq!(spelled(quote::quote!(num_args = 0..1)), None);
        assert_eq!(spelled(quote::quote!(num_args = 0..)), None);
        let mut out = String::new();
        assert_eq!(
            spell(&mut out, quote::quote!(0..=1).into_iter(), false),
            None
        );
    }
}
