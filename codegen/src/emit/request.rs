//! How a generated request is sent: the runtime `Request` built from the
//! request struct's fields, each parameter in its place and the body in its
//! encoding.
//!
//! The chain of calls is made as text, each call and argument spelled as
//! its tokens are on one line (`Lines::chain_text` lays it out); its tokens
//! are lexed from that text where they are needed.

use super::lit_text;
use crate::model::{BodyKind, Operation, Param, ParamLocation, ParamStyle, PathPart, TypeRef};

/// One call of the chain: its path (`runtime::Request::new`, `.query`) and
/// its arguments, each spelled.
pub struct Call {
    pub path: String,
    pub args: Vec<Arg>,
}

/// An argument of a [`Call`], spelled; a lone literal cannot break.
pub struct Arg {
    pub text: String,
    pub literal: bool,
}

/// The request's chain of calls.
pub struct Chain {
    pub calls: Vec<Call>,
    /// A call holds a struct expression too wide for one line
    /// (`runtime::PathStyle::Label { explode: true }`): prettyplease lays
    /// the chain out, from its tokens.
    pub declines: bool,
}

impl Call {
    fn new(path: impl Into<String>, args: Vec<Arg>) -> Self {
        Call {
            path: path.into(),
            args,
        }
    }

    /// The call on one line.
    pub fn text(&self) -> String {
        let args: Vec<&str> = self.args.iter().map(|a| a.text.as_str()).collect();
        format!("{}({})", self.path, args.join(", "))
    }
}

impl Chain {
    /// The chain on one line.
    pub fn text(&self) -> String {
        self.calls.iter().map(Call::text).collect()
    }
}

/// A string literal argument.
fn literal(text: &str) -> Arg {
    Arg {
        text: lit_text(text),
        literal: true,
    }
}

/// Any other argument, spelled.
fn arg(text: impl Into<String>) -> Arg {
    Arg {
        text: text.into(),
        literal: false,
    }
}

pub(super) fn build_request(op: &Operation) -> Chain {
    // The spec's template, each placeholder then filled in order: a literal
    // before a placeholder holds no `{`, and filled values are percent-encoded.
    let mut template = String::new();
    let mut fills = Vec::new();
    let mut declines = false;
    for part in &op.path_parts {
        match part {
            PathPart::Literal(text) => template.push_str(text),
            PathPart::Param(index) => {
                let Some(param) = op.param(*index) else {
                    continue;
                };
                template.push_str(&format!("{{{}}}", param.wire));
                let (wire, value) = (literal(&param.wire), arg(value(param)));
                fills.push(match param.style {
                    ParamStyle::Label { explode } | ParamStyle::Matrix { explode } => {
                        declines = true;
                        let style = match param.style {
                            ParamStyle::Label { .. } => "Label",
                            _ => "Matrix",
                        };
                        let style = format!("runtime::PathStyle::{style} {{ explode: {explode} }}");
                        Call::new(".path_styled", vec![wire, value, arg(style)])
                    }
                    _ => Call::new(".path", vec![wire, value]),
                });
            }
        }
    }
    let method = format!("runtime::Method::{}", op.method.as_str());
    let mut calls = vec![Call::new(
        "runtime::Request::new",
        vec![arg(method), literal(&template)],
    )];
    calls.extend(fills);
    calls.extend(op.request_fields().into_iter().filter_map(param_call));
    if let Some(media) = op.accept.as_deref() {
        calls.push(Call::new(".accept", vec![literal(media)]));
    }
    calls.extend(body_call(op));
    Chain { calls, declines }
}

/// A parameter's value as the request takes it: structured values are
/// spelled as JSON; scalars go as they are.
fn value(p: &Param) -> String {
    match p.is_structured() {
        true => format!("&runtime::Json(&self.{})", p.field),
        false => format!("&self.{}", p.field),
    }
}

/// The call that puts a parameter or form part in the request (none for a
/// path parameter, which fills the template).
fn param_call(p: &Param) -> Option<Call> {
    let wire = literal(&p.wire);
    let field = || arg(format!("&self.{}", p.field));
    Some(match p.location {
        // Body fields are flags the CLI merges into the body.
        ParamLocation::Path | ParamLocation::BodyField => return None,
        ParamLocation::Query => match p.style {
            ParamStyle::Form if !p.is_structured() => Call::new(".query", vec![wire, field()]),
            style => Call::new(".query_styled", vec![wire, field(), arg(style_path(style))]),
        },
        ParamLocation::Header => Call::new(".header", vec![wire, arg(value(p))]),
        ParamLocation::Cookie => Call::new(".cookie", vec![wire, arg(value(p))]),
        ParamLocation::Form => match p.ty.non_null() {
            TypeRef::File => match &p.content_type {
                Some(media) => Call::new(".form_file_as", vec![wire, field(), literal(media)]),
                None => Call::new(".form_file", vec![wire, field()]),
            },
            _ => Call::new(".form_text", vec![wire, arg(value(p))]),
        },
    })
}

/// The runtime's `QueryStyle` of a style.
fn style_path(style: ParamStyle) -> String {
    let style = match style {
        ParamStyle::Form => "Form",
        ParamStyle::FormJoined => "FormJoined",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
        // Path styles never reach a query.
        ParamStyle::Label { .. } | ParamStyle::Matrix { .. } => "Form",
    };
    format!("runtime::QueryStyle::{style}")
}

/// The call that sets the request body, or checks a required multipart one.
fn body_call(op: &Operation) -> Option<Call> {
    let body = op.body.as_ref()?;
    let call = match &body.kind {
        BodyKind::Json(_) => ".json",
        BodyKind::UrlEncoded(_) => ".url_encoded",
        BodyKind::Text => ".text",
        BodyKind::Bytes => ".bytes",
        // A required body none of whose parts is required needs one.
        BodyKind::Multipart(_) => {
            let wires = body.parts_needing_one()?.iter().map(|p| p.wire.as_str());
            return Some(Call::new(
                ".require_parts",
                vec![arg(super::str_slice_text(wires))],
            ));
        }
    };
    let value = arg(match body.required {
        true => "Some(&self.body)",
        false => "self.body.as_ref()",
    });
    let media = literal(&body.media_type);
    if !body.styles.is_empty() {
        let styles: Vec<String> = body
            .styles
            .iter()
            .map(|(field, style)| format!("({}, {})", lit_text(field), style_path(*style)))
            .collect();
        let styles = arg(format!("&[{}]", styles.join(", ")));
        return Some(Call::new(".url_encoded_styled", vec![media, value, styles]));
    }
    Some(Call::new(call, vec![media, value]))
}
