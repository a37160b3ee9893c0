"""Shared fixtures: a fresh migrated database per test, the bot core, a controllable clock.

With DATABASE_URL pointing at PostgreSQL the storage runs there (each test gets its own
schema-less clean state by truncating every table); otherwise a SQLite file in tmp_path.
"""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from handlers.core import BotCore, CoreConfig
from storage import clock as clock_module
from storage.db import Database
from storage.models import Base

SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith("postgres")


def database_url(tmp_path: Path) -> str:
    """The URL a test database lives at: PostgreSQL when DATABASE_URL says so, else a SQLite file."""
    if USE_POSTGRES:
        return POSTGRES_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


async def fresh_database(tmp_path: Path) -> Database:
    """A migrated, empty database."""
    db = Database(database_url(tmp_path))
    await db.migrate()
    if USE_POSTGRES:
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
    """The real Arabic documents of ../shared/seeds."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


def pytest_report_header(config) -> str:  # type: ignore[no-untyped-def]
    """Say which database the storage tests run on."""
    if USE_POSTGRES:
        return "database: PostgreSQL (DATABASE_URL)"
    return "database: SQLite only — set DATABASE_URL=postgresql://… for the PostgreSQL pass (.ci/run does both)"
