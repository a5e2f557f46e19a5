//! Names the generated code or the runtime already uses, which no name
//! from the spec may take: commands, flags, request fields (the request
//! builder's methods among them), client methods and client builder
//! setters. A test parses the runtime to keep these lists complete.

use super::ClientHeader;
use crate::naming::{self, Namespace};

/// Commands the CLI defines itself (`status` and `commands` in every
/// generated tool, the rest in dci); operations never take these names.
pub(super) const RESERVED_COMMANDS: &[&str] = &[
    "help",
    "completion",
    "man",
    "commands",
    "status",
    "login",
    "logout",
    "customer-context",
    "cache",
    "edit",
];

/// Methods the runtime's `Client` has (or derives); an operation's typed
/// method never takes one of these names.
pub(super) const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "execute_traced",
    "with_bearer_token",
    "with_header",
    "has_bearer_token",
    "url",
    "headers",
    "execute",
    "execute_events",
    "can_authorize",
    "printed_url",
    "url_as",
    "start_exchange",
    "send_once",
    "call",
    "send",
    "clone",
    "clone_from",
    "fmt",
    "default",
];

/// Flags every command has (or will have); a parameter with such a name is renamed.
pub(super) const RESERVED_FLAGS: &[&str] = &[
    "help",
    "raw",
    "version",
    "offline",
    "verbose",
    "body",
    "output",
    "fields",
    "jq",
    "output-file",
    "all",
    "yes",
    "retries",
    "timeout",
    "agent",
    "no-agent",
    "no-resolve",
];

/// Struct fields every command's arguments have.
pub(super) const RESERVED_FIELDS: &[&str] = &[
    "body",
    "offline",
    "verbose",
    "output",
    "fields",
    "jq",
    "output_file",
    "all",
    "yes",
    "no_resolve",
    "retries",
    "timeout",
    "agent",
    "no_agent",
    "local_dry_run",
    "options",
    // The typed client's request builder has these methods.
    "send",
    "stream",
    "stream_with",
    "event_stream",
    "request",
    "into_request",
    "new",
];

/// Methods of the runtime's `ClientBuilder`; a client header's setter never takes one.
const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new",
    "api_key",
    "credential",
    "header",
    "timeout",
    "deadline",
    "retries",
    "retry_policy",
    "user_agent",
    "http_client",
    "build",
    "clone",
    "fmt",
];

/// Each client header with its client builder setter: the header's name in
/// snake case without an `X-` prefix (`X-Tenant-Id` → `tenant_id`).
pub(super) fn client_header_setters(headers: Vec<String>) -> Vec<ClientHeader> {
    let mut names = Namespace::snake().reserve(RESERVED_BUILDER_METHODS);
    headers
        .into_iter()
        .map(|wire| {
            let bare = wire
                .strip_prefix("X-")
                .or_else(|| wire.strip_prefix("x-"))
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&wire);
            ClientHeader {
                method: names.claim_name(naming::snake(bare)),
                wire,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{RESERVED_BUILDER_METHODS, RESERVED_FIELDS, RESERVED_FLAGS, RESERVED_METHODS};

    /// The inherent methods of `ty` in a runtime source file.
    fn methods(source: &str, ty: &str) -> Vec<String> {
        let file = syn::parse_file(source).expect("parses");
        let mut methods = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(path) = &*block.self_ty else {
                continue;
            };
            let named = path.path.segments.last().is_some_and(|s| s.ident == ty);
            if block.trait_.is_none() && named {
                for inner in &block.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    /// Every global flag of the runtime is reserved, as a flag and as a
    /// field (clap's argument id), so that no parameter's flag clashes with
    /// one (`--fields` is a common query parameter).
    #[test]
    fn global_flags_are_reserved() {
        let file = syn::parse_file(include_str!("../../runtime/cli/args.rs")).expect("parses");
        let fields: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) if s.ident == "GlobalArgs" => Some(s),
                _ => None,
            })
            .flat_map(|s| s.fields.iter().filter_map(|f| f.ident.as_ref()))
            .map(ToString::to_string)
            .collect();
        assert!(fields.len() >= 10, "{fields:?}");
        for field in fields {
            assert!(RESERVED_FIELDS.contains(&field.as_str()), "field `{field}`");
            let flag = field.replace('_', "-");
            assert!(RESERVED_FLAGS.contains(&flag.as_str()), "flag `--{flag}`");
        }
    }

    /// Every method of the runtime's `Client` is reserved, so no operation's
    /// typed method can collide with one (a spec with `operationId: send`
    /// once made a crate that did not compile); likewise the request
    /// builder's methods for request fields (their setters), and the client
    /// builder's for client header setters.
    #[test]
    fn runtime_methods_are_reserved() {
        let client = include_str!("../../runtime/client.rs");
        let call = include_str!("../../runtime/call.rs");
        let builder = include_str!("../../runtime/client/builder.rs");
        let cases = [
            (methods(client, "Client"), RESERVED_METHODS),
            (methods(call, "Builder"), RESERVED_FIELDS),
            (methods(builder, "ClientBuilder"), RESERVED_BUILDER_METHODS),
        ];
        for (methods, reserved) in cases {
            assert!(methods.len() >= 3, "{methods:?}");
            for method in methods {
                assert!(
                    reserved.contains(&method.as_str()),
                    "`{method}` is not reserved"
                );
            }
        }
    }
}
