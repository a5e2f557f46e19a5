//! A request rendered as a runnable `curl` command.

use super::request::{Body, Part, Request};

/// Quotes a word for POSIX shells.
pub fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// `curl` arguments for `request` sent to `url` with `headers`. The header
/// named `secret_header` is printed with `secret_value` in double quotes so
/// the shell expands it (`"Authorization: Bearer $DCI_API_KEY"`).
pub fn render(
    request: &Request,
    url: &str,
    headers: &[(String, String)],
    secret_header: Option<(&str, &str)>,
) -> String {
    let mut parts = vec!["curl".to_string()];
    if request.method != reqwest::Method::GET || request.body.is_some() {
        parts.push(format!("-X {}", request.method));
    }
    parts.push(shell_quote(url));
    for (name, value) in headers {
        match secret_header {
            Some((secret, shown)) if name.eq_ignore_ascii_case(secret) => {
                parts.push(format!("-H \"{name}: {shown}\""));
            }
            _ => parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}")))),
        }
    }
    match &request.body {
        None => {}
        Some(Body::Bytes { bytes, .. }) => match std::str::from_utf8(bytes) {
            Ok(text) => parts.push(format!("--data-binary {}", shell_quote(text))),
            Err(_) => parts.push(format!(
                "--data-binary @- # {} bytes of binary data",
                bytes.len()
            )),
        },
        Some(Body::Multipart(fields)) => {
            for (name, part) in fields {
                let field = match part {
                    Part::Text(text) => format!("{name}={text}"),
                    Part::File(file) => match &file.content_type {
                        Some(media) => format!("{name}=@{};type={media}", file.file_name),
                        None => format!("{name}=@{}", file.file_name),
                    },
                };
                parts.push(format!("-F {}", shell_quote(&field)));
            }
        }
    }
    parts.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_the_shell_would_interpret() {
        assert_eq!(shell_quote("abc"), "abc");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote(""), "''");
    }
}
