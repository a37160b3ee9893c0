"""Queue work that is not a direct reply (promotions, reminders, surveys, broadcasts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Contact, Delivery, Event, Identity, Registration

_DELIVERIES = Delivery.__table__


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


# --- what the sender reads (scheduler/sender.py) -------------------------------------------------


async def claim_due(session: AsyncSession, worker_id: str, now: datetime, lease_seconds: float,
                    limit: int) -> list[Row]:
    """Claim up to `limit` due rows for `worker_id` in one statement (rows left claimed longer than
    the lease are taken over); returns them, every column, in due order. They stay `pending`."""
    table = _DELIVERIES
    stale = now - timedelta(seconds=lease_seconds)
    due = (
        select(table.c.id)
        .where(table.c.state == "pending", table.c.due_at <= now,
               or_(table.c.claimed_at.is_(None), table.c.claimed_at <= stale))
        .order_by(table.c.due_at, table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL: two workers never pick the same row
    )
    statement = (update(table).where(table.c.id.in_(due.scalar_subquery()))
                 .values(claimed_by=worker_id, claimed_at=now).returning(*table.c))
    rows = (await session.execute(statement)).all()
    # RETURNING keeps no order.
    return sorted(rows, key=lambda row: (row.due_at, row.id))


async def reachable_identities(session: AsyncSession, contact_ids: set[int]) -> dict[int, list[Identity]]:
    """The reachable identities of these contacts, by contact, in one query."""
    if not contact_ids:
        return {}
    identities: dict[int, list[Identity]] = {}
    query = select(Identity).where(Identity.contact_id.in_(contact_ids), Identity.unreachable.is_(False))
    for identity in (await session.scalars(query)).all():
        identities.setdefault(identity.contact_id, []).append(identity)
    return identities


async def preload_for_rendering(session: AsyncSession, rows: Sequence[Row]) -> list[object]:
    """Load what rendering these outbox rows reads by primary key (contacts, registrations, events)
    in three queries, so each renderer's session.get() is an identity-map hit. Keep the returned
    list while rendering: the identity map holds its objects only weakly."""
    if not rows:
        return []
    loaded: list[object] = list(
        (await session.scalars(select(Contact).where(Contact.id.in_({d.contact_id for d in rows})))).all())
    registration_ids = {_int(d.payload.get("registration_id")) for d in rows} - {None}
    registrations = (await session.scalars(
        select(Registration).where(Registration.id.in_(registration_ids)))).all() if registration_ids else []
    event_ids = ({_int(d.payload.get("event_id")) for d in rows} | {r.event_id for r in registrations}) - {None}
    if event_ids:
        loaded.extend((await session.scalars(select(Event).where(Event.id.in_(event_ids)))).all())
    return loaded + list(registrations)


class RenderSession(AsyncSession):
    """A session for rendering outbox rows: get() of a row already in the identity map is answered at once.

    AsyncSession.get runs every call in a greenlet even when the object is in the identity map;
    the renderers get each delivery's contact, registration and event by id, which
    preload_for_rendering loaded for the whole batch. A miss, an expired row or options go the usual way.
    """

    async def get(self, entity: Any, ident: Any, **kwargs: Any) -> Any:  # noqa: D102 - AsyncSession.get
        if not kwargs and type(ident) is int:
            mapper = getattr(entity, "__mapper__", None)
            if mapper is not None:
                found = self.sync_session.identity_map.get(mapper.identity_key_from_primary_key((ident,)))
                if found is not None and not found._sa_instance_state.expired:  # noqa: SLF001
                    return found
        return await super().get(entity, ident, **kwargs)


def _int(value: object) -> int | None:
    """A payload id as an int (None when absent or not a number)."""
    try:
        return int(value) if value is not None else None  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
