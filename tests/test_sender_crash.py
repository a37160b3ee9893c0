"""A sender killed mid-broadcast loses at most what was on the wire, and a restart finishes the rest fast.

The real `musharaka worker` sends an announcement to 200 people through a slow fake Telegram
Bot API (a quarter of a second per request), so 32 messages are always in flight. It is
SIGKILLed after the fake has received 40; another worker starts on the same database. Only
the messages in flight at the kill may end `unknown` (at most the concurrency, each received
at most once); everything else is sent exactly once, within 10 seconds of the restart.

And a database outage in the middle of a batch (PostgreSQL behind a TCP proxy that is cut):
the messages already delivered are recorded `sent` once the database is back, not `unknown`.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from handlers.core import BotCore, CoreConfig
from handlers.types import Outbound
from scheduler.sender import Sender, SenderConfig
from storage.clock import utcnow
from storage.db import Database
from storage.models import Delivery
from tests.channels import RecordingChannel
from tests.conftest import POSTGRES_URL, USE_POSTGRES
from tests.fakes.fake_telegram import FakeTelegramServer
from tests.helpers import add_event
from tests.tcp_proxy import TcpProxy
from tests.test_crash_recovery import (
    PATIENCE,
    TOKEN,
    WorkerProcess,
    add_audience,
    delivery_states,
    nothing_left,
    queue_broadcast,
    received,
    state_by_chat,
    wait_until,
)

PEOPLE = 200
KILL_AFTER = 40
# Each request takes this long at the fake: the worker keeps `concurrency` of them in flight.
LATENCY = 0.25
# The promise: a restarted process takes back and finishes a dead one's batch within this.
TAKEOVER_SECONDS = 10.0


async def test_killed_mid_broadcast_only_the_sends_in_flight_are_unknown_and_the_rest_goes_out_after_restart(
    db: Database, tmp_path: Path
) -> None:
    people = [5_000_000 + n for n in range(PEOPLE)]
    event_id = await add_event(db, title="ندوة حوارية حول قانون الانتخابات", starts_at=utcnow() + timedelta(days=10),
                               capacity=None)
    await add_audience(db, event_id, people, registered_at=utcnow() - timedelta(days=3))
    purpose = await queue_broadcast(db, "تذكير عام: التسجيل في سجل الناخبين مفتوح حتى نهاية الشهر")
    config = SenderConfig()  # the defaults `musharaka worker` runs with: concurrency and lease

    async with FakeTelegramServer(TOKEN, latency=LATENCY) as tg:
        first = WorkerProcess(tmp_path, tg, "first", rate_per_second=1000, lease_seconds=config.lease_seconds)
        second = WorkerProcess(tmp_path, tg, "second", rate_per_second=1000, lease_seconds=config.lease_seconds)
        try:
            await first.start()
            await tg.wait_for("sendMessage", count=KILL_AFTER, timeout=PATIENCE)
            first.kill()
            assert await asyncio.wait_for(first.process.wait(), PATIENCE) == -signal.SIGKILL  # type: ignore[union-attr]
            at_kill = await delivery_states(db)
            assert at_kill["pending"] > 0, f"killed midway, not after the end: {at_kill}"
            # Of the claimed batch (100 rows) only those really on the wire are marked sending;
            # the others stay pending, claimed by the dead worker.
            assert 0 < at_kill["sending"] <= config.concurrency, at_kill
            assert await claimed_not_started(db) > 0

            await second.start()
            await second.started()
            restarted = time.monotonic()
            await wait_until(lambda: nothing_left(db), "the restarted worker to finish", first, second)
            took = time.monotonic() - restarted
            assert await second.stop() == 0, second.log[-3000:]
        finally:
            await first.ensure_gone()
            await second.ensure_gone()
        got = received(tg)
        assert [e for e in tg.internal_errors if not isinstance(e, ConnectionError)] == []

    states = await state_by_chat(db, purpose=purpose)
    assert len(states) == PEOPLE
    assert set(states.values()) <= {"sent", "unknown"}, Counter(states.values())
    unknown = [chat for chat, state in states.items() if state == "unknown"]
    assert len(unknown) <= config.concurrency, f"{len(unknown)} unknown: more than were in flight"
    assert all(got[chat] == 1 for chat, state in states.items() if state == "sent"), "sent means exactly once"
    assert all(got[chat] <= 1 for chat in unknown), "in flight at the kill: at most once, never resent"
    assert max(got.values()) == 1, "nobody got the announcement twice"
    assert sum(got.values()) == PEOPLE - sum(1 for chat in unknown if got[chat] == 0), "nothing else was sent"
    assert took <= TAKEOVER_SECONDS, f"the restarted worker needed {took:.1f} s to take over and finish"


async def claimed_not_started(db: Database) -> int:
    """Rows a worker claimed and has not started sending."""
    async with db.reading() as session:
        return await session.scalar(
            select(func.count()).where(Delivery.state == "pending", Delivery.claimed_at.is_not(None))
        ) or 0


class CuttingChannel(RecordingChannel):
    """Delivers everything; the `cut_at`-th delivery also cuts the database off for `seconds`."""

    def __init__(self, proxy: TcpProxy, cut_at: int, seconds: float) -> None:
        super().__init__(name="telegram")
        self.proxy, self.cut_at, self.seconds = proxy, cut_at, seconds

    async def send(self, external_id: str, replies: list[Outbound], **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
        ids = await super().send(external_id, replies, **kwargs)
        if len(self.sent) == self.cut_at:
            self.proxy.cut()
            asyncio.get_running_loop().call_later(self.seconds, self.proxy.restore)
        return ids


@pytest.mark.skipif(not USE_POSTGRES, reason="the outage is a TCP proxy in front of PostgreSQL (SQLite is a file); "
                                             "run with DATABASE_URL=postgresql+asyncpg://…")
async def test_a_database_outage_mid_batch_records_the_delivered_messages_as_sent_not_unknown(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    people = [5_100_000 + n for n in range(60)]
    event_id = await add_event(db, title="ورشة عمل", starts_at=utcnow() + timedelta(days=10), capacity=None)
    await add_audience(db, event_id, people, registered_at=utcnow() - timedelta(days=3))
    purpose = await queue_broadcast(db, "تذكير عام: التسجيل في سجل الناخبين مفتوح حتى نهاية الشهر")
    target = make_url(POSTGRES_URL)
    async with TcpProxy(target.host or "127.0.0.1", target.port or 5432) as proxy:
        proxied = Database(target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
        try:
            core = await BotCore.create(proxied, CoreConfig(secret_key="test-secret"))
            # The 20th delivery of the 60-row batch cuts the database off for two seconds.
            channel = CuttingChannel(proxy, cut_at=20, seconds=2.0)
            with caplog.at_level(logging.WARNING, logger="scheduler.send_journal"):
                await asyncio.wait_for(Sender(core, {"telegram": channel}, SenderConfig(concurrency=4)).drain(),
                                       PATIENCE)
        finally:
            await proxied.dispose()
    assert "sender journal could not write" in caplog.text, "the outage hit the batch"
    states = await state_by_chat(db, purpose=purpose)
    assert Counter(states.values()) == Counter({"sent": len(people)}), "delivered means sent, none unknown"
    got = Counter(int(m.external_id) for m in channel.sent)
    assert got == Counter({chat: 1 for chat in people}), "rows not started during the outage went later, once"
