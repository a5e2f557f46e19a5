//! Where a change sits in the spec's text: the line of the node its JSON
//! pointer names, in YAML or JSON (parsed by saphyr, which keeps each
//! node's position).
//!
//! A change's pointer follows the model, not always the text: a field of a
//! request body is `.../requestBody/properties/name` though the text has
//! `content` and a `$ref` in between, and a parameter is named by its name
//! (`.../parameters/limit`), not by its index. The walk takes those steps
//! itself: through `$ref`s in the same document, into a body's or a
//! parameter's schema, to a list's item by its `name`. Where a step still
//! finds nothing, the line is the deepest node found.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser};
use serde::Serialize;

/// A parsed spec that knows its nodes' lines.
pub struct Lines {
    root: Node,
}

/// One node of the text, with the line (1-based) it starts on: for a
/// mapping's value, its key's line.
#[derive(Debug)]
struct Node {
    line: usize,
    value: Value,
}

#[derive(Debug)]
enum Value {
    Scalar(String),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
}

/// A place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The file as given on the command line.
    pub file: String,
    /// The line, 1-based.
    pub line: usize,
}

/// How many `$ref`s one walk follows before it gives up (a cycle).
const MAX_REFS: usize = 32;

impl Lines {
    /// Parses `text`; `None` when it is not YAML or JSON (the model's
    /// loader has already said why).
    pub fn parse(text: &str) -> Option<Lines> {
        let mut builder = Builder::default();
        for event in Parser::new_from_str(text) {
            let (event, span) = event.ok()?;
            builder.event(event, span.start.line());
        }
        builder.root.map(|root| Lines { root })
    }

    /// The line of the node at `pointer` (`#/paths/~1items/get`), or of the
    /// deepest node on its way.
    pub fn line(&self, pointer: &str) -> usize {
        let tokens: Vec<String> = pointer
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(crate::error::unescape_token)
            .collect();
        let mut node = &self.root;
        let mut refs = 0;
        let mut rest = &tokens[..];
        while let Some((token, after)) = rest.split_first() {
            if let Some(next) = self.step(node, token) {
                node = next;
                rest = after;
                continue;
            }
            match self.detour(node) {
                Some(next) if refs < MAX_REFS => {
                    refs += 1;
                    node = next;
                }
                _ => break,
            }
        }
        node.line
    }

    /// The child `token` names: a key, a list index, or a list item whose
    /// `name` is `token` (a parameter).
    fn step<'a>(&self, node: &'a Node, token: &str) -> Option<&'a Node> {
        match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == token).map(|(_, v)| v),
            Value::List(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)).or_else(|| {
                items.iter().find(|item| {
                    matches!(self.get(item, "name"), Some(Node { value: Value::Scalar(n), .. }) if n == token)
                })
            }),
            Value::Scalar(_) => None,
        }
    }

    /// Where a walk goes on when the next token is not a child: the node a
    /// `$ref` names, a body's or response's first schema, a parameter's schema.
    fn detour<'a>(&'a self, node: &'a Node) -> Option<&'a Node> {
        if let Some(Node {
            value: Value::Scalar(reference),
            ..
        }) = self.get(node, "$ref")
        {
            let reference = reference.strip_prefix('#')?;
            return self.at(reference);
        }
        if let Some(Node {
            value: Value::Map(media),
            ..
        }) = self.get(node, "content")
        {
            return media.first().and_then(|(_, m)| self.get(m, "schema"));
        }
        self.get(node, "schema")
    }

    /// A mapping's value for `key`.
    fn get<'a>(&self, node: &'a Node, key: &str) -> Option<&'a Node> {
        match &node.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a plain JSON pointer (no detours), for `$ref`s.
    fn at(&self, pointer: &str) -> Option<&Node> {
        let mut node = &self.root;
        for token in pointer.split('/').skip(1) {
            let token = crate::error::unescape_token(token);
            node = self.step(node, &token)?;
        }
        Some(node)
    }
}

/// Builds the node tree from saphyr's events.
#[derive(Default)]
struct Builder {
    /// Open collections, each with the key its value waits for (maps).
    stack: Vec<Open>,
    root: Option<Node>,
}

struct Open {
    node: Node,
    /// A map's key read, and its line, waiting for its value.
    key: Option<(String, usize)>,
}

impl Builder {
    fn event(&mut self, event: Event, line: usize) {
        match event {
            Event::Scalar(text, ..) => self.scalar(text, line),
            Event::Alias(_) => self.scalar(Cow::Borrowed(""), line),
            Event::MappingStart(..) => self.open(Value::Map(Vec::new()), line),
            Event::SequenceStart(..) => self.open(Value::List(Vec::new()), line),
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(open) = self.stack.pop() {
                    self.add(open.node);
                }
            }
            _ => {}
        }
    }

    /// A scalar: a map's key, or a value.
    fn scalar(&mut self, text: Cow<str>, line: usize) {
        if let Some(open) = self.stack.last_mut() {
            if matches!(open.node.value, Value::Map(_)) && open.key.is_none() {
                open.key = Some((text.into_owned(), line));
                return;
            }
        }
        self.add(Node {
            line,
            value: Value::Scalar(text.into_owned()),
        });
    }

    /// A collection starts: its line is its key's where it is a map's value.
    fn open(&mut self, value: Value, line: usize) {
        let line = match self.stack.last() {
            Some(Open {
                key: Some((_, key_line)),
                ..
            }) => *key_line,
            _ => line,
        };
        self.stack.push(Open {
            node: Node { line, value },
            key: None,
        });
    }

    /// A finished node goes to its parent (or becomes the root).
    fn add(&mut self, mut node: Node) {
        let Some(open) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut open.node.value {
            Value::Map(entries) => match open.key.take() {
                Some((key, line)) => {
                    node.line = line;
                    entries.push((key, node));
                }
                // A complex key (a collection): kept out of the tree.
                None => open.key = Some((String::new(), node.line)),
            },
            Value::List(items) => items.push(node),
            Value::Scalar(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
openapi: 3.0.3
paths:
  /items:
    post:
      parameters:
        - name: limit
          in: query
          schema: {type: integer}
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Item'
components:
  schemas:
    Item:
      properties:
        name:
          type: string
";

    #[test]
    fn pointers_find_their_lines_through_refs_bodies_and_named_parameters() {
        let lines = Lines::parse(YAML).unwrap();
        assert_eq!(lines.line("#/paths/~1items/post"), 4);
        assert_eq!(lines.line("#/paths/~1items/post/parameters/limit"), 6);
        assert_eq!(lines.line("#/paths/~1items/post/parameters/0"), 6);
        assert_eq!(
            lines.line("#/paths/~1items/post/requestBody/properties/name"),
            18
        );
        // Not there: the deepest node found.
        assert_eq!(lines.line("#/paths/~1items/post/responses/200"), 4);
        assert_eq!(lines.line("#/paths/~1gone/get"), 2);
    }

    #[test]
    fn json_has_lines_too() {
        let json = "{\n  \"paths\": {\n    \"/items\": {\n      \"get\": {}\n    }\n  }\n}\n";
        let lines = Lines::parse(json).unwrap();
        assert_eq!(lines.line("#/paths/~1items/get"), 4);
        assert_eq!(Lines::parse("a: [").map(|_| ()), None);
    }
}
