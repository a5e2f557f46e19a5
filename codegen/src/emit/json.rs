//! JSON text byte for byte as `serde_json::to_string_pretty` writes it (two
//! spaces a level, `"key": value`, `[]` and `{}` when empty), written
//! straight into a `String`: the reference pages and the catalog print
//! some thousand schemas, and serde's serializer spends a call per key,
//! value and separator, and a byte-by-byte table lookup on every string.

use std::fmt::Write as _;

use serde_json::Value;

/// `value` as pretty JSON, written at the end of `out`.
pub fn write_pretty(out: &mut String, value: &Value) {
    write_value(out, value, 0);
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        // A number's Display is what serde_json serializes.
        Value::Number(number) => {
            let _ = write!(out, "{number}");
        }
        Value::String(text) => write_string(out, text),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                open_entry(out, i, depth + 1);
                write_value(out, item, depth + 1);
            }
            close(out, depth, ']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push('{');
            for (i, (key, value)) in map.iter().enumerate() {
                open_entry(out, i, depth + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, value, depth + 1);
            }
            close(out, depth, '}');
        }
    }
}

/// The comma after the entry before, then a new line indented to `depth`.
fn open_entry(out: &mut String, index: usize, depth: usize) {
    if index > 0 {
        out.push(',');
    }
    out.push('\n');
    indent(out, depth);
}

/// A new line indented to `depth`, then `bracket`.
fn close(out: &mut String, depth: usize, bracket: char) {
    out.push('\n');
    indent(out, depth);
    out.push(bracket);
}

fn indent(out: &mut String, depth: usize) {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..2 * depth) {
        Some(spaces) => out.push_str(spaces),
        None => (0..depth).for_each(|_| out.push_str("  ")),
    }
}

/// A JSON string: `"` and `\` escaped, the controls below a space as
/// serde_json escapes them (`\n`, `\t`... or `\u00XX`), anything else as it is.
pub(super) fn write_string(out: &mut String, text: &str) {
    out.push('"');
    // Most strings need no escape: one pass with no branch per byte (the
    // compiler vectorises the fold) finds it, and they are copied whole.
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    if !text.bytes().fold(false, |found, b| found | escaped(b)) {
        out.push_str(text);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        if !escaped(byte) {
            continue;
        }
        out.push_str(&text[start..at]);
        start = at + 1;
        match byte {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                let _ = write!(out, "\\u{byte:04x}");
            }
        }
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// Values of every kind, nested, and strings with every byte below 0x80
    /// and some above, print as serde_json prints them.
    #[test]
    fn pretty_is_what_serde_json_prints() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let values = [
            json!(null),
            json!({}),
            json!([]),
            json!({"a": {}, "b": [], "c": [{}], "d": [[1, 2], {"e": null}]}),
            json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}),
            json!([
                true,
                false,
                0,
                -7,
                18446744073709551615u64,
                0.1,
                1e20,
                -2.5e-8,
                1.0
            ]),
            json!({"quote\"d": "back\\slash", "tab\there": "line\nbreak\r\u{8}\u{c}\u{1}\u{1f}\u{7f}"}),
            json!({"unicode": "é “curly” 中文 \u{202e} \u{85}", "long": "x".repeat(40)}),
            json!([
                every_ascii.clone(),
                every_ascii[3..].to_string(),
                every_ascii[9..70].to_string()
            ]),
        ];
        for value in values {
            let expected = serde_json::to_string_pretty(&value).expect("serialises");
            let mut written = String::from("before ");
            super::write_pretty(&mut written, &value);
            assert_eq!(written, format!("before {expected}"));
        }
    }

    /// Past the indentation held as one string (32 levels), each level
    /// is still two spaces.
    #[test]
    fn deep_nesting_is_indented_as_serde_json_indents_it() {
        let mut value = serde_json::json!({"leaf": [1, "two"]});
        for depth in 0..40 {
            value = match depth % 2 {
                0 => serde_json::json!({ "level": value, "n": depth }),
                _ => serde_json::json!([value, depth]),
            };
        }
        let mut written = String::new();
        super::write_pretty(&mut written, &value);
        assert_eq!(
            written,
            serde_json::to_string_pretty(&value).expect("serialises")
        );
    }

    #[test]
    fn each_byte_is_escaped_as_serde_json_escapes_it_wherever_it_is() {
        for byte in 0..0x80u8 {
            for at in 0..10 {
                let mut text = "abcdefghij".to_string().into_bytes();
                text[at] = byte;
                let text = String::from_utf8(text).expect("ASCII");
                let mut written = String::new();
                super::write_string(&mut written, &text);
                assert_eq!(
                    written,
                    serde_json::to_string(&text).expect("serialises"),
                    "{byte:#x}"
                );
            }
        }
    }
}
