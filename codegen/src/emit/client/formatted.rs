//! An operation's request struct, setters and `runtime::Operation` impl as
//! formatted text ([`crate::write::preformatted`]), the same bytes their
//! tokens would format to; `None` where a line would not fit as written
//! here, and the emitter's tokens are formatted instead.

use proc_macro2::{Ident, TokenStream};

use super::{Input, OperationImpl};
use crate::emit::consts::Const;
use crate::emit::lexed;
use crate::model::Operation;
use crate::text::rustdoc;
use crate::write::preformatted::Lines;

pub(super) use crate::write::preformatted::{item, member};

/// The request struct: its doc, derives, clap attributes and one field per
/// input.
pub(super) fn request_struct(
    op: &Operation,
    inputs: &[Input],
    command: &str,
    default: bool,
) -> Option<String> {
    let mut lines = Lines::default();
    lines.docs(0, &rustdoc(&op.docs.long_about))?;
    lines.line(
        0,
        match default {
            true => "#[derive(Debug, Clone, PartialEq, Default)]",
            false => "#[derive(Debug, Clone, PartialEq)]",
        },
    )?;
    lines.attr_text(0, command)?;
    lines.line(0, "#[non_exhaustive]")?;
    let name = &op.names.type_name;
    if inputs.is_empty() {
        lines.line(0, &format!("pub struct {name} {{}}"))?;
        return Some(lines.finish());
    }
    lines.line(0, &format!("pub struct {name} {{"))?;
    for input in inputs {
        if let Some(doc) = &input.doc {
            lines.docs(1, &rustdoc(doc))?;
        }
        if let Some(arg) = &input.arg {
            lines.attr_text(1, arg)?;
        }
        let prefix = format!("pub {}: ", input.field);
        let declared = input.ty.declared();
        lines.ty_text(1, &prefix, &declared, ",", || lexed(&declared))?;
    }
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// `crate::runtime::request_setters!(Name { /// doc\n field: Type, ... });`
/// laid out as `write` lays out the call.
pub(super) fn setters(name: &Ident, inputs: &[Input]) -> Option<String> {
    let mut lines = Lines::default();
    lines.line(0, &format!("crate::runtime::request_setters!({name} {{"))?;
    for input in inputs.iter().filter(|i| i.ty.optional) {
        lines.setter(1, &rustdoc(&input.summary), &input.field, &input.ty.inner)?;
    }
    lines.line(0, "});")?;
    Some(lines.finish())
}

/// The typed client method, in its impl block (one step in).
pub(super) fn method(op: &Operation, inputs: &[Input], default: bool) -> Option<String> {
    let mut lines = Lines::default();
    lines.docs(1, &rustdoc(&op.method_doc()))?;
    if op.docs.deprecated {
        lines.line(
            1,
            &format!("#[deprecated = {:?}]", super::DEPRECATED_OPERATION),
        )?;
    }
    let (method, name) = (&op.names.fn_name, &op.names.type_name);
    let required: Vec<&Input> = inputs.iter().filter(|i| !i.ty.optional).collect();
    let mut params = vec!["&self".to_string()];
    for input in &required {
        params.push(format!("{}: impl Into<{}>", input.field, input.ty.inner));
    }
    let returns = format!(") -> Builder<'_, {name}> {{");
    let signature = format!("pub fn {method}({}{returns}", params.join(", "));
    if lines.line(1, &signature).is_none() {
        lines.line(1, &format!("pub fn {method}("))?;
        lines.list(2, &params)?;
        lines.line(1, &returns)?;
    }
    if !default {
        lines.expression(2, &super::method_body(&name_ident(op), inputs, default))?;
    } else if required.is_empty() {
        lines.line(2, &format!("Builder::new(self, {name}::default())"))?;
    } else {
        lines.line(2, &format!("let mut request = {name}::default();"))?;
        for input in &required {
            lines.line(2, &format!("request.{0} = {0}.into();", input.field))?;
        }
        lines.line(2, "Builder::new(self, request)")?;
    }
    lines.line(1, "}")?;
    Some(lines.finish())
}

fn name_ident(op: &Operation) -> Ident {
    crate::naming::ident(&op.names.type_name)
}

impl OperationImpl<'_> {
    /// The impl as formatted text.
    pub(super) fn text(&self) -> Option<String> {
        let mut lines = Lines::default();
        lines.line(0, &format!("impl runtime::Operation for {} {{", self.name))?;
        lines.tokens(1, "type Output = ", &self.output, ";")?;
        lines.tokens(1, "type Error = ", &self.error, ";")?;
        for constant in &self.consts {
            match constant {
                Const::Text(text) => lines.statement_text(1, text)?,
                Const::Tokens(tokens) => lines.statements(1, tokens)?,
            }
        }
        lines.line(1, "fn request(&self) -> runtime::Request {")?;
        if self.build.declines {
            return None;
        }
        lines.chain_text(2, &self.build.calls)?;
        lines.line(1, "}")?;
        lines.line(
            1,
            "fn decode(response: &runtime::Response) -> runtime::Decoded<Self> {",
        )?;
        lines.expression(2, &self.decode)?;
        lines.line(1, "}")?;
        lines.line(0, "}")?;
        Some(lines.finish())
    }
}

/// `impl runtime::Paginated for Name { type Item = Item; }`, on its lines.
pub(super) fn paginated(name: &Ident, item: &TokenStream) -> Option<String> {
    let mut lines = Lines::default();
    lines.line(0, &format!("impl runtime::Paginated for {name} {{"))?;
    lines.tokens(1, "type Item = ", item, ";")?;
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// The `impl` block of the client's methods, given each one's text: `None`
/// when one has none, or there is none.
pub(super) fn methods_block<'a>(texts: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    const HEAD: &str = "\
/// One method per operation, taking its required inputs: set the
/// optional ones on the returned builder, then `send()` it.
#[allow(clippy::field_reassign_with_default)]
impl runtime::Client {
";
    let texts: Vec<&str> = texts.collect::<Option<_>>()?;
    (!texts.is_empty()).then(|| [HEAD, &texts.concat(), "}\n"].concat())
}
