"""How events and registrations are shown: Iraqi dates, plurals, short labels."""

from __future__ import annotations

from datetime import datetime

from handlers.context import Ctx
from messages.formatting import format_date, format_time
from messages.textsplit import shorten_label
from storage.models import Event, Registration
from storage.services.events import EventCounts

# Longest option label we issue; adapters shorten further for their own limits.
LABEL_LIMIT = 60


def when(ctx: Ctx, moment: datetime) -> str:
    """A UTC time as 'Saturday 7 December 2024, 10:00 in the morning' in Baghdad time, with
    Iraqi month names and Arabic-Indic digits."""
    clock, period = format_time(moment)
    return ctx.t("datetime", date=format_date(moment), time=clock, period=ctx.t(f"period-{period}"))


def short_date(moment: datetime) -> str:
    """The date alone, for list lines."""
    return format_date(moment)


def event_label(ctx: Ctx, event: Event) -> str:
    """An option label for an event: its title, shortened at a word boundary."""
    return shorten_label(event.title, LABEL_LIMIT)


def seats_line(ctx: Ctx, event: Event, counts: EventCounts) -> str:
    """'3 seats left' in the right plural form, or unlimited / full with the waiting list size."""
    if counts.seats_left is None:
        return ctx.t("seats-unlimited")
    if counts.seats_left == 0:
        return ctx.t("seats-full", waiting=counts.waitlisted)
    return ctx.t("seats-left", count=counts.seats_left)


def event_details(ctx: Ctx, event: Event, counts: EventCounts) -> str:
    """The full event card: title, kind, organiser, when, where, description, seats."""
    text = ctx.t(
        "event-details",
        title=event.title,
        kind=ctx.t(f"kind-{event.kind}"),
        organizer=event.organizer_name,
        when=when(ctx, event.starts_at),
        governorate=ctx.t(f"gov-{event.governorate}"),
        venue=event.venue,
        seats=seats_line(ctx, event, counts),
        description=event.description or "",
    )
    if event.map_url:
        text += "\n" + ctx.t("event-map", url=event.map_url)
    if event.is_sample:
        text += "\n\n" + ctx.t("sample-marker")
    return text


def registration_status(ctx: Ctx, registration: Registration, position: int | None) -> str:
    """'confirmed' / 'on the waiting list (number 3)' / 'cancelled'."""
    if registration.status == "waitlisted":
        return ctx.t("status-waitlisted", position=position or 0)
    if registration.checked_in_at is not None:
        return ctx.t("status-attended")
    return ctx.t(f"status-{registration.status}")
