//! The operation `status --check` sends to learn whether the credential is
//! accepted: the customisation's `key_check`, else a GET that needs a
//! credential and nothing else, at an address that names the caller
//! (`/auth/v1/validate`, `/user`, `/me`, `/v2/account`).

use super::{Api, Method, Operation};

/// Last path segments that answer "who am I" in public APIs, best first.
const WHO_AM_I: &[&str] = &[
    "validate",
    "whoami",
    "me",
    "user",
    "self",
    "account",
    "userinfo",
    "auth.test",
    "current",
];

/// The index of the operation that checks the credential, if any: `named`
/// (an operationId, from the customisation file) or the spec's best fit.
pub(super) fn choose(api: &Api, named: Option<&str>) -> Result<Option<usize>, String> {
    if let Some(id) = named {
        return match api.operations.iter().position(|op| op.operation_id == id) {
            Some(index) if usable(api, &api.operations[index]) => Ok(Some(index)),
            Some(_) => Err(format!(
                "key_check: '{id}' is not a GET that needs a credential and no argument"
            )),
            None => Err(format!(
                "key_check: no operation has the operationId '{id}'"
            )),
        };
    }
    let rank = |op: &Operation| {
        let last = op.path.trim_end_matches('/').rsplit('/').next()?;
        WHO_AM_I
            .iter()
            .position(|name| last.eq_ignore_ascii_case(name))
    };
    Ok(api
        .operations
        .iter()
        .enumerate()
        .filter(|(_, op)| usable(api, op))
        .filter_map(|(index, op)| Some((rank(op)?, op.path.len(), index)))
        .min()
        .map(|(_, _, index)| index))
}

/// A GET with no required argument or body that sends a credential (an
/// alternative without one would not tell).
fn usable(api: &Api, op: &Operation) -> bool {
    let security = op.security.as_ref().unwrap_or(&api.security);
    op.method == Method::Get
        && op.body.as_ref().is_none_or(|body| !body.required)
        && !op.params.iter().any(|p| p.required)
        && !security.is_empty()
        && security.iter().all(|alternative| !alternative.is_empty())
}
