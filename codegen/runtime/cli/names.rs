//! The local cache of ids and names: what list commands printed, kept so
//! that a name given where an id goes is found without asking the API,
//! and that completion never waits. One JSON file in the per-user cache
//! directory, readable by its owner only, bounded in size; each list kept
//! with the time it was fetched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::super::output::signals::Temporary;
use super::args::{CacheAction, GlobalArgs};
use super::failure::Failure;
use super::program::Program;

/// The cache's file name, in the cache directory.
pub const CACHE_FILE: &str = "names.json";

/// Most items kept of one list.
pub(super) const MAX_PER_LIST: usize = 20_000;

/// Most items kept in all: the oldest lists go first.
const MAX_ITEMS: usize = 100_000;

/// Where the cache of `program` is: in the directory `dir_env` names, else
/// the platform's cache directory for `program`.
pub fn cache_path(program: &str, dir_env: &str) -> Option<PathBuf> {
    std::env::var_os(dir_env)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("", "", program).map(|d| d.cache_dir().to_path_buf())
        })
        .map(|d| d.join(CACHE_FILE))
}

/// The ids and names of each list fetched, by where it was listed (base
/// URL, path and tenant).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    lists: BTreeMap<String, List>,
}

/// One list's ids and names, and when it was fetched (seconds since 1970).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct List {
    resource: String,
    at: u64,
    items: Vec<(String, String)>,
}

/// What the cache knows of a value given where an id goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// It is an id of the list.
    Id,
    /// It is the name of one item: its id.
    Name(String),
    /// It names several items: their ids and names.
    Ambiguous(Vec<(String, String)>),
    /// The list is cached, and neither an id nor a name in it.
    Neither,
    /// The list is not cached.
    Unknown,
}

impl Cache {
    /// The cache at `path`; an absent or unreadable one is empty.
    pub fn load(path: &Path) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Keeps `items` (id, name) as the list at `key` of `resource`,
    /// fetched `at`; the oldest lists go when the cache is full.
    pub fn record(&mut self, key: &str, resource: &str, mut items: Vec<(String, String)>, at: u64) {
        items.truncate(MAX_PER_LIST);
        self.lists.insert(
            key.to_string(),
            List {
                resource: resource.to_string(),
                at,
                items,
            },
        );
        while self.lists.values().map(|l| l.items.len()).sum::<usize>() > MAX_ITEMS {
            let oldest = self
                .lists
                .iter()
                .min_by_key(|(_, l)| l.at)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.lists.remove(&k),
                None => break,
            };
        }
    }

    /// What `value` is in the list at `key`: an id, a name (exactly, else
    /// the only one equal ignoring case), several names, or neither.
    pub fn find(&self, key: &str, value: &str) -> Found {
        let Some(list) = self.lists.get(key) else {
            return Found::Unknown;
        };
        find_in(&list.items, value)
    }

    /// The ids and names of the list at `key`, if cached.
    pub fn items(&self, key: &str) -> Option<&[(String, String)]> {
        self.lists.get(key).map(|l| l.items.as_slice())
    }

    /// The ids and names of every list of `resource`, newest list first,
    /// each id once.
    pub fn of_resource(&self, resource: &str) -> Vec<(String, String)> {
        let mut lists: Vec<&List> = self
            .lists
            .values()
            .filter(|l| l.resource == resource)
            .collect();
        lists.sort_by_key(|l| std::cmp::Reverse(l.at));
        let mut seen = std::collections::HashSet::new();
        lists
            .iter()
            .flat_map(|l| l.items.iter())
            .filter(|(id, _)| seen.insert(id.clone()))
            .cloned()
            .collect()
    }

    /// One line per list: resource, items, when fetched, where listed.
    pub fn summary(&self) -> Vec<(String, usize, u64, String)> {
        self.lists
            .iter()
            .map(|(key, l)| (l.resource.clone(), l.items.len(), l.at, key.clone()))
            .collect()
    }

    /// Writes the cache to `path`, readable and writable by its owner only
    /// (the directory is made if missing); through a temporary file, so a
    /// reader never sees half of it.
    pub fn save(&self, path: &Path) -> Result<(), Failure> {
        let fail = |e: std::io::Error| {
            Failure::error(format!("cannot write the cache {}: {e}", path.display()))
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(fail)?;
        let text = serde_json::to_vec(self).map_err(|e| Failure::error(e.to_string()))?;
        // tempfile makes the file readable and writable by its owner only.
        let mut file = Temporary::new(&tempfile::Builder::new(), Some(dir)).map_err(fail)?;
        file.write_all(&text).map_err(fail)?;
        file.persist(path).map_err(fail)?;
        Ok(())
    }
}

impl Program {
    /// `cache info` and `cache clear`.
    pub fn cache(&self, action: CacheAction, global: &GlobalArgs) -> Result<(), Failure> {
        let path = cache_path(self.name, self.cache_dir_env).ok_or_else(|| {
            Failure::config("no cache directory: this system has no home directory")
                .with_hint(format!("set {} to a directory", self.cache_dir_env))
        })?;
        match action {
            CacheAction::Clear => {
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Failure::error(format!(
                            "cannot remove {}: {e}",
                            path.display()
                        )))
                    }
                    _ => {}
                }
                let text = format!("Removed the cache of ids and names ({})\n", path.display());
                self.print_own(global, &text, serde_json::json!({"cleared": path}))
            }
            CacheAction::Info => {
                let lists = Cache::load(&path).summary();
                let mut text = format!("Cache: {}\n", path.display());
                if lists.is_empty() {
                    text.push_str("Nothing cached yet: list commands fill it.\n");
                }
                let now = now();
                for (resource, items, at, key) in &lists {
                    let age = now.saturating_sub(*at);
                    text.push_str(&format!(
                        "{resource}: {items} ids and names, fetched {} ago ({key})\n",
                        ago(age)
                    ));
                }
                let object = serde_json::json!({
                    "path": path,
                    "lists": lists.iter().map(|(resource, items, at, key)| serde_json::json!({
                        "resource": resource, "items": items, "fetched": at, "listed_at": key,
                    })).collect::<Vec<_>>(),
                });
                self.print_own(global, &text, object)
            }
        }
    }
}

impl Program {
    /// Answers a shell's completion request (`COMPLETE=bash dci ...`, from
    /// the script `dci completion` prints) and exits; returns at once
    /// otherwise. Arguments that take an id of a resource complete its ids
    /// and names from the cache: never from the network.
    pub fn complete_dynamic(&self, factory: fn() -> clap::Command, catalog: &'static str) {
        let (name, env) = (self.name, self.cache_dir_env);
        clap_complete::CompleteEnv::with_factory(move || {
            with_candidates(factory(), (name, env), catalog)
        })
        .complete();
    }
}

/// `root` with the cache's candidates on every argument the catalog says
/// is an id of a resource.
fn with_candidates(
    mut root: clap::Command,
    (program, cache_env): (&'static str, &'static str),
    catalog: &str,
) -> clap::Command {
    use clap_complete::engine::ArgValueCandidates;
    let Ok(catalog) = serde_json::from_str::<serde_json::Value>(catalog) else {
        return root;
    };
    // The commands' arguments are made when they are built.
    root.build();
    let commands = catalog["commands"].as_array().cloned().unwrap_or_default();
    for entry in commands {
        let Some(name) = entry["name"].as_str() else {
            continue;
        };
        for argument in entry["arguments"].as_array().into_iter().flatten() {
            let (Some(wire), Some(resource)) =
                (argument["name"].as_str(), argument["resource"].as_str())
            else {
                continue;
            };
            let resource = resource.to_string();
            let Some(sub) = root.find_subcommand(name) else {
                continue;
            };
            let Some(id) = sub
                .get_positionals()
                .find(|a| {
                    a.get_value_names()
                        .is_some_and(|v| v.iter().any(|n| n == wire))
                })
                .map(|a| a.get_id().clone())
            else {
                continue;
            };
            // `mut_args` keeps the arguments' order (and so the
            // positionals' indices); `mut_arg` would move it last.
            root = root.mut_subcommand(name, |sub| {
                sub.mut_args(|arg| match *arg.get_id() == id {
                    true => arg.add(ArgValueCandidates::new(cached(
                        (program, cache_env),
                        resource.clone(),
                    ))),
                    false => arg,
                })
            });
        }
    }
    root
}

/// The completions of an id of `resource`: each cached id with its name,
/// and each name with its id, read from the cache alone.
fn cached(
    (program, cache_env): (&'static str, &'static str),
    resource: String,
) -> impl Fn() -> Vec<clap_complete::engine::CompletionCandidate> + Send + Sync + 'static {
    use clap_complete::engine::CompletionCandidate;
    move || {
        let Some(path) = cache_path(program, cache_env) else {
            return Vec::new();
        };
        let items = Cache::load(&path).of_resource(&resource);
        let ids = items
            .iter()
            .map(|(id, name)| CompletionCandidate::new(id.clone()).help(Some(name.clone().into())));
        let names = items.iter().map(|(id, name)| {
            CompletionCandidate::new(name.clone()).help(Some(format!("id {id}").into()))
        });
        ids.chain(names).collect()
    }
}

/// `age` seconds, as people say it.
fn ago(age: u64) -> String {
    match age {
        0..60 => format!("{age} s"),
        60..3600 => format!("{} min", age / 60),
        3600..86_400 => format!("{} h", age / 3600),
        _ => format!("{} days", age / 86_400),
    }
}

/// [`Cache::find`] in one list.
pub fn find_in(items: &[(String, String)], value: &str) -> Found {
    if items.iter().any(|(id, _)| id == value) {
        return Found::Id;
    }
    let exact: Vec<&(String, String)> = items.iter().filter(|(_, n)| n == value).collect();
    let matched = match exact.len() {
        0 => items
            .iter()
            .filter(|(_, n)| n.to_lowercase() == value.to_lowercase())
            .collect(),
        _ => exact,
    };
    match matched.as_slice() {
        [] => Found::Neither,
        [(id, _)] => Found::Name(id.clone()),
        many => Found::Ambiguous(many.iter().map(|&p| p.clone()).collect()),
    }
}

/// Seconds since 1970, now.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn names_are_found_exactly_then_alone_ignoring_case() {
        let items = pairs(&[
            ("a1", "Prod"),
            ("b2", "prod"),
            ("c3", "Staging"),
            ("d4", "Dev"),
        ]);
        assert_eq!(find_in(&items, "c3"), Found::Id);
        assert_eq!(find_in(&items, "Prod"), Found::Name("a1".into()));
        assert_eq!(find_in(&items, "staging"), Found::Name("c3".into()));
        assert_eq!(
            find_in(&items, "PROD"),
            Found::Ambiguous(pairs(&[("a1", "Prod"), ("b2", "prod")]))
        );
        assert_eq!(find_in(&items, "qa"), Found::Neither);
    }

    #[test]
    fn the_cache_is_bounded_and_private() {
        let mut cache = Cache::default();
        let big = |n: usize| (0..n).map(|i| (i.to_string(), format!("n{i}"))).collect();
        for (at, key) in ["old", "b", "c", "d", "e"].iter().enumerate() {
            cache.record(key, "alerts", big(MAX_PER_LIST), at as u64);
        }
        assert_eq!(cache.find("old", "1"), Found::Id);
        cache.record("new", "alerts", big(MAX_PER_LIST + 5), 9);
        assert_eq!(
            cache.find("old", "1"),
            Found::Unknown,
            "the oldest list went"
        );
        assert_eq!(cache.find("new", "n7"), Found::Name("7".into()));
        assert_eq!(cache.items("new").map(<[_]>::len), Some(MAX_PER_LIST));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(CACHE_FILE);
        cache.save(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            Cache::load(&path).find("new", "n7"),
            Found::Name("7".into())
        );
        assert_eq!(Cache::load(&dir.path().join("none")).summary().len(), 0);
    }
}
