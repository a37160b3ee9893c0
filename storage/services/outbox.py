"""Queue work that is not a direct reply (promotions, reminders, surveys, broadcasts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Delivery


async def enqueue(
    session: AsyncSession,
    *,
    purpose: str,
    kind: str,
    contact_id: int,
    payload: dict[str, Any] | None = None,
    due_at: datetime | None = None,
    broadcast_id: int | None = None,
) -> bool:
    """Queue one delivery; a second call with the same (purpose, contact) is a no-op.

    Returns True when a new row was queued.
    """
    values = {
        "purpose": purpose,
        "kind": kind,
        "contact_id": contact_id,
        "payload": payload or {},
        "due_at": due_at or utcnow(),
        "broadcast_id": broadcast_id,
        "state": "pending",
        "attempts": 0,
        "created_at": utcnow(),
    }
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Delivery).values(**values).on_conflict_do_nothing(
        index_elements=["purpose", "contact_id"]
    )
    result = await session.execute(statement)
    return bool(result.rowcount)


async def enqueue_many(session: AsyncSession, rows: list[dict[str, Any]], *, chunk: int = 500) -> int:
    """Queue many deliveries (dicts with purpose, kind, contact_id, payload, optional due_at) in
    multi-row inserts; rows already queued are skipped. Returns how many were new."""
    now = utcnow()
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    queued = 0
    for start in range(0, len(rows), chunk):
        values = [
            {"purpose": row["purpose"], "kind": row["kind"], "contact_id": row["contact_id"],
             "payload": row.get("payload") or {}, "due_at": row.get("due_at") or now,
             "broadcast_id": row.get("broadcast_id"), "state": "pending", "attempts": 0, "created_at": now}
            for row in rows[start:start + chunk]
        ]
        statement = insert(Delivery).values(values).on_conflict_do_nothing(index_elements=["purpose", "contact_id"])
        queued += (await session.execute(statement)).rowcount or 0
    return queued
