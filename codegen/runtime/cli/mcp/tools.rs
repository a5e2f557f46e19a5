//! The tools a server offers: each command of `tools.json` the flags allow
//! (read-only unless `--allow-write`, destructive ones only with
//! `--allow-destructive`, `--tools` patterns), as MCP tool definitions;
//! and the three tools of the dynamic mode.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{json, Value};

/// A tool as `tools.json` describes it.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct Spec {
    pub name: String,
    pub title: String,
    pub description: String,
    pub group: String,
    pub method: String,
    pub path: String,
    pub destructive: bool,
    pub paginated: bool,
    pub inputs: Vec<Input>,
    pub input_schema: JsonObject,
    #[serde(default)]
    pub output_schema: Option<Value>,
    /// Its name, title, group, path and description in lower case, for
    /// search (filled once, at load).
    #[serde(skip)]
    haystack: [String; 5],
}

/// How one input reaches the command line.
#[derive(Debug, Clone, serde::Deserialize)]
pub(super) struct Input {
    /// Its name in the tool's arguments.
    pub name: String,
    /// Its flag (`--page-token`); `None` for a positional argument.
    pub cli: Option<String>,
    /// A list: the flag repeats.
    pub list: bool,
    /// Given to the command as JSON text.
    pub json: bool,
}

#[derive(serde::Deserialize)]
struct File {
    tools: Vec<Spec>,
}

impl Spec {
    /// Sends nothing but reads: a GET or a HEAD.
    pub fn read_only(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
    }

    /// The MCP definition: the inputs, plus `all` (a paginated tool),
    /// `fields`, `jq` and `format`; annotations from the method and the
    /// destructive set.
    pub fn tool(&self) -> Tool {
        let mut schema = self.input_schema.clone();
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            if self.paginated {
                properties.insert(
                    "all".into(),
                    json!({"type": "boolean", "description": "Fetch and merge every page."}),
                );
            }
            for (name, schema) in output_properties() {
                properties.insert(name.into(), schema);
            }
        }
        let annotations = ToolAnnotations::with_title(self.title.clone())
            .read_only(self.read_only())
            .destructive(self.destructive)
            .idempotent(matches!(
                self.method.as_str(),
                "GET" | "HEAD" | "PUT" | "DELETE"
            ))
            .open_world(true);
        let description = format!("{} ({} {})", self.description, self.method, self.path);
        let mut tool = Tool::new(self.name.clone(), description, schema)
            .with_title(self.title.clone())
            .with_annotations(annotations);
        if let Some(Value::Object(output)) = &self.output_schema {
            tool = tool.with_raw_output_schema(Arc::new(output_schema(output)));
        }
        tool
    }
}

/// The arguments every tool takes beside its own.
fn output_properties() -> [(&'static str, Value); 3] {
    [
        (
            "fields",
            json!({"type": "string", "description": "Fields to keep, comma-separated (a.b nested)."}),
        ),
        (
            "jq",
            json!({"type": "string", "description": "jq filter applied to the result."}),
        ),
        (
            "format",
            json!({"type": "string", "enum": ["toon", "json"]}),
        ),
    ]
}

/// The output schema: the response under `result` (or what `fields` and
/// `jq` selected), and `cut` when the result was cut to the cap.
fn output_schema(response: &serde_json::Map<String, Value>) -> JsonObject {
    let schema = json!({
        "type": "object",
        "properties": {
            "result": {"anyOf": [Value::Object(response.clone()), {}]},
            "cut": {"type": "string"},
        },
    });
    match schema {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    }
}

/// The tools a server offers, by the flags it was started with.
pub(super) struct ToolSet {
    pub offered: Vec<Spec>,
    /// Tools of the spec the flags leave out, for the refusal's reason.
    pub withheld: Vec<Spec>,
}

/// Which tools a server offers.
#[derive(Debug, Clone, Default)]
pub(super) struct Policy {
    pub allow_write: bool,
    pub allow_destructive: bool,
    /// Names, globs (`list-*`) or groups (`Alerts`); empty: all.
    pub patterns: Vec<String>,
}

impl Policy {
    /// Why `spec` is not offered, or `None` when it is.
    pub fn refusal(&self, spec: &Spec, program: &str) -> Option<String> {
        if spec.destructive && !self.allow_destructive {
            return Some(format!(
                "{} is destructive; the server offers it only when started with `{program} mcp --allow-destructive`",
                spec.name
            ));
        }
        if !(spec.read_only() || self.allow_write || self.allow_destructive) {
            return Some(format!(
                "{} changes data ({}); the server is read-only unless started with `{program} mcp --allow-write`",
                spec.name, spec.method
            ));
        }
        let selected = self.patterns.is_empty()
            || self.patterns.iter().any(|p| {
                glob(p, &spec.name)
                    || p.eq_ignore_ascii_case(&spec.group)
                    || p.eq_ignore_ascii_case(&spec.group.replace(' ', "-"))
            });
        (!selected).then(|| {
            format!(
                "{} is not among the tools the server was started with (--tools)",
                spec.name
            )
        })
    }
}

impl ToolSet {
    /// The tools of `file` (`tools.json`) that `policy` allows, of those
    /// whose command is `compiled` (a crate built with some tags' features
    /// has only theirs).
    pub fn load(
        file: &str,
        policy: &Policy,
        program: &str,
        compiled: impl Fn(&str) -> bool,
    ) -> Result<ToolSet, String> {
        let file: File =
            serde_json::from_str(file).map_err(|e| format!("the tools file does not read: {e}"))?;
        let (offered, withheld) = file
            .tools
            .into_iter()
            .filter(|spec| compiled(&spec.name))
            .map(|mut spec| {
                spec.haystack = [
                    &spec.name,
                    &spec.title,
                    &spec.group,
                    &spec.path,
                    &spec.description,
                ]
                .map(|text| text.to_lowercase());
                spec
            })
            .partition(|spec| policy.refusal(spec, program).is_none());
        Ok(ToolSet { offered, withheld })
    }

    /// The offered tool named `name`.
    pub fn get(&self, name: &str) -> Option<&Spec> {
        self.offered.iter().find(|s| s.name == name)
    }

    /// The offered tools best matching `query`, at most `limit`: first
    /// those that match more of its words, then by where they match (a word
    /// in the name counts four times one in the description), then the
    /// shorter name. A word matches a word of the text it begins
    /// (`repo` matches `repos`), or one of four letters or more that begins
    /// it (`repos` matches `repository`); one-letter words and the commonest
    /// English ones are left out.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Spec> {
        // Name (of three words; less for a longer one), title, group,
        // path, description.
        const WEIGHTS: [usize; 5] = [4, 3, 2, 2, 1];
        let words = query_words(query);
        let mut scored: Vec<(usize, usize, &Spec)> = self
            .offered
            .iter()
            .map(|spec| {
                // A word of a short name says more than one of a long name.
                let name_words = spec.name.split('-').count().max(3);
                let (mut matched, mut weight) = (0, 0);
                for word in &words {
                    let found: usize = spec
                        .haystack
                        .iter()
                        .zip(WEIGHTS)
                        .enumerate()
                        .filter(|(_, (text, _))| matches_word(text, word))
                        .map(|(i, (_, weight))| match i {
                            0 => weight * 12 / name_words,
                            _ => weight,
                        })
                        .sum();
                    matched += usize::from(found > 0);
                    weight += found;
                }
                (matched, weight, spec)
            })
            .filter(|(matched, _, _)| *matched > 0 || words.is_empty())
            .collect();
        scored.sort_by(|a, b| {
            (b.0, b.1)
                .cmp(&(a.0, a.1))
                .then_with(|| a.2.name.len().cmp(&b.2.name.len()))
                .then_with(|| a.2.name.cmp(&b.2.name))
        });
        scored.into_iter().take(limit).map(|(_, _, s)| s).collect()
    }
}

/// The words of a search, lower case, without one-letter ones and the
/// commonest English ones.
fn query_words(query: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "an", "the", "of", "for", "to", "in", "on", "by", "and", "or", "with", "from", "all", "my",
    ];
    let mut words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() > 1 && !COMMON.contains(&w.as_str()))
        .collect();
    words.dedup();
    words
}

/// Whether a word of `text` (lower case) begins with `word`, or is four
/// letters or more and begins `word`.
fn matches_word(text: &str, word: &str) -> bool {
    let head: String = word.chars().take(4).collect();
    text.contains(&head)
        && text
            .split(|c: char| !c.is_alphanumeric())
            .any(|t| t.starts_with(word) || (t.chars().count() >= 4 && word.starts_with(t)))
}

/// `pattern` with `*` (any run) and `?` (one character) matches `name`.
fn glob(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match (p.first(), n.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], n) || (!n.is_empty() && go(p, &n[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &n[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &n[1..]),
            _ => false,
        }
    }
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    go(&p, &n)
}

/// The dynamic mode's tools: search, describe, call.
pub(super) fn dynamic_tools() -> Vec<Tool> {
    let object = |value: Value| match value {
        Value::Object(map) => map,
        _ => JsonObject::new(),
    };
    let read = ToolAnnotations::new().read_only(true).open_world(false);
    vec![
        Tool::new(
            SEARCH,
            "Search the API's operations by words of their name, summary, group or path; answers names to describe and call.",
            object(json!({"type": "object", "properties": {
                "query": {"type": "string", "description": "Words to look for, such as 'list alerts'."},
                "limit": {"type": "integer", "minimum": 1, "maximum": 50, "description": "The most results (default 10)."},
            }, "required": ["query"]})),
        )
        .with_annotations(read.clone()),
        Tool::new(
            DESCRIBE,
            "The full definition of one operation: its description and the JSON Schema of its arguments.",
            object(json!({"type": "object", "properties": {
                "name": {"type": "string", "description": "The operation's name, as search_tools answers it."},
            }, "required": ["name"]})),
        )
        .with_annotations(read),
        Tool::new(
            CALL,
            "Call one operation with its arguments (as describe_tool gives their schema).",
            object(json!({"type": "object", "properties": {
                "name": {"type": "string", "description": "The operation's name."},
                "arguments": {"type": "object", "description": "Its arguments."},
            }, "required": ["name"]})),
        )
        .with_annotations(ToolAnnotations::new().open_world(true)),
    ]
}

/// The dynamic mode's tool names.
pub(super) const SEARCH: &str = "search_tools";
pub(super) const DESCRIBE: &str = "describe_tool";
pub(super) const CALL: &str = "call_tool";

#[cfg(test)]
mod tests {
    use super::{glob, matches_word, query_words};

    #[test]
    fn search_words_match_words_they_begin_or_that_begin_them() {
        assert_eq!(
            query_words("Get a user's manager"),
            ["get", "user", "manager"]
        );
        assert!(matches_word("repos-delete", "repository"));
        assert!(matches_word("/repos/{owner}/{repo}", "repo"));
        assert!(!matches_word("repos-delete", "pos"));
        assert!(!matches_word("a-b", "abc"));
    }

    #[test]
    fn globs_match_names() {
        assert!(glob("list-*", "list-alerts"));
        assert!(glob("*-alert", "get-alert"));
        assert!(glob("get-al?rt", "get-alert"));
        assert!(!glob("list-*", "get-alert"));
        assert!(glob("get-alert", "get-alert"));
    }
}
