//! A JSON body as people type it: `--body` (inline, `@file` or `-`), then
//! shorthand arguments (`name:x tags[]:y a.b:1`), then a flag per
//! top-level field (`--name x`), merged in that order, each overriding the
//! one before. The merged body is checked against the body type (and the
//! fields a closed body allows), but what is sent is what was written:
//! fields the spec does not name, numbers as spelled, key order. `--raw`
//! skips the checks, for when the spec is wrong.
//!
//! The flags, their help and where the body holds strings come from the
//! command catalog the generator writes (`commands.json`): the texts and
//! names are the model's, decided once.

use std::any::Any;
use std::marker::PhantomData;
use std::sync::Mutex;

use clap::ArgMatches;
use serde_json::Value;

use super::shorthand::{self, Assignment, Step};
pub(super) use spec::help_texts;
use spec::{body_args, spec, BodySpec};

mod shape;
use shape::check_closed;
mod spec;
mod splice;
use crate::runtime::Operation;

/// The group of a required body's inputs, one of which must be given.
pub(super) const BODY_GIVEN: &str = "body-given";

/// A generated crate's command catalog, where [`WithBody`] finds its
/// command's body flags.
pub trait CatalogText {
    /// The catalog (`commands.json`).
    const TEXT: &'static str;
}

/// A command whose request has a JSON body: the request's own arguments
/// (`R`, whose `body` field takes the merged body of type `B`), the body's
/// flags and shorthand, and the runtime's options (`X`).
#[derive(Debug, Clone)]
pub struct WithBody<R, B, X, C> {
    /// The request, its body merged from the command line.
    pub request: R,
    /// The runtime's own options.
    pub options: X,
    body: PhantomData<fn() -> (B, C)>,
}

/// The id of the shorthand arguments and the prefixes of the field flags'
/// ids (`body:name`, `body[]:tags` for a repeatable one).
const SHORTHAND: &str = "body-fields";
const FIELD: &str = "body:";
const LIST_FIELD: &str = "body[]:";

/// The `--help` section of the body's flags.
const HEADING: &str = "Body";

impl<R, B, X, C> clap::FromArgMatches for WithBody<R, B, X, C>
where
    R: clap::Args + Operation,
    B: serde::de::DeserializeOwned + Send + 'static,
    X: clap::Args,
    C: CatalogText,
{
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        let mut given = Given::take(matches);
        if given.spec.is_none() {
            given.spec = super::help::current_command().map(|name| spec(C::TEXT, &name));
        }
        let (body, bytes) = given.merge::<B>(R::CLOSED_BODY).map_err(|message| {
            clap::Error::raw(clap::error::ErrorKind::ValueValidation, message)
        })?;
        keep(Box::new(body), bytes);
        Ok(WithBody {
            request: R::from_arg_matches_mut(matches)?,
            options: X::from_arg_matches_mut(matches)?,
            body: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<R, B, X, C> clap::Args for WithBody<R, B, X, C>
where
    R: clap::Args + Operation,
    B: serde::de::DeserializeOwned + Send + 'static,
    X: clap::Args,
    C: CatalogText,
{
    fn augment_args(command: clap::Command) -> clap::Command {
        let command = R::augment_args(command);
        let spec = spec(C::TEXT, command.get_name());
        X::augment_args(body_args(command, spec))
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// The merged body of the command being parsed, and the bytes to send.
type Kept = (Option<Box<dyn Any + Send>>, Option<Vec<u8>>);
static KEPT: Mutex<Kept> = Mutex::new((None, None));

/// The deprecated body-field flags the command line used (`--job-function`).
static DEPRECATED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The deprecated body-field flags given, once.
pub(super) fn deprecated_flags() -> Vec<String> {
    DEPRECATED
        .lock()
        .map(|mut used| std::mem::take(&mut *used))
        .unwrap_or_default()
}

fn keep(body: Box<dyn Any + Send>, bytes: Option<Vec<u8>>) {
    if let Ok(mut kept) = KEPT.lock() {
        *kept = (Some(body), bytes);
    }
}

/// The body [`WithBody`] merged, for the request's `body` field (the
/// generated request structs read it so with the `cli` feature).
pub fn take_body<B: 'static>() -> Result<B, clap::Error> {
    let body = KEPT.lock().ok().and_then(|mut kept| kept.0.take());
    match body.map(|b| b.downcast::<B>()) {
        Some(Ok(body)) => Ok(*body),
        _ => Err(clap::Error::raw(
            clap::error::ErrorKind::MissingRequiredArgument,
            "this command's body was not read: its arguments are runtime::cli::WithBody\n",
        )),
    }
}

/// The JSON body to send as written, once [`WithBody`] has checked it.
pub(super) fn written_body() -> Option<Vec<u8>> {
    KEPT.lock().ok()?.1.take()
}

/// `--body` as written, and as JSON.
#[derive(Debug, Clone)]
struct Written {
    spec: &'static BodySpec,
    bytes: Vec<u8>,
    value: Value,
}

impl Written {
    fn read(raw: &str, spec: &'static BodySpec) -> Result<Self, String> {
        let bytes = super::super::value::read_body(raw)?;
        let value = serde_json::from_slice(&bytes).map_err(|e| format!("not valid JSON: {e}"))?;
        let bytes = bytes.trim_ascii().to_vec();
        Ok(Written { spec, bytes, value })
    }
}

/// One shorthand argument, parsed.
#[derive(Debug, Clone)]
struct Shorthand(&'static BodySpec, Vec<Assignment>);

/// The value of a field flag.
#[derive(Debug, Clone)]
struct FieldValue(&'static BodySpec, Value);

/// Everything the command line gave for the body.
struct Given {
    /// The command's body spec, when anything was given.
    spec: Option<&'static BodySpec>,
    written: Option<Written>,
    shorthand: Vec<Assignment>,
    flags: Vec<(String, Value)>,
    raw: bool,
}

impl Given {
    fn take(matches: &mut ArgMatches) -> Given {
        let written = matches.remove_one::<Written>("body");
        let mut spec = written.as_ref().map(|w| w.spec);
        let mut shorthand = Vec::new();
        for Shorthand(of, fields) in matches
            .remove_many::<Shorthand>(SHORTHAND)
            .into_iter()
            .flatten()
        {
            spec = Some(of);
            shorthand.extend(fields);
        }
        let raw = matches.remove_one::<bool>("raw").unwrap_or(false);
        let ids: Vec<String> = matches
            .ids()
            .map(|id| id.as_str().to_string())
            .filter(|id| id.starts_with(FIELD) || id.starts_with(LIST_FIELD))
            .collect();
        let mut flags = Vec::new();
        for id in ids {
            let (field, values) = match id.strip_prefix(LIST_FIELD) {
                Some(field) => (field, matches.remove_many::<FieldValue>(&id)),
                None => (&id[FIELD.len()..], matches.remove_many::<FieldValue>(&id)),
            };
            let values: Vec<FieldValue> = values.into_iter().flatten().collect();
            spec = values.first().map(|v| v.0).or(spec);
            let mut values = values.into_iter().map(|v| v.1);
            let value = match id.starts_with(LIST_FIELD) {
                true => Value::Array(values.collect()),
                false => match values.next() {
                    Some(value) => value,
                    None => continue,
                },
            };
            flags.push((field.to_string(), value));
        }
        // A deprecated field's flag: warned about when the command runs.
        for (field, _) in &flags {
            let flag =
                spec.and_then(|s| s.flags.iter().find(|f| f.field.as_deref() == Some(field)));
            if let (Some(flag), Ok(mut used)) = (flag.filter(|f| f.deprecated), DEPRECATED.lock()) {
                used.push(flag.name.clone());
            }
        }
        Given {
            spec,
            written,
            shorthand,
            flags,
            raw,
        }
    }

    /// The typed body and the bytes to send (none for no body).
    fn merge<B: serde::de::DeserializeOwned>(
        self,
        closed: Option<&[&str]>,
    ) -> Result<(B, Option<Vec<u8>>), String> {
        let only_written = self.shorthand.is_empty() && self.flags.is_empty();
        if super::edit::editing() {
            // The body comes from the editor; the request needs a value of
            // its type meanwhile.
            if self.written.is_some() || !only_written {
                return Err("edit takes the body from the editor: give no --body, body field flags or FIELD:VALUE arguments".into());
            }
            let typed = super::placeholder::stand_in::<B>(&Value::Object(Default::default()))?;
            return Ok((typed, None));
        }
        let mut body = match &self.written {
            Some(written) => written.value.clone(),
            // Nothing given, where clap allows it: no body.
            None if only_written => {
                return serde_json::from_value::<B>(Value::Null)
                    .map(|none| (none, None))
                    .map_err(|_| self.nothing_given());
            }
            None => Value::Null,
        };
        let sets = assemble(&mut body, &self.shorthand, &self.flags)?;
        let typed = if self.raw {
            super::placeholder::stand_in::<B>(&body).map_err(|e| {
                format!("--raw: this command cannot send a body of that shape ({e})")
            })?
        } else {
            // The type first (a wrong value is named where it is); where it
            // is only a missing field, or the body fits, the shape says
            // more: every missing field, a name close to a known one, an
            // enum's values.
            let flag = |field: &str| {
                let flags = self.spec.map_or(&[][..], |s| &s.flags[..]);
                let found = flags.iter().find(|f| f.field.as_deref() == Some(field));
                found.map(|f| f.name.clone())
            };
            let shape = |body: &Value| match self.spec.map(|s| s.shape.check(body, &flag)) {
                Some(Err(why)) => Err(format!("{why} (--raw sends the body unchecked)")),
                _ => Ok(()),
            };
            let typed = match serde_path_to_error::deserialize::<_, B>(&body) {
                Ok(typed) => typed,
                Err(e) if e.inner().to_string().starts_with("missing field") => {
                    shape(&body)?;
                    return Err(self.invalid(&e));
                }
                Err(e) => return Err(self.invalid(&e)),
            };
            shape(&body)?;
            check_closed(&body, closed)?;
            typed
        };
        let bytes = match &self.written {
            Some(written) if only_written => written.bytes.clone(),
            written => body_bytes(written.as_ref().map(|w| &w.bytes[..]), &body, &sets),
        };
        Ok((typed, Some(bytes)))
    }

    /// Why a command that needs a body got none, naming the fields to give.
    fn nothing_given(&self) -> String {
        let top: Vec<&str> = self
            .spec
            .map(|s| &s.shape.required_fields[..])
            .unwrap_or_default()
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| !p.contains(['.', '[', '*']))
            .collect();
        match top.is_empty() {
            true => "this command needs a body: give --body JSON, field flags or FIELD:VALUE arguments".into(),
            false => format!(
                "this command needs a body: give --body JSON, or its required fields {} as FIELD:VALUE or field flags",
                top.join(", ")
            ),
        }
    }

    /// Why the body does not fit its type, naming where, and the flag of
    /// a missing field.
    fn invalid(&self, error: &serde_path_to_error::Error<serde_json::Error>) -> String {
        let inner = plain_types(&error.inner().to_string());
        let path = error.path().to_string();
        let mut message = match path.as_str() {
            "." => format!("the body is not valid for this command: {inner}"),
            _ => format!("the body field {path} is not valid: {inner}"),
        };
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        if let (Some(field), ".") = (missing, path.as_str()) {
            let flag = self.spec.and_then(|spec| {
                spec.flags
                    .iter()
                    .find(|f| f.field.as_deref() == Some(field))
            });
            match flag {
                Some(flag) => message.push_str(&format!(" (give {})", flag.name)),
                None => message.push_str(&format!(" (give {field}:VALUE, or put it in --body)")),
            }
        }
        message.push_str("; --raw sends the body unchecked");
        message
    }
}

/// serde's message with the Rust names of generated types replaced by
/// what they are in JSON (`expected struct MetricConfig`: an object), and
/// its position in the text dropped.
fn plain_types(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find("expected ") {
        out.push_str(&rest[..at + "expected ".len()]);
        rest = &rest[at + "expected ".len()..];
        for (rust, plain) in [
            ("struct ", "an object"),
            ("enum ", "one of its allowed values"),
            ("tuple struct ", "a value"),
        ] {
            if let Some(after) = rest.strip_prefix(rust) {
                out.push_str(plain);
                rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
                break;
            }
        }
    }
    out.push_str(rest);
    if out.contains("did not match any variant of untagged enum") {
        return "the value matches none of the shapes the spec allows".into();
    }
    out.replace("a sequence", "a list")
        .replace("a map", "an object")
}

/// Where a value went in the body, with its JSON text as written.
pub(super) type Placed = (Vec<Step>, Option<String>);

/// Puts each shorthand field, then each field flag, into `body`. Where
/// each went, with its JSON text as written, in that order (for
/// [`splice::spliced`]). An error names the field.
pub(super) fn assemble(
    body: &mut Value,
    shorthand: &[Assignment],
    flags: &[(String, Value)],
) -> Result<Vec<Placed>, String> {
    let mut sets = Vec::new();
    for field in shorthand {
        let shown = shorthand::show_path(&field.path);
        if field.path.len() > MAX_DEPTH {
            return Err(format!(
                "the body field {shown}: nested deeper than {MAX_DEPTH} levels"
            ));
        }
        shorthand::assign(body, &field.path, field.value.clone())
            .map_err(|e| format!("the body field {shown}: {e}"))?;
        sets.push((field.path.clone(), field.raw.clone()));
    }
    for (field, value) in flags {
        let path = vec![Step::Key(field.clone())];
        shorthand::assign(body, &path, value.clone())?;
        sets.push((path, None));
    }
    if depth(body) > MAX_DEPTH {
        return Err(format!(
            "the body is nested deeper than {MAX_DEPTH} levels, more than JSON readers take"
        ));
    }
    Ok(sets)
}

/// The deepest nesting a body may have: what serde_json reads (and so do
/// many servers).
const MAX_DEPTH: usize = 127;

/// How deeply `value` nests: 0 for a scalar, one more for each object or
/// list around it.
fn depth(value: &Value) -> usize {
    let inner = match value {
        Value::Object(map) => map.values().map(depth).max(),
        Value::Array(items) => items.iter().map(depth).max(),
        _ => return 0,
    };
    1 + inner.unwrap_or(0)
}

/// The bytes of `body` as [`splice::spliced`] writes them.
pub(super) fn body_bytes(written: Option<&[u8]>, body: &Value, sets: &[Placed]) -> Vec<u8> {
    let sets: Vec<splice::Set<'_>> = sets
        .iter()
        .map(|(path, raw)| splice::Set {
            path,
            raw: raw.as_deref(),
        })
        .collect();
    let text = written.and_then(|w| std::str::from_utf8(w).ok());
    splice::spliced(text, body, &sets).into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_type_names_never_reach_a_user() {
        assert_eq!(
            super::plain_types(
                "invalid type: string \"x\", expected struct MetricConfig at line 1 column 3"
            ),
            "invalid type: string \"x\", expected an object"
        );
        assert_eq!(
            super::plain_types("invalid type: integer `1`, expected a sequence"),
            "invalid type: integer `1`, expected a list"
        );
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn a_closed_body_refuses_other_fields() {
        let body = json!({"name": "x", "extra": 1});
        let error = check_closed(&body, Some(&["name"])).unwrap_err();
        assert!(
            error.contains("'extra'") && error.contains("--raw"),
            "{error}"
        );
        assert!(check_closed(&body, None).is_ok());
    }

    fn set(path: &str, value: &str) -> Result<Value, String> {
        let fields = shorthand::parse(&format!("{path}:{value}"), &[])?;
        let mut body = Value::Null;
        assemble(&mut body, &fields, &[])?;
        Ok(body)
    }

    /// A body JSON readers refuse is refused before it is sent (the body
    /// fuzz target sent one 130 levels deep, then one 128 deep).
    #[test]
    fn a_body_nested_deeper_than_readers_take_is_refused() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH)).is_ok());
        assert!(serde_json::from_str::<Value>(&nested(MAX_DEPTH + 1)).is_err());
        let path = |n: usize| vec!["a"; n].join(".");
        let sent = set(&path(MAX_DEPTH), "1").unwrap();
        let text = serde_json::to_string(&sent).unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_ok());
        let error = set(&path(MAX_DEPTH + 1), "1").unwrap_err();
        assert!(error.contains("deeper than 127 levels"), "{error}");
        let deep_value = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let error = set(&path(100), &deep_value).unwrap_err();
        assert!(error.contains("the body is nested deeper"), "{error}");
    }
}
