//! How structured parameter values and form fields are spelled: OpenAPI's
//! `style` and `explode`, and the bracket convention of `deepObject`.

/// How a path parameter is spelled beyond the plain segment (OpenAPI
/// `style: label` or `matrix`, with `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// `.v`; a list `.a.b` exploded, `.a,b` not.
    Label {
        /// Whether a list's values are each their own label.
        explode: bool,
    },
    /// `;name=v`; a list `;name=a;name=b` exploded, `;name=a,b` not.
    Matrix {
        /// Whether a list's values each repeat the name.
        explode: bool,
    },
}

/// How a query parameter's structured value is spelled (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `a=1&a=2`; objects as `k=v` pairs.
    Form,
    /// `a=1,2`; objects as `a=k,v`.
    FormJoined,
    /// `a=1 2`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[k]=v`.
    DeepObject,
}

/// A JSON value as a parameter's text: strings bare, scalars printed,
/// anything nested as JSON.
pub(super) fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The pairs a structured value is spelled as in `style`, added to `out`.
/// A form field's object is its fields' pairs; `deepObject` nests with
/// brackets at any depth (`a[b][c]=v`), lists of scalars as `a[]=v` and
/// of objects as `a[0][k]=v`, as Rails, PHP and Stripe read them.
pub(super) fn styled_pairs(
    name: &str,
    value: &serde_json::Value,
    style: QueryStyle,
    out: &mut Vec<(String, String)>,
) {
    use serde_json::Value;
    match (value, style) {
        (Value::Null, _) => {}
        (value, QueryStyle::DeepObject) => deep_pairs(name.to_string(), value, out),
        (Value::Array(items), QueryStyle::Form) => {
            out.extend(items.iter().map(|item| (name.to_string(), text(item))))
        }
        (Value::Array(items), style) => {
            let sep = match style {
                QueryStyle::SpaceDelimited => " ",
                QueryStyle::PipeDelimited => "|",
                _ => ",",
            };
            let joined: Vec<String> = items.iter().map(text).collect();
            out.push((name.to_string(), joined.join(sep)));
        }
        (Value::Object(fields), QueryStyle::Form) => {
            out.extend(fields.iter().map(|(key, field)| (key.clone(), text(field))))
        }
        (Value::Object(fields), _) => {
            let pairs: Vec<String> = fields
                .iter()
                .flat_map(|(k, v)| [k.clone(), text(v)])
                .collect();
            out.push((name.to_string(), pairs.join(",")));
        }
        (scalar, _) => out.push((name.to_string(), text(scalar))),
    }
}

/// A value under `name` in the bracket convention, nested to any depth.
fn deep_pairs(name: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (key, field) in fields {
                deep_pairs(format!("{name}[{key}]"), field, out);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (index, item) in items.iter().enumerate() {
                deep_pairs(format!("{name}[{index}]"), item, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push((format!("{name}[]"), text(item)));
            }
        }
        scalar => out.push((name, text(scalar))),
    }
}
