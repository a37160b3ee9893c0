"""Part 3 of bench/sender_bench.py: W `musharaka worker` processes draining one PostgreSQL outbox.

    .venv/bin/python bench/sender_bench.py --workers 2 --database-url postgresql://… [--deliveries N]

The outbox is filled (N reminders, one per chat) with its rows due a few seconds ahead, so every
worker is up when they fall due; the fake Bot API runs in its own process. The rate is N divided
by the time between the first and the last sendMessage the fake accepted; every chat must have
received exactly one message (0 duplicates) and every row must end `sent`.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Rows fall due this long after the workers were started (they start in about a second or two).
START_DELAY = 8.0


def _worker_command() -> list[str]:
    """`musharaka worker`; through a small shim while bot/cli_worker.py still sends with PTB's Bot."""
    source = (ROOT / "bot" / "cli_worker.py").read_text(encoding="utf-8")
    if "outbox_channel" in source:
        return [str(ROOT / ".venv" / "bin" / "musharaka"), "worker"]
    return [sys.executable, str(Path(__file__).resolve()), "--as-worker"]


async def workers(count: int, deliveries: int, database_url: str) -> bool:
    """Run `count` workers over a freshly filled outbox; True when the target is met with no duplicate."""
    import sender_bench as bench
    from sqlalchemy import func, select, update

    from storage.clock import utcnow
    from storage.db import Database
    from storage.models import Delivery

    await bench.truncate(database_url)
    await bench.fill_outbox(database_url, deliveries, 1_000_000)
    db = Database(database_url)
    async with db.transaction() as session:
        await session.execute(update(Delivery).values(due_at=utcnow() + timedelta(seconds=START_DELAY)))
    due = time.monotonic() + START_DELAY
    command = _worker_command()
    async with bench.FakeProcess() as fake:
        env = {**os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": bench.TOKEN,
               "TELEGRAM_API_BASE_URL": fake.base_url, "TELEGRAM_RATE_PER_SECOND": "0",
               "TELEGRAM_RATE_PER_CHAT": "0", "MUSHARAKA_SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING"}
        env.pop("TELEGRAM_WEBHOOK_URL", None)
        processes = [await asyncio.create_subprocess_exec(*command, cwd=ROOT, env=env) for _ in range(count)]
        # CPU seconds of the workers, the fake and this database's PostgreSQL backends when the rows
        # fall due (the start-up is not the sending), then at the end.
        before: tuple[float, float, float] | None = None
        try:
            deadline = time.monotonic() + START_DELAY + 30 + deliveries / 100
            while time.monotonic() < deadline:
                if before is None:
                    await asyncio.sleep(max(0.0, due - 0.5 - time.monotonic()))
                    before = await _cpu(processes, fake, db)
                await asyncio.sleep(1.0)
                async with db.transaction() as session:
                    done = await session.scalar(select(func.count()).select_from(Delivery).where(
                        Delivery.state.not_in(("pending", "sending"))))
                if done == deliveries:
                    break
        finally:
            after = await _cpu(processes, fake, db)
            worker_cpu, fake_cpu, backend_cpu = (a - b for a, b in zip(after, before or (0.0, 0.0, 0.0), strict=True))
            for process in processes:
                if process.returncode is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                await process.wait()
        seen = await fake.stats()
        async with db.transaction() as session:
            states = Counter(dict((await session.execute(
                select(Delivery.state, func.count()).group_by(Delivery.state))).all()))
    await db.dispose()
    accepted = sorted(seen["accepted"])
    chats = Counter(seen["chats"])
    duplicates = sum(n - 1 for n in chats.values() if n > 1)
    seconds = accepted[-1] - accepted[0] if len(accepted) > 1 else float("inf")
    rate = len(accepted) / seconds
    ok = rate >= bench.TARGET_WORKERS_RATE and duplicates == 0 and states.get("sent") == deliveries
    print(f"\n3. {count} `musharaka worker` processes, one PostgreSQL outbox, {deliveries} deliveries, no rate limit"
          f"{'' if command[-1] == 'worker' else ' (outbox client patched in: bot/cli_worker.py not switched yet)'}")
    print(f"   accepted by the fake: {len(accepted)} in {seconds:.2f} s -> {rate:.0f} deliveries/s "
          f"(target >= {bench.TARGET_WORKERS_RATE:.0f}/s)")
    print(f"   duplicates: {duplicates} (target 0); rows: {dict(states)} -> {'met' if ok else 'MISSED'}")
    workers_ms, backends_ms, fake_ms = (1000 * cpu / deliveries for cpu in (worker_cpu, backend_cpu, fake_cpu))
    total_ms = workers_ms + backends_ms + fake_ms
    print(f"   CPU per delivery from when the rows fell due: workers {workers_ms:.2f} ms together, PostgreSQL "
          f"backends {backends_ms:.2f} ms, fake Bot API {fake_ms:.2f} ms -> {total_ms:.2f} ms of CPU per delivery")
    print(f'{{"workers": {count}, "rate": {round(rate)}, "duplicates": {duplicates}, '
          f'"workers_cpu_ms": {workers_ms:.3f}, "backends_cpu_ms": {backends_ms:.3f}, "fake_cpu_ms": {fake_ms:.3f}, '
          f'"load": "{bench.load()}"}}')
    return ok


async def _cpu(processes: list, fake: object, db: object) -> tuple[float, float, float]:
    """CPU seconds so far of the worker processes, the fake, and the PostgreSQL backends serving this database."""
    from sqlalchemy import text

    async with db.transaction() as session:  # type: ignore[attr-defined]
        backends = (await session.scalars(text(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"))).all()
    process = getattr(fake, "process", None)
    return (sum(cpu_seconds(p.pid) for p in processes), cpu_seconds(process.pid) if process is not None else 0.0,
            sum(cpu_seconds(pid) for pid in backends))


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _as_worker() -> int:
    """`musharaka worker` with the outbox sending through bot.telegram_outbox (until cli_worker.py does)."""
    import bot.telegram as telegram
    from bot.cli import main
    from bot.settings import Settings
    from bot.telegram_outbox import outbox_channel

    outbox = outbox_channel(Settings())

    class _NoBot:
        async def initialize(self) -> None:
            """Nothing to start: the outbox client opens its pool on first use."""

        async def shutdown(self) -> None:
            """Close the outbox client's pool."""
            await outbox.close()

    original = telegram.TelegramChannel
    # Only open_channels' sender channel is replaced (the shim's bot is the marker).
    telegram.build_sender_bot = lambda *args, **kwargs: _NoBot()  # type: ignore[assignment]
    telegram.TelegramChannel = (  # type: ignore[misc]
        lambda bot: outbox if isinstance(bot, _NoBot) else original(bot))
    return main(["worker"])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    if sys.argv[1:] == ["--as-worker"]:
        sys.exit(_as_worker())
