//! The body's bytes: what the user wrote is what is sent. Every part of
//! `--body` no argument changed goes out as written (its numbers, escapes
//! and spacing), and every value an argument gave as JSON goes out as
//! written in the argument, so a number is never rounded through `f64`
//! (`12345678901234567890123`, `1.50`, `1e400` reach the server as typed).

use serde_json::value::RawValue;
use serde_json::Value;

use super::super::shorthand::Step;

/// A place an argument set, and the value's JSON text as the argument
/// wrote it, where it wrote JSON.
#[derive(Debug, Clone, Copy)]
pub(super) struct Set<'a> {
    /// The place, from the body's top.
    pub path: &'a [Step],
    /// The value as written.
    pub raw: Option<&'a str>,
}

/// `value` (the merged body) as JSON text: `written` (`--body` as written)
/// where no argument of `sets` (in the order they were applied) changed
/// it, each set value as written where it was.
pub(super) fn spliced(written: Option<&str>, value: &Value, sets: &[Set<'_>]) -> String {
    let mut out = String::new();
    write(written, value, sets, &mut out);
    out
}

fn write(written: Option<&str>, value: &Value, sets: &[Set<'_>], out: &mut String) {
    // The last argument that set this very place is where its text starts;
    // only the arguments after it changed it since.
    let (written, sets) = match sets.iter().rposition(|s| s.path.is_empty()) {
        Some(at) => (sets[at].raw, &sets[at + 1..]),
        None => (written, sets),
    };
    match value {
        _ if sets.is_empty() => match written {
            Some(raw) => out.push_str(raw),
            None => out.push_str(&serde_json::to_string(value).unwrap_or_default()),
        },
        Value::Object(map) => {
            let fields = written.and_then(object_fields).unwrap_or_default();
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                let below: Vec<Set<'_>> = sets
                    .iter()
                    .filter_map(|s| match s.path.split_first() {
                        Some((Step::Key(k), rest)) if k == key => Some(Set {
                            path: rest,
                            raw: s.raw,
                        }),
                        _ => None,
                    })
                    .collect();
                // serde_json keeps the last of a repeated key.
                let as_written = fields.iter().rev().find(|(k, _)| k == key);
                write(as_written.map(|(_, raw)| raw.get()), item, &below, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            let written_items = written.and_then(array_items).unwrap_or_default();
            // Where each argument's `[]` went, as `assign` placed them: at
            // the end of the list as it was then.
            let mut below: Vec<Vec<Set<'_>>> = vec![Vec::new(); items.len()];
            let mut len = written_items.len();
            for set in sets {
                let (index, rest) = match set.path.split_first() {
                    Some((Step::Index(index), rest)) => (*index, rest),
                    Some((Step::Append, rest)) => (len, rest),
                    _ => continue,
                };
                len += usize::from(index == len);
                if let Some(sets) = below.get_mut(index) {
                    sets.push(Set {
                        path: rest,
                        raw: set.raw,
                    });
                }
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let as_written = written_items.get(i).map(|raw| raw.get());
                write(as_written, item, &below[i], out);
            }
            out.push(']');
        }
        _ => out.push_str(&serde_json::to_string(value).unwrap_or_default()),
    }
}

/// An array's items as written; `None` for anything else.
fn array_items(text: &str) -> Option<Vec<&RawValue>> {
    serde_json::from_str(text).ok()
}

/// An object's fields as written, in order, repeated keys included;
/// `None` for anything else.
fn object_fields(text: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Fields<'a>(Vec<(String, &'a RawValue)>);
    impl<'de> serde::Deserialize<'de> for Fields<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visit;
            impl<'de> serde::de::Visitor<'de> for Visit {
                type Value = Fields<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Fields<'de>, A::Error> {
                    let mut fields = Vec::new();
                    while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                        fields.push(entry);
                    }
                    Ok(Fields(fields))
                }
            }
            d.deserialize_map(Visit)
        }
    }
    serde_json::from_str::<Fields<'_>>(text).ok().map(|f| f.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    #[test]
    fn untouched_fields_keep_their_form_and_order() {
        let written = r#"{"b": 10, "a": "\u00e9", "n": 1.50}"#;
        let body = json!({"b": 10, "a": "é", "n": 1.5, "c": true});
        let path = [key("c")];
        let sent = spliced(
            Some(written),
            &body,
            &[Set {
                path: &path,
                raw: Some("true"),
            }],
        );
        assert_eq!(sent, r#"{"b":10,"a":"\u00e9","n":1.50,"c":true}"#);
        let changed = json!({"b": 11, "a": "é", "n": 1.5});
        let path = [key("b")];
        let sent = spliced(
            Some(written),
            &changed,
            &[Set {
                path: &path,
                raw: Some("11"),
            }],
        );
        assert_eq!(sent, r#"{"b":11,"a":"\u00e9","n":1.50}"#);
    }

    #[test]
    fn numbers_beside_and_inside_a_change_stay_as_written() {
        let written = r#"{"a": {"big": 12345678901234567890123, "x": 1}, "l": [1.50, 2]}"#;
        let body = json!({"a": {"big": 1.2345678901234568e22, "x": 2}, "l": [1.5, 3, 4.0]});
        let (x, second, append) = (
            [key("a"), key("x")],
            [key("l"), Step::Index(1)],
            [key("l"), Step::Append],
        );
        let sets = [
            Set {
                path: &x,
                raw: Some("2"),
            },
            Set {
                path: &second,
                raw: Some("3"),
            },
            Set {
                path: &append,
                raw: Some("4.0"),
            },
        ];
        assert_eq!(
            spliced(Some(written), &body, &sets),
            r#"{"a":{"big":12345678901234567890123,"x":2},"l":[1.50,3,4.0]}"#
        );
        // A whole value set, then changed inside: its text, changed.
        let body = json!({"f": {"n": 1e22, "m": true}});
        let (f, m) = ([key("f")], [key("f"), key("m")]);
        let sets = [
            Set {
                path: &f,
                raw: Some(r#"{"n": 10000000000000000000001}"#),
            },
            Set {
                path: &m,
                raw: None,
            },
        ];
        assert_eq!(
            spliced(None, &body, &sets),
            r#"{"f":{"n":10000000000000000000001,"m":true}}"#
        );
    }
}
