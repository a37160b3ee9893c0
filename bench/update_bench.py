"""Benchmark: updates through the fake Telegram Bot API — a bare PTB echo bot, Musharaka without
the inbox, and Musharaka as it runs (every update written to the inbox first).

    .venv/bin/python bench/update_bench.py [--updates N] [--sequential N] [--lanes K] [--database-url URL]

The bot under test runs in its own process (as in production), long-polling the fake Bot API
that runs here with the load generator, so the two do not share a CPU core's event loop.
PTB's AIORateLimiter stays in the path of every bot's replies with one change: its 30 messages/s
platform cap is lifted, since with it every bot measures Telegram's limit and not its own cost.

  (a) echo: PTB's Application and Updater, one TypeHandler that sends the text back (and answers
      a button with its data);
  (b) direct: `musharaka run`'s start_bot, but each polled update is handled at once, in memory
      (parse, BotCore, replies) — nothing written to the inbox: how Musharaka ran before it;
  (c) musharaka: `musharaka run`'s start_bot as it is — our own polling writes each batch to the
      inbox, the inbox worker claims it, handles it (effects and done in one transaction) and
      sends the replies (`sending` before, `sent` after) — over 500 returning citizens and seven
      events in SQLite (or --database-url).
The difference between (c) and (b) is what the inbox costs per update; since whole processes on
a shared machine vary by a few milliseconds from run to run, the same difference is also measured
in one process without HTTP (bench/inbox_overhead.py), which decides the target (< 1 ms).

Each person repeats a realistic round: «الفعاليات» (event list), a press on an event (details,
edited in place), «القائمة» (main menu), a typed question the bot does not understand (two
messages), «الانتخابات» (elections information). Closed loop: each of K lanes sends the next
person's next step and waits until the whole answer arrived; latency is update pushed → last
message of the answer received by the fake. A sequential run (one update at a time) gives the
latency of an idle bot.

The bots run side by side and take turns (`--blocks` rounds; in each, every bot gets a block one
at a time and a block over K lanes, the order reversed every other round), because the shared
host's speed moves by 2-3x from one minute to the next: run one after the other, the echo bot
and Musharaka were measured on different machines, in effect. Each bot's CPU is counted only in
its own blocks; the ratio is also printed round by round.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inbox_overhead import measure as measure_overhead  # noqa: E402
from update_bots import serve_echo, serve_musharaka  # noqa: E402

from tests.fakes.fake_telegram import FakeTelegramServer  # noqa: E402

TOKEN = "123:ABC"
PEOPLE = 500
FIRST_USER = 100_000
TARGET_RATIO = 0.5
# Issue 16: the bot's CPU per handled update at most this many times the echo bot's, same run.
TARGET_CPU_RATIO = 2.0
TARGET_P99_MS = 25.0
# What writing every update down may add to the CPU cost of one update.
TARGET_INBOX_MS = 1.0
KINDS = ("echo", "direct", "musharaka")
STEP_TIMEOUT = 30.0


# --- the data: returning citizens and events --------------------------------------------------------


async def prepare_database(database_url: str) -> None:
    """A migrated database with seven events in Baghdad and PEOPLE citizens who already consented."""
    from sqlalchemy import text

    from storage.clock import utcnow
    from storage.db import Database
    from storage.models import Base, Contact, Event, Identity

    db = Database(database_url)
    await db.migrate()
    if not db.is_sqlite:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with db.engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    now = utcnow()
    async with db.transaction() as session:
        for day in range(1, 8):
            session.add(Event(title=f"ندوة حوارية حول المشاركة في الانتخابات — الجلسة {day}", kind="seminar",
                              governorate="baghdad", organizer_name="جمعية المثال الأولى", venue="بغداد — الكرادة",
                              description="حوار مفتوح مع الشباب حول قانون الانتخابات والمشاركة المدنية.",
                              starts_at=now + timedelta(days=day), capacity=100))
        contacts = [Contact(language="ar", governorate="baghdad", interests=[], state={}, consent_at=now)
                    for _ in range(PEOPLE)]
        session.add_all(contacts)
        await session.flush()
        for n, contact in enumerate(contacts):
            session.add(Identity(contact_id=contact.id, channel="telegram", external_id=str(FIRST_USER + n)))
    await db.dispose()


async def sibling_database(database_url: str, suffix: str, drop: bool = False) -> str:
    """A fresh PostgreSQL database next to `database_url` (its name + _suffix); `drop` removes it."""
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    name = f"{url.database}_{suffix}"
    admin = await asyncpg.connect(user=url.username, password=url.password, host=url.host,
                                  port=url.port or 5432, database="postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return url.set(database=name).render_as_string(hide_password=False)


# --- the fake Bot API, telling the generator when an answer is complete --------------------------------


@dataclass
class _Waiter:
    remaining: int
    done: asyncio.Future[float]


class TimedTelegram(FakeTelegramServer):
    """The fake Bot API, resolving a future when a chat received the messages it waits for."""

    def __init__(self) -> None:
        super().__init__(TOKEN, max_poll_wait=5.0)
        self.waiters: dict[int, _Waiter] = {}
        self.keyboards: dict[int, tuple[int, list[dict[str, Any]]]] = {}
        self.stray = 0

    def expect(self, chat_id: int, messages: int) -> asyncio.Future[float]:
        """A future resolved with the perf_counter() at which the `messages`-th answer arrived."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters[chat_id] = _Waiter(messages, future)
        return future

    def _answered(self, params: dict[str, Any], result: Any) -> None:
        now = time.perf_counter()
        chat_id = params.get("chat_id")
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard") and isinstance(result, dict):
            buttons = [b for row in markup["inline_keyboard"] for b in row]
            self.keyboards[chat_id] = (result["message_id"], buttons)  # type: ignore[index]
        waiter = self.waiters.get(chat_id)  # type: ignore[arg-type]
        if waiter is None or waiter.done.done():
            self.stray += 1
            return
        waiter.remaining -= 1
        if waiter.remaining == 0:
            waiter.done.set_result(now)

    async def _m_sendmessage(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        result = await super()._m_sendmessage(params, files)
        self._answered(params, result)
        return result

    async def _m_editmessagetext(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        result = await super()._m_editmessagetext(params, files)
        self._answered(params, result)
        return result

    async def _m_senddocument(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        result = await super()._m_senddocument(params, files)
        self._answered(params, result)
        return result


# --- the workload -------------------------------------------------------------------------------------


@dataclass
class Step:
    """One thing a person does: builds the update; `answers` = messages the bot sends back for it."""

    name: str
    build: Callable[[TimedTelegram, int], dict[str, Any]]
    answers: dict[str, int]  # per bot kind


def _press_event(tg: TimedTelegram, user: int) -> dict[str, Any]:
    message_id, buttons = tg.keyboards.get(user, (None, []))
    event = next((b for b in buttons if str(b.get("callback_data", "")).startswith("ev.")), None)
    data = event["callback_data"] if event else "ev.1~AAAAAAAA"
    return tg.build_callback_update(user, data, message_id)


ROUND = [
    Step("event list", lambda tg, u: tg.build_text_update(u, "الفعاليات"), {"echo": 1, "musharaka": 1}),
    Step("event details", _press_event, {"echo": 1, "musharaka": 1}),
    Step("menu word", lambda tg, u: tg.build_text_update(u, "القائمة"), {"echo": 1, "musharaka": 1}),
    Step("typed question", lambda tg, u: tg.build_text_update(u, "متى موعد الانتخابات في البصرة؟ وكيف أسجل"),
         {"echo": 1, "musharaka": 2}),
    Step("elections info", lambda tg, u: tg.build_text_update(u, "الانتخابات"), {"echo": 1, "musharaka": 1}),
]


@dataclass
class Result:
    """Figures of one measured run."""

    updates: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    timeouts: int = 0
    bot_cpu: float = 0.0  # CPU seconds the bot process used during the run
    driver_cpu: float = 0.0  # CPU seconds of this process (fake Bot API + load generator)
    parts: list[Result] = field(default_factory=list)  # the blocks it was measured in
    by_step: dict[str, list[float]] = field(default_factory=dict)  # latencies of each kind of step

    def add(self, part: Result) -> None:
        """Count one more block of this bot and mode."""
        self.parts.append(part)
        self.updates += part.updates
        self.seconds += part.seconds
        self.latencies += part.latencies
        self.timeouts += part.timeouts
        self.bot_cpu += part.bot_cpu
        self.driver_cpu += part.driver_cpu
        for step, latencies in part.by_step.items():
            self.by_step.setdefault(step, []).extend(latencies)

    @property
    def cpu_ms(self) -> float:
        """The bot's CPU time per update, in milliseconds (the cost of the code, whatever the load)."""
        return 1000 * self.bot_cpu / self.updates if self.updates else 0.0

    @property
    def rate(self) -> float:
        """Updates per second."""
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Driver:
    """People taking turns: each lane sends one person's next step and waits for the whole answer."""

    def __init__(self, tg: TimedTelegram, kind: str, bot_pid: int) -> None:
        self.tg = tg
        self.kind = kind
        self.bot_pid = bot_pid
        self.people: asyncio.Queue[int] = asyncio.Queue()
        for n in range(PEOPLE):
            self.people.put_nowait(FIRST_USER + n)
        self.progress: dict[int, int] = {}

    async def run(self, updates: int, lanes: int) -> Result:
        """Send `updates` updates over `lanes` lanes; returns the figures."""
        result = Result(updates, 0.0)
        budget = [updates]

        async def lane() -> None:
            while budget[0] > 0:
                budget[0] -= 1
                user = await self.people.get()
                index = self.progress.get(user, 0)
                self.progress[user] = index + 1
                step = ROUND[index % len(ROUND)]
                update = step.build(self.tg, user)
                done = self.tg.expect(user, step.answers["echo" if self.kind == "echo" else "musharaka"])
                pushed = time.perf_counter()
                self.tg.push_raw(update)
                try:
                    latency = await asyncio.wait_for(done, STEP_TIMEOUT) - pushed
                    result.latencies.append(latency)
                    result.by_step.setdefault(step.name, []).append(latency)
                except TimeoutError:
                    result.timeouts += 1
                self.people.put_nowait(user)

        started, bot_cpu, driver_cpu = time.perf_counter(), cpu_seconds(self.bot_pid), time.process_time()
        await asyncio.gather(*(lane() for _ in range(lanes)))
        result.seconds = time.perf_counter() - started
        result.bot_cpu = cpu_seconds(self.bot_pid) - bot_cpu
        result.driver_cpu = time.process_time() - driver_cpu
        return result


async def measure(kinds: dict[str, str], updates: int, sequential: int, lanes: int, blocks: int,
                  profile: str | None = None) -> dict[str, dict[str, Result]]:
    """Start each bot (kind -> database URL) in a child process, then drive them in turns.

    The machine's speed moves from minute to minute (a shared host), so the bots are not run one
    after the other: each of `blocks` rounds gives every bot a block of updates one at a time
    and a block over `lanes` lanes, the bots' order reversed every other round. A bot's CPU is
    counted only during its own blocks (like a bot measured alone); the others wait idle meanwhile.
    """
    async with contextlib.AsyncExitStack() as stack:
        drivers: dict[str, Driver] = {}
        for kind, database_url in kinds.items():
            tg = await stack.enter_async_context(TimedTelegram())
            argv = [sys.executable, str(Path(__file__).resolve()), "--serve", kind, "--api", tg.base_url,
                    "--database-url", database_url, *(["--profile", profile] if profile else [])]
            child = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=os.environ.copy())
            stack.push_async_callback(_stop, child)
            drivers[kind] = Driver(tg, kind, child.pid)
        for driver in drivers.values():
            await driver.tg.wait_for("getUpdates", timeout=60)
            await driver.run(PEOPLE, lanes)  # warm-up: every person once (caches, pools, first queries)
        runs = {kind: {"sequential": Result(0, 0.0), "concurrent": Result(0, 0.0)} for kind in kinds}
        order = list(drivers)
        for block in range(blocks):
            for kind in order if block % 2 == 0 else order[::-1]:
                runs[kind]["sequential"].add(await drivers[kind].run(max(1, sequential // blocks), 1))
                runs[kind]["concurrent"].add(await drivers[kind].run(max(1, updates // blocks), lanes))
        for kind, driver in drivers.items():
            if driver.tg.stray:
                print(f"  note: {driver.tg.stray} answers arrived that no step waited for ({kind})")
            errors = [r for r in driver.tg.requests if not r.ok and r.method != "getUpdates"]
            if errors:
                print(f"  note: {len(errors)} Bot API calls failed ({kind}), e.g. {errors[0].response}")
    return runs


async def _stop(child: asyncio.subprocess.Process) -> None:
    if child.returncode is None:
        child.send_signal(signal.SIGTERM)
    await asyncio.wait_for(child.wait(), 60)


def step_percentiles(run: Result) -> dict[str, list[float]]:
    """p50 and p99 (ms) of each kind of step: which answers make the tail."""
    figures = {}
    for step, latencies in run.by_step.items():
        ordered = sorted(latencies)
        figures[step] = [round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) for q in (0.5, 0.99)]
    return figures


def block_ratios(runs: dict[str, dict[str, Result]], mode: str) -> list[float]:
    """Musharaka's CPU per update over the echo bot's, block by block (same round of turns)."""
    return [m.cpu_ms / e.cpu_ms for m, e in zip(runs["musharaka"][mode].parts, runs["echo"][mode].parts,
                                                   strict=True)
            if e.cpu_ms > 0]


# --- report -----------------------------------------------------------------------------------------------


def report(runs: dict[str, dict[str, Result]], lanes: int, overhead: Any) -> bool:
    """Print the table and the verdicts; True when every target is met."""
    echo, direct, musharaka = runs["echo"], runs["direct"], runs["musharaka"]
    print(f"\n{'run':<34}{'updates':>8}{'upd/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bot CPU ms/upd':>16}"
          f"{'driver CPU %':>14}{'timeouts':>10}")
    for name, label in (("echo", "echo (bare PTB)"), ("direct", "musharaka without inbox"),
                        ("musharaka", "musharaka")):
        for mode, run in runs[name].items():
            row = f"{label}, {mode if mode == 'sequential' else f'{lanes} lanes'}"
            print(f"{row:<34}{run.updates:>8}{run.rate:>9.0f}{run.percentile(0.5):>9.1f}"
                  f"{run.percentile(0.99):>9.1f}{run.cpu_ms:>16.2f}{100 * run.driver_cpu / run.seconds:>14.0f}"
                  f"{run.timeouts:>10}")
    ratio = musharaka["concurrent"].rate / echo["concurrent"].rate
    ratio_seq = musharaka["sequential"].rate / echo["sequential"].rate
    p99 = musharaka["sequential"].percentile(0.99)
    p99_loaded = musharaka["concurrent"].percentile(0.99)
    print(f"\nthroughput ratio musharaka / echo: {ratio:.2f} with {lanes} lanes, {ratio_seq:.2f} one at a time "
          f"(target >= {TARGET_RATIO}) -> {'met' if ratio >= TARGET_RATIO else 'MISSED'}")
    print(f"musharaka p99 one at a time: {p99:.1f} ms (target < {TARGET_P99_MS:.0f} ms) -> "
          f"{'met' if p99 < TARGET_P99_MS else 'MISSED'}; under load ({lanes} lanes): {p99_loaded:.1f} ms")
    cpu_ratio = {mode: musharaka[mode].cpu_ms / echo[mode].cpu_ms for mode in ("sequential", "concurrent")}
    cpu_met = max(cpu_ratio.values()) <= TARGET_CPU_RATIO
    print(f"CPU per update musharaka / echo (issue 16): {cpu_ratio['concurrent']:.2f}x with {lanes} lanes, "
          f"{cpu_ratio['sequential']:.2f}x one at a time (target <= {TARGET_CPU_RATIO:.0f}x) -> "
          f"{'met' if cpu_met else 'MISSED'}")
    for mode, label in (("sequential", "one at a time"), ("concurrent", f"{lanes} lanes")):
        blocks = block_ratios(runs, mode)
        if blocks:
            print(f"  round by round, {label}: median {statistics.median(blocks):.2f}x, "
                  f"{min(blocks):.2f}-{max(blocks):.2f}x over {len(blocks)} rounds")
    added = {mode: musharaka[mode].cpu_ms - direct[mode].cpu_ms for mode in ("sequential", "concurrent")}
    print(f"bot CPU per update: musharaka {musharaka['concurrent'].cpu_ms:.2f} ms, without the inbox "
          f"{direct['concurrent'].cpu_ms:.2f} ms, echo {echo['concurrent'].cpu_ms:.2f} ms; end to end the inbox "
          f"adds {added['sequential']:.2f} ms one at a time, {added['concurrent']:.2f} ms with {lanes} lanes")
    met = overhead.added_ms < TARGET_INBOX_MS
    print(f"the inbox alone (in one process, no HTTP): {overhead.direct_ms:.2f} ms -> {overhead.inbox_ms:.2f} ms "
          f"per update, adds {overhead.added_ms:.2f} ms (target < {TARGET_INBOX_MS:.0f} ms) -> "
          f"{'met' if met else 'MISSED'}")
    timeouts = sum(r.timeouts for kind in runs.values() for r in kind.values())
    return ratio >= TARGET_RATIO and cpu_met and p99 < TARGET_P99_MS and met and not timeouts


def print_steps(runs: dict[str, dict[str, Result]]) -> None:
    """One line per bot: p50 and p99 (ms) of each kind of step, one at a time."""
    for kind, kind_runs in runs.items():
        print(json.dumps({f"{kind} one at a time, p50/p99 ms by step": step_percentiles(kind_runs["sequential"])},
                         ensure_ascii=False))


def main() -> int:
    """Run the three bots and print the comparison (or, with --serve, be the bot under test)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=2000, help="updates in the concurrent run (default 2000)")
    parser.add_argument("--sequential", type=int, default=500, help="updates sent one at a time (default 500)")
    parser.add_argument("--lanes", type=int, default=32, help="people waiting for an answer at once (default 32)")
    parser.add_argument("--database-url", default=None, help="Musharaka's database (default: a fresh SQLite file)")
    parser.add_argument("--profile", metavar="DIR", help="write a cProfile of each bot process to DIR/<bot>.prof")
    parser.add_argument("--blocks", type=int, default=5,
                        help="rounds of turns the bots take (default 5; see measure())")
    parser.add_argument("--only", choices=KINDS, nargs="*", help="measure only these bots (default: all three)")
    parser.add_argument("--serve", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--api", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve = (serve_echo(args.api) if args.serve == "echo"
                 else serve_musharaka(args.api, args.database_url, inbox=args.serve == "musharaka"))
        if not args.profile:
            asyncio.run(serve)
            return 0
        import cProfile

        # CPU time, not wall time: what the bot spends, not what it waits for.
        with cProfile.Profile(time.process_time) as profile:
            asyncio.run(serve)
        profile.dump_stats(Path(args.profile) / f"{args.serve}.prof")
        return 0
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)

    kinds = args.only or list(KINDS)
    with tempfile.TemporaryDirectory(prefix="musharaka-bench-") as tmp:
        print(f"update handling: {args.updates} updates over {args.lanes} lanes, {args.sequential} one at a time, "
              f"in {args.blocks} rounds of turns; {PEOPLE} people; "
              f"database {(args.database_url or 'sqlite').split(':')[0]}")
        urls: dict[str, str] = {}
        sibling = None
        for kind in kinds:
            # Each bot starts from the same fresh data, in a database of its own (the bots' people
            # have the same ids; sharing one database, one bot would change the other's people).
            urls[kind] = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench-{kind}.db"
            if kind == "direct" and args.database_url:
                sibling = urls[kind] = asyncio.run(sibling_database(args.database_url, "direct"))
            if kind != "echo":
                asyncio.run(prepare_database(urls[kind]))
        try:
            runs = asyncio.run(measure(urls, args.updates, args.sequential, args.lanes, args.blocks, args.profile))
        finally:
            if sibling:
                asyncio.run(sibling_database(args.database_url, "direct", drop=True))
        if set(runs) == set(KINDS):
            database_url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench-inbox.db"
            asyncio.run(prepare_database(database_url))
            overhead = asyncio.run(measure_overhead(database_url, people=PEOPLE, first_user=FIRST_USER))
    if set(runs) != set(KINDS):
        print_steps(runs)
        if "echo" in runs and "musharaka" in runs:
            print(json.dumps({"cpu_ratio_blocks": {mode: [round(r, 2) for r in block_ratios(runs, mode)]
                                                   for mode in ("sequential", "concurrent")}}))
        for kind, kind_runs in runs.items():
            print(json.dumps({kind: {mode: {"rate": round(r.rate, 1), "cpu_ms": round(r.cpu_ms, 2),
                                            "p50_ms": round(r.percentile(0.5), 2),
                                            "p90_ms": round(r.percentile(0.9), 2),
                                            "p99_ms": round(r.percentile(0.99), 2)}
                                     for mode, r in kind_runs.items()}}))
        return 0
    print_steps(runs)
    ok = report(runs, args.lanes, overhead)
    print(json.dumps({"echo_rate": round(runs["echo"]["concurrent"].rate, 1),
                      "musharaka_rate": round(runs["musharaka"]["concurrent"].rate, 1),
                      "musharaka_p50_ms": round(runs["musharaka"]["sequential"].percentile(0.5), 2),
                      "musharaka_p99_ms": round(runs["musharaka"]["sequential"].percentile(0.99), 2),
                      "echo_p99_ms": round(runs["echo"]["sequential"].percentile(0.99), 2),
                      "inbox_added_cpu_ms": round(overhead.added_ms, 2),
                      "inbox_added_cpu_ms_end_to_end": round(runs["musharaka"]["concurrent"].cpu_ms
                                                             - runs["direct"]["concurrent"].cpu_ms, 2)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
