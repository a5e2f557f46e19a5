#!/usr/bin/env python3
"""Lists Rust functions longer than a limit (default 80 lines) and files
longer than 500 lines under the given folders (default: the generator and
the runtime). Exit 1 when any is found. Test modules are skipped.

    scripts/long-fns.py [--limit N] [DIR...]
"""
import re
import sys
from pathlib import Path

FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def functions(lines):
    """(name, first line, length) of each function, by brace counting."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip() == "#[cfg(test)]":
            return
        m = FN.match(line)
        if not m:
            i += 1
            continue
        depth, start, opened = 0, i, False
        while i < len(lines):
            code = re.sub(r'"(\\.|[^"\\])*"', '""', lines[i].split("//")[0])
            code = re.sub(r"'(\\.|[^'\\])'", "''", code)
            depth += code.count("{") - code.count("}")
            opened = opened or "{" in code
            if opened and depth <= 0:
                break
            if not opened and code.rstrip().endswith(";"):
                break
            i += 1
        yield m.group(6), start + 1, i - start + 1
        i += 1


def main():
    args = sys.argv[1:]
    limit = 80
    if args[:1] == ["--limit"]:
        limit, args = int(args[1]), args[2:]
    root = Path(__file__).resolve().parent.parent
    dirs = [Path(a) for a in args] or [root / "codegen/src", root / "codegen/runtime"]
    found = 0
    for folder in dirs:
        for path in sorted(folder.rglob("*.rs")):
            if path.name == "tests.rs":  # a module of tests: tables of cases
                continue
            lines = path.read_text().split("\n")
            body = lines
            if "#[cfg(test)]" in lines:
                body = lines[: lines.index("#[cfg(test)]")]
            if len(body) > 500:
                print(f"{path}: {len(body)} lines (without tests)")
                found += 1
            for name, start, length in functions(lines):
                if length > limit:
                    print(f"{path}:{start}: fn {name} is {length} lines")
                    found += 1
    sys.exit(1 if found else 0)


main()
