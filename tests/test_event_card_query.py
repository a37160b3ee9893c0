"""A press on an event reads the event, its seats and the person's own place in one query
(SQLite and PostgreSQL): the figures are the ones the separate counts gave."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event as sa_event

from storage.clock import utcnow
from storage.db import Database
from storage.models import Contact, Registration
from storage.services.events import event_counts, event_with_counts
from tests.helpers import add_event


async def people(db: Database, count: int) -> list[int]:
    """Contact ids of `count` citizens who agreed."""
    async with db.transaction() as session:
        contacts = [Contact(language="ar", interests=[], state={}, consent_at=utcnow()) for _ in range(count)]
        session.add_all(contacts)
        await session.flush()
        return [c.id for c in contacts]


async def test_seats_waiting_list_and_my_place_come_in_one_query(db: Database) -> None:
    event_id = await add_event(db, starts_at=utcnow() + timedelta(days=3), capacity=2)
    first, second, me, gone = await people(db, 4)
    async with db.transaction() as session:
        session.add_all([
            Registration(event_id=event_id, contact_id=first, status="confirmed", ticket_code="A1",
                         checked_in_at=utcnow()),
            Registration(event_id=event_id, contact_id=second, status="confirmed", ticket_code="A2"),
            Registration(event_id=event_id, contact_id=me, status="waitlisted", ticket_code="A3"),
            Registration(event_id=event_id, contact_id=gone, status="cancelled", ticket_code="A4"),
        ])
    statements: list[str] = []

    def seen(_connection, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa_event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        async with db.transaction() as session:
            card = await event_with_counts(session, event_id, me)
    finally:
        sa_event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
    assert len(statements) == 1, statements
    assert card is not None
    event, counts, mine = card
    assert event.id == event_id
    assert (counts.confirmed, counts.waitlisted, counts.checked_in, counts.seats_left) == (2, 1, 1, 0)
    assert mine is not None and mine.contact_id == me and mine.status == "waitlisted"
    async with db.transaction() as session:
        assert await event_counts(session, event) == counts, "the same figures as the counting query"


async def test_no_place_of_mine_and_no_such_event(db: Database) -> None:
    event_id = await add_event(db, starts_at=utcnow() + timedelta(days=3), capacity=None)
    [someone, me] = await people(db, 2)
    async with db.transaction() as session:
        session.add(Registration(event_id=event_id, contact_id=someone, status="confirmed", ticket_code="B1"))
    async with db.transaction() as session:
        card = await event_with_counts(session, event_id, me)
        assert card is not None
        _, counts, mine = card
        assert (counts.confirmed, counts.seats_left, mine) == (1, None, None)
        assert await event_with_counts(session, event_id + 1000, me) is None
        assert await event_with_counts(session, None, me) is None
