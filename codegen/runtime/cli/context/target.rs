//! What a destructive command acts on, named for the person asked before
//! it runs, the one reading its `--dry-run`, and the agent it is refused
//! to: the resource's name and id, from the cache, else from one GET of
//! it (never with `--offline`). A name that cannot be found is left out;
//! the command runs or is refused as before.

use serde_json::Value;

use super::super::super::request::{Method, Request};
use super::names::{fill, merge, segment, set_segment, text};
use super::{Context, Op};

/// The item a destructive command acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Target {
    /// The resource's name (`alerts`).
    resource: &'static str,
    /// The item's id, as sent.
    id: String,
    /// Its human name.
    name: String,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "'{}' ({} id {})", self.name, self.resource, self.id)
    }
}

impl Context {
    /// The item `request` acts on: the deepest id among the operation's
    /// path ids, named from the cache, else (when `read` allows) by one
    /// GET of it.
    pub(super) async fn target(&self, op: &Op, request: &Request, read: bool) -> Option<Target> {
        let path_id = op.path_ids.iter().max_by_key(|p| p.segment)?;
        let resource = path_id.resource;
        let id = segment(&request.path, path_id.segment)?;
        let key = self.list_key(resource, &request.path);
        let cached = self.cache().and_then(|cache| {
            let items = cache.items(&key)?;
            items
                .iter()
                .find(|(known, _)| *known == id)
                .map(|(_, name)| name.clone())
        });
        let name = match cached {
            Some(name) => name,
            None if read => {
                let name = self.read_name(resource, &request.path, &id).await?;
                if let Some(path) = &self.settings.cache {
                    merge(path, &key, resource, vec![(id.clone(), name.clone())]);
                }
                name
            }
            None => return None,
        };
        Some(Target {
            resource: resource.name,
            id,
            name,
        })
    }

    /// The name one GET of the item gives; none when there is no GET, no
    /// credential for it, or no name in a success.
    async fn read_name(
        &self,
        resource: &crate::runtime::Resource,
        path: &str,
        id: &str,
    ) -> Option<String> {
        let template = resource.get_path?;
        let mut get_path = fill(template, path);
        let parts: Vec<&str> = template.split('/').collect();
        let last = parts.iter().rposition(|part| part.starts_with('{'))?;
        set_segment(&mut get_path, last, id);
        let get = Request::new(Method::GET, get_path).with_security(resource.security);
        if !self.client.can_authorize(get.security) {
            return None;
        }
        let response = self.send(&get).await.ok()?;
        if !(200..300).contains(&response.status()) {
            return None;
        }
        let body: Value = serde_json::from_slice(response.body()).ok()?;
        text(body.get(resource.label))
    }
}
