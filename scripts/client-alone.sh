#!/usr/bin/env bash
# The client without the CLI, in dci and in a crate `codegen generate` writes:
# `cargo tree --no-default-features -e normal` shows none of the CLI's
# dependencies, and the crate checks (and documents) with and without the
# `cli` feature. Its binary then keeps dci's contract under its own names:
# `invites commands --json` validates against the catalog's schema and lists
# the spec's command, and `INVITES_AGENT_MODE=1` makes a failure one JSON
# envelope with a documented code and exit code. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cli_only='^(clap|clap_complete|clap_mangen|jaq-core|jaq-json|jaq-std|csv|serde_yaml|similar|terminal_size|directories|tempfile|toon-format) '
fail=0
check_tree() {
    local found
    found=$(cargo tree "$@" --no-default-features -e normal --prefix none | sort -u | grep -E "$cli_only" || true)
    if [ -n "$found" ]; then
        echo "error: the client without the cli feature depends on:"; echo "$found"; fail=1
    fi
}
check_tree
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet -p codegen -- generate --spec codegen/tests/specs/cancel_invite.yaml \
    --out "$out/crate" --name invites --quiet
# The workspace's lock file pins the versions dci builds with, so the shared
# target directory already holds them.
cp Cargo.lock "$out/crate/Cargo.lock"
check_tree --manifest-path "$out/crate/Cargo.toml"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
cargo check --quiet --manifest-path "$out/crate/Cargo.toml" --workspace --no-default-features --lib
cargo check --quiet --manifest-path "$out/crate/Cargo.toml" --workspace
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --manifest-path "$out/crate/Cargo.toml" --workspace
cargo build --quiet --manifest-path "$out/crate/Cargo.toml" --features mcp --bin invites
invites="$CARGO_TARGET_DIR/debug/invites"
# Its MCP server, driven by the official Python SDK: with --allow-write the
# spec's one (POST) operation is a tool whose input schema needs the id.
# (The spec names no server: the base URL is given, though nothing is sent.)
INVITES_BASE_URL=http://127.0.0.1:9 python3 tests/mcp/client.py stdio "$invites" mcp --allow-write \
    </dev/null > "$out/mcp.json"
python3 - "$out/mcp.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
tool = {t["name"]: t for t in report["tools"]}["cancel-invite"]
assert tool["input_schema"]["required"] == ["id"], tool
assert tool["annotations"]["read_only_hint"] is False, tool
PY
env -i "$invites" commands --json > "$out/commands.json"
python3 - codegen/schemas/commands.schema.json "$out/commands.json" <<'PY'
import json, sys, jsonschema
schema, catalog = (json.load(open(path)) for path in sys.argv[1:3])
jsonschema.Draft202012Validator(schema).validate(catalog)
names = [c["name"] for c in catalog["commands"]]
assert catalog["program"] == "invites", catalog["program"]
assert "cancel-invite" in names and "commands" in names, names
PY
set +e
env -i INVITES_AGENT_MODE=1 INVITES_BASE_URL=http://127.0.0.1:9 "$invites" cancel-invite abc \
    >/dev/null 2>"$out/stderr"
code=$?
set -e
python3 - "$out/stderr" "$code" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
error = json.loads(lines[-1])["error"]
assert error["exit_code"] == int(sys.argv[2]), (error, sys.argv[2])
assert (error["code"], error["exit_code"]) == ("AUTH_INVALID", 10), error
assert "INVITES_API_KEY" in error["hint"], error
PY
# The spec declares an authorization-code flow: the tool has login and logout;
# without the URL's placeholder set, login is a config error naming it.
env -i "$invites" --help | grep -q "^  login " || { echo "error: invites --help lists no login"; fail=1; }
set +e
env -i INVITES_CONFIG_DIR="$out/config" "$invites" login 2>"$out/login"
code=$?
set -e
if [ "$code" != 1 ] || ! grep -q INVITES_CONSOLE_BASE_URL "$out/login"; then
    echo "error: invites login without INVITES_CONSOLE_BASE_URL: exit $code"; cat "$out/login"; fail=1
fi
# A spec with neither a sign-in nor live streams: its crate ships the
# runtime without login.rs and events.rs (and no runtime tests), has neither
# feature nor their dependencies, and still checks with clippy.
cargo run --quiet -p codegen -- generate --spec codegen/tests/specs/pagination.yaml \
    --out "$out/lean" --name lean --quiet
cp Cargo.lock "$out/lean/Cargo.lock"
for shipped in src/runtime/cli/login.rs src/runtime/events.rs src/runtime/cli/context/events.rs; do
    [ ! -e "$out/lean/$shipped" ] || { echo "error: the lean crate ships $shipped"; fail=1; }
done
if grep -rqE 'cfg\(test\)|feature = "(login|events)"|sha2|eventsource' "$out/lean/src/runtime" "$out/lean/Cargo.toml"; then
    echo "error: the lean crate keeps runtime tests, login or events"; fail=1
fi
cargo clippy --quiet --manifest-path "$out/lean/Cargo.toml" --workspace -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --manifest-path "$root/Cargo.toml" -p dci
echo "client alone: no CLI dependencies; generated crate checks with and without cli; docs build without warnings; its binary's catalog, agent-mode envelope and MCP server keep the contract; it has login; a spec without sign-in or streams gets neither"
exit $fail
