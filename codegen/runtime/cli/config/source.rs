//! Where each setting in effect comes from: a flag, the environment, the
//! config file or the default, first one given wins.

use super::ConfigFile;

/// Where a setting in effect comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag.
    Flag,
    /// An environment variable.
    Env,
    /// The config file.
    Config,
    /// The tool's default.
    Default,
    /// Nowhere: the setting is unset.
    Unset,
}

impl Source {
    /// The source as `status -o json` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Flag => "flag",
            Source::Env => "env",
            Source::Config => "config",
            Source::Default => "default",
            Source::Unset => "none",
        }
    }

    /// The source as `status` prints it for people.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Flag => "from a flag",
            Source::Env => "from the environment",
            Source::Config => "from the config file",
            Source::Default => "default",
            Source::Unset => "not set",
        }
    }
}

/// A setting in effect: its value, and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The value; `None` when unset.
    pub value: Option<String>,
    /// Where the value comes from.
    pub source: Source,
}

impl Setting {
    /// The first of `candidates` (in order of precedence: flag, environment,
    /// config file, default) with a value that is not blank.
    pub fn first(candidates: impl IntoIterator<Item = (Source, Option<String>)>) -> Setting {
        candidates
            .into_iter()
            .find_map(|(source, value)| {
                let value = value.filter(|v| !v.trim().is_empty())?;
                Some(Setting {
                    value: Some(value),
                    source,
                })
            })
            .unwrap_or(Setting {
                value: None,
                source: Source::Unset,
            })
    }

    /// The setting from `flag`, else the environment variable `env`, else
    /// `key` in the config file.
    pub fn resolve(flag: Option<String>, env: &str, config: &ConfigFile, key: &str) -> Setting {
        Setting::first([
            (Source::Flag, flag),
            (Source::Env, std::env::var(env).ok()),
            (Source::Config, config.get(key).map(str::to_string)),
        ])
    }
}
