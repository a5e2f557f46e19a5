//! Output of the tool's own commands (`status`, `customer-context`...):
//! lines for people, and for programs the same report as one object,
//! through `--fields`, `--jq` and the chosen format like any response.
//! Commands that print no data refuse those flags rather than ignore them.

use super::super::output::{self, Filter, Format, Printer};
use super::args::GlobalArgs;
use super::failure::Failure;
use super::program::Program;

/// The tool's own commands that print no data: `--jq`, `--fields` and
/// `--output` mean nothing there.
pub(super) const NO_DATA: &[&str] = &["login", "logout", "completion", "man", "version"];

impl Program {
    /// Prints an own command's report: `text` for people; `object` through
    /// `--fields`, `--jq` and the format when one of them is given, or in
    /// agent mode (as JSON unless a format is chosen).
    pub fn print_own(
        &self,
        global: &GlobalArgs,
        text: &str,
        object: serde_json::Value,
    ) -> Result<(), Failure> {
        let agent = self.agent_mode(global.agent, global.no_agent);
        let picked = global.jq.is_some() || global.fields.is_some();
        let format = match global.output {
            Some(Format::Table) if !picked => None,
            None if agent => Some(Format::Json),
            None if picked => Some(Format::resolve(None)),
            chosen => chosen,
        };
        let Some(format) = format else {
            output::print(text);
            return Ok(());
        };
        let filter = match global.jq.as_deref() {
            Some(code) => {
                Some(Filter::compile(code).map_err(|e| Failure::usage(format!("--jq: {e}")))?)
            }
            None => None,
        };
        let shown = Printer::new(format, global.fields.clone(), filter, false)
            .text_of(object, true)
            .map_err(|e| Failure::error(format!("cannot print the result: {e}")))?;
        output::print(&shown);
        Ok(())
    }

    /// A usage failure when output flags are given to `command`, one of
    /// the tool's own that print no data.
    pub(super) fn output_flags_refused(&self, matches: &clap::ArgMatches) -> Option<Failure> {
        let (command, sub) = matches.subcommand()?;
        if !NO_DATA.contains(&command) {
            return None;
        }
        let given = |id: &str| {
            matches!(
                sub.value_source(id).or_else(|| matches.value_source(id)),
                Some(clap::parser::ValueSource::CommandLine)
            )
        };
        let flag = [
            ("jq", "--jq"),
            ("fields", "--fields"),
            ("output", "--output"),
        ]
        .into_iter()
        .find(|(id, _)| given(id))?
        .1;
        Some(
            Failure::usage(format!(
                "{flag} does not apply to '{} {command}', which prints no data",
                self.name
            ))
            .with_hint(format!("see {} {command} --help", self.name)),
        )
    }
}
