//! A named type's struct, string enum and constructor as formatted text
//! ([`crate::write::preformatted`]), the same bytes their tokens would
//! format to; `None` where a line would not fit as written here, and the
//! emitter's tokens are formatted instead.

use std::fmt::Write as _;

use proc_macro2::{Ident, Literal, TokenStream};

use super::{Setter, StructShape, ADDITIONAL_DOC, DEPRECATED_FIELD};
use crate::model::TypeDef;
use crate::text::rustdoc;
use crate::write::preformatted::{type_text, Lines};

/// The `#[cfg]` and doc comment a type's first item starts with.
fn head(lines: &mut Lines, cfg: Option<&str>, doc: Option<&str>) -> Option<()> {
    if let Some(cfg) = cfg {
        lines.attr_text(0, cfg)?;
    }
    match doc {
        Some(doc) => lines.docs(0, &rustdoc(doc)),
        None => Some(()),
    }
}

impl StructShape<'_> {
    /// The struct and its `serde_fields!` call as formatted text.
    pub(super) fn text(&self) -> Option<String> {
        let mut lines = Lines::default();
        head(&mut lines, self.cfg, self.doc)?;
        lines.line(
            0,
            match self.default {
                true => "#[derive(Debug, Clone, PartialEq, Default)]",
                false => "#[derive(Debug, Clone, PartialEq)]",
            },
        )?;
        lines.line(0, "#[non_exhaustive]")?;
        if self.fields.is_empty() && self.additional.is_none() {
            lines.line(0, &format!("pub struct {} {{}}", self.name))?;
        } else {
            self.body(&mut lines)?;
        }
        if let Some(cfg) = self.cfg {
            lines.attr_text(0, cfg)?;
        }
        lines.push(0, &self.call());
        Some(lines.finish())
    }

    /// The struct's braces and fields.
    fn body(&self, lines: &mut Lines) -> Option<()> {
        lines.line(0, &format!("pub struct {} {{", self.name))?;
        for shape in &self.fields {
            let field = shape.field;
            if let Some(doc) = &field.doc {
                lines.docs(1, &rustdoc(doc))?;
            }
            if field.deprecated {
                lines.line(1, &format!("#[deprecated = {:?}]", DEPRECATED_FIELD))?;
            }
            let prefix = format!("pub {}: ", field.name);
            lines.ty_text(1, &prefix, &shape.ty, ",", || crate::emit::lexed(&shape.ty))?;
        }
        if let Some(ty) = &self.additional {
            lines.line(1, &format!("///{ADDITIONAL_DOC}"))?;
            let prefix = "pub additional_properties: std::collections::BTreeMap<String, ";
            lines.tokens(1, prefix, ty, ">,")?;
        }
        lines.line(0, "}")
    }

    /// `crate::runtime::serde_fields!(Name { 0 field = "key", ... } rest);`
    /// on one line, as `write` lays out the call.
    fn call(&self) -> String {
        let mut call = format!("crate::runtime::serde_fields!({} {{", self.name);
        for (index, shape) in self.fields.iter().enumerate() {
            let comma = if index == 0 { "" } else { "," };
            let optional = if shape.field.required {
                ""
            } else {
                " optional"
            };
            let _ = write!(
                call,
                "{comma} {index} {} = {}{optional}",
                shape.field.name, shape.key
            );
        }
        call.push_str(if self.fields.is_empty() { "}" } else { " }" });
        if self.additional.is_some() {
            call.push_str(" additional_properties");
        }
        call.push_str(");");
        call
    }
}

/// `pub type Name = Type;` under its `#[cfg]` and doc comment, the type's
/// generic arguments broken one per line where the line is too long.
pub(super) fn alias(
    def: &TypeDef,
    cfg: Option<&str>,
    name: &Ident,
    ty: &TokenStream,
) -> Option<String> {
    let mut lines = Lines::default();
    head(&mut lines, cfg, def.doc.as_deref())?;
    let ty: Vec<_> = ty.clone().into_iter().collect();
    lines.ty(0, &format!("pub type {name} = "), &ty, ";")?;
    Some(lines.finish())
}

/// A string enum, its unknown value's variant and its `string_enum!` call.
pub(super) fn string_enum(
    def: &TypeDef,
    cfg: Option<&str>,
    names: &[Ident],
    wires: &[Literal],
) -> Option<String> {
    let mut lines = Lines::default();
    head(&mut lines, cfg, def.doc.as_deref())?;
    lines.line(0, "#[derive(Debug, Clone, PartialEq, Eq, Hash)]")?;
    lines.line(0, "#[non_exhaustive]")?;
    lines.line(0, &format!("pub enum {} {{", def.name))?;
    for name in names {
        lines.line(1, &format!("{name},"))?;
    }
    lines.line(1, &format!("{}(String),", crate::model::UNKNOWN_VARIANT))?;
    lines.line(0, "}")?;
    if let Some(cfg) = cfg {
        lines.attr_text(0, cfg)?;
    }
    let mut call = format!("crate::runtime::string_enum!({}, [", def.name);
    for (i, (name, wire)) in names.iter().zip(wires).enumerate() {
        let comma = if i == 0 { "" } else { ", " };
        let _ = write!(call, "{comma}{name} = {wire}");
    }
    call.push_str("]);");
    lines.push(0, &call);
    Some(lines.finish())
}

/// `crate::runtime::setters!(Name(required: T) { optional: U, } rest);` laid
/// out as `write` lays out the call.
pub(super) fn setters(
    cfg: Option<&str>,
    name: &Ident,
    required: &[Setter],
    optional: &[Setter],
    rest: bool,
) -> Option<String> {
    let mut lines = Lines::default();
    if let Some(cfg) = cfg {
        lines.attr_text(0, cfg)?;
    }
    let required = match required {
        [] => String::new(),
        fields => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(field, ty, _)| Some(format!("{field}: {}", type_text(ty)?)))
                .collect::<Option<_>>()?;
            format!("({})", fields.join(", "))
        }
    };
    lines.push(0, &format!("crate::runtime::setters!({name}{required} {{"));
    for (field, ty, deprecated) in optional {
        if *deprecated {
            lines.push(1, &format!("#[deprecated = {:?}]", DEPRECATED_FIELD));
        }
        lines.setter(1, "", field, &type_text(ty)?)?;
    }
    let rest = if rest { " additional_properties" } else { "" };
    lines.push(0, &format!("}}{rest});"));
    Some(lines.finish())
}
