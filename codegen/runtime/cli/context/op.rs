//! An operation as running a command sees it: its constants and its
//! decoder, read once from its type. The run's code then takes this, not
//! the type, and is compiled once instead of once per operation (in dci,
//! 170 copies made one 12 MB object file, which a changed summary line had
//! the release build optimise again: most of dci's edit loop).

use super::super::super::auth::Security;
use super::super::super::pages::Pagination;
use super::super::super::response::{decode, Edit, Error, Operation, PathIds, Resource, Response};

/// What running a command needs of its operation.
#[derive(Clone, Copy)]
pub(in super::super) struct Op {
    pub(super) idempotency_key: Option<&'static str>,
    pub(super) security: Security,
    // Read only where live streams are compiled in.
    #[allow(dead_code)]
    pub(super) event_stream: bool,
    pub(super) deprecated: bool,
    pub(super) deprecated_params: &'static [&'static str],
    pub(super) destructive: bool,
    pub(super) dry_run_param: Option<&'static str>,
    pub(super) path_ids: PathIds,
    pub(super) lists: Option<&'static Resource>,
    pub(super) edit: Option<Edit>,
    pub(super) pagination: Option<Pagination>,
    pub(super) one_resource: bool,
    /// Decodes a response as the operation's types, keeping the verdict
    /// (a documented error's typed body is dropped: only its response is read).
    pub(super) decode: fn(Response) -> Result<(), Error<()>>,
}

impl Op {
    /// `O`'s constants and decoder.
    pub(in super::super) fn of<O: Operation>() -> Self {
        Op {
            idempotency_key: O::IDEMPOTENCY_KEY,
            security: O::SECURITY,
            event_stream: O::EVENT_STREAM,
            deprecated: O::DEPRECATED,
            deprecated_params: O::DEPRECATED_PARAMS,
            destructive: O::DESTRUCTIVE,
            dry_run_param: O::DRY_RUN_PARAM,
            path_ids: O::PATH_IDS,
            lists: O::LISTS,
            edit: O::EDIT,
            pagination: O::PAGINATION,
            one_resource: O::ONE_RESOURCE,
            decode: verdict::<O>,
        }
    }
}

/// [`decode`]'s outcome without the typed bodies.
fn verdict<O: Operation>(response: Response) -> Result<(), Error<()>> {
    decode::<O>(response)
        .map(drop)
        .map_err(|error| match error {
            Error::Api {
                status, response, ..
            } => Error::Api {
                status,
                body: (),
                response,
            },
            Error::Build(error) => Error::Build(error),
            Error::Transport(error) => Error::Transport(error),
            Error::TooLarge(size) => Error::TooLarge(size),
            Error::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
            Error::Decode { source, response } => Error::Decode { source, response },
        })
}
