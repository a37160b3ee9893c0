"""Shared fixtures: a fresh migrated database per test, the bot core, a controllable clock.

With DATABASE_URL pointing at PostgreSQL the storage runs there (each test gets its own
schema-less clean state by emptying every table); otherwise a SQLite file in tmp_path.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from handlers.core import BotCore, CoreConfig
from storage import clock as clock_module
from storage.db import Database
from storage.models import Base
from tests.arabic_samples import document_texts, require_real_seeds

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith("postgres")
# Under pytest-xdist each worker truncates tables freely, so each gets a database of its own.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


def _worker_database(url: str, worker: str) -> str:
    """Create (once) and name this xdist worker's own PostgreSQL database beside the given one."""
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"

    async def create() -> None:
        conn = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                     password=parsed.password, database=parsed.database)
        try:
            limit = await conn.fetchval("SELECT datconnlimit FROM pg_database WHERE datname = $1", name)
            if limit == -2:
                # Left "invalid" by a DROP that a worker's exit interrupted: unusable, so made anew.
                await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                limit = None
            if limit is None:
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    return parsed.set(database=name).render_as_string(hide_password=False)


if USE_POSTGRES and XDIST_WORKER:
    POSTGRES_URL = _worker_database(POSTGRES_URL, XDIST_WORKER)
    # Subprocesses started by tests inherit the environment: they must see the same database.
    os.environ["DATABASE_URL"] = POSTGRES_URL


def database_url(tmp_path: Path) -> str:
    """The URL a test database lives at: PostgreSQL when DATABASE_URL says so, else a SQLite file."""
    if USE_POSTGRES:
        return POSTGRES_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


# Migrating costs more than most tests: migrate once per test process, then hand each test a copy
# (SQLite: the template file copied; PostgreSQL: the migrated database emptied).
_template: dict[str, Path | bool] = {}


async def _sqlite_template() -> Path:
    if "sqlite" not in _template:
        folder = Path(tempfile.mkdtemp(prefix="musharaka-template-"))
        atexit.register(shutil.rmtree, folder, True)
        path = folder / "template.db"
        template = Database(f"sqlite+aiosqlite:///{path}")
        await template.migrate()
        await template.dispose()
        # Everything into the main file, so copying that one file copies the database.
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _template["sqlite"] = path
    return _template["sqlite"]  # type: ignore[return-value]


async def fresh_database(tmp_path: Path) -> Database:
    """A migrated, empty database."""
    if not USE_POSTGRES:
        target = tmp_path / "test.db"
        if not target.exists():
            shutil.copyfile(await _sqlite_template(), target)
        return Database(database_url(tmp_path))
    db = Database(database_url(tmp_path))
    if "postgres" not in _template:
        await db.migrate()
        _template["postgres"] = True
    async with db.engine.begin() as conn:
        await _empty_every_table(conn)
    return db


_emptying: list[str] = []


async def _empty_every_table(conn) -> None:  # type: ignore[no-untyped-def]
    """Empty every table and restart every id sequence, in one round trip.

    DELETE, children first, rather than TRUNCATE: a test leaves a few rows, and TRUNCATE pays for new
    files and an fsync per table at every test (0.35 s against 0.03 s per test at load average 4.5 on
    the 2-core CI machine). Rows deleted leave free space, so a query without ORDER BY may return rows
    in another order than they were written, as on a long-lived database: tests order what they compare.
    """
    raw = (await conn.get_raw_connection()).driver_connection
    if not _emptying:
        known = Base.metadata.sorted_tables
        present = {row["tablename"] for row in await raw.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'")}
        if present - {t.name for t in known}:
            # A table the models do not describe: its foreign keys are unknown, so TRUNCATE … CASCADE.
            tables = ", ".join(f'"{name}"' for name in sorted(present))
            _emptying.append(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        else:
            sequences = [row["name"] for row in await raw.fetch(
                "SELECT format('%I.%I', schemaname, sequencename) AS name FROM pg_sequences "
                "WHERE schemaname = current_schema()")]
            statements = [f'DELETE FROM "{t.name}"' for t in reversed(known) if t.name in present]
            statements += [f"ALTER SEQUENCE {name} RESTART" for name in sequences]
            _emptying.append("; ".join(statements))
    await raw.execute(_emptying[0])


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh migrated database for one test."""
    database = await fresh_database(tmp_path)
    yield database
    await database.dispose()


@pytest.fixture
async def core(db: Database) -> BotCore:
    """The bot core over the test database, with a fixed option-signing key."""
    return await BotCore.create(db, CoreConfig(secret_key="test-secret"))


class FakeClock:
    """A clock the test moves by hand (naive UTC, like the database)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward by timedelta(**delta)."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Iterator[FakeClock]:
    """Freeze the project's clock at 2026-12-01 09:00 UTC (12:00 in Baghdad); tests advance it."""
    fake = FakeClock(datetime(2026, 12, 1, 9, 0))
    clock_module.set_clock(fake)
    yield fake
    clock_module.set_clock(None)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def seed_texts() -> list[str]:
    """Long Arabic documents: the project's own samples, then the real ../shared/seeds when present."""
    return document_texts()


@pytest.fixture
def real_seed_texts() -> list[str]:
    """Only the real ../shared/seeds documents; the test is skipped (with the reason) where there are none."""
    return list(require_real_seeds().values())


# Words by which a test module shows it touches a database (directly or in a subprocess it starts).
_DATABASE_WORDS = re.compile(r"\bdb\b|fresh_database|database_url|DATABASE_URL|USE_POSTGRES|POSTGRES_URL|"
                             r"Database\(|\bcore\b")


def _touches_database(item: pytest.Item, sources: dict[Path, bool]) -> bool:
    """Whether a test uses the database: the db fixture, or its module names the database at all."""
    if "db" in getattr(item, "fixturenames", ()):
        return True
    path = Path(str(item.fspath))
    if path not in sources:
        sources[path] = bool(_DATABASE_WORDS.search(path.read_text(encoding="utf-8")))
    return sources[path]


# Modules with tests that run for tens of seconds (OS processes started, killed and waited on),
# longest first. They run first, so a long test never starts last and keeps the whole pass waiting
# on one xdist worker while the other is idle.
SLOW_MODULES = ("test_sender_crash", "test_crash_recovery", "test_cli_errors", "test_concurrency", "test_fresh_clone",
                "test_console_chat", "test_inbox_kill", "test_console_simulator", "test_inbox_outage",
                "test_dashboard_browser", "test_two_workers", "test_event_import", "test_demo_data",
                "test_staff_roles", "test_staff_lifecycle", "test_exports", "test_lang_exports", "test_donor_summary")


def _slow_first(item: pytest.Item) -> int:
    module = Path(str(item.fspath)).stem
    return SLOW_MODULES.index(module) if module in SLOW_MODULES else len(SLOW_MODULES)


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """The slow modules first; on the PostgreSQL pass, leave out tests that touch no database."""
    items.sort(key=_slow_first)  # stable: each module keeps its own order
    if not USE_POSTGRES or os.environ.get("MUSHARAKA_TEST_EVERYTHING"):
        return
    sources: dict[Path, bool] = {}
    kept = [item for item in items if _touches_database(item, sources)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


def pytest_report_header(config) -> str:  # type: ignore[no-untyped-def]
    """Say which database the storage tests run on."""
    if USE_POSTGRES:
        return ("database: PostgreSQL (DATABASE_URL); tests that touch no database ran in the SQLite pass and are "
                "deselected here (MUSHARAKA_TEST_EVERYTHING=1 runs them too)")
    return "database: SQLite only — set DATABASE_URL=postgresql://… for the PostgreSQL pass (.ci/run does both)"


def pytest_unconfigure(config) -> None:  # type: ignore[no-untyped-def]
    """Drop this xdist worker's own PostgreSQL database when the worker is done."""
    if not (USE_POSTGRES and XDIST_WORKER):
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    parsed = make_url(POSTGRES_URL)

    async def drop() -> None:
        conn = await asyncpg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username,
                                     password=parsed.password, database="postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        finally:
            await conn.close()

    try:
        asyncio.run(drop())
    except Exception as error:  # leaving a test database behind must not fail the run
        print(f"could not drop {parsed.database}: {error}")
