//! `--fields`: the fields of each row to show, in the order given.

use serde_json::{Map, Value};

use super::table::rows;

/// Field paths chosen with `--fields id,name,config.currency`: dotted
/// paths reach into nested objects (and a number into an array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    paths: Vec<String>,
}

impl Fields {
    /// Reads a comma-separated list; the error says what is malformed.
    /// Spaces around names are ignored and a repeated name counts once.
    pub fn parse(list: &str) -> Result<Fields, String> {
        if list.trim().is_empty() {
            return Err("give at least one field, as in id,name".to_string());
        }
        let mut paths: Vec<String> = Vec::new();
        for field in list.split(',').map(str::trim) {
            if field.is_empty() {
                return Err(format!(
                    "an empty field in '{list}': separate fields with single commas"
                ));
            }
            if field.split('.').any(str::is_empty) {
                return Err(format!(
                    "'{field}' has an empty part: write nested fields as a.b"
                ));
            }
            if !paths.iter().any(|p| p == field) {
                paths.push(field.to_string());
            }
        }
        Ok(Fields { paths })
    }

    /// The paths as given: the keys of each projected row.
    pub fn names(&self) -> &[String] {
        &self.paths
    }

    /// `value` with only the chosen fields: each item of a list (a
    /// top-level array, or the rows inside a wrapper, which is dropped), or
    /// a lone object. An object that has one of the fields at its top level
    /// is taken as a lone object, not as a wrapper. Each projected row has
    /// the paths as keys, in order; a missing field is `null`. Other values
    /// are left as they are.
    pub fn project(&self, value: Value) -> Value {
        match &value {
            Value::Array(items) => Value::Array(items.iter().map(|row| self.pick(row)).collect()),
            Value::Object(map) => {
                let own = self.paths.iter().any(|path| {
                    let head = path.split('.').next().unwrap_or(path);
                    map.contains_key(head) || map.contains_key(path)
                });
                match rows(&value) {
                    Some(items) if !own => {
                        Value::Array(items.iter().map(|row| self.pick(row)).collect())
                    }
                    _ => self.pick(&value),
                }
            }
            _ => value,
        }
    }

    /// One row (or one resource) with the chosen fields.
    pub fn pick(&self, row: &Value) -> Value {
        let mut picked = Map::new();
        for path in &self.paths {
            picked.insert(
                path.clone(),
                lookup(row, path).cloned().unwrap_or(Value::Null),
            );
        }
        Value::Object(picked)
    }
}

/// The value at a dotted `path`; a key that itself holds dots is found too.
fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if let Some(found) = value.get(path) {
        return Some(found);
    }
    path.split('.').try_fold(value, |at, part| match at {
        Value::Object(map) => map.get(part),
        Value::Array(items) => items.get(part.parse::<usize>().ok()?),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_parse_and_malformed_ones_say_why() {
        let fields = Fields::parse(" id, config.currency ,id").unwrap();
        assert_eq!(fields.names(), ["id", "config.currency"]);
        for (bad, says) in [
            ("", "at least one"),
            (" , ", "empty field"),
            ("id,,name", "empty field"),
            ("id,", "empty field"),
            ("a..b", "'a..b' has an empty part"),
            (".a", "empty part"),
            ("a.", "empty part"),
        ] {
            let error = Fields::parse(bad).unwrap_err();
            assert!(error.contains(says), "{bad:?}: {error}");
        }
    }

    #[test]
    fn rows_of_a_wrapper_get_the_fields_in_order_and_null_when_missing() {
        let fields = Fields::parse("name,config.currency,tags.1,missing.deep").unwrap();
        let value = json!({"items": [
            {"id": 1, "name": "a", "config": {"currency": "USD"}, "tags": ["x", "y"]},
            {"id": 2, "name": "b"},
        ], "rowCount": 2});
        let projected = fields.project(value);
        assert_eq!(
            projected,
            json!([
                {"name": "a", "config.currency": "USD", "tags.1": "y", "missing.deep": null},
                {"name": "b", "config.currency": null, "tags.1": null, "missing.deep": null},
            ])
        );
        let keys: Vec<&String> = projected[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "config.currency", "tags.1", "missing.deep"]);
    }

    #[test]
    fn a_lone_object_is_projected_itself_even_with_an_array_of_objects() {
        // An allocation holds one array of objects (its rules): asking for
        // its own fields picks them from the allocation, not from the rules.
        let fields = Fields::parse("id,rules").unwrap();
        let allocation = json!({"id": "a1", "name": "n", "rules": [{"id": "r1"}]});
        assert_eq!(
            fields.project(allocation),
            json!({"id": "a1", "rules": [{"id": "r1"}]})
        );
        let fields = Fields::parse("id").unwrap();
        assert_eq!(
            fields.project(json!([{"id": 1, "x": 2}, 3])),
            json!([{"id": 1}, {"id": null}])
        );
        assert_eq!(fields.project(json!("text")), json!("text"));
        assert_eq!(fields.project(json!({"a": 1})), json!({"id": null}));
    }
}
