"""One trip to aiosqlite's thread per SQL statement instead of four, and none for BEGIN.

aiosqlite runs every call on a thread of its own, and SQLAlchemy's adapter makes four calls for
each statement: make a cursor, execute, fetch the rows, close the cursor. Each is a hand-off to
that thread and a wake-up of the event loop, and together they cost more CPU than an indexed
lookup itself (bench/README.md, "Update handling", issue 16). OneTripCursor does the four in one
call on the thread; rows, description, rowcount and lastrowid come back together.
Server-side cursors (exports streaming their rows) are left as they are.

BEGIN is not a trip of its own either: it rides with the transaction's first statement
(`defer_begin`), which is what SQLite's own deferred transactions do anyway. A transaction
that never runs a statement never begins.
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor
from sqlalchemy.ext.asyncio import AsyncEngine


class _Results:
    """Stands where the aiosqlite cursor was: what the last statement's trip brought back."""

    __slots__ = ("description", "rowcount", "lastrowid", "arraysize")

    def __init__(self) -> None:
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, one thread trip per execute (see the module docstring)."""

    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return _Results()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    async def _async_soft_close(self) -> None:
        return None  # the rows are in memory already and the sqlite3 cursor was closed on the thread

    def close(self) -> None:
        """Forget the rows (nothing is open on the thread)."""
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        connection = self._connection
        results: _Results = self._cursor  # type: ignore[assignment]

        def run() -> tuple[Any, list[Any] | None, int, int | None]:
            cursor = connection._conn.cursor()
            try:
                if parameters is None:
                    cursor.execute(operation)
                else:
                    cursor.execute(operation, parameters)
                rows = cursor.fetchall() if cursor.description else None
                return cursor.description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            results.description, rows, results.rowcount, results.lastrowid = await connection._execute(run)
        self._rows = collections.deque(rows) if rows is not None else collections.deque()
        return None

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        connection = self._connection
        results: _Results = self._cursor  # type: ignore[assignment]

        def run() -> tuple[int, int | None]:
            cursor = connection._conn.cursor()
            try:
                cursor.executemany(operation, seq_of_parameters)
                return cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            results.description = None
            results.rowcount, results.lastrowid = await connection._execute(run)
        return None


class BeginWithFirstStatement(aiosqlite.Connection):
    """aiosqlite's connection, sending a pending BEGIN in the same trip as the next call."""

    pending_begin: str | None = None
    # The transaction's last write committed it in the same trip (committed_early): the COMMIT that
    # SQLAlchemy sends next has nothing left to do.
    ended_early = False

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        begin = self.pending_begin
        if begin is None and not self.ended_early:
            return await super()._execute(fn, *args, **kwargs)
        sqlite = self._conn
        if fn == sqlite.close:
            # Closing ends whatever was pending or committed early.
            self.pending_begin, self.ended_early = None, False
            return await super()._execute(fn, *args, **kwargs)
        ending = fn == sqlite.commit or fn == sqlite.rollback
        if self.ended_early:
            self.ended_early = False
            if ending:
                return None
            # Would run outside the transaction it belongs to: a bug, made loud.
            raise RuntimeError("a statement after the transaction's last write, which committed it")
        self.pending_begin = None
        if ending:
            return None  # nothing ran: there is no transaction to end

        @functools.wraps(fn)
        def begin_then_call() -> Any:
            # A BEGIN that fails (the write lock stays busy) fails this call: fn never runs.
            sqlite.execute(begin)
            return fn(*args, **kwargs)

        return await super()._execute(begin_then_call)


def use_deferred_begin(dbapi_connection: Any) -> None:
    """Let this (new) pooled connection carry BEGIN with its transactions' first statements."""
    dbapi_connection._connection.__class__ = BeginWithFirstStatement


def defer_begin(dbapi_connection: Any, statement: str) -> None:
    """Begin a transaction with `statement` ("BEGIN IMMEDIATE"…), sent with the next statement."""
    dbapi_connection._connection.pending_begin = statement


def can_commit_early(driver: Any) -> bool:
    """Whether this driver connection can take the COMMIT in the trip of the last write."""
    return isinstance(driver, BeginWithFirstStatement)


def committed_early(driver: BeginWithFirstStatement) -> None:
    """The last write's trip also committed: SQLAlchemy's COMMIT (or ROLLBACK) that follows is a no-op."""
    driver.ended_early = True


def rollback_only_when_open(engine: AsyncEngine) -> None:
    """On return to the pool, roll back only a connection still inside a transaction.

    The pool's own reset (rollback on return) is another trip to the thread after every commit,
    although SQLite says, without a trip, whether a transaction is still open. The engine is
    created with pool_reset_on_return=None and this listener does the reset instead.
    """

    @event.listens_for(engine.sync_engine.pool, "reset")
    def _reset(dbapi_connection: Any, _record: Any, state: Any) -> None:
        # A BEGIN still waiting for a statement is dropped: no transaction was opened.
        driver = getattr(dbapi_connection, "_connection", None)
        if isinstance(driver, BeginWithFirstStatement):
            driver.pending_begin = None
            driver.ended_early = False
        if not state.asyncio_safe:
            return  # garbage collection outside the loop: nothing can be awaited (as SQLAlchemy does)
        try:
            still_open = dbapi_connection._connection._conn.in_transaction
        except (AttributeError, ValueError):
            still_open = True  # closed or unknown: let the rollback decide
        if still_open:
            dbapi_connection.rollback()


def install() -> None:
    """Make every aiosqlite connection of this process use OneTripCursor."""
    AsyncAdapt_aiosqlite_connection._cursor_cls = OneTripCursor  # type: ignore[misc]
