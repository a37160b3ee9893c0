"""The inbox, service by service: written down once, handled in order, done with its effects.

Stories over the real storage (SQLite, and PostgreSQL when DATABASE_URL says so): duplicates,
per-person order with two workers racing, the transaction that holds effects and "done"
together, payloads dropped, retention with a fake clock, failed rows and the operator's retry,
and rows taken back from a worker that died.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.inbox_channel import Handled, Unreadable
from bot.inbox_worker import InboxWorker
from handlers.core import BotCore
from handlers.dispatcher import dispatch
from handlers.reply_codec import reply_from_json
from handlers.types import Inbound, InboundKind
from storage.db import Database
from storage.models import Contact, InboxItem, ProcessedUpdate
from storage.services import inbox, inbox_upkeep
from storage.services.inbox import Claimed, NewItem
from tests.conftest import database_url

CHANNEL = "test"


def item(key: str, person: str | None = "test:1", **payload: Any) -> NewItem:
    """An inbox item of the test channel."""
    return NewItem(CHANNEL, key, person, "update", {"key": key, **payload})


async def rows(db: Database) -> list[InboxItem]:
    """Every inbox row, in id order."""
    async with db.reading() as session:
        return list(await session.scalars(select(InboxItem).order_by(InboxItem.id)))


async def count(db: Database, model: type) -> int:
    """Rows of a table."""
    async with db.reading() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def payload_is_null(db: Database, item_id: int) -> bool:
    """Whether the row's payload is SQL NULL (not merely JSON null)."""
    async with db.reading() as session:
        return bool(await session.scalar(select(InboxItem.payload.is_(None)).where(InboxItem.id == item_id)))


async def until(condition: Callable[[], Awaitable[bool]], timeout: float = 20.0) -> None:
    """Poll until `condition` holds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


@dataclass
class RecordingChannel:
    """An inbox channel for the worker: one effect row per item (an idempotency key), a reply each."""

    db: Database
    name: str = CHANNEL
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    handled: list[tuple[str | None, int]] = field(default_factory=list)
    sent: list[tuple[str, str]] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)

    async def handle(self, claimed: Claimed) -> Handled:
        """Write the effect and mark done in one transaction; fail as told."""
        if claimed.payload.get("unreadable"):
            raise Unreadable("not an update we know")
        await asyncio.sleep(self.rng.random() * 0.004)
        key = claimed.payload["key"]
        reply = [{"text": f"جواب {key}"}]
        async with self.db.transaction() as session:
            session.add(ProcessedUpdate(channel=CHANNEL, update_key=key))
            if self.failures[key]:
                self.failures[key] -= 1
                raise RuntimeError("a bug in the handler")
            await inbox.finish(session, claimed, reply)
            self.handled.append((claimed.person_key, claimed.payload.get("n", 0)))
        return Handled(reply)

    async def deliver(self, claimed: Claimed, replies: list[Any], context: Any) -> None:
        """Record what would go to the person."""
        for reply in replies:
            self.sent.append((claimed.person_key or "", reply["text"]))

    def decode(self, replies: list[Any]) -> list[Any]:
        """Replies are stored as they are sent."""
        return replies


# --- written down once ---------------------------------------------------------------------------------


async def test_an_item_delivered_twice_is_written_down_once(db: Database) -> None:
    assert await inbox.store(db, [item("u1")]) == 1
    assert await inbox.store(db, [item("u1")]) == 0
    assert await inbox.store(db, [item("u1"), item("u1"), item("u2")]) == 1
    stored = await rows(db)
    assert [r.platform_key for r in stored] == ["u1", "u2"]
    assert {r.state for r in stored} == {"pending"}


async def test_an_item_that_cannot_be_read_is_stored_failed_with_its_error(db: Database) -> None:
    await inbox.store(db, [NewItem(CHANNEL, "7", None, "update", {"x": 1}, error="TypeError: chat")])
    [row] = await rows(db)
    assert row.state == "failed" and row.last_error == "TypeError: chat" and row.payload == {"x": 1}
    assert await inbox.claim(db, "w", 10, [CHANNEL]) == []


# --- order per person ------------------------------------------------------------------------------------


async def test_a_person_s_next_item_waits_until_the_one_before_is_done_and_answered(db: Database) -> None:
    await inbox.store(db, [item("a1", "test:a"), item("a2", "test:a"), item("b1", "test:b"), item("s", None)])
    first = await inbox.claim(db, "w", 10, [CHANNEL])
    assert [c.platform_key for c in await rows(db) if c.id in {f.id for f in first}] == ["a1", "b1", "s"]
    assert await inbox.claim(db, "w", 10, [CHANNEL]) == [], "a2 waits for a1"
    a1 = first[0]
    async with db.transaction() as session:
        await inbox.finish(session, a1, [{"text": "جواب"}])
    assert await inbox.claim(db, "w", 10, [CHANNEL]) == [], "a1's reply is not out yet"
    assert await inbox.start_sending(db, a1.id, "w")
    assert await inbox.claim(db, "w", 10, [CHANNEL]) == [], "a1's reply is on the wire"
    assert await inbox.end_sending(db, a1.id, "w", inbox.SENT)
    [a2] = await inbox.claim(db, "w", 10, [CHANNEL])
    assert a2.payload["key"] == "a2"
    assert await inbox.claim(db, "w", 10, ["whatsapp"]) == [], "a worker takes only its channels' rows"


async def test_two_workers_racing_keep_each_person_s_items_in_order_and_handle_each_once(
        db: Database, tmp_path: Path) -> None:
    people, per_person = 6, 8
    await inbox.store(db, [item(f"{p}-{n}", f"test:{p}", n=n) for n in range(per_person) for p in range(people)])
    other_db = Database(database_url(tmp_path))
    channels = [RecordingChannel(db, rng=random.Random(1)), RecordingChannel(other_db, rng=random.Random(2))]
    workers = [InboxWorker(channel.db, capacity=4, poll_seconds=0.05) for channel in channels]
    for worker, channel in zip(workers, channels, strict=True):
        worker.add(channel)
        worker.start()
    try:
        async def all_answered() -> bool:
            return sum(len(c.sent) for c in channels) == people * per_person

        await until(all_answered)
    finally:
        for worker in workers:
            await worker.stop()
        await other_db.dispose()
    for p in range(people):
        order = [n for channel in channels for person, n in channel.handled if person == f"test:{p}"]
        assert sorted(order) == list(range(per_person)), f"each item of person {p} handled once"
    # Order: a person's items were handled one after the other, whichever worker took each.
    handled_at = {r.platform_key: r.handled_at for r in await rows(db)}
    for p in range(people):
        times = [handled_at[f"{p}-{n}"] for n in range(per_person)]
        assert times == sorted(times), f"person {p} out of order"
    assert all(len(c.handled) for c in channels), "both workers took part"
    assert await count(db, ProcessedUpdate) == people * per_person
    sent = Counter(text for channel in channels for _, text in channel.sent)
    assert set(sent.values()) == {1}, "every reply sent exactly once"


# --- done together with the effects ----------------------------------------------------------------------


async def test_a_handler_error_rolls_back_its_effects_and_the_done_mark_together(
        core: BotCore, monkeypatch: pytest.MonkeyPatch) -> None:
    db = core.db
    await inbox.store(db, [NewItem("console", "u1", "console:7", "update", {"text": "مرحبا"})])
    [claimed] = await inbox.claim(db, "w", 10, ["console"])
    hello = Inbound("console", "7", InboundKind.TEXT, text="مرحبا", update_key="u1")

    async def explode(ctx: Any) -> None:
        raise RuntimeError("a bug in a handler")

    import handlers.dispatcher as dispatcher

    real_hooks = dispatcher.CONTEXT_HOOKS
    monkeypatch.setattr(dispatcher, "CONTEXT_HOOKS", [*real_hooks, explode])
    with pytest.raises(RuntimeError):
        await dispatch(core, hello, inbox=claimed)
    assert await count(db, Contact) == 0
    [row] = await rows(db)
    assert row.state == "processing" and row.reply_state == "none"

    monkeypatch.setattr(dispatcher, "CONTEXT_HOOKS", real_hooks)
    replies = await dispatch(core, hello, inbox=claimed)
    # The inbox row is the update's idempotency key: no second key is written beside it.
    assert await count(db, Contact) == 1 and await count(db, ProcessedUpdate) == 0
    [row] = await rows(db)
    assert row.state == "done" and row.reply_state == "pending"
    assert [reply_from_json(r).text for r in row.replies] == [r.text for r in replies]
    assert "أهلاً بك" in replies[0].text


async def test_a_row_taken_over_by_another_worker_keeps_nothing_of_the_late_handler(core: BotCore) -> None:
    db = core.db
    await inbox.store(db, [NewItem("console", "u1", "console:7", "update", {})])
    [claimed] = await inbox.claim(db, "slow-worker", 10, ["console"])
    async with db.transaction() as session:
        await session.execute(update(InboxItem).values(claimed_by="another-worker"))
    with pytest.raises(inbox.LostClaim):
        await dispatch(core, Inbound("console", "7", InboundKind.COMMAND, text="/start", command="start",
                                     update_key="u1"), inbox=claimed)
    assert await count(db, Contact) == 0 and await count(db, ProcessedUpdate) == 0


async def test_what_was_written_goes_once_handled_and_who_wrote_it_once_answered(db: Database) -> None:
    await inbox.store(db, [item("quiet", "test:1"), item("answered", "test:2")])
    quiet, answered = await inbox.claim(db, "w", 10, [CHANNEL])
    answered.reply_to = {"chat_id": 2, "message_id": 7, "text": True}
    async with db.transaction() as session:
        await inbox.finish(session, quiet, None)
        await inbox.finish(session, answered, [{"text": "جواب"}])
    assert await payload_is_null(db, quiet.id) and await payload_is_null(db, answered.id)
    _, row = await rows(db)
    assert row.person_key == "test:2" and row.reply_to == {"chat_id": 2, "message_id": 7, "text": True}, \
        "kept until the reply is out: whom to answer, which message it replaces"
    assert await inbox.start_sending(db, answered.id, "w")
    assert await inbox.end_sending(db, answered.id, "w", inbox.SENT)
    quiet_row, row = await rows(db)
    assert row.replies is None and row.reply_state == "sent" and row.person_key is None and row.reply_to is None
    assert quiet_row.person_key is None, "nothing to answer: who wrote goes at once"


# --- retention -------------------------------------------------------------------------------------------


async def test_done_rows_and_idempotency_keys_go_after_the_retention_period_failed_rows_stay(
        db: Database, clock) -> None:  # type: ignore[no-untyped-def]
    await inbox.store(db, [item("old-done"), item("old-failed", "test:2")])
    done, failing = await inbox.claim(db, "w", 10, [CHANNEL])
    async with db.transaction() as session:
        await inbox.finish(session, done, None)
        session.add(ProcessedUpdate(channel=CHANNEL, update_key="old-done", created_at=clock.now))
    await inbox.fail(db, failing, "RuntimeError: a bug")
    clock.advance(days=5)
    await inbox.store(db, [item("recent")])
    [recent] = await inbox.claim(db, "w", 10, [CHANNEL])
    async with db.transaction() as session:
        await inbox.finish(session, recent, None)
        session.add(ProcessedUpdate(channel=CHANNEL, update_key="recent", created_at=clock.now))

    clock.advance(days=2, minutes=1)  # the first rows are now 7 days and a minute old
    assert await inbox_upkeep.prune(db, 7) == (1, 1)
    assert [r.platform_key for r in await rows(db)] == ["old-failed", "recent"]
    async with db.reading() as session:
        assert list(await session.scalars(select(ProcessedUpdate.update_key))) == ["recent"]
    clock.advance(days=30)
    assert await inbox_upkeep.prune(db, 7) == (1, 1)
    assert [r.platform_key for r in await rows(db)] == ["old-failed"], "failed rows wait for an operator"


# --- failures, the operator's retry, recovery --------------------------------------------------------------


async def test_an_item_that_keeps_failing_is_set_aside_and_the_person_told_once(db: Database) -> None:
    channel = RecordingChannel(db)
    channel.failures["boom"] = 3
    worker = InboxWorker(db, poll_seconds=0.05)
    worker.add(channel)
    await worker.accept([item("boom", "test:9"), item("fine", "test:9"), item("odd", "test:8", unreadable=True)])
    await worker.idle()
    try:
        by_key = {r.platform_key: r for r in await rows(db)}
        assert by_key["boom"].state == "failed" and by_key["boom"].attempts == 3
        assert "RuntimeError: a bug in the handler" in (by_key["boom"].last_error or "")
        assert by_key["odd"].state == "failed" and by_key["odd"].attempts == 1, "unreadable: not retried"
        assert by_key["fine"].state == "done", "a failed item does not hold the person's next one"
        assert await count(db, ProcessedUpdate) == 1, "the three failed attempts left nothing behind"
        texts = [text for person, text in channel.sent if person == "test:9"]
        assert len(texts) == 2 and "عذراً" in texts[0] and texts[1] == "جواب fine", "told once, in order"
        assert [r.id for r in await inbox_upkeep.list_failed(db)] == [by_key["boom"].id, by_key["odd"].id]

        assert await inbox_upkeep.retry(db, by_key["boom"].id)
        assert not await inbox_upkeep.retry(db, by_key["fine"].id), "only failed rows"
        worker.wake()
        await worker.idle()
        assert {r.platform_key: r.state for r in await rows(db)}["boom"] == "done"
        assert channel.sent[-1] == ("test:9", "جواب boom")
    finally:
        await worker.stop()


async def test_rows_of_a_worker_that_died_are_taken_back_within_seconds(db: Database) -> None:
    dead_here = f"{socket.gethostname()[:40]}:{_dead_pid()}:0dead"
    elsewhere = "another-host:4242:cafe"
    await inbox.store(db, [item(k, f"test:{k}") for k in ("mid-handling", "reply-pending", "reply-on-wire",
                                                           "other-host-fresh", "other-host-stale")])
    async with db.transaction() as session:
        ids = {r.platform_key: r.id for r in await session.scalars(select(InboxItem))}

        async def set_row(key: str, **values: Any) -> None:
            await session.execute(update(InboxItem).where(InboxItem.id == ids[key]).values(**values))

        now = inbox.utcnow()
        await set_row("mid-handling", state="processing", claimed_by=dead_here, claimed_at=now)
        await set_row("reply-pending", state="done", claimed_by=dead_here, claimed_at=now, reply_state="pending",
                      replies=[{"text": "جواب reply-pending"}])
        await set_row("reply-on-wire", state="done", claimed_by=dead_here, claimed_at=now, reply_state="sending",
                      replies=[{"text": "جواب reply-on-wire"}])
        await set_row("other-host-fresh", state="processing", claimed_by=elsewhere, claimed_at=now)
        await set_row("other-host-stale", state="processing", claimed_by=elsewhere,
                      claimed_at=now - timedelta(seconds=30))
    channel = RecordingChannel(db)
    worker = InboxWorker(db, poll_seconds=0.05)
    worker.add(channel)
    worker.start()
    try:
        async def settled() -> bool:
            states = {r.platform_key: (r.state, r.reply_state) for r in await rows(db)}
            return states["mid-handling"] == ("done", "sent") and states["reply-pending"][1] == "sent" \
                and states["other-host-stale"] == ("done", "sent")

        await until(settled, timeout=10)
        states = {r.platform_key: (r.state, r.reply_state) for r in await rows(db)}
    finally:
        await worker.stop()
    assert states["reply-on-wire"] == ("done", "unknown"), "maybe delivered: never sent twice"
    assert states["other-host-fresh"] == ("processing", "none"), "a live worker elsewhere keeps its row"
    assert Counter(text for _, text in channel.sent) == Counter(
        {"جواب mid-handling": 1, "جواب reply-pending": 1, "جواب other-host-stale": 1})


def _dead_pid() -> int:
    """The pid of a process that has exited (and was reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert child.pid != os.getpid()
    return child.pid


# --- the schema ---------------------------------------------------------------------------------------------


def test_the_migration_builds_the_inbox_the_model_describes(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from storage.models import Base

    path = tmp_path / "schema.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = [d for d in compare_metadata(context, Base.metadata)
                       if "inbox" in repr(d) or "list_pages" in repr(d)]
    engine.dispose()
    assert differences == []


async def _migrate(url: str) -> None:
    database = Database(url)
    await database.migrate()
    await database.dispose()
