"""Changes to a published event that registrants must hear about: moved or cancelled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Delivery, Event, Registration
from storage.services.outbox import enqueue
from storage.services.registration import ACTIVE


async def _active_contacts(session: AsyncSession, event_id: int) -> list[int]:
    rows = await session.scalars(
        select(Registration.contact_id).where(Registration.event_id == event_id, Registration.status.in_(ACTIVE))
    )
    return list(rows)


async def _drop_pending_reminders(session: AsyncSession, event_id: int) -> None:
    # Reminders queued for the old time must not go out.
    await session.execute(
        update(Delivery)
        .where(Delivery.kind == "reminder", Delivery.state == "pending",
               Delivery.purpose.like(f"reminder:{event_id}:%"))
        .values(state="cancelled", last_error="event changed")
    )


async def move_event(session: AsyncSession, event: Event, new_starts_at: datetime) -> int:
    """Move an event to a new time: reminders follow it and registrants are told. Returns how many."""
    old = event.starts_at
    if new_starts_at == old:
        return 0
    event.starts_at = new_starts_at
    await _drop_pending_reminders(session, event.id)
    contacts = await _active_contacts(session, event.id)
    for contact_id in contacts:
        await enqueue(session, purpose=f"event-moved:{event.id}:{new_starts_at.isoformat()}", kind="event-moved",
                      contact_id=contact_id, payload={"event_id": event.id, "old_starts_at": old.isoformat()})
    return len(contacts)


async def cancel_event(session: AsyncSession, event: Event) -> int:
    """Cancel an event: no more reminders, a cancellation notice to everyone registered. Returns how many."""
    if event.status == "cancelled":
        return 0
    event.status = "cancelled"
    event.updated_at = utcnow()
    await _drop_pending_reminders(session, event.id)
    contacts = await _active_contacts(session, event.id)
    for contact_id in contacts:
        await enqueue(session, purpose=f"event-cancelled:{event.id}", kind="event-cancelled",
                      contact_id=contact_id, payload={"event_id": event.id})
    return len(contacts)
