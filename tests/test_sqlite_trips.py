"""SQLite's statements take one trip to aiosqlite's thread, and a connection never goes back to the
pool with a transaction open (which would hold SQLite's only write lock for everybody)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import aiosqlite.core
import pytest
from sqlalchemy import func, select, text

from storage.db import Database
from storage.models import Organization


@pytest.fixture
async def sqlite_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A migrated SQLite database whatever DATABASE_URL says (this is about the SQLite driver)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/trips.db")
    await db.migrate()
    yield db
    await db.dispose()


async def test_a_statement_is_one_trip_to_the_sqlite_thread(sqlite_db: Database,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    trips: Counter[str] = Counter()
    original = aiosqlite.core.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips[getattr(fn, "__name__", "?")] += 1
        return await original(self, fn, *args, **kwargs)

    async with sqlite_db.transaction() as session:
        session.add(Organization(name="منظمة تجريبية"))
    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    async with sqlite_db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Organization)) == 1
        session.add(Organization(name="منظمة ثانية"))
        await session.flush()  # an INSERT whose new id comes back with its one trip
    # BEGIN IMMEDIATE, the SELECT, the INSERT, then COMMIT; no rollback after a commit.
    assert trips == Counter({"run": 3, "commit": 1}), trips


async def test_a_connection_returned_inside_a_transaction_is_rolled_back(sqlite_db: Database) -> None:
    async with sqlite_db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        # Behind SQLAlchemy's back (as a driver-level helper might): a write transaction left open.
        await driver.execute("BEGIN IMMEDIATE")
        await driver.execute("INSERT INTO organizations (name, created_at) VALUES ('مفتوحة', '2026-12-01')")
        sqlite_connection = driver._conn
        assert sqlite_connection.in_transaction
    assert not sqlite_connection.in_transaction, "rolled back on its way into the pool"
    async with sqlite_db.transaction() as session:  # and the write lock is free
        await session.execute(text("INSERT INTO organizations (name, created_at) VALUES ('تالية', '2026-12-01')"))
        names = list(await session.scalars(select(Organization.name)))
    assert names == ["تالية"]
