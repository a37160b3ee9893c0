"""The inbox's hot path through the database driver itself: the writes every update pays for.

Each update costs the inbox two commits of its own (written down before it is acknowledged;
`sending` before its reply's HTTP call). Through SQLAlchemy's async session such a transaction
costs about 1 ms of CPU on a busy 2-core machine; on one connection held by the worker and
spoken to through the driver it costs a fraction of that. So these few statements are plain SQL,
the same for SQLite and PostgreSQL (`?` placeholders become `$n` for asyncpg); every other inbox
query stays in storage.services.inbox with SQLAlchemy.

The work is a *plan*: a generator that yields (sql, params) and receives the rows. No plan needs
its statements to be atomic with each other (a row written down but not yet claimed is simply
pending). On PostgreSQL each statement is awaited on asyncpg and commits on its own; on SQLite the
whole plan runs in one transaction, BEGIN IMMEDIATE to COMMIT, in aiosqlite's own thread in one
trip (every trip to that thread costs a thread hand-over, more than the SQL itself), queued on
the Database's write lock like every other writer. A failure drops the held connection (the next
call takes a fresh one), so a database that went away and came back is picked up again.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from storage import sqlite_trips
from storage.clock import utcnow
from storage.db import Database

T = TypeVar("T")
Rows = list[tuple[Any, ...]]
# A transaction's statements: yields (sql, params), receives the rows, returns the result.
Plan = Generator[tuple[str, Sequence[Any]], Rows, T]

# SQLAlchemy's way of storing a naive datetime in SQLite, so both read and compare the same.
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
_COLUMNS = ("channel", "platform_key", "person_key", "kind", "payload", "received_at", "attempts", "last_error",
            "handled_at", "reply_state", "state", "claimed_by", "claimed_at")
_INSERT = (f"INSERT INTO inbox ({', '.join(_COLUMNS)}) VALUES {{rows}} ON CONFLICT (channel, platform_key) "
           "DO NOTHING RETURNING id, channel, platform_key, state")
_OPEN_ROW = ("EXISTS (SELECT 1 FROM inbox WHERE person_key = ? AND (state IN ('pending', 'processing') "
             "OR reply_state IN ('pending', 'sending')))")
# Written down already claimed by the worker, unless an earlier row of the person is still open.
# ({time}: PostgreSQL cannot tell the type of a parameter inside CASE; SQLite must not cast it.)
_CLAIMED_AT_ONCE = (f"CASE WHEN {_OPEN_ROW} THEN 'pending' ELSE 'processing' END, "
                    f"CASE WHEN {_OPEN_ROW} THEN NULL ELSE ? END, CASE WHEN {_OPEN_ROW} THEN NULL ELSE {{time}} END")
# PostgreSQL: two processes writing down the same person's messages at the same instant would each
# miss the other's uncommitted row and both claim theirs. inbox_person_open() (migration 0004) takes
# an advisory lock on the person for the statement's transaction and, being VOLATILE, then looks
# with a fresh snapshot: the second writer waits and sees the first's row. (SQLite has one writer.)
_PG_OPEN_ROW = "inbox_person_open(?)"
_PG_CLAIMED_AT_ONCE = (f"CASE WHEN {_PG_OPEN_ROW} THEN 'pending' ELSE 'processing' END, "
                       f"CASE WHEN {_PG_OPEN_ROW} THEN NULL ELSE ? END, "
                       f"CASE WHEN {_PG_OPEN_ROW} THEN NULL ELSE {{time}} END")
_CLAIM = ("UPDATE inbox SET state = 'processing', claimed_by = ?, claimed_at = ? WHERE id IN ("
          "SELECT i.id FROM inbox AS i WHERE i.state = 'pending' AND {where} AND NOT EXISTS ("
          "SELECT 1 FROM inbox AS e WHERE e.person_key = i.person_key AND e.id < i.id AND "
          "(e.state IN ('pending', 'processing') OR e.reply_state IN ('pending', 'sending'))) "
          "ORDER BY i.id LIMIT ?{lock}) RETURNING id, channel, kind, person_key, payload, attempts")
_SENDING = ("UPDATE inbox SET reply_state = 'sending', claimed_at = ? WHERE id IN ({ids}) AND claimed_by = ? "
            "AND reply_state = 'pending' RETURNING id")
# Handled and answered: what the person wrote and who they are go; a failed row keeps both for a retry.
_SENT = ("UPDATE inbox SET reply_state = ?, replies = NULL, reply_to = NULL, "
         "payload = CASE WHEN state = 'failed' THEN payload ELSE NULL END, "
         "person_key = CASE WHEN state = 'failed' THEN person_key ELSE NULL END "
         "WHERE id IN ({ids}) AND claimed_by = ? AND reply_state = 'sending' RETURNING id")
# Handled: the payload goes in the same commit (a row's later updates then rewrite a small record).
_DONE = ("UPDATE inbox SET state = 'done', handled_at = ?, last_error = NULL, payload = NULL, {replies} "
         "WHERE id IN ({ids}) AND claimed_by = ? AND state = 'processing' RETURNING id")
_WITH_REPLIES = "reply_state = 'pending', replies = ?, reply_to = ?"
_WITHOUT_REPLIES = "reply_state = 'none', replies = NULL, reply_to = NULL, person_key = NULL"


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _postgres_sql(sql: str) -> str:
    parts = sql.split("?")
    return parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))


def _time(value: datetime, postgres: bool) -> Any:
    return value if postgres else value.strftime(_SQLITE_TIME)


def _run_sqlite_plan(connection: Any, plan: Plan[T]) -> T:
    """Run a whole plan in aiosqlite's thread on its sqlite3 connection, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        request = next(plan)
        while True:
            sql, params = request
            request = plan.send([tuple(row) for row in connection.execute(sql, tuple(params)).fetchall()])
    except StopIteration as finished:
        connection.commit()
        return finished.value
    except BaseException:
        connection.rollback()
        raise


async def _run_async_plan(driver: Any, plan: Plan[T]) -> T:
    try:
        request = next(plan)
        while True:
            sql, params = request
            rows = [tuple(row) for row in await driver.fetch(_postgres_sql(sql), *params)]
            request = plan.send(rows)
    except StopIteration as finished:
        return finished.value


class InboxLane:
    """One connection for the inbox's hot-path writes (`await lane.run(plan_factory)`)."""

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

    async def run(self, make_plan: Callable[[bool], Plan[T]]) -> T:
        """Run the plan `make_plan(postgres)` in one transaction on the held connection."""
        lock = self.db._write_lock or self._lock  # noqa: SLF001 - SQLite writers queue on the Database's lock
        async with lock:
            try:
                if self._driver is None:
                    self._connection = await self.db.engine.connect()
                    self._driver = (await self._connection.get_raw_connection()).driver_connection
                plan = make_plan(self.postgres)
                if self.postgres:
                    # Each statement commits on its own: no plan needs two of them to be atomic (a row
                    # written down but not yet claimed is simply pending), and BEGIN and COMMIT would be
                    # two more round trips to the server.
                    return await _run_async_plan(self._driver, plan)
                # aiosqlite's thread runs queued functions in order; one trip for the whole transaction.
                return await self._driver._execute(_run_sqlite_plan, self._driver._conn, plan)  # noqa: SLF001
            except BaseException:
                await self._reset()
                raise


# --- the plans ----------------------------------------------------------------------------------------------


def store_plan(rows: list[dict[str, Any]], worker: str | None, limit: int, claimable: Callable[[tuple[str, str]], bool],
               sent: dict[int, str] | None, postgres: bool) -> Plan[tuple[dict[tuple[str, str], int], set[int]]]:
    """Record `sent`, then insert the rows (a platform key already there is skipped).

    Up to `limit` rows are written already claimed by `worker` (one statement, no second write
    of the row): the first of each person, when no earlier row of that person is still open.
    Returns the ids added by (channel, platform key) and the ids claimed.
    """
    if not worker:
        sent = None
    if not rows:
        if sent:
            yield from sent_plan(worker, sent, postgres)
        return {}, set()
    now = _time(utcnow(), postgres)
    params: list[Any] = []
    values: list[str] = []
    slots = limit if worker else 0
    people: set[str] = set()
    plain = ", ".join("?" * (len(_COLUMNS) - 3))
    claimed_at_once = (_PG_CLAIMED_AT_ONCE.format(time="CAST(? AS TIMESTAMP)") if postgres
                       else _CLAIMED_AT_ONCE.format(time="?"))
    for row in rows:
        for column in _COLUMNS[:-3]:
            value = row[column]
            if column == "payload":
                value = None if value is None else json.dumps(value, ensure_ascii=False)
            elif isinstance(value, datetime):
                value = _time(value, postgres)
            params.append(value)
        person = row["person_key"]
        first = person not in people
        if person is not None:
            people.add(person)
        if slots > 0 and first and claimable((row["channel"], row["platform_key"])):
            slots -= 1
            if person is None:
                values.append(f"({plain}, 'processing', ?, ?)")
                params += [worker, now]
            else:
                values.append(f"({plain}, {claimed_at_once})")
                params += [person, person, worker, person, now]
        else:
            values.append(f"({plain}, ?, NULL, NULL)")
            params.append(row["state"])
    inserted = yield from _after_sent(worker, sent, postgres, _INSERT.format(rows=", ".join(values)), params)
    added = {(channel, key): item_id for item_id, channel, key, _ in inserted}
    return added, {item_id for item_id, _, _, state in inserted if state == "processing"}


def claim_plan(worker: str, limit: int, channels: Iterable[str] | None, only: Iterable[int] | None,
               sent: dict[int, str] | None, postgres: bool) -> Plan[Rows]:
    """Record `sent`, then claim up to `limit` rows, the earliest open one per person.

    Returns (id, channel, kind, person_key, payload, attempts) rows in id order.
    """
    where: list[str] = ["1 = 1"]
    params: list[Any] = [worker, _time(utcnow(), postgres)]
    for column, values in (("i.channel", channels), ("i.id", only)):
        if values is not None:
            values = list(values)
            where.append(f"{column} IN ({_marks(len(values))})" if values else "1 = 0")
            params += values
    params.append(limit)
    lock = " FOR UPDATE OF i SKIP LOCKED" if postgres else ""
    if sent:
        # Not in the claim's own statement: it must see these replies out to claim the person's next row.
        yield from sent_plan(worker, sent, postgres)
    rows = yield _CLAIM.format(where=" AND ".join(where), lock=lock), params
    return sorted((r[0], r[1], r[2], r[3], json.loads(r[4]) if isinstance(r[4], str) else r[4], r[5]) for r in rows)


def sending_plan(worker: str, ids: Iterable[int], sent: dict[int, str] | None, postgres: bool) -> Plan[set[int]]:
    """Record `sent`, then pending → sending; the ids that were this worker's to send."""
    ids = list(ids)
    if not ids:
        if sent:
            yield from sent_plan(worker, sent, postgres)
        return set()
    rows = yield from _after_sent(worker, sent, postgres, _SENDING.format(ids=_marks(len(ids))),
                                  [_time(utcnow(), postgres), *ids, worker])
    return {row[0] for row in rows}


def _after_sent(worker: str | None, sent: dict[int, str] | None, postgres: bool, sql: str, params: list[Any]
                ) -> Plan[Rows]:
    """Record `sent` (replies out: sending → sent / failed), then run `sql`; returns its rows.

    On PostgreSQL the outcomes ride in the same statement, as data-modifying WITH clauses: one
    round trip instead of two. They touch other rows than `sql` does (rows whose reply was
    `sending`, where `sql` inserts rows or marks `pending` replies), but `sql` reads the table
    as it was before them: a person's next row written down in that very statement still sees
    the earlier reply as `sending` and is left pending, and the worker claims it at once (it
    looks again whenever something it wrote down was left pending). The claim does not use this.
    """
    if not sent or not worker:
        return (yield sql, params)
    if not postgres:
        yield from sent_plan(worker, sent, postgres)
        return (yield sql, params)
    clauses: list[str] = []
    before: list[Any] = []
    for n, outcome in enumerate(sorted(set(sent.values()))):
        ids = [item_id for item_id, state in sent.items() if state == outcome]
        clauses.append(f"sent_{n} AS ({_SENT.format(ids=_marks(len(ids)))})")
        before += [outcome, *ids, worker]
    return (yield f"WITH {', '.join(clauses)} {sql}", [*before, *params])


def sent_plan(worker: str, outcomes: dict[int, str], postgres: bool) -> Plan[int]:
    """sending → sent / failed for each row, dropping the replies, the payload and who wrote it."""
    changed = 0
    for outcome in sorted(set(outcomes.values())):
        ids = [item_id for item_id, state in outcomes.items() if state == outcome]
        changed += len((yield _SENT.format(ids=_marks(len(ids))), [outcome, *ids, worker]))
    return changed


async def mark_done(session: AsyncSession, worker: str, ids: list[int], replies: list[Any] | None,
                    reply_to: dict[str, Any] | None = None, state: tuple[int, Any] | None = None,
                    last: bool = False) -> tuple[int, bool]:
    """In the caller's SQLAlchemy transaction (the item's effects): processing → done, with the replies.

    Sent through the driver connection under that transaction: the same commit, a fraction of
    the cost. `state` (contact id, new conversation state) is written with it: on PostgreSQL in
    the same statement, on SQLite in the same trip to aiosqlite's thread. Returns the rows
    changed (fewer than `ids` means another worker took one over) and whether the replies were
    marked `sending` too.

    `last`: nothing else is to be written in this transaction. On SQLite the COMMIT then goes in
    the same trip when every row was still ours (sqlite_trips.committed_early), and the replies
    are marked `sending` right after it, still in that trip: the worker sends them next, as it
    would after marking them itself. Otherwise the transaction stays open for the caller to
    roll back.
    """
    connection = await session.connection()
    # Already checked out for this transaction: reach the driver without another trip through SQLAlchemy.
    driver = connection.sync_connection.connection.driver_connection
    postgres = connection.dialect.name == "postgresql"
    params: list[Any] = [_time(utcnow(), postgres)]
    if replies:
        params.append(json.dumps(replies, ensure_ascii=False))
        params.append(None if reply_to is None else json.dumps(reply_to, ensure_ascii=False))
    params += [*ids, worker]
    sql = _DONE.format(replies=_WITH_REPLIES if replies else _WITHOUT_REPLIES, ids=_marks(len(ids)))
    state_params = [] if state is None else [json.dumps(state[1], ensure_ascii=False), state[0]]
    if postgres:
        if state is not None:
            # Another table's row: the main statement does not need to see it.
            sql, params = _PG_WITH_STATE + sql, [*state_params, *params]
        return len(await driver.fetch(_postgres_sql(sql), *params)), False
    if state is None and not last:
        return len(list(await driver.execute_fetchall(sql, params))), False
    commit = len(ids) if last and sqlite_trips.can_commit_early(driver) else None
    sending = None
    if commit is not None and replies:
        sending = (_SENDING.format(ids=_marks(len(ids))), [_time(utcnow(), postgres), *ids, worker])
    changed, marked = await driver._execute(_sqlite_done, driver._conn, sql, params, state_params,  # noqa: SLF001
                                            commit, sending)
    if commit is not None and changed == commit:
        sqlite_trips.committed_early(driver)
    return changed, marked


_PG_WITH_STATE = "WITH contact_state AS (UPDATE contacts SET state = ?::json WHERE id = ?) "
_SQLITE_STATE = "UPDATE contacts SET state = ? WHERE id = ?"


def _sqlite_done(connection: Any, sql: str, params: list[Any], state_params: list[Any], commit: int | None,
                 sending: tuple[str, list[Any]] | None) -> tuple[int, bool]:
    """In aiosqlite's thread, inside the caller's open transaction: the state, done, and the COMMIT
    when `commit` rows were expected and all were still ours; then `sending` (committed on its own)."""
    if state_params:
        connection.execute(_SQLITE_STATE, state_params)
    changed = len(connection.execute(sql, params).fetchall())
    if commit is None or changed != commit:
        return changed, False
    connection.commit()
    if sending is None:
        return changed, False
    # After that commit, outside its transaction (autocommit): `sending` is never written without
    # the replies it stands for.
    marked = connection.execute(*sending).fetchall()
    return changed, len(marked) == commit
