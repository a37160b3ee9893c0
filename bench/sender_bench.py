"""Benchmark: the outbox sender against the fake Telegram Bot API, flat out and at a 30/s limit.

    .venv/bin/python bench/sender_bench.py [--deliveries N] [--limit-seconds S]

The fake Bot API runs in a child process (so it does not share this event loop); the sender
runs here over a SQLite database holding one event with N confirmed registrants whose 24-hour
reminder is due (the real reminder renderer, real option ids, real TelegramChannel).

1. No rate limit: deliveries/s of Sender.drain() (claim + render in one transaction, send 32 at
   a time, record). Baseline in the same run: the same Bot calling sendMessage for the same
   number of messages with the same concurrency and no database — what the HTTP path alone
   allows. Target: >= 2,000 deliveries/s.
2. A 30/s limit for S seconds (default 20): the fake answers 429 to any sendMessage over 30 in
   a second, like Telegram. Achieved rate = sends accepted in the first S seconds / S; target
   >= 95% of the limit with zero 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = "123:ABC"
TARGET_RATE = 2000.0
LIMIT = 30
TARGET_SHARE = 0.95
# Sends in flight: the sender's default (SenderConfig.concurrency); --concurrency changes it.
CONCURRENCY = 32


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
                          "failed": sum(1 for r in sends if not r.ok and r.status != 429)}), flush=True)


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
    from bot.telegram import TelegramChannel, build_sender_bot
    from handlers.core import BotCore, CoreConfig
    from scheduler.sender import Sender, SenderConfig
    from storage.db import Database

    db = Database(database_url)
    bot = build_sender_bot(TOKEN, base_url)
    await bot.initialize()
    try:
        core = await BotCore.create(db, CoreConfig(secret_key="bench-secret"))
        config = SenderConfig(rates={"telegram": rate}, per_chat_rates={"telegram": per_chat}, concurrency=CONCURRENCY)
        sender = Sender(core, {"telegram": TelegramChannel(bot)}, config)
        started = time.perf_counter()
        await sender.drain()
        return time.perf_counter() - started
    finally:
        await bot.shutdown()
        await db.dispose()


async def raw_sends(base_url: str, count: int, first_chat: int) -> float:
    """The baseline: `count` sendMessage calls, CONCURRENCY at a time, no database; returns seconds."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    from bot.telegram import build_sender_bot

    bot = build_sender_bot(TOKEN, base_url)
    await bot.initialize()
    semaphore = asyncio.Semaphore(CONCURRENCY)
    # About the size of a reminder, with its two buttons.
    text = "⏰ تذكير: موعدك غداً\nندوة حوارية حول قانون الانتخابات\n🗓 الاثنين ٧ كانون الأول ٢٠٢٦\n📍 بغداد — الكرادة"
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("سأحضر ✅", callback_data="rv.1~AAAAAAAA"),
                                    InlineKeyboardButton("لن أتمكن من الحضور", callback_data="cx.1~AAAAAAAA")]])

    async def send(chat: int) -> None:
        async with semaphore:
            await bot.send_message(chat, text, reply_markup=markup)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(send(first_chat + n) for n in range(count)))
        return time.perf_counter() - started
    finally:
        await bot.shutdown()


# --- the two measurements --------------------------------------------------------------------------------


async def unlimited(deliveries: int, tmp: Path) -> bool:
    """Deliveries/s with no limit, against the bare HTTP path; True when the target is met."""
    database_url = f"sqlite+aiosqlite:///{tmp / 'unlimited.db'}"
    await fill_outbox(database_url, deliveries, 1_000_000)
    async with FakeProcess() as fake:
        await raw_sends(fake.base_url, 200, 3_000_000)  # warm-up: connections, first requests
        raw_seconds = await raw_sends(fake.base_url, deliveries, 2_000_000)
        sender_seconds = await run_sender(database_url, fake.base_url, None, None)
        seen = await fake.stats()
    raw_rate, sender_rate = deliveries / raw_seconds, deliveries / sender_seconds
    ok = sender_rate >= TARGET_RATE and len(seen["accepted"]) == 2 * deliveries + 200
    print(f"\n1. no rate limit, {deliveries} deliveries, {CONCURRENCY} in flight")
    print(f"   bare sendMessage (no database): {raw_rate:8.0f} messages/s")
    print(f"   Sender.drain():                 {sender_rate:8.0f} deliveries/s   ratio {sender_rate / raw_rate:.2f}")
    print(f"   target >= {TARGET_RATE:.0f}/s -> {'met' if sender_rate >= TARGET_RATE else 'MISSED'}"
          f"{'' if len(seen['accepted']) == 2 * deliveries + 200 else '  (some sends failed!)'}")
    print(json.dumps({"raw_rate": round(raw_rate), "sender_rate": round(sender_rate)}))
    return ok


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
    """Run both measurements (or, with --serve-fake, be the fake Bot API)."""
    global CONCURRENCY
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--deliveries", type=int, default=5000, help="deliveries in the unlimited run (default 5000)")
    parser.add_argument("--limit-seconds", type=float, default=20.0, help="length of the 30/s run (default 20)")
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY,
                        help=f"sends in flight, for the sender and the baseline (default {CONCURRENCY})")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--enforce", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        asyncio.run(serve_fake(args.enforce))
        return 0
    CONCURRENCY = args.concurrency
    print("sender: the outbox through the real Sender and TelegramChannel, fake Bot API in its own process")
    with tempfile.TemporaryDirectory(prefix="musharaka-bench-") as tmp:
        ok = asyncio.run(unlimited(args.deliveries, Path(tmp)))
        ok = asyncio.run(limited(args.limit_seconds, Path(tmp))) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
