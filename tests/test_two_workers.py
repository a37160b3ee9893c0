"""Two `musharaka worker` processes drain one outbox on PostgreSQL: every message goes out once.

Each worker claims its batches with SELECT … FOR UPDATE SKIP LOCKED, so neither ever takes a
row the other holds. The proof is on the wire: the fake Telegram Bot API counts what each of
1,000 people received.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from scheduler.jobs import run_tick
from storage.clock import utcnow
from storage.db import Database
from storage.models import Delivery, Event
from tests.conftest import USE_POSTGRES
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event
from tests.test_crash_recovery import (
    TOKEN,
    WorkerProcess,
    add_audience,
    delivery_states,
    nothing_left,
    received,
    state_by_chat,
    wait_until,
)

pytestmark = pytest.mark.skipif(
    not USE_POSTGRES,
    reason="several sender processes share an outbox on PostgreSQL (FOR UPDATE SKIP LOCKED); "
           "run with DATABASE_URL=postgresql+asyncpg://… (.ci/run does)",
)


async def claims_by_worker(db: Database) -> Counter[str]:
    """How many rows each worker claimed (the worker id is written on the row at claim time)."""
    async with db.reading() as session:
        rows = await session.execute(select(Delivery.claimed_by, func.count()).group_by(Delivery.claimed_by))
        return Counter(dict(rows.all()))


async def publish(db: Database, event_id: int) -> None:
    """Make a draft event visible to citizens and to the scheduler."""
    async with db.transaction() as session:
        await session.execute(update(Event).where(Event.id == event_id).values(status="published"))


async def test_two_workers_share_one_outbox_and_deliver_every_message_exactly_once(
    db: Database, tmp_path: Path
) -> None:
    people = [9_000_000 + n for n in range(1000)]
    async with FakeTelegramServer(TOKEN) as tg:
        # 200 a second each: one worker alone would need five seconds, so both take a share.
        # The default lease (120 s) holds: neither may take the other's in-flight rows for orphans.
        workers = [WorkerProcess(tmp_path, tg, name, rate_per_second=200, lease_seconds=120)
                   for name in ("worker-a", "worker-b")]
        try:
            for worker in workers:
                await worker.start()
            for worker in workers:
                await worker.started()

            # With both workers running, an event's 1,000 registrants come due for their reminder.
            # The event is published only once its audience is in: the workers run the scheduler
            # too, and a tick that saw the event before its registrations would (rightly) mark the
            # stage done with nobody to remind.
            event_id = await add_event(db, title="مؤتمر الشباب والمشاركة", starts_at=utcnow() + timedelta(hours=20),
                                       capacity=None, status="draft")
            await add_audience(db, event_id, people, registered_at=utcnow() - timedelta(days=2))
            await publish(db, event_id)
            await run_tick(db)

            async def all_sent() -> bool:
                return (await nothing_left(db)) and (await delivery_states(db))["sent"] == len(people)

            await wait_until(all_sent, "both workers to send 1,000 reminders", *workers)
            for worker in workers:
                assert await worker.stop() == 0, worker.log[-3000:]
        finally:
            for worker in workers:
                await worker.ensure_gone()
        got = received(tg)
        assert tg.internal_errors == []

    assert set((await state_by_chat(db, event_id)).values()) == {"sent"}
    assert got == Counter({chat: 1 for chat in people}), "every person exactly one message, no one twice"
    shares = await claims_by_worker(db)
    assert len(shares) == 2 and sum(shares.values()) == len(people), f"both workers took part: {shares}"
