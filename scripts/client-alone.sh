#!/usr/bin/env bash
# The client without the CLI, in dci and in a crate `codegen generate` writes:
# `cargo tree --no-default-features -e normal` shows none of the CLI's
# dependencies, and the crate checks (and documents) with and without the
# `cli` feature. Run by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cli_only='^(clap|clap_complete|clap_mangen|jaq-core|jaq-json|jaq-std|csv|serde_yaml|terminal_size|tempfile|toon-format) '
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
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --manifest-path "$root/Cargo.toml" -p dci
echo "client alone: no CLI dependencies; generated crate checks with and without cli; docs build without warnings"
exit $fail
