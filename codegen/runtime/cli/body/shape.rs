//! The merged body checked against the catalog's shape before it is typed,
//! whichever way each value came (flag, shorthand, `--body`): a field name
//! close to a known one, every required field missing (all named at once),
//! each enum value against the values it allows, and each string of a
//! checked format (date-time, date, email, uuid, uri). `--raw` skips it.

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
        for (path, format) in &self.format_paths {
            let mut found = Vec::new();
            values_at(body, &split(path), &mut found);
            if let Some(bad) = found
                .iter()
                .filter_map(|v| v.as_str())
                .find(|v| !fits(format, v))
            {
                return Err(format!(
                    "the body field {path}: '{bad}' is not {}",
                    described(format)
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

/// Whether `value` is a string of `format` (a format the tool does not
/// check always fits).
fn fits(format: &str, value: &str) -> bool {
    match format {
        "date" => is_date(value),
        "date-time" => is_date_time(value),
        "email" => value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
        }),
        "uuid" => uuid::Uuid::try_parse(value).is_ok(),
        "uri" => reqwest::Url::parse(value).is_ok(),
        _ => true,
    }
}

/// A format as an error message names it, with an example.
fn described(format: &str) -> &'static str {
    match format {
        "date" => "a date (YYYY-MM-DD, like 2026-12-03)",
        "date-time" => "a date and time (RFC 3339, like 2026-12-03T09:30:00Z)",
        "email" => "an email address",
        "uuid" => "a UUID (like 123e4567-e89b-12d3-a456-426614174000)",
        "uri" => "an absolute URI (like https://example.com/path)",
        _ => "of its format",
    }
}

/// `YYYY-MM-DD`, a day its month has (RFC 3339's full-date).
fn is_date(value: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    if !(digits(year) && digits(month) && digits(day)) {
        return false;
    }
    let (year, month, day): (u32, u32, u32) = match (year.parse(), month.parse(), day.parse()) {
        (Ok(y), Ok(m), Ok(d)) => (y, m, d),
        _ => return false,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339's date-time: a full date, `T`, `HH:MM:SS` with an optional
/// fraction, and `Z` or an offset `+HH:MM`.
fn is_date_time(value: &str) -> bool {
    let Some((date, time)) = value.split_once(['T', 't']) else {
        return false;
    };
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => return false,
    };
    let two = |s: &str, max: u32| s.len() == 2 && s.parse::<u32>().is_ok_and(|n| n <= max);
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let hms: Vec<&str> = whole.split(':').collect();
    let clock_ok = matches!(hms[..], [h, m, s] if two(h, 23) && two(m, 59) && two(s, 60))
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit());
    let offset_ok = match offset {
        "Z" | "z" => true,
        _ => {
            matches!(offset[1..].split(':').collect::<Vec<_>>()[..], [h, m] if two(h, 23) && two(m, 59))
        }
    };
    is_date(date) && clock_ok && offset_ok
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

/// A body the spec closes takes only its fields.
pub(super) fn check_closed(body: &Value, closed: Option<&[&str]>) -> Result<(), String> {
    let (Some(allowed), Value::Object(fields)) = (closed, body) else {
        return Ok(());
    };
    match fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(format!(
            "this request takes no body field '{unknown}' (the spec allows only {}); --raw sends it anyway",
            allowed.join(", ")
        )),
        None => Ok(()),
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
            format_paths: [
                ("due".to_string(), "date-time".to_string()),
                ("owners[]".to_string(), "email".to_string()),
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

    #[test]
    fn formats_are_checked_wherever_they_are() {
        let shape = shape();
        let check = |body: Value| shape.check(&body, &|_| None);
        let valid = json!({"name": "n", "color": "red", "config": {"metric": "m"}});
        let with = |key: &str, value: Value| {
            let mut body = valid.clone();
            body[key] = value;
            check(body)
        };
        assert_eq!(with("due", json!("2026-12-03T09:30:00Z")), Ok(()));
        assert_eq!(with("due", json!("2024-02-29t23:59:60.5+05:30")), Ok(()));
        assert_eq!(
            with("due", json!("2026-12-03")),
            Err("the body field due: '2026-12-03' is not a date and time (RFC 3339, like 2026-12-03T09:30:00Z)".into())
        );
        for bad in [
            "2026-02-30T00:00:00Z",
            "2026-12-03T24:00:00Z",
            "2026-12-03T09:30Z",
            "2026-12-03T09:30:00",
        ] {
            assert!(with("due", json!(bad)).is_err(), "{bad}");
        }
        assert_eq!(with("owners", json!(["a@x.com", "b@y.org"])), Ok(()));
        assert_eq!(
            with("owners", json!(["a@x.com", "bob"])),
            Err("the body field owners[]: 'bob' is not an email address".into())
        );
    }

    #[test]
    fn each_checked_format_tells_good_from_bad() {
        let cases = [
            ("date", "2024-02-29", "2023-02-29"),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567"),
            ("uri", "https://example.com/a?b=c", "example.com/a"),
            ("email", "first.last@example.co.uk", "first@last@"),
        ];
        for (format, good, bad) in cases {
            assert!(fits(format, good), "{format}: {good}");
            assert!(!fits(format, bad), "{format}: {bad}");
        }
        assert!(fits("password", "anything"));
    }
}
