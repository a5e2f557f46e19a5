//! Descriptions written in HTML (Stripe's `<p>Creates a new customer
//! object.</p>`) rewritten as the Markdown every other description is
//! written in, so that `--help` shows text and the pages Markdown.
//!
//! Only text that holds a known tag is touched: `a < b` and `Vec<T>` stay
//! as they are. Known tags become their Markdown; any other tag is dropped
//! with its text kept; the common entities are decoded.

use serde_json::{Map, Value};

/// A mistake: `description` or `title` of another type than string; and
/// text written in HTML (Stripe's), as the Markdown the rest is written in.
pub(super) fn text(map: &mut Map<String, Value>) {
    for keyword in ["description", "summary", "title"] {
        let text = match map.get(keyword) {
            Some(Value::String(text)) if is_html(text) => to_markdown(text),
            Some(value) if !value.is_string() && keyword != "summary" => value.to_string(),
            _ => continue,
        };
        map.insert(keyword.to_string(), Value::String(text));
    }
}

/// Tags that make a text HTML (lowercase, without attributes).
const KNOWN: &[&str] = &[
    "p", "a", "code", "pre", "em", "i", "strong", "b", "br", "ul", "ol", "li", "h1", "h2", "h3",
    "h4", "span", "div", "table", "tr", "td", "th", "tbody", "thead",
];

/// Whether `text` is written in HTML: it holds an opening or closing tag
/// of [`KNOWN`].
pub fn is_html(text: &str) -> bool {
    text.match_indices('<')
        .any(|(at, _)| tag_at(&text[at..]).is_some_and(|tag| KNOWN.contains(&tag.name.as_str())))
}

/// One tag as written.
struct Tag {
    /// Lowercase name.
    name: String,
    /// A closing tag (`</p>`).
    closing: bool,
    /// Its `href`, for a link.
    href: Option<String>,
    /// Bytes it takes in the text.
    len: usize,
}

/// The tag `text` starts with, if it starts with one.
fn tag_at(text: &str) -> Option<Tag> {
    let inner = text.strip_prefix('<')?;
    let end = inner.find('>')?;
    let body = &inner[..end];
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let body = body.trim_end_matches('/').trim_end();
    let name_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    // A tag's name, then nothing or attributes (`a < b and c > d` is no tag).
    let attributes = body[name_end..].trim();
    let plain = attributes.is_empty() || attributes.contains('=');
    if !plain || name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(Tag {
        href: attribute(&body[name_end..], "href"),
        name,
        closing,
        len: end + 2,
    })
}

/// The value of the attribute `name` among a tag's attributes.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let at = attributes.find(&format!("{name}="))?;
    let value = &attributes[at + name.len() + 1..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// `text` as Markdown, when it is HTML; else unchanged.
pub fn to_markdown(text: &str) -> String {
    if !is_html(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut links: Vec<Option<String>> = Vec::new();
    let mut lists: Vec<(bool, usize)> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&decode(&collapse(&rest[..at])));
        rest = &rest[at..];
        let Some(tag) = tag_at(rest) else {
            out.push('<');
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        markdown_of(&tag, &mut out, &mut links, &mut lists);
    }
    out.push_str(&decode(&collapse(rest)));
    tidy(&out)
}

/// Writes the Markdown of one tag.
fn markdown_of(
    tag: &Tag,
    out: &mut String,
    links: &mut Vec<Option<String>>,
    lists: &mut Vec<(bool, usize)>,
) {
    match (tag.name.as_str(), tag.closing) {
        ("p" | "div" | "table" | "pre" | "h1" | "h2" | "h3" | "h4", _) => out.push_str("\n\n"),
        ("br" | "tr", _) => out.push('\n'),
        ("code", _) => out.push('`'),
        ("em" | "i", _) => out.push('*'),
        ("strong" | "b", _) => out.push_str("**"),
        ("a", false) => {
            links.push(tag.href.clone());
            if tag.href.is_some() {
                out.push('[');
            }
        }
        ("a", true) => {
            if let Some(Some(href)) = links.pop() {
                out.push_str(&format!("]({href})"));
            }
        }
        ("ul" | "ol", false) => {
            lists.push((tag.name == "ol", 0));
            out.push('\n');
        }
        ("ul" | "ol", true) => {
            lists.pop();
            out.push_str("\n\n");
        }
        ("li", false) => {
            let marker = match lists.last_mut() {
                Some((true, n)) => {
                    *n += 1;
                    format!("{n}. ")
                }
                _ => "- ".to_string(),
            };
            out.push('\n');
            out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
            out.push_str(&marker);
        }
        ("td" | "th", true) => out.push(' '),
        _ => {}
    }
}

/// Runs of whitespace (line breaks included) as one space, as HTML shows them.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The common entities decoded.
fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&apos;", "'"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_string(), |text, (entity, c)| {
        text.replace(entity, c)
    })
}

/// Lines trimmed at their end, at most one blank line in a row, none at
/// either end.
fn tidy(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        let line = if line.trim().is_empty() { "" } else { line };
        let starts_item = line.trim_start().starts_with("- ")
            || line
                .trim_start()
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        let line = if starts_item { line } else { line.trim_start() };
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last() == Some(&"") {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_descriptions_become_markdown() {
        let cases = [
            (
                "<p>Creates a new customer object.</p>",
                "Creates a new customer object.",
            ),
            (
                "<p>Returns a list of your customers.</p>\n\n<p>The customers are <strong>sorted</strong> by <code>created</code>.</p>",
                "Returns a list of your customers.\n\nThe customers are **sorted** by `created`.",
            ),
            (
                "See <a href=\"https://stripe.com/docs/api\">the docs</a> &amp; more.",
                "See [the docs](https://stripe.com/docs/api) & more.",
            ),
            (
                "<p>Either:</p><ul><li>one</li><li>two <em>or</em> three</li></ul>",
                "Either:\n\n- one\n- two *or* three",
            ),
            ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
            ("Line one<br/>line two", "Line one\nline two"),
            ("<p>x &lt; y</p>", "x < y"),
            ("<p>An <unknown>tag</unknown> is dropped</p>", "An tag is dropped"),
        ];
        for (html, markdown) in cases {
            assert_eq!(to_markdown(html), markdown, "{html}");
        }
    }

    #[test]
    fn text_that_is_not_html_is_left_alone() {
        for text in [
            "a < b and c > d",
            "Returns Vec<T> or <none>",
            "**Markdown** with `code`\n\n- a list",
            "",
            "<",
            "< p>",
        ] {
            assert_eq!(to_markdown(text), text, "{text}");
        }
    }
}
