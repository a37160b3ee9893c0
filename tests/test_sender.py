"""The outbox sender against the fake Telegram Bot API: limits, RetryAfter, blocked people, crashes."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest
from sqlalchemy import select

from bot.telegram import TelegramChannel, build_sender_bot
from handlers.notifications import RENDERERS, renderer
from handlers.types import Outbound
from scheduler.sender import Sender, SenderConfig
from storage.models import Delivery, Identity
from storage.services.contacts import get_or_create_identity
from storage.services.outbox import enqueue
from tests.channels import RecordingChannel
from tests.fakes.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"


@pytest.fixture(autouse=True)
def note_renderer():
    """A delivery kind for these tests: a plain note with the delivery's text."""

    @renderer("test-note", "announcement")
    async def render(ctx, delivery):  # type: ignore[no-untyped-def]
        return [Outbound(delivery.payload["text"])]

    yield
    RENDERERS.pop("test-note", None)


async def queue_notes(db, channel: str, external_ids: list[str], text: str = "إعلان") -> None:  # type: ignore[no-untyped-def]
    """One note per person, each person created with an identity on `channel`."""
    async with db.transaction() as session:
        for external_id in external_ids:
            _, contact, _ = await get_or_create_identity(session, channel, external_id)
            await enqueue(session, purpose="note:1", kind="test-note", contact_id=contact.id,
                          payload={"text": f"{text} {external_id}"})


async def states(db) -> Counter:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return Counter((await session.scalars(select(Delivery.state))).all())


async def telegram_sender(core, tg: FakeTelegramServer, **config) -> tuple[Sender, object]:  # type: ignore[no-untyped-def]
    bot = build_sender_bot(TOKEN, tg.base_url)
    await bot.initialize()
    sender = Sender(core, {"telegram": TelegramChannel(bot)}, SenderConfig(**config))
    return sender, bot


async def test_sender_never_exceeds_the_rate_in_any_second(core) -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        await queue_notes(core.db, "telegram", [str(2000 + i) for i in range(45)])
        sender, bot = await telegram_sender(core, tg, rates={"telegram": 15})
        try:
            await sender.drain()
        finally:
            await bot.shutdown()
        times = sorted(r.time for r in tg.calls("sendMessage"))
        assert len(times) == 45
        for i, start in enumerate(times):
            in_window = [t for t in times[i:] if t - start < 1.0]
            assert len(in_window) <= 15
        assert (await states(core.db)) == Counter({"sent": 45})


async def test_retry_after_pauses_the_channel_until_the_time_given(core, clock) -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        await queue_notes(core.db, "telegram", ["3001", "3002"])
        tg.fail_next("sendMessage", 429, retry_after=2)
        sender, bot = await telegram_sender(core, tg, rates={"telegram": None}, per_chat_rates={}, concurrency=1)
        try:
            await sender.drain_once()
            failed_at = tg.calls("sendMessage")[0].time
            assert (await states(core.db))["pending"] >= 1
            # The row is due again only after retry_after; the limiter holds the channel meanwhile.
            clock.advance(seconds=3)
            started = time.monotonic()
            await sender.drain()
        finally:
            await bot.shutdown()
        later = [r.time for r in tg.calls("sendMessage")[1:]]
        assert later and min(later) - failed_at >= 2.0
        assert time.monotonic() - started < 5
        assert (await states(core.db)) == Counter({"sent": 2})


async def test_person_who_blocked_the_bot_is_marked_unreachable_and_skipped(core) -> None:
    async with FakeTelegramServer(TOKEN) as tg:
        tg.block_user(4001)
        await queue_notes(core.db, "telegram", ["4001", "4002"])
        sender, bot = await telegram_sender(core, tg)
        try:
            await sender.drain()
            assert (await states(core.db)) == Counter({"sent": 1, "blocked": 1})
            async with core.db.transaction() as session:
                identity = await session.scalar(select(Identity).where(Identity.external_id == "4001"))
                assert identity.unreachable
            # The next announcement skips them without calling Telegram.
            async with core.db.transaction() as session:
                await enqueue(session, purpose="note:2", kind="test-note", contact_id=identity.contact_id,
                              payload={"text": "ثاني"})
            calls_before = len(tg.calls("sendMessage"))
            await sender.drain()
            assert len(tg.calls("sendMessage")) == calls_before
        finally:
            await bot.shutdown()
        assert (await states(core.db))["blocked"] == 2


async def test_transient_failures_are_retried_then_given_up(core, clock) -> None:
    from bot.channel import Transient

    channel = RecordingChannel(failures={"5001": Transient("502")})
    await queue_notes(core.db, "console", ["5001"])
    sender = Sender(core, {"console": channel}, SenderConfig(max_attempts=3))
    for _ in range(5):
        await sender.drain()
        clock.advance(minutes=10)
    async with core.db.transaction() as session:
        row = await session.scalar(select(Delivery))
    assert row.state == "failed" and row.attempts == 3 and "502" in row.last_error


class HangingChannel(RecordingChannel):
    """A channel whose calls record the message and then hang until `release` is set: the send is on the wire."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()

    async def send(self, external_id: str, replies: list[Outbound], **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
        ids = await super().send(external_id, replies, **kwargs)
        await self.release.wait()
        return ids


async def send_started(channel: RecordingChannel, count: int = 1) -> None:
    """Wait (a few seconds at most) until `count` sends reached the channel."""
    for _ in range(500):
        if len(channel.sent) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} sends expected, {len(channel.sent)} started")


async def test_a_dead_workers_claims_are_taken_over_and_only_its_send_in_flight_is_unknown(core, clock) -> None:
    people = ["6001", "6002", "6003", "6004", "6005"]
    await queue_notes(core.db, "console", people)
    wire = HangingChannel()
    # One send at a time: the first is on the wire, the four others are claimed and waiting.
    crashed = Sender(core, {"console": wire}, SenderConfig(concurrency=1))
    batch = asyncio.create_task(crashed.drain_once())
    await send_started(wire)
    batch.cancel()  # the process dies: nothing more is written
    with pytest.raises(asyncio.CancelledError):
        await batch
    assert (await states(core.db)) == Counter({"sending": 1, "pending": 4})
    [in_flight] = [m.external_id for m in wire.sent]

    restarted_channel = RecordingChannel()
    restarted = Sender(core, {"console": restarted_channel})
    # Within the lease the claims may belong to a live worker: nothing is taken.
    clock.advance(seconds=restarted.config.lease_seconds - 1)
    assert await restarted.drain() == 0 and restarted_channel.sent == []

    # Past it (a few seconds, not the old two minutes) the restarted process takes over.
    clock.advance(seconds=2)
    assert restarted.config.lease_seconds + 1 < 10
    assert await restarted.drain() == 4
    assert sorted(m.external_id for m in restarted_channel.sent) == sorted(set(people) - {in_flight})
    assert (await states(core.db)) == Counter({"sent": 4, "unknown": 1})
    async with core.db.transaction() as session:
        unknown = await session.scalar(select(Delivery).where(Delivery.state == "unknown"))
    assert unknown.last_error == "worker stopped while sending"


async def test_a_stalled_worker_sends_nothing_another_worker_took_over(core, clock) -> None:
    people = ["6101", "6102", "6103"]
    await queue_notes(core.db, "console", people)
    stalled_wire = HangingChannel()
    # Its heartbeat would come only after a minute: it stalls, as a frozen process would.
    stalled = Sender(core, {"console": stalled_wire}, SenderConfig(concurrency=1, lease_seconds=240))
    batch = asyncio.create_task(stalled.drain_once())
    await send_started(stalled_wire)
    [first] = [m.external_id for m in stalled_wire.sent]

    clock.advance(seconds=30)
    other_channel = RecordingChannel()
    other = Sender(core, {"console": other_channel})
    assert await other.drain() == 2  # the two claimed rows; the one on the wire becomes unknown
    assert (await states(core.db)) == Counter({"sent": 2, "unknown": 1})

    stalled_wire.release.set()  # the stalled worker wakes up: its answer arrives, the rest is not its own
    assert await batch == 3
    assert [m.external_id for m in stalled_wire.sent] == [first], "no second send of a row taken over"
    assert sorted(m.external_id for m in other_channel.sent) == sorted(set(people) - {first})
    # The late answer is recorded for what it was: delivered.
    assert (await states(core.db)) == Counter({"sent": 3})


async def test_queueing_the_same_purpose_twice_sends_once(core) -> None:
    channel = RecordingChannel()
    await queue_notes(core.db, "console", ["7001"])
    await queue_notes(core.db, "console", ["7001"])
    await Sender(core, {"console": channel}).drain()
    assert len(channel.sent) == 1
