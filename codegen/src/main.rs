//! `codegen`: generate a typed Rust client, a clap CLI and reference pages
//! from an OpenAPI description.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generation allocates many small token trees; mimalloc spends about a third
/// less time on them than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed Rust client, a command-line tool and reference pages
/// from an OpenAPI 3.0 or 3.1 description (YAML or JSON).
///
/// Exit codes: 0 success; 1 the spec was refused (unreadable, invalid, Swagger 2.0, too deep or
/// too large), with the JSON pointer of what is wrong, or `update` could not fetch or apply it
/// (nothing changed); 2 usage error; 3 `update` applied a change with breaks not accepted.
#[derive(Debug, Parser)]
#[command(name = "codegen", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a standalone crate (or only the modules) from a spec.
    ///
    /// The crate has a Cargo.toml, the typed client as a library, the CLI as a binary named
    /// after the crate, the runtime they share, and reference pages under docs/. It builds
    /// with crates.io dependencies only. Only files whose contents changed are written.
    Generate {
        /// The OpenAPI description, YAML or JSON.
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The directory to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The crate's and the binary's name [default: the spec's file name];
        /// a Rust keyword or a built-in crate's name takes `-api` (`box-api`).
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
        /// Write only types.rs, client.rs, cli.rs and docs/, for a crate of your own
        /// that provides the runtime (as dci does).
        #[arg(long)]
        modules_only: bool,
        /// Do not print warnings about parts of the spec typed as plain JSON.
        #[arg(long, short)]
        quiet: bool,
        /// An OpenAPI Overlay (1.0 or 1.1, YAML or JSON) to apply to the spec
        /// first; repeat it to apply several, in order.
        #[arg(long, value_name = "FILE")]
        overlay: Vec<PathBuf>,
        /// A customisation file (YAML: destructive operations, global flags,
        /// pagination, resources, overlays...; docs/customising.md).
        #[arg(long, value_name = "FILE")]
        customize: Option<PathBuf>,
    },
    /// Report what changes between two specs for client and CLI users.
    ///
    /// Operations and commands added and removed; for changed ones, parameters and flags,
    /// request and response fields, types, enum values, requiredness and status codes. Each
    /// change is classified breaking or not, for the client and for the CLI.
    Diff {
        /// The spec before the change.
        old: PathBuf,
        /// The spec after the change.
        new: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: ReportFormat,
        /// Exit 1 when any change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
        /// Breaks the team accepted (YAML: a list of `{id, reason, date}`; ids
        /// as the report prints them): listed apart, and not failing
        /// `--fail-on-breaking`. An entry matching no break is reported stale.
        #[arg(long, value_name = "FILE")]
        accepted: Option<PathBuf>,
        /// Print only the version after this one (`1.4.2`): the bump the
        /// changes need, the larger of the client's and the CLI's, by Cargo's
        /// rules (below 1.0 a break bumps the minor number).
        #[arg(long, value_name = "VERSION")]
        bump_version: Option<String>,
        /// An OpenAPI Overlay applied to both specs first; repeat it to apply
        /// several, in order.
        #[arg(long, value_name = "FILE")]
        overlay: Vec<PathBuf>,
    },
    /// Release notes for the generated crate and CLI between two specs.
    ///
    /// Markdown grouped by added, changed, deprecated and removed; each line names the
    /// command and the typed client's method, and says when it breaks; the release each
    /// side needs comes first.
    Changelog {
        /// The spec before the change.
        old: PathBuf,
        /// The spec after the change.
        new: PathBuf,
        /// The tool's name, as the notes show commands [default: the new spec's file name].
        #[arg(long, value_name = "NAME")]
        program: Option<String>,
        /// An OpenAPI Overlay applied to both specs first; repeat it to apply
        /// several, in order.
        #[arg(long, value_name = "FILE")]
        overlay: Vec<PathBuf>,
    },
    /// Fetch a new release of the spec and regenerate, version and describe it, in one step.
    ///
    /// Reads the source record (where the spec comes from, what to refresh), fetches the spec
    /// with a conditional request, refuses a document that does not load or is older, applies
    /// the overlays, regenerates the generated directory, bumps the package version by the
    /// diff's semver verdict, prepends the release notes to the changelog (Keep a Changelog),
    /// writes the review report, and records the copy's SHA-256, ETag and time. All or
    /// nothing: a failure puts every file back. Prints what it did and `verdict: major|minor|
    /// patch|none`.
    #[cfg(feature = "update")]
    Update {
        /// The source record.
        #[arg(long, value_name = "FILE", default_value = "spec/source.yaml")]
        source: PathBuf,
        /// Take the spec from this URL or file instead of the recorded URL (no conditional
        /// request then).
        #[arg(long, value_name = "URL|FILE")]
        from: Option<String>,
        /// Seconds the fetch may take, all of it.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,
        /// Where the review report goes (Markdown, a pull request's body).
        #[arg(long, value_name = "FILE", default_value = "target/spec-update.md")]
        report: PathBuf,
    },
    /// Only read the spec (the floor `scripts/bench.py` measures generation against).
    #[command(hide = true)]
    Parse {
        /// The OpenAPI description.
        spec: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ReportFormat {
    /// A table for people (pull request comments).
    Markdown,
    /// `{"breaking": n, "changes": [...]}` for tools.
    Json,
    /// GitHub Actions annotations on the spec's lines (`::error file=...,line=...::`).
    Github,
}

fn main() -> ExitCode {
    // A panic is a bug in codegen, never the spec's fault: say so plainly.
    std::panic::set_hook(Box::new(|info| {
        if codegen::load::in_guarded_parse() {
            return;
        }
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let info = codegen::text::printable(&info.to_string());
        eprintln!("internal error in codegen{location}: {info}; please report it with the spec");
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            modules_only,
            quiet,
            overlay,
            customize,
        } => generate(
            &spec,
            &out,
            name,
            (modules_only, quiet),
            (overlay, customize),
        ),
        Command::Diff {
            old,
            new,
            format,
            fail_on_breaking,
            accepted,
            bump_version,
            overlay,
        } => diff(
            [&old, &new],
            format,
            fail_on_breaking,
            accepted.as_deref(),
            bump_version,
            &overlay,
        ),
        Command::Changelog {
            old,
            new,
            program,
            overlay,
        } => changelog([&old, &new], program, &overlay),
        #[cfg(feature = "update")]
        Command::Update {
            source,
            from,
            timeout,
            report,
        } => update(codegen::update::Options {
            source,
            from,
            timeout: std::time::Duration::from_secs(timeout),
            report,
            now: std::time::SystemTime::now(),
        }),
        Command::Parse { spec } => match codegen::load::load(&spec) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn diff(
    [old_path, new_path]: [&Path; 2],
    format: ReportFormat,
    fail_on_breaking: bool,
    accepted: Option<&Path>,
    bump_version: Option<String>,
    overlays: &[PathBuf],
) -> ExitCode {
    let models = (
        diff_model(old_path, overlays),
        diff_model(new_path, overlays),
    );
    let (old, new) = match models {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut changes = codegen::diff::diff(&old, &new);
    let texts = [old_path, new_path].map(|p| {
        let text = std::fs::read_to_string(p).ok();
        (
            p.display().to_string(),
            text.as_deref().and_then(codegen::diff::Lines::parse),
        )
    });
    codegen::diff::place(&mut changes, side(&texts[0]), side(&texts[1]));
    let accepted = match accepted.map(codegen::diff::load_accepted) {
        None => Vec::new(),
        Some(Ok(accepted)) => accepted,
        Some(Err(e)) => {
            eprintln!("error: --accepted: {e}");
            return ExitCode::from(2);
        }
    };
    let stale = codegen::diff::accept(&mut changes, &accepted);
    if let Some(current) = bump_version {
        let next = match codegen::diff::Bumps::overall(&changes) {
            Some(bumps) => bumps.larger().next(&current),
            None => Some(current.trim().to_string()),
        };
        let Some(next) = next else {
            eprintln!("error: --bump-version: '{current}' is not MAJOR.MINOR.PATCH");
            return ExitCode::from(2);
        };
        print(&next);
        let breaking = changes.iter().any(|c| c.open_break());
        return ExitCode::from(u8::from(fail_on_breaking && breaking));
    }
    let report = match format {
        ReportFormat::Markdown => codegen::diff::markdown(&changes, &stale),
        ReportFormat::Json => codegen::diff::json(&changes, &stale),
        ReportFormat::Github => codegen::diff::github(&changes, &stale),
    };
    print(report.trim_end());
    if fail_on_breaking && changes.iter().any(|c| c.open_break()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn changelog([old, new]: [&Path; 2], program: Option<String>, overlays: &[PathBuf]) -> ExitCode {
    let program = program.unwrap_or_else(|| {
        new.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "api".to_string())
    });
    match (diff_model(old, overlays), diff_model(new, overlays)) {
        (Ok(old), Ok(new)) => {
            let changes = codegen::diff::diff(&old, &new);
            print(codegen::diff::changelog(&changes, &program).trim_end());
            ExitCode::SUCCESS
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// A report on stdout, with its last newline. A reader that went away
/// (`| head`) is not an error: what it read was what it wanted.
fn print(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// A spec's name and its parsed text, when it parsed.
fn side(
    (file, lines): &(String, Option<codegen::diff::Lines>),
) -> Option<(&str, &codegen::diff::Lines)> {
    lines.as_ref().map(|lines| (file.as_str(), lines))
}

/// The model a diff compares: the spec at `path` with `overlays` applied.
fn diff_model(
    path: &Path,
    overlays: &[PathBuf],
) -> Result<codegen::model::Api, codegen::error::Error> {
    let spec = codegen::load::load_overlaid(path, overlays)?;
    codegen::model::build(
        &spec,
        &codegen::Config::new(path.display().to_string(), "api"),
    )
}

fn generate(
    spec: &Path,
    out: &Path,
    name: Option<String>,
    (modules_only, quiet): (bool, bool),
    (overlays, customize): (Vec<PathBuf>, Option<PathBuf>),
) -> ExitCode {
    let name = name.unwrap_or_else(|| {
        spec.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "api".to_string())
    });
    let source = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| spec.display().to_string());
    let mut config = codegen::Config::new(source, name);
    if let Some(path) = customize {
        config = match config.customize(&path) {
            Ok(config) => config,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
    }
    // The flag's overlays come after the customisation file's.
    config.overlays.extend(overlays);
    // A crate's files are written as they are made; modules, which dci's
    // build script also makes, come whole.
    let mut writer = codegen::write::Writer::new(out);
    let result = if modules_only {
        codegen::generate(spec, &config).and_then(|output| {
            for file in &output.files {
                writer.write(file)?;
            }
            Ok(output.warnings)
        })
    } else {
        // The process ends next: what the generation leaves is not freed.
        codegen::generate_crate_leaving(spec, &config, &mut |file| writer.write(&file)).map(
            |(warnings, leftovers)| {
                std::mem::forget(leftovers);
                warnings
            },
        )
    };
    let warnings = match result {
        Ok(warnings) => warnings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if !quiet {
        for warning in &warnings {
            eprintln!("warning: {warning}");
        }
    }
    eprintln!(
        "{} files generated in {}, {} changed, {} warnings",
        writer.files,
        out.display(),
        writer.written.len(),
        warnings.len()
    );
    ExitCode::SUCCESS
}

#[cfg(feature = "update")]
fn update(options: codegen::update::Options) -> ExitCode {
    match codegen::update::run(&options) {
        Ok(codegen::update::Outcome::Unchanged(reason)) => {
            print(&reason);
            print("verdict: unchanged");
            ExitCode::SUCCESS
        }
        Ok(codegen::update::Outcome::Updated {
            done,
            verdict,
            open_breaks,
        }) => {
            print(&done.join("\n"));
            print(&format!("verdict: {verdict}"));
            if open_breaks == 0 {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "error: {open_breaks} breaking change(s) are not in the accepted list; see {}",
                options.report.display()
            );
            ExitCode::from(3)
        }
        Err(e) => {
            eprintln!("error: {e}; nothing changed");
            ExitCode::from(1)
        }
    }
}
