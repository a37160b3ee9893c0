"""Replies out travel with the worker's next write: on PostgreSQL in the same statement.

The outcome of a reply (`sent`, `failed`) is written with whatever the worker writes next. On
PostgreSQL it rides in that statement as a WITH clause, one round trip instead of two; on SQLite
both run in one trip to its thread anyway. On the real storage: both writes happen, the same
person's next message is still handled only after the earlier reply is recorded as out, and
nothing is lost or claimed twice.
"""

from __future__ import annotations

from sqlalchemy import select

from storage.db import Database
from storage.models import InboxItem
from storage.services import inbox
from storage.services import inbox_lane as lane_sql
from storage.services.inbox import NewItem

CHANNEL = "test"


def item(key: str, person: str) -> NewItem:
    """An inbox item of the test channel."""
    return NewItem(CHANNEL, key, person, "update", {"key": key})


async def answered_and_sending(db: Database, key: str, person: str) -> int:
    """A row written down, handled with a reply, its reply `sending`; returns its id."""
    [row] = (await inbox.store_and_claim(db, [item(key, person)], worker="w", limit=10)).claimed
    async with db.transaction() as session:
        await inbox.finish(session, row, [{"text": "جواب"}])
    assert await inbox.start_sending(db, row.id, "w")
    return row.id


async def states(db: Database) -> dict[str, tuple[str, str]]:
    """(state, reply state) of every row by its platform key."""
    async with db.reading() as session:
        return {r.platform_key: (r.state, r.reply_state) for r in await session.scalars(select(InboxItem))}


def test_on_postgresql_the_outcomes_ride_in_the_statement_that_writes_down() -> None:
    plan = lane_sql.store_plan([{"channel": CHANNEL, "platform_key": "k", "person_key": "test:1", "kind": "update",
                                 "payload": {}, "received_at": None, "attempts": 0, "last_error": None,
                                 "handled_at": None, "reply_state": "none", "state": "pending"}],
                               "w", 10, lambda _: True, {7: inbox.SENT, 8: inbox.REPLY_FAILED}, True)
    sql, params = next(plan)
    assert sql.startswith("WITH sent_0 AS (UPDATE inbox") and "sent_1 AS (UPDATE inbox" in sql and "INSERT" in sql
    assert sql.count("?") == len(params)
    try:
        plan.send([])
    except StopIteration:
        pass
    else:
        raise AssertionError("one statement only")
    sending = lane_sql.sending_plan("w", [9], {7: inbox.SENT}, True)
    sql, params = next(sending)
    assert sql.startswith("WITH sent_0 AS") and "SET reply_state = 'sending'" in sql and sql.count("?") == len(params)
    claim = lane_sql.claim_plan("w", 5, [CHANNEL], None, {7: inbox.SENT}, True)
    first, _ = next(claim)
    assert not first.startswith("WITH"), "the claim must see the replies out before it looks"


async def test_replies_out_are_recorded_with_the_next_message_written_down(db: Database) -> None:
    first = await answered_and_sending(db, "a1", "test:1")
    second = await answered_and_sending(db, "b1", "test:2")
    stored = await inbox.store_and_claim(db, [item("c1", "test:3")], worker="w", limit=10,
                                         sent={first: inbox.SENT, second: inbox.REPLY_FAILED})
    assert len(stored.claimed) == 1
    assert await states(db) == {"a1": ("done", "sent"), "b1": ("done", "failed"), "c1": ("processing", "none")}


async def test_replies_out_are_recorded_with_the_next_sending_mark(db: Database) -> None:
    first = await answered_and_sending(db, "a1", "test:1")
    [row] = (await inbox.store_and_claim(db, [item("b1", "test:2")], worker="w", limit=10)).claimed
    async with db.transaction() as session:
        await inbox.finish(session, row, [{"text": "جواب"}])
    assert await inbox.start_sending_many(db, "w", [row.id], sent={first: inbox.SENT}) == {row.id}
    assert await states(db) == {"a1": ("done", "sent"), "b1": ("done", "sending")}


async def test_the_same_person_s_next_message_waits_for_the_reply_out_and_is_then_claimed_once(db: Database) -> None:
    first = await answered_and_sending(db, "a1", "test:1")
    stored = await inbox.store_and_claim(db, [item("a2", "test:1")], worker="w", limit=10, sent={first: inbox.SENT})
    assert len(stored.added) == 1
    assert (await states(db))["a1"] == ("done", "sent")
    # Claimed at once where the statement saw the reply out (SQLite), or by the worker's next look.
    claimed = [row.id for row in stored.claimed] + [row.id for row in await inbox.claim(db, "w", 10, [CHANNEL])]
    assert claimed == stored.added
    assert await inbox.claim(db, "w", 10, [CHANNEL]) == []
