//! Formatting token streams and writing files that changed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::error::Error;

pub mod preformatted;
mod spacing;

use spacing::space_items;

/// One output file, relative to the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// What an emitter makes of the model: files whose formatting and layout
/// are this module's to do.
#[derive(Debug, Clone)]
pub enum Emitted {
    /// Rust tokens: formatted, macro calls laid out, a header added.
    Rust {
        /// Path relative to the output directory.
        path: String,
        /// The file's items.
        tokens: TokenStream,
        /// The texts of its preformatted items' placeholders.
        texts: Vec<String>,
    },
    /// Text made of the spec's prose (Markdown): control characters removed.
    Text {
        /// Path relative to the output directory.
        path: String,
        /// The text.
        text: String,
    },
    /// A file written as it is (hand-written sources, manifests).
    Verbatim(GeneratedFile),
}

impl Emitted {
    /// A Rust file of `tokens`, just made, with the texts of their
    /// preformatted items (made on this thread since the last file).
    pub fn rust(path: String, tokens: TokenStream) -> Emitted {
        let texts = preformatted::take_texts();
        Emitted::Rust {
            path,
            tokens,
            texts,
        }
    }

    /// The finished file; `source` names the spec in Rust files' headers.
    pub fn finish(self, source: &str) -> Result<GeneratedFile, Error> {
        match self {
            Emitted::Rust {
                path,
                tokens,
                texts,
            } => rust_file(&path, source, tokens, &texts),
            Emitted::Text { path, text } => Ok(GeneratedFile {
                path,
                contents: crate::text::strip_controls(text),
            }),
            Emitted::Verbatim(file) => Ok(file),
        }
    }
}

/// Every emitted file, finished, in the order given.
pub fn finish_all(source: &str, emitted: Vec<Emitted>) -> Result<Vec<GeneratedFile>, Error> {
    emitted.into_iter().map(|e| e.finish(source)).collect()
}

/// Formats `tokens` as a Rust file with a header naming the spec it came
/// from, each placeholder replaced by its text in `texts`.
pub fn rust_file(
    path: &str,
    source: &str,
    tokens: TokenStream,
    texts: &[String],
) -> Result<GeneratedFile, Error> {
    let code = format_items(tokens).map_err(|e| Error::Emit {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    let code =
        preformatted::fill(&code, texts, lay_out_macro_calls).map_err(|message| Error::Emit {
            file: path.to_string(),
            message,
        })?;
    let mut contents = header("//", source);
    contents.push_str(&space_items(&code));
    Ok(GeneratedFile {
        path: path.to_string(),
        contents,
    })
}

/// Items formatted by prettyplease, but for the top-level placeholders of
/// preformatted text: each is printed as it stands, on a line, for
/// [`preformatted::fill`], and only the items between them are parsed and
/// printed (prettyplease prints a file's items one after the other, each
/// ending its line, so the pieces join as the whole would print).
fn format_items(tokens: TokenStream) -> syn::Result<String> {
    let tokens: Vec<proc_macro2::TokenTree> = tokens.into_iter().collect();
    let (mut out, mut start, mut at) = (String::new(), 0, 0);
    while at < tokens.len() {
        match preformatted::top_level(&tokens[at..]) {
            Some((placeholder, length)) => {
                format_run(&mut out, &tokens[start..at])?;
                out.push_str(&placeholder);
                at += length;
                start = at;
            }
            None => at += 1,
        }
    }
    format_run(&mut out, &tokens[start..])?;
    Ok(out)
}

/// `items` (whole items) formatted by prettyplease onto `out`.
fn format_run(out: &mut String, items: &[proc_macro2::TokenTree]) -> syn::Result<()> {
    if !items.is_empty() {
        let file: syn::File = syn::parse2(items.iter().cloned().collect())?;
        out.push_str(&prettyplease::unparse(&file));
    }
    Ok(())
}

/// Generated code calls the runtime's macros at the top level of a file,
/// each call starting a line with this path.
const RUNTIME_MACRO_PATH: &str = "crate::runtime::";

/// Whether a line opens a call of one of the runtime's macros (a doc
/// comment can end in `!(` too, but does not start with the path).
fn opens_macro_call(line: &str) -> bool {
    line.starts_with(RUNTIME_MACRO_PATH) && line.contains("!(")
}

/// Lays out each top-level call of the runtime's macros: prettyplease wraps
/// a macro's arguments like prose, which splits a string enum's
/// `Quarter = "quarter"` pairs across lines and runs a setter list's fields
/// together. A call whose tokens read as a setter list (`Name(req: T) {
/// field: U, ... }`) is laid out like the struct it mirrors, one field per
/// line under its doc comment; any other call goes back on one line. String
/// literals hold no raw line break (`Literal::string` escapes them), so a
/// call's lines are its tokens.
fn lay_out_macro_calls(code: &str) -> std::borrow::Cow<'_, str> {
    if !code.lines().any(opens_macro_call) {
        return std::borrow::Cow::Borrowed(code);
    }
    let render = |call: &str| setter_call(call).unwrap_or_else(|| format!("{call}\n"));
    let mut out = String::with_capacity(code.len());
    let mut call: Option<String> = None;
    for line in code.lines() {
        match call.as_mut() {
            Some(joined) => {
                if !joined.ends_with('(') && line != ");" {
                    joined.push(' ');
                }
                joined.push_str(line.trim());
                if line == ");" {
                    out.push_str(&render(joined));
                    call = None;
                }
            }
            None if opens_macro_call(line) && line.ends_with(");") => out.push_str(&render(line)),
            None if opens_macro_call(line) => call = Some(line.to_string()),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if let Some(unfinished) = call {
        out.push_str(&unfinished);
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

/// One setter macro call, laid out; `None` when its tokens are not
/// `Name(required: T, ...)? { (#[doc = "..."])* field: Type, ... } default_field*`.
fn setter_call(call: &str) -> Option<String> {
    use proc_macro2::TokenTree;
    let (prefix, inner) = call.split_once("!(")?;
    let inner = inner.trim_end().strip_suffix(");")?;
    let tokens: TokenStream = inner.parse().ok()?;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let (name, required, body, defaults) = match tokens.as_slice() {
        [TokenTree::Ident(name), TokenTree::Group(body)] => (name, None, body, &[][..]),
        [TokenTree::Ident(name), TokenTree::Group(required), TokenTree::Group(body), defaults @ ..] => {
            (name, Some(required), body, defaults)
        }
        _ => return None,
    };
    let defaults: Option<Vec<String>> = defaults
        .iter()
        .map(|t| match t {
            TokenTree::Ident(field) => Some(format!(" {field}")),
            _ => None,
        })
        .collect();
    let defaults = defaults?.concat();
    let required = match required {
        Some(group) => {
            let fields: Option<Vec<String>> = split_fields(group.stream())
                .into_iter()
                .map(|field| {
                    setter_entry(field).map(|e| e.trim().trim_end_matches(',').to_string())
                })
                .collect();
            format!("({})", fields?.join(", "))
        }
        None => String::new(),
    };
    let mut out = format!("{prefix}!({name}{required} {{\n");
    for entry in split_fields(body.stream()) {
        out.push_str(&setter_entry(entry)?);
    }
    out.push_str(&format!("}}{defaults});\n"));
    Some(out)
}

/// The tokens between top-level commas (a comma inside `<...>` is not one).
fn split_fields(tokens: TokenStream) -> Vec<Vec<proc_macro2::TokenTree>> {
    use proc_macro2::TokenTree;
    let mut fields = Vec::new();
    let mut entry: Vec<TokenTree> = Vec::new();
    let mut depth = 0i32;
    for token in tokens {
        match &token {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth -= 1,
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                fields.push(std::mem::take(&mut entry));
                continue;
            }
            _ => {}
        }
        entry.push(token);
    }
    fields.push(entry);
    fields.retain(|f| !f.is_empty());
    fields
}

/// `#[doc = "..."]* field: Type` as `    /// ...` lines and `    field: Type,`
/// (another `#[name = "..."]` attribute kept as written).
fn setter_entry(tokens: Vec<proc_macro2::TokenTree>) -> Option<String> {
    use proc_macro2::TokenTree;
    let mut out = String::new();
    let mut rest = tokens.as_slice();
    while let [TokenTree::Punct(hash), TokenTree::Group(attr), more @ ..] = rest {
        if hash.as_char() != '#' {
            return None;
        }
        let attr: syn::Meta = syn::parse2(attr.stream()).ok()?;
        let syn::Meta::NameValue(doc) = attr else {
            return None;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &doc.value
        else {
            return None;
        };
        let text = text.value();
        // Only text prettyplease itself would print as a `///` comment.
        if text.chars().any(char::is_control) {
            return None;
        }
        match doc.path.get_ident() {
            Some(name) if name == "doc" => out.push_str(&format!("    ///{text}\n")),
            // Another `name = "text"` attribute (`deprecated`) stays one.
            Some(name) => out.push_str(&format!("    #[{name} = {text:?}]\n")),
            None => return None,
        }
        rest = more;
    }
    let [TokenTree::Ident(field), TokenTree::Punct(colon), ty @ ..] = rest else {
        return None;
    };
    if colon.as_char() != ':' {
        return None;
    }
    out.push_str(&format!("    {field}: {},\n", type_path(ty)?));
    Some(out)
}

/// A type the emitters write (paths and generic arguments only:
/// `serde_json::Map<String, serde_json::Value>`) as rustfmt spells it;
/// `None` for anything else.
fn type_path(tokens: &[proc_macro2::TokenTree]) -> Option<String> {
    use proc_macro2::TokenTree;
    let mut out = String::new();
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => out.push_str(&ident.to_string()),
            TokenTree::Punct(p) if matches!(p.as_char(), ':' | '<' | '>') => out.push(p.as_char()),
            TokenTree::Punct(p) if p.as_char() == ',' => out.push_str(", "),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The first lines of every generated file: what made it and from which spec.
pub fn header(comment: &str, source: &str) -> String {
    format!(
        "{comment} @generated by codegen from {source}. Do not edit by hand:\n{comment} change the spec or the generator, then run `cargo test` to refresh.\n\n"
    )
}

/// Writes `files` under `dir`, touching only those whose bytes changed.
/// Returns the paths written.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, Error> {
    let mut writer = Writer::new(dir);
    for file in files {
        writer.write(file)?;
    }
    Ok(writer.written)
}

/// Writes files under a directory one at a time, as they are made,
/// touching only those whose bytes changed.
pub struct Writer {
    dir: PathBuf,
    /// The paths written.
    pub written: Vec<PathBuf>,
    /// How many files it was given.
    pub files: usize,
    // Each directory is made once, and nothing is read back from one this
    // run made: on a slow disk a needless `mkdir` or `open` costs as much as
    // formatting a file.
    made: HashSet<PathBuf>,
    existing: HashSet<PathBuf>,
}

impl Writer {
    /// A writer into `dir` (the current directory when empty).
    pub fn new(dir: &Path) -> Self {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        Writer {
            dir: dir.to_path_buf(),
            written: Vec::new(),
            files: 0,
            made: HashSet::new(),
            existing: HashSet::new(),
        }
    }

    /// Writes `file` unless it is there already, byte for byte.
    pub fn write(&mut self, file: &GeneratedFile) -> Result<(), Error> {
        self.files += 1;
        let path = self.dir.join(&file.path);
        let parent = path.parent().map(Path::to_path_buf);
        let in_new_dir = parent.as_ref().is_some_and(|p| self.made.contains(p));
        if !in_new_dir && std::fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            return Ok(());
        }
        let io = |source| Error::Write {
            path: path.display().to_string(),
            source,
        };
        if let Some(parent) = parent {
            if !self.made.contains(&parent) && !self.existing.contains(&parent) {
                if parent.is_dir() {
                    self.existing.insert(parent);
                } else {
                    std::fs::create_dir_all(&parent).map_err(io)?;
                    self.made.insert(parent);
                }
            }
        }
        std::fs::write(&path, &file.contents).map_err(io)?;
        self.written.push(path);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_macro_call_is_put_back_on_one_line() {
        let tokens = quote::quote! {
            pub enum Interval { Day, Week, Month, Quarter, Year, Decade, Century, UnknownValue(String) }
            crate::runtime::string_enum!(Interval, [Day = "day", Week = "week", Month = "month", Quarter = "quarter", Year = "year", Decade = "decade", Century = "century"]);
            fn after() {}
        };
        let file = rust_file("types.rs", "spec.yaml", tokens, &[]).expect("valid tokens");
        let call = file
            .contents
            .lines()
            .find(|line| line.starts_with("crate::runtime::string_enum!"))
            .expect("the call");
        assert_eq!(
            call,
            r#"crate::runtime::string_enum!(Interval, [Day = "day", Week = "week", Month = "month", Quarter = "quarter", Year = "year", Decade = "decade", Century = "century"]);"#
        );
        assert!(
            file.contents.contains("\n\nfn after() {}"),
            "{}",
            file.contents
        );
    }

    #[test]
    fn setter_calls_are_laid_out_like_the_struct_they_mirror() {
        let tokens = quote::quote! {
            crate::runtime::request_setters!(ListThings {
                #[doc = " How many, at most."] max_results: i64,
                #[doc = " Extra."] extra: std::collections::BTreeMap<String, serde_json::Value>,
            });
            crate::runtime::setters!(Thing (id: String, kind: Option<Kind>) { flag: bool, #[deprecated = "old"] mode: String, } additional_properties);
        };
        let file = rust_file("client.rs", "spec.yaml", tokens, &[]).expect("valid tokens");
        let body = file
            .contents
            .split_once("\n\n")
            .map(|(_, b)| b)
            .unwrap_or("");
        assert_eq!(
            body,
            "crate::runtime::request_setters!(ListThings {\n    /// How many, at most.\n    max_results: i64,\n    /// Extra.\n    extra: std::collections::BTreeMap<String, serde_json::Value>,\n});\n\ncrate::runtime::setters!(Thing(id: String, kind: Option<Kind>) {\n    flag: bool,\n    #[deprecated = \"old\"]\n    mode: String,\n} additional_properties);\n"
        );
        // What is laid out still parses as the same tokens.
        let reparsed: syn::File = syn::parse_str(body).expect("parses");
        assert_eq!(reparsed.items.len(), 2);
    }

    #[test]
    fn a_doc_comment_ending_like_a_macro_call_joins_nothing() {
        let code = "/// call foo!(\npub struct A;\n);\n";
        assert_eq!(lay_out_macro_calls(code), code);
    }
}
