"""Event queries for citizens: upcoming lists with filters and pages, details and counts."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.clock import utcnow
from storage.models import Event, Registration
from storage.services.registration import ACTIVE, CONFIRMED, WAITLISTED


@dataclass(slots=True)
class EventPage:
    """One page of upcoming events."""

    events: list[Event]
    page: int
    pages: int
    total: int


async def get_event(session: AsyncSession, event_id: int | None) -> Event | None:
    """An event by id, whatever its status or organisation (callers check both); None when missing."""
    return await session.get(Event, event_id) if event_id is not None else None


@functools.lru_cache(maxsize=8)
def _upcoming_statements(by_governorate: bool, by_kind: bool) -> tuple[Select, Select]:
    # Built once per kind of filter (the event list is a menu's first entry): the count and a page.
    query = select(Event).where(Event.status == "published", Event.starts_at > bindparam("now"))
    if by_governorate:
        query = query.where(Event.governorate == bindparam("governorate"))
    if by_kind:
        query = query.where(Event.kind == bindparam("kind"))
    count = select(func.count()).select_from(query.subquery())
    # Each row carries the number of all matching events: the list and its count in one query.
    page = (query.add_columns(func.count().over()).order_by(Event.starts_at, Event.id)
            .offset(bindparam("skip")).limit(bindparam("size")))
    return count, page


async def upcoming_events(
    session: AsyncSession, *, governorate: str | None, kind: str | None, page: int, page_size: int
) -> EventPage:
    """Published events that have not started, soonest first, one page of them."""
    count, one_page = _upcoming_statements(bool(governorate), bool(kind))
    params: dict[str, object] = {"now": utcnow(), "governorate": governorate, "kind": kind}
    page = max(page, 0)
    rows = (await session.execute(one_page, {**params, "skip": page * page_size, "size": page_size})).all()
    total = rows[0][1] if rows else 0
    if not rows and page > 0:
        # Past the last page (the list shrank since the button was drawn): show the last one.
        total = await session.scalar(count, params) or 0
        page = max(0, -(-total // page_size) - 1)
        rows = (await session.execute(one_page, {**params, "skip": page * page_size, "size": page_size})).all()
    pages = max(1, -(-total // page_size))
    return EventPage([row[0] for row in rows], page, pages, total)


@dataclass(slots=True)
class EventCounts:
    """Live counts of an event."""

    confirmed: int
    waitlisted: int
    checked_in: int
    seats_left: int | None


async def event_counts(session: AsyncSession, event: Event) -> EventCounts:
    """Confirmed, waiting, checked-in and seats left (None when unlimited)."""
    rows = (
        await session.execute(
            select(Registration.status, func.count(), func.count(Registration.checked_in_at))
            .where(Registration.event_id == event.id)
            .group_by(Registration.status)
        )
    ).all()
    by_status = {status: (count, checked) for status, count, checked in rows}
    confirmed, checked_in = by_status.get(CONFIRMED, (0, 0))
    return _counts(event, confirmed, by_status.get(WAITLISTED, (0, 0))[0], checked_in)


def _counts(event: Event, confirmed: int, waitlisted: int, checked_in: int) -> EventCounts:
    seats_left = None if event.capacity is None else max(0, event.capacity - confirmed)
    return EventCounts(confirmed, waitlisted, checked_in, seats_left)


_COUNTED = aliased(Registration)


def _how_many(status: str, column: object = None) -> object:
    counted = func.count(column) if column is not None else func.count()
    return (select(counted).where(_COUNTED.event_id == Event.id, _COUNTED.status == status)
            .correlate(Event).scalar_subquery())


# A press on an event (the details card) reads all of this: built once, one round trip.
_CARD = (
    select(Event, _how_many(CONFIRMED), _how_many(WAITLISTED), _how_many(CONFIRMED, _COUNTED.checked_in_at),
           Registration)
    .outerjoin(Registration, and_(Registration.event_id == Event.id,
                                  Registration.contact_id == bindparam("contact_id"),
                                  Registration.status.in_(ACTIVE)))
    .where(Event.id == bindparam("event_id"))
)


async def event_with_counts(session: AsyncSession, event_id: int | None, contact_id: int
                            ) -> tuple[Event, EventCounts, Registration | None] | None:
    """An event, its counts and this person's confirmed or waiting registration, in one query.

    None when there is no such event (whatever its status: callers check it).
    """
    if event_id is None:
        return None
    row = (await session.execute(_CARD, {"event_id": event_id, "contact_id": contact_id})).first()
    if row is None:
        return None
    event, confirmed, waitlisted, checked_in, mine = row
    return event, _counts(event, confirmed, waitlisted, checked_in), mine


async def active_registration_id(session: AsyncSession, event_id: int, contact_id: int) -> int | None:
    """The id of this person's confirmed or waiting registration for the event, if any."""
    return await session.scalar(
        select(Registration.id).where(Registration.event_id == event_id, Registration.contact_id == contact_id,
                                      Registration.status.in_((CONFIRMED, WAITLISTED)))
    )
