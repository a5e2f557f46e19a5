//! The merged body checked against the catalog's shape before it is typed,
//! whichever way each value came (flag, shorthand, `--body`): a field name
//! close to a known one, every required field missing (all named at once),
//! and each enum value against the values it allows. `--raw` skips it.

use serde_json::Value;

use super::spec::Shape;

impl Shape {
    /// Why `body` does not fit, in one line; `Ok` when it does or there is
    /// nothing to check. `flag` names a top-level field's flag, if it has one.
    pub(super) fn check(
        &self,
        body: &Value,
        flag: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(), String> {
        if let Value::Object(given) = body {
            for key in given.keys().filter(|k| !self.fields.contains(k)) {
                if let Some(near) = self.near(key) {
                    return Err(format!(
                        "the body has no field '{key}'; did you mean '{near}'?"
                    ));
                }
            }
        }
        let missing: Vec<String> = self
            .required_fields
            .iter()
            .filter(|f| !f.path.contains(['[', '*']) && lookup(body, &f.path).is_none())
            .map(|f| match flag(&f.path) {
                Some(flag) => format!("{} ({}; give {flag} or {}:VALUE)", f.path, f.kind, f.path),
                None => format!("{} ({}; give {}:VALUE)", f.path, f.kind, f.path),
            })
            .collect();
        // A missing parent says enough: its own required fields go unsaid.
        let missing: Vec<&String> = missing
            .iter()
            .filter(|m| {
                let path = m.split(' ').next().unwrap_or_default();
                !missing.iter().any(|o| {
                    let parent = o.split(' ').next().unwrap_or_default();
                    path.starts_with(&format!("{parent}."))
                })
            })
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|m| m.as_str()).collect();
            return Err(format!(
                "the body lacks required field{} {}, or put {} in --body",
                if list.len() == 1 { "" } else { "s" },
                list.join(", "),
                if list.len() == 1 { "it" } else { "them" },
            ));
        }
        for (path, allowed) in &self.enum_paths {
            let steps: Vec<&str> = split(path);
            let mut found = Vec::new();
            values_at(body, &steps, &mut found);
            if let Some(bad) = found
                .iter()
                .filter_map(|v| v.as_str())
                .find(|v| !allowed.iter().any(|a| a == v))
            {
                return Err(format!(
                    "the body field {path}: '{bad}' is not one of {}",
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The known field closest to `key`, when one is close.
    fn near(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .map(|f| (strsim::jaro_winkler(key, f), f))
            .filter(|(score, _)| *score > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, f)| f.as_str())
    }
}

/// The steps of a shorthand path: `a.b[].c` is `a`, `b`, `[]`, `c`.
fn split(path: &str) -> Vec<&str> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        match part.strip_suffix("[]") {
            Some(key) => {
                steps.push(key);
                steps.push("[]");
            }
            None => steps.push(part),
        }
    }
    steps.retain(|s| !s.is_empty());
    steps
}

/// The value at a dotted path of object keys.
fn lookup<'v>(body: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(body, |value, key| value.get(key))
        .filter(|v| !v.is_null())
}

/// Every value at `steps` (`[]` each item of a list, `*` each value of an
/// object).
fn values_at<'v>(value: &'v Value, steps: &[&str], out: &mut Vec<&'v Value>) {
    let Some((step, rest)) = steps.split_first() else {
        out.push(value);
        return;
    };
    match (*step, value) {
        ("[]", Value::Array(items)) => items.iter().for_each(|v| values_at(v, rest, out)),
        ("*", Value::Object(map)) => map.values().for_each(|v| values_at(v, rest, out)),
        (key, Value::Object(map)) => {
            if let Some(v) = map.get(key) {
                values_at(v, rest, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::spec::RequiredField;
    use super::*;
    use serde_json::json;

    fn shape() -> Shape {
        Shape {
            fields: vec!["name".into(), "color".into(), "config".into()],
            required_fields: vec![
                RequiredField {
                    path: "color".into(),
                    kind: "one of red, blue".into(),
                },
                RequiredField {
                    path: "config".into(),
                    kind: "object".into(),
                },
                RequiredField {
                    path: "config.metric".into(),
                    kind: "string".into(),
                },
                RequiredField {
                    path: "name".into(),
                    kind: "string".into(),
                },
            ],
            enum_paths: [
                ("color".to_string(), vec!["red".into(), "blue".into()]),
                ("tags[].kind".to_string(), vec!["a".into()]),
            ]
            .into_iter()
            .collect(),
        }
    }

    #[test]
    fn a_body_is_checked_whatever_way_it_came() {
        let shape = shape();
        let flag = |field: &str| (field == "color").then(|| "--color".to_string());
        let check = |body: Value| shape.check(&body, &flag);
        assert_eq!(
            check(json!({"name": "n", "colour": "red"})),
            Err("the body has no field 'colour'; did you mean 'color'?".into())
        );
        assert_eq!(
            check(json!({"name": "n"})),
            Err("the body lacks required fields color (one of red, blue; give --color or color:VALUE), config (object; give config:VALUE), or put them in --body".into())
        );
        assert_eq!(
            check(json!({"name": "n", "color": "green", "config": {"metric": "m"}})),
            Err("the body field color: 'green' is not one of red, blue".into())
        );
        assert_eq!(
            check(
                json!({"name": "n", "color": "red", "config": {"metric": "m"}, "tags": [{"kind": "b"}]})
            ),
            Err("the body field tags[].kind: 'b' is not one of a".into())
        );
        assert_eq!(
            check(json!({"name": "n", "color": "red", "config": {"metric": "m"}, "extra": 1})),
            Ok(())
        );
    }
}
