"""The inbox: every inbound item is written down here before the platform is told it arrived.

Life of a row: stored `pending` (by a webhook before its 200, by polling before the next offset)
→ claimed `processing` by one worker, in arrival order per person → `done` in the transaction of
its effects, together with the replies it decided (`reply_state` pending) → after the commit the
replies go out: `sending` just before the HTTP call, `sent` (or `failed`) after it. A crash leaves
`pending` replies (sent once by whoever takes the row back) or `sending` ones (`unknown`: they may
have gone out, so they are never sent again). An item that cannot be read, or whose handler keeps
failing, ends `failed` and waits for an operator (`musharaka inbox failed|retry`).

Every change to a claimed row is conditional on the claim (`claimed_by`), so a worker whose row
was taken over by another changes nothing. Payloads are dropped once handled; done rows and the
idempotency keys go after the retention period.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import case, null, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, InboxItem
from storage.services import contact_state
from storage.services import inbox_lane as lane_sql
from storage.services.inbox_lane import InboxLane

PENDING, PROCESSING, DONE, FAILED = "pending", "processing", "done", "failed"
NO_REPLY, REPLY_PENDING, SENDING, SENT = "none", "pending", "sending", "sent"
UNKNOWN, REPLY_FAILED = "unknown", "failed"
OPEN_STATES = (PENDING, PROCESSING)
OPEN_REPLIES = (REPLY_PENDING, SENDING)
DEFAULT_RETENTION_DAYS = 7
ERROR_LIMIT = 300

T = TypeVar("T")
_T = InboxItem.__table__
_C = _T.c


class LostClaim(Exception):
    """The row is no longer this worker's: another worker took it over; nothing was changed."""


@dataclass(frozen=True, slots=True)
class NewItem:
    """One inbound item to write down: a Telegram update, a WhatsApp message or status."""

    channel: str
    platform_key: str
    person_key: str | None
    kind: str
    payload: dict[str, Any] | None
    # Set when the item could not be read at all: it is stored `failed` with this error.
    error: str | None = None
    # What the channel already parsed (e.g. PTB's Update), handed to the worker; never stored.
    context: Any = field(default=None, compare=False)


@dataclass(slots=True)
class Claimed:
    """A row this worker holds: to handle (state processing) or whose replies it sends."""

    id: int
    channel: str
    kind: str
    person_key: str | None
    payload: Any
    attempts: int
    worker: str
    # Only for rows taken back with replies still to send: the recorded replies (JSON).
    replies: list[Any] | None = None
    # What the channel parsed when the item arrived (only for rows claimed as they were stored).
    context: Any = None
    # Set by the channel before handling, recorded with the replies (see InboxItem.reply_to).
    reply_to: dict[str, Any] | None = None
    # The replies were marked `sending` already, right after the commit that recorded them
    # (SQLite, in the same trip: see inbox_lane.mark_done); the worker sends them at once.
    sending: bool = False

    @property
    def external_id(self) -> str | None:
        """The person's id on the channel (the part of person_key after "channel:")."""
        if not self.person_key:
            return None
        return self.person_key.partition(":")[2] or None


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


def error_text(error: BaseException) -> str:
    """A short description of an error for the row and the operator: its type and first line.

    SQL parameters and long digit runs (phone numbers, ids) are left out: errors are shown to
    operators and must not carry what people wrote.
    """
    message = str(error).split("\n", 1)[0].split("[SQL:", 1)[0].strip()
    message = re.sub(r"\d{6,}", "…", message)
    if isinstance(error, SQLAlchemyError):
        # A driver's message can quote the values it was given: keep its first words only.
        orig = getattr(error, "orig", None)
        first = re.split(r"[:\n]", str(orig), maxsplit=1)[0][:80] if orig is not None else ""
        message = f"{type(orig).__name__}: {first}" if orig is not None else ""
    described = f"{type(error).__name__}: {message}" if message else type(error).__name__
    return described[:ERROR_LIMIT]


def database_unavailable(error: BaseException) -> bool:
    """Whether an error means the database could not be reached (retry later, not the item's fault)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (OperationalError, InterfaceError, PoolTimeout, OSError, TimeoutError)):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if _driver_connection_error(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _driver_connection_error(error: BaseException) -> bool:
    # The inbox lane talks to the drivers directly: their own "connection lost" errors.
    if isinstance(error, sqlite3.OperationalError):
        return True
    try:
        import asyncpg
    except ImportError:
        return False
    return isinstance(error, (asyncpg.exceptions.PostgresConnectionError, asyncpg.exceptions.InterfaceError,
                              asyncpg.exceptions.CannotConnectNowError, asyncpg.exceptions.TooManyConnectionsError))


async def database_reachable(db: Database, timeout: float = 2.0) -> bool:
    """A cheap SELECT 1 with a short timeout (a read: on SQLite it does not wait for writers)."""

    async def ping() -> None:
        async with db.reading() as session:
            await session.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(ping(), timeout)
    except Exception:  # noqa: BLE001 - whatever the failure, the answer is "not reachable"
        return False
    return True


# --- writing items down -----------------------------------------------------------------------------


async def store(db: Database, items: Iterable[NewItem]) -> int:
    """Commit items (one transaction); a platform key already stored is skipped. Returns rows added."""
    return len((await store_and_claim(db, list(items))).added)


@dataclass(slots=True)
class Stored:
    """What store_and_claim did: the ids of the rows added, and those of them the worker now holds."""

    added: list[int]
    claimed: list[Claimed]


async def _run(db: Database, lane: InboxLane | None, make_plan: Callable[[bool], lane_sql.Plan[T]]) -> T:
    """A plan on the worker's lane, or on a lane of its own for a one-off call."""
    if lane is not None:
        return await lane.run(make_plan)
    own = InboxLane(db)
    try:
        return await own.run(make_plan)
    finally:
        await own.close()


async def store_and_claim(db: Database, items: list[NewItem], *, worker: str | None = None, limit: int = 0,
                          sent: dict[int, str] | None = None, lane: InboxLane | None = None) -> Stored:
    """Commit items in one transaction and, for a running worker, claim what it may handle at once.

    Rows claimed here skip a claim transaction of their own: the worker handles them straight
    away (from the items in memory). Outcomes of replies `worker` sent meanwhile (`sent`) are
    recorded in the same transaction.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    by_key: dict[tuple[str, str], NewItem] = {}
    now = utcnow()
    for item in items:
        key = (item.channel, item.platform_key)
        if key in rows:
            continue
        by_key[key] = item
        rows[key] = {
            "channel": item.channel, "platform_key": item.platform_key, "person_key": item.person_key,
            "kind": item.kind, "payload": item.payload, "received_at": now,
            "state": FAILED if item.error else PENDING, "attempts": 0, "last_error": item.error,
            "handled_at": now if item.error else None, "reply_state": NO_REPLY,
        }

    def claimable(key: tuple[str, str]) -> bool:
        return not by_key[key].error

    added, claimed_ids = await _run(db, lane, lambda postgres: lane_sql.store_plan(
        list(rows.values()), worker, limit, claimable, sent, postgres))
    claimed = [Claimed(item_id, by_key[key].channel, by_key[key].kind, by_key[key].person_key, by_key[key].payload,
                       0, worker, context=by_key[key].context)
               for key, item_id in added.items() if item_id in claimed_ids and worker]
    return Stored(sorted(added.values()), sorted(claimed, key=lambda c: c.id))


# --- handling ---------------------------------------------------------------------------------------------


async def claim(db: Database, worker: str, limit: int, channels: Iterable[str],
                *, sent: dict[int, str] | None = None, lane: InboxLane | None = None) -> list[Claimed]:
    """Take up to `limit` pending rows, the earliest open one per person, for `worker`.

    A row waits while an earlier row of the same person is pending or processing or still has
    replies to send, so one person's messages are handled — and answered — in arrival order.
    On PostgreSQL rows another worker is claiming are skipped (FOR UPDATE SKIP LOCKED).
    """
    if limit <= 0:
        return []
    rows = await _run(db, lane, lambda postgres: lane_sql.claim_plan(worker, limit, list(channels), None, sent,
                                                                    postgres))
    return [Claimed(*row, worker) for row in rows]


async def finish(session: AsyncSession, item: Claimed, replies: list[Any] | None,
                 contact: Contact | None = None, *, last: bool = False) -> None:
    """Inside the transaction of the item's effects: mark it done with the replies to send.

    With `contact`, a change of its conversation state alone is written in the same statement
    (storage.services.contact_state). `last` promises that nothing else is written in this
    transaction: on SQLite the COMMIT may then go with this write. Raises LostClaim (so the
    caller's transaction rolls back) when the row is no longer ours.
    """
    change = None if contact is None else contact_state.take_state_change(contact)
    # With nothing else for the ORM to write either, the commit can go with the write.
    last = last and contact_state.nothing_else_pending(session, contact)
    changed, item.sending = await lane_sql.mark_done(session, item.worker, [item.id], replies, item.reply_to,
                                                     state=change, last=last)
    if changed != 1:
        raise LostClaim(str(item.id))
    if change is not None:
        contact_state.settle(contact, change[1])


async def finish_many(session: AsyncSession, items: list[Claimed], replies: list[Any] | None = None) -> None:
    """Mark several claimed rows done in the caller's transaction (statuses: no replies)."""
    if not items:
        return
    changed, _ = await lane_sql.mark_done(session, items[0].worker, [i.id for i in items], replies,
                                          items[0].reply_to)
    if changed != len(items):
        raise LostClaim(", ".join(str(i.id) for i in items))


async def retry_later(db: Database, item: Claimed, error: str | None, *, counted: bool) -> bool:
    """Put a claimed row back to pending after its handling failed; False if it was not ours."""
    values: dict[str, Any] = {"state": PENDING, "claimed_by": None, "claimed_at": None}
    if error is not None:
        values["last_error"] = error[:ERROR_LIMIT]
    if counted:
        values["attempts"] = _C.attempts + 1
    async with db.transaction() as session:
        result = await session.execute(
            update(_T).where(_C.id == item.id, _C.claimed_by == item.worker, _C.state == PROCESSING).values(**values)
        )
    return result.rowcount == 1


async def fail(db: Database, item: Claimed, error: str, replies: list[Any] | None = None) -> bool:
    """Set a claimed row aside as failed (its payload stays for a retry); optionally with a reply to send."""
    values: dict[str, Any] = {"state": FAILED, "last_error": error[:ERROR_LIMIT], "attempts": _C.attempts + 1,
                              "handled_at": utcnow()}
    if replies:
        values |= {"reply_state": REPLY_PENDING, "replies": replies}
    async with db.transaction() as session:
        result = await session.execute(
            update(_T).where(_C.id == item.id, _C.claimed_by == item.worker, _C.state == PROCESSING).values(**values)
        )
    return result.rowcount == 1


# --- replies ----------------------------------------------------------------------------------------------


async def start_sending(db: Database, item_id: int, worker: str) -> bool:
    """Just before the HTTP call: pending → sending. False when the replies are not ours to send."""
    return item_id in await start_sending_many(db, worker, [item_id])


async def start_sending_many(db: Database, worker: str, ids: Iterable[int], sent: dict[int, str] | None = None,
                             *, lane: InboxLane | None = None) -> set[int]:
    """pending → sending for several rows in one transaction (and record `sent`); the ids now sending."""
    ids = list(ids)
    return await _run(db, lane, lambda postgres: lane_sql.sending_plan(worker, ids, sent, postgres))


async def end_sending(db: Database, item_id: int, worker: str, outcome: str) -> bool:
    """After the HTTP call: sending → sent (or failed); the replies and who wrote go."""
    return await record_sent(db, worker, {item_id: outcome}) == 1


async def record_sent(db: Database, worker: str, outcomes: dict[int, str], *, lane: InboxLane | None = None) -> int:
    """sending → sent / failed for each row; returns the rows changed.

    A worker records outcomes together with its next write, so a reply costs one transaction of
    its own (`sending`, which must be committed before the HTTP call), not two.
    """
    return await _run(db, lane, lambda postgres: lane_sql.sent_plan(worker, dict(outcomes), postgres))


def forget() -> dict[str, Any]:
    # Answered: who wrote goes (what they wrote went when it was handled). A failed row keeps
    # both for `musharaka inbox retry` (its place in the person's order, its reply).
    values = {column: case((_C.state == FAILED, _C[column]), else_=null()) for column in ("payload", "person_key")}
    return values | {"reply_to": null()}


async def heartbeat(db: Database, worker: str, ids: Iterable[int]) -> None:
    """Refresh the claim time of the rows this worker is busy with, so no one takes them over."""
    ids = list(ids)
    if not ids:
        return
    async with db.transaction() as session:
        await session.execute(update(_T).where(_C.id.in_(ids), _C.claimed_by == worker).values(claimed_at=utcnow()))


