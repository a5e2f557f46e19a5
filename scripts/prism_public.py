#!/usr/bin/env python3
"""Checks the requests of tools generated from public specs against Prism.

    scripts/prism_public.py SPEC [SPEC...] [--only-commands N] [--table]

For each spec (a path; JSON or YAML): `codegen generate` writes its crate under
target/public/<name>/, cargo builds its CLI (one shared target directory,
target/public/target), and scripts/prism.py sends every command with inputs made
from the spec to Prism through its recording relay, with the tool's own variables
(read from the generated main.rs and client.rs). Each spec's report is
target/prism/<name>.json; the last line per spec is docs/reviewing.md's table row:
commands, requests sent, accepted by Prism, the tool's faults, responses decoded.

Needs what scripts/prism.py needs (node/npm for Prism, PyYAML) and cargo.
"""

import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "target", "public")


def crate_name(spec):
    """The crate's name: the spec's file name without its extensions, kebab-case."""
    stem = os.path.basename(spec).split(".json")[0].split(".yaml")[0]
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "api"


def generate_and_build(spec, name):
    """Generates and builds the tool; returns (binary path, its variables)."""
    out = os.path.join(OUT, name)
    subprocess.run(["cargo", "run", "--quiet", "-p", "codegen", "--", "generate", "--quiet",
                    "--spec", spec, "--out", out, "--name", name], cwd=ROOT, check=True)
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(OUT, "target"))
    subprocess.run(["cargo", "build", "--quiet", "--manifest-path", os.path.join(out, "Cargo.toml"), "--bin", name],
                   env=env, check=True)
    main = open(os.path.join(out, "src", "main.rs")).read()
    client = open(os.path.join(out, "src", "client.rs")).read()
    names = {
        "base_url": re.search(r'base_url_env: "([A-Z0-9_]+)"', main).group(1),
        "key": re.search(r'api_key_env: "([A-Z0-9_]+)"', main).group(1),
        "credentials": sorted(set(re.findall(r"read from `([A-Z0-9_]+)` by the command-line tool", client))),
    }
    return os.path.join(OUT, "target", "debug", name), names


def check(spec, name, binary, names, extra):
    """Runs scripts/prism.py on the tool; returns its report."""
    report = os.path.join(ROOT, "target", "prism", f"{name}.json")
    argv = [sys.executable, os.path.join(ROOT, "scripts", "prism.py"), "--tool", binary, "--spec", spec,
            "--base-url-env", names["base_url"], "--key-env", names["key"], "--report", report]
    for credential in names["credentials"]:
        argv += ["--credential-env", credential]
    subprocess.run(argv + extra, cwd=ROOT)
    with open(report) as f:
        return json.load(f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", metavar="SPEC")
    parser.add_argument("--only", action="append", default=[], help="passed to prism.py: check only this command")
    args = parser.parse_args()
    extra = [a for name in args.only for a in ("--only", name)]
    rows = []
    for spec in args.specs:
        spec = os.path.abspath(spec)
        name = crate_name(spec)
        binary, names = generate_and_build(spec, name)
        report = check(spec, name, binary, names, extra)
        summary = report.get("summary", {})
        rows.append((name, summary))
        print(f"| {name} | " + " | ".join(str(summary.get(k, "?")) for k in
              ("commands", "sent", "accepted", "tool_faults", "decoded")) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
