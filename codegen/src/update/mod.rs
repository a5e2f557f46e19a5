//! `codegen update`: a new release of a vendor's spec in one step. Fetch it
//! (conditionally), refuse what is not a newer OpenAPI document, apply the
//! overlays, regenerate, diff against the copy vendored, bump the version
//! by the verdict, prepend the release notes to the changelog, and write a
//! review report, all or nothing.
//!
//! What to refresh is read from the source record (`spec/source.yaml`,
//! [`record`]); the steps that change files run against a [`snapshot`] of
//! everything they touch and put it back when a later one fails.

mod fetch;
mod plan;
mod record;
mod release;
mod snapshot;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use crate::error::Error;
pub use fetch::{fetch, Fetched, Validators};
use plan::Plan;
pub use record::{Copy, Record};
use snapshot::write_atomic;

/// What to update from, and where the report goes.
#[derive(Debug, Clone)]
pub struct Options {
    /// The source record (`spec/source.yaml`).
    pub source: PathBuf,
    /// A URL or file to take the spec from instead of the recorded URL
    /// (no conditional request then).
    pub from: Option<String>,
    /// How long the fetch may take, all of it.
    pub timeout: Duration,
    /// Where the review report (Markdown, a pull request's body) goes.
    pub report: PathBuf,
    /// The time recorded as the fetch's and the release's.
    pub now: SystemTime,
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing in the working tree changed, for this reason.
    Unchanged(String),
    /// The spec was replaced.
    Updated {
        /// One line per thing done, in order.
        done: Vec<String>,
        /// `major`, `minor`, `patch` or `none`: the label of the change.
        verdict: String,
        /// Breaking changes not in the accepted list.
        open_breaks: usize,
    },
}

/// Runs an update. An error leaves the working tree as it was.
pub fn run(options: &Options) -> Result<Outcome, Error> {
    let record = Record::read(&options.source)?;
    let from = options.from.clone().unwrap_or_else(|| record.url.clone());
    let validators = match from == record.url {
        true => Validators {
            etag: record.etag.as_deref(),
            last_modified: record.last_modified.as_deref(),
        },
        false => Validators::default(),
    };
    let refused = |message: String| Error::Parse {
        path: from.clone(),
        message,
    };
    let (bytes, etag, last_modified) =
        match fetch(&from, &validators, options.timeout).map_err(Error::Update)? {
            Fetched::NotModified => {
                return Ok(Outcome::Unchanged(format!(
                    "{from}: not modified since the copy recorded (fetched {})",
                    record.fetched.as_deref().unwrap_or("at an unknown time")
                )))
            }
            Fetched::Body {
                bytes,
                etag,
                last_modified,
            } => (bytes, etag, last_modified),
        };
    let old_bytes = std::fs::read(&record.spec).map_err(|source| Error::Read {
        path: record.show(&record.spec).to_string(),
        source,
    })?;
    let copy = Copy {
        sha256: hex(&Sha256::digest(&bytes)),
        bytes: bytes.len(),
        etag,
        last_modified,
        fetched: Some(rfc3339(options.now)),
    };
    if bytes == old_bytes {
        return same_document(&record, copy);
    }
    let new_spec = crate::load::parse(&bytes, &from)?;
    let old_spec = crate::load::parse(&old_bytes, &record.spec_label)?;
    if older(&old_spec.info.version, &new_spec.info.version) {
        return Err(refused(format!(
            "info.version {} is older than the vendored copy's {}",
            new_spec.info.version, old_spec.info.version
        )));
    }
    drop((new_spec, old_spec));
    Plan::make(&record, &bytes, &old_bytes, copy, options)?.apply(&record, options)
}

/// The fetched document is the vendored one: record validators the record
/// lacks, and nothing else.
fn same_document(record: &Record, copy: Copy) -> Result<Outcome, Error> {
    let known = record.sha256.as_deref() == Some(copy.sha256.as_str())
        && (copy.etag.is_none() || copy.etag == record.etag)
        && (copy.last_modified.is_none() || copy.last_modified == record.last_modified);
    let reason = format!(
        "the document fetched is the vendored copy (SHA-256 {})",
        &copy.sha256[..12]
    );
    if known {
        return Ok(Outcome::Unchanged(format!("{reason}; nothing changed")));
    }
    write_atomic(&record.path, record.rewrite(&copy).as_bytes())?;
    Ok(Outcome::Unchanged(format!(
        "{reason}; recorded its validators in {}",
        record.show(&record.path)
    )))
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `new` is an older version than `old`, where both have numbers
/// to compare (`v1.2` < `v1.10`); labels without numbers are never older.
fn older(old: &str, new: &str) -> bool {
    let numbers = |v: &str| -> Vec<u64> {
        v.split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .filter_map(|n| n.parse().ok())
            .collect()
    };
    let (old, new) = (numbers(old), numbers(new));
    !old.is_empty() && !new.is_empty() && new < old
}

/// `now` as RFC 3339 in UTC, to the second (`2026-12-04T09:30:00Z`).
fn rfc3339(now: SystemTime) -> String {
    let secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_utc_rfc3339() {
        let at = |secs| rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_796_370_245), "2026-12-04T07:44:05Z");
    }

    #[test]
    fn only_a_lower_numbered_version_is_older() {
        assert!(older("1.10.0", "1.9.0"));
        assert!(older("v2", "v1"));
        assert!(!older("1.9.0", "1.10.0"));
        assert!(!older("v1", "v1"));
        assert!(!older("latest", "v1"));
    }
}
