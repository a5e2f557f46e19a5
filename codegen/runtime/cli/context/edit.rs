//! `edit`: read the item with a GET of the write's path, open it in
//! `$VISUAL` or `$EDITOR` (JSON, or YAML with `-o yaml`), show the change
//! as a diff, ask, and send it: the whole item, or only the change as a
//! JSON merge patch where the server takes one; with `If-Match` when the
//! GET gave an `ETag`. An unchanged file sends nothing.

use std::io::{IsTerminal, Write};

use serde_json::{Map, Value};

use super::super::super::output::Format;
use super::super::super::request::{Body, Method, Request};
use super::super::super::response::Edit;
use super::super::args::RunOptions;
use super::super::failure::{ErrorCode, Failure};
use super::names::Unverified;
use super::{Context, Op};

/// The item as read, and how to write it back.
struct Read {
    /// What the editor shows: the body's fields of the item.
    shown: Value,
    /// The GET's `ETag`, sent back as `If-Match`.
    etag: Option<String>,
}

impl Context {
    /// Runs the write `request` as `edit` does; `unverified` are the ids
    /// sent as given that may be names.
    pub(super) async fn edit(
        &self,
        op: &Op,
        mut request: Request,
        unverified: &[Unverified],
        options: RunOptions,
    ) -> Result<(), Failure> {
        let Some(edit) = op.edit else {
            return Err(Failure::usage("this command cannot be edited"));
        };
        if self.settings.global.offline {
            return Err(Failure::usage(
                "edit reads the item from the API first; it cannot run with --offline",
            ));
        }
        let read = match self.read_item(&request, &edit).await {
            Err(failure) if failure.status == Some(404) && !unverified.is_empty() => {
                match self.retry_by_name(&request, unverified).await? {
                    Some(retried) => {
                        request = retried;
                        self.read_item(&request, &edit).await?
                    }
                    None => return Err(failure),
                }
            }
            other => other?,
        };
        let yaml = self.settings.global.output == Some(Format::Yaml);
        let before = render(&read.shown, yaml);
        let after_text = edited(&before, yaml)?;
        let after = parse(&after_text.text, yaml).map_err(|why| {
            let kept = after_text.keep();
            Failure::usage(format!(
                "the edited item is not valid {why}; nothing was sent"
            ))
            .with_hint(format!("your changes are kept in {kept}"))
        })?;
        if after == read.shown {
            eprintln!("No change; nothing was sent.");
            return Ok(());
        }
        eprint!("{}", diff(&before, &render(&after, yaml)));
        let body = match edit.merge_patch {
            true => merge_patch(&read.shown, &after),
            false => after,
        };
        let media_type = match edit.merge_patch {
            true => "application/merge-patch+json",
            false => edit.media_type,
        };
        request.body = Some(Body::Bytes {
            bytes: serde_json::to_vec(&body).unwrap_or_default(),
            content_type: media_type.to_string(),
        });
        if let Some(etag) = read.etag {
            request
                .headers
                .retain(|(k, _)| !k.eq_ignore_ascii_case("if-match"));
            request.headers.push(("If-Match".to_string(), etag));
        }
        if options.dry_run {
            return self.print_curl(&request);
        }
        if !self.settings.confirmed {
            self.ask_to_send(&request, op.destructive)?;
        }
        self.fetch(op, &request, options).await
    }

    /// Reads the item `request` writes: a GET of the same path.
    async fn read_item(&self, request: &Request, edit: &Edit) -> Result<Read, Failure> {
        let get = Request::new(Method::GET, request.path.clone()).with_security(edit.get_security);
        if !self.client.can_authorize(get.security) {
            return Err(super::access::no_credential(
                get.security,
                self.settings.login_command.as_deref(),
            ));
        }
        let response = self.send(&get).await?;
        if !(200..300).contains(&response.status()) {
            return Err(Failure::status(&response, true, &self.sign_in_hint()));
        }
        let etag = response
            .headers()
            .get(reqwest::header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let item: Value = serde_json::from_slice(response.body())
            .map_err(|e| Failure::error(format!("the item read to edit is not JSON: {e}")))?;
        Ok(Read {
            shown: writable(item, edit.fields),
            etag,
        })
    }

    /// Asks on a terminal whether to send; refuses (exit 30) without one.
    fn ask_to_send(&self, request: &Request, destructive: bool) -> Result<(), Failure> {
        let what = format!("{} {}", request.method, request.path);
        let undone = match destructive {
            true => " It cannot be undone.",
            false => "",
        };
        if self.settings.agent || !std::io::stdin().is_terminal() {
            return Err(Failure::new(
                ErrorCode::DestructiveRequiresConfirmation,
                format!(
                    "nothing was sent: pass --yes (or set {}=1) to send the change without a question",
                    self.settings.confirm_env
                ),
            ));
        }
        eprint!("Send this change ({what})?{undone} [y/N] ");
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Ok(()),
            _ => Err(Failure {
                plain: true,
                ..Failure::new(
                    ErrorCode::DestructiveRequiresConfirmation,
                    "Cancelled; nothing was sent.",
                )
            }),
        }
    }
}

/// The item's fields the body takes, in the item's order; the whole item
/// when it has none of them (or the spec lists none).
fn writable(item: Value, fields: &[&str]) -> Value {
    let Value::Object(map) = &item else {
        return item;
    };
    if fields.is_empty() {
        return item;
    }
    let kept: Map<String, Value> = map
        .iter()
        .filter(|(k, _)| fields.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    match kept.is_empty() {
        true => item,
        false => Value::Object(kept),
    }
}

/// The text the editor opens.
fn render(value: &Value, yaml: bool) -> String {
    match yaml {
        true => serde_yaml::to_string(value).unwrap_or_default(),
        false => format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        ),
    }
}

/// The edited text, as JSON; `why` names the format and the place.
fn parse(text: &str, yaml: bool) -> Result<Value, String> {
    match yaml {
        true => serde_yaml::from_str(text).map_err(|e| format!("YAML: {e}")),
        false => serde_json::from_str(text).map_err(|e| format!("JSON: {e}")),
    }
}

/// The file the editor changed.
struct EditedFile {
    text: String,
    file: tempfile::NamedTempFile,
}

impl EditedFile {
    /// Keeps the file; its path.
    fn keep(self) -> String {
        match self.file.keep() {
            Ok((_, path)) => path.display().to_string(),
            Err(e) => format!("(lost: {e})"),
        }
    }
}

/// Writes `text` to a file of the user's alone, opens it in the editor,
/// and reads it back.
fn edited(text: &str, yaml: bool) -> Result<EditedFile, Failure> {
    let suffix = if yaml { ".yaml" } else { ".json" };
    let mut file = tempfile::Builder::new()
        .prefix("edit-")
        .suffix(suffix)
        .tempfile()
        .map_err(|e| Failure::error(format!("cannot make a file to edit: {e}")))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| Failure::error(format!("cannot write the file to edit: {e}")))?;
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string());
    let status = editor_command(&editor, file.path()).status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => {
            return Err(Failure::error(format!(
                "the editor ({editor}) ended with {status}; nothing was sent"
            )))
        }
        Err(e) => {
            return Err(
                Failure::error(format!("cannot start the editor '{editor}': {e}"))
                    .with_hint("set VISUAL or EDITOR to the editor to use"),
            )
        }
    }
    let text = std::fs::read_to_string(file.path())
        .map_err(|e| Failure::error(format!("cannot read the edited file: {e}")))?;
    Ok(EditedFile { text, file })
}

/// The editor on `path`: through the shell, so that `VISUAL="code --wait"`
/// works.
fn editor_command(editor: &str, path: &std::path::Path) -> std::process::Command {
    #[cfg(unix)]
    {
        let mut command = std::process::Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(editor)
            .arg(path);
        command
    }
    #[cfg(not(unix))]
    {
        let mut words = editor.split_whitespace();
        let mut command = std::process::Command::new(words.next().unwrap_or("notepad"));
        command.args(words).arg(path);
        command
    }
}

/// The change as a unified diff, coloured on a terminal.
fn diff(before: &str, after: &str) -> String {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let text = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header("read", "edited")
        .to_string();
    if !color {
        return text;
    }
    text.lines()
        .map(|line| match line.as_bytes().first() {
            Some(b'+') => format!("\x1b[32m{line}\x1b[0m\n"),
            Some(b'-') => format!("\x1b[31m{line}\x1b[0m\n"),
            Some(b'@') => format!("\x1b[36m{line}\x1b[0m\n"),
            _ => format!("{line}\n"),
        })
        .collect()
}

/// The JSON merge patch (RFC 7386) that turns `before` into `after`: the
/// changed and added members, `null` for each removed one.
fn merge_patch(before: &Value, after: &Value) -> Value {
    let (Value::Object(before), Value::Object(after)) = (before, after) else {
        return after.clone();
    };
    let mut patch = Map::new();
    for (key, old) in before {
        match after.get(key) {
            None => {
                patch.insert(key.clone(), Value::Null);
            }
            Some(new) if new != old => {
                patch.insert(key.clone(), merge_patch(old, new));
            }
            Some(_) => {}
        }
    }
    for (key, new) in after {
        if !before.contains_key(key) {
            patch.insert(key.clone(), new.clone());
        }
    }
    Value::Object(patch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merge_patch_holds_the_changes_and_nulls_the_removed() {
        let before = serde_json::json!({"name": "a", "config": {"x": 1, "y": 2}, "gone": true});
        let after = serde_json::json!({"name": "a", "config": {"x": 1, "y": 3}, "new": [1]});
        assert_eq!(
            merge_patch(&before, &after),
            serde_json::json!({"config": {"y": 3}, "gone": null, "new": [1]})
        );
    }

    #[test]
    fn the_editor_shows_the_fields_the_body_takes() {
        let item = serde_json::json!({"id": "a1", "name": "n", "created": 1});
        assert_eq!(
            writable(item.clone(), &["name"]),
            serde_json::json!({"name": "n"})
        );
        assert_eq!(writable(item.clone(), &["other"]), item);
        assert_eq!(writable(item.clone(), &[]), item);
    }
}
