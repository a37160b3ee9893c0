"""Event queries for citizens: upcoming lists with filters and pages, details and counts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Event, Registration
from storage.services.registration import CONFIRMED, WAITLISTED


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


def _upcoming_query(governorate: str | None, kind: str | None):  # type: ignore[no-untyped-def]
    query = select(Event).where(Event.status == "published", Event.starts_at > utcnow())
    if governorate:
        query = query.where(Event.governorate == governorate)
    if kind:
        query = query.where(Event.kind == kind)
    return query


async def upcoming_events(
    session: AsyncSession, *, governorate: str | None, kind: str | None, page: int, page_size: int
) -> EventPage:
    """Published events that have not started, soonest first, one page of them."""
    query = _upcoming_query(governorate, kind)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 0), pages - 1)
    events = (
        await session.scalars(query.order_by(Event.starts_at, Event.id).offset(page * page_size).limit(page_size))
    ).all()
    return EventPage(list(events), page, pages, total)


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
    waitlisted = by_status.get(WAITLISTED, (0, 0))[0]
    seats_left = None if event.capacity is None else max(0, event.capacity - confirmed)
    return EventCounts(confirmed, waitlisted, checked_in, seats_left)


async def active_registration_id(session: AsyncSession, event_id: int, contact_id: int) -> int | None:
    """The id of this person's confirmed or waiting registration for the event, if any."""
    return await session.scalar(
        select(Registration.id).where(Registration.event_id == event_id, Registration.contact_id == contact_id,
                                      Registration.status.in_((CONFIRMED, WAITLISTED)))
    )
