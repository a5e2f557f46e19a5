#!/usr/bin/env python3
"""Times whole `codegen` processes against the parse floor, and dci's start-up.

    scripts/bench.py [--large PATH] [--runs N]

For each spec: the CPU time (user + system, best of N runs) of `codegen parse`
(reading the spec into openapiv3 and nothing else: the floor) and of
`codegen generate` (types, client, CLI, docs, formatted and written), and their
ratio. Then the wall time of `dci cancel-invite x --offline` and `dci --help`.
Build first: `cargo build --release -p codegen -p dci`.
"""

import argparse
import os
import resource
import subprocess
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CODEGEN = os.path.join(ROOT, "target", "release", "codegen")
DCI = os.path.join(ROOT, "target", "release", "dci")


def cpu(cmd, runs):
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def wall(cmd, runs):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", help="a large spec, such as GitHub's api.github.com.json")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    specs = [("doit", os.path.join(ROOT, "spec", "doit-api.yaml")),
             ("nexus", os.path.join(ROOT, "codegen", "benches", "specs", "nexus.json"))]
    if args.large:
        specs.append(("large", args.large))
    out = tempfile.mkdtemp(prefix="bench-")
    print(f"{'spec':8} {'floor (ms)':>11} {'generate (ms)':>14} {'ratio':>6}")
    for name, spec in specs:
        floor = cpu([CODEGEN, "parse", spec], args.runs)
        whole = cpu([CODEGEN, "generate", "--spec", spec, "--out", os.path.join(out, name), "-q"], args.runs)
        print(f"{name:8} {floor * 1000:11.1f} {whole * 1000:14.1f} {whole / floor:6.1f}")
    if os.path.exists(DCI):
        offline = wall([DCI, "cancel-invite", "x", "--offline"], args.runs * 4)
        help_ = wall([DCI, "--help"], args.runs * 4)
        print(f"dci cancel-invite x --offline: {offline * 1000:.1f} ms wall; dci --help: {help_ * 1000:.1f} ms wall")


if __name__ == "__main__":
    main()
