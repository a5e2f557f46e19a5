//! Spec text made safe and shaped for docs and help: one path for every
//! description that reaches generated code.

/// Removes what must never reach a generated file: control characters other
/// than newlines and tabs, and Unicode bidirectional overrides that could
/// make code read differently from how it compiles. Normalises line endings
/// and trims trailing whitespace on each line.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text
        .chars()
        .filter(|&c| (c == '\n' || c == '\t' || !c.is_control()) && !is_bidi_control(c))
        .collect();
    let lines: Vec<&str> = kept.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a Rust doc comment: cleaned, and with untagged code fences
/// marked as text so rustdoc never compiles spec prose as a doctest.
pub fn rustdoc(text: &str) -> String {
    let mut in_fence = false;
    clean(text)
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") {
                let tagged = trimmed.trim_start_matches('`').trim().is_empty();
                let was_in = in_fence;
                in_fence = !in_fence;
                if !was_in && tagged {
                    return format!("{line}text");
                }
                if !was_in {
                    let indent = &line[..line.len() - trimmed.len()];
                    return format!("{indent}```text");
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first paragraph, on one line: a one-line help text.
pub fn first_paragraph(text: &str) -> String {
    let cleaned = clean(text);
    let paragraph = cleaned.split("\n\n").next().unwrap_or("");
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_bidi() {
        assert_eq!(clean("a\u{202e}b\u{0007}c\r\nd  \n"), "abc\nd");
        assert_eq!(clean("\n\nkeep\ttabs\n\n"), "keep\ttabs");
    }

    #[test]
    fn rustdoc_marks_fences_as_text() {
        assert_eq!(rustdoc("x\n```\ncode\n```"), "x\n```text\ncode\n```");
        assert_eq!(rustdoc("```json\n{}\n```"), "```text\n{}\n```");
    }

    #[test]
    fn first_paragraph_joins_lines() {
        assert_eq!(first_paragraph("One\ntwo.\n\nThree."), "One two.");
    }
}
