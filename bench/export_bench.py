"""Benchmark: export 100,000 feedback responses to CSV and XLSX; print seconds and peak memory.

    .venv/bin/python bench/export_bench.py [--rows N] [--repeat N] [--skip-openpyxl] [--keep DIR]

Fills a fresh SQLite database with one event whose survey has N responses (realistic Arabic free
text cut from the test suite's Arabic documents, and ../shared/seeds when present), then runs each
export in a fresh subprocess so that every peak resident set size (ru_maxrss from os.wait4, i.e. of
that child alone) is measured on its own. The exports are the real `musharaka export` command.
Baselines in the same run: the same rows loaded into a list and written with the plain csv module,
and with openpyxl's ordinary (non-streaming) workbook, plus the bare start-up cost of the
interpreter and our imports. Each run is repeated (default 3) and the fastest wall time is shown,
since other work on the machine only ever slows a run down; CPU seconds are shown too.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(__file__).resolve())
TARGET_SECONDS = 10.0
TARGET_MB = 200.0
QUESTIONS = [
    {"key": "rating", "kind": "rating", "text_key": "survey-q-rating", "required": True},
    {"key": "lessons", "kind": "text", "text_key": "survey-q-lessons", "required": False},
    {"key": "challenges", "kind": "text", "text_key": "survey-q-challenges", "required": False},
    {"key": "plans", "kind": "text", "text_key": "survey-q-plans", "required": False},
]
TEXT_KEYS = ("lessons", "challenges", "plans")
# Joins sentences into one answer the way people type them.
ARABIC_COMMA = "\u060c "


# --- filling the database ------------------------------------------------------------------------


def seed_fragments() -> list[str]:
    """Sentences of the seed documents: the Arabic that people would type as answers."""
    sys.path.insert(0, str(ROOT))
    from tests.arabic_samples import document_texts

    fragments: list[str] = []
    # The project's own Arabic documents, plus the real seeds when they are beside the clone.
    for text in document_texts():
        fragments += [f.strip() for f in re.split("[.\u060c\u061b\n]+", text) if len(f.strip()) > 20]
    return fragments


def fake_answers(rng: random.Random, fragments: list[str]) -> dict[str, object]:
    """One response: a rating and up to three answers of 1–3 sentences (some skipped)."""
    answers: dict[str, object] = {"rating": rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 6, 5))[0]}
    for key in TEXT_KEYS:
        if rng.random() < 0.85:
            answers[key] = ARABIC_COMMA.join(rng.sample(fragments, rng.randint(1, 3)))[:600]
    return answers


async def fill(db_path: Path, rows: int) -> None:
    """Create the schema (Alembic) and insert one event, its survey and `rows` responses."""
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import insert

    from storage.db import Database
    from storage.models import Contact, Event, Survey, SurveyResponse

    db = Database(f"sqlite+aiosqlite:///{db_path}")
    await db.migrate()
    rng = random.Random(2024)
    fragments = seed_fragments()
    start = datetime(2026, 12, 7, 7, 0)
    try:
        async with db.transaction() as session:
            event = Event(title=fragments[0][:120], kind="closing", governorate="baghdad",
                          organizer_name=fragments[1][:100], venue=fragments[2][:100], starts_at=start)
            session.add(event)
            await session.flush()
            survey = Survey(event_id=event.id, questions=QUESTIONS)
            session.add(survey)
            await session.flush()
            survey_id = survey.id
        chunk = 10_000
        for first in range(0, rows, chunk):
            count = min(chunk, rows - first)
            async with db.transaction() as session:
                contact_ids = (await session.scalars(
                    insert(Contact).returning(Contact.id),
                    [{"language": "ar", "governorate": "baghdad", "interests": [], "state": {}}] * count,
                )).all()
                responses = []
                for contact_id in contact_ids:
                    began = start + timedelta(hours=2, seconds=rng.randint(0, 3 * 86400))
                    complete = rng.random() < 0.9
                    responses.append({
                        "survey_id": survey_id, "contact_id": contact_id, "answers": fake_answers(rng, fragments),
                        "current_question": 4 if complete else 1, "started_at": began,
                        "completed_at": began + timedelta(minutes=rng.randint(1, 30)) if complete else None,
                    })
                await session.execute(insert(SurveyResponse), responses)
    finally:
        await db.dispose()


# --- children ------------------------------------------------------------------------------------


def _load_all(db_path: Path) -> tuple[list[str], list[list[object]]]:
    """The naive way: every row in a Python list first."""
    connection = sqlite3.connect(db_path)
    header = ["status", "started_at", "completed_at", "rating", *TEXT_KEYS]
    rows: list[list[object]] = []
    for started, completed, answers in connection.execute(
        "SELECT started_at, completed_at, answers FROM survey_responses ORDER BY id"
    ):
        parsed = json.loads(answers)
        rows.append(["complete" if completed else "in progress", started, completed, parsed.get("rating"),
                     *(parsed.get(k) for k in TEXT_KEYS)])
    connection.close()
    return header, rows


def child_baseline_csv(db_path: Path, out: Path) -> None:
    """Baseline: all rows in memory, then the plain csv module."""
    header, rows = _load_all(db_path)
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def child_baseline_openpyxl(db_path: Path, out: Path) -> None:
    """Baseline: all rows in memory, then openpyxl's ordinary (non write-only) workbook."""
    import openpyxl

    header, rows = _load_all(db_path)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.sheet_view.rightToLeft = True
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(out)


def child_imports() -> None:
    """Baseline: the interpreter plus everything `musharaka export` imports, doing nothing."""
    import bot.cli
    import storage.exports.writers  # noqa: F401

    # The CLI imports every subcommand module (not just the export one) before parsing.
    bot.cli._load_extra_commands()


CHILDREN = {"baseline-csv": child_baseline_csv, "baseline-openpyxl": child_baseline_openpyxl}


# --- measuring -----------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured child process."""

    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    size_mb: float
    ok: bool
    detail: str = ""


def measure(name: str, argv: list[str], out: Path | None, env: dict[str, str]) -> Run:
    """Run `argv` to completion; wall time, and the child's own peak RSS from os.wait4."""
    began = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    # Read to the end ourselves: communicate() would reap the child and lose its rusage.
    output = process.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports ru_maxrss in KiB.
    peak_mb = usage.ru_maxrss / 1024
    size_mb = out.stat().st_size / 1e6 if out is not None and out.exists() else 0.0
    ok = process.returncode == 0
    detail = output.decode(errors="replace").strip().splitlines()[-1:] if not ok else []
    # CPU time (user + system) is shown too: wall time suffers when the machine is shared.
    cpu = usage.ru_utime + usage.ru_stime
    return Run(name, seconds, cpu, peak_mb, size_mb, ok, " ".join(detail))


def best_of(name: str, argv: list[str], out: Path | None, env: dict[str, str], repeat: int) -> Run:
    """Run `repeat` times: the fastest wall time (least disturbed by other load), the highest peak."""
    runs = [measure(name, argv, out, env) for _ in range(repeat)]
    best = min(runs, key=lambda r: r.seconds)
    best.peak_mb = max(r.peak_mb for r in runs)
    best.ok = all(r.ok for r in runs)
    best.detail = next((r.detail for r in runs if not r.ok), "")
    return best


def ensure_database(db_path: Path, rows: int, env: dict[str, str]) -> None:
    """Fill a fresh database, or reuse a kept one that already holds `rows` responses."""
    if db_path.exists():
        with sqlite3.connect(db_path) as connection:
            try:
                held = connection.execute("SELECT count(*) FROM survey_responses").fetchone()[0]
            except sqlite3.Error:
                held = -1
        if held == rows:
            print(f"reusing {db_path} ({rows:,} feedback responses)")
            return
        db_path.unlink()
    # Filling runs in a child too: Linux children inherit the parent's peak RSS at fork time into
    # their ru_maxrss, so this process must stay small for the measurements to mean anything.
    began = time.perf_counter()
    subprocess.run([sys.executable, SCRIPT, "--child", "fill", "--db", str(db_path), "--rows", str(rows)],
                   env=env, cwd=ROOT, check=True)
    print(f"filled {db_path} with {rows:,} feedback responses in {time.perf_counter() - began:.1f} s")


def plan_runs(workdir: Path, db_path: Path, openpyxl: bool) -> list[tuple[str, list[str], Path | None]]:
    """What to run: the start-up floor, the two real exports and the naive baselines."""
    python = sys.executable
    plan: list[tuple[str, list[str], Path | None]] = [("imports only (floor)", [python, SCRIPT, "--child", "imports"],
                                                       None)]
    for fmt in ("csv", "xlsx"):
        out = workdir / f"feedback.{fmt}"
        plan.append((f"musharaka export {fmt}", [python, "-m", "bot.cli", "export", "feedback", "--event", "1",
                                                  "--format", fmt, "-o", str(out)], out))
    baselines = [("baseline: list + csv module", "baseline-csv", "baseline.csv")]
    if openpyxl:
        baselines.append(("baseline: list + openpyxl", "baseline-openpyxl", "baseline.xlsx"))
    for name, child, filename in baselines:
        out = workdir / filename
        plan.append((name, [python, SCRIPT, "--child", child, "--db", str(db_path), "--out", str(out)], out))
    return plan


def report(runs: dict[str, Run]) -> bool:
    """Print the ratios and whether the XLSX target is met."""
    xlsx, csv_run = runs["musharaka export xlsx"], runs["musharaka export csv"]
    base_csv = runs["baseline: list + csv module"]
    print()
    print(f"csv  vs list+csv : {csv_run.seconds / base_csv.seconds:4.2f}x the time, "
          f"{csv_run.peak_mb / base_csv.peak_mb:4.2f}x the peak memory")
    if "baseline: list + openpyxl" in runs:
        base_xlsx = runs["baseline: list + openpyxl"]
        print(f"xlsx vs openpyxl : {xlsx.seconds / base_xlsx.seconds:4.2f}x the time, "
              f"{xlsx.peak_mb / base_xlsx.peak_mb:4.2f}x the peak memory")
    passed = xlsx.ok and xlsx.seconds < TARGET_SECONDS and xlsx.peak_mb < TARGET_MB
    print(f"target (XLSX < {TARGET_SECONDS:.0f} s and < {TARGET_MB:.0f} MB peak): {'met' if passed else 'NOT met'}")
    return passed


def main() -> int:
    """Fill the database, run every export in its own process, print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each export; the fastest counts (default 3)")
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the slow openpyxl baseline")
    parser.add_argument("--keep", type=Path, help="work in this directory, keep the files and reuse the database")
    parser.add_argument("--child", choices=[*CHILDREN, "imports", "fill"], help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "imports":
        child_imports()
        return 0
    if args.child == "fill":
        asyncio.run(fill(args.db, args.rows))
        return 0
    if args.child:
        CHILDREN[args.child](args.db, args.out)
        return 0

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="musharaka-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = workdir / "bench.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{db_path}", "PYTHONPATH": str(ROOT)}
    ensure_database(db_path, args.rows, env)
    print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MB peak "
          f"(children start from it); {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"best of {args.repeat} runs")
    runs = {}
    print(f"\n{'run':<30} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'file MB':>8}")
    for name, argv, out in plan_runs(workdir, db_path, not args.skip_openpyxl):
        run = best_of(name, argv, out, env, max(args.repeat, 1))
        runs[name] = run
        status = "" if run.ok else f"  FAILED: {run.detail}"
        print(f"{name:<30} {run.seconds:8.2f} {run.cpu_seconds:8.2f} {run.peak_mb:8.1f} {run.size_mb:8.1f}{status}")
    passed = report(runs)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
