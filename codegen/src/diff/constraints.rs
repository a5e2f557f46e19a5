//! What a schema allows beyond its type: bounds and patterns, `format`,
//! `nullable`, `readOnly` and `writeOnly`. A request that allows less than
//! before breaks the callers who sent what it no longer takes; a response
//! that allows more breaks nobody unless the Rust type changes with it.

use serde_json::Value;

use super::schema::Site;
use super::{ChangeKind, Sink, Verdict};

/// Which way a larger value of a bound goes.
#[derive(Clone, Copy)]
enum Bound {
    /// A floor (`minimum`, `minLength`): raising it allows less.
    Lower,
    /// A ceiling (`maximum`, `maxLength`): lowering it allows less.
    Upper,
}

/// The keywords that bound a value, each with the way it goes.
const BOUNDS: [(&str, Bound); 8] = [
    ("minimum", Bound::Lower),
    ("exclusiveMinimum", Bound::Lower),
    ("maximum", Bound::Upper),
    ("exclusiveMaximum", Bound::Upper),
    ("minLength", Bound::Lower),
    ("maxLength", Bound::Upper),
    ("minItems", Bound::Lower),
    ("maxItems", Bound::Upper),
];

/// Every change to what the schema at `site` allows, besides its type,
/// enum values and fields.
pub(super) fn constraints(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    for (keyword, bound) in BOUNDS {
        if let Some(tightened) = bound_change(old.get(keyword), new.get(keyword), bound) {
            let message = format!(
                "{}: {keyword} {} (was {})",
                site.what,
                shown(new.get(keyword)),
                shown(old.get(keyword))
            );
            bounded(tightened, message, site, sink);
        }
    }
    pattern(old, new, site, sink);
    format(old, new, site, sink);
    nullable(old, new, site, sink);
    access(old, new, site, sink);
}

/// A keyword's value as messages show it, `none` when absent.
fn shown(value: Option<&Value>) -> String {
    value.map_or("none".to_string(), Value::to_string)
}

/// Whether a bound's change allows less (`Some(true)`) or more
/// (`Some(false)`); `None` when it did not change. OpenAPI 3.0's boolean
/// `exclusiveMinimum` allows less when it becomes true.
fn bound_change(old: Option<&Value>, new: Option<&Value>, bound: Bound) -> Option<bool> {
    match (old, new) {
        (None, None) => None,
        (a, b) if a == b => None,
        (None, Some(Value::Bool(false))) | (Some(Value::Bool(false)), None) => None,
        (_, Some(Value::Bool(b))) => Some(*b),
        (Some(Value::Bool(b)), _) => Some(!*b),
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) => {
            let (a, b) = (a.as_f64()?, b.as_f64()?);
            Some(match bound {
                Bound::Lower => b > a,
                Bound::Upper => b < a,
            })
        }
    }
}

/// A change that allows less (`tightened`) or more: breaking only for a
/// request that allows less.
fn bounded(tightened: bool, message: String, site: &Site, sink: &mut Sink) {
    let (kind, label) = if tightened {
        (ChangeKind::ConstraintTightened, "allows less")
    } else {
        (ChangeKind::ConstraintLoosened, "allows more")
    };
    let breaks = tightened && site.request();
    sink.push(
        kind,
        site.at,
        Verdict::new(breaks, breaks),
        format!("{message}: {label}"),
    );
}

/// A pattern added or changed may refuse values the old one took; one
/// removed refuses nothing.
fn pattern(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    let (was, is) = (old.get("pattern"), new.get("pattern"));
    if was == is {
        return;
    }
    let message = format!("{}: pattern {} (was {})", site.what, shown(is), shown(was));
    bounded(is.is_some(), message, site, sink);
}

/// The Rust type a primitive schema takes, as far as `format` decides it
/// (the generator's mapping in `model/schema/convert.rs`).
fn rust_type(schema: &Value) -> &'static str {
    let format = schema.get("format").and_then(Value::as_str);
    match (schema.get("type").and_then(Value::as_str), format) {
        (Some("integer"), Some("int32")) => "i32",
        (Some("integer"), _) => "i64",
        (Some("number"), Some("float")) => "f32",
        (Some("number"), _) => "f64",
        (Some("string"), Some("binary")) => "file",
        _ => "other",
    }
}

/// A new `format`: a request's server may refuse values it took (a format
/// added or changed); the client breaks where the Rust type changes.
fn format(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    let (was, is) = (old.get("format"), new.get("format"));
    if was == is {
        return;
    }
    let retyped = rust_type(old) != rust_type(new);
    let refuses = site.request() && is.is_some();
    sink.push(
        ChangeKind::FormatChanged,
        site.at,
        Verdict::new(retyped || refuses, refuses),
        format!("{}: format {} (was {})", site.what, shown(is), shown(was)),
    );
}

/// `nullable` changed: a request that no longer takes null refuses
/// callers who sent it; a value that is not already optional changes its
/// Rust type (`T` and `Option<T>`) either way.
fn nullable(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    let flag = |v: &Value| v.get("nullable").and_then(Value::as_bool).unwrap_or(false);
    let (was, is) = (flag(old), flag(new));
    if was == is {
        return;
    }
    let refuses = site.request() && was;
    let retyped = !site.optional;
    let what = if is {
        "may now be null"
    } else {
        "may no longer be null"
    };
    sink.push(
        ChangeKind::NullableChanged,
        site.at,
        Verdict::new(refuses || retyped, refuses),
        format!("{}: {what}", site.what),
    );
}

/// `readOnly` or `writeOnly` newly set: a request field the server now
/// only writes is refused from callers, a response field it now only reads
/// is no longer returned to them.
fn access(old: &Value, new: &Value, site: &Site, sink: &mut Sink) {
    for (keyword, kind, lost_in_request) in [
        ("readOnly", ChangeKind::ReadOnlyChanged, true),
        ("writeOnly", ChangeKind::WriteOnlyChanged, false),
    ] {
        let flag = |v: &Value| v.get(keyword).and_then(Value::as_bool).unwrap_or(false);
        let (was, is) = (flag(old), flag(new));
        if was == is {
            continue;
        }
        let breaks = is && site.request() == lost_in_request;
        sink.push(
            kind,
            site.at,
            Verdict::new(breaks, breaks && site.request()),
            format!(
                "{}: {keyword} is now {is}{}",
                site.what,
                if breaks { " (callers lose it)" } else { "" }
            ),
        );
    }
}
