"""Registration services: register, cancel, waiting list, ticket codes.

Every function runs inside the caller's transaction. Capacity is checked and the seat
taken in that one transaction with the event row locked (FOR UPDATE on PostgreSQL,
BEGIN IMMEDIATE on SQLite), so concurrent registrations for the last seat never overbook.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Event, Registration
from storage.services.outbox import enqueue

CONFIRMED = "confirmed"
WAITLISTED = "waitlisted"
CANCELLED = "cancelled"
ACTIVE = (CONFIRMED, WAITLISTED)
_TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(slots=True)
class RegisterOutcome:
    """What happened when a person asked for a seat."""

    # confirmed / waitlisted / already / unavailable / past / closed
    result: str
    registration: Registration | None = None
    position: int | None = None


@dataclass(slots=True)
class CancelOutcome:
    """What happened when a seat was given up."""

    cancelled: bool
    promoted: list[Registration] = field(default_factory=list)


def new_ticket_code() -> str:
    """An unguessable, easy-to-read ticket code (no 0/O or 1/I confusion)."""
    return "".join(secrets.choice(_TICKET_ALPHABET) for _ in range(8))


async def lock_event(session: AsyncSession, event_id: int) -> Event | None:
    """Load an event and lock its row for the rest of the transaction."""
    result = await session.execute(
        select(Event).where(Event.id == event_id).with_for_update().execution_options(populate_existing=True)
    )
    return result.scalar_one_or_none()


async def confirmed_count(session: AsyncSession, event_id: int) -> int:
    """How many confirmed seats an event has."""
    return await session.scalar(
        select(func.count()).where(Registration.event_id == event_id, Registration.status == CONFIRMED)
    ) or 0


async def waitlist_count(session: AsyncSession, event_id: int) -> int:
    """How many people wait for a seat at an event."""
    return await session.scalar(
        select(func.count()).where(Registration.event_id == event_id, Registration.status == WAITLISTED)
    ) or 0


async def waitlist_position(session: AsyncSession, registration: Registration) -> int | None:
    """1-based place of a waitlisted registration in its event's queue."""
    if registration.status != WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = await session.scalar(
        select(func.count()).where(
            Registration.event_id == registration.event_id,
            Registration.status == WAITLISTED,
            or_(
                Registration.waitlisted_at < registration.waitlisted_at,
                and_(Registration.waitlisted_at == registration.waitlisted_at, Registration.id < registration.id),
            ),
        )
    )
    return (ahead or 0) + 1


async def register(session: AsyncSession, contact_id: int, event_id: int) -> RegisterOutcome:
    """Give a person a seat, or a place on the waiting list when the event is full."""
    event = await lock_event(session, event_id)
    now = utcnow()
    if event is None or event.status != "published":
        return RegisterOutcome("unavailable")
    if event.starts_at <= now:
        return RegisterOutcome("past")
    existing = await session.scalar(
        select(Registration).where(Registration.event_id == event_id, Registration.contact_id == contact_id)
    )
    if existing is not None and existing.status in ACTIVE:
        return RegisterOutcome("already", existing, await waitlist_position(session, existing))
    if not event.registration_open:
        return RegisterOutcome("closed")
    has_seat = event.capacity is None or await confirmed_count(session, event_id) < event.capacity
    registration = existing or Registration(event_id=event_id, contact_id=contact_id, ticket_code=new_ticket_code())
    registration.status = CONFIRMED if has_seat else WAITLISTED
    registration.created_at = now
    registration.cancelled_at = None
    registration.confirmed_at = now if has_seat else None
    registration.waitlisted_at = None if has_seat else now
    if existing is None:
        session.add(registration)
    await session.flush()
    if has_seat:
        return RegisterOutcome(CONFIRMED, registration)
    return RegisterOutcome(WAITLISTED, registration, await waitlist_position(session, registration))


async def promote_waitlist(session: AsyncSession, event: Event) -> list[Registration]:
    """Fill free seats from the head of the waiting list and queue a message to each promoted person."""
    promoted: list[Registration] = []
    if event.capacity is None and not await waitlist_count(session, event.id):
        return promoted
    while True:
        if event.capacity is not None and await confirmed_count(session, event.id) >= event.capacity:
            return promoted
        head = await session.scalar(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status == WAITLISTED)
            .order_by(Registration.waitlisted_at, Registration.id)
            .limit(1)
        )
        if head is None:
            return promoted
        head.status = CONFIRMED
        head.confirmed_at = utcnow()
        await session.flush()
        promoted.append(head)
        await enqueue(
            session,
            purpose=f"promoted:{head.id}:{head.confirmed_at.isoformat()}",
            kind="promoted",
            contact_id=head.contact_id,
            payload={"registration_id": head.id, "event_id": event.id},
        )


async def cancel(session: AsyncSession, registration: Registration) -> CancelOutcome:
    """Give up a seat or waiting-list place; the first person waiting takes a freed seat."""
    event = await lock_event(session, registration.event_id)
    await session.refresh(registration)
    if registration.status not in ACTIVE:
        return CancelOutcome(False)
    was_confirmed = registration.status == CONFIRMED
    registration.status = CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    await session.flush()
    promoted: list[Registration] = []
    if was_confirmed and event is not None and event.status == "published" and event.starts_at > utcnow():
        promoted = await promote_waitlist(session, event)
    return CancelOutcome(True, promoted)


async def active_registrations(session: AsyncSession, contact_id: int, *, upcoming_only: bool = True,
                               with_cancelled_events: bool = False):
    """A person's confirmed and waitlisted registrations with their events, soonest first.

    Events the organizer cancelled are left out (no ticket is shown for them) unless
    `with_cancelled_events`: «my registrations» lists them as cancelled until the person removes them.
    """
    statuses = ("published", "cancelled") if with_cancelled_events else ("published",)
    query = (
        select(Registration, Event)
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.contact_id == contact_id, Registration.status.in_(ACTIVE), Event.status.in_(statuses))
        .order_by(Event.starts_at, Event.id)
    )
    if upcoming_only:
        query = query.where(Event.starts_at > utcnow())
    return (await session.execute(query)).all()


async def own_registration(session: AsyncSession, contact_id: int, registration_id: int | None) -> Registration | None:
    """One of this person's registrations (any status) by id; None when missing or someone else's."""
    registration = await session.get(Registration, registration_id) if registration_id is not None else None
    if registration is None or registration.contact_id != contact_id:
        return None
    return registration


async def active_registration(session: AsyncSession, event_id: int, contact_id: int) -> Registration | None:
    """This person's confirmed or waiting registration for the event, if any."""
    return await session.scalar(
        select(Registration).where(Registration.event_id == event_id, Registration.contact_id == contact_id,
                                   Registration.status.in_(ACTIVE))
    )


async def remove_cancelled_event(session: AsyncSession, registration: Registration) -> bool:
    """Take an event the organizer cancelled off the person's list; False when there is nothing to remove.

    The registration is marked cancelled (by the person), which is what every list already leaves
    out: no new column is needed, and nobody is promoted since a cancelled event has no seats.
    """
    event = await lock_event(session, registration.event_id)
    await session.refresh(registration)
    if event is None or event.status != "cancelled" or registration.status not in ACTIVE:
        return False
    registration.status = CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    await session.flush()
    return True
