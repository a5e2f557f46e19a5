#!/usr/bin/env bash
# Supply chain: `cargo deny check licenses bans sources` (deny.toml) on the
# workspace, every feature's dependencies, and on a crate `codegen generate`
# writes (DoiT's spec: the runtime's sign-in and live streams, and the MCP
# server's dependencies through `all-features`). Licences outside the list
# and crates from anywhere but the default registry fail; a crate in two
# versions is reported. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
command -v cargo-deny >/dev/null || cargo install --locked --quiet cargo-deny
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
cargo deny --color never --config "$root/deny.toml" --all-features --workspace check licenses bans sources >"$out/workspace.log" 2>&1 || status=1
grep -E '^(error|warning)\[|ok, ' "$out/workspace.log" | sed 's/^/workspace: /'
cargo run --quiet -p codegen -- generate --spec spec/doit-api.yaml --out "$out/crate" --name doit --quiet
cp Cargo.lock "$out/crate/Cargo.lock"
cargo deny --color never --config "$root/deny.toml" --manifest-path "$out/crate/Cargo.toml" --all-features --workspace \
    check licenses bans sources >"$out/crate.log" 2>&1 || status=1
grep -E '^(error|warning)\[|ok, ' "$out/crate.log" | sed 's/^/generated crate: /'
if [ "$status" != 0 ]; then
    cat "$out/workspace.log" "$out/crate.log" >&2
fi
exit "$status"
