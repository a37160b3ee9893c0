"""Two processes write down the same person's messages at the same instant (PostgreSQL).

Each webhook call commits its row on its own connection. Without a lock, the second writer's
statement cannot see the first's uncommitted row, so both rows would be written already claimed
and handled side by side, out of order. The second writer must wait for the first and find its
row open, leaving its own pending behind it.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from storage.db import Database
from storage.models import InboxItem
from storage.services import inbox
from storage.services.inbox import NewItem
from tests.conftest import POSTGRES_URL, USE_POSTGRES

pytestmark = pytest.mark.skipif(not USE_POSTGRES, reason="SQLite has a single writer; run with "
                                                         "DATABASE_URL=postgresql+asyncpg://… (.ci/run does)")

PERSON = "telegram:4242"


def raw_dsn() -> str:
    """The test database as a plain asyncpg DSN (the first writer's own connection)."""
    url = make_url(POSTGRES_URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def test_a_second_message_written_at_the_same_instant_waits_behind_the_first(db: Database) -> None:
    first_writer = await asyncpg.connect(raw_dsn())
    try:
        # The first webhook call is mid-commit: it looked at the person (taking the lock) and wrote
        # its row, already claimed by its worker, but has not committed yet.
        transaction = first_writer.transaction()
        await transaction.start()
        assert await first_writer.fetchval("SELECT inbox_person_open($1)", PERSON) is False
        await first_writer.execute(
            "INSERT INTO inbox (channel, platform_key, person_key, kind, payload, received_at, attempts, "
            "reply_state, state, claimed_by, claimed_at) VALUES ('telegram', 'u1', $1, 'update', '{}', "
            "now(), 0, 'none', 'processing', 'worker-a', now())", PERSON)

        # The second webhook call of the same person, on another process's connection.
        second = asyncio.create_task(inbox.store_and_claim(
            db, [NewItem("telegram", "u2", PERSON, "update", {"text": "ثانياً"})], worker="worker-b", limit=8))
        await asyncio.sleep(0.5)
        assert not second.done(), "the second writer waits for the first one's commit"
        await transaction.commit()
        stored = await asyncio.wait_for(second, 30)
    finally:
        await first_writer.close()

    assert stored.claimed == [], "worker-b may not handle the second message while the first is open"
    async with db.reading() as session:
        states = dict((await session.execute(
            select(InboxItem.platform_key, InboxItem.state).where(InboxItem.person_key == PERSON))).all())
    assert states == {"u1": "processing", "u2": "pending"}
