#!/bin/sh
# Fuzzes one target (default: generate) for SECONDS (default 600), or every
# target one after another with `all`. Needs nightly and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
#   scripts/fuzz.sh [generate|shorthand|body|config|callback|link|download_name|events|all] [SECONDS]
# Each corpus starts from its seeds (the fixture specs for generate,
# codegen/fuzz/seeds/TARGET otherwise) and grows in codegen/fuzz/corpus/;
# findings land in codegen/fuzz/artifacts/TARGET/. The last lines of each
# run (inputs tried, coverage, corpus) go to codegen/fuzz/logs/TARGET.log.
set -eu
cd "$(dirname "$0")/../codegen/fuzz"
target="${1:-generate}"
seconds="${2:-600}"
if [ "$target" = all ]; then
    for t in generate shorthand body config callback link download_name events; do
        "$0" "$t" "$seconds"
    done
    exit 0
fi
corpus="corpus/$target"
mkdir -p "$corpus" logs
if [ "$target" = generate ]; then
    cp ../tests/specs/* "$corpus"/
    limits="-max_len=65536 -timeout=20"
else
    cp "seeds/$target"/* "$corpus"/
    limits="-max_len=8192 -timeout=10"
fi
# shellcheck disable=SC2086 # the limits are separate words
cargo +nightly fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" $limits -rss_limit_mb=2048 -print_final_stats=1 \
    2>&1 | tee "logs/$target.full" | grep -E '^#[0-9]+.*(DONE|pulse)|^stat::|SUMMARY|panicked|ERROR' > "logs/$target.log" || true
tail -n 12 "logs/$target.log"
grep -q '^stat::' "logs/$target.log" && ! grep -q 'ERROR\|panicked' "logs/$target.log"
