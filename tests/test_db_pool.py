"""A busy bot keeps its database connections instead of closing and reopening them."""

from __future__ import annotations

import asyncio

from sqlalchemy import event, text

from storage.db import POOL_SIZE, Database


def _count_connects(db: Database) -> list[int]:
    opened = [0]

    @event.listens_for(db.engine.sync_engine.pool, "connect")
    def _opened(_dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        opened[0] += 1

    return opened


async def _wave(db: Database, people: int) -> None:
    """`people` conversations reading at the same time, each holding a connection meanwhile."""
    all_in = asyncio.Event()
    inside = [0]

    async def one() -> None:
        async with db.reading() as session:
            await session.execute(text("SELECT 1"))
            inside[0] += 1
            if inside[0] == people:
                all_in.set()
            await all_in.wait()

    await asyncio.wait_for(asyncio.gather(*(one() for _ in range(people))), timeout=30)


async def test_a_second_busy_minute_opens_no_new_connections(db: Database) -> None:
    await db.engine.dispose()
    opened = _count_connects(db)
    people = POOL_SIZE - 5  # the inbox's lanes at once, with room for the sender and the scheduler
    await _wave(db, people)
    first = opened[0]
    assert first == people
    for _ in range(3):
        await _wave(db, people)
    assert opened[0] == first, "connections were closed after the rush and opened again"


async def test_one_conversation_at_a_time_reuses_one_connection(db: Database) -> None:
    await _wave(db, 8)
    used: set[int] = set()

    @event.listens_for(db.engine.sync_engine.pool, "checkout")
    def _checked_out(dbapi_connection, _record, _proxy) -> None:  # type: ignore[no-untyped-def]
        used.add(id(dbapi_connection))

    for _ in range(5):
        async with db.transaction() as session:
            await session.execute(text("SELECT 1"))
    # The warmest connection each time (LIFO): at night the others idle and are pinged before use.
    assert len(used) == 1
