"""Benchmark: the reminder tick with 100,000 registrations in the database.

    .venv/bin/python bench/tick_bench.py [--registrations N] [--due N]

Two SQLite databases with the same 200 events (past ones already surveyed, future ones over
the next two months) are filled: "small" holds only the due event's N_due registrants, "large"
holds them plus enough registrants of the other events to make N registrations in all. Every
tick runs in a fresh child process (the parent's memory would blur the figures) on a fresh copy
of the database, with the project's clock set to the moment under test:

  - nothing due: a tick when no reminder stage and no survey has come (median of 9 ticks);
  - 1,000 due:   the tick at which the due event's 24-hour stage comes, queuing its reminders.

The baseline is the same tick on the small database: the ratio shows what the other 99,000
registrations cost a tick (ideally nothing: a tick is O(due work)). Memory added by the
registrations = peak RSS of the child on the large database − on the small one (target < 50 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MB = 50.0
EVENTS = 200
# The moment "now" of the benchmark, and the due event: its 24-hour stage comes 6 h later.
NOW = datetime(2026, 12, 1, 9, 0)
DUE_EVENT_STARTS = NOW + timedelta(hours=30)
DUE_MOMENT = DUE_EVENT_STARTS - timedelta(hours=24) + timedelta(minutes=1)


def rss_mb() -> float:
    """Resident set size of this process now, in MB (Linux /proc)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """The peak RSS of this program since it started (VmHWM: unlike ru_maxrss, it does not count
    the copy of the parent that existed between fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


# --- filling ---------------------------------------------------------------------------------------------


async def fill(path: Path, registrations: int, due: int) -> None:
    """Create the schema, the events and the registrations (bulk inserts, one transaction per table)."""
    from sqlalchemy import insert

    from storage.db import Database
    from storage.models import Contact, Event, Identity, Registration

    db = Database(f"sqlite+aiosqlite:///{path}")
    await db.migrate()
    long_ago = NOW - timedelta(days=90)
    events = []
    for n in range(EVENTS):
        if n == 0:
            starts, done = DUE_EVENT_STARTS, []
        elif n <= 40:  # past events, reminders sent and surveys queued long ago
            starts = NOW - timedelta(days=3 + n)
            done = [f"24@{starts.isoformat()}", f"1@{starts.isoformat()}"]
        else:  # upcoming, from two days to two months ahead: no stage due yet
            starts, done = NOW + timedelta(days=2, hours=7 * (n - 40)), []
        events.append({"title": f"ندوة حوارية رقم {n}", "kind": "seminar", "governorate": "baghdad",
                       "organizer_name": "جمعية المثال الأولى", "venue": "بغداد", "description": "",
                       "starts_at": starts, "duration_minutes": 120, "capacity": None, "status": "published",
                       "registration_open": True, "is_sample": False, "reminder_hours": [24, 1],
                       "survey_delay_hours": 2, "reminder_stages_done": done,
                       "survey_queued_at": starts + timedelta(hours=5) if starts < NOW else None,
                       "created_at": long_ago, "updated_at": long_ago})
    async with db.engine.begin() as conn:
        await conn.execute(insert(Event), events)
        contacts = [{"id": n + 1, "language": "ar", "governorate": "baghdad", "interests": [], "state": {},
                     "opted_out": False, "reminders_off": False, "consent_at": long_ago, "created_at": long_ago}
                    for n in range(registrations)]
        await conn.execute(insert(Contact), contacts)
        identities = [{"contact_id": n + 1, "channel": "telegram", "external_id": str(10_000_000 + n),
                       "unreachable": False, "created_at": long_ago} for n in range(registrations)]
        await conn.execute(insert(Identity), identities)
        rows = []
        for n in range(registrations):
            event_id = 1 if n < due else 2 + (n - due) % (EVENTS - 1)
            rows.append({"event_id": event_id, "contact_id": n + 1, "status": "confirmed",
                         "ticket_code": f"K{n:08d}", "created_at": long_ago, "confirmed_at": long_ago})
        await conn.execute(insert(Registration), rows)
    await db.dispose()


# --- one tick in a child process ------------------------------------------------------------------------------


async def child_tick(path: Path, at: datetime, repeat: int) -> dict:
    """Run `repeat` ticks at the moment `at`; return their seconds, what they queued, and memory."""
    from sqlalchemy import text

    from scheduler.jobs import run_tick
    from storage import clock
    from storage.db import Database

    try:  # the tick of `musharaka run` / `musharaka worker` also releases scheduled broadcasts
        import scheduler.broadcast_jobs  # noqa: F401
    except ModuleNotFoundError:
        pass

    db = Database(f"sqlite+aiosqlite:///{path}")
    async with db.transaction() as session:  # connect and warm the pool before measuring
        await session.execute(text("SELECT 1"))
    # A running worker has ticked before: the first tick of a process also compiles its statements.
    clock.set_clock(lambda: NOW - timedelta(days=1))
    await run_tick(db)
    clock.set_clock(lambda: at)
    rss_before = rss_mb()
    seconds, queued = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        result = await run_tick(db)
        seconds.append(time.perf_counter() - started)
        queued.append(result.reminders + result.surveys)
    rss_after = rss_mb()
    await db.dispose()
    peak = peak_rss_mb()
    return {"seconds": seconds, "queued": queued, "rss_before": rss_before, "rss_after": rss_after, "peak": peak}


def measure(source: Path, scratch: Path, at: datetime, repeat: int) -> dict:
    """Copy the database and run the ticks in a fresh interpreter."""
    shutil.copy(source, scratch)
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(scratch), at.isoformat(), str(repeat)]
    output = subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    scratch.unlink()
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    """Fill both databases, run the ticks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, at, repeat = args.child
        print(json.dumps(asyncio.run(child_tick(Path(path), datetime.fromisoformat(at), int(repeat)))))
        return 0

    print(f"reminder tick: {args.registrations} registrations over {EVENTS} events, {args.due} of them due")
    with tempfile.TemporaryDirectory(prefix="musharaka-bench-") as tmp:
        small, large, scratch = Path(tmp, "small.db"), Path(tmp, "large.db"), Path(tmp, "scratch.db")
        started = time.perf_counter()
        asyncio.run(fill(small, args.due, args.due))
        asyncio.run(fill(large, args.registrations, args.due))
        size = large.stat().st_size / 2**20
        print(f"  filled in {time.perf_counter() - started:.1f} s (large database {size:.0f} MB)")
        runs = {(size, moment): measure(db, scratch, at, repeat)
                for size, db in (("small", small), ("large", large))
                for moment, at, repeat in (("idle", NOW, 9), ("due", DUE_MOMENT, 1))}
    idle = {size: statistics.median(runs[size, "idle"]["seconds"]) * 1000 for size in ("small", "large")}
    due = {size: runs[size, "due"]["seconds"][0] * 1000 for size in ("small", "large")}
    queued = runs["large", "due"]["queued"][0]
    peak = {size: max(runs[size, m]["peak"] for m in ("idle", "due")) for size in ("small", "large")}
    added = peak["large"] - peak["small"]
    tick_growth = runs["large", "due"]["rss_after"] - runs["large", "due"]["rss_before"]
    print(f"\n{'tick':<24}{'1,000 regs (baseline)':>24}{f'{args.registrations:,} regs':>16}{'ratio':>8}")
    print(f"{'nothing due (median)':<24}{idle['small']:>21.1f} ms{idle['large']:>13.1f} ms"
          f"{idle['large'] / idle['small']:>8.2f}")
    print(f"{f'{queued:,} due':<24}{due['small']:>21.1f} ms{due['large']:>13.1f} ms{due['large'] / due['small']:>8.2f}")
    print(f"\npeak RSS of the tick process: {peak['small']:.1f} MB with {args.due:,} registrations, "
          f"{peak['large']:.1f} MB with {args.registrations:,}")
    print(f"memory added by the registrations: {added:.1f} MB (target < {TARGET_MB:.0f} MB) -> "
          f"{'met' if added < TARGET_MB else 'MISSED'}; RSS growth during the 1,000-due tick: {tick_growth:.1f} MB")
    print(json.dumps({"idle_ms": round(idle["large"], 2), "idle_baseline_ms": round(idle["small"], 2),
                      "due_ms": round(due["large"], 1), "due_baseline_ms": round(due["small"], 1),
                      "queued": queued, "added_mb": round(added, 1)}))
    return 0 if added < TARGET_MB and queued == args.due else 1


if __name__ == "__main__":
    sys.exit(main())
