#!/usr/bin/env python3
"""Checks `codegen diff`'s client verdict against cargo-semver-checks.

For each kind of change `codegen diff` classifies, scripts/semver/base.yaml
is edited that one way; the crate is generated before and after (the
client crate and its types crate, both set to version 1.0.0), and
`cargo semver-checks --release-type minor` judges the pair: it fails when
the change needs a new major version. Where cargo-semver-checks has no lint
for a change (a parameter's type), a small caller written against the old
crate is compiled against the new one instead. Prints a Markdown table and
exits 1 when any verdict disagrees.

    cargo install cargo-semver-checks --locked
    scripts/semver.py [--keep DIR] [--only NAME]

Slow (cargo-semver-checks builds rustdoc JSON for both crates per case,
about a minute each on 2 cores): not part of `cargo test`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "scripts/semver/base.yaml").read_text()

LIMIT = "        - {name: limit, in: query, schema: {type: integer}}\n"
ORDER = "        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}\n"
NEW_ITEM_NAME = "        name: {type: string}\n        color:"
POST = "    post:\n      operationId: createItem"
STATUS_400 = '        "400":\n'

# (name, old text, new text, caller compiled against the new crate or None)
CASES = [
    ("optional parameter added", LIMIT,
     LIMIT + "        - {name: team, in: query, schema: {type: string}}\n", None),
    ("required parameter added", LIMIT,
     LIMIT + "        - {name: team, in: query, required: true, schema: {type: string}}\n", None),
    ("parameter removed", ORDER, "", None),
    ("parameter type changed (integer to string)", LIMIT,
     LIMIT.replace("integer", "string"),
     "let _ = client.list_items().limit(5);"),
    ("optional request field added", NEW_ITEM_NAME,
     "        name: {type: string}\n        size: {type: integer}\n        color:", None),
    ("required request field added", "      required: [name]\n      properties:\n        name: {type: string}\n        color:",
     "      required: [name, size]\n      properties:\n        name: {type: string}\n        size: {type: integer}\n        color:", None),
    ("response field added", "        name: {type: string}\n    Kind:",
     "        name: {type: string}\n        note: {type: string}\n    Kind:", None),
    ("response field removed", "        kind: {$ref: \"#/components/schemas/Kind\"}\n        name: {type: string}\n",
     "        kind: {$ref: \"#/components/schemas/Kind\"}\n", None),
    ("enum value added to a request", "enum: [red, blue]", "enum: [red, blue, green]", None),
    ("enum value removed from a request", "enum: [red, blue]", "enum: [red]", None),
    ("enum value added to a response", "enum: [a, b]", "enum: [a, b, c]", None),
    ("enum value removed from a response", "enum: [a, b]", "enum: [a]", None),
    ("operation added", "components:\n",
     "  /items/{id}:\n    get:\n      operationId: getItem\n      parameters:\n"
     "        - {name: id, in: path, required: true, schema: {type: string}}\n"
     "      responses:\n        \"200\":\n          description: ok\n"
     "          content: {application/json: {schema: {$ref: \"#/components/schemas/Item\"}}}\n"
     "components:\n", None),
    ("operation removed", POST, POST.replace("post:", "x-post:"), None),
    ("error status added", STATUS_400,
     '        "409":\n          description: conflict\n'
     '          content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}\n'
     + STATUS_400, None),
]


def run(cmd, cwd=None, env=None):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def generate(codegen, spec_text, out, name="items"):
    spec = out.with_suffix(".yaml")
    spec.write_text(spec_text)
    result = run([codegen, "generate", "--spec", str(spec), "--out", str(out),
                  "--name", name, "--quiet"])
    if result.returncode != 0:
        sys.exit(f"generation failed for {spec}: {result.stderr}")
    for manifest in (out / "Cargo.toml", out / "types/Cargo.toml"):
        # cargo-semver-checks skips crates that cannot be published.
        text = manifest.read_text().replace('version = "0.1.0"', 'version = "1.0.0"', 1)
        text = text.replace("publish = false\n", "")
        manifest.write_text(text)
    return spec


def diff_verdict(codegen, old_spec, new_spec):
    result = run([codegen, "diff", str(old_spec), str(new_spec), "--format", "json"])
    report = json.loads(result.stdout)
    kinds = sorted({c["kind"] for c in report["changes"]})
    return any(c["breaks_client"] for c in report["changes"]), kinds


def semver_verdict(old, new, env):
    result = run(["cargo", "semver-checks", "--workspace",
                  "--manifest-path", str(new / "Cargo.toml"),
                  "--baseline-root", str(old), "--release-type", "minor"], env=env)
    text = result.stdout + result.stderr
    lints = sorted({line.split()[2].rstrip(":") for line in text.splitlines()
                    if line.strip().startswith("--- failure ")})
    checked = text.count("Checked [")
    # 0: no major change needed; 100 (this version; 1 in older ones): one is.
    if result.returncode not in (0, 1, 100) or checked < 2 or (result.returncode and not lints):
        sys.exit(f"cargo-semver-checks did not check both crates:\n{text}")
    return result.returncode != 0, lints


def caller_verdict(old, new, caller, env, work):
    """Compiles `caller` (written for the old crate) against the new crate;
    it must compile against the old one, or it proves nothing."""
    if compile_caller(old, caller, env, work):
        sys.exit(f"the caller does not compile against the old crate: {caller}")
    broken = compile_caller(new, caller, env, work)
    return broken, ["caller fails to compile" if broken else "caller compiles"]


def compile_caller(crate_dir, caller, env, work):
    """Whether `caller` fails to compile against the crate in `crate_dir`."""
    new = crate_dir
    crate = work / "caller"
    if crate.exists():
        shutil.rmtree(crate)
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text(
        '[package]\nname = "caller"\nversion = "0.0.0"\nedition = "2021"\n\n'
        f'[dependencies]\nitems = {{ path = "{new}", default-features = false }}\n\n[workspace]\n')
    (crate / "src/main.rs").write_text(
        "fn main() {\n    let client = items::runtime::Client::new(\"http://localhost\").unwrap();\n"
        f"    {caller}\n}}\n")
    result = run(["cargo", "check", "--quiet"], cwd=crate, env=env)
    return result.returncode != 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="generate into this directory and keep it")
    parser.add_argument("--only", help="run only the case whose name contains this")
    args = parser.parse_args()
    if run(["cargo", "semver-checks", "--version"]).returncode != 0:
        sys.exit("cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked")
    subprocess.run(["cargo", "build", "--quiet", "-p", "codegen"], cwd=ROOT, check=True)
    codegen = str(ROOT / "target/debug/codegen")
    work = Path(args.keep or tempfile.mkdtemp(prefix="semver-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    rows, disagreements = [], 0
    for name, old_text, new_text, caller in CASES:
        if args.only and args.only not in name:
            continue
        assert old_text in BASE, name
        slug = "".join(c if c.isalnum() else "-" for c in name)
        old, new = work / slug / "old", work / slug / "new"
        for d in (old, new):
            if d.exists():
                shutil.rmtree(d)
            d.parent.mkdir(parents=True, exist_ok=True)
        old_spec = generate(codegen, BASE, old)
        new_spec = generate(codegen, BASE.replace(old_text, new_text, 1), new)
        breaks, kinds = diff_verdict(codegen, old_spec, new_spec)
        if caller:
            judged, evidence = caller_verdict(old, new, caller, env, work)
            tool = "compiled caller"
        else:
            judged, evidence = semver_verdict(old, new, env)
            tool = "cargo-semver-checks"
        agree = breaks == judged
        disagreements += not agree
        word = lambda b: "breaks" if b else "ok"
        rows.append(f"| {name} | {', '.join(kinds) or '(none)'} | {word(breaks)} | "
                    f"{word(judged)} ({tool}{': ' + ', '.join(evidence) if evidence else ''}) | "
                    f"{'yes' if agree else '**no**'} |")
        print(rows[-1], flush=True)
    print("\n| change | `codegen diff` kinds | diff: client | judge | agree |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{len(rows)} cases, {disagreements} disagreement(s)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
