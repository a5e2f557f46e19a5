//! [`Lines`]: the layouts prettyplease gives the fixed shapes, each line
//! checked against its margin; any other layout is declined (`None`).

use proc_macro2::{Delimiter, Ident, Spacing, TokenStream, TokenTree};

use super::spell::{
    field, one_line, one_line_of, pattern, spell, split_commas, split_generic_args, struct_expr,
};

/// prettyplease's margin: a line this long or shorter is never broken.
const WIDTH: usize = 89;

/// One indentation step.
const INDENT: usize = 4;

/// Lines being formatted: each method fails (`None`) where prettyplease
/// would lay the line out in a way not known here.
#[derive(Default)]
pub struct Lines {
    out: String,
}

impl Lines {
    /// The text made.
    pub fn finish(self) -> String {
        self.out
    }

    /// One line at `depth` indentation steps, if it fits.
    pub fn line(&mut self, depth: usize, text: &str) -> Option<()> {
        (depth * INDENT + text.len() <= WIDTH).then(|| self.push(depth, text))
    }

    /// One line whose `suffix` (a last argument's trailing comma, which
    /// prettyplease writes only when it breaks the list) takes no room.
    pub fn line_free(&mut self, depth: usize, text: &str, suffix: &str) -> Option<()> {
        (depth * INDENT + text.len() <= WIDTH).then(|| self.push_parts(depth, &[text, suffix]))
    }

    /// A list's entries one per line with a comma after each, the last
    /// one's taking no room.
    fn entries(&mut self, depth: usize, entries: Vec<Vec<TokenTree>>) -> Option<()> {
        let last = entries.len().checked_sub(1)?;
        for (i, entry) in entries.into_iter().enumerate() {
            // A literal cannot break: it runs past the margin.
            let literal = matches!(entry.as_slice(), [TokenTree::Literal(_)]);
            let text = one_line_of(&entry)?;
            match i == last {
                _ if literal => self.push(depth, &format!("{text},")),
                true => self.line_free(depth, &text, ",")?,
                false => self.line(depth, &format!("{text},"))?,
            }
        }
        Some(())
    }

    /// Spelled entries one per line, a comma after each, the last one's
    /// taking no room.
    pub fn list(&mut self, depth: usize, entries: &[String]) -> Option<()> {
        let last = entries.len().checked_sub(1)?;
        for (i, entry) in entries.iter().enumerate() {
            match i == last {
                true => self.line_free(depth, entry, ",")?,
                false => self.line(depth, &format!("{entry},"))?,
            }
        }
        Some(())
    }

    /// One line however long: one `write` lays out itself, not prettyplease.
    pub fn push(&mut self, depth: usize, text: &str) {
        self.push_parts(depth, &[text]);
    }

    /// [`push`](Self::push) of `parts` one after the other, with no string
    /// made of them first.
    fn push_parts(&mut self, depth: usize, parts: &[&str]) {
        const SPACES: &str = "                                                                ";
        let indent = depth * INDENT;
        match SPACES.get(..indent) {
            Some(spaces) => self.out.push_str(spaces),
            None => self.out.extend(std::iter::repeat_n(' ', indent)),
        }
        parts.iter().for_each(|part| self.out.push_str(part));
        self.out.push('\n');
    }

    /// [`line`](Self::line) of `parts` one after the other.
    pub(super) fn line_parts(&mut self, depth: usize, parts: &[&str]) -> Option<()> {
        let length: usize = parts.iter().map(|part| part.len()).sum();
        (depth * INDENT + length <= WIDTH).then(|| self.push_parts(depth, parts))
    }

    /// `prefix`, the tokens on one line, then `suffix`, if it fits.
    pub fn tokens(
        &mut self,
        depth: usize,
        prefix: &str,
        tokens: &TokenStream,
        suffix: &str,
    ) -> Option<()> {
        let text = one_line(tokens)?;
        self.line_parts(depth, &[prefix, &text, suffix])
    }

    /// Doc comment lines for `text` as `emit::doc` makes its attributes
    /// (already cleaned for rustdoc, one attribute per line).
    pub fn docs(&mut self, depth: usize, text: &str) -> Option<()> {
        for line in text.lines() {
            // prettyplease writes a doc holding a line break, or starting
            // with `/`, in another form.
            if line.contains(['\n', '\r']) {
                return None;
            }
            let line = line.trim_end_matches(' ');
            match line.is_empty() {
                true => self.push(depth, "///"),
                false => self.push_parts(depth, &["/// ", line]),
            }
        }
        Some(())
    }

    /// One entry of a setter macro call, as `write` lays it out: its doc
    /// lines as they are, then `field: Type,`.
    pub fn setter(&mut self, depth: usize, doc: &str, field: &Ident, ty: &str) -> Option<()> {
        for line in doc.lines() {
            if line.chars().any(char::is_control) {
                return None;
            }
            match line.is_empty() {
                true => self.push(depth, "///"),
                false => self.push_parts(depth, &["/// ", line]),
            }
        }
        self.push(depth, &format!("{field}: {ty},"));
        Some(())
    }

    /// Outer attributes (`#[..]`, one or more, none a doc comment), each on
    /// its line, or the list in its parentheses broken one entry per line
    /// when the line would not fit and each entry does.
    pub fn attrs(&mut self, depth: usize, tokens: &TokenStream) -> Option<()> {
        let mut iter = tokens.clone().into_iter();
        while let Some(token) = iter.next() {
            let (TokenTree::Punct(hash), Some(TokenTree::Group(meta))) = (token, iter.next())
            else {
                return None;
            };
            if hash.as_char() != '#' || meta.delimiter() != Delimiter::Bracket {
                return None;
            }
            let meta: Vec<TokenTree> = meta.stream().into_iter().collect();
            if matches!(meta.first(), Some(TokenTree::Ident(doc)) if doc == "doc") {
                return None;
            }
            let mut text = String::from("#[");
            spell(&mut text, meta.iter().cloned(), true)?;
            text.push(']');
            if self.line(depth, &text).is_none() {
                self.broken_attr(depth, &meta)?;
            }
        }
        Some(())
    }

    /// `#[name(\n    a,\n    b\n)]`: a list attribute too long for a line.
    fn broken_attr(&mut self, depth: usize, meta: &[TokenTree]) -> Option<()> {
        self.attr_list(depth, "#[", meta, "]")
    }

    /// `prefix name(` then each entry on a line of its own (one too long
    /// for its line broken the same way), then `)suffix`; an attribute's
    /// lists take no trailing comma.
    fn attr_list(
        &mut self,
        depth: usize,
        prefix: &str,
        meta: &[TokenTree],
        suffix: &str,
    ) -> Option<()> {
        let [TokenTree::Ident(name), TokenTree::Group(list)] = meta else {
            return None;
        };
        if list.delimiter() != Delimiter::Parenthesis {
            return None;
        }
        self.line(depth, &format!("{prefix}{name}("))?;
        let entries = split_commas(list.stream());
        let last = entries.len().checked_sub(1)?;
        for (i, entry) in entries.into_iter().enumerate() {
            let comma = if i < last { "," } else { "" };
            let mut text = String::new();
            spell(&mut text, entry.iter().cloned(), true)?;
            if self.line(depth + 1, &format!("{text}{comma}")).is_none() {
                self.attr_list(depth + 1, "", &entry, comma)?;
            }
        }
        self.line(depth, &format!("){suffix}"))
    }

    /// `prefix`, a type and `suffix` on one line, or the type's generic
    /// arguments one per line (`Option<\n    Vec<T>,\n>`), each broken
    /// the same way when it does not fit either.
    pub fn ty(
        &mut self,
        depth: usize,
        prefix: &str,
        tokens: &[TokenTree],
        suffix: &str,
    ) -> Option<()> {
        let text = one_line_of(tokens)?;
        if self.line_parts(depth, &[prefix, &text, suffix]).is_some() {
            return Some(());
        }
        // `Path<args>`: the first `<` opens the arguments, the last token
        // closes them.
        let open = tokens
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '<'))?;
        let (path, rest) = tokens.split_at(open);
        let [_, args @ .., TokenTree::Punct(close)] = rest else {
            return None;
        };
        if close.as_char() != '>' || path.is_empty() {
            return None;
        }
        let path = one_line_of(path)?;
        self.line(depth, &format!("{prefix}{path}<"))?;
        let args = split_generic_args(args);
        let last = args.len().checked_sub(1)?;
        for (i, arg) in args.iter().enumerate() {
            let arg_text = one_line_of(arg)?;
            let fits = match i == last {
                true => self.line_free(depth + 1, &arg_text, ","),
                false => self.line(depth + 1, &format!("{arg_text},")),
            };
            if fits.is_none() {
                self.ty(depth + 1, "", arg, ",")?;
            }
        }
        self.line(depth, &format!(">{suffix}"))
    }

    /// A method chain (`a::new(..).b(..).c(..)`) on one line if it fits,
    /// else one call per line under the first, whose arguments go one per
    /// line when it does not fit either.
    pub fn chain(&mut self, depth: usize, tokens: &TokenStream) -> Option<()> {
        let mut links: Vec<Vec<TokenTree>> = vec![Vec::new()];
        for token in tokens.clone() {
            if is_dot(&token) {
                links.push(Vec::new());
            }
            links.last_mut()?.push(token);
        }
        let spelled: Vec<String> = links
            .iter()
            .map(|link| one_line_of(link))
            .collect::<Option<_>>()?;
        if self.line(depth, &spelled.concat()).is_some() {
            return Some(());
        }
        if spelled.len() == 1 {
            return self.broken_call(depth, depth + 1, &links[0]);
        }
        if self.line(depth, &spelled[0]).is_none() {
            self.broken_call(depth, depth + 2, &links[0])?;
        }
        // A call too long for its line breaks its arguments.
        for (link, spelled) in links[1..].iter().zip(&spelled[1..]) {
            if self.line(depth + 1, spelled).is_none() {
                self.broken_call(depth + 1, depth + 2, link)?;
            }
        }
        Some(())
    }

    /// `path(` (or `.method(`) then each argument on a line of its own at `inner` depth,
    /// then `)` one step out from them.
    fn broken_call(&mut self, depth: usize, inner: usize, call: &[TokenTree]) -> Option<()> {
        let [path @ .., TokenTree::Group(args)] = call else {
            return None;
        };
        if args.delimiter() != Delimiter::Parenthesis || path.is_empty() {
            return None;
        }
        self.line(depth, &format!("{}(", one_line_of(path)?))?;
        self.entries(inner, split_commas(args.stream()))?;
        self.line(inner - 1, ")")
    }

    /// An expression on one line, or a `match` whose arms each fit one.
    pub fn expression(&mut self, depth: usize, tokens: &TokenStream) -> Option<()> {
        let stream = tokens;
        let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let [TokenTree::Ident(keyword), scrutinee @ .., TokenTree::Group(arms)] = tokens.as_slice()
        else {
            return self.not_match(depth, stream, &tokens);
        };
        if keyword != "match" || arms.delimiter() != Delimiter::Brace {
            return self.not_match(depth, stream, &tokens);
        }
        let scrutinee = one_line_of(scrutinee)?;
        self.line(depth, &format!("match {scrutinee} {{"))?;
        for arm in split_commas(arms.stream()) {
            let arrow = arm.windows(2).position(|pair| {
                matches!(pair, [TokenTree::Punct(eq), TokenTree::Punct(gt)]
                    if eq.as_char() == '=' && eq.spacing() == Spacing::Joint && gt.as_char() == '>')
            })?;
            let pattern = pattern(&arm[..arrow])?;
            let value = &arm[arrow + 2..];
            let text = one_line_of(value)?;
            if self
                .line_free(depth + 1, &format!("{pattern} => {text}"), ",")
                .is_none()
            {
                // A value too long for the arm's line goes in a block.
                self.line(depth + 1, &format!("{pattern} => {{"))?;
                self.value(depth + 2, "", value, "", false)?;
                self.line(depth + 1, "}")?;
            }
        }
        self.line(depth, "}")
    }

    /// An expression other than a `match`: a method call breaks as a chain,
    /// anything else as a value.
    fn not_match(
        &mut self,
        depth: usize,
        stream: &TokenStream,
        tokens: &[TokenTree],
    ) -> Option<()> {
        match tokens.iter().any(is_dot) {
            true => self.chain(depth, stream),
            false => self.value(depth, "", tokens, "", false),
        }
    }

    /// `prefix`, a value and `suffix` on one line, or the value broken: a
    /// call one argument per line (a lone struct argument stays by its
    /// parenthesis), a struct expression one field per line, an array one
    /// element per line, each part laid out the same way again. `free`:
    /// the suffix is a trailing comma that takes no room.
    fn value(
        &mut self,
        depth: usize,
        prefix: &str,
        tokens: &[TokenTree],
        suffix: &str,
        free: bool,
    ) -> Option<()> {
        // Not on one line: too wide, or holding a struct expression that
        // prettyplease breaks.
        if let Some(text) = one_line_of(tokens) {
            let fits = match free {
                true => self.line_free(depth, &format!("{prefix}{text}"), suffix),
                false => self.line(depth, &format!("{prefix}{text}{suffix}")),
            };
            if fits.is_some() {
                return Some(());
            }
        }
        // A literal cannot break: as a struct field's value or a broken
        // call's argument it runs past the margin.
        if let [TokenTree::Literal(literal)] = tokens {
            if prefix.is_empty() || prefix.ends_with(": ") {
                self.push_parts(depth, &[prefix, &literal.to_string(), suffix]);
                return Some(());
            }
        }
        let (head, group) = match tokens {
            // A method call breaks as a chain, not laid out here.
            [head @ .., TokenTree::Group(group)] if !head.iter().any(is_dot) => (head, group),
            _ => return None,
        };
        let head = one_line_of(head)?;
        let parts = split_commas(group.stream());
        match group.delimiter() {
            Delimiter::Parenthesis if head.is_empty() => None,
            Delimiter::Parenthesis if parts.len() == 1 && struct_expr(&parts[0]) => {
                let (prefix, suffix) = (format!("{prefix}{head}("), format!("){suffix}"));
                self.value(depth, &prefix, &parts[0], &suffix, false)
            }
            Delimiter::Parenthesis => {
                // A path alone on its line cannot break: it runs past
                // the margin.
                match prefix.is_empty() {
                    true => self.push(depth, &format!("{head}(")),
                    false => self.line(depth, &format!("{prefix}{head}("))?,
                }
                let last = parts.len().checked_sub(1)?;
                for (i, part) in parts.iter().enumerate() {
                    // A struct argument of a broken call breaks too.
                    match part.as_slice() {
                        [path @ .., TokenTree::Group(fields)]
                            if struct_expr(part) && !fields.stream().is_empty() =>
                        {
                            let path = one_line_of(path)?;
                            self.struct_lines(
                                depth + 1,
                                "",
                                &path,
                                split_commas(fields.stream()),
                                ",",
                            )?;
                        }
                        _ => self.value(depth + 1, "", part, ",", i == last)?,
                    }
                }
                self.line(depth, &format!("){suffix}"))
            }
            Delimiter::Brace if struct_expr(tokens) => {
                self.struct_lines(depth, prefix, &head, parts, suffix)
            }
            Delimiter::Bracket if head == "&" => {
                self.line(depth, &format!("{prefix}&["))?;
                self.entries(depth + 1, parts)?;
                self.line(depth, &format!("]{suffix}"))
            }
            _ => None,
        }
    }

    /// Items such as `const A: T = x; const B: U = y;`, each on its line, or
    /// an array value broken one element per line.
    pub fn statements(&mut self, depth: usize, tokens: &TokenStream) -> Option<()> {
        let mut statement: Vec<TokenTree> = Vec::new();
        for token in tokens.clone() {
            if matches!(&token, TokenTree::Punct(p) if p.as_char() == ';') {
                self.statement(depth, std::mem::take(&mut statement))?;
            } else {
                statement.push(token);
            }
        }
        statement.is_empty().then_some(())
    }

    /// `head = value;`, the value laid out by [`Lines::value`].
    fn statement(&mut self, depth: usize, tokens: Vec<TokenTree>) -> Option<()> {
        let eq = tokens.iter().position(
            |t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == Spacing::Alone),
        )?;
        let head = one_line_of(&tokens[..eq])?;
        self.value(depth, &format!("{head} = "), &tokens[eq + 1..], ";", false)
    }
}

impl Lines {
    /// A struct expression one field per line; a field's own struct
    /// expression is broken too, as prettyplease breaks it, fitting or not.
    fn struct_lines(
        &mut self,
        depth: usize,
        prefix: &str,
        head: &str,
        fields: Vec<Vec<TokenTree>>,
        suffix: &str,
    ) -> Option<()> {
        self.line(depth, &format!("{prefix}{head} {{"))?;
        let last = fields.len().checked_sub(1)?;
        for (i, part) in fields.iter().enumerate() {
            let (name, value) = field(part)?;
            let prefix = format!("{name}: ");
            match value {
                [path @ .., TokenTree::Group(inner)]
                    if struct_expr(value) && !inner.stream().is_empty() =>
                {
                    let path = one_line_of(path)?;
                    self.struct_lines(
                        depth + 1,
                        &prefix,
                        &path,
                        split_commas(inner.stream()),
                        ",",
                    )?;
                }
                _ => self.value(depth + 1, &prefix, value, ",", i == last)?,
            }
        }
        self.line(depth, &format!("}}{suffix}"))
    }
}

/// Whether a token is the `.` of a method call or a field.
fn is_dot(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Punct(p) if p.as_char() == '.' && p.spacing() == Spacing::Alone)
}
