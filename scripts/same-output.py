#!/usr/bin/env python3
"""Generates every spec in a directory with two `codegen` binaries and
compares what they write, file for file: a change meant to leave the output
alone (a speed-up) is checked against the commit before it.

    scripts/same-output.py OLD_CODEGEN DIR [--new PATH] [--sample N] [--seed S]

Build the old binary in a worktree with its own target directory:
    git worktree add /tmp/old HEAD~1 && (cd /tmp/old && CARGO_TARGET_DIR=/tmp/old-target
    cargo build --release -p codegen); scripts/same-output.py /tmp/old-target/release/codegen DIR

Prints each spec whose exit code or output differs, then `N specs, N differ,
N refused by both`; exits 1 when any differs.
"""

import argparse
import filecmp
import os
import random
import shutil
import subprocess
import sys
import tempfile


def same_tree(a, b):
    """Whether two directories hold the same files with the same bytes."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def generate(codegen, spec, out):
    """The exit code of `codegen generate` into a fresh `out` (or `timeout`)."""
    shutil.rmtree(out, ignore_errors=True)
    try:
        return subprocess.run([codegen, "generate", "--spec", spec, "--out", out, "-q"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300).returncode
    except subprocess.TimeoutExpired:
        return "timeout"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("dir")
    parser.add_argument("--new", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "codegen"))
    parser.add_argument("--sample", type=int, default=0, help="a random sample of this many specs (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    specs = sorted(os.path.join(root, name) for root, _, names in os.walk(args.dir)
                   for name in names if name.endswith((".json", ".yaml", ".yml")))
    if args.sample:
        random.seed(args.seed)
        specs = random.sample(specs, min(args.sample, len(specs)))
    scratch = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    old_out, new_out = os.path.join(scratch, "old"), os.path.join(scratch, "new")
    differ = refused = 0
    for spec in specs:
        codes = (generate(args.old, spec, old_out), generate(args.new, spec, new_out))
        if codes[0] != codes[1]:
            differ += 1
            print(f"exit codes differ {codes}: {spec}", flush=True)
        elif codes[0] != 0:
            refused += 1
        elif not same_tree(old_out, new_out):
            differ += 1
            print(f"output differs: {spec}", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"{len(specs)} specs, {differ} differ, {refused} refused by both")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
