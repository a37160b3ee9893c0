"""Run every benchmark in bench/ (each *_bench.py script), one after another, and sum up.

    .venv/bin/python bench/run.py [--only NAME ...]

Each script prints its own figures and its ratio against a baseline measured in the same run,
and exits 0 when its targets are met, 1 when one is missed. A missed target is a finding
(bench/README.md says by how much and why), so this command exits 0 unless a script crashed.
Scripts run in their own processes: one benchmark's memory and threads cannot skew the next.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
VERDICTS = {0: "targets met", 1: "a target MISSED (see its output and bench/README.md)"}


def bench_scripts(only: list[str] | None = None) -> list[Path]:
    """The benchmark scripts, in a stable order, optionally only those whose name contains a word."""
    scripts = sorted(BENCH_DIR.glob("*_bench.py"))
    if only:
        scripts = [s for s in scripts if any(word in s.stem for word in only)]
    return scripts


def main() -> int:
    """Run the scripts; exit 0 unless one of them crashed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="run only the scripts whose name contains one of these words")
    args = parser.parse_args()
    scripts = bench_scripts(args.only)
    if not scripts:
        print("no benchmark scripts found", file=sys.stderr)
        return 2
    outcomes: list[tuple[str, int, float]] = []
    for script in scripts:
        print(f"\n=== {script.name} " + "=" * max(0, 60 - len(script.name)), flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], cwd=BENCH_DIR.parent).returncode
        outcomes.append((script.name, code, time.perf_counter() - started))
    print("\n=== summary " + "=" * 52)
    for name, code, seconds in outcomes:
        print(f"{name:<22}{seconds:>7.0f} s   {VERDICTS.get(code, f'CRASHED (exit {code})')}")
    return 1 if any(code not in VERDICTS for _, code, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
