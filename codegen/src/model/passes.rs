//! The passes that finish the model, in one documented order.
//!
//! `operation::build` makes every operation whole but for what needs the
//! others or the finished types: its roles (`OperationRoles::default()`
//! until `roles` runs), the resources it lists or names, whether `edit`
//! runs it, its cargo feature (`Gate::Always` until `features` runs). Then
//! these passes run, each once, in [`ORDER`]: each reads what those before
//! it decided, and ARCHITECTURE.md lists them (a test holds the two equal).

use super::Api;
use crate::error::Error;

/// One pass over the built model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Which types callers send, which bodies parse themselves, pagination,
    /// live streams, one resource (`roles.rs`): needs the finished types.
    Roles,
    /// The collections the CLI looks names up in (`resources.rs`): needs
    /// each list's pagination.
    Resources,
    /// The operations `edit` runs (`edits.rs`): needs the resources.
    Edits,
    /// The operation `status --check` sends (`key_check.rs`): needs the
    /// roles (a GET needing nothing else).
    KeyCheck,
    /// Each tag's cargo feature and every item's gate (`features.rs`),
    /// in standalone crates only: needs every type an operation reaches.
    Features,
    /// The crate roots' doc comments (`crate_docs.rs`): needs the names,
    /// the schemes in use and an operation to show.
    CrateDocs,
}

/// The passes in the order they run.
pub const ORDER: [Pass; 6] = [
    Pass::Roles,
    Pass::Resources,
    Pass::Edits,
    Pass::KeyCheck,
    Pass::Features,
    Pass::CrateDocs,
];

impl Pass {
    /// Its name, as ARCHITECTURE.md lists it.
    pub fn name(self) -> &'static str {
        match self {
            Pass::Roles => "roles",
            Pass::Resources => "resources",
            Pass::Edits => "edits",
            Pass::KeyCheck => "key_check",
            Pass::Features => "features",
            Pass::CrateDocs => "crate_docs",
        }
    }

    /// Runs it over `api`.
    pub(super) fn run(self, api: &mut Api, config: &crate::Config) -> Result<(), Error> {
        // What the customisation file got wrong is said of it.
        let customised = |message: String| Error::Invalid {
            pointer: "#/paths".to_string(),
            message: format!("{message} (the customisation file)"),
        };
        match self {
            Pass::Roles => super::roles::assign(api),
            Pass::Resources => {
                super::resources::find(api, &config.resources).map_err(customised)?
            }
            Pass::Edits => super::edits::find(api),
            Pass::KeyCheck => {
                api.key_check = super::key_check::choose(api, config.key_check.as_deref())
                    .map_err(customised)?;
            }
            Pass::Features if config.tag_features => super::features::assign(api),
            Pass::Features => {}
            Pass::CrateDocs => api.crate_docs = super::crate_docs::write(api),
        }
        Ok(())
    }
}
