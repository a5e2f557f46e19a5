//! The CLI's fixed shapes as formatted text
//! ([`crate::write::preformatted`]): the `Command` enums, their `run`
//! dispatch and `group`, the same bytes their tokens would format to;
//! `None` where a line would not fit as written here, and the emitter's
//! tokens are formatted instead.

use proc_macro2::{TokenStream, TokenTree};

use super::{Arm, Variant};
use crate::text::rustdoc;
use crate::write::preformatted::{one_line, Lines};

/// `pub enum Command { .. }` with its doc, derives and variants.
pub(super) fn command_enum(doc: &str, variants: &[Variant]) -> Option<String> {
    let mut lines = Lines::default();
    lines.docs(0, &rustdoc(doc))?;
    for attr in [
        "#[allow(clippy::large_enum_variant)]",
        "#[derive(Debug, clap::Subcommand)]",
        "#[command(defer = true)]",
        "#[non_exhaustive]",
        "pub enum Command {",
    ] {
        lines.line(0, attr)?;
    }
    for variant in variants {
        lines.attrs(1, &variant.attrs)?;
        let holds = one_line(&variant.holds)?;
        let name = &variant.name;
        // `Name(Type),` if it fits, else what it holds on lines of its own.
        if lines.line(1, &format!("{name}({holds}),")).is_none() {
            lines.line(1, &format!("{name}("))?;
            if lines.line_free(2, &holds, ",").is_none() {
                let holds: Vec<TokenTree> = variant.holds.clone().into_iter().collect();
                lines.ty(2, "", &holds, ",")?;
            }
            lines.line(1, "),")?;
        }
    }
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// `impl Command { pub fn run(..) { match self { .. } } }`, with `attrs`
/// on `run`.
pub(super) fn run_impl(doc: &str, attrs: &TokenStream, arms: &[Arm]) -> Option<String> {
    let mut lines = Lines::default();
    lines.line(0, "impl Command {")?;
    lines.docs(1, &rustdoc(doc))?;
    lines.attrs(1, attrs)?;
    lines.line(
        1,
        "pub fn run(self, cli: &runtime::cli::Context) -> runtime::cli::Run<'_> {",
    )?;
    lines.line(2, "match self {")?;
    match_arms(&mut lines, 3, arms)?;
    lines.line(2, "}")?;
    lines.line(1, "}")?;
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// `pub fn group(command: &str) -> Option<&'static str> { match .. }`.
pub(super) fn group_fn(arms: &[Arm]) -> Option<String> {
    let mut lines = Lines::default();
    lines.docs(0, &rustdoc("The group of each command."))?;
    lines.line(0, "pub fn group(command: &str) -> Option<&'static str> {")?;
    lines.line(1, "match command {")?;
    match_arms(&mut lines, 2, arms)?;
    lines.line(1, "}")?;
    lines.line(0, "}")?;
    Some(lines.finish())
}

/// Match arms: `pattern => value,` on a line where it fits, else the value
/// in a block of its own.
fn match_arms(lines: &mut Lines, depth: usize, arms: &[Arm]) -> Option<()> {
    for arm in arms {
        lines.attrs(depth, &arm.attrs)?;
        let (pattern, value) = (one_line(&arm.pattern)?, one_line(&arm.value)?);
        // prettyplease leaves the comma out of the line's measure.
        if lines
            .line_free(depth, &format!("{pattern} => {value}"), ",")
            .is_none()
        {
            lines.line(depth, &format!("{pattern} => {{"))?;
            lines.line(depth + 1, &value)?;
            lines.line(depth, "}")?;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    fn prettyplease(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).unwrap())
    }

    #[test]
    fn arms_break_where_prettyplease_breaks_them() {
        // Patterns of every length around the margin, and past it.
        for length in 1..100 {
            let name = format_ident!("{}", "A".repeat(length));
            let arm = Arm {
                attrs: quote!(#[cfg(feature = "x")]),
                pattern: quote!(Command::#name(args)),
                value: quote!(cli.run_with(args.request, args.options)),
            };
            let last = Arm {
                attrs: quote!(),
                pattern: quote!(_),
                value: quote!(None),
            };
            // The arm in the middle of a match, and last.
            for arms in [[arm.clone(), last.clone()], [last, arm]] {
                let expected = run_impl("Runs it.", &quote!(), &arms);
                let tokens = arms.iter().map(Arm::tokens);
                let formatted = prettyplease(quote! {
                    impl Command {
                        /// Runs it.
                        pub fn run(self, cli: &runtime::cli::Context) -> runtime::cli::Run<'_> {
                            match self { #(#tokens)* }
                        }
                    }
                });
                match expected {
                    Some(text) => assert_eq!(text, formatted, "{length}"),
                    // Only a pattern too long for a line of its own is declined.
                    None => assert!("            Command::(args) => {".len() + length > 89),
                }
            }
        }
    }

    #[test]
    fn variants_break_where_prettyplease_breaks_them() {
        for length in 1..90 {
            let name = format_ident!("{}", "A".repeat(length));
            let variants = [
                Variant {
                    attrs: quote!(#[command(visible_aliases = ["x"])]),
                    name: name.clone(),
                    holds: quote!(runtime::cli::With<#name, runtime::cli::PagesDryRun>),
                },
                Variant {
                    attrs: quote!(),
                    name: format_ident!("B{name}"),
                    holds: quote!(WithBody<#name, Option<#name>, runtime::cli::DryRun>),
                },
            ];
            let expected = command_enum("Commands.", &variants);
            let tokens = variants.iter().map(Variant::tokens);
            let formatted = prettyplease(quote! {
                /// Commands.
                #[allow(clippy::large_enum_variant)]
                #[derive(Debug, clap::Subcommand)]
                #[command(defer = true)]
                #[non_exhaustive]
                pub enum Command { #(#tokens)* }
            });
            match expected {
                Some(text) => assert_eq!(text, formatted, "{length}"),
                None => assert!(length > 70, "{length}"),
            }
        }
    }
}
