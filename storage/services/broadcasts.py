"""Broadcasts: drafts, audiences, sending through the outbox, scheduling, stopping, progress.

Audience. A broadcast's audience is the union of the segments the organizer ticked, stored
as keys in ``audience["segments"]``:
  all        the organisation's whole audience: everyone who registered (in any status) for one
             of its events or follows it
  g-<code>   people of its audience whose governorate is <code>
  i-<code>   people of its audience who chose interest <code>
  r-<event>  confirmed registrants of one of the organisation's events
  a-<event>  attendees (checked in) of one of its events
  w-<event>  the waiting list of one of its events
Every segment is limited to the organisation's audience (storage.services.audiences: related
people who consented and did not stop its announcements, or all announcements); the count a
preview shows and the rows queued come from that one query. The audience is evaluated when the
broadcast is sent (for a scheduled one: at its time), so people who stopped meanwhile are left
out. A person in two segments, or reachable on two channels (one contact with two identities),
is one row in the outbox: ``purpose = broadcast:<id>`` is unique per contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from storage.clock import utcnow
from storage.models import Broadcast, Delivery, Event
from storage.services import audiences
from storage.services.audiences import EVENT_SEGMENTS, parse_segment
from storage.services.audit import audit

# One WhatsApp interactive body or template variable holds about 1024 characters; the
# organisation's name and the opt-out line are added around the text.
TEXT_LIMIT = 900
KIND = audiences.ANNOUNCEMENT_KIND
# Statuses in which deliveries may still go out.
LIVE = ("sending", "done")
_INSERT_CHUNK = 500


def purpose(broadcast_id: int) -> str:
    """The outbox purpose of one broadcast: unique per contact, so nobody gets it twice."""
    return f"{KIND}:{broadcast_id}"


def segments(broadcast: Broadcast) -> list[str]:
    """The valid segment keys of a broadcast, in the order they were chosen."""
    return [key for key in (broadcast.audience or {}).get("segments", []) if parse_segment(key)]


async def create_draft(session: AsyncSession, organization_id: int, created_by: int, text: str) -> Broadcast:
    """A new draft with the text exactly as typed (the caller checked its length)."""
    broadcast = Broadcast(organization_id=organization_id, created_by=created_by, text=text,
                          audience={"segments": []}, status="draft")
    session.add(broadcast)
    await session.flush()
    return broadcast


async def get_broadcast(session: AsyncSession, broadcast_id: int | None) -> Broadcast | None:
    """A broadcast by id, whatever its organisation (for rendering its deliveries); None when missing."""
    return await session.get(Broadcast, broadcast_id) if broadcast_id is not None else None


async def organization_broadcast(session: AsyncSession, broadcast_id: int | None,
                                 organization_ids: list[int]) -> Broadcast | None:
    """A broadcast of one of these organisations (those a person may broadcast for), or None."""
    broadcast = await get_broadcast(session, broadcast_id)
    if broadcast is None or broadcast.organization_id not in organization_ids:
        return None
    return broadcast


async def linked_event(session: AsyncSession, broadcast: Broadcast) -> Event | None:
    """The event whose register button goes with the announcement (only ever one of its organisation's)."""
    if not broadcast.event_id:
        return None
    return await organization_event(session, broadcast, broadcast.event_id)


async def organization_event(session: AsyncSession, broadcast: Broadcast, event_id: int) -> Event | None:
    """One of the broadcast's organisation's events, or None (another's, or missing)."""
    event = await session.get(Event, event_id)
    if event is None or event.organization_id != broadcast.organization_id:
        return None
    return event


async def linkable_events(session: AsyncSession, organization_id: int, limit: int) -> list[Event]:
    """The organisation's published events still to come, soonest first: what an announcement can link."""
    return list((await session.scalars(
        select(Event).where(Event.organization_id == organization_id, Event.status == "published",
                            Event.starts_at > utcnow())
        .order_by(Event.starts_at, Event.id).limit(limit)
    )).all())


async def segment_events(session: AsyncSession, organization_id: int, since: datetime, limit: int) -> list[Event]:
    """The organisation's events (not drafts) starting after `since`, latest first: event segments to pick."""
    return list((await session.scalars(
        select(Event).where(Event.organization_id == organization_id, Event.status != "draft",
                            Event.starts_at > since)
        .order_by(Event.starts_at.desc(), Event.id.desc()).limit(limit)
    )).all())


async def segment_allowed(session: AsyncSession, broadcast: Broadcast, key: str) -> bool:
    """A valid key; event segments only for events of the broadcast's own organisation."""
    parsed = parse_segment(key)
    if parsed is None:
        return False
    kind, value = parsed
    if kind in EVENT_SEGMENTS:
        return await organization_event(session, broadcast, int(value)) is not None
    return True


def toggle_segment(broadcast: Broadcast, key: str) -> None:
    """Add the segment, or remove it when it was already chosen."""
    current = segments(broadcast)
    chosen = [k for k in current if k != key] if key in current else [*current, key]
    # A new dict, so the JSON column is seen as changed.
    broadcast.audience = {**(broadcast.audience or {}), "segments": chosen}


def audience_query(broadcast: Broadcast) -> Select | None:
    """Distinct contact ids of the broadcast's audience now; None when nothing is chosen."""
    return audiences.audience_query(broadcast.organization_id, segments(broadcast))


async def audience_size(session: AsyncSession, broadcast: Broadcast) -> int:
    """How many people the broadcast would reach now (the count every preview shows)."""
    return await audiences.audience_count(session, broadcast.organization_id, segments(broadcast))


async def _enqueue_audience(session: AsyncSession, broadcast: Broadcast) -> int:
    # One INSERT ... SELECT: the audience's ids never travel to Python (200,000 people in seconds).
    await audiences.enqueue_audience(session, broadcast.organization_id, segments(broadcast),
                                     purpose=purpose(broadcast.id), kind=KIND,
                                     payload={"broadcast_id": broadcast.id}, broadcast_id=broadcast.id)
    return await session.scalar(select(func.count()).where(Delivery.broadcast_id == broadcast.id)) or 0


async def _claim(session: AsyncSession, broadcast: Broadcast, from_status: str, to_status: str, **values: Any) -> bool:
    """Move the status only if it still is `from_status` (two presses of one button act once)."""
    result = await session.execute(
        update(Broadcast).where(Broadcast.id == broadcast.id, Broadcast.status == from_status)
        .values(status=to_status, **values).execution_options(synchronize_session=False)
    )
    await session.refresh(broadcast)
    return result.rowcount == 1


async def start_sending(session: AsyncSession, broadcast: Broadcast, *, actor: str, actor_contact_id: int | None,
                        from_status: str = "draft") -> int | None:
    """Queue one delivery per audience member and audit it; None if it was not in `from_status`."""
    if not await _claim(session, broadcast, from_status, "sending"):
        return None
    size = await _enqueue_audience(session, broadcast)
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="broadcast.send",
                organization_id=broadcast.organization_id,
                details={"broadcast_id": broadcast.id, "audience": segments(broadcast), "size": size,
                         "event_id": broadcast.event_id, "scheduled": from_status == "scheduled"})
    if size == 0:
        await _claim(session, broadcast, "sending", "done")
    return size


async def schedule(session: AsyncSession, broadcast: Broadcast, at: datetime, *, actor: str,
                   actor_contact_id: int | None) -> bool:
    """Keep a draft for sending at `at` (naive UTC); audited with the audience size as of now."""
    if not await _claim(session, broadcast, "draft", "scheduled", scheduled_at=at):
        return False
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="broadcast.schedule",
                organization_id=broadcast.organization_id,
                details={"broadcast_id": broadcast.id, "audience": segments(broadcast), "at": at.isoformat(),
                         "size_now": await audience_size(session, broadcast)})
    return True


async def cancel(session: AsyncSession, broadcast: Broadcast, *, actor: str, actor_contact_id: int | None) -> bool:
    """Cancel a draft or a scheduled broadcast that has not started; False if it already went out."""
    previous = broadcast.status
    if previous not in ("draft", "scheduled") or not await _claim(session, broadcast, previous, "cancelled"):
        return False
    if previous == "scheduled":
        await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="broadcast.cancel",
                    organization_id=broadcast.organization_id, details={"broadcast_id": broadcast.id})
    return True


async def stop(session: AsyncSession, broadcast: Broadcast, *, actor: str, actor_contact_id: int | None) -> int | None:
    """Stop a broadcast midway: its pending deliveries become `cancelled`; None if it was not sending."""
    if not await _claim(session, broadcast, "sending", "stopped"):
        return None
    result = await session.execute(
        update(Delivery).where(Delivery.broadcast_id == broadcast.id, Delivery.state == "pending")
        .values(state="cancelled", last_error="stopped by the organizer").execution_options(synchronize_session=False)
    )
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="broadcast.stop",
                organization_id=broadcast.organization_id,
                details={"broadcast_id": broadcast.id, "cancelled": result.rowcount or 0})
    return result.rowcount or 0


@dataclass(slots=True)
class Progress:
    """Delivery counts of one broadcast."""

    total: int = 0
    sent: int = 0
    failed: int = 0
    # In flight when a sender stopped: maybe delivered, never sent again (not counted as failed).
    unknown: int = 0
    unreachable: int = 0
    needs_template: int = 0
    cancelled: int = 0
    waiting: int = 0

    @property
    def finished(self) -> bool:
        """Nothing is left to send."""
        return self.waiting == 0


async def progress(session: AsyncSession, broadcast_id: int) -> Progress:
    """Count the broadcast's deliveries by state (an indexed query on broadcast_id)."""
    rows = (await session.execute(
        select(Delivery.state, func.count()).where(Delivery.broadcast_id == broadcast_id).group_by(Delivery.state)
    )).all()
    counts = Progress()
    for state, number in rows:
        counts.total += number
        if state == "sent":
            counts.sent += number
        elif state == "failed":
            counts.failed += number
        elif state == "unknown":
            counts.unknown += number
        elif state == "blocked":
            counts.unreachable += number
        elif state == "needs_template":
            counts.needs_template += number
        elif state == "cancelled":
            counts.cancelled += number
        else:  # pending, sending
            counts.waiting += number
    return counts


async def finish_if_done(session: AsyncSession, broadcast: Broadcast, counts: Progress) -> bool:
    """Mark a sending broadcast `done` once nothing is waiting; True only for the call that did it."""
    if broadcast.status != "sending" or not counts.finished:
        return False
    return await _claim(session, broadcast, "sending", "done")


async def release_due(session: AsyncSession) -> int:
    """Start every scheduled broadcast whose time has come; returns how many were started."""
    due = (
        await session.scalars(
            select(Broadcast)
            .where(Broadcast.status == "scheduled", Broadcast.scheduled_at <= utcnow())
            .order_by(Broadcast.scheduled_at, Broadcast.id)
            .with_for_update(skip_locked=True)
        )
    ).all()
    started = 0
    for broadcast in due:
        size = await start_sending(session, broadcast, actor="system", actor_contact_id=broadcast.created_by,
                                   from_status="scheduled")
        started += size is not None
    return started


async def finish_quiet(session: AsyncSession) -> int:
    """Mark `done` the sending broadcasts with nothing left to send (when no progress hook saw the end)."""
    sending = (await session.scalars(select(Broadcast).where(Broadcast.status == "sending"))).all()
    finished = 0
    for broadcast in sending:
        finished += await finish_if_done(session, broadcast, await progress(session, broadcast.id))
    return finished


async def recent(session: AsyncSession, organization_ids: list[int], limit: int = 6) -> list[Broadcast]:
    """The latest broadcasts of these organisations (drafts included), newest first."""
    if not organization_ids:
        return []
    return list((await session.scalars(
        select(Broadcast).where(Broadcast.organization_id.in_(organization_ids))
        .order_by(Broadcast.created_at.desc(), Broadcast.id.desc()).limit(limit)
    )).all())
