//! Layouts of code the emitters spell as text already (an attribute, a
//! type, a statement, a chain of calls): the text on its line when it
//! fits, as [`Lines`]' token layouts would write it, else laid out as
//! they lay out its tokens (lexed from the text, or kept by the emitter).

use proc_macro2::{TokenStream, TokenTree};

use super::Lines;
use crate::emit::request::Call;

impl Lines {
    /// One outer attribute spelled already (`#[..]`, on one line as its
    /// tokens spell): the line as it is when it fits, else its tokens laid
    /// out as [`attrs`](Lines::attrs) lays them out.
    pub fn attr_text(&mut self, depth: usize, text: &str) -> Option<()> {
        if self.line(depth, text).is_some() {
            return Some(());
        }
        self.attrs(depth, &crate::emit::lexed(text))
    }

    /// [`ty`](Lines::ty) of a type spelled already (`text`): the line as it
    /// is when it fits, else the type's `tokens` broken as `ty` breaks them.
    pub fn ty_text(
        &mut self,
        depth: usize,
        prefix: &str,
        text: &str,
        suffix: &str,
        tokens: impl FnOnce() -> TokenStream,
    ) -> Option<()> {
        if self.line_parts(depth, &[prefix, text, suffix]).is_some() {
            return Some(());
        }
        let tokens: Vec<TokenTree> = tokens().into_iter().collect();
        self.ty(depth, prefix, &tokens, suffix)
    }

    /// A statement spelled already (`const A: T = x;`): the line as it is
    /// when it fits, else its tokens laid out as
    /// [`statements`](Lines::statements) lays them out.
    pub fn statement_text(&mut self, depth: usize, text: &str) -> Option<()> {
        if self.line(depth, text).is_some() {
            return Some(());
        }
        self.statements(depth, &crate::emit::lexed(text))
    }

    /// [`chain`](Lines::chain) of calls spelled already, laid out as
    /// `chain` lays out their tokens.
    pub fn chain_text(&mut self, depth: usize, calls: &[Call]) -> Option<()> {
        let spelled: Vec<String> = calls.iter().map(|call| call.text()).collect();
        if self.line(depth, &spelled.concat()).is_some() {
            return Some(());
        }
        let (first, rest) = calls.split_first()?;
        if rest.is_empty() {
            return self.broken_call_text(depth, depth + 1, first);
        }
        if self.line(depth, &spelled[0]).is_none() {
            self.broken_call_text(depth, depth + 2, first)?;
        }
        for (call, spelled) in rest.iter().zip(&spelled[1..]) {
            if self.line(depth + 1, spelled).is_none() {
                self.broken_call_text(depth + 1, depth + 2, call)?;
            }
        }
        Some(())
    }

    /// `broken_call` of a call spelled already: its
    /// arguments laid out as `entries` lays them out.
    fn broken_call_text(&mut self, depth: usize, inner: usize, call: &Call) -> Option<()> {
        self.line(depth, &format!("{}(", call.path))?;
        let last = call.args.len().checked_sub(1)?;
        for (i, arg) in call.args.iter().enumerate() {
            match i == last {
                _ if arg.literal => self.push(inner, &format!("{},", arg.text)),
                true => self.line_free(inner, &arg.text, ",")?,
                false => self.line(inner, &format!("{},", arg.text))?,
            }
        }
        self.line(inner - 1, ")")
    }
}
