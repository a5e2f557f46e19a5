//! A request rendered as a runnable `curl` command.

use super::auth::basic_shown;
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

/// `curl` arguments for `request` sent to `url` with `headers`. Where a
/// credential shows as its environment variable (`$MY_API_KEY`, one of
/// `variables`), the word is printed in double quotes so the shell expands
/// it (`"Authorization: Bearer $DCI_API_KEY"`), everything else escaped.
pub fn render(
    request: &Request,
    url: &str,
    headers: &[(String, String)],
    variables: &[&str],
) -> String {
    let mut parts = vec!["curl".to_string()];
    if request.method != reqwest::Method::GET || request.body.is_some() {
        parts.push(format!("-X {}", request.method));
    }
    parts.push(quote_expanding(url, variables));
    for (name, value) in headers {
        parts.push(format!(
            "-H {}",
            quote_expanding(&format!("{name}: {value}"), variables)
        ));
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

/// `word` quoted for POSIX shells, where each `$VARIABLE` of `variables`
/// (and a basic credential's [`basic_shown`]) is left for the shell to expand.
pub fn quote_expanding(word: &str, variables: &[&str]) -> String {
    let mut tokens: Vec<String> = Vec::new();
    for variable in variables {
        tokens.push(basic_shown(variable));
        tokens.push(format!("${variable}"));
    }
    if !tokens.iter().any(|t| word.contains(t.as_str())) {
        return shell_quote(word);
    }
    let mut out = String::from("\"");
    let mut rest = word;
    while !rest.is_empty() {
        if let Some(token) = tokens.iter().find(|t| rest.starts_with(t.as_str())) {
            out.push_str(token);
            rest = &rest[token.len()..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_left_for_the_shell_to_expand() {
        assert_eq!(
            quote_expanding("Authorization: Bearer $KEY", &["KEY"]),
            "\"Authorization: Bearer $KEY\""
        );
        assert_eq!(
            quote_expanding("https://x/a?q=$1&k=$KEY", &["KEY"]),
            "\"https://x/a?q=\\$1&k=$KEY\""
        );
        assert_eq!(quote_expanding("a b", &["KEY"]), "'a b'");
    }

    /// A POSIX shell given the printed word prints the header as it is
    /// sent: a credential of any length encoded on one line, one with
    /// spaces, quotes or `$` kept whole.
    #[cfg(unix)]
    #[test]
    fn a_basic_credential_of_any_length_is_encoded_on_one_line_by_the_shell() {
        use base64::Engine;
        let header = format!("Authorization: Basic {}", basic_shown("T_BASIC"));
        let word = quote_expanding(&header, &["T_BASIC"]);
        for secret in [
            "ada:pw",
            &"u".repeat(40),
            &format!("user:{}", "p$ 'q\\\"".repeat(30)),
        ] {
            let output = std::process::Command::new("sh")
                .args(["-c", &format!("printf %s {word}")])
                .env("T_BASIC", secret)
                .output()
                .unwrap();
            let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
            assert_eq!(
                String::from_utf8(output.stdout).unwrap(),
                format!("Authorization: Basic {encoded}"),
                "{word}"
            );
        }
    }

    #[test]
    fn quotes_what_the_shell_would_interpret() {
        assert_eq!(shell_quote("abc"), "abc");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
        assert_eq!(shell_quote(""), "''");
    }
}
