//! Spec text made safe and shaped for docs and help: one path for every
//! description that reaches generated code.

/// Removes what must never reach a generated file: control characters other
/// than newlines and tabs, and Unicode bidirectional overrides that could
/// make code read differently from how it compiles. Normalises line endings
/// and trims trailing whitespace on each line.
pub fn clean(text: &str) -> String {
    match is_clean(text) {
        true => text.to_string(),
        false => cleaned(text),
    }
}

/// [`clean`]'s work, for text that needs it.
fn cleaned(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = text
        .chars()
        .filter(|&c| (c == '\n' || c == '\t' || !c.is_control()) && !is_bidi_control(c))
        .collect();
    let lines: Vec<&str> = kept.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// Whether [`clean`] would leave `text` as it is: no carriage return, no
/// control (but newlines and tabs) or bidi character, no line ending in
/// whitespace, no newline first or last. Most spec text is; one pass, no
/// allocation, an ASCII byte taken as it is (only a longer character is
/// decoded).
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Whether the character before is whitespace other than a newline.
    let mut white_before = false;
    let mut at = 0;
    // Where the bytes are next tested eight at a time.
    let mut word_at = 0;
    while let Some(&byte) = bytes.get(at) {
        if at >= word_at {
            match bytes.get(at..at + 8) {
                Some(word) if printable_ascii(word) => {
                    white_before = word[7] == b' ';
                    (at, word_at) = (at + 8, at + 8);
                    continue;
                }
                _ => word_at = at + 8,
            }
        }
        if byte.is_ascii() {
            white_before = match byte {
                b'\n' if white_before => return false,
                b'\t' | b' ' => true,
                // The other ASCII controls, carriage return included.
                0..=0x1f | 0x7f if byte != b'\n' => return false,
                _ => false,
            };
            at += 1;
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if c.is_control() || is_bidi_control(c) {
            return false;
        }
        white_before = c.is_whitespace();
        at += c.len_utf8();
    }
    !text.starts_with('\n') && !text.ends_with(char::is_whitespace)
}

/// Text that must stay on one line (a tag, a title): cleaned, whitespace
/// runs (newlines included) collapsed to one space.
pub fn one_line(text: &str) -> String {
    let cleaned = match is_clean(text) {
        true => std::borrow::Cow::Borrowed(text),
        false => std::borrow::Cow::Owned(cleaned(text)),
    };
    let mut out = String::with_capacity(cleaned.len());
    for word in cleaned.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A whole generated text file without control characters (but newlines
/// and tabs) or bidi controls, whatever reached it.
pub fn strip_controls(text: String) -> String {
    let unwanted = |c: char| c != '\n' && c != '\t' && (c.is_control() || is_bidi_control(c));
    // Two scans find where one may start, each without a branch per byte:
    // ASCII controls a block of 64 bytes at a time (the compiler vectorises
    // the fold), and the lead bytes of C1 controls (0xc2) and of bidi
    // controls (0xd8, 0xe2) with `memchr`; only at those is a character
    // decoded.
    const BLOCK: usize = 64;
    let ascii_control = |b: &u8| matches!(b, 0..=0x08 | 0x0b..=0x1f | 0x7f);
    let bytes = text.as_bytes();
    let ascii = bytes
        .chunks(BLOCK)
        .any(|block| match <&[u8; BLOCK]>::try_from(block) {
            Ok(whole) => whole
                .iter()
                .fold(false, |found, b| found | ascii_control(b)),
            Err(_) => block.iter().any(ascii_control),
        });
    let wide = || {
        memchr::memchr3_iter(0xc2, 0xd8, 0xe2, bytes)
            .filter_map(|at| text.get(at..).and_then(|rest| rest.chars().next()))
            .any(unwanted)
    };
    if !ascii && !wide() {
        return text;
    }
    text.chars().filter(|&c| !unwanted(c)).collect()
}

/// Whether `bytes`, eight of them, are all printable ASCII (a space to a
/// `~`); `false` for fewer. Tested on the word at once: a byte below a
/// space borrows into its top bit when the spaces are subtracted, a DEL
/// carries into it when ones are added, and a byte of a longer character
/// has it set. A carry can only spill from a byte found anyway.
fn printable_ascii(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let Ok(word) = <[u8; 8]>::try_from(bytes).map(u64::from_le_bytes) else {
        return false;
    };
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let delete_or_wider = word.wrapping_add(ONES) | word;
    (below_space | delete_or_wider) & TOPS == 0
}

/// Text for a terminal line (an error or warning naming spec content):
/// control and bidi characters shown as escapes, so a message can neither
/// break the line nor reorder what the reader sees.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text with every bidi control written as a `\uXXXX` escape (JSON
/// already escapes the other controls), so that it reads the same and
/// survives [`strip_controls`] unchanged.
pub fn json_escaped(json: &str) -> String {
    // Every bidi control starts with one of these two bytes.
    let mut leads = memchr::memchr2_iter(0xd8, 0xe2, json.as_bytes());
    let char_at = |at: usize| json.get(at..).and_then(|rest| rest.chars().next());
    if !leads.any(|at| char_at(at).is_some_and(is_bidi_control)) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a Rust doc comment: cleaned, and with untagged code fences
/// marked as text so rustdoc never compiles spec prose as a doctest.
pub fn rustdoc(text: &str) -> String {
    let cleaned = clean(text);
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    // An indented block (after a blank line, outside a fence) is code to
    // rustdoc, so it goes in a text fence of its own.
    let mut in_indented = false;
    let mut previous_blank = true;
    for line in cleaned.lines() {
        let trimmed = line.trim_start();
        let blank = trimmed.is_empty();
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented && !blank && !indented {
            while out.last().is_some_and(|l| l.is_empty()) {
                out.pop();
            }
            out.push("```".to_string());
            out.push(String::new());
            in_indented = false;
        }
        if in_indented {
            out.push(line.to_string());
            previous_blank = blank;
            continue;
        }
        if !in_fence && indented && !blank && previous_blank {
            out.push("```text".to_string());
            out.push(line.to_string());
            in_indented = true;
            previous_blank = false;
            continue;
        }
        if trimmed.starts_with("```") {
            let was_in = in_fence;
            in_fence = !in_fence;
            if !was_in {
                let indent = &line[..line.len() - trimmed.len()];
                out.push(format!("{indent}```text"));
                previous_blank = false;
                continue;
            }
        }
        out.push(line.to_string());
        previous_blank = blank;
    }
    if in_indented {
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out.push("```".to_string());
    }
    if in_fence {
        out.push("```".to_string());
    }
    // clippy asks for spaces: a tab in a doc comment renders unevenly.
    out.join("\n").replace('\t', "    ")
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
    fn json_keeps_bidi_controls_as_escapes() {
        let json = serde_json::to_string(&"a\u{202e}b\n").unwrap();
        let escaped = json_escaped(&json);
        assert_eq!(escaped, "\"a\\u202eb\\n\"");
        assert_eq!(strip_controls(escaped.clone()), escaped);
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "a\u{202e}b\n");
    }

    #[test]
    fn text_found_clean_is_what_cleaning_would_make_it() {
        let pieces = [
            "a", " ", "\t", "\n", "\r", "\u{7}", "\u{202E}", "é", "\u{a0}", "b c",
        ];
        // Every text of up to four pieces.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
            texts.dedup();
        }
        let mut found_clean = 0;
        for text in &texts {
            assert_eq!(clean(text), cleaned(text), "{text:?}");
            found_clean += usize::from(is_clean(text));
        }
        assert!(found_clean > 1_000, "{found_clean} of {}", texts.len());
        assert_eq!(strip_controls("a\u{7}b\u{202E}".to_string()), "ab");
    }

    #[test]
    fn strip_controls_drops_controls_and_keeps_the_rest() {
        let kept = "“quoted” — dash, é, 中文, tab\tand\nnewline";
        assert_eq!(strip_controls(kept.to_string()), kept);
        let dirty = format!("a\u{7}b\u{85}c\u{202E}d\u{2066}e\u{61C}f\r{kept}");
        assert_eq!(strip_controls(dirty), format!("abcdef{kept}"));
        assert_eq!(json_escaped(kept), kept);
        assert_eq!(json_escaped("x\u{202E}y"), "x\\u202ey");
    }

    /// [`is_clean`] as it was written first, a character at a time.
    fn is_clean_by_chars(text: &str) -> bool {
        let mut before = '\n';
        for c in text.chars() {
            let kept = (c == '\n' || c == '\t' || !c.is_control()) && !is_bidi_control(c);
            if !kept || c == '\r' || (c == '\n' && before.is_whitespace() && before != '\n') {
                return false;
            }
            before = c;
        }
        !text.starts_with('\n') && !text.ends_with(char::is_whitespace)
    }

    /// Every string of up to five characters over an alphabet of the cases
    /// that matter is judged as the character-at-a-time version judges it.
    #[test]
    fn is_clean_reads_bytes_as_it_read_characters() {
        const ALPHABET: [char; 10] = [
            'a', ' ', '\t', '\n', '\r', '\u{7}', '\u{a0}', '\u{85}', '\u{202e}', 'é',
        ];
        let mut last = vec![String::new()];
        let mut judged = 1;
        assert!(is_clean(""));
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|s| ALPHABET.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &last {
                assert_eq!(is_clean(s), is_clean_by_chars(s), "{s:?}");
            }
            judged += last.len();
        }
        assert_eq!(judged, 111_111);
        // Longer strings, mostly letters and spaces, so that whole words
        // of printable ASCII come before, between and after the others.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut clean = 0;
        for _ in 0..100_000 {
            let text: String = (0..random() % 40)
                .map(|_| match random() {
                    r if r % 16 < 10 => 'a',
                    r if r % 16 < 13 => ' ',
                    r => ALPHABET[(r / 16 % 10) as usize],
                })
                .collect();
            assert_eq!(is_clean(&text), is_clean_by_chars(&text), "{text:?}");
            clean += usize::from(is_clean(&text));
            let unwanted =
                |c: char| c != '\n' && c != '\t' && (c.is_control() || is_bidi_control(c));
            let stripped: String = text.chars().filter(|&c| !unwanted(c)).collect();
            assert_eq!(strip_controls(text.clone()), stripped, "{text:?}");
            let escaped: String = text
                .chars()
                .map(|c| match is_bidi_control(c) {
                    true => format!("\\u{:04x}", c as u32),
                    false => c.to_string(),
                })
                .collect();
            assert_eq!(json_escaped(&text), escaped, "{text:?}");
        }
        // Both answers are tested.
        assert!((10_000..90_000).contains(&clean), "{clean} clean");
    }

    #[test]
    fn printable_ascii_is_every_byte_from_a_space_to_a_tilde() {
        for byte in 0..=u8::MAX {
            for at in 0..8 {
                let mut word = *b"abcdefgh";
                word[at] = byte;
                assert_eq!(
                    printable_ascii(&word),
                    (0x20..=0x7e).contains(&byte),
                    "{byte:#x} at {at}"
                );
            }
        }
        assert!(!printable_ascii(b"short"));
        assert!(!is_clean(&format!(
            "{}  \n{}",
            "x".repeat(14),
            "y".repeat(9)
        )));
        assert!(is_clean(&format!("{} \t{}", "x".repeat(14), "y".repeat(9))));
    }

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
    fn rustdoc_fences_indented_blocks_so_they_never_run() {
        assert_eq!(
            rustdoc("Example:\n\n    evil();\n\n    more();\n\nProse."),
            "Example:\n\n```text\n    evil();\n\n    more();\n```\n\nProse."
        );
        assert_eq!(rustdoc("    first();"), "```text\n    first();\n```");
        // Indented continuation of a paragraph is not a block.
        assert_eq!(rustdoc("a\n    b"), "a\n    b");
        assert_eq!(rustdoc("```\nunclosed"), "```text\nunclosed\n```");
    }

    #[test]
    fn rustdoc_spells_tabs_as_spaces() {
        assert_eq!(rustdoc("| a\t| b |"), "| a    | b |");
    }

    #[test]
    fn first_paragraph_joins_lines() {
        assert_eq!(first_paragraph("One\ntwo.\n\nThree."), "One two.");
    }
}
