#!/usr/bin/env python3
"""Checks `codegen diff`'s client verdict against cargo-semver-checks.

For each case of scripts/semver/cases.json, scripts/semver/base.yaml is
edited that one way; the crate is generated before and after (the
client crate and its types crate, both set to version 1.0.0), and
`cargo semver-checks --release-type minor` judges the pair: it fails when
the change needs a new major version. Where cargo-semver-checks has no lint
for a change (a parameter's type), a small caller written against the old
crate is compiled against the new one instead. Prints a Markdown table and
exits 1 when any verdict disagrees. `codegen diff`'s verdict is that the
client needs a major release. `--record` writes each judge's verdict into
cases.json, where codegen/tests/semver.rs checks the diff against it on
every `cargo test`.

    cargo install cargo-semver-checks --locked
    scripts/semver.py [--keep DIR] [--only NAME] [--record]

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

CASES_FILE = ROOT / "scripts/semver/cases.json"


def load_cases():
    return json.loads(CASES_FILE.read_text())


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
    """Whether `codegen diff` says the client needs a major release."""
    result = run([codegen, "diff", str(old_spec), str(new_spec), "--format", "json"])
    report = json.loads(result.stdout)
    kinds = sorted({c["kind"] for c in report["changes"]})
    return (report["semver"] or {}).get("client") == "major", kinds


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
    parser.add_argument("--record", action="store_true",
                        help="write each judge's verdict into scripts/semver/cases.json "
                             "(codegen/tests/semver.rs checks the diff against them)")
    args = parser.parse_args()
    version = run(["cargo", "semver-checks", "--version"])
    if version.returncode != 0:
        sys.exit("cargo-semver-checks is not installed: cargo install cargo-semver-checks --locked")
    subprocess.run(["cargo", "build", "--quiet", "-p", "codegen"], cwd=ROOT, check=True)
    codegen = str(ROOT / "target/debug/codegen")
    work = Path(args.keep or tempfile.mkdtemp(prefix="semver-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, CARGO_TARGET_DIR=str(work / "target"))
    doc = load_cases()
    rows, disagreements = [], 0
    for case in doc["cases"]:
        name, old_text, new_text, caller = case["name"], case["old"], case["new"], case["caller"]
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
        case["judge"] = {"major": judged, "tool": tool, "evidence": evidence}
        agree = breaks == judged
        disagreements += not agree
        word = lambda b: "breaks" if b else "ok"
        rows.append(f"| {name} | {', '.join(kinds) or '(none)'} | {word(breaks)} | "
                    f"{word(judged)} ({tool}{': ' + ', '.join(evidence) if evidence else ''}) | "
                    f"{'yes' if agree else '**no**'} |")
        print(rows[-1], flush=True)
    if args.record:
        doc["cargo_semver_checks"] = version.stdout.strip()
        CASES_FILE.write_text(json.dumps(doc, indent=2) + "\n")
    print("\n| change | `codegen diff` kinds | diff: client | judge | agree |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\n{len(rows)} cases, {disagreements} disagreement(s)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
