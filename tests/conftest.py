"""Shared fixtures: a fresh migrated database per test, the bot core, a controllable clock.

With DATABASE_URL pointing at PostgreSQL the storage runs there (each test gets its own
schema-less clean state by truncating every table); otherwise a SQLite file in tmp_path.
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
from sqlalchemy import text

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
            if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
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
# (SQLite: the template file copied; PostgreSQL: the migrated database truncated).
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
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    async with db.engine.begin() as conn:
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return db


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


def pytest_collection_modifyitems(config, items) -> None:  # type: ignore[no-untyped-def]
    """On the PostgreSQL pass, leave out tests that touch no database: the SQLite pass ran them."""
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
