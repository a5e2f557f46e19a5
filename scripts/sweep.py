#!/usr/bin/env python3
"""Runs `codegen generate` over every spec in a directory and counts outcomes.

    scripts/sweep.py DIR [--sample N] [--seed S] [--compile N] [--timeout SECS] [--codegen PATH]

Prints `N generated, N failed, N panicked` (and hung, when any). Exit code 1
is a refusal (an invalid spec, with its JSON pointer), anything else that is
not 0 is a panic or crash. With --compile N, the first N generated crates are
checked with `cargo check` (one shared target directory) and the script prints
how many compile without errors and without warnings.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--sample", type=int, default=0, help="a random sample of this many specs (0: all)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --sample")
    parser.add_argument("--compile", type=int, default=0, help="cargo check the first N generated crates")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run counts as hung")
    parser.add_argument("--codegen", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "codegen"))
    parser.add_argument("--out", default=None, help="where to write the crates (default: a temporary directory)")
    parser.add_argument("--verbose", action="store_true", help="print every failure's message")
    args = parser.parse_args()

    specs = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(args.dir)
        for name in names
        if name.endswith((".json", ".yaml", ".yml"))
    )
    if args.sample:
        random.Random(args.seed).shuffle(specs)
        specs = specs[: args.sample]
    out = args.out or tempfile.mkdtemp(prefix="sweep-")
    counts = {"generated": 0, "failed": 0, "panicked": 0, "hung": 0}
    generated = []
    started = time.time()
    for index, spec in enumerate(specs):
        crate_dir = os.path.join(out, f"spec{index:04}")
        try:
            run = subprocess.run(
                [args.codegen, "generate", "--spec", spec, "--out", crate_dir, "--name", f"spec{index:04}"],
                capture_output=True, text=True, timeout=args.timeout,
            )
        except subprocess.TimeoutExpired:
            counts["hung"] += 1
            print(f"HUNG {spec}", file=sys.stderr)
            continue
        if run.returncode == 0:
            counts["generated"] += 1
            generated.append((spec, crate_dir))
        elif run.returncode == 1:
            counts["failed"] += 1
            if args.verbose:
                print(f"FAILED {spec}: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ''}", file=sys.stderr)
        else:
            counts["panicked"] += 1
            print(f"PANICKED ({run.returncode}) {spec}: {run.stderr.strip()[-500:]}", file=sys.stderr)
    elapsed = time.time() - started
    line = f"{counts['generated']} generated, {counts['failed']} failed, {counts['panicked']} panicked"
    if counts["hung"]:
        line += f", {counts['hung']} hung"
    print(f"{line} ({len(specs)} specs, {elapsed:.1f} s)")

    if args.compile:
        target = os.path.join(out, "target")
        ok = warned = 0
        tried = generated[: args.compile]
        for spec, crate_dir in tried:
            check = subprocess.run(
                ["cargo", "check", "--quiet", "--message-format=short", "--manifest-path", os.path.join(crate_dir, "Cargo.toml")],
                capture_output=True, text=True, env={**os.environ, "CARGO_TARGET_DIR": target},
            )
            warnings = [l for l in check.stderr.splitlines() if ": warning:" in l or l.startswith("warning:")]
            if check.returncode == 0 and not warnings:
                ok += 1
            elif check.returncode == 0:
                warned += 1
                print(f"WARNINGS {spec}: {warnings[:3]}", file=sys.stderr)
            else:
                errors = [l for l in check.stderr.splitlines() if "error" in l][:3]
                print(f"DOES NOT COMPILE {spec}: {errors}", file=sys.stderr)
        print(f"{ok} of {len(tried)} compile cleanly, {warned} with warnings, {len(tried) - ok - warned} fail")

    # A temporary output (with --compile, several GB of build products) goes
    # when the sweep is done; pass --out to keep one.
    if not args.out:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
