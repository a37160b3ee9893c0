"""Idempotency of inbound platform updates: the same update key has its effect once."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import ProcessedUpdate


async def first_time(session: AsyncSession, channel: str, update_key: str | None) -> bool:
    """Record an update key in the caller's transaction; False when it was recorded before."""
    # One INSERT … ON CONFLICT DO NOTHING: cheaper than a savepoint, and safe between workers.
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(ProcessedUpdate).values(
        channel=channel, update_key=update_key, created_at=utcnow()
    ).on_conflict_do_nothing(index_elements=["channel", "update_key"])
    return bool((await session.execute(statement)).rowcount)
