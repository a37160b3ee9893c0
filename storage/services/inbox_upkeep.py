"""Looking after the inbox: taking back rows of workers that died, retention, the operator's view.

Recovery: rows held by a worker that is gone are handed on — handled again if they were being
handled, their pending replies sent once, replies that were on the wire recorded `unknown` (never
sent twice). Retention: done rows and idempotency keys go after INBOX_RETENTION_DAYS; failed rows
stay until an operator retries them (`musharaka inbox failed|retry`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, null, select, update

from storage.clock import utcnow
from storage.db import Database
from storage.models import InboxItem, ProcessedUpdate
from storage.services.inbox import (
    DEFAULT_RETENTION_DAYS,
    DONE,
    FAILED,
    NO_REPLY,
    OPEN_REPLIES,
    PENDING,
    PROCESSING,
    REPLY_PENDING,
    SENDING,
    UNKNOWN,
    Claimed,
    forget,
)

# Rows deleted per statement by the retention job, so it never holds the database for long.
PRUNE_CHUNK = 1000

_T = InboxItem.__table__
_C = _T.c


@dataclass(frozen=True, slots=True)
class OpenRow:
    """A row some worker holds: still being handled, or with replies not yet confirmed sent."""

    id: int
    channel: str
    claimed_by: str | None
    claimed_at: datetime | None
    state: str
    reply_state: str


@dataclass(frozen=True, slots=True)
class FailedRow:
    """What an operator sees of a failed item: no message text, no phone number."""

    id: int
    channel: str
    kind: str
    received_at: datetime
    attempts: int
    last_error: str | None


# --- recovery ---------------------------------------------------------------------------------------------


async def open_rows(db: Database, channels: Iterable[str]) -> list[OpenRow]:
    """Rows held by some worker: being handled, or with replies not yet confirmed sent."""
    columns = (_C.id, _C.channel, _C.claimed_by, _C.claimed_at, _C.state, _C.reply_state)
    # Two index searches: the state index, and person_key (kept only until a row is answered, so
    # `>= ''` walks the few open rows; SQLite uses no index for IS NOT NULL or for the OR of both).
    handling = select(*columns).where(_C.state == PROCESSING)
    replying = select(*columns).where(_C.person_key >= "", _C.reply_state.in_(OPEN_REPLIES))
    wanted = set(channels)
    async with db.reading() as session:
        rows = {r.id: r for query in (handling, replying) for r in (await session.execute(query)).all()}
    return [OpenRow(r.id, r.channel, r.claimed_by, r.claimed_at, r.state, r.reply_state)
            for _, r in sorted(rows.items()) if r.channel in wanted]


async def take_back(db: Database, worker: str, rows: Iterable[OpenRow]) -> list[int]:
    """Take over rows whose worker is gone: handle them again, send their pending replies once,
    and record replies that were on the wire as `unknown` (never resent).

    Returns the ids whose pending replies `worker` now holds and must send.
    """
    mine: list[int] = []
    now = utcnow()
    async with db.transaction() as session:
        for row in rows:
            held = _C.claimed_by.is_(None) if row.claimed_by is None else _C.claimed_by == row.claimed_by
            if row.state == PROCESSING:
                await session.execute(update(_T).where(_C.id == row.id, held, _C.state == PROCESSING)
                                      .values(state=PENDING, claimed_by=None, claimed_at=None))
            elif row.reply_state == SENDING:
                await session.execute(update(_T).where(_C.id == row.id, held, _C.reply_state == SENDING)
                                      .values(reply_state=UNKNOWN, replies=null(), **forget()))
            elif row.reply_state == REPLY_PENDING:
                result = await session.execute(update(_T).where(_C.id == row.id, held, _C.reply_state == REPLY_PENDING)
                                               .values(claimed_by=worker, claimed_at=now))
                if result.rowcount == 1:
                    mine.append(row.id)
    return mine


async def load_for_sending(db: Database, worker: str, ids: list[int]) -> list[Claimed]:
    """The rows (with their recorded replies) whose pending replies `worker` took over."""
    if not ids:
        return []
    async with db.reading() as session:
        rows = (await session.execute(
            select(_C.id, _C.channel, _C.kind, _C.person_key, _C.payload, _C.attempts, _C.replies, _C.reply_to)
            .where(_C.id.in_(ids), _C.claimed_by == worker, _C.reply_state == REPLY_PENDING).order_by(_C.id)
        )).all()
    return [Claimed(r.id, r.channel, r.kind, r.person_key, r.payload, r.attempts, worker, r.replies or [],
                    reply_to=r.reply_to)
            for r in rows]


# --- retention and the operator -----------------------------------------------------------------------------


async def prune(db: Database, days: int = DEFAULT_RETENTION_DAYS, now: datetime | None = None) -> tuple[int, int]:
    """Delete done rows and idempotency keys older than `days`; returns (inbox rows, keys) deleted.

    Failed rows stay until an operator retries them.
    """
    cutoff = (now or utcnow()) - timedelta(days=days)
    old_rows = (select(_C.id).where(_C.state == DONE, _C.received_at < cutoff, _C.reply_state.not_in(OPEN_REPLIES))
                .limit(PRUNE_CHUNK))
    keys = ProcessedUpdate.__table__
    old_keys = select(keys.c.id).where(keys.c.created_at < cutoff).limit(PRUNE_CHUNK)
    return await _delete_in_chunks(db, _T, old_rows), await _delete_in_chunks(db, keys, old_keys)


async def _delete_in_chunks(db: Database, table, chosen) -> int:  # type: ignore[no-untyped-def]
    total = 0
    while True:
        async with db.transaction() as session:
            ids = list(await session.scalars(chosen))
            if ids:
                await session.execute(delete(table).where(table.c.id.in_(ids)))
        total += len(ids)
        if len(ids) < PRUNE_CHUNK:
            return total


async def list_failed(db: Database) -> list[FailedRow]:
    """Failed rows, oldest first."""
    async with db.reading() as session:
        rows = (await session.execute(
            select(_C.id, _C.channel, _C.kind, _C.received_at, _C.attempts, _C.last_error)
            .where(_C.state == FAILED).order_by(_C.id)
        )).all()
    return [FailedRow(r.id, r.channel, r.kind, r.received_at, r.attempts, r.last_error) for r in rows]


async def retry(db: Database, item_id: int) -> bool:
    """Set one failed row back to pending (handled again by the next worker poll); False if no such row."""
    async with db.transaction() as session:
        result = await session.execute(
            update(_T).where(_C.id == item_id, _C.state == FAILED, _C.reply_state != SENDING)
            .values(state=PENDING, attempts=0, claimed_by=None, claimed_at=None, handled_at=None,
                    reply_state=NO_REPLY, replies=null())
        )
    return result.rowcount == 1


async def counts(db: Database) -> dict[str, int]:
    """How many rows are in each state (for tests and operators)."""
    async with db.reading() as session:
        rows = (await session.execute(select(_C.state, func.count()).group_by(_C.state))).all()
    return {state: count for state, count in rows}
