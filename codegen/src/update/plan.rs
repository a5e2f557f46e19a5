//! The files an update writes, decided in full before any is written, and
//! written all or nothing.

use std::path::PathBuf;

use super::record::{Copy, Record};
use super::release;
use super::snapshot::{write_atomic, Snapshot};
use super::{Options, Outcome};
use crate::diff::{Acceptance, Bumps, Change};
use crate::error::Error;

/// Every file an update writes, decided before anything is written.
pub(super) struct Plan {
    writes: Vec<(PathBuf, Vec<u8>)>,
    generated: Vec<crate::GeneratedFile>,
    drifts: Vec<crate::check::Drift>,
    report: String,
    done: Vec<String>,
    verdict: String,
    open_breaks: usize,
}

impl Plan {
    pub(super) fn make(
        record: &Record,
        bytes: &[u8],
        old_bytes: &[u8],
        copy: Copy,
        options: &Options,
    ) -> Result<Plan, Error> {
        let mut config = crate::Config::new(record.spec_label.clone(), record.program.clone());
        if let Some(custom) = &record.customization {
            config = config.customize(custom)?;
        }
        let new = crate::load::parse_overlaid(bytes, &record.spec_label, &config.overlays)?;
        let old = crate::load::parse_overlaid(old_bytes, &record.spec_label, &config.overlays)?;
        let new_api = crate::model::build(&new, &config)?;
        let old_api = crate::model::build(&old, &config)?;
        drop((new, old));
        let mut changes = crate::diff::diff(&old_api, &new_api);
        drop(old_api);
        let texts = [old_bytes, bytes].map(|b| {
            std::str::from_utf8(b)
                .ok()
                .and_then(crate::diff::Lines::parse)
        });
        let label = record.spec_label.as_str();
        crate::diff::place(
            &mut changes,
            texts[0].as_ref().map(|l| (label, l)),
            texts[1].as_ref().map(|l| (label, l)),
        );
        let accepted = match &record.accepted {
            Some(path) if path.exists() => {
                crate::diff::load_accepted(path).map_err(|message| Error::Parse {
                    path: path.display().to_string(),
                    message,
                })?
            }
            _ => Vec::new(),
        };
        let stale = crate::diff::accept(&mut changes, &accepted);
        let generated = crate::modules(&new_api)?;
        let keep: Vec<&str> = record.generated_keep.iter().map(String::as_str).collect();
        let drifts = crate::check::drift(&record.generated, &generated, &keep)?;
        let mut plan = Plan {
            writes: vec![(record.spec.clone(), bytes.to_vec())],
            done: vec![format!(
                "{}: replaced by the document fetched ({} bytes, SHA-256 {})",
                record.show(&record.spec),
                copy.bytes,
                &copy.sha256[..12]
            )],
            report: String::new(),
            verdict: String::new(),
            open_breaks: changes.iter().filter(|c| c.open_break()).count(),
            generated,
            drifts,
        };
        plan.release(record, &changes, options)?;
        plan.report = report(record, &copy, &plan, &changes, &stale);
        plan.writes
            .push((record.path.clone(), record.rewrite(&copy).into_bytes()));
        Ok(plan)
    }
}

impl Plan {
    /// The version bump and the changelog section, when the API changed
    /// for its users.
    fn release(
        &mut self,
        record: &Record,
        changes: &[Change],
        options: &Options,
    ) -> Result<(), Error> {
        let Some(bumps) = Bumps::overall(changes) else {
            self.verdict = "none".to_string();
            self.done.push(format!(
                "no change for client or CLI users: {} version and {} stay",
                record.program,
                record.show(&record.changelog)
            ));
            return Ok(());
        };
        self.verdict = bumps.larger().as_str().to_string();
        let manifest = read_text(&record.manifest)?;
        let Some((name, current)) = release::package(&manifest) else {
            return Err(Error::Update(format!(
                "{}: no [package] name and version to bump",
                record.show(&record.manifest)
            )));
        };
        let next = bumps.larger().next(&current).ok_or_else(|| {
            Error::Update(format!(
                "{}: version '{current}' is not MAJOR.MINOR.PATCH",
                record.show(&record.manifest)
            ))
        })?;
        self.writes.push((
            record.manifest.clone(),
            release::set_version(&manifest, &next).into_bytes(),
        ));
        let lock = record.root().join("Cargo.lock");
        if let Ok(text) = std::fs::read_to_string(&lock) {
            let bumped = release::set_locked_version(&text, &name, &current, &next);
            self.writes.push((lock, bumped.into_bytes()));
        }
        let date = super::rfc3339(options.now)[..10].to_string();
        let section = crate::diff::release_section(changes, &record.program, &next, &date)
            .unwrap_or_default();
        let existing = std::fs::read_to_string(&record.changelog).ok();
        let changelog = release::prepend(existing.as_deref(), &record.program, &section);
        self.writes
            .push((record.changelog.clone(), changelog.into_bytes()));
        self.done.push(format!(
            "{} {current} -> {next} (verdict: {}); {} has its notes",
            record.program,
            self.verdict,
            record.show(&record.changelog)
        ));
        Ok(())
    }

    /// Writes every file, then runs the record's `after` commands; on any
    /// failure puts every file back.
    pub(super) fn apply(mut self, record: &Record, options: &Options) -> Result<Outcome, Error> {
        let mut snapshot = Snapshot::default();
        for (path, _) in &self.writes {
            snapshot.take(path)?;
        }
        snapshot.take(&record.generated)?;
        if let Err(e) = self.write(record, options) {
            let failed = snapshot.restore();
            return Err(match failed.is_empty() {
                true => e,
                false => Error::Update(format!(
                    "{e}; and these files could not be put back: {}",
                    failed.join(", ")
                )),
            });
        }
        Ok(Outcome::Updated {
            done: self.done,
            verdict: self.verdict,
            open_breaks: self.open_breaks,
        })
    }

    fn write(&mut self, record: &Record, options: &Options) -> Result<(), Error> {
        if let Some(dir) = options
            .report
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.display().to_string(),
                source,
            })?;
        }
        for (path, contents) in &self.writes {
            write_atomic(path, contents)?;
        }
        crate::check::refresh(&record.generated, &self.generated, &self.drifts)?;
        self.done.push(format!(
            "{}: {} files regenerated, {} changed",
            record.show(&record.generated),
            self.generated.len(),
            self.drifts.len()
        ));
        for command in &record.after {
            run_after(record, command)?;
            self.done.push(format!("ran `{}`", command.join(" ")));
        }
        self.done
            .push(format!("review report: {}", options.report.display()));
        self.report.push_str("\n\n## Done\n\n");
        for line in &self.done {
            self.report.push_str(&format!("- {line}\n"));
        }
        write_atomic(&options.report, self.report.as_bytes())
    }
}

/// Runs one `after` command in the record's root; its failure is an error
/// quoting the end of what it printed.
fn run_after(record: &Record, command: &[String]) -> Result<(), Error> {
    let shown = command.join(" ");
    let Some((program, args)) = command.split_first() else {
        return Ok(());
    };
    let output = std::process::Command::new(program)
        .args(args)
        .current_dir(record.root())
        .output()
        .map_err(|e| Error::Update(format!("after: `{shown}` did not start: {e}")))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    Err(Error::Update(format!(
        "after: `{shown}` failed ({}): {}",
        output.status,
        crate::text::printable(&tail.join(" | "))
    )))
}

fn read_text(path: &std::path::Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.display().to_string(),
        source,
    })
}

/// The pull request's body: what was fetched, the verdict, the diff report
/// and the release notes.
fn report(
    record: &Record,
    copy: &Copy,
    plan: &Plan,
    changes: &[Change],
    stale: &[Acceptance],
) -> String {
    let mut out = format!(
        "# {}: a new API description\n\n`codegen update` fetched `{}` ({} bytes, SHA-256 `{}`{}) at {}.\n\n**Verdict: {}.**",
        record.program,
        record.url,
        copy.bytes,
        &copy.sha256[..12],
        copy.etag
            .as_deref()
            .map(|e| format!(", ETag `{e}`"))
            .unwrap_or_default(),
        copy.fetched.as_deref().unwrap_or("an unknown time"),
        plan.verdict
    );
    match plan.open_breaks {
        0 => out.push_str(" No break outside `spec/accepted-changes.yaml`.\n\n"),
        n => out.push_str(&format!(
            " {n} breaking change(s) not in the accepted list: review them, then accept them or wait for the vendor.\n\n"
        )),
    }
    out.push_str(crate::diff::markdown(changes, stale).trim_end());
    out
}
