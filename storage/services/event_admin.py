"""Organizers' event services: create, edit, publish, open/close registration, cancel, list, count.

Plain functions over the caller's session (the bot conversation and the shell import use the
same ones), each writing an audit entry. The rules for a valid event live here once, as
`EventInputError` codes; the bot turns a code into Arabic from the catalog, the shell into English.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.clock import utcnow
from storage.models import Event, Organization, Registration
from storage.services.audit import audit
from storage.services.event_changes import cancel_event, move_event
from storage.services.events import EventCounts, event_counts
from storage.services.outbox import enqueue
from storage.services.registration import (
    ACTIVE,
    CONFIRMED,
    WAITLISTED,
    confirmed_count,
    lock_event,
    promote_waitlist,
)
from storage.vocab import EVENT_KINDS, GOVERNORATES

TITLE_MIN, TITLE_MAX = 3, 200
VENUE_MIN, VENUE_MAX = 2, 300
# Keeps the whole citizens' event card inside one Telegram message (4,096 characters).
DESCRIPTION_MAX = 2500
MAP_URL_MAX = 500
CAPACITY_MAX = 100_000
DURATION_MIN, DURATION_MAX = 15, 7 * 24 * 60
# A start more than two years ahead is almost always a typo in the year (2062 for 2026).
MAX_AHEAD = timedelta(days=730)
STATUSES = ("draft", "published")
# Fields an organizer may change after creation, and those registrants are told about
# (the start time has its own notice through move_event).
EDITABLE = ("title", "kind", "governorate", "venue", "map_url", "starts_at", "duration_minutes", "capacity",
            "reminder_hours", "checkin_opens_minutes_before", "description")
NOTIFY_FIELDS = ("venue", "governorate")
# Reminders: at most this many, each from 1 hour to 30 days before the start (as `events import`).
REMINDER_HOURS_MAX = 30 * 24
REMINDER_COUNT_MAX = 6
# The check-in door opens this many minutes before the start: from at the start to a day before.
CHECKIN_OPENS_MAX = 24 * 60
# The outbox kind of "something about your event changed" (rendered by handlers.staff_events).
EVENT_CHANGED = "event-changed"


class EventInputError(ValueError):
    """A value an event cannot take; `code` names the rule, `args` fill the message."""

    def __init__(self, code: str, **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.args_ = args


@dataclass(slots=True)
class NewEvent:
    """Everything needed to create an event (times are naive UTC, like the database)."""

    organization_id: int
    title: str
    kind: str
    governorate: str
    venue: str
    starts_at: datetime
    duration_minutes: int = 120
    capacity: int | None = None
    description: str = ""
    map_url: str | None = None
    status: str = "published"
    registration_open: bool = True
    organizer_name: str | None = None


# --- the rules ------------------------------------------------------------------------------------


def check_title(text: str) -> str:
    """The title as stored (trimmed), or EventInputError("title-length")."""
    title = " ".join(text.split())
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise EventInputError("title-length", min=TITLE_MIN, max=TITLE_MAX, length=len(title))
    return title


def check_venue(text: str) -> str:
    """The venue as stored (trimmed), or EventInputError("venue-length")."""
    venue = " ".join(text.split())
    if not VENUE_MIN <= len(venue) <= VENUE_MAX:
        raise EventInputError("venue-length", min=VENUE_MIN, max=VENUE_MAX, length=len(venue))
    return venue


def check_description(text: str) -> str:
    """The description kept as typed (line breaks matter), minus surrounding blanks."""
    description = text.strip()
    if not description:
        raise EventInputError("description-empty")
    if len(description) > DESCRIPTION_MAX:
        raise EventInputError("description-length", max=DESCRIPTION_MAX, length=len(description))
    return description


def check_map_url(text: str) -> str:
    """A web link (http/https, no spaces) to a map, or EventInputError("map-url")."""
    url = text.strip()
    if not url.lower().startswith(("https://", "http://")) or any(c.isspace() for c in url) \
            or len(url) > MAP_URL_MAX or len(url) < 12:
        raise EventInputError("map-url", max=MAP_URL_MAX)
    return url


def check_starts(starts_at: datetime, now: datetime | None = None) -> datetime:
    """A start time (naive UTC) in the future and not absurdly far ahead."""
    now = now or utcnow()
    if starts_at <= now:
        raise EventInputError("starts-past")
    if starts_at - now > MAX_AHEAD:
        raise EventInputError("starts-too-far", days=MAX_AHEAD.days)
    return starts_at


def check_duration(minutes: int) -> int:
    """Minutes between a quarter of an hour and a week."""
    if not DURATION_MIN <= minutes <= DURATION_MAX:
        raise EventInputError("duration-range", min=DURATION_MIN, max=DURATION_MAX)
    return minutes


def check_capacity(capacity: int | None) -> int | None:
    """A number of seats from 1 to CAPACITY_MAX, or None for unlimited."""
    if capacity is not None and not 1 <= capacity <= CAPACITY_MAX:
        raise EventInputError("capacity-range", max=CAPACITY_MAX)
    return capacity


def check_kind(kind: str) -> str:
    """One of the known event kinds (storage.vocab.EVENT_KINDS)."""
    if kind not in EVENT_KINDS:
        raise EventInputError("kind-unknown", value=str(kind))
    return kind


def check_governorate(governorate: str) -> str:
    """One of the governorate codes (storage.vocab.GOVERNORATES)."""
    if governorate not in GOVERNORATES:
        raise EventInputError("governorate-unknown", value=str(governorate))
    return governorate


def check_optional_map_url(url: str | None) -> str | None:
    """A map link, or None for 'no map'."""
    return None if url is None or not str(url).strip() else check_map_url(str(url))


def check_reminder_hours(hours: list[int]) -> list[int]:
    """Up to REMINDER_COUNT_MAX whole hours from 1 to REMINDER_HOURS_MAX, latest first; [] for none."""
    if len(hours) > REMINDER_COUNT_MAX or any(not isinstance(h, int) or not 1 <= h <= REMINDER_HOURS_MAX
                                              for h in hours):
        raise EventInputError("reminders-invalid", max=REMINDER_HOURS_MAX, count=REMINDER_COUNT_MAX)
    return sorted(set(hours), reverse=True)


def check_checkin_opens(minutes: int) -> int:
    """Minutes before the start the check-in door opens: 0 (at the start) to CHECKIN_OPENS_MAX."""
    if not isinstance(minutes, int) or not 0 <= minutes <= CHECKIN_OPENS_MAX:
        raise EventInputError("checkin-range", max=CHECKIN_OPENS_MAX // 60)
    return minutes


def problems(new: NewEvent, now: datetime | None = None) -> list[EventInputError]:
    """Every rule a new event breaks (empty when it can be created)."""
    found: list[EventInputError] = []
    if new.kind not in EVENT_KINDS:
        found.append(EventInputError("kind-unknown", value=new.kind))
    if new.governorate not in GOVERNORATES:
        found.append(EventInputError("governorate-unknown", value=new.governorate))
    if new.status not in STATUSES:
        found.append(EventInputError("status-unknown", value=new.status))
    checks = [
        (check_title, new.title), (check_venue, new.venue), (check_description, new.description),
        (check_duration, new.duration_minutes), (check_capacity, new.capacity),
        (lambda s: check_starts(s, now), new.starts_at),
    ]
    if new.map_url:
        checks.append((check_map_url, new.map_url))
    for check, value in checks:
        try:
            check(value)  # type: ignore[operator]
        except EventInputError as error:
            found.append(error)
    return found


# --- changes --------------------------------------------------------------------------------------


@dataclass(slots=True)
class EditOutcome:
    """What an edit did besides changing the field: notices queued and people promoted."""

    notified: int = 0
    promoted: int = 0
    changed: bool = True
    details: dict[str, Any] = field(default_factory=dict)


async def create_event(session: AsyncSession, new: NewEvent, *, actor: str, actor_contact_id: int | None = None,
                       audit_it: bool = True) -> Event:
    """Create an event for an organisation (published or draft); raises the first rule it breaks."""
    found = problems(new)
    if found:
        raise found[0]
    organization = await session.get(Organization, new.organization_id)
    if organization is None:
        raise EventInputError("organization-unknown", value=str(new.organization_id))
    event = Event(
        organization_id=organization.id, organizer_name=(new.organizer_name or organization.name).strip()[:300],
        title=check_title(new.title), kind=new.kind, governorate=new.governorate, venue=check_venue(new.venue),
        map_url=new.map_url or None, description=check_description(new.description), starts_at=new.starts_at,
        duration_minutes=new.duration_minutes, capacity=new.capacity, status=new.status,
        registration_open=new.registration_open, is_sample=False, reminder_hours=[24, 1],
    )
    session.add(event)
    await session.flush()
    if audit_it:
        await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="event.create",
                    organization_id=organization.id,
                    details={"event_id": event.id, "title": event.title, "status": event.status})
    return event


def _shown(value: object) -> object:
    # Audit entries keep what changed without copying whole descriptions into the log.
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    return value


async def update_event(session: AsyncSession, event: Event, name: str, value: Any, *, actor: str,
                       actor_contact_id: int | None = None) -> EditOutcome:
    """Change one field after checking it; registrants hear about a new time, venue or governorate.

    A new start time goes through move_event (notices and reminders follow); more seats
    promote people from the waiting list; fewer seats than people already confirmed is refused.
    """
    if name not in EDITABLE:
        raise EventInputError("field-unknown", value=name)
    if name == "capacity":
        # The same row lock registration takes: no seat can be taken between the count and the change.
        await lock_event(session, event.id)
    if event.status == "cancelled":
        raise EventInputError("event-cancelled")
    old = getattr(event, name)
    checked = {
        "title": check_title, "venue": check_venue, "description": check_description,
        "starts_at": check_starts, "capacity": check_capacity, "kind": check_kind,
        "governorate": check_governorate, "map_url": check_optional_map_url, "duration_minutes": check_duration,
        "reminder_hours": check_reminder_hours, "checkin_opens_minutes_before": check_checkin_opens,
    }[name](value)
    if checked == old:
        return EditOutcome(changed=False)
    outcome = EditOutcome()
    if name == "capacity" and checked is not None:
        confirmed = await confirmed_count(session, event.id)
        if checked < confirmed:
            raise EventInputError("capacity-below-confirmed", confirmed=confirmed)
    if name == "starts_at":
        outcome.notified = await move_event(session, event, checked)
    elif name == "reminder_hours":
        event.reminder_hours = checked
        # A new reminder whose moment has already passed is not sent late, all at once
        # (the stage names of scheduler.jobs.stage_key: "<hours>@<start>").
        now = utcnow()
        passed = {f"{h}@{event.starts_at.isoformat()}" for h in checked if event.starts_at - timedelta(hours=h) < now}
        event.reminder_stages_done = sorted(set(event.reminder_stages_done or []) | passed)
    else:
        setattr(event, name, checked)
    event.updated_at = utcnow()
    await session.flush()
    if name == "capacity":
        outcome.promoted = len(await promote_waitlist(session, event))
    if name in NOTIFY_FIELDS and event.status == "published":
        outcome.notified = await _tell_registrants(session, event, name, old)
    outcome.details = {"event_id": event.id, "field": name, "old": _shown(old), "new": _shown(checked),
                       "notified": outcome.notified, "promoted": outcome.promoted}
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="event.edit",
                organization_id=event.organization_id, details=outcome.details)
    return outcome


async def _tell_registrants(session: AsyncSession, event: Event, name: str, old: Any) -> int:
    contacts = list(await session.scalars(
        select(Registration.contact_id).where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
    ))
    # Each change is its own notice: a random tag keeps two venue changes from sharing an outbox key.
    tag = secrets.token_hex(4)
    for contact_id in contacts:
        await enqueue(session, purpose=f"{EVENT_CHANGED}:{event.id}:{name}:{tag}", kind=EVENT_CHANGED,
                      contact_id=contact_id, payload={"event_id": event.id, "field": name, "old": str(old)})
    return len(contacts)


async def publish_event(session: AsyncSession, event: Event, *, actor: str,
                        actor_contact_id: int | None = None) -> bool:
    """Make a draft visible to citizens; False if it already was. A draft in the past cannot be."""
    if event.status == "published":
        return False
    if event.status != "draft":
        raise EventInputError("event-cancelled")
    if event.starts_at <= utcnow():
        raise EventInputError("publish-past")
    event.status = "published"
    event.updated_at = utcnow()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="event.publish",
                organization_id=event.organization_id, details={"event_id": event.id})
    return True


async def set_registration_open(session: AsyncSession, event: Event, is_open: bool, *, actor: str,
                                actor_contact_id: int | None = None) -> bool:
    """Open or close registration; False when it already was so (nothing audited)."""
    if event.status == "cancelled":
        raise EventInputError("event-cancelled")
    if event.registration_open == is_open:
        return False
    event.registration_open = is_open
    event.updated_at = utcnow()
    await audit(session, actor=actor, actor_contact_id=actor_contact_id,
                action="event.registration-open" if is_open else "event.registration-close",
                organization_id=event.organization_id, details={"event_id": event.id})
    return True


async def cancel(session: AsyncSession, event: Event, *, actor: str, actor_contact_id: int | None = None) -> int:
    """Cancel an event and tell its registrants (through event_changes.cancel_event); returns how many."""
    if event.status == "cancelled":
        return 0
    told = await cancel_event(session, event)
    await audit(session, actor=actor, actor_contact_id=actor_contact_id, action="event.cancel",
                organization_id=event.organization_id, details={"event_id": event.id, "notified": told})
    return told


# --- reading --------------------------------------------------------------------------------------


@dataclass(slots=True)
class OrganizationEvents:
    """One page of an organisation's events."""

    events: list[Event]
    page: int
    pages: int
    total: int


async def organization_events(session: AsyncSession, organization_id: int, *, page: int,
                              page_size: int) -> OrganizationEvents:
    """An organisation's upcoming events and all its drafts (a past draft can still be moved), soonest first."""
    query = select(Event).where(
        Event.organization_id == organization_id,
        or_(Event.status == "draft", (Event.status == "published") & (Event.starts_at > utcnow())),
    )
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(query.order_by(Event.starts_at, Event.id).offset(page * page_size).limit(page_size))
    return OrganizationEvents(list(rows), page, pages, total)


async def live_counts(session: AsyncSession, event: Event) -> EventCounts:
    """Confirmed, waiting, checked in and seats left, read now (never cached)."""
    return await event_counts(session, event)


async def counts_for(session: AsyncSession, events: list[Event]) -> dict[int, EventCounts]:
    """Live counts of many events in one query (for listings)."""
    ids = [e.id for e in events]
    by_event: dict[int, dict[str, tuple[int, int]]] = {}
    if ids:
        rows = await session.execute(
            select(Registration.event_id, Registration.status, func.count(), func.count(Registration.checked_in_at))
            .where(Registration.event_id.in_(ids))
            .group_by(Registration.event_id, Registration.status)
        )
        for event_id, status, count, checked in rows:
            by_event.setdefault(event_id, {})[status] = (count, checked)
    result = {}
    for event in events:
        statuses = by_event.get(event.id, {})
        confirmed, checked_in = statuses.get(CONFIRMED, (0, 0))
        waiting = statuses.get(WAITLISTED, (0, 0))[0]
        seats = None if event.capacity is None else max(0, event.capacity - confirmed)
        result[event.id] = EventCounts(confirmed, waiting, checked_in, seats)
    return result
