"""The outbox sender against the fake Telegram Bot API: limits, RetryAfter, blocked people, crashes."""

from __future__ import annotations

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


async def test_row_left_sending_by_a_dead_worker_becomes_unknown_not_resent(core) -> None:
    channel = RecordingChannel()
    await queue_notes(core.db, "console", ["6001", "6002"])
    crashed = Sender(core, {"console": channel})
    jobs, _ = await crashed._claim_and_render()  # claimed, then the process died before sending
    assert len(jobs) == 2
    restarted = Sender(core, {"console": channel})
    assert await restarted.recover_stale(lease_seconds=0) == 2
    await restarted.drain()
    assert channel.sent == []
    assert (await states(core.db)) == Counter({"unknown": 2})


async def test_queueing_the_same_purpose_twice_sends_once(core) -> None:
    channel = RecordingChannel()
    await queue_notes(core.db, "console", ["7001"])
    await queue_notes(core.db, "console", ["7001"])
    await Sender(core, {"console": channel}).drain()
    assert len(channel.sent) == 1
