//! `status`: the settings in effect and where each comes from, as lines for
//! people or as one JSON object. It reads no secret: the API key is only
//! said to be set or not.

use serde_json::{json, Map, Value};

use super::config::{ConfigFile, Setting, Source};

mod check;

pub use check::KeyCheck;
pub(super) use check::Verdict;

/// One setting a tool adds to `status` (dci's customer context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    /// Its key in the JSON object (`customer_context`).
    pub key: &'static str,
    /// Its label for people (`Customer context`).
    pub label: &'static str,
    /// Its value and where that comes from.
    pub setting: Setting,
}

/// Everything `status` reports.
pub(super) struct Status<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub base_url: Setting,
    pub base_url_env: &'a str,
    pub api_key_env: &'a str,
    pub api_key_set: bool,
    /// Where a saved sign-in (`login`) is kept, its name in JSON and in
    /// words; used when the API key is not set.
    pub sign_in: Option<(&'static str, &'static str)>,
    /// The command that signs in (`dci login`), where the tool has one.
    pub login_command: Option<String>,
    /// Each security scheme with a variable of its own: its name, the
    /// variable, and whether it is set.
    pub credentials: Vec<(&'a str, &'a str, bool)>,
    pub agent: Setting,
    pub config: &'a ConfigFile,
    pub config_dir_env: &'a str,
    pub extra: &'a [StatusLine],
    /// The API's answer to the credential (`--check`).
    pub check: Option<&'a Verdict>,
}

impl Status<'_> {
    /// The report as one JSON object.
    pub fn json(&self) -> Value {
        let setting = |s: &Setting| json!({"value": s.value, "source": s.source.as_str()});
        let mut object = Map::new();
        object.insert("program".into(), json!(self.name));
        object.insert("version".into(), json!(self.version));
        object.insert("base_url".into(), setting(&self.base_url));
        object.insert(
            "api_key".into(),
            json!({
                "env": self.api_key_env,
                "set": self.api_key_set,
                "source": if self.api_key_set { Source::Env } else { Source::Unset }.as_str(),
                "signed_in": self.sign_in.is_some(),
                "token_store": self.sign_in.map(|(name, _)| name),
                "in_use": match (self.api_key_set, self.sign_in.is_some()) {
                    (true, _) => "api_key",
                    (false, true) => "login",
                    (false, false) => "none",
                },
            }),
        );
        if !self.credentials.is_empty() {
            let credentials: Vec<Value> = self
                .credentials
                .iter()
                .map(|(scheme, env, set)| json!({"scheme": scheme, "env": env, "set": set}))
                .collect();
            object.insert("credentials".into(), Value::Array(credentials));
        }
        for line in self.extra {
            object.insert(line.key.into(), setting(&line.setting));
        }
        if let Some(check) = self.check {
            object.insert("check".into(), check.json());
        }
        object.insert("agent_mode".into(), setting(&self.agent));
        object.insert(
            "config_file".into(),
            json!({
                "path": self.config.path().map(|p| p.display().to_string()),
                "exists": self.config.exists(),
                "env": self.config_dir_env,
            }),
        );
        if let (Some(error), Some(Value::Object(file))) =
            (self.config.broken(), object.get_mut("config_file"))
        {
            file.insert("error".into(), json!(error));
        }
        Value::Object(object)
    }

    /// The report as aligned lines for people.
    pub fn text(&self) -> String {
        let shown = |s: &Setting| match (&s.value, s.source) {
            (Some(value), Source::Default) => format!("{value} (default)"),
            (Some(value), source) => format!("{value} ({})", source.describe()),
            (None, _) => "not set".to_string(),
        };
        let base_url = match self.base_url.value {
            Some(_) => shown(&self.base_url),
            None => format!("not set (export {})", self.base_url_env),
        };
        let mut rows: Vec<(&str, String)> = vec![("Base URL", base_url)];
        rows.push((
            "API key",
            match (self.api_key_set, self.sign_in) {
                (true, _) => format!("set ({} in the environment)", self.api_key_env),
                (false, Some(_)) => "not set: the saved sign-in is used".to_string(),
                (false, None) => match &self.login_command {
                    Some(login) => format!("not set (export {}, or run {login})", self.api_key_env),
                    None => format!("not set (export {})", self.api_key_env),
                },
            },
        ));
        if let Some(login) = &self.login_command {
            let sign_in = match self.sign_in {
                Some((_, kept)) => format!("signed in (the token is kept in {kept})"),
                None => format!("not signed in (run {login})"),
            };
            rows.push(("Sign-in", sign_in));
        }
        for (scheme, env, set) in &self.credentials {
            rows.push((
                scheme,
                match set {
                    true => format!("set ({env} in the environment)"),
                    false => format!("not set (export {env})"),
                },
            ));
        }
        if let Some(check) = self.check {
            rows.push(("Key check", check.text(self.name)));
        }
        rows.extend(self.extra.iter().map(|l| (l.label, shown(&l.setting))));
        rows.push(("Agent mode", shown(&self.agent)));
        let config = match self.config.path() {
            _ if self.config.broken().is_some() => format!(
                "cannot be used: {} (fix or remove it)",
                self.config.broken().unwrap_or_default()
            ),
            Some(path) if self.config.exists() => format!("{}", path.display()),
            Some(path) => format!("{} (not created yet)", path.display()),
            None => format!("none: no config directory (set {})", self.config_dir_env),
        };
        rows.push(("Config file", config));
        let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0) + 1;
        let mut text = format!("{} {}\n", self.name, self.version);
        for (label, value) in rows {
            text.push_str(&format!("{:width$} {value}\n", format!("{label}:")));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(value: Option<&str>, source: Source) -> Setting {
        Setting {
            value: value.map(str::to_string),
            source,
        }
    }

    #[test]
    fn status_names_each_source_and_never_a_key() {
        let config =
            ConfigFile::load(Some("/nowhere/tool/config.json".into()), "TOOL_CONFIG_DIR").unwrap();
        let extra = [StatusLine {
            key: "customer_context",
            label: "Customer context",
            setting: setting(Some("cust-9"), Source::Config),
        }];
        let status = Status {
            name: "tool",
            version: "1.2.3",
            base_url: setting(Some("https://api.example.com"), Source::Default),
            base_url_env: "TOOL_BASE_URL",
            api_key_env: "TOOL_API_KEY",
            api_key_set: true,
            sign_in: None,
            login_command: None,
            credentials: vec![("basic", "TOOL_BASIC", false)],
            agent: setting(Some("off"), Source::Default),
            config: &config,
            config_dir_env: "TOOL_CONFIG_DIR",
            extra: &extra,
            check: None,
        };
        assert_eq!(
            status.text(),
            "tool 1.2.3\n\
             Base URL:         https://api.example.com (default)\n\
             API key:          set (TOOL_API_KEY in the environment)\n\
             basic:            not set (export TOOL_BASIC)\n\
             Customer context: cust-9 (from the config file)\n\
             Agent mode:       off (default)\n\
             Config file:      /nowhere/tool/config.json (not created yet)\n"
        );
        assert_eq!(
            status.json(),
            json!({
                "program": "tool",
                "version": "1.2.3",
                "base_url": {"value": "https://api.example.com", "source": "default"},
                "api_key": {"env": "TOOL_API_KEY", "set": true, "source": "env", "signed_in": false, "token_store": null, "in_use": "api_key"},
                "credentials": [{"scheme": "basic", "env": "TOOL_BASIC", "set": false}],
                "customer_context": {"value": "cust-9", "source": "config"},
                "agent_mode": {"value": "off", "source": "default"},
                "config_file": {"path": "/nowhere/tool/config.json", "exists": false, "env": "TOOL_CONFIG_DIR"},
            })
        );
    }
}
