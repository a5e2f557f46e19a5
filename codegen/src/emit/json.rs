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

/// A JSON object or array written entry by entry as serde_json's pretty
/// printer writes it, into a text being made: for the catalog, whose
/// entries come from the model's own types rather than a tree of values.
pub struct Pretty<'a> {
    out: &'a mut String,
    /// The depth of the brackets.
    depth: usize,
    entries: usize,
    close: char,
}

impl<'a> Pretty<'a> {
    /// An object at `depth`, its `{` written.
    pub fn object(out: &'a mut String, depth: usize) -> Self {
        out.push('{');
        Pretty {
            out,
            depth,
            entries: 0,
            close: '}',
        }
    }

    /// An array at `depth`, its `[` written.
    pub fn array(out: &'a mut String, depth: usize) -> Self {
        out.push('[');
        Pretty {
            out,
            depth,
            entries: 0,
            close: ']',
        }
    }

    /// The next entry's place: its text is written at the end of the
    /// returned string. In an object, `key` names it.
    fn entry(&mut self, key: Option<&str>) -> &mut String {
        open_entry(self.out, self.entries, self.depth + 1);
        self.entries += 1;
        if let Some(key) = key {
            write_string(self.out, key);
            self.out.push_str(": ");
        }
        self.out
    }

    /// An entry holding a string.
    pub fn string(&mut self, key: Option<&str>, value: &str) {
        write_string(self.entry(key), value);
    }

    /// An entry holding a string, or `null`.
    pub fn string_or_null(&mut self, key: Option<&str>, value: Option<&str>) {
        match value {
            Some(value) => self.string(key, value),
            None => self.null(key),
        }
    }

    /// An entry holding a string when there is one; none otherwise.
    pub fn string_if(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(Some(key), value);
        }
    }

    /// An entry holding an array of objects, each written by `write`.
    pub fn objects<T>(&mut self, key: &str, items: &[T], write: impl Fn(&T, &mut Pretty)) {
        self.nested(Some(key), false, |list| {
            for item in items {
                list.nested(None, true, |o| write(item, o));
            }
        });
    }

    /// An entry holding `null`.
    pub fn null(&mut self, key: Option<&str>) {
        self.entry(key).push_str("null");
    }

    /// An entry holding `true` or `false`.
    pub fn bool(&mut self, key: Option<&str>, value: bool) {
        self.entry(key)
            .push_str(if value { "true" } else { "false" });
    }

    /// An entry holding an array of strings.
    pub fn strings<S: AsRef<str>>(&mut self, key: Option<&str>, values: &[S]) {
        let depth = self.depth + 1;
        let mut array = Pretty::array(self.entry(key), depth);
        values.iter().for_each(|v| array.string(None, v.as_ref()));
        array.finish();
    }

    /// An entry holding an object or array, made by `write` one depth in.
    pub fn nested(&mut self, key: Option<&str>, object: bool, write: impl FnOnce(&mut Pretty)) {
        let depth = self.depth + 1;
        let out = self.entry(key);
        let mut inner = match object {
            true => Pretty::object(out, depth),
            false => Pretty::array(out, depth),
        };
        write(&mut inner);
        inner.finish();
    }

    /// Closes the object or array (`{}` and `[]` when empty).
    pub fn finish(self) {
        if self.entries == 0 {
            self.out.push(self.close);
        } else {
            close(self.out, self.depth, self.close);
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

    /// Entries of every kind, nested, empty and not, written one by one,
    /// are what serde_json prints for the same value.
    #[test]
    fn pretty_entries_are_what_serde_json_prints() {
        let mut written = String::from("before ");
        let mut o = super::Pretty::object(&mut written, 0);
        o.string(Some("name"), "a \"quoted\"\nline");
        o.bool(Some("yes"), true);
        o.bool(Some("no"), false);
        o.null(Some("nothing"));
        o.string_or_null(Some("maybe"), None);
        o.strings(Some("empty"), &[] as &[&str]);
        o.strings(Some("list"), &["x", "y"]);
        o.nested(Some("none"), true, |_| {});
        o.nested(Some("rows"), false, |rows| {
            rows.nested(None, true, |row| {
                row.string(Some("k"), "v");
                row.nested(Some("deep"), false, |d| d.string(None, "z"));
            });
            rows.nested(None, false, |_| {});
        });
        o.finish();
        let expected = serde_json::json!({
            "name": "a \"quoted\"\nline",
            "yes": true,
            "no": false,
            "nothing": null,
            "maybe": null,
            "empty": [],
            "list": ["x", "y"],
            "none": {},
            "rows": [{"k": "v", "deep": ["z"]}, []],
        });
        let expected = serde_json::to_string_pretty(&expected).expect("serialises");
        assert_eq!(written, format!("before {expected}"));
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
