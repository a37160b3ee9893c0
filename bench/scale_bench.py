"""Figures on the country-sized data set of bench/seed_scale.py (issue 16 parts 2 and 5).

    .venv/bin/python bench/scale_bench.py --database-url postgresql://postgres@127.0.0.1:5432/scale_bench

Each figure is printed next to a baseline measured in the same run (a `SELECT 1` round trip, a bare
`count(*)`, the reply latency with nothing else running, the start-up of the `musharaka` command):
  - the audience count of a broadcast preview (one organisation's governorate segment), target < 500 ms;
  - enqueueing an announcement to organisation 1's whole audience (about 200,000 people), target < 30 s,
    while the bot answers typed menu words in the same process (each reply timed);
  - a scheduler tick (scheduler.jobs.run_tick) with nothing due (< 20 ms) and with 10,000 reminders due (< 2 s);
  - `musharaka export registrations --event 1 --format xlsx` (100,000 registrations) in a child process:
    wall time (< 10 s) and peak RSS from os.wait4 (< 200 MB);
  - the bot (BotCore, in a child process) answering updates of people spread over the database: peak RSS
    (< 200 MB);
  - EXPLAIN ANALYZE of every SELECT those operations ran: the plan's top lines, and any sequential
    scan of a big table flagged.
What the benchmark adds (a broadcast, its deliveries, a 10,000-person event) is deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.core import BotCore  # noqa: E402
from handlers.types import Inbound, InboundKind  # noqa: E402
from scheduler.jobs import run_tick  # noqa: E402
from storage.clock import utcnow  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.models import Broadcast, Delivery  # noqa: E402
from storage.services import audiences, broadcasts  # noqa: E402

BIG_TABLES = ("contacts", "identities", "registrations", "follows", "deliveries", "events")
WORDS = ("القائمة", "الفعاليات", "تسجيلاتي", "الإعدادات", "مساعدة")


def load() -> str:
    """The machine's load average, as `uptime` shows it."""
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def ms(seconds: float) -> str:
    """Seconds as milliseconds with one decimal."""
    return f"{seconds * 1000:.1f} ms"


class Recorder:
    """Collects the SQL statements run while it is on, to EXPLAIN them afterwards."""

    def __init__(self, db: Database) -> None:
        self.on = False
        self.statements: dict[str, tuple[str, Any]] = {}
        self.dsn = db.url.replace("postgresql+asyncpg://", "postgresql://")
        sa_event.listen(db.engine.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if self.on and statement.lstrip().upper().startswith("SELECT") and not executemany:
            self.statements.setdefault(" ".join(statement.split()), (statement, parameters))

    async def explain(self, label: str) -> None:
        """EXPLAIN ANALYZE what was recorded (before the benchmark's rows are deleted), then forget it."""
        statements, self.statements = self.statements, {}
        await explain_all(self.dsn, label, statements)


async def timed(fn: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    """Wall seconds of one awaited call, and its result."""
    start = time.perf_counter()
    result = await fn()
    return time.perf_counter() - start, result


async def explain_all(dsn: str, label: str, statements: dict[str, tuple[str, Any]], lines: int = 6) -> None:
    """EXPLAIN ANALYZE each recorded statement; print its top lines and flag big sequential scans."""
    conn = await asyncpg.connect(dsn)
    try:
        for statement, params in statements.values():
            # Inside a transaction rolled back afterwards: ANALYZE runs the statement (and its row locks).
            transaction = conn.transaction()
            await transaction.start()
            try:
                plan = [r[0] for r in await conn.fetch("EXPLAIN (ANALYZE, COSTS OFF) " + statement, *(params or ()))]
            finally:
                await transaction.rollback()
            seq = [p.strip() for p in plan if "Seq Scan on" in p and any(f" {t} " in p + " " for t in BIG_TABLES)]
            head = " ".join(statement.split())[:150]
            print(f"  [{label}] {head}")
            for line in plan[:lines]:
                print(f"      {line}")
            if len(plan) > lines:
                print(f"      {plan[-1].strip()}")
            print(f"      -> {'SEQ SCAN: ' + '; '.join(seq) if seq else 'index only / small tables'}")
    finally:
        await conn.close()


async def baselines(db: Database) -> None:
    """SELECT 1 round trip and a bare count(*) of the big tables."""
    async with db.engine.connect() as conn:
        trips = []
        for _ in range(50):
            start = time.perf_counter()
            await conn.execute(text("SELECT 1"))
            trips.append(time.perf_counter() - start)
        print(f"baseline SELECT 1 round trip: median {ms(statistics.median(trips))}, "
              f"p99 {ms(sorted(trips)[48])}  ({load()})")
        for table in ("contacts", "registrations"):
            start = time.perf_counter()
            count = await conn.scalar(text(f"SELECT count(*) FROM {table}"))
            print(f"baseline count(*) of {table} ({count:,} rows): {ms(time.perf_counter() - start)}")


def backend_cpu(pid: int) -> float:
    """CPU seconds used so far by a PostgreSQL backend on this machine (wall time is inflated by load)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def preview_counts(db: Database, rec: Recorder, org: int) -> None:
    """The audience count a broadcast preview shows, for a few segments of one organisation."""
    for segments in (["g-baghdad"], ["g-basra"], ["all"], ["i-youth"], ["r-1"]):
        times, server = [], []
        count = 0
        for attempt in range(3):
            rec.on = attempt == 0 and segments == ["g-baghdad"]
            async with db.reading() as session:
                pid = await session.scalar(text("SELECT pg_backend_pid()"))
                before = backend_cpu(pid)
                seconds, count = await timed(lambda s=session, g=segments: audiences.audience_count(s, org, g))
                server.append(backend_cpu(pid) - before)
            rec.on = False
            times.append(seconds)
        verdict = "ok" if min(times) < 0.5 else "MISSED"
        print(f"preview count org {org} {segments}: {count:,} people, best {ms(min(times))}, "
              f"median {ms(statistics.median(times))}, server CPU {ms(min(server))} "
              f"(target < 500 ms: {verdict})  ({load()})")


async def reply_latency(core: BotCore, stop: asyncio.Event, contacts: list[int], out: list[float]) -> None:
    """Send typed menu words as different people until stopped; record each reply's latency."""
    i = 0
    while not stop.is_set():
        cid = contacts[i % len(contacts)]
        inbound = Inbound(channel="telegram", external_id=str(100_000_000 + cid), kind=InboundKind.TEXT,
                          text=WORDS[i % len(WORDS)], update_key=f"scale-{time.time_ns()}-{i}")
        start = time.perf_counter()
        await core.handle(inbound)
        out.append(time.perf_counter() - start)
        i += 1
        await asyncio.sleep(0.05)


def latency_line(values: list[float]) -> str:
    """n, median, p95, max of latencies."""
    if not values:
        return "no replies"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{len(values)} replies, median {ms(statistics.median(values))}, p95 {ms(p95)}, max {ms(ordered[-1])}"


async def telegram_contacts(db: Database, n: int) -> list[int]:
    """Contacts with a telegram identity, spread over the id range."""
    async with db.reading() as session:
        top = await session.scalar(text("SELECT max(contact_id) FROM identities WHERE channel = 'telegram'"))
        step = max(1, top // (n * 3))
        rows = await session.scalars(text(
            "SELECT contact_id FROM identities WHERE channel = 'telegram' AND contact_id % :step = 0 LIMIT :n"),
            {"step": step, "n": n})
        return list(rows)


async def _server_side_enqueue(session: Any, broadcast: Broadcast) -> int:
    """broadcasts._enqueue_audience as requested in /work/notes/requests/scale.md (one INSERT ... SELECT)."""
    await audiences.enqueue_audience(session, broadcast.organization_id, broadcasts.segments(broadcast),
                                     purpose=broadcasts.purpose(broadcast.id), kind=broadcasts.KIND,
                                     payload={"broadcast_id": broadcast.id}, broadcast_id=broadcast.id)
    return await session.scalar(select(func.count()).where(Delivery.broadcast_id == broadcast.id)) or 0


def use_server_side_enqueue() -> str:
    """Patch broadcasts._enqueue_audience unless it already uses audiences.enqueue_audience."""
    if "audiences.enqueue_audience(" in inspect.getsource(broadcasts._enqueue_audience):
        return "as shipped (INSERT ... SELECT)"
    broadcasts._enqueue_audience = _server_side_enqueue
    return "patched to the requested INSERT ... SELECT"


async def enqueue_announcement(db: Database, rec: Recorder, core: BotCore, org: int, as_is: bool) -> None:
    """Enqueue an announcement to the organisation's whole audience while the bot answers people."""
    how = "as shipped" if as_is else use_server_side_enqueue()
    people = await telegram_contacts(db, 300)
    warm: list[float] = []  # the first replies load the catalog and warm the caches: not counted
    stop = asyncio.Event()
    task = asyncio.create_task(reply_latency(core, stop, people[-20:], warm))
    await asyncio.sleep(2)
    stop.set()
    await task
    quiet: list[float] = []
    stop = asyncio.Event()
    task = asyncio.create_task(reply_latency(core, stop, people, quiet))
    await asyncio.sleep(5)
    stop.set()
    await task
    print(f"baseline reply latency, nothing else running: {latency_line(quiet)}  ({load()})")
    async with db.transaction() as session:
        draft = await broadcasts.create_draft(session, org, 1, "إعلان تجريبي للقياس")
        draft.audience = {"segments": ["all"]}
    busy: list[float] = []
    stop = asyncio.Event()
    task = asyncio.create_task(reply_latency(core, stop, people, busy))
    start = time.perf_counter()
    rec.on = True
    try:
        async with db.transaction() as session:
            broadcast = await session.get(Broadcast, draft.id)
            size = await broadcasts.start_sending(session, broadcast, actor="bench", actor_contact_id=1)
    finally:
        rec.on = False
        seconds = time.perf_counter() - start
        stop.set()
        await task
    verdict = "ok" if seconds < 30 else "MISSED"
    print(f"enqueue announcement org {org} 'all' ({how}): {size:,} deliveries in {seconds:.1f} s "
          f"(target < 30 s: {verdict})  ({load()})")
    print(f"  reply latency meanwhile (same process): {latency_line(busy)}")
    await rec.explain("enqueue")
    async with db.transaction() as session:
        await session.execute(text("DELETE FROM deliveries WHERE broadcast_id = :b"), {"b": draft.id})
        await session.execute(text("DELETE FROM broadcasts WHERE id = :b"), {"b": draft.id})


async def ticks(db: Database, rec: Recorder, org: int) -> None:
    """run_tick with nothing due, then with 10,000 reminders due."""
    await run_tick(db)  # catch up whatever became due since seeding
    idle, cpu = [], []
    for attempt in range(7):
        rec.on = attempt == 0
        before = time.process_time()
        seconds, _ = await timed(lambda: run_tick(db))
        cpu.append(time.process_time() - before)
        rec.on = False
        idle.append(seconds)
    await rec.explain("tick, nothing due")
    verdict = "ok" if statistics.median(idle) < 0.02 else "MISSED"
    print(f"tick, nothing due: median {ms(statistics.median(idle))}, best {ms(min(idle))}, "
          f"this process's CPU median {ms(statistics.median(cpu))} "
          f"(target < 20 ms: {verdict})  ({load()})")
    now = utcnow()
    async with db.transaction() as session:
        event_id = await session.scalar(text(
            "INSERT INTO events (organization_id, organizer_name, title, kind, governorate, venue, description, "
            "starts_at, duration_minutes, status, registration_open, is_sample, reminder_hours, survey_delay_hours, "
            "checkin_opens_minutes_before, reminder_stages_done, created_at, updated_at) VALUES (:org, 'bench', "
            "'bench reminders', 'seminar', 'baghdad', 'hall', '', :starts, 120, 'published', true, false, "
            "'[24, 1]', 2, 120, '[]', :now, :now) RETURNING id"),
            {"org": org, "starts": now + timedelta(hours=23), "now": now})
        await session.execute(text(
            "INSERT INTO registrations (event_id, contact_id, status, ticket_code, created_at, confirmed_at) "
            "SELECT :e, id, 'confirmed', 'B' || id, :at, :at FROM contacts WHERE NOT reminders_off "
            "ORDER BY id LIMIT 10000"), {"e": event_id, "at": now - timedelta(days=2)})
    await db.engine.dispose()
    async with db.engine.connect() as conn:
        await conn.execute(text("ANALYZE registrations"))
    rec.on = True
    seconds, result = await timed(lambda: run_tick(db))
    rec.on = False
    verdict = "ok" if seconds < 2 else "MISSED"
    print(f"tick, 10,000 reminders due: {result.reminders:,} queued in {ms(seconds)} "
          f"(target < 2 s: {verdict})  ({load()})")
    await rec.explain("tick, 10,000 due")
    async with db.transaction() as session:
        await session.execute(text("DELETE FROM deliveries WHERE purpose LIKE :p"), {"p": f"reminder:{event_id}:%"})
        await session.execute(text("DELETE FROM events WHERE id = :e"), {"e": event_id})


# A small launcher process runs each measured child: Linux children start with their parent's peak
# RSS in ru_maxrss, and this process is large by then; the launcher stays at about 10 MB.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
out = proc.stdout.read()
_, status, usage = os.wait4(proc.pid, 0)
sys.stdout.buffer.write(out)
print(f"\\nLAUNCHER {time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} "
      f"{os.waitstatus_to_exitcode(status)}")
"""


def child(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run a child process through the launcher; (wall s, CPU s, peak RSS MB, its output)."""
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *argv], env=env, capture_output=True, text=True)
    out, _, last = done.stdout.rstrip().rpartition("\n")
    fields = last.split()
    if not fields or fields[0] != "LAUNCHER":
        print(f"  launcher failed: {done.stdout[-500:]} {done.stderr[-500:]}")
        return 0.0, 0.0, 0.0, out
    wall, cpu, rss, code = float(fields[1]), float(fields[2]), int(fields[3]) / 1024, int(fields[4])
    if code != 0:
        print(f"  child failed ({code}): {argv}\n{out[-800:]}")
    return wall, cpu, rss, out.strip()


def export_figure(url: str) -> None:
    """The XLSX registrations export of event 1 (100,000 registrations) with its floor (the command's imports)."""
    env = {**os.environ, "DATABASE_URL": url}
    musharaka = str(ROOT / ".venv" / "bin" / "musharaka")
    wall, cpu, rss, _ = child([musharaka, "--help"], env)
    print(f"baseline `musharaka --help` (imports): {wall:.2f} s, {cpu:.2f} CPU s, peak {rss:.0f} MB  ({load()})")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "event1.xlsx"
        best = None
        for _ in range(2):
            wall, cpu, rss, _ = child([musharaka, "export", "registrations", "--event", "1", "--format", "xlsx",
                                       "-o", str(target)], env)
            best = min(best or (wall, cpu, rss), (wall, cpu, rss))
        wall, cpu, rss = best  # type: ignore[misc]
        size = target.stat().st_size / 1e6 if target.exists() else 0
    verdict = "ok" if wall < 10 and rss < 200 else "MISSED"
    print(f"export registrations event 1, xlsx: {wall:.2f} s, {cpu:.2f} CPU s, peak {rss:.0f} MB, file {size:.1f} MB "
          f"(target < 10 s and < 200 MB: {verdict})  ({load()})")


async def memory_child(url: str, updates: int) -> None:
    """In a child process: the bot answering updates from people across the database; prints RSS."""
    db = Database(url)
    core = await BotCore.create(db)
    people = await telegram_contacts(db, updates)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    latencies: list[float] = []
    for i in range(updates):
        cid = people[i % len(people)]
        kind = InboundKind.COMMAND if i % 7 == 0 else InboundKind.TEXT
        inbound = Inbound(channel="telegram", external_id=str(100_000_000 + cid), kind=kind,
                          text="/start" if kind == InboundKind.COMMAND else WORDS[i % len(WORDS)],
                          command="start" if kind == InboundKind.COMMAND else None,
                          update_key=f"mem-{time.time_ns()}-{i}")
        start = time.perf_counter()
        await core.handle(inbound)
        latencies.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    await db.dispose()
    print(f"RSS {base:.0f} {peak:.0f} {latency_line(latencies)}")


def memory_figure(url: str, updates: int) -> None:
    """Peak RSS of the bot answering updates against the big database (child process)."""
    wall, cpu, rss, out = child([sys.executable, __file__, "--database-url", url, "--memory-child", str(updates)],
                                dict(os.environ))
    line = out.splitlines()[-1] if out else ""
    parts = line.split(" ", 3)
    if len(parts) == 4 and parts[0] == "RSS":
        verdict = "ok" if rss < 200 else "MISSED"
        print(f"bot memory: peak {rss:.0f} MB after {updates} updates from {updates} people "
              f"(ready to answer, before the first update: {parts[1]} MB; target < 200 MB: {verdict}); "
              f"{parts[3]}; {wall:.1f} s, {cpu:.1f} CPU s  ({load()})")
    else:
        print(f"bot memory: child printed {out!r}")


async def main_async(args: argparse.Namespace) -> None:
    """Run every figure in order, then EXPLAIN what they ran."""
    print(f"start ({load()})")
    db = Database(args.database_url)
    rec = Recorder(db)
    await baselines(db)
    await preview_counts(db, rec, args.org)
    await rec.explain("preview")
    if not args.skip_enqueue:
        core = await BotCore.create(db)
        await enqueue_announcement(db, rec, core, args.org, args.as_is)
    await ticks(db, rec, args.org + 1)
    await db.dispose()
    if not args.skip_export:
        export_figure(args.database_url)
    memory_figure(args.database_url, args.updates)
    print(f"end ({load()})")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--org", type=int, default=1)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--skip-enqueue", action="store_true")
    parser.add_argument("--as-is", action="store_true", help="enqueue with broadcasts.py unpatched")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--memory-child", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        asyncio.run(memory_child(args.database_url, args.memory_child))
        return
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
