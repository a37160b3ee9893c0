"""The sender at speed: batches overlap, each batch is still reported, memoised texts are the rendered ones."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import select

from handlers.notifications import RENDERERS, renderer
from handlers.types import Outbound
from messages import catalog
from scheduler import sender as sender_module
from scheduler.ratelimit import PerChatLimiter, SlidingWindowLimiter
from scheduler.sender import Sender, SenderConfig
from storage.models import Delivery
from storage.services.contacts import get_or_create_identity
from storage.services.outbox import enqueue
from tests.channels import RecordingChannel


@pytest.fixture(autouse=True)
def note_renderer():
    """A delivery kind for these tests: a plain note with the delivery's text."""

    @renderer("pipeline-note", "announcement")
    async def render(ctx, delivery):  # type: ignore[no-untyped-def]
        return [Outbound(delivery.payload["text"])]

    yield
    RENDERERS.pop("pipeline-note", None)


async def queue(db, people: int) -> None:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        for n in range(people):
            _, contact, _ = await get_or_create_identity(session, "console", str(9000 + n))
            await enqueue(session, purpose="pipeline:1", kind="pipeline-note", contact_id=contact.id,
                          payload={"text": f"note {n}"})


class SlowChannel(RecordingChannel):
    """Each send takes a little while, so a batch is still going when the next one is claimed."""

    async def send(self, external_id, replies, **kwargs):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.01)
        return await super().send(external_id, replies, **kwargs)


async def test_batches_overlap_yet_every_row_is_sent_once_and_each_batch_is_reported(core, monkeypatch) -> None:
    await queue(core.db, 24)
    channel = SlowChannel()
    sender = Sender(core, {"console": channel}, SenderConfig(batch_size=4, concurrency=2))
    claims: list[int] = []
    claim = sender._claim  # noqa: SLF001

    async def counting_claim():  # type: ignore[no-untyped-def]
        rows = await claim()
        async with core.db.transaction() as session:
            # Rows of an earlier batch that are still waiting or on the wire when this one is claimed.
            claims.append(len((await session.scalars(select(Delivery.id).where(
                Delivery.state.in_(("pending", "sending")), Delivery.claimed_by.is_not(None),
                Delivery.id.not_in([row.id for row in rows])))).all()))
        return rows

    monkeypatch.setattr(sender, "_claim", counting_claim)
    reports: list[set[int]] = []

    async def hook(broadcasts: set[int]) -> None:
        reports.append(broadcasts)

    monkeypatch.setattr(sender_module, "AFTER_BATCH", [hook])
    assert await sender.drain() == 24
    assert sorted(m.external_id for m in channel.sent) == [str(9000 + n) for n in range(24)]
    async with core.db.transaction() as session:
        assert Counter((await session.scalars(select(Delivery.state))).all()) == Counter({"sent": 24})
    assert any(claims), "the next batch was claimed while the last one was still being sent"
    assert reports == [], "no broadcast changed: the hooks are not called for nothing"


async def test_unlimited_limiters_hand_out_slots_without_waiting() -> None:
    unlimited = SlidingWindowLimiter(None)
    async with unlimited.slot(), unlimited.slot():
        pass
    chats = PerChatLimiter(None)
    assert chats.for_chat("1") is chats.for_chat("2")
    unlimited.pause(0.05)  # a RetryAfter still holds an unlimited channel
    started = asyncio.get_running_loop().time()
    async with unlimited.slot():
        assert asyncio.get_running_loop().time() - started >= 0.04


@pytest.mark.parametrize("lang", ["ar", "en", "ckb"])
def test_memoised_texts_are_exactly_the_rendered_ones(lang: str) -> None:
    cases = [("rsvp-yes", {}), ("seats-left", {"count": 3}), ("seats-left", {"count": 1}),
             ("datetime", {"date": "x", "time": "10:00", "period": "y"}), ("sample-title", {"title": "TEDx بغداد"})]
    for key, args in cases:
        first = catalog.text(key, lang, **args)
        assert first == catalog.text(key, lang, **args) == catalog._text(key, lang, args)  # noqa: SLF001
    # An argument of another type (here a Fluent value) is rendered every time, not memoised.
    assert catalog.text("seats-left", lang, count=catalog._LocalInt(3)) == catalog.text("seats-left", lang, count=3)  # noqa: SLF001
