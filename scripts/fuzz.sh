#!/bin/sh
# Fuzzes the generator with raw spec bytes for SECONDS (default 600), the
# corpus seeded from the fixture specs. Needs nightly and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Findings land in codegen/fuzz/artifacts/generate/.
set -eu
cd "$(dirname "$0")/../codegen/fuzz"
corpus=corpus/generate
mkdir -p "$corpus"
cp ../tests/specs/* "$corpus"/
exec cargo +nightly fuzz run generate "$corpus" -- \
    -max_total_time="${1:-600}" -max_len=65536 -timeout=20 -rss_limit_mb=4096
