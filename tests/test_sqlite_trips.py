"""SQLite's statements take one trip to aiosqlite's thread (BEGIN rides with the first, COMMIT with
an inbox row's done write), and a connection never goes back to the pool with a transaction open
(which would hold SQLite's only write lock for everybody)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import aiosqlite.core
import pytest
from sqlalchemy import func, select, text, update

from handlers.core import BotCore, CoreConfig
from handlers.dispatcher import dispatch
from handlers.typed_words import OFFERED_MENU
from handlers.types import Inbound, InboundKind
from storage import sqlite_trips
from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Identity, InboxItem, Organization
from storage.services import inbox
from storage.services.inbox import NewItem


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
    # The SELECT (BEGIN IMMEDIATE rides with it), the INSERT, then COMMIT; no rollback after a commit.
    assert trips == Counter({"run": 2, "commit": 1}), trips


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


def count_trips(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every call that goes to aiosqlite's thread from now on, by the name of what it runs."""
    trips: Counter[str] = Counter()
    original = aiosqlite.core.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips[getattr(fn, "__name__", "?")] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    return trips


async def a_claimed_menu_word(db: Database) -> tuple[Inbound, inbox.Claimed]:
    """A citizen who agreed earlier types «القائمة»; the message is written down and claimed."""
    async with db.transaction() as session:
        contact = Contact(language="ar", governorate="baghdad", interests=[], state={}, consent_at=utcnow(),
                          last_seen_at=utcnow())
        session.add(contact)
        await session.flush()
        session.add(Identity(contact_id=contact.id, channel="console", external_id="77", last_inbound_at=utcnow()))
    await inbox.store(db, [NewItem("console", "m1", "console:77", "update", {})])
    [row] = await inbox.claim(db, "w", 10, ["console"])
    return Inbound("console", "77", InboundKind.TEXT, text="القائمة", update_key="m1"), row


async def test_a_message_commits_in_the_trip_of_its_done_write(sqlite_db: Database,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    core = await BotCore.create(sqlite_db, CoreConfig(secret_key="test-secret"))
    inbound, row = await a_claimed_menu_word(sqlite_db)
    trips = count_trips(monkeypatch)
    replies = await dispatch(core, inbound, inbox=row)
    assert replies[-1].is_main_menu
    # BEGIN rides with the first query; the state, done, COMMIT and then `sending` go in one trip.
    assert trips["commit"] == 0 and trips["_sqlite_done"] == 1, trips
    assert sum(trips.values()) == 3, trips  # the menu's two queries and that trip
    assert row.sending, "the worker sends at once, without marking the replies itself"
    async with sqlite_db.reading() as session:
        stored = (await session.execute(select(InboxItem.state, InboxItem.replies, InboxItem.reply_state)
                                        .where(InboxItem.id == row.id))).one()
        state = await session.scalar(select(Contact.state))
    assert stored.state == "done" and stored.replies and stored.reply_state == "sending"
    assert state[OFFERED_MENU] is True
    async with sqlite_db.transaction() as session:  # and the write lock is free
        session.add(Organization(name="بعدها"))


async def test_a_row_taken_over_meanwhile_commits_nothing(sqlite_db: Database) -> None:
    core = await BotCore.create(sqlite_db, CoreConfig(secret_key="test-secret"))
    inbound, row = await a_claimed_menu_word(sqlite_db)
    async with sqlite_db.transaction() as session:
        await session.execute(update(InboxItem).values(claimed_by="another-worker"))
    with pytest.raises(inbox.LostClaim):
        await dispatch(core, inbound, inbox=row)
    assert not row.sending
    async with sqlite_db.reading() as session:
        assert await session.scalar(select(Contact.state)) == {}
        assert (await session.execute(select(InboxItem.state, InboxItem.reply_state))).one() == ("processing", "none")


async def test_nothing_runs_after_the_write_that_committed(sqlite_db: Database) -> None:
    _, row = await a_claimed_menu_word(sqlite_db)
    with pytest.raises(RuntimeError, match="after the transaction's last write"):
        async with sqlite_db.transaction() as session:
            await inbox.finish(session, row, [], last=True)
            # A handler bug: a write after the one that was promised to be the last.
            await session.execute(text("INSERT INTO organizations (name, created_at) VALUES ('متأخرة', '2026-12-01')"))
    async with sqlite_db.reading() as session:
        assert await session.scalar(select(func.count()).select_from(Organization)) == 0
    async with sqlite_db.transaction() as session:  # the connection is usable again
        session.add(Organization(name="بعدها"))


async def test_a_connection_closed_right_after_the_early_commit_closes(sqlite_db: Database) -> None:
    _, row = await a_claimed_menu_word(sqlite_db)
    async with sqlite_db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        await driver.execute("BEGIN IMMEDIATE")
        sqlite_trips.committed_early(driver)
        await driver.close()  # not refused as "a statement after the last write"
        await connection.invalidate()  # closed behind SQLAlchemy's back: not for the pool
    async with sqlite_db.transaction() as session:  # and the database is as usable as before
        session.add(Organization(name="بعدها"))
    assert row.id
