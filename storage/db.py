"""Engine, sessions and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from storage import sqlite_trips

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
READ_ONLY = "musharaka_read_only"
# A pooled PostgreSQL connection idle longer than this is pinged before use (see _ping_after_idle).
PING_AFTER_IDLE_SECONDS = 10.0
# Connections each process keeps: enough for the inbox's 32 lanes, the sender and the scheduler.
# All of them stay open once made (no overflow): a pool of 10 with 20 more "under load" closed and
# reopened hundreds of connections a minute on a busy bot (a server fork, authentication and every
# statement prepared again each time). LIFO reuses the warmest connection, so at night one stays
# in use and the rest sit idle (and are pinged before use, see _ping_after_idle).
POOL_SIZE = 30
# The Database whose write transaction the current task (and the tasks it spawned) is inside.
_writing: ContextVar[object | None] = ContextVar("musharaka_writing", default=None)


def normalize_database_url(url: str) -> str:
    """Map plain driver names to the async drivers (postgresql:// -> postgresql+asyncpg://)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine_or_url: AsyncEngine | str) -> bool:
    """Tell whether an engine or URL is SQLite (which needs BEGIN IMMEDIATE for writes)."""
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, a busy timeout and serialised write transactions."""
    url = normalize_database_url(url)
    if is_sqlite(url):
        parsed = make_url(url)
        database = parsed.database
        # A `file:` URI (e.g. ?mode=ro&uri=true) names no folder of ours to create.
        if database and database != ":memory:" and not parsed.query.get("uri"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, connect_args={"timeout": 30}, pool_size=POOL_SIZE, max_overflow=0, pool_timeout=60,
            pool_use_lifo=True,
            json_serializer=_json_dumps, pool_reset_on_return=None,
        )
        _configure_sqlite(engine)
        sqlite_trips.install()
        sqlite_trips.rollback_only_when_open(engine)
        return engine
    engine = create_async_engine(url, echo=echo, pool_size=POOL_SIZE, max_overflow=0, pool_use_lifo=True,
                                 json_serializer=_json_dumps)
    _ping_after_idle(engine)
    return engine


def _ping_after_idle(engine: AsyncEngine) -> None:
    """Check a pooled PostgreSQL connection before use only when it sat idle for a while.

    SQLAlchemy's pool_pre_ping costs three round trips (BEGIN, a ping, ROLLBACK) on every
    checkout, i.e. on every transaction of every message. A connection used in the last
    PING_AFTER_IDLE_SECONDS is taken as is; if the server went away meanwhile, the statement
    fails as a disconnect, SQLAlchemy drops the pool's connections, and the inbox retries.
    """
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _idle_from(_dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy) -> None:  # type: ignore[no-untyped-def]
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            # The pool throws this connection away and checks out another (a fresh one if need be).
            raise exc.DisconnectionError(f"stale connection: {error}") from error


def _json_dumps(value: object) -> str:
    # Arabic stored as itself, not as \uXXXX escapes three times its size.
    return json.dumps(value, ensure_ascii=False)


def _configure_sqlite(engine: AsyncEngine) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # Let us emit BEGIN ourselves: pysqlite's implicit BEGIN is DEFERRED, and two deferred
        # transactions that both read then write deadlock instead of waiting for each other.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        sqlite_trips.use_deferred_begin(dbapi_connection)

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        if conn.get_execution_options().get(READ_ONLY):
            # Long reads (exports) must not hold the write lock; WAL lets them read a snapshot.
            sqlite_trips.defer_begin(conn.connection.dbapi_connection, "BEGIN")
            return
        # Every other transaction takes the write lock before its first statement, so capacity
        # checks cannot race. (Sent with that statement: one trip to aiosqlite's thread less.)
        sqlite_trips.defer_begin(conn.connection.dbapi_connection, "BEGIN IMMEDIATE")


class Database:
    """The engine and its session factory, passed to handlers, services and the scheduler."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalize_database_url(url)
        self.engine = create_engine(self.url, echo=echo)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Queueing this process's writers here, first come first
        # served, beats leaving them to SQLite's polling busy handler, which starves some of them.
        self._write_lock = asyncio.Lock() if self.is_sqlite else None
        self.read_sessionmaker = async_sessionmaker(
            self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        """True for SQLite (one writer at a time), False for PostgreSQL."""
        return is_sqlite(self.url)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """Open a session in one transaction: committed on success, rolled back on error."""
        if self._write_lock is None or _writing.get() is self:
            # PostgreSQL, or a transaction opened while this task is inside another one (which only
            # works if the outer one has not written yet): no queueing, SQLite's own locking decides.
            async with self.sessionmaker() as session, session.begin():
                yield session
            return
        async with self._write_lock:
            token = _writing.set(self)
            try:
                async with self.sessionmaker() as session, session.begin():
                    yield session
            finally:
                _writing.reset(token)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for long reads (exports): on SQLite it does not take the write lock."""
        async with self.read_sessionmaker() as session, session.begin():
            yield session

    async def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision (safe to call on every start)."""
        async with self.engine.begin() as conn:
            await conn.run_sync(_upgrade_head)

    async def check_writable(self) -> None:
        """Fail now, not at the first message, when the database is read-only (a write that changes nothing)."""
        async with self.engine.begin() as conn:
            await conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0")

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def alembic_config():  # type: ignore[no-untyped-def]
    """Build the Alembic configuration pointing at storage/migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _upgrade_head(sync_connection) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = sync_connection
    command.upgrade(cfg, "head")
