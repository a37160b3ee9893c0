"""A calendar file (.ics, Asia/Baghdad) for a registered event."""

from __future__ import annotations

from datetime import UTC, date, timedelta
from functools import lru_cache

from icalendar import Calendar, Timezone
from icalendar import Event as IcsEvent

from handlers.context import Ctx
from handlers.types import Document
from messages.formatting import BAGHDAD
from storage.models import Event, Registration


@lru_cache(maxsize=4)
def _baghdad_timezone(year: int) -> Timezone:
    """Asia/Baghdad as a VTIMEZONE valid from 1 January of `year` for two years (slow to build, so kept)."""
    return Timezone.from_tzinfo(BAGHDAD, first_date=date(year, 1, 1), last_date=date(year + 2, 1, 1))


def event_calendar(ctx: Ctx, event: Event, registration: Registration) -> Document:
    """Build the .ics document for one registration (times in Baghdad, with the ticket code)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Musharaka//musharaka//AR")
    calendar.add("version", "2.0")
    start = event.starts_at.replace(tzinfo=UTC).astimezone(BAGHDAD)
    # RFC 5545: every TZID used needs its VTIMEZONE, placed before the events that use it (an event
    # lasts at most a week, so it ends within the two years the component covers).
    calendar.add_component(_baghdad_timezone(start.year))
    item = IcsEvent()
    item.add("uid", f"musharaka-event-{event.id}-reg-{registration.id}")
    item.add("summary", event.title)
    item.add("dtstart", start)
    item.add("dtend", start + timedelta(minutes=event.duration_minutes))
    item.add("dtstamp", registration.created_at.replace(tzinfo=UTC))
    item.add("location", event.venue)
    item.add("description", ctx.t("calendar-description", ticket=registration.ticket_code,
                                  organizer=event.organizer_name))
    calendar.add_component(item)
    return Document(f"event-{event.id}.ics", calendar.to_ical(), "text/calendar")
