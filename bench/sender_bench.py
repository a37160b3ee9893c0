"""Benchmark: the outbox sender against the fake Telegram Bot API, flat out and at a 30/s limit.

    .venv/bin/python bench/sender_bench.py [--deliveries N] [--limit-seconds S] [--client ptb]
    .venv/bin/python bench/sender_bench.py --workers 2 --database-url postgresql://… [--deliveries N]

The fake Bot API runs in a child process (so it does not share this event loop); the sender
runs here over a database (SQLite in a temporary directory, or --database-url) holding one event
with N confirmed registrants whose 24-hour reminder is due (the real reminder renderer, real
option ids, the real outbox client bot.telegram_outbox.TelegramOutbox).

1. No rate limit, one process: deliveries/s of Sender.drain() (claim + render in one
   transaction, send --concurrency at a time, record). Baseline in the same run: a bare aiohttp
   session posting the same sendMessage payload the same number of times with the same
   concurrency and no database: what the HTTP path alone allows. Target: >= 1,000 deliveries/s.
   `--client ptb` sends through PTB's Bot and TelegramChannel instead (the path before issue 16).
2. A 30/s limit for S seconds (default 20): the fake answers 429 to any sendMessage over 30 in
   a second, like Telegram. Achieved rate = sends accepted in the first S seconds / S; target
   >= 95% of the limit with zero 429s.
3. With --workers W (PostgreSQL only): W `musharaka worker` processes share the outbox; the rate
   is deliveries / (last accepted send - first accepted send) at the fake, and every chat must
   have received exactly one message. Target: >= 1,500/s together, 0 duplicates.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = "123:ABC"
TARGET_RATE = 1000.0
TARGET_WORKERS_RATE = 1500.0
LIMIT = 30
TARGET_SHARE = 0.95
# Sends in flight: the sender's default (SenderConfig.concurrency); --concurrency changes it.
CONCURRENCY = 32
CLIENT = "aiohttp"
# CPU seconds this process spent in the last run of each (the fake's CPU is its own process's).
CPU_SECONDS: dict[str, float] = {}
# --profile-out: where the profile of Sender.drain() is saved (for pstats), besides being printed.
PROFILE_OUT: str | None = None


# --- the fake Bot API in a child process ----------------------------------------------------------


async def serve_fake(enforce: float | None) -> None:
    """Run the fake until SIGTERM; print its URL first, and the accepted send times at the end."""
    from tests.fakes.fake_telegram import FakeTelegramServer

    async with FakeTelegramServer(TOKEN, enforce_rate_per_second=enforce) as tg:
        print(tg.base_url, flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        sends = tg.calls("sendMessage")
        print(json.dumps({"accepted": [r.time for r in sends if r.ok], "throttled": len(tg.throttled),
                          "failed": sum(1 for r in sends if not r.ok and r.status != 429),
                          "chats": [r.chat_id for r in sends if r.ok]}), flush=True)


class FakeProcess:
    """The fake Bot API in its own process."""

    def __init__(self, enforce: float | None = None) -> None:
        self.argv = [sys.executable, str(Path(__file__).resolve()), "--serve-fake",
                     *(["--enforce", str(enforce)] if enforce else [])]
        self.process: asyncio.subprocess.Process | None = None
        self.base_url = ""

    async def __aenter__(self) -> FakeProcess:
        self.process = await asyncio.create_subprocess_exec(*self.argv, cwd=ROOT, stdout=asyncio.subprocess.PIPE)
        assert self.process.stdout is not None
        self.base_url = (await asyncio.wait_for(self.process.stdout.readline(), 60)).decode().strip()
        return self

    async def stats(self) -> dict:
        """Stop the fake and return what it saw."""
        assert self.process is not None and self.process.stdout is not None
        self.process.send_signal(signal.SIGTERM)
        output = await asyncio.wait_for(self.process.stdout.read(), 60)  # up to EOF: one JSON line
        await self.process.wait()
        return json.loads(output)

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


# --- the outbox ---------------------------------------------------------------------------------------


async def fill_outbox(database_url: str, people: int, first_chat: int) -> None:
    """One event with `people` registrants (Telegram identities) whose 24-hour reminder is queued."""
    from scheduler.jobs import run_tick
    from storage.clock import utcnow
    from storage.db import Database
    from storage.models import Contact, Event, Identity, Registration

    db = Database(database_url)
    await db.migrate()
    now = utcnow()
    async with db.transaction() as session:
        event = Event(title="ندوة حوارية حول قانون الانتخابات", kind="seminar", governorate="baghdad",
                      organizer_name="جمعية المثال الأولى", venue="بغداد — الكرادة",
                      starts_at=now + timedelta(hours=20), capacity=None)
        session.add(event)
        contacts = [Contact(language="ar", governorate="baghdad", interests=[], state={}, consent_at=now)
                    for _ in range(people)]
        session.add_all(contacts)
        await session.flush()
        for n, contact in enumerate(contacts):
            session.add(Identity(contact_id=contact.id, channel="telegram", external_id=str(first_chat + n)))
            session.add(Registration(event_id=event.id, contact_id=contact.id, status="confirmed",
                                     ticket_code=f"B{first_chat + n}", created_at=now - timedelta(days=2),
                                     confirmed_at=now - timedelta(days=2)))
    queued = (await run_tick(db)).reminders
    assert queued == people, queued
    await db.dispose()


async def run_sender(database_url: str, base_url: str, rate: float | None, per_chat: float | None) -> float:
    """Drain the outbox through the real Sender; returns the seconds it took."""
    from handlers.core import BotCore, CoreConfig
    from scheduler.sender import Sender, SenderConfig
    from storage.db import Database

    db = Database(database_url)
    channel, close = await open_client(base_url)
    try:
        core = await BotCore.create(db, CoreConfig(secret_key="bench-secret"))
        config = SenderConfig(rates={"telegram": rate}, per_chat_rates={"telegram": per_chat}, concurrency=CONCURRENCY)
        sender = Sender(core, {"telegram": channel}, config)
        started, cpu = time.perf_counter(), time.process_time()
        await sender.drain()
        CPU_SECONDS["sender"] = time.process_time() - cpu
        return time.perf_counter() - started
    finally:
        await close()
        await db.dispose()


async def open_client(base_url: str) -> tuple[Any, Callable[[], Awaitable[None]]]:
    """The Telegram channel the sender uses (CLIENT), and how to close it."""
    if CLIENT == "ptb":
        from bot.telegram import TelegramChannel, build_sender_bot

        bot = build_sender_bot(TOKEN, base_url)
        await bot.initialize()
        return TelegramChannel(bot), bot.shutdown
    from bot.telegram_outbox import TelegramOutbox

    outbox = TelegramOutbox(TOKEN, base_url, connections=CONCURRENCY)
    return outbox, outbox.close


# About the size of a reminder, with its two buttons.
TEXT = "⏰ تذكير: موعدك غداً\nندوة حوارية حول قانون الانتخابات\n🗓 الاثنين ٧ كانون الأول ٢٠٢٦\n📍 بغداد — الكرادة"
MARKUP = {"inline_keyboard": [[{"text": "سأحضر ✅", "callback_data": "rv.1~AAAAAAAA"},
                               {"text": "لن أتمكن من الحضور", "callback_data": "cx.1~AAAAAAAA"}]]}


async def raw_sends(base_url: str, count: int, first_chat: int) -> float:
    """The baseline: `count` sendMessage posts over one bare aiohttp session, CONCURRENCY at a time, no database."""
    import aiohttp

    semaphore = asyncio.Semaphore(CONCURRENCY)
    url = f"{base_url.rstrip('/')}/bot{TOKEN}/sendMessage"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=CONCURRENCY)) as session:

        async def send(chat: int) -> None:
            async with semaphore, session.post(url, json={"chat_id": chat, "text": TEXT,
                                                          "reply_markup": MARKUP}) as response:
                body = await response.json()
                assert body["ok"], body

        started, cpu = time.perf_counter(), time.process_time()
        await asyncio.gather(*(send(first_chat + n) for n in range(count)))
        CPU_SECONDS["raw"] = time.process_time() - cpu
        return time.perf_counter() - started


# --- the two measurements --------------------------------------------------------------------------------


async def unlimited(deliveries: int, tmp: Path, database_url: str | None = None, profile: bool = False) -> bool:
    """Deliveries/s with no limit, against the bare HTTP path; True when the target is met."""
    database_url = database_url or f"sqlite+aiosqlite:///{tmp / 'unlimited.db'}"
    await fill_outbox(database_url, deliveries, 1_000_000)
    from sender_workers import cpu_seconds

    async with FakeProcess() as fake:
        assert fake.process is not None
        await raw_sends(fake.base_url, 200, 3_000_000)  # warm-up: connections, first requests
        fake_cpu = cpu_seconds(fake.process.pid)
        raw_seconds = await raw_sends(fake.base_url, deliveries, 2_000_000)
        fake_raw_cpu, fake_cpu = cpu_seconds(fake.process.pid) - fake_cpu, cpu_seconds(fake.process.pid)
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        sender_seconds = await run_sender(database_url, fake.base_url, None, None)
        if profiler is not None:
            import pstats

            profiler.disable()
            if PROFILE_OUT:
                profiler.dump_stats(PROFILE_OUT)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        fake_sender_cpu = cpu_seconds(fake.process.pid) - fake_cpu
        seen = await fake.stats()
    raw_rate, sender_rate = deliveries / raw_seconds, deliveries / sender_seconds
    complete = len(seen["accepted"]) == 2 * deliveries + 200
    ok = sender_rate >= TARGET_RATE and complete
    print(f"\n1. no rate limit, {deliveries} deliveries, {CONCURRENCY} in flight, one process, "
          f"{database_url.split(':', 1)[0]}, client {CLIENT}")
    print(f"   bare aiohttp sendMessage (no database): {raw_rate:8.0f} messages/s")
    print(f"   Sender.drain():                         {sender_rate:8.0f} deliveries/s   "
          f"ratio {sender_rate / raw_rate:.2f}")
    raw_ms, sender_ms = (1000 * CPU_SECONDS[k] / deliveries for k in ("raw", "sender"))
    print(f"   CPU of this process per message: bare {raw_ms:.2f} ms, sender {sender_ms:.2f} ms "
          f"-> one free core would carry about {1000 / sender_ms:.0f} deliveries/s (the fake's CPU not counted)")
    print(f"   CPU of the fake Bot API per message: during the bare run {1000 * fake_raw_cpu / deliveries:.2f} ms, "
          f"during the sender's {1000 * fake_sender_cpu / deliveries:.2f} ms")
    print(f"   target >= {TARGET_RATE:.0f}/s -> {'met' if sender_rate >= TARGET_RATE else 'MISSED'}"
          f"{'' if complete else '  (some sends failed!)'}")
    print(json.dumps({"raw_rate": round(raw_rate), "sender_rate": round(sender_rate), "raw_cpu_ms": round(raw_ms, 3),
                      "sender_cpu_ms": round(sender_ms, 3),
                      "fake_cpu_ms": round(1000 * fake_sender_cpu / deliveries, 3), "load": load()}))
    return ok


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes), to read the figures against."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


async def limited(seconds: float, tmp: Path) -> bool:
    """The rate achieved at a 30/s limit enforced by the fake; True when >= 95% with no 429."""
    deliveries = int(LIMIT * (seconds + 2))
    database_url = f"sqlite+aiosqlite:///{tmp / 'limited.db'}"
    await fill_outbox(database_url, deliveries, 4_000_000)
    async with FakeProcess(enforce=LIMIT) as fake:
        elapsed = await run_sender(database_url, fake.base_url, LIMIT, 1.0)
        seen = await fake.stats()
    accepted = sorted(seen["accepted"])
    window = [t for t in accepted if t - accepted[0] < seconds]
    achieved = len(window) / seconds
    busiest = max(sum(1 for u in accepted[i:i + LIMIT + 1] if u - t < 1.0) for i, t in enumerate(accepted))
    ok = achieved >= TARGET_SHARE * LIMIT and seen["throttled"] == 0
    print(f"\n2. {LIMIT}/s limit enforced by the fake, {deliveries} deliveries ({elapsed:.1f} s)")
    print(f"   accepted in the first {seconds:.0f} s: {len(window)} -> {achieved:.2f}/s = "
          f"{100 * achieved / LIMIT:.1f}% of the limit (target >= {100 * TARGET_SHARE:.0f}%)")
    print(f"   429 answers: {seen['throttled']} (target 0); busiest second: {busiest} sends -> "
          f"{'met' if ok else 'MISSED'}")
    print(json.dumps({"achieved_rate": round(achieved, 2), "share": round(achieved / LIMIT, 4),
                      "throttled": seen["throttled"]}))
    return ok


def main() -> int:
    """Run the measurements (or, with --serve-fake, be the fake Bot API)."""
    global CONCURRENCY, CLIENT, PROFILE_OUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deliveries", type=int, default=5000, help="deliveries in the unlimited run (default 5000)")
    parser.add_argument("--limit-seconds", type=float, default=20.0,
                        help="length of the 30/s run (default 20; 0 skips it)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY,
                        help=f"sends in flight, for the sender and the baseline (default {CONCURRENCY})")
    parser.add_argument("--client", choices=("aiohttp", "ptb"), default=CLIENT,
                        help="the sender's Telegram client: the outbox's aiohttp client (default) or PTB's Bot")
    parser.add_argument("--database-url", default=None, help="the outbox database (default: SQLite in a temp dir); "
                        "it is TRUNCATEd first")
    parser.add_argument("--workers", type=int, default=0,
                        help="run this many `musharaka worker` processes on --database-url (PostgreSQL) instead")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions of Sender.drain()")
    parser.add_argument("--profile-out", default=None, help="with --profile: also save the profile to this file")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enforce", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        asyncio.run(serve_fake(args.enforce))
        return 0
    CONCURRENCY, CLIENT, PROFILE_OUT = args.concurrency, args.client, args.profile_out
    if args.workers:
        if not args.database_url or not args.database_url.startswith("postgresql"):
            print("error: --workers needs --database-url postgresql://…", file=sys.stderr)
            return 2
        from sender_workers import workers

        return 0 if asyncio.run(workers(args.workers, args.deliveries, args.database_url)) else 1
    print(f"sender: the outbox through the real Sender and the {CLIENT} client, fake Bot API in its own process; "
          f"load {load()}")
    with tempfile.TemporaryDirectory(prefix="musharaka-bench-") as tmp:
        if args.database_url:
            asyncio.run(truncate(args.database_url))
        ok = asyncio.run(unlimited(args.deliveries, Path(tmp), args.database_url, args.profile))
        if args.limit_seconds > 0:
            ok = asyncio.run(limited(args.limit_seconds, Path(tmp))) and ok
    return 0 if ok else 1


async def truncate(database_url: str) -> None:
    """Empty every table of a PostgreSQL benchmark database (migrating it first)."""
    from sqlalchemy import text

    from storage.db import Database
    from storage.models import Base

    db = Database(database_url)
    await db.migrate()
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    async with db.transaction() as session:
        await session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    await db.dispose()


if __name__ == "__main__":
    sys.exit(main())
