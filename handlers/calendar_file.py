"""A calendar file (.ics, Asia/Baghdad) for a registered event."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar
from icalendar import Event as IcsEvent

from handlers.context import Ctx
from handlers.types import Document
from messages.formatting import BAGHDAD
from storage.models import Event, Registration


def event_calendar(ctx: Ctx, event: Event, registration: Registration) -> Document:
    """Build the .ics document for one registration (times in Baghdad, with the ticket code)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Musharaka//musharaka//AR")
    calendar.add("version", "2.0")
    item = IcsEvent()
    start = event.starts_at.replace(tzinfo=UTC).astimezone(BAGHDAD)
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
