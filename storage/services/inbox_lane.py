"""The inbox's hot path through the database driver itself: the writes every update pays for.

Each update costs the inbox two commits of its own (written down before it is acknowledged;
`sending` before its reply's HTTP call). Through SQLAlchemy's async session one such
transaction costs about 1 ms of CPU here; on one connection held by the worker and spoken to
through the driver (aiosqlite, asyncpg) it costs a fifth of that. So these few statements are
plain SQL, the same for SQLite and PostgreSQL (`?` placeholders become `$n` for asyncpg); every
other inbox query stays in storage.services.inbox with SQLAlchemy.

On SQLite the lane queues for the Database's write lock like every other writer. A failure drops
the held connection (the next call takes a fresh one), so a database that went away and came
back is picked up again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.db import Database

# SQLAlchemy's way of storing a naive datetime in SQLite, so both read and compare the same.
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
_INSERT = ("INSERT INTO inbox (channel, platform_key, person_key, kind, payload, received_at, state, attempts, "
           "last_error, handled_at, reply_state) VALUES {rows} ON CONFLICT (channel, platform_key) DO NOTHING "
           "RETURNING id, channel, platform_key")
_CLAIM = ("UPDATE inbox SET state = 'processing', claimed_by = ?, claimed_at = ? WHERE id IN ("
          "SELECT i.id FROM inbox AS i WHERE i.state = 'pending' AND {where} AND NOT EXISTS ("
          "SELECT 1 FROM inbox AS e WHERE e.person_key = i.person_key AND e.id < i.id AND "
          "(e.state IN ('pending', 'processing') OR e.reply_state IN ('pending', 'sending'))) "
          "ORDER BY i.id LIMIT ?{lock}) RETURNING id, channel, kind, person_key, payload, attempts")
_SENDING = ("UPDATE inbox SET reply_state = 'sending', claimed_at = ? WHERE id IN ({ids}) AND claimed_by = ? "
            "AND reply_state = 'pending' RETURNING id")
# Handled and answered: what the person wrote and who they are go; a failed row keeps both for a retry.
_SENT = ("UPDATE inbox SET reply_state = ?, replies = NULL, "
         "payload = CASE WHEN state = 'failed' THEN payload ELSE NULL END, "
         "person_key = CASE WHEN state = 'failed' THEN person_key ELSE NULL END "
         "WHERE id IN ({ids}) AND claimed_by = ? AND reply_state = 'sending' RETURNING id")
_DONE = ("UPDATE inbox SET state = 'done', handled_at = ?, last_error = NULL, {replies} "
         "WHERE id IN ({ids}) AND claimed_by = ? AND state = 'processing' RETURNING id")
# The payload stays until the replies are out: Telegram edits the message a button was on.
_WITH_REPLIES = "reply_state = 'pending', replies = ?"
_WITHOUT_REPLIES = "reply_state = 'none', replies = NULL, payload = NULL, person_key = NULL"


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class _Statements:
    """Runs SQL with `?` placeholders on the driver connection of one transaction."""

    def __init__(self, driver: Any, postgres: bool) -> None:
        self.driver = driver
        self.postgres = postgres

    def _sql(self, sql: str) -> str:
        if not self.postgres:
            return sql
        parts = sql.split("?")
        return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))

    def time(self, value: datetime) -> Any:
        """A naive UTC datetime as the column stores it."""
        return value if self.postgres else value.strftime(_SQLITE_TIME)

    async def fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        """Rows of a statement (RETURNING): one round trip to the driver."""
        if self.postgres:
            return [tuple(row) for row in await self.driver.fetch(self._sql(sql), *params)]
        # aiosqlite runs each call in its thread: execute and fetch in one hop, not three.
        return [tuple(row) for row in await self.driver.execute_fetchall(sql, tuple(params))]


class InboxLane:
    """One connection for the inbox's hot-path writes (use `async with lane.transaction()`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.postgres = not db.is_sqlite
        self._connection: Any = None
        self._driver: Any = None
        # PostgreSQL: one transaction at a time on the held connection (SQLite queues on the write lock).
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        """Hand the connection back to the pool."""
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            await connection.close()

    async def _reset(self) -> None:
        connection, self._connection, self._driver = self._connection, None, None
        if connection is not None:
            try:
                await connection.invalidate()
                await connection.close()
            except Exception:  # noqa: BLE001 - it is broken already; a fresh one comes next time
                pass

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Statements]:
        """One transaction on the held connection, committed when the block ends without error."""
        lock = self.db._write_lock or self._lock  # noqa: SLF001 - SQLite writers queue on the Database's lock
        async with lock:
            try:
                if self._driver is None:
                    self._connection = await self.db.engine.connect()
                    self._driver = (await self._connection.get_raw_connection()).driver_connection
                statements = _Statements(self._driver, self.postgres)
                if self.postgres:
                    async with self._driver.transaction():
                        yield statements
                    return
                await self._driver.execute_fetchall("BEGIN IMMEDIATE")
                try:
                    yield statements
                except BaseException:
                    await self._driver.rollback()
                    raise
                await self._driver.commit()
            except BaseException:
                await self._reset()
                raise


async def insert_items(statements: _Statements, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """INSERT … ON CONFLICT DO NOTHING; the ids of the rows added, by (channel, platform key)."""
    columns = ("channel", "platform_key", "person_key", "kind", "payload", "received_at", "state", "attempts",
               "last_error", "handled_at", "reply_state")
    params: list[Any] = []
    for row in rows:
        for column in columns:
            value = row[column]
            if column == "payload":
                value = None if value is None else json.dumps(value, ensure_ascii=False)
            elif isinstance(value, datetime):
                value = statements.time(value)
            params.append(value)
    one = f"({_marks(len(columns))})"
    added = await statements.fetch(_INSERT.format(rows=", ".join([one] * len(rows))), params)
    return {(channel, key): item_id for item_id, channel, key in added}


async def claim_rows(statements: _Statements, worker: str, limit: int, *, channels: Iterable[str] | None = None,
                     only: Iterable[int] | None = None) -> list[tuple[Any, ...]]:
    """Claim up to `limit` rows, the earliest open one per person.

    Returns (id, channel, kind, person_key, payload, attempts) in id order.
    """
    where: list[str] = ["1 = 1"]
    params: list[Any] = [worker, statements.time(utcnow())]
    for column, values in (("i.channel", channels), ("i.id", only)):
        if values is not None:
            values = list(values)
            where.append(f"{column} IN ({_marks(len(values))})" if values else "1 = 0")
            params += values
    params.append(limit)
    lock = " FOR UPDATE OF i SKIP LOCKED" if statements.postgres else ""
    rows = await statements.fetch(_CLAIM.format(where=" AND ".join(where), lock=lock), params)
    return sorted((r[0], r[1], r[2], r[3], json.loads(r[4]) if isinstance(r[4], str) else r[4], r[5]) for r in rows)


async def mark_sending(statements: _Statements, worker: str, ids: Iterable[int]) -> set[int]:
    """pending → sending; the ids that were this worker's to send."""
    ids = list(ids)
    if not ids:
        return set()
    rows = await statements.fetch(_SENDING.format(ids=_marks(len(ids))),
                                  [statements.time(utcnow()), *ids, worker])
    return {row[0] for row in rows}


async def mark_sent(statements: _Statements, worker: str, outcomes: dict[int, str]) -> int:
    """sending → sent / failed for each row, dropping the replies, the payload and who wrote it."""
    changed = 0
    for outcome in sorted(set(outcomes.values())):
        ids = [item_id for item_id, state in outcomes.items() if state == outcome]
        changed += len(await statements.fetch(_SENT.format(ids=_marks(len(ids))), [outcome, *ids, worker]))
    return changed


async def mark_done(session: AsyncSession, worker: str, ids: list[int], replies: list[Any] | None) -> int:
    """In the caller's SQLAlchemy transaction (the item's effects): processing → done, with the replies.

    Sent through the driver connection under that transaction: the same commit, a fraction of
    the cost. Returns the rows changed (fewer than `ids` means another worker took one over).
    """
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    statements = _Statements(raw.driver_connection, connection.dialect.name == "postgresql")
    params: list[Any] = [statements.time(utcnow())]
    if replies:
        params.append(json.dumps(replies, ensure_ascii=False))
    params += [*ids, worker]
    sql = _DONE.format(replies=_WITH_REPLIES if replies else _WITHOUT_REPLIES, ids=_marks(len(ids)))
    return len(await statements.fetch(sql, params))
