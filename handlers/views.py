"""How events and registrations are shown: Iraqi dates, plurals, short labels."""

from __future__ import annotations

import re
from datetime import datetime

from handlers.context import Ctx
from messages import catalog
from messages.formatting import DEFAULT_LOCALE, format_date, format_time
from messages.normalize import normalize_arabic, strip_definite_article
from messages.textsplit import shorten_label
from storage.models import Event, Registration
from storage.services.events import EventCounts

# Longest option label we issue; adapters shorten further for their own limits.
LABEL_LIMIT = 60


def when(ctx: Ctx, moment: datetime) -> str:
    """A UTC time as 'Saturday 7 December 2024, 10:00 in the morning' in Baghdad time, in the
    person's language (Iraqi month names and Arabic-Indic digits in Arabic)."""
    clock, period = format_time(moment, ctx.locale)
    return ctx.t("datetime", date=format_date(moment, ctx.locale), time=clock, period=ctx.t(f"period-{period}"))


def short_date(moment: datetime, locale: str = DEFAULT_LOCALE) -> str:
    """The date alone, for list lines; pass ctx.locale for the person's language."""
    return format_date(moment, locale)


def event_label(ctx: Ctx, event: Event) -> str:
    """An option label for an event: its title, shortened at a word boundary."""
    return shorten_label(event.title, LABEL_LIMIT)


def titled(ctx: Ctx, event: Event) -> str:
    """The title an event is named by in lists, confirmations and reminders: marked «(sample)» for a sample."""
    return ctx.t("sample-title", title=event.title) if event.is_sample else event.title


def short_title(ctx: Ctx, event: Event, limit: int = LABEL_LIMIT) -> str:
    """The title for a button next to others like it: without a leading «<kind>:», shortened at a word boundary.

    "Panel discussion: why take part?" becomes "why take part?": several seminars side by side would otherwise
    share their first twenty characters, and WhatsApp cuts a button there.
    """
    head, colon, rest = event.title.partition(":")
    kind_names = {normalize_arabic(ctx.t(f"kind-{event.kind}")), normalize_arabic(catalog.text(f"kind-{event.kind}"))}
    title = rest.strip() if colon and rest.strip() and normalize_arabic(head) in kind_names else event.title
    return shorten_label(title, limit)


def _words(text: str) -> list[str]:
    """The comparison words of a text (normalised, without the definite article)."""
    return [strip_definite_article(word) for word in re.findall(r"\w+", normalize_arabic(text))]


def place(ctx: Ctx, event: Event) -> str:
    """Where an event is held: its venue, followed by its governorate unless the venue already names it."""
    governorate = ctx.t(f"gov-{event.governorate}")
    venue, name = _words(event.venue), _words(governorate)
    # "Basra — small hall" in Basra: the governorate once, not "… — Basra" again after it.
    if name and any(venue[i:i + len(name)] == name for i in range(len(venue) - len(name) + 1)):
        return event.venue
    return ctx.t("event-place", venue=event.venue, governorate=governorate)


def seats_line(ctx: Ctx, event: Event, counts: EventCounts) -> str:
    """'3 seats left' in the right plural form, or unlimited / full with the waiting list size, or closed."""
    if event.registration_open is False:  # None: an unsaved preview, open by default
        # Closed is what matters to a reader: «full» would suggest the waiting list is still open.
        return ctx.t("seats-closed")
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
        venue=place(ctx, event),
        seats=seats_line(ctx, event, counts),
        description=event.description or "",
    )
    if event.map_url:
        text += "\n" + ctx.t("event-map", url=event.map_url)
    if event.is_sample:
        text += "\n\n" + ctx.t("sample-marker")
    return text


def my_status_line(ctx: Ctx, registration: Registration | None, position: int | None) -> str | None:
    """The person's own standing under an event's details: registered with their ticket, or waiting (no ticket)."""
    if registration is None:
        return None
    if registration.status == "waitlisted":
        return ctx.t("event-you-wait", position=position or 0)
    if registration.checked_in_at is not None:
        return ctx.t("event-you-attended")
    return ctx.t("event-you-registered", ticket=registration.ticket_code)


def registration_status(ctx: Ctx, registration: Registration, position: int | None) -> str:
    """'confirmed' / 'on the waiting list (number 3)' / 'cancelled'."""
    if registration.status == "waitlisted":
        return ctx.t("status-waitlisted", position=position or 0)
    if registration.checked_in_at is not None:
        return ctx.t("status-attended")
    return ctx.t(f"status-{registration.status}")
