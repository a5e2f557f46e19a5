//! A stand-in value of a body type, for `--raw`: the body sent is the one
//! written, unchecked, and the typed request only needs some value of its
//! body type to exist. The stand-in is the body written, mended where it
//! does not fit the type: a missing field added, a value of the wrong type
//! replaced by an empty one (`""`, `0`, `false`, `[]`, `{}`), one error at
//! a time, as the type's own decoder reports them.

use serde_json::Value;

/// How many mends a body may need before the stand-in is given up.
const MAX_MENDS: usize = 256;

/// A value of `B` made from `body`, mended where it does not fit.
pub(super) fn stand_in<B: serde::de::DeserializeOwned>(body: &Value) -> Result<B, String> {
    let mut value = body.clone();
    let mut last = String::new();
    for _ in 0..MAX_MENDS {
        let error = match serde_path_to_error::deserialize::<_, B>(&value) {
            Ok(body) => return Ok(body),
            Err(error) => error,
        };
        let message = error.inner().to_string();
        let path: Vec<serde_path_to_error::Segment> = error.path().iter().cloned().collect();
        let place = at(&mut value, &path);
        let mended = match (missing_field(&message), place) {
            (Some(field), Some(Value::Object(map))) => map.insert(field, Value::Null).is_none(),
            (None, Some(place)) => {
                *place = empty(&message);
                true
            }
            _ => false,
        };
        if !mended || message == last {
            return Err(message);
        }
        last = message;
    }
    Err(last)
}

/// The field a decoder's "missing field `x`" names.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_string())
}

/// An empty value of what a decoder's "expected ..." asks for.
fn empty(message: &str) -> Value {
    let expected = message.rsplit("expected ").next().unwrap_or_default();
    let has = |words: &[&str]| words.iter().any(|w| expected.contains(w));
    if has(&["string", "char"]) {
        Value::String(String::new())
    } else if has(&[
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "integer", "number",
    ]) {
        Value::from(0)
    } else if has(&["bool"]) {
        Value::Bool(false)
    } else if has(&["sequence", "array", "tuple"]) {
        Value::Array(Vec::new())
    } else if has(&["map", "struct"]) {
        Value::Object(Default::default())
    } else {
        Value::Null
    }
}

/// The value at `path` in `value`.
fn at<'v>(value: &'v mut Value, path: &[serde_path_to_error::Segment]) -> Option<&'v mut Value> {
    use serde_path_to_error::Segment;
    let mut here = value;
    for segment in path {
        here = match segment {
            Segment::Seq { index } => here.get_mut(*index)?,
            Segment::Map { key } => here.get_mut(key.as_str())?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    Some(here)
}

#[cfg(test)]
mod tests {
    use super::stand_in;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Alert {
        name: String,
        threshold: f64,
        tags: Vec<String>,
        note: Option<String>,
        rule: Rule,
        #[serde(flatten)]
        other: std::collections::BTreeMap<String, serde_json::Value>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Rule {
        enabled: bool,
        count: i64,
    }

    #[test]
    fn a_stand_in_mends_what_does_not_fit() {
        let written = json!({"name": 5, "rule": {"count": "x"}, "extra": 1});
        let alert: Alert = stand_in(&written).unwrap();
        assert_eq!(alert.name, "");
        assert_eq!(alert.threshold, 0.0);
        assert!(alert.tags.is_empty() && alert.note.is_none());
        assert_eq!(
            alert.rule,
            Rule {
                enabled: false,
                count: 0
            }
        );
        assert_eq!(alert.other.get("extra"), Some(&json!(1)));
        let body: Option<Rule> = stand_in(&json!({"enabled": "yes"})).unwrap();
        assert_eq!(
            body,
            Some(Rule {
                enabled: false,
                count: 0
            })
        );
    }
}
