"""An operator restarts `musharaka run` (SIGTERM) in the middle of an announcement.

The batch on the wire finishes and records its results before the process exits, so nobody
is left `unknown` (a kill -9 may leave the sends in flight unknown; a clean stop must not), and
the rest goes out once after the restart.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from storage.clock import utcnow
from storage.db import Database
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event
from tests.test_crash_recovery import (
    PATIENCE,
    WorkerProcess,
    add_audience,
    nothing_left,
    queue_broadcast,
    received,
    state_by_chat,
    wait_until,
)


async def _says(bot: WorkerProcess, line: str) -> bool:
    """Whether the running bot has logged `line` (failing at once if it exited)."""
    assert bot.process is not None
    if bot.process.returncode is not None:
        raise AssertionError(f"{bot.name} exited with {bot.process.returncode}:\n{bot.log[-3000:]}")
    return line in bot.log


async def _run_started(bot: WorkerProcess) -> bool:
    return await _says(bot, "musharaka run started (channels: telegram)")


async def test_sigterm_mid_announcement_leaves_nobody_unknown_and_the_rest_goes_out_after_restart(
    db: Database, tmp_path: Path
) -> None:
    people = [8_000_000 + n for n in range(1500)]
    event_id = await add_event(db, title="جلسة حوارية عن المشاركة", starts_at=utcnow() + timedelta(days=10),
                               capacity=None)
    await add_audience(db, event_id, people, registered_at=utcnow() - timedelta(days=3))
    purpose = await queue_broadcast(db, "إعلان تجريبي: موعد الجلسة الحوارية القادمة")

    async with FakeTelegramServer("123:ABC") as tg:
        first = WorkerProcess(tmp_path, tg, "first-run", rate_per_second=300)
        first.args = ["run"]
        second = WorkerProcess(tmp_path, tg, "second-run", rate_per_second=1000)
        second.args = ["run"]
        try:
            await first.start()
            await wait_until(lambda: _run_started(first), "musharaka run to start", first)
            await tg.wait_for("sendMessage", count=200, timeout=PATIENCE)
            assert await first.stop() == 0, first.log[-3000:]
            after_stop = await state_by_chat(db, purpose=purpose)
            assert "Traceback" not in first.log, first.log[-3000:]

            await second.start()
            await wait_until(lambda: _run_started(second), "musharaka run to start again", second)
            await wait_until(lambda: nothing_left(db), "the restarted bot to finish", second)
            assert await second.stop() == 0, second.log[-3000:]
        finally:
            await first.ensure_gone()
            await second.ensure_gone()
        got = received(tg)

    stopped_states = Counter(after_stop.values())
    assert stopped_states["sent"] < len(people), "the stop came in the middle of the announcement"
    assert set(stopped_states) <= {"sent", "pending"}, stopped_states
    final = await state_by_chat(db, purpose=purpose)
    assert Counter(final.values()) == {"sent": len(people)}
    assert all(got[chat] == 1 for chat in people), "everyone got the announcement exactly once"


async def test_sigterm_while_starting_stops_cleanly_once_started(tmp_path: Path) -> None:
    async with FakeTelegramServer("123:ABC") as tg:
        bot = WorkerProcess(tmp_path, tg, "restarted-while-starting", rate_per_second=30)
        bot.args = ["run"]
        try:
            await bot.start()
            # Logged half way through starting: the database is open, polling and the scheduler run.
            await wait_until(lambda: _says(bot, "telegram long polling started"), "polling to start", bot)
            assert await bot.stop() == 0, bot.log[-3000:]
        finally:
            await bot.ensure_gone()
    assert "Traceback" not in bot.log, bot.log[-3000:]
