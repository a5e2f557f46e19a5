//! The blank lines between a generated file's top-level items.

/// A struct's `serde_fields!` call, which follows the struct it belongs to
/// with no blank line between them (unless a `#[cfg]` comes first).
const SERDE_FIELDS: &str = "crate::runtime::serde_fields!(";

/// Puts a blank line between top-level items, which prettyplease packs
/// together, so a reviewer sees where each one starts. The text is copied
/// in runs between the blank lines, not a line at a time.
pub(super) fn space_items(code: &str) -> String {
    // Lines end in `\n`; a `\r` before one is dropped, as `str::lines` drops it.
    let code = match code.contains('\r') {
        true => std::borrow::Cow::Owned(code.replace("\r\n", "\n")),
        false => std::borrow::Cow::Borrowed(code),
    };
    let mut out = String::with_capacity(code.len() + code.len() / 16 + 1);
    let mut previous_closed_item = false;
    let (mut copied, mut start) = (0, 0);
    while start < code.len() {
        let end =
            memchr::memchr(b'\n', &code.as_bytes()[start..]).map_or(code.len(), |i| start + i);
        let line = &code[start..end];
        let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
        if previous_closed_item && starts_item && !line.starts_with(SERDE_FIELDS) {
            out.push_str(&code[copied..start]);
            out.push('\n');
            copied = start;
        }
        previous_closed_item =
            line == "}" || (line.ends_with(';') && !line.starts_with([' ', '/', '#']));
        start = end + 1;
    }
    out.push_str(&code[copied..]);
    if !code.is_empty() && !code.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items spaced in runs are what spacing them a line at a time gives:
    /// a blank line after each closed item before the next (not before
    /// its `serde_fields!` call), `\r\n` read as `\n`, a last line ended.
    #[test]
    fn items_are_spaced_as_line_by_line() {
        fn by_line(code: &str) -> String {
            let mut out = String::new();
            let mut previous_closed_item = false;
            for line in code.lines() {
                let starts_item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
                if previous_closed_item && starts_item && !line.starts_with(SERDE_FIELDS) {
                    out.push('\n');
                }
                previous_closed_item =
                    line == "}" || (line.ends_with(';') && !line.starts_with([' ', '/', '#']));
                out.push_str(line);
                out.push('\n');
            }
            out
        }
        let codes = [
            "",
            "\n",
            "use a;\nuse b;\nstruct A {\n    x: u8,\n}\ncrate::runtime::serde_fields!(A { 0 x = \"x\" });\nfn f() {}\n",
            "pub struct A;\n#[cfg(x)]\npub struct B;\n}\n)\n/// doc;\nmod m;\n\nconst C: u8 = 1;",
            "struct A;\r\nstruct B;\r\n    x;\r\nstruct C;\rstruct D;\n",
        ];
        for code in codes {
            assert_eq!(space_items(code), by_line(code), "{code:?}");
        }
    }
}
