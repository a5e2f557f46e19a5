//! Shorthand: a JSON body's fields as arguments, in the syntax dci and
//! restish users know. One argument holds one field or several separated by
//! commas:
//!
//! - `name:x`, `name: "x, y"` (a JSON string keeps spaces, commas and colons)
//! - `a.b.c:1` sets a nested field, creating the objects on the way
//! - `tags[]:x` appends to a list, `tags[0]:x` sets an item
//! - `filter:{"a": [1]}` or `ids:[1, 2]`: a JSON value as written
//! - `notes:@notes.txt` reads the value from a file (JSON where it parses)
//!
//! A bare value is typed by the body's schema: where it holds a string the
//! value is the text written (`version:1.0` is `"1.0"`), elsewhere `true`,
//! `false`, `null` and numbers are JSON, anything else a string.

use serde_json::Value;

/// One step of a shorthand path.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// An object's field.
    Key(String),
    /// A list's item.
    Index(usize),
    /// A new item at the end of a list (`[]`).
    Append,
}

/// A field given in shorthand: where it goes and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The path from the body's top.
    pub path: Vec<Step>,
    /// The value to put there.
    pub value: Value,
    /// The value's JSON text as written, where it was JSON (a number, a
    /// list, an object...): sent as it is, so a number is never rounded.
    pub raw: Option<String>,
}

/// Parses one shorthand argument. `string_paths` are where the body holds
/// strings (`a.b`, `tags[]`, `labels.*`). An error names the character.
pub fn parse(arg: &str, string_paths: &[String]) -> Result<Vec<Assignment>, String> {
    let mut parser = Parser { text: arg, at: 0 };
    let mut fields = Vec::new();
    loop {
        parser.skip_spaces();
        let path = parser.path()?;
        parser.skip_spaces();
        let (value, raw) = parser.value(is_string_path(&path, string_paths))?;
        fields.push(Assignment { path, value, raw });
        parser.skip_spaces();
        match parser.peek() {
            None => return Ok(fields),
            Some(',') => parser.at += 1,
            Some(c) => return Err(parser.error(&format!("expected ',' or the end, found '{c}'"))),
        }
        parser.skip_spaces();
        if parser.peek().is_none() {
            return Ok(fields);
        }
    }
}

/// Puts `value` at `path` in `body`, creating objects and lists on the way.
pub fn assign(body: &mut Value, path: &[Step], value: Value) -> Result<(), String> {
    let mut here = body;
    for (i, step) in path.iter().enumerate() {
        let place = || show_path(&path[..i]);
        here = match step {
            Step::Key(key) => {
                if here.is_null() {
                    *here = Value::Object(Default::default());
                }
                match here {
                    Value::Object(map) => map.entry(key.clone()).or_insert(Value::Null),
                    other => return Err(not_a(&place(), other, "an object")),
                }
            }
            Step::Index(_) | Step::Append => {
                if here.is_null() {
                    *here = Value::Array(Vec::new());
                }
                let Value::Array(items) = here else {
                    return Err(not_a(&place(), here, "a list"));
                };
                let index = match step {
                    Step::Index(index) => *index,
                    _ => items.len(),
                };
                if index == items.len() {
                    items.push(Value::Null);
                }
                let len = items.len();
                items.get_mut(index).ok_or_else(|| {
                    format!("{} has {len} items: [{index}] is past its end", place())
                })?
            }
        };
    }
    *here = value;
    Ok(())
}

fn not_a(place: &str, value: &Value, wanted: &str) -> String {
    let kind = match value {
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::Null => "null",
    };
    let place = if place.is_empty() { "the body" } else { place };
    format!("{place} is {kind}, not {wanted}")
}

/// A path as written: `a.b[0].c`, `tags[]`.
pub fn show_path(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) if text.is_empty() => text.push_str(key),
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Append => text.push_str("[]"),
        }
    }
    text
}

/// Whether the schema holds a string at `path`: `string_paths` name list
/// items `[]` and map values `*`.
fn is_string_path(path: &[Step], string_paths: &[String]) -> bool {
    let mut keys: Vec<&str> = Vec::new();
    for step in path {
        match step {
            Step::Key(key) => keys.push(key),
            Step::Index(_) | Step::Append => keys.push("[]"),
        }
    }
    string_paths.iter().any(|pattern| {
        let pattern = pattern_steps(pattern);
        pattern.len() == keys.len()
            && pattern
                .iter()
                .zip(&keys)
                .all(|(p, k)| p == k || (*p == "*" && *k != "[]"))
    })
}

/// `a.b[][].c` as `a`, `b`, `[]`, `[]`, `c`.
fn pattern_steps(pattern: &str) -> Vec<&str> {
    let mut steps = Vec::new();
    for part in pattern.split('.') {
        let mut key = part;
        let mut items = 0;
        while let Some(rest) = key.strip_suffix("[]") {
            key = rest;
            items += 1;
        }
        if !key.is_empty() {
            steps.push(key);
        }
        steps.extend(std::iter::repeat_n("[]", items));
    }
    steps
}

struct Parser<'a> {
    text: &'a str,
    /// Byte offset of the next character.
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += self.peek().map_or(1, char::len_utf8);
        }
    }

    fn error(&self, message: &str) -> String {
        let column = self.text[..self.at].chars().count() + 1;
        format!("at character {column}: {message}")
    }

    /// `a.b[0][].c:`, the colon taken.
    fn path(&mut self) -> Result<Vec<Step>, String> {
        let mut path = vec![Step::Key(self.key()?)];
        loop {
            match self.peek() {
                Some(':') => {
                    self.at += 1;
                    return Ok(path);
                }
                Some('.') => {
                    self.at += 1;
                    path.push(Step::Key(self.key()?));
                }
                Some('[') => {
                    self.at += 1;
                    let digits: String = self.text[self.at..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    self.at += digits.len();
                    if self.peek() != Some(']') {
                        return Err(self.error("expected a number or ']' in brackets"));
                    }
                    self.at += 1;
                    path.push(match digits.parse() {
                        Ok(index) => Step::Index(index),
                        Err(_) if digits.is_empty() => Step::Append,
                        Err(_) => return Err(self.error("the index is too large")),
                    });
                }
                None => return Err(self.error("expected ':' and a value after the field name")),
                Some(c) => return Err(self.error(&format!("unexpected '{c}' in the field name"))),
            }
        }
    }

    /// A field name: bare up to `.`, `[` or `:`, or a JSON string.
    fn key(&mut self) -> Result<String, String> {
        if self.peek() == Some('"') {
            return match self.json()?.0 {
                Value::String(key) => Ok(key),
                _ => Err(self.error("expected a field name")),
            };
        }
        let key: String = self.text[self.at..]
            .chars()
            .take_while(|c| !matches!(c, '.' | '[' | ':' | ',' | '"') && !c.is_whitespace())
            .collect();
        if key.is_empty() {
            return Err(self.error("expected a field name"));
        }
        self.at += key.len();
        Ok(key)
    }

    /// One JSON value at the current place (a string, object or list),
    /// and its text.
    fn json(&mut self) -> Result<(Value, Option<String>), String> {
        let rest = &self.text[self.at..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter();
        match values.next() {
            Some(Ok(value)) => {
                let end = values.byte_offset();
                self.at += end;
                Ok((value, Some(rest[..end].trim_start().to_string())))
            }
            Some(Err(e)) => Err(self.error(&format!("not valid JSON: {e}"))),
            None => Err(self.error("expected a value")),
        }
    }

    /// A value, and its JSON text where it is JSON.
    fn value(&mut self, string: bool) -> Result<(Value, Option<String>), String> {
        match self.peek() {
            Some('"' | '{' | '[') => return self.json(),
            Some('@') => {
                self.at += 1;
                let start = self.at;
                let path = self.bare().trim().to_string();
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    self.at = start;
                    self.error(&format!("cannot read the file {path}: {e}"))
                })?;
                return Ok(match serde_json::from_str(&text) {
                    Ok(value) if !string => (value, Some(text.trim().to_string())),
                    _ => (Value::String(text), None),
                });
            }
            _ => {}
        }
        let text = self.bare().trim_end().to_string();
        if string {
            return Ok((Value::String(text), None));
        }
        Ok(match serde_json::from_str::<Value>(&text) {
            Ok(value @ (Value::Bool(_) | Value::Null | Value::Number(_))) => (value, Some(text)),
            _ => (Value::String(text), None),
        })
    }

    /// Text up to the next comma or the end.
    fn bare(&mut self) -> &str {
        let rest = &self.text[self.at..];
        let end = rest.find(',').unwrap_or(rest.len());
        self.at += end;
        &rest[..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(args: &[&str], strings: &[&str]) -> Result<Value, String> {
        let strings: Vec<String> = strings.iter().map(|s| s.to_string()).collect();
        let mut body = Value::Null;
        for arg in args {
            for field in parse(arg, &strings)? {
                assign(&mut body, &field.path, field.value)?;
            }
        }
        Ok(body)
    }

    #[test]
    fn fields_nest_append_and_take_their_type_from_the_schema() {
        let made = body(
            &[
                "name:\"x y\"",
                "amount:1000",
                "version:1.0",
                "a.b.c:true",
                "tags[]:x, tags[]:7",
                "rules[0].id:r1",
                "filter:{\"k\": [1, 2]}",
                "note: hello world",
            ],
            &["name", "version", "tags[]", "note"],
        );
        assert_eq!(
            made,
            Ok(json!({
                "name": "x y",
                "amount": 1000,
                "version": "1.0",
                "a": {"b": {"c": true}},
                "tags": ["x", "7"],
                "rules": [{"id": "r1"}],
                "filter": {"k": [1, 2]},
                "note": "hello world",
            }))
        );
    }

    #[test]
    fn map_values_and_list_items_match_their_patterns() {
        let made = body(&["labels.env:1", "ids[]:2"], &["labels.*"]);
        assert_eq!(made, Ok(json!({"labels": {"env": "1"}, "ids": [2]})));
    }

    #[test]
    fn errors_name_the_character() {
        assert_eq!(
            body(&["tags[x]:1"], &[]),
            Err("at character 6: expected a number or ']' in brackets".to_string())
        );
        assert_eq!(
            body(&["name"], &[]),
            Err("at character 5: expected ':' and a value after the field name".to_string())
        );
        assert!(body(&["a:{\"b\": }"], &[])
            .unwrap_err()
            .starts_with("at character 3: not valid JSON"));
        assert_eq!(
            body(&["a:1", "a.b:2"], &[]),
            Err("a is a number, not an object".to_string())
        );
        assert_eq!(
            body(&["l[3]:1"], &[]),
            Err("l has 0 items: [3] is past its end".to_string())
        );
    }

    #[test]
    fn a_file_gives_json_or_text() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("v.json");
        std::fs::write(&file, "{\"a\": 1}").unwrap();
        let arg = format!("f:@{}", file.display());
        assert_eq!(body(&[&arg], &[]), Ok(json!({"f": {"a": 1}})));
        assert_eq!(body(&[&arg], &["f"]), Ok(json!({"f": "{\"a\": 1}"})));
        assert!(body(&["f:@/no/such/file"], &[])
            .unwrap_err()
            .contains("cannot read the file"));
    }
}
